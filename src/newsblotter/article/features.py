"""Block features for the extraction model: each text block of a page as one row of numbers.

What a block says (length, punctuation, function words, chrome cues), where it sits (tag, the
class/id cues of the elements around it, its position, how much of the page's prose its
container holds, whether it lies in the container readability would pick), how the page
repeats it, which candidate extractions keep it (the rule-built candidate, trafilatura's raw
output, readability when asked, the page's JSON-LD ``articleBody``) and how its neighbours
fare. The names are listed once, in ``FEATURES``; the model's weights record them and
loading refuses weights made for another list.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from itertools import chain, count, repeat

import numpy as np
import numpy.typing as npt

from newsblotter.article.blocks import CUES, HEADINGS, PATH_TAGS, Block, Frame
from newsblotter.article.chrome import chrome_reason, is_caption
from newsblotter.article.lines import Line, line_cues, line_of

_TOKEN = re.compile(r"\w+")
SHINGLE = 4
CLAIM_SHARE = 0.5  # a block is a candidate's (or the truth's) when most of it is
_TAG_GROUPS = (
    ("p",),
    ("div",),
    ("li",),
    ("h1",),
    ("h2",),
    ("h3", "h4", "h5", "h6"),
    ("td", "th"),
    ("blockquote",),
    ("figcaption",),
    ("dd", "dt"),
    ("pre",),
    ("section", "article", "main", "body", "html", "#root"),
)
_TAG_INDEX = {tag: i for i, group in enumerate(_TAG_GROUPS) for tag in group}
_WINDOW = 3
_CANDIDATES = ("rules", "trafilatura", "readability", "jsonld")

FEATURES: tuple[str, ...] = (
    "log_words", "log_chars", "link_density", "terminal", "prose", "headline_like",
    "stop_ratio", "lower_ratio", "teaser", "shouted", "cjk", "chrome_section", "chrome_promo",
    "chrome_ad", "caption", "lines", "log_sentences", "commas_per_word", "digit_share",
    *(f"tag_{group[0]}" for group in _TAG_GROUPS),
    *(f"cue_{name}" for name, _, _ in CUES),
    *(f"in_{tag}" for tag in PATH_TAGS),
    "depth", "position", "chars_before", "repeats", "seen_before", "seen_kept", "is_title",
    "heading_then_prose",
    *(f"{name}_share" for name in _CANDIDATES),
    *(f"page_{name}_ratio" for name in _CANDIDATES),
    "page_log_blocks", "page_log_chars",
    "parent_prose_share", "parent_kept_share", "grand_prose_share", "grand_kept_share",
    "in_top_container", "in_top_parent", "top_container_share",
    "prev_kept", "next_kept", "prev_prose", "next_prose", "prev_link", "next_link",
    "window_kept", "window_prose", "before_kept", "after_kept", "log_gap_kept",
)  # fmt: skip
_MISSING = -1.0  # a candidate that did not run, a neighbour past the page's end
_COLUMN = {name: index for index, name in enumerate(FEATURES)}
_TEXT_COLUMNS = _COLUMN["tag_p"]  # the columns read from the text alone come first
_CHROME_WORDS = 40  # longer blocks are prose to chrome_reason; it is not asked


def token_list(text: str) -> list[str]:
    return _TOKEN.findall(text)


def shingles(tokens: Sequence[str]) -> list[tuple[str, ...]]:
    """The 4-token windows of a token list, in order (none under four tokens).

    zip over shifted slices builds the tuples in C: a third of the cost of slicing each one."""
    return list(zip(tokens, tokens[1:], tokens[2:], tokens[3:], strict=False))


_LESS_ONE = (-1).__add__


Window = tuple[str, ...] | int  # a shingle, or its number on the page (``number_windows``)
# Shingles keyed by their tokens' numbers in base (vocabulary + 1): four digits of at most
# 2**15 fit an int64 (``key_windows``); a page with more distinct tokens is numbered instead.
_KEY_BASE_LIMIT = 1 << 15


def number_windows(
    windows: Sequence[Sequence[tuple[str, ...]]],
) -> tuple[list[list[int]], dict[tuple[str, ...], int]]:
    """The blocks' shingles as numbers, one per distinct shingle of the page, and the
    numbering: sets and counts of small ints hash in a fraction of the time of 4-tuples of
    strings, and equal shingles get equal numbers, so every count is the same."""
    numbers: dict[tuple[str, ...], int] = {}
    setdefault = numbers.setdefault
    numbered = [[setdefault(w, len(numbers)) for w in own] for own in windows]
    return numbered, numbers


def _keys(ids: npt.NDArray[np.int64], base: int) -> npt.NDArray[np.int64]:
    """Each 4-token window of a run of token numbers (each below ``base``) as one number."""
    keys: npt.NDArray[np.int64] = ((ids[:-3] * base + ids[1:-2]) * base + ids[2:-1]) * base
    keys += ids[3:]
    return keys


def key_windows(
    tokens: Sequence[Sequence[str]],
) -> tuple[list[list[int]], dict[str, int]] | None:
    """The blocks' shingles as numbers made of their four tokens' numbers on the page, and
    the token numbering; None for a page of too many distinct tokens. Equal shingles get
    equal numbers and different ones different numbers (digits in a base above every
    token's number), so every count is the one of the shingles themselves; the numbers
    are made for all blocks at once by numpy, and no 4-tuple is built."""
    flat = list(chain.from_iterable(tokens))
    vocabulary = dict(zip(dict.fromkeys(flat), count(), strict=False))
    base = len(vocabulary) + 1
    if base > _KEY_BASE_LIMIT:
        return None
    ids = np.fromiter(map(vocabulary.__getitem__, flat), dtype=np.int64, count=len(flat))
    keys = _keys(ids, base).tolist() if len(flat) >= SHINGLE else []
    windows = []
    start = 0
    for own in tokens:  # a block's windows start at its first token, and stay inside it
        size = len(own)
        windows.append(keys[start : start + size - SHINGLE + 1] if size >= SHINGLE else [])
        start += size
    return windows, vocabulary


class Claims:
    """A candidate text whose parts the page's blocks claim in order, each part once.

    A block's share is how much of its text the candidate holds and no earlier block has
    claimed already: a story repeated on the page (a print copy, a teaser of the lede) is
    credited to its first copy only. Blocks under four tokens are looked up whole.

    With ``numbers`` (``number_windows``) the blocks give their shingles as those numbers,
    and the candidate keeps only the shingles some block has (no other is ever asked for).
    With ``vocabulary`` (``key_windows``) they give them as numbers made of their tokens'
    numbers; the candidate's shingles with a token no block has get numbers no block asks
    for.
    """

    __slots__ = ("_joined", "_left", "_short_used", "_words", "chars")

    def __init__(
        self,
        text: str,
        numbers: dict[tuple[str, ...], int] | None = None,
        vocabulary: dict[str, int] | None = None,
    ) -> None:
        tokens = token_list(text)
        self._left: Counter[Window]
        if vocabulary is not None:  # a token no block has is numbered past every block's
            unknown, size = len(vocabulary), len(tokens)
            ids = np.fromiter(map(vocabulary.get, tokens, repeat(unknown, size)), np.int64, size)
            self._left = Counter(_keys(ids, unknown + 1).tolist() if size >= SHINGLE else ())
        elif numbers is None:
            self._left = Counter(shingles(tokens))
        else:  # numbered in C (-1: no block has it), then the unasked -1 dropped
            own = shingles(tokens)
            self._left = Counter(map(numbers.get, own, repeat(-1, len(own))))
            self._left.pop(-1, None)
        self._joined = f" {' '.join(tokens)} "
        self._words = frozenset(tokens)  # a short block with a word not in here is not held
        self._short_used: dict[str, int] = {}
        self.chars = len(text)

    def claim(self, tokens: Sequence[str], windows: Sequence[Window] | None = None) -> float:
        """The share (0..1) of a block's text this candidate holds; a majority claims it.

        ``windows`` are the block's shingles if the caller has them already (as numbers
        when the candidate was made with ``numbers``).
        """
        if not tokens:
            return 0.0
        if len(tokens) < SHINGLE:
            if not self._words.issuperset(tokens):
                return 0.0  # the common case, without a scan of the whole text
            key = " ".join(tokens)
            used = self._short_used.get(key, 0)
            if self._joined.count(f" {key} ") > used:
                self._short_used[key] = used + 1
                return 1.0
            return 0.0
        if windows is None:
            windows = shingles(tokens)
        left = self._left
        if not any(map(left.__contains__, windows)):
            return 0.0  # the common case: text the candidate never had
        if len(set(windows)) == len(windows):  # no window twice: count the hits
            hits = list(filter(left.get, windows))  # counts never go below 0
            share = len(hits) / len(windows)
            if share >= CLAIM_SHARE:  # one less of each, set in one C-level pass
                less = map(_LESS_ONE, map(left.__getitem__, hits))
                dict.update(left, zip(hits, less, strict=True))
            return share
        claimed = {w: min(count, left[w]) for w, count in Counter(windows).items()}
        share = sum(claimed.values()) / len(windows)
        if share >= CLAIM_SHARE:
            for window, count in claimed.items():
                if count:
                    left[window] -= count
        return share


class _FrameTree:
    """The frames of a page as arrays. ``page_blocks`` numbers frames in document order
    (a frame before everything inside it), so the frames below frame ``f`` are exactly
    ``f .. end[f] - 1`` and a block lies below ``f`` when its frame is in that range."""

    __slots__ = ("end", "parent")

    def __init__(self, frames: Sequence[Frame]) -> None:
        self.parent = [frame.parent for frame in frames]
        end = list(range(1, len(frames) + 1))
        for index in range(len(frames) - 1, 0, -1):
            parent = self.parent[index]
            if end[index] > end[parent]:
                end[parent] = end[index]
        self.end = end

    def below(self, block_frames: npt.NDArray[np.int64], container: int) -> npt.NDArray[np.bool_]:
        """Which of the blocks (given by their frames) lie below ``container``."""
        inside: npt.NDArray[np.bool_] = (block_frames >= container) & (
            block_frames < self.end[container]
        )
        return inside

    def ancestor(self, index: int, levels: int) -> int:
        parent = self.parent
        for _ in range(levels):
            if parent[index] < 0:
                break
            index = parent[index]
        return index

    def whole_sums(self, blocks: Sequence[Block], weights: Sequence[float]) -> list[float]:
        """Each frame's total of whole-number ``weights`` over the blocks below it: summed up
        the tree, which adds whole numbers in another order but to the same total."""
        sums = [0.0] * len(self.parent)
        for block, weight in zip(blocks, weights, strict=True):
            sums[block.frame] += weight
        parent = self.parent
        for index in range(len(sums) - 1, 0, -1):
            if sums[index]:
                sums[parent[index]] += sums[index]
        return sums

    def sums(self, blocks: Sequence[Block], weights: Sequence[float]) -> list[float]:
        """Each frame's total of ``weights`` over the blocks below it, added in block order."""
        sums = [0.0] * len(self.parent)
        parent = self.parent
        for block, weight in zip(blocks, weights, strict=True):
            if not weight:
                continue
            index = block.frame
            while index >= 0:
                sums[index] += weight
                index = parent[index]
        return sums


def _top_container(
    blocks: Sequence[Block],
    tree: _FrameTree,
    block_frames: npt.NDArray[np.int64],
    prose: npt.NDArray[np.float64],
    links: npt.NDArray[np.float64],
    chars: npt.NDArray[np.float64],
    page_prose: float,
) -> tuple[int, float]:
    """The container readability would pick, from the blocks alone: each prose block scores
    its length (less its link text) for its parent and half that for the grandparent.
    Returns the frame and the share of the page's prose below it."""
    scores: dict[int, float] = {}
    parents = tree.parent
    for index in np.flatnonzero(prose).tolist():
        value = chars[index] * (1.0 - links[index])
        parent = parents[blocks[index].frame]
        if parent >= 0:
            scores[parent] = scores.get(parent, 0.0) + value
            grand = parents[parent]
            if grand >= 0:
                scores[grand] = scores.get(grand, 0.0) + value / 2
    if not scores:
        return 0, 0.0
    top = max(scores, key=lambda f: (scores[f], -f))
    inside = tree.below(block_frames, top) & (prose != 0)
    below = float(chars[inside].sum())  # whole numbers: exact in any order
    return top, below / page_prose


def window_mean(values: npt.NDArray[np.float64], width: int) -> npt.NDArray[np.float64]:
    """Mean of ``values`` over each index's window of ``width`` on either side."""
    n = len(values)
    sums = np.concatenate([[0.0], np.cumsum(values)])
    index = np.arange(n)
    lo, hi = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
    means: npt.NDArray[np.float64] = (sums[hi] - sums[lo]) / (hi - lo)
    return means


def shifted(values: npt.NDArray[np.float64], by: int) -> npt.NDArray[np.float64]:
    """values[i - by] at i (the previous one for by=1, the next for by=-1); missing outside."""
    out = np.full(len(values), _MISSING)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def kept_alone(keep: npt.NDArray[np.bool_], reach: int) -> npt.NDArray[np.bool_]:
    """Rows kept with no other kept row within ``reach`` rows either side."""
    near = np.zeros_like(keep)
    for step in range(1, reach + 1):
        near[step:] |= keep[:-step]
        near[:-step] |= keep[step:]
    alone: npt.NDArray[np.bool_] = keep & ~near
    return alone


def kept_between(keep: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """Rows not kept whose neighbours on both sides are."""
    between = np.zeros_like(keep)
    between[1:-1] = keep[:-2] & keep[2:] & ~keep[1:-1]
    return between


def _seen_before(
    windows: Sequence[Sequence[Window]], kept: npt.NDArray[np.float64]
) -> tuple[list[float], list[float]]:
    """Share of each block's shingles met in earlier blocks, and in earlier kept blocks."""
    seen: set[Window] = set()
    seen_kept: set[Window] = set()  # in earlier blocks the rule candidate keeps
    anywhere, in_kept = [], []
    for own, keep in zip(windows, (kept >= CLAIM_SHARE).tolist(), strict=True):
        size = len(own) or 1
        anywhere.append(sum(map(seen.__contains__, own)) / size)
        in_kept.append(sum(map(seen_kept.__contains__, own)) / size if seen_kept else 0.0)
        seen.update(own)
        if keep:
            seen_kept.update(own)
    return anywhere, in_kept


_ASCII_DIGITS = str.maketrans("", "", "0123456789")


def _digits(text: str) -> int:
    """How many characters of ``text`` are digits (``str.isdigit``)."""
    if text.isascii():  # a flag lookup; ASCII has no digits but 0-9
        return len(text) - len(text.translate(_ASCII_DIGITS))
    return sum(map(str.isdigit, text))


def _text_columns(blocks: Sequence[Block], lines: Sequence[Line]) -> list[tuple[float, ...]]:
    """What each block's text says: the first columns of ``FEATURES``, one tuple per block."""
    log1p = math.log1p
    rows = []
    for block, line in zip(blocks, lines, strict=True):
        n_words = line.n_words
        text = block.text
        reason = chrome_reason(line.text) if n_words <= _CHROME_WORDS else None
        chars = block.chars or 1
        rows.append((
            log1p(n_words),
            log1p(block.chars),
            block.link_chars / chars,
            *line_cues(line),
            float(reason == "section"),
            float(reason in ("promo", "teaser", "shouted")),
            float(reason == "ad"),
            float(reason is None and n_words <= _CHROME_WORDS and is_caption(line.text)),
            float(text.count("\n") + 1),
            log1p(line.sentences),
            line.commas / max(1, n_words),
            _digits(text) / chars,
        ))  # fmt: skip
    return rows


def block_features(
    blocks: Sequence[Block],
    frames: Sequence[Frame],
    candidates: dict[str, str | None],
    title: str | None,
) -> npt.NDArray[np.float32]:
    """One row of ``FEATURES`` per block (per-block Python only where text is read)."""
    n = len(blocks)
    rows = np.zeros((n, len(FEATURES)), dtype=np.float32)
    if not n:
        return rows
    lines = [line_of(b.text.replace("\n", " ")) for b in blocks]
    tokens = [token_list(b.text) for b in blocks]
    keyed = key_windows(tokens)
    numbers: dict[tuple[str, ...], int] | None = None
    vocabulary: dict[str, int] | None = None
    windows: list[list[int]]
    if keyed is None:
        windows, numbers = number_windows([shingles(t) for t in tokens])
    else:
        windows, vocabulary = keyed
    rows[:, :_TEXT_COLUMNS] = np.array(_text_columns(blocks, lines), dtype=np.float32)
    chars = np.array([b.chars for b in blocks], dtype=np.float64)
    links = np.array([b.link_chars for b in blocks], dtype=np.float64) / np.maximum(chars, 1)
    prose = rows[:, _COLUMN["prose"]].astype(np.float64)
    total_chars = float(chars.sum()) or 1.0
    # where the block sits: its tag, the cues of the elements around it, its depth
    block_frames = [frames[b.frame] for b in blocks]
    tags = np.array([_TAG_INDEX.get(f.tag, 1) for f in block_frames])
    rows[np.arange(n), _COLUMN["tag_p"] + tags] = 1.0
    bits = np.array([f.bits for f in block_frames], dtype=np.int64)
    shifts = np.arange(len(CUES) + len(PATH_TAGS))
    rows[:, _COLUMN["cue_content"] : _COLUMN["depth"]] = (bits[:, None] >> shifts) & 1
    rows[:, _COLUMN["depth"]] = [f.depth for f in block_frames]
    rows[:, _COLUMN["position"]] = np.arange(n) / max(1, n - 1)
    rows[:, _COLUMN["chars_before"]] = (np.cumsum(chars) - chars) / total_chars
    # how the page repeats it, and which candidates keep it
    norm = [" ".join(t).lower() for t in tokens]
    repeats = Counter(norm)
    rows[:, _COLUMN["repeats"]] = [repeats[key] - 1 for key in norm]
    claims = {
        name: Claims(text, numbers, vocabulary)
        for name in _CANDIDATES
        if (text := candidates.get(name))
    }
    for name in _CANDIDATES:
        claim = claims.get(name)
        shares = [claim.claim(t, w) for t, w in zip(tokens, windows, strict=True)] if claim else []
        rows[:, _COLUMN[f"{name}_share"]] = shares if claim else _MISSING
        rows[:, _COLUMN[f"page_{name}_ratio"]] = claim.chars / total_chars if claim else _MISSING
    kept = rows[:, _COLUMN["rules_share"]].astype(np.float64)
    kept = np.where(kept < 0, 0.0, kept)
    anywhere, in_kept = _seen_before(windows, kept)
    rows[:, _COLUMN["seen_before"]] = anywhere
    rows[:, _COLUMN["seen_kept"]] = in_kept
    title_norm = " ".join(token_list(title)).lower() if title else None
    rows[:, _COLUMN["is_title"]] = [float(key == title_norm) for key in norm]
    heading = np.array([f.tag in HEADINGS for f in block_frames])
    rows[:, _COLUMN["heading_then_prose"]] = heading & (shifted(prose, -1) > 0)
    rows[:, _COLUMN["page_log_blocks"]] = math.log1p(n)
    rows[:, _COLUMN["page_log_chars"]] = math.log1p(total_chars)
    # the containers: how much of the page's prose, and of what the rules keep, they hold
    tree = _FrameTree(frames)
    prose_sum = tree.whole_sums(blocks, (chars * prose).tolist())
    kept_sum = tree.sums(blocks, (chars * kept).tolist())
    char_sum = tree.whole_sums(blocks, chars.tolist())
    page_prose = prose_sum[0] or 1.0
    for level, name in ((1, "parent"), (2, "grand")):
        above = [tree.ancestor(b.frame, level) for b in blocks]
        rows[:, _COLUMN[f"{name}_prose_share"]] = [prose_sum[a] / page_prose for a in above]
        rows[:, _COLUMN[f"{name}_kept_share"]] = [kept_sum[a] / (char_sum[a] or 1.0) for a in above]
    frame_of = np.array([b.frame for b in blocks], dtype=np.int64)
    top, top_share = _top_container(blocks, tree, frame_of, prose, links, chars, page_prose)
    top_parent = frames[top].parent if top > 0 else top
    rows[:, _COLUMN["in_top_container"]] = tree.below(frame_of, top)
    rows[:, _COLUMN["in_top_parent"]] = tree.below(frame_of, top_parent)
    rows[:, _COLUMN["top_container_share"]] = top_share
    # the neighbours
    rows[:, _COLUMN["prev_kept"]] = shifted(kept, 1)
    rows[:, _COLUMN["next_kept"]] = shifted(kept, -1)
    rows[:, _COLUMN["prev_prose"]] = shifted(prose, 1)
    rows[:, _COLUMN["next_prose"]] = shifted(prose, -1)
    rows[:, _COLUMN["prev_link"]] = shifted(links, 1)
    rows[:, _COLUMN["next_link"]] = shifted(links, -1)
    rows[:, _COLUMN["window_kept"]] = window_mean(kept, _WINDOW)
    rows[:, _COLUMN["window_prose"]] = window_mean(prose, _WINDOW)
    kept_at = np.flatnonzero(kept >= CLAIM_SHARE)
    index = np.arange(n)
    if len(kept_at):
        rows[:, _COLUMN["before_kept"]] = index < kept_at[0]
        rows[:, _COLUMN["after_kept"]] = index > kept_at[-1]
        at = np.searchsorted(kept_at, index)
        after = kept_at[np.minimum(at, len(kept_at) - 1)]
        before = kept_at[np.maximum(at - 1, 0)]
        gap = np.minimum(np.abs(after - index), np.abs(index - before))
    else:
        rows[:, _COLUMN["before_kept"]] = 1.0
        rows[:, _COLUMN["after_kept"]] = 1.0
        gap = np.full(n, n)
    rows[:, _COLUMN["log_gap_kept"]] = np.log1p(gap)
    return rows
