"""``newsblotter serve`` as a real process: it listens, serves pages and the API, and only
accepts ingest with the token it was given (here through NEWSBLOTTER_TOKEN)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

import serve_data

REPO = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def _serve(db: Path, port: int, token: str | None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    env.pop("NEWSBLOTTER_TOKEN", None)
    if token:
        env["NEWSBLOTTER_TOKEN"] = token
    code = "from newsblotter.cli import main; main()"
    args = [sys.executable, "-c", code, "--db", str(db), "serve", "--port", str(port)]
    return subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture()
def server(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    db = tmp_path / "served.db"
    serve_data.build(db).db.close()
    port = _free_port()
    proc = _serve(db, port, getattr(request, "param", None))
    url = f"http://127.0.0.1:{port}"
    try:
        # generous: on a machine shared by many test runs the start alone took over 30 s
        deadline = time.monotonic() + 180
        while True:
            try:
                httpx.get(url + "/api/v1/incidents", timeout=1)
                break
            except httpx.TransportError:
                if proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.1)
                    continue
                # stopped first: reading a live server's stderr would wait for it forever
                proc.kill()
                _, err = proc.communicate(timeout=30)
                raise RuntimeError(f"serve did not answer: {err.decode()[-2000:]}") from None
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_answers_pages_and_api(server: str) -> None:
    incidents = httpx.get(server + "/api/v1/incidents").json()["items"]
    assert [i["id"] for i in incidents] == ["inc-kharkiv", "inc-maiduguri", "inc-peshawar"]
    page = httpx.get(server + "/incidents/inc-peshawar")
    assert page.status_code == 200 and "Attribution ledger" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    refused = httpx.post(server + "/api/v1/ingest", files={"file": ("a.txt", b"x")})
    assert refused.status_code == 403


@pytest.mark.parametrize("server", ["tok-123"], indirect=True)
def test_serve_with_a_token_guards_ingest(server: str) -> None:
    files = {"file": ("a.txt", b"x")}
    assert httpx.post(server + "/api/v1/ingest", files=files).status_code == 401
    wrong = httpx.post(
        server + "/api/v1/ingest", files=files, headers={"Authorization": "Bearer no"}
    )
    assert wrong.status_code == 401
    # the right token gets through to ingest, which judges the (empty-ish) upload itself
    ok = httpx.post(
        server + "/api/v1/ingest",
        files={"file": ("empty.txt", b"")},
        headers={"Authorization": "Bearer tok-123"},
    )
    assert ok.status_code == 200
    assert ok.json()["failures"] == ["upload:empty.txt: empty file"]


def test_serve_refuses_a_database_it_cannot_open(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    code = "from newsblotter.cli import main; main()"
    missing = tmp_path / "no" / "such" / "dir" / "x.db"
    result = subprocess.run(
        [sys.executable, "-c", code, "--db", str(missing), "serve", "--port", str(_free_port())],
        env=env,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode != 0
    err = result.stderr.decode()
    assert "does not exist" in err
    assert "Traceback" not in err
