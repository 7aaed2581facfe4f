"""Alias keys: the one spelling every variant of a name is reduced to before lookup.

News copy writes the same group as "ISIS-K", "Isis K" and "ISIS-K's", "U.S." as "US", and
Arabic names in half a dozen transliterations. Resolution compares keys, never raw strings,
so every variant that should match must reduce to the same key here. Hand-written because no
maintained library folds English-press transliterations of Arabic group names; the rules are
few and each one is tested.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from newsblotter.lang import table

# Aliases this short (in letters and digits) are acronyms whose case is their only defence
# against plain words: "IS" is Islamic State, "is" is a verb; "US" is a state, "us" a pronoun.
CASE_SENSITIVE_MAX = 3

_APOSTROPHES = str.maketrans(
    dict.fromkeys("\u2019\u2018\u02bc\u02bb\u02bf\u02be\u0060\u00b4\u2032", "'")
)
# Arabic and Persian letter variants that news copy and transcripts use interchangeably.
_ARABIC = str.maketrans(
    {
        "\u0623": "\u0627",  # alef with hamza above -> alef
        "\u0625": "\u0627",  # alef with hamza below -> alef
        "\u0622": "\u0627",  # alef with madda -> alef
        "\u0649": "\u064a",  # alef maqsura -> yeh
        "\u06cc": "\u064a",  # Persian yeh -> Arabic yeh
        "\u06a9": "\u0643",  # Persian keheh -> Arabic kaf
        "\u0640": None,  # tatweel (decorative stretching)
    }
)
_WORD_FOLDS = table("actors.spelling_folds")
_TRAILING_POSSESSIVE = re.compile(r"(?<=\w)'s?\s*$", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)'s?(?=\W|$)", re.UNICODE)
_AMPERSAND = re.compile(r"\s+&\s+")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


def fold_text(text: str) -> str:
    """Unicode-compatible form without diacritics, with one apostrophe and Arabic letter forms.

    Diacritics go because English copy drops them ("Cote d'Ivoire", "Turkiye", "MIT") while
    the gazetteer may spell them; NFC afterwards keeps Hangul and other composed scripts whole.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = unicodedata.normalize("NFC", text)
    return text.translate(_APOSTROPHES).translate(_ARABIC)


def words(text: str, *, possessives: bool = False) -> str:
    """Case-kept words of ``text``: apostrophes and dots dropped, other punctuation spaced.

    A possessive at the end always goes ("ISIS-K's" -> "ISIS K"); inside the text only when
    ``possessives`` is set, because inside a name the apostrophe is part of it and sloppy copy
    drops it ("Lord's Resistance Army" and "Lords Resistance Army" must meet). "U.S." -> "US";
    "Kata'ib" -> "Kataib".
    """
    text = _TRAILING_POSSESSIVE.sub("", fold_text(text).strip())
    if possessives:
        text = _POSSESSIVE.sub("", text)
    text = _AMPERSAND.sub(" and ", text).replace("'", "").replace(".", "")
    return " ".join(_NON_WORD.sub(" ", text).split())


def _fold_words(spaced: str) -> str:
    return " ".join(_WORD_FOLDS.get(w, w) for w in spaced.casefold().split())


def key(text: str, *, possessives: bool = False) -> str:
    """The lookup key of a name; equal keys mean the same alias.

    Short acronyms keep their case (see CASE_SENSITIVE_MAX); longer names are case-folded and
    their transliteration variants folded. A leading "the" is dropped ("the Taliban").
    """
    spaced = _LEADING_THE.sub("", words(text, possessives=possessives))
    if len(spaced.replace(" ", "")) <= CASE_SENSITIVE_MAX:
        return spaced
    return _fold_words(spaced)


def keys(text: str) -> tuple[str, ...]:
    """Every key of a name: as written, and with inner possessives dropped.

    Both, so that "Hamas's armed wing" meets "Hamas' armed wing" and "Lord's Resistance Army"
    still meets "Lords Resistance Army".
    """
    return tuple(dict.fromkeys(k for k in (key(text), key(text, possessives=True)) if k))


def loose_key(text: str) -> str:
    """A fallback key: spaces gone, doubled letters single ("al-Shabaab" = "AlShabab").

    Only used when the exact key misses; empty for the short case-sensitive acronyms.
    """
    exact = key(text)
    if is_case_sensitive_key(exact):
        return ""
    compact = exact.replace(" ", "")
    if all(c.isupper() for c in words(text) if c.isalpha()):
        return compact  # acronyms keep doubled letters: "ISSP" and "ISPP" are not both "isp"
    return re.sub(r"(.)\1+", r"\1", compact)


def is_case_sensitive_key(k: str) -> bool:
    return len(k.replace(" ", "")) <= CASE_SENSITIVE_MAX


def context_forms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Context prepared for keyword search: (case-kept forms, folded forms), space-padded.

    Two forms each, with inner possessives kept and dropped, so that both "Lord's Resistance
    Army" and "Pakistan" are found in "... Pakistan's ISI ...".
    """
    plain = words(text)
    bare = words(text, possessives=True)
    return (f" {plain} ", f" {bare} "), (f" {_fold_words(plain)} ", f" {_fold_words(bare)} ")


def slugify(name: str) -> str:
    """A stable ASCII id for a name; non-Latin names get a short hash so ids stay ASCII."""
    ascii_text = fold_text(name).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.replace("'", "")).strip("-")
    if slug:
        return slug
    return "actor-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
