"""The attribution taggers' emission scores of a document, computed with arrays.

A linear-chain CRF scores a token as the sum of the weights of its features. Training spells
the features out as strings (``features.py``: "w=said", "-1p=VERB", "brs=nsubj|L"), one list
per token and per cue; doing the same at run time cost about 60 ms an article in Python.
Here the same features are summed without building a string: each field of a token (its
word, lemma, dependency, ...) is looked up once in a table of the weights of every feature
that reads it (its own and its neighbours', by offset), and the features that say where a
token stands from a cue (side, distance, branch of the parse) take their few distinct values
per cue from small tables. The feature names come from the one table in ``features.py``
(TOKEN_FIELDS, CUE_NEIGHBOURS, ROLE_NEIGHBOURS); ``tests/test_attribution_features.py``
checks that both ways give the same scores.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import numpy as np

from newsblotter.statements.attribution.features import (
    ANCESTORS,
    BUCKETS,
    CLAUSES,
    CUE_NEIGHBOURS,
    OPENERS,
    QUOTE_CODES,
    ROLE_NEIGHBOURS,
    SUBJECTS,
    TOKEN_FIELDS,
    DocFeatures,
    bucket_codes,
)

if TYPE_CHECKING:
    from newsblotter.statements.attribution.model import LinearCRF

SIDES = ("L", "C", "R")
QUOTES = tuple(QUOTE_CODES)


class _FieldTable:
    """The weights of every feature that reads one field of a token, by offset: row
    ``ids[value]`` of ``weights`` (values x offsets x labels); row 0 is an unknown value."""

    def __init__(self, crf: LinearCRF, name: str, offsets: list[int]) -> None:
        self.offsets = offsets
        prefixes = [f"{off or ''}{name}" for off in offsets]
        by_prefix = crf.by_prefix()
        values: dict[str, int] = {}
        for prefix in prefixes:
            for value in by_prefix.get(prefix, ()):
                values.setdefault(value, len(values) + 1)
        self.ids = values
        self.weights = np.zeros((len(values) + 1, len(offsets), len(crf.labels)), np.float32)
        for slot, prefix in enumerate(prefixes):
            known = by_prefix.get(prefix, {})
            ids = np.asarray([values[v] for v in known], dtype=np.intp)
            self.weights[ids, slot] = crf.state[np.asarray(list(known.values()), dtype=np.intp)]


class TokenScorer:
    """Per token of a document: the summed weights of its own fields (offset 0) and of the
    fields it lends its neighbours (offset -1: what token i-1 reads of token i, etc.)."""

    def __init__(self, crf: LinearCRF, neighbours: tuple[tuple[int, int], ...]) -> None:
        self.crf = crf
        self.offsets = [0, *(off for off, _ in neighbours)]
        self.tables = []
        for k, (name, field) in enumerate(TOKEN_FIELDS):
            offsets = [0, *(off for off, first in neighbours if k < first)]
            table = _FieldTable(crf, name, offsets)
            # the same weights over every offset of the scorer (zeros where the field is not
            # read at that offset): one gather per field gives all its offsets
            wide = np.zeros((len(table.weights), len(self.offsets), len(crf.labels)), np.float32)
            for slot, off in enumerate(offsets):
                wide[:, self.offsets.index(off)] = table.weights[:, slot]
            self.tables.append((field, table.ids, wide))

    def by_offset(self, feats: DocFeatures) -> dict[int, Any]:
        """offset -> (tokens x labels) weights; the row of token j at offset o goes to the
        score of token j - o."""
        sums = np.zeros((feats.n, len(self.offsets), len(self.crf.labels)), np.float32)
        for field, ids, wide in self.tables:
            column = feats.columns[field]
            known = np.asarray([ids.get(v, 0) for v in column.values], dtype=np.intp)
            sums += wide[known[column.codes]]
        return {off: sums[:, slot] for slot, off in enumerate(self.offsets)}


class CueScorer:
    """Emission scores of the cue tagger, one array per sentence (see ``cue_features``)."""

    def __init__(self, crf: LinearCRF) -> None:
        self.crf = crf
        self.tokens = TokenScorer(crf, CUE_NEIGHBOURS)
        self.edges = {off: crf.row(f"{off}edge") for off, _ in CUE_NEIGHBOURS}
        self.child = _FieldTable(crf, "c", [0])
        self.quote_next = crf.row("quote_next")
        self.position = np.stack([crf.row(f"pos_in_sent={b}") for b in BUCKETS])
        self._known: dict[str, dict[Any, int]] = {}

    def emissions(self, feats: DocFeatures) -> list[Any]:
        n = feats.n
        sums = self.tokens.by_offset(feats)
        scores = sums[0]
        sent = np.asarray(feats.sent_of, dtype=np.intp)
        index = np.arange(n)
        for off, _ in CUE_NEIGHBOURS:
            j = index + off
            inside = (j >= 0) & (j < n)
            inside[inside] = sent[j[inside]] == sent[inside]
            scores[inside] += sums[off][j[inside]]
            scores[~inside] += self.edges[off]
        head = feats.head_array
        space, punct = np.asarray(feats.space, dtype=bool), np.asarray(feats.punct, dtype=bool)
        child = (head != index) & ~space & ~punct  # bool dtype: an empty document too
        kids = np.flatnonzero(child)
        if kids.size:
            ids = self.child.ids
            rows = self.child.weights[[ids.get(feats.dep[c], 0) for c in kids.tolist()], 0]
            np.add.at(scores, head[kids], rows)
        starts = np.asarray([s for s, _ in feats.sent_bounds], dtype=np.intp)
        scores += self.position[bucket_codes(index - starts[sent])]
        # quote_next: the next non-space token of the sentence opens a quotation
        words = np.flatnonzero(~space)
        if words.size:
            nxt = np.searchsorted(words, index + 1)
            has = nxt < words.size
            j = words[np.minimum(nxt, words.size - 1)]
            ends = np.asarray([e for _, e in feats.sent_bounds], dtype=np.intp)[sent]
            quote = feats.columns["quote"]
            opening = (np.asarray(quote.values) == "o")[quote.codes]
            scores[has & (j < ends) & opening[j]] += self.quote_next
        self._syntax(feats, scores, kids)
        return [scores[s:e] for s, e in feats.sent_bounds]

    def _syntax(self, feats: DocFeatures, scores: Any, kids: Any) -> None:
        """The weights of ``DocFeatures.cue_syntax`` of every token (``kids``: the tokens
        that are a child of another and neither whitespace nor punctuation, in order)."""
        state = self.crf.state
        lemma, dep = feats.columns["lemma"], feats.columns["dep"]
        n_dep = len(dep.values)
        head = feats.head_array
        parents = head[kids]
        # lc: the lemma with each child's dependency (a token may have several)
        pairs, which = np.unique(
            lemma.codes[parents] * n_dep + dep.codes[kids], return_inverse=True
        )
        ids = self._ids(
            "lc", [(lemma.values[k // n_dep], dep.values[k % n_dep]) for k in pairs], "|".join
        )
        np.add.at(scores, parents, state[ids[which.reshape(-1)]])
        # hd: the head's dependency with its own
        pairs, which = np.unique(dep.codes[head] * n_dep + dep.codes, return_inverse=True)
        ids = self._ids(
            "hd", [(dep.values[k // n_dep], dep.values[k % n_dep]) for k in pairs], "|".join
        )
        scores += state[ids[which.reshape(-1)]]
        # the first subject child of each token (kids are in order: the first is the least)
        subjects = kids[np.isin(dep.codes[kids], _codes(dep.values, SUBJECTS))]
        governors, first = np.unique(head[subjects], return_index=True)
        alone = np.ones(feats.n, dtype=bool)
        alone[governors] = False
        ids = self._ids("lsk", lemma.values, "{}|none".format)
        scores[alone] += state[ids[lemma.codes[alone]]]
        ent, pos = feats.ent, feats.pos
        said = [(feats.dep[c], ent[c] or pos[c]) for c in subjects[first].tolist()]
        scores[governors] += state[self._ids("sk", said, "|".join)]
        lemmas = feats.lemma
        keys = [(lemmas[g], kind) for g, (_, kind) in zip(governors.tolist(), said, strict=True)]
        scores[governors] += state[self._ids("lsk", keys, "|".join)]
        # the subordinator or auxiliary opening each clause a token governs
        openers = kids[np.isin(dep.codes[kids], _codes(dep.values, OPENERS))]
        opened, first = np.unique(head[openers], return_index=True)
        opener = dict(zip(opened.tolist(), openers[first].tolist(), strict=True))
        clauses = kids[np.isin(dep.codes[kids], _codes(dep.values, CLAUSES))]
        keys = [
            (feats.dep[c], "-" if (m := opener.get(c)) is None else lemmas[m])
            for c in clauses.tolist()
        ]
        np.add.at(scores, head[clauses], state[self._ids("cm", keys, "|".join)])
        # the ancestors: each token, its head, its head's head, ... (the root repeated)
        chain = feats.ancestors()
        if chain.shape[1] <= ANCESTORS:
            chain = np.hstack([chain, np.repeat(chain[:, -1:], ANCESTORS + 1 - chain.shape[1], 1)])
        up = chain[:, 1:] != chain[:, :-1]  # step k reached an ancestor (not past the root)
        ids = self._ids("al", lemma.values, str)
        for step in range(1, ANCESTORS):
            tokens = np.flatnonzero(up[:, step])
            scores[tokens] += state[ids[lemma.codes[chain[tokens, step + 1]]]]
        none = n_dep  # no dependency: the path stopped at the root
        path = dep.codes * (n_dep + 1) + np.where(up[:, 0], dep.codes[chain[:, 1]], none)
        path = path * (n_dep + 1) + np.where(up[:, 1], dep.codes[chain[:, 2]], none)
        paths, which = np.unique(path, return_inverse=True)
        named = [*dep.values, None]
        wide = n_dep + 1
        triples = [(named[k // wide**2], named[k // wide % wide], named[k % wide]) for k in paths]
        ids = self._ids("ap", triples, lambda key: ">".join(d for d in key if d is not None))
        scores += state[ids[which.reshape(-1)]]

    def _ids(self, name: str, keys: Any, spell: Any) -> Any:
        """The rows of the features ``name=spell(key)`` of ``keys``, remembered across
        documents: a few thousand values make up most of any text."""
        known = self._known.setdefault(name, {})
        if len(known) > 100_000:
            known.clear()
        out = [known.get(key) for key in keys]
        if None in out:
            index = self.crf.index
            for k, key in enumerate(keys):
                if out[k] is None:
                    out[k] = known[key] = index.get(f"{name}={spell(key)}", 0)
        return np.asarray(out, dtype=np.intp)


class RoleScorer:
    """Emission scores of the role tagger over one cue's window (see ``role_features``)."""

    def __init__(self, crf: LinearCRF) -> None:
        self.crf = crf
        self.tokens = TokenScorer(crf, ROLE_NEIGHBOURS)
        row = crf.row
        self.side_dist = np.stack(
            [row(f"side={s}") + row(f"dist={s}{b}") for s in SIDES for b in BUCKETS]
        )
        self.sentences = np.stack([row(f"so={k}") for k in range(-3, 4)])
        self.quoted = np.stack([row(f"qs={q}|{s}") for q in QUOTES for s in SIDES])
        self._by_branch: dict[tuple[str, str, str], Any] = {}

    def _branch_row(self, cue: tuple[str, str], branch: str) -> Any:
        """The weights of a branch from a cue of that lemma and dependency (kept: a few
        thousand combinations make up most of any text)."""
        lemma, hdep = cue
        key = (lemma, hdep, branch)
        found = self._by_branch.get(key)
        if found is None:
            if len(self._by_branch) > 100_000:
                self._by_branch.clear()
            row = self.crf.row
            found = self._by_branch[key] = (
                row(f"br={branch}") + row(f"clb={lemma}|{branch}") + row(f"hdb={hdep}|{branch}")
            )
        return found

    def emissions(self, feats: DocFeatures, cues: list[tuple[int, int, int]]) -> list[Any]:
        """Per cue (start, end, head token): the scores of its window, all cues of the
        document computed together (one row per token of each window)."""
        shared = self.tokens.by_offset(feats)
        row = self.crf.row
        windows = [feats.window(s, e) for s, e, _ in cues]
        length = np.asarray([e - s for s, e in windows])
        bounds = np.concatenate([[0], np.cumsum(length)]).tolist()
        which = np.repeat(np.arange(len(cues)), length)
        index = np.concatenate([np.arange(s, e) for s, e in windows])
        start, end = (np.repeat(np.asarray([w[k] for w in windows]), length) for k in (0, 1))
        cue_start, cue_end, root = (
            np.repeat(np.asarray([c[k] for c in cues]), length) for k in (0, 1, 2)
        )
        scores = shared[0][index]
        scores[index > start] += shared[-1][index[index > start] - 1]
        scores[index + 1 < end] += shared[1][index[index + 1 < end] + 1]
        side = np.where(index < cue_start, 0, np.where(index >= cue_end, 2, 1))
        dist = np.where(side == 0, cue_start - index, np.where(side == 2, index - cue_end + 1, 0))
        scores += self.side_dist[side * len(BUCKETS) + bucket_codes(dist)]
        sent_of = np.asarray(feats.sent_of)
        scores += self.sentences[np.clip(sent_of[index] - sent_of[cue_start], -3, 3) + 3]
        quote = feats.columns["quote"]
        quote_code = np.asarray([QUOTE_CODES[q] for q in quote.values])[quote.codes]
        scores += self.quoted[quote_code[index] * len(SIDES) + side]
        # what the cue's words say: its lemma and dependency, alone and with the branch
        said = [
            (feats.lemma[r] if feats.dep[r] != "punct" else feats.text[r], feats.dep[r])
            for _, _, r in cues
        ]
        per_cue = np.stack(
            [
                np.stack([row(f"cl={lemma}|{s}") + row(f"hd={hdep}") for s in SIDES])
                for lemma, hdep in said
            ]
        )
        scores += per_cue[which, side]
        branch, names = _branches(feats, index, cue_start, cue_end, root)
        pairs, pair = np.unique(which * len(names) + branch, return_inverse=True)
        scores += np.stack(
            [self._branch_row(said[k // len(names)], names[k % len(names)]) for k in pairs.tolist()]
        )[pair.reshape(-1)]
        kinds, kind = np.unique(branch, return_inverse=True)
        scores += np.stack([row(f"brs={names[b]}|{s}") for b in kinds.tolist() for s in SIDES])[
            kind.reshape(-1) * len(SIDES) + side
        ]
        return [scores[a:b] for a, b in itertools.pairwise(bounds)]


def _codes(values: list[str], names: frozenset[str]) -> Any:
    """The codes of a column's values that are among ``names``."""
    return np.asarray([k for k, v in enumerate(values) if v in names], dtype=np.intp)


def _branches(feats: DocFeatures, index: Any, cue_start: Any, cue_end: Any, root: Any) -> Any:
    """``DocFeatures.branches`` of many tokens at once, each from its own cue: a code per
    token, and the names of the codes ('X', 'cue', 'HH', then each dependency alone and
    behind 'H:'). Each token's chain of ancestors is read from one matrix."""
    dep = feats.columns["dep"]
    names = ["X", "cue", "HH"] + [n for d in dep.values for n in (d, f"H:{d}")]
    chain = feats.ancestors()[index]  # the token, its head, its head's head, ...
    head = feats.head_array
    up = head[root]
    up = np.where((up >= cue_start) & (up < cue_end), -1, up)
    nodes, parents = chain[:, :-1], chain[:, 1:]
    at_root = parents == nodes
    in_cue = (parents >= cue_start[:, None]) & (parents < cue_end[:, None])
    at_up = parents == up[:, None]
    first = np.argmax(at_root | in_cue | at_up, axis=1)
    rows = np.arange(len(index))
    node = nodes[rows, first]
    code = 3 + 2 * dep.codes[node] + at_up[rows, first]
    code = np.where(at_root[rows, first], 0, code)
    code = np.where((index >= cue_start) & (index < cue_end), 1, code)
    code = np.where(index == up, 2, code)
    return code, names
