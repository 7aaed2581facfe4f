"""Incident mentions: the violent events an article reports, with their facts and spans."""

from newsblotter.incidents.extract import VERSION, find_mentions

__all__ = ["VERSION", "find_mentions"]
