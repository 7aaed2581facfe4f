"""Settings: defaults < TOML < environment < explicit overrides."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsblotter.config import (
    ConfigError,
    Settings,
    Spec,
    check,
    load_settings,
    parse_bool,
    settings_markdown,
    specs,
)


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
    with pytest.raises(
        ValueError, match=r"unknown setting max_byte = 3 \(did you mean max_bytes\?\)"
    ):
        load_settings(toml, env={})


def test_database_url_passes_through() -> None:
    s = load_settings(env={"NEWSBLOTTER_DB": "postgresql://u@localhost/nb"})
    assert s.db_url == "postgresql://u@localhost/nb"


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        # each of these once ran with another value than asked for, silently
        (
            "NEWSBLOTTER_TRIAGE",
            "true",
            "NEWSBLOTTER_TRIAGE: triage = 'true' is not allowed (one of on, off)",
        ),
        (
            "NEWSBLOTTER_ENGINE",
            "Ray",
            "NEWSBLOTTER_ENGINE: engine = 'Ray' is not allowed (one of pool, ray)",
        ),
        (
            "NEWSBLOTTER_ROBOTS",
            "Ignore",
            "NEWSBLOTTER_ROBOTS: robots = 'Ignore' is not allowed (one of obey, ignore)",
        ),
        (
            "NEWSBLOTTER_TEXT_MODEL",
            "MiniLM",
            "text_model = 'MiniLM' is not allowed (one of minilm, minilm-static, none)",
        ),
        (
            "NEWSBLOTTER_WORKERS",
            "-1",
            "NEWSBLOTTER_WORKERS: workers = '-1' is not allowed (a whole number, at least 0)",
        ),
        (
            "NEWSBLOTTER_WORKERS",
            "two",
            "workers = 'two' is not allowed (a whole number, at least 0)",
        ),
        (
            "NEWSBLOTTER_MAX_BYTES",
            "1e6",
            "max_bytes = '1e6' is not allowed (a whole number, at least 1)",
        ),
        (
            "NEWSBLOTTER_WORKRES",
            "2",
            "unknown setting NEWSBLOTTER_WORKRES = '2' (did you mean NEWSBLOTTER_WORKERS?)",
        ),
    ],
)
def test_bad_environment_values_stop_with_one_line(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(env={variable: value})
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_good_values_are_parsed_strictly_and_other_variables_pass() -> None:
    env = {
        "NEWSBLOTTER_TRIAGE": "off",
        "NEWSBLOTTER_ENGINE": "ray",
        "NEWSBLOTTER_WORKERS": " 4 ",
        "NEWSBLOTTER_MAX_BYTES": "5_000_000",
        "NEWSBLOTTER_TOKEN": "secret",  # serve's, not a setting
        "NEWSBLOTTER_SHARED": "/data",  # the benches', not a setting
    }
    s = load_settings(env=env)
    assert (s.triage, s.engine, s.workers, s.max_bytes) == ("off", "ray", 4, 5_000_000)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("triage = true", "triage = True is not allowed (one of on, off)"),
        ('workers = "2"', "workers = '2' is not allowed (a whole number, at least 0)"),
        ("workers = 2.0", "workers = 2.0 is not allowed"),
        ("max_bytes = 0", "max_bytes = 0 is not allowed (a whole number, at least 1)"),
        ("db = 3", "db = 3 is not allowed (text)"),
        ('robots = "IGNORE"', "robots = 'IGNORE' is not allowed (one of obey, ignore)"),
        ("[other]\nx = 1", "unknown setting other = {'x': 1} (known: db, max_bytes,"),
        ("workers = ", "not valid TOML"),
    ],
)
def test_bad_toml_values_stop_with_one_line(tmp_path: Path, line: str, message: str) -> None:
    toml = tmp_path / "nb.toml"
    toml.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(toml, env={})
    text = str(caught.value)
    assert text.startswith(f"{toml}: ") and message in text and "\n" not in text


def test_overrides_are_checked_like_the_rest() -> None:
    with pytest.raises(ConfigError, match=r"override workers: workers = -2 is not allowed"):
        load_settings(env={}, workers=-2)
    with pytest.raises(
        ConfigError, match=r"unknown setting wrokers = 2 \(did you mean workers\?\)"
    ):
        load_settings(env={}, wrokers=2)
    assert load_settings(env={}, workers="3").workers == 3  # text, as a command line gives it


def test_a_missing_settings_file_is_one_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"nope.toml: cannot read the settings file"):
        load_settings(tmp_path / "nope.toml", env={})


def test_booleans_are_strict() -> None:
    assert [parse_bool(w) for w in ("true", "False", "1", "off", "YES")] == [
        True,
        False,
        True,
        False,
        True,
    ]
    assert parse_bool("ture") is None and parse_bool("") is None
    spec = Spec("flag", bool, False, "a flag")
    assert check(spec, "on", "test") is True
    with pytest.raises(ConfigError, match="flag = 'maybe' is not allowed \\(true or false\\)"):
        check(spec, "maybe", "test")
    with pytest.raises(ConfigError):
        check(spec, 1, "test")


def test_every_setting_is_declared_with_help_and_its_choices_from_the_type() -> None:
    declared = specs()
    assert list(declared) == [f.name for f in dataclasses.fields(Settings)]
    assert all(spec.help for spec in declared.values())
    assert {n: s.choices for n, s in declared.items() if s.choices} == {
        "text_model": ("minilm", "minilm-static", "none"),
        "robots": ("obey", "ignore"),
        "triage": ("on", "off"),
        "engine": ("pool", "ray"),
    }
    for spec in declared.values():  # every default passes its own check
        assert check(spec, spec.default, "default") == spec.default


def test_docs_settings_page_is_generated_from_the_declarations() -> None:
    page = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
    assert page.read_text(encoding="utf-8") == settings_markdown(), (
        "docs/settings.md is stale: newsblotter settings --markdown > docs/settings.md"
    )


def test_cli_stops_on_a_bad_setting_with_one_line_and_exit_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newsblotter.cli import cli

    db = str(tmp_path / "nb.db")
    result = CliRunner().invoke(cli, ["--db", db, "incidents"], env={"NEWSBLOTTER_ENGINE": "Ray"})
    assert result.exit_code == 2
    assert result.output == (
        "newsblotter: NEWSBLOTTER_ENGINE: engine = 'Ray' is not allowed (one of pool, ray)\n"
    )
    toml = tmp_path / "nb.toml"
    toml.write_text("triage = 'yes'\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(toml), "--db", db, "incidents"])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "triage = 'yes' is not allowed (one of on, off)" in result.output


def test_ingest_workers_default_to_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`ingest` without --workers runs as many workers as the setting says (it once ran one
    per core whatever the setting); --workers overrides it for one run."""
    from click.testing import CliRunner

    from newsblotter.cli import cli
    from newsblotter.pipeline import IngestReport, Pipeline

    used: list[int] = []

    def record(
        self: Pipeline, store: object, sources: object, run: object, workers: int, progress: object
    ) -> IngestReport:
        used.append(workers)
        return IngestReport()

    monkeypatch.setattr(Pipeline, "_ingest_here", record)
    page = tmp_path / "page.html"
    page.write_text("<p>nothing</p>", encoding="utf-8")
    args = ["--db", str(tmp_path / "nb.db"), "ingest", str(page)]
    runner = CliRunner()
    assert runner.invoke(cli, args, env={"NEWSBLOTTER_WORKERS": "3"}).exit_code == 0
    assert (
        runner.invoke(cli, [*args, "--workers", "2"], env={"NEWSBLOTTER_WORKERS": "3"}).exit_code
        == 0
    )
    assert runner.invoke(cli, args, env={"NEWSBLOTTER_WORKERS": None}).exit_code == 0
    assert used == [3, 2, 1]


def test_numbers_with_a_fraction_are_checked_too() -> None:
    spec = Spec("ratio", float, 0.5, "a share", min=0, max=1)
    assert check(spec, "0.25", "test") == 0.25 and check(spec, 1, "test") == 1.0
    for bad in ("half", "1.5", "nan", True):
        with pytest.raises(ConfigError, match=r"is not allowed \(a number from 0 to 1\)"):
            check(spec, bad, "test")
    with pytest.raises(ConfigError):
        check(spec, "0.3", "nb.toml", text=False)  # TOML has numbers of its own
