"""spaCy EntityRuler patterns from gazetteer aliases.

Token patterns rather than phrase patterns so that case can be chosen per alias:
- a multi-word alias matches case-insensitively (LOWER): "Islamic State" = "ISLAMIC STATE";
- a one-word alias matches as written or in capitals ("Hamas", "HAMAS"), never lower-cased,
  so "Raw", "Amnesty", "Wagner" the surname aside, the everyday words "raw", "amnesty",
  "let" (LeT) are not taken for actors;
- a token with a capital after its first letter is an acronym and matches exactly (ORTH):
  "ISIS", "LeT", "FAMa", "U.S.";
- a bare one- or two-character alias ("IS", "US", "AA") gets no pattern at all: "IS" would
  match the verb in any all-caps headline. spaCy's own NER finds "US" as a place; the caller
  resolves such spans with ``Gazetteer.resolve``, where short acronyms are case-sensitive.
Each alias also yields its variants: hyphens as spaces ("ISIS K"), typographic apostrophes,
and an unaccented form ("Seleka" for "Séléka").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from newsblotter.actors.normalise import fold_text

Tokenize = Callable[[str], list[str]]


def variants(alias: str) -> list[str]:
    """The alias as listed plus the spellings news copy uses for it."""
    forms = [alias]
    if "-" in alias:
        forms.append(" ".join(alias.replace("-", " ").split()))
    for form in list(forms):
        if "'" in form:
            forms.append(form.replace("'", "\u2019"))
        if "\u2019" in form:
            forms.append(form.replace("\u2019", "'"))
        plain = fold_text(form)
        if plain != form and plain.isascii():
            forms.append(plain)
    return list(dict.fromkeys(forms))


def token_spec(token: str, *, single: bool) -> dict[str, Any]:
    if any(ch.isupper() for ch in token[1:]):
        return {"ORTH": token}
    if single and token[:1].isupper():
        return {"ORTH": {"IN": sorted({token, token.upper()})}}
    return {"LOWER": token.lower()}


def pattern(tokens: list[str]) -> list[dict[str, Any]] | None:
    """Token pattern for one tokenized alias, or None when it must not be matched bare."""
    tokens = [t for t in tokens if t.strip()]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0].isalnum() and len(tokens[0]) <= 2:
        return None
    single = len(tokens) == 1
    return [token_spec(t, single=single) for t in tokens]


def build(
    entries: Iterable[tuple[str, str | None]], tokenize: Tokenize, label: str
) -> list[dict[str, Any]]:
    """Patterns for (alias, actor id or None for ambiguous) pairs, without duplicates."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for alias, actor_id in entries:
        for form in variants(alias):
            spec = pattern(tokenize(form))
            if spec is None:
                continue
            entry: dict[str, Any] = {"label": label, "pattern": spec}
            if actor_id is not None:
                entry["id"] = actor_id
            fingerprint = json.dumps(entry, sort_keys=True, ensure_ascii=False)
            if fingerprint not in seen:
                seen.add(fingerprint)
                out.append(entry)
    return out
