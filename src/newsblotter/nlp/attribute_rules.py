"""spaCy's attribute ruler, matched by table instead of by its Matcher (same matches).

The English pipelines' attribute ruler holds about 180 rules (the tag map, then exceptions by
word and dependency). spaCy runs them all through its Matcher, which tries every rule at every
token: about a tenth of a parse. All but a handful are one-token rules that test a token's tag,
lower-case form, dependency or whether it is a space, so which of them match a token is a
function of those four values: it is computed once per distinct combination and remembered.
The other rules (several tokens, regular expressions) stay with a Matcher of their own. The
matches are returned as ``AttributeRuler.match`` returns them (sorted by rule), so the ruler
sets the same attributes in the same order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

# the token values a one-token rule may test, and how to read each from a token
_READ: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_,
    "LOWER": lambda t: t.lower_,
    "DEP": lambda t: t.dep_,
    "IS_SPACE": lambda t: t.is_space,
}
_COLUMNS = [TAG, LOWER, DEP, IS_SPACE]  # what ``match`` reads of every token, as numbers
_REMEMBERED = 100_000  # distinct (tag, lower, dep, space) combinations kept (a few MB)

Match = tuple[int, int, int, int]  # (rule, match id, start, end), as AttributeRuler.match


def table_matching(ruler: Any) -> None:
    """Give ``ruler`` (a spaCy AttributeRuler) the table matching described above; a ruler
    whose rules the table cannot read keeps its Matcher."""
    if getattr(ruler.match, "tabled", False):
        return
    strings = ruler.vocab.strings
    simple: list[tuple[int, int, list[dict[str, Any]]]] = []
    rest = Matcher(ruler.vocab)
    for rule, patterns in enumerate(_rules(ruler)):
        key = strings.add(str(rule))
        if all(_one_token(p) for p in patterns):
            simple.append((rule, key, [p[0] for p in patterns]))
        else:
            rest.add(key, patterns)
    # the one-token rules by the tag they require (None: any tag), to try only those that can
    by_tag: dict[str | None, list[tuple[int, int, dict[str, Any]]]] = {}
    for rule, key, tests in simple:
        for test in tests:
            tag = test.get("TAG")
            by_tag.setdefault(tag if isinstance(tag, str) else None, []).append((rule, key, test))
    known: dict[tuple[int, ...], list[tuple[int, int]]] = {}

    def rules_of(token: Token) -> list[tuple[int, int]]:
        values = {name: read(token) for name, read in _READ.items()}
        tried = by_tag.get(values["TAG"], []) + by_tag.get(None, [])
        return sorted({(rule, key) for rule, key, test in tried if _holds(test, values)})

    def match(doc: Doc) -> list[Match]:
        found: list[Match] = []
        for i, combo in enumerate(map(tuple, doc.to_array(_COLUMNS).tolist())):
            rules = known.get(combo)
            if rules is None:
                if len(known) >= _REMEMBERED:
                    known.clear()
                rules = known[combo] = rules_of(doc[i])
            found.extend((rule, key, i, i + 1) for rule, key in rules)
        if len(rest):
            found.extend(
                (int(strings[key]), key, start, end)
                for key, start, end in rest(doc, allow_missing=True, as_spans=False)
            )
        found.sort()
        return found

    match.tabled = True  # type: ignore[attr-defined]
    ruler.match = match


def _rules(ruler: Any) -> list[list[list[dict[str, Any]]]]:
    """The patterns of each rule, in rule order, as the ruler's Matcher holds them."""
    return [list(ruler.matcher.get(str(rule))[1]) for rule in range(len(ruler.attrs))]


def _one_token(pattern: Sequence[Mapping[str, Any]]) -> bool:
    if len(pattern) != 1:
        return False
    for name, value in pattern[0].items():
        if name not in _READ:
            return False
        if isinstance(value, dict):
            if set(value) - {"IN", "NOT_IN"}:
                return False
            if not all(isinstance(v, list) for v in value.values()):
                return False
        elif not isinstance(value, str | bool):
            return False
    return True


def _holds(test: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    for name, wanted in test.items():
        value = values[name]
        if isinstance(wanted, dict):
            if "IN" in wanted and value not in wanted["IN"]:
                return False
            if "NOT_IN" in wanted and value in wanted["NOT_IN"]:
                return False
        elif value != wanted:
            return False
    return True
