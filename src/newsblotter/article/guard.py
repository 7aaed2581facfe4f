"""Never lose the story: the model's blocks are checked against the other candidates.

The block model can fail on a page unlike any it was trained on (a story split over odd
containers, a layout it reads as a menu). Two shape checks catch that without knowing the
site: when what the model kept holds far less running prose than the rule-built candidate or
the page's JSON-LD ``articleBody``, the candidate with more prose is taken; and a result
that is mostly links and no prose (navigation) is never returned as the story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsblotter.article.blocks import Block
from newsblotter.article.candidates import RuleCandidates
from newsblotter.article.lines import line_of

SHORT = 0.5  # kept prose below this share of another candidate's prose: take that one
_MIN_PROSE_SHARE = 0.3  # below this share of prose characters, a text is not a story...
_MAX_LINK_SHARE = 0.5  # ...and with this share of link text, it is navigation
_MIN_ALTERNATIVE = 400  # characters of prose an alternative needs to be worth taking


@dataclass(frozen=True, slots=True)
class Story:
    paragraphs: list[str]
    source: str  # "model", "rules" or "jsonld"
    navigation: bool = False


def _prose(paragraphs: Sequence[str]) -> tuple[int, int]:
    """(characters, characters in prose lines) of a candidate."""
    chars = prose = 0
    for paragraph in paragraphs:
        for text in paragraph.split("\n"):
            line = line_of(text)
            chars += len(text)
            prose += len(text) if line.prose else 0
    return chars, prose


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def guarded(
    kept: Sequence[Block], kept_prose: Sequence[bool], rules: RuleCandidates, jsonld: str
) -> Story:
    """The model's story, or a candidate with clearly more prose; flags mere navigation.

    ``kept_prose`` says which kept blocks read as running prose (a feature already computed).
    """
    chosen = Story([block.text for block in kept], "model")
    chars = sum(block.chars for block in kept)
    prose = sum(block.chars for block, is_prose in zip(kept, kept_prose, strict=True) if is_prose)
    for option in (Story(rules.chosen.texts(), "rules"), Story(_paragraphs(jsonld), "jsonld")):
        ceiling = sum(len(p) for p in option.paragraphs)  # its prose cannot exceed its length
        if ceiling < max(_MIN_ALTERNATIVE, prose / SHORT):
            continue
        alt_chars, alt_prose = _prose(option.paragraphs)
        better = alt_prose >= _MIN_ALTERNATIVE and prose < SHORT * alt_prose
        if better and alt_prose >= _MIN_PROSE_SHARE * alt_chars:
            chosen, chars, prose = option, alt_chars, alt_prose
    if not chosen.paragraphs:
        return Story([], chosen.source, navigation=False)
    links = sum(block.link_chars for block in kept) if chosen.source == "model" else 0
    if prose < _MIN_PROSE_SHARE * chars and links >= _MAX_LINK_SHARE * chars:
        return Story(chosen.paragraphs, chosen.source, navigation=True)
    return chosen
