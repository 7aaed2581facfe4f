"""A real server (uvicorn on loopback) and headless Chromium (Debian's) for the UI tests."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("NEWSBLOTTER_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class LiveServer:
    """``create_app`` served by uvicorn in a thread, stopped at the end of the session."""

    def __init__(self, app: Any) -> None:
        import uvicorn

        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium; "
            ".ci/run installs it)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    import serve_data
    from newsblotter.api import create_app

    pipe = serve_data.build(tmp_path_factory.mktemp("browser") / "ui.db")
    with LiveServer(create_app(pipe)) as server:
        yield server


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $NEWSBLOTTER_SCREENSHOTS (e.g. docs/screenshots) or a temp dir."""
    target = os.environ.get("NEWSBLOTTER_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records CSP violations, page errors and dialogs (none expected)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []  # type: ignore[attr-defined]
    pg.on(
        "console",
        lambda msg: (
            pg.problems.append(msg.text)  # type: ignore[attr-defined]
            if msg.type == "error"
            else None
        ),
    )
    pg.on("pageerror", lambda err: pg.problems.append(f"page error: {err}"))  # type: ignore[attr-defined]

    def on_dialog(dialog: Any) -> None:
        pg.problems.append(f"dialog: {dialog.message}")  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    # Nothing may leave the machine: any request off the test server fails the test.
    pg.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("http://127.0.0.1:")
            else (pg.problems.append(f"external request: {route.request.url}"), route.abort())[1]
        ),  # type: ignore[attr-defined]
    )
    yield pg
    context.close()
