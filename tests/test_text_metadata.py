"""Author and date from the rows around a text dump's headline, each guard with its negative case."""

from __future__ import annotations

import cleaner
from cleaner.dates import date_text, resolve

BODY = (
    "The council voted on Tuesday to close the old bridge for repairs after engineers found cracks "
    "in two of its supports, and the work is expected to take most of the coming year.\n\n"
    "Residents who cross it every day will be sent along the river road instead, which adds about "
    "ten minutes to the trip into town during the morning rush.\n\n"
    "The mayor said the city had little choice once the report arrived, and that the repairs would "
    "be paid for from the roads budget rather than a new tax on households."
)


def page(*header: str, body: str = BODY) -> cleaner.Article:
    """The article of a dump: a menu, the given header rows, then the body."""
    text = "\n".join(["Home", "News", "Sport", *header]) + "\n\n" + body
    return cleaner.clean(text).articles[0]


def test_label_line_and_the_name_below_it() -> None:
    art = page("Bridge closes for a year of repairs", "Von:", "Adrian Padeanu", "12. Mai 2024")
    assert art.authors == ("Adrian Padeanu",)


def test_label_line_above_a_heading_names_no_author() -> None:
    art = page("Bridge closes for a year of repairs", "Von", "Tunis nach Algier", "12. Mai 2024")
    assert art.authors == ()


def test_label_line_in_a_menu_names_no_author() -> None:
    art = page("Autoren", "Suche", "Bridge closes for a year of repairs", "12 May 2024")
    assert art.authors == ()


def test_bare_name_beside_the_headline_date() -> None:
    art = page("Bridge closes for a year of repairs", "Edward Russell", "Oct 13, 2020")
    assert art.authors == ("Edward Russell",)
    assert art.date == "2020-10-13"


def test_name_and_date_apart_by_a_separator_line() -> None:
    art = page("Bridge closes for a year of repairs", "Marie Merlet", "|", "19.10.19, 11:29 Uhr")
    assert art.authors == ("Marie Merlet",)
    assert art.date == "2019-10-19"  # the two-digit year's row, which the header took for the title
    assert art.title == "Bridge closes for a year of repairs"


def test_heading_beside_the_date_is_no_author() -> None:
    body = BODY + "\n\nThe top stories of the week are collected below for readers who missed them."
    art = page("Bridge closes for a year of repairs", "Top Stories", "Oct 13, 2020", body=body)
    assert art.authors == ()


def test_one_word_line_beside_the_date_needs_the_page_to_vouch() -> None:
    art = page("Bridge closes for a year of repairs", "Politik", "Oct 13, 2020")
    assert art.authors == ()
    vouched = page("Bridge closes for a year of repairs", "Steffi", "Oct 13, 2020", body=BODY + "\n\nÜber Steffi")
    assert vouched.authors == ("Steffi",)


def test_date_in_the_body_is_not_the_publication_date() -> None:
    body = "On 12 June 2023 the first crack was found. " + BODY
    art = page("Bridge closes for a year of repairs", "Jane Hill", "3 May 2024", body=body)
    assert art.date == "2024-05-03"


def test_unreadable_winner_gives_way_to_the_next_date() -> None:
    # "Hier" (French "yesterday") on its own line wins as a date hint but reads as no date without a clock
    art = page("Bridge closes for a year of repairs", "Hier", "17. Februar 2020 Frau Sabienes Kommentare 4 Kommentare")
    assert art.date == "2020-02-17"


def test_date_text_reads_a_meta_row_and_refuses_prose() -> None:
    assert date_text("16. Mai 2019 Markus Elsberger Netzwerk, Windows 2") == "16. Mai 2019"
    assert date_text("Version 1.2.3 of the tool") is None
    long_line = "On 12 June 2023 " + "the council met again and talked about the bridge " * 4
    assert date_text(long_line) is None


def test_two_digit_year_reads_with_its_time() -> None:
    assert resolve("19.10.19, 11:29 Uhr", None) == "2019-10-19T11:29:00"
    assert resolve("| 06.11.23", None) == "2023-11-06"


def test_caption_is_no_title() -> None:
    from cleaner.metadata import is_title

    assert not is_title("Foto: Shanghai Electric")
    assert not is_title("(Elizabeth Conley / Houston Chronicle)")
    assert not is_title("19.10.19, 11:29 Uhr")
    assert is_title("Neuer Blick auf das Blue-Marble-Foto: was die Bilder zeigen")
    assert is_title("Blogposting 01/23/2020")  # a headline may end with its date


MORE = "\n\n".join(
    f"Paragraph {n} of the report says the council will meet again to talk about the bridge and the river road."
    for n in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
)


def test_labelled_publication_date_beats_a_bare_date_line() -> None:
    # a date row under the body (a picture's, a related post's) comes first; the post's own row labels its date
    body = BODY + "\n\n" + MORE + "\n\nDecember 14th 2019\n\nPosted on August 2, 2019 by Jane Hill"
    assert page("Bridge closes for a year of repairs", body=body).date == "2019-08-02"
    unlabelled = body.replace("Posted on", "Seen")
    assert page("Bridge closes for a year of repairs", body=unlabelled).date == "2019-12-14"
    german = page("Bridge closes for a year of repairs", "Erschienen am: 01.11.2023")
    assert german.date == "2023-11-01"


def test_label_word_in_prose_names_no_publication_date() -> None:
    # "eingestellt" / "published" inside a sentence: the line is prose, and the label is far from its start
    body = (
        "The council said that the report it published with the engineers on 12 June 2023 was only a first look. " + BODY
    )
    art = page("Bridge closes for a year of repairs", "3 May 2024", body=body)
    assert art.date == "2024-05-03"
    assert page("Bridge closes for a year of repairs", body=body).date is None


def test_dateline_opening_the_first_paragraph_dates_the_story() -> None:
    art = page("Bridge closes for a year of repairs", body="Wien, 14. Dezember 2021 – " + BODY)
    assert art.date == "2021-12-14"
    numeric = page("Bridge closes for a year of repairs", body="29.11.2022 – " + BODY)
    assert numeric.date == "2022-11-29"


def test_date_inside_the_first_sentence_is_no_dateline() -> None:
    body = "On 12 June 2023 the first crack was found in the old bridge by two engineers on their rounds. " + BODY
    assert page("Bridge closes for a year of repairs", body=body).date is None
    update = "Update vom 03. Mai 2020, 16:05 Uhr: " + BODY
    assert page("Bridge closes for a year of repairs", body=update).date is None


def dump(*lines: str, body: str = BODY) -> cleaner.Article:
    """The article of a dump that opens with its page-title line."""
    return cleaner.clean("\n".join(lines) + "\n\n" + body).articles[0]


def test_kicker_run_into_the_headline_is_cut_where_the_title_line_starts() -> None:
    title_line = "Bridge closes for a year of repairs - Caldwell Standard"
    art = dump(title_line, "Home", "News", "Verkehr Bridge closes for a year of repairs", "3 May 2024")
    assert art.title == "Bridge closes for a year of repairs"
    crumbs = dump(title_line, "Home", "StartseiteNews & mehr Bridge closes for a year of repairs", "3 May 2024")
    assert crumbs.title == "Bridge closes for a year of repairs"


def test_sentence_ending_with_the_title_is_no_heading() -> None:
    # far more words before the title's than a kicker has: a teaser sentence, not the headline's line
    from cleaner.ingest.text import text_to_blocks
    from cleaner.metadata import title_line_facts

    lines = ["Bridge closes for a year of repairs - Caldwell Standard", "Home"]
    teaser = "Read in our weekly roundup why the council says the Bridge closes for a year of repairs"
    kicked = "Verkehr Bridge closes for a year of repairs"
    found = title_line_facts(tuple(text_to_blocks("\n".join([*lines, teaser]))))
    assert [f for f in found if f.source == "title_line" and f.field == "title"] == []
    found = title_line_facts(tuple(text_to_blocks("\n".join([*lines, kicked]))))
    assert [f.value for f in found if f.source == "title_line" and f.field == "title"] == ["Bridge closes for a year of repairs"]


def test_masthead_in_the_title_line_gives_way_to_the_headline_under_it() -> None:
    # "Headline – Site": the site's name is printed as the masthead above, the headline below it
    site = "Caldwell Standard Online"
    art = dump(f"Bridge closes – {site}", site, "Home", "News", "Bridge closes", "3 May 2024")
    assert art.title == "Bridge closes"


def test_headline_closing_the_title_line_stays_the_title() -> None:
    # "Site - Section - Headline": the headline closes the line; the site is printed nowhere as a heading
    line = "Caldwell Council - Press releases - Bridge closes for a year of repairs"
    art = dump(line, "Home", "News", "Bridge closes for a year of repairs", "3 May 2024")
    assert art.title == "Bridge closes for a year of repairs"
    # and when the site is printed above it, the closing headline is still the title
    art = dump(line, "Caldwell Council", "Home", "Bridge closes for a year of repairs", "3 May 2024")
    assert art.title == "Bridge closes for a year of repairs"


def test_date_beside_a_copy_of_the_headline_dates_an_undated_page() -> None:
    box = "\n\nRecent posts\n\nBridge closes for a year of repairs\n\n12 Dezember, 2015\n\nRiver road reopens\n\n8 April, 2014"
    art = page("Bridge closes for a year of repairs", body=BODY + box)
    assert art.date == "2015-12-12"


def test_dates_of_other_posts_in_the_box_do_not_date_the_page() -> None:
    from cleaner.ingest.text import text_to_blocks
    from cleaner.metadata import copy_date_facts

    lines = ["Bridge closes for a year of repairs", BODY, "Recent posts", "River road reopens", "8 April, 2014"]
    assert copy_date_facts(tuple(text_to_blocks("\n".join(lines))), 0) == []
    with_copy = [*lines, "Bridge closes for a year of repairs", "12 Dezember, 2015"]
    assert [f.value for f in copy_date_facts(tuple(text_to_blocks("\n".join(with_copy))), 0)] == ["12 Dezember, 2015"]


def _listing_html(head: str) -> cleaner.CleanResult:
    """The shipped aggregator page as HTML, with the given head metadata."""
    import html
    from pathlib import Path

    lines = (Path(__file__).parent.parent / "fixtures/demo_listing/input.txt").read_text(encoding="utf-8").splitlines()
    body = "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())
    return cleaner.clean(f"<html><head><title>News</title>{head}</head><body>{body}</body></html>")


def test_head_that_dates_one_article_gives_the_first_item_its_facts() -> None:
    head = '<meta property="article:published_time" content="2025-01-02T10:00:00+01:00">'
    result = _listing_html(head + '<meta property="og:title" content="Reef story">')
    first, second = result.articles[:2]
    assert (first.title, first.date) == ("Reef story", "2025-01-02T10:00:00+01:00")
    assert second.title == "Divers volunteer record hours to replant storm-damaged reefs off Marova"
    assert second.date_raw == "9 hours ago"


def test_index_page_head_names_no_item() -> None:
    # an index page's head titles the page, dates nothing: every item keeps its own header
    first = _listing_html('<meta property="og:title" content="Latest news">').articles[0]
    assert (first.title, first.date_raw) == ("Heat-tolerant corals survive first summer on Kalani reef", "2 hours ago")


def _html_article(head: str) -> cleaner.Article:
    paragraphs = "".join(f"<p>{p}</p>" for p in BODY.split("\n\n"))
    return cleaner.clean(f"<html><head>{head}</head><body><h1>Penny</h1>{paragraphs}</body></html>").articles[0]


def test_site_name_closing_a_head_title_is_cut() -> None:
    site = '<meta property="og:site_name" content="Stardew Valley Wiki">'
    art = _html_article('<meta property="og:title" content="Penny - Stardew Valley Wiki">' + site)
    assert art.title == "Penny"


def test_title_closing_part_that_is_not_the_site_stays() -> None:
    # the closing part is the headline's second half: the page names another site
    head = '<meta property="og:title" content="Rene Benko in Sorge - Finanzdaten und Berater">'
    head += '<meta property="og:site_name" content="FMW">'
    assert _html_article(head).title == "Rene Benko in Sorge - Finanzdaten und Berater"
    # and a text dump's title line names no site apart from its own last part: nothing is cut
    art = dump("Rene Benko in Sorge - Finanzdaten und Berater", "Home", "Rene Benko in Sorge - Finanzdaten und Berater")
    assert art.title == "Rene Benko in Sorge - Finanzdaten und Berater"
