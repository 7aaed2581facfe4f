"""Pages that lost their story to page chrome: judged by their headline alone."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge import merge
from newsblotter.merge.cluster import Clusterer
from newsblotter.merge.reports import Report
from newsblotter.merge.text import Vocabulary, lost_story, tokens
from newsblotter.records import Article

SIGN_IN = (
    "Thanks for signing up! Check your inbox to confirm your subscription to the morning "
    "briefing. Already a subscriber? Log in with the email address on your account to keep "
    "reading, or manage your delivery preferences, billing details and newsletter topics at "
    "any time from the account page. Questions? Our reader services desk is open weekdays."
)
BAKERY = "Two men wounded in shooting outside Harlow Street bakery"
DAM = "Teenager charged after gunfire near Millbrook reservoir dam"
STORY = (
    "A nine-year-old boy died on Saturday evening after he was shot at his family's home in "
    "Millbrook. Deputies said a handgun kept in a bedroom drawer went off while the children "
    "were playing. The boy was taken to the county hospital, where he died. No charges had "
    "been filed by Sunday, and the sheriff's office said the inquiry would take several "
    "weeks. Neighbours gathered outside the house to leave flowers. His teacher described a "
    "cheerful pupil who loved football and drawing; the school opened its library on Monday "
    "for pupils who wanted to talk with counsellors."
)


def page(doc: str, title: str, text: str, day: int) -> Article:
    return Article(document=doc, text=text, title=title, published=dt.date(2023, 5, day))


def test_a_page_without_any_headline_word_has_lost_its_story() -> None:
    assert lost_story(BAKERY, SIGN_IN)
    story = "Two men were wounded on Harlow Street on Tuesday when shots were fired at a bakery."
    assert not lost_story(BAKERY, story)
    # a story that words its headline differently still shares a name with it
    assert not lost_story(BAKERY, "Gunfire hit a shop front in Harlow late on Tuesday.")
    assert not lost_story("Shots fired", SIGN_IN)  # too short a headline to judge by
    assert not lost_story(None, SIGN_IN)


def test_two_chrome_pages_of_different_stories_stay_apart() -> None:
    a = page("a", BAKERY, SIGN_IN, 2)
    b = page("b", DAM, SIGN_IN, 3)
    result = merge([a, b], [])
    assert result.homes["a"] != result.homes["b"]
    assert result.copies["b"].copy_of is None  # the same chrome is not a syndicated copy


def test_the_same_chrome_with_one_headline_still_merges() -> None:
    a = page("a", BAKERY, SIGN_IN, 2)
    b = page("b", BAKERY, SIGN_IN + " ", 2)
    result = merge([a, b], [])
    assert result.homes["a"] == result.homes["b"]


def test_a_chrome_page_is_held_against_the_other_headline() -> None:
    """A headline against a whole story scores low even when both tell one shooting; a page
    that lost its story is also held against the story's headline, like with like."""
    vocab = Vocabulary()
    texts = [STORY, SIGN_IN, *(f"{t} man dies after shooting" for t in ("Ashby", "Carlow"))]
    for text in texts:
        vocab.add(tokens(text))
    title = "Millbrook boy, 9, dies after accidental shooting at home"
    chrome_title = "Millbrook boy dies after accidental shooting"
    story = Report(
        "s",
        "story",
        dt.date(2023, 5, 2),
        vector=vocab.vector(tokens(STORY)),
        headline=vocab.vector(tokens(title)),
    )
    lost = vocab.vector(tokens(chrome_title))
    chrome = Report("c", "chrome", dt.date(2023, 5, 3), vector=lost, headline=lost, lost=True)
    unflagged = Report("u", "page", dt.date(2023, 5, 3), vector=lost, headline=lost)
    clusterer = Clusterer()
    home = clusterer.add(story)
    joined, kept_apart = clusterer.score(chrome, home), clusterer.score(unflagged, home)
    assert joined is not None and kept_apart is not None
    assert kept_apart < clusterer.params.threshold <= joined
