"""The one error the article stage raises."""

from __future__ import annotations


class NoArticle(ValueError):
    """The page holds no story; the message is a one-line reason naming the document."""
