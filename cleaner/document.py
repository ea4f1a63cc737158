"""The document model passes and segmentation read: the Document, its Items, the Hints and the
proposals passes return (kept out of ``passes/`` so segmentation and metadata need no pass code).

A pass never mutates anything. It looks at the Document (blocks, what earlier passes removed, the
layout segmentation found) and proposes Removals, or Hints (facts for metadata, such as the
publisher a syndication trailer names). The pipeline applies them, so every removal carries a
rule id and a reason and can be switched off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from cleaner import deadline
from cleaner.facts import Fact
from cleaner.features import classify
from cleaner.model import Block, Removal


@dataclass(frozen=True, slots=True)
class Hint:
    """A fact a pass found for metadata: ``key`` is a field name (publisher, title, …)."""

    key: str
    value: str
    block_id: int = -1


@dataclass(frozen=True, slots=True)
class Item:
    """One article region on the page: its blocks ``[start, end)`` by id, the header blocks that
    segmentation took as metadata (block id, rule id, reason), and that metadata."""

    start: int
    end: int
    header: tuple[tuple[int, str, str], ...] = ()
    meta: tuple[tuple[str, str], ...] = ()

    def get(self, key: str) -> str | None:
        """The first metadata value under ``key``."""
        return next((v for k, v in self.meta if k == key), None)

    def get_all(self, key: str) -> list[str]:
        """Every metadata value under ``key`` (categories, authors)."""
        return [v for k, v in self.meta if k == key]


@dataclass(frozen=True, slots=True)
class Document:
    """What passes read: every block, which are already removed, and the layout once known."""

    blocks: tuple[Block, ...]
    removed: frozenset[int] = frozenset()
    hints: tuple[Hint, ...] = ()
    items: tuple[Item, ...] = ()
    listing: bool = False
    is_html: bool = False
    rules: Mapping[int, str] = field(default_factory=dict, repr=False)  # block id -> rule that removed it
    hits: tuple[Mapping[str, bool], ...] = field(default=(), repr=False)  # block id -> phrase rules naming it
    facts: tuple[Fact, ...] = ()  # page-level metadata facts the markup states (HTML head, JSON-LD)
    # the live blocks of each range asked for (a memo, not state: a Document never changes, and
    # most passes find nothing, so the next pass asks the same document the same question)
    _alive: dict[tuple[int, int], list[Block]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def hit(self, b: Block) -> Mapping[str, bool]:
        """The phrase rules that name a block's line (True: as a whole line), classified once per
        page by the pipeline so passes share one lookup."""
        if self.hits:
            return self.hits[b.id]
        return classify(b.text)

    def alive(self, start: int = 0, end: int | None = None) -> list[Block]:
        """The blocks not removed yet, in order, optionally within ``[start, end)`` by id."""
        deadline.check("a pass")  # every pass and segmentation step asks for the live blocks, often
        stop = len(self.blocks) if end is None else end
        found = self._alive.get((start, stop))
        if found is None:
            removed = self.removed
            found = self._alive[(start, stop)] = [b for b in self.blocks[start:stop] if b.id not in removed]
        return found.copy()  # the caller's own list

    def regions(self) -> list[tuple[int, int]]:
        """The article regions to work in: the items once segmentation ran, else the whole page."""
        if self.items:
            return [(it.start, it.end) for it in self.items]
        return [(0, len(self.blocks))]


Proposal = Removal | Hint


class Pass(Protocol):
    """A named unit with one job. ``rule_ids`` lists every id it can emit."""

    @property
    def rule_ids(self) -> tuple[str, ...]:
        """Every rule id the pass can emit; the registry and ``--rules`` list them."""
        ...

    def propose(self, doc: Document) -> Iterable[Proposal]:
        """Removals (and hints) for the pipeline to apply."""
        ...
