"""Score newsblotter's per-article extraction on the bundled sample corpus.

The corpus (corpus/articles) and its gold (corpus/expected.json) are our own: this is a
development check of every stage on realistic pages, not a public benchmark. It reports,
per article: the main incident's type, date, country, city, suicide flag and killed figure;
recall of background references; silence on the no-incident pages; statements scored
as (kind, responsible actor) pairs; and the ledger's statements as (kind, responsible actor,
incident) triples, where our mention is the gold's incident when the word that names it
(its trigger) lies inside the gold mention's text, so that a claim attached to the wrong
event of the article counts as wrong there.

    python bench/sample_corpus.py [--data corpus] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Tally:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += int(ok)
        self.total += 1

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0


@dataclass
class Report:
    main: dict[str, Tally] = field(default_factory=dict)
    background: Tally = field(default_factory=Tally)
    silent: Tally = field(default_factory=Tally)
    statements_tp: int = 0
    statements_fp: int = 0
    statements_fn: int = 0
    speaker_kind: Tally = field(default_factory=Tally)  # over found statements
    ledger_tp: int = 0  # (kind, responsible, incident) triples
    ledger_fp: int = 0
    ledger_fn: int = 0
    victims_tp: int = 0  # named victims of the main event, by person
    victims_fp: int = 0
    victims_fn: int = 0
    errors: list[str] = field(default_factory=list)

    def tally(self, name: str) -> Tally:
        return self.main.setdefault(name, Tally())

    def metrics(self) -> dict[str, Any]:
        tp, fp, fn = self.statements_tp, self.statements_fp, self.statements_fn
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out: dict[str, Any] = {f"main_{k}": round(v.rate, 3) for k, v in self.main.items()}
        out |= {
            "main_articles": next(iter(self.main.values())).total if self.main else 0,
            "background_recall": round(self.background.rate, 3),
            "no_incident_silent": round(self.silent.rate, 3),
            "statements_p": round(p, 3),
            "statements_r": round(r, 3),
            "statements_f1": round(f, 3),
            "speaker_kind": round(self.speaker_kind.rate, 3),
        }
        tp, fp, fn = self.ledger_tp, self.ledger_fp, self.ledger_fn
        out["ledger_p"] = round(tp / (tp + fp), 3) if tp + fp else 0.0
        out["ledger_r"] = round(tp / (tp + fn), 3) if tp + fn else 0.0
        tp, fp, fn = self.victims_tp, self.victims_fp, self.victims_fn
        out["main_victims_p"] = round(tp / (tp + fp), 3) if tp + fp else 0.0
        out["main_victims_r"] = round(tp / (tp + fn), 3) if tp + fn else 0.0
        return out


def _norm(name: str | None) -> str:
    return (name or "").casefold().strip()


def score_article(
    report: Report, name: str, gold: dict[str, Any], extraction: Any, actors: Any
) -> None:
    mentions = extraction.mentions if extraction is not None else []
    statements = extraction.statements if extraction is not None else []
    if gold.get("no_incident"):
        ok = not [m for m in mentions if m.is_main] and not [
            s for s in statements if s.kind in {"claim", "attribution", "denial"}
        ]
        report.silent.add(ok)
        if not ok:
            report.errors.append(f"{name}: reported something on a no-incident page")
        return
    golds = gold.get("mentions", [])
    main_gold = next((m for m in golds if m["role"] == "main"), None)
    ours = [m for m in mentions if m.is_main]
    if main_gold is not None:
        mine = ours[0] if ours else None
        checks = {
            "found": mine is not None,
            "type": mine is not None and mine.type == main_gold["type"],
            "date": mine is not None
            and mine.date is not None
            and mine.date.isoformat() == main_gold["date"],
            "country": mine is not None
            and mine.place is not None
            and mine.place.country == main_gold["country"],
            "city": mine is not None
            and mine.place is not None
            and _norm(main_gold.get("city")) in _norm(mine.place.name),
            "suicide": mine is not None and mine.suicide == bool(main_gold.get("suicide")),
            "killed": _same_count(mine.killed if mine else None, main_gold.get("killed")),
        }
        for key, ok in checks.items():
            report.tally(key).add(ok)
            if not ok:
                report.errors.append(f"{name}: main {key} wrong")
        _score_victims(report, name, main_gold, mine.victims if mine else [])
    for bg in (m for m in golds if m["role"] == "background"):
        year = str(bg.get("date") or "")[:4]
        hit = any(
            not m.is_main and (str(m.date.year) == year if m.date is not None else not year)
            for m in mentions
        )  # an undated gold reference is matched by an undated one
        report.background.add(hit)
    gold_pairs = {
        (s["kind"], _resolve(actors, s.get("responsible")))
        for s in gold.get("statements", [])
        if not s.get("implicit") and not s.get("third_party")
    }
    our_pairs = {
        (s.kind, (s.responsible.id or _norm(s.responsible.name)) if s.responsible else None)
        for s in statements
    }
    # Gold null = "the text names no resolvable actor": our unresolved description of the
    # side ("Kurdish militants", no actor id) answers it when no gold names that wording.
    unresolved = {
        (s.kind, _norm(s.responsible.name))
        for s in statements
        if s.responsible is not None and s.responsible.id is None
    }
    for kind, actor in sorted(unresolved - gold_pairs, key=str):
        if (kind, None) in gold_pairs and (kind, None) not in our_pairs:
            our_pairs.discard((kind, actor))
            our_pairs.add((kind, None))
    _score_speakers(report, name, gold, statements, actors, gold_pairs & our_pairs)
    report.statements_tp += len(gold_pairs & our_pairs)
    report.statements_fp += len(our_pairs - gold_pairs)
    report.statements_fn += len(gold_pairs - our_pairs)
    for kind, actor in sorted(gold_pairs - our_pairs, key=str):
        report.errors.append(f"{name}: missed {kind} {actor}")
    for kind, actor in sorted(our_pairs - gold_pairs, key=str):
        report.errors.append(f"{name}: extra {kind} {actor}")
    _score_ledger(report, name, gold, extraction, actors)


def _score_ledger(
    report: Report, name: str, gold: dict[str, Any], extraction: Any, actors: Any
) -> None:
    """The statements with the incident they attach to: (kind, responsible, incident) triples,
    the incident named by the gold's key (ours mapped through :func:`_gold_incident`)."""
    if extraction is None:
        return
    mains = [m.id for m in extraction.mentions if m.is_main][:1]
    golds_found = _gold_spans(gold.get("mentions", []), extraction.article.text)
    main_gold = [str(g["incident"]) for g in gold.get("mentions", []) if g["role"] == "main"]
    incident_of = {
        m.id: _gold_incident(m, main_gold[0] if m.id in mains and main_gold else None, golds_found)
        for m in extraction.mentions
    }
    golds = {
        (s["kind"], _resolve(actors, s.get("responsible")), s.get("incident"))
        for s in gold.get("statements", [])
        if not s.get("implicit") and not s.get("third_party") and s.get("responsible")
    }
    ours = {
        (
            s.kind,
            s.responsible.id or _norm(s.responsible.name),
            incident_of.get(s.incident, "(none)") if s.incident else "(none)",
        )
        for s in extraction.statements
        if s.responsible is not None and s.kind != "arrest"
    }
    golds = {g for g in golds if g[0] != "arrest"}
    report.ledger_tp += len(golds & ours)
    report.ledger_fp += len(ours - golds)
    report.ledger_fn += len(golds - ours)
    for kind, actor, incident in sorted(ours - golds, key=str):
        if (kind, actor) in {(k, a) for k, a, _ in golds}:
            report.errors.append(f"{name}: {kind} {actor} on {incident}, not the gold's")


def _gold_spans(golds: list[dict[str, Any]], text: str) -> list[tuple[int, int, str]]:
    """Where each gold mention's text lies in the article (matched with its whitespace
    collapsed), with its incident key."""
    found = []
    for g in golds:
        words = g.get("text", "").split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        found += [(f.start(), f.end(), str(g["incident"])) for f in re.finditer(pattern, text)]
    return found


def _gold_incident(mention: Any, main: str | None, found: list[tuple[int, int, str]]) -> str:
    """The gold incident key of our mention: the gold mention whose text holds the word
    that names our mention, else its date, its place or its sentence, in that order; the
    article's first main mention, named in the headline only, is the gold's main event
    (``main``); "(other)" when nothing matches."""
    for key in ("trigger", "date", "place", "sentence"):
        where = mention.provenance if key == "sentence" else mention.spans.get(key)
        if where is None:
            continue
        for start, end, incident in found:
            if start < where.end and where.start < end:
                return incident
    return main or "(other)"


def _score_victims(report: Report, name: str, gold: dict[str, Any], ours: list[str]) -> None:
    """Named victims of the main event, person by person ("Abe" is "Shinzo Abe"); the gold's
    unnamed victims ("a bodyguard") are not names to find."""
    from newsblotter.merge.build import same_person

    named = [v for v in gold.get("victims", []) if v[:1].isupper()]
    found = [g for g in named if any(same_person(g, v) for v in ours)]
    extra = [v for v in ours if not any(same_person(g, v) for g in named)]
    report.victims_tp += len(found)
    report.victims_fn += len(named) - len(found)
    report.victims_fp += len(extra)
    report.errors += [f"{name}: extra victim {v}" for v in extra]
    report.errors += [f"{name}: missed victim {g}" for g in named if g not in found]


def _score_speakers(
    report: Report,
    name: str,
    gold: dict[str, Any],
    statements: list[Any],
    actors: Any,
    found: set[tuple[str, str | None]],
) -> None:
    """Of the gold statements we found, the share whose speaker we typed as the gold does
    (named official, group, government, ...): right when one of ours for that pair is."""
    for g in gold.get("statements", []):
        pair = (g["kind"], _resolve(actors, g.get("responsible")))
        if pair not in found or pair[1] is None or not g.get("speaker_kind"):
            continue
        kinds = {
            s.speaker.kind
            for s in statements
            if s.kind == pair[0]
            and s.responsible is not None
            and (s.responsible.id or _norm(s.responsible.name)) == pair[1]
        }
        ok = g["speaker_kind"] in kinds
        report.speaker_kind.add(ok)
        if not ok:
            report.errors.append(
                f"{name}: {pair[0]} {pair[1]} speaker {sorted(kinds)}, gold {g['speaker_kind']}"
            )


def _resolve(actors: Any, name: str | None) -> str | None:
    if not name:
        return None
    actor = actors.resolve(name)
    return actor.id if actor is not None else _norm(name)


def _same_count(ours: Any, gold: dict[str, Any] | None) -> bool:
    if gold is None:
        return ours is None
    return ours is not None and ours.value == gold["value"] and ours.qualifier == gold["qualifier"]


def run(data: Path) -> Report:
    from newsblotter import Pipeline, load_settings
    from newsblotter.ingest import read_document

    gold = json.loads((data / "expected.json").read_text(encoding="utf-8"))["articles"]
    settings = load_settings(env={}, db="")
    pipe = Pipeline(settings)
    report = Report()
    for name, expected in sorted(gold.items()):
        raw = read_document(data / "articles" / name, settings)
        try:
            extraction = pipe.analyze(raw)
        except ValueError as exc:
            report.errors.append(f"{name}: {exc}")
            extraction = None
        score_article(report, name, expected, extraction, pipe.actors)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "corpus", help="corpus folder")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON last")
    args = parser.parse_args(argv)
    if not (args.data / "expected.json").exists():
        print(f"error: {args.data}/expected.json not found", file=sys.stderr)
        return 2
    report = run(args.data)
    metrics = report.metrics()
    width = max(len(k) for k in metrics)
    for key, value in metrics.items():
        print(f"{key:<{width}}  {value}")
    print("\nerrors:")
    for line in report.errors:
        print(f"  {line}")
    if args.json:
        print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    sys.exit(main())
