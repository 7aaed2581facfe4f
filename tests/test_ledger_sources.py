"""The ledger across sources: independent sources, contested entries and first appearances."""

from __future__ import annotations

import datetime as dt

from newsblotter.actors import Gazetteer
from newsblotter.ledger import Context, build_ledger
from newsblotter.records import ActorRef, Provenance, Speaker, Statement

ACTORS = Gazetteer.default()
DAY = dt.date(2024, 3, 23)


def stmt(
    doc: str,
    kind: str,
    responsible: str,
    speaker: Speaker,
    said_on: dt.date | None = None,
    text: str = "...",
) -> Statement:
    actor = ACTORS.get(responsible)
    ref = ActorRef(actor.name if actor else responsible, responsible if actor else None)
    return Statement(
        id=f"{doc}:{kind}:{speaker.name}",
        kind=kind,
        provenance=Provenance(doc, 0, 10, "test"),
        text=text,
        speaker=speaker,
        responsible=ref,
        said_on=said_on,
    )


GROUP = Speaker("Islamic State", "group", "islamic-state")
OFFICIALS = Speaker("two U.S. officials", "unnamed_official", anonymous=True, count=2)
OFFICIALS_AGAIN = Speaker("Two US officials", "unnamed_official", anonymous=True, count=2)
PAPER = Speaker("The Morning Ledger", "media")


def entry(ledger: list, actor: str):  # type: ignore[no-untyped-def,type-arg]
    return next(e for e in ledger if (e.actor.id or e.actor.name) == actor)


def test_wire_copies_and_relayed_anonymous_sources_count_once() -> None:
    context = Context(
        stories={"afp1": "afp1", "afp2": "afp1", "own": "own"},
        outlets={"afp1": "Harbor Courier", "afp2": "Gulf Ledger", "own": "Daily Compass"},
        published={"afp1": DAY, "afp2": DAY + dt.timedelta(days=1), "own": DAY},
    )
    ledger = build_ledger(
        [
            stmt("afp1", "claim", "islamic-state", GROUP),
            stmt("afp2", "claim", "islamic-state", GROUP),
            stmt("afp1", "attribution", "islamic-state", OFFICIALS),
            stmt("own", "attribution", "islamic-state", OFFICIALS_AGAIN),
        ],
        ACTORS,
        context=context,
    )
    e = entry(ledger, "islamic-state")
    assert e.assessment == "claimed_corroborated"
    keys = [s.key for s in e.sources]
    assert len(keys) == 2, keys  # the group, and the two officials however relayed
    officials = next(s for s in e.sources if s.kind == "unnamed_official")
    assert len(officials.statements) == 2
    assert sorted(officials.outlets) == ["Daily Compass", "Harbor Courier"]
    assert e.first_seen == DAY


def test_an_outlet_quoting_another_outlet_is_not_corroboration() -> None:
    ledger = build_ledger(
        [
            stmt("a", "claim", "islamic-state", GROUP, DAY),
            stmt("b", "attribution", "islamic-state", PAPER, DAY),
        ],
        ACTORS,
    )
    assert entry(ledger, "islamic-state").assessment == "claimed"


def test_a_claim_then_a_denial_is_contested_with_dates() -> None:
    ledger = build_ledger(
        [
            stmt("a", "claim", "islamic-state", GROUP, DAY),
            stmt("b", "denial", "islamic-state", GROUP, DAY + dt.timedelta(days=2)),
        ],
        ACTORS,
    )
    e = entry(ledger, "islamic-state")
    assert e.assessment == "contested"
    assert e.contested == "Islamic State claimed it on 2024-03-23 then denied it on 2024-03-25"


def test_competing_claims_and_rival_attributions_are_contested() -> None:
    other = Speaker("al-Shabaab", "group", "al-shabaab")
    ledger = build_ledger(
        [
            stmt("a", "claim", "islamic-state", GROUP, DAY),
            stmt("b", "claim", "al-shabaab", other, DAY),
            stmt("c", "attribution", "hamas", OFFICIALS, DAY),
        ],
        ACTORS,
    )
    claimed = entry(ledger, "islamic-state")
    assert claimed.assessment == "contested"
    assert claimed.contested is not None
    assert "competing claims" in claimed.contested and "al-Shabaab" in claimed.contested
    assert "Hamas" in claimed.contested
    blamed = entry(ledger, "hamas")
    assert blamed.assessment == "contested" and "also blamed on" in (blamed.contested or "")


def test_an_uncontested_claim_says_nothing_is_contested() -> None:
    ledger = build_ledger([stmt("a", "claim", "islamic-state", GROUP, DAY)], ACTORS)
    e = entry(ledger, "islamic-state")
    assert (e.assessment, e.contested) == ("claimed", None)
