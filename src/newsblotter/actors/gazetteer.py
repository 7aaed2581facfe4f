"""The actor gazetteer: who is who, who belongs to whom, and what a name in the text refers to.

The ledger needs to know that a claim by the Islamic State and an attribution to ISIS-K are
the same side (a branch and its parent), and that "the CIA declined to comment" is the United
States speaking. Everything here answers those questions from ``data/actors.json`` plus the
actors a text introduces (:meth:`Gazetteer.add`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsblotter.actors import document, normalise, patterns
from newsblotter.actors.document import KINDS, GazetteerError
from newsblotter.lang import alternation
from newsblotter.records import Actor, Provenance

if TYPE_CHECKING:
    from spacy.language import Language

PATTERN_LABEL = "ACTOR"


@dataclass(frozen=True, slots=True)
class ActorInfo:
    """What the gazetteer knows about an actor beyond the :class:`Actor` record."""

    active_from: int | None = None
    active_to: int | None = None
    member_of: tuple[str, ...] = ()
    successor: str | None = None
    demonyms: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    note: str | None = None


@dataclass(slots=True)
class _Index:
    """Alias keys -> actor ids; a key owned by several actors, or declared, needs context."""

    exact: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    loose: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    declared: dict[str, bool] = field(default_factory=dict)  # key -> emit a pattern?

    def needs_context(self, k: str) -> bool:
        return k in self.declared or len(self.exact.get(k, ())) > 1

    def copy(self) -> _Index:
        return _Index(
            exact=defaultdict(set, {k: set(v) for k, v in self.exact.items()}),
            loose=defaultdict(set, {k: set(v) for k, v in self.loose.items()}),
            declared=dict(self.declared),
        )


# Readings of a mention tried after the literal one, in order (see Gazetteer.resolve).
_PARENTHESES = re.compile(r"^(?P<outer>.+?)\s*\((?P<inner>[^()]+)\)\s*$")
_POSSESSIVE_SPLIT = re.compile(r"['’]s?\s+")
_BACKED = re.compile(
    rf"^(?P<by>[^\s].*?)-{alternation('actors.backing_suffixes')}\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_GENERIC_TAIL = re.compile(
    rf"\s+(?:{alternation('actors.generic_group_adjectives')}\s+)?"
    rf"{alternation('actors.generic_group_heads')}$",
    re.IGNORECASE,
)
_QUOTES = "\"'“”‘’«»„‹›"


def _rewrites(text: str) -> Iterator[tuple[str, str]]:
    """(another reading of ``text``, words it leaves over that serve as context)."""
    if m := _PARENTHESES.match(text):
        yield m["outer"], m["inner"]
        yield m["inner"], m["outer"]
    for m in _POSSESSIVE_SPLIT.finditer(text):
        head, tail = text[: m.start()], text[m.end() :]
        if head and tail:
            yield tail, head
    if m := _BACKED.match(text):
        yield m["rest"], m["by"]
    stripped = _GENERIC_TAIL.sub("", text)
    if stripped != text and stripped:
        yield stripped, ""


def _readings(name: str, limit: int = 16) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    queue = [(name.strip(), "")]
    while queue and len(out) < limit:
        text, leftover = queue.pop(0)
        if not text or text in seen:
            continue
        seen.add(text)
        out.append((text, leftover))
        queue.extend((t, f"{leftover} {c}".strip()) for t, c in _rewrites(text))
    return out


class Gazetteer:
    """Actors by id and by alias, with their parent hierarchy.

    Ambiguous aliases (shared by several actors, or declared as needing context) resolve only
    when the context passed to :meth:`resolve` points to exactly one candidate.
    """

    def __init__(self) -> None:
        self._actors: dict[str, Actor] = {}
        self._info: dict[str, ActorInfo] = {}
        self._children: dict[str, list[str]] = defaultdict(list)
        self._index = _Index()
        self._demonyms: dict[str, set[str]] = defaultdict(set)
        self._keywords: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self._borrowed = False  # tables shared with the gazetteer this is a view of

    # ----- construction -------------------------------------------------------------------

    @classmethod
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, parsed once per process.

        Each call returns its own copy, so ``add`` in one pipeline never leaks into another;
        the Actor records themselves are shared and must be treated as read-only.
        """
        return _default().copy()

    @classmethod
    def from_file(cls, path: str | Path) -> Gazetteer:
        """A gazetteer from a JSON file of the shipped shape, fully checked."""
        label, doc = document.read_document(path)
        return cls.from_document(doc, label)

    @classmethod
    def from_document(
        cls, doc: dict[str, Any], label: str = "gazetteer", *, with_schema: bool = True
    ) -> Gazetteer:
        document.check(doc, label, with_schema=with_schema)
        gazetteer = cls()
        for entry in doc["ambiguous_aliases"]:
            for k in normalise.keys(entry["alias"]):
                gazetteer._index.declared[k] = entry.get("pattern", True)
        for raw in doc["actors"]:
            active = raw.get("active", {})
            info = ActorInfo(
                active_from=active.get("from"),
                active_to=active.get("to"),
                member_of=tuple(raw.get("member_of", ())),
                successor=raw.get("successor"),
                demonyms=tuple(raw.get("demonyms", ())),
                context=tuple(raw.get("context", ())),
                note=raw.get("note"),
            )
            actor = Actor(
                id=raw["id"],
                name=raw["name"],
                kind=raw["kind"],
                aliases=list(raw["aliases"]),
                parent=raw.get("parent"),
                country=raw.get("country"),
            )
            gazetteer._insert(actor, info)
        return gazetteer

    def copy(self) -> Gazetteer:
        other = Gazetteer()
        other._actors = dict(self._actors)
        other._info = dict(self._info)
        other._children = defaultdict(list, {k: list(v) for k, v in self._children.items()})
        other._index = self._index.copy()
        other._demonyms = defaultdict(set, {k: set(v) for k, v in self._demonyms.items()})
        return other

    def view(self) -> Gazetteer:
        """This gazetteer as one article's analysis sees it: lookups read this one's tables,
        and the first actor added to the view (a group the text introduces) copies them, so
        the addition stays in the view and this gazetteer never changes. Costs nothing for the
        articles (nearly all) that introduce no actor."""
        other = Gazetteer.__new__(Gazetteer)
        other._actors, other._info, other._children = self._actors, self._info, self._children
        other._index, other._demonyms = self._index, self._demonyms
        # derived from the shared tables alone, so valid in the view until it adds an actor
        other._keywords = self._keywords
        other._borrowed = True
        return other

    def _own(self) -> None:
        """Stop sharing tables with the gazetteer this is a view of (before a write)."""
        if self._borrowed:
            owned = self.copy()
            self._actors, self._info, self._children = owned._actors, owned._info, owned._children
            self._index, self._demonyms = owned._index, owned._demonyms
            self._keywords = {}
            self._borrowed = False

    def _insert(self, actor: Actor, info: ActorInfo) -> None:
        self._own()
        self._actors[actor.id] = actor
        self._info[actor.id] = info
        if actor.parent is not None:
            self._children[actor.parent].append(actor.id)
        for alias in [actor.name, *actor.aliases]:
            for k in normalise.keys(alias):
                self._index.exact[k].add(actor.id)
            if loose := normalise.loose_key(alias):
                self._index.loose[loose].add(actor.id)
        for demonym in info.demonyms:
            self._demonyms[normalise.key(demonym)].add(actor.id)
        self._keywords.clear()

    def add(self, actor: Actor, info: ActorInfo | None = None) -> Actor:
        """Add an actor met in text. An alias it shares with a known actor becomes ambiguous."""
        if not isinstance(actor, Actor):
            raise TypeError(f"add() needs an Actor, not {type(actor).__name__}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", actor.id):
            raise GazetteerError(f"actor id {actor.id!r} is not a lowercase slug")
        if actor.id in self._actors:
            raise GazetteerError(f"actor id {actor.id!r} already exists")
        if actor.kind not in KINDS:
            raise GazetteerError(f"actor {actor.id!r}: unknown kind {actor.kind!r}")
        if actor.parent is not None and actor.parent not in self._actors:
            raise GazetteerError(f"actor {actor.id!r}: parent {actor.parent!r} does not exist")
        if not normalise.keys(actor.name):
            raise GazetteerError(f"actor {actor.id!r}: empty name")
        self._insert(actor, info or ActorInfo())
        return actor

    def introduced_actor(
        self, name: str, *, kind: str = "armed_group", provenance: Provenance | None = None
    ) -> Actor:
        """The actor for "a group calling itself X": the known one if X resolves, else a new one.

        A new actor gets a slug id (suffixed if taken), is added to this gazetteer so later
        mentions resolve, and carries ``introduced_by``.
        """
        clean = re.sub(r"^the\s+", "", name.strip().strip(_QUOTES).strip(), flags=re.IGNORECASE)
        if not normalise.keys(clean):
            raise GazetteerError(f"introduced actor name {name!r} has no letters or digits")
        known = self.resolve(clean)
        if known is not None:
            return known
        base = normalise.slugify(clean)
        actor_id, n = base, 2
        while actor_id in self._actors:
            actor_id, n = f"{base}-{n}", n + 1
        return self.add(Actor(id=actor_id, name=clean, kind=kind, introduced_by=provenance))

    # ----- lookup -------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def actors(self, kind: str | None = None) -> list[Actor]:
        return [a for a in self._actors.values() if kind is None or a.kind == kind]

    def get(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id)

    def info(self, actor_id: str) -> ActorInfo:
        self._require(actor_id)
        return self._info[actor_id]

    def _require(self, actor_id: str) -> Actor:
        actor = self._actors.get(actor_id)
        if actor is None:
            raise KeyError(f"unknown actor id {actor_id!r}")
        return actor

    def resolve(self, name: str, context: str | None = None) -> Actor | None:
        """The actor ``name`` refers to, or None when unknown or ambiguous in this context.

        Tries the literal name, then readings news copy needs: "Islamic State (ISIS)" by either
        part, "Pakistan's ISI" as ISI with Pakistan as context, "Iran-backed Houthis", "the
        Islamic State group"; first by exact key, then by the loose key. An ambiguous alias
        stops the search: a guess there would be worse than no answer.
        """
        if not isinstance(name, str):
            raise TypeError(f"resolve() needs a name string, not {type(name).__name__}")
        readings = _readings(name)
        for loose in (False, True):
            for text, leftover in readings:
                known, actor = self._lookup(text, f"{context or ''} {leftover}", loose=loose)
                if known:
                    return actor
        return None

    def _lookup(self, text: str, context: str, *, loose: bool) -> tuple[bool, Actor | None]:
        """(whether ``text`` is a known alias, the actor it settles on in ``context``)."""
        if loose:
            k = normalise.loose_key(text)
            ids = self._index.loose.get(k, set()) if k else set()
            ambiguous = len(ids) > 1
        else:
            for k in normalise.keys(text):
                ids = self._index.exact.get(k, set())
                if ids:
                    ambiguous = self._index.needs_context(k)
                    break
            else:
                ids, ambiguous = set(), False
        if not ids:
            return False, None
        if not ambiguous:
            return True, self._actors[next(iter(ids))]
        return True, self._decide(ids, context)

    def _decide(self, candidates: Collection[str], context: str) -> Actor | None:
        if not context.strip():
            return None
        kept, folded = normalise.context_forms(context)
        scores = {cid: self._score(cid, kept, folded) for cid in candidates}
        best = max(scores.values())
        winners = [cid for cid, score in scores.items() if score == best]
        return self._actors[winners[0]] if best > 0 and len(winners) == 1 else None

    def _score(self, actor_id: str, kept: tuple[str, ...], folded: tuple[str, ...]) -> int:
        case_kept, case_folded = self._context_keywords(actor_id)
        hits = sum(any(f" {w} " in form for form in kept) for w in case_kept)
        return hits + sum(any(f" {w} " in form for form in folded) for w in case_folded)

    def _context_keywords(self, actor_id: str) -> tuple[frozenset[str], frozenset[str]]:
        """Keys whose presence in context points to this actor: its own unambiguous names,
        its ancestors' and coalitions', its country's names and demonyms, and its context words.
        """
        if actor_id in self._keywords:
            return self._keywords[actor_id]
        actor = self._actors[actor_id]
        info = self._info[actor_id]
        related = [actor_id, *self.ancestors(actor_id), *info.member_of]
        texts: list[str] = list(info.context)
        for rid in related:
            other = self._actors[rid]
            texts += [other.name, *other.aliases]
        for state in self._states_by_country(actor.country):
            texts += [state.name, *state.aliases, *self._info[state.id].demonyms]
        keys = {normalise.key(t) for t in texts}
        keys = {k for k in keys if k and not self._index.needs_context(k)}
        kept = frozenset(k for k in keys if normalise.is_case_sensitive_key(k))
        result = (kept, frozenset(keys - kept))
        self._keywords[actor_id] = result
        return result

    def _states_by_country(self, code: str | None) -> list[Actor]:
        if code is None:
            return []
        return [a for a in self._actors.values() if a.kind == "state" and a.country == code]

    def state_for_demonym(self, word: str) -> Actor | None:
        """The state an adjective names ("Iranian" -> Iran); None when unknown or shared."""
        ids = self._demonyms.get(normalise.key(word), set())
        return self._actors[next(iter(ids))] if len(ids) == 1 else None

    # ----- hierarchy ----------------------------------------------------------------------

    def ancestors(self, actor_id: str) -> list[str]:
        """Parent, grandparent, ... of ``actor_id``, nearest first."""
        chain: list[str] = []
        parent = self._require(actor_id).parent
        while parent is not None and parent not in chain:
            chain.append(parent)
            parent = self._actors[parent].parent
        return chain

    def branches(self, actor_id: str) -> list[str]:
        """Every descendant of ``actor_id`` (branches, wings, units), nearest first."""
        self._require(actor_id)
        out: list[str] = []
        frontier = [actor_id]
        while frontier:
            children = [c for node in frontier for c in sorted(self._children.get(node, []))]
            out += children
            frontier = children
        return out

    def related(self, a: str, b: str, *, coalitions: bool = False) -> bool:
        """Same actor, or one is an ancestor of the other (a branch and its parent group).

        With ``coalitions``, membership of an umbrella counts too (Kata'ib Hezbollah and the
        Islamic Resistance in Iraq). Unknown ids are related only to themselves.
        """
        if a == b:
            return True
        if a not in self._actors or b not in self._actors:
            return False
        return b in self._upward(a, coalitions) or a in self._upward(b, coalitions)

    def _upward(self, actor_id: str, coalitions: bool) -> set[str]:
        chain = self.ancestors(actor_id)
        up = set(chain)
        if coalitions:
            for node in [actor_id, *chain]:
                up.update(self._info[node].member_of)
        return up

    def state_of(self, actor_id: str) -> str | None:
        """The nearest state at or above ``actor_id`` (an agency's government), if any."""
        for node in [actor_id, *self.ancestors(actor_id)]:
            if self._actors[node].kind == "state":
                return node
        return None

    # ----- spaCy --------------------------------------------------------------------------

    def patterns(
        self, nlp: Language | None = None, *, kinds: Collection[str] | None = None
    ) -> list[dict[str, Any]]:
        """spaCy EntityRuler token patterns, label ``ACTOR``, ``id`` = actor id.

        ``nlp`` supplies the tokenizer (default: a blank English one, which tokenizes as the
        English pipelines do). An ambiguous alias yields a pattern without ``id``: the caller
        must resolve such a span with :meth:`resolve` and the sentence as context, and drop it
        when that returns None. See :mod:`newsblotter.actors.patterns` for the case rules.
        """
        tokenizer = nlp.tokenizer if nlp is not None else _blank_tokenizer()
        entries: list[tuple[str, str | None]] = []
        for actor in self._actors.values():
            if kinds is not None and actor.kind not in kinds:
                continue
            for alias in [actor.name, *actor.aliases]:
                ks = normalise.keys(alias)
                if not any(self._index.needs_context(k) for k in ks):
                    entries.append((alias, actor.id))
                elif all(self._index.declared.get(k, True) for k in ks):
                    entries.append((alias, None))
        return patterns.build(
            entries, lambda text: [t.text for t in tokenizer(text)], PATTERN_LABEL
        )


@cache
def _default() -> Gazetteer:
    label, doc = document.read_document(None)
    # The shipped file is schema-checked by the test suite; integrity is checked on every load.
    return Gazetteer.from_document(doc, label, with_schema=False)


@cache
def _blank_tokenizer() -> Any:
    import spacy  # about a second to import: only when patterns are built without a pipeline

    return spacy.blank("en").tokenizer
