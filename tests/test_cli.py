"""The command line end to end: ingest (good and bad input), re-ingest, reprocess, views."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import serve_data
from newsblotter.cli import cli

STORY = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Car bomb kills 14 at market in northern town | Example Courier</title>
<meta property="og:site_name" content="Example Courier">
<meta property="article:published_time" content="2023-03-18T09:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Car bomb kills 14 at market in northern town</h1>
<p>MOSUL, Iraq (Reuters) - A car bomb exploded at a crowded vegetable market in Mosul on Friday,
killing at least 14 people and wounding 40 others, police and hospital officials said.</p>
<p>The Islamic State group claimed responsibility for the bombing in a statement posted on
Telegram on Saturday, saying one of its fighters had parked the vehicle near the market gate.</p>
<p>Iraq's interior ministry said security forces had arrested three people suspected of
helping to assemble the device. A ministry spokesman declined to comment on the investigation.</p>
<p>The market had reopened only weeks earlier after a long period of reconstruction, and traders
said they feared customers would stay away again after the attack.</p>
</article><footer>Related: Weather turns cold across the region</footer></body></html>"""


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "story.html").write_text(STORY, encoding="utf-8")
    (folder / "sub" / "copy.html.gz").write_bytes(gzip.compress(STORY.encode()))
    return folder


def test_ingest_reingest_and_views(tmp_path: Path, pages: Path) -> None:
    db = tmp_path / "nb.db"
    code, out, err = run(db, "ingest", str(pages))
    # the gzipped copy holds the same bytes: one document, the second input is unchanged
    assert code == 0, err
    assert "ingested 1, unchanged 1, failed 0" in out
    code, out, _ = run(db, "ingest", str(pages))
    assert "ingested 0, unchanged 2, failed 0" in out

    code, out, _ = run(db, "incidents")
    assert code == 0 and "bombing" in out and "Mosul" in out
    code, out, _ = run(db, "incidents", "--country", "FR")
    assert "0 incidents" in out
    code, out, _ = run(db, "incidents", "--actor", "ISIS")
    assert "1 incidents" in out
    code, out, _ = run(db, "show", "--most-reported")
    assert code == 0 and "Islamic State" in out and "claimed" in out
    code, out, _ = run(db, "export", "--format", "json")
    data = json.loads(out)
    assert [i["killed"]["value"] for i in data["incidents"]] == [14]
    document = data["incidents"][0]["articles"][0]
    code, out, _ = run(db, "quotes", document, "--format", "csv")
    # every reported statement, the hospital officials' toll as much as the arrest
    sources = [row["source"] for row in csv.DictReader(io.StringIO(out))]
    assert code == 0 and "police and hospital officials" in sources
    assert "Iraq's interior ministry" in sources
    code, _, err = run(db, "quotes", "no-such-document")
    assert code == 1 and "no article 'no-such-document'" in err


def test_bad_inputs_fail_one_line_each_and_lose_nothing(tmp_path: Path, pages: Path) -> None:
    db = tmp_path / "nb.db"
    assert run(db, "ingest", str(pages))[0] == 0
    before = json.loads(run(db, "export")[1])

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.html").write_bytes(b"")
    (bad / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (bad / "cut.html.gz").write_bytes(gzip.compress(STORY.encode())[:60])
    (bad / "chrome.html").write_text("<html><body><nav>Home | World | Sport</nav></body></html>")
    code, out, err = run(db, "ingest", str(bad), str(tmp_path / "missing.html"))
    assert code == 1
    assert "ingested 0, unchanged 0, failed 5" in out
    lines = [line for line in err.splitlines() if line.startswith("failed:")]
    assert len(lines) == 5
    for name in ("empty.html", "image.html", "cut.html.gz", "chrome.html", "missing.html"):
        assert sum(name in line for line in lines) == 1, (name, lines)
    after = json.loads(run(db, "export")[1])
    assert after == before


def test_reprocess_rebuilds_the_same_content(tmp_path: Path, pages: Path) -> None:
    db = tmp_path / "nb.db"
    run(db, "ingest", str(pages))
    before = json.loads(run(db, "export")[1])
    code, out, _ = run(db, "reprocess")
    assert code == 0 and "ingested 1" in out
    assert json.loads(run(db, "export")[1]) == before


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(tmp_path / "nb.db", "ingest")[0] == 2
    assert run(tmp_path / "nb.db", "incidents", "--since", "yesterday")[0] == 2


def test_show_prints_every_quote_with_its_span(tmp_path: Path) -> None:
    """Story text and document ids are printed as written: rich would take "[a1b2 3:9]"
    (an id starting with a letter) or "[sic]" for markup and drop it."""
    pipe = serve_data.build(tmp_path / "show.db")
    shown = [s for inc in pipe.db.incidents() for s in pipe.incident_statements(inc)]
    assert any(s.provenance.document[0] in "abcdef" for s in shown)  # ids rich would eat
    for inc in pipe.db.incidents():
        result = CliRunner().invoke(cli, ["--db", str(tmp_path / "show.db"), "show", inc.id])
        assert result.exit_code == 0, result.output
        flat = " ".join(result.output.split())
        statements = pipe.incident_statements(inc)
        for st in statements:
            p = st.provenance
            assert f"[{p.document[:12]} {p.start}:{p.end}]" in flat
        for victim in inc.victims:  # as written, rich markup and all
            assert f"victims: {' '.join(victim.name.split())}" in flat
        assert inc.victims or "victims: none named" in flat


def test_the_same_statement_in_wire_copies_is_printed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import dataclasses
    import io

    from rich.console import Console

    from newsblotter.cli import views

    [st, *_] = [s for _, _, found in serve_data.documents() for s in found]
    copy = dataclasses.replace(
        st,
        id=st.id + "-copy",
        provenance=dataclasses.replace(st.provenance, document="f" * 64),
    )
    out = io.StringIO()
    monkeypatch.setattr(views, "console", Console(file=out, width=400))
    views._print_statements([st, copy])
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and lines[0].endswith("· in 2 articles")
