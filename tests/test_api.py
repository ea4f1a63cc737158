"""Unit tests of the public API: clean(), its options, the result model and the input limits."""

from __future__ import annotations

import datetime as dt
import time

import pytest

import cleaner
from cleaner import Block, CleanResult, InputTooLargeError, Removal
from cleaner.dates import page_order, resolve

TITLE = "Ferry timetable in Kestrel Bay changes after harbour dredging is delayed"
BODY = [
    "The ferry between Kestrel Bay and the island of Morven will run a reduced timetable from next week after work to "
    "dredge the harbour entrance was delayed by a dispute over where the spoil should be dumped.",
    "The operator said its larger vessel could not use the harbour safely at low tide, so crossings would be limited to "
    "four a day instead of seven until the dredging is finished.",
    "Islanders said the change would make it harder to reach the mainland for hospital appointments. “We have been "
    "patient for two years,” said café owner Anaïs Duret. “Now we are told to be patient for another summer.”",
    "The harbour authority said it expected to resume work in September once a licence for a new disposal site had been granted.",
]
PAGE = "\n".join(
    [
        "Kestrel Bay Herald",
        "Home",
        "News",
        "Sport",
        "What's on",
        "Search",
        TITLE,
        "By Tomás Ferreira",
        "2 hours ago",
        *BODY,
        "Share",
        "Facebook",
        "Twitter",
        "Email",
        "Terms",
        "Privacy",
    ]
)
HTML_PARAS = [
    "Cider makers across Orchard Vale say this year's apple harvest could be the largest in a decade, after a warm and "
    "settled spring brought an unusually heavy blossom.",
    "Growers said the fruit set well in May and that the dry weather in June had kept fungal disease at bay, although "
    "some warned that a late summer storm could still damage the crop.",
    "The county's largest cooperative, which presses fruit for more than sixty farms, has hired extra staff and rented "
    "two additional presses to cope with the expected volume in October.",
]
HTML_TITLE = "Cider makers in Orchard Vale expect a record harvest after a warm spring"
HTML = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Orchard Vale | The Vale Courier</title></head>
<body>
<header><nav><ul>
<li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/business">Business</a></li><li><a href="/weather">Weather</a></li>
</ul></nav></header>
<main><article>
<h1>{HTML_TITLE}</h1>
<p>{HTML_PARAS[0]}</p>
<p>{HTML_PARAS[1]}</p>
<p>{HTML_PARAS[2]}</p>
</article></main>
<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a></li>
<li><a href="/privacy">Privacy policy</a></li></ul>
<p>© 2025 The Vale Courier</p></footer>
</body></html>"""


def texts_of(result: CleanResult) -> str:
    return "\n\n".join(a.text for a in result.articles)


def test_article_from_text_page() -> None:
    result = cleaner.clean(PAGE)
    assert result.kind == "article"
    assert result.input_format == "text"
    (article,) = result.articles
    assert list(article.paragraphs) == BODY
    assert article.text == "\n\n".join(BODY)
    assert article.title == TITLE
    assert article.authors == ("Tomás Ferreira",)
    assert article.date_raw == "2 hours ago"
    assert article.language == "en"


def test_bytes_and_str_give_the_same_result() -> None:
    from_str = cleaner.clean(PAGE)
    from_bytes = cleaner.clean(PAGE.encode("utf-8"))
    assert from_bytes.to_dict() == from_str.to_dict()
    assert from_bytes.warnings == from_str.warnings


def test_utf8_bom_is_dropped() -> None:
    result = cleaner.clean(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    assert result.to_dict()["articles"] == cleaner.clean(PAGE).to_dict()["articles"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encoded_page_decodes(encoding: str) -> None:
    page = PAGE.replace("“", '"').replace("”", '"') if encoding == "latin-1" else PAGE
    result = cleaner.clean(page.encode(encoding))
    assert result.kind == "article"
    text = texts_of(result)
    assert "Anaïs Duret" in text
    assert "café owner" in text
    assert result.articles[0].authors == ("Tomás Ferreira",)
    if encoding == "cp1252":
        assert "“We have been patient for two years,”" in text
    assert any("decoded as" in w for w in result.warnings), result.warnings
    assert list(result.articles[0].paragraphs) == list(cleaner.clean(page).articles[0].paragraphs)


def test_declared_charset_is_honoured() -> None:
    html = HTML.replace('charset="utf-8"', 'charset="windows-1252"').replace("Orchard Vale say", "Orchard Vale (Côte) say")
    result = cleaner.clean(html.encode("cp1252"))
    assert "Orchard Vale (Côte) say" in texts_of(result)


def test_html_page_gives_its_paragraphs() -> None:
    result = cleaner.clean(HTML)
    assert result.input_format == "html"
    assert result.kind == "article"
    (article,) = result.articles
    assert list(article.paragraphs) == HTML_PARAS
    assert article.title == HTML_TITLE
    for cruft in ("Home", "Weather", "About us", "Privacy policy", "© 2025"):
        assert cruft not in article.text


def test_input_format_can_be_forced() -> None:
    as_text = cleaner.clean(HTML, input_format="text")
    assert as_text.input_format == "text"
    assert cleaner.clean(PAGE, input_format="html").input_format == "html"
    assert cleaner.clean(HTML).input_format == "html"


def test_disable_namespace_switches_off_every_rule_in_it() -> None:
    baseline = cleaner.clean(PAGE)
    nav_rules = {r.rule for r in baseline.removals if r.rule.startswith("nav.")}
    assert nav_rules, f"the page should trigger some nav.* rule: {[r.rule for r in baseline.removals]}"
    switched = cleaner.clean(PAGE, disable=("nav",))
    assert not [r for r in switched.removals if r.rule.startswith("nav.")]
    # Other namespaces stay on.
    others = {r.rule for r in baseline.removals if not r.rule.startswith("nav.") and r.rule != "main.boilerplate"}
    assert others <= {r.rule for r in switched.removals}


def test_disable_single_rule_id() -> None:
    baseline = cleaner.clean(PAGE)
    assert "share.bar" in baseline.stats()
    assert "Facebook" not in baseline.articles[0].paragraphs
    switched = cleaner.clean(PAGE, disable=["share.bar"])
    assert "share.bar" not in switched.stats()
    assert {r for r in baseline.stats() if r != "share.bar"} <= set(switched.stats()) | {"main.boilerplate", "nav.menu"}
    # With the share bar rule and the general menu/boilerplate rules off, the share bar is text again.
    back = cleaner.clean(PAGE, disable=["share.bar", "nav.menu", "main.boilerplate"])
    assert "Facebook" in back.articles[0].paragraphs
    assert all(p in back.articles[0].paragraphs for p in BODY)


def test_unknown_disable_is_a_config_error_naming_it() -> None:
    """A misspelt rule id would silently switch nothing off: it is refused, by name."""
    with pytest.raises(cleaner.ConfigError, match=r"no\.such-rule"):
        cleaner.clean(PAGE, disable=["no.such-rule"])
    with pytest.raises(cleaner.ConfigError, match="list of rule ids"):
        cleaner.clean(PAGE, disable="nav")


def test_stats_counts_blocks_per_rule() -> None:
    result = CleanResult(
        kind="article",
        articles=(),
        removals=(Removal("nav.menu", (0, 1, 2), "menu"), Removal("nav.menu", (5,), "menu"), Removal("promo.ad", (7,), "ad")),
    )
    assert result.stats() == {"nav.menu": 4, "promo.ad": 1}
    real = cleaner.clean(PAGE)
    expected: dict[str, int] = {}
    for r in real.removals:
        expected[r.rule] = expected.get(r.rule, 0) + len(r.block_ids)
    assert real.stats() == expected
    assert sum(real.stats().values()) == len({i for r in real.removals for i in r.block_ids})


def test_removals_point_at_blocks_and_do_not_overlap() -> None:
    result = cleaner.clean(PAGE)
    seen: set[int] = set()
    for r in result.removals:
        assert r.rule in cleaner.rule_ids()
        assert r.block_ids and r.reason
        assert not seen & set(r.block_ids), f"block removed twice: {r}"
        seen.update(r.block_ids)
        for i in r.block_ids:
            assert result.blocks[i].id == i
    firsts = [r.block_ids[0] for r in result.removals]
    assert firsts == sorted(firsts)
    # A removed block's text is in no article.
    for i in seen:
        assert result.blocks[i].text not in result.articles[0].paragraphs


def test_removal_to_dict_names_lines_and_text() -> None:
    blocks = (Block(0, "Home", 1), Block(1, "News", 2), Block(2, "A long article paragraph.", 4))
    d = Removal("nav.menu", (0, 1), "menu").to_dict(blocks)
    assert d == {"rule": "nav.menu", "blocks": [0, 1], "reason": "menu", "lines": [1, 2], "text": "Home / News"}
    assert Removal("nav.menu", (0,), "menu").to_dict() == {"rule": "nav.menu", "blocks": [0], "reason": "menu"}


def test_empty_input_is_empty_result_with_warning() -> None:
    for raw in ("", b"", "\n\n  \n"):
        result = cleaner.clean(raw)
        assert result.kind == "empty"
        assert result.articles == ()
        assert result.warnings, f"no warning for {raw!r}"
        assert result.to_dict()["kind"] == "empty"


def test_all_cruft_is_empty_result_with_reason() -> None:
    result = cleaner.clean("Accept all\nReject all\nManage preferences\nSign in\nSubscribe")
    assert result.kind == "empty"
    assert result.articles == ()
    assert any("boilerplate" in w or "no article" in w for w in result.warnings), result.warnings


def test_huge_input_is_refused_quickly() -> None:
    huge = "All work and no play makes a dull page. " * 640_000  # ~25.6 MB
    assert len(huge) > 25_000_000
    start = time.perf_counter()
    with pytest.raises(InputTooLargeError):
        cleaner.clean(huge)
    with pytest.raises(InputTooLargeError):
        cleaner.clean(huge.encode("ascii"))
    assert time.perf_counter() - start < 5.0
    assert issubclass(InputTooLargeError, cleaner.CleanerError)


def test_binary_bytes_raise_decode_error() -> None:
    with pytest.raises(cleaner.DecodeError):
        cleaner.clean(b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(cleaner.DecodeError):
        cleaner.clean(bytes(range(256)) * 8 + bytes(1000))


def test_deeply_nested_html_keeps_its_text() -> None:
    para = "Deep inside the page there is a paragraph of text that the cleaner should still be able to read."
    deep = "<html><body>" + "<div>" * 20_000 + f"<p>{para}</p>" + "</div>" * 20_000 + "</body></html>"
    start = time.perf_counter()
    result = cleaner.clean(deep)
    assert time.perf_counter() - start < 20.0
    assert result.input_format == "html"
    assert para in texts_of(result) or any(para in b.text for b in result.blocks)


def test_relative_date_resolves_only_with_now() -> None:
    without = cleaner.clean(PAGE).articles[0]
    assert without.date_raw == "2 hours ago"
    assert without.date is None
    now = dt.datetime(2025, 6, 10, 9, 30, tzinfo=dt.UTC)
    with_now = cleaner.clean(PAGE, now=now).articles[0]
    assert with_now.date_raw == "2 hours ago"
    assert with_now.date is not None
    assert with_now.date.startswith("2025-06-10T07:30")


def test_relative_days_resolve_to_a_date() -> None:
    page = PAGE.replace("2 hours ago", "3 days ago")
    now = dt.datetime(2025, 3, 2, 12, 0, tzinfo=dt.UTC)
    assert cleaner.clean(page, now=now).articles[0].date == "2025-02-27"
    assert cleaner.clean(page).articles[0].date is None


def test_bare_time_of_day_is_today_or_yesterday() -> None:
    """A river stamps today's items with the time alone: today at that time, yesterday's when
    the time is later than now; "14.05" (a day and month) is no time."""
    now = dt.datetime(2025, 6, 4, 12, 0, tzinfo=dt.UTC)
    assert resolve("06:56", now) == "2025-06-04T06:56:00"
    assert resolve("🕒 09h16", now) == "2025-06-04T09:16:00"
    assert resolve("23:10", now) == "2025-06-03T23:10:00"
    assert resolve("06:56") is None
    assert resolve("14.05", now) is None


def test_absolute_date_needs_no_now() -> None:
    page = PAGE.replace("2 hours ago", "28 May 2025")
    article = cleaner.clean(page).articles[0]
    assert article.date_raw == "28 May 2025"
    assert article.date == "2025-05-28"


def test_url_gives_sitename_when_page_has_none() -> None:
    page = PAGE.replace("Kestrel Bay Herald\n", "")  # no masthead line: the page names no site
    article = cleaner.clean(page, url="https://www.kestrelherald.example/news/1").articles[0]
    assert article.url == "https://www.kestrelherald.example/news/1"
    assert article.sitename == "www.kestrelherald.example"
    assert cleaner.clean(page).articles[0].sitename is None


def test_rule_ids_are_unique_namespaced_and_documented() -> None:
    ids = cleaner.rule_ids()
    assert len(ids) == len(set(ids))
    assert "consent.cookie-banner" in ids
    assert all("." in i for i in ids)
    from conftest import REPO

    doc = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    undocumented = [i for i in ids if f"`{i}`" not in doc]
    assert not undocumented, f"rule ids missing from docs/rules.md: {undocumented}"


def test_to_dict_shape() -> None:
    d = cleaner.clean(PAGE).to_dict()
    assert set(d) == {"kind", "input_format", "articles", "removals", "warnings"}
    art = d["articles"][0]  # type: ignore[index]
    assert set(art) == {
        "text",
        "paragraphs",
        "title",
        "sitename",
        "publisher",
        "authors",
        "date_raw",
        "date",
        "categories",
        "language",
        "url",
        "date_updated_raw",
        "date_updated",
    }


def test_timeout_abandons_a_slow_page_with_a_clear_error() -> None:
    page = "\n".join(f"Menu entry number {i} of a very long list" for i in range(30_000))
    with pytest.raises(cleaner.CleanTimeoutError):
        cleaner.clean(page, timeout=0.001)


def test_too_many_lines_is_refused_quickly() -> None:
    page = "\n".join(f"Item {i}" for i in range(60_000))
    with pytest.raises(cleaner.InputTooLargeError, match="lines/blocks"):
        cleaner.clean(page)


def test_many_comment_stamps_stay_linear() -> None:
    """A page of thousands of date lines once took quadratic time in the comment-thread pass."""
    page = "A first paragraph of the story, long enough to be prose, and it ends here.\n" + "\n".join(
        ["3 days ago", "A reply that says something about the story in a sentence or two."] * 5_000
    )
    result = cleaner.clean(page, timeout=20)
    assert result.kind in ("article", "empty")


@pytest.mark.parametrize(
    ("raw", "lang", "iso"),
    [
        ("04/02/2025 à 11:20", "fr", "2025-02-04T11:20:00"),  # day first outside US English
        ("04/02/2025", "en", "2025-04-02"),  # slashes in English: month first
        ("13/02/2025", "en", "2025-02-13"),  # ... unless the first number cannot be a month
        ("12 mars 2025", "fr", "2025-03-12"),
        ("12. März 2025", "de", "2025-03-12"),
        ("3 de marzo de 2025", "es", "2025-03-03"),
        ("22 avril 2025 à 09h15", "fr", "2025-04-22T09:15:00"),
        ("05/10/2018", "pt", "2018-10-05"),  # a language with no pack reads day first
    ],
)
def test_dates_resolve_as_the_language_writes_them(raw: str, lang: str, iso: str) -> None:
    assert resolve(raw, None, lang) == iso


def test_a_page_settles_how_its_numeric_dates_read() -> None:
    assert page_order(["14/05/2025", "12/05/2025"]) == "dmy"
    assert page_order(["05/14/2025", None]) == "mdy"
    assert page_order(["12/05/2025"]) is None  # nothing settles it: the language decides
    assert page_order(["14/05/2025", "05/14/2025"]) is None  # the page contradicts itself
    assert resolve("12/05/2025", None, "en", page_order(["14/05/2025"])) == "2025-05-12"


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2 hours ago", "2025-06-10T07:30:00+00:00"),
        ("3h", "2025-06-10T06:30:00+00:00"),
        ("hace 3 horas", "2025-06-10T06:30:00+00:00"),
        ("il y a 2 heures", "2025-06-10T07:30:00+00:00"),
        ("vor 3 Stunden", "2025-06-10T06:30:00+00:00"),
        ("3 uur geleden", "2025-06-10T06:30:00+00:00"),
        ("un'ora fa", "2025-06-10T08:30:00+00:00"),
        ("3 days ago", "2025-06-07"),
        ("ayer", "2025-06-09"),
        ("avant-hier", "2025-06-08"),  # not "hier"
        ("Gestern, 18:40", "2025-06-09T18:40:00"),
    ],
)
def test_ages_resolve_against_now_in_every_pack(raw: str, iso: str) -> None:
    now = dt.datetime(2025, 6, 10, 9, 30, tzinfo=dt.UTC)
    assert resolve(raw, now) == iso
    assert resolve(raw, None) is None  # without the caller's now an age stays unresolved
