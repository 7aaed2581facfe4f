"""MUC-4 bench: newsblotter against the MUC-4 terrorism answer keys (train/dev only).

Two parts, both defined in ``shared/bench/muc4/README.md``:

* CEAF-REE over the GRIT role-filler sets (``ree/*.jsonl``), micro and per role;
* from the original 25-slot answer keys (``raw/``): incident type, killed and wounded
  counts, and the perpetrator-organisation confidence against newsblotter's assessment.

Usage (from the repo root): ``python bench/muc4.py [--data PATH] [--limit N] [--json]``.
``--oracle gold`` feeds the gold answers in as predictions, a check on the scorer (F1 1.0);
``--oracle adapter`` wraps them in newsblotter records and reads them back through the
adapters below, the ceiling those adapters allow a perfect extractor (its confidence is
then always REPORTED AS FACT, the majority baseline, as no statements are made up).

Decisions, so the figures can be read:

* newsblotter type -> MUC type: bombing->BOMBING; hostage_taking->KIDNAPPING (MUC's
  KIDNAPPING "covers abduction/detention in general, e.g. hostage-taking");
  hijacking->HIJACKING; facility_attack->ARSON (GTD's facility/infrastructure attack is
  mostly arson and non-explosive sabotage, MUC's nearest type); every other type (armed or
  unarmed assault, assassination, air strike, shelling) -> ATTACK (MUC folded MURDER into
  ATTACK and files aerial bombing under ATTACK). ROBBERY and FORCED WORK STOPPAGE have no
  counterpart and can only be missed.
* assessment -> slot 11, from the decision tree in ``raw/taskdoc/template-doc-part2.v7``:
  claimed / claimed_corroborated -> CLAIMED OR ADMITTED ("did the perp report it?");
  attributed (a firm attribution, no uncertainty) -> REPORTED AS FACT when every source is
  a news outlet, SUSPECTED OR ACCUSED BY AUTHORITIES when a source is an authority
  (government, military, police, intelligence, officials), else SUSPECTED OR ACCUSED (an
  accusation by a person, a group, a document); suspected and contested (uncertainty
  expressed) -> SUSPECTED OR ACCUSED, or ... BY AUTHORITIES when an accuser is an
  authority; denied / unknown (named but not connected) -> POSSIBLE. A perpetrator
  organisation the story states as the doer without any statement is REPORTED AS FACT,
  or SUSPECTED OR ACCUSED when the incident record holds a hedge of the story's own on it
  in every mention (``spans["hedge:N"]``: "alleged members of", "presumably carried out
  by"). The assessment is the product's own: ``newsblotter.ledger.build_ledger`` over the
  statements of each incident mention.
* killed / wounded of a key template: the human targets whose effect (slot 23) is DEATH
  (INJURY), with their numbers from slot 21 summed, as an interval: ``6`` is [6, 6],
  ``6-`` at least 6, ``6-8``, ``PLURAL`` at least 2, ``~100`` within 10 % (at least 1), a target
  without a number at least 1; an optional (``?``) or alternative effect lowers the
  bound to 0. A prediction is right when its value (none = 0) lies in the interval.
* templates are aligned to newsblotter's incident mentions per document by the
  Hungarian assignment over (role fillers matched + 1 if the type agrees); OPTIONAL key
  templates are not missed when left unaligned.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ceaf import (
    Score,
    best_matching,
    ceaf_ree,
    fail,
    format_role_report,
    load_analyze_text,
    normalize,
    score_roles,
    shared_dir,
)
from muc4_keys import (
    Dataset,
    Fill,
    Interval,
    KeyFormatError,
    KeyTemplate,
    _number,
    load_dataset,
    parse_fill,
    parse_keys,
    templates_by_doc,
)
from muc4_predict import (
    ALIGN_ROLES,
    AUTHORITY_KINDS,
    CLAIMED,
    FACT,
    MUC_TYPE,
    POSSIBLE,
    SUSPECTED,
    SUSPECTED_AUTH,
    PredTemplate,
    is_organisation,
    muc_confidence,
    predict_confidence,
    predict_roles,
    predict_templates,
)
from newsblotter.train.muc4 import ROLES, RawText, gold_roles, parse_texts

# read from here by the other benches and the tests
__all__ = [
    "ALIGN_ROLES",
    "AUTHORITY_KINDS",
    "CLAIMED",
    "FACT",
    "MUC_TYPE",
    "POSSIBLE",
    "ROLES",
    "SUSPECTED",
    "SUSPECTED_AUTH",
    "Dataset",
    "Fill",
    "Interval",
    "KeyFormatError",
    "KeyTemplate",
    "PredTemplate",
    "RawText",
    "_number",
    "gold_roles",
    "is_organisation",
    "load_dataset",
    "muc_confidence",
    "parse_fill",
    "parse_keys",
    "parse_texts",
    "predict_confidence",
    "predict_roles",
    "predict_templates",
    "templates_by_doc",
]

if TYPE_CHECKING:
    from newsblotter.records import Extraction

# --- template metrics ----------------------------------------------------------------------


def _gold_align_fillers(t: KeyTemplate) -> dict[str, list[list[str]]]:
    return {
        "Perp": t.entities(9, 10),
        "Target": t.entities(12),
        "Victim": t.entities(18) + t.unnamed_victims(),
        "Weapon": t.entities(6),
    }


def similarity(pred: PredTemplate, gold: KeyTemplate) -> float:
    """Role fillers the pair shares (CEAF-REE per role) plus one if the type agrees."""
    fillers = _gold_align_fillers(gold)
    shared = sum(
        ceaf_ree([[s] for s in pred.fillers.get(role, [])], fillers[role])[0]
        for role in ALIGN_ROLES
    )
    return shared + (1.0 if pred.type in gold.types else 0.0)


@dataclass(slots=True)
class Tally:
    n: int = 0
    correct: int = 0

    def add(self, ok: bool) -> None:
        self.n += 1
        self.correct += ok

    def as_dict(self) -> dict[str, float]:
        return {"n": self.n, "correct": self.correct, "accuracy": self.accuracy}

    @property
    def accuracy(self) -> float:
        return round(self.correct / self.n, 4) if self.n else 0.0


@dataclass(slots=True)
class TemplateReport:
    documents: int = 0
    relevance: Score = field(default_factory=Score)
    incidents: Score = field(default_factory=Score)
    type_aligned: Score = field(default_factory=Score)
    type_doc: Score = field(default_factory=Score)
    killed: Tally = field(default_factory=Tally)
    killed_nonzero: Tally = field(default_factory=Tally)
    wounded: Tally = field(default_factory=Tally)
    wounded_nonzero: Tally = field(default_factory=Tally)
    confidence_exact: Tally = field(default_factory=Tally)
    confidence_coarse: Tally = field(default_factory=Tally)
    confidence_gold: int = 0
    type_errors: Counter[str] = field(default_factory=Counter)  # "gold -> ours"
    count_errors: Counter[str] = field(default_factory=Counter)
    confidence_errors: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "relevance": self.relevance.as_dict(),
            "incidents": self.incidents.as_dict(),
            "type": self.type_aligned.as_dict(),
            "type_doc": self.type_doc.as_dict(),
            "killed": self.killed.as_dict(),
            "killed_nonzero": self.killed_nonzero.as_dict(),
            "wounded": self.wounded.as_dict(),
            "wounded_nonzero": self.wounded_nonzero.as_dict(),
            "confidence": {
                "gold": self.confidence_gold,
                "found": self.confidence_exact.n,
                "exact": self.confidence_exact.as_dict(),
                "coarse": self.confidence_coarse.as_dict(),
            },
        }


def _in(value: int | None, interval: Interval) -> bool:
    v = value or 0
    return interval[0] <= v <= interval[1]


def _fmt(interval: Interval) -> str:
    lo, hi = interval
    return f"{lo:g}" if lo == hi else f"{lo:g}+" if hi == math.inf else f"{lo:g}-{hi:g}"


def _coarse(label: str) -> str:
    return SUSPECTED if label == SUSPECTED_AUTH else label


def score_document(
    report: TemplateReport,
    preds: Sequence[PredTemplate],
    golds: Sequence[KeyTemplate],
    confidences: Sequence[tuple[str, str]],
) -> None:
    """Add one message's template-level counts to ``report``."""
    report.documents += 1
    required = [g for g in golds if not g.optional]
    if required or not golds:  # a message with only OPTIONAL templates is not counted
        report.relevance.add(Score.of(float(bool(required and preds)), bool(preds), bool(required)))

    pairs = best_matching([[similarity(p, g) for g in golds] for p in preds])
    aligned_optional = sum(1 for _, j in pairs if golds[j].optional)
    n_gold = len(required) + aligned_optional
    typed = 0
    for i, j in pairs:
        p, g = preds[i], golds[j]
        ok = p.type in g.types
        typed += ok
        if not ok:
            report.type_errors[f"{'/'.join(g.types)} -> {p.type or 'none'}"] += 1
        for effect, value, tally, nonzero in (
            ("DEATH", p.killed, report.killed, report.killed_nonzero),
            ("INJURY", p.wounded, report.wounded, report.wounded_nonzero),
        ):
            interval = g.casualties(effect)
            hit = _in(value, interval)
            tally.add(hit)
            if interval[0] > 0:
                nonzero.add(hit)
            if not hit:
                report.count_errors[f"{effect} {_fmt(interval)} -> {value or 0}"] += 1
    report.incidents.add(Score.of(len(pairs), len(preds), n_gold))
    report.type_aligned.add(Score.of(typed, len(preds), n_gold))

    acceptable = {t for g in golds for t in g.types}
    needed = {frozenset(g.types) for g in required}
    predicted = {p.type for p in preds if p.type}
    report.type_doc.add(
        Score(
            len(predicted & acceptable),
            len(predicted),
            sum(1 for need in needed if need & predicted),
            len(needed),
        )
    )
    _score_confidence(report, golds, confidences)


def _score_confidence(
    report: TemplateReport, golds: Sequence[KeyTemplate], confidences: Sequence[tuple[str, str]]
) -> None:
    """Each gold organisation (merged over templates) against the first prediction naming it."""
    orgs: list[tuple[set[str], set[str]]] = []
    for g in golds:
        for f in g.confidences():
            names = {normalize(r) for r in f.refs} - {""}
            for known_names, labels in orgs:
                if known_names & names:
                    known_names |= names
                    labels.update(f.values)
                    break
            else:
                orgs.append((names, set(f.values)))
    report.confidence_gold += len(orgs)
    for names, labels in orgs:
        label = next((lab for name, lab in confidences if normalize(name) in names), None)
        if label is None:
            continue
        report.confidence_exact.add(label in labels)
        report.confidence_coarse.add(_coarse(label) in {_coarse(x) for x in labels})
        if label not in labels:
            report.confidence_errors[f"{' / '.join(sorted(labels))} -> {label}"] += 1


def format_template_report(report: TemplateReport, top: int = 8) -> str:
    def prf(name: str, s: Score) -> str:
        return (
            f"{name:<24}P {100 * s.precision:6.2f}  R {100 * s.recall:6.2f}  "
            f"F1 {100 * s.f1:6.2f}  ({s.p_num:g}/{s.p_den:g}, {s.r_num:g}/{s.r_den:g})"
        )

    def acc(name: str, t: Tally) -> str:
        return f"{name:<24}{100 * t.accuracy:6.2f} % of {t.n}"

    c = report
    lines = [
        f"Answer-key metrics ({c.documents} documents)",
        prf("relevant message", c.relevance),
        prf("incidents aligned", c.incidents),
        prf("type (aligned)", c.type_aligned),
        prf("type (document sets)", c.type_doc),
        acc("killed (aligned)", c.killed),
        acc("  where key has deaths", c.killed_nonzero),
        acc("wounded (aligned)", c.wounded),
        acc("  where key has injured", c.wounded_nonzero),
        f"{'org confidence':<24}{c.confidence_exact.n} of {c.confidence_gold} gold orgs named;"
        f" exact {100 * c.confidence_exact.accuracy:.2f} %,"
        f" coarse {100 * c.confidence_coarse.accuracy:.2f} %",
    ]
    for label, counter in (
        ("type errors (gold -> ours)", c.type_errors),
        ("count errors (key -> ours)", c.count_errors),
        ("confidence errors (gold -> ours)", c.confidence_errors),
    ):
        items = ", ".join(f"{k} x{n}" for k, n in counter.most_common(top))
        lines.append(f"{label}: {items or '-'}")
    return "\n".join(lines)


# --- oracle --------------------------------------------------------------------------------


def oracle_templates(golds: Sequence[KeyTemplate]) -> list[PredTemplate]:
    """The answer keys as predictions: type, lowest count in range, first string per entity."""
    out = []
    for g in golds:
        fillers = {r: [e[0] for e in ents] for r, ents in _gold_align_fillers(g).items()}
        killed, wounded = g.casualties("DEATH")[0], g.casualties("INJURY")[0]
        out.append(PredTemplate(g.types[0], int(killed), int(wounded), fillers))
    return out


def oracle_confidence(golds: Sequence[KeyTemplate]) -> list[tuple[str, str]]:
    return [(f.refs[0], f.values[0]) for g in golds for f in g.confidences()]


_NEWSBLOTTER_TYPE = {
    "BOMBING": "bombing",
    "ATTACK": "armed_assault",
    "KIDNAPPING": "hostage_taking",
    "ARSON": "facility_attack",
    "HIJACKING": "hijacking",
}


def gold_extraction(docid: str, mentions: Sequence[Mapping[str, Any]]) -> Extraction:
    """Gold role fillers as newsblotter records (one incident mention per mapping).

    Each mapping holds ``type``, ``killed``, ``wounded`` and first-mention strings under the
    REE role names; organisations get an actor id, as the gazetteer would give them.
    """
    from newsblotter.records import (
        ActorRef,
        Article,
        Count,
        Extraction,
        IncidentMention,
        Provenance,
    )

    def count(n: int) -> Count | None:
        return Count(n, "exact", None, None) if n else None

    out = []
    for k, m in enumerate(mentions):
        orgs = [ActorRef(name, id=f"gold:{normalize(name)}") for name in m["PerpOrg"]]
        out.append(
            IncidentMention(
                id=f"{docid}:{k}",
                provenance=Provenance(docid, 0, 0, "gold"),
                type=m["type"],
                killed=count(m["killed"]),
                wounded=count(m["wounded"]),
                weapons=list(m["Weapon"]),
                targets=list(m["Target"]),
                victims=list(m["Victim"]),
                perpetrators=[ActorRef(name) for name in m["PerpInd"]] + orgs,
            )
        )
    return Extraction(Article(docid, ""), out, [])


def _firsts(entities: Iterable[Sequence[str]]) -> list[str]:
    return [e[0].lower() for e in entities if e]


def adapter_oracle(data: Dataset, docids: Sequence[str]) -> Predictions:
    preds = Predictions()
    for docid in docids:
        if docid in data.ree:
            gold = gold_roles(data.ree[docid])
            single = {r: _firsts(gold[r]) for r in ROLES} | {"type": "", "killed": 0, "wounded": 0}
            extraction = gold_extraction(docid, [single])
            preds.roles[docid] = {r: [[x] for x in v] for r, v in predict_roles(extraction).items()}
        templates = (data.keys or {}).get(docid, [])
        extraction = gold_extraction(docid, [_key_mention(t) for t in templates])
        preds.templates[docid] = predict_templates(extraction)
        preds.confidence[docid] = predict_confidence(extraction)
    return preds


def _key_mention(t: KeyTemplate) -> dict[str, Any]:
    return {
        "type": _NEWSBLOTTER_TYPE.get(t.types[0], t.types[0].lower()),
        "killed": int(t.casualties("DEATH")[0]),
        "wounded": int(t.casualties("INJURY")[0]),
        "PerpInd": _firsts(t.entities(9)),
        "PerpOrg": _firsts(t.entities(10)),
        "Target": _firsts(t.entities(12)),
        "Victim": _firsts(t.entities(18) + t.unnamed_victims()),
        "Weapon": _firsts(t.entities(6)),
    }


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/muc4.py",
        description="Score newsblotter on MUC-4: CEAF-REE role fillers and answer-key slots.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a ree .jsonl file, a raw key-* file, or a folder holding them "
        "(default: the dev split in $NEWSBLOTTER_SHARED/bench/muc4)",
    )
    parser.add_argument("--split", default="dev", help="split of a muc4 folder (default: dev)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    parser.add_argument(
        "--cost",
        action="store_true",
        help="also time role filling alone: the incident stage with and without the role "
        "model on each parsed document past triage (one process)",
    )
    parser.add_argument(
        "--oracle",
        choices=("gold", "adapter"),
        default=None,
        help="feed the gold answers as predictions: as they are (scorer check), or through "
        "newsblotter records and the adapters (adapter ceiling)",
    )
    return parser


@dataclass(slots=True)
class Predictions:
    roles: dict[str, dict[str, list[list[str]]]] = field(default_factory=dict)
    templates: dict[str, list[PredTemplate]] = field(default_factory=dict)
    confidence: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    failed: list[str] = field(default_factory=list)


def run_pipeline(
    data: Dataset, docids: Sequence[str], analyze: Callable[..., Extraction]
) -> Predictions:
    preds = Predictions()
    for docid in docids:
        raw = data.texts.get(docid)
        text = data.ree[docid]["doctext"] if docid in data.ree else raw.text if raw else ""
        try:
            extraction = analyze(text, published=raw.published if raw else None)
        except Exception as exc:  # one bad document must not sink the run; it is reported
            print(f"warning: {docid}: newsblotter failed: {exc!r}"[:300], file=sys.stderr)
            preds.failed.append(docid)
            continue
        preds.roles[docid] = {r: [[s] for s in v] for r, v in predict_roles(extraction).items()}
        preds.templates[docid] = predict_templates(extraction)
        preds.confidence[docid] = predict_confidence(extraction)
    return preds


def role_cost(data: Dataset, docids: Sequence[str], repeats: int = 3) -> dict[str, float]:
    """Milliseconds the role model adds to the incident stage per parsed article past
    triage: each article is parsed once, then the stage runs with a role filler that does
    nothing and with the model, the fastest of ``repeats`` runs of each."""
    import time

    from newsblotter.config import load_settings
    from newsblotter.incidents import find_mentions
    from newsblotter.pipeline import Pipeline
    from newsblotter.records import Article
    from newsblotter.triage import is_relevant

    pipe = Pipeline(load_settings(env={}, db=""))
    added: list[float] = []
    without: list[float] = []
    for docid in docids:
        raw = data.texts.get(docid)
        text = data.ree[docid]["doctext"] if docid in data.ree else raw.text if raw else ""
        if not is_relevant(text):
            continue
        ann = pipe.annotator.annotate(
            Article(docid, text, published=raw.published if raw else None)
        )
        times = {}
        for name, roles in (("rules", lambda *_: None), ("model", None)):
            best = math.inf
            for _ in range(repeats):
                start = time.perf_counter()
                find_mentions(ann) if roles is None else find_mentions(ann, roles=roles)
                best = min(best, time.perf_counter() - start)
            times[name] = best
        added.append(1000 * (times["model"] - times["rules"]))
        without.append(1000 * times["rules"])
    n = len(added)
    return {
        "articles": n,
        "ms_per_article": round(sum(added) / n, 3) if n else 0.0,
        "stage_ms_without": round(sum(without) / n, 3) if n else 0.0,
    }


def oracle(data: Dataset, docids: Sequence[str]) -> Predictions:
    preds = Predictions()
    for docid in docids:
        if docid in data.ree:
            preds.roles[docid] = gold_roles(data.ree[docid])
        golds = (data.keys or {}).get(docid, [])
        preds.templates[docid] = oracle_templates(golds)
        preds.confidence[docid] = oracle_confidence(golds)
    return preds


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    path = args.data or shared_dir() / "bench" / "muc4"
    data = load_dataset(path, args.split)
    docids = data.docids()[: args.limit]
    if not docids:
        fail(f"{path}: no documents to score")
    if args.oracle == "gold":
        preds = oracle(data, docids)
    elif args.oracle == "adapter":
        preds = adapter_oracle(data, docids)
    else:
        preds = run_pipeline(data, docids, load_analyze_text())

    metrics: dict[str, Any] = {"data": str(path), "documents": len(docids), "failed": preds.failed}
    if data.ree:
        golds = {d: gold_roles(data.ree[d]) for d in docids if d in data.ree}
        ree = score_roles(preds.roles, golds, ROLES)
        print(format_role_report(ree, "CEAF-REE"))
        metrics["ree"] = ree.as_dict()
    if data.keys is not None:
        report = TemplateReport()
        for d in docids:
            if d in data.keys:
                score_document(
                    report,
                    preds.templates.get(d, []),
                    data.keys[d],
                    preds.confidence.get(d, []),
                )
        print(format_template_report(report))
        metrics["keys"] = report.as_dict()
    if args.cost:
        metrics["cost"] = role_cost(data, docids)
        c = metrics["cost"]
        print(
            f"role filling: {c['ms_per_article']:.2f} ms per article past triage beyond the "
            f"rest of the incident stage ({c['articles']} articles; stage without it "
            f"{c['stage_ms_without']:.2f} ms)"
        )
    if preds.failed:
        print(f"newsblotter failed on {len(preds.failed)} documents: {', '.join(preds.failed)}")
    if args.json:
        print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
