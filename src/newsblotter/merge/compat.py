"""Can two reports be one incident? Type, date, place and casualty compatibility.

Each check is a pure function of the facts as reported, so the merger, the bench and the
tests ask the same questions. Dates are ranges widened by their precision ("in March" is
the whole month); places are compared along the hierarchy (a city is inside its admin1 and
country; two cities are one place when they are the same gazetteer entry or a few
kilometres apart, as a city and its neighbourhood or suburb are).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math

from newsblotter.records import Count, DatePrecision, Place

UNDATED_DAYS = 7  # an undated report is about the week before its publication
NEAR_KM = 25.0  # two named places this close are one scene (a city and its suburb)
COMPATIBLE_TYPES = frozenset(
    {
        frozenset({"bombing", "facility_attack"}),
        frozenset({"armed_assault", "hostage_taking"}),
        frozenset({"armed_assault", "assassination"}),
        frozenset({"bombing", "assassination"}),
        frozenset({"armed_assault", "bombing"}),
        frozenset({"armed_assault", "unarmed_assault"}),
        frozenset({"air_strike", "shelling"}),
        frozenset({"air_strike", "bombing"}),
    }
)

DateRange = tuple[dt.date, dt.date]


def types_ok(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or frozenset({a, b}) in COMPATIBLE_TYPES


def date_range(
    date: dt.date | None, precision: DatePrecision | None, published: dt.date | None
) -> DateRange | None:
    """The days a report's date can mean; None when neither it nor its article is dated."""
    if date is None:
        if published is None:
            return None
        return published - dt.timedelta(days=UNDATED_DAYS), published
    if precision == "year":
        return dt.date(date.year, 1, 1), dt.date(date.year, 12, 31)
    if precision == "month":
        last = calendar.monthrange(date.year, date.month)[1]
        return date.replace(day=1), date.replace(day=last)
    return date, date


def date_gap(a: DateRange | None, b: DateRange | None) -> int:
    """Days between two ranges (0 when they overlap or one is unknown)."""
    if a is None or b is None:
        return 0
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def narrower(a: DateRange | None, b: DateRange | None) -> bool:
    """Whether ``a`` pins the date down more than ``b``."""
    if a is None:
        return False
    return b is None or (a[1] - a[0]) < (b[1] - b[0])


def distance_km(a: Place, b: Place) -> float | None:
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def same_city(a: Place, b: Place) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if a.name.casefold() == b.name.casefold() and a.country == b.country:
        return True
    km = distance_km(a, b)
    return km is not None and km <= NEAR_KM


def places_ok(a: Place | None, b: Place | None) -> bool:
    """Compatible along the hierarchy: region > country > admin1 > city."""
    if a is None or b is None:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.precision == "city" and b.precision == "city":
        return same_city(a, b)
    if "admin1" in (a.precision, b.precision) and a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return True


def place_weight(p: Place | None) -> int:
    """How precisely a place pins the scene down (higher is more precise)."""
    if p is None:
        return 0
    return {"city": 4, "admin1": 3, "country": 2, "region": 1}.get(p.precision, 0)


def counts_agree(a: Count | None, b: Count | None) -> str | None:
    """ "same", "compatible" or "clash" for two figures; None when either is unknown.

    A rising toll is not a clash (a later, higher figure is an update), so only figures far
    apart count against a merge: 2 and 40 cannot be the same shooting, 60 and 95 can be
    the same bombing a day apart. Small tolls change as victims die, so 1 and 3 are
    compatible too.
    """
    if a is None or b is None:
        return None
    if a.value == b.value:
        return "same"
    lo, hi = sorted((a.value, b.value))
    if hi <= 3 or (hi <= 3 * lo + 5 and lo > 0):
        return "compatible"
    return "clash"
