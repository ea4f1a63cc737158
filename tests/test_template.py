"""Listings whose items print no date: the template found from the page's repetition, and
articles with subheads that must stay one article."""

from __future__ import annotations

import cleaner

DIGEST = """Morning briefing

1. Harbour board approves longer pool opening hours
The harbour board voted on Tuesday to keep the public pool open until ten in the evening all summer.

2. Council backs new night bus timetable
Councillors agreed the timetable after residents asked for later buses on the river route last spring.

3. Rail union publishes air quality report
The union's report found that air near the two main stations is worse than the city had estimated.
"""

BYLINED = """Top stories

Ferry operator delays the new terminal again
The operator said the terminal would open in the autumn, months later than the council had been told.
By Jane Whitcombe · #Transport
Library branch saved after a long campaign
Residents collected four thousand signatures and the council agreed to keep the branch open two more years.
By Owen Gallagher · #Community
Market hall repairs start in the spring
The roof of the market hall will be repaired first, and traders will move to the square while the work lasts.
By Jane Whitcombe · #Business
"""

ARTICLE = """Why the river path is closing for a year

The council confirmed on Monday that the riverside path will close in June for repairs to the flood wall.
Engineers found cracks along a stretch of two miles last winter, and the work cannot wait another season.

What changes for walkers

A signed detour through the park will stay open while the path is closed, the council said.
Cyclists will be sent along the main road, which campaigners say is not safe for children.

What happens next

The contract goes out to tender next month, and the council expects the work to start in the summer.
"""


def test_numbered_digest_without_dates_is_a_listing() -> None:
    result = cleaner.clean(DIGEST)
    assert result.kind == "listing"
    assert [a.title for a in result.articles] == [
        "Harbour board approves longer pool opening hours",
        "Council backs new night bus timetable",
        "Rail union publishes air quality report",
    ]
    assert result.articles[1].text.startswith("Councillors agreed the timetable")
    assert all("Morning briefing" not in a.text for a in result.articles)


def test_field_line_under_each_body_belongs_to_its_item() -> None:
    result = cleaner.clean(BYLINED)
    assert [list(a.authors) for a in result.articles] == [["Jane Whitcombe"], ["Owen Gallagher"], ["Jane Whitcombe"]]
    assert [list(a.categories) for a in result.articles] == [["Transport"], ["Community"], ["Business"]]
    assert all("By " not in a.text for a in result.articles)


def test_template_is_explained() -> None:
    result = cleaner.clean(BYLINED)
    reasons = [r.reason for r in result.removals if "template" in r.reason]
    assert reasons and "title / body / byline" in reasons[0] and "3 items" in reasons[0]


def test_article_with_subheads_stays_one_article() -> None:
    result = cleaner.clean(ARTICLE)
    assert result.kind == "article"
    assert len(result.articles) == 1
    assert "A signed detour through the park" in result.articles[0].text


NUMBERED_ARTICLE = """How the harbour plan changed

The council published the final harbour plan on Monday after two years of consultation with residents.

1. Fewer parking spaces on the quay
The quay loses forty spaces, which the council says will be replaced by a new car park behind the station.

2. A longer river path
The river path will run a further mile to the old mill, and the work is due to start in the autumn.

3. New moorings for small boats
Twenty new moorings will be built by the slipway, and local clubs get the first choice of them.
"""


def test_article_with_a_lede_and_numbered_subheads_stays_one_article() -> None:
    """Numbering alone makes no listing when a lede stands under the page's title."""
    result = cleaner.clean(NUMBERED_ARTICLE)
    assert result.kind == "article"
    assert len(result.articles) == 1
    assert "The council published the final harbour plan" in result.articles[0].text
    assert "Twenty new moorings" in result.articles[0].text

