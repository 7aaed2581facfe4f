"""Speaker kinds on our own passages (tests/data/speaker_kinds.toml; issue 15 item 4): each
source must get its kind, and anonymous sources their count. bench/speaker_kinds.py prints the
same figure."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from newsblotter.pipeline import analyze_text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import speaker_kinds  # noqa: E402

CASES = speaker_kinds.load(speaker_kinds.DEFAULT)


@pytest.mark.parametrize("case", CASES, ids=[c["source"] for c in CASES])
def test_speaker_kind(case: dict[str, Any]) -> None:
    kind, count = speaker_kinds.typed(case, analyze_text)
    assert kind == case["kind"]
    if "count" in case:
        assert count == case["count"]


def test_every_kind_the_issue_names_is_measured() -> None:
    kinds = {c["kind"] for c in CASES}
    wanted = {"person", "named_official", "unnamed_official", "anonymous", "group", "media"}
    assert wanted | {"document", "government"} <= kinds
