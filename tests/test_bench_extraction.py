"""The benchmark scorer on hand-made cases, and smoke runs of both extraction benchmarks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))

from _common import PageScore, aggregate, bootstrap_std, score_page, shingles, tokens  # noqa: E402


def f1(score: PageScore) -> float:
    p, r = score.precision, score.recall
    return 2 * p * r / (p + r) if p + r else 0.0


def test_identical_texts_score_one() -> None:
    text = "Gunmen attacked a checkpoint on Monday, killing two officers."
    score = score_page(text, text)
    assert (score.precision, score.recall, f1(score)) == (1.0, 1.0, 1.0)
    assert score.exact


def test_punctuation_and_spacing_do_not_count() -> None:
    assert score_page("Two killed, three hurt.", "Two  killed three\nhurt").exact


def test_one_changed_token_in_five() -> None:
    # truth shingles (a b c d), (b c d e); prediction (a b c d), (b c d x): TP=FP=FN=1.
    score = score_page("a b c d e", "a b c d x")
    assert score.tp == pytest.approx(1 / 3)
    assert (score.precision, score.recall) == (pytest.approx(0.5), pytest.approx(0.5))
    assert not score.exact


def test_empty_prediction() -> None:
    score = score_page("some true text here today", "")
    assert (score.tp, score.fp, score.fn) == (0.0, 0.0, 1.0)
    assert (score.precision, score.recall) == (0.0, 0.0)
    metrics = aggregate([score])
    assert metrics.recall == 0.0 and metrics.precision == 0.0  # no page counts for precision


def test_empty_gold() -> None:
    score = score_page("", "a prediction with words in it")
    assert (score.tp, score.fp, score.fn) == (0.0, 1.0, 0.0)
    assert score.precision == 0.0


def test_both_empty() -> None:
    score = score_page(None, "")
    assert (score.tp, score.fp, score.fn) == (0.0, 0.0, 0.0)
    assert (score.precision, score.recall) == (1.0, 1.0)
    assert score.exact
    # ...but such a page is left out of both averages, and counts only for accuracy.
    metrics = aggregate([score, score_page("a b c d", "a b c d")])
    assert metrics.accuracy == 1.0


def test_fewer_than_four_tokens_form_one_shingle() -> None:
    assert shingles(tokens("Two killed")) == {("Two", "killed"): 1}
    assert f1(score_page("Two killed", "Two killed")) == 1.0
    assert f1(score_page("Two killed", "Two hurt")) == 0.0
    assert shingles(tokens("!!")) == {}


def test_macro_average_and_f1_from_means() -> None:
    perfect = score_page("a b c d e f", "a b c d e f")
    missed = score_page("g h i j k", "")
    metrics = aggregate([perfect, missed])
    assert metrics.precision == 1.0  # the empty prediction does not count against precision
    assert metrics.recall == 0.5
    assert metrics.f1 == pytest.approx(2 / 3)
    assert metrics.accuracy == 0.5


def test_bootstrap_spread() -> None:
    same = [score_page("a b c d e", "a b c d e")] * 20
    assert bootstrap_std(same, rounds=50).f1 == 0.0
    mixed = [score_page("a b c d e", "a b c d e"), score_page("a b c d e", "v w x y z")] * 10
    spread = bootstrap_std(mixed, rounds=200)
    assert 0.0 < spread.recall < 0.5
    assert spread == bootstrap_std(mixed, rounds=200)  # seeded: reproducible


def _data() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    shared = Path(env) if env else REPO / ".." / "shared"
    return shared / "bench" / "article-extraction"


@pytest.mark.parametrize(
    ("script", "tools"),
    [
        ("article_extraction.py", {"newsblotter", "trafilatura", "readability-lxml"}),
        (
            "text_mode.py",
            {"newsblotter extract_text", "unfiltered text", "trafilatura on the text"},
        ),
    ],
)
def test_benchmark_smoke_run(script: str, tools: set[str]) -> None:
    data = _data()
    if not (data / "ground-truth.json").is_file():
        pytest.skip(f"benchmark data not found at {data} (set NEWSBLOTTER_SHARED)")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "bench" / script),
            "--data",
            str(data),
            "--limit",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["pages"] == 3
    assert tools <= result.keys()
    for name in tools:
        assert 0.0 <= result[name]["f1"] <= 1.0
        assert result[name]["pages_per_s"] > 0


def test_benchmark_refuses_a_missing_folder(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / "article_extraction.py"), "--data", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        timeout=60,
        check=False,
    )
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0 and "ground-truth.json" in done.stderr
