"""The extraction models' parts: block segmentation, labels, folds, tree inference, weights."""

from __future__ import annotations

import json

import numpy as np
import pytest
from trafilatura import load_html

from newsblotter.article.blocks import CUES, page_blocks
from newsblotter.article.features import (
    FEATURES,
    Claims,
    key_windows,
    number_windows,
    shingles,
    token_list,
)
from newsblotter.article.forest import MODEL_DIR, Forest, from_lightgbm, load
from newsblotter.article.linefeatures import LINE_FEATURES
from newsblotter.train.article import folds_by_group, labels_for


def test_blocks_follow_block_elements_and_count_link_text() -> None:
    tree = load_html(
        "<html><body><div class='story-body'>Opening words <b>in bold</b>"
        "<p>A paragraph with <a href='/x'>a link</a> inside.</p>tail text"
        "<ul class='related'><li><a href='/y'>Other story</a></li></ul>"
        "<p>Line one<br>line two</p></div></body></html>"
    )
    blocks, frames = page_blocks(tree)
    assert [(b.text, b.link_chars, frames[b.frame].tag) for b in blocks] == [
        ("Opening words in bold", 0, "div"),
        ("A paragraph with a link inside.", 6, "p"),
        ("tail text", 0, "div"),
        ("Other story", 11, "li"),
        ("Line one\nline two", 0, "p"),
    ]
    content = 1 << [name for name, _, _ in CUES].index("content")
    related = 1 << [name for name, _, _ in CUES].index("related")
    assert frames[blocks[1].frame].bits & content
    assert frames[blocks[3].frame].bits & related
    assert not frames[blocks[1].frame].bits & related


def test_claims_credit_a_repeated_text_to_its_first_copy() -> None:
    story = "the council met on monday and voted to close the old bridge for repairs"
    claims = Claims(story + " Home")
    tokens = token_list(story)
    assert claims.claim(tokens) == 1.0
    assert claims.claim(tokens) == 0.0  # the second copy on the page
    assert claims.claim(["Home"]) == 1.0
    assert claims.claim(["Home"]) == 0.0
    assert claims.claim(["Sport"]) == 0.0


_CANDIDATE = "a b c d e f a b c d e f g h i j x y z w the end of it all here"
_BLOCKS = [
    "a b c d e f",  # held
    "a b c d e f",  # held again (the candidate has it twice)
    "a b c d e f",  # a third copy: no longer held
    "e f g h e f g h",  # a window twice in one block, held once
    "g h i j k l m",  # partly held
    "q r s t u",  # not held
    "the end",  # short
    "z w the end of",  # held; its tokens also end and start other blocks' windows
]
_HELD = [1.0, 1.0, 0.0, 0.2, 0.25, 0.0, 1.0, 1.0]


def test_claims_of_numbered_shingles_are_the_claims_of_shingles() -> None:
    tokens = [token_list(b) for b in _BLOCKS]
    windows = [shingles(t) for t in tokens]
    numbered, numbers = number_windows(windows)
    assert numbered[0] == numbered[1] and len(numbers) < sum(map(len, windows))
    plain, by_number = Claims(_CANDIDATE), Claims(_CANDIDATE, numbers)
    assert [plain.claim(t, w) for t, w in zip(tokens, windows, strict=True)] == _HELD
    assert [by_number.claim(t, w) for t, w in zip(tokens, numbered, strict=True)] == _HELD


def test_claims_of_keyed_shingles_are_the_claims_of_shingles() -> None:
    tokens = [token_list(b) for b in _BLOCKS]
    keyed = key_windows(tokens)
    assert keyed is not None
    windows, vocabulary = keyed
    assert [len(w) for w in windows] == [3, 3, 3, 5, 4, 2, 0, 2]
    assert windows[0] == windows[1] and windows[3][0] == windows[3][4]
    by_key = Claims(_CANDIDATE, vocabulary=vocabulary)
    assert [by_key.claim(t, w) for t, w in zip(tokens, windows, strict=True)] == _HELD


def test_a_page_of_too_many_distinct_tokens_is_numbered_by_shingle() -> None:
    tokens = [[f"w{i}" for i in range(40_000)]]
    assert key_windows(tokens) is None
    assert key_windows([tokens[0][:100]]) is not None


def test_labels_mark_story_blocks_once() -> None:
    truth = "The council met on Monday and voted to close the old bridge.\n\nRepairs start soon."
    blocks = [
        "Home",
        "The council met on Monday and voted to close the old bridge.",
        "Repairs start soon.",
        "The council met on Monday and voted to close the old bridge.",
        "Sign up for our newsletter to get the news in your inbox every day.",
    ]
    assert labels_for(blocks, truth).tolist() == [0, 1, 1, 0, 0]


def test_folds_keep_a_publisher_together_and_are_balanced() -> None:
    groups = ["a"] * 5 + ["b"] * 3 + ["c"] * 3 + ["d"] * 2 + ["e"] * 2 + ["f"]
    folds = folds_by_group(groups)
    by_group = {g: {f for g2, f in zip(groups, folds, strict=True) if g2 == g} for g in groups}
    assert all(len(f) == 1 for f in by_group.values())
    assert sorted(folds.count(f) for f in range(5)) == [2, 3, 3, 3, 5]  # "a" alone holds 5
    assert folds == folds_by_group(groups)


def test_numpy_trees_agree_with_lightgbm() -> None:
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 5)).astype(np.float32)
    y = ((x[:, 0] + x[:, 1] * x[:, 2]) > 0).astype(int)
    params = {"objective": "binary", "num_leaves": 7, "verbose": -1, "seed": 1}
    booster = lightgbm.train(params, lightgbm.Dataset(x, label=y), num_boost_round=20)
    names = tuple(f"f{i}" for i in range(5))
    forest = from_lightgbm(booster.dump_model(), names, 0.5)
    np.testing.assert_allclose(forest.probability(x), booster.predict(x), rtol=1e-6)
    again = Forest.from_json(json.loads(json.dumps(forest.to_json())))
    np.testing.assert_allclose(again.probability(x), forest.probability(x))


def test_shipped_weights_match_the_feature_lists() -> None:
    assert load("html", FEATURES).features == FEATURES
    assert load("text", LINE_FEATURES).features == LINE_FEATURES
    meta = json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))
    assert meta["command"] == "python -m newsblotter.train.article"
    sizes = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert sizes < 20_000_000


def test_a_line_kept_alone_needs_a_surer_probability() -> None:
    from newsblotter.article.text import analyse_text, keep_lines

    page = analyse_text(
        "The council met on Tuesday to discuss the new bridge over the river.\n"
        "Members argued for two hours about the cost of the steel it would need.\n"
        "Weather for the weekend looks dry with light winds from the west.\n"
        "A reader wrote in to say the parking rules near the market are unclear.\n"
        "Our crossword returns next week with a theme chosen by the readers.\n"
        "The bridge is due to open in the spring of next year if funds allow.\n"
    )
    assert [row.kind for row in page.rows] == ["story"] * 6
    probability = np.array([0.9, 0.55, 0.2, 0.55, 0.2, 0.65])
    kept = keep_lines(page, probability, 0.5)
    # the second row leans on the first; the fourth is alone and unsure; the last is alone
    # but sure enough
    assert kept.tolist() == [True, True, False, False, False, True]
    assert keep_lines(page, probability, 0.7).tolist() == [True, False, False, False, False, False]


def test_kept_alone_looks_as_far_as_its_reach() -> None:
    from newsblotter.article.features import kept_alone

    keep = np.array([1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 1], dtype=bool)
    assert np.flatnonzero(kept_alone(keep, 1)).tolist() == [0, 3, 5]
    assert np.flatnonzero(kept_alone(keep, 2)).tolist() == [0]
    assert np.flatnonzero(kept_alone(keep, 3)).tolist() == []
    assert kept_alone(np.zeros(0, dtype=bool), 2).tolist() == []


def test_kept_between_finds_the_gaps_of_one_row() -> None:
    from newsblotter.article.features import kept_between

    keep = np.array([1, 0, 1, 0, 0, 1, 1, 0], dtype=bool)
    assert np.flatnonzero(kept_between(keep)).tolist() == [1]
    assert kept_between(np.ones(3, dtype=bool)).tolist() == [False, False, False]
    assert kept_between(np.zeros(0, dtype=bool)).tolist() == []


def test_a_block_between_two_kept_ones_needs_less() -> None:
    from newsblotter.article.html import analyse_html, keep_blocks

    paragraph = (
        "The council voted on Tuesday night to rebuild the old stone bridge over the river, "
        "after members argued for two hours about the cost of the steel it would need."
    )
    monday, new = paragraph.replace("Tuesday", "Monday"), paragraph.replace("old", "new")
    sign_up = "Sign up for our morning newsletter to get the top stories."
    late = paragraph.replace("river", "canal")
    page = analyse_html(
        "<html><body><article>"
        f"<p>{paragraph}</p><h2>Costs rise</h2><p>{monday}</p>"
        f"<h3>Next steps</h3><h3>Share this</h3><p>{new}</p><p>{sign_up}</p><p>{late}</p>"
        "</article></body></html>"
    )
    assert page is not None
    assert [block.text for block in page.blocks] == [
        paragraph,
        "Costs rise",
        monday,
        "Next steps",
        "Share this",
        new,
        sign_up,
        late,
    ]
    probability = np.array([0.9, 0.35, 0.9, 0.35, 0.2, 0.9, 0.45, 0.9])
    kept = keep_blocks(page, probability, 0.5)
    # the subheading between two kept paragraphs is kept; two unsure blocks in a row are not,
    # nor a sign-up pitch however it sits
    assert kept.tolist() == [True, True, True, False, False, True, False, True]
    probability[1] = 0.25
    assert keep_blocks(page, probability, 0.5).tolist() == [
        True,
        False,
        True,
        False,
        False,
        True,
        False,
        True,
    ]
