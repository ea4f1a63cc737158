"""How batch results are written: the versioned JSON line of ``--format jsonl``, the text formats,
and the sinks (stdout, or ``-o DIR`` mirroring input names). Nothing written depends on timing or
on which worker cleaned a record, so ``-j 1`` and ``-j N`` give the same bytes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from cleaner.etl.records import RecordResult
from cleaner.render import as_json, as_markdown, as_text, explain

SCHEMA = "cleaner.record/1"  # docs/schema/record-1.json; bump on any change a reader could notice
SUFFIX = {"text": ".txt", "markdown": ".md", "json": ".json", "jsonl": ".jsonl"}
STRIP = (".gz", ".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".warc", ".arc")


def record_dict(r: RecordResult) -> dict[str, object]:
    """One result as the JSON object of schema ``cleaner.record/1``."""
    res = r.result
    return {
        "schema": SCHEMA,
        "id": r.id,
        "url": r.url,
        "source": r.source,
        "status": r.status,
        "reason": r.reason,
        "error": None if r.status != "error" else {"type": r.error_type, "message": r.error},
        "kind": res.kind if res else None,
        "input_format": res.input_format if res else None,
        "articles": [a.to_dict() for a in res.articles] if res else [],
        "removals": res.stats() if res else {},
        "warnings": list(res.warnings) if res else [],
    }


def jsonl_line(r: RecordResult) -> str:
    """The record's line (no newline)."""
    return json.dumps(record_dict(r), ensure_ascii=False)


def render(r: RecordResult, fmt: str, show_removals: bool, many: bool) -> str | None:
    """A cleaned record in a text format; None for an error (reported on stderr instead)."""
    if fmt == "jsonl":
        return jsonl_line(r)
    res = r.result
    if res is None:
        return None
    if show_removals:
        return (f"== {r.id}\n" if many else "") + (explain(res) or "(nothing removed)")
    if fmt == "json":
        return as_json(res, source=r.id if many else None)
    body = as_markdown(res) if fmt == "markdown" else as_text(res)
    return (f"== {r.id}\n" if many else "") + (body or f"(empty: {'; '.join(res.warnings)})")


def separator(fmt: str, show_removals: bool) -> str:
    """What stands between two records' outputs (the one-shot CLI's layout, kept)."""
    return "\n" if fmt == "jsonl" and not show_removals else ",\n" if fmt == "json" and not show_removals else "\n\n"


class StreamSink:
    """Every record to one stream, each written as soon as it is ready; ``json`` of many is an array."""

    def __init__(self, out: TextIO, fmt: str, show_removals: bool, many: bool) -> None:
        self.out, self.fmt, self.show, self.many = out, fmt, show_removals, many
        self.array = fmt == "json" and many and not show_removals
        self.count = 0

    def write(self, r: RecordResult) -> None:
        text = render(r, self.fmt, self.show, self.many)
        if text is None:
            return
        head = ("[" if self.array else "") if self.count == 0 else separator(self.fmt, self.show)
        self.out.write(head + text)
        self.out.flush()
        self.count += 1

    def close(self) -> None:
        if self.count:
            self.out.write("]\n" if self.array else "\n")
            self.out.flush()


def output_path(directory: Path, source: str | None, fmt: str) -> Path:
    """``-o DIR``: the input's relative name with its input suffixes replaced by the format's."""
    name = source or "stdin"
    while name.lower().endswith(STRIP):
        name = name[: name.lower().rfind(".")]
    return directory / (name + SUFFIX[fmt])


def done_ids(path: Path) -> set[str]:
    """``--resume``: the ids already in a JSONL output; a half-written last line is cut off first."""
    if not path.exists():
        return set()
    data = path.read_bytes()
    keep = data[: data.rfind(b"\n") + 1]
    if len(keep) != len(data):
        path.write_bytes(keep)
    return {json.loads(line)["id"] for line in keep.splitlines() if line.strip()}


class DirSink:
    """``-o DIR``: one output file per input file, records in order, appended to when resuming."""

    def __init__(self, directory: Path, fmt: str, show_removals: bool, resume: bool, containers: frozenset[str]) -> None:
        self.dir, self.fmt, self.show, self.resume = directory, fmt, show_removals, resume
        self.containers = containers  # JSONL/WARC inputs: many records to one file, each headed by its id
        self.current: tuple[Path, TextIO] | None = None
        self.written: set[Path] = set()

    def _file(self, source: str | None) -> tuple[TextIO, bool]:
        """The open output file for ``source``, and whether nothing has been written to it yet."""
        path = output_path(self.dir, source, self.fmt)
        if self.current is None or self.current[0] != path:
            self.close()
            path.parent.mkdir(parents=True, exist_ok=True)
            append = self.resume or path in self.written
            self.current = (path, path.open("a" if append else "w", encoding="utf-8"))
        first = path not in self.written and not (self.resume and path.stat().st_size > 0)
        self.written.add(path)
        return self.current[1], first

    def write(self, r: RecordResult) -> None:
        text = render(r, self.fmt, self.show, r.source in self.containers)
        if text is None:
            return
        out, first = self._file(r.source)
        out.write(("" if first or self.fmt == "jsonl" else "\n") + text + "\n")
        out.flush()

    def close(self) -> None:
        if self.current:
            self.current[1].close()
            self.current = None
