"""Shape features of a line of text, shared by ingest, passes and segmentation.

They are language-light on purpose (word counts, sentence punctuation, letter case): the same
shapes mark prose versus navigation debris in most scripts, which keeps the heuristics general.
"""

from __future__ import annotations

import functools
import itertools
import re

from cleaner.rules import pattern

# stdlib patterns where no Unicode property is needed: several times faster on the hot path
WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"[.!?…。！？:;\"”’'»)\]]\s*$")
SENTENCE_INSIDE = re.compile(r"[.!?。！？][\"”’'»)]?\s+[\"“‘'«(]?([^\W\d_])")  # a sentence starts: upper case
SAMPLE_TOKENS = 80
WIDE = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")  # CJK, kana, Hangul, Thai
UNCASED_RATIO = 0.75  # scripts without letter case read as prose as far as case can tell
URLISH = re.compile(r"https?://|www\.|\.(?:com|org|net|html?)\b|@\w")


@functools.lru_cache(maxsize=131072)
def words(text: str) -> int:
    """Number of \\w+ tokens: the unit the benchmarks score in."""
    return len(WORD.findall(text))


@functools.lru_cache(maxsize=65536)
def norm_words(text: str) -> str:
    """Words only, case-folded: how lines are compared for repeats and titles."""
    return " ".join(WORD.findall(text.casefold()))


@functools.lru_cache(maxsize=131072)
def length(text: str) -> int:
    """Words, counting CJK-like scripts (no spaces between words) at two characters a word."""
    return max(words(text), len(WIDE.findall(text)) // 2)


@functools.lru_cache(maxsize=65536)
def prose_score(text: str) -> float:
    """How much a line reads like running prose, from -1 (menu item, label) to 1 (paragraph).

    Long lines with sentence punctuation and mostly lower-case words are prose; short lines, Title
    Case runs and lines of numbers are not. Cached: pages repeat lines (menus, footers) a lot.
    """
    toks = WORD.findall(text)
    if not toks:
        return -1.0
    n = length(text)  # CJK writes a sentence as one \w+ run: count its characters
    sample = toks[:SAMPLE_TOKENS]  # the ratios settle long before a paragraph ends
    cased = [t for t in sample if not t.isdigit() and t[:1].lower() != t[:1].upper()]
    lower = sum(1 for t in cased if t[:1].islower())
    lower_ratio = lower / len(cased) if len(cased) >= 3 else UNCASED_RATIO
    ends = bool(SENTENCE_END.search(text))
    inner = sum(1 for m in itertools.islice(SENTENCE_INSIDE.finditer(text), 12) if m.group(1).isupper())
    score = min(n, 40) / 40.0  # 0..1 by length
    score += 0.35 if ends else -0.25
    score += min(inner, 3) * 0.1
    score += (lower_ratio - 0.5) * 0.8
    if n < 5:
        score -= 0.6
    if URLISH.search(text) and n < 15:
        score -= 0.3
    digits = sum(1 for t in sample if t.isdigit())
    if digits / len(sample) > 0.4:
        score -= 0.5
    return max(-1.0, min(1.0, score - 0.45))


def is_prose(text: str) -> bool:
    """A line that reads as article prose (the benchmarks' article bodies are made of these)."""
    return prose_score(text) > 0.0


@functools.lru_cache(maxsize=65536)
def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date (absolute or relative) in the text is, or None."""
    if not pattern("date_hint").search(text):
        return None  # no digit and no relative-date word: no date (the full patterns are slow)
    best: tuple[int, int] | None = None
    for name in ("absolute_date", "relative_date"):
        m = pattern(name).search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), m.end())
    return best


@functools.lru_cache(maxsize=65536)
def is_date_line(text: str) -> bool:
    """A short line whose main content is a date ("20 hours ago", "May 28, 2025 12:30 BST")."""
    span = date_span(text)
    if span is None or words(text) > 10:
        return False
    rest = text[: span[0]] + text[span[1] :]
    return words(rest) <= 4
