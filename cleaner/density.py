"""Prose density: how much each block votes for being inside the article, and the densest run.

Shared by segmentation (where does the article start, so its heading and byline are just above)
and by the main-content pass (what lies outside the article).
"""

from __future__ import annotations

import functools

import regex

from cleaner.features import length, prose_score
from cleaner.model import Block

MIN_WEIGHT = 3
TRUNCATED = regex.compile(r"(?:\w\s?(?:\.\.\.|…)|\[(?:\.\.\.|…)\]|(?:read|continue reading|more)\s*(?:»|›|>|→))\s*$", regex.I)
TRUNCATION_ENDS = (".", "…", "»", "›", ">", "→", "]")
REMOVED_VALUE = -3.0  # a block another pass removed is evidence of a boundary, like a label line


def block_value(b: Block) -> float:
    """A block's vote for being inside the article: positive for prose, negative for labels,
    scaled by length so one long paragraph outweighs a few stray labels."""
    return text_value(b.text)


@functools.lru_cache(maxsize=65536)
def text_value(text: str) -> float:
    """:func:`block_value` of a text (cached: menus and footers repeat)."""
    s = prose_score(text)
    if text.endswith(TRUNCATION_ENDS) and TRUNCATED.search(text[-60:]):
        s = -abs(s)  # a summary cut short ("…", "Read more") is a teaser, not the article
    return s * max(MIN_WEIGHT, min(length(text), 120))


def best_window(values: list[float]) -> tuple[int, int]:
    """The contiguous run ``[i, j)`` with the largest sum (Kadane); (0, 0) when all are negative."""
    best, best_i, best_j = 0.0, 0, 0
    total, start = 0.0, 0
    for k, v in enumerate(values):
        if total <= 0:
            total, start = v, k
        else:
            total += v
        if total > best:
            best, best_i, best_j = total, start, k + 1
    return best_i, best_j
