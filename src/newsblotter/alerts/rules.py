"""Alert rules from a TOML file: what to match and where to deliver it.

```toml
[channels.desk]                 # "stdout" needs no table
type = "webhook"                # or "email"
url = "https://desk.example/hooks/newsblotter"
secret_env = "DESK_SECRET"      # HMAC key, read from this variable (or: secret = "...")

[[rules]]
name = "Crimson Banner claims"
on = "statement"                # new statements
kind = ["claim"]
actor = "Crimson Banner Brigade"   # branches included
speaker_kind = ["group"]
channels = ["stdout", "desk"]

[[rules]]
name = "deadly bombings in Pakistan"
on = "incident"                 # new or updated incidents
country = ["PK"]
type = ["bombing"]
killed_at_least = 10
channels = ["desk"]
```
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsblotter.records import INCIDENT_TYPES, SPEAKER_KINDS, STATEMENT_KINDS


class RulesError(ValueError):
    """A rules file that cannot be used; the message is one line naming the file."""


@dataclass(frozen=True, slots=True)
class Channel:
    name: str
    type: str  # stdout, webhook, email
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    on: str  # statement, incident
    channels: tuple[str, ...]
    kinds: frozenset[str] = frozenset()
    actor: str | None = None
    speaker_kinds: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    killed_at_least: int | None = None


@dataclass(frozen=True, slots=True)
class Rules:
    rules: tuple[Rule, ...]
    channels: Mapping[str, Channel]


STDOUT = Channel("stdout", "stdout")
_STATEMENT_KEYS = {"name", "on", "channels", "kind", "actor", "speaker_kind"}
_INCIDENT_KEYS = {"name", "on", "channels", "country", "type", "killed_at_least"}
_CHANNEL_KEYS = {
    "webhook": {"type", "url", "secret", "secret_env", "retries", "backoff_s", "timeout_s"},
    "email": {
        "type",
        "host",
        "port",
        "from",
        "to",
        "starttls",
        "ssl",
        "username",
        "username_env",
        "password_env",
        "timeout_s",
    },
}


def _strings(where: str, value: Any, allowed: tuple[str, ...] | None = None) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
        raise RulesError(f"{where}: expected a string or a list of strings")
    if allowed is not None:
        bad = sorted(set(items) - set(allowed))
        if bad:
            raise RulesError(f"{where}: unknown {', '.join(bad)} (use {', '.join(allowed)})")
    return frozenset(items)


def _channel(name: str, table: Any, env: Mapping[str, str], where: str) -> Channel:
    if not isinstance(table, dict):
        raise RulesError(f"{where}: expected a table")
    kind = table.get("type")
    if kind not in _CHANNEL_KEYS:
        raise RulesError(f"{where}: type must be webhook or email")
    unknown = set(table) - _CHANNEL_KEYS[kind]
    if unknown:
        raise RulesError(f"{where}: unknown keys {', '.join(sorted(unknown))}")
    options = dict(table)
    for key in [k for k in table if k.endswith("_env")]:
        variable = table[key]
        if variable not in env:
            raise RulesError(f"{where}: environment variable {variable} is not set")
        options[key.removesuffix("_env")] = env[variable]
        del options[key]
    required = ("url",) if kind == "webhook" else ("host", "from", "to")
    missing = [k for k in required if k not in options]
    if missing:
        raise RulesError(f"{where}: missing {', '.join(missing)}")
    if kind == "email" and isinstance(options["to"], str):
        options["to"] = [options["to"]]
    return Channel(name, kind, options)


def _rule(n: int, table: Any, channels: Mapping[str, Channel]) -> Rule:
    where = f"rules[{n}]"
    if not isinstance(table, dict):
        raise RulesError(f"{where}: expected a table")
    name = table.get("name")
    if not isinstance(name, str) or not name:
        raise RulesError(f"{where}: a rule needs a name")
    where = f"rule {name!r}"
    on = table.get("on")
    if on not in ("statement", "incident"):
        raise RulesError(f"{where}: on must be statement or incident")
    unknown = set(table) - (_STATEMENT_KEYS if on == "statement" else _INCIDENT_KEYS)
    if unknown:
        raise RulesError(f"{where}: keys not used for {on} rules: {', '.join(sorted(unknown))}")
    wanted = sorted(_strings(f"{where}: channels", table.get("channels", ["stdout"])))
    missing = [c for c in wanted if c not in channels]
    if missing:
        raise RulesError(f"{where}: no channel named {', '.join(missing)}")
    killed = table.get("killed_at_least")
    if killed is not None and (not isinstance(killed, int) or killed < 0):
        raise RulesError(f"{where}: killed_at_least must be a whole number")
    actor = table.get("actor")
    if actor is not None and not isinstance(actor, str):
        raise RulesError(f"{where}: actor must be a string")
    return Rule(
        name=name,
        on=on,
        channels=tuple(wanted),
        kinds=_strings(f"{where}: kind", table.get("kind", []), STATEMENT_KINDS),
        actor=actor,
        speaker_kinds=_strings(
            f"{where}: speaker_kind", table.get("speaker_kind", []), SPEAKER_KINDS
        ),
        countries=frozenset(
            c.upper() for c in _strings(f"{where}: country", table.get("country", []))
        ),
        types=_strings(f"{where}: type", table.get("type", []), INCIDENT_TYPES),
        killed_at_least=killed,
    )


def parse_rules(text: str, source: str, env: Mapping[str, str]) -> Rules:
    """Rules from TOML ``text``; ``env`` resolves the ``*_env`` keys (secrets stay out of
    the file). Raises RulesError naming ``source``."""
    try:
        data = tomllib.loads(text)
        unknown = set(data) - {"rules", "channels"}
        if unknown:
            raise RulesError(f"unknown tables {', '.join(sorted(unknown))}")
        tables = data.get("channels", {})
        if not isinstance(tables, dict):
            raise RulesError("channels must be a table")
        channels = {"stdout": STDOUT}
        for name, table in tables.items():
            channels[name] = _channel(name, table, env, f"channel {name!r}")
        raw_rules = data.get("rules", [])
        if not isinstance(raw_rules, list) or not raw_rules:
            raise RulesError("no [[rules]]")
        rules = tuple(_rule(n, t, channels) for n, t in enumerate(raw_rules))
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise RulesError("rule names must be unique")
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{source}: not valid TOML: {exc}") from exc
    except RulesError as exc:
        raise RulesError(f"{source}: {exc}") from exc
    return Rules(rules, channels)


def load_rules(path: str | Path, env: Mapping[str, str]) -> Rules:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RulesError(f"{path}: {reason}") from exc
    return parse_rules(text, str(path), env)
