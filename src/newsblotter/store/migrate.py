"""Bring a database to the newest schema with the alembic scripts shipped in the package."""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, Engine

from newsblotter.store.engine import WRITE
from newsblotter.store.errors import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")


def _config(connection: Connection | None = None) -> Config:
    config = Config()  # no alembic.ini: everything is set here
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def render_sql(dialect_name: str, revision: str = "head") -> str:
    """The DDL that migrating an empty database to ``revision`` would run, as SQL text."""
    buffer = io.StringIO()
    config = _config()
    config.attributes["dialect_name"] = dialect_name
    config.output_buffer = buffer
    command.upgrade(config, revision, sql=True)
    return buffer.getvalue()


def head() -> str:
    found = ScriptDirectory.from_config(_config()).get_current_head()
    assert found is not None, "no migrations shipped"
    return found


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> bool:
    """Migrate to ``revision``; return False when there was nothing to do.

    The check runs first without a write lock so opening an up-to-date database never blocks
    on, or blocks, a writer; the upgrade itself is one transaction (SQLite and PostgreSQL both
    have transactional DDL), so a crash mid-migration leaves the old schema intact.
    """
    target = head() if revision == "head" else revision
    with engine.connect() as conn:
        if current(conn) == target:
            return False
    with engine.execution_options(**WRITE).begin() as conn:
        found = current(conn)
        if found == target:
            return False  # another process migrated meanwhile
        script = ScriptDirectory.from_config(_config(conn))
        if found is not None:
            try:
                script.get_revision(found)
            except CommandError as exc:
                raise StoreError(
                    f"schema revision {found} is unknown to this newsblotter (newer version?)"
                ) from exc
        command.upgrade(_config(conn), revision)
    return True
