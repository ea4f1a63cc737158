"""Worker processes with a hard per-record time limit.

Each worker is sent at most ``DEPTH`` records (the next one waits in its pipe, so a worker never
idles while the parent handles its last result) and works through them in order, so the parent
knows which record a worker is on and since when: the head of its queue, since the previous result
came back. Past the limit the worker is killed and replaced, its record comes out as an error and
the records queued behind it go to another worker; a worker that dies on its own (a segfault in a
C library) gives an error record the same way. Results wait in a reorder buffer until every
earlier one is out, and no more than ``window`` records are read ahead of the oldest unfinished
one, so memory stays bounded however long the input is.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler

from cleaner.etl.records import Record, RecordResult, as_record, failed
from cleaner.etl.worker import Job, build, serve

DEPTH = 2  # records sent to a worker at once: its current one and the next
QUEUED_MAX_BYTES = 96_000  # a record sent to a busy worker must fit the socket buffer (~180 kB) so send never blocks
WINDOW_PER_WORKER = 8  # records read ahead per worker: enough to keep workers busy, little memory
START_METHOD = "fork" if "fork" in mp.get_all_start_methods() else "spawn"

Task = tuple[int, Record]


class _Slot:
    """One worker process and the records sent to it (mutable process state, not data)."""

    def __init__(self, ctx: BaseContext, job: Job) -> None:
        parent, child = ctx.Pipe(duplex=True)
        self.process: BaseProcess = ctx.Process(target=serve, args=(child, job, os.getpid()), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()  # so the parent sees EOF when the worker dies
        self.conn: Connection = parent
        self.queue: deque[Task] = deque()
        self.started = 0.0

    def assign(self, task: Task, payload: bytes) -> None:
        """Send the worker a (pickled) record; its clock starts when it reaches the head of the queue."""
        self.conn.send_bytes(payload)
        self.queue.append(task)
        if len(self.queue) == 1:
            self.started = time.monotonic()

    def done(self) -> None:
        """The head record's result came back: the next one (already sent) starts now."""
        self.queue.popleft()
        self.started = time.monotonic()

    def kill(self) -> None:
        """Stop the worker at once and reap it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        """Ask an idle worker to finish; kill it when it does not."""
        try:
            if not self.queue:
                self.conn.send(None)
                self.process.join(1)
        except (OSError, ValueError):
            pass
        self.kill()


BINARY_SAMPLE = 8192  # characters of a str record that the binary check reads
BINARY_SHARE = 0.1  # more C0 control characters than this share of them: binary data, not text
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | {"\x7f"}


def looks_binary(raw: str | bytes) -> bool:
    """Binary data that reached us as a str (a JSON field holding a decoded image or archive): the
    engine checks bytes for binary, but takes a str as text. Real text has next to no C0 controls."""
    if not isinstance(raw, str) or not raw:
        return False
    sample = raw[:BINARY_SAMPLE]
    return sum(ch in _CONTROLS for ch in sample) > BINARY_SHARE * len(sample)


def precheck(index: int, record: Record, max_bytes: int) -> RecordResult | None:
    """The error result for a record that must not reach a worker: the reader failed, it is too
    large, or it is binary data in a str."""
    if record.error_type is not None:
        return failed(index, record, record.error_type, record.error or "")
    if len(record.raw) > max_bytes:
        return failed(index, record, "InputTooLargeError", f"record is over the limit of {max_bytes:,} bytes")
    if looks_binary(record.raw):
        return failed(index, record, "DecodeError", f"input looks binary: over {BINARY_SHARE:.0%} control characters")
    return None


def _death(slot: _Slot) -> str:
    """Why a worker died, for the record it was on."""
    slot.process.join(5)
    code = slot.process.exitcode
    if code is not None and code < 0:
        return f"the worker process was killed by {signal.Signals(-code).name} while cleaning this record"
    return f"the worker process exited (status {code}) while cleaning this record"


class Pool:
    """The scheduler state of one batch run."""

    def __init__(self, workers: int, time_limit_s: float, max_bytes: int, job: Job) -> None:
        self.ctx = mp.get_context(START_METHOD)
        if START_METHOD == "fork":
            build(job)  # compile the rules once here, so every forked worker (and replacement) starts warm
        self.job = job
        self.limit = time_limit_s
        self.max_bytes = max_bytes
        self.window = workers * WINDOW_PER_WORKER
        self.slots = [_Slot(self.ctx, job) for _ in range(workers)]
        self.retry: deque[Task] = deque()
        self.done: dict[int, RecordResult] = {}
        self.next_in = 0
        self.next_out = 0
        self.exhausted = False

    def _next_task(self, source: Iterator[Record]) -> Task | None:
        """A record that was queued behind a killed worker, else the next input record."""
        if self.retry:
            return self.retry.popleft()
        while not self.exhausted and self.next_in - self.next_out < self.window:
            record = next(source, None)
            if record is None:
                self.exhausted = True
                return None
            index, self.next_in = self.next_in, self.next_in + 1
            early = precheck(index, record, self.max_bytes)
            if early is None:
                return index, record
            self.done[index] = early
        return None

    def feed(self, source: Iterator[Record]) -> None:
        """Top up the workers' queues, the emptiest first, while the read-ahead window has room."""
        while True:
            slot = min(self.slots, key=lambda s: len(s.queue))
            if len(slot.queue) >= DEPTH:
                return
            task = self._next_task(source)
            if task is None:
                return
            payload = bytes(ForkingPickler.dumps(task))
            if slot.queue and len(payload) > QUEUED_MAX_BYTES:  # would block until the worker is free
                self.retry.appendleft(task)
                return
            try:
                slot.assign(task, payload)
            except (OSError, ValueError):  # the worker died: its head record is the culprit
                self.retry.appendleft(task)
                self._lost(slot)

    def _replace(self, slot: _Slot) -> None:
        """Kill a worker, start another in its place; records queued behind its head go to others."""
        slot.kill()
        self.retry.extendleft(reversed(list(slot.queue)[1:]))
        self.slots[self.slots.index(slot)] = _Slot(self.ctx, self.job)

    def ready(self) -> Iterator[RecordResult]:
        """The finished results that are next in input order."""
        while self.next_out in self.done:
            yield self.done.pop(self.next_out)
            self.next_out += 1

    def collect(self) -> bool:
        """Wait for a worker to finish or pass its limit; False when no worker is busy."""
        busy = [s for s in self.slots if s.queue]
        if not busy:
            return False
        first_deadline = min(s.started for s in busy) + self.limit
        for conn in wait([s.conn for s in busy], max(0.0, first_deadline - time.monotonic())):
            self._receive(next(s for s in busy if s.conn is conn))
        now = time.monotonic()
        for slot in busy:
            if slot in self.slots and slot.queue and now - slot.started >= self.limit:
                message = f"stopped after the time limit of {self.limit:g} s (worker process killed and replaced)"
                self._fail_head(slot, "CleanTimeoutError", message)
        return True

    def _lost(self, slot: _Slot) -> None:
        """A worker died: the record it was on is an error, the others go to other workers."""
        if slot.queue:
            self._fail_head(slot, "WorkerCrashed", _death(slot))
        else:
            self._replace(slot)

    def _receive(self, slot: _Slot) -> None:
        try:
            result: RecordResult = slot.conn.recv()
        except (EOFError, OSError):
            self._lost(slot)
            return
        self.done[result.index] = result
        slot.done()

    def _fail_head(self, slot: _Slot, error_type: str, message: str) -> None:
        index, record = slot.queue[0]
        self.done[index] = failed(index, record, error_type, message, time.monotonic() - slot.started)
        self._replace(slot)

    def close(self) -> None:
        """Stop every worker."""
        for slot in self.slots:
            slot.stop()


def run_pool(
    records: Iterable[Record | str | bytes], workers: int, time_limit_s: float, max_bytes: int, job: Job
) -> Iterator[RecordResult]:
    """Results of ``records`` in input order, cleaned by ``workers`` processes."""
    pool = Pool(workers, time_limit_s, max_bytes, job)
    source = (as_record(r) for r in records)
    try:
        while True:
            pool.feed(source)
            yield from pool.ready()
            if not pool.collect() and pool.exhausted and not pool.retry and not pool.done:
                return
    finally:
        pool.close()
