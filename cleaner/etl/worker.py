"""The cleaning side of a batch: one record at a time, in this process or in a worker process.

Test hooks (a record that sleeps, or kills its own process) exist only when the batch was started
with ``CLEANER_ETL_TEST_HOOKS=1`` in the environment; the flag is read by the parent when the batch
starts and handed to the workers, so no input bytes can switch them on.
"""

from __future__ import annotations

import datetime as dt
import faulthandler
import os
import pickle
import signal
import time
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from pathlib import Path

from cleaner.config import CleanerConfig
from cleaner.errors import CleanerError
from cleaner.etl.adapter import CleanFn, make_clean_fn
from cleaner.etl.records import Record, RecordResult, failed, finished

HOOK_ENV = "CLEANER_ETL_TEST_HOOKS"
HOOK_PREFIX = b"\x00cleaner-test-hook:"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True, slots=True)
class Job:
    """What every worker needs to build its cleaning function (picklable)."""

    config: CleanerConfig | None
    now: dt.datetime | None
    input_format: str
    soft_timeout: float | None
    hooks: bool = False
    keep_blocks: bool = False


def hooks_enabled() -> bool:
    """Whether this batch runs in test mode (read once, by the parent, at the start of a batch)."""
    return os.environ.get(HOOK_ENV) == "1"


def _run_hook(raw: str | bytes) -> None:
    """Test mode only: ``sleep:SECONDS`` sleeps, ``crash`` kills this process with SIGSEGV."""
    data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else raw
    if not data.startswith(HOOK_PREFIX):
        return
    command = data[len(HOOK_PREFIX) :].split(b"\n", 1)[0].decode("ascii", "replace")
    if command.startswith("sleep:"):
        time.sleep(float(command.removeprefix("sleep:")))
    elif command == "crash":
        faulthandler.disable()  # a test runner's fault handler would print a traceback: this crash is meant
        os.kill(os.getpid(), signal.SIGSEGV)


def clean_record(fn: CleanFn, index: int, record: Record, job: Job) -> RecordResult:
    """Clean one record; a CleanerError (or any bug of ours) becomes an error result, never a raise.
    The ingested blocks (the bulk of a result, needed only to explain removals) are dropped unless
    the job keeps them: a worker then sends back a few kB instead of tens."""
    start = time.perf_counter()
    try:
        if job.hooks:
            _run_hook(record.raw)
        result = fn(record.raw, record.url)
        if not job.keep_blocks:
            result = replace(result, blocks=())
    except CleanerError as exc:
        return failed(index, record, type(exc).__name__, str(exc), time.perf_counter() - start)
    except (RecursionError, MemoryError, ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        return failed(index, record, type(exc).__name__, f"internal error: {exc}", time.perf_counter() - start)
    return finished(index, record, result, time.perf_counter() - start)


READY = "ready"  # sent once the rules are compiled: the parent starts the first record's clock then

WARM_UP = (
    "Home\nNews\nA short title for warming up\nBy A. Writer\n3 days ago\n"
    "This sentence is here so that the first real record does not pay for compiling the rules.\nAccept all",
    "<html><body><nav>Home</nav><h1>A title</h1><p>Some text of a paragraph, long enough to be prose.</p></body></html>",
)


def build(job: Job) -> CleanFn:
    """The worker's cleaning function, warmed up: the engine compiles its rules on first use, which
    would otherwise be charged to the first record's time limit."""
    fn = make_clean_fn(job.config, job.now, job.input_format, job.soft_timeout)
    for page in WARM_UP:
        fn(page, None)
    return fn


def die_with_parent(parent: int) -> None:
    """Linux: have the kernel kill this worker when its parent dies (a worker stuck in a record would
    otherwise outlive a killed batch: EOF on its pipe is never read while it is busy)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: EOF on the pipe still ends an idle worker
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)


def _read_spill(path: Path) -> tuple[int, Record]:
    """A record the parent wrote to a file (too large to wait in the pipe); the file goes once read."""
    task: tuple[int, Record] = pickle.loads(path.read_bytes())
    path.unlink(missing_ok=True)
    return task


def serve(conn: Connection, job: Job, parent: int) -> None:
    """Worker process main loop: receive (index, record), send back its result, until None or EOF."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    fn = build(job)
    conn.send(READY)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        if isinstance(task, str):  # a large record, spilled to a file by the parent
            task = _read_spill(Path(task))
        index, record = task
        conn.send(clean_record(fn, index, record, job))
