"""Cues that mark a line as page chrome (promos, related links, sharing, credits) or a caption.

Shared by the HTML and plain-text extractors. Each cue is anchored or length-gated so that a
story sentence that merely mentions "newsletter" or "photo" is not mistaken for chrome: a cue
only fires on a line that *is* the promo, not on one that talks about one.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsblotter.lang import alternation

# Headers after which the rest of a page is other stories, not this one.
_SECTION_BREAK = re.compile(
    rf"^\W*{alternation('chrome.section_break_patterns')}\W*$",
    re.IGNORECASE | re.VERBOSE,
)

# Lines that are promos, navigation, sharing or legal notices whatever their position.
# Split in two so the common case (a story line) costs one anchored match and one short scan.
_CHROME_START = re.compile(
    rf"\W*{alternation('chrome.chrome_start_patterns')}",
    re.IGNORECASE | re.VERBOSE,
)
_CHROME_ANYWHERE = re.compile(
    alternation("chrome.chrome_anywhere_patterns"),
    re.IGNORECASE | re.VERBOSE,
)

# Literals every match of _CHROME_ANYWHERE / _CAPTION contains (lower case). Unanchored
# searches over long alternations cost a regex attempt at every position of every line; a
# plain substring scan rules most lines out first. Characters whose case folds onto ASCII
# letters in the regex engine but not under str.lower() send the line to the regex anyway.
_ANYWHERE_HINTS = (
    "channel", "group", "follow", "copyright", "javascript", "newsletter", "opt-in", "inbox",
    "sign up", "subscribe", "privacy notice", "retrieved", "cookie", "rights reserved",
)  # fmt: skip
_CAPTION_HINTS = (
    "photo", "picture", "image", "illustration", "video", "graphic", "reuters", "getty", "via ",
    "shutterstock", "efe", "handout", "courtesy", "credit", "source", "media", "day, ",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_hold(line: str, hints: tuple[str, ...]) -> bool:
    """False only when the line cannot match the cue regex the hints were written for."""
    lowered = line.lower()
    return any(hint in lowered for hint in hints) or any(c in line for c in _FOLDS_TO_ASCII)


_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_TERMINAL_BEFORE_ELLIPSIS = re.compile(r"[.!?]\s*(?:\.\.\.|…)\s*$")

# An author's bio line under a story ("Jane Doe is a reporter for The Daily Bugle.").
_AUTHOR_BIO = re.compile(
    rf"^[A-Z][\w.'’\-]+(?: [A-Z][\w.'’\-]+){{1,3}} is an? (?:[\w\-]+ ){{0,4}}"
    rf"{alternation('chrome.author_roles')} (?:for|at|with|on)\b"
)

# Ad slots and "continue reading" markers interrupt a story without ending it.
_AD_MARKER = re.compile(
    rf"""^\W*{alternation("chrome.ad_marker_patterns")}\b[^\w]*(?:[-–—:]\s*.{{0,40}})?$""",
    re.IGNORECASE | re.VERBOSE,
)

# A shouted cross-promo: an all-capitals line pointing elsewhere ("CLICK HERE TO GET THE APP").
_SHOUTED_PROMO = re.compile(rf"^[^a-z]*\b{alternation('chrome.shouted_promo_words')}\b[^a-z]*$")

# Reporting/credit lines of wire copy; they signal Reuters-style syndication too.
CREDIT_LINE = re.compile(
    rf"^\W*\(?(?:additional\ )?{alternation('chrome.credit_verbs')}\ by\b",
    re.IGNORECASE | re.VERBOSE,
)

# Caption and photo-credit cues. Captions describe a picture and end with its credit.
_CAPTION = re.compile(
    rf"""(?:{alternation("chrome.caption_patterns")}
      # Wire-photo caption style: a full weekday-and-date ("Tuesday, Nov. 19, 2019, in ...")
      # or "Place, Country, January 5, 2024." closing the description.
      | \b{alternation("nlp.weekdays")},\ (?:{alternation("dates.month_abbreviations")}|may)
            [a-z]*\.?\ \d{{1,2}},\ \d{{4}}\b
      | ,\ {alternation("dates.months")}\ \d{{1,2}},\ \d{{4}}\.(?:\s|$)
    )""",
    re.IGNORECASE | re.VERBOSE,
)

_WORD = re.compile(r"\w+")


def is_section_break(line: str) -> bool:
    """A header that starts the after-story part of a page ("Related", "Next In World")."""
    line = line.strip()
    return 0 < len(line) <= 60 and bool(_SECTION_BREAK.match(line))


@lru_cache(maxsize=8192)
def chrome_reason(line: str) -> str | None:
    """Why a line is chrome ("promo", "section", "ad", "teaser", "shouted"), or None."""
    line = line.strip()
    if not line:
        return None
    words = len(_WORD.findall(line))
    if words <= 12 and is_section_break(line):
        return "section"
    if words <= 12 and _AD_MARKER.match(line):
        return "ad"
    if words > 40:
        # Long lines are prose; only a wire credit line stays chrome whatever its length.
        return "promo" if CREDIT_LINE.match(line) else None
    if _CHROME_START.match(line) or (
        _may_hold(line, _ANYWHERE_HINTS) and _CHROME_ANYWHERE.search(line)
    ):
        return "promo"
    if 4 <= words <= 20 and _TRUNCATED.search(line) and not _TERMINAL_BEFORE_ELLIPSIS.search(line):
        return "teaser"  # a cut-off headline linking to another story
    if words <= 20 and _AUTHOR_BIO.match(line):
        return "promo"
    if words <= 15 and _SHOUTED_PROMO.match(line):
        return "shouted"
    return None


_STORY_CREDIT = re.compile(rf"\b{alternation('chrome.story_credit_words')}\b|©", re.I | re.X)


def names_story_credit(line: str) -> bool:
    """A chrome line that may name the story's own wire service (a credit, a copyright).

    A teaser's "LONDON (Reuters) -" names another story's wire, so other chrome is not used.
    """
    return bool(_STORY_CREDIT.search(line))


@lru_cache(maxsize=8192)
def is_caption(line: str) -> bool:
    """A photo caption or credit line; checked only on lines not already taken as chrome."""
    line = line.strip()
    return (
        bool(line)
        and len(_WORD.findall(line)) <= 80
        and _may_hold(line, _CAPTION_HINTS)
        and bool(_CAPTION.search(line))
    )
