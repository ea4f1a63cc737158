"""Line shape features on the lines that decide segmentation: what is and is not a date line."""

from __future__ import annotations

import pytest

from cleaner.features import date_span, headline_credit, is_date_line
from cleaner.metadata import masthead_site
from cleaner.segment.groups import article_among


@pytest.mark.parametrize(
    "line",
    [
        "20 hours ago",
        "Yesterday",
        "An hour ago",
        "Yesterday at 10:32",
        "Orbit & Lab • Yesterday",  # after a separator, a capitalised "Yesterday" is a date
        "Updated 2 hours ago",
        "May 28, 2025 12:30 BST",
        "Le Courrier de la Manche · 1 day ago",  # a five-word source beside the date
        "Published: 12 May 2025 | Ports",
        "Posted on May 28, 2025 by Jane Hill in Swarms",  # a blog meta line
        "Vor 3 Stunden",
        "12.30 BST",  # a live-blog post's time
        "14:05",  # a news river item's time
        "3h",
        "The Orbital Gazette / by Lena Ortiz / 3h",  # a feed reader's source / author / age
        "patchnotes.dev / 1d",
        "Skyward Weekly / by Skyward staff / Mar 9",  # recent items print no year
        "MAR 14 • ELLA MARSH",
        "DEC 20, 2024",
        "Gestern, 18:40",
        "🕒 Yesterday",  # an icon before the capitalised word, as a field line prints it
        "Yesterday, 22:10",
        "14.05.2025, 17:32 Uhr",
    ],
)
def test_date_lines(line: str) -> None:
    assert is_date_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "Reef & Ocean Today",  # a name ending in "Today" is not a date
        "- USA Today",
        "Today's paper",
        "On May 28, 2025, the council voted to approve the plan.",  # a sentence that holds a date
        "The council met on May 28, 2025 to approve the plan for the new bridge",
        "Scores of residents gathered outside the town hall on May 28, 2025 to protest against the closure",
        "38.62",  # a share price, not a time
        "12.30",  # a dotted time needs its zone or am/pm
        "24:10",
        "May the best team win",  # "May" without a day is a word
        "The Mar 3 rally drew 300 people to the square.",
        "Wir treffen uns heute um 18 Uhr.",  # a lower-case "heute" inside a sentence
    ],
)
def test_not_date_lines(line: str) -> None:
    assert not is_date_line(line)


def test_an_article_with_comments_under_it_is_not_a_listing() -> None:
    """A 400-word story then short comments share a listing's shape, not its balance."""
    assert article_among([400, 30, 45, 20])
    assert not article_among([120, 110, 90, 130])  # teasers of similar length
    assert not article_among([400, 350, 300])  # full articles one after another
    assert article_among([18, 462, 56, 25, 52, 33])  # a story with a header group above it and teasers below


def test_masthead_site_needs_the_copyright_line_to_agree() -> None:
    page = ["Meridian", "Open menu", "Science", "The Keepers’ Ledger", "© 2025 Meridian Media Ltd. All rights reserved."]
    assert masthead_site(page) == "Meridian"
    assert masthead_site(page[:-1]) is None  # a short top line alone could be any label
    assert masthead_site(["Home", "News", "© 2025 Meridian Media Ltd."]) is None  # no masthead names the owner
    # the owner's brand with the title's own word, and a leading "The" on either side
    assert masthead_site(["Helix Weekly", "Space", "© 2025 Helix Media Pty Ltd."]) == "Helix Weekly"
    assert masthead_site(["Menu", "The Northbridge Post", "© 2025 Northbridge Post Media Group."]) == "The Northbridge Post"
    assert masthead_site(["Helix", "helix stories", "© 2025 Helix Media Pty Ltd."]) == "Helix"
    assert masthead_site(["Space news", "© 2025 Helix Media Pty Ltd."]) is None


def test_headline_credit_reads_title_source_and_date() -> None:
    line = "Scottish port wins contract to assemble floating turbines — The Herald Courier, 8 June"
    assert headline_credit(line) == ("Scottish port wins contract to assemble floating turbines", "The Herald Courier", "8 June")
    assert headline_credit("The minister said — in a rare interview, 3 May — that it would pass.") is None
    assert headline_credit("Prices rose — again, by 3%") is None


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("Yesterday, 22:10", "Yesterday, 22:10"),  # the time belongs to the date
        ("14.05.2025, 17:32 Uhr", "14.05.2025, 17:32 Uhr"),
        ("Mar 12, 2025, 08:30 ET", "Mar 12, 2025, 08:30 ET"),  # a full date wins over its yearless start
        ("Skyward Weekly / by Skyward staff / Mar 9", "Mar 9"),
        # the time printed after the date, with each language's connector
        ("2025-05-07, 14:05 · Cultura", "2025-05-07, 14:05"),
        ("Radio Bretagne · 2025-05-07 at 2:05 pm", "2025-05-07 at 2:05 pm"),
        ("7. Mai 2025 um 14:05 Uhr | Politik", "7. Mai 2025 um 14:05 Uhr"),
        ("Heraldo del Valle - 07/05/2025 - 14:05 h", "07/05/2025 - 14:05 h"),
        ("7 de mayo de 2025 a las 14:05", "7 de mayo de 2025 a las 14:05"),
        ("7 mai 2025 à 14h05", "7 mai 2025 à 14h05"),
        ("07/05/2025, ore 14:05", "07/05/2025, ore 14:05"),
        ("07-05-2025 14:05 uur", "07-05-2025 14:05 uur"),
        ("Kurier Lindenau, vor 8 Std.", "vor 8 Std."),  # an abbreviated age
        ("Radio Romagna, 07:26", "07:26"),  # today's item: its time alone, after the source
        ("Politics · 06:35", "06:35"),
        # not a time: a figure after the date, a price
        ("7 May 2025, 12 people came", "7 May 2025"),
        ("07/05/2025 - 14,05 €", "07/05/2025"),
    ],
)
def test_date_span_takes_the_whole_date(line: str, date: str) -> None:
    span = date_span(line)
    assert span is not None and line[span[0] : span[1]] == date


def test_a_time_inside_a_phrase_is_no_field_time() -> None:
    assert date_span("Kick-off moved, 19:30 tonight at the ground") is None  # the time does not close the line
    assert date_span("He said, 12:30.") is None


def test_a_meta_line_with_several_fields_names_source_section_and_authors() -> None:
    """The first field beside the date is the source, the others sections; bylines are authors."""
    from cleaner.segment.listing import date_meta

    assert date_meta("The Parish Pump · Community · 20 Feb 2025") == [
        ("date_raw", "20 Feb 2025"),
        ("source", "The Parish Pump"),
        ("category", "Community"),
    ]
    assert date_meta("The Orbital Gazette / by Lena Ortiz / 3h") == [
        ("date_raw", "3h"),
        ("source", "The Orbital Gazette"),
        ("author", "Lena Ortiz"),
    ]
    assert date_meta("Business | May 2, 2025") == [("date_raw", "May 2, 2025"), ("category", "Business")]
    # after the date, an outlet's name is the source, a section's word the section
    assert date_meta("Gisteren, 17:41, Nieuwsblad Drenthe") == [("date_raw", "Gisteren, 17:41"), ("source", "Nieuwsblad Drenthe")]
    assert date_meta("3 hours ago, Politics") == [("date_raw", "3 hours ago"), ("category", "Politics")]


def test_a_template_field_line_reads_facets_and_bullets() -> None:
    from cleaner.segment.listing import field_meta

    assert field_meta("Industry: Energy", "source") == [("category", "Energy")]
    assert field_meta("- Reef & Ocean Today", "source") == [("source", "Reef & Ocean Today")]


def test_german_bylines_name_their_authors() -> None:
    from cleaner.metadata import byline_authors

    assert byline_authors("Von Jana Wittkamp und Ole Brandt") == ("Jana Wittkamp", "Ole Brandt")
    assert byline_authors("Von Berlin aus fährt der Zug") == ()  # a sentence that opens with "Von"


@pytest.mark.parametrize(
    ("line", "publisher"),
    [
        ("This article is republished from The Conversation under a Creative Commons license.", "The Conversation"),
        ("Published in Baltic Freight Weekly", "Baltic Freight Weekly"),
        ("Quelle: Kornauer Tageblatt", "Kornauer Tageblatt"),
        ("Source: AFP", "AFP"),
    ],
)
def test_credit_lines_name_the_publisher(line: str, publisher: str) -> None:
    from cleaner.rules import pattern

    m = pattern("provided_by").match(line)
    assert m is not None and m.group("publisher") == publisher


def test_a_sentence_that_opens_like_a_credit_is_not_one() -> None:
    from cleaner.rules import pattern

    assert pattern("provided_by").match("Published in 1998, the book sold two million copies.") is None


def test_bylines_that_name_no_one_are_bylines() -> None:
    from cleaner.segment import byline_like

    assert byline_like("From staff reports") and byline_like("Staff and wire reports") and byline_like("By Jane Doe")
    assert not byline_like("Staff") and not byline_like("Staff at the plant walked out on Monday.")
