"""Line shapes segmentation reads: labels, bullets, anchors of header groups, bylines and names."""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.features import (
    META_JOINS,
    SENTENCE_INSIDE,
    headline_credit,
    is_date_line,
    prose_score,
    words,
)
from cleaner.metadata import byline_authors, byline_outlet, is_outlet
from cleaner.model import Block
from cleaner.rules import compile_safe, compile_safe_regex, pattern, per_ruleset

MAX_BEFORE = 3  # label lines a group may hold before its date line (kicker, title, byline)
MAX_AFTER = 6  # label lines a group may hold after its date line
MAX_FOOT = 3  # label lines between an item's body and the date that closes it (source, author)
MIN_BODY_WORDS = 6
MAX_LABEL_WORDS = 25  # longer lines are prose, unless they read as a title
MAX_TITLE_WORDS = 40
SENTENCE_WORDS = 8  # a line this long ending in a full stop is a sentence, whatever its capitals
MAX_PREAMBLE_WORDS = 100  # prose above the first item header a listing page may have
HEAD_WINDOW = 40  # blocks from the top where a page's title line and its copies are looked for
BULLETS = ("- ", "• ", "· ", "* ", "– ")
TAIL_ICON = compile_safe_regex(r"\s[\p{So}\p{Cf}]{1,3}\s*$")  # a field icon before the date ("Gazette • 🕒 Today")
ICON = compile_safe(r"^[^\w\"“‘'(«#\[]+")  # the icon opening a field line ("🌐 ", "🗞 ")
SECTION_MARKS = ("|", "/", "›", "»", ">")  # "Business | May 2", "News › 14 May 2025": a section beside the date
DATE_REST_STRIP = " :" + "".join(sorted(META_JOINS))  # what joins a date to its source or section
FIELD_BREAK = compile_safe(r"\s+[·•|/–—]\s+")  # between fields of a meta line ("Echo · News · 3 days ago")


@dataclass(frozen=True, slots=True)
class Group:
    """One header group: the alive-list indexes ``[start, end)`` and the date line inside."""

    start: int
    end: int
    date: int
    closing: bool = False  # the date line closes the item, below its body (an author page's list)
    foot: int = 0  # closing groups: where the footer holding the date starts, below the body
    foot_end: int = 0  # ... and where it ends (counters and badges after the date included)


QUESTION_WORDS = 16


def is_label(b: Block) -> bool:
    """A line that can sit in a header: short, and not a sentence of prose."""
    n = words(b.text)
    end = b.text.rstrip()[-1:]
    if n > MAX_LABEL_WORDS:  # a press release's headline runs long, in Title Case and unpunctuated
        return n <= MAX_TITLE_WORDS and end not in ".!?…:;" and prose_score(b.text) < 0
    if n == 0:
        return False
    if n <= 6 or end not in ".!?…":
        return True
    if end == "?" and n <= QUESTION_WORDS and not SENTENCE_INSIDE.search(b.text):
        return True  # a headline asks one question ("What's actually in the mud at the bottom of the harbour?")
    return (n < SENTENCE_WORDS or end != ".") and prose_score(b.text) < 0.2  # titles ask questions


def bullet(text: str) -> str | None:
    """The label of a bulleted header line ("- Business" → "Business"), or None."""
    for mark in BULLETS:
        if text.startswith(mark) and words(text) <= 6:
            return text[len(mark) :].strip()
    return None


def anchor(text: str) -> bool:
    """A line that anchors a header group of its own: a date line or a headline with its credit."""
    return is_date_line(text) or headline_credit(text) is not None


@per_ruleset
def opens_as_byline(text: str) -> bool:
    """A line that opens with a byline word ("By", "Par", "Von", "Door"), whether or not the
    byline pattern can read the names after it."""
    return pattern("byline_lead").match(text.strip()) is not None


def names_line(text: str) -> bool:
    """A line of people's full names only, as a byline without "By" ("Lisa Kaczke and Trevor J.
    Mitchell"; "Plants and Animals" is no such line)."""
    if opens_as_byline(text):
        return False  # "By Eric Song and IGN Staff" is a byline, read as one
    parts = [p.strip(" .") for p in pattern("name_joiner").split(text.strip())]
    person = pattern("person_name")
    return len(parts) >= 2 and all(2 <= len(p.split()) <= 4 and person.fullmatch(p) and not is_outlet(p) for p in parts)


def opens_input(b: Block) -> bool:
    """The input's first line. A heading there stays in the text: the input may be a text that is
    already clean (a previous run's output), whose short first paragraph is not a page title;
    keeping it is what makes cleaning idempotent."""
    return b.id == 0


@per_ruleset
def byline_like(text: str) -> bool:
    """A byline line ("By Jane Doe", "By Reuters", "From staff reports")."""
    return bool(byline_authors(text)) or byline_outlet(text) is not None or bool(pattern("staff_credit").fullmatch(text.strip()))
