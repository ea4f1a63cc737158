"""Metadata as facts: the resolver's declared precedence, the byline scan, the name guard and the
HTML head's facts."""

from __future__ import annotations

import pytest

import cleaner
from cleaner.bylines import clean_name, dateline_author, line_authors
from cleaner.facts import Fact, precedence, resolve
from cleaner.metadata import author_guard, publisher_guard

HEAD_PAGE = """<html><head><title>Frost warning for the valley | Tarnfield Courier</title>
<meta property="og:site_name" content="Tarnfield Courier">
<meta property="article:published_time" content="2025-11-03T08:10:00+01:00">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Frost warning for the valley", "dateModified": "2025-11-04T09:00:00+01:00",
 "author": [{"@type": "Person", "name": "Delia Marsh"}]}</script></head>
<body><h1>Frost warning for the valley</h1>
<p>Fruit growers across the Tarn valley spent Sunday night lighting smudge pots between the rows of trees.</p>
<p>The cold snap arrives three weeks after an unusually warm spell that brought the trees into flower early.</p>
<p>Forecasters expect temperatures to recover by midweek, but warned that a second frost was possible.</p>
</body></html>"""


def test_resolver_takes_the_strongest_source_whatever_the_order() -> None:
    facts = [Fact("title", "A line", "title_line_split"), Fact("title", "The headline", "header")]
    assert resolve(facts)["title"].values == ("The headline",)
    assert resolve(reversed(facts))["title"].source == "header"
    assert precedence()["title"].index("header") < precedence()["title"].index("title_line_split")


def test_authors_keep_every_name_of_the_winning_source_only() -> None:
    facts = [Fact("authors", "Ann Lee", "byline"), Fact("authors", "Jo Doe", "header"), Fact("authors", "Max Roe", "header")]
    assert resolve(facts)["authors"].values == ("Jo Doe", "Max Roe")


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Posted on 21. Juli 2019 by Realiberry", "Realiberry"),
        ("Veröffentlicht am 12. Juni 2017 von gizzmo", "gizzmo"),
        ("Par Loïc Le Clerc |", "Loïc Le Clerc"),
        ("Autor: Gàbor Muniér, Datum: 03.Mär.19", "Gàbor Muniér"),
        ("12/04/2020 by Kay 24 Comments", "Kay"),
        ("By Umair Irfan Updated Nov 3, 2020", "Umair Irfan"),
        ("Von R. R. am 07.08.2013 um 09:07 Uhr", "R. R."),
        ("Von Risiken und Nebenwirkungen", None),  # a heading, not a byline
        ("Kinderrecht: Kind 1 möchte keine Fotos von sich im Internet", None),
        ("By SafeHome staff", None),
        ("Copyright © 2020 The Sound Of Science. Powered by WordPress", None),
    ],
)
def test_byline_scan_reads_the_name_only(line: str, name: str | None) -> None:
    assert line_authors(line) == name


def test_dateline_names_the_person_beside_the_date() -> None:
    assert dateline_author("Gunter Frank / 03.11.2021 / 06:00 / 167") == "Gunter Frank"
    assert dateline_author("Home | News | Weather") is None


def test_guard_keeps_names_not_interface_words() -> None:
    assert clean_name("Permalink 34 Comments Feed") is None
    assert author_guard(("Evan Symon", "August")) == ("Evan Symon",)
    assert author_guard(("Rob Picheta", "CNN")) == ("Rob Picheta",)
    assert author_guard(("Jan de Vries",)) == ("Jan de Vries",)  # a first name may be a month's
    assert publisher_guard("Permalink 34 Comments Feed") is None
    assert publisher_guard("The Tarnfield Courier") == "The Tarnfield Courier"


def test_html_head_metadata_fills_the_article_and_explain_names_it() -> None:
    result = cleaner.clean(HEAD_PAGE)
    a = result.articles[0]
    assert a.title == "Frost warning for the valley"
    assert a.authors == ("Delia Marsh",)
    assert a.sitename == "Tarnfield Courier"
    assert a.date == "2025-11-03T08:10:00+01:00"
    assert a.date_updated == "2025-11-04T09:00:00+01:00"
    sources = dict(a.sources)
    assert sources["authors"] == "jsonld:author"
    assert sources["date_raw"] == "meta:article:published_time"
    assert sources["sitename"] == "meta:og:site_name"


def test_switching_the_header_rule_off_keeps_the_byline() -> None:
    page = "\n".join(
        [
            "Frost warning for the valley",
            "Posted on 3 November 2025 by Delia Marsh",
            "Fruit growers across the Tarn valley spent Sunday night lighting smudge pots between the rows of trees.",
            "The cold snap arrives three weeks after an unusually warm spell that brought the trees into flower early.",
            "Forecasters expect temperatures to recover by midweek, but warned that a second frost was possible.",
        ]
    )
    on, off = cleaner.clean(page), cleaner.clean(page, disable=["meta"])
    assert on.articles[0].authors == off.articles[0].authors == ("Delia Marsh",)
