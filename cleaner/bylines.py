"""Bylines anywhere on the page, for metadata only: "Posted on 21. Juli 2019 by Realiberry",
"Veröffentlicht am 12. Juni 2017 von gizzmo", "Par Loïc Le Clerc |", "Autor: Gàbor Muniér".

The removal passes read bylines in the article's header, in the shapes they can remove safely.
This scan reads every line of the original page (removed or not: switching a rule off keeps the
metadata, and a rule removing a line does not lose its author), in each pack's words, and keeps
only the name: interface words, dates and counters printed after it end it.
"""

from __future__ import annotations

import functools
import re

from cleaner.facts import Fact
from cleaner.features import is_date_line
from cleaner.model import Block
from cleaner.rules import LINE_CACHE, compile_safe, month_numbers, pattern, per_ruleset

MAX_LINE_WORDS = 16  # a byline is a short line; prose that says "by" is longer
MAX_NAME_WORDS = 4
SEPARATORS = "|·•/–—-»"
SHORT_DATE_WORDS = 4
TIME_AT_END = compile_safe(r"\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|uhr|h)?$", re.I)
DIGIT = compile_safe(r"\d")
INITIAL = compile_safe(r"\w\.")
HANDLE = compile_safe(r"[\d_@.]")  # "r23", "c1ph4", "www.koffergepackt.com": a user name
COUNTER = compile_safe(r"(?<!\S)\d+(?!\S)")  # "34" in "Permalink 34 Comments"


@functools.lru_cache(maxsize=16384)
def clean_name(value: str) -> str | None:
    """The name at the start of a byline's value, without what the page prints after it:
    "Umair Irfan Updated Nov" → "Umair Irfan", "Kay 24 Comments" → "Kay"; None when no name
    is left (an interface word, a date or a counter is never a name)."""
    tokens = value.strip().split()
    stop = pattern("name_stop")
    interface = pattern("interface_word")
    months = month_numbers()
    kept: list[str] = []
    for n, token in enumerate(tokens):
        bare = token.strip(".,;:()[]'\"’")
        if not bare or stop.fullmatch(bare) or interface.fullmatch(bare) or (n and bare.casefold() in months):
            break  # a first name may be a month's ("Jan de Vries", "April Ryan"); "August" alone is not
        if n and DIGIT.search(bare):
            break  # a date or a counter after the name; a handle's own digits ("r23") open it
        kept.append(token.rstrip(",;:"))
        if token.endswith((",", ";")):
            break
    name = " ".join(kept).strip(" -–—")
    if not INITIAL.fullmatch(kept[-1] if kept else ""):
        name = name.rstrip(".")  # "Jane Doe." ends a sentence; "R. R." keeps its initial
    if len(kept) == 1 and name.casefold() in months:
        return None
    if not name or len(kept) > MAX_NAME_WORDS or DIGIT.fullmatch(name[:1] or "x") or not any(c.isalpha() for c in name):
        return None
    return name


def _lead_ok(prefix: str) -> bool:
    """What stands before the byline word is nothing, a separator, a date or a byline's lead-in
    ("Posted on …", "Ein Beitrag …"): not prose that happens to say "by"."""
    text = prefix.strip()
    if not text or text[-1] in SEPARATORS:
        return True
    short_date = DIGIT.search(text) is not None and len(text.split()) <= SHORT_DATE_WORDS  # "Dezember 26, 2019"
    return bool(short_date or is_date_line(text) or TIME_AT_END.search(text) or pattern("byline_lead_in").match(text))


MAX_LINE_CHARS = 400  # a byline is short: longer lines (a pasted blob) are never searched for one


@per_ruleset
def line_authors(text: str) -> str | None:
    """The author a byline line names, else None (see :func:`scan_authors`). Most lines hold
    no byline word: a test ~25x cheaper than the scan spares them it."""
    if len(text) > MAX_LINE_CHARS or not pattern("byline_key").search(text):
        return None
    return scan_authors(text)


def scan_authors(text: str) -> str | None:
    """The author a byline line names, else None. The name must end the line's prose: what
    follows it is nothing, a separator, a date, a counter or an interface word ("Von Tunis nach
    Algier" is a heading); a lower-case name ("von gizzmo") only after a date or a lead-in."""
    if len(text) > MAX_LINE_CHARS or len(text.split()) > MAX_LINE_WORDS:
        return None
    if pattern("staff_tail").search(text.strip()) or "©" in text:
        return None  # "By SafeHome staff" names a team
    for m in pattern("byline_scan").finditer(text):
        prefix = text[: m.start()]
        name = clean_name(m.group("name"))
        if name is None or not _lead_ok(prefix) or not _ends_prose(name, m.group("name"), text[m.end() :]):
            continue
        if name[:1].islower() and not HANDLE.search(name) and not prefix.strip():
            continue  # "by emailing us", "von sich aus": a word, not a user's handle
        return name
    return None


def _ends_prose(name: str, matched: str, tail: str) -> bool:
    """Whether the name closes the line's words: the match was cut by the name guard, or what
    follows starts with a separator, a digit or a word that ends names."""
    rest = tail.strip()
    if len(name) < len(matched.strip().rstrip(".")) or not rest or rest[0] in SEPARATORS + ",(" or rest[0].isdigit():
        return True
    word = rest.split()[0].strip(".,;:()[]'\"’")
    ends = pattern("name_end").fullmatch(word) or pattern("interface_word").fullmatch(word)
    return bool(ends) or word.casefold() in month_numbers()


def byline_facts(blocks: tuple[Block, ...] | list[Block]) -> list[Fact]:
    """A ``byline`` fact for the first line of the blocks that reads as a byline (later ones
    are comments, teasers and author boxes of other posts), or for a label line and the name
    printed on the line below it ("Von:" / "Adrian Padeanu")."""
    for k, b in enumerate(blocks):
        if (name := line_authors(b.text)) is not None:
            return [Fact("authors", name, "byline", b.id)]
        short = len(b.text) <= MAX_LABEL_CHARS + 2  # most lines are longer than a label: no call for them
        if short and k + 1 < len(blocks) and (name := label_name(b.text, blocks[k + 1].text)) is not None:
            return [Fact("authors", name, "byline", blocks[k + 1].id)]
    return []


MAX_LABEL_CHARS = 24  # "Geschrieben von:", "words written by": a label alone is short


def label_name(label: str, below: str) -> str | None:
    """The name on the line below a line that is only a byline label ("By" / "Jane Doe"): the
    whole line must be the name (a heading under "Von" is no author)."""
    text = label.strip()
    if not text or len(text) > MAX_LABEL_CHARS or not pattern("byline_label").fullmatch(text):
        return None
    line = below.strip().rstrip(" ,;|/·–—-")
    if len(line) > MAX_LINE_CHARS or is_date_line(line):
        return None
    words = line.split()
    if len(words) > 1 and not all(w[:1].isupper() or w in PARTICLES for w in words):
        return None  # "Von" / "Tunis nach Algier": a heading; a one-word handle may be lower case
    name = clean_name(line)
    return name if name is not None and name == line else None


PARTICLES = frozenset({"von", "van", "de", "der", "den", "da", "di", "del", "du", "la", "le", "y", "bin", "al"})


def is_interface(value: str) -> bool:
    """A value made of the page's controls rather than a name ("Permalink 34 Comments Feed"):
    any interface word, or a counter, in it."""
    interface = pattern("interface_word")
    return any(interface.fullmatch(t.strip(".,;:()[]'\"’")) for t in value.split()) or bool(COUNTER.search(value))


PARTS = compile_safe(r"\s+[|·•/–—-]\s+|\s*\|\s*")
PERSON = compile_safe(r"[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,2}")  # two or three words, no digits
MAX_DATELINE_PARTS = 5


@functools.lru_cache(maxsize=LINE_CACHE)
def dateline_author(text: str) -> str | None:
    """The name in a dateline of parts ("Gunter Frank / 03.11.2021 / 06:00", "28. Juni 2019 |
    Klaus Quibeldey-Cirkel"): a part of two or three capitalised words beside a part that is a
    date, none of them an interface word."""
    parts = [p.strip() for p in PARTS.split(text.strip()) if p.strip()]
    if not 2 <= len(parts) <= MAX_DATELINE_PARTS or len(text.split()) > MAX_LINE_WORDS:
        return None
    if not any(is_date_line(p) for p in parts):
        return None
    for p in parts:
        if PERSON.fullmatch(p) and all(w[:1].isupper() for w in p.split()) and clean_name(p) == p and not is_date_line(p):
            return p
    return None


def dateline_facts(blocks: tuple[Block, ...] | list[Block]) -> list[Fact]:
    """A ``dateline`` fact for the first line that names a person beside its date."""
    for b in blocks:
        if (name := dateline_author(b.text)) is not None:
            return [Fact("authors", name, "dateline", b.id)]
    return []
