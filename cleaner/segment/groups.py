"""Header groups and the listing they make: a group is a short run of label lines holding a date
(source, "20 hours ago", "- Business", title) right before prose, or closing it; two or more groups
with the same role signature, each followed by a real body, make a listing."""

from __future__ import annotations

from collections import Counter

from cleaner import deadline
from cleaner.features import (
    URLISH,
    block_anchor,
    block_date_line,
    domain_credit,
    headline_credit,
    words,
)
from cleaner.model import Block
from cleaner.rules import compile_safe, compile_safe_regex, pattern
from cleaner.segment.shapes import (
    MAX_AFTER,
    MAX_BEFORE,
    MAX_FOOT,
    MAX_PREAMBLE_WORDS,
    MIN_BODY_WORDS,
    Group,
    bullet,
    byline_like,
    is_label,
)


def _group_at(alive: list[Block], i: int) -> Group | None:
    """The header group around the date line at ``i``, or None when no body follows it."""
    start = i
    while start > 0 and i - start < MAX_BEFORE and alive[start].gap == 0 and is_label(alive[start - 1]):
        if block_date_line(alive[start - 1]):
            break
        start -= 1
    end = i + 1
    while end < len(alive) and end - i <= MAX_AFTER and is_label(alive[end]) and not block_anchor(alive[end]):
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
        if block_date_line(alive[end]) and not pattern("update_label").match(alive[end].text):
            return None  # another item's date; an update stamp ("Mis à jour le 13/05/2025") belongs to this footer
        end += 1
    if end < len(alive) and not spaced(alive, end):
        return None
    for foot in range(i, max(i - MAX_FOOT, 0) - 1, -1):
        if foot < i and (alive[foot + 1].gap or not is_label(alive[foot]) or block_date_line(alive[foot])):
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
        if block_date_line(alive[start - 1]):
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
        deadline.check("segmentation (header groups)")
        if not (block_date_line(b) if closing else block_anchor(b)):
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
        deadline.check("segmentation (unspaced items)")
        if i in dates or not block_date_line(b) or i + 1 + tail > len(alive) or i < lead:
            continue
        foot, foot_end = i - lead, i + 1 + tail
        body = _body_above(alive, foot)
        start = body - head
        lines = [*range(start, body), *range(foot, i), *range(i + 1, foot_end)]
        if start < 0 or body == foot or body_words(alive, body, foot) < MIN_BODY_WORDS:
            continue
        if all(is_label(alive[k]) and not block_date_line(alive[k]) for k in lines):
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
        k != g.date and words(text) >= least and not URLISH.search(uncredited(text)) and not bullet(text)
        for k in range(g.start, g.end)
        if (text := alive[k].text)
    )


def site_line(text: str) -> bool:
    """A line holding only the linked site, under a link aggregator's title ("(example.com)")."""
    credit = domain_credit(text)
    return credit is not None and not credit[0]


def uncredited(text: str) -> str:
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
    if not headed and len(headed_groups) < 2 and sum(1 for b in alive if block_date_line(b)) < 2:
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


DIGITS = compile_safe(r"\d+")
LETTERS = compile_safe_regex(r"\p{L}+")


MIN_CLOSED_ITEMS = 2  # items a listing needs beside the one being judged


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
    if body_words(alive, 0, chosen[0].start) > MAX_PREAMBLE_WORDS or article_among(sizes):
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


def article_among(sizes: list[int]) -> bool:
    """One "item" is a full article and the rest are far shorter: comments under a story (user
    name, time stamp, text) or teasers around it share a listing's shape but not its balance."""
    for i, size in enumerate(sizes):
        rest = sorted(sizes[:i] + sizes[i + 1 :])
        if size >= ARTICLE_WORDS and size >= DWARF_RATIO * rest[len(rest) // 2]:
            return True
    return False
