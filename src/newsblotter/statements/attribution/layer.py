"""The general attribution layer: every reported statement in a parsed article as
(source, cue, content), read by the trained model (``model.py``).

The hand-written rules (``rules.py``) stay where the model is blind (measured with
``bench/attribution.py --layer``): the model is trained on political news (PolNeAR), and on
reports of attacks it misses plain cues ("The minister said militants were behind it"). So a
rule's attribution is added where the model found no cue on its verb and the rule found both
a source and a content (on PolNeAR dev this costs 1.5 points of cue exact F1 and gains 0.9 of
content overlap F1); the cues of responsibility the statement stage needs ("claimed",
"blamed", "arrested", "linked") come from the rules even where a model cue merely covers the
verb ("an attack claimed by X"); quotations signed with a dash and a name, which the training
data hardly has, come from the rules too; and a speaker or content the model left empty on a
cue both found is the rules', as is the speaker where the model's lies inside a clause that
describes the rules' ("Al-Shabaab, which is linked to al-Qaeda, claimed").

The stored layer (``find_attributions``, the first list of ``layer_and_checked``) draws the
attributions as PolNeAR does (``stored``): no attribution inside another's content, cues with
their auxiliaries. The statement stage reads them all, those nested included.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsblotter.lang import words
from newsblotter.statements.attribution.features import DASHES, MAX_DEPTH, DocFeatures
from newsblotter.statements.attribution.model import AttributionModel, default_model
from newsblotter.statements.attribution.raw import RawAttribution
from newsblotter.statements.attribution.rules import find_dash_quotes, find_rule_attributions

# the layer's output: bumped when what it finds changes (kept in the model's meta.json)
VERSION = "attribution/4"
RESPONSIBILITY_CUES = words("statements.layer_responsibility_cues")

_STOPS = frozenset({".", "!", "?", ";"})
# what a stored cue takes in just before its head: PolNeAR's train split includes such a run
# in 2,478 of its 2,541 cues that have one ("has said", "did not respond", "was told")
_AUXILIARIES = frozenset({"aux", "neg", "auxpass"})
_JOINING = frozenset({"mark", "cc"})
# how a cue hangs from another's when it is the same speaker's next statement
_SIBLINGS = frozenset({"advcl", "conj"})
_CLAUSES = frozenset(
    {"relcl", "acl"}
)  # clauses that describe a noun  # PolNeAR's train split: 1,636 sources after one, 9 with


def find_attributions(
    doc: Any, model: AttributionModel | None = None, *, rules: bool = True
) -> list[RawAttribution]:
    """Every attribution of a spaCy ``Doc``, in the order of their cues (see module doc)."""
    own = model_attributions(doc, model or default_model())
    found = _with_rules(doc, own, find_rule_attributions(doc)) if rules else own
    return stored(doc, found, own)


def layer_and_checked(doc: Any) -> tuple[list[RawAttribution], list[RawAttribution]]:
    """The layer ``find_attributions`` gives (stored) and the statement stage's reading of it
    (``_checked``), the rules read once for both. The statement stage reads every attribution
    found, those reported inside another's content included ("police said the group said it
    carried out the attack"); the stored layer keeps the outermost (``stored``)."""
    rules = find_rule_attributions(doc)
    own = model_attributions(doc, default_model())
    found = _with_rules(doc, own, rules)
    return stored(doc, found, own), _checked(found, rules)


def stored(
    doc: Any, found: list[RawAttribution], model: list[RawAttribution]
) -> list[RawAttribution]:
    """The attributions of the stored layer (``found``, of which ``model`` are the model's
    own), drawn as PolNeAR draws them (measured on its dev split, ``bench/attribution.py``;
    docs/models/attribution.md):

    * an attribution whose cue lies inside another's content is reported speech within
      reported speech, which PolNeAR never annotates (no gold cue of its train or dev split
      lies inside another relation's content): it is dropped when its cue hangs in the parse
      from the other's cue ("he said she told him that ...") or when it comes from the rules,
      and where its content reaches further (not back over the other's cue), the other's
      content is widened to it;
    * a cue takes in the auxiliaries and negation just before it that hang from its head
      ("has said", "did not respond", "was told"), as PolNeAR's cues do (97.5 % of its
      train split's cues that have such a run);
    * a source leaves out the dateline it starts with ("BRUSSELS - European leaders": no
      gold source of PolNeAR's train split holds one, 28 start right after one) and a
      conjunction or subordinator ("that Trump": 9 gold sources of the train split start
      with one, 1,636 right after one)."""
    own = {(a.cue_span.start, a.cue_span.end, a.cue.i) for a in model}
    ruled = [(a.cue_span.start, a.cue_span.end, a.cue.i) not in own for a in found]
    out: list[RawAttribution | None] = list(found)
    for k, raw in enumerate(found):
        # two attributions may each hold the other's cue in their content (a content runs
        # from the first word said to the last): the one whose cue governs the other's is
        # the outer one, else the model's
        outer = [
            j
            for j, a in enumerate(found)
            if j != k
            and out[j] is not None
            and _encloses(a, raw)
            and not (_encloses(raw, a) and (_governs(raw, a) or ruled[j] > ruled[k]))
        ]
        if not outer or not (ruled[k] or any(_governs(found[j], raw) for j in outer)):
            continue
        out[k] = None
        widened = out[outer[0]]
        if (
            widened is not None
            and widened.content is not None
            and raw.content is not None
            and not raw.content.start <= widened.cue.i < raw.content.end
        ):
            start = min(widened.content.start, raw.content.start)
            end = max(widened.content.end, raw.content.end)
            out[outer[0]] = replace(widened, content=doc[start:end])
    return [_without_dateline(doc, _with_auxiliaries(doc, a)) for a in out if a is not None]


def _encloses(outer: RawAttribution, inner: RawAttribution) -> bool:
    """Whether ``inner``'s whole cue lies inside ``outer``'s content (and its head is not
    part of ``outer``'s cue)."""
    content, cue = outer.content, inner.cue_span
    return (
        content is not None
        and content.start <= cue.start
        and cue.end <= content.end
        and not outer.cue_span.start <= inner.cue.i < outer.cue_span.end
    )


def _governs(outer: RawAttribution, inner: RawAttribution) -> bool:
    """Whether ``inner``'s cue hangs in the parse (at any depth) from ``outer``'s cue, other
    than straight from its head as an adverbial clause or a conjunct ("he said ..., saying
    ...", "she said ... and added ..."): a second statement of the same speaker, which
    PolNeAR marks as a relation of its own (on its dev split: cue exact F1 66.15 -> 66.65,
    source 71.61 -> 72.01 with these kept)."""
    start, end = outer.cue_span.start, outer.cue_span.end
    token = inner.cue
    if token.head.i == outer.cue.i and token.dep_ in _SIBLINGS:
        return False
    for _ in range(MAX_DEPTH):
        if start <= token.i < end:
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _with_auxiliaries(doc: Any, raw: RawAttribution) -> RawAttribution:
    """``raw`` with its cue widened over the auxiliaries and negation just before it that hang
    from the cue's head."""
    start, head = raw.cue_span.start, raw.cue.i
    while start > 0 and doc[start - 1].dep_ in _AUXILIARIES and doc[start - 1].head.i == head:
        start -= 1
    if start == raw.cue_span.start:
        return raw
    return replace(raw, cue_span=doc[start : raw.cue_span.end])


def _with_rules(
    doc: Any, found: list[RawAttribution], rules: list[RawAttribution]
) -> list[RawAttribution]:
    by_head = {a.cue.i: k for k, a in enumerate(found)}
    inside = {i: k for k, a in enumerate(found) for i in range(a.cue_span.start, a.cue_span.end)}
    out: list[RawAttribution | None] = list(found)
    extra = []
    for rule in rules:
        k = by_head.get(rule.cue.i)
        responsibility = rule.cue.lemma_.lower() in RESPONSIBILITY_CUES
        if k is not None:
            known = out[k]
            if (
                known is not None
                and rule.source is not None
                and (known.source is None or _embedded(known.source, rule.source, rule.cue))
            ):
                known = replace(known, source=rule.source)
            if known is not None and known.content is None and rule.content is not None:
                known = replace(known, content=rule.content)
            out[k] = known
        elif rule.cue.i in inside:
            if responsibility:  # "an attack claimed by X": the model's cue hides the verb
                out[inside[rule.cue.i]] = None
                extra.append(rule)
        elif responsibility or (rule.source is not None and rule.content is not None):
            extra.append(rule)  # a cue the model missed, with its source and content
    for dash in find_dash_quotes(doc):  # PolNeAR's train split has almost none to learn from
        if dash.cue.i not in inside:
            extra.append(dash)
    kept = [a for a in out if a is not None]
    return sorted([*kept, *extra], key=lambda a: a.cue.i)


def _embedded(source: Any, subject: Any, cue: Any) -> bool:
    """Whether the model's ``source`` lies inside a clause that modifies the rules' ``subject``
    of the cue, the cue itself outside that clause: "al-Qaeda" of "Al-Shabaab, which is linked
    to al-Qaeda, claimed" (the speaker is the one the clause describes; in "a staffer who
    told", the cue's own clause, the source is "who", as PolNeAR marks it)."""
    head = subject.root
    return head not in cue.ancestors and all(
        _in_clause_of(token, head) for token in source if not token.is_punct
    )


def _in_clause_of(token: Any, head: Any) -> bool:
    """Whether ``token`` hangs from ``head`` through a relative or adnominal clause."""
    clause = False
    for _ in range(MAX_DEPTH):
        if token.i == head.i:
            return clause
        if token.head.i == token.i:
            return False
        clause = clause or token.dep_ in _CLAUSES
        token = token.head
    return False


def _without_dateline(doc: Any, raw: RawAttribution) -> RawAttribution:
    """``raw`` with its source less the dateline it starts with (words in capitals and their
    punctuation up to a dash: "WASHINGTON -- President Obama") and less a conjunction or
    subordinator it starts with ("that Trump", "While his advisers")."""
    source = raw.source
    if source is None:
        return raw
    start, end = source.start, source.end
    if doc[start].is_upper:
        for i in range(start, min(end - 1, start + 8)):
            if doc[i].text in DASHES:
                start = i + 1 if i > start else start
                break
            if not (doc[i].is_upper or doc[i].is_punct or doc[i].is_space):
                break
    while start < end - 1 and (doc[start].dep_ in _JOINING or doc[start].is_space):
        start += 1
    return raw if start == source.start else replace(raw, source=doc[start:end])


def _checked(found: list[RawAttribution], rules: list[RawAttribution]) -> list[RawAttribution]:
    """``found`` with the rules' reading of a cue where the model's speaker lies inside what
    the parse says was said ("officials said intelligence pointed to X", read by the model
    with "intelligence" as the source). The statement stage reads responsibility from these;
    the stored layer keeps the model's reading, which scores better on PolNeAR dev (content
    overlap F1 80.1 against 78.4 with this check, ``bench/attribution.py``)."""
    by_cue = {r.cue.i: r for r in rules}
    out = []
    for raw in found:
        rule = by_cue.get(raw.cue.i)
        if rule is not None and rule.source is not None and _inside(raw.source, rule.content):
            raw = replace(raw, source=rule.source, content=rule.content)
        out.append(raw)
    return out


def _inside(span: Any | None, outer: Any | None) -> bool:
    return (
        span is not None
        and outer is not None
        and outer.start <= span.start
        and span.end <= outer.end
    )


def model_attributions(doc: Any, model: AttributionModel) -> list[RawAttribution]:
    """What the trained model alone finds in a ``Doc``."""
    feats = DocFeatures(doc)
    spans = [_trimmed(feats, a, b) for a, b in model.cues(feats)]
    cues = [(a, b, doc[a:b].root.i) for a, b in (c for c in spans if c is not None)]
    roles = model.roles(feats, cues)
    negations = {feats.head[i] for i, dep in enumerate(feats.dep) if dep == "neg"}
    out = []
    for (cue_start, cue_end, head), (sources, contents) in zip(cues, roles, strict=True):
        source = None
        near = [s for s in (_trimmed(feats, a, b, punct=True) for a, b in sources) if s]
        if near:
            a, b = min(near, key=lambda s: min(abs(s[0] - head), abs(s[1] - head)))
            source = doc[a:b]
        parts = [s for s in (_trimmed(feats, a, b) for a, b in contents) if s is not None]
        content = doc[parts[0][0] : parts[-1][1]] if parts else None
        if source is None and content is None:
            continue  # a cue of nothing ("the killings were ordered"): not an attribution
        k = feats.sent_of[head]
        sentence = doc[feats.sent_bounds[k][0] : feats.sent_bounds[k][1]]
        negated = head in negations
        out.append(
            RawAttribution(doc[head], source, content, sentence, negated, doc[cue_start:cue_end])
        )
    return out


def _trimmed(
    feats: DocFeatures, start: int, end: int, *, punct: bool = False
) -> tuple[int, int] | None:
    """``start``..``end`` without whitespace tokens at its ends (and with ``punct``, without
    the full stop that ends a sentence after a source: "..., by Saudi officials."); None
    when nothing is left."""
    space, text = feats.space, feats.text
    while start < end and space[start]:
        start += 1
    while end > start and (space[end - 1] or (punct and text[end - 1] in _STOPS)):
        end -= 1
    return (start, end) if start < end else None
