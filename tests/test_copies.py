"""Near-duplicate copies: syndicated wire stories link to one story and its agency."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge.copies import CopyFinder, find_copies
from newsblotter.records import Article

WIRE = (
    "Gunmen stormed a river ferry terminal in the northern town of Kalvero early on Tuesday, "
    "killing nine passengers and wounding at least twenty others before fleeing into the "
    "marshes, the regional governor said. Witnesses described three attackers in military "
    "fatigues who opened fire on a queue of travellers waiting for the morning crossing. "
    "Security forces sealed the roads around the terminal and a curfew was declared for the "
    "night. No group has said it carried out the attack, which came a week after a bombing at "
    "a market in the same province."
)
OTHER = (
    "Flood waters receded from the lowland villages on Wednesday after three days of heavy "
    "rain, leaving roads cut and fields under mud, while engineers inspected two damaged "
    "bridges and the electricity company said power would return to most homes by Friday. "
    "Schools will stay closed until the end of the week, the education office said."
)


def art(doc: str, text: str, day: int, outlet: str, agency: str | None = None) -> Article:
    return Article(
        document=doc,
        text=text,
        published=dt.date(2025, 5, day),
        outlet=outlet,
        wire_agency=agency,
    )


def test_wire_copies_share_the_story_of_the_earliest_copy() -> None:
    trimmed = WIRE.rsplit(" No group", 1)[0]  # one outlet cut the last sentences
    edited = "Updated. " + WIRE.replace("early on Tuesday", "on Tuesday morning")
    copies = find_copies(
        [
            art("late", edited, 8, "Harbor Courier"),
            art("first", WIRE, 6, "Daily Compass", "AFP"),
            art("cut", trimmed, 7, "Gulf Ledger"),
            art("flood", OTHER, 6, "Daily Compass"),
        ]
    )
    assert copies["first"].story == "first" and copies["first"].copy_of is None
    for doc in ("late", "cut"):
        assert copies[doc].story == "first", doc
        assert copies[doc].wire_agency == "AFP"  # the origin credits the agency
        assert 0.6 <= copies[doc].similarity < 1.0
    assert copies["flood"].story == "flood"


def test_the_same_page_text_weeks_apart_is_not_a_copy() -> None:
    finder = CopyFinder()
    finder.add(art("a", WIRE, 1, "Daily Compass"))
    later = finder.add(art("b", WIRE, 28, "Daily Compass"))
    assert later.story == "b" and later.copy_of is None


def test_short_texts_are_never_called_copies() -> None:
    copies = find_copies([art("a", "Shots fired.", 1, "X"), art("b", "Shots fired.", 1, "Y")])
    assert copies["b"].story == "b"
