"""The cue filter: a second look at the cue tagger's candidates, with gradient-boosted trees.

The cue tagger (a linear-chain CRF) decides each sentence alone, token by token, from
features of the token and its neighbours. The filter reads, for every token the tagger
gives some chance of being a cue (its marginal probability, from the forward-backward
pass) or that heads a cue it tagged, what the tagger cannot: the tagger's own confidence
in the token, its neighbours, its head and the tokens it hangs from (a cue inside what
another cue reports is seldom PolNeAR's), the number of cues in its sentence, how often its
lemma heads a cue in the training split, and the same lemma's chance elsewhere in the
article. It keeps a tagged cue whose head it accepts and adds a one-token cue where it
accepts a token the tagger left out. Trained by ``python -m newsblotter.train.attribution``
on cue taggers that did not see the article (two folds of the train split); shipped as
trees in ``model/cue_filter.json`` (docs/models/attribution.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from newsblotter.article.forest import Forest
from newsblotter.statements.attribution.features import SUBJECTS, DocFeatures

if TYPE_CHECKING:
    from newsblotter.statements.attribution.model import LinearCRF

FILTER = "cue_filter"
LOW = 0.02  # a token untagged by the cue tagger is a candidate from this marginal up
ANCESTOR_STEPS = 4
# one-hot features of the part of speech and dependency of a candidate: the labels that head
# most gold cues of the training split, learned with the lemma prior (``Prior``)
N_POS = 7
N_DEPS = 12
SUBJECT_POS = ("PRON", "PROPN", "NOUN")  # a subject of another part of speech: 4, none: 0
PERSONS = frozenset({"PERSON"})
GROUPS = frozenset({"ORG", "NORP", "GPE"})
NAMES = (
    "m",
    "mb",
    "mprev",
    "mnext",
    "vit",
    "vlen",
    "vroot",
    "anc",
    "ancvit",
    "child",
    "nvit",
    "slen",
    "rel",
    "quote",
    "squote",
    *(f"pos_{k}" for k in range(N_POS)),
    *(f"dep_{k}" for k in range(N_DEPS)),
    "subj",
    "subjper",
    "subjorg",
    "ccomp",
    "xcomp",
    "dobj",
    "prep",
    "that",
    "colon",
    "qnext",
    "prior",
    "lcount",
    "lemdoc",
    "nhi",
    "mhead",
)


def marginals(emissions: list[Any], transitions: Any) -> list[Any]:
    """Each sequence's label marginals (tokens x labels) under a linear-chain CRF, by a
    batched, scaled forward-backward pass (time-major, as the Viterbi pass; the sequences
    longest first, so that at each step those still running are the first few)."""
    if not emissions:
        return []
    lengths = np.asarray([len(e) for e in emissions])
    order = np.argsort(-lengths, kind="stable")
    batch, longest, n_labels = len(lengths), int(lengths.max()), transitions.shape[0]
    scores = np.zeros((longest, batch, n_labels))
    for b, k in enumerate(order.tolist()):
        scores[: lengths[k], b] = emissions[k]
    scores = np.exp(scores - scores.max(axis=2, keepdims=True))
    step = np.exp(np.asarray(transitions, dtype=np.float64) - float(np.max(transitions)))
    running = np.searchsorted(-lengths[order], -np.arange(longest), side="left")
    alpha = np.zeros((longest, batch, n_labels))
    beta = np.ones((longest, batch, n_labels))
    alpha[0] = scores[0] / scores[0].sum(axis=1, keepdims=True)
    for t in range(1, longest):
        k = running[t]
        a = (alpha[t - 1, :k] @ step) * scores[t, :k]
        alpha[t, :k] = a / a.sum(axis=1, keepdims=True)
    for t in range(longest - 2, -1, -1):
        k = running[t + 1]
        b = (scores[t + 1, :k] * beta[t + 1, :k]) @ step.T
        beta[t, :k] = b / b.sum(axis=1, keepdims=True)
    p = alpha * beta
    out: list[Any] = [None] * batch
    for b, k in enumerate(order.tolist()):
        q = p[: lengths[k], b]
        out[k] = q / q.sum(axis=1, keepdims=True)
    return out


class Prior:
    """What the filter learned of the training split's words: how often each lemma heads a
    gold cue, (cues, occurrences), and the parts of speech and dependencies of its one-hot
    features (those of the most gold cue heads, N_POS and N_DEPS of them)."""

    def __init__(
        self, counts: dict[str, tuple[int, int]], pos: tuple[str, ...], deps: tuple[str, ...]
    ) -> None:
        if len(pos) != N_POS or len(deps) != N_DEPS:
            raise ValueError(f"{N_POS} parts of speech and {N_DEPS} dependencies expected")
        self.counts = counts
        self.pos = pos
        self.deps = deps

    def rates(self, lemmas: list[str], cue: Any = None) -> tuple[Any, Any]:
        """Smoothed rate and log count of each lemma; ``cue`` (training): whether each token
        heads a gold cue, left out of its own lemma's counts."""
        pairs = np.asarray([self.counts.get(lemma, (0, 0)) for lemma in lemmas], np.float64)
        cues, seen = pairs[:, 0].copy(), pairs[:, 1].copy()
        if cue is not None:
            seen -= 1
            cues -= cue
        rate = np.where(seen > 0, (cues + 0.1) / np.maximum(seen + 1.0, 1.0), -1.0)
        return rate, np.log1p(np.maximum(seen, 0))


def candidate_rows(
    feats: DocFeatures,
    marginal: list[Any],
    spans: list[tuple[int, int]],
    labels: list[str],
    prior: Prior,
    gold_heads: Any = None,
) -> tuple[Any, Any, Any]:
    """The filter's rows (candidates x NAMES), each candidate's token and the tagged span it
    heads (its index in ``spans``, -1 for a token the tagger left out).

    ``marginal``: the cue tagger's marginals per sentence; ``spans``: its cues (token
    ranges); ``gold_heads`` (training only): a boolean per token, whether it heads a gold
    cue (its own lemma's prior leaves it out). Whole-document facts are computed with
    arrays over every token, the rest for the candidates alone (a few in a hundred)."""
    n = feats.n
    empty = np.zeros(0, np.intp)
    if n == 0:
        return np.zeros((0, len(NAMES)), np.float32), empty, empty
    stacked = np.vstack(marginal)
    zero = np.zeros(n)
    mb = stacked[:, labels.index("B-CUE")] if "B-CUE" in labels else zero
    m = mb + (stacked[:, labels.index("I-CUE")] if "I-CUE" in labels else zero)
    index = np.arange(n)
    head = feats.head_array
    sent = np.asarray(feats.sent_of, dtype=np.intp)
    starts = np.asarray([s for s, _ in feats.sent_bounds], dtype=np.intp)
    ends = np.asarray([e for _, e in feats.sent_bounds], dtype=np.intp)
    space = np.asarray(feats.space, dtype=bool)
    # the tagged spans: each token's span (-1: none), each span's head (its first token whose
    # head lies outside it)
    span_of = np.full(n, -1, dtype=np.intp)
    span_head = np.full(n, -1, dtype=np.intp)
    span_len = np.zeros(n)
    for k, (a, b) in enumerate(spans):
        span_of[a:b] = k
        span_len[a:b] = b - a
        inner = np.arange(a, b)
        out = inner[(head[inner] < a) | (head[inner] >= b) | (head[inner] == inner)]
        span_head[out[0] if out.size else a] = k
    c = np.flatnonzero(~space & (((span_of < 0) & (m >= LOW)) | (span_head >= 0)))
    if not c.size:
        return np.zeros((0, len(NAMES)), np.float32), empty, empty
    own = span_head[c]
    sc = sent[c]
    # the parse: ancestors up to ANCESTOR_STEPS, children
    chain = feats.ancestors()[c, 1 : 1 + ANCESTOR_STEPS]
    if chain.shape[1] < ANCESTOR_STEPS:
        chain = np.pad(chain, ((0, 0), (0, ANCESTOR_STEPS - chain.shape[1])), mode="edge")
    foreign = (chain != c[:, None]) & ((own[:, None] < 0) | (span_of[chain] != own[:, None]))
    anc = np.where(foreign, m[chain], 0.0).max(axis=1)
    anc_tagged = (foreign & (span_of[chain] >= 0)).any(axis=1)
    kids = np.flatnonzero(head != index)
    parents = head[kids]
    child = np.zeros(n)
    outside = (span_of[kids] < 0) | (span_of[kids] != span_of[parents])
    np.maximum.at(child, parents[outside], m[kids[outside]])
    dep_col, pos_col = feats.columns["dep"], feats.columns["pos"]

    def codes_of(column: Any, names: Any) -> Any:
        return np.asarray([v in names for v in column.values], dtype=bool)[column.codes]

    child_dep = {}
    for name in ("ccomp", "xcomp", "dobj", "prep", "mark"):
        flag = np.zeros(n, dtype=bool)
        flag[parents[codes_of(dep_col, (name,))[kids]]] = True
        child_dep[name] = flag
    that = np.zeros(n, dtype=bool)
    clause = kids[codes_of(dep_col, ("ccomp",))[kids] & child_dep["mark"][kids]]
    that[head[clause]] = True
    subject = np.full(n, n, dtype=np.intp)
    subs = kids[codes_of(dep_col, SUBJECTS)[kids]]
    np.minimum.at(subject, head[subs], subs)
    first = subject[c]
    has_subject = first < n
    first = np.minimum(first, n - 1)
    kind_of = np.asarray(
        [SUBJECT_POS.index(v) + 1 if v in SUBJECT_POS else 4 for v in pos_col.values]
    )
    subject_kind = np.where(has_subject, kind_of[pos_col.codes[first]], 0)
    ent = [feats.ent[j] for j in first.tolist()]
    # the next word (not whitespace) of the sentence
    words = np.flatnonzero(~space)
    nxt = words[np.minimum(np.searchsorted(words, c + 1), words.size - 1)]
    in_sentence = (nxt > c) & (nxt < ends[sc])
    text, quotes = feats.text, feats.quote
    colon = in_sentence & np.asarray([text[j] == ":" for j in nxt.tolist()], dtype=bool)
    opens = in_sentence & np.asarray([quotes[j] == "o" for j in nxt.tolist()], dtype=bool)
    quote_col = feats.columns["quote"]
    quote_code = np.asarray(["-ioc".index(v) for v in quote_col.values])[quote_col.codes]
    quoted_sentence = np.bincount(sent, weights=(quote_code > 0), minlength=len(starts)) > 0
    high = np.bincount(sent, weights=(m > 0.5), minlength=len(starts))
    tagged = np.bincount(
        np.asarray([feats.sent_of[a] for a, _ in spans], dtype=np.intp), minlength=len(starts)
    )
    # the same lemma elsewhere in the article: its best marginal
    lemma_col = feats.columns["lemma"]
    codes = lemma_col.codes
    order = np.lexsort((-m, codes))
    best = np.full(len(lemma_col.values), -1.0)
    second = np.full(len(lemma_col.values), 0.0)
    first_of = np.full(len(lemma_col.values), -1, dtype=np.intp)
    boundary = np.ones(n, dtype=bool)
    boundary[1:] = codes[order][1:] != codes[order][:-1]
    tops = order[boundary]
    best[codes[tops]] = m[tops]
    first_of[codes[tops]] = tops
    after = np.flatnonzero(boundary) + 1
    after = after[after < n]
    same = codes[order][after] == codes[order][after - 1]
    second[codes[order][after[same]]] = m[order][after[same]]
    cc = codes[c]
    lemdoc = np.where(first_of[cc] == c, second[cc], np.maximum(best[cc], 0.0))
    if gold_heads is not None:
        gold = np.asarray(gold_heads, dtype=np.float64)[c]
        rate, count = prior.rates([feats.lemma[j] for j in c.tolist()], gold)
    else:
        distinct, back = np.unique(cc, return_inverse=True)
        values = lemma_col.values
        rate, count = (a[back] for a in prior.rates([values[k] for k in distinct.tolist()]))
    pos_values = np.asarray(pos_col.values, dtype=object)[pos_col.codes[c]]
    dep_values = np.asarray(dep_col.values, dtype=object)[dep_col.codes[c]]
    sent_len = (ends - starts)[sc]
    prev = np.where(c > starts[sc], m[np.maximum(c - 1, 0)], 0.0)
    after_m = np.where(c + 1 < ends[sc], m[np.minimum(c + 1, n - 1)], 0.0)
    columns = [
        m[c],
        mb[c],
        prev,
        after_m,
        span_of[c] >= 0,
        span_len[c],
        own >= 0,
        anc,
        anc_tagged,
        child[c],
        tagged[sc],
        sent_len,
        (c - starts[sc]) / np.maximum(1, sent_len),
        quote_code[c],
        quoted_sentence[sc],
        *(pos_values == p for p in prior.pos),
        *(dep_values == d for d in prior.deps),
        subject_kind,
        has_subject & np.asarray([e in PERSONS for e in ent], dtype=bool),
        has_subject & np.asarray([e in GROUPS for e in ent], dtype=bool),
        child_dep["ccomp"][c],
        child_dep["xcomp"][c],
        child_dep["dobj"][c],
        child_dep["prep"][c],
        that[c],
        colon,
        opens,
        rate,
        count,
        lemdoc,
        high[sc],
        np.where(head[c] != c, m[head[c]], 0.0),
    ]
    rows = np.column_stack([np.asarray(col, dtype=np.float32) for col in columns])
    return rows, c, own


class CueFilter:
    """The shipped filter: its trees, the lemma prior and the threshold (``cue_filter.json``)."""

    def __init__(self, forest: Forest, prior: Prior) -> None:
        if forest.features != NAMES:
            raise RuntimeError("cue filter trained on other features; retrain the model")
        self.forest = forest
        self.prior = prior

    @classmethod
    def load(cls, folder: Path) -> CueFilter | None:
        path = folder / f"{FILTER}.json"
        if not path.is_file():
            return None
        data = json.loads(path.read_text("utf-8"))
        counts = {k: (int(v[0]), int(v[1])) for k, v in data["prior"].items()}
        prior = Prior(counts, tuple(data["pos"]), tuple(data["deps"]))
        return cls(Forest.from_json(data["forest"]), prior)

    def save(self, folder: Path) -> None:
        data = {
            "forest": self.forest.to_json(),
            "prior": {k: list(v) for k, v in sorted(self.prior.counts.items())},
            "pos": list(self.prior.pos),
            "deps": list(self.prior.deps),
        }
        (folder / f"{FILTER}.json").write_text(json.dumps(data), "utf-8")

    def cues(
        self, feats: DocFeatures, crf: LinearCRF, emissions: list[Any], tagged: list[Any]
    ) -> list[tuple[int, int]]:
        """The cues kept and added, from the tagger's ``emissions`` and its ``tagged`` spans."""
        marginal = marginals(emissions, crf.transitions)
        rows, tokens, heads = candidate_rows(feats, marginal, tagged, crf.labels, self.prior)
        if not len(rows):
            return []
        keep = self.forest.probability(rows) >= self.forest.threshold_p
        pairs = zip(tokens[keep].tolist(), heads[keep].tolist(), strict=True)
        return sorted({tagged[k] if k >= 0 else (i, i + 1) for i, k in pairs})
