"""The general attribution layer: who (source) said (cue) what (content), in every article.

``find_attributions(doc)`` is the trained model (``layer.py``, ``model.py``); the hand-written
rules it replaced stay in ``rules.py`` (``find_rule_attributions``) for comparison."""

from newsblotter.statements.attribution.layer import find_attributions, layer_and_checked
from newsblotter.statements.attribution.raw import RawAttribution
from newsblotter.statements.attribution.rules import find_rule_attributions

__all__ = ["RawAttribution", "find_attributions", "find_rule_attributions", "layer_and_checked"]
