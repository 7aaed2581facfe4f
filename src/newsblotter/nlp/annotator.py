"""The spaCy pipeline of newsblotter and the Annotated record it fills."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, cast

import numpy as np
import spacy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from newsblotter.config import Settings
from newsblotter.lang import table
from newsblotter.nlp import dates, quantities
from newsblotter.nlp.attribute_rules import table_matching
from newsblotter.nlp.locate import locate
from newsblotter.nlp.places import Geocoder
from newsblotter.nlp.truecase import Truecaser, for_pipeline, is_caseless
from newsblotter.records import Annotated, Article, Entity, Quantity

EXTRACTOR = "nlp/6"
ACTOR_LABEL = "ACTOR"
# Numbers inside these entities name things ("Group of Seven", "World War Two", "$5").
_NAMING_LABELS = frozenset(
    {"ORG", ACTOR_LABEL, "LAW", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "TIME", "MONEY"}
    | {"PERCENT", "ORDINAL"}
)


@Language.component("newsblotter_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break starts a sentence: headlines and paragraphs never run into each other."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text and not token.is_space:
            token.is_sent_start = True
    # "NARA, Japan — Shinzo Abe ... died": parsed as one clause, the dateline becomes the
    # subject of the story's first verb; the story starts a sentence of its own.
    dateline = _DATELINE_DASH.match(doc.text)
    if dateline is not None:
        after = doc.char_span(dateline.end(), len(doc.text), alignment_mode="expand")
        if after is not None and len(after) > 0:
            first = next((t for t in after if not t.is_space), None)
            if first is not None and first.i > 0:
                first.is_sent_start = True
    return doc


_DATELINE_DASH = re.compile(
    r"^\s*[A-Z][A-Za-z.'’ -]{1,40}(?:,\s*[A-Z][\w .]{1,30}){0,2}\s*(?:\([^)]{1,40}\))?\s*"
    r"[-–—]{1,2}\s"
)


class Annotator:
    """Loads spaCy once; annotates articles one by one or in batches.

    ``actor_patterns`` are EntityRuler pattern dicts ({"label": "ACTOR", "pattern": ...,
    "id": actor id}). String patterns match case-insensitively, except all-capital ones
    (acronyms such as "ISIS" or "IS"), which match exactly so "IS" never matches "is".
    All pipeline components of the model are kept: downstream stages read the dependency
    parse, POS tags and lemmas, and none of them costs noticeable load time.
    """

    def __init__(
        self,
        settings: Settings,
        actor_patterns: Sequence[Mapping[str, Any]] | None = None,
        *,
        geocoder: Geocoder | None = None,
    ) -> None:
        try:
            self.nlp: Language = spacy.load(settings.spacy_model)
        except OSError as exc:
            raise RuntimeError(
                f"spaCy model {settings.spacy_model!r} cannot be loaded: is it installed?"
            ) from exc
        if "parser" in self.nlp.pipe_names:
            self.nlp.add_pipe("newsblotter_paragraphs", before="parser")
        if "lemmatizer" in self.nlp.pipe_names:
            verbs = dict(table("nlp.verb_lemma_exceptions"))
            _memoise_lemmas(self.nlp.get_pipe("lemmatizer"), verbs)
        if "attribute_ruler" in self.nlp.pipe_names:
            table_matching(self.nlp.get_pipe("attribute_ruler"))
        patterns = [self._pattern(p) for p in actor_patterns or ()]
        self._actor_patterns = patterns
        self._truecaser: Truecaser | None = None
        caseless, exact = _as_phrases(patterns)
        # Two rulers: token patterns run spaCy's Matcher, which cost ~75 ms an article with
        # the gazetteer's 2,000 patterns; the same patterns as phrases run the PhraseMatcher
        # in a few ms. One ruler matches lower-cased phrases, the other exact-case ones
        # (acronyms); patterns mixing both stay token patterns.
        # (the caseless ruler runs second so that its longer names win over acronyms inside)
        for name, attr, group in (("actors_exact", "ORTH", exact), ("actors", "LOWER", caseless)):
            if group:  # an empty ruler only warns on every document
                ruler = self.nlp.add_pipe(
                    "entity_ruler",
                    name=name,
                    before="ner" if "ner" in self.nlp.pipe_names else None,
                    config={"phrase_matcher_attr": attr, "overwrite_ents": True},
                )
                # Phrase patterns match on ORTH or LOWER, which need only the tokenizer: spaCy
                # would run every component before the ruler over the 2,000 names (~1 s a load).
                with self.nlp.select_pipes(enable=[]):
                    ruler.add_patterns(group)  # type: ignore[attr-defined]
                _gate_token_patterns(ruler)
        # the place index kept in the cache folder: a later process reads it, not builds it
        folder = Path(settings.cache_dir).expanduser()
        self.geocoder = geocoder if geocoder is not None else Geocoder(folder)

    def _pattern(self, pattern: Mapping[str, Any]) -> dict[str, Any]:
        label, surface = pattern.get("label"), pattern.get("pattern")
        if not isinstance(label, str) or not isinstance(surface, str | list) or not surface:
            raise ValueError(f"actor pattern {dict(pattern)!r}: needs a label and a pattern")
        out = dict(pattern)
        if isinstance(surface, str) and surface.isupper():
            out["pattern"] = [{"ORTH": token.text} for token in self.nlp.make_doc(surface)]
        return out

    def annotate(self, article: Article) -> Annotated:
        """Sentences, entities, times, quantities and places of one article."""
        return self.derive(article, self.nlp(self._model_text(article)))

    def annotate_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[Annotated]:
        """As :meth:`annotate`, batched through ``nlp.pipe`` for throughput; order is kept."""
        pairs = ((self._model_text(a), a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self.derive(article, doc)

    def _model_text(self, article: Article) -> str:
        """The text spaCy sees: caseless copy gets its case back (same offsets)."""
        text = _checked_text(article)
        if not is_caseless(text):
            return text
        if self._truecaser is None:
            self._truecaser = for_pipeline(self.nlp, self._actor_patterns)
        return self._truecaser.restore(text)

    def derive(self, article: Article, doc: Doc) -> Annotated:
        """The values read from a parse of ``article``: public so that a parse kept from an
        earlier run (the benchmarks' cache) gets today's dates, counts and places."""
        text = doc.text
        sentences = []
        for sent in doc.sents:
            words = [t for t in sent if not t.is_space]
            if words:
                sentences.append((words[0].idx, words[-1].idx + len(words[-1])))
        entities = [
            # the article's own spelling: a truecased doc differs from it in case only
            Entity(
                e.start_char,
                e.end_char,
                article.text[e.start_char : e.end_char],
                e.label_,
                e.ent_id_ or None,
            )
            for e in doc.ents
        ]
        date_hints = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        found_dates = dates.candidates(text, date_hints)
        return Annotated(
            article=article,
            sentences=sentences,
            entities=entities,
            times=dates.resolve_candidates(text, found_dates, article.published),
            quantities=counts(doc, [(c.start, c.end) for c in found_dates]),
            places=locate(doc, self.geocoder, article.dateline),
            doc=doc,
            extractor=EXTRACTOR,
        )


_LEMMA_CACHE = 200_000  # (word, tag, morphology) keys; cleared when full (about 40 MB)


def _memoise_lemmas(lemmatizer: Any, verbs: Mapping[str, str]) -> None:
    """Make the rule lemmatizer remember every answer, and give the verb forms of ``verbs``
    (``nlp.verb_lemma_exceptions``) their lemma: spaCy's own exceptions table does not win
    when its suffix rules also propose the right form second ("staged" -> "stag", "stage").

    spaCy's own cache skips the words it takes for base forms (most tokens), so each of
    those pays a morphology lookup and dictionary build on every occurrence (about a tenth
    of the parse). A lemma is a function of the word, its part of speech and its morphology,
    which the key holds, so the lemmas are the same."""
    lemmatize = lemmatizer.lemmatize
    if getattr(lemmatize, "memoised", False):
        return
    cache: dict[tuple[int, int, int], list[str]] = {}

    def remembered(token: Any) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)
        found = cache.get(key)
        if found is None:
            if len(cache) >= _LEMMA_CACHE:
                cache.clear()
            lower = token.lower_
            if token.pos_ == "VERB" and lower in verbs:
                found = cache[key] = [verbs[lower]]
            else:
                found = cache[key] = lemmatize(token)
        return found

    remembered.memoised = True  # type: ignore[attr-defined]
    lemmatizer.lemmatize = remembered
    lemmatizer.__class__ = _tabled(type(lemmatizer))


_COLUMNS = [ORTH, POS, MORPH, LEMMA]


def _tabled(base: type) -> type:
    """``base`` (spaCy's rule lemmatizer class) lemmatizing a document by table: each
    token's (word, part of speech, morphology), read for all tokens at once, looks up the
    lemma's string id, and the lemmas are written back in one call. spaCy's loop builds a
    Token, its morphology and the lemma's string for every token (about a tenth of a parse);
    the lemmas are those of ``lemmatize``, computed once per key."""

    class TabledLemmatizer(base):  # type: ignore[misc]
        _table: dict[tuple[int, int, int], int]

        def __call__(self, doc: Doc) -> Doc:
            if not self._validated or not len(doc):
                return cast(Doc, super().__call__(doc))
            table = self.__dict__.setdefault("_table", {})
            strings = doc.vocab.strings
            columns = doc.to_array(_COLUMNS)
            lemmas = columns[:, 3:4].copy()
            try:
                for i, (orth, pos, morph, lemma) in enumerate(columns.tolist()):
                    if self.overwrite or lemma == 0:
                        key = (orth, pos, morph)
                        found = table.get(key)
                        if found is None:
                            if len(table) >= _LEMMA_CACHE:
                                table.clear()
                            found = table[key] = strings.add(self.lemmatize(doc[i])[0])
                        lemmas[i, 0] = found
                doc.from_array([LEMMA], cast(Any, lemmas))
            except Exception as e:
                self.get_error_handler()(self.name, self, [doc], e)
            return doc

    TabledLemmatizer.__name__ = TabledLemmatizer.__qualname__ = f"Tabled{base.__name__}"
    return TabledLemmatizer


class _GatedMatcher:
    """A Matcher whose every pattern opens with one exact word (``{"ORTH": "ISIS"}``, then
    more tokens): run only on a document that holds one of those words; the others cannot
    match. The ruler's token patterns (acronym first, 183 of them) cost about 8 ms an
    article in the Matcher, which tries each at every token; most articles hold none."""

    def __init__(self, matcher: Any, first: set[int]) -> None:
        self.matcher = matcher
        self.first = np.fromiter(first, dtype=np.uint64, count=len(first))

    def __call__(self, doc: Doc, *args: Any, **kwargs: Any) -> Any:
        if not np.isin(doc.to_array([ORTH]), self.first).any():
            return []
        return self.matcher(doc, *args, **kwargs)

    def __len__(self) -> int:
        return len(self.matcher)

    def __contains__(self, key: Any) -> bool:
        return key in self.matcher

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)


def _gate_token_patterns(ruler: Any) -> None:
    """Put ``_GatedMatcher`` in front of ``ruler``'s token Matcher when every token pattern
    opens with one exact word and no operator (the shipped gazetteer's acronym patterns)."""
    patterns = [p for group in ruler.token_patterns.values() for p in group]
    first: set[int] = set()
    for pattern in patterns:
        opening = pattern[0] if pattern else {}
        if set(opening) != {"ORTH"} or not isinstance(opening["ORTH"], str):
            return
        first.add(ruler.nlp.vocab.strings.add(opening["ORTH"]))
    if first and not isinstance(ruler.matcher, _GatedMatcher):
        ruler.matcher = _GatedMatcher(ruler.matcher, first)


def counts(doc: Doc, date_spans: Sequence[tuple[int, int]] | None = None) -> list[Quantity]:
    """The counts of a parsed text, less the numbers inside names ("Group of Seven").

    Public so that a cached parse can have its counts found again by newer patterns."""
    if date_spans is None:
        hints = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "DATE"]
        date_spans = [(c.start, c.end) for c in dates.candidates(doc.text, hints)]
    found = quantities.find(doc.text, date_spans)
    naming = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in _NAMING_LABELS]
    return [q for q in found if not _inside_any(q, naming)]


def _as_phrases(
    patterns: list[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split patterns into (lower-case phrase + mixed token patterns, exact-case phrases)."""
    caseless: list[dict[str, Any]] = []
    exact: list[dict[str, Any]] = []
    for pattern in patterns:
        surface = pattern["pattern"]
        if isinstance(surface, str):
            caseless.append(pattern)
            continue
        keys = {key for token in surface for key in token}
        if keys == {"LOWER"} and all(isinstance(t["LOWER"], str) for t in surface):
            caseless.append({**pattern, "pattern": " ".join(t["LOWER"] for t in surface)})
        elif keys == {"ORTH"} and len(surface) == 1:
            value = surface[0]["ORTH"]
            forms = value["IN"] if isinstance(value, dict) else [value]
            exact.extend({**pattern, "pattern": form} for form in forms)
        elif keys == {"ORTH"} and all(isinstance(t["ORTH"], str) for t in surface):
            exact.append({**pattern, "pattern": " ".join(t["ORTH"] for t in surface)})
        else:
            caseless.append(pattern)
    return caseless, exact


def _checked_text(article: Article) -> str:
    if not isinstance(article.text, str):
        raise ValueError(f"article {article.document!r}: text is not a string")
    return article.text


def _inside_any(quantity: Quantity, spans: list[tuple[int, int]]) -> bool:
    return any(start <= quantity.start and quantity.end <= end for start, end in spans)
