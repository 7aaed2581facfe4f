"""Line features for the scraped-text model: each row of a text page as one row of numbers.

What the line says (``Line``'s cues, its kind and score from ``article.rows``), where it sits
(position, section headers around it, blank lines), how the page repeats it, whether the
hand-written region finder (``article.region``) puts it in the story, and how its
neighbours fare. The names are listed once, in ``LINE_FEATURES``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsblotter.article.features import shifted, shingles, token_list, window_mean
from newsblotter.article.lines import line_cues
from newsblotter.article.rows import Row

KINDS = ("section", "chrome", "ad", "date", "byline", "caption", "label", "story")
_NEAR, _FAR = 3, 8

LINE_FEATURES: tuple[str, ...] = (
    "log_words", "log_chars", "terminal", "prose", "headline_like", "stop_ratio",
    "lower_ratio", "teaser", "shouted", "cjk", "bullet", "commas_per_word", "log_sentences",
    "digit_share", *(f"kind_{kind}" for kind in KINDS), "score", "gap_before",
    "position", "chars_before", "repeats", "seen_before", "is_title",
    "in_rule_body", "in_rule_region", "before_region", "after_region", "log_gap_region",
    "sections_before", "log_since_section", "log_until_section",
    "prev_prose", "next_prose", "prev_rule", "next_rule", "prev_section", "next_section",
    "near_prose", "far_prose", "near_rule", "far_rule", "page_log_rows", "page_rule_share",
)  # fmt: skip


@lru_cache(maxsize=16384)
def _tokens(text: str) -> tuple[str, tuple[tuple[str, ...], ...]]:
    """A line's tokens joined in lower case (its key for repeats) and its 4-token shingles:
    read once for each distinct line, as ``rows`` reads its cues."""
    tokens = token_list(text)
    return " ".join(tokens).lower(), tuple(shingles(tokens))


def _seen_before(texts: Sequence[str]) -> list[float]:
    """Share of each line's 4-token shingles met in earlier lines."""
    seen: set[tuple[str, ...]] = set()
    shares = []
    for text in texts:
        windows = _tokens(text)[1]
        shares.append(sum(map(seen.__contains__, windows)) / len(windows) if windows else 0.0)
        seen.update(windows)
    return shares


def line_features(
    rows: Sequence[Row],
    rule_body: set[int],
    region: tuple[int, int] | None,
    title_index: int,
) -> npt.NDArray[np.float32]:
    """One row of ``LINE_FEATURES`` per row; ``rule_body`` and ``region`` are row indices.

    Column by column over the whole page (numpy where it can): a per-row Python loop cost
    more than the model itself."""
    n = len(rows)
    out = np.empty((n, len(LINE_FEATURES)), dtype=np.float32)
    if not n:
        return out
    texts = [r.line.text for r in rows]
    lines = [r.line for r in rows]
    lengths = np.array([len(t) for t in texts], dtype=np.float64)
    n_words = np.array([line.n_words for line in lines], dtype=np.float64)
    total_chars = float(lengths.sum()) or 1.0
    kinds = [r.kind for r in rows]
    prose = np.array([k == "story" and line.prose for k, line in zip(kinds, lines, strict=True)])
    prose = prose.astype(np.float64)
    rule = np.zeros(n)
    rule[list(rule_body)] = 1.0
    section = np.array([k == "section" for k in kinds], dtype=np.float64)
    sections = np.flatnonzero(section)
    norm = [_tokens(t)[0] for t in texts]
    repeats = Counter(norm)
    first, last = region if region else (n, -1)
    index = np.arange(n)
    inside = (index >= first) & (index <= last)
    gap = np.where(inside, 0, np.minimum(np.abs(index - first), np.abs(index - last)))
    # headers strictly before the row, and the first one strictly after it
    before_count = np.searchsorted(sections, index, side="left")
    after_at = np.searchsorted(sections, index, side="right")
    previous = sections[np.maximum(before_count - 1, 0)] if len(sections) else index
    following = sections[np.minimum(after_at, len(sections) - 1)] if len(sections) else index
    columns = [
        np.log1p(n_words),
        np.log1p(lengths),
        *np.array([line_cues(line) for line in lines], dtype=np.float64).T,
        [float(line.bullet) for line in lines],
        [line.commas for line in lines] / np.maximum(1.0, n_words),
        np.log1p([line.sentences for line in lines]),
        [sum(map(str.isdigit, t)) for t in texts] / np.maximum(lengths, 1.0),
        *(np.array([k == kind for k in kinds], dtype=np.float64) for kind in KINDS),
        [r.score for r in rows],
        [float(r.gap_before) for r in rows],
        index / max(1, n - 1),
        (np.cumsum(lengths) - lengths) / total_chars,
        [repeats[key] - 1 for key in norm],
        _seen_before(texts),
        index == title_index,
        rule,
        inside,
        index < first,
        index > last,
        np.log1p(gap),
        before_count / max(1, len(sections)),
        np.where(before_count > 0, np.log1p(np.maximum(index - previous, 0)), -1.0),
        np.where(after_at < len(sections), np.log1p(np.maximum(following - index, 0)), -1.0),
        shifted(prose, 1),
        shifted(prose, -1),
        shifted(rule, 1),
        shifted(rule, -1),
        shifted(section, 1),
        shifted(section, -1),
        window_mean(prose, _NEAR),
        window_mean(prose, _FAR),
        window_mean(rule, _NEAR),
        window_mean(rule, _FAR),
        np.full(n, math.log1p(n)),
        np.full(n, sum(lengths[i] for i in rule_body) / total_chars),
    ]
    for column, values in enumerate(columns):
        out[:, column] = values
    return out
