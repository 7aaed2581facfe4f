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

import numpy as np
import numpy.typing as npt

from newsblotter.article.features import SHINGLE, token_list
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


def _window_mean(values: Sequence[float], i: int, width: int) -> float:
    lo, hi = max(0, i - width), min(len(values), i + width + 1)
    return sum(values[lo:hi]) / (hi - lo)


def line_features(
    rows: Sequence[Row],
    rule_body: set[int],
    region: tuple[int, int] | None,
    title_index: int,
) -> npt.NDArray[np.float32]:
    """One row of ``LINE_FEATURES`` per row; ``rule_body`` and ``region`` are row indices."""
    n = len(rows)
    total_chars = sum(len(r.line.text) for r in rows) or 1
    prose = [float(r.kind == "story" and r.line.prose) for r in rows]
    rule = [float(i in rule_body) for i in range(n)]
    sections = [i for i, r in enumerate(rows) if r.kind == "section"]
    norm = [" ".join(token_list(r.line.text)).lower() for r in rows]
    repeats = Counter(norm)
    first, last = region if region else (n, -1)
    rule_chars = sum(len(rows[i].line.text) for i in rule_body)
    page = [math.log1p(n), rule_chars / total_chars]
    out = np.empty((n, len(LINE_FEATURES)), dtype=np.float32)
    seen: set[tuple[str, ...]] = set()
    before = 0
    section_at = 0  # index into sections of the next header at or after i
    for i, row in enumerate(rows):
        line = row.line
        while section_at < len(sections) and sections[section_at] < i:
            section_at += 1
        previous_section = sections[section_at - 1] if section_at else None
        next_section = next((s for s in sections[section_at:] if s > i), None)
        tokens = token_list(line.text)
        windows = [tuple(tokens[j : j + SHINGLE]) for j in range(len(tokens) - SHINGLE + 1)]
        seen_before = sum(w in seen for w in windows) / len(windows) if windows else 0.0
        seen.update(windows)
        chars = len(line.text) or 1
        kind_bits = [float(row.kind == kind) for kind in KINDS]
        gap = 0 if first <= i <= last else min(abs(i - first), abs(i - last))
        out[i] = [
            math.log1p(line.n_words),
            math.log1p(len(line.text)),
            *line_cues(line),
            float(line.bullet),
            line.commas / max(1, line.n_words),
            math.log1p(line.sentences),
            sum(c.isdigit() for c in line.text) / chars,
            *kind_bits,
            row.score,
            float(row.gap_before),
            i / max(1, n - 1),
            before / total_chars,
            float(repeats[norm[i]] - 1),
            seen_before,
            float(i == title_index),
            rule[i],
            float(first <= i <= last),
            float(i < first),
            float(i > last),
            math.log1p(gap),
            section_at / max(1, len(sections)),
            math.log1p(i - previous_section) if previous_section is not None else -1.0,
            math.log1p(next_section - i) if next_section is not None else -1.0,
            prose[i - 1] if i else -1.0,
            prose[i + 1] if i + 1 < n else -1.0,
            rule[i - 1] if i else -1.0,
            rule[i + 1] if i + 1 < n else -1.0,
            float(rows[i - 1].kind == "section") if i else -1.0,
            float(rows[i + 1].kind == "section") if i + 1 < n else -1.0,
            _window_mean(prose, i, _NEAR),
            _window_mean(prose, i, _FAR),
            _window_mean(rule, i, _NEAR),
            _window_mean(rule, i, _FAR),
            *page,
        ]
        before += len(line.text)
    return out
