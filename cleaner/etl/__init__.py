"""Batch cleaning: many records in, exactly one result per record out, in input order.

>>> from cleaner.etl import clean_many, Record
>>> for r in clean_many([Record(raw=page, id="a")], workers=2):
...     r.status, r.result
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
from collections.abc import Iterable, Iterator

from cleaner.config import CleanerConfig
from cleaner.etl.pool import run_pool
from cleaner.etl.records import Record, RecordResult, Status, as_record
from cleaner.etl.worker import Job, build, clean_record, hooks_enabled

DEFAULT_TIME_LIMIT_S = 30.0
DEFAULT_MAX_BYTES = 10_000_000

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIME_LIMIT_S", "Record", "RecordResult", "Status", "clean_many"]


def clean_many(
    records: Iterable[Record | str | bytes],
    *,
    workers: int = 1,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    config: CleanerConfig | None = None,
    now: dt.datetime | None = None,
    input_format: str = "auto",
    keep_blocks: bool = True,
) -> Iterator[RecordResult]:
    """Clean ``records`` lazily, yielding one result per record in input order.

    ``workers`` >= 1 cleans in that many processes and the time limit is hard: a record past it has
    its worker killed and replaced and comes out as an error; so does a record whose worker dies.
    ``workers=0`` cleans in this process, where the limit is only checked between passes (use it
    where child processes are not allowed, e.g. inside a daemonic worker). A record longer than
    ``max_bytes`` (characters for str) is an error without being cleaned. ``keep_blocks=False``
    drops each result's ingested blocks (needed only to explain removals), which makes results far
    cheaper to send between processes.
    """
    if workers < 0:
        raise ValueError("workers must be >= 0")
    if workers > 0 and mp.current_process().daemon:
        workers = 0  # a daemonic process may not start children
    if workers == 0:
        job = Job(config, now, input_format, time_limit_s, hooks_enabled(), keep_blocks)
        return _in_process(records, max_bytes, job)
    return run_pool(records, workers, time_limit_s, max_bytes, Job(config, now, input_format, None, hooks_enabled(), keep_blocks))


def _in_process(records: Iterable[Record | str | bytes], max_bytes: int, job: Job) -> Iterator[RecordResult]:
    """The same results, cleaned here; the engine's own (soft) deadline is the only limit."""
    from cleaner.etl.pool import precheck

    fn = build(job)
    for index, item in enumerate(records):
        record = as_record(item)
        yield precheck(index, record, max_bytes) or clean_record(fn, index, record, job)
