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
QUOTE_CODES = {"-": 0, "i": 1, "o": 2, "c": 3}
MAX_WINDOW_SENTENCES = 4  # a cue's roles are read this many sentences either side at most
MAX_DEPTH = 64  # a walk up the parse tree stops there


BUCKETS = ("0", "1", "2", "3", "4-6", "7-12", "13-25", "26+")


def _bucket(n: int) -> str:
    return BUCKETS[bucket_code(n)]


def bucket_code(n: int) -> int:
    """The index in BUCKETS of a distance ``n`` (>= 0)."""
    if n <= 3:
        return n
    return 4 if n <= 6 else 5 if n <= 12 else 6 if n <= 25 else 7


def bucket_codes(n: Any) -> Any:
    """``bucket_code`` of each distance of an integer array."""
    return np.where(n <= 3, n, 4 + np.searchsorted(np.asarray([6, 12, 25]), n, side="left"))


# A token's own features: (name, field of DocFeatures). The neighbours of a token contribute
# the first few of them, prefixed by their offset: CUE_NEIGHBOURS / ROLE_NEIGHBOURS give
# (offset, how many). Training builds "name=value" strings from this table
# (``cue_features``, ``role_features``); the model scores the same table with arrays
# (``scoring.py``).
TOKEN_FIELDS = (
    ("w", "lower"),
    ("p", "pos"),
    ("d", "dep"),
    ("q", "quote"),
    ("l", "lemma"),
    ("t", "tag"),
    ("s", "shape"),
    ("hl", "head_lemma"),
    ("hp", "head_pos"),
    ("dh", "dep_head_pos"),
    ("e", "ent_iob"),
)
CUE_NEIGHBOURS = ((-2, 4), (-1, 6), (1, 6), (2, 4))
# the cue tagger's features of a token's place in the parse (``cue_syntax``): its subject,
# and the subordinator or auxiliary that opens a clause it governs ("said that", "plans to")
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
CLAUSES = frozenset({"ccomp", "xcomp"})
OPENERS = frozenset({"mark", "aux"})
ANCESTORS = 4  # the cue tagger reads the lemmas of a token's head's head ... up to this far
ROLE_NEIGHBOURS = ((-1, 4), (1, 4))

_ATTRS = ["LOWER", "POS", "DEP", "LEMMA", "TAG", "SHAPE", "ENT_TYPE", "ENT_IOB"]
_FLAGS = ["IS_SPACE", "IS_PUNCT", "HEAD"]
_IOB = ("", "I", "O", "B")
# the strings of spaCy's string keys met so far, as they are and lower-cased
_STRINGS: dict[int, str] = {}
_LOWER: dict[int, str] = {}


class Column:
    """One field of every token: ``codes[i]`` indexes ``values`` (a document repeats its
    words, so each distinct value is looked up once)."""

    def __init__(self, codes: Any, values: list[str]) -> None:
        self.codes = codes
        self.values = values
        self._strings: list[str] | None = None

    @classmethod
    def of(cls, keys: Any, name: Any) -> Column:
        """A column from an integer key per token, ``name`` giving each key's string."""
        unique, codes = np.unique(keys, return_inverse=True)
        return cls(codes.reshape(-1), [name(k) for k in unique.tolist()])

    @classmethod
    def of_strings(cls, keys: Any, store: Any, lower: bool = False) -> Column:
        """A column from the spaCy string keys of each token (``Doc.to_array``), the strings
        (lower-cased with ``lower``) looked up once per process: a key always names the same
        string (a hash of it), and a few thousand strings make up most of any text."""
        unique, codes = np.unique(keys, return_inverse=True)
        memo = _LOWER if lower else _STRINGS
        if len(memo) > 200_000:
            memo.clear()
        values = [memo.get(k) for k in unique.tolist()]
        if None in values:
            for i, k in enumerate(unique.tolist()):
                if values[i] is None:
                    found = str(store[k]) if k else ""
                    values[i] = memo[k] = found.lower() if lower else found
        return cls(codes.reshape(-1), values)  # type: ignore[arg-type]

    @property
    def strings(self) -> list[str]:
        if self._strings is None:
            values = self.values
            self._strings = [values[c] for c in self.codes.tolist()]
        return self._strings

    def pair(self, other: Column, joined: Any) -> Column:
        """A column of the pairs (this value, the other's), named ``joined(a, b)``."""
        n = len(other.values)
        return Column.of(
            self.codes * n + other.codes,
            lambda k: joined(self.values[k // n], other.values[k % n]),
        )


class DocFeatures:
    """Per-token facts of one parsed document (a spaCy ``Doc``), and its feature strings.

    The parse is copied into arrays and plain lists once: spaCy builds a new Token object on
    every access, which would cost more than the tagging itself."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        n = len(doc)
        self.n = n
        store = doc.vocab.strings
        table = doc.to_array(_ATTRS).astype(np.uint64) if n else np.zeros((0, 8), np.uint64)
        flags = doc.to_array(_FLAGS).astype(np.int64) if n else np.zeros((0, 3), np.int64)

        lemma = Column.of_strings(table[:, 3], store, lower=True)
        pos, dep = Column.of_strings(table[:, 1], store), Column.of_strings(table[:, 2], store)
        ent = Column.of_strings(table[:, 6], store)
        iob = Column(table[:, 7].astype(np.int64), list(_IOB))
        self.head_array = np.arange(n) + flags[:, 2]
        heads = self.head_array
        self.columns = {
            "lower": Column.of_strings(table[:, 0], store),
            "pos": pos,
            "dep": dep,
            "lemma": lemma,
            "tag": Column.of_strings(table[:, 4], store),
            "shape": Column.of_strings(table[:, 5], store),
            "head_lemma": Column(lemma.codes[heads], lemma.values),
            "head_pos": Column(pos.codes[heads], pos.values),
            "dep_head_pos": dep.pair(Column(pos.codes[heads], pos.values), "{}|{}".format),
            "ent_iob": iob.pair(ent, str.__add__),
        }
        self.pos, self.dep, self.lemma = pos.strings, dep.strings, lemma.strings
        self.ent = ent.strings
        self.space = flags[:, 0].astype(bool).tolist()
        self.punct = flags[:, 1].astype(bool).tolist()
        self.head = heads.tolist()
        # lower-cased words stand for the words: quotation marks, dashes and line breaks
        # have no case (Doc.text would cost a Token object per token)
        self.text = self.columns["lower"].strings
        self.sent_of = [0] * n
        self.sent_bounds: list[tuple[int, int]] = []
        for sent in doc.sents:
            k = len(self.sent_bounds)
            self.sent_bounds.append((sent.start, sent.end))
            self.sent_of[sent.start : sent.end] = [k] * (sent.end - sent.start)
        # paragraphs: a whitespace token holding a line break ends one
        lower = self.columns["lower"]
        breaks = np.asarray(["\n" in v for v in lower.values], dtype=bool)[lower.codes]
        self._breaks = np.flatnonzero(breaks & flags[:, 0].astype(bool))
        par_of = np.zeros(n, dtype=np.intp)
        par_of[self._breaks] = 1
        self.par_of = np.cumsum(par_of).tolist()
        self.sent_par = [self.par_of[self._first_word(s, e)] for s, e in self.sent_bounds]
        self.quote = self._quotes()
        self.columns["quote"] = Column.of(
            np.asarray([QUOTE_CODES[q] for q in self.quote]), "-ioc".__getitem__
        )
        self._children: list[list[int]] | None = None  # built when training asks
        self._ancestors: Any = None

    def own(self, i: int, prefix: str = "", first: int = len(TOKEN_FIELDS)) -> list[str]:
        """The first ``first`` of token ``i``'s own features, each name behind ``prefix``."""
        columns = self.columns
        return [
            f"{prefix}{name}={columns[field].strings[i]}" for name, field in TOKEN_FIELDS[:first]
        ]

    def children_of(self, i: int) -> list[int]:
        """The children of token ``i`` that are neither whitespace nor punctuation."""
        if self._children is None:
            self._children = [[] for _ in range(self.n)]
            for c, h in enumerate(self.head):
                if h != c and not self.space[c] and not self.punct[c]:
                    self._children[h].append(c)
        return self._children[i]

    def ancestors(self) -> Any:
        """(tokens x depth) matrix: each token, its head, its head's head, ... up to its
        root, repeated to the width of the deepest chain (at most MAX_DEPTH steps)."""
        if self._ancestors is None:
            head = self.head_array
            chain = [np.arange(self.n)]
            for _ in range(MAX_DEPTH):
                nxt = head[chain[-1]]
                chain.append(nxt)
                if np.array_equal(nxt, chain[-2]):
                    break
            self._ancestors = np.stack(chain, axis=1)
        return self._ancestors

    def quote_next(self, i: int, end: int) -> bool:
        """Whether the next non-space token before ``end`` opens a quotation."""
        nxt = i + 1
        while nxt < end and self.space[nxt]:
            nxt += 1
        return nxt < end and self.quote[nxt] == "o"

    def _first_word(self, start: int, end: int) -> int:
        for i in range(start, end):
            if not self.space[i]:
                return i
        return start

    def _quotes(self) -> list[str]:
        """'o'/'c' for an opening/closing quote mark, 'i' inside a quote, '-' outside.

        A straight quote opens when none is open; a paragraph break closes any."""
        lower = self.columns["lower"]
        marks = OPEN_QUOTES | CLOSE_QUOTES | STRAIGHT_QUOTES
        quoted = np.asarray([v in marks for v in lower.values], dtype=bool)[lower.codes]
        events = np.union1d(np.flatnonzero(quoted), self._breaks).tolist()
        breaks = set(self._breaks.tolist())
        text = self.text
        out = ["-"] * len(text)
        inside = False
        last = 0  # the tokens from here to the next event are inside a quote or not
        for i in events:
            if inside:
                out[last:i] = ["i"] * (i - last)
            last = i + 1
            word = text[i]
            if i in breaks:
                inside = False
            elif word in OPEN_QUOTES or (word in STRAIGHT_QUOTES and not inside):
                out[i] = "o"
                inside = True
            else:  # a closing mark, or a straight one inside a quotation
                out[i] = "c"
                inside = False
        if inside:
            out[last:] = ["i"] * (len(text) - last)
        return out

    # -- the cue tagger ----------------------------------------------------------------
    def cue_features(self, start: int, end: int) -> list[list[str]]:
        """Features of the tokens ``start``..``end`` (one sentence) for the cue tagger."""
        out = []
        dep = self.dep
        for i in range(start, end):
            feats = self.own(i)
            for off, first in CUE_NEIGHBOURS:
                j = i + off
                if start <= j < end:
                    feats.extend(self.own(j, str(off), first))
                else:
                    feats.append(f"{off}edge")
            feats.extend(f"c={dep[c]}" for c in self.children_of(i))
            if self.quote_next(i, end):
                feats.append("quote_next")
            feats.append(f"pos_in_sent={_bucket(i - start)}")
            feats.extend(self.cue_syntax(i))
            out.append(feats)
        return out

    def cue_syntax(self, i: int) -> list[str]:
        """Where token ``i`` stands in the parse, for the cue tagger: its lemma with each of
        its children's dependencies ("lc=want|xcomp"), the kind of its subject (entity type,
        else part of speech) alone and with its lemma ("lsk=say|PERSON", "lsk=say|none"), its
        head's dependency with its own, and the subordinator or auxiliary that opens each
        clause it governs ("cm=ccomp|that", "cm=xcomp|to", "-" for none); the lemmas of its
        ancestors two to four steps up ("al=say": a verb said to be said is seldom a cue of its
        own, PolNeAR marks no attribution inside another) and the dependencies of itself, its
        head and its head's head ("ap=ccomp>ROOT")."""
        dep, lemma = self.dep, self.lemma
        kids = self.children_of(i)
        own = lemma[i]
        out = [f"lc={own}|{dep[c]}" for c in kids]
        subject = next((c for c in kids if dep[c] in SUBJECTS), None)
        if subject is None:
            out.append(f"lsk={own}|none")
        else:
            kind = self.ent[subject] or self.pos[subject]
            out.extend((f"sk={dep[subject]}|{kind}", f"lsk={own}|{kind}"))
        out.append(f"hd={dep[self.head[i]]}|{dep[i]}")
        for c in kids:
            if dep[c] in CLAUSES:
                opener = next((m for m in self.children_of(c) if dep[m] in OPENERS), None)
                out.append(f"cm={dep[c]}|{'-' if opener is None else lemma[opener]}")
        node, path = i, [dep[i]]
        for step in range(ANCESTORS):
            up = self.head[node]
            if up == node:
                break
            node = up
            if step > 0:
                out.append(f"al={lemma[node]}")
            if step < 2:
                path.append(dep[node])
        out.append("ap=" + ">".join(path))
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
        found: dict[int, str] = {}  # what a walk up from a token met: shared by its path
        out = []
        for i in range(start, end):
            if cue_start <= i < cue_end:
                out.append("cue")
                continue
            if i == up:
                out.append("HH")
                continue
            node, path, branch = i, [], "X"
            for _ in range(MAX_DEPTH):
                known = found.get(node)
                if known is not None:
                    branch = known
                    break
                path.append(node)
                parent = head[node]
                if parent == node:
                    break
                if cue_start <= parent < cue_end:
                    branch = dep[node]
                    break
                if parent == up:
                    branch = f"H:{dep[node]}"
                    break
                node = parent
            for k in path:
                found[k] = branch
            out.append(branch)
        return out

    def role_static(self, i: int, start: int, end: int) -> list[str]:
        """The features of token ``i`` in a role window ``start``..``end`` that do not depend
        on the cue (the same for every cue whose window holds it)."""
        feats = self.own(i)
        for off, first in ROLE_NEIGHBOURS:
            if start <= i + off < end:
                feats.extend(self.own(i + off, str(off), first))
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
