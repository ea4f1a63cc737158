"""A grammar of listing pages (news rivers, search results, digests, feed readers) that knows its truth.

Issue 13 asks for listings found from a page's own repetition, whatever its layout; this grammar
generates the layouts real aggregator pages use — slot orders, stacked or one-line fields, fields
after the body, numbered items, missing fields, separators, cruft between items, six languages,
absolute and relative dates — and returns with each page the items it wrote (title, body, source,
author, date as printed and resolved against ``NOW``, category).

One grammar, two drivers: :func:`generate_page` draws everything from a ``random.Random``, so the
benchmark is reproducible from a seed (``page_for(seed, i)``), and :func:`layout_pages` is the
hypothesis strategy over the same function (``st.randoms``), so tests shrink failures.
The vocabulary (word pools per language) is data: one table per language in ``layout_words/``.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import strategies as st

import cleaner
from cleaner import Article, CleanResult

NOW = dt.datetime(2025, 6, 4, 12, 0, tzinfo=dt.UTC)
LANGS = ("en", "de", "es", "fr", "nl", "it")
SLOTS = ("source", "date", "category", "author")
JOINERS = (" · ", " | ", " • ", " - ", " — ", ", ", " / ")


@dataclass(frozen=True, slots=True)
class Item:
    """One generated article of a listing: what cleaner should return for it."""

    title: str
    body: tuple[str, ...]
    source: str | None
    author: str | None
    date_raw: str | None
    date: str | None
    category: str | None


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the page and what it is (``title``, ``body``, ``meta``, ``controls``, ``sep``,
    ``cruft:<kind>``, ``blank``), with the index of its item (-1 outside items)."""

    text: str
    role: str
    item: int


@dataclass(frozen=True, slots=True)
class Page:
    """A generated text dump, its items and the layout features it was built with."""

    text: str
    items: tuple[Item, ...]
    lang: str
    features: frozenset[str]
    lines: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Layout:
    """The template every item of a page shares. ``rows`` is the item's line order: ``title``,
    ``body``, ``controls`` or a group of slots (printed joined by ``joiner`` or one per line)."""

    lang: str
    rows: tuple[tuple[str, ...], ...]
    joined: frozenset[int]
    joiner: str
    missing: dict[str, float]
    numbered: str | None
    teaser: bool
    max_paras: int
    item_gap: str
    rule: str
    para_gap: str
    title_case: bool
    date_style: str
    category_form: str
    author_form: str
    icons: bool


def chance(rng: random.Random, p: float) -> bool:
    """True with probability ``p``; written so that hypothesis, which shrinks draws towards 0,
    shrinks a page towards fewer optional parts (its failing examples come out small)."""
    return rng.random() >= 1 - p


# --- prose -----------------------------------------------------------------------------------------


def sentence(rng: random.Random, v: Vocab) -> str:
    """A sentence of 8–30 words: subject, verb, object and an adjunct in the language's order."""
    while True:
        subj, verb, obj, adj = (rng.choice(pool) for pool in (v.subjects, v.verbs, v.objects, v.adjuncts))
        obj = obj.format(n=rng.randint(2, 90))
        tail = rng.choice(v.tails).format(month=rng.choice(v.months)[1]) if chance(rng, 0.5) else ""
        if chance(rng, 0.35):
            lowered = subj[0].lower() + subj[1:]
            core = v.fronted.format(adj=adj[0].upper() + adj[1:], subj=lowered, verb=verb, obj=obj)
        else:
            core = v.order.format(subj=subj, verb=verb, obj=obj, adj=adj)
        text = core + tail + "."
        if 8 <= len(text.split()) <= 30:
            return text


def paragraph(rng: random.Random, v: Vocab, used: set[str]) -> str:
    """1–4 sentences never used before on the page (repetition rules must not fire on content)."""
    out: list[str] = []
    want = rng.randint(1, 4)
    while len(out) < want:
        s = sentence(rng, v)
        if s not in used:
            used.add(s)
            out.append(s)
    return " ".join(out)


def teaser(rng: random.Random, text: str) -> str:
    """A paragraph cut at a word boundary and closed by "…", as listing teasers are."""
    words = text.split()
    if len(words) < 12 or rng.random() < 0.3:
        return text
    cut = rng.randint(8, len(words) - 2)
    return " ".join(words[:cut]).rstrip(",;:") + "…"


def headline(rng: random.Random, v: Vocab, used: set[str], title_case: bool) -> str:
    """A headline: subject, present-tense verb, object, sometimes a qualifier; unique on the page."""
    while True:
        words = [rng.choice(v.t_subjects), rng.choice(v.t_verbs), rng.choice(v.t_objects).format(n=rng.randint(2, 60))]
        if chance(rng, 0.4):
            words.append(rng.choice(v.t_tails))
        text = " ".join(words)
        text = text[0].upper() + text[1:]
        if title_case:
            text = " ".join(w if w.isupper() else w[0].upper() + w[1:] for w in text.split())
        if text not in used:
            used.add(text)
            return text


# --- dates -----------------------------------------------------------------------------------------


def clock(rng: random.Random) -> tuple[int, int]:
    """A time of day before NOW's (a bare "10:32" in a river is today's)."""
    return rng.randint(6, NOW.hour - 1), rng.choice(range(0, 60, 1))


def relative_date(rng: random.Random, v: Vocab, rank: int) -> tuple[str, str]:
    """An age ("3 hours ago", "hace 2 días", "Gestern, 18:40") and its resolution against NOW;
    ages grow down the list (``rank``)."""
    kind = rng.choice(("m", "h", "h", "h", "one_h", "d", "d", "yesterday", "yesterday_t", "w", "today_t"))
    if kind == "today_t":
        h, m = clock(rng)
        return f"{h:02d}:{m:02d}", NOW.replace(hour=h, minute=m).replace(tzinfo=None).isoformat()
    if kind in ("yesterday", "yesterday_t"):
        day = (NOW - dt.timedelta(days=1)).date()
        if kind == "yesterday":
            return rng.choice(v.yesterday), day.isoformat()
        h, m = rng.randint(7, 23), rng.randint(0, 59)
        return v.yesterday_at.format(day=rng.choice(v.yesterday), h=h, m=f"{m:02d}"), f"{day.isoformat()}T{h:02d}:{m:02d}"
    if kind == "one_h":
        return rng.choice(v.one_hour), (NOW - dt.timedelta(hours=1)).replace(tzinfo=None).isoformat()
    n = {"m": rng.randint(2, 55), "h": min(2 + rank + rng.randint(0, 2), 23), "d": rng.randint(2, 6), "w": rng.randint(2, 4)}[
        kind
    ]
    raw = rng.choice(v.ages[kind]).format(n=n)
    delta = {"m": dt.timedelta(minutes=n), "h": dt.timedelta(hours=n), "d": dt.timedelta(days=n), "w": dt.timedelta(weeks=n)}
    moment = NOW - delta[kind]
    return raw, (moment.date().isoformat() if kind in "dw" else moment.replace(tzinfo=None).isoformat())


def absolute_date(rng: random.Random, v: Vocab, rank: int) -> tuple[str, str]:
    """A calendar date in one of the language's printed forms, sometimes with a time."""
    day = (NOW - dt.timedelta(days=3 + 4 * rank + rng.randint(0, 30))).date()
    full, short = v.months[day.month - 1][1], v.months[day.month - 1][0]
    fmt = rng.choice(v.date_forms)
    raw = fmt.format(d=day.day, dd=f"{day.day:02d}", mm=f"{day.month:02d}", y=day.year, month=full, mon=short)
    if chance(rng, 0.3):
        h, m = rng.randint(7, 22), rng.randint(0, 59)
        h12 = f"{(h - 1) % 12 + 1}:{m:02d} {'pm' if h >= 12 else 'am'}"
        raw = rng.choice(v.with_time).format(date=raw, h=h, m=f"{m:02d}", h12=h12)
        return raw, f"{day.isoformat()}T{h:02d}:{m:02d}"
    return raw, day.isoformat()


def item_date(rng: random.Random, v: Vocab, style: str, rank: int, count: int) -> tuple[str, str]:
    """The item's date in the page's style: all relative, all absolute, or relative then absolute
    (a river whose older items carry their calendar date)."""
    if style == "relative" or (style == "mixed" and rank < max(1, count // 2)):
        return relative_date(rng, v, rank)
    return absolute_date(rng, v, rank)


# --- layout ----------------------------------------------------------------------------------------


def choose_slots(rng: random.Random) -> list[str]:
    """Which metadata slots the page's items carry (none at all: numbered digests, result lists)."""
    odds = {"source": 0.75, "date": 0.8, "category": 0.45, "author": 0.25}
    if rng.random() < 0.08:
        return []
    return [s for s in SLOTS if chance(rng, odds[s])]


def place_slots(rng: random.Random, slots: list[str]) -> dict[str, list[str]]:
    """Where each slot goes: above the title (``pre``), between title and body (``mid``) or under
    the body (``post``), by the families real pages use, or independently."""
    family = rng.choice(("mid", "mid", "pre", "split", "post", "free"))
    places: dict[str, list[str]] = {"pre": [], "mid": [], "post": []}
    for s in rng.sample(slots, len(slots)):
        if family == "split":
            where = "pre" if s == "category" or (s == "date" and chance(rng, 0.3)) else "mid"
        elif family == "free":
            where = rng.choice(("pre", "mid", "post"))
        else:
            where = family
        places[where].append(s)
    return places


def build_rows(rng: random.Random, slots: list[str]) -> tuple[tuple[tuple[str, ...], ...], frozenset[int]]:
    """The item's line order and which metadata groups are joined on one line."""
    places = place_slots(rng, slots)
    rows: list[tuple[str, ...]] = []
    for where, part in (("pre", ("title",)), ("mid", ("body",)), ("post", ())):
        if places[where]:
            rows.append(tuple(places[where]))
        if part:
            rows.append(part)
    if chance(rng, 0.35):
        rows.append(("controls",))
    joined = frozenset(i for i, r in enumerate(rows) if len(r) > 1 and chance(rng, 0.6))
    return tuple(rows), joined


def make_layout(rng: random.Random, lang: str) -> Layout:
    """The page's template: one per page, its optional fields missing on some items."""
    slots = choose_slots(rng)
    rows, joined = build_rows(rng, slots)
    missing = {s: (0.0 if rng.random() < 0.6 else rng.uniform(0.1, 0.4)) for s in slots}
    teaser_page = chance(rng, 0.35)
    item_gap = rng.choice(("blank", "blank", "blank", "none", "rule"))
    # A page that sets no blank line between items sets none between paragraphs either.
    para_gap = "newline" if item_gap == "none" else rng.choice(("newline", "newline", "blank"))
    return Layout(
        lang=lang,
        rows=rows,
        joined=joined,
        joiner=rng.choice(JOINERS),
        missing=missing,
        numbered=rng.choice(("{i}. ", "{i}) ", "#{i} ")) if chance(rng, 0.15) else None,
        teaser=teaser_page,
        max_paras=1 if teaser_page else rng.randint(1, 6),
        item_gap=item_gap,
        rule=rng.choice(("* * *", "—", "----------", "•••", "⸻")),
        para_gap=para_gap,
        title_case=lang == "en" and chance(rng, 0.3),
        date_style=rng.choice(("relative", "relative", "absolute", "mixed")),
        category_form=rng.choice(("plain", "plain", "upper", "label", "hash")),
        author_form=rng.choice(("by", "by", "bare")),
        icons=chance(rng, 0.08),
    )


# --- items -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PagePools:
    """The page's own outlets and sections: a few of each, reused across its items."""

    sources: tuple[str, ...]
    categories: tuple[str, ...]
    authors: tuple[str, ...]


def page_pools(rng: random.Random, v: Vocab) -> PagePools:
    outlets = sorted({t.format(p=p) for t in v.outlet_forms for p in v.places})
    return PagePools(
        sources=tuple(rng.sample(outlets, rng.randint(3, 8))),
        categories=tuple(rng.sample(v.categories, rng.randint(2, 5))),
        authors=tuple(rng.sample(v.authors, rng.randint(2, len(v.authors)))),
    )


def make_item(rng: random.Random, layout: Layout, pools: PagePools, rank: int, count: int, used: set[str]) -> Item:
    """One item's truth: its fields (some missing as the layout allows) and its body."""
    v = VOCAB[layout.lang]
    has = {s: rng.random() >= p for s, p in layout.missing.items()}
    paras = [paragraph(rng, v, used) for _ in range(rng.randint(1, layout.max_paras))]
    if layout.teaser:
        paras = [teaser(rng, paras[0])]
    date_raw, date = item_date(rng, v, layout.date_style, rank, count) if has.get("date") else (None, None)
    return Item(
        title=headline(rng, v, used, layout.title_case),
        body=tuple(paras),
        source=rng.choice(pools.sources) if has.get("source") else None,
        author=rng.choice(pools.authors) if has.get("author") else None,
        date_raw=date_raw,
        date=date,
        category=rng.choice(pools.categories) if has.get("category") else None,
    )


def field_text(rng: random.Random, layout: Layout, slot: str, item: Item) -> str | None:
    """How the page prints one field ("By Jane Doe", "POLITICS", "Filed under: Politics")."""
    v = VOCAB[layout.lang]
    value = {"source": item.source, "date": item.date_raw, "category": item.category, "author": item.author}[slot]
    if value is None:
        return None
    if slot == "author" and layout.author_form == "by":
        return f"{v.by} {value}"
    if slot == "category":
        form = layout.category_form
        return (
            value.upper()
            if form == "upper"
            else f"{v.section_label} {value}"
            if form == "label"
            else f"#{value}"
            if form == "hash"
            else value
        )
    if slot == "date" and layout.icons:
        return f"🕒 {value}"
    return value


def controls_line(rng: random.Random, v: Vocab) -> str:
    """An item's control bar ("Share · Save · 💬 12") with its own counts."""
    parts = rng.sample(v.controls, rng.randint(1, 3))
    return " · ".join(p.format(n=rng.randint(1, 240)) for p in parts)


def item_lines(rng: random.Random, layout: Layout, item: Item, index: int) -> list[Line]:
    """The lines one item prints, row by row of the template."""
    out: list[Line] = []
    for r, row in enumerate(layout.rows):
        if row == ("title",):
            prefix = layout.numbered.format(i=index + 1) if layout.numbered else ""
            out.append(Line(prefix + item.title, "title", index))
        elif row == ("body",):
            for p, para in enumerate(item.body):
                if p and layout.para_gap == "blank":
                    out.append(Line("", "blank", index))
                out.append(Line(para, "body", index))
        elif row == ("controls",):
            out.append(Line(controls_line(rng, VOCAB[layout.lang]), "controls", index))
        else:
            fields = [t for s in row if (t := field_text(rng, layout, s, item)) is not None]
            if r in layout.joined and fields:
                out.append(Line(layout.joiner.join(fields), "meta", index))
            else:
                out.extend(Line(f, "meta", index) for f in fields)
    return out


# --- cruft -----------------------------------------------------------------------------------------


def cruft_block(rng: random.Random, v: Vocab, kind: str, site: str) -> list[str]:
    """The lines of one piece of page furniture, in the page's language."""
    if kind == "menu":
        items = rng.sample(v.menu, rng.randint(4, len(v.menu)))
        return [site, " | ".join(items)] if chance(rng, 0.3) else [site, *items]
    if kind == "heading":
        return [rng.choice(v.headings)]
    if kind == "consent":
        return list(rng.choice(v.consent))
    if kind == "advert":
        return [v.advert_label, rng.choice(v.ad_copy)] if chance(rng, 0.6) else [v.advert_label]
    if kind == "newsletter":
        return list(v.newsletter)
    if kind == "more":
        return [rng.choice(v.load_more)]
    return [f"© {NOW.year} {site}", " · ".join(rng.sample(v.footer, len(v.footer)))]


def cruft_plan(rng: random.Random, count: int) -> tuple[list[str], dict[int, list[str]], list[str]]:
    """Which furniture goes before the first item, after which items, and after the last one."""
    before = [k for k, p in (("consent", 0.3), ("menu", 0.6), ("heading", 0.5)) if chance(rng, p)]
    between: dict[int, list[str]] = {}
    for kind, p in (("advert", 0.3), ("newsletter", 0.15)):
        if count > 2 and chance(rng, p):
            between.setdefault(rng.randint(0, count - 2), []).append(kind)
    after = [k for k, p in (("more", 0.5), ("newsletter", 0.1), ("footer", 0.5)) if chance(rng, p)]
    if "consent" not in before and chance(rng, 0.15):
        after.append("consent")
    return before, between, after


# --- the page --------------------------------------------------------------------------------------


def gap(layout: Layout) -> list[Line]:
    """What separates two items: a blank line, nothing, or a separator line."""
    if layout.item_gap == "none":
        return []
    if layout.item_gap == "rule":
        return [
            Line("", "blank", -1),
            Line(layout.rule, "sep", -1),
            Line("", "blank", -1),
        ]
    return [Line("", "blank", -1)]


def assemble(rng: random.Random, layout: Layout, items: list[Item], site: str) -> tuple[list[Line], set[str]]:
    """Every line of the page in order, and the cruft kinds it holds."""
    v = VOCAB[layout.lang]
    before, between, after = cruft_plan(rng, len(items))
    lines: list[Line] = []
    for kind in before:
        lines += [Line(t, f"cruft:{kind}", -1) for t in cruft_block(rng, v, kind, site)] + [Line("", "blank", -1)]
    for i, item in enumerate(items):
        if i:
            lines += gap(layout)
        lines += item_lines(rng, layout, item, i)
        for kind in between.get(i, []):
            lines += [*gap(layout), *(Line(t, f"cruft:{kind}", -1) for t in cruft_block(rng, v, kind, site))]
    for kind in after:
        lines += [Line("", "blank", -1), *(Line(t, f"cruft:{kind}", -1) for t in cruft_block(rng, v, kind, site))]
    kinds = {*before, *after, *(k for ks in between.values() for k in ks)}
    return lines, kinds


def features(layout: Layout, items: list[Item], cruft: set[str]) -> frozenset[str]:
    """The page's layout features, as "name=value" strings the benchmark tabulates."""
    meta_rows = [(i, r) for i, r in enumerate(layout.rows) if r[0] in SLOTS]
    title_at = layout.rows.index(("title",))
    body_at = layout.rows.index(("body",))
    stacking = {"joined" if i in layout.joined else "stacked" for i, r in meta_rows if len(r) > 1} or {"single"}
    out = {
        f"lang={layout.lang}",
        "fields=" + ("none" if not meta_rows else "+".join(sorted(stacking))),
        f"before_title={'yes' if any(i < title_at for i, _ in meta_rows) else 'no'}",
        f"after_body={'yes' if any(i > body_at for i, _ in meta_rows) else 'no'}",
        f"numbered={'yes' if layout.numbered else 'no'}",
        f"teaser={'yes' if layout.teaser else 'no'}",
        f"dates={layout.date_style if 'date' in layout.missing else 'none'}",
        f"gap={layout.item_gap}",
        f"controls={'yes' if ('controls',) in layout.rows else 'no'}",
        "items=" + ("2-3" if len(items) <= 3 else "4-7" if len(items) <= 7 else "8-15"),
    }
    out |= {f"missing={s}" for s in layout.missing if any(getattr(it, s) is None for it in items)}
    out |= {f"cruft={k}" for k in cruft} or {"cruft=none"}
    return frozenset(out)


def generate_page(rng: random.Random) -> Page:
    """A listing page with 2–15 items in one template, and its truth."""
    lang = rng.choice(LANGS)
    v = VOCAB[lang]
    layout = make_layout(rng, lang)
    pools = page_pools(rng, v)
    count = rng.randint(2, 15)
    used: set[str] = set()
    items = [make_item(rng, layout, pools, i, count, used) for i in range(count)]
    own = bool(cues(layout, items))
    layout = layout if own else with_a_cue(rng, layout)
    lines, cruft = assemble(rng, layout, items, rng.choice(v.sites))
    text = "\n".join(line.text for line in lines) + "\n"
    found = features(layout, items, cruft) | {f"cue={'own' if own else 'added'}"}
    return Page(text=text, items=tuple(items), lang=lang, features=found, lines=tuple(lines))


def cues(layout: Layout, items: list[Item]) -> set[str]:
    """The repeating cues that tell the page from an article with subheads (issue 13): numbering,
    separator lines, a control bar, a byline, a date or source on most items, a section label
    (a breadcrumb) on most items, teasers that end in "…" on most items."""
    out = {name for name, on in (("number", layout.numbered), ("rule", layout.item_gap == "rule")) if on}
    out |= {"controls"} if ("controls",) in layout.rows else set()
    tests: dict[str, Callable[[Item], object]] = {
        "fields": lambda it: it.date or it.source,
        "byline": lambda it: it.author,
        "section": lambda it: it.category,
        "teaser": lambda it: layout.teaser and it.body[-1].endswith("…"),
    }
    return out | {name for name, test in tests.items() if 2 * sum(1 for it in items if test(it)) >= len(items)}


def with_a_cue(rng: random.Random, layout: Layout) -> Layout:
    """A layout whose items repeat nothing (no field, number, rule or control: about 3 % of the
    draws), with one structural cue: no careful reader could tell those items from an
    article's subheaded sections, so no cleaner should be asked to."""
    cue = rng.choice(("number", "rule", "controls"))
    if cue == "number":
        return replace(layout, numbered=rng.choice(("{i}. ", "{i}) ", "#{i} ")))
    if cue == "rule":
        return replace(layout, item_gap="rule")
    return replace(layout, rows=(*layout.rows, ("controls",)))


def page_for(seed: int, index: int) -> Page:
    """The benchmark's page ``index`` of run ``seed``: the same on every machine and Python run."""
    return generate_page(random.Random(f"layouts:{seed}:{index}"))


def layout_pages() -> st.SearchStrategy[Page]:
    """Hypothesis strategy over the same grammar (use with ``derandomize=True`` in CI)."""
    return st.randoms(use_true_random=False).map(generate_page)


# --- scoring ---------------------------------------------------------------------------------------

WORD = re.compile(r"\w+")
BODY_F1 = 0.95
FIELDS = ("title", "source", "date", "category")


@dataclass(frozen=True, slots=True)
class Failure:
    """Why a page is not fully right: a class ("source: has the item's category") and an example."""

    cls: str
    detail: str


@dataclass(frozen=True, slots=True)
class Score:
    """A page's outcome; ``checked``/``right`` count the fields compared (count right only)."""

    fully_right: bool
    failures: tuple[Failure, ...]
    checked: dict[str, int]
    right: dict[str, int]


def token_f1(pred: str, gold: str) -> float:
    """Token F1 over lower-cased words, as ../shared/eval/score_seeds.py computes it."""
    p, g = Counter(w.lower() for w in WORD.findall(pred)), Counter(w.lower() for w in WORD.findall(gold))
    common = sum((p & g).values())
    if not p and not g:
        return 1.0
    if not common:
        return 0.0
    prec, rec = common / sum(p.values()), common / sum(g.values())
    return 2 * prec * rec / (prec + rec)


def norm(value: str) -> str:
    """A field compared the way the seed scorer does: spacing, case and edge punctuation aside."""
    return " ".join(value.split()).casefold().strip(" .,:;-|")


def same_date(want: str, got: str | None) -> bool:
    """A resolved date at the truth's precision: the day, and hour and minute when it has a time."""
    if got is None or got[:10] != want[:10]:
        return False
    return "T" not in want or ("T" in got and got[11:16] == want[11:16])


def origin(page: Page, index: int, value: str) -> str:
    """Where a wrong value came from: another field of the item or a neighbour, or a line's role."""
    key = norm(value)
    for where, j in (("the item's", index), ("the previous item's", index - 1), ("the next item's", index + 1)):
        if 0 <= j < len(page.items):
            item = page.items[j]
            for name in ("title", "source", "category", "author", "date_raw"):
                field_value = getattr(item, name)
                if field_value is not None and norm(field_value) == key:
                    return f"has {where} {name}"
    roles = sorted((line for line in page.lines if key and key in norm(line.text)), key=lambda line: line.item != index)
    if roles:
        line = roles[0]
        whose = "" if line.item < 0 else " of its item" if line.item == index else " of another item"
        return f"has part of a {line.role} line{whose}" if norm(line.text) != key else f"has a {line.role} line{whose}"
    return "has text not on one line"


def field_failures(page: Page, index: int, article: Article) -> list[tuple[str, Failure | None]]:
    """(field, failure or None) for each field the item has."""
    item = page.items[index]
    out: list[tuple[str, Failure | None]] = []
    wants = {"title": item.title, "source": item.source, "date": item.date, "category": item.category}
    gots = {"title": article.title, "source": article.publisher, "date": article.date}
    for name in FIELDS:
        want = wants[name]
        if want is None:
            continue
        if name == "category":
            ok = norm(want) in {norm(c) for c in article.categories}
            got = next((c for c in article.categories if norm(c) != norm(want)), None) if not ok else want
        else:
            got = gots[name]
            ok = same_date(want, got) if name == "date" else got is not None and norm(got) == norm(want)
        if ok:
            out.append((name, None))
            continue
        why = date_failure(page, index, article) if name == "date" else "is empty" if got is None else origin(page, index, got)
        out.append((name, Failure(f"{name}: {why}", f"#{index}: want {want!r}, got {got!r} (raw {article.date_raw!r})")))
    return out


def date_kind(raw: str) -> str:
    """The printed shape of a date, for naming what failed: a bare time, an age, a named day or a
    calendar date."""
    if re.fullmatch(r"\d{1,2}:\d\d", raw):
        return "a bare time of day"
    if any(ch.isdigit() for ch in raw) and re.search(r"(?:19|20)\d\d", raw):
        return "a calendar date" + (" with a time" if re.search(r"(?<![\d.])\d{1,2}[:h]\d\d(?![\d.])", raw) else "")
    named = {w.casefold() for v in VOCAB.values() for w in v.yesterday}
    return "a named day" if (raw.split() or [""])[0].strip(",").casefold() in named else "an age"


def date_failure(page: Page, index: int, article: Article) -> str:
    """Why a date is wrong: not found, found but not resolved, its time lost, or another line's."""
    item = page.items[index]
    kind = date_kind(item.date_raw or "")
    want, got, raw = item.date or "", article.date, article.date_raw
    if raw is None:
        return f"is empty ({kind})"
    if norm(raw) != norm(item.date_raw or "") and norm(raw) not in norm(item.date_raw or ""):
        return origin(page, index, raw)
    if got is None:
        return f"raw found, not resolved ({kind})"
    if got[:10] == want[:10]:
        return f"time of day lost ({kind})"
    return f"resolved wrong ({kind})"


def body_failure(page: Page, index: int, article: Article) -> Failure | None:
    """A body under the F1 bar, classed by what it lost (and which rule took it) or took in."""
    item = page.items[index]
    f1 = token_f1(article.text, "\n".join(item.body))
    if f1 >= BODY_F1:
        return None
    text = norm(article.text)
    lost = [p for p in item.body if norm(p) not in text]
    extra = [p for p in article.paragraphs if not any(norm(p) in norm(b) for b in item.body)]
    if extra:
        return Failure(f"body: {origin(page, index, extra[0])}", f"#{index} F1={f1:.2f}: extra {extra[0][:80]!r}")
    return Failure("body: lost a paragraph", f"#{index} F1={f1:.2f}: lost {lost[0][:80] if lost else '?'!r}")


def cruft_between(page: Page, first: int) -> str:
    """The furniture printed between item ``first`` and the next ("advert", "newsletter"), if any."""
    rows = [i for i, line in enumerate(page.lines) if line.item in (first, first + 1)]
    inside = page.lines[rows[0] : rows[-1]] if rows else ()
    return "+".join(sorted({line.role[6:] for line in inside if line.role.startswith("cruft:")}))


def lost_to(page: Page, index: int, result: CleanResult) -> str:
    """The rule that removed an item's first body line, or "no rule"."""
    start = norm(page.items[index].body[0])[:60]
    for r in result.removals:
        if any(start in norm(result.blocks[b].text) for b in r.block_ids if b < len(result.blocks)):
            return r.rule
    return "no rule"


def fewer(page: Page, result: CleanResult, homes: list[list[int]]) -> str:
    """Why there are too few articles: the page read as one, two neighbours merged (across
    furniture or not), or an item gone (and which rule took its body)."""
    if len(result.articles) == 1:
        return "page read as one article"
    for i in range(len(page.items) - 1):
        if homes[i] and homes[i] == homes[i + 1]:
            across = cruft_between(page, i)
            return f"items merged across {across}" if across else "items merged"
    gone = next(i for i, h in enumerate(homes) if not h) if not all(homes) else -1
    return f"items lost (body removed by {lost_to(page, gone, result)})" if gone >= 0 else "items lost"


def count_failure(page: Page, result: CleanResult) -> Failure:
    """Why the article count is wrong: too few (see :func:`fewer`), or too many: an item split or
    furniture taken as an item."""
    arts = result.articles
    want, got = len(page.items), len(arts)
    homes = [[k for k, a in enumerate(arts) if norm(it.body[0])[:60] in norm(a.text)] for it in page.items]
    detail = f"want {want}, got {got}; titles {[a.title for a in arts][:6]}"
    if got == 0:
        return Failure("count: no article", detail)
    if got < want:
        return Failure(f"count: too few ({fewer(page, result, homes)})", detail)
    claimed = {k for h in homes for k in h}
    stray = [a for k, a in enumerate(arts) if k not in claimed]
    if stray:
        return Failure(f"count: too many (an article that {origin(page, -1, stray[0].paragraphs[0])[4:]})", detail)
    return Failure("count: too many (an item split)", detail)


def score(page: Page, result: CleanResult) -> Score:
    """Fully right: the item count, then per item (in order) body F1 >= 0.95 and each field it has."""
    checked = dict.fromkeys((*FIELDS, "body"), 0)
    right = dict.fromkeys((*FIELDS, "body"), 0)
    if len(result.articles) != len(page.items):
        return Score(False, (count_failure(page, result),), checked, right)
    failures: list[Failure] = []
    for i, article in enumerate(result.articles):
        body = body_failure(page, i, article)
        results: list[tuple[str, Failure | None]] = [("body", body), *field_failures(page, i, article)]
        for name, failure in results:
            checked[name] += 1
            right[name] += failure is None
            if failure is not None:
                failures.append(failure)
    return Score(not failures, tuple(failures), checked, right)


def clean_page(page: Page) -> CleanResult:
    """cleaner on a generated page, resolving ages against the grammar's NOW."""
    return cleaner.clean(page.text, now=NOW)


# --- vocabulary ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocab:
    """One language's word pools. ``order``/``fronted`` place a sentence's parts (German and Dutch
    put the verb second after a fronted adjunct); ``months`` are (short, full) names."""

    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    adjuncts: tuple[str, ...]
    tails: tuple[str, ...]
    order: str
    fronted: str
    months: tuple[tuple[str, str], ...]
    t_subjects: tuple[str, ...]
    t_verbs: tuple[str, ...]
    t_objects: tuple[str, ...]
    t_tails: tuple[str, ...]
    ages: dict[str, tuple[str, ...]]
    one_hour: tuple[str, ...]
    yesterday: tuple[str, ...]
    yesterday_at: str
    date_forms: tuple[str, ...]
    with_time: tuple[str, ...]
    places: tuple[str, ...]
    outlet_forms: tuple[str, ...]
    categories: tuple[str, ...]
    authors: tuple[str, ...]
    by: str
    section_label: str
    controls: tuple[str, ...]
    menu: tuple[str, ...]
    headings: tuple[str, ...]
    consent: tuple[tuple[str, ...], ...]
    advert_label: str
    ad_copy: tuple[str, ...]
    newsletter: tuple[str, ...]
    load_more: tuple[str, ...]
    footer: tuple[str, ...]
    sites: tuple[str, ...]


WORDS = Path(__file__).resolve().parent / "layout_words"


def _frozen(value: object) -> object:
    """TOML arrays as tuples, nested ones too (months are (short, full) pairs, consent banners
    tuples of lines), so a Vocab is hashable data like the rest of a Page."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return {k: _frozen(v) for k, v in value.items()}
    return value


def load_vocab(lang: str) -> Vocab:
    """One language's word pools from ``layout_words/<lang>.toml`` (language data is data)."""
    table = tomllib.loads((WORDS / f"{lang}.toml").read_text(encoding="utf-8"))
    return Vocab(**{k: _frozen(v) for k, v in table.items()})  # type: ignore[arg-type]


VOCAB: dict[str, Vocab] = {lang: load_vocab(lang) for lang in LANGS}
