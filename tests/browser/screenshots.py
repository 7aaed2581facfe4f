"""Screenshots for the README from the bundled sample corpus:

    PYTHONPATH=src:tests python tests/browser/screenshots.py [docs/screenshots]

Ingests corpus/articles into a temporary database, serves it on loopback and saves the list,
the most-reported incident and the map, taken by headless Chromium (Debian's).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser.conftest import ARGS, CHROMIUM, LiveServer
from newsblotter import Pipeline, load_settings
from newsblotter.api import create_app

REPO = Path(__file__).resolve().parents[2]


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pipe = Pipeline(load_settings(env={}, db=str(Path(tmp) / "corpus.db")))
        print(pipe.ingest([REPO / "corpus" / "articles"]).summary())
        top = max(pipe.db.incidents(), key=lambda i: (len(i.articles), len(i.ledger)))
        with LiveServer(create_app(pipe)) as live, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(live.url + "/?sort=-reports")
            page.screenshot(path=str(out / "incidents.png"), full_page=True)
            page.goto(f"{live.url}/incidents/{top.id}")
            page.screenshot(path=str(out / "incident.png"), full_page=True)
            page.goto(live.url + "/map")
            page.wait_for_selector("#map.ready", timeout=15_000)
            page.screenshot(path=str(out / "map.png"))
            browser.close()
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "docs" / "screenshots")
