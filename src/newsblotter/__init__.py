"""newsblotter: news pages in, violent incidents and their attribution ledgers out."""

from newsblotter.config import Settings, load_settings

__version__ = "0.1.0"

__all__ = ["Pipeline", "Settings", "__version__", "load_settings", "open_db"]


def __getattr__(name: str) -> object:
    # Lazy: importing the package must not load spaCy or SQLAlchemy.
    if name == "Pipeline":
        from newsblotter.pipeline import Pipeline

        return Pipeline
    if name == "open_db":
        from newsblotter.store import open_db

        return open_db
    raise AttributeError(name)
