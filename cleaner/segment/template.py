"""Listings whose items print no date line: the item template read from the page's own repetition.

Each item opens with a headline-shaped line followed by prose; the lines between one item's body
and the next title are its fields (a byline or outlet under the body, a section or date above the
title). Items are found between anchors (numbering, separator or control lines the page cut, blank
lines, field lines) and every field slot's role is decided by a vote across all items of the page,
so an item missing an optional field still aligns. Conservative: an article's subheads also head
prose after blank lines, so blank lines alone never make a listing, nor does a lede above the items.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.features import classify, date_span, is_date_line, norm_words, words
from cleaner.metadata import byline_authors, is_outlet
from cleaner.model import Block
from cleaner.rules import compile_safe, pattern
from cleaner.segment.groups import article_among, short_sentence, spaced
from cleaner.segment.shapes import FIELD_BREAK, MIN_BODY_WORDS, bullet, byline_like, is_label

NUMBER = compile_safe(r"^(?:#\s?(\d{1,2})|(\d{1,2})[.)])\s+(?=\S)")  # "1. Title", "#3 Title"
SEPARATOR = compile_safe(r"^[^\w]{1,40}$")  # "•••", "* * *", "———": a rule line between items
PARTS = compile_safe(r"\s+[·•|–—-]\s+")  # between the fields of one line ("Door Eva Bakker · #Economie")
LETTER = compile_safe(r"[^\W\d_]")
COUNTER = compile_safe(r"^\W*\d+$|^[^\W\d]+\s*\(\d+\)$")  # "💬 24", "Comments (64)": a control's count
MIN_TITLE_WORDS = 3
DATED_ROLES = frozenset({"date", "byline", "fields", "author"})
MAX_TITLE_WORDS = 20
MAX_FIELDS = 3  # label lines between one item's body and the next title
MIN_ITEMS = 3  # items a listing needs; two suffice with numbers or rule lines
MAX_PREAMBLE_WORDS = 30  # prose above the first item (an article's lede argues for an article)


@dataclass(frozen=True, slots=True)
class Unit:
    """One item as alive-list indexes: field lines above the title, the title, the body
    ``[body, end)`` and field lines below it."""

    lead: tuple[int, ...]
    title: int
    body: int
    end: int
    trail: tuple[int, ...]
    mid: tuple[int, ...] = ()  # field lines between the title and the body ("Radio Drenthe")


@dataclass(frozen=True, slots=True)
class Template:
    """The page's item template: its units, what anchors them and each field slot's role."""

    units: tuple[Unit, ...]
    anchors: tuple[str, ...]
    roles: tuple[tuple[str, str], ...]  # (slot, role): ("above 1", "category"), ("below 1", "author")
    kinds: tuple[str | None, ...] = ()  # what opens each unit ("top", "blank", "fields", "rule", "cut share.bar")

    def describe(self) -> str:
        """One line for ``--explain``: the slot sequence and the anchors the items share."""
        above = [r for s, r in reversed(self.roles) if s.startswith("above")]
        mid = [r for s, r in self.roles if s.startswith("mid")]
        below = [r for s, r in self.roles if s.startswith("below")]
        slots = " / ".join([*above, "title", *mid, "body", *below])
        return f"template {slots}; {len(self.units)} items; anchors {', '.join(self.anchors) or 'blank lines'}"


def control(part: str) -> bool:
    """A control of an item's bar by its shape or phrase ("Share", "💬 24", "Reacties (12)")."""
    if is_date_line(part):
        return False  # "06:35" has no letters and is the item's time
    return not LETTER.search(part) or COUNTER.match(part.strip()) is not None or bool(classify(part))


def headline(text: str) -> bool:
    """A line shaped like an item's title: a few words, no closing full stop, no field."""
    bare = NUMBER.sub("", text.strip())
    n = words(bare)
    return (
        MIN_TITLE_WORDS <= n <= MAX_TITLE_WORDS
        and bare[-1:] not in ".,;:"
        and (bare[:1].isupper() or bare[:1].isdigit() or bare[:1] in "\"“‘'«¿¡")
        and not is_date_line(bare)
        and not byline_like(bare)
        and not byline_authors(PARTS.split(bare)[0])  # "Por Pablo Iriarte - Radio de Levante - Ciencia"
        and bullet(text) is None
        and not short_sentence(bare)
        and FIELD_BREAK.search(bare) is None
    )


def _prose(b: Block) -> bool:
    return not is_label(b) and words(b.text) >= MIN_BODY_WORDS


def _cut(doc: Document, alive: list[Block], k: int) -> str | None:
    """What separates ``alive[k]`` from the line above: a rule line or control line the page
    printed and a pass removed ("•••", "Read more"), a blank line, or nothing."""
    if k == 0:
        return "top"
    removed = [doc.blocks[i].text for i in range(alive[k - 1].id + 1, alive[k].id)]
    if any(doc.rules.get(i) == "liveblog.stamp" for i in range(alive[k - 1].id + 1, alive[k].id)):
        return "post"  # a live blog's posts make one article
    if any(SEPARATOR.match(t.strip()) for t in removed):
        return "rule"
    if removed:
        return f"cut {doc.rules.get(alive[k].id - 1, '')}"  # the rule that cut the line right above
    return "blank" if spaced(alive, k) else None


MAX_MID = 2  # field lines between an item's title and its body (a source, a date)


def _titles(doc: Document, alive: list[Block]) -> dict[int, int]:
    """Lines that can open an item, with where their body starts: headline-shaped, prose right
    below or after at most MAX_MID field lines printed with no break ("Title / Outlet / body")."""
    out: dict[int, int] = {}
    for t in range(len(alive) - 1):
        if not (_could_head(alive, t) and is_label(alive[t]) and headline(alive[t].text)):
            continue
        k = t + 1
        while k < len(alive) and k - t - 1 < MAX_MID and _mid_field(alive[k]) and _cut(doc, alive, k) is None:
            k += 1
        if k < len(alive) and _prose(alive[k]) and _cut(doc, alive, k) is None:
            out[t] = k
    return _one_title_per_body(alive, out)


MIN_PROSE_CHARS = 2 * MIN_BODY_WORDS - 1  # six words take at least eleven characters


def _could_head(alive: list[Block], t: int) -> bool:
    """A cheap necessary condition of a title with its body (no pattern, no word count): at
    most MAX_TITLE_WORDS space-parted words, no closing stop, a line long enough to be prose
    among the next MAX_MID + 1. Most lines of an article fail it, sparing them the title tests."""
    text = alive[t].text.rstrip()
    if text[-1:] in ".,;:" or len(text.split()) > MAX_TITLE_WORDS + 3:  # a number, a dash
        return False
    return any(len(b.text) >= MIN_PROSE_CHARS for b in alive[t + 1 : t + 2 + MAX_MID])


def _one_title_per_body(alive: list[Block], starts: dict[int, int]) -> dict[int, int]:
    """Where two headline-shaped lines head one body ("De Stem van Twente" under a title), the
    page votes: the title sits as far above the body as it does on the items with one candidate."""
    per_body = Counter(starts.values())
    offsets = Counter(body - t for t, body in starts.items() if per_body[body] == 1)
    doubled = {t: body for t, body in starts.items() if per_body[body] > 1}
    usual = _title_offset(alive, doubled, offsets.most_common(1)[0][0] if offsets else None)
    best: dict[int, int] = {}
    for t, body in sorted(starts.items()):
        if body not in best or abs(body - t - usual) < abs(body - best[body] - usual):
            best[body] = t
    return {t: body for body, t in best.items()}


def _title_offset(alive: list[Block], starts: dict[int, int], single: int | None) -> int:
    """How far above its body the title sits on the bodies with two candidates: the offset
    whose lines read least as a field, since titles are unique on a page while an outlet's name
    repeats or reads as one ("Westvale Evening Post" under each title). The items with one
    candidate only break a tie: they are the items that lack the field ("Title / body" beside
    "Title / Outlet / body"), so their offset alone would take the outlet for the title."""
    at: dict[int, list[str]] = {}
    for t, body in starts.items():
        at.setdefault(body - t, []).append(alive[t].text)
    if not at:
        return 1 if single is None else single
    scores = {d: (_field_score(texts), -len(texts)) for d, texts in at.items()}  # of equals, the offset most items share
    least = min(scores.values())
    best = sorted(d for d, s in scores.items() if s == least)
    return single if single in best or (len(best) > 1 and single is not None) else best[0]


def _field_score(texts: list[str]) -> float:
    """How much a set of values reads as a field rather than titles: the share of outlets' or
    people's names among them (a name runs a few words; a headline naming "Provincie" is no
    outlet), and a whole point when they repeat (titles are unique on a page)."""
    named = sum(1 for t in texts if words(t) <= NAME_WORDS and (is_outlet(t) or pattern("person_name").fullmatch(t)))
    return named / len(texts) + (len(set(texts)) < len(texts))


NAME_WORDS = 4  # "La Voce di Brenta", "Thijs van Dijk"


def _mid_field(b: Block) -> bool:
    """A short field line that may stand between a title and its body (an outlet's name may be
    headline-shaped: the page's vote in :func:`_one_title_per_body` tells it from the title)."""
    short = words(b.text) <= MAX_FIELD_WORDS or len(PARTS.split(b.text.strip())) > 1  # "Politics · Post · 2h · By Jo Hill"
    return is_label(b) and not _prose(b) and short


MAX_FIELD_WORDS = 6


def _fields_above(alive: list[Block], t: int, floor: int) -> list[int]:
    """The label lines right above ``alive[t]``, down to ``floor``, at most MAX_FIELDS."""
    k = t
    while k > floor and t - k < MAX_FIELDS and is_label(alive[k - 1]) and not _prose(alive[k - 1]):
        k -= 1
    return list(range(k, t))


def _units(doc: Document, alive: list[Block], titles: list[int], starts: dict[int, int]) -> list[Unit]:
    """Split the page at the titles; lines between a body and the next title are fields, below
    the body up to a break ("cut", blank line), above the title after it."""
    units: list[Unit] = []
    for n, t in enumerate(titles):
        body = starts[t]
        spaced = n + 1 == len(titles) and _spaced_bodies(doc, alive, titles, starts)
        nxt = titles[n + 1] if n + 1 < len(titles) else _last_stop(doc, alive, body - 1, spaced)
        fields = _fields_above(alive, nxt, body + 1)
        body_end = fields[0] if fields else nxt
        if body_end <= body:
            return []
        breaks = [k for k in fields if _cut(doc, alive, k)]
        split = breaks[-1] if breaks else None
        trail = tuple(k for k in fields if split is None or k < split)
        lead = tuple(k for k in fields if split is not None and k >= split)
        units.append(Unit((), t, body, body_end, trail, tuple(range(t + 1, body))))
        if n + 1 < len(titles):
            units.append(Unit(lead, -1, -1, -1, ()))  # the next title's lead, joined below
    return _shift_fields(alive, _join_leads(doc, alive, units, titles))


def _shift_fields(alive: list[Block], units: list[Unit]) -> list[Unit]:
    """Field lines the page printed with no break on either side go with the title below when
    the first item has such lines above its title: all but what the last item prints below its
    body (its control bar, its byline), and never a control bar, which closes the item above.
    Fields a break put above their titles stay there."""
    if not units or not units[0].lead:
        return units
    keep = len(units[-1].trail)
    out = list(units)
    for n in range(1, len(out)):
        above, u = out[n - 1], out[n]
        if u.lead:
            continue
        cut = max([keep, *(m + 1 for m, k in enumerate(above.trail) if _role(alive[k].text) == "controls")])
        out[n - 1] = Unit(above.lead, above.title, above.body, above.end, above.trail[:cut], above.mid)
        out[n] = Unit(above.trail[cut:], u.title, u.body, u.end, u.trail, u.mid)
    return out


def _join_leads(doc: Document, alive: list[Block], raw: list[Unit], titles: list[int]) -> list[Unit]:
    """Units with the lead lines that sit above their titles (the first title's: those with no
    break between them and it)."""
    out: list[Unit] = []
    above = _fields_above(alive, titles[0], 0) if titles else []
    lead = tuple(k for k in above if all(_cut(doc, alive, j) is None for j in range(k + 1, titles[0] + 1)))
    for u in raw:
        if u.title < 0:
            lead = u.lead
            continue
        out.append(Unit(lead, u.title, u.body, u.end, u.trail, u.mid))
        lead = ()
    return out


def _last_stop(doc: Document, alive: list[Block], t: int, spaced_paras: bool = False) -> int:
    """Where the last item's body and fields end: at the first break after its prose; over the
    blank lines between its paragraphs too when the other items' bodies have such lines."""
    k = t + 2
    while k < len(alive) and ((cut := _cut(doc, alive, k)) is None or (spaced_paras and cut == "blank" and _prose(alive[k]))):
        k += 1
    return k


def _spaced_bodies(doc: Document, alive: list[Block], titles: list[int], starts: dict[int, int]) -> bool:
    """Whether the items but the last set blank lines between their paragraphs."""
    return any(
        _cut(doc, alive, k) == "blank" and _prose(alive[k]) and _prose(alive[k - 1])
        for t, nxt in itertools.pairwise(titles)
        for k in range(starts[t] + 1, nxt)
    )


def _anchored(doc: Document, alive: list[Block], u: Unit, above: Unit | None) -> str | None:
    """Why this unit opens an item: its number, a rule or cut line, field lines (its own above
    the title, or the previous item's below its body), a blank line."""
    first = u.lead[0] if u.lead else u.title
    if NUMBER.match(alive[u.title].text.strip()):
        return "number"
    cut = _cut(doc, alive, first)
    if cut is not None and cut.startswith(("rule", "cut")):
        return cut
    if u.lead or (above is not None and above.trail):
        return "fields"
    return cut


def find_template(doc: Document, alive: list[Block]) -> Template | None:
    """The page's item template, or None when the repetition is not strong enough for a listing."""
    starts = _titles(doc, alive)
    titles = sorted(starts)
    if len(titles) < 2:
        return None
    units = _rare_leads_off(_units(doc, alive, titles, starts))
    if len(units) < 2:
        return None
    kinds = [_anchored(doc, alive, u, units[n - 1] if n else None) for n, u in enumerate(units)]
    if "post" in kinds or any(k is None for k in kinds[1:]):
        return None  # a headline with prose right under the body above it: an article's subhead
    roles = _roles(alive, units)
    anchors = _cues(alive, units, kinds, roles)
    if not _strong(alive, units, anchors):
        return None
    return Template(tuple(units), tuple(sorted(anchors)), roles, tuple(kinds))


def _rare_leads_off(units: list[Unit]) -> list[Unit]:
    """The units with lead lines only as deep as most items print them: lines above one title
    where the other items print none (what is left of a newsletter box, "Your e-mail" /
    "Sign up", above the next item) are no field of that item."""
    depth = Counter(n for u in units for n in range(1, len(u.lead) + 1))
    usual = max([0, *(n for n, c in depth.items() if 2 * c >= len(units))])
    return [u if len(u.lead) <= usual else dataclasses.replace(u, lead=u.lead[len(u.lead) - usual :]) for u in units]


def _cues(alive: list[Block], units: list[Unit], kinds: list[str | None], roles: tuple[tuple[str, str], ...]) -> set[str]:
    """The repeating structure the items share, each cue voted over the whole page: numbers or
    rule lines at most boundaries, the same rule's cut (a control bar) at every one, fields that
    date, credit or close every item (each boundary marked by a field, a number, a rule or a
    cut line), a section label from a small set over most items, teasers cut short with "…"."""
    gaps = len(units) - 1
    marks = Counter(k for k in kinds[1:])
    cues = {k for k in ("number", "rule") if 2 * marks[k] >= gaps}
    cues |= {k for k, n in marks.items() if k and k.startswith("cut") and n >= gaps}  # the same control every time
    marked = sum(1 for n in range(1, len(units)) if _marked(kinds[n], units[n - 1], units[n]))
    slots = _slots(alive, units)
    # label lines around subheads (a breadcrumb, a tag) repeat in articles too: fields anchor a
    # listing only when they date, credit or close each item, or name its section from a small set
    strong = [role for slot, role in roles if _crediting(slot, role, slots[slot], len(units))]
    if marked >= gaps - gaps // UNMARKED_SHARE and strong:  # an item missing its optional field leaves one boundary bare
        cues.add("fields" if set(strong) - {"category"} else "sections")
    if 2 * sum(1 for u in units if alive[u.end - 1].text.rstrip().endswith(("…", "..."))) >= len(units):
        cues.add("teaser")
    return cues


UNMARKED_SHARE = 3  # of the boundaries between items, at most one in three bare (none of two)


def _marked(kind: str | None, above: Unit, u: Unit) -> bool:
    """Whether something other than a blank line parts an item from the one above."""
    return bool(kind and kind != "blank") or bool(above.trail or u.lead or u.mid)


def _crediting(slot: str, role: str, values: list[str], items: int) -> bool:
    """A field slot on most items that dates, credits or closes them: a date, byline or control
    line, an outlet's name (or any source between title and body), a section from a small set."""
    if 2 * len(values) < items:
        return False
    if items < MIN_ITEMS:  # two items: the same field on both (an article and its author box differ)
        return len(values) == items and all(_role(v) == role or (role == "source" and is_outlet(v)) for v in values)
    if role in DATED_ROLES or role == "controls":
        return True
    if role == "source":
        return slot.startswith("mid") or 2 * sum(1 for v in values if is_outlet(v)) >= len(values)
    if len(values) < items - 1:
        return False  # a section label on every item but one: labels that come and go are an article's
    small_set = len({norm_words(v) for v in values}) < len(values)
    return role == "category" and small_set and all(_section_name(v) for v in values)


def _section_name(text: str) -> bool:
    """How a section prints: a word or three of letters ("Politics", "#Sport", "Rubrik: Verkehr"),
    no figures ("Longitude: 7.20"), no label waiting for its value ("Öffnungszeiten:")."""
    bare = text.strip().lstrip("#")
    return words(bare) <= SECTION_WORDS + 1 and bare[:1].isalpha() and not any(ch.isdigit() for ch in bare) and bare[-1:] != ":"


SECTION_WORDS = 3


def _strong(alive: list[Block], units: list[Unit], anchors: set[str]) -> bool:
    """Whether the units make a listing rather than an article with subheads."""
    sizes = [sum(words(alive[k].text) for k in range(u.body, u.end)) for u in units]
    first = units[0].lead[0] if units[0].lead else units[0].title
    preamble = sum(words(b.text) for b in alive[:first] if not is_label(b))
    if preamble > MAX_PREAMBLE_WORDS or article_among(sizes) or min(sizes) < MIN_BODY_WORDS:
        return False
    if preamble and anchors <= {"number"}:
        return False  # a lede under the page's title, then numbered subheads: one article
    if len(units) < MIN_ITEMS and not anchors & {"number", "rule", "fields", "teaser"}:
        return False
    return bool(anchors)  # blank lines alone also part an article's subheaded sections


def _roles(alive: list[Block], units: list[Unit]) -> tuple[tuple[str, str], ...]:
    """Each field slot's role, voted across the items: dates by shape, bylines by their words, a
    slot whose values look like outlets is the source, a small repeating set is the section."""
    return tuple((slot, _vote(values)) for slot, values in sorted(_slots(alive, units).items()))


def _slots(alive: list[Block], units: list[Unit]) -> dict[str, list[str]]:
    """Each field slot's values over the items ("above 1": the line right above each title)."""
    slots: dict[str, list[str]] = {}
    for u in units:
        for n, k in enumerate(reversed(u.lead), 1):
            slots.setdefault(f"above {n}", []).append(alive[k].text)
        for n, k in enumerate(u.mid, 1):
            slots.setdefault(f"mid {n}", []).append(alive[k].text)
        for n, k in enumerate(u.trail, 1):
            slots.setdefault(f"below {n}", []).append(alive[k].text)
    return slots


def _vote(values: list[str]) -> str:
    """The role most of a slot's values play."""
    roles = Counter(_role(v) for v in values)
    role = roles.most_common(1)[0][0]
    if role != "field":
        return role
    if sum(1 for v in values if is_outlet(v)) * 2 >= len(values):
        return "source"
    distinct = {norm_words(v) for v in values}
    return "category" if len(distinct) < len(values) or all(words(v) <= 2 for v in values) else "source"


def _role(text: str) -> str:
    """The role one field line plays by its own shape, or "field" when only the vote can tell."""
    if is_date_line(text):
        return "date"
    if byline_authors(text) or byline_like(text):
        return "byline"
    if all(control(p) for p in PARTS.split(text.strip())):
        return "controls"
    if len(FIELD_BREAK.split(text)) > 1 or " - " in text or len(comma_fields(text)) > 1:
        return "fields"
    return "field"


COMMA = compile_safe(r"\s*,\s+")
COMMA_FIELD_WORDS = 5


def comma_fields(text: str) -> list[str]:
    """A field line joined by commas around its date ("By Tom Ashdown, Yesterday, 23:49, The
    Redcliffe Courier", "4h, Kingsmere Weekly") as its fields, the date kept whole; a line
    with no date, or with a longer piece (a sentence's clause), is one field."""
    if ", " not in text:
        return [text]
    span = date_span(text)
    if span is not None:
        before, after = text[: span[0]].strip(" ,"), text[span[1] :].strip(" ,")
        pieces = [*COMMA.split(before), text[span[0] : span[1]].strip(" ,"), *COMMA.split(after)]
    else:  # a date the span finder does not see beside other words ("4h", "06:35")
        pieces = _dates_joined(COMMA.split(text.strip()))
    pieces = [p for p in pieces if p]
    dated = span is not None or any(is_date_line(p) for p in pieces)
    return pieces if dated and all(words(p) <= COMMA_FIELD_WORDS for p in pieces) else [text]


def _dates_joined(pieces: list[str]) -> list[str]:
    """Comma pieces with neighbouring date pieces joined again ("Yesterday", "23:49")."""
    out: list[str] = []
    for p in pieces:
        if out and is_date_line(p) and is_date_line(out[-1]):
            out[-1] = f"{out[-1]}, {p}"
        else:
            out.append(p)
    return out


def outside_rule(b: Block, above: bool) -> tuple[str, str]:
    """The rule and reason for a line outside every item: the page's heading or intro above the
    first item, the page below the last."""
    if not above:
        return "listing.tail", "below the last item's body and fields"
    if is_label(b):
        return "listing.page-title", "listing page heading"
    return "listing.preamble", "text above the first listing item (intro, ad copy)"
