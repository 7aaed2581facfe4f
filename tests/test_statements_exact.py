"""Responsibility statements: the whole list each passage yields, and nothing else.

The passages and their expected statements are in tests/data/statements_cases.toml (our own
writing); each case is one test. A statement is compared as (kind, speaker, speaker kind,
responsible actor, incident mention, hedge level).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from newsblotter.pipeline import analyze_text
from newsblotter.records import Extraction, IncidentMention, Statement

CASES = Path(__file__).parent / "data" / "statements_cases.toml"
FRIDAY = dt.date(2023, 3, 24)

Row = tuple[str, str, str, str, str, str]


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = tomllib.loads(path.read_text(encoding="utf-8"))["case"]
    return cases


def _params() -> list[Any]:
    out = []
    for case in load_cases():
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        out.append(pytest.param(case, id=case["name"], marks=marks))
    return out


def expected_rows(case: dict[str, Any]) -> list[Row]:
    rows = []
    for line in case["expect"]:
        fields = [f.strip() for f in line.split("|")]
        assert len(fields) == 6, f"{case['name']}: six fields wanted in {line!r}"
        rows.append((fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]))
    return sorted(rows)


def locate(ex: Extraction, words: str) -> IncidentMention:
    """The one main mention for "main"; else the mention whose trigger lies inside ``words``
    in the text, else the one whose sentence holds them. Exactly one must answer."""
    if words == "main":
        main = [m for m in ex.mentions if m.is_main]
        assert len(main) == 1, f"{len(main)} main mentions: {[m.text[:40] for m in main]}"
        return main[0]
    text = ex.article.text
    at = text.find(words)
    assert at >= 0, f"{words!r} is not in the passage"
    end = at + len(words)
    inside = [
        m for m in ex.mentions if "trigger" in m.spans and at <= m.spans["trigger"].start < end
    ]
    if not inside:
        inside = [m for m in ex.mentions if m.provenance.start <= at < m.provenance.end]
    names = [(m.text[:40], m.spans.get("trigger")) for m in ex.mentions]
    assert len(inside) == 1, f"{words!r} locates {len(inside)} mentions among {names}"
    return inside[0]


def found_rows(ex: Extraction, case: dict[str, Any]) -> list[Row]:
    """Our statements as rows; the incident column holds the expected words when our
    statement bears on the mention those words locate."""
    wanted = {fields[4] for fields in expected_rows(case) if fields[4]}
    by_id = {locate(ex, words).id: words for words in wanted}
    return sorted(_row(st, by_id) for st in ex.statements)


def _row(st: Statement, by_id: dict[str, str]) -> Row:
    responsible = ""
    if st.responsible is not None:
        responsible = st.responsible.id or st.responsible.name
    incident = ""
    if st.incident is not None:
        incident = by_id.get(st.incident, f"<other mention {st.incident}>")
    return (
        st.kind,
        st.speaker.name or "",
        st.speaker.kind,
        responsible,
        incident,
        st.hedge_level or "",
    )


@pytest.mark.parametrize("case", _params())
def test_statements_exact(case: dict[str, Any]) -> None:
    published = dt.date.fromisoformat(case["published"]) if "published" in case else FRIDAY
    ex = analyze_text(" ".join(case["text"].split()), published)
    found, wanted = found_rows(ex, case), expected_rows(case)
    extra = [r for r in found if r not in wanted]
    missing = [r for r in wanted if r not in found]
    assert found == wanted, f"extra {extra}, missing {missing}"


def test_the_cases_are_many_and_named_once() -> None:
    cases = load_cases()
    names = [c["name"] for c in cases]
    assert len(cases) >= 80 and len(set(names)) == len(names)
