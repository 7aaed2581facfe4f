"""Settings: defaults < TOML < environment < explicit overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsblotter.config import Settings, load_settings


def test_defaults() -> None:
    s = load_settings(env={})
    assert s == Settings()
    assert s.db_url == "sqlite:///newsblotter.db"


def test_layers_override_in_order(tmp_path: Path) -> None:
    toml = tmp_path / "nb.toml"
    toml.write_text('[newsblotter]\ndb = "from-file.db"\nmax_bytes = 1000\n', encoding="utf-8")
    s = load_settings(toml, env={"NEWSBLOTTER_MAX_BYTES": "2000"})
    assert (s.db, s.max_bytes) == ("from-file.db", 2000)
    s = load_settings(toml, env={"NEWSBLOTTER_MAX_BYTES": "2000"}, max_bytes=3000)
    assert s.max_bytes == 3000
    assert load_settings(env={"NEWSBLOTTER_CONFIG": str(toml)}).db == "from-file.db"


def test_unknown_setting_is_refused(tmp_path: Path) -> None:
    toml = tmp_path / "bad.toml"
    toml.write_text("max_byte = 3\n", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown settings: max_byte"):
        load_settings(toml, env={})


def test_database_url_passes_through() -> None:
    s = load_settings(env={"NEWSBLOTTER_DB": "postgresql://u@localhost/nb"})
    assert s.db_url == "postgresql://u@localhost/nb"
