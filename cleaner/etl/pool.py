"""Worker processes with a hard per-record time limit.

A worker compiles its rules itself and says when it is ready: its first record's clock starts
then, so start-up (longer on a loaded machine) is never charged to a record, and the parent holds
no rules or language model of its own (its memory would count once more beside every worker's).
A worker is retired after ``RECYCLE_AFTER`` records and a fresh one takes its place, so what the
allocator keeps after large pages cannot add up over a long batch.

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
import shutil
import signal
import tempfile
import time
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler
from pathlib import Path

from cleaner.errors import WorkerStartError
from cleaner.etl.records import Record, RecordResult, as_record, failed
from cleaner.etl.worker import Job, serve

DEPTH = 2  # records sent to a worker at once: its current one and the next
QUEUED_MAX_BYTES = 96_000  # larger records go by a spill file: a send must fit the socket buffer (~180 kB), never block
WINDOW_PER_WORKER = 8  # records read ahead per worker: enough to keep workers busy, little memory
START_METHOD = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
RECYCLE_AFTER = 2_000  # records per worker before it is replaced: start-up ~0.5 s CPU, under 1 % of their time
START_LIMIT_S = 1.0  # how long collect() waits for a starting worker before looking again
START_RETRIES = 3  # workers in a row that die before they are ready: the batch stops with an error

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
        self.ready = False
        self.assigned = 0

    def assign(self, task: Task, payload: bytes, spill: Path) -> None:
        """Send the worker a (pickled) record; its clock starts when it reaches the head of the queue
        (and the worker is ready). A record too large for the pipe's buffer is written to a file in
        ``spill`` and the worker is sent its path: a send to a busy worker must never block the
        parent, and holding a large record back until its worker is idle left that worker waiting
        on the parent (with two workers on two cores, -j 2 reached 1.77x of -j 1, not 2x)."""
        if len(payload) > QUEUED_MAX_BYTES and (self.queue or not self.ready):  # an idle worker reads it at once
            path = spill / f"{task[0]}.pickle"
            path.write_bytes(payload)
            payload = bytes(ForkingPickler.dumps(str(path)))
        self.conn.send_bytes(payload)
        self.queue.append(task)
        self.assigned += 1
        if len(self.queue) == 1:
            self.started = time.monotonic()

    def timed(self) -> bool:
        """Whether the head record's clock runs: the worker is ready and has a record."""
        return self.ready and bool(self.queue)

    def retiring(self) -> bool:
        """Served its share: it gets no more records and is replaced once its queue is empty."""
        return self.assigned >= RECYCLE_AFTER

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
BINARY_SHARE = 0.1  # more control characters than this share of them: binary data, not text
# C0 controls but white space, DEL and the C1 controls: bytes decoded as Latin-1 give a C0/DEL
# share of 10.9 % on average, too near the line (one in ~120 random records passed for text in a
# 100k batch); with C1 they give 23 %. Real text holds next to none of them (a cp1252 apostrophe
# read as Latin-1 is one C1 character in dozens). U+FFFD is not counted: a real page whose
# encoding was lost on the way (mostly U+FFFD) is text, cleaned for what is left, not binary.
_CONTROLS = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\n\r\f\v") | frozenset(chr(c) for c in range(0x7F, 0xA0))


def looks_binary(raw: str | bytes) -> bool:
    """Binary data that reached us as a str (a JSON field holding a decoded image or archive): the
    engine checks bytes for binary, but takes a str as text."""
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
        self.spill = Path(tempfile.mkdtemp(prefix="cleaner-records-"))
        self.job = job
        self.limit = time_limit_s
        self.max_bytes = max_bytes
        self.window = workers * WINDOW_PER_WORKER
        self.slots = [_Slot(self.ctx, job) for _ in range(workers)]
        self.retry: deque[Task] = deque()
        self.done: dict[int, RecordResult] = {}
        self.start_failures = 0
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
            open_slots = [s for s in self.slots if not s.retiring()]
            slot = min(open_slots, key=lambda s: len(s.queue), default=None)
            if slot is None or len(slot.queue) >= DEPTH:
                return
            task = self._next_task(source)
            if task is None:
                return
            payload = bytes(ForkingPickler.dumps(task))
            try:
                slot.assign(task, payload, self.spill)
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
        """Wait for a worker to finish, pass its limit or become ready; False when no worker is busy."""
        busy = [s for s in self.slots if s.queue]
        if not busy:
            return False
        listening = [s for s in self.slots if s.queue or not s.ready]
        timed = [s.started for s in busy if s.timed()]
        first_deadline = min(timed) + self.limit if timed else time.monotonic() + START_LIMIT_S
        for conn in wait([s.conn for s in listening], max(0.0, first_deadline - time.monotonic())):
            self._receive(next(s for s in listening if s.conn is conn))
        now = time.monotonic()
        for slot in busy:
            if slot in self.slots and slot.timed() and now - slot.started >= self.limit:
                message = f"stopped after the time limit of {self.limit:g} s (worker process killed and replaced)"
                self._fail_head(slot, "CleanTimeoutError", message)
        return True

    def _lost(self, slot: _Slot) -> None:
        """A worker died: the record it was on is an error, the others go to other workers. One that
        died before it was ready was on no record: its queue goes back, and a worker that cannot
        start at all (a broken install) stops the batch rather than respawning forever."""
        if not slot.ready:
            self.start_failures += 1
            if self.start_failures > START_RETRIES:
                raise WorkerStartError(f"cleaner's worker process cannot start: {_death(slot)}")
            self.retry.extendleft(reversed(list(slot.queue)))
            slot.queue.clear()
            self._replace(slot)
            return
        if slot.queue:
            self._fail_head(slot, "WorkerCrashed", _death(slot))
        else:
            self._replace(slot)

    def _receive(self, slot: _Slot) -> None:
        try:
            message: RecordResult | str = slot.conn.recv()
        except (EOFError, OSError):
            self._lost(slot)
            return
        if isinstance(message, str):  # READY: the head record's clock starts now
            slot.ready, slot.started, self.start_failures = True, time.monotonic(), 0
            return
        self.done[message.index] = message
        slot.done()
        if slot.retiring() and not slot.queue:
            slot.stop()
            self.slots[self.slots.index(slot)] = _Slot(self.ctx, self.job)

    def _fail_head(self, slot: _Slot, error_type: str, message: str) -> None:
        index, record = slot.queue[0]
        self.done[index] = failed(index, record, error_type, message, time.monotonic() - slot.started)
        self._replace(slot)

    def close(self) -> None:
        """Stop every worker; remove the spill files (a killed worker's are never read)."""
        for slot in self.slots:
            slot.stop()
        shutil.rmtree(self.spill, ignore_errors=True)


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
