"""Web: server-rendered pages (Jinja2, autoescaped) over ``newsblotter.api.Service``.

Pages: ``/`` incident list with filters and sorting, ``/incidents/{id}`` facts, agreement
across sources, ledger by candidate with each quoted sentence highlighted in its paragraph,
and a timeline; ``/map`` (Leaflet over a Natural Earth basemap shipped in ``static/vendor``);
``/actors`` and ``/actors/{id}``; ``/articles/{document}`` with every extracted value
highlighted at its span. Readable without JavaScript; article text is always escaped.
"""
