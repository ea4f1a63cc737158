"""The article body as one region: a sub-heading taken for the title does not cut the story above
it, story-shaped short lines at the body's edges join it (cruft-shaped ones do not), and the
author's bio under it goes."""

from __future__ import annotations

import cleaner
from cleaner.config import CleanerConfig
from cleaner.density import text_value
from cleaner.model import Block
from cleaner.passes.bio import opens_with_name
from cleaner.passes.structure import _subheading_anchor, rail_start

FIRST = (
    "Warum duftet die Quitte so stark? Ihre Schale trägt einen feinen Flaum, unter dem ätherische Öle "
    "sitzen, die schon bei leichter Wärme verdunsten und ganze Räume füllen."
)
SECOND = (
    "Die meisten Sorten sind roh hart und herb, weil sie viele Gerbstoffe enthalten. Erst beim Kochen "
    "werden sie weich, und ihr Fruchtfleisch färbt sich dabei rosa bis rot."
)
THIRD = (
    "Sie ist rund, klein und besonders aromatisch, ihr Fruchtfleisch ist trocken und fest, weshalb sie "
    "sich gut für Gelee und Quittenbrot eignet und lange gelagert werden kann."
)
FOURTH = (
    "Die Birnenquitte ist größer und länglich, ihr Fruchtfleisch ist weicher und saftiger, dafür weniger "
    "aromatisch, und sie lässt sich leichter schneiden und schälen."
)


def test_doubled_subheading_taken_for_title_keeps_the_story_above_it() -> None:
    # the page has no headline; a section heading printed twice mid-story is read as the title
    page = "\n".join(
        ["Startseite", "Obst", "Gemüse", "Kräuter", FIRST, "Ist die Quitte roh essbar?", SECOND,
         "Die große Apfelquitte", "Die große Apfelquitte", THIRD, FOURTH, "Impressum", "Datenschutz", "Kontakt"]
    )
    text = cleaner.clean(page).articles[0].text
    for paragraph in (FIRST, SECOND, THIRD, FOURTH):
        assert paragraph in text
    assert "Ist die Quitte roh essbar?" in text  # the sub-heading between the first paragraphs
    assert "Impressum" not in text and "Startseite" not in text


def test_subheading_anchor_needs_prose_above_it_in_the_run() -> None:
    assert _subheading_anchor([-3.0, 30.0, 25.0, -3.0, 40.0, 50.0], 3, [3])
    assert not _subheading_anchor([-3.0, -3.0, -3.0, -3.0, 40.0, 50.0], 3, [3])  # the title over the story
    assert not _subheading_anchor([-3.0, 12.0, -3.0, 40.0, 50.0], 2, [2])  # one short line above: a standfirst's
    assert not _subheading_anchor([53.0, -4.0, 5.0, -4.0, 2.0, -3.0, 40.0, 50.0], 5, [5])  # one paragraph, then teasers
    # the page's title line at its top, repeated over the story: the prose above is a teaser column
    assert not _subheading_anchor([-3.0, 30.0, 25.0, -3.0, 40.0, 50.0], 3, [0, 3])


STORY = [
    "Four harbour towns on the east coast agreed on Tuesday to split the cost of new flood walls, after two "
    "winters in which storm surges flooded their quays and the streets behind them.",
    "The councils said the walls would be built in stages over six years, starting with the lowest stretch of "
    "the old fish market, where water reached the doors of shops twice last year.",
    "Residents had asked for the work for more than a decade, and several said at the meeting that they had "
    "given up insuring the ground floors of their homes.",
]


ABOVE = cleaner.Cleaner(CleanerConfig(thresholds={"main.edge_lines_above": 2}))  # the standfirst edge switched on


def _article(above: list[str], below: list[str]) -> str:
    head = ["Home", "News", "Politics", "Harbour towns vote to share the cost of new flood walls", "12 March 2024"]
    return "\n".join([*head, *above, *STORY, *below, "Share this article", "© 2024 Coast Herald"])


def test_standfirst_line_above_the_first_paragraph_joins_the_body() -> None:
    standfirst = "Storm surges flooded the quays twice in two winters"
    page = _article(["Share", standfirst], [])
    assert standfirst not in cleaner.clean(page).articles[0].text  # off by default (captions sit there too)
    text = ABOVE.clean(page).articles[0].text
    assert standfirst in text
    assert STORY[0] in text


def test_sign_off_under_the_last_paragraph_joins_the_body() -> None:
    sign_off = "Additional reporting by Ann Smith; editing by Tom Berg."
    text = cleaner.clean(_article([], [sign_off])).articles[0].text
    assert sign_off in text


def test_link_shaped_line_at_the_edge_stays_out() -> None:
    link = "Council flood report www.example.org"
    text = ABOVE.clean(_article(["Share", link], [])).articles[0].text  # under a share bar, not the header
    assert STORY[0] in text
    assert link not in text


def test_line_printed_twice_at_the_edge_stays_out() -> None:
    label = "How the new flood walls work"  # a box's heading the page prints again lower down
    text = ABOVE.clean(_article(["Share", label], []) + "\n" + label).articles[0].text
    assert STORY[0] in text
    assert label not in text


def test_opens_with_name_full_or_given_before_a_verb() -> None:
    names = ["martin chikilian", "cnn"]
    assert opens_with_name("Martin Chikilian is a Python engineer based in Buenos Aires.", names)
    assert opens_with_name("Martin has worked as a professional Python developer since 2007.", names)
    assert not opens_with_name("Martin Luther King spoke in the square that day.", names)
    assert not opens_with_name("CNN has reached out to the royal family for comment.", names)  # an outlet
    assert not opens_with_name("The council met Martin Chikilian on Monday.", names)


DEK = "Two winters of storm surges have left the quays of four towns under water again and again."
HEADLINE = "Harbour towns vote to share the cost of new flood walls"


def _headed(between: list[str], *, top: list[str] | None = None) -> str:
    """A page: menus, then ``top`` (the header: headline, …), ``between`` and the story."""
    head = ["Home", "News", "Politics", *(top if top is not None else [HEADLINE])]
    return "\n".join([*head, *between, *STORY, "Share this article", "© 2024 Coast Herald"])


def test_standfirst_between_headline_and_byline_joins_the_body() -> None:
    # the byline and date under the dek cut it off from the first paragraph
    text = cleaner.clean(_headed([DEK, "By Ann Smith", "12 March 2024", "Share"])).articles[0].text
    assert DEK in text and STORY[0] in text
    assert "Ann Smith" not in text


def test_standfirst_under_the_date_over_an_advert_label_joins_the_body() -> None:
    page = _headed(["12 March 2024", DEK, "Advertisement"])
    text = cleaner.clean(page).articles[0].text
    assert text.startswith(DEK)


def test_standfirst_under_the_page_title_lines_headline() -> None:
    # no title rule took the headline; it opens the page's first line (a dump's <title>)
    page = f"{HEADLINE} - Coast Herald\n" + _headed([DEK, "Advertisement"])
    assert DEK in cleaner.clean(page).articles[0].text


def test_sentence_above_the_body_with_no_header_in_reach_stays_out() -> None:
    # another story's teaser over a share bar, and no headline, byline or date near: not a dek
    teaser = "Council votes to close its last pool."
    page = _headed([teaser, "Share", "Advertisement"], top=["Latest", "Weather", "Sport"])
    assert teaser not in cleaner.clean(page).articles[0].text
    dated = _headed(["12 March 2024", teaser, "Share", "Advertisement"])
    assert teaser in cleaner.clean(dated).articles[0].text  # under the story's date line it is its dek


def test_caption_beside_a_bare_credit_under_the_headline_stays_out() -> None:
    caption = "Water stands in the old fish market after the storm surge in January."
    page = _headed(["12 March 2024", caption, "Photo: Reuters", "Advertisement"])
    text = cleaner.clean(page).articles[0].text
    assert caption not in text and STORY[0] in text


def test_caption_holding_its_credit_under_the_headline_stays_out() -> None:
    for caption in (
        "Water stands in the old fish market after the storm surge in January. © Jane Roe",
        "Water stands in the old fish market after the storm surge in January. / Jane Roe",
        "Image caption, Water stands in the old fish market after the storm surge in January",
    ):
        text = cleaner.clean(_headed(["12 March 2024", caption, "Advertisement"])).articles[0].text
        assert caption not in text and STORY[0] in text


def _lines(texts: list[str]) -> list[Block]:
    return [Block(k, t, k + 1) for k, t in enumerate(texts)]


TEASER = "The council has voted on the new budget for the harbour, and the vote was closer than expected."


def test_rail_of_items_closed_by_a_control_starts_at_its_first_item() -> None:
    rail = []
    for n in range(3):
        rail += [f"Harbour story number {n} in a headline", TEASER.replace("budget", f"budget {n}"), "Read more"]
    alive = _lines([*STORY, *rail])
    assert rail_start(alive) == len(STORY)


def test_rail_of_items_opened_by_a_label_keeps_the_last_paragraph() -> None:
    rail = []
    for n in range(3):
        rail += ["Wildlife", f"Harbour story number {n} in a headline", TEASER.replace("budget", f"budget {n}")]
    alive = _lines([*STORY, *rail])
    assert rail_start(alive) == len(STORY)  # the label starts each item: STORY[-1] is the story's


def test_repeated_short_line_in_a_list_without_teasers_is_no_rail() -> None:
    table = []
    for n in range(4):
        table += [f"Runner {n}", "sec.", f"5{n},3"]  # a results table: no prose in an item
    assert rail_start(_lines([*STORY, *table])) == len(STORY) + len(table)


def test_rail_not_closing_the_body_is_no_rail() -> None:
    rail = []
    for n in range(3):
        rail += [f"Harbour story number {n} in a headline", TEASER.replace("budget", f"budget {n}"), "Read more"]
    alive = _lines([*rail, *STORY])  # the story goes on below the repeated items
    assert rail_start(alive) == len(alive)


RAIL_TEASERS = [
    "The council has voted on the new budget for the harbour, and the vote was closer than anyone expected.",
    "Fishermen say the new quotas will cost them a third of their catch, and they plan to protest on Friday.",
    "A ferry company wants to run a second boat to the island in summer, if the town agrees to pay for a pier.",
]
RAIL_HEADS = ["Budget vote in the harbour town", "Fishermen against the new quotas", "A second ferry for the island"]


def test_teaser_rail_under_the_story_is_cut() -> None:
    rail = [x for head, teaser in zip(RAIL_HEADS, RAIL_TEASERS, strict=True) for x in (head, teaser, "Find out more")]
    page = "\n".join(["Home", "News", HEADLINE, "12 March 2024", *STORY, *rail, "© 2024 Coast Herald"])
    text = cleaner.clean(page).articles[0].text
    assert STORY[-1] in text and not any(t in text for t in RAIL_TEASERS) and RAIL_HEADS[0] not in text
    off = cleaner.Cleaner(CleanerConfig(thresholds={"main.rail_min_items": 99})).clean(page).articles[0].text
    assert all(t in off for t in RAIL_TEASERS)  # without the rail rule the teasers' prose joins the body


def test_long_paragraph_trailing_off_is_prose_a_teaser_is_not() -> None:
    long = " ".join(["Es war ein langer Tag am Hafen, und wir haben viel gesehen und gehört."] * 5) + " Mal sehen…"
    assert text_value(long) > 0  # 70 words: the writer's own trailing off
    assert text_value("The council has voted on the new budget for the harbour, and the vote was…") < 0
    assert text_value(long[:-11] + " und […]") < 0  # an editor's cut stays a teaser at any length


BIO = "Als Redakteurin betreut sie den Blog rund um Häfen und Küsten, am liebsten mit Zahlen."
STORY_DE = [
    "Vier Hafenstädte an der Ostküste haben sich am Dienstag darauf geeinigt, die Kosten für neue Flutmauern zu teilen.",
    "Die Mauern sollen in Etappen über sechs Jahre gebaut werden, beginnend mit dem niedrigsten Abschnitt am alten Fischmarkt.",
    "Anwohner hatten die Arbeiten seit mehr als zehn Jahren gefordert, und viele versichern ihre Erdgeschosse nicht mehr.",
]


def _bio_page(name_lines: list[str]) -> str:
    head = ["Start", "Blog", "Hafenstädte teilen die Kosten für neue Flutmauern", "12. März 2024", "Anna Becker"]
    form = "Meinen Namen, E-Mail und Website in diesem Browser speichern, bis ich wieder kommentiere."
    tail = ["Anna Becker", BIO, "Schreibe einen Kommentar", form]
    return "\n".join([*head, STORY_DE[0], *name_lines, *STORY_DE[1:], *tail, "Impressum"])


def test_bare_name_over_a_short_bio_is_the_bio_box() -> None:
    # the name the header printed, again over a short paragraph closing the story: a bio box
    result = cleaner.clean(_bio_page([]))
    text = result.articles[0].text
    assert STORY_DE[-1] in text and BIO not in text and "Anna Becker" not in text
    assert "author.bio" in {r.rule for r in result.removals}
    assert "Browser speichern" not in text  # WordPress's comment form, in German


def test_name_recurring_between_paragraphs_is_a_speaker_not_a_bio_heading() -> None:
    # an interview: the name labels answers inside the story, so the last answer is the story's
    text = cleaner.clean(_bio_page(["Anna Becker"])).articles[0].text
    assert BIO in text


def test_story_sections_between_advert_labels_are_no_rail() -> None:
    # an advert label printed at a regular period inside a review: its sections are paragraphs
    long = [a + " " + b for a in STORY for b in STORY if a != b][:4]  # 60 words and more: no teaser
    page = "\n".join(["Home", HEADLINE, "12 March 2024", *STORY[:2], "Advert", *long[:2], "Advert", *long[2:], "Advert"])
    text = cleaner.clean(page).articles[0].text
    assert all(p in text for p in long)


def test_faq_closing_the_story_is_no_rail() -> None:
    faq = []
    for n, teaser in enumerate(RAIL_TEASERS):
        faq += [f"Who pays for wall number {n}?", "Answer:", teaser]
    alive = _lines([*STORY, *faq])
    assert rail_start(alive) == len(alive)  # "Answer:" labels the story's own content


TOUR = [
    "June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
    "June 10 – Tampa, FL @ Credit Union Amphitheatre",
    "June 14 – Alpharetta, GA @ Bank Amphitheatre (Formerly Verizon Amphitheatre)",
    "June 17 – Nashville, TN @ Bridgestone Arena",
    "June 19 – Charlotte, NC @ Music Pavilion",
    "June 20 – Raleigh, NC @ Music Park at Walnut Creek",
]


def test_list_of_one_shape_under_the_story_joins_it() -> None:
    page = "\n".join(["Home", "News", HEADLINE, "12 March 2024", *STORY, "The Tour Dates", *TOUR, "Impressum", "Kontakt"])
    text = cleaner.clean(page).articles[0].text
    assert all(row in text for row in TOUR) and "The Tour Dates" in text
    assert "Impressum" not in text


def test_menu_or_short_list_under_the_story_stays_out() -> None:
    menu = ["News | Sport", "Politics | World", "Business | Money", "Culture | Books", "Travel | Food", "Jobs | Cars"]
    page = "\n".join(["Home", HEADLINE, "12 March 2024", *STORY, "More sections", *menu])
    assert not any(m in cleaner.clean(page).articles[0].text for m in menu)  # separators are a menu's shape
    page = "\n".join(["Home", HEADLINE, "12 March 2024", *STORY, "The Tour Dates", *TOUR[:3], "Impressum"])
    assert TOUR[0] not in cleaner.clean(page).articles[0].text  # three rows: not enough to be the story's list
