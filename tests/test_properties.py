"""Property tests: robustness on arbitrary input, and invariants on realistic generated pages."""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner import CleanResult

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
WORD = re.compile(r"\w+")

# --- realistic page lines -------------------------------------------------------------------------

VOCAB = (
    "the",
    "council",
    "said",
    "on",
    "monday",
    "that",
    "work",
    "new",
    "bridge",
    "would",
    "begin",
    "in",
    "spring",
    "after",
    "months",
    "of",
    "delay",
    "residents",
    "have",
    "complained",
    "about",
    "traffic",
    "and",
    "noise",
    "while",
    "engineers",
    "warned",
    "repairs",
    "were",
    "urgent",
    "officials",
    "expect",
    "project",
    "to",
    "cost",
    "more",
    "than",
    "forty",
    "million",
    "pounds",
    "take",
    "two",
    "years",
    "finish",
    "farmers",
    "growers",
    "teachers",
    "nurses",
    "drivers",
    "families",
    "visitors",
    "harbour",
    "river",
    "station",
    "market",
    "school",
    "library",
    "because",
    "although",
    "however",
    "meanwhile",
    "according",
    "figures",
    "showed",
    "report",
    "published",
    "week",
    "month",
    "year",
)
NAMES = ["Jane Doe", "Tomás Ferreira", "Chiara Benedetti", "Peter Lowe", "Anaïs Duret", "Harriet Moss"]
NAV = [
    "Home",
    "News",
    "Sport",
    "World",
    "Business",
    "Opinion",
    "Weather",
    "Menu",
    "Search",
    "Skip to content",
    "Sign in",
    "Subscribe",
    "Log in",
    "Latest",
    "Video",
    "Puzzles",
    "Contact us",
    "Privacy notice",
    "Terms of use",
    "About us",
]
COOKIE = [
    "We value your privacy",
    "We use cookies to improve your experience on our site.",
    "Accept all",
    "Reject all",
    "Manage preferences",
    "Cookie settings",
]
CRUFT = [
    "Advertisement",
    "Sponsored",
    "Share",
    "Facebook",
    "Twitter",
    "Email",
    "Copy link",
    "Related articles",
    "You may also like",
    "Comments",
    "No comments yet",
    "Leave a reply",
    "Listen to this article",
    "Read more",
    "Sign up for our newsletter",
    "Download our app",
    "Photo: REUTERS",
    "(Getty Images)",
    "Image 1 of 5",
    "00:51 - Source: CNN",
    "Now playing",
    "11 videos",
    "Home > World > Europe",
    "© 2025 The Example Post",
]
DATES = [
    "28 May 2025",
    "3 days ago",
    "20 hours ago",
    "May 28, 2025 12:30",
    "25-05-2025",
    "Updated 2 hours ago",
    "2025-05-28",
    "Yesterday",
    "Published 12 June 2025",
]
CATEGORIES = ["- Politics", "- Technology", "- Business", "- World", "- Health"]

words = st.sampled_from(VOCAB)


@st.composite
def sentence(draw: st.DrawFn) -> str:
    ws = draw(st.lists(words, min_size=8, max_size=24))
    return " ".join(ws).capitalize() + draw(st.sampled_from([".", ".", ".", "?", "!"]))


@st.composite
def prose(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(sentence(), min_size=1, max_size=4)))


@st.composite
def title(draw: st.DrawFn) -> str:
    return " ".join(draw(st.lists(words, min_size=5, max_size=13))).capitalize()


@st.composite
def header_pipe(draw: st.DrawFn) -> str:
    return f"{draw(title())} | {draw(st.sampled_from(['News', 'World', 'Business']))} | The Example Post"


STAMPS = ["Tom Watling28 May 2025 12:30", "Jane Doe3 June 2025 09:15", "00:51 - Source: CNN", "11 videos"]


@st.composite
def glued(draw: st.DrawFn) -> str:
    """A flattened line: prose with a live-blog stamp or a video stamp glued inside it."""
    return f"{draw(prose())}{draw(st.sampled_from(['', ' ']))}{draw(st.sampled_from(STAMPS))} {draw(prose())}"


line = st.one_of(
    glued(),
    st.sampled_from(NAV),
    st.sampled_from(COOKIE),
    st.sampled_from(CRUFT),
    st.sampled_from(DATES),
    st.sampled_from(CATEGORIES),
    st.sampled_from(NAMES).map(lambda n: f"By {n}"),
    st.just(""),
    title(),
    header_pipe(),
    prose(),
    prose(),
    prose(),
)


@st.composite
def page(draw: st.DrawFn) -> str:
    """A page dump: some header cruft, a title block, a body of prose with cruft mixed in, a footer."""
    head = draw(st.lists(line, max_size=10))
    meta = [draw(title()), *draw(st.lists(st.sampled_from([f"By {n}" for n in NAMES] + DATES), max_size=3))]
    body = draw(st.lists(st.one_of(prose(), prose(), prose(), glued(), line), min_size=1, max_size=14))
    foot = draw(st.lists(line, max_size=10))
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    return sep.join(head + meta + body + foot)


@st.composite
def article_page(draw: st.DrawFn) -> str:
    """Like page(), but the body holds only what an article body holds: prose, with the cruft that sits
    inside bodies (ads, captions, share bars, related blocks) between paragraphs."""
    head = draw(st.lists(line, max_size=10))
    meta = [draw(title()), *draw(st.lists(st.sampled_from([f"By {n}" for n in NAMES] + DATES), max_size=3))]
    body = draw(st.lists(st.one_of(prose(), prose(), prose(), st.sampled_from(CRUFT)), min_size=1, max_size=14))
    foot = draw(st.lists(line, max_size=10))
    sep = draw(st.sampled_from(["\n", "\n\n"]))
    raw = sep.join(head + meta + body + foot)
    # A story does not repeat its sentences; a repeated one is cruft by rule (main.repeated), judged
    # on context that re-cleaning changes. Such pages are the repeated-line tests' business, not this one's.
    segments = [" ".join(s.split()) for s in SEGMENT_SPLIT.split(raw) if len(s.split()) >= 4]
    assume(len(segments) == len(set(segments)))
    return raw


SEGMENT_SPLIT = re.compile("|".join([r"[.!?\n]", *map(re.escape, STAMPS)]))
mixed_lines = st.lists(line, max_size=40).map("\n".join)
pages = st.one_of(page(), mixed_lines)


def clean_or_cleaner_error(raw: str | bytes, **kwargs: object) -> CleanResult | None:
    """Run clean(); only CleanerError may escape it (anything else fails the test with its traceback)."""
    try:
        result = cleaner.clean(raw, **kwargs)  # type: ignore[arg-type]
    except cleaner.CleanerError:
        return None
    assert isinstance(result, CleanResult)
    assert result.kind in ("article", "listing", "empty")
    assert (result.kind == "empty") == (not result.articles)
    if result.kind == "empty":
        assert result.warnings
    for a in result.articles:
        assert a.text == "\n\n".join(a.paragraphs)
        assert all(p.strip() for p in a.paragraphs)
    return result


# --- robustness -----------------------------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_arbitrary_text_never_raises(raw: str) -> None:
    clean_or_cleaner_error(raw)


@SETTINGS
@given(st.binary())
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    clean_or_cleaner_error(raw)


@SETTINGS
@given(pages)
def test_realistic_pages_never_raise(raw: str) -> None:
    assert clean_or_cleaner_error(raw) is not None  # str input of this size is never refused
    assert clean_or_cleaner_error(raw.encode("utf-8")) is not None


@SETTINGS
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400), st.sampled_from(["<p>", "<div>", "<li>", "</p>", "<br>"]))
def test_html_like_text_never_raises(raw: str, tag: str) -> None:
    clean_or_cleaner_error(f"<html><body>{tag}{raw}{tag}</body></html>")


# --- invariants on realistic pages ----------------------------------------------------------------


# A fixed draw in CI, which must not pass or fail by chance. Random exploration is run by hand
# (CLEANER_RANDOM_DRAWS=5000 python -m pytest tests/test_properties.py -k again): rare
# counterexamples it found (a listing item ending in the next item's kicker or tags, a stray
# "Title | Section | Site" line kept as body) are fixed and pinned by fixtures.
RANDOM_DRAWS = int(os.environ.get("CLEANER_RANDOM_DRAWS", "0"))


@settings(SETTINGS, derandomize=not RANDOM_DRAWS, database=None, max_examples=RANDOM_DRAWS or 150)
@given(article_page())
@example(  # a heading and the paragraph after a blank line are no doubled title (cleaned output has blank lines)
    "The the the the the the the the.Tom Watling28 May 2025 12:30 The the the the the the the the the the.\n"
    "The the the the the\nBy Jane Doe\nThe the the the the the the the the the the the."
)
@example(  # no title found (a headline under an age): a "Title | Section | Site" line still goes
    "3 days ago\nThe the the the the\nThe the the the the the the the the the the.\n"
    "The the the the the | News | The Example Post\nThe the the the the the the the the the."
)
@example(  # a date line above the title: the title must still be read as one, not left as body text
    "28 May 2025\nThe the the the the\nThe the the the the the the the the the the.\n"
    "The the the the the | News | The Example Post\nThe the the the the the the the.Tom Watling28 May 2025 12:30 "
    "The the the the the the the the the the."
)
def test_cleaning_the_output_again_keeps_its_paragraphs(raw: str) -> None:
    """Idempotence: an article's clean text, cleaned again, comes back with the same paragraphs."""
    first = cleaner.clean(raw)
    for article in first.articles:
        again = cleaner.clean(article.text)
        paragraphs = [p for a in again.articles for p in a.paragraphs]
        assert "\n\n".join(paragraphs) == article.text, (
            f"re-cleaning removed {[p for p in article.paragraphs if p not in paragraphs]!r} "
            f"(rules {[r.rule for r in again.removals]})"
        )
        assert paragraphs == list(article.paragraphs)


@SETTINGS
@given(pages)
def test_no_invented_text(raw: str) -> None:
    """Every word of every article's text and title is a word of the input."""
    result = cleaner.clean(raw, input_format="text")
    source = set(WORD.findall(raw))
    for a in result.articles:
        for field, value in (("text", a.text), ("title", a.title or "")):
            invented = [w for w in WORD.findall(value) if w not in source]
            assert not invented, f"{field} has words not in the input: {invented}"


@SETTINGS
@given(st.text(max_size=2000))
def test_no_invented_text_arbitrary(raw: str) -> None:
    result = clean_or_cleaner_error(raw, input_format="text")
    assert result is not None
    for a in result.articles:
        for value in (a.text, a.title or "", a.sitename or "", *a.authors, *a.categories, a.date_raw or ""):
            invented = [w for w in WORD.findall(value) if w not in raw]
            assert not invented, f"{value!r} has words not in the input: {invented}"


@SETTINGS
@given(pages)
def test_deterministic(raw: str) -> None:
    assert cleaner.clean(raw).to_dict() == cleaner.clean(raw).to_dict()
    assert cleaner.clean(raw.encode("utf-8")).to_dict() == cleaner.clean(raw).to_dict()
