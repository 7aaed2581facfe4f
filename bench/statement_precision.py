"""Precision of the responsibility statements on real news, judged by hand (issue 14 item 5).

Neither WikiEvents nor MUC-4 annotates statements, so the statements the pipeline finds on
their dev documents are judged by hand: each one was read in its document, against the gold
events of its sentence (WikiEvents: the Attacker, Killer, Jailer or Defendant; MUC-4: the
answer key's perpetrator and its confidence) and the rest of the story, and labelled right or
wrong (kind, the actor named as responsible or held, speaker, and the incident it is attached
to). The labels (``bench/labels/statements/``, ids and verdicts only, no text; its README says
how they were made) are keyed by document id, cue offset, kind and actor, so a statement the
extractor did not give when they were made is reported as unjudged, never counted right.

Ledger statements are those attached to an incident (the ones a ledger takes); the precision
over all statements is printed beside it.

    python bench/statement_precision.py [--corpus wikievents|muc4] [--data PATH]
        [--labels FILE] [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ceaf import fail, load_analyze_text, shared_dir

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels" / "statements"

Key = tuple[str, int, str, str]


def statement_key(doc_id: str, st: Any) -> Key:
    cue = st.attribution.cue.start if st.attribution is not None else st.provenance.start
    actor = (st.responsible.id or st.responsible.name) if st.responsible is not None else ""
    return (doc_id, int(cue), st.kind, actor)


def load_labels(path: Path) -> dict[Key, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        rows = data["labels"]
        return {(r["doc_id"], int(r["cue"]), r["kind"], r["responsible"]): r for r in rows}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"{path}: not a statement label file ({exc})")


Doc = tuple[str, str, Any]  # id, text, publication date


def documents(corpus: str, path: Path | None, limit: int | None) -> list[Doc]:
    """The dev documents of a corpus, as the corpus's own bench reads them."""
    if corpus == "muc4":
        import muc4

        data = muc4.load_dataset(path or shared_dir() / "bench" / "muc4", "dev")
        out: list[Doc] = []
        for docid in data.docids()[:limit]:
            raw = data.texts.get(docid)
            text = data.ree[docid]["doctext"] if docid in data.ree else raw.text if raw else ""
            out.append((docid, text, raw.published if raw else None))
        return out
    from wikievents import load_documents

    docs = load_documents(path or shared_dir() / "bench" / "wikievents")[:limit]
    return [(d.doc_id, d.text, None) for d in docs]


def found(docs: Sequence[Doc], analyze: Callable[..., Any]) -> list[tuple[Key, bool, str | None]]:
    """Every statement of every document: its key, whether it is attached to an incident,
    and the trigger word of that incident."""
    out = []
    for doc_id, doc_text, published in docs:
        ex = analyze(doc_text, published)
        text = ex.article.text
        triggers = {
            m.id: text[m.spans["trigger"].start : m.spans["trigger"].end]
            for m in ex.mentions
            if "trigger" in m.spans
        }
        for st in ex.statements:
            key = statement_key(doc_id, st)
            out.append((key, st.incident is not None, triggers.get(st.incident or "")))
    return out


def verdict(key: Key, attached: bool, labels: dict[Key, dict[str, Any]]) -> str:
    """right, wrong or unjudged; a label that holds only for one attachment ("incident":
    "attached" or "none") makes the other attachment wrong."""
    label = labels.get(key)
    if label is None:
        return "unjudged"
    wanted = label.get("incident", "any")
    if wanted != "any" and (wanted == "attached") != attached:
        return "wrong"
    return str(label["verdict"])


def precision(rows: list[tuple[Key, bool]], labels: dict[Key, dict[str, Any]]) -> dict[str, Any]:
    verdicts = Counter(verdict(k, attached, labels) for k, attached in rows)
    judged = verdicts["right"] + verdicts["wrong"]
    return {
        "statements": len(rows),
        "right": verdicts["right"],
        "wrong": verdicts["wrong"],
        "unjudged": verdicts["unjudged"],
        "precision": round(verdicts["right"] / judged, 3) if judged else 0.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=("wikievents", "muc4"), default="wikievents")
    parser.add_argument("--data", type=Path, default=None, help="the corpus's dev data")
    parser.add_argument("--labels", type=Path, default=None, help="label file (JSON)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    docs = documents(args.corpus, args.data, args.limit)
    labels = load_labels(args.labels or LABELS / f"{args.corpus}_dev.json")
    rows = found(docs, load_analyze_text())
    ledger = precision([(k, attached) for k, attached, _ in rows if attached], labels)
    every = precision([(k, attached) for k, attached, _ in rows], labels)
    print(f"documents {len(docs)}, statements {every['statements']}, ledger {ledger['statements']}")
    print(f"{'':<20} {'right':>6} {'wrong':>6} {'unjudged':>9} {'precision':>10}")
    for name, m in (("ledger statements", ledger), ("all statements", every)):
        print(f"{name:<20} {m['right']:>6} {m['wrong']:>6} {m['unjudged']:>9} {m['precision']:>10}")
    print("\nstatements (document, cue offset, kind, actor, incident trigger, verdict):")
    for key, attached, trigger in rows:
        where = trigger if attached else "-"
        print(f"  {key[0]} {key[1]} {key[2]} {key[3]} [{where}] {verdict(key, attached, labels)}")
    if args.json:
        print(
            json.dumps(
                {
                    "ledger_precision": ledger["precision"],
                    "ledger_statements": ledger["statements"],
                    "ledger_unjudged": ledger["unjudged"],
                    "all_precision": every["precision"],
                    "all_statements": every["statements"],
                    "all_unjudged": every["unjudged"],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
