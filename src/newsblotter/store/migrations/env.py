"""Alembic environment: run on the connection ``open_db`` hands over, never from a URL in an
ini file, so migrations need no configuration at run time. Offline mode (``sql=True`` with a
``dialect_name`` attribute) renders the DDL as SQL text, e.g. to review it for PostgreSQL."""

from alembic import context

config = context.config
if context.is_offline_mode():
    context.configure(dialect_name=config.attributes["dialect_name"], literal_binds=True)
else:
    context.configure(connection=config.attributes["connection"], target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
