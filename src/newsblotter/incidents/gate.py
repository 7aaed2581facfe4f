"""The incident gate: does an article report a violent incident as news?

Trigger words survive in many articles that report none: a speech that deplores "the
bombings", a policy round-up that counts a war's dead, a court story about a kidnapping
months old, an interview, a communiqué. Whether the article as a whole reports an incident
is a decision learned from annotated articles (``python -m newsblotter.train.incident_gate``;
data, scores and limits in ``docs/models/incident_gate.md``): a logistic regression over
features of what the extraction found and how the article tells it (where the first main
trigger stands, whether the headline names an attack, whether a main event is dated days
before publication or counts casualties, how many trigger words were dropped as irrealis or
figurative, how much of the text speaks in the first or second person, ...).

The weights are a dot product at run time (``model/gate.json``, a few hundred bytes), read
once per process. An article below the threshold keeps its mentions, as background only: a
real earlier incident it refers to can still be linked.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsblotter.incidents import headline as hl
from newsblotter.incidents import triggers as tg
from newsblotter.lang import alternation, words
from newsblotter.records import Annotated, IncidentMention

MODEL = Path(__file__).resolve().parent / "model" / "gate.json"
RECENT_DAYS = 7
LEDE_SENTENCES = 2
_PERSONAL = re.compile(rf"\b{alternation('gate.personal_pronouns')}\b", re.I)
_WORD = re.compile(r"\w+")
_TITLE_CUE = re.compile(
    alternation("incidents.triggers") + rf"|\bkill|\b{alternation('gate.title_harm_words')}\b",
    re.I,
)


@dataclass(slots=True)
class Analysis:
    """What the extraction found before the gate."""

    mentions: list[IncidentMention]
    triggers: list[tg.Trigger]  # the triggers kept
    dropped: list[tuple[tg.Trigger, str]]  # trigger words dropped, with the reason


FEATURES = (
    "main_triggers",  # log(1 + triggers of main events)
    "main_events",  # log(1 + main mentions)
    "lede_trigger",  # a main trigger in the first two sentences
    "title_trigger",  # the headline (else the first sentence) names an attack or a toll
    "first_sentence",  # a main trigger in the first sentence
    "recent_date",  # a main trigger dated in the week before publication (unknown: dated)
    "dated_main",  # a main mention with a date
    "counted",  # a main mention with killed or wounded
    "casualties",  # log(1 + the largest killed + wounded)
    "density",  # share of sentences holding a main trigger
    "first_position",  # where the first main trigger stands (0 = start, 1 = none)
    "placed",  # a main mention with a place
    "participants",  # the rules read perpetrators or victims around a main trigger
    "past_tense",  # share of main triggers that are past-tense verbs
    "personal",  # first- and second-person words per 100 words
    "questions",  # share of sentences that are questions
    "dropped_share",  # dropped / all trigger words
    "legal_share",  # triggers governed by a court's words / kept triggers
    "background_share",  # background triggers / kept triggers
    "words",  # log(words)
    "lede_other_news",  # words of courts, seizures, talks, statements in the first sentences
    "generic_share",  # main triggers that are bare plural nouns ("attacks", "killings")
    "reaction_share",  # main triggers that are the object of words of reaction or speech
    "specific_share",  # main triggers told as one event: a verb with a subject, "the attack"
    "age_days",  # log(1 + days from the latest day-dated main trigger to publication; else 0)
    "lede_share",  # main triggers in the first two sentences / main triggers
)
# Verbs whose object is an event already told: a reaction or words about it, not its report.
_REACTION_HEADS = words("incidents.reaction_heads")
# The news of a lede that is not an attack: a court, a seizure, talks, a statement, a vote.
_OTHER_NEWS = re.compile(
    rf"\b{alternation('gate.other_news_patterns')}\b",
    re.I,
)


def features(ann: Annotated, found: Analysis) -> dict[str, float]:
    """The gate's features of one analysed article."""
    article, doc = ann.article, ann.doc
    text = article.text
    published = article.published
    main = [m for m in found.mentions if m.is_main]
    kept = found.triggers
    main_triggers = [t for t in kept if not t.background]
    sentences = list(doc.sents) if doc is not None else []
    lede_end = sentences[min(LEDE_SENTENCES, len(sentences)) - 1].end_char if sentences else 0
    starts = [t.token.idx for t in main_triggers] + [
        m.spans["trigger"].start for m in main if "trigger" in m.spans
    ]
    first = min(starts) / max(1, len(text)) if starts else 1.0
    words = len(_WORD.findall(text))
    title = article.title or (sentences[0].text if sentences else "")
    toll = hl.read(title)
    casualties = max(
        ((m.killed.value if m.killed else 0) + (m.wounded.value if m.wounded else 0) for m in main),
        default=0,
    )
    with_trigger = {t.sent for t in main_triggers}
    n_sents = max(1, len(sentences))
    all_words = len(kept) + len(found.dropped)
    return {
        "main_triggers": math.log1p(len(main_triggers)),
        "main_events": math.log1p(len(main)),
        "lede_trigger": float(any(t.token.idx < lede_end for t in main_triggers)),
        "title_trigger": float(
            bool(_TITLE_CUE.search(title)) or toll.killed is not None or toll.wounded is not None
        ),
        "first_sentence": float(
            bool(sentences) and any(t.token.idx < sentences[0].end_char for t in main_triggers)
        ),
        "recent_date": float(
            any(_recent(t, published) for t in main_triggers)
            if published is not None
            else any(m.date is not None for m in main)
        ),
        "dated_main": float(any(m.date is not None for m in main)),
        "counted": float(any(m.killed or m.wounded for m in main)),
        "casualties": math.log1p(casualties),
        "density": len(with_trigger) / n_sents,
        "first_position": first,
        "placed": float(any(m.place is not None for m in main)),
        # the rules' reading, not the role model's: a new role model must not move the gate
        "participants": float(any(t.roles.perpetrators or t.roles.victims for t in main_triggers)),
        "past_tense": (
            sum(t.token.tag_ in {"VBD", "VBN"} for t in main_triggers) / len(main_triggers)
            if main_triggers
            else 0.0
        ),
        "personal": 100 * len(_PERSONAL.findall(text)) / max(1, words),
        "questions": sum(s.text.rstrip().endswith("?") for s in sentences) / n_sents,
        "dropped_share": len(found.dropped) / all_words if all_words else 0.0,
        "legal_share": sum(t.legal for t in kept) / len(kept) if kept else 0.0,
        "background_share": sum(t.background for t in kept) / len(kept) if kept else 0.0,
        "words": math.log1p(words),
        "lede_other_news": float(len(_OTHER_NEWS.findall(text[:lede_end]))),
        **_how_told(main_triggers, published, lede_end),
    }


def _how_told(
    main_triggers: list[tg.Trigger], published: dt.date | None, lede_end: int
) -> dict[str, float]:
    """How the main triggers tell their events: generic plurals, objects of reactions,
    specific single events, their age and where they stand."""
    n = max(1, len(main_triggers))
    ages = [
        (published - d.date).days
        for t in main_triggers
        for d in t.dates
        if published is not None and d.precision == "day" and (published - d.date).days >= 0
    ]
    return {
        "generic_share": sum(_generic(t.token) for t in main_triggers) / n,
        "reaction_share": sum(_reaction(t.token) for t in main_triggers) / n,
        "specific_share": sum(_specific(t.token) for t in main_triggers) / n,
        "age_days": math.log1p(min(ages)) if ages else 0.0,
        "lede_share": sum(t.token.idx < lede_end for t in main_triggers) / n,
    }


def _generic(tok: Any) -> bool:
    """ "attacks", "the killings of recent years": a plural noun with no number of its own."""
    return tok.tag_ in {"NNS", "NNPS"} and not any(
        c.dep_ in {"nummod", "poss"} or c.lower_ in {"these", "those", "both", "two", "three"}
        for c in tok.children
    )


def _reaction(tok: Any) -> bool:
    head = tok.head
    if tok.dep_ == "pobj":
        head = head.head
    return tok.dep_ in {"dobj", "pobj", "nsubjpass"} and head.lemma_.lower() in (
        _REACTION_HEADS | tg.SPEECH_LEMMAS
    )


def _specific(tok: Any) -> bool:
    """A verb told with its subject, or a singular noun with "the", "this" or a possessive."""
    if tok.pos_ == "VERB":
        return any(c.dep_ in {"nsubj", "nsubjpass", "agent"} for c in tok.children)
    return tok.tag_ in {"NN", "NNP"} and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in {"the", "this", "that"})
        for c in tok.children
    )


def _recent(trig: tg.Trigger, published: dt.date | None) -> bool:
    if published is None:
        return False
    return any(0 <= (published - d.date).days <= RECENT_DAYS for d in trig.dates)


@dataclass(frozen=True, slots=True)
class Model:
    names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def probability(self, values: dict[str, float]) -> float:
        z = self.bias
        for name, mu, sd, w in zip(self.names, self.mean, self.scale, self.weights, strict=True):
            z += w * (values[name] - mu) / sd
        return 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))

    def as_json(self) -> dict[str, Any]:
        return {
            "features": list(self.names),
            "mean": list(self.mean),
            "scale": list(self.scale),
            "weights": list(self.weights),
            "bias": self.bias,
            "threshold": self.threshold,
        }


@cache
def model(path: Path = MODEL) -> Model | None:
    """The shipped gate, read once; None when the package has none (every article passes)."""
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))["model"]
    return Model(
        tuple(data["features"]),
        tuple(data["mean"]),
        tuple(data["scale"]),
        tuple(data["weights"]),
        float(data["bias"]),
        float(data["threshold"]),
    )


def reports_incident(ann: Annotated, found: Analysis) -> bool:
    """Whether the article reports a violent incident as news."""
    if not any(m.is_main for m in found.mentions):
        return False
    gate = model()
    if gate is None:
        return True
    return gate.probability(features(ann, found)) >= gate.threshold


def apply(ann: Annotated, found: Analysis) -> list[IncidentMention]:
    """The article's mentions, every one background when the article reports no incident."""
    if reports_incident(ann, found):
        return found.mentions
    return [dataclasses.replace(m, is_main=False) if m.is_main else m for m in found.mentions]
