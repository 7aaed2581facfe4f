"""Entity-level role-filler scoring (CEAF-REE) and small helpers shared by the benches.

Written from the metric definition in ``shared/bench/muc4/README.md`` (the GRIT / TempGen /
Du & Cardie scorer): per document and role, a predicted entity matches a gold entity when
*every* predicted mention, normalised, is among the gold entity's mentions (phi-subset); the
one-to-one assignment with the most matches is found with the Hungarian algorithm (scipy), and
counts are summed over documents. Keeping one implementation here makes the MUC-4 and
WikiEvents figures read alike.
"""

from __future__ import annotations

import os
import re
import string
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import numpy as np
from scipy.optimize import linear_sum_assignment  # type: ignore[import-untyped]

if TYPE_CHECKING:
    from newsblotter.records import ActorRef

REPO = Path(__file__).resolve().parents[1]

_PUNCT = str.maketrans("", "", string.punctuation)
_ARTICLES = re.compile(r"\b(a|an|the)\b")

Entity = Sequence[str]  # coreferent mention strings of one entity
RoleEntities = Mapping[str, Sequence[Entity]]  # role -> entities of one document


def normalize(text: str) -> str:
    """Lower-case, drop ASCII punctuation and the words a/an/the, collapse whitespace."""
    text = text.lower().translate(_PUNCT)
    return " ".join(_ARTICLES.sub(" ", text).split())


@dataclass(slots=True)
class Score:
    """Counts behind P/R/F1; numerators are kept apart so overlap metrics fit too.

    A zero denominator gives 0.0, as the published scorers do (so "both empty" scores 0, not 1).
    """

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    @classmethod
    def of(cls, matched: float, predicted: float, gold: float) -> Score:
        return cls(matched, predicted, matched, gold)

    def add(self, other: Score) -> None:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "p_num": self.p_num,
            "p_den": self.p_den,
            "r_num": self.r_num,
            "r_den": self.r_den,
        }


def best_matching(similarity: Sequence[Sequence[float]]) -> list[tuple[int, int]]:
    """Row/column pairs of the maximum-weight one-to-one assignment, zero-weight pairs dropped."""
    if not similarity or not similarity[0]:
        return []
    matrix = np.asarray(similarity, dtype=float)
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if matrix[r, c] > 0]


def phi_subset(pred: Iterable[str], gold: Iterable[str]) -> float:
    """1 when every (normalised) predicted mention is one of the gold entity's mentions."""
    pred_set = set(pred)
    return 1.0 if pred_set and pred_set <= set(gold) else 0.0


def _normalized(entities: Sequence[Entity]) -> list[list[str]]:
    out = [[normalize(m) for m in entity] for entity in entities]
    return [e for e in out if e]  # an entity without mentions is no prediction at all


def ceaf_ree(pred: Sequence[Entity], gold: Sequence[Entity]) -> tuple[float, list[tuple[int, int]]]:
    """Matched-entity count of one document and role, and the (pred, gold) index pairs.

    Indices refer to the entities that remain after dropping empty ones.
    """
    p, g = _normalized(pred), _normalized(gold)
    pairs = best_matching([[phi_subset(pe, ge) for ge in g] for pe in p])
    return float(len(pairs)), pairs


@dataclass(slots=True)
class RoleReport:
    """Per-role and micro-averaged scores, with what cost the most."""

    roles: tuple[str, ...]
    per_role: dict[str, Score]
    micro: Score
    missed: Counter[tuple[str, str]] = field(default_factory=Counter)
    spurious: Counter[tuple[str, str]] = field(default_factory=Counter)
    documents: int = 0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"micro": self.micro.as_dict()}
        out.update({role: self.per_role[role].as_dict() for role in self.roles})
        out["documents"] = self.documents
        return out


def score_roles(
    preds: Mapping[str, RoleEntities],
    golds: Mapping[str, RoleEntities],
    roles: Sequence[str],
) -> RoleReport:
    """CEAF-REE over the gold documents (a document without prediction predicts nothing)."""
    per_role = {role: Score() for role in roles}
    report = RoleReport(tuple(roles), per_role, Score())
    for doc, gold in golds.items():
        pred = preds.get(doc, {})
        report.documents += 1
        for role in roles:
            p = _normalized(pred.get(role, ()))
            g = _normalized(gold.get(role, ()))
            pairs = best_matching([[phi_subset(pe, ge) for ge in g] for pe in p])
            per_role[role].add(Score.of(len(pairs), len(p), len(g)))
            hit_p = {i for i, _ in pairs}
            hit_g = {j for _, j in pairs}
            report.missed.update((role, g[j][0]) for j in range(len(g)) if j not in hit_g)
            report.spurious.update((role, p[i][0]) for i in range(len(p)) if i not in hit_p)
    for role in roles:
        report.micro.add(per_role[role])
    return report


def format_role_report(report: RoleReport, title: str, top: int = 10) -> str:
    """A small table plus the missed / spurious fillers that cost the most."""
    lines = [f"{title} ({report.documents} documents)", f"{'role':<12}{'P':>8}{'R':>8}{'F1':>8}"]
    for name, score in [*((r, report.per_role[r]) for r in report.roles), ("micro", report.micro)]:
        lines.append(
            f"{name:<12}{100 * score.precision:>8.2f}{100 * score.recall:>8.2f}"
            f"{100 * score.f1:>8.2f}   ({score.p_num:g}/{score.p_den:g} pred,"
            f" {score.r_num:g}/{score.r_den:g} gold)"
        )
    for label, counter in (("missed gold", report.missed), ("spurious", report.spurious)):
        if not counter:
            lines.append(f"{label}: none")
            continue
        by_role = Counter[str]()
        for (role, _), n in counter.items():
            by_role[role] += n
        lines.append(f"{label} by role: " + ", ".join(f"{r} {n}" for r, n in by_role.most_common()))
        common = ", ".join(f"{r}:{m!r} x{n}" for (r, m), n in counter.most_common(top))
        lines.append(f"  most frequent: {common}")
    return "\n".join(lines)


# --- bench plumbing shared by the scripts ------------------------------------------------


def shared_dir() -> Path:
    """The shared data folder: $NEWSBLOTTER_SHARED, else ``shared`` beside the repo."""
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO.parent / "shared"


def fail(message: str) -> NoReturn:
    """Exit with a one-line error, never a traceback."""
    sys.exit(f"error: {message}")


def load_analyze_text() -> Callable[..., Any]:
    """The pipeline's bench entry point, or a one-line exit when it is not there yet."""
    try:
        from newsblotter.pipeline import analyze_text
    except ImportError as exc:
        sys.exit(f"error: newsblotter.pipeline.analyze_text is not available ({exc})")
    return analyze_text


def unique(items: Iterable[str], key: Callable[[str], str] = normalize) -> list[str]:
    """Items in first-seen order, dropping repeats (by key) and ones whose key is empty."""
    seen: set[str] = set()
    out = []
    for item in items:
        k = key(item)
        if k and k not in seen:
            seen.add(k)
            out.append(item)
    return out


def surface(ref: ActorRef, article_text: str) -> str:
    """The words the story used for an actor (its span), else the reference's name."""
    p = ref.provenance
    if p is not None and 0 <= p.start < p.end <= len(article_text):
        return article_text[p.start : p.end]
    return ref.name


def actor_key(ref: ActorRef) -> str:
    """One key per actor: its resolved id, else its normalised name."""
    return ref.id or normalize(ref.name)
