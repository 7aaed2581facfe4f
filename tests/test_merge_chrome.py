"""Pages that lost their story to page chrome: judged by their headline alone."""

from __future__ import annotations

import datetime as dt

from newsblotter.merge import merge
from newsblotter.merge.text import lost_story
from newsblotter.records import Article

SIGN_IN = (
    "Thanks for signing up! Check your inbox to confirm your subscription to the morning "
    "briefing. Already a subscriber? Log in with the email address on your account to keep "
    "reading, or manage your delivery preferences, billing details and newsletter topics at "
    "any time from the account page. Questions? Our reader services desk is open weekdays."
)
BAKERY = "Two men wounded in shooting outside Harlow Street bakery"
DAM = "Teenager charged after gunfire near Millbrook reservoir dam"


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
