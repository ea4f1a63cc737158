"""The data model: what ingest produces, what passes read and what users get.

Everything is a frozen dataclass so a pass can never mutate shared state; the pipeline is the only
place where removals are applied, which is what makes every removal explainable and switchable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["article", "listing", "empty"]


@dataclass(frozen=True, slots=True)
class Block:
    """One unit of the input: a line (or an inline piece of one) of a text dump, or a block-level
    element of an HTML page.

    ``line`` is the 1-based source line (text) or element order (HTML); pieces cut from one line by
    inline splitting share it and are told apart by ``part``. ``gap`` counts the blank lines before
    the block, which carry the page's visual grouping in a text dump. The HTML-only fields stay
    empty for text input.
    """

    id: int
    text: str
    line: int
    part: int = 0
    gap: int = 0
    kind: str = "line"  # line | heading | item | paragraph | pre | quote | cell
    tag: str = ""
    path: str = ""
    attrs: str = ""
    link_density: float = 0.0


@dataclass(frozen=True, slots=True)
class Removal:
    """One proposal a pass made and the pipeline applied: which rule, which blocks, and why."""

    rule: str
    block_ids: tuple[int, ...]
    reason: str

    def to_dict(self, blocks: tuple[Block, ...] | None = None) -> dict[str, object]:
        """JSON form; with the blocks, it also names the lines and the start of the removed text."""
        out: dict[str, object] = {"rule": self.rule, "blocks": list(self.block_ids), "reason": self.reason}
        if blocks is not None and self.block_ids:
            chosen = [blocks[i] for i in self.block_ids]
            out["lines"] = [chosen[0].line, chosen[-1].line]
            out["text"] = " / ".join(b.text for b in chosen)[:200]
        return out


@dataclass(frozen=True, slots=True)
class Article:
    """One clean article and its metadata. ``date`` is ISO 8601 or None; ``date_raw`` is what the
    page said ("20 hours ago", "25-05-2025"); ``date`` is the publication date and
    ``date_updated`` the last update's, when the page gives one."""

    text: str
    paragraphs: tuple[str, ...]
    title: str | None = None
    sitename: str | None = None
    publisher: str | None = None
    authors: tuple[str, ...] = ()
    date_raw: str | None = None
    date: str | None = None
    categories: tuple[str, ...] = ()
    language: str | None = None
    url: str | None = None
    date_updated_raw: str | None = None
    date_updated: str | None = None
    sources: tuple[tuple[str, str], ...] = ()  # (field, source that gave it), for --explain

    def to_dict(self) -> dict[str, object]:
        """The JSON shape the CLI and the ETL layer print."""
        return {
            "text": self.text,
            "paragraphs": list(self.paragraphs),
            "title": self.title,
            "sitename": self.sitename,
            "publisher": self.publisher,
            "authors": list(self.authors),
            "date_raw": self.date_raw,
            "date": self.date,
            "categories": list(self.categories),
            "language": self.language,
            "url": self.url,
            "date_updated_raw": self.date_updated_raw,
            "date_updated": self.date_updated,
        }


@dataclass(frozen=True, slots=True)
class CleanResult:
    """What ``cleaner.clean`` returns. ``kind`` is "empty" (with a warning saying why) when the input
    held no article; ``blocks`` keeps the ingested blocks so removals can be shown in context."""

    kind: Kind
    articles: tuple[Article, ...]
    removals: tuple[Removal, ...]
    warnings: tuple[str, ...] = ()
    blocks: tuple[Block, ...] = field(default=(), repr=False)
    input_format: str = "text"
    # Seconds per stage and per pass (keyed by the pass's rule ids), for ``--stats``; left out of
    # equality and of ``to_dict`` so that output bytes never depend on the clock.
    timings: tuple[tuple[str, float], ...] = field(default=(), repr=False, compare=False)

    def to_dict(self) -> dict[str, object]:
        """The JSON document ``cleaner --format json`` prints."""
        return {
            "kind": self.kind,
            "input_format": self.input_format,
            "articles": [a.to_dict() for a in self.articles],
            "removals": [r.to_dict(self.blocks) for r in self.removals],
            "warnings": list(self.warnings),
        }

    def stats(self) -> dict[str, int]:
        """Removed blocks per rule id, for ``--stats`` and batch counters."""
        counts: dict[str, int] = {}
        for r in self.removals:
            counts[r.rule] = counts.get(r.rule, 0) + len(r.block_ids)
        return counts
