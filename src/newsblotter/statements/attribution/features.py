"""Token features of the attribution model, one copy for its training and its use.

Two sequence taggers read them (CRFs, python-crfsuite): the cue tagger over each sentence
(``cue_features``), then, for each cue found, the role tagger over the cue's paragraph
(``role_features``: the source and content of that cue). Features are strings ("name=value");
what one token contributes to any sequence is computed once per document (``DocFeatures``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

OPEN_QUOTES = frozenset({"“", "«", "``"})
CLOSE_QUOTES = frozenset({"”", "»", "''"})
STRAIGHT_QUOTES = frozenset({'"'})
DASHES = frozenset({"—", "–", "―", "--", "-"})
MAX_WINDOW_SENTENCES = 4  # a cue's roles are read this many sentences either side at most


def _bucket(n: int) -> str:
    if n <= 3:
        return str(n)
    if n <= 6:
        return "4-6"
    if n <= 12:
        return "7-12"
    if n <= 25:
        return "13-25"
    return "26+"


_ATTRS = [
    "LOWER",
    "POS",
    "DEP",
    "LEMMA",
    "TAG",
    "SHAPE",
    "ENT_TYPE",
    "ENT_IOB",
    "IS_SPACE",
    "IS_PUNCT",
    "HEAD",
]
_IOB = ("", "I", "O", "B")


class _Strings:
    """spaCy's string store behind a cache: a document repeats its words."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.seen: dict[int, str] = {}
        self.seen_lower: dict[int, str] = {}

    def __call__(self, key: Any) -> str:
        k = int(key)
        found = self.seen.get(k)
        if found is None:
            found = self.seen[k] = self.store[k] if k else ""
        return found

    def lower(self, key: Any) -> str:
        k = int(key)
        found = self.seen_lower.get(k)
        if found is None:
            found = self.seen_lower[k] = self(k).lower()
        return found


class DocFeatures:
    """Per-token facts and feature strings of one parsed document (a spaCy ``Doc``).

    The parse is copied into plain lists once: spaCy builds a new Token object on every
    access, which would cost more than the tagging itself."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        n = len(doc)
        table = doc.to_array(_ATTRS)
        words = _Strings(doc.vocab.strings)
        lower = [words(h) for h in table[:, 0]]
        self.pos = [words(h) for h in table[:, 1]]
        self.dep = [words(h) for h in table[:, 2]]
        self.lemma = [words.lower(h) for h in table[:, 3]]
        tag = [words(h) for h in table[:, 4]]
        shape = [words(h) for h in table[:, 5]]
        self.ent = [words(h) for h in table[:, 6]]
        iob = [_IOB[int(k)] for k in table[:, 7]]
        self.space = table[:, 8].astype(bool).tolist()
        self.punct = table[:, 9].astype(bool).tolist()
        self.head = (np.arange(n) + table[:, 10].astype(np.int64)).tolist()
        self.text = [t.text for t in doc]
        self.sent_of = [0] * n
        self.sent_bounds: list[tuple[int, int]] = []
        for k, sent in enumerate(doc.sents):
            self.sent_bounds.append((sent.start, sent.end))
            self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        # paragraphs: a whitespace token holding a line break ends one
        self.par_of = [0] * n
        par = 0
        for i in range(n):
            if self.space[i] and "\n" in self.text[i]:
                par += 1
            self.par_of[i] = par
        self.sent_par = [self.par_of[self._first_word(s, e)] for s, e in self.sent_bounds]
        self.quote = self._quotes()
        self.base: list[list[str]] = []
        self.short: list[list[str]] = []
        pos, dep, lemma, head = self.pos, self.dep, self.lemma, self.head
        for i in range(n):
            h = head[i]
            short = [f"w={lower[i]}", f"p={pos[i]}", f"d={dep[i]}", f"q={self.quote[i]}"]
            self.short.append(short)
            self.base.append(
                [
                    *short,
                    f"l={lemma[i]}",
                    f"t={tag[i]}",
                    f"s={shape[i]}",
                    f"hl={lemma[h]}",
                    f"hp={pos[h]}",
                    f"dh={dep[i]}|{pos[h]}",
                    f"e={iob[i]}{self.ent[i]}",
                ]
            )
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i in range(n):
            if head[i] != i:
                self.children[head[i]].append(i)

    def _first_word(self, start: int, end: int) -> int:
        for i in range(start, end):
            if not self.space[i]:
                return i
        return start

    def _quotes(self) -> list[str]:
        """'o'/'c' for an opening/closing quote mark, 'i' inside a quote, '-' outside.

        A straight quote opens when none is open; a paragraph break closes any."""
        out = ["-"] * len(self.text)
        inside = False
        for i, text in enumerate(self.text):
            if self.space[i] and "\n" in text:
                inside = False
            elif text in OPEN_QUOTES or (text in STRAIGHT_QUOTES and not inside):
                out[i] = "o"
                inside = True
                continue
            elif text in CLOSE_QUOTES or (text in STRAIGHT_QUOTES and inside):
                out[i] = "c"
                inside = False
                continue
            out[i] = "i" if inside else "-"
        return out

    # -- the cue tagger ----------------------------------------------------------------
    def cue_features(self, start: int, end: int) -> list[list[str]]:
        """Features of the tokens ``start``..``end`` (one sentence) for the cue tagger."""
        out = []
        base, short, dep = self.base, self.short, self.dep
        for i in range(start, end):
            feats = list(base[i])
            for off in (-2, -1, 1, 2):
                j = i + off
                if start <= j < end:
                    feats.extend(f"{off}{f}" for f in (short[j] if abs(off) == 2 else base[j][:6]))
                else:
                    feats.append(f"{off}edge")
            for c in self.children[i]:
                if not self.space[c] and not self.punct[c]:
                    feats.append(f"c={dep[c]}")
            nxt = i + 1
            while nxt < end and self.space[nxt]:
                nxt += 1
            if nxt < end and self.quote[nxt] == "o":
                feats.append("quote_next")
            feats.append(f"pos_in_sent={_bucket(i - start)}")
            out.append(feats)
        return out

    # -- the role tagger ---------------------------------------------------------------
    def window(self, cue_start: int, cue_end: int) -> tuple[int, int]:
        """Tokens where the roles of the cue ``cue_start``..``cue_end`` are looked for: the
        sentences of its paragraph, at most MAX_WINDOW_SENTENCES either side of its own."""
        first = last = self.sent_of[cue_start]
        par = self.sent_par[first]
        last = max(last, self.sent_of[cue_end - 1])
        while first > 0 and self.sent_par[first - 1] == par:
            if self.sent_of[cue_start] - first >= MAX_WINDOW_SENTENCES:
                break
            first -= 1
        while last + 1 < len(self.sent_bounds) and self.sent_par[last + 1] == par:
            if last - self.sent_of[cue_start] >= MAX_WINDOW_SENTENCES:
                break
            last += 1
        return self.sent_bounds[first][0], self.sent_bounds[last][1]

    def branches(self, start: int, end: int, cue_start: int, cue_end: int, root: int) -> list[str]:
        """Where each token of ``start``..``end`` hangs from the cue whose head is ``root``:
        the dependency under which it joins the cue ("nsubj", "ccomp"), 'H:' + the one under
        which it joins the cue's own head, 'HH' for that head, 'cue', else 'X'."""
        head, dep = self.head, self.dep
        up = head[root] if not cue_start <= head[root] < cue_end else -1
        out = []
        for i in range(start, end):
            if cue_start <= i < cue_end:
                out.append("cue")
                continue
            if i == up:
                out.append("HH")
                continue
            node, found = i, "X"
            for _ in range(64):
                parent = head[node]
                if parent == node:
                    break
                if cue_start <= parent < cue_end:
                    found = dep[node]
                    break
                if parent == up:
                    found = f"H:{dep[node]}"
                    break
                node = parent
            out.append(found)
        return out

    def role_static(self, i: int, start: int, end: int) -> list[str]:
        """The features of token ``i`` in a role window ``start``..``end`` that do not depend
        on the cue (the same for every cue whose window holds it)."""
        feats = list(self.base[i])
        if i > start:
            feats.extend([f"-1{f}" for f in self.short[i - 1]])
        if i + 1 < end:
            feats.extend([f"1{f}" for f in self.short[i + 1]])
        return feats

    def role_relative(self, cue_start: int, cue_end: int, root: int) -> list[list[str]]:
        """The features of the window's tokens that say where they stand from one cue
        (head token ``root``)."""
        start, end = self.window(cue_start, cue_end)
        lemma = self.lemma[root] if self.dep[root] != "punct" else self.text[root]
        hdep = self.dep[root]
        cue_sent = self.sent_of[cue_start]
        branches = self.branches(start, end, cue_start, cue_end, root)
        out = []
        for i in range(start, end):
            if i < cue_start:
                side, dist = "L", cue_start - i
            elif i >= cue_end:
                side, dist = "R", i - cue_end + 1
            else:
                side, dist = "C", 0
            branch = branches[i - start]
            feats = [
                f"side={side}",
                f"dist={side}{_bucket(dist)}",
                f"so={max(-3, min(3, self.sent_of[i] - cue_sent))}",
                f"br={branch}",
                f"brs={branch}|{side}",
                f"cl={lemma}|{side}",
                f"clb={lemma}|{branch}",
                f"qs={self.quote[i]}|{side}",
                f"hd={hdep}",
                f"hdb={hdep}|{branch}",
            ]
            out.append(feats)
        return out

    def role_features(self, cue_start: int, cue_end: int, root: int) -> list[list[str]]:
        """Features of the window's tokens for the role tagger, relative to one cue whose
        head token is ``root`` (what the role tagger is trained on)."""
        start, end = self.window(cue_start, cue_end)
        relative = self.role_relative(cue_start, cue_end, root)
        return [
            self.role_static(i, start, end) + rel
            for i, rel in zip(range(start, end), relative, strict=True)
        ]
