"""A small invented database for the serve, export and alert tests.

Records are built in code (the text is ours, offsets computed from it) and saved through the
Database API, so the tests do not depend on the NLP stages' output; the ledger is built by the
real ``build_ledger`` over these statements with the actor hierarchy below.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from newsblotter import Pipeline, load_settings, recovery
from newsblotter.ledger import build_ledger
from newsblotter.query.actors import ActorIndex
from newsblotter.records import (
    Actor,
    ActorRef,
    Article,
    Count,
    Extraction,
    Incident,
    IncidentMention,
    Place,
    Provenance,
    RawDocument,
    Speaker,
    Statement,
    Victim,
)

ACTORS = [
    Actor("crimson-banner", "Crimson Banner Brigade", "armed_group", ["CBB", "Crimson Banner"]),
    Actor(
        "crimson-banner-coast",
        "Crimson Banner Coastal Wing",
        "armed_group",
        ["Coastal Wing"],
        parent="crimson-banner",
    ),
    Actor("valley-front", "Valley Liberation Front", "armed_group", ["VLF"], country="NG"),
    Actor("pk-police", "Peshawar Police", "agency", [], country="PK"),
]

PESHAWAR = Place("Peshawar", "PK", "Khyber Pakhtunkhwa", 34.008, 71.578, 1168197, "city")
MAIDUGURI = Place("Maiduguri", "NG", "Borno", 11.846, 13.160, 2331447, "city")
KHARKIV = Place("Kharkiv", "UA", "Kharkiv Oblast", 49.982, 36.253, 706483, "city")
KONDUGA = Place("Konduga", "NG", "Borno", 11.651, 13.418, None, "city")

EVIL = '<script>document.title="pwned"</script><img src=x onerror="document.title=1">'


@dataclass
class Doc:
    """One article: its text and the values extracted from it, with spans found by search."""

    slug: str
    title: str
    outlet: str
    published: dt.date
    paragraphs: list[str]
    chrome: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def id(self) -> str:
        return hashlib.sha256(self.slug.encode()).hexdigest()

    def span(self, phrase: str, extractor: str = "test/1") -> Provenance:
        start = self.text.index(phrase)
        return Provenance(self.id, start, start + len(phrase), extractor)

    def sentence(self, phrase: str) -> tuple[str, Provenance]:
        """The sentence holding ``phrase``: sentences here end with '. '."""
        text = self.text
        at = text.index(phrase)
        start = max(text.rfind(". ", 0, at) + 2, text.rfind("\n", 0, at) + 1, 0)
        end = text.find(".", at) + 1
        return text[start:end], Provenance(self.id, start, end, "statements/1")

    def article(self) -> Article:
        spans = []
        pos = 0
        for p in self.paragraphs:
            spans.append((pos, pos + len(p)))
            pos += len(p) + 2
        return Article(
            document=self.id,
            text=self.text,
            title=self.title,
            url=f"https://{self.outlet.lower().replace(' ', '-')}.example/{self.slug}",
            outlet=self.outlet,
            published=self.published,
            published_precision="day",
            paragraphs=spans,
            chrome=self.chrome,
            extractor="test/1",
        )

    def raw(self) -> RawDocument:
        html = (
            f"<html><head><title>{self.title}</title></head><body><p>{self.text}</p></body></html>"
        )
        return RawDocument(
            id=self.id,
            uri=f"/corpus/{self.slug}.html",
            content=html.encode(),
            media_type="text/html",
            fetched_at=dt.datetime(2024, 5, 1, tzinfo=dt.UTC),
        )


def _mention(
    doc: Doc, phrase: str, type: str, place: Place, date: dt.date, **kw: object
) -> IncidentMention:
    prov = doc.span(phrase, "incidents/1")
    return IncidentMention(
        id=f"{doc.id}:{prov.start}",
        provenance=prov,
        type=type,
        date=date,
        date_precision="day",
        place=place,
        text=phrase,
        **kw,  # type: ignore[arg-type]
    )


def _count(doc: Doc, phrase: str, value: int, qualifier: str = "exact") -> Count:
    return Count(value, qualifier, value, None if qualifier != "exact" else value, doc.span(phrase))  # type: ignore[arg-type]


def _statement(
    doc: Doc,
    phrase: str,
    kind: str,
    speaker: Speaker,
    responsible: Actor | None,
    mention: IncidentMention,
    **kw: object,
) -> Statement:
    text, prov = doc.sentence(phrase)
    return Statement(
        id=f"{doc.id}:{prov.start}",
        kind=kind,
        provenance=prov,
        text=text,
        speaker=speaker,
        responsible=ActorRef(responsible.name, responsible.id) if responsible else None,
        incident=mention.id,
        said_on=doc.published,
        outlet=doc.outlet,
        **kw,  # type: ignore[arg-type]
    )


def documents() -> list[tuple[Doc, list[IncidentMention], list[Statement]]]:
    """Four invented reports of three incidents, one of them carrying hostile markup, and one
    earlier incident a report recalls in passing."""
    cbb, coast, vlf, police = ACTORS
    a = Doc(
        "peshawar-a",
        "Blast at Peshawar market kills 25",
        "Harbor Courier",
        dt.date(2024, 2, 10),
        [
            "A bomb tore through a crowded spice market in Peshawar on Saturday, killing 25 people "
            "and wounding 60 others, police said.",
            "The Crimson Banner Coastal Wing said in a statement posted online that its fighters "
            "carried out the bombing. Police said the Crimson Banner Brigade was probably "
            "behind the attack, citing intercepted calls.",
        ],
        chrome=["Subscribe now", "Most read: Markets rally"],
    )
    b = Doc(
        "peshawar-b",
        "Peshawar market bombing toll rises",
        "Daily Compass",
        dt.date(2024, 2, 11),
        [
            "The toll from the bombing of a spice market in Peshawar rose to at least 27 dead, "
            "hospital officials said on Sunday.",
            "The Valley Liberation Front denied any role in the bombing. A spokesman for the "
            "Crimson Banner Brigade confirmed that its coastal unit had carried out the attack.",
        ],
    )
    c = Doc(
        "maiduguri",
        "Gunmen kill nine near Maiduguri",
        "Eastgate Chronicle",
        dt.date(2024, 3, 6),
        [
            "Gunmen opened fire on a checkpoint outside Maiduguri on Tuesday, killing 9 soldiers, "
            "the army said.",
            "Officials who asked not to be named said the Valley Liberation Front may have been "
            "responsible for the assault.",
            "The army identified one of the dead as Sergeant Musa Bukar.",
            "It was the deadliest attack in the area since gunmen raided a market in Konduga "
            "on June 19, 2022.",
        ],
    )
    d = Doc(
        "kharkiv",
        f"Shelling hits Kharkiv {EVIL}",
        "Meridian Post",
        dt.date(2024, 4, 1),
        [
            "Artillery shelling struck a residential block in Kharkiv on Monday, killing 3 people.",
            f"A resident who posted the markup {EVIL} online said the building shook.",
        ],
        chrome=[f"Promo {EVIL}"],
    )

    ma = _mention(
        a,
        "A bomb tore through",
        "bombing",
        PESHAWAR,
        dt.date(2024, 2, 10),
        killed=_count(a, "25", 25),
        wounded=_count(a, "60", 60),
        weapons=["explosives"],
        targets=["a crowded spice market"],
    )
    mb = _mention(
        b,
        "the bombing of a spice market",
        "bombing",
        PESHAWAR,
        dt.date(2024, 2, 10),
        killed=_count(b, "27", 27, "at_least"),
        weapons=["explosives"],
        targets=["a spice market"],
    )
    mc = _mention(
        c,
        "Gunmen opened fire",
        "armed_assault",
        MAIDUGURI,
        dt.date(2024, 3, 5),
        killed=_count(c, "9", 9),
        weapons=["firearms"],
        targets=["a checkpoint"],
        victims=["Musa Bukar"],
        spans={"victim:0": c.span("Musa Bukar", "incidents/1")},
    )
    recalled = _mention(  # an earlier incident the Maiduguri report recalls in passing
        c,
        "gunmen raided a market in Konduga",
        "armed_assault",
        KONDUGA,
        dt.date(2022, 6, 19),
        is_main=False,
    )
    md = _mention(
        d,
        "Artillery shelling struck",
        "shelling",
        KHARKIV,
        dt.date(2024, 4, 1),
        killed=_count(d, "3", 3),
        weapons=["artillery"],
    )
    group = Speaker(
        "Crimson Banner Coastal Wing",
        "group",
        coast.id,
        provenance=a.span("The Crimson Banner Coastal Wing"),
    )
    sa = [
        _statement(
            a,
            "its fighters carried out",
            "claim",
            group,
            coast,
            ma,
            cue="said",
            evidence=["statement posted online"],
        ),
        _statement(
            a,
            "was probably behind",
            "attribution",
            Speaker("Police", "police", police.id),
            cbb,
            ma,
            cue="said",
            hedge="probably",
            hedge_level="probable",
            evidence=["intercepted calls"],
        ),
    ]
    sb = [
        _statement(
            b,
            "denied any role",
            "denial",
            Speaker("Valley Liberation Front", "group", vlf.id),
            vlf,
            mb,
            cue="denied",
        ),
        _statement(
            b,
            "confirmed that its coastal unit",
            "confirmation",
            Speaker("A spokesman for the Crimson Banner Brigade", "group", cbb.id),
            coast,
            mb,
            cue="confirmed",
        ),
    ]
    sc = [
        _statement(
            c,
            "may have been responsible",
            "attribution",
            Speaker("Officials", "unnamed_official", anonymous=True),
            vlf,
            mc,
            cue="said",
            hedge="may have",
            hedge_level="possible",
        )
    ]
    return [(a, [ma], sa), (b, [mb], sb), (c, [mc, recalled], sc), (d, [md], [])]


def incidents(docs: list[tuple[Doc, list[IncidentMention], list[Statement]]]) -> list[Incident]:
    index = ActorIndex(ACTORS)
    (a, [ma], sa), (b, [mb], sb), (c, [mc, recalled], sc), (d, [md], _) = docs
    peshawar = Incident(
        id="inc-peshawar",
        type="bombing",
        mentions=[ma.id, mb.id],
        articles=[a.id, b.id],
        date=dt.date(2024, 2, 10),
        date_precision="day",
        place=PESHAWAR,
        killed=mb.killed,
        wounded=ma.wounded,
        weapons=["explosives"],
        targets=["a crowded spice market"],
        ledger=build_ledger([*sa, *sb], index),
    )
    maiduguri = Incident(
        id="inc-maiduguri",
        type="armed_assault",
        mentions=[mc.id],
        articles=[c.id],
        date=dt.date(2024, 3, 5),
        date_precision="day",
        place=MAIDUGURI,
        killed=mc.killed,
        weapons=["firearms"],
        targets=["a checkpoint"],
        ledger=build_ledger(sc, index),
        victims=[Victim("Musa Bukar", [mc.id], 1)],
    )
    kharkiv = Incident(
        id="inc-kharkiv",
        type="shelling",
        mentions=[md.id],
        articles=[d.id],
        date=dt.date(2024, 4, 1),
        date_precision="day",
        place=KHARKIV,
        killed=md.killed,
        weapons=["artillery"],
        victims=[Victim(f"Olena [b]Marchenko[/b] {EVIL}", [md.id], 1)],  # hostile, for the views
    )
    konduga = Incident(  # known only from the background mention: not reported as news
        id="inc-konduga",
        type="armed_assault",
        mentions=[recalled.id],
        articles=[c.id],
        date=dt.date(2022, 6, 19),
        date_precision="day",
        place=KONDUGA,
        background=[recalled.id],
    )
    return [peshawar, maiduguri, kharkiv, konduga]


def build(path: Path) -> Pipeline:
    """A Pipeline on a new SQLite database at ``path`` holding the invented reports."""
    return build_at(str(path))


def build_at(db: str) -> Pipeline:
    """A Pipeline on the (empty) database at path or URL ``db`` holding the invented reports."""
    pipe = Pipeline(load_settings(env={}, db=db))
    docs = documents()
    pipe.db.save_actors(ACTORS)
    for doc, mentions, statements in docs:
        pipe.db.save_document(doc.raw(), Extraction(doc.article(), mentions, statements))
    pipe.db.replace_incidents(incidents(docs))
    recovery.record(pipe.db, recovery.mark(pipe.db))  # the incidents are those of this data
    return pipe
