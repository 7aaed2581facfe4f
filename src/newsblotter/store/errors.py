"""Store errors carry one line naming the database, for the CLI to print as is."""


class StoreError(Exception):
    """The database cannot be opened, migrated or written as asked."""
