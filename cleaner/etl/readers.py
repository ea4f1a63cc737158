"""Turn CLI inputs into records: page files (plain or .gz), JSONL files, WARC files, stdin.

Readers never raise for a bad input: a file that cannot be read or a line that is not JSON is a
record carrying its error, so the batch still gives one result per input record. Reads are bounded
by ``max_bytes`` where the format allows (files, .gz, WARC payloads), so one huge input cannot take
the memory.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cleaner.etl.records import Record

PAGE_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
WARC_SUFFIXES = (".warc", ".arc")
CONTAINERS = ("jsonl", "warc")
TEXT_FIELDS = ("html", "text", "content")
ID_FIELDS = ("id", "url")
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class Source:
    """One input: its path ('-' for stdin), its kind (page, jsonl, warc) and the name it is known by."""

    path: str
    kind: str
    name: str


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How records are taken out of containers."""

    field: str | None = None
    id_field: str | None = None
    max_bytes: int = 10_000_000


def kind_of(path: str, forced: str) -> str:
    """The input kind from ``--input-format`` (jsonl, warc) or the file's extension (``.gz`` aside)."""
    if forced in CONTAINERS:
        return forced
    name = path.lower().removesuffix(".gz")
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "page"


def _wanted(path: Path) -> bool:
    name = path.name.lower().removesuffix(".gz")
    return path.is_file() and name.endswith(PAGE_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES)


def expand(inputs: Sequence[str], forced: str = "auto") -> Iterator[Source]:
    """Files as given, directories as their input files (sorted, recursively; named relative to the
    directory, which ``-o`` mirrors), '-' as stdin."""
    for given in inputs:
        path = Path(given)
        if given != "-" and path.is_dir():
            for f in sorted(p for p in path.rglob("*") if _wanted(p)):
                yield Source(str(f), kind_of(f.name, forced), f.relative_to(path).as_posix())
        else:
            yield Source(given, kind_of(given, forced), "stdin" if given == "-" else path.name)


def _open(path: str) -> BinaryIO:
    """A binary stream of the input, decompressed when it starts with the gzip magic."""
    raw: BinaryIO = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115 - closed by the caller
    head = raw.peek(2)[:2] if isinstance(raw, io.BufferedReader) else b""
    return gzip.GzipFile(fileobj=raw) if head == GZIP_MAGIC else raw  # type: ignore[return-value]


def read_source(source: Source, options: ReadOptions) -> Iterator[Record]:
    """The records of one input."""
    try:
        stream = _open(source.path)
    except OSError as exc:
        yield Record(b"", source.path, None, source.name, type(exc).__name__, exc.strerror or str(exc))
        return
    with stream:
        if source.kind == "jsonl":
            yield from _jsonl(stream, source, options)
        elif source.kind == "warc":
            yield from _warc(stream, source, options)
        else:
            yield _page(stream, source, options)


def _page(stream: BinaryIO, source: Source, options: ReadOptions) -> Record:
    """A whole file is one record, read no further than one byte past the limit."""
    try:
        data = stream.read(options.max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        return Record(b"", source.path, None, source.name, type(exc).__name__, str(exc))
    return Record(data, source.path, None, source.name)


def _read_line(stream: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """The next line, at most ``limit`` bytes of it; True when it was longer (the rest is skipped)."""
    line = stream.readline(limit + 1)
    if len(line) <= limit or line.endswith(b"\n"):
        return line, False
    while line and not line.endswith(b"\n"):
        line = stream.readline(1 << 20)
    return b"", True


def _jsonl(stream: BinaryIO, source: Source, options: ReadOptions) -> Iterator[Record]:
    """One record per non-blank line; a line over twice the byte limit is not even parsed."""
    limit = 2 * options.max_bytes + 65536  # JSON escapes make a line longer than its page
    lineno = 0
    while True:
        lineno += 1
        try:
            line, too_long = _read_line(stream, limit)
        except (OSError, EOFError, zlib.error) as exc:
            yield Record(b"", f"{source.name}:{lineno}", None, source.name, type(exc).__name__, str(exc))
            return
        if too_long:
            yield Record(b"", f"{source.name}:{lineno}", None, source.name, "InputTooLargeError", f"line is over {limit:,} bytes")
            continue
        if not line:
            return
        if line.strip():
            yield _json_record(line, f"{source.name}:{lineno}", source.name, options)


def _json_record(line: bytes, where: str, name: str, options: ReadOptions) -> Record:
    """A record from one JSON line, or a record carrying why the line is none."""
    try:
        obj = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return Record(b"", where, None, name, "DecodeError", f"the line is not UTF-8: {exc.reason} at byte {exc.start}")
    except json.JSONDecodeError as exc:
        return Record(b"", where, None, name, "JSONDecodeError", str(exc))
    except RecursionError:
        return Record(b"", where, None, name, "JSONDecodeError", "nested too deeply to parse")
    if not isinstance(obj, dict):
        return Record(b"", where, None, name, "InvalidRecord", f"a JSON {type(obj).__name__}, not an object")
    rid = _first(obj, (options.id_field,) if options.id_field else ID_FIELDS)
    url = obj.get("url") if isinstance(obj.get("url"), str) else None
    ident = where if rid is None else str(rid)
    fields = (options.field,) if options.field else TEXT_FIELDS
    key = next((f for f in fields if f in obj), None)
    if key is None:
        return Record(b"", ident, url, name, "InvalidRecord", f"no {'/'.join(fields)} field")
    if not isinstance(obj[key], str):
        return Record(b"", ident, url, name, "InvalidRecord", f"field {key!r} is a {type(obj[key]).__name__}, not a string")
    return Record(obj[key], ident, url, name)


def _first(obj: dict[str, object], keys: Sequence[str]) -> object | None:
    return next((obj[k] for k in keys if obj.get(k) not in (None, "")), None)


def _warc(stream: BinaryIO, source: Source, options: ReadOptions) -> Iterator[Record]:
    """HTML response records of a WARC (warcio reads plain and per-record gzip members)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        yield Record(b"", source.path, None, source.name, "ImportError", "WARC input needs warcio: pip install 'cleaner[warc]'")
        return
    try:
        for rec in ArchiveIterator(stream):
            if rec.rec_type != "response" or rec.http_headers is None:
                continue
            ctype = (rec.http_headers.get_header("Content-Type") or "").lower()
            if "html" not in ctype:
                continue
            rid = rec.rec_headers.get_header("WARC-Record-ID") or f"{source.name}:{rec.offset}"
            url = rec.rec_headers.get_header("WARC-Target-URI")
            yield Record(rec.content_stream().read(options.max_bytes + 1), rid, url, source.name)
    except Exception as exc:  # warcio raises plain Exception subclasses of its own for broken archives
        yield Record(b"", f"{source.name}:broken", None, source.name, type(exc).__name__, str(exc))
