"""The vocabulary of each language, declared once as data and read once per process.

Word lists that decide language questions (cue verbs, weapons, hedges, nouns for attackers,
speakers and events) live in ``lang/<language>/<domain>.toml``, one list per key, each with a
comment saying what it is for. Stage modules read them here by ``"domain.name"``:

    CLAIM_OBJECTS = words("statements.claim_objects")

``words`` gives a set (membership tests), ``phrases`` an ordered tuple (where order matters),
``table`` a mapping of words to words, ``counts`` of words to numbers and ``groups`` of names
to their forms. ``alternation`` writes a list as one regular-expression group, so that
patterns name their words here rather than spell them out:

    KILLED = re.compile(rf"\\b{alternation('casualties.killed')}\\b", re.I)

A key that is missing, or holds the wrong shape, stops at import with one
line naming it. ``tests/test_vocabulary.py`` keeps each list declared once.

Hand-written: the standard library's ``tomllib`` reads the files; the typed access is ours.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.resources import files
from types import MappingProxyType

LANGUAGE = "en"

# ``alternation``'s ``space`` where a pattern lets the words of a phrase stand apart by any
# whitespace ("shot  dead", a line break inside "shot to death").
SPACES = r"\s+"

Value = list[str] | dict[str, str] | dict[str, int] | dict[str, list[str]]


class VocabularyError(LookupError):
    """A vocabulary key that is missing or holds the wrong kind of value."""


@cache
def _domain(language: str, domain: str) -> dict[str, object]:
    resource = files(__name__).joinpath(language, f"{domain}.toml")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise VocabularyError(f"no vocabulary file {language}/{domain}.toml") from None
    return tomllib.loads(text)


def _raw(key: str, language: str) -> object:
    domain, _, name = key.partition(".")
    data = _domain(language, domain)
    if not name or name not in data:
        raise VocabularyError(f"no vocabulary list {key!r} in {language}/{domain}.toml")
    return data[name]


def _strings(key: str, language: str) -> list[str]:
    value = _raw(key, language)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise VocabularyError(f"vocabulary {key!r} is not a list of strings")
    return [str(v) for v in value]


def words(key: str, language: str = LANGUAGE) -> frozenset[str]:
    """The set of words or phrases at ``key`` ("domain.name")."""
    return frozenset(_strings(key, language))


def phrases(key: str, language: str = LANGUAGE) -> tuple[str, ...]:
    """The words or phrases at ``key``, in the order written."""
    return tuple(_strings(key, language))


def table(key: str, language: str = LANGUAGE) -> Mapping[str, str]:
    """The mapping of words to words at ``key`` (read-only)."""
    value = _raw(key, language)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise VocabularyError(f"vocabulary {key!r} is not a table of strings")
    return MappingProxyType({str(k): str(v) for k, v in value.items()})


def counts(key: str, language: str = LANGUAGE) -> Mapping[str, int]:
    """The mapping of words to numbers at ``key`` (read-only)."""
    value = _raw(key, language)
    if not isinstance(value, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value.values()
    ):
        raise VocabularyError(f"vocabulary {key!r} is not a table of numbers")
    return MappingProxyType({str(k): int(v) for k, v in value.items()})


def groups(key: str, language: str = LANGUAGE) -> Mapping[str, tuple[str, ...]]:
    """The mapping of names to their ordered forms at ``key`` (read-only)."""
    value = _raw(key, language)
    if not isinstance(value, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in value.values()
    ):
        raise VocabularyError(f"vocabulary {key!r} is not a table of lists of strings")
    return MappingProxyType({str(k): tuple(str(x) for x in v) for k, v in value.items()})


@cache
def alternation(*keys: str, space: str = r"\ ", language: str = LANGUAGE) -> str:
    """The phrases at ``keys`` (lists, or the words of tables) as one group ``(?:a|b|c)``.

    Each phrase is escaped, its spaces written as ``space`` (``SPACES`` where the pattern
    lets the words stand apart by any whitespace), and the longer phrases are tried first.
    A key that ends in ``_patterns`` holds regular-expression fragments instead (its comment
    says so): they are used as written, and then every phrase goes in the order written.
    """
    items: list[tuple[str, str]] = []  # (phrase, its pattern)
    for key in keys:
        value = _raw(key, language)
        listed = list(value) if isinstance(value, dict) else _strings(key, language)
        if key.endswith("_patterns"):
            items += [(p, p) for p in listed]
        else:
            items += [(p, space.join(map(re.escape, p.split(" ")))) for p in listed]
    if not items:
        raise VocabularyError(f"vocabulary {keys!r} is empty")
    if not any(key.endswith("_patterns") for key in keys):
        items.sort(key=lambda item: len(item[0]), reverse=True)
    return "(?:" + "|".join(pattern for _, pattern in items) + ")"


def domains(language: str = LANGUAGE) -> list[str]:
    """The domains (file stems) of ``language``'s vocabulary."""
    folder = files(__name__).joinpath(language)
    return sorted(
        p.name.removesuffix(".toml") for p in folder.iterdir() if p.name.endswith(".toml")
    )


def entries(language: str = LANGUAGE) -> Iterator[tuple[str, Value]]:
    """Every list and table of ``language`` as ("domain.name", value)."""
    for domain in domains(language):
        for name, value in _domain(language, domain).items():
            yield f"{domain}.{name}", value  # type: ignore[misc]


__all__ = [
    "LANGUAGE",
    "SPACES",
    "VocabularyError",
    "alternation",
    "counts",
    "domains",
    "entries",
    "groups",
    "phrases",
    "table",
    "words",
]
