"""Incident detection: does an article report a violent incident as news?

Article-level precision and recall against hand labels (``bench/labels/incident_detection``,
made as its README says): an article "reports one" when the pipeline yields a main incident
mention (``is_main``) for it. Triage runs first, as in an ingest, so an article it passes
over reports none.

Sets (read in place under ``--data``, default ``../shared/bench``):

* ``scrapinghub``: the 181 article-extraction pages; the text is the hand-checked article
  body, the headline and publication date are read from the page's metadata as an ingest
  reads them;
* ``muc4``: the 200 MUC-4 dev messages (raw texts, with the date of their header);
* ``wikievents``: the 20 WikiEvents dev documents (text only: no headline, no date).

Each set is scored on all its labels and on the labels not marked doubtful; the pooled
figures add the counts of every set. ``--jsonl FILE --labels FILE`` scores any other set of
the same kind (held-out pages): one JSON object a line with ``id``, ``text`` and optional
``title`` and ``published`` (ISO date), and a label file in the same TSV format.

    python bench/incident_detection.py [--data PATH] [--sets scrapinghub muc4 ...] [--json]
    python bench/incident_detection.py --jsonl pages.jsonl --labels labels.tsv
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ceaf import fail, shared_dir

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels" / "incident_detection"
SETS = ("scrapinghub", "muc4", "wikievents")
LABEL_FILES = {
    "scrapinghub": "scrapinghub.tsv",
    "muc4": "muc4_dev.tsv",
    "wikievents": "wikievents_dev.tsv",
}


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    text: str
    title: str | None = None
    published: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Label:
    incident: bool
    doubt: bool


@dataclass
class Score:
    tp: list[str] = field(default_factory=list)
    fp: list[str] = field(default_factory=list)
    fn: list[str] = field(default_factory=list)
    tn: int = 0

    def add(self, doc_id: str, gold: bool, predicted: bool) -> None:
        if gold and predicted:
            self.tp.append(doc_id)
        elif predicted:
            self.fp.append(doc_id)
        elif gold:
            self.fn.append(doc_id)
        else:
            self.tn += 1

    def extend(self, other: Score) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.tn += other.tn

    @property
    def precision(self) -> float:
        found = len(self.tp) + len(self.fp)
        return len(self.tp) / found if found else 1.0

    @property
    def recall(self) -> float:
        gold = len(self.tp) + len(self.fn)
        return len(self.tp) / gold if gold else 1.0

    def as_dict(self) -> dict[str, float | int]:
        p, r = self.precision, self.recall
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": len(self.tp),
            "fp": len(self.fp),
            "fn": len(self.fn),
            "tn": self.tn,
        }

    def line(self, name: str) -> str:
        d = self.as_dict()
        return (
            f"{name:<28} P {d['precision']:.3f}  R {d['recall']:.3f}  F1 {d['f1']:.3f}"
            f"  (tp {d['tp']}, fp {d['fp']}, fn {d['fn']}, tn {d['tn']})"
        )


def read_labels(path: Path) -> dict[str, Label]:
    """``id<TAB>incident<TAB>doubt<TAB>reason`` with a header line; 1/0 flags."""
    if not path.is_file():
        fail(f"{path}: no label file")
    labels: dict[str, Label] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], 2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < 3 or cells[1] not in {"0", "1"} or cells[2] not in {"0", "1"}:
            fail(f"{path}:{n}: expected id, incident (0/1), doubt (0/1), reason")
        labels[cells[0]] = Label(cells[1] == "1", cells[2] == "1")
    return labels


def load_scrapinghub(root: Path) -> list[Doc]:
    from trafilatura import load_html

    from newsblotter.article.metadata import read_metadata

    folder = root / "article-extraction"
    truth_path = folder / "ground-truth.json"
    if not truth_path.is_file():
        fail(f"{truth_path}: not found (pass --data)")
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    docs = []
    for key in sorted(truth):
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        tree = load_html(html.decode("utf-8", errors="replace"))
        meta = read_metadata(tree, truth[key].get("url")) if tree is not None else None
        title = meta.title if meta is not None else None
        published = meta.published if meta is not None else None
        docs.append(Doc(key, truth[key].get("articleBody") or "", title, published))
    return docs


def load_muc4(root: Path) -> list[Doc]:
    from muc4 import parse_texts

    folder = root / "muc4"
    records = [
        json.loads(line)
        for line in (folder / "templates" / "dev.jsonl").read_text().splitlines()
        if line.strip()
    ]
    raw = {}
    for path in sorted((folder / "raw" / "dev").glob("tst*")):
        raw.update(parse_texts(path.read_text(encoding="latin-1")))
    docs = []
    for record in records:
        message = raw.get(record["docid"])
        text = message.text if message is not None else record["doctext"]
        published = message.published if message is not None else None
        docs.append(Doc(record["docid"], text, None, published))
    return docs


def load_wikievents(root: Path) -> list[Doc]:
    path = root / "wikievents" / "dev.jsonl"
    if not path.is_file():
        fail(f"{path}: not found (pass --data)")
    docs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            docs.append(Doc(record["doc_id"], record["text"], None, _voa_date(record["doc_id"])))
    return docs


def _voa_date(doc_id: str) -> dt.date | None:
    """The publication date a Voice of America document's id carries
    ("65_VOA_EN_NW_2014.07.21.1962165"), as an ingest reads it from the page's metadata;
    the other WikiEvents documents (Wikipedia pages, scenarios) have none."""
    match = re.search(r"_VOA_[A-Z]{2}_[A-Z]{2}_(\d{4})\.(\d{2})\.(\d{2})\.", doc_id)
    if match is None:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def load_jsonl(path: Path) -> list[Doc]:
    if not path.is_file():
        fail(f"{path}: not found")
    docs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            published = record.get("published")
            date = dt.date.fromisoformat(published[:10]) if published else None
            docs.append(Doc(str(record["id"]), record["text"], record.get("title"), date))
        except (ValueError, KeyError, TypeError) as exc:
            fail(f"{path}:{n}: expected an object with id, text[, title, published] ({exc})")
    return docs


LOADERS: dict[str, Callable[[Path], list[Doc]]] = {
    "scrapinghub": load_scrapinghub,
    "muc4": load_muc4,
    "wikievents": load_wikievents,
}


def reports_incident() -> Callable[[Doc], bool]:
    """Whether the pipeline, triage first, yields a main incident mention for a document."""
    from newsblotter import load_settings
    from newsblotter.pipeline import Pipeline
    from newsblotter.train.gate_data import article
    from newsblotter.triage import is_relevant

    pipe = Pipeline(load_settings(db=""))

    def run(doc: Doc) -> bool:
        if not is_relevant(doc.text, doc.title):
            return False
        bare = article(doc.id, doc.text, doc.title, doc.published, "bench/incident_detection")
        return any(m.is_main for m in pipe.analyze_article(bare).mentions)

    return run


def score_set(
    docs: Iterable[Doc], labels: dict[str, Label], predict: Callable[[Doc], bool]
) -> tuple[Score, Score]:
    """(all labels, labels not marked doubtful); documents without a label are skipped."""
    every, sure = Score(), Score()
    for doc in docs:
        label = labels.get(doc.id)
        if label is None:
            continue
        found = predict(doc)
        every.add(doc.id, label.incident, found)
        if not label.doubt:
            sure.add(doc.id, label.incident, found)
    return every, sure


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="shared bench folder")
    parser.add_argument("--labels", type=Path, default=None, help="label folder, or file")
    parser.add_argument("--sets", nargs="+", choices=SETS, default=list(SETS))
    parser.add_argument("--jsonl", type=Path, default=None, help="score this set instead")
    parser.add_argument("--json", action="store_true", help="(the JSON line is always last)")
    parser.add_argument("--limit", type=int, default=None, help="ignored: the data is small")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    root = args.data or shared_dir() / "bench"
    predict = reports_incident()
    if args.jsonl is not None:
        if args.labels is None or not args.labels.is_file():
            fail("--jsonl needs --labels FILE")
        runs = [("jsonl", load_jsonl(args.jsonl), read_labels(args.labels))]
    else:
        folder = args.labels or LABELS
        runs = [
            (name, LOADERS[name](root), read_labels(folder / LABEL_FILES[name]))
            for name in args.sets
        ]
    pooled, pooled_sure = Score(), Score()
    metrics: dict[str, object] = {"data": str(args.jsonl or root)}
    for name, docs, labels in runs:
        every, sure = score_set(docs, labels, predict)
        pooled.extend(every)
        pooled_sure.extend(sure)
        print(every.line(f"{name}"))
        print(sure.line(f"{name} (doubtless labels)"))
        if every.fp:
            print(f"  reported, but no incident: {', '.join(i[:16] for i in every.fp)}")
        if every.fn:
            print(f"  missed: {', '.join(i[:16] for i in every.fn)}")
        metrics[name] = every.as_dict()
        metrics[f"{name}_doubtless"] = sure.as_dict()
    if len(runs) > 1:
        print(pooled.line("all sets"))
        print(pooled_sure.line("all sets (doubtless labels)"))
        metrics["pooled"] = pooled.as_dict()
        metrics["pooled_doubtless"] = pooled_sure.as_dict()
    print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
