"""No fetch reaches a private address unless allowed: every path (Fetcher, CLI, feeds, API),
after every redirect and every DNS answer, refused before connecting.

Test traffic stays on loopback: the servers listen on 127.0.0.1 (allowed by name in the
settings where a test needs a page), 127.0.0.2 and ::1 (which must never be asked); other
addresses (10.x, 169.254.169.254) only ever reach the connection spy, which refuses them too.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

import servers as s
from newsblotter.cli import cli
from newsblotter.ingest import guard
from newsblotter.ingest.fetch import Fetcher
from newsblotter.ingest.guard import Guard, parse_allowed
from test_fetch import settings as fetch_settings

PAGE = (
    b"<html><head><title>Ferry timetable</title></head><body><article>"
    + b"<p>The ferry to the island now leaves at seven, the harbour office said.</p>" * 6
    + b"</article></body></html>"
)
ONLY_TEST_SERVER = "127.0.0.1/32"


def settings(**overrides: object) -> Any:
    """test_fetch's settings, with no private address allowed unless a test says so."""
    return fetch_settings(**{"allow_private": "", "fetch_retries": 0, **overrides})


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every address a socket is opened to; anything off 127.0.0.1/::1 is refused here too,
    so a guard bug can never send a packet off the machine."""
    seen: list[str] = []
    real = socket.create_connection

    def spy(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        seen.append(str(address[0]))
        if address[0] not in ("127.0.0.1", "127.0.0.2", "::1"):
            raise OSError(f"test spy: no connection to {address[0]}")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", spy)
    return seen


@pytest.fixture
def server() -> Iterator[s.LoopbackServer]:
    with s.LoopbackServer({"/robots.txt": s.status(404), "/a": s.page(PAGE)}) as srv:
        yield srv


@pytest.fixture
def other() -> Iterator[s.LoopbackServer]:
    """A server on 127.0.0.2: reachable on this machine, so a hit would show a leak."""
    with s.LoopbackServer(
        {"/robots.txt": s.status(404), "/x": s.page(PAGE)}, host="127.0.0.2"
    ) as srv:
        yield srv


def test_address_kinds() -> None:
    plain = Guard()
    verdicts = {
        a: plain.refusal(a)
        for a in (
            "93.184.216.34",
            "2606:4700::1111",
            "127.0.0.2",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",
            "169.254.1.1",
            "100.64.0.1",
            "0.0.0.0",
            "224.0.0.1",
            "240.0.0.1",
            "::1",
            "fe80::1",
            "fc00::5",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "64:ff9b::a00:1",
            "fd00:ec2::254",
        )
    }
    kinds = {a: (v.split(" is ", 1)[1].split(" (")[0] if v else None) for a, v in verdicts.items()}
    assert kinds == {
        "93.184.216.34": None,
        "2606:4700::1111": None,
        "127.0.0.2": "a loopback address",
        "10.1.2.3": "a private address",
        "172.16.0.9": "a private address",
        "192.168.1.1": "a private address",
        "169.254.169.254": "a cloud metadata address",
        "169.254.1.1": "a link-local address",
        "100.64.0.1": "a non-public address",
        "0.0.0.0": "an unspecified address",
        "224.0.0.1": "a multicast address",
        "240.0.0.1": "a private address",
        "::1": "a loopback address",
        "fe80::1": "a link-local address",
        "fc00::5": "a private address",
        "::ffff:127.0.0.1": "a loopback address",
        "::ffff:8.8.8.8": None,
        "64:ff9b::a00:1": "a private address",
        "fd00:ec2::254": "a cloud metadata address",
    }
    everything = Guard("all")
    assert everything.refusal("10.1.2.3") is None and everything.refusal("::1") is None
    assert everything.refusal("169.254.169.254") == "169.254.169.254 is a cloud metadata address"
    intranet = Guard("10.1.0.0/16, 127.0.0.1")
    allowed = {
        a: intranet.refusal(a) is None for a in ("10.1.9.9", "10.2.0.1", "127.0.0.1", "127.0.0.2")
    }
    assert allowed == {"10.1.9.9": True, "10.2.0.1": False, "127.0.0.1": True, "127.0.0.2": False}
    with pytest.raises(ValueError, match="'intranet' is not a network"):
        parse_allowed("10.0.0.0/8 intranet")


def test_by_default_loopback_is_refused_before_any_request(
    server: s.LoopbackServer, connections: list[str]
) -> None:
    with Fetcher(settings()) as fetcher:
        got = fetcher.fetch(server.url("/a"))
    assert not got.ok and got.error is not None
    assert got.error == (
        f"{server.url('/a')}: refused: 127.0.0.1 is a loopback address "
        "(allow it with the allow_private setting)"
    )
    assert server.requests == [] and connections == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.2:{port}/x",
        "http://[::1]:{port}/x",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.5/admin",
        "http://0x7f000002:{port}/x",
        "http://[::ffff:127.0.0.2]:{port}/x",
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_private_address_is_refused_without_connecting(
    server: s.LoopbackServer, other: s.LoopbackServer, connections: list[str], target: str
) -> None:
    port = int(other.base.rsplit(":", 1)[1])
    location = target.format(port=port)
    server.routes["/r"] = s.redirect(location)
    with Fetcher(settings(allow_private=ONLY_TEST_SERVER)) as fetcher:
        got = fetcher.fetch(server.url("/r"))
    assert not got.ok and got.error is not None
    assert "refused" in got.error or "non-http" in got.error
    assert other.requests == []
    assert set(connections) == {"127.0.0.1"}  # the allowed server, and nothing else


def test_dns_rebinding_is_refused_at_connect(
    server: s.LoopbackServer, connections: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name answers the allowed address for robots.txt, a private one when the page is
    asked on a new connection: each connection goes to the address checked for it, so the
    page is refused and nothing reaches the private address."""
    port = int(server.base.rsplit(":", 1)[1])
    server.routes["/robots.txt"] = s.status(404, Connection="close")  # no reuse: a new connect
    answers = iter(["127.0.0.1", "10.0.0.7", "10.0.0.7"])
    lock = threading.Lock()

    def fake_dns(host: str, port_: int) -> list[Any]:
        with lock:
            address = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port_))]

    monkeypatch.setattr(guard, "resolve", fake_dns)
    with Fetcher(settings(allow_private=ONLY_TEST_SERVER)) as fetcher:
        got = fetcher.fetch(f"http://news.test:{port}/a")
    assert got.error == (
        f"http://news.test:{port}/a: refused: news.test resolves to 10.0.0.7 is a private "
        "address (allow it with the allow_private setting)"
    )
    assert connections == ["127.0.0.1"]
    assert [path for path, _ in server.requests] == ["/robots.txt"]


def test_an_answer_mixing_public_and_private_addresses_is_refused(
    monkeypatch: pytest.MonkeyPatch, connections: list[str]
) -> None:
    def fake_dns(host: str, port: int) -> list[Any]:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("192.168.0.10", port)),
        ]

    monkeypatch.setattr(guard, "resolve", fake_dns)
    with Fetcher(settings()) as fetcher:
        got = fetcher.fetch("http://mixed.test/a")
    assert got.error is not None and "192.168.0.10 is a private address" in got.error
    assert connections == []


def test_the_cli_refuses_loopback_by_default(
    tmp_path: Path, server: s.LoopbackServer, connections: list[str]
) -> None:
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "c.db"), "ingest", "--workers", "1", server.url("/a")], env={}
    )
    assert result.exit_code == 1
    assert f"failed: {server.url('/a')}: refused: 127.0.0.1 is a loopback address" in result.output
    assert server.requests == [] and connections == []


def test_a_feed_item_on_a_private_address_is_refused(
    tmp_path: Path, server: s.LoopbackServer, other: s.LoopbackServer, connections: list[str]
) -> None:
    from newsblotter.watch import Watcher
    from servers import TextPipeline

    items = "".join(
        f"<item><title>T{n}</title><link>{link}</link><guid>g{n}</guid></item>"
        for n, link in enumerate([server.url("/a"), other.url("/x"), "http://10.9.8.7/story"])
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}'
    server.routes["/feed"] = s.page(f"{feed}</channel></rss>".encode(), "application/rss+xml")
    pipe = TextPipeline(settings(db=str(tmp_path / "f.db"), allow_private=ONLY_TEST_SERVER))
    watcher = Watcher(pipe)
    watcher.store.add_feed(server.url("/feed"), 600)
    try:
        report = watcher.cycle(threading.Event())
    finally:
        watcher.close()
    assert report.ingest is not None
    assert (report.ingest.ingested, report.ingest.failed) == (1, 2)
    assert sorted(e for _, e in report.ingest.failures) == sorted(
        [
            f"{other.url('/x')}: refused: 127.0.0.2 is a loopback address "
            "(allow it with the allow_private setting)",
            "http://10.9.8.7/story: refused: 10.9.8.7 is a private address "
            "(allow it with the allow_private setting)",
        ]
    )
    assert other.requests == [] and set(connections) == {"127.0.0.1"}


def test_the_api_fetches_through_the_same_fetcher(
    tmp_path: Path, server: s.LoopbackServer, other: s.LoopbackServer, connections: list[str]
) -> None:
    import dataclasses

    import serve_data
    from newsblotter.api import create_app

    pipe = serve_data.build(tmp_path / "api.db")
    token = "tok"
    auth = {"Authorization": f"Bearer {token}"}
    server.routes["/to-other"] = s.redirect(other.url("/x"))
    for n in range(6):
        server.routes[f"/hop{n}"] = s.redirect(server.url(f"/hop{n + 1}"))
    with TestClient(create_app(pipe, token=token)) as client:
        refused = client.post("/api/v1/ingest", data={"url": server.url("/a")}, headers=auth)
        assert refused.status_code == 502
        assert "refused: 127.0.0.1 is a loopback address" in refused.json()["detail"]
        assert server.requests == []
        pipe.settings = dataclasses.replace(pipe.settings, allow_private=ONLY_TEST_SERVER)
        redirected = client.post(
            "/api/v1/ingest", data={"url": server.url("/to-other")}, headers=auth
        )
        assert redirected.status_code == 502
        assert "refused: 127.0.0.2 is a loopback address" in redirected.json()["detail"]
        looped = client.post("/api/v1/ingest", data={"url": server.url("/hop0")}, headers=auth)
        assert looped.status_code == 502
        assert "more than 5 redirects" in looped.json()["detail"]  # the setting, not httpx's 20
    asked = [path for path, _ in server.requests]
    assert asked == [
        "/robots.txt",
        "/to-other",
        "/hop0",
        "/hop1",
        "/hop2",
        "/hop3",
        "/hop4",
        "/hop5",
    ]
    agents = {headers.get("User-Agent") for _, headers in server.requests}
    assert agents == {pipe.settings.user_agent}
    assert other.requests == [] and set(connections) == {"127.0.0.1"}
