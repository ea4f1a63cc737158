"""Render results as text, markdown, JSON or JSON lines, and removals as explain lines."""

from __future__ import annotations

import json

from cleaner.model import Article, CleanResult, Removal

SNIPPET = 60


def _meta_line(a: Article) -> str:
    parts = [a.sitename, a.publisher, ", ".join(a.authors) or None, a.date or a.date_raw, ", ".join(a.categories) or None]
    return " · ".join(p for p in parts if p)


def as_text(result: CleanResult) -> str:
    """Plain text: each article's title, a metadata line, then its paragraphs."""
    chunks: list[str] = []
    for a in result.articles:
        head = [line for line in (a.title, _meta_line(a)) if line]
        chunks.append("\n".join(head + ([""] if head else []) + ["\n\n".join(a.paragraphs)]))
    return "\n\n----\n\n".join(chunks)


def as_markdown(result: CleanResult) -> str:
    """Markdown: a heading per article, metadata in italics, paragraphs."""
    chunks: list[str] = []
    for a in result.articles:
        lines = [f"# {a.title}"] if a.title else []
        if meta := _meta_line(a):
            lines.append(f"*{meta}*")
        chunks.append("\n\n".join(lines + list(a.paragraphs)))
    return "\n\n---\n\n".join(chunks)


def as_json(result: CleanResult, *, source: str | None = None, indent: int | None = 2) -> str:
    """The JSON document: kind, articles with metadata, removals, warnings."""
    doc = result.to_dict()
    if source is not None:
        doc = {"source": source, **doc}
    return json.dumps(doc, ensure_ascii=False, indent=indent)


def explain_line(r: Removal, result: CleanResult) -> str:
    """``rule-id  lines 12–19  "start of the removed text"  reason``."""
    blocks = [result.blocks[i] for i in r.block_ids]
    first, last = blocks[0].line, blocks[-1].line
    where = f"line {first}" if first == last else f"lines {first}–{last}"
    text = " / ".join(b.text for b in blocks)
    snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
    return f"{r.rule:<24} {where:<14} {json.dumps(snippet, ensure_ascii=False)}  {r.reason}"


def source_lines(result: CleanResult) -> list[str]:
    """Where each metadata field of each article came from:
    ``field:title  article 1  "The headline"  from title_line``."""
    out: list[str] = []
    for n, a in enumerate(result.articles, 1):
        for name, source in a.sources:
            value = getattr(a, name, None)
            shown = ", ".join(value) if isinstance(value, tuple) else str(value or "")
            snippet = shown if len(shown) <= SNIPPET else shown[: SNIPPET - 1] + "…"
            quoted = json.dumps(snippet, ensure_ascii=False)
            out.append(f"{'field:' + name:<24} {'article ' + str(n):<14} {quoted}  from {source}")
    return out


def explain(result: CleanResult) -> str:
    """Every removal, in input order, one line each; then where each article's metadata came from."""
    return "\n".join([*(explain_line(r, result) for r in result.removals), *source_lines(result)])
