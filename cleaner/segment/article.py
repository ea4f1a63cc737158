"""A single article's header: the page-title line or the heading over the byline and date, the
section above it, the byline, the dates, the site's name."""

from __future__ import annotations

from cleaner.density import best_window, region_values
from cleaner.document import Document, Item
from cleaner.features import (
    URLISH,
    block_date_line,
    is_date_line,
    length,
    norm_words,
    words,
)
from cleaner.metadata import byline_authors, byline_outlet, is_domain, is_outlet, masthead_site, split_title
from cleaner.model import Block
from cleaner.rules import compile_safe, pattern
from cleaner.segment.listing import KICKER_WORDS, date_meta, facet
from cleaner.segment.shapes import HEAD_WINDOW, byline_like, is_label, names_line, opens_as_byline, opens_input


def titleish(b: Block) -> bool:
    """A line that can be a title: a label of three words or more that is not a date, a byline,
    a link or a photo's credited caption (those repeat on pages too, and must not win the title)."""
    text = b.text
    return (
        is_label(b)
        and length(text) >= 3
        and not is_date_line(text)
        and not byline_like(text)
        and not URLISH.search(text)
        and "©" not in text
    )


BYLINE_LEAD_WORDS = 12


def _byline_lead(text: str) -> bool:
    """A byline the byline pattern cannot read ("Par Mathilde Roussel, avec le service météo de
    TéléCôte"): header metadata, never the title."""
    return words(text) <= BYLINE_LEAD_WORDS and opens_as_byline(text)


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
CRUMB_STEPS = 2
CRUMB = compile_safe(r"\s*[›»>]\s*|\s+/\s+")  # between a breadcrumb's steps on one line
MASTHEAD_REACH = 3  # the page's first lines hold its own name, not a section
ROLE_WORDS = 8  # a writer's role line under the byline is short
HEADER_REACH = 12  # blocks above the body searched for the title over a byline or date line


def _title_heading(alive: list[Block], first_prose: int) -> int | None:
    """The article's heading when nothing repeats: the title-like line right above the byline or
    date line over the body (captions, summary bullets and author lines sit below those), else a
    lone heading right before the body."""
    near: int | None = None
    passed_meta = False
    dek_at = -1  # a standfirst right above the byline: the title may stand above it
    for k in range(first_prose - 1, max(-1, first_prose - 1 - HEADER_REACH), -1):
        text = alive[k].text
        if _fact_box(alive, k):
            continue  # "Hazard: Undeclared peanuts" / "Sold: May 2 – June 7, 2024": a box of facts, no title or date
        if byline_like(text) or is_date_line(text) or names_line(text) or _field_value(alive, k) or _byline_lead(text):
            passed_meta = True
            dek_at = k - 1 if k > 0 and words(alive[k - 1].text) <= DEK_WORDS else -1
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


FACT = compile_safe(r"^[^\W\d_][\w &'’-]{0,24}:\s+\S")  # "Hazard: Undeclared peanuts", "Cocina: 9"
FACT_RUN = 3
FACT_WORDS = 12


def _fact_box(alive: list[Block], k: int) -> bool:
    """A line of a box of facts: three or more "Label: value" lines in a row (a recall's "at a
    glance", a review's scores), none of which is the title or the article's date."""

    def fact(n: int) -> bool:
        return 0 <= n < len(alive) and FACT.match(alive[n].text) is not None and words(alive[n].text) <= FACT_WORDS

    if not fact(k):
        return False
    lo, hi = k, k
    while fact(lo - 1):
        lo -= 1
    while fact(hi + 1):
        hi += 1
    return hi - lo + 1 >= FACT_RUN


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


def body_start(doc: Document, alive: list[Block]) -> int:
    """Index (in ``alive``) of the first block of the densest run of prose, the article body, or
    of the first prose block when no run stands out. Removed blocks count as boundaries, as in the
    main-content pass."""
    values = region_values(doc.blocks, doc.removed)
    i, j = best_window(values)
    if i < j:
        return next((k for k, b in enumerate(alive) if b.id >= i), len(alive))
    return next((k for k, b in enumerate(alive) if not is_label(b)), len(alive))


def _role_line(alive: list[Block], k: int) -> bool:
    """The writer's role under a byline ("Football reporter at Quayside Stadium")."""
    return k > 0 and byline_like(alive[k - 1].text) and words(alive[k].text) <= ROLE_WORDS and is_label(alive[k])


STAMP_WORDS = 3  # a key-events entry's stamp is a bare time or age ("12:30", "10h ago"), not a date
STAMP_CHARS = 60  # "Yesterday at 12:30 pm" is short: a longer line is no stamp


def _stamped(alive: list[Block], k: int) -> bool:
    """A headline under a bare time or age: an entry of a live blog's key-events list, not the
    title."""
    above = alive[k - 1].text.strip() if k > 0 else ""
    if len(above) > STAMP_CHARS:  # one "word" of 300k characters is no stamp, and costs seconds to search
        return False
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
            and any(block_date_line(x) for x in blocks[n + 1 : n + 3])
        ):
            meta.extend(("author", name.strip(" .")) for name in pattern("name_joiner").split(b.text.strip()))
            header.append((b.id, "meta.header", "author names over the date line (kept as metadata)"))
        elif byline_like(b.text) or block_date_line(b):
            first = pattern("first_published_label").match(b.text)
            (firsts if first else updates if pattern("update_label").match(b.text) else meta).extend(header_meta(b.text))
            kind = "byline" if byline_like(b.text) else "date line"
            header.append((b.id, "meta.header", f"{kind} (kept as metadata)"))
    meta[:0] = firsts  # "First published on …" is the publication date, whatever stamp is above it
    meta.extend(updates)  # the update's date stands for the publication's when the page gives no other
    meta.extend(("date_updated_raw", v) for k, v in updates if k == "date_raw")


def header_meta(text: str) -> list[tuple[str, str]]:
    """What a byline or date line in an article's header states: authors, the date, the outlet."""
    outlet = byline_outlet(text)  # "By Reuters" names no author but the story's source
    names = byline_authors(text)
    return [*(("author", n) for n in names), *date_meta(text)[:1], *([("source", outlet)] if outlet else [])]


CRUMB_REACH = 3  # lines above the title where a breadcrumb trail still names its section


def _trail(doc: Document, b: Block) -> bool:
    """A breadcrumb trail of two steps or more on one line ("Home › News › Weather")."""
    return doc.rules.get(b.id) in (None, "nav.breadcrumb", "nav.menu") and len(CRUMB.split(b.text.strip())) >= CRUMB_STEPS


def _sections_above(doc: Document, alive: list[Block], title_norm: str, stop: int) -> list[tuple[int, str]]:
    """The sections named right above the article's heading, as (block id, section): the label
    line over it, and a breadcrumb trail a few lines up when the label is something else ("News ›
    Weather" / "LIVE" / title; "Home / Travel / Europe" / "Travel" / title gives both)."""
    j = next((k for k in range(min(stop, len(alive)) - 1, -1, -1) if norm_words(alive[k].text) == title_norm), None)
    if not j:
        return []
    above = [b for b in doc.blocks[: alive[j].id] if words(b.text)]  # "/" lines between crumbs hold no word
    found = [_section_of(doc, alive[j], above, len(above) - 1, title_norm)] if above else []
    trail = next((n for n in range(len(above) - 1, max(-1, len(above) - 1 - CRUMB_REACH), -1) if _trail(doc, above[n])), None)
    if trail is not None and trail != len(above) - 1:
        found.append(_section_of(doc, alive[j], above, trail, title_norm))
    found.append(_stacked_trail(doc, alive[j].id))
    out: dict[str, tuple[int, str]] = {}
    for section in found:
        if section is not None:
            out.setdefault(norm_words(section[1]), section)
    return list(out.values())


STACK_REACH = 10  # blocks above the title where a trail printed one step per line may start


def _stacked_trail(doc: Document, title_id: int) -> tuple[int, str] | None:
    """The last step of a breadcrumb printed one step per line with its separators between
    ("Accueil" / ">" / "Météo" / ">" / "Alertes météo"): the separators say where it ends."""
    blocks = doc.blocks[max(0, title_id - STACK_REACH) : title_id]
    root = next((n for n in range(len(blocks) - 1, -1, -1) if pattern("crumb_root").fullmatch(norm_words(blocks[n].text))), None)
    if root is None:
        return None
    last = None
    n = root + 1
    while n + 1 < len(blocks) and _separator(blocks[n].text) and 0 < words(blocks[n + 1].text) <= KICKER_WORDS:
        last = blocks[n + 1]
        n += 2
    return (last.id, last.text.strip()) if last is not None else None


def _separator(text: str) -> bool:
    """A breadcrumb separator on a line of its own ("›", ">", "/")."""
    return CRUMB.fullmatch(f" {text.strip()} ") is not None


def _section_of(doc: Document, title: Block, above: list[Block], n: int, title_norm: str) -> tuple[int, str] | None:
    """The section a line above the heading names: a short line the site's menu lists
    ("Science"), one set in capitals ("LOCAL"), the last step of a breadcrumb ("Newsroom › Press
    Releases", "Home" / "Local News"; a last step repeating the title is skipped), or a lone word
    below the masthead; never a date, a byline, an outlet or a line a phrase rule names other
    than a breadcrumb ("Live", "Advertisement")."""
    label = above[n]
    steps = [x.strip() for x in CRUMB.split(label.text.strip()) if x.strip()]
    if len(steps) > 1 and norm_words(steps[-1]) == title_norm:
        steps = steps[:-1]  # "Home › Business › <the title>"
    text = steps[-1] if steps else ""
    crumb = (
        len(steps) > 1
        or text != label.text.strip()
        or (n > 0 and bool(pattern("crumb_root").fullmatch(norm_words(above[n - 1].text))))
    )
    if not text or words(text) > KICKER_WORDS or is_date_line(text) or byline_like(text) or (is_outlet(text) and not crumb):
        return None  # an outlet's name above a title is its source, unless a breadcrumb ends in it ("Local News")
    if {doc.rules.get(label.id, ""), *doc.hit(label)} - {"", "nav.breadcrumb", *(("nav.menu",) if crumb else ())}:
        return None  # cruft a rule names: only a breadcrumb (which a menu run may take) names sections
    menu = {norm_words(b.text) for b in above[:n] if words(b.text) <= KICKER_WORDS}
    lone = words(text) == 1 and text.istitle() and label.id >= MASTHEAD_REACH and not title.gap and n == len(above) - 1
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
    for block_id, section in _sections_above(doc, alive, title_norm, stop) if title_norm else []:
        meta.append(("category", section))
        if block_id not in doc.removed:
            header.append((block_id, "meta.header", "section label (kept as metadata)"))
    for b in alive[lo:stop]:
        if (value := facet(b.text)) is not None:  # "Categoría: Rutas en bici" under the title
            meta.append(("category", value))
            header.append((b.id, "meta.header", "facet line (kept as metadata)"))
    taken = {h[0] for h in header}
    _byline_and_date(alive[lo:stop], taken, header, meta)
    if not any(k == "sitename" for k, _ in meta) and site:
        meta.append(("sitename", site))
    return Item(0, len(doc.blocks), tuple(sorted(set(header))), tuple(meta))
