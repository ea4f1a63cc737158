"""Prose density: how much each block votes for being inside the article, and the densest run.

Shared by segmentation (where does the article start, so its heading and byline are just above)
and by the main-content pass (what lies outside the article).
"""

from __future__ import annotations

from cleaner.features import FeatureTable, block_value, page_table, text_value
from cleaner.model import Block

REMOVED_VALUE = -3.0  # a block another pass removed is evidence of a boundary, like a label line


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
    t = page_table()
    if t is None:
        values = [REMOVED_VALUE if b.id in removed else block_value(b) for b in blocks]
    else:
        values = _table_values(t, blocks, removed)
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


def _table_values(t: FeatureTable, blocks: tuple[Block, ...] | list[Block], removed: frozenset[int]) -> list[float]:
    """The blocks' votes read from (and filled into) the page's table, the test that a block is
    the page's own inline: this runs for every block of a region, several times a page."""
    texts, own, n = t.texts, t.value, len(t.texts)
    values: list[float] = []
    for b in blocks:
        if b.id in removed:
            values.append(REMOVED_VALUE)
        elif b.id < n and texts[b.id] is b.text:
            v = own[b.id]
            if v is None:
                v = own[b.id] = text_value(b.text)
            values.append(v)
        else:
            values.append(text_value(b.text))
    return values
