"""The poisoned-corpus benchmark: a JSONL of N records, 1 % of them poisoned, through
``cleaner -f jsonl -j 2`` with a hard time limit. Done when: exactly N output lines in input order,
every poisoned record an error or empty record with its reason, no hang, peak RSS (the cleaner
process and its workers together) under 500 MiB.

    python benchmarks/poisoned.py --records 100000        # the benchmark (text dumps of ../shared)
    python benchmarks/poisoned.py --records 2000 --fixtures  # what tests/test_poisoned.py runs

The poisons: binary data in the text field, a 50 MB page, HTML nested 100k deep, JSON nested 100k
deep, a line of invalid UTF-8, an empty page, a line of invalid JSON, regex bait (lines that make
the byline and date patterns backtrack), and a record that sleeps past the limit through the test
hook (CLEANER_ETL_TEST_HOOKS=1 is set for this run only).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import fixture_dumps, text_dumps

HOOK = "\x00cleaner-test-hook:sleep:3600"
HUGE_EVERY = 20_000  # 50 MB records are few: 5 in 100k, 1 in 2k (the file stays a few hundred MB)
LIMIT_MIB = 500


def _binary(rng: random.Random) -> str:
    return bytes(rng.randrange(256) for _ in range(20_000)).decode("latin-1")


def _bait(rng: random.Random) -> str:
    unit = rng.choice(["A. ", "1/", "By ", "12:", "- ", "Mon, "])
    return "Home\nNews\n" + "By " + unit * rng.randrange(40_000, 60_000) + "\n" + ("word " * 30 + "\n") * 3


POISONS: dict[str, Callable[[random.Random], object]] = {
    "binary": lambda rng: {"text": _binary(rng)},
    "nested-html": lambda rng: {"html": "<html><body>" + "<div>" * 100_000 + "<p>deep</p>" + "</div>" * 100_000},
    "nested-json": lambda rng: "[" * 100_000 + "]" * 100_000,
    "invalid-utf8": lambda rng: b'{"text": "caf\xe9 \xff\xfe broken"}',
    "empty": lambda rng: {"text": ""},
    "invalid-json": lambda rng: '{"text": "unterminated',
    "regex-bait": lambda rng: {"text": _bait(rng)},
    "sleep": lambda rng: {"text": HOOK},
}
# what each poison must come out as: (allowed statuses, allowed error types or None for any)
EXPECT = {
    "huge": ({"error"}, {"InputTooLargeError"}),
    "binary": ({"error"}, {"DecodeError"}),
    "nested-html": ({"error", "empty"}, None),
    "nested-json": ({"error"}, {"JSONDecodeError"}),
    "invalid-utf8": ({"error"}, {"DecodeError"}),
    "empty": ({"empty"}, None),
    "invalid-json": ({"error"}, {"JSONDecodeError"}),
    "regex-bait": ({"error", "empty", "ok"}, None),  # fine either way if it ends in time: the hard limit is what is tested
    "sleep": ({"error"}, {"CleanTimeoutError"}),
}


def line_of(i: int, kind: str, payload: object) -> bytes:
    """One JSONL line; poisons that are whole lines (invalid JSON, bytes) are written as they are."""
    if isinstance(payload, bytes):
        return payload.replace(b'{"text"', f'{{"id": "r{i}", "text"'.encode(), 1) + b"\n"
    if isinstance(payload, str):
        return payload.encode() + b"\n"
    assert isinstance(payload, dict)
    return json.dumps({"id": f"r{i}", "poison": kind, **payload}).encode() + b"\n"


def build(path: Path, n: int, pages: list[tuple[str, str]], seed: int = 7) -> dict[int, str]:
    """Write the corpus; returns {line index: poison kind}."""
    rng = random.Random(seed)
    kinds = list(POISONS)
    poisoned: dict[int, str] = {}
    with path.open("wb") as f:
        for i in range(n):
            if i % 100 == 50:
                kind = "huge" if (i - 50) % HUGE_EVERY == 0 else kinds[(i // 100) % len(kinds)]
                poisoned[i] = kind
                if kind == "huge":
                    f.write(json.dumps({"id": f"r{i}", "text": "Lorem ipsum dolor sit amet. " * 1_800_000}).encode() + b"\n")
                else:
                    f.write(line_of(i, kind, POISONS[kind](rng)))
            else:
                name, text = pages[i % len(pages)]
                f.write(json.dumps({"id": f"r{i}", "url": f"https://example.org/{name}", "text": text}).encode() + b"\n")
    return poisoned


def tree_pids(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        try:
            for task in Path(f"/proc/{p}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue
    return found


def _field_kib(path: str, field: str) -> int:
    try:
        text = Path(path).read_text()
    except OSError:  # the process ended between listing and reading
        return 0
    return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(field)), 0)


def tree_memory_kib(pid: int) -> tuple[int, int]:
    """(summed RSS, summed PSS) of the tree. RSS counts the pages the workers share with the
    parent they were forked from (the language model) once per process; PSS splits them."""
    pids = tree_pids(pid)
    rss = sum(_field_kib(f"/proc/{p}/status", "VmRSS:") for p in pids)
    pss = sum(_field_kib(f"/proc/{p}/smaps_rollup", "Pss:") for p in pids)
    return rss, pss


def run(corpus: Path, out: Path, workers: int, time_limit: float, hang_after: float) -> tuple[int, float, float, float]:
    """Run the CLI over the corpus; returns (exit status, seconds, peak tree RSS and PSS in MiB)."""
    env = {**os.environ, "CLEANER_ETL_TEST_HOOKS": "1"}
    command = [sys.executable, "-m", "cleaner", "-f", "jsonl", "-j", str(workers), "--timeout", str(time_limit), str(corpus)]
    start, peak, peak_pss = time.monotonic(), 0, 0
    with out.open("wb") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL, env=env)
        while proc.poll() is None:
            rss, pss = tree_memory_kib(proc.pid)
            peak, peak_pss = max(peak, rss), max(peak_pss, pss)
            if time.monotonic() - start > hang_after:
                proc.kill()
                raise SystemExit(f"hang: no end after {hang_after:.0f} s")
            time.sleep(0.2)
    return proc.returncode, time.monotonic() - start, peak / 1024, peak_pss / 1024


UNPARSED = ("huge", "nested-json", "invalid-json", "invalid-utf8")


def check(out: Path, n: int, poisoned: dict[int, str], corpus_name: str = "corpus.jsonl") -> list[str]:
    """What is wrong with the output (empty when it meets the done-when)."""
    problems: list[str] = []
    with out.open("rb") as f:
        records = [json.loads(line) for line in f]
    if len(records) != n:
        return [f"{len(records)} output lines for {n} records"]
    for i, rec in enumerate(records):
        kind = poisoned.get(i)
        expected_id = f"{corpus_name}:{i + 1}" if kind in UNPARSED else f"r{i}"  # a line not parsed has no id of its own
        if rec["id"] != expected_id:
            problems.append(f"line {i}: id {rec['id']!r}, expected {expected_id!r}")
        if kind is None:
            continue
        statuses, types = EXPECT[kind]
        etype = rec["error"]["type"] if rec["error"] else None
        if rec["status"] not in statuses or (types is not None and etype not in types):
            problems.append(f"line {i} ({kind}): {rec['status']} {etype}")
        reason = rec["error"]["message"] if rec["status"] == "error" else rec["reason"]
        if rec["status"] != "ok" and not reason:  # an ok record (regex bait may clean to text) needs none
            problems.append(f"line {i} ({kind}): no reason given")
    return problems


def summary(out: Path, poisoned: dict[int, str]) -> dict[str, Counter[str]]:
    """Per poison kind, the statuses/error types it came out as."""
    by_kind: dict[str, Counter[str]] = {}
    with out.open("rb") as f:
        for i, line in enumerate(f):
            rec = json.loads(line)
            label = rec["status"] + (":" + rec["error"]["type"] if rec["error"] else "")
            by_kind.setdefault(poisoned.get(i, "normal"), Counter())[label] += 1
    return by_kind


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, default=100_000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--timeout", type=float, default=2.0, help="the CLI's hard per-record limit")
    p.add_argument("--fixtures", action="store_true", help="normal records from the repo's fixtures (no ../shared needed)")
    p.add_argument("--dir", type=Path, default=Path("/tmp/cleaner-poisoned"))
    args = p.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    corpus, out = args.dir / "corpus.jsonl", args.dir / "out.jsonl"
    poisoned = build(corpus, args.records, fixture_dumps() if args.fixtures else text_dumps())
    size = corpus.stat().st_size / 2**20
    print(f"{args.records:,} records, {len(poisoned)} poisoned: {dict(Counter(poisoned.values()))}; {size:.0f} MiB")
    status, seconds, peak, peak_pss = run(corpus, out, args.workers, args.timeout, hang_after=max(600.0, args.records / 10))
    problems = check(out, args.records, poisoned)
    for kind, counts in sorted(summary(out, poisoned).items()):
        print(f"  {kind:<13} {dict(counts)}")
    rate = args.records / seconds
    memory = f"peak RSS {peak:.0f} MiB (limit {LIMIT_MIB}), PSS {peak_pss:.0f} MiB"
    print(f"exit {status}; {seconds:.0f} s ({rate:.0f} records/s); {memory}")
    print("\n".join(problems[:20]) or "every check passed")
    return 0 if not problems and peak < LIMIT_MIB and status == 1 else 1


if __name__ == "__main__":
    sys.exit(main())
