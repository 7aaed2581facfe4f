"""Hostile pages of our own writing: bad characters, failing extractors, navigation, JSON-LD."""

from __future__ import annotations

import json

import pytest

import newsblotter.article.candidates as candidates
from newsblotter.article import NoArticle, extract_html, extract_text
from newsblotter.article.markup import _NOT_XML, json_ld_body, parse_page, safe_markup

STORY = [
    "LAGOS, Nigeria (AP) — Armed men stormed a bus depot on the edge of the city late on "
    "Sunday, setting three coaches on fire and injuring a guard, a police spokeswoman said.",
    "The attackers arrived on motorcycles shortly before midnight and fled before officers "
    "reached the depot, according to the spokeswoman, who said no arrests had been made.",
    "Drivers at the depot said the same company had received threatening letters in recent "
    "weeks, after a dispute over the routes it runs to the northern suburbs of the city.",
    "The state governor ordered an inquiry and promised extra patrols around transport hubs "
    "until the people behind the attack have been found and brought before a court.",
]


def news_page(main: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head>
<title>Gunmen burn coaches at city bus depot | The Harbour Post</title>
<meta property="og:title" content="Gunmen burn coaches at city bus depot">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main>{main}</main>
<aside><h3>Most read</h3><ul><li><a href="/x">Port strike enters its second week</a></li>
<li><a href="/y">New ferry line opens to the islands</a></li></ul></aside>
<footer><p>© 2024 The Harbour Post</p></footer></body></html>"""


def article_body() -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in STORY)
    return f"<article><h1>Gunmen burn coaches at city bus depot</h1>\n{paragraphs}</article>"


def test_control_characters_and_nul_bytes_are_removed_before_parsing() -> None:
    assert safe_markup("a\x00b\x01c\x0bd\x1fe\x7ff\ud800g\th\ni") == "abcdefg\th\ni"


def test_what_trafilatura_strips_before_parsing_safe_markup_has_stripped() -> None:
    # parse_page leaves out trafilatura's INVALID_XML_CHARS pass on the strength of this
    from trafilatura.utils import INVALID_XML_CHARS

    invalid = [chr(c) for c in range(0x110000) if INVALID_XML_CHARS.match(chr(c))]
    assert invalid and all(_NOT_XML.match(c) for c in invalid)


@pytest.mark.parametrize(
    "page",
    [
        "<!DOCTYPE html/><html><body><p>One</p><p>Two</p></body></html>",
        "<!doctype html>\n<html/>\n<body><p>Broken root</p></body>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>Declared</p></body></html>',
        "<p>a fragment alone</p>",
        "<div><p>no html tag</p></div><div>but two blocks</div>",
        "<html><body><p>Control\x00 and\x0c characters\ufffe</p></body></html>",
        "plain words, no markup at all",
    ],
)
def test_parse_page_parses_as_trafilatura_does(page: str) -> None:
    from lxml.html import tostring
    from trafilatura import load_html

    ours, theirs = parse_page(page), load_html(safe_markup(page))
    assert (ours is None) == (theirs is None)
    if ours is not None and theirs is not None:
        assert tostring(ours) == tostring(theirs)


def test_a_page_full_of_control_characters_keeps_its_story() -> None:
    # every space of the story turned into a control character or NUL byte, and a lone
    # surrogate such as a broken decoder leaves behind
    dirty = [p.replace(" the ", " the\x00 ").replace(",", ",\x08") + "\ud83d" for p in STORY]
    body = "".join(f"<p>{p}\x0c</p>\x1b\n" for p in dirty)
    article = extract_html(news_page(f"<article>{body}</article>"), "doc-dirty")
    assert [article.text[a:b] for a, b in article.paragraphs] == STORY


def test_mojibake_from_a_wrong_encoding_does_not_crash() -> None:
    broken = [p.encode("utf-8").decode("latin-1") for p in STORY]
    page = news_page("<article>" + "".join(f"<p>{p}</p>" for p in broken) + "</article>")
    article = extract_html(page, "doc-mojibake")
    assert [article.text[a:b] for a, b in article.paragraphs] == broken


def test_control_characters_in_scraped_text() -> None:
    text = "Gunmen burn coaches at city bus depot\x00\n\n" + "\n\n".join(p + "\x07" for p in STORY)
    article = extract_text(text, "doc-text-dirty")
    assert [article.text[a:b] for a, b in article.paragraphs] == STORY
    assert article.title == "Gunmen burn coaches at city bus depot"


def _raise(*_args: object, **_kwargs: object) -> object:
    raise ValueError("All strings must be XML compatible")


def test_readability_failing_does_not_lose_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "ReadabilityDocument", _raise)
    monkeypatch.setattr(candidates, "_needs_second_opinion", lambda *_: True)
    article = extract_html(news_page(article_body()), "doc-no-readability")
    assert [article.text[a:b] for a, b in article.paragraphs] == STORY


def test_trafilatura_failing_does_not_lose_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "_extract", _raise)
    article = extract_html(news_page(article_body()), "doc-no-trafilatura")
    assert article.text.startswith("LAGOS, Nigeria (AP) — Armed men")
    assert article.text.endswith("brought before a court.")


_TEASERS = "".join(
    f'<div class="teaser"><span>Another story number {i} about the harbour, the port and the'
    " city council meeting that went on late</span></div>"
    for i in range(40)
)


@pytest.mark.parametrize(
    ("page", "stages"),
    [
        (news_page(article_body()), ["bound"]),
        (  # short next to the page: the page text is read and the recall retry runs
            news_page(f"<article><p>{STORY[0]}</p><p>{STORY[1]}</p></article>{_TEASERS}"),
            ["bound", "html2txt", "_recall_retry"],
        ),
        (  # too short: the backup tree and the baseline are read
            news_page(f"<p>{STORY[0][:120]}</p>"),
            ["recover_wild_text", "baseline", "bound"],
        ),
        (news_page("".join(f"<div>{p}</div>" for p in STORY)), ["bound"]),
        (news_page("<div>" + "<br>".join(STORY) + "</div>"), ["bound"]),
        ("<html><body></body></html>", ["recover_wild_text", "baseline"]),
    ],
)
def test_trafilatura_body_is_bare_extractions(
    page: str, stages: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from lxml.etree import strip_elements, tostring
    from trafilatura import bare_extraction

    from newsblotter.article.html import _NEVER_TEXT

    tree = parse_page(page)
    assert tree is not None
    strip_elements(tree, *_NEVER_TEXT, with_tail=True)
    document = bare_extraction(
        tree, fast=True, include_comments=False, with_metadata=False, output_format="xml"
    )
    ran: list[str] = []
    for name in ("html2txt", "_recall_retry", "baseline", "recover_wild_text"):
        stage = getattr(candidates, name)
        monkeypatch.setattr(
            candidates, name, lambda *a, _s=stage, _n=name: ran.append(_n) or _s(*a)
        )
    bound = candidates._page_text_at_most
    monkeypatch.setattr(candidates, "_page_text_at_most", lambda t: ran.append("bound") or bound(t))
    before = tostring(tree)
    ours = candidates._trafilatura_body(tree)
    assert tostring(tree) == before
    assert ran == stages
    if document is None:
        assert ours is None
    else:
        assert ours is not None
        assert tostring(ours) == tostring(document.body)


def test_a_page_of_menus_is_no_article() -> None:
    links = "".join(
        f'<li><a href="/s/{i}">Section number {i} of the site</a></li>' for i in range(40)
    )
    page = f"<html><body><div class='content'><ul>{links}</ul></div></body></html>"
    with pytest.raises(NoArticle, match="doc-menu"):
        extract_html(page, "doc-menu")


def _json_ld_page(body: str, teaser: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@graph": [{"@type": "NewsArticle", "articleBody": body}],
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    return news_page(f"{script}<article><p>{teaser}</p></article>")


def test_json_ld_body_is_read_from_a_graph() -> None:
    from trafilatura import load_html

    tree = load_html(_json_ld_page("First.\nSecond.", "Teaser."))
    assert json_ld_body(tree) == "First.\nSecond."
    broken = load_html('<html><head><script type="application/ld+json">{"articleBody": </script>')
    assert json_ld_body(broken) == ""


def test_story_only_in_json_ld_is_not_lost() -> None:
    # the page shows one teaser sentence (the rest behind a script-loaded reader); its
    # JSON-LD states the whole story
    teaser = "Read the full report of the depot attack in our app, updated through the day."
    article = extract_html(_json_ld_page("\n".join(STORY), teaser), "doc-jsonld")
    assert [article.text[a:b] for a, b in article.paragraphs] == STORY


# Elements that each of trafilatura's filters keeps or leaves, attribute order included
# (``re:test(@id|@class, ...)`` reads the first of the two on the page).
_FILTERED = """<html><body><div id="x">
<div class="comment-list" id="a1"><p>c</p></div><ol class="comments"><li>x</li></ol>
<ul id="comment-7"><li>y</li></ul><section class="mvp-post-add-box"><h1>t</h1></section>
<div class="infinite-scroll"><h1>t</h1></div><aside id="infinitescroll"><p>n</p></aside>
<div class="elementor-share-buttons x"></div><div class="post">a</div><div class="entry"></div>
<main itemprop="articleBody"></main><article id="article-body"></article>
<section class="FullText"></section><div class="article "></div><div id="primary-x"></div>
<div class="content-main"></div><div id="Main-Content"></div><div class="Page-Content"></div>
<section role="main-x"></section><div role="Navigation"></div><span class="a cookie"></span>
<p id="cookie" class="x"></p><p class="x" id="cookie"></p><div data-lp-replacement-content="">
</div><div data-component="MostPopularStories"></div><item id="share-bar"></item>
<list class="sidebar-ad"></list><div class=" ad "></div><div class="dfpAd"></div>
<b class="comments-title"></b><i id="reply-3" class="q"></i><i class="reply-3" id="q"></i>
<em id="x" style="hidden"></em><em style="hidden" id="x"></em><u style="display: none"></u>
<u style="display:none"></u><s id="akismet-1"></s><s class="note hidden"></s>
<s aria-hidden="true"></s><s aria-hidden="false"></s><div id="image-caption"></div>
<p class="Teaser-box"></p><div id="bigTeaser"></div><div class="story">s</div><main></main>
<o:p class="sidebar">word</o:p><div class="post-list"><list class="related">r</list></div>
</div></body></html>"""


def test_trafilatura_filters_in_python_keep_what_the_xpath_keeps() -> None:
    from newsblotter.article import elementfilters as filters

    tree = parse_page(_FILTERED)
    assert tree is not None
    converted = candidates._converted(tree)
    for tests in (filters.RAW_TESTS, filters._SECTION_TESTS):
        for subject in (tree, converted):
            expected = [list(expression(subject)) for expression in tests._expressions]
            assert tests.select(subject) == expected
            assert subject is converted or all(expected)  # the page exercises every filter
    for subject in (tree, converted):
        for index, expression in enumerate(filters.BODY_TESTS._expressions):
            expected = next(iter(expression(subject)), None)
            assert filters.BODY_TESTS.first(subject, index) is expected


@pytest.mark.parametrize(
    "path",
    [
        ".//*[position() > 2]",  # a function not read
        ".//*[self::div]/p",  # a second step
        ".//*[ancestor::nav]",  # another axis
        ".//*[contains(@class, @id)]",  # an element's value where a literal goes
        "(.//p)[2]",  # another position than the first
    ],
)
def test_trafilatura_filters_refuse_what_they_do_not_read(path: str) -> None:
    from lxml.etree import XPath

    from newsblotter.article.elementfilters import ElementTests

    with pytest.raises(ValueError, match=r"."):
        ElementTests([XPath(path)])


def test_the_trafilatura_code_mirrored_here_is_of_the_pinned_version() -> None:
    """article.elementfilters mirrors trafilatura 2.3.1's _extract and reads its XPath
    filters; another version must be checked against it first (pyproject pins 2.3.1)."""
    from importlib.metadata import version

    assert version("trafilatura") == "2.3.1"
