"""Records to table rows and back: the indexed columns beside each record's JSON."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Row

from newsblotter.ingest.stories import story_key, title_key
from newsblotter.records import Actor, Article, Attribution, Incident, IncidentMention, Statement
from newsblotter.store.codec import from_dict, to_dict


@lru_cache(maxsize=4)
def text_key(text: str) -> str:
    """``story_key`` of an article's text, computed once: the writer looks the story up
    (``store.copies``) and then stores its key with the article, over the same text."""
    return story_key(text)


def article_row(article: Article, analysed: bool = True) -> dict[str, Any]:
    data = to_dict(article)
    body = data.pop("text")
    return {
        "document": article.document,
        "title": article.title,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "outlet": article.outlet,
        "wire_agency": article.wire_agency,
        "published": article.published,
        "published_precision": article.published_precision,
        "byline": article.byline,
        "dateline": article.dateline,
        "language": article.language,
        "text": body,
        "extractor": article.extractor,
        "analysed": analysed,
        "story_key": text_key(article.text),  # one stored copy per story (store.copies)
        "title_key": title_key(article.title),
        "data": data,
    }


def article_from(row: Row[Any]) -> Article:
    return from_dict(Article, {**row.data, "text": row.text})


def mention_row(document: str, mention: IncidentMention) -> dict[str, Any]:
    return {
        "id": mention.id,
        "document": document,
        "type": mention.type,
        "date": mention.date,
        "country": mention.place.country if mention.place else None,
        "killed": mention.killed.value if mention.killed else None,
        "wounded": mention.wounded.value if mention.wounded else None,
        "is_main": mention.is_main,
        "data": to_dict(mention),
    }


def statement_row(document: str, statement: Statement) -> dict[str, Any]:
    return {
        "id": statement.id,
        "document": document,
        "kind": statement.kind,
        "speaker_kind": statement.speaker.kind,
        "responsible": statement.responsible.id if statement.responsible else None,
        "incident_mention": statement.incident,
        "said_on": statement.said_on,
        "data": to_dict(statement),
    }


def attribution_row(document: str, attribution: Attribution) -> dict[str, Any]:
    return {
        "id": f"{document}:{attribution.cue.start}",
        "document": document,
        "source_kind": attribution.source_kind,
        "source_text": attribution.source_text,
        "cue_text": attribution.cue_text,
        "data": to_dict(attribution),
    }


def actor_row(actor: Actor, default_document: str | None = None) -> dict[str, Any]:
    introduced = actor.introduced_by.document if actor.introduced_by else default_document
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "parent": actor.parent,
        "country": actor.country,
        "introduced_by": introduced,
        "data": to_dict(actor),
    }


def incident_row(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "type": incident.type,
        "date": incident.date,
        "date_precision": incident.date_precision,
        "country": incident.place.country if incident.place else None,
        "killed": incident.killed.value if incident.killed else None,
        "wounded": incident.wounded.value if incident.wounded else None,
        "data": to_dict(incident),
    }
