"""Where the attribution layer's cue and source spans go wrong, against brat gold.

    python bench/attribution_errors.py [--data SPLIT_DIR] [--top N]

Each predicted span of a role (cue, source) is *exact* (equals a gold span of that role),
a *boundary* error (overlaps one, by a character, without equalling it) or *spurious*
(overlaps none); each gold span not predicted exactly is a boundary error or *missed*.
Also prints the exact F1 each role would reach with every boundary error fixed (its ceiling
if only spans were redrawn). Reads the layer as the training command does
(``newsblotter.train.attribution.predicted``), from the split parsed with the pipeline's
spaCy model (cached like the training command's parses); default data: PolNeAR dev.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ceaf import fail, shared_dir
from newsblotter.statements.attribution.model import default_model
from newsblotter.train.attribution import REPO, load_nlp, parse_split, predicted
from newsblotter.train.brat import BratError, Fragment

ROLES = ("cue", "source")
KINDS = ("exact", "boundary_pred", "spurious", "boundary_gold", "missed")


def _chars(spans: tuple[Fragment, ...]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


def _words(text: str, spans: tuple[Fragment, ...]) -> str:
    return " | ".join(text[a:b] for a, b in spans)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/attribution_errors.py", description=__doc__)
    parser.add_argument("--data", type=Path, default=None, help="a split folder (brat)")
    parser.add_argument("--top", type=int, default=15, help="examples listed per kind")
    args = parser.parse_args(argv)
    folder = args.data or shared_dir() / "bench" / "attribution" / "polnear" / "dev"
    try:
        examples = parse_split(load_nlp(), folder, REPO / ".cache" / "attribution")
    except BratError as exc:
        fail(str(exc))
    model = default_model()
    counts = {role: Counter[str]() for role in ROLES}
    seen = {role: {k: Counter[str]() for k in ("boundary", "spurious", "missed")} for role in ROLES}
    for ex in examples:
        text = ex.doc.text
        pred = predicted(ex.doc, model)
        for role in ROLES:
            p = [a.role(role) for a in pred if a.role(role)]
            g = [a.role(role) for a in ex.gold if a.role(role)]
            unmatched_gold, unmatched_pred = Counter(g), Counter(p)  # each span matches once
            for span in p:
                if unmatched_gold[span] > 0:
                    unmatched_gold[span] -= 1
                    counts[role]["exact"] += 1
                elif near := [x for x in g if _chars(x) & _chars(span)]:
                    counts[role]["boundary_pred"] += 1
                    pair = f"{_words(text, span)!r} for {_words(text, near[0])!r}"
                    seen[role]["boundary"][pair] += 1
                else:
                    counts[role]["spurious"] += 1
                    seen[role]["spurious"][_words(text, span)] += 1
            for span in g:
                if unmatched_pred[span] > 0:
                    unmatched_pred[span] -= 1
                    continue
                if any(_chars(x) & _chars(span) for x in p):
                    counts[role]["boundary_gold"] += 1
                else:
                    counts[role]["missed"] += 1
                    seen[role]["missed"][_words(text, span)] += 1
    print(f"attribution layer against {folder.name}: {len(examples)} documents")
    for role in ROLES:
        c = counts[role]
        n_pred = c["exact"] + c["boundary_pred"] + c["spurious"]
        n_gold = c["exact"] + c["boundary_gold"] + c["missed"]
        f1 = 200 * c["exact"] / max(1, n_pred + n_gold)
        ceiling = 200 * (c["exact"] + c["boundary_pred"]) / max(1, n_pred + n_gold)
        print(
            f"{role}: {n_pred} predicted, {n_gold} gold; "
            + ", ".join(f"{k} {c[k]}" for k in KINDS)
            + f"; exact F1 {f1:.2f}, with every boundary error fixed {ceiling:.2f}"
        )
        for kind, found in seen[role].items():
            items = ", ".join(f"{w} x{n}" for w, n in found.most_common(args.top))
            print(f"  {kind}: {items or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
