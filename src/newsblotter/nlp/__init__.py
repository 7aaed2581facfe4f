"""NLP: sentences, entities, time expressions, quantities and places of an Article.

Contract:
- ``Annotator(settings: Settings, actor_patterns: list[dict] | None = None)`` loads spaCy once
  (with an entity ruler fed EntityRuler pattern dicts from the actor gazetteer: label
  "ACTOR", id = actor id); ``Annotator.annotate(article: Article) -> Annotated`` and
  ``Annotator.annotate_many(articles) -> Iterator[Annotated]`` (batched, order kept).
- ``dates.resolve(text: str, anchor: date | None) -> list[TimeExpression]`` relative to
  publication (a weekday is the most recent such day on or before ``anchor``).
- ``quantities.find(text: str) -> list[Quantity]`` counts with hedges and implied bounds.
- ``places.Geocoder().resolve(name, context_countries) -> Place | None`` offline, GeoNames.
- ``locate.locate(doc, geocoder, dateline) -> list[PlaceMention]`` place mentions of a Doc.
"""

from newsblotter.nlp.annotator import EXTRACTOR, Annotator
from newsblotter.nlp.places import Geocoder

__all__ = ["EXTRACTOR", "Annotator", "Geocoder"]
