"""HTML mode and the stage entry point, on pages written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from newsblotter.article import NoArticle, extract, extract_html
from newsblotter.config import Settings
from newsblotter.records import RawDocument

STORY = [
    "KABUL, Afghanistan (AP) — A bomb hidden in a parked motorcycle exploded near a busy "
    "market in the eastern city of Jalalabad on Monday, killing four people and wounding "
    "eleven, a provincial spokesman said.",
    "The blast happened shortly after noon, when the market was crowded with shoppers buying "
    "food ahead of the holiday, according to the spokesman, who said the toll could rise.",
    "No group immediately claimed responsibility. Police cordoned off the area and began "
    "questioning shopkeepers who had seen the motorcycle being parked earlier in the morning.",
    "The city has seen several smaller attacks this year, most of them aimed at checkpoints "
    "on the roads leading out of town.",
]


def news_page(body: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en-US"><head>
<title>Market bomb kills four in eastern city | The Valley Ledger</title>
<meta property="og:title" content="Market bomb kills four in eastern city">
<meta property="og:site_name" content="The Valley Ledger">
<meta property="article:published_time" content="2024-03-04T13:20:00Z">
<meta name="author" content="Rahim Sadat">
<link rel="canonical" href="https://ledger.example/world/market-bomb-4">
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<main>{body}</main>
<aside><h3>Related</h3><ul>
<li><a href="/a">Council approves budget for new clinic</a></li>
<li><a href="/b">Floods close mountain pass for a week</a></li></ul></aside>
<footer><p>© 2024 The Valley Ledger. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/terms">Terms of use</a></p></footer>
</body></html>"""


def article_body() -> str:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in STORY)
    return f"""<article>
<h1>Market bomb kills four in eastern city</h1>
<figure><img src="/img/market.jpg" alt="">
<figcaption>Police inspect the site of the blast in Jalalabad, March 4, 2024.
(AP Photo/Noor Ali)</figcaption></figure>
{paragraphs}
<p>Sign up for our free newsletter to get the morning headlines in your inbox.</p>
</article>"""


def test_news_page_body_metadata_and_captions() -> None:
    article = extract_html(news_page(article_body()), "doc-1", "https://ledger.example/x")
    assert article.title == "Market bomb kills four in eastern city"
    assert article.outlet == "The Valley Ledger"
    assert article.canonical_url == "https://ledger.example/world/market-bomb-4"
    assert article.url == "https://ledger.example/x"
    assert article.published == dt.date(2024, 3, 4)
    assert article.published_precision == "day"
    assert article.byline == "Rahim Sadat"
    assert article.language == "en"
    assert article.wire_agency == "AP"
    assert article.dateline == "Kabul, Afghanistan"
    assert article.text.startswith("KABUL, Afghanistan (AP) — A bomb")
    assert article.text.endswith("on the roads leading out of town.")
    for chrome in ("Home", "Council approves", "Privacy policy", "newsletter", "All rights"):
        assert chrome not in article.text
    assert any("AP Photo/Noor Ali" in c for c in article.captions)
    assert any("newsletter" in line for line in article.chrome)
    assert [article.text[a:b] for a, b in article.paragraphs] == STORY
    assert article.extractor.startswith("article.html/")


def test_headline_inside_the_article_is_not_body() -> None:
    article = extract_html(news_page(article_body()), "doc-1")
    assert "Market bomb kills four" not in article.text


def test_story_split_over_sibling_containers_is_kept_whole() -> None:
    # Some sites cut a story into chunks with ad slots between them; all chunks are story.
    chunks = "".join(
        f'<div class="grid"><div class="body chunk"><p>{p}</p></div>'
        f'<div class="ad-slot"><p>Advertisement</p></div></div>\n'
        for p in STORY
    )
    html = news_page(f'<div class="article"><div class="chunks">{chunks}</div></div>')
    article = extract_html(html, "doc-chunks")
    for paragraph in STORY:
        assert paragraph in article.text
    assert "Advertisement" not in article.text


def test_reuters_credit_line_is_chrome_and_names_the_agency() -> None:
    body = "".join(f"<p>{p}</p>" for p in STORY[1:]) + (
        "<p>(Reporting by Sami Noor; Editing by Ken Holt)</p>"
    )
    article = extract_html(news_page(f"<article>{body}</article>"), "doc-credit")
    assert article.wire_agency == "Reuters"
    assert "Reporting by" not in article.text
    assert any("Reporting by" in line for line in article.chrome)


def raw(media_type: str, uri: str = "https://ledger.example/page") -> RawDocument:
    return RawDocument(
        id="abc123",
        uri=uri,
        content=b"",
        media_type=media_type,
        fetched_at=dt.datetime(2024, 3, 5, tzinfo=dt.UTC),
    )


def test_extract_dispatches_html_and_keeps_the_url() -> None:
    article = extract(raw("text/html; charset=utf-8"), news_page(article_body()), Settings())
    assert article.document == "abc123"
    assert article.url == "https://ledger.example/page"
    assert article.wire_agency == "AP"


def test_extract_dispatches_plain_text() -> None:
    text = "Market bomb kills four in eastern city\n\n" + "\n\n".join(STORY)
    article = extract(raw("text/plain", uri="/data/page.txt"), text, Settings())
    assert article.extractor.startswith("article.text/")
    assert article.url is None  # a file path is not a URL
    assert article.text.endswith("on the roads leading out of town.")


def test_short_html_story_is_no_article() -> None:
    html = news_page("<article><p>Police said a man was arrested.</p></article>")
    with pytest.raises(NoArticle, match=r"^https://ledger\.example/page: .*too short"):
        extract(raw("text/html"), html, Settings(min_article_chars=200))


def test_empty_or_odd_inputs_are_no_article() -> None:
    with pytest.raises(NoArticle, match=r"https://ledger\.example/page"):
        extract(raw("text/html"), "", Settings())
    with pytest.raises(NoArticle, match="unsupported media type"):
        extract(raw("application/pdf"), "%PDF-1.4", Settings())
    failed = raw("text/html")
    failed.status, failed.error = "failed", "timeout after 30 s"
    with pytest.raises(NoArticle, match="timeout after 30 s"):
        extract(failed, "", Settings())
    with pytest.raises(NoArticle, match="doc-x"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>", "doc-x")
