"""cleaner.etl.clean_many: one result per record, in input order, whatever the records do; the
hard time limit kills and replaces a worker; a crashed worker is an error record."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

import cleaner
from cleaner.etl import Record, clean_many
from cleaner.etl.worker import HOOK_ENV, HOOK_PREFIX

REPO = Path(__file__).resolve().parent.parent
DEMO = (REPO / "fixtures" / "demo_listing" / "input.txt").read_bytes()
PAGES = sorted(p for p in (REPO / "fixtures").glob("*/input.*"))[:12]


def titles(result: cleaner.CleanResult | None) -> list[str | None]:
    assert result is not None
    return [a.title for a in result.articles]


@pytest.mark.parametrize("workers", [0, 1, 2])
def test_results_come_in_input_order_and_match_clean(workers: int) -> None:
    raws = [p.read_bytes() for p in PAGES]
    results = list(clean_many([Record(raw, id=str(i)) for i, raw in enumerate(raws)], workers=workers))
    assert [r.index for r in results] == list(range(len(raws)))
    assert [r.id for r in results] == [str(i) for i in range(len(raws))]
    for raw, r in zip(raws, results, strict=True):
        expected = cleaner.clean(raw)
        assert r.status == ("empty" if expected.kind == "empty" else "ok"), r
        assert r.result is not None
        assert r.result.articles == expected.articles
        assert r.result.removals == expected.removals


def test_plain_strings_bytes_and_limits() -> None:
    results = list(clean_many([DEMO.decode("utf-8"), DEMO, b"", b"x" * 5000], workers=1, max_bytes=4000))
    assert [r.status for r in results] == ["ok", "ok", "empty", "error"]
    assert results[0].result is not None and len(results[0].result.articles) == 4
    assert results[2].reason == "input holds no text"
    assert (results[3].error_type, results[3].error) == ("InputTooLargeError", "record is over the limit of 4,000 bytes")


def test_undecodable_bytes_are_an_error_record() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(300)
    (r,) = clean_many([png], workers=1)
    assert r.status == "error"
    assert r.error_type == "DecodeError"


def test_hard_time_limit_kills_the_worker_and_the_batch_goes_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOOK_ENV, "1")
    sleeper = HOOK_PREFIX + b"sleep:60"
    ids = ["a", "slow", "b", "slow2", "c"]
    records = [Record(sleeper if i.startswith("slow") else DEMO, id=i) for i in ids]
    start = time.monotonic()
    results = list(clean_many(records, workers=2, time_limit_s=1.0))
    elapsed = time.monotonic() - start
    assert [r.id for r in results] == ["a", "slow", "b", "slow2", "c"]
    assert [r.status for r in results] == ["ok", "error", "ok", "error", "ok"]
    assert {r.error_type for r in results if r.status == "error"} == {"CleanTimeoutError"}
    assert all(1.0 <= r.seconds < 5 for r in results if r.status == "error")
    assert elapsed < 15, "a record that sleeps 60 s must be stopped at the limit"


def test_a_record_that_kills_its_worker_is_an_error_record(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOOK_ENV, "1")
    records = [Record(DEMO, id="a"), Record(HOOK_PREFIX + b"crash", id="boom"), Record(DEMO, id="b"), Record(DEMO, id="c")]
    results = list(clean_many(records, workers=1))
    assert [r.status for r in results] == ["ok", "error", "ok", "ok"]
    assert results[1].error_type == "WorkerCrashed"
    assert "SIGSEGV" in (results[1].error or "")


def test_hooks_are_unreachable_without_the_test_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(HOOK_ENV, raising=False)
    records = [HOOK_PREFIX + b"sleep:60\n" + DEMO, HOOK_PREFIX + b"crash\n" + DEMO]
    start = time.monotonic()
    results = list(clean_many(records, workers=1, time_limit_s=20))
    assert time.monotonic() - start < 15
    assert [r.error_type for r in results] == [None, None]
    assert all(r.status == "ok" for r in results)


def test_reader_errors_pass_through_without_cleaning() -> None:
    records = [Record(b"", id="bad", error_type="JSONDecodeError", error="Expecting value"), Record(DEMO, id="good")]
    results = list(clean_many(records, workers=1))
    assert [(r.id, r.status, r.error_type) for r in results] == [("bad", "error", "JSONDecodeError"), ("good", "ok", None)]


def test_memory_is_bounded_by_the_read_ahead_window() -> None:
    """The input is consumed lazily: after the first result, only a window of records has been read."""
    pulled = 0

    def endless() -> object:
        nonlocal pulled
        while True:
            pulled += 1
            yield DEMO

    stream = clean_many(endless(), workers=2)  # type: ignore[arg-type]
    first = [next(stream) for _ in range(3)]
    stream.close()  # type: ignore[attr-defined]
    assert [r.status for r in first] == ["ok"] * 3
    assert pulled <= 3 + 2 * 8 + 1


def test_workers_die_with_a_killed_batch(tmp_path: Path) -> None:
    """A batch killed outright (SIGKILL, no cleanup) takes its workers along, even one stuck in a record."""
    import os
    import signal
    import subprocess
    import sys

    script = tmp_path / "batch.py"
    script.write_text(
        "import multiprocessing, threading, time\n"
        "from cleaner.etl import clean_many\n"
        "from cleaner.etl.worker import HOOK_PREFIX\n"
        "def report():\n"
        "    while len(multiprocessing.active_children()) < 2:\n"
        "        time.sleep(0.05)\n"
        "    time.sleep(0.5)\n"
        "    print(*[c.pid for c in multiprocessing.active_children()], flush=True)\n"
        "threading.Thread(target=report, daemon=True).start()\n"
        "next(clean_many([HOOK_PREFIX + b'sleep:120'] * 4, workers=2, time_limit_s=300))\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True, env={**os.environ, HOOK_ENV: "1"})
    assert proc.stdout is not None
    try:
        pids = [int(p) for p in proc.stdout.readline().split()]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    assert len(pids) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(Path(f"/proc/{p}").exists() and "Z" not in _state(p) for p in pids):
        time.sleep(0.1)
    alive = [p for p in pids if Path(f"/proc/{p}").exists() and "Z" not in _state(p)]
    for pid in alive:  # do not leave them running when the check fails
        os.kill(pid, signal.SIGKILL)
    assert not alive, "workers outlived their batch"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_workers_are_recycled_and_the_results_stay_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker retired after RECYCLE_AFTER records is replaced; no record is lost or changed."""
    from cleaner.etl import pool

    started: list[int] = []
    original = pool._Slot.__init__

    def counting(self: pool._Slot, *args: object) -> None:
        started.append(1)
        original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pool, "RECYCLE_AFTER", 3)
    monkeypatch.setattr(pool._Slot, "__init__", counting)
    pages = [p.read_bytes() for p in PAGES[:10]]
    results = list(clean_many(pages, workers=1))
    alone = [cleaner.clean(p) for p in pages]
    assert [r.status for r in results] == ["empty" if a.kind == "empty" else "ok" for a in alone]
    assert [r.result.articles if r.result else () for r in results] == [a.articles for a in alone]
    assert len(started) == 4, "10 records, 3 per worker: four workers"


def test_a_slow_starting_worker_does_not_charge_its_first_record(monkeypatch: pytest.MonkeyPatch) -> None:
    """The clock of a worker's first record starts when the worker is ready, not when it was forked."""
    from cleaner.etl import worker

    original = worker.build

    def slow_build(job: worker.Job) -> worker.CleanFn:
        time.sleep(2.5)
        return original(job)

    monkeypatch.setattr(worker, "build", slow_build)
    results = list(clean_many([DEMO, DEMO], workers=1, time_limit_s=1.5))
    assert [r.status for r in results] == ["ok", "ok"]


def test_a_worker_that_cannot_start_stops_the_batch_with_a_documented_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from cleaner.etl import worker

    def broken(job: worker.Job) -> worker.CleanFn:
        raise OSError("model cache unreadable")

    monkeypatch.setattr(worker, "build", broken)
    with pytest.raises(cleaner.errors.WorkerStartError, match="cannot start"):
        list(clean_many([DEMO, DEMO], workers=1))


def test_random_bytes_in_a_str_are_always_binary() -> None:
    """Random bytes decoded as Latin-1, over many draws: every one is binary (with C0 controls
    alone, one draw in ~120 passed for text); real text, mojibake included, is not, nor a page
    whose encoding was lost (mostly U+FFFD: text, cleaned for what is left)."""
    import random

    from cleaner.etl.pool import looks_binary

    for seed in range(300):
        raw = random.Random(seed).randbytes(20_000)
        assert looks_binary(raw.decode("latin-1")), seed
    text = DEMO.decode("utf-8")
    assert not looks_binary(text)
    assert not looks_binary(text.replace("'", "\x92").encode("cp1252", errors="replace").decode("latin-1"))
    assert not looks_binary("\ufffd" * 2300 + text)


def test_records_too_large_for_the_pipe_go_by_spill_files_and_leave_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Records over the pipe's buffer are queued behind a busy worker through a file: all come back,
    in order, equal to clean() alone, and the spill directory is gone when the batch ends."""
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    big = DEMO + b"\n\n" + b"The harbour board met again on Tuesday to set the winter timetable for the ferry. " * 2500
    assert len(big) > 150_000
    records = [Record(big, id=f"r{i}") for i in range(6)]
    results = list(clean_many(records, workers=2))
    assert [r.id for r in results] == [f"r{i}" for i in range(6)]
    alone = cleaner.clean(big)
    assert all(r.result is not None and r.result.articles == alone.articles for r in results)
    assert list(tmp_path.iterdir()) == []
