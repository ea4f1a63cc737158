"""Passes that follow the page's structure once segmentation has run: header lines taken as
metadata, copies of an item's title, and the main-content heuristic for what no phrase names."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from cleaner.density import REMOVED_VALUE, best_window, region_values
from cleaner.document import Document, Hint, Item, Proposal
from cleaner.features import (
    MIN_WEIGHT,
    block_date_line,
    block_value,
    date_span,
    length,
    norm_words,
    prose_value,
    text_value,
    words,
)
from cleaner.metadata import split_title
from cleaner.model import Block, Removal
from cleaner.passes.base import removal, runs
from cleaner.passes.phrases import sandwiched
from cleaner.rules import pattern
from cleaner.segment import byline_like, header_meta, opens_input
from cleaner.tuning import threshold


class HeaderPass:
    """Takes out of the body the header lines segmentation read metadata from (titles, bylines,
    date lines, listing item headers), each under the rule segmentation named."""

    rule_ids = (
        "title.heading",
        "meta.header",
        "listing.header",
        "listing.page-title",
        "listing.preamble",
        "listing.advert",
        "listing.tail",
    )

    def propose(self, doc: Document) -> Iterator[Proposal]:
        for item in doc.items:
            for block_id, rule, reason in item.header:
                yield Removal(rule, (block_id,), reason)


class TitleDuplicatePass:
    """Further copies of an item's title inside its region (a doubled heading, a video title
    repeated before its description), and other page-title lines of the page's own site
    ("Another story | Business | Site": a teaser's or a reprinted header, never body text)."""

    rule_ids = ("title.duplicate", "title.site-header")

    def propose(self, doc: Document) -> Iterator[Proposal]:
        for item in doc.items:
            want = norm_words(item.get("title") or "")  # with no title, only page-title lines go
            site = norm_words(item.get("sitename") or "")
            for b in doc.alive(item.start, item.end):
                if opens_input(b):
                    continue  # the first line is an original, not a copy
                if want and norm_words(b.text) == want:
                    yield removal(self.rule_ids[0], [b], "repeated title")
                elif "|" in b.text and (_names_site(b.text, site) if site else _page_title_shape(b.text)):
                    yield removal(self.rule_ids[1], [b], "page-title line of the page's own site")


def _page_title_shape(text: str) -> bool:
    """A "Title | Section | Site" line: a title and two or more short parts (a sentence of prose
    does not hold two such separators)."""
    title, parts = split_title(text)
    return len(parts) >= 2 and words(title) >= 3 and all(words(p) <= 4 for p in parts)


def _names_site(text: str, site: str) -> bool:
    """A "Title | … | Site" line whose last part is the site (as normalised words) and whose
    title part reads as one (three words or more)."""
    title, parts = split_title(text)
    return bool(parts) and norm_words(parts[-1]) == site and words(title) >= 3


NAV_MIN_RUN = 3
PROSE_WORDS = 10
NAV_MAX_WORDS = 5


class NavMenuPass:
    """Runs of three or more very short lines with no sentence punctuation: menus, section lists,
    footers and tag clouds, whatever their words."""

    rule_ids = ("nav.menu",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        if doc.listing:
            return
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            prose = [b.id for b in alive if words(b.text) >= PROSE_WORDS and block_value(b) > 0]
            if not prose:
                continue
            flags = [self._menu_like(b) for b in alive]
            for run in runs(alive, flags):
                # only above or below the body: short lines between paragraphs are a poem or a list
                if len(run) >= NAV_MIN_RUN and (run[-1].id < prose[0] or run[0].id > prose[-1]):
                    yield removal(self.rule_ids[0], run, f"menu-like run of {len(run)} short lines")

    @staticmethod
    def _menu_like(b: Block) -> bool:
        text = b.text.rstrip()
        return words(text) <= NAV_MAX_WORDS and text[-1:] not in '.!?:;,"”' and b.kind not in ("heading",)


LIST_MAX_ITEMS = 60
LIST_ITEM_WORDS = 30


def introduced_lists(blocks: tuple[Block, ...], values: list[float], removed: frozenset[int]) -> None:
    """Short lines right under a sentence ending in a colon ("Tour dates:") are that sentence's
    list, not navigation: give them a small positive value so the window keeps them."""
    k = 0
    while k < len(blocks):
        b = blocks[k]
        k += 1
        if b.id in removed or not b.text.endswith(":") or (values[k - 1] <= 0 and words(b.text) < 4):
            continue
        n = 0
        while k < len(blocks) and n < LIST_MAX_ITEMS and blocks[k].id not in removed:
            if values[k] > 0 or words(blocks[k].text) > LIST_ITEM_WORDS:
                break
            values[k] = 0.5 * max(MIN_WEIGHT, length(blocks[k].text))
            k += 1
            n += 1


HEADLINE_AFTER = frozenset({"liveblog.stamp", "meta.header", "title.heading", "title.duplicate"})


def _headline_above(doc: Document, blocks: tuple[Block, ...], i: int) -> int:
    """Move the window start up over a headline that sits right under a stamp, byline or title
    (a live-blog post's headline, a standfirst): short, but the article's first line."""
    above = blocks[i - 1] if i >= 1 else None
    if above is None or above.id in doc.removed or length(above.text) < 3:
        return i
    if opens_input(above):
        return i - 1
    return i - 1 if i >= 2 and doc.rules.get(blocks[i - 2].id) in HEADLINE_AFTER else i


HEADLINE_RULES = frozenset({"title.heading", "title.duplicate"})
HEADER_RULES = HEADLINE_RULES | {"meta.header"}
SENTENCE_ENDS = '.!?…"”“»«'
LONG_STANDFIRST = 2  # times ``main.standfirst_min_words``: a line this long needs no sentence end


def _standfirst_line(doc: Document, blocks: tuple[Block, ...], k: int) -> bool:
    """Whether the line at ``k`` reads as a standfirst: a sentence of a few words or more (or a
    long run without its full stop), opening in upper case, with no separator or label shape,
    and not a photo's caption (a bare credit beside it)."""
    text = blocks[k].text.strip()
    n = words(text)
    least = threshold("main.standfirst_min_words")
    if n < least or not (text[:1].isupper() or text[:1] in "\"„“»«'‘"):
        return False
    if any(sep in text for sep in EDGE_SEPARATORS) or text.endswith(":"):
        return False
    if text[-1:] not in SENTENCE_ENDS and n < LONG_STANDFIRST * least:
        return False
    if _holds_credit(text):
        return False
    return not (_bare_credit(doc, blocks, k - 1) or _bare_credit(doc, blocks, k + 1))


CREDIT_TAIL_WORDS = 3  # "… im Saal 104. / Jorge Ruberte": a name after the last slash is the photographer


def _holds_credit(text: str) -> bool:
    """Whether a line carries a photo's credit inside it, which makes it a caption: a copyright
    sign, a credit label ("Foto:", "Image caption"), or a short capitalised name after a
    closing slash."""
    if "©" in text or pattern("caption_label").search(text):
        return True
    tail = text.rpartition(" / ")[2] if " / " in text else ""
    return bool(tail) and words(tail) <= CREDIT_TAIL_WORDS and all(w[:1].isupper() for w in tail.split())


CREDIT_WORDS = 6  # a caption pass's removal this short is a bare credit ("Foto: Knauf"), not the caption itself


def _bare_credit(doc: Document, blocks: tuple[Block, ...], k: int) -> bool:
    """Whether the line at ``k`` is a photo's bare credit, which makes the line beside it its
    caption (a caption with its credit inside is one line, and its neighbour is free)."""
    return _by_credit(doc, blocks, k) and words(blocks[k].text) <= CREDIT_WORDS


def _cut_rail(doc: Document, blocks: tuple[Block, ...], i: int, j: int) -> int:
    """The body's end ``j`` moved up over a teaser rail that closes it (see :func:`rail_start`),
    as long as a paragraph of the story stays above it."""
    at = rail_start(list(blocks[i:]), j - i)  # removed lines too: another pass may have taken the controls
    if i + at >= j or not any(block_value(b) >= PARAGRAPH_VALUE for b in blocks[i : i + at] if b.id not in doc.removed):
        return j
    return i + at


def standfirst(doc: Document, blocks: tuple[Block, ...], i: int, title: str = "") -> list[Block]:
    """The standfirst (dek) between the article's header and its first paragraph: sentences the
    density run left out because header lines (byline, date) or furniture other passes took
    (share bar, advert label, photo credit) cut them off from the body. Read upward from the
    body's start over at most ``main.standfirst_reach`` lines: removed lines and short labels
    are passed, and the stretch must hold the page's header (the headline, where the reading
    stops, or a byline/date line), so a teaser rail above a bare body is never taken in. The
    headline is a line a title rule took, or one that reads as the item's ``title`` or opens the
    page's first line (a dump's ``<title>``: "Headline - Site"), as words."""
    found: list[Block] = []
    header = False
    page_title = norm_words(doc.blocks[0].text) if doc.blocks else ""
    for k in range(i - 1, max(-1, i - 1 - int(threshold("main.standfirst_reach"))), -1):
        b = blocks[k]
        rule = doc.rules.get(b.id)
        header = header or rule in HEADER_RULES
        if rule in HEADLINE_RULES or _headline(b.text, title, page_title):
            header = True
            break
        if b.id in doc.removed:
            continue
        if _standfirst_line(doc, blocks, k):
            found.append(b)
        elif words(b.text) > NAV_MAX_WORDS:
            break
    return found[::-1] if header else []


HEADLINE_MIN_WORDS = 3  # fewer words opening the page's title line are a section name, not its headline


def _headline(text: str, title: str, page_title: str) -> bool:
    """Whether a line is the article's headline: the item's title, or the words the page's
    title line opens with."""
    own = norm_words(text)
    if not own:
        return False
    if own == title:
        return True
    return words(text) >= HEADLINE_MIN_WORDS and (page_title + " ").startswith(own + " ")


EDGE_SEPARATORS = ("|", " // ", " · ", "»", "«", "http", "www.", "@")


def _edge_line(b: Block, doc: Document, counts: dict[str, int]) -> bool:
    """Whether a short line at the body's edge reads as the story's own (a sub-heading, a list's
    last item, a sign-off, a standfirst) rather than a widget's: a few words or more, no link or
    separator shape, no label's colon, no teaser's cut, printed once on the page."""
    text = b.text.strip()
    if b.id in doc.removed or text.endswith(":") or any(sep in text for sep in EDGE_SEPARATORS):
        return False
    if not threshold("main.edge_min_words") <= words(text) <= threshold("main.edge_max_words"):
        return False
    if text_value(text) < 0 < prose_value(text):
        return False  # a teaser cut short
    if not counts:  # the page's lines, counted once a line gets this far (most pages: never)
        for x in doc.blocks:
            key = x.text.strip().casefold()
            counts[key] = counts.get(key, 0) + 1
    return counts.get(text.casefold(), 0) <= 1


def _body_edges(doc: Document, blocks: tuple[Block, ...], i: int, j: int) -> tuple[int, int]:
    """Widen the body ``[i, j)`` over the story-shaped short lines right outside it (up to
    ``main.edge_lines_above`` / ``_below``, stopping at any removed line): a standfirst above the
    first paragraph, a list's last items and a sign-off under the last."""
    counts: dict[str, int] = {}
    limit = int(threshold("main.edge_lines_above"))
    n = 0
    while n < limit and i > 0 and _edge_line(blocks[i - 1], doc, counts) and not _by_credit(doc, blocks, i - 2):
        i, n = i - 1, n + 1
    n, limit = 0, int(threshold("main.edge_lines_below"))
    while n < limit and j < len(blocks) and blocks[j].text.rstrip()[-1:] in ".!?" and _edge_line(blocks[j], doc, counts):
        if _by_credit(doc, blocks, j + 1):
            break
        j, n = j + 1, n + 1
    return i, j


NAV_MARKS = frozenset("|/·»>•-–—")  # separators of menus and breadcrumbs, not a list's own shape
LIST_HEADING_WORDS = 8  # a list's heading over its rows ("The Doobie Brothers Tour Dates")


ROW_MARKS = 3  # marks of a row's shape compared: a row may add a bracket or a dash at its end


def _marks(text: str) -> str:
    """A line's shape as its first punctuation marks ("June 9 – Tampa, FL @ Arena (new)" →
    "–,@"): rows of one list share it, whatever their words."""
    return "".join(c for c in text if not c.isalnum() and not c.isspace() and c not in "'’.")[:ROW_MARKS]


def shaped_list_below(doc: Document, blocks: tuple[Block, ...], j: int) -> int:
    """The body's end ``j`` moved down over a list printed right under it (a heading line, then
    ``main.list_min_rows`` rows or more of one shape: tour dates, a table's rows): the story's
    own data, which a run of prose does not reach. Rows are short and share their punctuation
    marks, and a shape of menu separators alone is no list."""
    k = j
    if k < len(blocks) and blocks[k].id not in doc.removed and words(blocks[k].text) <= LIST_HEADING_WORDS:
        k += 1  # the list's heading
    shape = _marks(blocks[k].text) if k < len(blocks) else ""
    if not shape or set(shape) <= NAV_MARKS:
        return j
    end = k
    while end < len(blocks) and blocks[end].id not in doc.removed and words(blocks[end].text) <= LIST_ITEM_WORDS:
        if _marks(blocks[end].text) != shape:
            break
        end += 1
    return end if end - k >= threshold("main.list_min_rows") else j


def _by_credit(doc: Document, blocks: tuple[Block, ...], k: int) -> bool:
    """Whether the line at ``k`` is a photo's credit: a line beside it is that photo's caption."""
    return 0 <= k < len(blocks) and doc.rules.get(blocks[k].id) == "media.caption"


def title_anchor(doc: Document, item: Item) -> int:
    """Block id of the article's heading inside the page (the first line after the page's top line
    that repeats the title), or -1: the article starts under it."""
    title = item.get("title")
    if not title:
        return -1
    want = norm_words(title)
    return next((b.id for b in doc.blocks[item.start + 1 : item.end] if norm_words(b.text) == want), -1)


def _copy_below_body(values: list[float], anchor: int) -> bool:
    """Whether the title's copy at ``anchor`` stands under the body: the densest run of prose
    ends above it (an anchor inside the run is the heading over the story's second part)."""
    return best_window(values)[1] <= anchor


SUBHEAD_PARAGRAPHS = 2  # paragraphs of prose above a "title" inside the densest run that make it a sub-heading
PARAGRAPH_VALUE = 20.0  # a block's prose value that only a paragraph reaches (a full sentence of 20+ words)


def _subheading_anchor(values: list[float], anchor: int, title_at: list[int]) -> bool:
    """Whether the title's line at ``anchor`` is a sub-heading inside the story: the densest run
    of prose holds it with paragraphs above it (a section heading the page printed twice, taken
    for the title), so what lies above it is the story's first part, not the page's top. Short
    lines above it are teasers and labels the run took in: they make no story part. When the
    title also stands above the run (the page's title line at its top), the anchor is the
    story's own heading and the prose above it a teaser column."""
    i, j = best_window(values)
    if not i < anchor < j or any(k < i for k in title_at):
        return False
    return sum(1 for v in values[i:anchor] if v >= PARAGRAPH_VALUE) >= SUBHEAD_PARAGRAPHS


def _title_lines(item: Item, blocks: tuple[Block, ...]) -> list[int]:
    """Indexes of the region's lines that hold the item's title (alone, or as a page-title line
    "Title | Site")."""
    want = norm_words(item.get("title") or "")
    return [k for k, b in enumerate(blocks) if (norm_words(b.text) + " ").startswith(want + " ")] if want else []


RAIL_CONTROL_WORDS = 4  # a rail item's label or control ("mehr erfahren", "Read more", "Thema")
RAIL_MAX_PERIOD = 8  # lines per rail item, at most


def _rail_key(b: Block) -> str:
    """The words of a line that can be a rail item's label or control (short, no sentence, no
    colon: "Answer:" before each answer of an FAQ labels the story's own content)."""
    text = b.text.strip()
    if not 1 <= words(text) <= RAIL_CONTROL_WORDS or text[-1:] in ".!?,;:":
        return ""
    return norm_words(text)


def _same_slot(a: Block, b: Block) -> bool:
    """Whether two lines fill the same slot of a rail item: the same words, two short lines (a
    label, a headline), or two teasers (prose no longer than a teaser)."""
    if norm_words(a.text) == norm_words(b.text):
        return True
    wa, wb = words(a.text), words(b.text)
    if max(wa, wb) <= LIST_ITEM_WORDS // 2:
        return (block_value(a) > 0) == (block_value(b) > 0)
    return min(block_value(a), block_value(b)) > 0 and wa <= threshold("main.teaser_max_words")


def _teaser_item(item: list[Block]) -> bool:
    """Whether the lines between two copies of a rail's label or control make a teaser: a
    headline (a short line) and a line of prose, none longer than a teaser. Sections of the
    story between an advert label or a separator printed at a regular period have paragraphs."""
    if any(words(b.text) >= threshold("main.teaser_max_words") for b in item):
        return False
    short = any(words(b.text) <= LIST_ITEM_WORDS // 2 and block_value(b) <= 0 for b in item)
    return short and any(block_value(b) > 0 for b in item)


def rail_start(lines: list[Block], end: int | None = None) -> int:
    """Index in ``lines`` (the body ``lines[:end]`` and what follows it, removed lines included)
    where a teaser rail closing the body starts, or ``end``: a short line (a control such as
    "mehr erfahren", or a label) printed ``main.rail_min_items`` times or more at one regular
    period, reaching the body's end, each item a teaser (a headline and a short line of
    prose). A label
    that opens each item starts the rail at its first copy; for a control that closes each item
    (its last copy may lie under the body), the first item is read upward from its first copy
    over the lines that fill the same slots as the next item's, down to its headline."""
    end = len(lines) if end is None else end
    seen: dict[str, list[int]] = {}
    for k, b in enumerate(lines[: end + RAIL_MAX_PERIOD]):
        if key := _rail_key(b):
            seen.setdefault(key, []).append(k)
    best = end
    for at in seen.values():
        period = at[1] - at[0] if len(at) >= 2 else 0
        if len(at) < threshold("main.rail_min_items") or not 2 <= period <= RAIL_MAX_PERIOD or at[0] >= end:
            continue
        if any(b - a != period for a, b in itertools.pairwise(at)) or not end - period <= at[-1] < end + period:
            continue
        if not all(_teaser_item(lines[a + 1 : b]) for a, b in itertools.pairwise(at)):
            continue
        start = at[0]  # a label opening each item (a full item follows its last copy) starts the rail
        trailing = end - at[-1] < period
        while trailing and start > at[0] - period + 1 and _same_slot(lines[start - 1], lines[start - 1 + period]):
            start -= 1  # a control closing each item: the first item's lines above its first copy
        while start < at[0] and block_value(lines[start]) > 0:
            start += 1  # an item opens on its headline: prose above it is the story's last paragraph
        best = min(best, start)
    return best


class MainContentPass:
    """The general heuristic for what no phrase names: the article is the densest run of prose;
    what lies outside it (menus, teasers, footers, widgets in any wording) goes.

    Listing items are left alone: their bodies were delimited by the page's own repeated shape.
    """

    rule_ids = ("main.boilerplate",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        if doc.listing:
            yield from self._listing_tail(doc)
            return
        for item in doc.items or (Item(0, len(doc.blocks)),):
            start, end = item.start, item.end
            blocks = doc.blocks[start:end]
            values = region_values(blocks, doc.removed)
            introduced_lists(blocks, values, doc.removed)
            anchor = title_anchor(doc, item) - start
            if _copy_below_body(values, anchor) or _subheading_anchor(values, anchor, _title_lines(item, blocks)):
                anchor = -1  # a share or teaser box's copy of the title, not the heading
            for k in range(min(max(anchor, 0), len(values))):
                values[k] = min(values[k], 0.0)  # above the article's own heading nothing counts for it
            i, j = best_window(values)
            if i == j:  # only teasers cut short ("…"): with nothing else, they are the text (a listing item's, cleaned again)
                i, j = best_window([REMOVED_VALUE if b.id in doc.removed else prose_value(b.text) for b in blocks])
            if i == j:
                alive = [b for b in blocks if b.id not in doc.removed]
                if alive:
                    yield removal(self.rule_ids[0], alive, "no run of prose on the page")
                continue
            i = _headline_above(doc, blocks, i)
            i, j = _body_edges(doc, blocks, i, j)
            j = _cut_rail(doc, blocks, i, j)
            j = shaped_list_below(doc, blocks, j)
            dek = {b.id for b in standfirst(doc, blocks, i, norm_words(item.get("title") or ""))}
            before = [b for b in blocks[:i] if b.id not in doc.removed and b.id not in dek]
            after = [b for b in blocks[j:] if b.id not in doc.removed]
            if before:
                yield removal(self.rule_ids[0], before, "before the main content")
            if after:
                yield removal(self.rule_ids[0], after, "after the main content")

    def _listing_tail(self, doc: Document) -> Iterator[Proposal]:
        """What follows an item's body (the next item's stray kicker, comment counts, "Load
        more", the sidebar and footer after the last one): not that item's text, as it would not
        be in an article. The body is the densest run of prose in the item's region."""
        for item in doc.items:
            blocks = doc.blocks[item.start : item.end]
            i, j = best_window(region_values(blocks, doc.removed))
            after = [b for b in blocks[j:] if b.id not in doc.removed]
            if i < j and after:
                yield removal(self.rule_ids[0], after, "after the listing item's body")


REPEAT_MIN_WORDS = 4
Spans = list[tuple[int, int]]  # (first, last) block ids of body runs


def body_spans(doc: Document, boundaries: frozenset[int]) -> Spans:
    """Block ids ``(first, last)`` of each region's densest run of prose (its body as the
    main-content pass will see it), the ``boundaries`` counted as removed lines."""
    out: Spans = []
    removed = doc.removed | boundaries
    for start, end in doc.regions():
        blocks = doc.blocks[start:end]
        values = region_values(blocks, removed)
        introduced_lists(blocks, values, removed)
        i, j = best_window(values)
        if i < j:
            out.append((blocks[i].id, blocks[j - 1].id))
    return out


TOUCH = 3  # short lines (a share bar, a photo credit) between a lede and the paragraphs under it


def _opens_body(doc: Document, block_id: int, spans: Spans) -> bool:
    """Whether a block opens a body span: right above it across a few short, non-prose lines (a
    standfirst over its share bar), or among its first few lines. Lower down, a box's copy is the
    box's (a newsletter or donation box printed twice)."""
    for first, last in spans:
        if block_id > last:
            continue
        lo, hi = (block_id + 1, first) if block_id < first else (first, block_id)
        alive = [doc.blocks[k] for k in range(lo, hi) if k not in doc.removed]
        if len(alive) <= TOUCH and (block_id > first or not any(block_value(b) > 0 for b in alive)):
            return True
    return False


def _kept_copies(doc: Document, alive: list[Block], copies: list[int], bare: Spans, repeated: set[int]) -> set[int]:
    """Which copies of a repeated line are the article's own: a copy between two paragraphs (a
    pull quote's source); every copy inside the body (as it stands without repeated lines) when
    each stands in a run of repeated lines (a song's chorus); else the first copy opening that
    body (a lede a teaser box repeats). Copies in a row or amid the same lines are a caption's
    two forms or a widget printed twice: none is kept."""
    sandwich = next((i for i in copies if sandwiched(alive, i)), None)
    if sandwich is not None:
        return {sandwich}
    ids = [alive[i].id for i in copies]
    if any(b - a == 1 for a, b in itertools.pairwise(ids)):
        return set()  # printed twice in a row: an image's alt text and its caption
    if all(i - 1 in repeated or i + 1 in repeated for i in copies):
        inside = {i for i in copies if any(a <= alive[i].id <= b for a, b in bare)}
        if len(inside) == len(copies):
            return inside
    if _same_context(doc, ids):
        return set()  # a widget printed twice (a newsletter box, a menu) brings its neighbours
    return {next((i for i in copies if _opens_body(doc, alive[i].id, bare)), -1)}


def _same_context(doc: Document, ids: list[int]) -> bool:
    """Whether two copies of a line stand between the same lines above or below (as words)."""

    def near(k: int) -> str:
        return norm_words(doc.blocks[k].text) if 0 <= k < len(doc.blocks) else ""

    above = [near(k - 1) for k in ids]
    below = [near(k + 1) for k in ids]
    return any(len(set(side)) < len(side) and any(side) for side in (above, below))


class RepeatedLinePass:
    """A line of four words or more printed twice on an article page is a gallery caption, a
    teaser or a widget, not the story (stories do not repeat their sentences): the copies outside
    the article's body go, and the body keeps its own. Titles are taken before this runs;
    listings are left alone."""

    rule_ids = ("main.repeated",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        if doc.listing:
            return
        alive = doc.alive()
        seen: dict[str, list[int]] = {}
        for i, b in enumerate(alive):
            if words(b.text) >= REPEAT_MIN_WORDS:
                seen.setdefault(norm_words(b.text), []).append(i)
        groups = [copies for copies in seen.values() if len(copies) >= 2]
        if not groups:
            return
        repeated = {i for copies in groups for i in copies}
        bare = body_spans(doc, frozenset(alive[i].id for i in repeated))
        for copies in groups:
            keep = _kept_copies(doc, alive, copies, bare, repeated)
            gone = [alive[i] for i in copies if i not in keep]
            if gone:
                yield removal(self.rule_ids[0], gone, f"line printed {len(copies)} times")


DATED_LIST = 3  # date lines in a row that are a list in the story (tour dates, a timeline)


def _dated_lists(alive: list[Block]) -> set[int]:
    """Indexes of date lines in runs of DATED_LIST or more that carry more than the date: a
    header has one or two date lines; "June 9 -- Arena, Tampa" line after line is content."""
    out: set[int] = set()
    run: list[int] = []
    for k, b in enumerate([*alive, None]):
        if b is not None and block_date_line(b) and date_span(b.text) != (0, len(b.text)):
            run.append(k)
            continue
        if len(run) >= DATED_LIST:
            out.update(run)
        run = []
    return out


ENTRY_LINES = 2  # text lines under each date of a timetable ("2 June" / "Lines 1 and 3: …")
ENTRY_WORDS = 15  # a timetable's entry is a label, not a paragraph


def _dated_entries(alive: list[Block]) -> set[int]:
    """Indexes of date lines that head DATED_LIST or more entries in a row under a sentence that
    announces them ("The timetable is as follows:"), each date followed by the same number (one
    or two) of short lines of its own: a timetable flattened from a table, not a header's dates."""
    runs: list[list[int]] = []
    for k in (k for k, b in enumerate(alive) if block_date_line(b)):
        run = runs[-1] if runs else []
        step = k - run[-1] if run else 0
        entries = alive[k - step + 1 : k] if step else []
        regular = len(run) < 2 or step == run[-1] - run[-2]
        if 2 <= step <= ENTRY_LINES + 1 and regular and all(words(b.text) <= ENTRY_WORDS for b in entries):
            run.append(k)
        else:
            runs.append([k])
    introduced = [run for run in runs if run[0] > 0 and alive[run[0] - 1].text.rstrip().endswith(":")]
    return {k for run in introduced if len(run) >= DATED_LIST for k in run}


class MetaLinePass:
    """Bylines and date lines left inside an article page ("By Jane Doe", "Published Monday,
    November 18, 2019 8:22AM EST"): metadata, not body text."""

    rule_ids = ("meta.header",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        for item in doc.items or (Item(0, len(doc.blocks)),):
            has_date, has_authors = item.get("date_raw") is not None, bool(item.get_all("author"))
            has_source = item.get("source") is not None
            alive = doc.alive(item.start, item.end)
            dated = _dated_lists(alive) | _dated_entries(alive)
            for k, b in enumerate(alive):
                if k in dated or not (block_date_line(b) or byline_like(b.text)):
                    continue
                yield removal(self.rule_ids[0], [b], "byline or date line")
                # what segmentation did not read (a byline below a standfirst): the first of each
                meta = header_meta(b.text)
                for key, value in meta:
                    if (key == "date_raw" and not has_date) or (key == "author" and not has_authors):
                        yield Hint(key, value, b.id)
                    elif key == "source" and not has_source:
                        has_source = True
                        yield Hint("publisher", value, b.id)  # "By Reuters": the story's source
                has_date = has_date or any(k == "date_raw" for k, _ in meta)
                has_authors = has_authors or any(k == "author" for k, _ in meta)
