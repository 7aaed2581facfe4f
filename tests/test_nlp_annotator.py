"""The Annotator end to end: spaCy once per session, actor ruler, times, counts, places."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.config import Settings
from newsblotter.nlp import EXTRACTOR, Annotator
from newsblotter.records import Annotated, Article

PATTERNS = [
    {"label": "ACTOR", "pattern": "Islamic State", "id": "islamic-state"},
    {"label": "ACTOR", "pattern": "ISIS", "id": "islamic-state"},
    {"label": "ACTOR", "pattern": "IS", "id": "islamic-state"},
    {"label": "ACTOR", "pattern": "ISIS-K", "id": "isis-k"},
    {"label": "ACTOR", "pattern": "Islamic State Khorasan Province", "id": "isis-k"},
    {"label": "ACTOR", "pattern": "Hamas", "id": "hamas"},
]

STORY = """KERMAN, Iran (AP) — Two explosions ripped through a crowd marking a memorial in the \
southeastern Iranian city of Kerman on Wednesday, killing nearly 100 people and wounding at \
least 280 others, state media said.

The Islamic State group claimed responsibility on Thursday in a statement posted on its \
channels, saying two of its members had detonated explosive belts. Iranian officials had \
initially pointed at Israel and the United States, which denied any role.

Analysts said the islamic state khorasan province, the branch known as ISIS-K and active in \
Afghanistan, had carried out dozens of attacks in the region since 2021. A 20-year-old \
suspect was arrested in Kabul, Afghanistan, and 11 others were detained in Iran yesterday.

Hamas condemned the bombings."""


@pytest.fixture(scope="session")
def annotator() -> Annotator:
    return Annotator(Settings(), PATTERNS)


@pytest.fixture(scope="session")
def story(annotator: Annotator) -> Annotated:
    article = Article(
        document="doc-kerman",
        text=STORY,
        published=dt.date(2024, 1, 6),
        dateline="KERMAN, Iran",
    )
    return annotator.annotate(article)


def annotate(annotator: Annotator, text: str, published: dt.date | None = None) -> Annotated:
    return annotator.annotate(Article(document="t", text=text, published=published))


def test_record_shape(story: Annotated) -> None:
    assert story.extractor == EXTRACTOR
    assert story.doc is not None and story.doc.text == STORY
    for start, end in story.sentences:
        assert STORY[start:end] == STORY[start:end].strip() and end > start
    for ent in story.entities:
        assert STORY[ent.start : ent.end] == ent.text


def test_paragraphs_start_sentences(story: Annotated) -> None:
    starts = {start for start, _ in story.sentences}
    for marker in ("The Islamic State group", "Analysts said", "Hamas condemned"):
        assert STORY.index(marker) in starts


def test_actor_ruler_ids_and_case(story: Annotated) -> None:
    actors = [(e.text, e.actor_id) for e in story.entities if e.label == "ACTOR"]
    assert ("Islamic State", "islamic-state") in actors
    assert ("islamic state khorasan province", "isis-k") in actors  # case-insensitive
    assert ("ISIS-K", "isis-k") in actors  # the longer pattern wins over "ISIS"
    assert ("Hamas", "hamas") in actors
    for ent in story.entities:
        assert (ent.label == "ACTOR") == (ent.actor_id is not None)


def test_acronym_patterns_match_case_exactly(annotator: Annotator) -> None:
    done = annotate(annotator, "It is unclear who is behind it, but IS has struck here before.")
    actors = [e.text for e in done.entities if e.label == "ACTOR"]
    assert actors == ["IS"]


def test_times(story: Annotated) -> None:
    times = {(t.text, t.date, t.precision) for t in story.times}
    assert ("Wednesday", dt.date(2024, 1, 3), "day") in times
    assert ("Thursday", dt.date(2024, 1, 4), "day") in times
    assert ("2021", dt.date(2021, 1, 1), "year") in times
    assert ("yesterday", dt.date(2024, 1, 5), "day") in times
    assert not any("year-old" in t.text for t in story.times)


def test_quantities(story: Annotated) -> None:
    found = [(q.text, q.value, q.qualifier) for q in story.quantities]
    assert ("nearly 100", 100, "about") in found
    assert ("at least 280", 280, "at_least") in found
    assert ("dozens", 24, "vague") in found
    assert ("11", 11, "exact") in found
    assert all(q.value != 20 for q in story.quantities)  # the age
    assert all(q.value != 2021 for q in story.quantities)  # the year


def test_places(story: Annotated) -> None:
    by_text: dict[str, set[tuple[str | None, str]]] = {}
    for m in story.places:
        assert STORY[m.start : m.end] == m.text
        by_text.setdefault(m.text, set()).add((m.place.country, m.place.precision))
    assert by_text["Kerman"] == {("IR", "city")}
    assert by_text["KERMAN"] == {("IR", "city")}  # the dateline
    assert by_text["Iranian"] == {("IR", "country")}
    assert by_text["Kabul"] == {("AF", "city")}
    assert by_text["Afghanistan"] == {("AF", "country")}
    assert ("US", "country") in by_text["United States"]
    kerman = next(m.place for m in story.places if m.text == "Kerman")
    assert kerman.geonameid == 128234


@pytest.mark.parametrize(
    ("text", "name", "country", "admin1"),
    [
        ("Gunmen opened fire at a bar in Paris, Texas, late on Friday.", "Paris", "US", "TX"),
        ("Police in Paris said the attacker acted alone.", "Paris", "FR", None),
        (
            "U.S. diplomats met their French counterparts in Paris on Monday.",
            "Paris",
            "FR",
            None,
        ),
        (
            "Pakistan's army said the raid near Hyderabad followed a tip-off. "
            "Sindh police said three suspects were held in Hyderabad.",
            "Hyderabad",
            "PK",
            None,
        ),
        ("Police in Hyderabad, the capital of Telangana, made arrests.", "Hyderabad", "IN", None),
        (
            "Lebanese troops deployed across Tripoli after overnight clashes between "
            "rival neighbourhoods.",
            "Tripoli",
            "LB",
            None,
        ),
        ("Militias clashed in Tripoli, the Libyan capital, on Sunday.", "Tripoli", "LY", None),
        (
            "Security forces cordoned off the market in Mogadishu after the blast.",
            "Mogadishu",
            "SO",
            None,
        ),
    ],
)
def test_ambiguous_places_in_sentences(
    annotator: Annotator, text: str, name: str, country: str, admin1: str | None
) -> None:
    done = annotate(annotator, text)
    places = [m.place for m in done.places if m.text == name]
    assert places, [(m.text, m.place.name) for m in done.places]
    assert all(p.country == country for p in places)
    if admin1 is not None:
        assert all(p.admin1 == admin1 for p in places)


def test_unknown_town_with_state_falls_back_to_the_state(annotator: Annotator) -> None:
    done = annotate(annotator, "A gunman opened fire in Zorbaville, Texas, on Sunday.")
    fallback = [m for m in done.places if m.text == "Zorbaville"]
    assert fallback and fallback[0].place.precision == "admin1"
    assert fallback[0].place.admin1 == "TX"


def test_demonym_after_comma_is_not_a_container(annotator: Annotator) -> None:
    done = annotate(annotator, "In Paris, Iranian officials denied any involvement.")
    paris = [m.place for m in done.places if m.text == "Paris"]
    assert paris and paris[0].country == "FR"


def test_people_are_not_places(annotator: Annotator) -> None:
    done = annotate(annotator, "Paris Hilton and Jordan Peterson attended the gala on Friday.")
    assert all(m.place.precision != "city" for m in done.places)


def test_annotate_many_matches_annotate(annotator: Annotator) -> None:
    articles = [
        Article(document=f"d{i}", text=text, published=dt.date(2023, 5, 12))
        for i, text in enumerate(
            [
                "Three soldiers were killed on Tuesday in an ambush near Kandahar.",
                "At least 40 people died when a car bomb exploded in Baghdad yesterday.",
                "No casualties were reported.",
                "",
            ]
        )
    ]
    batched = list(annotator.annotate_many(articles, batch_size=2))
    assert [a.article.document for a in batched] == ["d0", "d1", "d2", "d3"]
    for one_by_one, together in zip(map(annotator.annotate, articles), batched, strict=True):
        assert one_by_one.entities == together.entities
        assert one_by_one.times == together.times
        assert one_by_one.quantities == together.quantities
        assert one_by_one.places == together.places
    assert batched[3].sentences == [] and batched[3].places == []
    assert batched[1].times[0].date == dt.date(2023, 5, 11)


def test_numbers_inside_names_are_not_counts(annotator: Annotator) -> None:
    done = annotate(annotator, "Fighters of the 313 Brigade advanced, Channel 4 reported.")
    assert [e.label for e in done.entities if "313" in e.text] == ["ORG"]
    assert done.quantities == []


def test_bad_input_gives_one_line_error(annotator: Annotator) -> None:
    with pytest.raises(ValueError, match="article 'x': text is not a string"):
        annotator.annotate(Article(document="x", text=b"bytes"))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="needs a label and a pattern"):
        Annotator(Settings(), [{"pattern": "Hamas"}])


def test_missing_model_is_reported() -> None:
    with pytest.raises(RuntimeError, match="no_such_model_xyz"):
        Annotator(Settings(spacy_model="no_such_model_xyz"))


def test_remembered_lemmas_are_spacys(annotator: Annotator) -> None:
    """The lemmatizer remembers every answer; each lemma is still what spaCy's own rules
    give for that token, twice over (the second reading comes from memory)."""
    nlp = annotator.nlp
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert getattr(lemmatizer.lemmatize, "memoised", False)
    for _ in range(2):
        doc = nlp.make_doc(STORY)
        for name, component in nlp.pipeline:
            if name == "lemmatizer":
                break
            doc = component(doc)
        # spaCy's lemmatizer fills the lemmas the attribute ruler left empty, by its rules
        want = [t.lemma_ if t.lemma else lemmatizer.rule_lemmatize(t)[0] for t in doc.copy()]
        assert [t.lemma_ for t in lemmatizer(doc)] == want
        assert want.count("explosion") == 1 and want.count("kill") == 1


# Words the attribute ruler's rules test: pronouns, auxiliaries, "there is", contractions,
# two-token rules ("gonna", "let's"), a regular-expression rule ("ain't"), spaces.
RULED = """I told them we're gonna see it, but he ain't sure.  Let's go: there is \
nothing here, and they'd had enough of 'em.

She said something had been done to herself."""


def _before(nlp: object, component: str, text: str) -> object:
    doc = nlp.make_doc(text)  # type: ignore[attr-defined]
    for name, step in nlp.pipeline:  # type: ignore[attr-defined]
        if name == component:
            return doc
        doc = step(doc)
    raise AssertionError(component)


def test_attribute_rules_by_table_match_spacys(annotator: Annotator) -> None:
    """The attribute ruler's rules matched by table give the matches of spaCy's Matcher,
    in the same order, on a first reading and on a remembered one."""
    from spacy.pipeline import AttributeRuler

    nlp = annotator.nlp
    ruler = nlp.get_pipe("attribute_ruler")
    assert getattr(ruler.match, "tabled", False)
    for text in (STORY, RULED, RULED):
        doc = _before(nlp, "attribute_ruler", text)
        assert ruler.match(doc) == AttributeRuler.match(ruler, doc)
    doc = nlp(RULED)
    assert [t.lemma_ for t in doc if t.lower_ in ("ai", "'em", "gon", "na", "let", "'s")] == [
        "go",
        "to",
        "be",
        "let",
        "us",
        "them",
    ]
    assert [t.pos_ for t in doc if t.lower_ in ("we", "'re", "nothing", "had", "been")] == [
        "PRON",
        "AUX",
        "PRON",
        "VERB",  # "they'd had enough": a main verb (a rule on 'have' and its dependency)
        "AUX",
        "AUX",
    ]


def test_acronym_rules_run_only_where_an_acronym_is() -> None:
    """The actor ruler's token patterns (an acronym, then words) are tried only on a text
    that holds one of the acronyms; the matches are the Matcher's own."""
    mixed = {"label": "ACTOR", "pattern": [{"ORTH": "ISIS"}, {"LOWER": "-"}, {"LOWER": "k"}]}
    own = Annotator(Settings(), [*PATTERNS, {**mixed, "id": "isis-k"}])
    gated = own.nlp.get_pipe("actors").matcher
    assert type(gated).__name__ == "_GatedMatcher"
    for text, found in ((STORY, True), (RULED, False)):
        doc = _before(own.nlp, "actors", text)
        assert gated(doc) == gated.matcher(doc)
        assert bool(gated.matcher(doc)) is found


def test_analysis_runs_blas_on_one_thread() -> None:
    from threadpoolctl import threadpool_info

    from newsblotter.merge.vectors import one_blas_thread

    with one_blas_thread():
        assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}
