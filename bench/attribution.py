"""Attribution bench: (source, cue, content) relations in brat standoff, PolNeAR style.

Metric as described in ``shared/bench/attribution/polnear/README.md`` (PARC3 / Citron
practice), per document and summed over the corpus:

* per role (source, cue, content) **exact**: a predicted span counts when its fragments equal
  a gold span's (after trimming whitespace and joining fragments that only whitespace
  separates); **overlap**: Citron's token overlap, tokens in both the predicted and gold
  spans of the role over all predicted tokens (P) and all gold tokens (R);
* **relations**: an attribution is right when cue, source and content all match, exactly or
  (lenient) each overlapping by a token (no source on both sides counts as agreeing); pairs
  are one-to-one (Hungarian).

Gold comes from ``--data``: ``X.txt`` with ``X.ann`` or ``X_<annotator>.ann`` (the first name
in sorted order when several annotators did it), also in PolNeAR's ``text/`` +
``attributions/`` layout. Events whose type starts with ``Attribution`` are relations
(``Attribution-no-source`` has no source); ``Discuss`` / ``Discard`` flags drop one;
``Content2`` and other numbered roles join their role's spans.

Predictions come from ``--pred FOLDER`` (brat, same names) or from newsblotter statements:
source = the speaker's span, cue = the statement's cue found in its sentence, content = the
longer stretch of the sentence on either side of source and cue. That content is a
heuristic of this adapter (statements carry no content span), so judge content by overlap.
"""

from __future__ import annotations

import argparse
import bisect
import difflib
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from brat import (
    Annotation,
    BratError,
    Fragment,
    format_textbound,
    read_ann,
)
from ceaf import Score, best_matching, fail, load_analyze_text, shared_dir

if TYPE_CHECKING:
    from newsblotter.records import Extraction, Statement

ROLES = ("source", "cue", "content")
DROP_FLAGS = frozenset({"Discuss", "Discard"})
Spans = tuple[Fragment, ...]

_TOKEN = re.compile(r"\w+|[^\w\s]")
_TRIM = " \t\r\n,.;:!?\"'“”‘’«»()[]—–-"


@dataclass(frozen=True, slots=True)
class Attribution:
    cue: Spans
    source: Spans = ()
    content: Spans = ()

    def role(self, name: str) -> Spans:
        spans: Spans = getattr(self, name)
        return spans


def clean_spans(fragments: Iterable[Fragment], text: str) -> Spans:
    """Trim whitespace inside each fragment, sort, and join fragments only whitespace parts."""
    trimmed = []
    for start, end in fragments:
        start, end = max(0, start), min(len(text), end)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            trimmed.append((start, end))
    merged: list[Fragment] = []
    for start, end in sorted(trimmed):
        if merged and not text[merged[-1][1] : start].strip():
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def _role_name(role: str) -> str:
    return role.rstrip("0123456789").lower()


def attributions_from_ann(ann: Annotation, text: str) -> list[Attribution]:
    """The attribution relations of one annotation file, in file order."""
    out = []
    for event in ann.events.values():
        if not event.type.startswith("Attribution"):
            continue
        flagged = ann.flags(event.id) | (ann.flags(event.trigger) if event.trigger else set())
        if flagged & DROP_FLAGS:
            continue
        parts: dict[str, list[Fragment]] = {role: [] for role in ROLES}
        for role, ref in event.args:
            bound = ann.textbounds.get(ref)
            name = _role_name(role)
            if bound is not None and name in parts:
                parts[name].extend(bound.fragments)
        if not parts["cue"] and event.trigger in ann.textbounds:
            parts["cue"].extend(ann.textbounds[event.trigger].fragments)
        spans = {role: clean_spans(frags, text) for role, frags in parts.items()}
        out.append(Attribution(spans["cue"], spans["source"], spans["content"]))
    return out


def format_ann(attributions: Sequence[Attribution], text: str) -> str:
    """Attributions as brat standoff (one T line per role span, one E line per relation)."""
    lines: list[str] = []
    t = 0
    for k, a in enumerate(attributions, 1):
        args = []
        for role in ROLES:
            spans = a.role(role)
            if spans:
                t += 1
                lines.append(format_textbound(f"T{t}", role.capitalize(), spans, text))
                args.append(f"{role.capitalize()}:T{t}")
        cue_id = next((x.split(":")[1] for x in args if x.startswith("Cue:")), None)
        kind = "Attribution" if a.source else "Attribution-no-source"
        trigger = f":{cue_id}" if cue_id else ""
        lines.append(f"E{k}\t{kind}{trigger} " + " ".join(args))
    return "\n".join(lines) + ("\n" if lines else "")


# --- scoring -------------------------------------------------------------------------------


class Tokens:
    """Word/punctuation tokens of a text, to turn character spans into token sets."""

    def __init__(self, text: str) -> None:
        spans = [m.span() for m in _TOKEN.finditer(text)]
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def of(self, spans: Spans) -> set[int]:
        out: set[int] = set()
        for start, end in spans:
            first = bisect.bisect_right(self.ends, start)  # first token ending after start
            last = bisect.bisect_left(self.starts, end)  # tokens starting before end
            out.update(range(first, last))
        return out


@dataclass(slots=True)
class AttributionReport:
    exact: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in ROLES})
    overlap: dict[str, Score] = field(default_factory=lambda: {r: Score() for r in ROLES})
    relation_exact: Score = field(default_factory=Score)
    relation_overlap: Score = field(default_factory=Score)
    documents: int = 0
    missed_cues: Counter[str] = field(default_factory=Counter)
    spurious_cues: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "exact": {r: self.exact[r].as_dict() for r in ROLES},
            "overlap": {r: self.overlap[r].as_dict() for r in ROLES},
            "relation_exact": self.relation_exact.as_dict(),
            "relation_overlap": self.relation_overlap.as_dict(),
        }


def _overlaps(a: set[int], b: set[int]) -> bool:
    return bool(a & b) if a or b else True


def score_document(
    report: AttributionReport,
    pred: Sequence[Attribution],
    gold: Sequence[Attribution],
    text: str,
) -> None:
    """Add one document's counts to ``report``."""
    report.documents += 1
    tokens = Tokens(text)
    for role in ROLES:
        p = Counter(a.role(role) for a in pred if a.role(role))
        g = Counter(a.role(role) for a in gold if a.role(role))
        report.exact[role].add(Score.of(sum((p & g).values()), p.total(), g.total()))
        pt = set().union(*(tokens.of(s) for s in p)) if p else set()
        gt = set().union(*(tokens.of(s) for s in g)) if g else set()
        report.overlap[role].add(Score.of(len(pt & gt), len(pt), len(gt)))

    exact = Counter(pred) & Counter(gold)
    report.relation_exact.add(Score.of(exact.total(), len(pred), len(gold)))

    ptok = [{r: tokens.of(a.role(r)) for r in ROLES} for a in pred]
    gtok = [{r: tokens.of(a.role(r)) for r in ROLES} for a in gold]

    def compatible(p: dict[str, set[int]], g: dict[str, set[int]]) -> float:
        return float(
            bool(p["cue"] & g["cue"])
            and _overlaps(p["content"], g["content"])
            and _overlaps(p["source"], g["source"])
        )

    pairs = best_matching([[compatible(p, g) for g in gtok] for p in ptok])
    report.relation_overlap.add(Score.of(len(pairs), len(pred), len(gold)))

    pred_cues = set().union(*(t["cue"] for t in ptok)) if ptok else set()
    gold_cues = set().union(*(t["cue"] for t in gtok)) if gtok else set()
    for a, t in zip(gold, gtok, strict=True):
        if not t["cue"] & pred_cues:
            report.missed_cues[_words(a.cue, text)] += 1
    for a, t in zip(pred, ptok, strict=True):
        if not t["cue"] & gold_cues:
            report.spurious_cues[_words(a.cue, text)] += 1


def _words(spans: Spans, text: str) -> str:
    return " ".join(text[s:e] for s, e in spans).lower()


def format_report(report: AttributionReport, top: int = 10) -> str:
    lines = [
        f"Attribution spans ({report.documents} documents)",
        f"{'':<10}{'exact P':>9}{'R':>8}{'F1':>8}{'overlap P':>12}{'R':>8}{'F1':>8}",
    ]
    rows = [(r, report.exact[r], report.overlap[r]) for r in ROLES]
    rows.append(("relation", report.relation_exact, report.relation_overlap))
    for name, ex, ov in rows:
        lines.append(
            f"{name:<10}{100 * ex.precision:>9.2f}{100 * ex.recall:>8.2f}{100 * ex.f1:>8.2f}"
            f"{100 * ov.precision:>12.2f}{100 * ov.recall:>8.2f}{100 * ov.f1:>8.2f}"
        )
    for label, counter in (
        ("missed cues", report.missed_cues),
        ("spurious cues", report.spurious_cues),
    ):
        items = ", ".join(f"{c!r} x{n}" for c, n in counter.most_common(top))
        lines.append(f"{label}: {items or '-'}")
    return "\n".join(lines)


# --- newsblotter adapter -------------------------------------------------------------------


class OffsetMap:
    """Character offsets of the pipeline's article text -> offsets of the input file."""

    def __init__(self, article: str, original: str) -> None:
        self.shift: int | None = None
        self.table: list[int] = []
        if article == original:
            self.shift = 0
        elif article and (found := original.find(article)) >= 0:
            self.shift = found
        else:
            # The extractor may have re-spaced or trimmed the text: align character by
            # character (difflib), unmatched characters map to nothing.
            self.table = [-1] * len(article)
            matcher = difflib.SequenceMatcher(None, article, original, autojunk=False)
            for i, j, n in matcher.get_matching_blocks():
                self.table[i : i + n] = range(j, j + n)

    def span(self, start: int, end: int) -> Fragment | None:
        if self.shift is not None:
            return start + self.shift, end + self.shift
        mapped = [self.table[i] for i in range(max(0, start), min(end, len(self.table)))]
        mapped = [m for m in mapped if m >= 0]
        return (mapped[0], mapped[-1] + 1) if mapped else None


def _find(needle: str, hay: str, offset: int, near: int | None) -> Fragment | None:
    """Case-insensitive whole-word match of ``needle`` in ``hay`` nearest to ``near``."""
    words = needle.split()
    if not words:
        return None
    pattern = re.compile(r"\b" + r"\s+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    hits = [(m.start() + offset, m.end() + offset) for m in pattern.finditer(hay)]
    if not hits:
        return None
    return min(hits, key=lambda h: abs(h[0] - near)) if near is not None else hits[0]


def statement_attribution(statement: Statement, article: str) -> Attribution | None:
    """One statement as (source, cue, content) spans in article coordinates; None without cue."""
    s_start, s_end = statement.provenance.start, statement.provenance.end
    sentence = article[s_start:s_end]
    source: Fragment | None = None
    sp = statement.speaker.provenance
    if sp is not None and s_start <= sp.start < sp.end <= s_end:
        source = (sp.start, sp.end)
    elif statement.speaker.name:
        source = _find(statement.speaker.name, sentence, s_start, None)
    if not statement.cue:
        return None
    cue = _find(statement.cue, sentence, s_start, source[0] if source else None)
    if cue is None:
        return None
    block = (min(cue[0], source[0]), max(cue[1], source[1])) if source else cue
    # Quoted speech is the content wherever it stands; otherwise the longer side is.
    sides = [(s_start, block[0]), (block[1], s_end)]
    content: list[Fragment] = []
    for start, end in sorted(sides, key=lambda se: _content_rank(article[se[0] : se[1]])):
        piece = _trim(article, start, end)
        if piece:
            content = [piece]
            break
    return Attribution((cue,), (source,) if source else (), tuple(content))


def _content_rank(side: str) -> tuple[bool, int]:
    quoted = any(q in side for q in '"“”')
    return (not quoted, -len(side.strip()))


def _trim(text: str, start: int, end: int) -> Fragment | None:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if text[start:end].lower().startswith("that "):
        start += 5
    return (start, end) if start < end else None


def predict_attributions(extraction: Extraction, original: str) -> tuple[list[Attribution], int]:
    """newsblotter's statements as attributions in ``original``'s offsets, and how many of
    them could not be placed (no cue found in the sentence, or text that did not align)."""
    article = extraction.article.text
    mapping = OffsetMap(article, original)
    out: list[Attribution] = []
    lost = 0
    for statement in extraction.statements:
        found = statement_attribution(statement, article)
        if found is None:
            lost += 1
            continue
        mapped: dict[str, list[Fragment]] = {}
        for role in ROLES:
            spans = [mapping.span(s, e) for s, e in found.role(role)]
            mapped[role] = [sp for sp in spans if sp is not None]
        if not mapped["cue"]:
            lost += 1
            continue
        attribution = Attribution(
            clean_spans(mapped["cue"], original),
            clean_spans(mapped["source"], original),
            clean_spans(mapped["content"], original),
        )
        if attribution not in out:
            out.append(attribution)
    return out, lost


# --- data ----------------------------------------------------------------------------------


def _ann_for(stem: str, folder: Path) -> Path | None:
    exact = folder / f"{stem}.ann"
    if exact.is_file():
        return exact
    candidates = sorted(folder.glob(f"{glob_escape(stem)}_*.ann"))
    return candidates[0] if candidates else None


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def document_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(text, annotation) files of a brat folder, or of PolNeAR's text/ + attributions/."""
    if (folder / "text").is_dir() and (folder / "attributions").is_dir():
        texts, anns = folder / "text", folder / "attributions"
    else:
        texts = anns = folder
    pairs = []
    for txt in sorted(texts.glob("*.txt")):
        ann = _ann_for(txt.stem, anns)
        if ann is not None:
            pairs.append((txt, ann))
    return pairs


def load_attributions(ann_path: Path, text: str) -> list[Attribution]:
    try:
        return attributions_from_ann(read_ann(ann_path), text)
    except BratError as exc:
        fail(str(exc))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{path}: cannot read ({exc})")


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/attribution.py",
        description="Score attribution relations (source, cue, content) against brat gold.",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="folder of X.txt + X.ann gold files "
        "(default: $NEWSBLOTTER_SHARED/bench/attribution/polnear)",
    )
    parser.add_argument(
        "--pred", type=Path, default=None, help="folder of brat predictions (else run newsblotter)"
    )
    parser.add_argument(
        "--write-pred", type=Path, default=None, help="also write newsblotter's predictions as brat"
    )
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    folder = args.data or shared_dir() / "bench" / "attribution" / "polnear"
    if not folder.is_dir():
        fail(f"{folder}: no such folder")
    pairs = document_pairs(folder)[: args.limit]
    if not pairs:
        fail(f"{folder}: no .txt file with a matching .ann gold file")
    if args.pred is not None and not args.pred.is_dir():
        fail(f"{args.pred}: no such folder")
    analyze: Callable[..., Extraction] | None = None
    if args.pred is None:
        analyze = load_analyze_text()
    if args.write_pred is not None:
        args.write_pred.mkdir(parents=True, exist_ok=True)

    report = AttributionReport()
    missing, failed, lost = 0, [], 0
    for txt, ann in pairs:
        text = _read_text(txt)
        gold = load_attributions(ann, text)
        pred: list[Attribution] = []
        if args.pred is not None:
            pred_ann = _ann_for(txt.stem, args.pred)
            if pred_ann is None:
                missing += 1
            else:
                pred = load_attributions(pred_ann, text)
        else:
            assert analyze is not None
            try:
                pred, n_lost = predict_attributions(analyze(text), text)
                lost += n_lost
            except Exception as exc:  # one bad document must not sink the run; it is reported
                print(f"warning: {txt.name}: newsblotter failed: {exc!r}"[:300], file=sys.stderr)
                failed.append(txt.name)
            if args.write_pred is not None:
                (args.write_pred / f"{txt.stem}.ann").write_text(format_ann(pred, text), "utf-8")
        score_document(report, pred, gold, text)

    print(format_report(report))
    if missing:
        print(f"{missing} documents had no prediction file (scored as predicting nothing)")
    if lost:
        print(f"{lost} statements could not be placed as spans (cue not found in the sentence)")
    metrics = {
        "data": str(folder),
        **report.as_dict(),
        "missing_predictions": missing,
        "failed": failed,
        "unplaced_statements": lost,
    }
    if args.json:
        print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
