"""Line features: how much a line reads like story prose versus a headline, menu or label.

Hand-written because no maintained library scores single lines of already-extracted text;
boilerplate tools (jusText, trafilatura) work on HTML blocks with markup context we do not have
in scraped plain text. The cues are language-light (length, punctuation, letter case,
function-word ratio) so they carry over to pages and outlets never seen in development.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsblotter.article.wire import parse_dateline
from newsblotter.lang import alternation, words

_WORD = re.compile(r"\w+")
_CACHED_LINES = 8192
# Scripts written without spaces: a "word" count means little there, characters do.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_TERMINAL = re.compile(r"""[.!?…。！？:;؟।۔]["'”’»)\]]*$""")
_SENTENCE_END = re.compile(r"[.!?。！？؟।]+(?:\s|$)")
_BULLET = re.compile(r"^\s*(?:[-•*·▪►◦–—]|\d{1,2}[.)])\s+")

_STOPWORDS = words("article.prose_function_words")


_TITLE_FUNCTION_WORDS = words("article.title_case_function_words")


# A headline run on into its story's dateline: "Minister resigns over row NEW DELHI: The ...".
_INNER_DATELINE = re.compile(
    r"[\w)’'\"”]\s+(?:[A-Z][A-Z.'’\-]{2,}\s){0,2}[A-Z][A-Z.'’\-]{2,}"
    r"(?:,\s*[A-Z][a-z]+\.?)?\s*(?:\([A-Za-z ]{2,30}\)\s*)?(?::|—|–|--?)\s+[A-Z]"
)


# A headline glued to its summary: "Republicans lose seat in vote He said the ..." — a
# sentence-opening word capitalised mid-line with no punctuation before it.
_GLUED_SUMMARY = re.compile(
    rf"""^[^.!?:;"“”]{{15,140}}?[a-z0-9’'")\]]\s+
    {alternation("page.sentence_openers")}
    \s[a-z]""",
    re.VERBOSE,
)


def _titled_prefix(words: list[str]) -> bool:
    """The line opens with a headline in title case, run on into a summary (a teaser link).

    Names and organisations are capitalised too, but keep their function words lower case
    ("Secretary of State"); a capitalised "In"/"Of"/"To" inside a capitalised run is the tell.
    """
    run = tells = 0
    for index, word in enumerate(words):
        if not (word[0].isupper() or word[0].isdigit()):
            break
        run += 1
        if index and word in _TITLE_FUNCTION_WORDS:
            tells += 1
    return run >= 5 and tells >= 1


def _teaser(text: str, words: list[str]) -> bool:
    if _INNER_DATELINE.search(text, 12, 240) or _GLUED_SUMMARY.match(text):
        return True
    if not _titled_prefix(words):
        return False
    # The title-case test reads past a story's own dateline ("BERLIN -- The ...").
    dateline = parse_dateline(text)
    return dateline is None or _titled_prefix(_WORD.findall(text[dateline.end :]))


class Line:
    """One line of text with the features the region finder scores (computed once)."""

    __slots__ = (
        "bullet",
        "cjk",
        "commas",
        "lower_ratio",
        "n_words",
        "sentences",
        "shouted",
        "stop_ratio",
        "teaser",
        "terminal",
        "text",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        words = _WORD.findall(text)
        # CJK scan only when the line has characters in that range at all: none in ASCII text
        # (a flag of the string), else a C-level max.
        n_cjk = len(_CJK.findall(text)) if not text.isascii() and max(text) >= "\u3040" else 0
        # A CJK sentence of ~20 characters carries about as much as ten English words.
        self.n_words = max(len(words), n_cjk // 2)
        self.cjk = n_cjk * 2 >= len(text.strip()) > 0
        self.terminal = bool(_TERMINAL.search(text.rstrip()))
        self.bullet = bool(_BULLET.match(text))
        self.commas = text.count(",") + text.count("、") + text.count("，")
        self.sentences = len(_SENTENCE_END.findall(text))
        # map() over C-level predicates: this runs for every line of every page.
        firsts = [c for c in (w[0] for w in words) if c.isalpha()]
        lower = sum(map(str.islower, firsts))
        # Scripts without letter case (Arabic, CJK) count as lower case: no title casing there.
        caseless = len(firsts) - lower - sum(map(str.isupper, firsts))
        stop = sum(map(_STOPWORDS.__contains__, map(str.lower, words)))
        # Share of alphabetic words starting lowercase: prose is mostly lowercase, titles not.
        self.lower_ratio = (lower + caseless) / len(firsts) if firsts else 0.0
        self.stop_ratio = stop / len(words) if words else 0.0
        self.teaser = len(words) > 12 and _teaser(text, words)
        self.shouted = (
            text == text.upper() and sum(1 for c in text if c.isalpha() and c.isupper()) >= 12
        )

    def __repr__(self) -> str:
        return f"Line({self.text!r})"

    @property
    def prose(self) -> bool:
        """A sentence of running text: long enough, punctuated, lower-case or function-word rich."""
        if self.cjk:
            return self.n_words >= 12 and self.terminal
        if self.n_words >= 25:
            # Long but unpunctuated, or a comma list of short items: a tag cloud, not prose.
            if not self.sentences and (self.commas == 0 or self.n_words / self.commas < 4):
                return False
            return self.lower_ratio >= 0.3 or self.stop_ratio >= 0.15
        if self.shouted:
            return False
        return (
            self.n_words >= 8
            and self.terminal
            and (self.lower_ratio >= 0.4 or self.stop_ratio >= 0.2)
        )

    @property
    def headline_like(self) -> bool:
        """A short unpunctuated line: a title, menu entry or link to another story."""
        if self.terminal and self.n_words >= 6:
            return False
        return 1 <= self.n_words <= 20 and not self.prose


def line_cues(line: Line) -> tuple[float, ...]:
    """The cues of ``Line`` as numbers, in one order for both extraction models: terminal,
    prose, headline_like, stop_ratio, lower_ratio, teaser, shouted, cjk."""
    return (
        float(line.terminal),
        float(line.prose),
        float(line.headline_like),
        line.stop_ratio,
        line.lower_ratio,
        float(line.teaser),
        float(line.shouted),
        float(line.cjk),
    )


@lru_cache(maxsize=_CACHED_LINES)
def line_of(text: str) -> Line:
    """``Line(text)``, remembered: a page's paragraphs are read by more than one candidate
    (trafilatura's output, the page's blocks), and sites repeat their chrome lines."""
    return Line(text)


def prose_score(line: Line) -> float:
    """Positive for story-like lines, negative for title/menu-like ones; about -1..+3."""
    if line.prose:
        return min(3.0, 1.0 + line.n_words / 20)
    if line.headline_like:
        return -1.0 if line.n_words <= 12 else -0.5
    return 0.0
