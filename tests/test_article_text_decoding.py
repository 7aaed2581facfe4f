"""Text mode: how line probabilities become kept rows, and rows read once per distinct line
(all text invented)."""

from __future__ import annotations

import numpy as np

from newsblotter.article.rows import page_rows
from newsblotter.article.text import analyse_text, keep_lines, text_paragraphs

# Rows: 0 headline, 1 date, 2-3 story, 4 short list item, 5 story, 6 "Related" (a section
# header), 7 teaser, 8 story-like line after the header.
STORY = [
    "The ferry between Talmouth and the islands ran again on Monday, four days after a "
    "storm damaged the landing stage, the operator said.",
    "Crews repaired the ramp overnight and checked the moorings; the first boat left at "
    "seven with about forty passengers on board.",
    "Timetable: hourly from 7 am",
    "The operator said the winter timetable would stay in force until the end of the month.",
]
LIST_IN_STORY = "\n\n".join(
    [
        "Harbour ferry service resumes in Talmouth after storm",
        "March 3, 2025",
        *STORY,
        "Related",
        "Storm closes coastal road",
        "Volunteers clear fallen trees from the park after the storm.",
    ]
)


def test_rows_of_the_list_page() -> None:
    rows = page_rows(LIST_IN_STORY)
    assert [(r.number, r.kind) for r in rows] == [
        (0, "story"),
        (2, "date"),
        (4, "story"),
        (6, "story"),
        (8, "story"),
        (10, "story"),
        (12, "section"),
        (14, "story"),
        (16, "story"),
    ]


def test_a_row_between_two_kept_rows_is_kept_from_0_4() -> None:
    """The list item (row 4) at 0.45 sits between two kept story rows: kept (article.text/7).
    At 0.35 it is not; the teaser (row 7) at 0.45 has no kept row on either side: not kept;
    the section header (row 6) is never kept, whatever its probability."""
    page = analyse_text(LIST_IN_STORY)
    probability = np.array([0.1, 0.05, 0.9, 0.95, 0.45, 0.9, 0.45, 0.45, 0.2])
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, True, True),
        *(False, False, False),
    ]
    assert text_paragraphs(page, keep_lines(page, probability, 0.5)) == STORY
    probability[4] = 0.35
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, False, True),
        *(False, False, False),
    ]


def test_a_section_header_between_kept_rows_stays_out() -> None:
    page = analyse_text(LIST_IN_STORY)
    probability = np.array([0.1, 0.05, 0.9, 0.95, 0.9, 0.9, 0.45, 0.9, 0.9])
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, True, True),
        *(False, True, True),
    ]


MENU_TWICE = "\n".join(
    [
        "Home",
        "World",
        "Sport",
        "Valley bridge reopens after repairs",
        "Home",
        "World",
        "Sport",
        "",
        "The bridge over the Arn valley reopened to traffic on Friday after eight months of "
        "repairs, the county said.",
    ]
)


def test_repeated_lines_get_the_same_reading_as_their_first_copy() -> None:
    """A page repeats its menu; each copy is a row of its own (its number, its blank line
    before) with the kind and score of the first copy."""
    rows = page_rows(MENU_TWICE)
    assert [(r.number, r.line.text, r.kind, r.score, r.gap_before) for r in rows] == [
        (0, "Home", "chrome", -3.0, True),
        (1, "World", "story", -1.0, False),
        (2, "Sport", "story", -1.0, False),
        (3, "Valley bridge reopens after repairs", "story", -1.0, False),
        (4, "Home", "chrome", -3.0, False),
        (5, "World", "story", -1.0, False),
        (6, "Sport", "story", -1.0, False),
        (
            8,
            "The bridge over the Arn valley reopened to traffic on Friday after eight months "
            "of repairs, the county said.",
            "story",
            1.95,
            True,
        ),
    ]
    assert rows[0] is not rows[4]


def test_the_region_s_last_row_below_a_kept_row_is_kept_from_0_4() -> None:
    """The story's last paragraph (row 5, the region finder's last body row) at 0.45, right
    below a kept row and with nothing kept after it: kept (article.text/7). At 0.35 it is
    not, nor is a last row whose row above is not kept."""
    page = analyse_text(LIST_IN_STORY)
    assert page.rule_body[-1] == 5
    probability = np.array([0.1, 0.05, 0.9, 0.95, 0.9, 0.45, 0.1, 0.1, 0.1])
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, True, True),
        *(False, False, False),
    ]
    probability[5] = 0.35
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, True, False),
        *(False, False, False),
    ]
    probability[4], probability[5] = 0.2, 0.45
    assert keep_lines(page, probability, 0.5).tolist() == [
        *(False, False, True, True, False, False),
        *(False, False, False),
    ]
