"""Alembic environment: always run on the connection ``open_db`` hands over, never from a URL
in an ini file, so migrations need no configuration at run time."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None)
with context.begin_transaction():
    context.run_migrations()
