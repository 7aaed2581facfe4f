"""Scraped plain-text mode on pages laid out like many different outlets (all text invented)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from newsblotter.article import NoArticle, extract_text
from newsblotter.article.region import story_spans
from newsblotter.article.rows import page_rows


def page(*blocks: str) -> str:
    """Join blocks with blank lines, as most scrapers separate page elements."""
    return "\n\n".join(b.strip("\n") for b in blocks) + "\n"


WIRE_PAGE = page(
    "Exclusive-Port workers in Valdoria strike over unpaid wages -sources",
    "  • Business\n  • Tuesday, 12 Mar 2024",
    "Dock workers gather at the gates of the Marenport terminal in Valdoria, March 11, 2024. "
    "REUTERS/Anna Lind/File Photo",
    "MARENPORT, Valdoria (Reuters) - Thousands of dock workers walked off the job at Valdoria's "
    "largest port on Tuesday, halting container traffic after months of delayed wages, three "
    "union officials told Reuters.",
    '"We have not been paid since January and the families are hungry," one official said.',
    "The port authority said in a statement that salaries would be settled within two weeks and "
    "urged workers to return, adding that ships were already being diverted to other harbours.",
    "The transport ministry declined to comment.",
    "(Reporting by Piet Maren in Marenport; Editing by Clara Holm)",
    "Follow us on our official WhatsApp channel for breaking news alerts and key updates!",
    "Next In Business",
    "Copper prices edge up on supply worries\nCentral bank holds rates steady\n"
    "Tech shares slip in early trade\nAirline orders twelve new jets",
    "Others Also Read",
)


def test_wire_page_fields_and_chrome() -> None:
    article = extract_text(WIRE_PAGE, "doc-wire")
    assert article.title == "Exclusive-Port workers in Valdoria strike over unpaid wages -sources"
    assert article.published == dt.date(2024, 3, 12)
    assert article.published_precision == "day"
    assert article.wire_agency == "Reuters"
    assert article.dateline == "Marenport, Valdoria"
    assert article.captions and "REUTERS/Anna Lind" in article.captions[0]
    assert article.text.startswith("MARENPORT, Valdoria (Reuters) - Thousands")
    assert article.text.endswith("The transport ministry declined to comment.")
    for junk in ("WhatsApp", "Reporting by", "Copper prices", "Next In", "Dock workers gather"):
        assert junk not in article.text
    assert any("WhatsApp" in line for line in article.chrome)
    assert any(line.startswith("(Reporting by") for line in article.chrome)
    assert "Copper prices edge up on supply worries" in article.chrome


def test_paragraph_offsets_point_into_the_body() -> None:
    article = extract_text(WIRE_PAGE, "doc-wire")
    assert len(article.paragraphs) == 4
    pieces = [article.text[a:b] for a, b in article.paragraphs]
    assert pieces[0].startswith("MARENPORT")
    assert pieces[1].startswith('"We have not been paid')
    assert all(p == p.strip() and p for p in pieces)
    assert article.extractor.startswith("article.text/")


AP_LOCAL_PAGE = page(
    "Home\nNews\nLocal\nSports\nWeather\nObituaries\nE-Edition\nSubscribe",
    "Bridge collapse leaves two villages cut off",
    "By Tomas Reyes, Associated Press",
    "Updated 4:12 PM EST, Tuesday, March 5, 2024",
    "KABUL, Afghanistan (AP) — A bridge over the Kunar river gave way on Tuesday after days of "
    "heavy rain, cutting off two mountain villages from the nearest market town, local officials "
    "said.",
    "No one was on the bridge when it fell, the district governor told reporters, but at least "
    "forty families now depend on a single footpath that is itself at risk from landslides.",
    "Engineers from the provincial works department were expected to reach the site by Thursday.",
    "Copyright 2024 The Associated Press. All rights reserved. This material may not be "
    "published, broadcast, rewritten or redistributed.",
    "Related",
    "Flooding closes highway for second day\nSchool roof repairs finished ahead of term\n"
    "Council approves new market stalls",
)


def test_local_site_carrying_ap_copy() -> None:
    article = extract_text(AP_LOCAL_PAGE, "doc-ap")
    assert article.title == "Bridge collapse leaves two villages cut off"
    assert article.wire_agency == "AP"
    assert article.dateline == "Kabul, Afghanistan"
    assert article.published == dt.date(2024, 3, 5)
    assert article.byline == "Tomas Reyes, Associated Press"
    assert article.text.startswith("KABUL, Afghanistan (AP) — A bridge")
    assert article.text.endswith("reach the site by Thursday.")
    assert "Obituaries" not in article.text and "Copyright" not in article.text
    assert "Council approves new market stalls" in article.chrome


COOKIE_PAGE = page(
    "We use cookies to improve your experience on our site and to show you relevant advertising.",
    "Accept all cookies\nManage preferences",
    "Skip to main content",
    "Wildfire forces evacuation of hillside towns",
    "Published: 2024-07-19",
    "PARIS (AFP) - Firefighters battled a fast-moving wildfire in the hills above the southern "
    "coast on Friday, and authorities ordered several hundred residents to leave their homes as "
    "strong winds pushed the flames toward the towns.",
    "Read more: Heatwave breaks records across the south",
    "More than four hundred firefighters and six water-bombing aircraft were deployed, the "
    "regional fire service said, adding that no injuries had been reported so far.",
    "The fire had burned about 900 hectares of pine forest and scrubland by the evening.",
    "© AFP 2024",
)


def test_cookie_banner_at_top_and_inline_promo() -> None:
    article = extract_text(COOKIE_PAGE, "doc-afp")
    assert article.title == "Wildfire forces evacuation of hillside towns"
    assert article.wire_agency == "AFP"
    assert article.dateline == "Paris"
    assert article.published == dt.date(2024, 7, 19)
    assert "cookies" not in article.text
    assert "Read more" not in article.text
    assert article.text.endswith("pine forest and scrubland by the evening.")
    assert any("cookies" in line for line in article.chrome)


XINHUA_PAGE = page(
    "Flood relief supplies reach northern province",
    "Source: Xinhua | 2024-01-05 20:41:12 | Editor: Zhang Wei",
    "BEIJING, Jan. 5 (Xinhua) -- Relief supplies including tents, quilts and drinking water "
    "arrived on Friday in the flood-hit northern province, where heavy rain has damaged roads "
    "and farmland over the past week, local authorities said.",
    "The provincial emergency management department said more than 12,000 residents had been "
    "relocated to temporary shelters and that rescue teams were still working in three counties.",
    "Most Popular",
    "Trade fair opens with record number of exhibitors\nNew rail line links two coastal cities\n"
    "Museum displays recently restored bronze vessels",
)


def test_xinhua_dateline_with_date_and_most_popular_list() -> None:
    article = extract_text(XINHUA_PAGE, "doc-xinhua")
    assert article.wire_agency == "Xinhua"
    assert article.dateline == "Beijing"
    assert article.published == dt.date(2024, 1, 5)
    assert article.text.startswith("BEIJING, Jan. 5 (Xinhua) -- Relief supplies")
    assert "three counties." in article.text
    assert "Trade fair" not in article.text


BLOG_WITH_COMMENTS = page(
    "My Garden Diary",
    "What the late frost taught me about tomatoes",
    "Posted by Mira Hollis on April 22, 2023",
    "Every spring I promise myself that I will wait until the last frost has passed before "
    "planting out the tomatoes, and every spring I fail to keep that promise.",
    "This year the cold came back in the third week of April, and the seedlings I had set out "
    "only four days earlier turned black overnight.",
    "What I would do differently",
    "Next year I will keep the young plants in the cold frame for an extra fortnight and cover "
    "anything already planted with fleece whenever the forecast drops below five degrees.",
    "3 Comments",
    "Jonas K.\nApril 23, 2023 at 8:14 am\nThe same thing happened to my peppers, and I think the "
    "fleece is the only thing that would have saved them.\nReply",
    "Mira Hollis\nApril 23, 2023 at 9:02 am\nThank you, Jonas, I will try the fleece next year "
    "and report back on how it goes.\nReply",
    "Leave a Reply",
)


def test_blog_comments_are_not_story() -> None:
    article = extract_text(BLOG_WITH_COMMENTS, "doc-blog")
    assert article.title == "What the late frost taught me about tomatoes"
    assert article.published == dt.date(2023, 4, 22)
    assert article.wire_agency is None
    assert article.text.startswith("Every spring I promise myself")
    assert "What I would do differently" in article.text  # the post's own subheading
    assert article.text.endswith("below five degrees.")
    assert "peppers" not in article.text and "Jonas" not in article.text


HEADLINES_FIRST = page(
    "Trending",
    "Mayor unveils plan for new tram line\nLocal team wins regional cup final\n"
    "Storm warning issued for the weekend\nLibrary reopens after renovation\n"
    "Price of bread rises again\nConcert hall celebrates fifty years\n"
    "Road works to close main square\nHospital opens new children's ward",
    "Gunmen attack police checkpoint near border town",
    "Jan. 6, 2024 5:01 PM ET",
    "Gunmen attacked a police checkpoint near the border town of Esterhal late on Saturday, "
    "killing two officers and wounding three others before fleeing into nearby hills, the "
    "regional police chief said.",
    "No group immediately claimed responsibility for the attack, the third on security forces in "
    "the area this month.",
    "Security forces had launched a search operation and closed the road to the border crossing, "
    "the police chief added.",
)


def test_headline_list_before_the_story() -> None:
    article = extract_text(HEADLINES_FIRST, "doc-trending")
    assert article.title == "Gunmen attack police checkpoint near border town"
    assert article.published == dt.date(2024, 1, 6)
    assert article.text.startswith("Gunmen attacked a police checkpoint")
    assert article.text.endswith("the police chief added.")
    assert "tram line" not in article.text
    assert "Library reopens after renovation" in article.chrome


TEASERS_AFTER = page(
    "Explosion damages fuel depot outside capital",
    "March 3, 2024",
    "An explosion tore through a fuel depot on the outskirts of the capital early on Sunday, "
    "sending a column of black smoke over the city and forcing the closure of a nearby highway.",
    "Fire crews brought the blaze under control by midday, the civil defence agency said, adding "
    "that the cause of the blast was under investigation.",
    "Others Also Read",
    "Council votes to extend night bus service",
    "The city council voted on Thursday to extend the night bus service to the eastern districts "
    "from next month.",
    "Dry spell worries farmers in the south",
    "Farmers in the south say a lack of rain since January has already cut the expected harvest.",
)


def test_teasers_after_section_header_are_chrome() -> None:
    article = extract_text(TEASERS_AFTER, "doc-teasers")
    assert article.published == dt.date(2024, 3, 3)
    assert article.text.endswith("under investigation.")
    assert "night bus" not in article.text and "farmers" not in article.text


SPANISH_PAGE = page(
    "Inicio | Internacional | Economía",
    "Detenidos tres sospechosos por el ataque a una comisaría",
    "3 de enero de 2024",
    "MADRID (EFE) — La policía detuvo este miércoles a tres personas sospechosas de haber "
    "participado en el ataque contra una comisaría en el norte del país, informaron fuentes "
    "oficiales.",
    "Los detenidos serán puestos a disposición judicial en las próximas horas, según las mismas "
    "fuentes.",
    "Noticias relacionadas",
    "El Gobierno aprueba el nuevo presupuesto\nSube el precio de la vivienda",
)


def test_short_spanish_page_with_efe_dateline() -> None:
    article = extract_text(SPANISH_PAGE, "doc-es")
    assert article.title == "Detenidos tres sospechosos por el ataque a una comisaría"
    assert article.published == dt.date(2024, 1, 3)
    assert article.wire_agency == "EFE"
    assert article.dateline == "Madrid"
    assert article.text.endswith("según las mismas fuentes.")
    assert "presupuesto" not in article.text


FRENCH_PAGE = page(
    "Accueil\nMonde\nÉconomie",
    "Une explosion fait deux morts dans une usine chimique",
    "Publié le 3 janvier 2024 à 10h15",
    "Deux ouvriers ont été tués et cinq autres blessés mercredi matin dans l'explosion d'un "
    "réservoir d'une usine chimique située à la sortie de la ville, a annoncé la préfecture.",
    "Lire aussi : Les contrôles renforcés dans les sites industriels",
    "Les causes de l'accident ne sont pas encore connues et une enquête a été ouverte par le "
    "parquet, selon la même source.",
    "À lire aussi",
    "La grève des transports se poursuit\nLe prix du carburant recule",
)


def test_short_french_page_with_inline_see_also() -> None:
    article = extract_text(FRENCH_PAGE, "doc-fr")
    assert article.title == "Une explosion fait deux morts dans une usine chimique"
    assert article.published == dt.date(2024, 1, 3)
    assert article.text.startswith("Deux ouvriers ont été tués")
    assert article.text.endswith("selon la même source.")
    assert "Lire aussi" not in article.text and "grève" not in article.text


INLINE_BOX = page(
    "Drone strike hits weapons depot, officials say",
    "February 14, 2024",
    "A drone strike destroyed a weapons depot in the eastern province overnight, two security "
    "officials said on Wednesday, in the latest of a series of attacks on militia sites.",
    "The officials, who spoke on condition of anonymity, said secondary explosions continued for "
    "several hours after the strike and that residents of a nearby village were moved away.",
    "Related Stories",
    "Militia leader killed in ambush\nCeasefire talks stall again\nAid convoy reaches the north",
    "A spokesman for the militia said the group would respond but gave no details, and no "
    "government has said it carried out the strike.",
    "The province has seen repeated clashes between rival armed groups since the summer, "
    "according to local monitors who track the violence.",
    "More stories",
    "Exhibition celebrates the city's old trams\nFestival returns after four years",
)


def test_inline_related_box_does_not_end_the_story() -> None:
    article = extract_text(INLINE_BOX, "doc-box")
    assert "no government has said it carried out the strike" in article.text
    assert article.text.endswith("who track the violence.")
    assert "Militia leader killed in ambush" not in article.text
    assert "Festival returns" not in article.text


GALLERY_PAGE = page(
    "Protesters clash with police in port city",
    "By Lena Ortiz | May 2, 2024 at 6:10 PM",
    "SALDOR, Merania (AP) — Police fired tear gas at thousands of protesters in the port city "
    "of Saldor on Thursday as demonstrations against a fuel price increase entered their third "
    "day, witnesses said.",
    "Several shops were set on fire along the main avenue, and the city's governor announced a "
    "curfew starting at nine in the evening.",
    "Image 1 of 4",
    "Protesters run from tear gas near the harbour in Saldor, Merania, Thursday, May 2, 2024. "
    "(AP Photo/Dara Voss)",
    "Back to Gallery",
    "The health ministry said 27 people were treated for injuries, including four police "
    "officers, and that two people remained in serious condition.",
    "Union leaders called for a general strike on Monday if the government does not reverse the "
    "increase, which took effect at the start of the week.",
)


def test_photo_gallery_inside_the_story() -> None:
    article = extract_text(GALLERY_PAGE, "doc-gallery")
    assert article.wire_agency == "AP"
    assert article.dateline == "Saldor, Merania"
    assert article.published == dt.date(2024, 5, 2)
    assert article.text.startswith("SALDOR, Merania (AP) — Police fired")
    assert article.text.endswith("start of the week.")
    assert "Image 1 of 4" not in article.text
    assert "(AP Photo/Dara Voss)" not in article.text
    assert any("AP Photo/Dara Voss" in c for c in article.captions)


NEWSLETTER_PAGE = page(
    "Hospital fire kills patients in capital",
    "Facebook Twitter WhatsApp Email",
    "09/04/2024",
    "A fire broke out in the intensive care ward of the capital's main hospital before dawn on "
    "Tuesday, killing at least six patients, the health minister said.",
    "Staff moved dozens of patients to other wards as firefighters fought the blaze, which "
    "started in a storage room, according to the fire brigade.",
    "Get the latest headlines delivered to your inbox every morning. Sign up for our free "
    "newsletter.",
    "The minister ordered an inquiry into the cause of the fire and into the hospital's safety "
    "inspections, which unions say have been neglected for years.",
    "Share this article",
)


def test_newsletter_pitch_and_share_buttons_are_chrome() -> None:
    article = extract_text(NEWSLETTER_PAGE, "doc-newsletter")
    assert article.published is None  # 09/04/2024: day-month order unknown, not guessed
    assert "newsletter" not in article.text
    assert "Facebook" not in article.text
    assert article.text.endswith("neglected for years.")
    assert "killing at least six patients" in article.text


HARD_WRAPPED = page(
    "LAGOS, Nigeria (Reuters) - Gunmen kidnapped at least 20 passengers\n"
    "from a bus on a highway in northwestern Nigeria on Sunday, police\n"
    "said, the latest in a wave of abductions for ransom in the region.\n"
    "A police spokesman said officers were pursuing the attackers into\n"
    "a nearby forest and that two passengers had escaped.\n"
    "(Reporting by Ola Ade; Editing by Tim Brook)",
)


def test_hard_wrapped_lines_are_joined_into_sentences() -> None:
    article = extract_text(HARD_WRAPPED, "doc-wrapped")
    assert article.wire_agency == "Reuters"
    assert article.dateline == "Lagos, Nigeria"
    assert "at least 20 passengers from a bus on a highway" in article.text
    assert "Reporting by" not in article.text
    assert article.text.endswith("two passengers had escaped.")


GERMAN_PAGE = page(
    "Startseite > Politik > Ausland",
    "Anschlag auf Polizeiwache: Zwei Verletzte",
    "Montag, 3. Juni 2024",
    "Berlin (dpa) - Bei einem Anschlag auf eine Polizeiwache im Norden des Landes sind am Montag "
    "zwei Beamte verletzt worden, wie die Behörden mitteilten.",
    "Die Ermittler gehen von einem gezielten Angriff aus, die Hintergründe sind jedoch noch "
    "unklar.",
    "Mehr zum Thema",
    "Regierung plant neue Sicherheitsgesetze\nWahlkampf in der heißen Phase",
)


def test_german_page_with_dpa_dateline() -> None:
    article = extract_text(GERMAN_PAGE, "doc-de")
    assert article.wire_agency == "dpa"
    assert article.dateline == "Berlin"
    assert article.published == dt.date(2024, 6, 3)
    assert article.text.endswith("noch unklar.")
    assert "Sicherheitsgesetze" not in article.text


def test_menu_only_page_has_no_article() -> None:
    menu = page("Home\nNews\nSport\nWeather\nContact us\nAbout us\nPrivacy policy")
    with pytest.raises(NoArticle, match="doc-menu"):
        extract_text(menu, "doc-menu")


def test_empty_text_has_no_article() -> None:
    with pytest.raises(NoArticle, match="empty"):
        extract_text("   \n\n ", "doc-empty")


def _seed_page() -> Path:
    env = os.environ.get("NEWSBLOTTER_SHARED")
    shared = Path(env) if env else Path(__file__).resolve().parents[1] / ".." / "shared"
    return shared / "seed" / "000_7460e8f945b9a694.txt"


def test_seed_page_acceptance() -> None:
    path = _seed_page()
    if not path.is_file():
        pytest.skip(f"seed page not found at {path} (set NEWSBLOTTER_SHARED)")
    article = extract_text(path.read_text(encoding="utf-8"), "seed")
    assert article.title is not None and article.title.startswith("Exclusive-US intelligence")
    assert article.wire_agency == "Reuters"
    assert article.dateline == "Washington"
    assert article.published == dt.date(2024, 1, 6)
    assert len(article.captions) == 1 and "REUTERS/File Photo" in article.captions[0]
    assert article.text.startswith("WASHINGTON (Reuters) -")
    assert article.text.endswith("explosive devices and vests.")
    for chrome in ("WhatsApp", "Next In World", "Others Also Read", "Reporting by", "Putin"):
        assert chrome not in article.text
    assert "Funeral" not in article.text and "funeral ceremony" not in article.text


def test_wire_of_a_teaser_is_not_the_story_wire() -> None:
    text = page(
        "Council opens new shelter for flood victims",
        "June 2, 2024",
        "The city council opened a new shelter on Sunday for families whose homes were "
        "damaged by last week's floods, the mayor said at the opening ceremony.",
        "The shelter has room for 200 people and will stay open until the end of the summer, "
        "according to the council's housing department.",
        "Related",
        "LONDON (Reuters) - Britain's flood defences need more money, a report said.",
    )
    article = extract_text(text, "doc-local")
    assert article.wire_agency is None
    assert "Britain" not in article.text


def test_an_audio_player_line_is_no_headline() -> None:
    """A "Listen to this article" line between the caption and the story is chrome, so the
    headline is the first line (it was taken as the title, and the incident gate then read
    the page as telling no news)."""
    text = page(
        "Flood barrier fails in Drenmoor as river rises, officials say",
        "World | Europe",
        "Published 9 May 2024, 10:15 GMT",
        "Sandbags line a street in Drenmoor, May 8, 2024. File photo via Example Wire",
        "Listen to this article · 3 min",
        "DRENMOOR (Example Wire) - A flood barrier gave way in the town of Drenmoor on Thursday "
        "as the river rose to a record height, forcing hundreds of residents from their homes, "
        "local officials said.",
        "The mayor said repairs would take weeks and that the town had asked for army help to "
        "reinforce the remaining sections of the wall before more rain arrives.",
    )
    article = extract_text(text, "doc-listen")
    assert article.title == "Flood barrier fails in Drenmoor as river rises, officials say"
    assert "Listen to this article · 3 min" in article.chrome
    assert article.text.startswith("DRENMOOR (Example Wire) - A flood barrier")


GAZETTE_SERVICES = (
    "Travel Food Jobs Homes Puzzles Books Learning Events Cars Health Money Garden Music Film "
    "Pets Weddings"
)
# Thirty links to other stories, then a footer of the site's services with a one-sentence
# blurb each: together they outscore a short story.
LINKS_AND_BLURB_FOOTER = [
    *(f"Headline of another story number {k}" for k in range(30)),
    *(
        line
        for name in GAZETTE_SERVICES.split()
        for line in (
            f"Gazette {name}",
            f"Gazette {name} is the place where our readers find the best of what the city "
            "has to offer, every single day of the year.",
        )
    ),
]
EDITED_HEADLINE_AND_BLURB_FOOTER = "\n".join(
    [
        "Fire in Kirov flats kills two, police say : The Daily Gazette",
        *("Home", "News", "World", "Sport", "Culture"),
        "Fire in Kirov flats kills 2, police say",
        "December 4, 2024",
        *("Share", "Save", "Sign in to comment"),
        "A fire swept through a block of flats in the city of Kirov overnight, killing two "
        "residents and forcing dozens of families out into the snow, police said on Wednesday.",
        "Firefighters needed four hours to bring the blaze under control, and the cause is being "
        "investigated, a spokesman for the regional emergency service told reporters.",
        "Neighbours said the alarm had not sounded and that smoke filled the stairwell within "
        "minutes.",
        *LINKS_AND_BLURB_FOOTER,
    ]
)


def test_lightly_edited_headline_anchors_the_story_over_a_blurb_footer() -> None:
    """The headline differs from the page title ("2" for "two"), and the footer's service
    blurbs (one sentence each) outscore the three-paragraph story: the story is still the
    run right below the headline (article.text/5; before, the footer was taken)."""
    rows = page_rows(EDITED_HEADLINE_AND_BLURB_FOOTER)
    spans = story_spans(rows)
    assert spans == [(11, 13)]
    assert rows[11].line.text.startswith("A fire swept through")
    assert rows[13].line.text.startswith("Neighbours said the alarm")


ONE_PARAGRAPH_POST_AND_BLURB_FOOTER = "\n".join(
    [
        "Kirov council approves new tram depot : The Daily Gazette",
        *("Home", "News", "World"),
        "Kirov council approves new tram depot",
        "December 5, 2024",
        "The city council approved plans for a new tram depot on the eastern edge of Kirov on "
        "Thursday, ending two years of argument over where the fleet should be kept.",
        *LINKS_AND_BLURB_FOOTER,
    ]
)


def test_a_short_post_under_its_headline_beats_a_longer_run_further_down() -> None:
    """The one-paragraph story scores about a seventh of the footer's blurbs: right below
    the repeated headline it is still the story (article.text/6; before, under a quarter of
    the best run's score, the footer was taken)."""
    rows = page_rows(ONE_PARAGRAPH_POST_AND_BLURB_FOOTER)
    assert story_spans(rows) == [(6, 6)]
    assert rows[6].line.text.startswith("The city council approved plans")
