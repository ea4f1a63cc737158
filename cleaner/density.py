"""Prose density: how much each block votes for being inside the article, and the densest run.

Shared by segmentation (where does the article start, so its heading and byline are just above)
and by the main-content pass (what lies outside the article).
"""

from __future__ import annotations

import functools

import regex

from cleaner.features import length, prose_score, words
from cleaner.model import Block
from cleaner.rules import LINE_CACHE, compile_safe_regex
from cleaner.tuning import threshold

MIN_WEIGHT = 3
TRUNCATED = compile_safe_regex(
    r"(?:(?P<bare>\w\s?(?:\.\.\.|…))|\[(?:\.\.\.|…)\]|(?:read|continue reading|more)\s*(?:»|›|>|→))\s*$", regex.I
)
TRUNCATION_ENDS = (".", "…", "»", "›", ">", "→", "]")
REMOVED_VALUE = -3.0  # a block another pass removed is evidence of a boundary, like a label line


def block_value(b: Block) -> float:
    """A block's vote for being inside the article: positive for prose, negative for labels,
    scaled by length so one long paragraph outweighs a few stray labels."""
    return text_value(b.text)


def text_value(text: str) -> float:
    """:func:`block_value` of a text."""
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


CONTINUES = frozenset(",;:-–—(")


def continues(prev: str, text: str) -> bool:
    """Whether ``text`` carries on the sentence ``prev`` left open: a hard-wrapped paragraph
    (``<br>`` inside a sentence) leaves lines that start in lower case after a line with no
    sentence end."""
    last = prev.rstrip()[-1:]
    first = text.lstrip()[:1]
    return bool(last) and last not in '.!?…"”’»' and (first.islower() or (last in CONTINUES and first.isalpha()))


def region_values(blocks: tuple[Block, ...] | list[Block], removed: frozenset[int]) -> list[float]:
    """Each block's vote (removed blocks count as boundaries). Lines that continue an open
    sentence are scored together as the paragraph they belong to, the value shared by length, so
    a hard-wrapped paragraph is not mistaken for a run of short labels."""
    values = [REMOVED_VALUE if b.id in removed else block_value(b) for b in blocks]
    k = 0
    while k < len(blocks):
        j = k + 1
        while (
            j < len(blocks)
            and blocks[j].id not in removed
            and blocks[k].id not in removed
            and continues(blocks[j - 1].text, blocks[j].text)
        ):
            j += 1
        if j - k > 1:
            group = blocks[k:j]
            total = text_value(" ".join(b.text for b in group))
            size = sum(max(1, len(b.text)) for b in group)
            for n, b in enumerate(group):
                values[k + n] = total * max(1, len(b.text)) / size
        k = j
    return values
