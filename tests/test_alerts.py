"""Alert rules: parsing, matching, delivery to real loopback receivers, delivered once."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import hashlib
import hmac
import io
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import serve_data
from newsblotter.alerts import (
    RulesError,
    dry_run,
    evaluate_and_deliver,
    find_alerts,
    parse_rules,
)
from newsblotter.alerts.deliver import EmailChannel, WebhookChannel
from newsblotter.cli import cli
from newsblotter.query.actors import ActorIndex
from newsblotter.records import Count
from newsblotter.store import open_db

SECRET = "hook-secret"

RULES = """
[[rules]]
name = "crimson claims"
on = "statement"
kind = ["claim", "confirmation"]
actor = "Crimson Banner Brigade"
speaker_kind = ["group"]

[[rules]]
name = "deadly"
on = "incident"
country = ["PK", "NG"]
killed_at_least = 20
"""


@pytest.fixture()
def pipe(tmp_path: Path) -> Any:
    return serve_data.build(tmp_path / "alerts.db")


def rules(text: str = RULES, env: dict[str, str] | None = None) -> Any:
    return parse_rules(text, "rules.toml", env or {})


def index() -> ActorIndex:
    return ActorIndex(serve_data.ACTORS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def ndjson(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# -- rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[rules]]\nname = 'x'\non = 'tweet'", "on must be statement or incident"),
        ("[[rules]]\nname = 'x'\non = 'statement'\nkind = ['boast']", "unknown boast"),
        ("[[rules]]\nname = 'x'\non = 'incident'\nkind = ['claim']", "not used for incident"),
        ("[[rules]]\nname = 'x'\non = 'incident'\nchannels = ['pager']", "no channel named pager"),
        ("[[rules]]\nname = 'x'\non = 'incident'\nkilled_at_least = -1", "whole number"),
        ("[channels.w]\ntype = 'webhook'\n[[rules]]\nname='x'\non='incident'", "missing url"),
        (
            "[channels.w]\ntype = 'webhook'\nurl = 'http://127.0.0.1:1/'\nsecret_env = 'NOPE'\n"
            "[[rules]]\nname='x'\non='incident'",
            "NOPE is not set",
        ),
        ("rules = 3", "no [[rules]]"),
        ("[[rules]\n", "not valid TOML"),
    ],
)
def test_bad_rules_fail_with_one_line_naming_the_file(text: str, message: str) -> None:
    with pytest.raises(RulesError) as err:
        rules(text)
    assert str(err.value).startswith("rules.toml: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_secrets_come_from_the_environment() -> None:
    text = (
        "[channels.desk]\ntype = 'webhook'\nurl = 'http://127.0.0.1:9/'\nsecret_env = 'DESK'\n"
        "[[rules]]\nname = 'x'\non = 'incident'\nchannels = ['desk']\n"
    )
    parsed = rules(text, {"DESK": "from-env"})
    assert parsed.channels["desk"].options["secret"] == "from-env"
    assert parsed.rules[0].channels == ("desk",)


# -- matching ------------------------------------------------------------------------------------


def test_rules_match_statements_with_branches_and_incidents_by_toll(pipe: Any) -> None:
    found = find_alerts(pipe.db, rules(), index())
    statements = sorted(a.payload["statement"]["kind"] for a in found if a.event == "statement")
    # the branch's claim and the parent's confirmation; the police attribution is no group's
    assert statements == ["claim", "confirmation"]
    assert [a.subject for a in found if a.event == "incident"] == ["inc-peshawar"]


def test_since_restricts_to_newly_stored_documents(pipe: Any) -> None:
    later = dt.datetime(2024, 5, 2, tzinfo=dt.UTC)  # documents were stored on 2024-05-01
    assert find_alerts(pipe.db, rules(), index(), since=later) == []
    earlier = dt.datetime(2024, 4, 30, tzinfo=dt.UTC)
    assert len(find_alerts(pipe.db, rules(), index(), since=earlier)) == 3


# -- stdout, once ----------------------------------------------------------------------------------


def test_stdout_alerts_are_delivered_once_across_restarts(pipe: Any) -> None:
    out = io.StringIO()
    report = evaluate_and_deliver(pipe.db, rules(), actors=index(), stdout=out)
    assert (report.delivered, report.skipped, report.failures) == (3, 0, [])
    lines = ndjson(out.getvalue())
    assert sorted(line["event"] for line in lines) == ["incident", "statement", "statement"]
    assert all(len(line["id"]) == 64 for line in lines)
    assert next(x for x in lines if x["event"] == "incident")["change"] == "new"

    # a new process on the same database: nothing is delivered again
    pipe.db.close()
    reopened = open_db(pipe.settings.db)
    out2 = io.StringIO()
    again = evaluate_and_deliver(reopened, rules(), actors=index(), stdout=out2)
    assert (again.delivered, again.skipped) == (0, 3)
    assert out2.getvalue() == ""

    # the incident is updated (a higher toll): the rule alerts again, as an update
    incidents = reopened.incidents()
    pesh = next(i for i in incidents if i.id == "inc-peshawar")
    pesh.killed = Count(31, "exact", 31, 31)
    reopened.replace_incidents(incidents)
    out3 = io.StringIO()
    third = evaluate_and_deliver(reopened, rules(), actors=index(), stdout=out3)
    assert third.delivered == 1
    [update] = ndjson(out3.getvalue())
    assert (update["change"], update["incident"]["killed"]["value"]) == ("updated", 31)


def test_dry_run_delivers_and_records_nothing(pipe: Any) -> None:
    first = dry_run(pipe.db, rules(), actors=index())
    assert [due for _, due in first] == [["stdout"]] * 3
    assert dry_run(pipe.db, rules(), actors=index()) == first


# -- webhook -------------------------------------------------------------------------------------


class Receiver:
    """A real HTTP server on loopback that answers with the statuses it is given, in turn."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.requests: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver([])
    yield r
    r.close()


def webhook_rules(url: str) -> Any:
    return rules(
        f"[channels.desk]\ntype = 'webhook'\nurl = '{url}'\nsecret_env = 'S'\nbackoff_s = 0.01\n"
        "[[rules]]\nname = 'deadly'\non = 'incident'\nkilled_at_least = 20\nchannels = ['desk']\n",
        {"S": SECRET},
    )


def test_webhook_posts_signed_json_and_retries_with_backoff(pipe: Any, receiver: Receiver) -> None:
    receiver.statuses = [503, 500]  # two failures, then the default 200
    report = evaluate_and_deliver(pipe.db, webhook_rules(receiver.url), actors=index())
    assert (report.delivered, report.failures) == (1, [])
    assert len(receiver.requests) == 3
    headers, body = receiver.requests[-1]
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Newsblotter-Signature"] == expected
    assert headers["Content-Type"] == "application/json"
    doc = json.loads(body)
    assert doc["incident"]["id"] == "inc-peshawar"
    assert headers["X-Newsblotter-Delivery"] == doc["id"]
    # recorded: a second run posts nothing
    evaluate_and_deliver(pipe.db, webhook_rules(receiver.url), actors=index())
    assert len(receiver.requests) == 3


def test_webhook_backoff_doubles() -> None:
    waits: list[float] = []
    port = free_port()  # nothing listens there: every attempt is refused
    channel = WebhookChannel(
        f"http://127.0.0.1:{port}/", retries=3, backoff_s=0.5, sleep=waits.append
    )
    from newsblotter.alerts.match import Alert

    with pytest.raises(Exception, match=f"webhook http://127.0.0.1:{port}/"):
        channel.deliver(Alert("r", "incident", "s", "1", ("desk",), {"x": 1}))
    assert waits == [0.5, 1.0, 2.0]


def test_webhook_client_errors_are_not_retried_and_not_recorded(
    pipe: Any, receiver: Receiver
) -> None:
    receiver.statuses = [404]
    report = evaluate_and_deliver(pipe.db, webhook_rules(receiver.url), actors=index())
    assert report.delivered == 0
    assert report.failures == [f"deadly -> desk: webhook {receiver.url}: HTTP 404"]
    assert len(receiver.requests) == 1
    # not recorded, so the next run tries again (and now succeeds)
    report = evaluate_and_deliver(pipe.db, webhook_rules(receiver.url), actors=index())
    assert report.delivered == 1


# -- email ---------------------------------------------------------------------------------------


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(envelope.content)
        return "250 OK"


def test_email_goes_through_a_local_smtp_server(pipe: Any) -> None:
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        text = (
            f"[channels.mail]\ntype = 'email'\nhost = '127.0.0.1'\nport = {port}\n"
            "from = 'alerts@newsblotter.example'\nto = 'desk@newsblotter.example'\n"
            "[[rules]]\nname = 'crimson claims'\non = 'statement'\nkind = ['claim']\n"
            "actor = 'CBB'\nchannels = ['mail']\n"
        )
        report = evaluate_and_deliver(pipe.db, rules(text), actors=index())
    finally:
        controller.stop()
    assert (report.delivered, report.failures) == (1, [])
    [raw] = inbox.messages
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["To"] == "desk@newsblotter.example"
    assert msg["Subject"] == (
        "[newsblotter] crimson claims: claim by Crimson Banner Coastal Wing naming "
        "Crimson Banner Coastal Wing"
    )
    body = msg.get_body().get_content()  # type: ignore[union-attr]
    assert "its fighters carried out the bombing" in body


def test_email_failure_is_one_line() -> None:
    channel = EmailChannel("127.0.0.1", "a@b.example", ["c@d.example"], port=1, timeout_s=2)
    from newsblotter.alerts.match import Alert

    with pytest.raises(Exception, match=r"^email via 127.0.0.1:1: "):
        channel.deliver(Alert("r", "incident", "s", "1", ("m",), {"incident": {}}))


# -- CLI -----------------------------------------------------------------------------------------


def test_cli_alerts_test_is_a_dry_run(pipe: Any, tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    runner = CliRunner()
    db = pipe.settings.db
    result = runner.invoke(cli, ["--db", db, "alerts", "test", str(path)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in result.stdout.splitlines()]
    assert len(lines) == 3 and all(x["due"] == ["stdout"] for x in lines)
    run = runner.invoke(cli, ["--db", db, "alerts", "run", str(path)])
    assert run.exit_code == 0
    assert len(ndjson(run.stdout)) == 3
    after = runner.invoke(cli, ["--db", db, "alerts", "test", str(path)])
    assert all(json.loads(x)["due"] == [] for x in after.stdout.splitlines())


def test_cli_alerts_bad_rules_file(pipe: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", pipe.settings.db, "alerts", "test", str(tmp_path / "none.toml")]
    )
    assert result.exit_code == 2
    assert "none.toml: No such file or directory" in result.output


def test_alert_payload_is_a_plain_dataclass() -> None:
    from newsblotter.alerts.match import Alert

    a = Alert("r", "incident", "s", "1", ("stdout",), {})
    assert dataclasses.replace(a, revision="2").key != a.key
