"""Responsibility statements (claims, attributions, denials, ...) and the attribution layer."""

from newsblotter.statements.extract import VERSION, find_statements

__all__ = ["VERSION", "find_statements"]
