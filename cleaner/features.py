"""Shape features of a line of text, shared by ingest, passes and segmentation.

They are language-light on purpose (word counts, sentence punctuation, letter case): the same
shapes mark prose versus navigation debris in most scripts, which keeps the heuristics general.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Mapping, Sequence
from contextvars import ContextVar, Token
from dataclasses import dataclass

import regex

from cleaner.model import Block
from cleaner.rules import (
    LINE_CACHE,
    active,
    compile_safe,
    compile_safe_regex,
    date_gate,
    gated,
    line_rules,
    normalise,
    pack_gate,
    pack_pattern,
    pattern,
    per_ruleset,
)
from cleaner.tuning import threshold

# stdlib patterns where no Unicode property is needed: several times faster on the hot path
WORD = compile_safe(r"\w+")
SENTENCE_ENDS = frozenset(".!?…。！？:;\"”’'»)]")
SENTENCE_INSIDE = compile_safe(r"[.!?。！？][\"”’'»)]?\s+[\"“‘'«(]?([^\W\d_])")  # a sentence starts: upper case
SAMPLE_TOKENS = 80
SAMPLE_CHARS = 1200  # enough text for SAMPLE_TOKENS words in most scripts
WIDE = compile_safe("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")  # CJK, kana, Hangul, Thai
UNCASED_RATIO = 0.75  # scripts without letter case read as prose as far as case can tell
URLISH = compile_safe(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w")


@functools.lru_cache(maxsize=LINE_CACHE)
def words(text: str) -> int:
    """Number of \\w+ tokens: the unit the benchmarks score in."""
    return len(WORD.findall(text))


def classify(text: str) -> Mapping[str, bool]:
    """The phrase rules that name this line (True when as a whole line)."""
    return line_rules(normalise(text), words(text))


@functools.lru_cache(maxsize=LINE_CACHE)
def norm_words(text: str) -> str:
    """Words only, case-folded: how lines are compared for repeats and titles."""
    return " ".join(WORD.findall(text.casefold()))


@functools.lru_cache(maxsize=LINE_CACHE)
def length(text: str) -> int:
    """Words, counting CJK-like scripts (no spaces between words) at two characters a word."""
    n = words(text)
    return max(n, len(WIDE.findall(text)) // 2) if WIDE.search(text) else n


@functools.lru_cache(maxsize=LINE_CACHE)
def prose_score(text: str) -> float:
    """How much a line reads like running prose, from -1 (menu item, label) to 1 (paragraph).

    Long lines with sentence punctuation and mostly lower-case words are prose; short lines, Title
    Case runs and lines of numbers are not. Cached: pages repeat lines (menus, footers) a lot.
    """
    if len(text) <= SAMPLE_CHARS:  # one tokenisation serves the count and the sample
        tokens = WORD.findall(text)
        n, sample = len(tokens), tokens[:SAMPLE_TOKENS]
    else:
        n, sample = words(text), _sample(text)  # the ratios settle long before a paragraph ends
    if WIDE.search(text):
        n = max(n, len(WIDE.findall(text)) // 2)  # CJK writes a sentence as one \w+ run: count its characters
    if n == 0:
        return -1.0
    firsts = "".join([t[0] for t in sample])
    lower = sum(map(str.islower, firsts))
    cased = lower + sum(map(str.isupper, firsts))
    lower_ratio = lower / cased if cased >= 3 else UNCASED_RATIO
    ends = text.rstrip()[-1:] in SENTENCE_ENDS
    inner = sum(1 for m in itertools.islice(SENTENCE_INSIDE.finditer(text), 12) if m.group(1).isupper())
    score = min(n, 40) / 40.0  # 0..1 by length
    score += 0.35 if ends else -0.25
    score += min(inner, 3) * 0.1
    score += (lower_ratio - 0.5) * 0.8
    if n < 5:
        score -= 0.6
    if n < 15 and URLISH.search(text):
        score -= 0.3
    if sum(map(str.isdigit, sample)) > 0.4 * len(sample):
        score -= 0.5
    return max(-1.0, min(1.0, score - 0.45))


def _sample(text: str) -> list[str]:
    """The first SAMPLE_TOKENS words, without tokenising the rest of a long paragraph."""
    head = WORD.findall(text[:SAMPLE_CHARS])
    if len(head) <= SAMPLE_TOKENS and len(text) > SAMPLE_CHARS:
        head = WORD.findall(text)
    return head[:SAMPLE_TOKENS]


def is_prose(text: str) -> bool:
    """A line that reads as article prose (the benchmarks' article bodies are made of these)."""
    return prose_score(text) > 0.0


@per_ruleset
def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date (absolute or relative) in the text is, or None. Only the first
    DATE_SCAN_CHARS characters are read: a date that heads, closes or labels a line sits in a
    short line, and the date alternations cost seconds on a megabyte line of glued text."""
    text = text[:DATE_SCAN_CHARS]
    if not pattern("date_hint").search(text):
        return None  # no digit and no relative-date word: no date (the full patterns are slow)
    if len(text) <= 2 * TIME_LINE_CHARS and (":" in text or "." in text):  # a lone time, perhaps labelled
        stripped = text.strip()
        core = pattern("date_label").sub("", stripped)
        if pattern("time_line").fullmatch(core):
            start = len(text) - len(text.lstrip()) + len(stripped) - len(core)
            return (start, start + len(core))
    best: tuple[int, int] | None = None
    gates = _Gates(text)
    for kinds in (("absolute_date", "named_date"), ("relative_date",)):
        for lang in active().langs:  # as one alternation over the packs (earliest match, first pack at a tie), gated
            for name in kinds:
                p = pack_pattern(name, lang)
                m = p.search(text) if p is not None and gates.open(name, lang) else None
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), m.end())
    return _field_time(text) if best is None else (best[0], _time_after(text, best[1], active().langs))


FIELD_TIME = compile_safe(r"^(?P<head>[^\n\d]{1,80}?)(?:,|\s[·•|/–—-])\s+(?P<time>[0-9][0-9:.]{2,4}\b.{0,14})$")


def _field_time(text: str) -> tuple[int, int] | None:
    """A time of day closing a field line after its separator ("Radio Romagna, 07:26",
    "Politics · 06:35"): a river prints today's items with their time alone, beside the
    source, as it prints the older ones with their age. Short lines only, and a name before
    the time, no figures: "11 maja 2021, 11:49" is a date this pack cannot read, whose line
    (an article's, or a comment's stamp) must not pass for a field line."""
    m = FIELD_TIME.match(text.rstrip()) if len(text) <= FIELD_TIME_CHARS else None
    if m is None or not pattern("time_line").fullmatch(m.group("time").strip()):
        return None
    return (m.start("time"), m.start("time") + len(m.group("time").strip()))


FIELD_TIME_CHARS = 100


def _time_after(text: str, end: int, langs: tuple[str, ...]) -> int:
    """Where a date that ends at ``end`` ends with the time printed after it ("2025-05-07, 14:05",
    "7. Mai 2025 um 14:05 Uhr", "07/05/2025 - 14:05 h"): the date patterns name their own time
    tails unevenly, and a span cut before the time loses the item's time of day. The longest
    pack's tail wins (its words: "um", "a las", "alle", "uur")."""
    ends = [m.end() for lang in langs if (p := pack_pattern("time_tail", lang)) is not None and (m := p.match(text, end))]
    return max([end, *ends])


class _Gates:
    """The gates one line passes, each tested at most once and only when asked: a pack's
    pattern's own gate first (:func:`cleaner.rules.date_gate`, a few characters), then the
    pack's word gate (:func:`cleaner.rules.pack_gate`, an alternation of every month name,
    slower on a long line). Gates read the case-folded line, since ``(?i)`` matches by
    folding ("ſ" is an "s" to it); the word gate the lower-cased one, as it always has."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded: str | None = None
        self.low: str | None = None
        self.packs: dict[str, bool] = {}

    def open(self, name: str, lang: str) -> bool:
        """Whether the pack's ``name`` pattern may match this line."""
        gate = date_gate(name, lang)
        if gate is not None:
            if self.folded is None:
                self.folded = self.text.casefold()
            if gate.search(self.folded) is None:
                return False
        if not gated(lang, name):
            return True
        if lang not in self.packs:
            if self.low is None:
                self.low = self.text.lower()
            self.packs[lang] = pack_gate(lang).search(self.low) is not None
        return self.packs[lang]


DATE_LINE_WORDS = 14
DATE_SCAN_CHARS = 8000  # far longer than any meta line (and a 5,000-digit age), far shorter than glued pages
TIME_LINE_CHARS = 24
CREDIT_TAIL = 30  # where a headline's ", 3 May" credit ends the line
SENTENCE_BEFORE = 3  # words before the date of a line that ends as a sentence: prose, not a date line
DATE_REST_WORDS = 4  # words beside the date on a plain date line ("Updated 2 hours ago")
META_REST_WORDS = 8  # beside it on a meta line joined by separators or a byline
META_JOINS = frozenset("·•|/,–—-›»>")
BYLINE_WORD = compile_safe(r"\b(?:by|von|par|por)\s+[^\W\d_]", re.IGNORECASE)


@per_ruleset
def is_date_line(text: str) -> bool:
    """A short line whose main content is a date ("20 hours ago", "May 28, 2025 12:30 BST") or a
    time ("12.30 BST", a live-blog post's stamp), or a
    meta line built around one: "Le Courrier de la Manche · 1 day ago", "Posted on May 28, 2025
    by Jane Hill in Swarms" (a source or byline beside the date, no sentence end)."""
    if words(text) > DATE_LINE_WORDS:
        return False
    span = date_span(text)
    if span is None:
        return False
    before, after = text[: span[0]], text[span[1] :]
    rest = words(before + " " + after)
    if words(before) >= SENTENCE_BEFORE and text.rstrip()[-1:] in ".!?" and not pattern("date_label").match(before):
        return False  # a sentence that names a date ("Comments are due by June 1.")
    if rest <= DATE_REST_WORDS:
        return True
    if rest > META_REST_WORDS or text.rstrip()[-1:] in ".!?:":  # a sentence (or one leading into a list)
        return False
    joined = before.rstrip()[-1:] in META_JOINS or after.lstrip()[:1] in META_JOINS
    return joined or bool(BYLINE_WORD.search(after))


@per_ruleset
def headline_credit(text: str) -> tuple[str, str, str] | None:
    """(title, source, date) of a headline line that carries its credit ("Title — The Herald
    Courier, 3 May"): on topic hubs each item opens with one instead of separate header lines."""
    tail = text.rstrip()[-CREDIT_TAIL:]
    if "," not in tail or ("—" not in text and "–" not in text) or not pattern("date_hint").search(tail):
        return None  # the credit ends the line: ", 3 May" within its last characters
    m = pattern("headline_credit").match(text.strip())
    return None if m is None else (m.group("title").strip(), m.group("source").strip(), m.group("date").strip())


@per_ruleset
def domain_credit(text: str) -> tuple[str, str | None] | None:
    """(title, site) of a link aggregator's title line ("Tramway Reopens (eastbankpost.com)"), the
    title empty on a line of the site alone; the site is None for a post made on the board itself
    ("(self.TransitWatch)")."""
    if not text.endswith(")") or "." not in text:
        return None
    m = pattern("title_domain").match(text.strip())
    if m is None:
        return None
    source = m.group("source")
    return m.group("title") or "", None if source.startswith("self.") else source


MIN_WEIGHT = 3
TRUNCATED = compile_safe_regex(
    r"(?:(?P<bare>\w\s?(?:\.\.\.|…))|\[(?:\.\.\.|…)\]|(?:read|continue reading|more)\s*(?:»|›|>|→))\s*$", regex.I
)
TRUNCATION_ENDS = (".", "…", "»", "›", ">", "→", "]")


def text_value(text: str) -> float:
    """A line's vote for being inside the article (:mod:`cleaner.density`): positive for prose,
    negative for labels, scaled by length."""
    return _text_value(text, threshold("main.teaser_max_words"))


@functools.lru_cache(maxsize=LINE_CACHE)
def _text_value(text: str, teaser_words: float) -> float:
    """:func:`text_value` under a teaser length (cached: menus and footers repeat)."""
    value = prose_value(text)
    cut = TRUNCATED.search(text[-60:]) if text.endswith(TRUNCATION_ENDS) else None
    if cut is None or (cut.group("bare") and words(text) >= teaser_words):
        return value  # a paragraph longer than any teaser that trails off ("…") is the writer's style
    return -abs(value)  # a summary cut short ("…", "[…]", "Read more") is a teaser, not the article


def prose_value(text: str) -> float:
    """A text's vote by its shape alone, a summary cut short counted as the prose it is."""
    return prose_score(text) * max(MIN_WEIGHT, min(length(text), 120))


@dataclass(frozen=True, slots=True)
class FeatureTable:
    """The line features of one page's blocks, by block id: the questions passes and
    segmentation ask of every line (its density vote, whether it is a date line, whether it
    anchors a header group) are answered once per block, then read as a list index instead of a
    call through a per-line cache each time. Each column fills as it is asked (about one block
    in six is never asked a given question: its menus, removed early), so the table costs no
    feature nobody reads. A block made up on the way (a title cut out of a line) is not the
    page's own: :meth:`mine` tells, and its features are computed as before."""

    texts: tuple[str, ...]
    value: list[float | None]  # the columns are memos: None until first asked
    date_line: list[bool | None]
    anchor: list[bool | None]

    def mine(self, b: Block) -> bool:
        """Whether ``b`` is this page's block (same id, the very same text)."""
        return b.id < len(self.texts) and self.texts[b.id] is b.text


def feature_table(blocks: Sequence[Block]) -> FeatureTable:
    """The page's table, every column still to fill."""
    n = len(blocks)
    return FeatureTable(tuple(b.text for b in blocks), [None] * n, [None] * n, [None] * n)


_PAGE: ContextVar[FeatureTable | None] = ContextVar("cleaner_features", default=None)


def use_table(table: FeatureTable) -> Token[FeatureTable | None]:
    """Make ``table`` the page in progress's (the pipeline does, for one ``clean()`` call)."""
    return _PAGE.set(table)


def drop_table(token: Token[FeatureTable | None]) -> None:
    """Restore the table in force before :func:`use_table`."""
    _PAGE.reset(token)


def page_table() -> FeatureTable | None:
    """The feature table of the page in progress, or None outside a ``clean()`` call."""
    return _PAGE.get()


def block_value(b: Block) -> float:
    """:func:`text_value` of a block, from the page's table when the block is its own."""
    t = _PAGE.get()
    if t is None or not t.mine(b):
        return text_value(b.text)
    v = t.value[b.id]
    if v is None:
        v = t.value[b.id] = text_value(b.text)
    return v


def block_date_line(b: Block) -> bool:
    """:func:`is_date_line` of a block, from the page's table when the block is its own."""
    t = _PAGE.get()
    if t is None or not t.mine(b):
        return is_date_line(b.text)
    v = t.date_line[b.id]
    if v is None:
        v = t.date_line[b.id] = is_date_line(b.text)
    return v


def block_anchor(b: Block) -> bool:
    """Whether a block anchors a header group of its own (a date line, or a headline with its
    credit), from the page's table when the block is its own."""
    t = _PAGE.get()
    if t is None or not t.mine(b):
        return is_date_line(b.text) or headline_credit(b.text) is not None
    v = t.anchor[b.id]
    if v is None:
        v = t.anchor[b.id] = block_date_line(b) or headline_credit(b.text) is not None
    return v
