"""Metadata from text: title, site, publisher, authors, dates, categories, language.

Most of it is read where segmentation found it (a listing item's header group, an article's
"Title | Section | Site" line, its byline); this module holds the small parsers those share and
turns an item's facts into the fields of an Article.
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from collections import Counter
from importlib import resources

import regex

from cleaner.dates import resolve
from cleaner.features import WORD
from cleaner.rules import compile_safe, compile_safe_regex, pattern, per_ruleset

TITLE_SEPARATORS = compile_safe_regex(r"\s+(?:\||–|—|-|::|»|·)\s+")
DOMAIN = compile_safe_regex(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}/?$", regex.I)
LANGUAGE_SAMPLE = 4000  # characters: a few paragraphs settle the stop-word vote


@per_ruleset
def byline_authors(text: str) -> tuple[str, ...]:
    """The names a byline line gives ("By Jane Doe and John Roe" → two names), else () (cached:
    every pass that tells bylines from body lines asks for every line)."""
    m = pattern("byline").match(text.strip())
    if m is None or len(text.split()) > 14:
        return ()
    if pattern("staff_tail").search(text.strip()) and not pattern("name_joiner").search(m.group("names")):
        return ()  # "By RecallWatch staff" names a team ("By Eric Song and IGN Staff" still a person)
    names = [n.strip(" .") for n in pattern("name_joiner").split(m.group("names"))]
    return tuple(n for n in names if n and len(n.split()) <= 4 and n[:1].isupper() and not is_outlet(n))


@per_ruleset
def byline_outlet(text: str) -> str | None:
    """The outlet a byline names after the people ("By Jane Doe, The Caldwell Standard")."""
    m = pattern("byline").match(text.strip())
    if m is None:
        return None
    return next((n.strip(" .") for n in pattern("name_joiner").split(m.group("names")) if is_outlet(n.strip(" ."))), None)


@per_ruleset
def is_outlet(name: str) -> bool:
    """A publication's name rather than a person's (cached: the outlet words of every pack make
    a long alternation, asked about the same names again and again)."""
    return bool(pattern("outlet").match(name.casefold()))


def is_domain(text: str) -> bool:
    """A line that is a site's host name ("Arah.my", "www.example.co.uk")."""
    return bool(DOMAIN.match(text.strip()))


def split_title(text: str) -> tuple[str, list[str]]:
    """A page-title line "Title | Section | Site" into the title and the other parts, in order."""
    parts = [p.strip() for p in TITLE_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        return text.strip(), []
    title = max(parts, key=lambda p: len(p.split()))
    return title, [p for p in parts if p is not title]


@functools.cache
def _stopwords() -> dict[str, frozenset[str]]:
    data = tomllib.loads(resources.files("cleaner.rules").joinpath("languages.toml").read_text(encoding="utf-8"))
    return {lang: frozenset(str(w) for w in ws) for lang, ws in data.get("stopwords", {}).items()}


@functools.cache
def _stopword_langs() -> dict[str, tuple[str, ...]]:
    """Each stop word to the languages that list it: one lookup per token instead of one per language."""
    out: dict[str, list[str]] = {}
    for lang, ws in _stopwords().items():
        for w in ws:
            out.setdefault(w, []).append(lang)
    return {w: tuple(langs) for w, langs in out.items()}


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language from stop-word counts, or None when too short/unclear."""
    toks = WORD.findall(text[:LANGUAGE_SAMPLE].casefold())
    if len(toks) < 8:
        return None
    counts = Counter(toks)
    index = _stopword_langs()
    scores: Counter[str] = Counter()
    for word in index.keys() & counts.keys():
        for lang in index[word]:
            scores[lang] += counts[word]
    best = scores.most_common(2)
    if not best or best[0][1] < max(3, 0.08 * len(toks)):
        return None
    if len(best) > 1 and best[1][1] > 0.8 * best[0][1]:
        return None
    return best[0][0]


def resolve_date(raw: str | None, now: dt.datetime | None, lang: str | None = None, order: str | None = None) -> str | None:
    """ISO date for ``date_raw`` (see :mod:`cleaner.dates`), read as the page or its language writes dates."""
    return resolve(raw, now, lang, order)


MASTHEAD_LINES = 15  # lines from the top where a site prints its name
FOOTER_LINES = 40  # lines from the bottom where its copyright line sits
MASTHEAD_WORDS = 6  # "Northmere Fire and Rescue Service"
TRAILING_YEAR = compile_safe(r"\s+(?:19|20)\d{2}\s*$")
MIN_BRAND_CHARS = 3


def masthead_site(texts: list[str]) -> str | None:
    """The site's name as its masthead prints it, when the copyright line confirms it: "Meridian"
    at the top and "© 2025 Meridian Media Ltd." at the bottom. A short top line alone could be
    any label; the copyright owner alone carries legal suffixes the masthead does not."""
    copyright_line = pattern("copyright")
    owner = next((m.group("name") for t in reversed(texts[-FOOTER_LINES:]) if (m := copyright_line.search(t))), None)
    if owner is None:
        return None
    owner_norm = _without_article(" ".join(WORD.findall(TRAILING_YEAR.sub("", owner).casefold())))  # "© Name 2025"
    if not any(c.isalpha() for c in owner_norm):  # "© 1997 - ", "© 2020 -": an owner with no name confirms nothing
        return None
    tops = [(text, _without_article(" ".join(WORD.findall(text.casefold())))) for text in texts[:MASTHEAD_LINES]]
    tops = [(text, norm) for text, norm in tops if norm and len(norm.split()) <= MASTHEAD_WORDS]
    for text, norm in tops:  # the owner's name, or its initials: "CD Almendral" / "Club Deportivo Almendral"
        if owner_norm == norm or _initialled(text, owner_norm):
            return text.strip()
    for text, norm in tops:  # or its start: "Meridian" / "Meridian Media Ltd"
        if owner_norm.startswith(norm + " "):
            return text.strip()
    brand = owner_norm.split()[0]
    for text, norm in tops:  # the owner's brand with the title's own word: "Helix Weekly" / "Helix Media Pty Ltd"
        if len(brand) >= MIN_BRAND_CHARS and norm.split()[0] == brand and len(norm.split()) > 1 and text.strip().istitle():
            return text.strip()
    return None


def _initialled(text: str, owner_norm: str) -> bool:
    """Whether a masthead writes the owner's name with initials: "CD Almendral" for "club
    deportivo almendral" (a capitals token stands for as many words)."""
    letters: list[str] = []
    for token in WORD.findall(text):
        letters.extend(token.casefold() if token.isupper() and len(token) > 1 else [token.casefold()])
    words = owner_norm.split()
    initials = any(len(x) == 1 for x in letters)
    return (
        initials
        and len(letters) == len(words)
        and all(x == w or (len(x) == 1 and w.startswith(x)) for x, w in zip(letters, words, strict=True))
    )


def _without_article(norm: str) -> str:
    """A normalised name without a leading "the": "The Northbridge Post" is "Northbridge Post"."""
    return norm[4:] if norm.startswith("the ") else norm
