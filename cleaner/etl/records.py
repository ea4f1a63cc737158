"""What a batch is made of: one input record, and the one result it always gives back.

A record the reader could not even produce (an unreadable file, a line of invalid JSON) still is a
record: it carries its error, so a batch yields exactly one result per input whatever went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cleaner.model import CleanResult

Status = Literal["ok", "empty", "error"]


@dataclass(frozen=True, slots=True)
class Record:
    """One raw page to clean. ``source`` names the input file it came from (``-o`` mirrors it);
    ``error_type``/``error`` are set when the reader failed, and the record is then never cleaned."""

    raw: str | bytes
    id: str | None = None
    url: str | None = None
    source: str | None = None
    error_type: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class RecordResult:
    """The outcome for one record: ``ok`` (articles), ``empty`` (``reason`` says why) or ``error``
    (``error_type`` and ``error``). ``seconds`` is the cleaning time, kept out of the output so that
    output bytes do not depend on the machine's load."""

    index: int
    id: str | None
    url: str | None
    source: str | None
    status: Status
    result: CleanResult | None = None
    reason: str | None = None
    error_type: str | None = None
    error: str | None = None
    seconds: float = 0.0


def as_record(item: Record | str | bytes) -> Record:
    """Plain str/bytes are records without an id."""
    return item if isinstance(item, Record) else Record(raw=item)


def failed(index: int, record: Record, error_type: str, message: str, seconds: float = 0.0) -> RecordResult:
    """An error result for ``record``."""
    return RecordResult(index, record.id, record.url, record.source, "error", None, None, error_type, message, seconds)


def finished(index: int, record: Record, result: CleanResult, seconds: float) -> RecordResult:
    """An ok or empty result for a record that was cleaned."""
    if result.kind == "empty":
        reason = "; ".join(result.warnings) or "no article text found"
        return RecordResult(index, record.id, record.url, record.source, "empty", result, reason, seconds=seconds)
    return RecordResult(index, record.id, record.url, record.source, "ok", result, seconds=seconds)
