"""The API on PostgreSQL: the store, the filters and PostgreSQL's own full-text search, on a
throwaway cluster (skipped where PostgreSQL's server binaries or psycopg are missing)."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import serve_data
from newsblotter.api import create_app

BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)), None)


def _as_postgres() -> list[str]:
    """Run the server as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root without a postgres user to run the server as")
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    pytest.importorskip("psycopg")
    if BIN is None or not (BIN / "initdb").exists():
        pytest.skip("PostgreSQL server binaries not installed (Debian: postgresql)")
    prefix = _as_postgres()
    # Not under pytest's temp folder: that one is private to us, and the server runs as postgres.
    holder = tempfile.TemporaryDirectory(prefix="newsblotter-pg-")
    base = Path(holder.name)
    data = base / "data"
    if prefix:
        shutil.chown(base, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    run = lambda *args: subprocess.run(  # noqa: E731
        [*prefix, *args], check=True, capture_output=True, timeout=60
    )
    run(str(BIN / "initdb"), "-D", str(data), "-U", "nb", "--auth=trust", "-E", "UTF8")
    run(
        str(BIN / "pg_ctl"), "-D", str(data), "-w", "-l", str(base / "log"),
        "-o", f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start",
    )  # fmt: skip
    try:
        run(str(BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "nb", "newsblotter")
        yield f"postgresql+psycopg://nb@127.0.0.1:{port}/newsblotter"
    finally:
        run(str(BIN / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        holder.cleanup()


@pytest.fixture(scope="module")
def client(pg_url: str) -> Iterator[TestClient]:
    pipe = serve_data.build_at(pg_url)
    with TestClient(create_app(pipe)) as c:
        yield c


def ids(client: TestClient, **params: object) -> list[str]:
    resp = client.get("/api/v1/incidents", params=params)
    assert resp.status_code == 200, resp.text
    return [i["id"] for i in resp.json()["items"]]


def test_full_text_uses_postgresql_search(client: TestClient) -> None:
    assert ids(client, q="spice") == ["inc-peshawar"]
    assert ids(client, q="SPICE sunday") == ["inc-peshawar"]  # all words, any case
    assert ids(client, q="spice kharkiv") == []
    assert ids(client, q="spic") == []  # words, not substrings: this is not LIKE
    for odd in ['"spice', "AND OR NOT", "*", "spice)", "-", "!!"]:
        assert client.get("/api/v1/incidents", params={"q": odd}).status_code == 200


def test_filters_and_pages_on_postgresql(client: TestClient) -> None:
    assert ids(client) == ["inc-kharkiv", "inc-maiduguri", "inc-peshawar"]
    assert ids(client, actor="Crimson Banner Brigade") == ["inc-peshawar"]
    assert ids(client, country="NG", min_killed=5) == ["inc-maiduguri"]
    page = client.get("/api/v1/incidents", params={"limit": 2}).json()
    rest = client.get("/api/v1/incidents", params={"limit": 2, "cursor": page["next_cursor"]})
    assert [i["id"] for i in rest.json()["items"]] == ["inc-peshawar"]
    docs = client.get("/api/v1/documents").json()["items"]
    assert all(d["fetched_at"].endswith(("+00:00", "Z")) for d in docs)
