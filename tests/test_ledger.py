"""The ledger's verdicts, on statements built in code."""

from __future__ import annotations

from newsblotter.actors import Gazetteer
from newsblotter.ledger import build_ledger
from newsblotter.records import ActorRef, Provenance, Speaker, Statement

ACTORS = Gazetteer.default()


def stmt(
    n: int,
    kind: str,
    responsible: str | None,
    speaker: str,
    speaker_kind: str,
    actor_id: str | None = None,
    hedge_level: str | None = None,
) -> Statement:
    ref = None
    if responsible is not None:
        actor = ACTORS.get(responsible)
        ref = ActorRef(actor.name if actor else responsible, responsible if actor else None)
    return Statement(
        id=f"doc:{n}",
        kind=kind,
        provenance=Provenance("doc", n, n + 10, "test"),
        text="...",
        speaker=Speaker(speaker, speaker_kind, actor_id),
        responsible=ref,
        hedge_level=hedge_level,  # type: ignore[arg-type]
    )


def by_actor(entries: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {e.actor.id or e.actor.name: e.assessment for e in entries}


def test_parent_claim_and_branch_attribution_support_each_other() -> None:
    ledger = build_ledger(
        [
            stmt(1, "claim", "islamic-state", "Islamic State", "group", "islamic-state"),
            stmt(
                2,
                "attribution",
                "islamic-state-khorasan",
                "two sources",
                "intelligence",
                None,
                "certain",
            ),
        ],
        ACTORS,
    )
    verdicts = by_actor(ledger)
    assert verdicts == {"islamic-state": "claimed", "islamic-state-khorasan": "attributed"}
    branch = next(e for e in ledger if e.actor.id == "islamic-state-khorasan")
    assert "parent group" in branch.reason and "contested" not in branch.reason


def test_claim_corroborated_by_independent_attribution() -> None:
    ledger = build_ledger(
        [
            stmt(1, "claim", "al-shabaab", "al-Shabaab", "group", "al-shabaab"),
            stmt(
                2, "attribution", "al-shabaab", "Somalia's president", "named_official", "somalia"
            ),
        ],
        ACTORS,
    )
    assert by_actor(ledger) == {"al-shabaab": "claimed_corroborated"}


def test_competing_claims_are_contested() -> None:
    ledger = build_ledger(
        [
            stmt(1, "claim", "islamic-state", "Islamic State", "group", "islamic-state"),
            stmt(2, "attribution", "ukraine", "Russian officials", "government", "russia"),
            stmt(3, "denial", "ukraine", "Ukraine", "government", "ukraine"),
        ],
        ACTORS,
    )
    verdicts = by_actor(ledger)
    assert verdicts["ukraine"] == "contested"
    assert verdicts["islamic-state"] == "contested"
    ukraine = next(e for e in ledger if e.actor.id == "ukraine")
    assert "denied" in ukraine.reason and "Islamic State" in ukraine.reason


def test_denial_alone_and_weak_attribution() -> None:
    denied = build_ledger([stmt(1, "denial", "hamas", "Hamas", "group", "hamas")], ACTORS)
    assert by_actor(denied) == {"hamas": "denied"}
    weak = build_ledger(
        [stmt(1, "attribution", "hamas", "analysts", "expert", None, "possible")], ACTORS
    )
    assert by_actor(weak) == {"hamas": "suspected"}


def test_no_comment_and_arrest_name_no_candidate() -> None:
    ledger = build_ledger(
        [
            stmt(1, "no_comment", None, "Central Intelligence Agency", "intelligence", "cia"),
            stmt(2, "arrest", None, "Iran", "government", "iran"),
        ],
        ACTORS,
    )
    assert ledger == []


def test_same_speaker_twice_counts_once() -> None:
    ledger = build_ledger(
        [
            stmt(1, "claim", "hamas", "Hamas", "group", "hamas"),
            stmt(2, "claim", "hamas", "Hamas", "group", "hamas"),
        ],
        ACTORS,
    )
    assert "1 independent source" in ledger[0].reason


def test_a_described_side_does_not_contest_the_claimant() -> None:
    from newsblotter.pipeline import analyze_text

    found = analyze_text(
        "Gunmen killed 40 people at a concert hall in Kazan on Friday. Islamic State claimed "
        "responsibility for the attack. The president said the attack had been carried out "
        "by radical Islamists."
    )
    entries = {e.actor.name: e for e in build_ledger(found.statements, ACTORS)}
    assert entries["Islamic State"].assessment == "claimed"
    assert entries["radical Islamists"].assessment == "attributed"
    assert entries["radical Islamists"].actor.described
