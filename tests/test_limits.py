"""Limits that end in one clear line: a story longer than the parser reads, and a watch whose
every feed failed."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from click.testing import CliRunner

import servers as s
from newsblotter import Pipeline
from newsblotter.cli import cli
from newsblotter.ingest.payload import MAX_TEXT_CHARS

PARAGRAPH = (
    "The harbour board met on Tuesday to discuss the ferry timetable, the new pier and the "
    "cost of dredging the channel before the summer season, the chairwoman said.\n\n"
)


def test_a_story_longer_than_the_parser_reads_is_refused_in_one_line(
    pipeline_factory: Any, tmp_path: Path
) -> None:
    pipe: Pipeline = pipeline_factory("long")
    pipe.settings = dataclasses.replace(pipe.settings, text_model="none", triage="off")
    path = tmp_path / "dump.txt"
    path.write_text(
        # a fifth over the limit: the extractor may leave out a few lines as chrome
        "Harbour board minutes\n\n" + PARAGRAPH * (MAX_TEXT_CHARS * 6 // 5 // len(PARAGRAPH))
    )
    assert path.stat().st_size < pipe.settings.max_bytes  # under the byte cap
    report = pipe.ingest([str(path)], workers=1)
    assert report.failed == 1 and len(report.failures) == 1
    (_, error) = report.failures[0]
    assert error.startswith(f"{path}: story text is 1,")
    assert error.endswith(
        " characters, over the 1,000,000 the parser reads; split it into articles"
    )
    assert {k: v for k, v in pipe.db.stats().items() if v} == {"failures": 1}


def test_watch_once_fails_when_every_feed_failed(tmp_path: Path) -> None:
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Up</title>'
        b"<item><title>Old</title><link>http://127.0.0.1:9/gone</link><guid>g</guid></item>"
        b"</channel></rss>"
    )
    routes = {
        "/robots.txt": s.status(404),
        "/down": s.status(500),
        "/up": s.page(feed, "application/rss+xml"),
    }
    env = {
        "NEWSBLOTTER_ALLOW_PRIVATE": "127.0.0.1/32",  # the test server
        "NEWSBLOTTER_HOST_DELAY_MS": "0",
        "NEWSBLOTTER_FETCH_RETRIES": "0",
        "NEWSBLOTTER_TEXT_MODEL": "none",
    }
    runner = CliRunner()
    with s.LoopbackServer(routes) as server:
        for name, paths in (("down.db", ["/down"]), ("mixed.db", ["/down", "/up"])):
            db = str(tmp_path / name)
            for path in paths:
                added = runner.invoke(cli, ["--db", db, "feeds", "add", server.url(path)], env=env)
                assert added.exit_code == 0, added.output
            result = runner.invoke(cli, ["--db", db, "watch", "--once"], env=env)
            if name == "down.db":
                assert result.exit_code == 1, result.output
                assert "every feed polled failed (1)" in result.stderr
            else:
                assert result.exit_code == 0, result.output
