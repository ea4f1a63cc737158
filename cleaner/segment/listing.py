"""A listing's items: each header group's lines become that item's metadata (title, source, date,
categories, authors) and leave the body text; adverts between items and the page below the last
item belong to none."""

from __future__ import annotations

import itertools
from collections import Counter

from cleaner import deadline
from cleaner.document import Document, Item
from cleaner.features import (
    classify,
    date_span,
    domain_credit,
    headline_credit,
    is_date_line,
    norm_words,
    words,
)
from cleaner.metadata import byline_authors, byline_outlet, is_outlet, masthead_site
from cleaner.model import Block
from cleaner.rules import compile_safe, pattern
from cleaner.segment.groups import MIN_CLOSED_ITEMS, listing_groups, site_line, spaced, uncredited
from cleaner.segment.shapes import (
    DATE_REST_STRIP,
    FIELD_BREAK,
    ICON,
    SECTION_MARKS,
    TAIL_ICON,
    Group,
    bullet,
    is_label,
    opens_as_byline,
)
from cleaner.segment.template import NUMBER, PARTS, Template, Unit, comma_fields, control, find_template, outside_rule


def date_meta(text: str) -> list[tuple[str, str]]:
    """What a date line states: the date, and the source, section, authors beside it
    ("Reuters · 3 hours ago", "Business | May 2", "Published: 12 May 2025 | Ports",
    "Posted on May 28, 2025 by Jane Hill in Swarms", "🕒 Yesterday")."""
    text = ICON.sub("", text)  # a field line's icon is no source
    span = date_span(text) or ((0, len(text)) if is_date_line(text) else None)  # a bare "06:35" is the whole line
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
    if rest and _iconed_cruft(rest):
        rest = ""  # "📅 09/03/2025 · 🕒 3 min de lectura": a reading time, no section
    lead = pattern("byline_lead").fullmatch(rest)
    if lead and " " not in lead.group("who"):  # "submitted 5 hours ago by quietferry": a user's handle
        return [*meta, ("author", lead.group("who"))]
    if (filed := pattern("filed_in").fullmatch(rest)) is not None:  # "Posted 3 days ago in Appointments"
        return [*meta, ("category", filed.group("section").strip())]
    if rest:
        # "Business | May 2" names a section; "Reuters · 3 hours ago" and "Kestrel Daily Ledger | Feb 28" a source.
        outlet = words(rest) > 1 and is_outlet(rest)  # "Gisteren, 17:41, Nieuwsblad Drenthe": an outlet after the date
        section = (before.rstrip().endswith(SECTION_MARKS) or after.lstrip().startswith(SECTION_MARKS)) and not outlet
        meta.append(("category" if section or not (before.strip() or outlet) else "source", rest))
    return meta


def _fields_meta(fields: list[str]) -> list[tuple[str, str]]:
    """Several fields beside a date: bylines name authors, a labelled field the source ("via
    Omroep Zandwijk"), else the first other field; the rest are sections ("The Parish Pump ·
    Community · 20 Feb 2025", "Verkeer · 42 min geleden · via Omroep Zandwijk")."""
    label = pattern("source_label")
    meta: list[tuple[str, str]] = [("source", label.sub("", f).strip()) for f in fields if label.match(f)]
    for f in fields:
        if names := byline_authors(f):
            meta.extend(("author", n) for n in names)
        elif not label.match(f):
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
    return bool(byline_authors(text)) or opens_as_byline(text)


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
        and not site_line(alive[k].text)  # "(example.com)" under the title
        and not _source_line(alive[k].text)  # "Source: Elmridge Community Library", "From: Carrow Bolt Works"
    ]
    after = [alive[k].text for k in range(g.date + 1, g.end) if alive[k].text in plain]
    return plain, after


def title_slot(alive: list[Block], g: Group, below: bool = True) -> int | None:
    """Where this group's title sits among its labels above the date (counted from the date), or
    None when a label below the date is the title. The listing votes: one item's short title
    ("Slugs 1, Me 0") must not lose to its source's longer name."""
    plain, after = _plain_labels(alive, g)
    if (below and _title_below(after) is not None) or not plain:
        return None
    return plain.index(max(plain, key=len)) - len(plain)


def _title_below(after: list[str]) -> str | None:
    """The last label below the date long enough to be a title (a word or two is a topic chip)."""
    return next((t for t in reversed(after) if words(t) >= 3), None)


FIELD_NAME_WORDS = 4  # an outlet's name ("La Voce di Brenta"); a headline runs longer


def titles_below(alive: list[Block], groups: list[Group]) -> bool:
    """The page's vote on the long labels below each date: titles, unless they repeat from item
    to item or most are outlets' short names (titles are unique on a page; "Il porto rinvia…" /
    "4 ore fa" / "La Voce di Brenta" prints the source under the date)."""
    found = [t for g in groups if (t := _title_below(_plain_labels(alive, g)[1])) is not None]
    if len(found) < MIN_CLOSED_ITEMS:
        return True
    outlets = sum(1 for t in found if is_outlet(t) and words(t) <= FIELD_NAME_WORDS)
    return len(set(found)) == len(found) and 2 * outlets < len(found)


def _pick_title(plain: list[str], after: list[str], slot: int | None, below_ok: bool = True) -> str | None:
    """The title among the labels: the last long one below the date (seeds' shape) unless the
    page's vote says those lines are a field, else the one in the listing's title slot, else
    the longest."""
    if below_ok and (below := _title_below(after)) is not None:
        return below
    if slot is not None and -len(plain) <= slot and words(plain[slot]) >= 2:
        return plain[slot]
    return max(plain, key=len, default=None)


def group_meta(
    alive: list[Block],
    g: Group,
    slot: int | None = None,
    sections: frozenset[str] = frozenset(),
    credited: bool = False,
    below_ok: bool = True,
) -> list[tuple[str, str]]:
    """The metadata a header group states: date, source/publisher, categories, title, authors.
    ``slot`` is where the listing's titles sit among the labels above the date; ``sections`` are
    the page's menu labels (normalised), which name sections, not sources; ``credited``: a credit
    line below the body names the item's source; ``below_ok``: the page's vote allows titles
    below the date (see :func:`titles_below`)."""
    if credit := headline_credit(alive[g.date].text):
        return [("date_raw", credit[2]), ("source", credit[1]), ("title", credit[0])]
    meta = date_meta(alive[g.date].text)
    texts = [alive[k].text for k in range(g.start, g.end) if k != g.date]
    meta.extend(("source", o) for t in texts if (o := byline_outlet(t)))
    beside = [alive[k].text for k in (g.date - 1, g.date + 1) if g.start <= k < g.end]  # "🌐 Source" by the date
    meta.extend(("source", ICON.sub("", t)) for t in beside if _iconed(t) and not badge(t))
    meta.extend(_footer_meta(alive, g))
    plain, after = _plain_labels(alive, g)
    title = _pick_title(plain, after, slot, below_ok)
    meta.extend(("source", pattern("source_label").sub("", t).strip()) for t in texts if _source_line(t))
    linked = domain_credit(title) if title else None  # "Title (example.com)": the link's site is the source
    linked = linked or next((site for t in texts if site_line(t) and (site := domain_credit(t))), None)
    meta.extend([("source", linked[1])] if linked and linked[1] else [])
    facets = [(t, value) for t in texts if (value := facet(t))]
    meta.extend(("category", value) for _, value in facets)
    others = [t for t in plain if t != title and not _alt_text(t, plain) and t not in dict(facets) and not _iconed_cruft(t)]
    named = credited or linked is not None or any(key == "source" for key, _ in meta)  # the date line, a credit, the footer
    for t in others:
        chip = (t in after and words(t) <= 2) or (named and words(t) <= KICKER_WORDS and not is_outlet(t))
        meta.append(("category" if chip or _kicker(alive, g, t, title, sections, len(others) > 1) else "source", t))
    meta.extend(("source" if b in others else "category", b) for t in texts if (b := bullet(t)))
    meta.extend([("title", uncredited(title))] if title else [])
    meta.extend(("author", a) for t in texts if not bullet(t) for a in byline_authors(t))
    meta.extend(("source", issuer) for t in texts if (issuer := _issuer(t)))
    return meta


SOURCE_LINE_WORDS = 8


def _source_line(text: str) -> bool:
    """A labelled source line in an item's header ("Source: X", "From: X", "via X")."""
    return words(text) <= SOURCE_LINE_WORDS and pattern("source_label").match(text) is not None and date_span(text) is None


def _iconed_cruft(text: str) -> bool:
    """A field line whose icon hid a phrase rule's match ("🕒 2 min de lectura", "💬 48"): neither
    the item's source nor its section."""
    bare = ICON.sub("", text).strip()
    return bare != text.strip() and bool(classify(bare))


def _issuer(text: str) -> str | None:
    """Who a byline names when it names no people: an organisation issuing the item ("Par
    Communauté d'agglomération d'Orvignac")."""
    lead = pattern("byline_lead").match(text.strip())
    if lead is None or byline_authors(text) or byline_outlet(text) or date_span(text) is not None:
        return None
    return lead.group("who").strip()


def _footer_meta(alive: list[Block], g: Group) -> list[tuple[str, str]]:
    """What the lines between a closing group's body and its date state: authors, else the
    item's source ("Skelby Courier" above "1 hr ago"); below the date, an outlet's name is the
    source too (counters and badges there are no field)."""
    meta: list[tuple[str, str]] = []
    for k in range(g.foot, g.date) if g.closing else ():
        text = ICON.sub("", alive[k].text)
        names = byline_authors(text)
        meta.extend(("author", n) for n in names)
        if not names and not badge(alive[k].text):
            meta.append(("source", byline_outlet(text) or text))
    for k in range(g.date + 1, g.foot_end) if g.closing else ():
        text = ICON.sub("", alive[k].text).strip()
        if is_outlet(text) and not control(text) and not classify(text):  # "hace 7 h" / "Heraldo de Levante"
            meta.append(("source", text))
    return meta


def facet(text: str) -> str | None:
    """The section a labelled facet line names ("Industry: Energy", "Filed under: Economy")."""
    m = pattern("facet_label").match(text)
    return m.group("value").strip() if m else None


NUMBERED = compile_safe(r"^\d{1,2}[.)]\s+(?=\S)")  # a digest's "1. " before an item's title


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
    tpl = _vote(doc, alive, groups)
    if tpl is not None:
        items = _sources_by_vote(template_items(doc, alive, tpl))
        if len(tpl.units) > len(groups):
            return items
        grouped = _sources_by_vote(_group_items(doc, alive, groups))
        return items if _fields_read(items) > _fields_read(grouped) else grouped
    if not groups:
        return ()
    return _sources_by_vote(_group_items(doc, alive, groups))


READ_FIELDS = ("source", "date_raw", "category", "author")


def _fields_read(items: tuple[Item, ...]) -> int:
    """How many of its items' fields a reading of the page states: where the template and the
    date-line groups find the same items, the template wins only by reading fields the groups
    leave out (a section under each body, a source beside the title); otherwise the groups'
    reading (bullets, facets, issuers, adverts) stands."""
    return sum(1 for it in items for key in READ_FIELDS if it.get(key))


OUTLET_WORDS = 2.5  # mean words of a slot's values above which they name outlets, not sections


def _sources_by_vote(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """The page's vote on what its unsourced items' "sections" are: sections repeat a small set
    of a word or two ("Politics"); when most of those values are outlets or run longer
    ("Heraldo de la Costa"), they are the items' sources, as on the items that print one."""
    loose = [it for it in items if it.get("category") and not it.get("source") and len(it.get_all("category")) == 1]
    values = [it.get("category") or "" for it in loose]
    if len(values) < MIN_CLOSED_ITEMS:
        return items
    outlets = sum(1 for v in values if is_outlet(v))
    if 2 * outlets < len(values) and sum(words(v) for v in values) < OUTLET_WORDS * len(values):
        return items
    flip = {id(it) for it in loose}
    return tuple(_as_source(it) if id(it) in flip else it for it in items)


def _as_source(it: Item) -> Item:
    """The item with its one category read as its source."""
    return Item(it.start, it.end, it.header, tuple(("source" if k == "category" else k, v) for k, v in it.meta))


def _group_items(doc: Document, alive: list[Block], groups: list[Group]) -> tuple[Item, ...]:
    """The items of a listing whose date-line groups head (or close) them."""
    items: list[Item] = []
    below_ok = titles_below(alive, groups)
    slots = Counter(x for g in groups if (x := title_slot(alive, g, below_ok)) is not None).most_common(1)
    slot = slots[0][0] if slots else None
    top = alive[groups[0].start].id if groups else 0
    sections = frozenset(norm_words(b.text) for b in doc.blocks[:top] if words(b.text) <= KICKER_WORDS)
    groups, below = _labels_below(alive, groups)
    for n, g in enumerate(groups):
        deadline.check("segmentation (listing items)")
        last = groups[n + 1].start if n + 1 < len(groups) else len(alive)
        items.append(_listing_item(doc, alive, g, last, (slot, below_ok), sections, below[n]))
    if len(items) >= MIN_CLOSED_ITEMS + 1:
        items[-1] = _closed_like_the_rest(doc, alive, items, groups[-1])
    if items and (site := masthead_site([b.text for b in doc.blocks])):  # every item is on the listing's site
        items = [Item(item.start, item.end, item.header, (*item.meta, ("sitename", site))) for item in items]
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


def _vote(doc: Document, alive: list[Block], groups: list[Group]) -> Template | None:
    """One decision between the page's two readings: the template read from the titles wins when
    no date-line groups make a listing, or when it finds items the groups merged (items without
    a date between dated ones). Above the first group the groups' reading stands (a newsletter's
    masthead and greeting are no item), and an advert's copy under its label is no item."""
    tpl = find_template(doc, alive)
    if tpl is None or not groups:
        return tpl
    units = tpl.units[_first_item(alive, tpl, groups[0].start) :]
    if any(_cut_by(doc, alive, (u.lead or (u.title,))[0]) == "promo.ad" for u in units) or len(units) < len(groups):
        return None
    return Template(units, tpl.anchors, tpl.roles)


def _first_item(alive: list[Block], tpl: Template, start: int) -> int:
    """The template's first unit that is an item: the first at or below the first date-line group,
    or one above it that is parted from the next unit as the items are from each other and is
    no longer than the longest of them (an undated first item); a masthead's greeting, set
    apart in its own way or running longer, is no item."""
    tops = [(u.lead or (u.title,))[0] for u in tpl.units]
    first = next((n for n, top in enumerate(tops) if top >= start), len(tops))
    usual = Counter(tpl.kinds[first + 1 :]).most_common(1)
    sizes = [sum(words(alive[k].text) for k in range(u.body, u.end)) for u in tpl.units]
    longest = max(sizes[first:], default=0)
    while first > 0 and usual and tpl.kinds[first] == usual[0][0] and sizes[first - 1] <= longest:
        first -= 1
    return first


def _cut_by(doc: Document, alive: list[Block], k: int) -> str | None:
    """The rule that removed the line right above ``alive[k]``, if a pass removed one."""
    return doc.rules.get(alive[k].id - 1) if k and alive[k].id - 1 > alive[k - 1].id else None


def _labels_below(alive: list[Block], groups: list[Group]) -> tuple[list[Group], list[list[int]]]:
    """The groups, and for each the label lines below its body that are its own: when the first
    item has nothing above its date or the last has a short label right after its body ("Source
    · date" / title / summary / "Business"), the label over each next date closes the item above
    (a section printed under the summary), not the one below."""
    none: list[list[int]] = [[] for _ in groups]
    if len(groups) < MIN_CLOSED_ITEMS + 1 or groups[0].closing:
        return groups, none
    above = [g.date - g.start for g in groups[1:]]
    if any(n > 1 for n in above) or 2 * above.count(1) < len(above):
        return groups, none  # one short label over most dates, none over the others
    tail = _section_under(alive, groups[-1].end, len(alive))
    if any(not _section_word(alive[g.start].text) for g in groups[1:] if g.date > g.start):
        return groups, none  # "▶ 1:48" under a teaser is a player's, not a section
    if groups[0].start != groups[0].date and not tail:
        return groups, none  # neither the first item without one nor the last with one below its body
    if any(spaced(alive, g.start) and not spaced(alive, g.date) for g in groups[1:] if g.date > g.start):
        return groups, none  # a blank line over the label and none under it: a kicker of the item below
    shifted = [Group(g.date, g.end, g.date) for g in groups]
    below = [
        [nxt.start] if nxt.date > nxt.start else _section_under(alive, g.end, nxt.start) for g, nxt in itertools.pairwise(groups)
    ]
    return shifted, [*below, tail]


def _section_under(alive: list[Block], body: int, stop: int) -> list[int]:
    """The section line right under an item's body (no blank line between), before ``stop``."""
    k = body
    while k < stop and not is_label(alive[k]) and not spaced(alive, k):
        k += 1
    return [k] if k < stop and not spaced(alive, k) and _section_word(alive[k].text) else []


def _section_word(text: str) -> bool:
    """A short label of words only ("Business", "Policy & Government"): how a section prints."""
    return words(text) <= KICKER_WORDS and not any(ch.isdigit() for ch in text) and not is_date_line(text) and text[:1].isalpha()


def _listing_item(
    doc: Document,
    alive: list[Block],
    g: Group,
    last: int,
    slot: tuple[int | None, bool],
    sections: frozenset[str],
    below: list[int],
) -> Item:
    """One listing item: the group's header lines and trailing tags as metadata, up to ``last``
    (``below``: label lines under its body that are its sections)."""
    stop = alive[last].id if last < len(alive) else len(doc.blocks)
    lines = [*range(g.start, g.end), *(range(g.foot, g.foot_end) if g.closing else [])]
    header = tuple((alive[k].id, "listing.header", "listing item header (kept as metadata)") for k in lines)
    header += tuple((alive[k].id, "listing.header", "listing item section below the body (kept as metadata)") for k in below)
    tags = trailing_tags(alive, g.end, last)
    facets = [(k, value) for k in range(g.end, last) if (value := facet(alive[k].text))]
    tag_lines = [*tags, *(k for k, _ in facets)]  # "- Politics", "Filed under: Economy" below the body
    tag_header = tuple((alive[k].id, "listing.header", "listing item tag line (kept as metadata)") for k in tag_lines)
    tag_header += _advert_after(doc, alive, g.end, last)
    credited = any(doc.rules.get(k) == "syndication.trailer" for k in range(alive[g.start].id, stop))  # "Source: X" below
    meta = _tidy(group_meta(alive, g, slot[0], sections, credited, slot[1]))
    meta += [("category", bullet(alive[k].text) or "") for k in tags]
    meta += [("category", value) for _, value in facets] + [("category", alive[k].text.strip()) for k in below]
    return Item(alive[g.start].id, stop, header + tag_header, tuple(meta))


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


# ---- items of a listing found from its template (segment.template finds the template)


def field_meta(text: str, role: str) -> list[tuple[str, str]]:
    """What one field line states, given its slot's role; a labelled facet ("Industry: Energy")
    names the section whatever the slot, and a bullet's mark is no part of its value."""
    if (value := facet(text)) is not None:
        return [("category", value)]
    text = bullet(text) or text
    if role in ("byline", "fields", "date"):
        return _parts_meta(text)
    value = text.strip().lstrip("#").strip()
    if control(value) or all(control(p) for p in PARTS.split(value)):
        return []  # a control line ("💬 235", "Share · Save") repeats in a slot of its own
    return [(role, value)]


def _parts_meta(text: str) -> list[tuple[str, str]]:
    """A line of several fields ("Door Eva Bakker · #Economie", "By Jo Hill - The Post")."""
    parts = [p for part in PARTS.split(text.strip()) for p in comma_fields(part)]
    if is_date_line(text) and len(parts) == 1:
        return date_meta(text)
    meta: list[tuple[str, str]] = []
    for part in parts:
        if control(part):
            continue  # "💬 235", "Read more": a control, no field
        if is_date_line(part) or date_span(part) is not None:
            meta.extend(date_meta(part))
        elif names := byline_authors(part):
            meta.extend(("author", name) for name in names)
            meta.extend([("source", o)] if (o := byline_outlet(part)) else [])
        elif part.startswith("#"):
            meta.append(("category", part.lstrip("#").strip()))
        elif " " in part and pattern("person_name").fullmatch(part) and not is_outlet(part):  # a name has two words
            meta.append(("author", part))
        else:
            meta.append(("source" if is_outlet(part) or words(part) > 2 else "category", part))
    return meta


def template_items(doc: Document, alive: list[Block], tpl: Template) -> tuple[Item, ...]:
    """The items of a listing found from its template."""
    roles = dict(tpl.roles)
    why = tpl.describe()
    items: list[Item] = []
    for n, u in enumerate(tpl.units):
        nxt = tpl.units[n + 1] if n + 1 < len(tpl.units) else None
        start = 0 if n == 0 else alive[(u.lead or (u.title,))[0]].id
        stop = alive[(nxt.lead or (nxt.title,))[0]].id if nxt else len(doc.blocks)
        items.append(_item(doc, alive, u, start, stop, roles, why))
    return tuple(items)


def _item(doc: Document, alive: list[Block], u: Unit, start: int, stop: int, roles: dict[str, str], why: str) -> Item:
    """One item: the title and field lines as metadata, the body as text; lines of the page
    above the first item or below the last one's fields belong to no item."""
    meta: list[tuple[str, str]] = [("title", NUMBER.sub("", alive[u.title].text.strip()))]
    header = [(alive[u.title].id, "listing.header", f"listing item title ({why})")]
    for n, k in enumerate(reversed(u.lead), 1):
        meta.extend(field_meta(alive[k].text, roles[f"above {n}"]))
    for n, k in enumerate(u.mid, 1):
        meta.extend(field_meta(alive[k].text, roles[f"mid {n}"]))
    for n, k in enumerate(u.trail, 1):
        meta.extend(field_meta(alive[k].text, roles[f"below {n}"]))
    header += [(alive[k].id, "listing.header", "listing item field (kept as metadata)") for k in (*u.lead, *u.mid, *u.trail)]
    last = alive[u.trail[-1] if u.trail else u.end - 1].id
    first = alive[u.lead[0] if u.lead else u.title].id
    outside = [b for b in alive if start <= b.id < stop and (b.id < first or b.id > last)]
    header += [(b.id, *outside_rule(b, b.id < first)) for b in outside]
    return Item(start, stop, tuple(sorted(header)), tuple(meta))
