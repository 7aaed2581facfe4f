"""NLP: sentences, entities, time expressions, quantities and places of an Article.

Contract:
- ``Annotator(settings: Settings, actors: Gazetteer)`` loads spaCy once (with an entity ruler
  fed by the actor gazetteer); ``Annotator.annotate(article: Article) -> Annotated``.
- ``dates.resolve(text: str, anchor: date) -> TimeExpression list`` relative to publication.
- ``quantities.find(text: str) -> list[Quantity]``
- ``places.Geocoder().resolve(name, context_countries) -> Place | None``
"""
