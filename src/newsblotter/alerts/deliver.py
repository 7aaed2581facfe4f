"""Delivery channels: NDJSON on a stream, a signed JSON POST, an e-mail."""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import time
from collections.abc import Callable, Mapping
from email.message import EmailMessage
from typing import Any, Protocol, TextIO

import httpx

from newsblotter.alerts.match import Alert

SIGNATURE_HEADER = "X-Newsblotter-Signature"
DELIVERY_HEADER = "X-Newsblotter-Delivery"


class DeliveryError(RuntimeError):
    """A channel that could not take an alert; the message is one line."""


class Deliverer(Protocol):
    def deliver(self, alert: Alert) -> None: ...


def body(alert: Alert) -> bytes:
    """The JSON document every channel sends, keyed so a receiver can drop duplicates."""
    doc = {"id": alert.key, **alert.payload}
    return json.dumps(doc, ensure_ascii=False, sort_keys=True).encode("utf-8")


def sign(secret: str, payload: bytes) -> str:
    """``sha256=<hex HMAC-SHA256 of the body>``, the form GitHub-style receivers check."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()


class StdoutChannel:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def deliver(self, alert: Alert) -> None:
        self.stream.write(body(alert).decode("utf-8") + "\n")
        self.stream.flush()


class WebhookChannel:
    """POST with retries: connection errors, 429 and 5xx are retried with exponential
    backoff; any other answer than 2xx fails at once (retrying would not change it)."""

    def __init__(
        self,
        url: str,
        secret: str | None = None,
        retries: int = 4,
        backoff_s: float = 1.0,
        timeout_s: float = 10.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url
        self.secret = secret
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.sleep = sleep

    def deliver(self, alert: Alert) -> None:
        payload = body(alert)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "newsblotter-alerts",
            DELIVERY_HEADER: alert.key,
        }
        if self.secret:
            headers[SIGNATURE_HEADER] = sign(self.secret, payload)
        problem = ""
        with httpx.Client(timeout=self.timeout_s) as client:
            for attempt in range(self.retries + 1):
                if attempt:
                    self.sleep(self.backoff_s * 2 ** (attempt - 1))
                try:
                    resp = client.post(self.url, content=payload, headers=headers)
                except httpx.HTTPError as exc:
                    problem = " ".join(str(exc).split()) or type(exc).__name__
                    continue
                if 200 <= resp.status_code < 300:
                    return
                problem = f"HTTP {resp.status_code}"
                if resp.status_code != 429 and resp.status_code < 500:
                    break
        raise DeliveryError(f"webhook {self.url}: {problem}")


class EmailChannel:
    def __init__(
        self,
        host: str,
        sender: str,
        to: list[str],
        port: int = 25,
        starttls: bool = False,
        ssl: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self.host, self.port, self.sender, self.to = host, port, sender, to
        self.starttls, self.ssl = starttls, ssl
        self.username, self.password = username, password
        self.timeout_s = timeout_s

    def message(self, alert: Alert) -> EmailMessage:
        msg = EmailMessage()
        msg["Subject"] = f"[newsblotter] {alert.summary()}"
        msg["From"] = self.sender
        msg["To"] = ", ".join(self.to)
        msg["X-Newsblotter-Alert"] = alert.key
        text = json.dumps(json.loads(body(alert)), ensure_ascii=False, indent=2)
        msg.set_content(f"{alert.summary()}\n\n{text}\n")
        return msg

    def deliver(self, alert: Alert) -> None:
        factory = smtplib.SMTP_SSL if self.ssl else smtplib.SMTP
        try:
            with factory(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.starttls:
                    smtp.starttls()
                if self.username and self.password:
                    smtp.login(self.username, self.password)
                smtp.send_message(self.message(alert))
        except (OSError, smtplib.SMTPException) as exc:
            raise DeliveryError(f"email via {self.host}:{self.port}: {exc}") from exc


def make_deliverer(kind: str, options: Mapping[str, Any], stdout: TextIO) -> Deliverer:
    if kind == "stdout":
        return StdoutChannel(stdout)
    if kind == "webhook":
        return WebhookChannel(
            options["url"],
            options.get("secret"),
            int(options.get("retries", 4)),
            float(options.get("backoff_s", 1.0)),
            float(options.get("timeout_s", 10.0)),
        )
    return EmailChannel(
        options["host"],
        options["from"],
        list(options["to"]),
        int(options.get("port", 25)),
        bool(options.get("starttls", False)),
        bool(options.get("ssl", False)),
        options.get("username"),
        options.get("password"),
        float(options.get("timeout_s", 30.0)),
    )
