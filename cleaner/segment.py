"""Segmentation: is this page one article or a listing of several, and where is each one?

A listing is found from its repeated shape, never from a site's words: a *header group* is a short
run of label lines holding a date (source, "20 hours ago", "- Business", title) right before prose;
two or more groups with the same role signature, each followed by a real body, make a listing.
Each group's lines become that item's metadata and leave the body text.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

import regex

from cleaner.density import best_window, region_values
from cleaner.features import (
    META_JOINS,
    SENTENCE_INSIDE,
    URLISH,
    date_span,
    domain_credit,
    headline_credit,
    is_date_line,
    length,
    norm_words,
    prose_score,
    words,
)
from cleaner.metadata import byline_authors, byline_outlet, is_domain, is_outlet, masthead_site, split_title
from cleaner.model import Block
from cleaner.passes.base import Document, Item
from cleaner.rules import pattern

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
TAIL_ICON = regex.compile(r"\s[\p{So}\p{Cf}]{1,3}\s*$")  # a field icon before the date ("Gazette • 🕒 Today")
ICON = re.compile(r"^[^\w\"“‘'(«#\[]+")  # the icon opening a field line ("🌐 ", "🗞 ")
SECTION_MARKS = ("|", "/", "›", "»", ">")  # "Business | May 2", "News › 14 May 2025": a section beside the date
DATE_REST_STRIP = " :" + "".join(sorted(META_JOINS))  # what joins a date to its source or section
FIELD_BREAK = re.compile(r"\s+[·•|/–—]\s+")  # between fields of a meta line ("Echo · News · 3 days ago")


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


def _anchor(text: str) -> bool:
    """A line that anchors a header group of its own: a date line or a headline with its credit."""
    return is_date_line(text) or headline_credit(text) is not None


def _group_at(alive: list[Block], i: int) -> Group | None:
    """The header group around the date line at ``i``, or None when no body follows it."""
    start = i
    while start > 0 and i - start < MAX_BEFORE and alive[start].gap == 0 and is_label(alive[start - 1]):
        if is_date_line(alive[start - 1].text):
            break
        start -= 1
    end = i + 1
    while end < len(alive) and end - i <= MAX_AFTER and is_label(alive[end]) and not _anchor(alive[end].text):
        end += 1
    if end >= len(alive) or is_label(alive[end]):
        return None
    return Group(start, end, i)


def _closing_group_at(alive: list[Block], i: int) -> Group | None:
    """The item the date line at ``i`` closes: labels, then a body, then a footer holding the
    date ("Health" / title / summary / "Skelby Courier" / "12 May 2025" / "3 min read"), with a
    blank line after the footer, or None. Footer lines above the date (a source, an author) are
    at most MAX_FOOT; the fewest that leave a body above them win."""
    end = i + 1
    while end < len(alive) and not spaced(alive, end) and end - i <= MAX_AFTER and is_label(alive[end]):
        if is_date_line(alive[end].text):
            return None
        end += 1
    if end < len(alive) and not spaced(alive, end):
        return None
    for foot in range(i, max(i - MAX_FOOT, 0) - 1, -1):
        if foot < i and (alive[foot + 1].gap or not is_label(alive[foot]) or is_date_line(alive[foot].text)):
            return None
        if foot < i and short_sentence(alive[foot].text):
            return None  # the story's last line, not a footer field: the body runs to the date
        body = _body_above(alive, foot)
        if body < foot and body_words(alive, body, foot) >= MIN_BODY_WORDS and not alive[body].gap:
            return _closing_labels(alive, body, i, foot, end)
    return None


def spaced(alive: list[Block], k: int) -> bool:
    """Whether a blank line stands before ``alive[k]``, also when the lines between it and the
    previous surviving block were removed ("PRESENTED BY X" after a blank line opens a new part
    of the page even once the label is gone): more source lines lie between them than blocks."""
    if alive[k].gap or k == 0:
        return alive[k].gap > 0
    prev = alive[k - 1]
    return alive[k].line - prev.line - 1 > alive[k].id - prev.id - 1


def _body_above(alive: list[Block], end: int) -> int:
    """Where the run of body lines (not labels, no blank line inside) that ends at ``end`` starts."""
    body = end
    while body > 0 and alive[body].gap == 0 and (not is_label(alive[body - 1]) or short_sentence(alive[body - 1].text)):
        body -= 1
    return body


SHORT_SENTENCE_WORDS = 4


def short_sentence(text: str) -> bool:
    """A short line that is a sentence of the story ("An evaluation is due in December."), not
    a label: it ends with a full stop after several words, lower case among them."""
    text = text.strip()
    return (
        text.endswith(".")
        and words(text) >= SHORT_SENTENCE_WORDS
        and text[:1].isupper()
        and any(w.islower() for w in text.split()[1:])
    )


def _closing_labels(alive: list[Block], body: int, date: int, foot: int, end: int) -> Group | None:
    """The closing group whose body starts at ``body``: the labels above it, from a blank line."""
    start = body
    while start > 0 and body - start < MAX_BEFORE and alive[start].gap == 0 and is_label(alive[start - 1]):
        if is_date_line(alive[start - 1].text):
            return None
        start -= 1
    if start < body and (start == 0 or alive[start].gap):
        return Group(start, body, date, closing=True, foot=foot, foot_end=end)
    return None


def find_groups(alive: list[Block], closing: bool = False) -> list[Group]:
    """Every header group on the page, in order, not overlapping (``closing``: groups whose date
    line closes the item instead of heading it)."""
    groups: list[Group] = []
    for i, b in enumerate(alive):
        if not (is_date_line(b.text) if closing else _anchor(b.text)):
            continue
        g = _closing_group_at(alive, i) if closing else _group_at(alive, i)
        if g is not None and (not groups or g.start >= groups[-1].end):
            groups.append(g)
    return _unspaced_items(alive, groups) if closing and len(groups) >= 2 else groups


def _unspaced_items(alive: list[Block], groups: list[Group]) -> list[Group]:
    """Closing groups the page printed without a blank line after them, found from the shape
    the spaced ones share: as many labels above the body, and footer lines before and after the
    date, as most items have ("Health" / title / summary / "March 3, 2025" / "Continue reading →")."""
    head = Counter(g.end - g.start for g in groups).most_common(1)[0][0]
    lead = Counter(g.date - g.foot for g in groups).most_common(1)[0][0]
    tail = Counter(g.foot_end - g.date - 1 for g in groups).most_common(1)[0][0]
    dates = {g.date for g in groups}
    out = list(groups)
    for i, b in enumerate(alive):
        if i in dates or not is_date_line(b.text) or i + 1 + tail > len(alive) or i < lead:
            continue
        foot, foot_end = i - lead, i + 1 + tail
        body = _body_above(alive, foot)
        start = body - head
        lines = [*range(start, body), *range(foot, i), *range(i + 1, foot_end)]
        if start < 0 or body == foot or body_words(alive, body, foot) < MIN_BODY_WORDS:
            continue
        if all(is_label(alive[k]) and not is_date_line(alive[k].text) for k in lines):
            out.append(Group(start, body, i, closing=True, foot=foot, foot_end=foot_end))
    out.sort(key=lambda g: g.start)
    return [g for n, g in enumerate(out) if n == 0 or g.start >= out[n - 1].foot_end]


def signature(alive: list[Block], g: Group) -> tuple[str, ...]:
    """The group's shape: one letter per line (D date, B bullet, L label). A line repeating the one
    before it (a doubled title) does not change the shape, nor does the number of bullets (items
    have one category or three), nor below the date the number of labels (optional badges such as
    "🔒 PREMIUM" or "▶" between an item's time and its title); bylines are optional and ignored."""
    letters = [
        "D" if k == g.date else "B" if bullet(alive[k].text) else "L"
        for k in range(g.start, g.end)
        if (k == g.start or alive[k].text != alive[k - 1].text) and (k == g.date or not byline_like(alive[k].text))
    ]
    if g.closing:  # labels, body, date: the labels' number varies (kicker, badge), their place does not
        letters.append("D")
    after = -1 if g.closing else letters.index("D") if "D" in letters else len(letters)
    return tuple(
        x for i, x in enumerate(letters) if not (i > 0 and letters[i - 1] == x and (x == "B" or (x == "L" and i > after)))
    )


MIN_TITLE_WORDS = 3  # shorter labels alone do not make a header: user names head comments


def has_title(alive: list[Block], g: Group, least: int = MIN_TITLE_WORDS) -> bool:
    """A real item header names a title: a label of ``least`` words or more that is not a link."""
    return headline_credit(alive[g.date].text) is not None or any(
        k != g.date and words(text) >= least and not URLISH.search(_uncredited(text)) and not bullet(text)
        for k in range(g.start, g.end)
        if (text := alive[k].text)
    )


def _site_line(text: str) -> bool:
    """A line holding only the linked site, under a link aggregator's title ("(example.com)")."""
    credit = domain_credit(text)
    return credit is not None and not credit[0]


def _uncredited(text: str) -> str:
    """A title line without the linked site after it ("Title (example.com)" → "Title")."""
    credit = domain_credit(text)
    return text if credit is None else credit[0]


def body_words(alive: list[Block], start: int, end: int) -> int:
    """Prose words in ``alive[start:end]``."""
    return sum(words(b.text) for b in alive[start:end] if not is_label(b))


def listing_groups(alive: list[Block]) -> list[Group]:
    """The groups that make this page a listing, or [] for a single-article page: items headed by
    their date line, else items closed by it."""
    headed_groups = find_groups(alive)
    headed = _listing_groups(alive, headed_groups)
    if headed and not _gap_after_date(alive, headed):
        return headed
    if not headed and len(headed_groups) < 2 and sum(1 for b in alive if is_date_line(b.text)) < 2:
        return []  # fewer than two dates on the page: no listing either way
    return _listing_groups(alive, find_groups(alive, closing=True)) or headed


def _gap_after_date(alive: list[Block], groups: list[Group]) -> bool:
    """Whether most groups have a blank line between their date line and their body: the date
    then closes the item above (with its counters: "3 min read", "4 comments") rather than
    heading the labels below it."""
    gapped = sum(1 for g in groups if any(spaced(alive, k) for k in range(g.date + 1, min(g.end + 1, len(alive)))))
    return 2 * gapped >= len(groups)  # a tie tries the closing reading (it must still make a listing)


def _listing_groups(alive: list[Block], groups: list[Group]) -> list[Group]:
    if len(groups) < 2:
        return []
    if not groups[0].closing:
        before = Counter(g.date - g.start for g in groups).most_common(1)[0][0]
        groups = [Group(max(g.start, g.date - before), g.end, g.date) for g in groups]  # page labels above item 1
    bounds = dict(zip([g.start for g in groups], [g.start for g in groups[1:]] + [len(alive)], strict=True))
    bodied = [g for g in groups if body_words(alive, g.end, bounds[g.start]) >= MIN_BODY_WORDS]
    sized = [g for g in bodied if has_title(alive, g)]
    if len(sized) < 2:
        return []
    sigs = [signature(alive, g) for g in sized]
    common = Counter(sigs).most_common(1)[0][0]  # ties go to the first shape on the page, in every process
    shapes = (common, *_kicker_variants(common))
    chosen = [g for g in sized if signature(alive, g) in shapes]
    if sigs.count(common) < 2 or not _balanced(alive, chosen, bounds):
        return []
    # once items with real titles make the listing, items of its shape with a two-word title
    # ("Salt Hay") are items too; alone, such labels would be user names heading comments
    items = [g for g in bodied if g in chosen or (has_title(alive, g, MIN_TITLE_WORDS - 1) and signature(alive, g) in shapes)]
    return items[1:] if _page_dated(alive, items) else items


def date_shape(text: str) -> str:
    """How a date line is printed: digits and letters reduced to one mark each ("14.05.2025
    10:30" → "9.9.9 9:9")."""
    return LETTERS.sub("a", DIGITS.sub("9", text.strip()))


DIGITS = re.compile(r"\d+")
LETTERS = regex.compile(r"\p{L}+")


def _page_dated(alive: list[Block], items: list[Group]) -> bool:
    """Whether the first "item" is the page's own dated heading ("Wednesday, 14 May 2025" /
    "News from Lindenau" / its intro): every other item prints its date one way ("14.05.2025
    10:30") and the first another."""
    if len(items) < MIN_CLOSED_ITEMS + 1 or pattern("relative_date").search(alive[items[0].date].text):
        return False  # the newest item says "Yesterday" where the older ones print the date
    shapes = {date_shape(alive[g.date].text) for g in items[1:]}
    return len(shapes) == 1 and date_shape(alive[items[0].date].text) not in shapes


def _balanced(alive: list[Block], chosen: list[Group], bounds: dict[int, int]) -> bool:
    """The chosen items hold the page: little prose above the first, no article dwarfing the rest
    (comments or teasers below a story), and at least half the page's prose in their bodies."""
    sizes = [body_words(alive, g.end, bounds[g.start]) for g in chosen]
    if body_words(alive, 0, chosen[0].start) > MAX_PREAMBLE_WORDS or _article_among(sizes):
        return False
    return sum(sizes) >= 0.5 * body_words(alive, 0, len(alive))


def _kicker_variants(common: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The listing's shape with one label more or less on top (a kicker or section some items
    have: "Analysis" above one title, nothing above the next) or below the date (a "▶ Play
    episode" button on one item of a feed)."""
    top = (common[1:], ("L", *common)) if common[:1] == ("L",) else ()
    bottom = (common[:-1],) if common[-2:] == ("D", "L") else ((*common, "L"),) if common[-1:] == ("D",) else ()
    return top + bottom


ARTICLE_WORDS = 250  # an item this long, dwarfing the others, is the page's article
DWARF_RATIO = 5


def _article_among(sizes: list[int]) -> bool:
    """One "item" is a full article and the rest are far shorter: comments under a story (user
    name, time stamp, text) or teasers around it share a listing's shape but not its balance."""
    for i, size in enumerate(sizes):
        rest = sorted(sizes[:i] + sizes[i + 1 :])
        if size >= ARTICLE_WORDS and size >= DWARF_RATIO * rest[len(rest) // 2]:
            return True
    return False


def _date_meta(text: str) -> list[tuple[str, str]]:
    """What a date line states: the date, and the source, section, authors beside it
    ("Reuters · 3 hours ago", "Business | May 2", "Published: 12 May 2025 | Ports",
    "Posted on May 28, 2025 by Jane Hill in Swarms", "🕒 Yesterday")."""
    text = ICON.sub("", text)  # a field line's icon is no source
    span = date_span(text)
    if span is None:
        return []
    meta = [("date_raw", text[span[0] : span[1]].strip())]
    before, after = TAIL_ICON.sub(" ", pattern("date_label").sub("", text[: span[0]])), text[span[1] :]
    if names := byline_authors(text):
        meta.extend(("author", n) for n in names)
        filed = pattern("filed_in").search(after)
        meta.extend([("category", filed.group("section").strip())] if filed else [])
        return meta
    fields = [f for f in (ICON.sub("", x).strip(DATE_REST_STRIP) for x in FIELD_BREAK.split(f"{before} · {after}")) if f]
    if len(fields) > 1:  # "Echo · News · 3 days ago", "Gazette / by Lena Ortiz / 3h"
        return meta + _fields_meta(fields)
    rest = (before + " " + after).strip(DATE_REST_STRIP)
    lead = pattern("byline_lead").fullmatch(rest)
    if lead and " " not in lead.group("who"):  # "submitted 5 hours ago by quietferry": a user's handle
        return [*meta, ("author", lead.group("who"))]
    if rest:
        # "Business | May 2" names a section; "Reuters · 3 hours ago" names a source.
        section = before.rstrip().endswith(SECTION_MARKS) or after.lstrip().startswith(SECTION_MARKS)
        meta.append(("category" if section or not before.strip() else "source", rest))
    return meta


def _fields_meta(fields: list[str]) -> list[tuple[str, str]]:
    """Several fields beside a date: bylines name authors, the first other field the source and
    the rest sections ("The Parish Pump · Community · 20 Feb 2025")."""
    meta: list[tuple[str, str]] = []
    for f in fields:
        if names := byline_authors(f):
            meta.extend(("author", n) for n in names)
        else:
            meta.append(("category" if any(k == "source" for k, _ in meta) else "source", f))
    return meta


def trailing_tags(alive: list[Block], body: int, stop: int) -> list[int]:
    """Bulleted label lines ("- Politics") that close an item, below its body: the item's tags.
    They are never body text, and left in they would end the item's clean text with a label."""
    k = stop
    while k - 1 > body and bullet(alive[k - 1].text):
        k -= 1
    return list(range(k, stop))


def badge(text: str) -> bool:
    """A marker line such as "🔒 Paid" or "▶ Video": a symbol and a word, never a title."""
    return _iconed(text) and words(text) <= 1


def _iconed(text: str) -> bool:
    """A line that opens with an icon ("🌐 The Riverside Post", "🕒 May 30"): a labelled field."""
    head = text.strip()[:1]
    return bool(head) and not head.isalnum() and head not in "\"“‘'(«#[-–•·*"


def _byline(text: str) -> bool:
    """A line that opens as a byline, whether or not it names people ("Par Syndicat mixte du
    Haut-Lirac", a press release's issuer): never an item's title."""
    return bool(byline_authors(text)) or pattern("byline_lead").match(text.strip()) is not None


def _plain_labels(alive: list[Block], g: Group) -> tuple[list[str], list[str]]:
    """A group's label lines that can be its title (not bullets, bylines, badges or iconed
    fields), and those of them below its date."""
    plain = [
        alive[k].text
        for k in range(g.start, g.end)
        if k != g.date
        and not bullet(alive[k].text)
        and not _byline(alive[k].text)
        and not _iconed(alive[k].text)
        and not facet(alive[k].text)  # "Filed under: Utilities" is metadata, never the title
        and not _site_line(alive[k].text)  # "(example.com)" under the title
    ]
    after = [alive[k].text for k in range(g.date + 1, g.end) if alive[k].text in plain]
    return plain, after


def title_slot(alive: list[Block], g: Group) -> int | None:
    """Where this group's title sits among its labels above the date (counted from the date), or
    None when a label below the date is the title. The listing votes: one item's short title
    ("Slugs 1, Me 0") must not lose to its source's longer name."""
    plain, after = _plain_labels(alive, g)
    if _title_below(after) is not None or not plain:
        return None
    return plain.index(max(plain, key=len)) - len(plain)


def _title_below(after: list[str]) -> str | None:
    """The last label below the date long enough to be a title (a word or two is a topic chip)."""
    return next((t for t in reversed(after) if words(t) >= 3), None)


def _pick_title(plain: list[str], after: list[str], slot: int | None) -> str | None:
    """The title among the labels: the last long one below the date (seeds' shape), else the one
    in the listing's title slot, else the longest."""
    if (below := _title_below(after)) is not None:
        return below
    if slot is not None and -len(plain) <= slot and words(plain[slot]) >= 2:
        return plain[slot]
    return max(plain, key=len, default=None)


def group_meta(
    alive: list[Block], g: Group, slot: int | None = None, sections: frozenset[str] = frozenset(), credited: bool = False
) -> list[tuple[str, str]]:
    """The metadata a header group states: date, source/publisher, categories, title, authors.
    ``slot`` is where the listing's titles sit among the labels above the date; ``sections`` are
    the page's menu labels (normalised), which name sections, not sources; ``credited``: a credit
    line below the body names the item's source."""
    if credit := headline_credit(alive[g.date].text):
        return [("date_raw", credit[2]), ("source", credit[1]), ("title", credit[0])]
    meta = _date_meta(alive[g.date].text)
    texts = [alive[k].text for k in range(g.start, g.end) if k != g.date]
    meta.extend(("source", o) for t in texts if (o := byline_outlet(t)))
    beside = [alive[k].text for k in (g.date - 1, g.date + 1) if g.start <= k < g.end]  # "🌐 Source" by the date
    meta.extend(("source", ICON.sub("", t)) for t in beside if _iconed(t) and not badge(t))
    meta.extend(_footer_meta(alive, g))
    plain, after = _plain_labels(alive, g)
    title = _pick_title(plain, after, slot)
    linked = domain_credit(title) if title else None  # "Title (example.com)": the link's site is the source
    linked = linked or next((site for t in texts if _site_line(t) and (site := domain_credit(t))), None)
    meta.extend([("source", linked[1])] if linked and linked[1] else [])
    facets = [(t, value) for t in texts if (value := facet(t))]
    meta.extend(("category", value) for _, value in facets)
    others = [t for t in plain if t != title and not _alt_text(t, plain) and t not in dict(facets)]
    named = credited or linked is not None or any(key == "source" for key, _ in meta)  # the date line, a credit, the footer
    for t in others:
        chip = (t in after and words(t) <= 2) or (named and words(t) <= KICKER_WORDS and not is_outlet(t))
        meta.append(("category" if chip or _kicker(alive, g, t, title, sections, len(others) > 1) else "source", t))
    meta.extend(("source" if b in others else "category", b) for t in texts if (b := bullet(t)))
    meta.extend([("title", _uncredited(title))] if title else [])
    meta.extend(("author", a) for t in texts if not bullet(t) for a in byline_authors(t))
    meta.extend(("source", issuer) for t in texts if (issuer := _issuer(t)))
    return meta


def _issuer(text: str) -> str | None:
    """Who a byline names when it names no people: an organisation issuing the item ("Par
    Communauté d'agglomération d'Orvignac")."""
    lead = pattern("byline_lead").match(text.strip())
    if lead is None or byline_authors(text) or byline_outlet(text) or date_span(text) is not None:
        return None
    return lead.group("who").strip()


def _footer_meta(alive: list[Block], g: Group) -> list[tuple[str, str]]:
    """What the lines between a closing group's body and its date state: authors, else the
    item's source ("Skelby Courier" above "1 hr ago")."""
    meta: list[tuple[str, str]] = []
    for k in range(g.foot, g.date) if g.closing else ():
        text = ICON.sub("", alive[k].text)
        names = byline_authors(text)
        meta.extend(("author", n) for n in names)
        if not names and not badge(alive[k].text):
            meta.append(("source", byline_outlet(text) or text))
    return meta


def facet(text: str) -> str | None:
    """The section a labelled facet line names ("Industry: Energy", "Filed under: Economy")."""
    m = pattern("facet_label").match(text)
    return m.group("value").strip() if m else None


NUMBERED = re.compile(r"^\d{1,2}[.)]\s+(?=\S)")  # a digest's "1. " before an item's title


def _tidy(meta: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Field values as the item states them: a digest's number off the title ("1. Shipyard
    Sold"), the label off the source ("via The Coastal Ledger")."""
    out = []
    for key, value in meta:
        if key in ("title", "category"):
            value = NUMBERED.sub("", value)
        elif key == "source":
            value = pattern("source_label").sub("", value).strip() or value
        out.append((key, value))
    return out


def _alt_text(label: str, labels: list[str]) -> bool:
    """A logo's alt text printed beside the name it stands for ("Harbour Post logo")."""
    return label.casefold().endswith(" logo") and label[:-5].strip() in labels


KICKER_WORDS = 3


def _kicker(alive: list[Block], g: Group, label: str, title: str | None, sections: frozenset[str], sourced: bool = False) -> bool:
    """A short label right above the title that names a section: the site's menu lists it
    ("Europe"), it is set in capitals ("TRAVEL"), or another line names the item's source
    (``sourced``: "Valley Observer · 2 hours ago" below the title). Otherwise it is the item's
    source (a feed, a company, an outlet), which listings print in the same place."""
    texts = [alive[k].text for k in range(g.start, g.end) if not badge(alive[k].text)]
    above = title in texts and texts.index(title) > 0 and texts[texts.index(title) - 1] == label
    named = sourced or label.isupper() or norm_words(label) in sections
    return above and named and words(label) <= KICKER_WORDS and not is_outlet(label) and f"- {label}" not in texts


def segment_listing(doc: Document) -> tuple[Item, ...]:
    """The items of a listing page (empty when the page is not one)."""
    alive = doc.alive()
    groups = listing_groups(alive)
    items: list[Item] = []
    slots = Counter(x for g in groups if (x := title_slot(alive, g)) is not None).most_common(1)
    slot = slots[0][0] if slots else None
    top = alive[groups[0].start].id if groups else 0
    sections = frozenset(norm_words(b.text) for b in doc.blocks[:top] if words(b.text) <= KICKER_WORDS)
    for n, g in enumerate(groups):
        last = groups[n + 1].start if n + 1 < len(groups) else len(alive)
        items.append(_listing_item(doc, alive, g, last, slot, sections))
    if len(items) >= MIN_CLOSED_ITEMS + 1:
        items[-1] = _closed_like_the_rest(doc, alive, items, groups[-1])
    if items and groups[0].start > 0:
        first = items[0]
        pre = tuple(
            (b.id, "listing.page-title", "listing page heading")
            if is_label(b)
            else (b.id, "listing.preamble", "text above the first listing item (intro, ad copy)")
            for b in alive[: groups[0].start]
        )
        items[0] = Item(0, first.end, pre + first.header, first.meta)
    return tuple(items)


def _listing_item(doc: Document, alive: list[Block], g: Group, last: int, slot: int | None, sections: frozenset[str]) -> Item:
    """One listing item: the group's header lines and trailing tags as metadata, up to ``last``."""
    stop = alive[last].id if last < len(alive) else len(doc.blocks)
    lines = [*range(g.start, g.end), *(range(g.foot, g.foot_end) if g.closing else [])]
    header = tuple((alive[k].id, "listing.header", "listing item header (kept as metadata)") for k in lines)
    tags = trailing_tags(alive, g.end, last)
    facets = [(k, value) for k in range(g.end, last) if (value := facet(alive[k].text))]
    tag_lines = [*tags, *(k for k, _ in facets)]  # "- Politics", "Filed under: Economy" below the body
    tag_header = tuple((alive[k].id, "listing.header", "listing item tag line (kept as metadata)") for k in tag_lines)
    tag_header += _advert_after(doc, alive, g.end, last)
    credited = any(doc.rules.get(k) == "syndication.trailer" for k in range(alive[g.start].id, stop))  # "Source: X" below
    meta = _tidy(group_meta(alive, g, slot, sections, credited)) + [("category", bullet(alive[k].text) or "") for k in tags]
    meta += [("category", value) for _, value in facets]
    return Item(alive[g.start].id, stop, header + tag_header, tuple(meta))


MIN_CLOSED_ITEMS = 2


def _closing_mark(doc: Document, k: int) -> str:
    """What a line closing an item looks like: the rule that removed it (a control bar, "Share ·
    Save"), else its words ("Read the story →" under every item)."""
    return doc.rules.get(k) or f"text:{norm_words(doc.blocks[k].text)}"


def _closed_like_the_rest(doc: Document, alive: list[Block], items: list[Item], g: Group) -> Item:
    """The last item, ending where the other items end: on their control bar or link. What follows it
    ("You've reached the end", shortcuts, the site's footer) is the page below the listing."""
    closing = Counter(_closing_mark(doc, item.end - 1) for item in items[:-1]).most_common(1)[0]
    mark = closing[0] if closing[1] >= MIN_CLOSED_ITEMS and 2 * closing[1] >= len(items) - 1 else None
    last = items[-1]
    body = alive[g.end].id if g.end < len(alive) else last.end
    close = next((k for k in range(body, last.end) if mark and _closing_mark(doc, k) == mark), None)
    if close is None:
        return last
    tail = tuple((b.id, "listing.tail", "below the last item, which ends as the others do") for b in alive if b.id > close)
    return Item(last.start, last.end, last.header + tail, last.meta)


AD_LINES = 4  # an advert's own lines under its label (a title, a line of copy, a button)


def _advert_after(doc: Document, alive: list[Block], body: int, last: int) -> tuple[tuple[int, str, str], ...]:
    """The lines of an advert between an item's body and the next item: an ad label ("Ad ·
    example.com", "Sponsored result") and its few lines up to a blank line, which no item owns.
    A label followed by more lines than an advert holds is inside the story, which goes on."""
    if body >= last:
        return ()
    ids = range(alive[body].id, alive[last].id if last < len(alive) else len(doc.blocks))
    label = next((k for k in ids if doc.rules.get(k) == "promo.ad"), None)
    first = next((n for n in range(body, last) if label is not None and alive[n].id > label), last)
    end = next((n for n in range(first + 1, last) if spaced(alive, n)), last)  # the advert ends at a blank line
    if label is None or first == last or end - first > AD_LINES or alive[body].id > label:
        return ()
    return tuple((b.id, "listing.advert", "advert between listing items (under its label)") for b in alive[first:end])


def titleish(b: Block) -> bool:
    """A line that can be a title: a label of three words or more that is not a date, a byline
    or a link (those repeat on pages too, and must not win the title)."""
    return (
        is_label(b) and length(b.text) >= 3 and not is_date_line(b.text) and not byline_like(b.text) and not URLISH.search(b.text)
    )


def _title_line(alive: list[Block]) -> tuple[int, str, list[str]] | None:
    """The page-title line (index, title, other parts) among the first blocks: a line that repeats
    later, or a "Title | Section | Site" line."""
    head = alive[:HEAD_WINDOW]
    norms = [norm_words(b.text) for b in alive[: 4 * HEAD_WINDOW]]
    for i in range(1, len(head)):
        if norms[i] == norms[i - 1] and titleish(head[i]):
            for k, b in enumerate(head[: min(3, i - 1)]):  # a "Title | Section | Site" line above it
                title, parts = split_title(b.text)
                if parts and norm_words(title) == norms[i]:
                    return k, title, parts
            return i - 1, head[i].text, []  # a doubled heading is the title
    for i, b in enumerate(head[:3]):
        title, parts = split_title(b.text)
        if not all(is_label(x) for x in head[: i + 1]) or not titleish(Block(b.id, title, b.line)):
            continue  # the title part must read as one ("News | Sport | Arts" is a menu); the site may be a host name
        if not parts and words(title) <= KICKER_WORDS + 1 and is_outlet(title):
            continue  # a masthead the footer repeats ("Harlow Valley Sentinel"), not a headline
        if norm_words(b.text) in norms[i + 1 :] or (norm_words(title) in norms[i + 1 :] and parts):
            return i, title, parts
        if len(parts) >= 2 and "|" in b.text:
            return i, title, parts
    return None


DEK_WORDS = 60  # a standfirst is one paragraph
NEAR_BODY = 4  # blocks above the body where a lone heading is taken as the title
CRUMB = re.compile(r"\s*[›»>]\s*|\s+/\s+")  # between a breadcrumb's steps on one line
MASTHEAD_REACH = 3  # the page's first lines hold its own name, not a section
ROLE_WORDS = 8  # a writer's role line under the byline is short
HEADER_REACH = 12  # blocks above the body searched for the title over a byline or date line


def _title_heading(alive: list[Block], first_prose: int) -> int | None:
    """The article's heading when nothing repeats: the title-like line right above the byline or
    date line over the body (captions, summary bullets and author lines sit below those), else a
    lone heading right before the body."""
    near: int | None = None
    passed_meta = False
    dek_at = -1  # a standfirst set apart right above the byline: the title may stand above it
    for k in range(first_prose - 1, max(-1, first_prose - 1 - HEADER_REACH), -1):
        text = alive[k].text
        if byline_like(text) or is_date_line(text) or names_line(text) or _field_value(alive, k):
            passed_meta = True
            dek_at = k - 1 if k > 0 and words(alive[k - 1].text) <= DEK_WORDS and alive[k].gap else -1
            continue
        if length(text) < 3 or _site_name(alive, k) or (passed_meta and _role_line(alive, k)):
            continue  # player stubs, author names and roles, the site's name printed by the byline
        heading = titleish(alive[k]) and words(text) <= 25 and not _stamped(alive, k)
        if passed_meta:
            if heading:
                return _over_standfirst(alive, k)
            if not is_label(alive[k]) and not (k == dek_at and titleish(alive[k - 1])):
                break  # prose above the header: the title is not here
        elif heading and near is None and k >= first_prose - NEAR_BODY:
            near = k
        elif not heading and near is None and k >= first_prose - NEAR_BODY:
            near = -1  # the line right above the body is no heading: none near it
    return near if near is not None and near >= 0 else None


STANDFIRST_WORDS = 6  # a line this long right over the heading is no kicker: the heading is its standfirst
STANDFIRST_LINES = 2


FIELD_LABEL_WORDS = 3
FIELD_VALUE_WORDS = 5


def _field_value(alive: list[Block], k: int) -> bool:
    """A value printed under its field's label ("From:" / "Harbour Valley Water Board"): header
    metadata, not a heading."""
    label = alive[k - 1].text.strip() if k > 0 else ""
    short = words(alive[k].text) <= FIELD_VALUE_WORDS  # a name or a date, not a headline under a search box's "Text input:"
    return short and label.endswith(":") and words(label) <= FIELD_LABEL_WORDS and alive[k - 1].id == alive[k].id - 1


def _over_standfirst(alive: list[Block], k: int) -> int:
    """The title over the standfirst: a headline printed right above the line over the byline
    (no blank line, nothing removed between) is the title, and that line its summary."""
    for _ in range(STANDFIRST_LINES):
        below, up = k, k - 1
        if up > 0 and names_line(alive[up].text) and not alive[up].gap and alive[up].id == alive[k].id - 1:
            below, up = up, up - 1  # names without "By" between the title and the line over the byline
        if up < 0 or alive[below].gap or alive[up].id != alive[below].id - 1 or words(alive[up].text) < STANDFIRST_WORDS:
            break
        if not titleish(alive[up]) or names_line(alive[up].text) or words(alive[up].text) > 25 or _stamped(alive, up):
            break
        k = up
    return k


@functools.lru_cache(maxsize=65536)
def names_line(text: str) -> bool:
    """A line of people's full names only, as a byline without "By" ("Lisa Kaczke and Trevor J.
    Mitchell"; "Plants and Animals" is no such line)."""
    parts = [p.strip(" .") for p in pattern("name_joiner").split(text.strip())]
    person = pattern("person_name")
    return len(parts) >= 2 and all(2 <= len(p.split()) <= 4 and person.fullmatch(p) and not is_outlet(p) for p in parts)


def body_start(doc: Document, alive: list[Block]) -> int:
    """Index (in ``alive``) of the first block of the densest run of prose, the article body, or
    of the first prose block when no run stands out. Removed blocks count as boundaries, as in the
    main-content pass."""
    values = region_values(doc.blocks, doc.removed)
    i, j = best_window(values)
    if i < j:
        return next((k for k, b in enumerate(alive) if b.id >= i), len(alive))
    return next((k for k, b in enumerate(alive) if not is_label(b)), len(alive))


def opens_input(b: Block) -> bool:
    """The input's first line. A heading there stays in the text: the input may be a text that is
    already clean (a previous run's output), whose short first paragraph is not a page title;
    keeping it is what makes cleaning idempotent."""
    return b.id == 0


@functools.lru_cache(maxsize=65536)
def byline_like(text: str) -> bool:
    """A byline line ("By Jane Doe", "By Reuters", "From staff reports")."""
    return bool(byline_authors(text)) or byline_outlet(text) is not None or bool(pattern("staff_credit").fullmatch(text.strip()))


def _role_line(alive: list[Block], k: int) -> bool:
    """The writer's role under a byline ("Football reporter at Quayside Stadium")."""
    return k > 0 and byline_like(alive[k - 1].text) and words(alive[k].text) <= ROLE_WORDS and is_label(alive[k])


STAMP_WORDS = 3  # a key-events entry's stamp is a bare time or age ("12:30", "10h ago"), not a date


def _stamped(alive: list[Block], k: int) -> bool:
    """A headline under a bare time or age: an entry of a live blog's key-events list, not the
    title."""
    above = alive[k - 1].text.strip() if k > 0 else ""
    age = words(above) <= STAMP_WORDS and pattern("relative_date").search(above) is not None  # not "28 May 2025"
    return bool(pattern("time_line").fullmatch(above)) or age


def _site_name(alive: list[Block], k: int) -> bool:
    """A short outlet-shaped line the page prints elsewhere too (masthead, footer): the site's
    name by a byline, not a title ("The Millbrook Courier")."""
    text = alive[k].text
    if words(text) > 4 or not is_outlet(text):
        return False
    norm = norm_words(text)
    return any(norm_words(b.text) == norm for i, b in enumerate(alive) if i != k)


def _byline_and_date(
    blocks: list[Block], taken: set[int], header: list[tuple[int, str, str]], meta: list[tuple[str, str]]
) -> None:
    """Read the bylines (or names alone right over the date) and date lines of an article's
    header into ``meta`` and mark them as header lines. Every date goes in, in page order; the
    article takes the first (an "Updated" line follows the publication date; one printed above it
    comes after it here), a "First published" line first."""
    firsts: list[tuple[str, str]] = []
    updates: list[tuple[str, str]] = []
    for n, b in enumerate(blocks):
        if b.id in taken:
            continue
        field = n > 0 and blocks[n - 1].text.rstrip().endswith(":")  # "From:" / an organisation's name
        if (
            not field
            and not byline_like(b.text)
            and names_line(b.text)
            and any(is_date_line(x.text) for x in blocks[n + 1 : n + 3])
        ):
            meta.extend(("author", name.strip(" .")) for name in pattern("name_joiner").split(b.text.strip()))
            header.append((b.id, "meta.header", "author names over the date line (kept as metadata)"))
        elif byline_like(b.text) or is_date_line(b.text):
            first = pattern("first_published_label").match(b.text)
            (firsts if first else updates if pattern("update_label").match(b.text) else meta).extend(header_meta(b.text))
            kind = "byline" if byline_like(b.text) else "date line"
            header.append((b.id, "meta.header", f"{kind} (kept as metadata)"))
    meta[:0] = firsts  # "First published on …" is the publication date, whatever stamp is above it
    meta.extend(updates)


def header_meta(text: str) -> list[tuple[str, str]]:
    """What a byline or date line in an article's header states: authors, the date, the outlet."""
    outlet = byline_outlet(text)  # "By Reuters" names no author but the story's source
    names = byline_authors(text)
    return [*(("author", n) for n in names), *_date_meta(text)[:1], *([("source", outlet)] if outlet else [])]


def _section_above(doc: Document, alive: list[Block], title_norm: str, stop: int) -> tuple[int, str] | None:
    """The section label right above the article's heading, as (block id, section): a short line
    the site's menu lists ("Science"), one set in capitals ("LOCAL"), the last step of a
    breadcrumb ("Newsroom › Press Releases", "Home" / "Local News"), or a lone word below the
    masthead; never a date, a byline, an outlet or a line a phrase rule names other than a
    breadcrumb ("Live", "Advertisement")."""
    j = next((k for k in range(min(stop, len(alive)) - 1, -1, -1) if norm_words(alive[k].text) == title_norm), None)
    if not j:
        return None
    above = [b for b in doc.blocks[: alive[j].id] if words(b.text)]  # "/" lines between crumbs hold no word
    if not above:
        return None
    label = above[-1]
    text = CRUMB.split(label.text.strip())[-1].strip()
    crumb = text != label.text.strip() or (len(above) > 1 and bool(pattern("crumb_root").fullmatch(norm_words(above[-2].text))))
    if not text or words(text) > KICKER_WORDS or is_date_line(text) or byline_like(text) or (is_outlet(text) and not crumb):
        return None  # an outlet's name above a title is its source, unless a breadcrumb ends in it ("Local News")
    if {doc.rules.get(label.id, ""), *doc.hit(label)} - {"", "nav.breadcrumb", *(("nav.menu",) if crumb else ())}:
        return None  # cruft a rule names: only a breadcrumb (which a menu run may take) names sections
    menu = {norm_words(b.text) for b in above[:-1] if words(b.text) <= KICKER_WORDS}
    lone = words(text) == 1 and text.istitle() and label.id >= MASTHEAD_REACH and not alive[j].gap  # no blank line: a kicker
    named = (text.isupper() and len(text) > 2) or norm_words(text) in menu or crumb or lone
    return (label.id, text) if named else None


def segment_article(doc: Document) -> Item:
    """The single article of a page: its header lines (page-title line, title, copies, byline,
    date line) with the metadata they state."""
    alive = doc.alive()
    header: list[tuple[int, str, str]] = []
    meta: list[tuple[str, str]] = []
    first_prose = body_start(doc, alive)
    stamps = [b.id for b in doc.blocks if doc.rules.get(b.id) == "liveblog.stamp"]
    if stamps:  # a live blog's body starts at its first post's stamp; post headlines are not the title
        first_prose = min(first_prose, next((k for k, b in enumerate(alive) if b.id > stamps[0]), len(alive)))
    found = _title_line(alive)
    site = masthead_site([b.text for b in doc.blocks])
    if found is not None and not found[2] and site is not None and norm_words(found[1]) == norm_words(site):
        found = None  # the masthead, printed again under "From:" or in the footer, is the site, not the title
    title_norm = ""
    if found is not None:
        i, title, parts = found
        title_norm = norm_words(title)
        meta.append(("title", title))
        if parts:
            meta.append(("sitename", parts[-1]))
            meta.extend(("category", p) for p in parts[:-1])
        rule = "title.heading" if norm_words(alive[i].text) == title_norm else "meta.header"
        header.append((alive[i].id, rule, "page title line (kept as metadata)"))
        first_prose = max(first_prose, i + 1)
    elif alive and is_domain(alive[0].text):
        meta.append(("sitename", alive[0].text.strip()))
        header.append((alive[0].id, "meta.header", "site name line (kept as metadata)"))
    stop = min(first_prose, len(alive))
    lo = max(0, stop - 4)
    if not title_norm:
        k = _title_heading(alive, first_prose)
        if k is not None:
            title_norm = norm_words(alive[k].text)
            meta.append(("title", alive[k].text))
            lo = min(lo, k + 1)  # bylines and dates between the title and the body are its header
            if not opens_input(alive[k]):
                header.append((alive[k].id, "title.heading", "article title (kept as metadata)"))
    if title_norm and (section := _section_above(doc, alive, title_norm, stop)) is not None:
        meta.append(("category", section[1]))
        if section[0] not in doc.removed:
            header.append((section[0], "meta.header", "section label (kept as metadata)"))
    for b in alive[lo:stop]:
        if (value := facet(b.text)) is not None:  # "Categoría: Rutas en bici" under the title
            meta.append(("category", value))
            header.append((b.id, "meta.header", "facet line (kept as metadata)"))
    taken = {h[0] for h in header}
    _byline_and_date(alive[lo:stop], taken, header, meta)
    if not any(k == "sitename" for k, _ in meta) and site:
        meta.append(("sitename", site))
    return Item(0, len(doc.blocks), tuple(sorted(set(header))), tuple(meta))
