"""Incident mentions: the violent events an article reports, with their facts and spans."""

from newsblotter.incidents.extract import find_mentions
from newsblotter.incidents.mention import VERSION

__all__ = ["VERSION", "find_mentions"]
