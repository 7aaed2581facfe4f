"""Precision of the responsibility statements on WikiEvents dev documents (issue 14 item 5).

WikiEvents annotates events and their arguments, not statements, so the statements the
pipeline finds are judged by hand: each one was read in its document, against the gold events
of its sentence (the Attacker, Killer, Jailer or Defendant the annotators gave) and the rest
of the story, and labelled right or wrong (kind, the actor named as responsible or held,
speaker, and the incident it is attached to). The labels (``bench/labels/statements/``, ids
and verdicts only, no text; its README says how they were made) are keyed by document id,
cue offset, kind and actor, so a statement the extractor did not give when they were made is
reported as unjudged, never counted right.

Ledger statements are those attached to an incident (the ones a ledger takes); the precision
over all statements is printed beside it.

    python bench/wikievents_statements.py [--data PATH] [--labels FILE] [--limit N] [--json]
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
from wikievents import load_documents

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels" / "statements" / "wikievents_dev.json"

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


def found(docs: Sequence[Any], analyze: Callable[..., Any]) -> list[tuple[Key, bool, str | None]]:
    """Every statement of every document: its key, whether it is attached to an incident,
    and the trigger word of that incident."""
    out = []
    for doc in docs:
        ex = analyze(doc.text)
        text = ex.article.text
        triggers = {
            m.id: text[m.spans["trigger"].start : m.spans["trigger"].end]
            for m in ex.mentions
            if "trigger" in m.spans
        }
        for st in ex.statements:
            out.append(
                (
                    statement_key(doc.doc_id, st),
                    st.incident is not None,
                    triggers.get(st.incident or ""),
                )
            )
    return out


def precision(rows: list[tuple[Key, bool]], labels: dict[Key, dict[str, Any]]) -> dict[str, Any]:
    verdicts = Counter(labels[k]["verdict"] if k in labels else "unjudged" for k, _ in rows)
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
    parser.add_argument("--data", type=Path, default=None, help="dev.jsonl or its folder")
    parser.add_argument("--labels", type=Path, default=LABELS, help="label file (JSON)")
    parser.add_argument("--limit", type=int, default=None, help="first N documents only")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    path = args.data or shared_dir() / "bench" / "wikievents"
    docs = load_documents(path)[: args.limit]
    labels = load_labels(args.labels)
    rows = found(docs, load_analyze_text())
    ledger = precision([(k, True) for k, attached, _ in rows if attached], labels)
    every = precision([(k, True) for k, _, _ in rows], labels)
    print(f"documents {len(docs)}, statements {every['statements']}, ledger {ledger['statements']}")
    print(f"{'':<20} {'right':>6} {'wrong':>6} {'unjudged':>9} {'precision':>10}")
    for name, m in (("ledger statements", ledger), ("all statements", every)):
        print(f"{name:<20} {m['right']:>6} {m['wrong']:>6} {m['unjudged']:>9} {m['precision']:>10}")
    print("\nstatements (document, cue offset, kind, actor, incident trigger, verdict):")
    for key, attached, trigger in rows:
        verdict = labels[key]["verdict"] if key in labels else "unjudged"
        where = trigger if attached else "-"
        print(f"  {key[0]} {key[1]} {key[2]} {key[3]} [{where}] {verdict}")
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
