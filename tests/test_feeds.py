"""Feeds and news sitemaps: parsing every format, refusing hostile XML, and the watch loop
against a real loopback server (new items only, caching headers, feeds down or malformed,
stop and resume)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

import servers as s
from newsblotter.config import load_settings
from newsblotter.ingest.feeds import FeedError, parse_feed
from newsblotter.records import Extraction, RawDocument
from newsblotter.store.sources import SourceStore
from newsblotter.watch import Watcher, cache_lifetime
from servers import TextPipeline


@contextmanager
def source_store(db: Path) -> Iterator[SourceStore]:
    from newsblotter.store import open_db

    with open_db(str(db)) as opened:
        yield SourceStore(opened)


RSS20 = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Coast Courier</title><ttl>45</ttl>
<item><title>Ferry timetable changes</title><link>http://news.test/ferry</link>
<guid>ferry-1</guid></item>
<item><title>Market day moved</title><link>/market</link></item>
</channel></rss>"""
RSS10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://news.test/"><title>Valley Post</title><link>http://news.test/</link>
<description>d</description></channel>
<item rdf:about="http://news.test/bridge"><title>Bridge repaired</title>
<link>http://news.test/bridge</link></item></rdf:RDF>"""
RSS091 = b"""<?xml version="1.0"?><rss version="0.91"><channel><title>Old Wire</title>
<link>http://news.test/</link><description>d</description><language>en</language>
<item><title>Rain expected</title><link>http://news.test/rain</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Times</title><id>urn:hill</id>
<updated>2025-01-06T10:00:00Z</updated>
<entry><title>Library opens late</title><id>urn:hill:1</id>
<link rel="alternate" href="http://news.test/library"/><updated>2025-01-06T10:00:00Z</updated></entry>
</feed>"""
JSONFEED = b"""{"version": "https://jsonfeed.org/version/1.1", "title": "River Daily",
"items": [{"id": "r1", "url": "http://news.test/river", "title": "Water level falls"},
          {"id": "r2", "content_text": "no link here"}]}"""
NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>http://news.test/harbour</loc><news:news><news:publication><news:name>Coast</news:name>
<news:language>en</news:language></news:publication>
<news:publication_date>2025-01-06</news:publication_date><news:title>Harbour works</news:title>
</news:news></url></urlset>"""
SITEMAP_INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>http://news.test/news-1.xml</loc></sitemap></sitemapindex>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>
<rss version="2.0"><channel><title>&lol2;</title>
<item><title>x</title><link>http://news.test/x</link></item></channel></rss>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY leak SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&leak;</title></channel></rss>"""


@pytest.mark.parametrize(
    ("data", "title", "links"),
    [
        (RSS20, "Coast Courier", ["http://news.test/ferry", "http://feeds.test/market"]),
        (RSS10, "Valley Post", ["http://news.test/bridge"]),
        (RSS091, "Old Wire", ["http://news.test/rain"]),
        (ATOM, "Hill Times", ["http://news.test/library"]),
        (JSONFEED, "River Daily", ["http://news.test/river"]),
        (NEWS_SITEMAP, None, ["http://news.test/harbour"]),
    ],
)
def test_every_format_yields_its_links(data: bytes, title: str | None, links: list[str]) -> None:
    parsed = parse_feed(data, "http://feeds.test/feed")
    assert parsed.title == title
    assert [i.url for i in parsed.items] == links


def test_keys_are_guids_then_links_and_ttl_is_read() -> None:
    parsed = parse_feed(RSS20, "http://feeds.test/feed")
    # feedparser resolves a relative guid against the feed URL: still stable across polls
    assert [i.key for i in parsed.items] == [
        "http://feeds.test/ferry-1",
        "http://feeds.test/market",
    ]
    assert parsed.interval_s == 45 * 60


def test_sitemap_index_names_children_and_gzip_is_read() -> None:
    assert parse_feed(SITEMAP_INDEX, "u").children == ["http://news.test/news-1.xml"]
    assert parse_feed(gzip.compress(NEWS_SITEMAP), "u").items[0].title == "Harbour works"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (LAUGHS, "unsafe XML refused"),
        (EXTERNAL, "unsafe XML refused"),
        (b"<html><body><p>not a feed at all</p></body></html>", "malformed feed"),
        (b'{"items": [}', "malformed JSON feed"),
        (b'{"title": "x"}', "JSON Feed 'items'"),
        (b"   ", "empty feed"),
        (gzip.compress(b" " * 60_000_000)[:5000], "truncated gzip"),
        (gzip.compress(b" " * 60_000_000), "decompresses to over 50000000 bytes"),
        (b"\x1f\x8b\x08\x00garbage-garbage", "corrupt gzip"),
    ],
)
def test_hostile_or_broken_feeds_are_refused_clearly(data: bytes, message: str) -> None:
    with pytest.raises(FeedError, match=message):
        parse_feed(data, "http://feeds.test/feed")


def test_cache_lifetime_reads_max_age_and_expires() -> None:
    now = dt.datetime(2025, 1, 6, 10, 0, tzinfo=dt.UTC)
    assert cache_lifetime({"cache-control": "public, max-age=7200"}, now) == 7200
    assert cache_lifetime({"expires": "Mon, 06 Jan 2025 11:00:00 GMT"}, now) == 3600
    assert cache_lifetime({"cache-control": "no-cache, max-age=50"}, now) is None
    assert cache_lifetime({}, now) is None


# -- the watch loop against a loopback server ----------------------------------------------


def story(n: int) -> bytes:
    return (
        f"<html><body><article><h1>Story {n}</h1>"
        f"<p>Report number {n} on the council budget and the new tram line.</p>"
        "</article></body></html>"
    ).encode()


def rss(base: str, numbers: list[int]) -> bytes:
    items = "".join(
        f"<item><title>S{n}</title><link>{base}/story/{n}</link><guid>g{n}</guid></item>"
        for n in numbers
    )
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Town</title>'
    return f"{head}{items}</channel></rss>".encode()


@pytest.fixture
def server() -> Iterator[s.LoopbackServer]:
    routes = {"/robots.txt": s.status(404)}
    routes.update({f"/story/{n}": s.page(story(n)) for n in range(1, 8)})
    with s.LoopbackServer(routes) as srv:
        yield srv


def make_pipeline(tmp_path: Path, name: str = "w.db") -> TextPipeline:
    settings = load_settings(
        env={},
        db=str(tmp_path / name),
        host_delay_ms=0,
        read_timeout_s=2,
        fetch_retries=0,
        allow_private="127.0.0.1/32",  # the test server
    )
    return TextPipeline(settings)


def test_watch_ingests_new_items_only_and_honours_caching(
    tmp_path: Path, server: s.LoopbackServer
) -> None:
    feed_body = {"data": rss(server.base, [1, 2])}

    def feed(r: s.Request) -> None:
        etag = f'"{len(feed_body["data"])}"'
        if r.headers.get("If-None-Match") == etag:
            r.send(304, b"", None, {"ETag": etag})
        else:
            headers = {"ETag": etag, "Cache-Control": "max-age=3600"}
            r.send(200, feed_body["data"], "application/rss+xml", headers)

    server.routes["/feed"] = feed
    pipe = make_pipeline(tmp_path)
    store = SourceStore(pipe.db)
    assert store.add_feed(server.url("/feed"), 600)
    assert not store.add_feed(server.url("/feed"), 600)
    watcher = Watcher(pipe)
    first = watcher.cycle(threading.Event())
    assert first.new_items == 2 and first.ingest is not None and first.ingest.ingested == 2
    followed = store.feed(server.url("/feed"))
    assert followed is not None and followed.title == "Town" and followed.etag
    # max-age=3600 beats the 600 s interval
    assert followed.next_poll_at - dt.datetime.now(dt.UTC) > dt.timedelta(seconds=3500)
    assert store.due_feeds() == []

    # not modified: nothing fetched again
    assert watcher.poll(followed) == (0, None)
    assert server.hits["/story/1"] == 1

    # one new item: only it is fetched
    feed_body["data"] = rss(server.base, [1, 2, 3])
    new, error = watcher.poll(store.feed(server.url("/feed")))  # type: ignore[arg-type]
    assert (new, error) == (1, None)
    report = watcher.ingest_pending(threading.Event())
    assert report.ingested == 1
    assert server.hits["/story/1"] == 1 and server.hits["/story/3"] == 1
    assert set(store.item_states(server.url("/feed")).values()) == {"done"}
    assert pipe.db.stats()["documents"] == 3
    watcher.close()


def test_a_feed_down_or_malformed_does_not_stop_the_others(
    tmp_path: Path, server: s.LoopbackServer
) -> None:
    server.routes["/good"] = s.page(rss(server.base, [4]), "application/rss+xml")
    server.routes["/down"] = s.status(500)
    server.routes["/bad"] = s.page(b"<rss><channel><item>", "application/rss+xml")
    server.routes["/laughs"] = s.page(LAUGHS, "application/rss+xml")
    pipe = make_pipeline(tmp_path)
    store = SourceStore(pipe.db)
    for path in ("/down", "/bad", "/laughs", "/good"):
        store.add_feed(server.url(path), 600)
    watcher = Watcher(pipe)
    report = watcher.cycle(threading.Event())
    assert report.polled == 4 and report.failed == 3
    errors = dict(report.errors)
    assert "HTTP 500" in errors[server.url("/down")]
    assert "malformed feed" in errors[server.url("/bad")]
    assert "unsafe XML refused" in errors[server.url("/laughs")]
    assert report.ingest is not None and report.ingest.ingested == 1
    down = store.feed(server.url("/down"))
    assert down is not None and down.failures == 1 and down.last_error
    # backed off: twice the interval
    wait = down.next_poll_at - dt.datetime.now(dt.UTC)
    assert dt.timedelta(seconds=1100) < wait <= dt.timedelta(seconds=1200)
    watcher.close()


def test_stop_leaves_items_pending_and_the_next_run_resumes(
    tmp_path: Path, server: s.LoopbackServer
) -> None:
    server.routes["/feed"] = s.page(rss(server.base, [1, 2, 3, 4, 5]), "application/rss+xml")
    pipe = make_pipeline(tmp_path)
    store = SourceStore(pipe.db)
    store.add_feed(server.url("/feed"), 600)
    watcher = Watcher(pipe)
    feed = store.due_feeds()[0]
    assert watcher.poll(feed) == (5, None)
    stop = threading.Event()
    seen: list[str] = []
    original = pipe.db.save_document

    def save_then_stop(raw: RawDocument, extraction: Extraction) -> bool:
        seen.append(raw.uri)
        if len(seen) == 2:
            stop.set()  # as Ctrl-C would, mid-run
        return original(raw, extraction)

    pipe.db.save_document = save_then_stop  # type: ignore[method-assign]
    first = watcher.ingest_pending(stop)
    assert 2 <= first.ingested < 5
    left = len(store.pending_items())
    assert left == 5 - first.ingested
    stored_first = list(seen)
    # a new watcher (a new process after a restart) picks up exactly what was left
    again = Watcher(pipe)
    second = again.ingest_pending(threading.Event())
    assert second.ingested == left and store.pending_items() == []
    assert pipe.db.stats()["documents"] == 5
    # what the first run stored is never fetched again; items it had in flight may be
    assert all(server.hits[uri.removeprefix(server.base)] == 1 for uri in stored_first)
    assert all(server.hits[f"/story/{n}"] in (1, 2) for n in range(1, 6))
    watcher.close()
    again.close()


def test_feeds_cli_add_list_remove(tmp_path: Path) -> None:
    from newsblotter.cli import cli

    db = str(tmp_path / "cli.db")
    runner = CliRunner()
    added = runner.invoke(cli, ["--db", db, "feeds", "add", "https://feeds.test/a.xml"])
    assert added.exit_code == 0 and "added" in added.output
    listed = runner.invoke(cli, ["--db", db, "feeds", "list", "--format", "json"])
    [feed] = json.loads(listed.output)
    assert (feed["url"], feed["polled"], feed["every_s"]) == (
        "https://feeds.test/a.xml",
        "never",
        900,
    )
    bad = runner.invoke(cli, ["--db", db, "feeds", "add", "not-a-url"])
    assert bad.exit_code == 2 and "not an http(s) URL: not-a-url" in bad.output
    removed = runner.invoke(cli, ["--db", db, "feeds", "remove", "https://feeds.test/a.xml"])
    assert removed.exit_code == 0
    again = runner.invoke(cli, ["--db", db, "feeds", "remove", "https://feeds.test/a.xml"])
    assert again.exit_code == 1
    assert runner.invoke(cli, ["--db", db, "feeds", "list", "--format", "json"]).output == "[]\n"


WATCH = (
    "import sys\n"
    "from newsblotter.cli import main\n"
    "sys.argv = ['newsblotter', '--db', sys.argv[1], 'watch', *sys.argv[2:]]\n"
    "main()\n"
)


def long_story(n: int) -> bytes:
    return (
        f"<html><head><title>Tram line {n}</title></head><body><article><h1>Tram line {n}</h1>"
        f"<p>The council met on Monday to discuss stage {n} of the new tram line, which will run "
        "from the station to the university by way of the old market square.</p>"
        "<p>Residents asked for more trees along the route and for a later last tram on "
        "Saturdays; the council said both would be studied before the autumn.</p>"
        "</article></body></html>"
    ).encode()


def test_watch_command_stops_cleanly_on_ctrl_c_and_resumes(
    tmp_path: Path, server: s.LoopbackServer
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    def slow(n: int) -> s.Handler:
        def route(r: s.Request) -> None:
            r.server.stopping.wait(0.4)
            r.send(200, long_story(n))

        return route

    for n in range(1, 9):
        server.routes[f"/tram/{n}"] = slow(n)
    items = "".join(
        f"<item><title>T{n}</title><link>{server.base}/tram/{n}</link></item>" for n in range(1, 9)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Trams</title>{items}'
    server.routes["/trams.xml"] = s.page(f"{feed}</channel></rss>".encode(), "application/rss+xml")
    db = tmp_path / "watch.db"
    env = {
        **os.environ,
        "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src"),
        "NEWSBLOTTER_HOST_DELAY_MS": "0",
        "NEWSBLOTTER_FETCH_CONCURRENCY": "1",
        "NEWSBLOTTER_ALLOW_PRIVATE": "127.0.0.1/32",  # the test server
    }
    add = subprocess.run(
        [
            sys.executable,
            "-c",
            WATCH.replace("'watch', ", ""),
            str(db),
            "feeds",
            "add",
            server.url("/trams.xml"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert add.returncode == 0, add.stderr
    proc = subprocess.Popen(
        [sys.executable, "-c", WATCH, str(db)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and sum(server.hits[f"/tram/{n}"] for n in range(1, 9)) < 2:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "stopped after" in out and "Traceback" not in err
    with source_store(db) as store:
        states = store.item_states(server.url("/trams.xml"))
    assert len(states) == 8 and "pending" in states.values()  # stopped mid-way, nothing lost
    again = subprocess.run(
        [sys.executable, "-c", WATCH, str(db), "--once"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr
    with source_store(db) as store:
        assert set(store.item_states(server.url("/trams.xml")).values()) == {"done"}
        assert store.db.stats()["documents"] == 8
    assert all(server.hits[f"/tram/{n}"] <= 2 for n in range(1, 9))
