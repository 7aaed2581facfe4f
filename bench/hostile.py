"""Hostile inputs: every one handled with one clear line, nothing stored changed, no hang,
bounded memory, and no connection off loopback.

Builds the hostile corpus in code (files, WARC archives, a FIFO, symlink loops) and serves the
hostile URLs from a local HTTP server on 127.0.0.1 (tests/servers.py: redirect loops, a server
that hangs, 2 GB bodies, a gzip bomb, wrong content types, redirects to file:// and to private
addresses, a billion-laughs feed). A database first receives two real stories of the sample
corpus; then each input runs in a child process forked from the loaded pipeline, through the
path a user would take (``Pipeline.ingest`` as the CLI calls it, ``Watcher`` for the feed,
``POST /api/v1/ingest`` for the API), and the table gives, per input: the outcome (the
line the user sees), the wall time, the child's peak resident memory and its growth over the
parent's, whether the stored records (documents, articles, mentions, statements, attributions,
actors, incidents) are byte for byte unchanged, and any connection attempted off 127.0.0.1.

Settings: ``allow_private = "127.0.0.1/32"`` (the bench server's own address, and no other),
``read_timeout_s = 3``, ``fetch_retries = 0``, ``host_delay_ms = 0``, ``text_model = "none"``
(the merger's model plays no part in refusing input); the rest are the defaults (20 MB cap).

    python bench/hostile.py [--data FOLDER] [--json]

``--data`` adds every file of FOLDER as one more input.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import os
import socket
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the loopback test server, hostile routes included

from sqlalchemy import select  # noqa: E402

import servers as s  # noqa: E402
from newsblotter import Pipeline, load_settings  # noqa: E402
from newsblotter.ingest.warc import response_record  # noqa: E402
from newsblotter.store import schema as t  # noqa: E402

CORPUS = REPO / "corpus" / "articles"
BASELINE = ("2024-03-23_crocus_example-tribune.html", "2023-01-31_peshawar_harbor-courier.txt")
CHILD_LIMIT_S = 120  # a child still running then has hung
STORED = (
    t.documents,
    t.articles,
    t.mentions,
    t.statements,
    t.attributions,
    t.actors,
    t.incidents,
    t.incident_mentions,
    t.incident_actors,
)
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n"
)


@dataclass
class Row:
    name: str
    outcome: str = ""
    seconds: float = 0.0
    peak_mib: float = 0.0
    growth_mib: float = 0.0  # the child's peak over its resident memory at the fork
    unchanged: bool = False
    leaks: int = 0
    crashed: bool = False

    @property
    def handled(self) -> bool:
        return self.unchanged and not self.leaks and not self.crashed


Run = Callable[[Pipeline], str]


# -- the stored data, and what a run said ------------------------------------------------------


def digest(pipe: Pipeline) -> str:
    """A digest of every stored record (not the logs of what was tried)."""
    h = hashlib.sha256()
    with pipe.db.engine.connect() as conn:
        for table in STORED:
            keys = list(table.primary_key.columns)
            for row in conn.execute(select(table).order_by(*keys)):
                h.update(repr(tuple(row)).encode())
    return h.hexdigest()


def said(report: Any) -> str:
    """The line a user sees for an IngestReport."""
    if report.failures:
        extra = f" (+{len(report.failures) - 1} more)" if len(report.failures) > 1 else ""
        return "failed: " + report.failures[0][1] + extra
    if report.ingested:
        return f"STORED {report.ingested} new document(s)"
    if report.unchanged:
        return f"unchanged {report.unchanged}: a copy of a stored story (no new report)"
    if report.skipped:
        return f"skipped {report.skipped} (not a page)"
    return "nothing to do"


def ingest(path: Path | str) -> Run:
    return lambda pipe: said(pipe.ingest([str(path)], workers=1))


# -- the hostile corpus -------------------------------------------------------------------------


def story_html() -> str:
    return (CORPUS / BASELINE[0]).read_text(encoding="utf-8")


def gzip_bomb(size: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip framing
    block = b"\0" * (1 << 20)
    return b"".join(packer.compress(block) for _ in range(size >> 20)) + packer.flush()


def files(root: Path) -> list[tuple[str, Run]]:
    html = story_html()
    body = html.encode("utf-8")
    (root / "empty.html").write_bytes(b"")
    (root / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(4096))
    with (root / "huge.html").open("wb") as handle:  # sparse: 202 MB on paper, none on disk
        handle.truncate(202_000_000)
    (root / "bomb.html.gz").write_bytes(gzip_bomb(200 << 20))
    (root / "invalid-utf8.html").write_bytes(
        b"<html><meta charset='utf-8'><body><p>" + bytes(range(128, 256)) * 40 + b"</p></body>"
    )
    utf16 = html.replace('charset="utf-8"', 'charset="utf-16"').encode("utf-16")
    (root / "utf16.html").write_bytes(utf16)
    start, end = html.index(">", html.index("<body")) + 1, html.index("</body>")
    nav = "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
    footer = "<footer><p>All rights reserved.</p></footer>"
    restyled = html[:start] + nav + html[start:end] + footer + html[end:]
    (root / "restyled.html").write_text(restyled, encoding="utf-8")
    nested = html[:start] + "<div>" * 100_000 + html[start:end] + "</div>" * 100_000 + html[end:]
    (root / "nested-divs.html").write_text(nested, encoding="utf-8")
    laughs = LAUGHS + "<lolz>&lol9;</lolz>\n"
    (root / "billion-laughs.xml").write_text(laughs, encoding="utf-8")
    script = html.replace("<p>", "<p><script>alert(document.cookie)</script>", 3)
    (root / "script.html").write_text(script, encoding="utf-8")
    para = "The council met on Tuesday to discuss the ferry timetable and the new pier.\n\n"
    (root / "long.txt").write_text("Minutes\n\n" + para * (1_000_000 // len(para) + 100))
    good = response_record("http://a.example/story", body.replace(b"Putin", b"Putin,"))
    (root / "truncated.warc.gz").write_bytes(good[: len(good) // 2])
    record = response_record("http://a.example/x", b"<html><body><p>x</p></body></html>")
    (root / "corrupt.warc.gz").write_bytes(record[:40] + os.urandom(400) + record[440:])
    loop = root / "loop"
    loop.mkdir()
    (loop / "a").symlink_to(loop / "b")
    (loop / "b").symlink_to(loop / "a")
    (loop / "self").symlink_to(loop)
    os.mkfifo(root / "fifo.html")
    fresh = root / "fresh-story.html"  # a story not stored yet, for the bad-setting row
    fresh.write_text(html.replace("115 dead", "116 dead").replace("Putin", "The president"))

    def bad_text_model(pipe: Pipeline) -> str:
        bad = Pipeline(dataclasses.replace(pipe.settings, text_model="bogus"), pipe.db)
        try:
            return said(bad.ingest([str(fresh)], workers=1))
        except ValueError as exc:
            return f"refused before storing: {exc}"

    rows: list[tuple[str, Run]] = [
        (p, ingest(root / p))
        for p in (
            "empty.html",
            "binary.html",
            "huge.html",
            "bomb.html.gz",
            "invalid-utf8.html",
            "utf16.html",
            "restyled.html",
            "nested-divs.html",
            "billion-laughs.xml",
            "script.html",
            "long.txt",
            "truncated.warc.gz",
            "corrupt.warc.gz",
            "loop",
            "fifo.html",
        )
    ]
    rows.append(("text_model=bogus", bad_text_model))
    return rows


def urls(server: s.LoopbackServer) -> list[tuple[str, Run]]:
    port = server.base.rsplit(":", 1)[1]
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 2048
    laughs = (LAUGHS + '<rss version="2.0"><channel><title>&lol9;</title></channel></rss>').encode()
    routes: dict[str, s.Handler] = {
        "/robots.txt": s.status(404),
        "/loop": s.redirect("/loop"),
        "/hang": s.hang(60),
        "/huge-declared": s.huge_declared(),
        "/huge-chunked": s.huge_chunked(),
        "/bomb": s.gzip_bomb(),
        "/png-declared": s.page(png, "image/png"),
        "/png-as-html": s.page(png, "text/html"),
        "/json-as-page": s.page(b'{"a": 1}', "application/json"),
        "/to-file": s.redirect("file:///etc/passwd"),
        "/to-127.0.0.2": s.redirect(f"http://127.0.0.2:{port}/x"),
        "/to-ipv6-loopback": s.redirect(f"http://[::1]:{port}/x"),
        "/to-metadata": s.redirect("http://169.254.169.254/latest/meta-data/"),
        "/to-10.0.0.1": s.redirect("http://10.0.0.1/admin"),
        "/laughs.xml": s.page(laughs, "application/rss+xml"),
    }
    server.routes.update(routes)
    rows: list[tuple[str, Run]] = [
        (path, ingest(server.url(path)))
        for path in routes
        if path not in ("/robots.txt", "/laughs.xml")
    ]
    rows.append(("feed /laughs.xml (watch)", watch_feed(server.url("/laughs.xml"))))
    rows.append(("API POST /to-metadata", api_ingest(server.url("/to-metadata"))))
    rows.append(("API POST /to-127.0.0.2", api_ingest(server.url("/to-127.0.0.2"))))
    return rows


def watch_feed(url: str) -> Run:
    def run(pipe: Pipeline) -> str:
        from newsblotter.watch import Watcher

        watcher = Watcher(pipe)
        try:
            watcher.store.add_feed(url, 600)
            report = watcher.cycle(threading.Event())
        finally:
            watcher.close()
        return f"feed failed: {report.errors[0][1]}" if report.errors else "feed polled"

    return run


def api_ingest(url: str) -> Run:
    def run(pipe: Pipeline) -> str:
        from fastapi.testclient import TestClient

        from newsblotter.api import create_app

        with TestClient(create_app(pipe, token="t")) as client:
            answer = client.post(
                "/api/v1/ingest", data={"url": url}, headers={"Authorization": "Bearer t"}
            )
        return f"HTTP {answer.status_code}: {answer.json().get('detail', answer.json())}"

    return run


# -- running one input in a child ---------------------------------------------------------------


def guard_sockets(attempts: list[str]) -> None:
    """In the child: record every connection, and refuse any off loopback (belt and braces:
    the fetcher must refuse first, and the table shows if it did not)."""
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] != "127.0.0.1":
            attempts.append(str(address[0]))
            raise OSError(f"bench: no connection to {address[0]}")
        return real(address, *args, **kwargs)

    socket.create_connection = spy  # type: ignore[assignment]


def resident_mib() -> float:
    """This process's resident memory now (Linux /proc; 0 elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1 << 20)


def run_child(pipe: Pipeline, name: str, run: Run) -> Row:
    row = Row(name)
    before = digest(pipe)
    read, write = os.pipe()
    start = time.perf_counter()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        os.close(read)
        start_mib = resident_mib()
        attempts: list[str] = []
        guard_sockets(attempts)
        try:
            outcome, crashed = run(pipe), False
        except BaseException as exc:
            outcome, crashed = f"CRASH {type(exc).__name__}: {exc}", True
        with os.fdopen(write, "w") as out:
            found = {"outcome": outcome, "crashed": crashed, "leaks": attempts, "start": start_mib}
            json.dump(found, out)
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe_in:
        timer = threading.Timer(CHILD_LIMIT_S, lambda: os.kill(child, 9))
        timer.start()
        text = pipe_in.read()
        _, status, usage = os.wait4(child, 0)
        timer.cancel()
    row.seconds = time.perf_counter() - start
    row.peak_mib = usage.ru_maxrss / 1024
    if not text:
        row.outcome, row.crashed = f"HUNG or killed (status {status})", True
    else:
        found = json.loads(text)
        row.growth_mib = max(0.0, row.peak_mib - found["start"])
        row.outcome, row.crashed, row.leaks = (
            found["outcome"],
            found["crashed"],
            len(found["leaks"]),
        )
    row.unchanged = digest(pipe) == before
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="a folder of more inputs")
    parser.add_argument("--limit", type=int, default=None, help="unused; for a uniform CLI")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        root = Path(tmp)
        settings = load_settings(
            env={},
            db=str(root / "hostile.db"),
            allow_private="127.0.0.1/32",
            read_timeout_s=3,
            connect_timeout_s=3,
            fetch_retries=0,
            host_delay_ms=0,
            text_model="none",
            cache_dir=str(root / "cache"),
        )
        pipe = Pipeline(settings)
        pipe.preload()
        first = pipe.ingest([str(CORPUS / name) for name in BASELINE], workers=1)
        assert first.ingested == len(BASELINE), first.summary()
        inputs = root / "inputs"
        inputs.mkdir()
        rows_in = files(inputs)
        if args.data is not None:
            rows_in += [(p.name, ingest(p)) for p in sorted(args.data.iterdir())]
        base_rss = resident_mib()
        results: list[Row] = []
        with s.LoopbackServer(lifetime_s=900) as server:
            for name, run in rows_in + urls(server):
                row = run_child(pipe, name, run)
                row.outcome = row.outcome.replace(str(inputs), "<dir>")
                row.outcome = row.outcome.replace(server.base, "http://127.0.0.1:PORT")
                results.append(row)
                print(f"  {name}: {row.outcome[:100]}", file=sys.stderr, flush=True)
    print_table(results, base_rss)
    if args.json:
        print(json.dumps(metrics(results)))
    return 0


def metrics(rows: list[Row]) -> dict[str, Any]:
    return {
        "inputs": len(rows),
        "handled": sum(r.handled for r in rows),
        "store_changed": sum(not r.unchanged for r in rows),
        "connections_off_loopback": sum(r.leaks for r in rows),
        "max_seconds": round(max(r.seconds for r in rows), 2),
        "max_growth_mib": round(max(r.growth_mib for r in rows), 1),
    }


def print_table(rows: list[Row], base_rss: float) -> None:
    print(f"Parent (models loaded, two stories stored): {base_rss:.0f} MiB resident. Each input")
    print("runs in a child forked from it: peak = the child's peak resident memory, + = its")
    print("growth over what it had at the fork.")
    print()
    print("| input | outcome | s | peak MiB | +MiB | stored data unchanged | off-loopback |")
    print("|---|---|---:|---:|---:|---|---:|")
    for r in rows:
        outcome = " ".join(r.outcome.split()).replace("|", "/")
        if len(outcome) > 150:
            outcome = outcome[:147] + "..."
        print(
            f"| {r.name} | {outcome} | {r.seconds:.2f} | {r.peak_mib:.0f} | "
            f"{r.growth_mib:.0f} | {'yes' if r.unchanged else 'NO'} | {r.leaks} |"
        )
    m = metrics(rows)
    print()
    print(
        f"{m['handled']} of {m['inputs']} inputs handled (one line, nothing stored changed, "
        f"no connection off loopback); slowest {m['max_seconds']} s, "
        f"largest growth {m['max_growth_mib']} MiB"
    )


if __name__ == "__main__":
    sys.exit(main())
