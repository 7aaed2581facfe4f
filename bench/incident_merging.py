"""Incident merging: document-level clustering, casualty counts and cost on the dev sets.

Data (``--data``, default ``shared/bench/incident-merging``; formats and metrics in the
READMEs there):

* gun-violence: 5,008 local US news articles on shootings, 2,820 Gun Violence Archive
  incidents. Each article is assigned the incident newsblotter files it under (its first
  main report's incident; an article without an incident mention is clustered as a whole),
  and scored with B-cubed and pairwise P/R/F1 against the GVA incident, on the whole pool
  (the 21 articles linked to several incidents, round-ups, are left out of the scoring)
  and on the 436 hand-validated GVC articles (the clustering is always of the whole pool).
* casualties: per gold incident, the killed and injured figures of the newsblotter
  incident holding most of its articles, against GVA's (exact accuracy, mean absolute
  error). No figure counts as 0, as in bench/muc4.py; coverage says how often there is one.
* ecbplus: 772 articles of ECB+ topics 1-35, two near-identical events per topic; the
  sub-topic is the class. ECB+ gives no publication dates, so time blocking is idle there.
* cost: merge time per article on the gun-violence pool, and on the pool repeated 10 times
  (50,080 articles), each copy shifted past the previous one in time (``shifted``). The text
  model's vectors are encoded ahead, as the product's ingest workers do, and read back by
  the merge; the one-off encoding is reported on its own (``text_model_ms_per_new_text``).

The NLP stage's output is cached per document (bench/merging_data.py, ``.cache/bench``),
so only the first run analyses text (about 15 minutes for both sets on two cores).

    python bench/incident_merging.py [--data PATH] [--limit N] [--only gv ecb cost]
        [--text-model minilm|minilm-static|none] [--workers 2] [--json]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cluster_metrics import b_cubed, pairwise
from merging_data import CACHE, REPO, Dataset, load_ecbplus, load_gun_violence

SHIFT_DAYS = 30  # the gap between copies of the pool in the cost run


def shared_dir() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    return Path(env) if env else REPO / ".." / "shared"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=shared_dir() / "bench" / "incident-merging")
    ap.add_argument("--limit", type=int, help="only the first N documents of each set")
    ap.add_argument(
        "--only", nargs="+", choices=["gv", "ecb", "cost"], default=["gv", "ecb", "cost"]
    )
    ap.add_argument(
        "--text-model",
        choices=["minilm", "minilm-static", "none"],
        default=None,
        help="the merger's text model (default: the product's setting, text_model)",
    )
    ap.add_argument("--no-model", action="store_true", help="lexical features only (none)")
    ap.add_argument("--workers", type=int, default=2, help="NLP processes for uncached documents")
    ap.add_argument("--copies", type=int, default=10, help="pool copies for the cost run")
    ap.add_argument("--cache", type=Path, default=CACHE)
    ap.add_argument(
        "--reextract",
        action="store_true",
        help="rerun the incident and statement stages on the cached parses",
    )
    ap.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    return ap.parse_args(argv)


def text_model(args: argparse.Namespace) -> str:
    from newsblotter import Settings

    return "none" if args.no_model else args.text_model or Settings().text_model


def encoder(kind: str) -> Any:
    from newsblotter.merge import load_text_model

    return load_text_model(kind, REPO / ".cache" / "models")


def encode_ahead(enc: Any, extractions: Mapping[str, Any]) -> dict[str, Any]:
    """Encode what the merge will read, before any merge is timed. The product does the same
    once per article (``text_model = "minilm"`` keeps each vector), so the merge figures are
    with vectors read back, and the one-off encoding is reported on its own."""
    from newsblotter.merge import model_texts

    if enc is None or not hasattr(enc, "encoded"):
        return {}
    before, start = enc.encoded, time.perf_counter()
    enc.encode(model_texts(e.article for e in extractions.values()))
    fresh = enc.encoded - before
    if not fresh:
        return {"text_model_encoded": 0}
    ms = 1000 * (time.perf_counter() - start) / fresh
    print(f"text model: {fresh} new texts encoded, {ms:.1f} ms each (kept for later runs)")
    return {"text_model_encoded": fresh, "text_model_ms_per_new_text": round(ms, 1)}


def run_merge(extractions: Mapping[str, Any], enc: Any) -> tuple[Any, float]:
    from newsblotter.merge import merge

    articles = [e.article for e in extractions.values()]
    mentions = [m for e in extractions.values() for m in e.mentions]
    start = time.perf_counter()
    result = merge(articles, mentions, encoder=enc)
    return result, time.perf_counter() - start


def single_labels(labels: Mapping[str, set[str]]) -> dict[str, str]:
    return {d: next(iter(s)) for d, s in labels.items() if len(s) == 1}


def score_views(ds: Dataset, homes: Mapping[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for view, labels in ds.views.items():
        gold = single_labels(labels)
        if not gold:
            continue
        out |= {f"{view}_docs": len(gold), f"{view}_incidents": len(set(gold.values()))}
        out |= b_cubed(homes, gold).as_dict(f"{view}_b3")
        out |= pairwise(homes, gold).as_dict(f"{view}_pair")
        singletons = {d: d for d in gold}
        out[f"{view}_b3_f1_singletons"] = round(b_cubed(singletons, gold).f1, 4)
    return out


def casualties(ds: Dataset, result: Any) -> dict[str, Any]:
    """Per gold incident with GVA counts: our figure from the incident holding most of its
    articles (ties: the larger incident)."""
    by_id = {inc.id: inc for inc in result.incidents}
    docs_of: dict[str, list[str]] = defaultdict(list)
    for doc, labels in ds.views["pool"].items():
        for label in labels:
            docs_of[label].append(doc)
    rows = []
    for gid, docs in docs_of.items():
        gold = ds.incidents.get(gid)
        if gold is None or gold.killed is None or gold.injured is None:
            continue
        votes = Counter(result.homes[d] for d in docs if d in result.homes)
        home = max(votes, key=lambda h: (votes[h], h)) if votes else None
        inc = by_id.get(home or "")
        killed = inc.killed.value if inc and inc.killed else None
        wounded = inc.wounded.value if inc and inc.wounded else None
        rows.append((gold.killed, gold.injured, killed, wounded))
    n = len(rows)
    if not n:
        return {}
    return {
        "casualty_incidents": n,
        "killed_exact": round(sum((k or 0) == gk for gk, _, k, _ in rows) / n, 4),
        "killed_mae": round(sum(abs((k or 0) - gk) for gk, _, k, _ in rows) / n, 4),
        "killed_reported": round(sum(k is not None for _, _, k, _ in rows) / n, 4),
        "killed_exact_when_reported": _ratio([(k == gk) for gk, _, k, _ in rows if k is not None]),
        "killed_exact_all_zero_baseline": round(sum(gk == 0 for gk, *_ in rows) / n, 4),
        "injured_exact": round(sum((w or 0) == gw for _, gw, _, w in rows) / n, 4),
        "injured_mae": round(sum(abs((w or 0) - gw) for _, gw, _, w in rows) / n, 4),
        "injured_reported": round(sum(w is not None for *_, w in rows) / n, 4),
    }


def _ratio(flags: list[bool]) -> float:
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def error_analysis(
    ds: Dataset, extractions: Mapping[str, Any], homes: Mapping[str, str], view: str, k: int = 5
) -> list[str]:
    gold = single_labels(ds.views[view])
    by_pred: dict[str, list[str]] = defaultdict(list)
    by_gold: dict[str, list[str]] = defaultdict(list)
    for d, g in gold.items():
        by_pred[homes[d]].append(d)
        by_gold[g].append(d)

    def line(d: str) -> str:
        e = extractions[d]
        main = next((m for m in e.mentions if m.is_main), None)
        facts = ""
        if main is not None:
            place = main.place.name if main.place else "?"
            killed = main.killed.value if main.killed else "-"
            facts = f" [{main.type} {main.date or '?'} {place} k={killed}]"
        # ids, dates and our own extracted facts only: the articles' text stays in shared/
        return f"      gold {gold[d]} doc {d[:10]} published {e.article.published}{facts}"

    out = [f"  worst merges ({view}): predicted clusters mixing the most gold incidents"]
    merges = sorted(by_pred.items(), key=lambda kv: (-len({gold[d] for d in kv[1]}), kv[0]))
    for pred, docs in merges[:k]:
        if len({gold[d] for d in docs}) < 2:
            break
        out.append(f"    {pred}: {len(docs)} articles, {len({gold[d] for d in docs})} incidents")
        out.extend(line(d) for d in sorted(docs, key=lambda d: gold[d])[:6])
    out.append(f"  worst splits ({view}): gold incidents spread over the most clusters")
    splits = sorted(by_gold.items(), key=lambda kv: (-len({homes[d] for d in kv[1]}), kv[0]))
    for gid, docs in splits[:k]:
        if len({homes[d] for d in docs}) < 2:
            break
        out.append(f"    {gid}: {len(docs)} articles in {len({homes[d] for d in docs})} clusters")
        out.extend(line(d) + f" -> {homes[d]}" for d in docs[:6])
    return out


def shifted(extractions: Mapping[str, Any], copies: int) -> dict[str, Any]:
    """The pool repeated ``copies`` times, each copy after the previous one in time.

    Copy n is shifted by n times the pool's span of publication dates (plus a month), so
    the stream gets longer, not denser: as many articles per week and place as in the real
    pool. (Denser streams cost more per article by nature: each block holds more.)"""
    days = [e.article.published for e in extractions.values() if e.article.published]
    span = (max(days) - min(days)).days + SHIFT_DAYS if days else SHIFT_DAYS
    out: dict[str, Any] = {}
    for n in range(copies):
        delta = dt.timedelta(days=n * span)
        for doc, e in extractions.items():
            new_doc = f"{doc}-{n}" if n else doc
            art = dataclasses.replace(e.article, document=new_doc)
            if art.published:
                art.published = art.published + delta
            mentions = [
                dataclasses.replace(
                    m,
                    id=f"{new_doc}:{m.id.rsplit(':', 1)[1]}",
                    provenance=dataclasses.replace(m.provenance, document=new_doc),
                    date=m.date + delta if m.date else None,
                )
                for m in e.mentions
            ]
            out[new_doc] = dataclasses.replace(e, article=art, mentions=mentions)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    kind = text_model(args)
    enc = encoder(kind)
    metrics: dict[str, Any] = {"model": kind if enc is not None else "none"}
    if "gv" in args.only or "cost" in args.only:
        ds = load_gun_violence(args.data / "gun-violence", args.limit)
        ex = _extract(ds, args)
        metrics |= {f"gv_{k}": v for k, v in encode_ahead(enc, ex).items()}
        if "gv" in args.only:
            result, secs = run_merge(ex, enc)
            gv = score_views(ds, result.homes) | casualties(ds, result)
            gv["merge_seconds"] = round(secs, 2)
            gv["incidents"] = len(result.incidents)
            metrics |= {f"gv_{k}": v for k, v in gv.items()}
            _table("Gun violence (dev)", gv)
            for view in ("gvc", "pool"):
                print("\n".join(error_analysis(ds, ex, result.homes, view)))
        if "cost" in args.only:
            for copies in (1, args.copies):
                data = shifted(ex, copies) if copies > 1 else ex
                result, secs = run_merge(data, enc)
                n = len(data)
                metrics[f"cost_{n}_ms_per_article"] = round(1000 * secs / n, 3)
                metrics[f"cost_{n}_comparisons_per_article"] = round(result.comparisons / n, 2)
                print(
                    f"cost: {n} articles merged in {secs:.1f} s = {1000 * secs / n:.2f} ms"
                    f" per article, {result.comparisons / n:.1f} scored candidates per article"
                )
    if "ecb" in args.only:
        ds = load_ecbplus(args.data / "ecbplus", args.limit)
        ex = _extract(ds, args)
        metrics |= {f"ecb_{k}": v for k, v in encode_ahead(enc, ex).items()}
        result, secs = run_merge(ex, enc)
        ecb = score_views(ds, result.homes)
        metrics |= {f"ecb_{k}": v for k, v in ecb.items()}
        _table("ECB+ (topics 1-35)", ecb)
        print("\n".join(error_analysis(ds, ex, result.homes, "all")))
    if args.json:
        print(json.dumps(metrics))
    return 0


def _extract(ds: Dataset, args: argparse.Namespace) -> dict[str, Any]:
    from merging_data import extractions

    return extractions(ds, args.cache, args.workers, reextract=args.reextract)


def _table(title: str, values: Mapping[str, Any]) -> None:
    print(f"\n{title}")
    for k, v in values.items():
        print(f"  {k:36s} {v}")


if __name__ == "__main__":
    raise SystemExit(main())
