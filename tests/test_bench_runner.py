"""Fast checks of the benchmark runner and the corpus throughput script."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_corpus_throughput_measures_a_real_ingest(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in sorted((REPO / "corpus" / "articles").iterdir())[:2]:
        shutil.copy(name, pages / name.name)
    done = subprocess.run(
        [
            sys.executable,
            "bench/corpus_throughput.py",
            "--data",
            str(pages),
            "--repeat",
            "1",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = json.loads(done.stdout.strip().splitlines()[-1])
    assert metrics["documents"] == 2
    assert metrics["articles_per_s"] > 0 and metrics["peak_rss_mib"] > 50


def test_runner_writes_a_document_with_the_commands(tmp_path: Path) -> None:
    out = tmp_path / "benchmarks.md"
    subprocess.run(
        [sys.executable, "bench/run_all.py", "--only", "sample_corpus", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    text = out.read_text(encoding="utf-8")
    assert "python bench/sample_corpus.py --json" in text
    assert "statements_f1" in text and "Machine:" in text


def test_a_missing_folder_is_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "bench/corpus_throughput.py", "--data", "/nonexistent"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0 and "/nonexistent" in done.stderr


def test_stage_timings_cover_every_stage(tmp_path: Path) -> None:
    from conftest import shared_dir

    if not (shared_dir() / "bench" / "article-extraction").is_dir():
        import pytest

        pytest.skip(f"benchmark data not found under {shared_dir()}")
    done = subprocess.run(
        [
            sys.executable,
            "bench/stages.py",
            "--data",
            str(shared_dir() / "bench"),
            "--limit",
            "3",
            "--json",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    metrics = json.loads(done.stdout.strip().splitlines()[-1])
    assert metrics["documents"] == 3
    assert set(metrics["ms_per_document"]) == {
        "read",
        "extract",
        "triage",
        "nlp",
        "incidents",
        "statements",
        "text_model",
        "store",
    }
    assert metrics["trafilatura_pages_per_s"] > 0


def _quick(script: str, *args: str) -> dict[str, object]:
    from conftest import shared_dir

    if not (shared_dir() / "bench").is_dir():
        import pytest

        pytest.skip(f"benchmark data not found under {shared_dir()}")
    done = subprocess.run(
        [sys.executable, f"bench/{script}", *args, "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    metrics: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return metrics


def test_triage_bench_quick() -> None:
    metrics = _quick("triage.py")
    assert 0 < float(metrics["recall"]) <= 1  # type: ignore[arg-type]


def test_throughput_bench_quick() -> None:
    args = ("--limit", "8", "--copies", "1", "--workers", "1", "--no-ray")
    metrics = _quick("throughput.py", *args)
    assert metrics["pages"] == 8 and float(metrics["pool_articles_per_s"]) > 0  # type: ignore[arg-type]
    stages = metrics["stages"]
    assert isinstance(stages, dict) and stages["pages"] == 8
    assert set(stages["ms_per_page"]) == {
        "read",
        "extract",
        "triage",
        "nlp",
        "incidents+statements",
        "text vector",
        "store",
    }


def test_incident_merging_bench_quick(tmp_path: Path) -> None:
    metrics = _quick(
        "incident_merging.py",
        "--limit",
        "8",
        "--no-model",
        "--copies",
        "1",
        "--workers",
        "1",
        "--cache",
        str(tmp_path / "cache"),
    )
    assert 0 < float(metrics["gv_pool_b3_f1"]) <= 1  # type: ignore[arg-type]


def test_merge_ceilings_bench_quick(tmp_path: Path) -> None:
    metrics = _quick("merge_ceilings.py", "--limit", "30", "--cache", str(tmp_path / "cache"))
    split = metrics["oracle split"]
    online = metrics["online"]
    assert isinstance(split, dict) and isinstance(online, dict)
    assert split["b3_p"] == 1.0  # cut along the gold, no cluster mixes incidents
    assert split["b3_r"] == online["b3_r"]  # and none is joined
    assert all(0 < float(v["b3_f1"]) <= 1 for v in metrics.values())  # type: ignore[index]


def test_runner_never_copies_a_quoted_document_into_the_docs() -> None:
    sys.path.insert(0, str(REPO / "bench"))
    import run_all

    kept = run_all._without_quotes(
        ["ok 1", "   doc 12 'A headline long enough to be a copy of the data'", 'x "short"']
    )
    assert kept[:2] == ["ok 1", 'x "short"']
    assert "1 lines quoting" in kept[2]
