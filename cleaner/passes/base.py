"""Small helpers every pass shares (the Document they read lives in ``cleaner.document``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from cleaner.model import Block, Removal


def runs(blocks: Sequence[Block], keep: Iterable[bool]) -> Iterator[list[Block]]:
    """Maximal runs of consecutive blocks (in the given order) for which ``keep`` is true."""
    run: list[Block] = []
    for block, flag in zip(blocks, keep, strict=True):
        if flag:
            run.append(block)
        elif run:
            yield run
            run = []
    if run:
        yield run


def removal(rule: str, blocks: Sequence[Block], reason: str) -> Removal:
    """A Removal over the given blocks."""
    return Removal(rule, tuple(b.id for b in blocks), reason)
