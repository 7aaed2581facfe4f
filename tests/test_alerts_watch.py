"""`newsblotter watch --rules`: alerts are evaluated as new documents arrive, once each."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsblotter.cli import cli
from servers import LoopbackServer, page, status

STORY = (
    "<html><head><title>Bomb hits market in Kano</title></head><body><article>"
    "<h1>Bomb hits market in Kano</h1>"
    "<p>KANO, Nigeria (AP) — A bomb exploded at a crowded market in Kano on Friday, killing "
    "at least 12 people and wounding 30, police said.</p>"
    "<p>Boko Haram claimed responsibility for the bombing in a video released on Saturday, "
    "saying its fighters had planted the device near the main gate.</p>"
    "<p>Traders said the market had reopened only a week earlier after repairs.</p>"
    "</article></body></html>"
).encode()


def rss(base: str) -> bytes:
    item = f"<item><title>Kano</title><link>{base}/kano</link><guid>kano-1</guid></item>"
    head = '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    return f"{head}{item}</channel></rss>".encode()


def test_watch_delivers_each_alert_once_across_restarts(tmp_path: Path) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[[rules]]\nname = "Boko Haram claims"\non = "statement"\nkind = ["claim"]\n'
        'actor = "Boko Haram"\nchannels = ["stdout"]\n',
        encoding="utf-8",
    )
    db = tmp_path / "w.db"
    routes = {"/robots.txt": status(404), "/kano": page(STORY)}
    with LoopbackServer(routes) as server:
        server.routes["/feed"] = page(rss(server.base), "application/rss+xml")
        runner = CliRunner()
        env = {"NEWSBLOTTER_HOST_DELAY_MS": "0", "NEWSBLOTTER_ALLOW_PRIVATE": "127.0.0.1/32"}
        assert (
            runner.invoke(
                cli, ["--db", str(db), "feeds", "add", server.url("/feed")], env=env
            ).exit_code
            == 0
        )
        first = runner.invoke(
            cli, ["--db", str(db), "watch", "--once", "--rules", str(rules)], env=env
        )
        assert first.exit_code == 0, first.output
        alerts = [json.loads(line) for line in first.stdout.splitlines() if line.startswith("{")]
        assert len(alerts) == 1
        assert "Boko Haram" in json.dumps(alerts[0])
        again = runner.invoke(
            cli, ["--db", str(db), "watch", "--once", "--rules", str(rules)], env=env
        )
        assert again.exit_code == 0
        assert not [line for line in again.stdout.splitlines() if line.startswith("{")]
        assert (
            runner.invoke(cli, ["--db", str(db), "alerts", "run", str(rules)]).stdout.count("{")
            == 0
        )


def test_a_bad_rules_file_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[rules]]\nname = 3\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "x.db"), "watch", "--once", "--rules", str(bad)]
    )
    assert result.exit_code == 2 and "bad.toml" in result.output
