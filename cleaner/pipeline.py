"""The pipeline you can see: ingest → early passes → segmentation → late passes → metadata.

Each stage is one function below, called once, in order, by :func:`run`; nothing calls back up.

Passes only propose; this module applies proposals in a fixed order, honours ``disable`` (a rule
id, or a namespace such as ``nav``), and records every applied Removal for explain and stats.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from cleaner import deadline
from cleaner.bylines import byline_facts, dateline_facts
from cleaner.config import Limits
from cleaner.dates import page_order, resolve_full
from cleaner.document import Document, Hint, Item, Pass, Proposal
from cleaner.errors import InputTooLargeError
from cleaner.facts import Fact, Resolved, ranked
from cleaner.facts import resolve as resolve_facts
from cleaner.features import drop_table, feature_table, use_table, words
from cleaner.ingest.decode import decode
from cleaner.ingest.detect import looks_like_html
from cleaner.ingest.text import text_to_blocks
from cleaner.metadata import (
    author_guard,
    copy_date_facts,
    headline_at,
    headline_facts,
    is_title,
    label_date_facts,
    language,
    lead_date_facts,
    publisher_guard,
    site_from_url,
    title_above,
    title_line_facts,
    without_site,
)
from cleaner.model import Article, Block, CleanResult, Kind, Removal
from cleaner.passes.bio import AuthorBioPass
from cleaner.passes.phrases import PHRASE_PASS
from cleaner.passes.sections import (
    CommentThreadPass,
    EmbeddedTweetPass,
    ErrorPagePass,
    LiveblogStampPass,
    RelatedBlockPass,
    SyndicationPass,
    VideoCarouselPass,
)
from cleaner.passes.structure import (
    HeaderPass,
    MainContentPass,
    MetaLinePass,
    NavMenuPass,
    RepeatedLinePass,
    TitleDuplicatePass,
)
from cleaner.rules import active, normalise
from cleaner.segment import segment_article, segment_listing

# Before segmentation: cruft that names itself, so repeated teasers under "Related Articles" can
# never be taken for a listing.
EARLY_PASSES: tuple[Pass, ...] = (
    SyndicationPass(),
    LiveblogStampPass(),
    VideoCarouselPass(),
    EmbeddedTweetPass(),
    PHRASE_PASS,
    RelatedBlockPass(),
    ErrorPagePass(),
)
# After segmentation: header lines become metadata, then the general heuristic.
LATE_PASSES: tuple[Pass, ...] = (
    HeaderPass(),
    TitleDuplicatePass(),
    CommentThreadPass(),
    RepeatedLinePass(),
    MetaLinePass(),
    AuthorBioPass(),
    NavMenuPass(),
    MainContentPass(),
)
ALL_PASSES: tuple[Pass, ...] = EARLY_PASSES + LATE_PASSES


def rule_ids() -> list[str]:
    """Every rule id the pipeline can emit, in pass order."""
    seen: dict[str, None] = {}
    for p in ALL_PASSES:
        seen.update(dict.fromkeys(p.rule_ids))
    return list(seen)


def is_disabled(rule: str, disabled: frozenset[str]) -> bool:
    """A rule is off when its id or its namespace was disabled."""
    return rule in disabled or rule.split(".", 1)[0] in disabled


class Clock:
    """CPU seconds spent per stage or pass on one page, for ``--stats`` (CPU, not wall: the cores
    of a batch machine are shared; mutable by design: a tally)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.last = time.process_time()

    def lap(self, name: str) -> None:
        """Book the time since the last lap to ``name``."""
        now = time.process_time()
        self.seconds[name] = self.seconds.get(name, 0.0) + now - self.last
        self.last = now

    def table(self) -> tuple[tuple[str, float], ...]:
        return tuple(self.seconds.items())


def pass_name(p: Pass) -> str:
    """A pass's name in timings: the rule ids it proposes ("related.block"), or its class's name
    when it proposes more than two (the phrase pass proposes dozens)."""
    return ",".join(p.rule_ids) if len(p.rule_ids) <= 2 else type(p).__name__


def run_passes(doc: Document, passes: Sequence[Pass], disabled: frozenset[str], log: list[Removal], clock: Clock) -> Document:
    """Apply each pass's proposals in turn; later passes see earlier removals. Past the deadline
    the page is abandoned with CleanTimeoutError."""
    for p in passes:
        deadline.check(type(p).__name__)
        if all(is_disabled(r, disabled) for r in p.rule_ids):
            continue
        proposals = list(p.propose(doc))
        if proposals:  # most passes find nothing on most pages: the document stays as it is
            doc = apply_proposals(doc, proposals, disabled, log)
        clock.lap(pass_name(p))
    return doc


def apply_proposals(doc: Document, proposals: list[Proposal], disabled: frozenset[str], log: list[Removal]) -> Document:
    """The document with one pass's proposals applied (blocks already removed stay with their
    first rule); every applied removal is logged."""
    removed = set(doc.removed)
    rules = dict(doc.rules)
    hints = list(doc.hints)
    for prop in proposals:
        if isinstance(prop, Hint):
            hints.append(prop)
            continue
        if is_disabled(prop.rule, disabled):
            continue
        ids = tuple(i for i in prop.block_ids if i not in removed)
        if ids:
            removed.update(ids)
            rules.update(dict.fromkeys(ids, prop.rule))
            log.append(Removal(prop.rule, ids, prop.reason))
    return replace(doc, removed=frozenset(removed), hints=tuple(hints), rules=rules)


def ingest(raw: str | bytes, input_format: str, limits: Limits) -> tuple[list[Block], str, list[str], list[Fact]]:
    """Decode and split into blocks; returns the blocks, the format used, warnings and the
    metadata facts the markup states (HTML head, JSON-LD)."""
    warnings: list[str] = []
    if isinstance(raw, bytes):
        text, encoding = decode(raw)
        if encoding not in ("utf-8", "ascii", "utf-8-sig"):
            warnings.append(f"decoded as {encoding}")
    else:
        text = raw
    apply_limits(text, limits)
    fmt = input_format if input_format in ("text", "html") else ("html" if looks_like_html(text) else "text")
    if fmt == "html":
        from cleaner.ingest.html import html_to_page  # lxml is loaded only for HTML input

        blocks, facts = html_to_page(text)
        return blocks, fmt, warnings, facts
    return text_to_blocks(text), fmt, warnings, []


def check_size(blocks: list[Block], limits: Limits) -> None:
    """Refuse pages with more blocks than any real page has (a concatenated corpus, a log file)."""
    if len(blocks) > limits.max_blocks:
        limit = limits.max_blocks
        raise InputTooLargeError(f"input has {len(blocks):,} lines/blocks; the limit is {limit:,} (split it into pages)")


def paragraphs(doc: Document, item: Item) -> list[str]:
    """The item's surviving blocks as paragraphs: pieces of one source line that survive side by
    side are joined again; a removed piece between them splits the paragraph."""
    out: list[str] = []
    last: Block | None = None
    for b in doc.blocks[item.start : item.end]:
        if b.id in doc.removed:
            last = None
            continue
        if last is not None and b.line == last.line and b.part == last.part + 1:
            out[-1] = f"{out[-1]} {b.text}"
        else:
            out.append(b.text)
        last = b
    return out


HEADER_FIELDS = {"title": "title", "sitename": "sitename", "source": "publisher", "author": "authors",
                 "date_raw": "date_raw", "date_updated_raw": "date_updated_raw", "category": "categories"}
HINT_FIELDS = {"title": "title", "publisher": "publisher", "author": "authors", "date_raw": "date_raw"}


def item_facts(doc: Document, item: Item, url: str | None) -> list[Fact]:
    """Every fact for an item's metadata: its header as segmentation read it, the passes'
    hints, the bylines on its lines (removed or not), and for a page of one article the
    page's own facts (head metadata, the page-title line, masthead, URL, the headline's rows).
    A title that is a caption or a date row is no title (:func:`headline_titles`)."""
    facts = [Fact(HEADER_FIELDS[k], v, "header") for k, v in item.meta if k in HEADER_FIELDS]
    mine = [h for h in doc.hints if item.start <= h.block_id < item.end or h.block_id < 0]
    facts += [Fact(HINT_FIELDS[h.key], h.value, "hint", h.block_id) for h in mine if h.key in HINT_FIELDS]
    own = doc.blocks[item.start : item.end]
    facts += byline_facts(own) + dateline_facts(own) + label_date_facts(own) + lead_date_facts(doc.alive(item.start, item.end))
    if doc.listing:
        facts = headline_titles(doc, facts + (list(doc.facts) if item.start == doc.items[0].start and dated_head(doc) else []))
    else:
        cruft = bool(doc.blocks) and bool(doc.hit(doc.blocks[0]))  # a phrase rule names it: a banner, no title
        facts = headline_titles(doc, facts + list(doc.facts) + title_line_facts(doc.blocks, cruft))
        if (at := headline_at(doc.blocks, facts)) is not None:
            facts += headline_facts(doc.blocks, at, lambda b: bool(doc.hit(b))) + copy_date_facts(doc.blocks, at)
    if (host := site_from_url(url)) is not None:
        facts.append(Fact("sitename", host, "url"))
    return facts


def headline_titles(doc: Document, facts: list[Fact]) -> list[Fact]:
    """The facts without title candidates that are captions or date rows (the head metadata's
    are kept), and the headline printed above the header's refused title, when there is one."""
    kept = [f for f in facts if f.field != "title" or f.source.startswith(HEAD_SOURCES) or is_title(f.value)]
    refused = next((f.value for f in facts if f.source == "header" and f.field == "title" and f not in kept), None)
    if refused is not None:
        kept += title_above(doc.blocks, refused, lambda b: bool(doc.hit(b)))
    return kept


ARTICLE_DATES = frozenset({"meta:article:published_time", "jsonld:datePublished"})


def dated_head(doc: Document) -> bool:
    """Whether the page's head metadata dates one article (``article:published_time``, an
    article's JSON-LD ``datePublished``): then the page is that article even where its body
    splits into items, and its first item takes the head's facts (an index page's head
    dates nothing)."""
    return any(f.source in ARTICLE_DATES for f in doc.facts)


HEAD_SOURCES = ("meta:", "jsonld:", "html:")  # what the page's head metadata states is no caption


def build_article(doc: Document, item: Item, url: str | None, now: dt.datetime | None, order: str | None = None) -> Article:
    """An Article from an item's surviving text and its metadata facts, each field chosen by
    the declared precedence (:mod:`cleaner.facts`); ``order`` is how the page writes numeric
    dates, when its items settle it."""
    paras = paragraphs(doc, item)
    text = "\n\n".join(paras)
    facts = item_facts(doc, item, url)
    chosen = resolve_facts(facts)

    def first(name: str) -> str | None:
        return chosen[name].values[0] if name in chosen else None

    lang = language(text)
    dated, date = read_date(ranked(facts, "date_raw"), now, lang, order)
    if dated is not None:
        chosen["date_raw"] = dated
    date_raw = first("date_raw")
    updated_raw = first("date_updated_raw")
    authors = author_guard(chosen["authors"].values) if "authors" in chosen else ()
    return Article(
        text=text,
        paragraphs=tuple(paras),
        title=without_site(first("title"), site_named(chosen)),
        sitename=first("sitename"),
        publisher=publisher_guard(first("publisher")),
        authors=authors,
        date_raw=date_raw,
        date=date,
        categories=chosen["categories"].values if "categories" in chosen else (),
        language=lang,
        url=url,
        date_updated_raw=updated_raw,
        date_updated=resolve_full(updated_raw, now, lang, order),
        sources=tuple((name, r.source) for name, r in sorted(chosen.items())),
    )


NAMED_SITE = ("meta:", "jsonld:", "masthead")  # a site name the page states, not a title line's last part


def site_named(chosen: dict[str, Resolved]) -> str | None:
    """The site's name when the page states it apart from its titles (head metadata, masthead):
    only then may a title's closing part be cut as the site's (a title line's last part may be
    its headline's second half)."""
    site = chosen.get("sitename")
    return site.values[0] if site is not None and site.source.startswith(NAMED_SITE) else None


def read_date(
    ranked_raws: list[tuple[str, str]], now: dt.datetime | None, lang: str | None, order: str | None
) -> tuple[Resolved | None, str | None]:
    """The strongest date candidate that reads as a date, and its ISO form: a winner that does
    not ("Hier" on a German page, a bare "12:30") gives way to the next; when none reads, the
    winner stays as the page's raw date."""
    for raw, source in ranked_raws:
        if (iso := resolve_full(raw, now, lang, order)) is not None:
            return Resolved((raw,), source), iso
    return (Resolved((ranked_raws[0][0],), ranked_raws[0][1]) if ranked_raws else None), None


def apply_limits(raw: str | bytes, limits: Limits) -> None:
    """Refuse input longer than the limit before any work (bytes or characters)."""
    if len(raw) > limits.max_input_chars:
        unit = "bytes" if isinstance(raw, bytes) else "characters"
        raise InputTooLargeError(f"input is {len(raw):,} {unit}; the limit is {limits.max_input_chars:,}")


def run(raw: str | bytes, settings: Settings, url: str | None, now: dt.datetime | None, input_format: str) -> CleanResult:
    """The stages in order — ingest, early passes, segmentation, late passes, metadata — on the
    rule set and deadline the caller made active (see :class:`cleaner.engine.Cleaner`)."""
    clock = Clock()
    apply_limits(raw, settings.limits)
    blocks, fmt, warnings, facts = ingest(raw, input_format, settings.limits)
    check_size(blocks, settings.limits)
    clock.lap("ingest")
    log: list[Removal] = []
    hits = line_hits(blocks)
    doc = Document(blocks=tuple(blocks), is_html=fmt == "html", hits=hits, facts=tuple(facts))
    token = use_table(feature_table(doc.blocks))  # the page's line features, for every stage below
    try:
        clock.lap("classification")
        doc = run_passes(doc, EARLY_PASSES, settings.disabled, log, clock)
        doc = segment(doc)
        clock.lap("segmentation")
        doc = run_passes(doc, LATE_PASSES, settings.disabled, log, clock)
        articles = build_articles(doc, url, now)
        clock.lap("metadata")
    finally:
        drop_table(token)
    if not blocks:
        warnings.append("input holds no text")
    elif not articles:
        warnings.append("no article text found: every block was judged boilerplate")
    kind: Kind = "empty" if not articles else "listing" if doc.listing and len(articles) > 1 else "article"
    removals = tuple(sorted(log, key=lambda r: r.block_ids[0]))
    return CleanResult(kind, articles, removals, tuple(warnings), tuple(blocks), fmt, clock.table())


HITS_CHUNK = 512  # lines classified between two deadline checks


def line_hits(blocks: list[Block]) -> tuple[Mapping[str, bool], ...]:
    """The feature table's phrase-rule hits, one per block (:func:`cleaner.features.classify`,
    with the rule set's cache called straight: a site's menus are hits), the deadline checked
    as it goes."""
    hits: list[Mapping[str, bool]] = []
    lookup = active().line_rules
    for k in range(0, len(blocks), HITS_CHUNK):
        deadline.check("line classification")
        hits.extend([lookup(normalise(b.text), words(b.text)) for b in blocks[k : k + HITS_CHUNK]])
    return tuple(hits)


def segment(doc: Document) -> Document:
    """Segmentation: a listing's items, or the page as one article."""
    deadline.check("segmentation")
    items = segment_listing(doc)
    return replace(doc, items=items or (segment_article(doc),), listing=bool(items))


def build_articles(doc: Document, url: str | None, now: dt.datetime | None) -> tuple[Article, ...]:
    """Metadata: every item with text becomes an Article."""
    deadline.check("metadata")
    order = page_order([it.get("date_raw") for it in doc.items])  # "14/05/2025" on one item settles "12/05/2025" on another
    return tuple(a for a in (build_article(doc, it, url, now, order) for it in doc.items) if a.text)


@dataclass(frozen=True)
class Settings:
    """What the stages need from a config besides the active rule set: rules off and limits."""

    disabled: frozenset[str] = frozenset()
    limits: Limits = field(default_factory=Limits)
