#!/usr/bin/env python3
"""Mutation fuzzer over real pages: ``cleaner.clean()`` promises to raise only ``CleanerError``
and never to hang, and random bytes alone never found the crashes real pages did, so the mutants
start from real pages (AEB, ../shared/data/webpages, fixtures, the seeds; each as HTML and as a
flattened text dump) and break them the way scrapes break: byte flips, truncation, tag soup,
charset swaps, shuffled, repeated and glued lines, huge lines, control characters, mixed scripts,
and lines that bait regex backtracking.

    python benchmarks/fuzz.py --runs 100000 --seed 1 -j 2 --out /tmp/fuzz-out

Each run calls ``cleaner.clean(mutant, timeout=2.0)`` (sometimes with a url, a ``now`` or an
``input_format``) in a worker process that is killed after ``--kill`` seconds, so a hang is found,
not suffered. Failures: an exception that is no ``CleanerError`` (with its traceback), a run whose
CPU time passes ``--slow`` seconds (CPU, not wall time: the cores are shared; a run stopped by its
timeout is re-run without one to measure it), a hang and a worker death. Each failing input goes
under ``--out`` (exceptions minimised by delta debugging on lines), a summary is printed, and the
exit status is 1 on any failure. Run ``i`` of seed ``s`` is the same mutant on every machine.

``--known-slow skip`` leaves out the first cause found (the ``nav.breadcrumb`` backtracking on PHP
array dumps: the nachtkritik.de page and ``[n] => v`` runs over 16 pairs); it is fixed (the page
cleans in 0.6 s, 60 pairs in 4 ms), so the default is ``include``. Runs 0–99,999 of seed 1 were
made with ``skip``: pass it to replay them.
"""

from __future__ import annotations

import argparse
import codecs
import datetime as dt
import gzip
import json
import multiprocessing as mp
import os
import random
import resource
import signal
import sys
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
KNOWN_SLOW_SEEDS = ("nachtkritik.de-Dragqueens",)  # nav.breadcrumb backtracking (fixed; kept to replay old runs)
KNOWN_SLOW_PAIRS = 16  # "[n] => v" pairs below the breadcrumb pattern's blow-up
RUNS_PER_SEED = 8  # consecutive runs share a seed page, so a worker flattens each page once
MAX_CHARS = 1_500_000  # mutants are cut here: a bigger page takes seconds to clean by its size alone
WINDOW_SHARE = 0.75  # runs on a slice of their seed page: more runs per second, and cut pages are real too
WINDOW_LINES = 300
WINDOW_CHARS = 40_000
MEMORY_LIMIT = 3 << 30  # bytes of address space per worker: a runaway mutant must not take the machine


# ------------------------------------------------------------------ seeds


@dataclass(frozen=True)
class Seed:
    """A page mutants start from: a file and the form it is read as (html or text)."""

    name: str
    path: Path
    form: str  # "html" | "text": the form the mutant is built from
    stored: str  # "html" | "text": what the file holds


def corpus(shared: Path, fixtures: Path, sources: Sequence[str], known_slow: bool) -> list[Seed]:
    """Every seed page, each in both forms, in a fixed order (the order makes runs reproducible)."""
    files: list[tuple[str, Path, str]] = []
    if "aeb" in sources:
        files += [(f"aeb/{p.name}", p, "html") for p in sorted((shared / "data/aeb/html").glob("*.html.gz"))]
    if "webpages" in sources:
        files += [(f"webpages/{p.name}", p, "html") for p in sorted((shared / "data/webpages/html").glob("*.html.gz"))]
    if "fixtures" in sources:
        files += [(f"fixtures/{p.parent.name}", p, "text") for p in sorted(fixtures.glob("*/input.*"))]
    if "seeds" in sources:
        files += [(f"seeds/{p.name}", p, "text") for p in sorted((shared / "seeds").glob("*.txt"))]
    if not known_slow:
        files = [f for f in files if not any(k in f[0] for k in KNOWN_SLOW_SEEDS)]
    return [Seed(name, path, form, stored) for name, path, stored in files for form in ("html", "text")]


def read_stored(path: Path) -> str:
    """A seed file as text (gzip HTML is mostly UTF-8; the rest is read as cp1252, like the benches)."""
    raw = path.read_bytes()
    raw = gzip.decompress(raw) if path.suffix == ".gz" else raw
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


@lru_cache(maxsize=64)
def seed_text(seed: Seed) -> str:
    """A seed page in its form: HTML flattened the way bench_html does, a text dump wrapped in <p>s."""
    stored = read_stored(seed.path)
    if seed.form == seed.stored:
        return stored
    bench = _bench_html()
    return str(bench.to_text_dump(stored) if seed.form == "text" else bench.dump_as_html(stored))


@lru_cache(maxsize=1)
def _bench_html() -> Any:
    """../shared/eval/bench_html, whose to_text_dump is how every benchmark here flattens a page."""
    sys.path.insert(0, str(SHARED / "eval"))
    import bench_html  # type: ignore[import-not-found]

    return bench_html


# ------------------------------------------------------------------ mutations of the text

Mutation = Callable[[random.Random, str], str]
SCRIPTS = ("Привет мир", "Γειά σου", "你好世界", "こんにちは", "مرحبا بالعالم", "नमस्ते", "שלום", "안녕하세요", "🎉🔥👍🏽", "ﬁ ﬀ ǅ")
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x0e\x1b\x1f\x7f\x85\u2028\u2029\u200b\u200e\u202e\ufeff\ufffd\u00ad\u0301"
TAGS = ("div", "p", "span", "b", "i", "a", "table", "tr", "td", "ul", "li", "h1", "article", "section", "font", "form")
SOUP = (
    "<",
    "</",
    "<<",
    "<>",
    "</>",
    "<!--",
    "-->",
    "<![CDATA[",
    "<?xml",
    "<!DOCTYPE",
    "<script>",
    "<style>",
    "<textarea>",
    "<title>",
    "&#0;",
    "&#xD800;",
    "&#99999999;",
    "&amp",
    "&nbsp",
    "<a href='",
    "<br/>",
    "<p/>",
    "\"'>",
    "<noscript>",
)


def lines_of(text: str) -> list[str]:
    """The text's lines (the unit most mutations move)."""
    return text.split("\n")


def window(rng: random.Random, text: str) -> str:
    """A contiguous run of lines (of characters, for minified HTML): a page cut at both ends, and
    a faster run."""
    lines = lines_of(text)
    if len(lines) < WINDOW_LINES // 10:
        start = rng.randrange(len(text) + 1)
        return text[start : start + rng.randint(1, WINDOW_CHARS)]
    size = rng.randint(1, min(len(lines), WINDOW_LINES))
    start = rng.randrange(len(lines) - size + 1)
    return "\n".join(lines[start : start + size])


def truncate(rng: random.Random, text: str) -> str:
    """The page cut anywhere, mid-tag or mid-word: a download that stopped."""
    cut = rng.randrange(len(text) + 1)
    return text[:cut] if rng.random() < 0.7 else text[cut:]


def shuffle_lines(rng: random.Random, text: str) -> str:
    """A stretch of lines in random order (the page's header after its body, dates before titles)."""
    lines = lines_of(text)
    a = rng.randrange(len(lines))
    b = min(len(lines), a + rng.randint(2, 200))
    part = lines[a:b]
    rng.shuffle(part)
    return "\n".join(lines[:a] + part + lines[b:])


def repeat_lines(rng: random.Random, text: str) -> str:
    """A line or a block repeated many times (infinite scroll, a stuck template)."""
    lines = lines_of(text)
    a = rng.randrange(len(lines))
    block = lines[a : a + rng.randint(1, 8)]
    return "\n".join(lines[:a] + block * rng.choice((2, 3, 10, 50, 300)) + lines[a:])


def glue_lines(rng: random.Random, text: str) -> str:
    """Newlines removed in a stretch, or everywhere: a dump that lost its line breaks."""
    if rng.random() < 0.3:
        return text.replace("\n", rng.choice(("", " ")))
    a = rng.randrange(len(text) + 1)
    b = min(len(text), a + rng.randint(100, 20000))
    return text[:a] + text[a:b].replace("\n", rng.choice(("", " "))) + text[b:]


def delete_lines(rng: random.Random, text: str) -> str:
    """Random lines dropped."""
    share = rng.random()
    return "\n".join(line for line in lines_of(text) if rng.random() > share)


def huge_line(rng: random.Random, text: str) -> str:
    """One line of up to a million characters: words, one token, or the page's own lines joined."""
    size = rng.choice((5_000, 50_000, 300_000))
    kind = rng.randrange(3)
    if kind == 0:
        unit = rng.choice(("lorem ipsum dolor ", "The council said on Monday. ", "x", "ab", "é", "— "))
        line = unit * (size // len(unit))
    elif kind == 1:
        line = " ".join(lines_of(text))[:size]
    else:
        line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz .,;:-0123456789") for _ in range(min(size, 20_000)))
    return insert_line(rng, text, line)


def insert_line(rng: random.Random, text: str, line: str) -> str:
    """``line`` put between two random lines of ``text``."""
    lines = lines_of(text)
    at = rng.randrange(len(lines) + 1)
    return "\n".join([*lines[:at], line, *lines[at:]])


def sprinkle(rng: random.Random, text: str, pool: Sequence[str], count: int) -> str:
    """``count`` items of ``pool`` dropped at random places."""
    if not text:
        return rng.choice(pool)
    cuts = sorted(rng.randrange(len(text) + 1) for _ in range(count))
    parts, last = [], 0
    for cut in cuts:
        parts += [text[last:cut], rng.choice(pool)]
        last = cut
    return "".join([*parts, text[last:]])


def controls(rng: random.Random, text: str) -> str:
    """Control characters, NULs, bidi marks, BOMs and zero-width spaces inside the text."""
    return sprinkle(rng, text, CONTROLS, rng.choice((1, 10, 200, 3000)))


def nuls(rng: random.Random, text: str) -> str:
    """NULs, alone or in runs (a dump written from a fixed-size buffer)."""
    return sprinkle(rng, text, ("\x00", "\x00" * 64, "\x00\n"), rng.choice((1, 20, 500)))


def mixed_scripts(rng: random.Random, text: str) -> str:
    """Words of other scripts, emoji and ligatures mixed in; sometimes the text decomposed (NFD)."""
    text = sprinkle(rng, text, SCRIPTS, rng.choice((1, 20, 300)))
    return unicodedata.normalize(rng.choice(("NFD", "NFKC")), text) if rng.random() < 0.2 else text


def surrogates(rng: random.Random, text: str) -> str:
    """Lone surrogates in a str (what ``surrogateescape`` decoding leaves behind)."""
    return sprinkle(rng, text, ("\ud800", "\udcff", "\udfff"), rng.choice((1, 5, 50)))


def tag_soup(rng: random.Random, text: str) -> str:
    """Unclosed, misnested and stray tags, and broken comments, entities and raw-text elements."""
    pool = [*SOUP, *(f"<{t}>" for t in TAGS), *(f"</{t}>" for t in TAGS), "<b><i>x</b></i>", "<p><div>y</p></div>"]
    return sprinkle(rng, text, pool, rng.choice((1, 10, 100, 1000)))


def deep_nesting(rng: random.Random, text: str) -> str:
    """Thousands of nested tags, opened and maybe never closed."""
    tag = rng.choice(TAGS)
    depth = rng.choice((100, 1000, 10_000, 50_000))
    close = f"</{tag}>" * depth if rng.random() < 0.5 else ""
    return insert_line(rng, text, f"<{tag}>" * depth + "deep text" + close)


def regex_bait(rng: random.Random, text: str, max_pairs: int | None = None) -> str:
    """Long runs of what the rule patterns match piecewise: PHP array dumps, repeated words and
    separators, spaces, digits, dates, bylines, the shapes that make a regex backtrack."""
    n = rng.choice((5, 20, 60, 200, 1000, 5000))
    pairs = min(n, max_pairs) if max_pairs else n
    baits = (
        "zones:Array ( " + " ".join(f"[{i}] => {rng.randint(0, 40)}" for i in range(pairs)) + " )",
        "a " * n,
        " " * n,
        "> " * n,
        "» " * n,
        "· " * n,
        "| " * n,
        "/ " * n,
        "- " * n,
        ": " * n,
        "… " * n,
        "Home > " * n,
        "1" * n,
        "1 " * n,
        "12/05/2025 " * n,
        "By " * n + "Jane",
        "© " * n + "2024",
        "Share " * n,
        "Tweet · " * n,
        "aA" * n,
        "." * n,
        "?" * n,
        "#" * n,
        "(" * n + ")" * n,
        "[" * n,
        "Jane Smith, " * n,
        "Mon 12 May 2025 · " * n,
        "3 min read · " * n,
        "9" * n + " days ago",
        f"{n} years ago",
        "http://" + "a/" * n,
        "\t" * n,
    )
    return insert_line(rng, text, rng.choice(baits))


def case_swap(rng: random.Random, text: str) -> str:
    """The page in capitals, lower case or title case (line shapes read capitals)."""
    return str(rng.choice((str.upper, str.lower, str.title, str.swapcase))(text))


def line_endings(rng: random.Random, text: str) -> str:
    """CRLF, bare CR, tabs, NBSPs and vertical tabs where newlines and spaces were."""
    choice = rng.randrange(4)
    if choice == 0:
        return text.replace("\n", "\r\n")
    if choice == 1:
        return text.replace("\n", "\r")
    if choice == 2:
        return text.replace(" ", rng.choice(("\u00a0", "\t", "\u3000", "  ")))
    return text.replace("\n", rng.choice(("\x0b", "\x0c", "\u2028", "\x85")))


def wrong_meta(rng: random.Random, text: str) -> str:
    """A meta charset or XML declaration the bytes will not match, or a bogus one."""
    label = rng.choice(("shift_jis", "utf-16", "utf-7", "x-nonsense", "iso-8859-5", "utf-32", "euc-jp", "", "cp1252", "big5"))
    decl = rng.choice(
        (
            f'<meta charset="{label}">',
            f'<meta http-equiv="Content-Type" content="text/html; charset={label}">',
            f'<?xml version="1.0" encoding="{label}"?>',
        )
    )
    return decl + text if rng.random() < 0.6 else insert_line(rng, text, decl)


def double_page(rng: random.Random, text: str) -> str:
    """The page twice, or a page with another copy of its head glued to its tail."""
    return text + rng.choice(("\n", "", "\n\n")) + text[: rng.randrange(len(text) + 1)]


def empty_ish(rng: random.Random, text: str) -> str:
    """Only whitespace, only markup or only punctuation left."""
    return rng.choice(("", " ", "\n" * 1000, "<html></html>", "<", "<p>", "&nbsp;" * 50, "...", "\ufeff", "\x00"))


MUTATIONS: dict[str, Mutation] = {
    "truncate": truncate, "shuffle": shuffle_lines, "repeat": repeat_lines, "glue": glue_lines, "delete": delete_lines,
    "huge-line": huge_line, "controls": controls, "nuls": nuls, "scripts": mixed_scripts, "surrogates": surrogates,
    "tag-soup": tag_soup, "deep-nesting": deep_nesting, "regex-bait": regex_bait, "case": case_swap,
    "line-endings": line_endings, "wrong-meta": wrong_meta, "double": double_page, "empty": empty_ish,
}  # fmt: skip


# ------------------------------------------------------------------ encodings and byte mutations

ENCODINGS = ("utf-8", "cp1252", "latin-1", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "shift_jis", "koi8-r", "gb18030")
BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


def encode(rng: random.Random, text: str) -> tuple[str | bytes, str]:
    """The mutant as str (half the time) or as bytes in some encoding, maybe with a (wrong) BOM."""
    if rng.random() < 0.5:
        return text, "str"
    codec = rng.choice(ENCODINGS) if rng.random() < 0.5 else "utf-8"
    raw = text.encode(codec, errors=rng.choice(("replace", "ignore", "xmlcharrefreplace")))
    name = codec
    if rng.random() < 0.15:
        bom = rng.choice(BOMS)
        raw, name = bom + raw, f"{codec}+bom{BOMS.index(bom)}"
    return raw, name


def flip_bytes(rng: random.Random, raw: bytes) -> bytes:
    """Random bytes xored, deleted or inserted (a corrupted transfer)."""
    data = bytearray(raw)
    for _ in range(rng.choice((1, 8, 100, 2000))):
        if not data:
            data.append(rng.randrange(256))
            continue
        at = rng.randrange(len(data))
        kind = rng.randrange(3)
        if kind == 0:
            data[at] ^= 1 << rng.randrange(8)
        elif kind == 1:
            del data[at]
        else:
            data.insert(at, rng.randrange(256))
    return bytes(data)


def cut_bytes(rng: random.Random, raw: bytes) -> bytes:
    """Bytes cut anywhere: mid-character for multibyte encodings."""
    return raw[: rng.randrange(len(raw) + 1)]


BYTE_MUTATIONS: dict[str, Callable[[random.Random, bytes], bytes]] = {"byte-flip": flip_bytes, "byte-cut": cut_bytes}


# ------------------------------------------------------------------ cases

URLS = (None, "https://example.com/news/2025/05/12/story", "", "not a url", "http://[::1", "https://xn--bcher-kva.example/ä",
        "ftp://x", "https://example.com/" + "a/" * 500, "https://www.nationnews.com/2025/01/01/x/")  # fmt: skip
WEST = dt.timezone(dt.timedelta(hours=-11))
NOWS = (None, dt.datetime(2025, 6, 4, 12, tzinfo=dt.UTC), dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, tzinfo=dt.UTC), dt.datetime(2025, 6, 4, tzinfo=WEST), dt.datetime(1, 1, 2, tzinfo=dt.UTC),
        dt.datetime.max.replace(tzinfo=dt.UTC))  # fmt: skip
FORMATS = ("auto", "text", "html")
DISABLES = ((), ("nav",), ("main",), ("consent.cookie-banner", "promo"))


@dataclass(frozen=True)
class Case:
    """One mutant and how clean() is called on it; everything a report needs to replay it."""

    run: int
    seed: str
    form: str
    mutations: tuple[str, ...]
    raw: str | bytes
    kwargs: dict[str, Any] = field(default_factory=dict)


def make_case(seeds: Sequence[Seed], master: int, run: int, known_slow: bool) -> Case:
    """Run ``run`` of seed ``master``: the same mutant every time (string seeds hash the same on
    every interpreter; Python's ``hash()`` would not)."""
    seed = seeds[random.Random(f"{master}:{run // RUNS_PER_SEED}").randrange(len(seeds))]
    rng = random.Random(f"{master}:{run}")
    text = seed_text(seed)
    names: list[str] = []
    if rng.random() < WINDOW_SHARE:
        text, names = window(rng, text), ["window"]
    for name in rng.sample(sorted(MUTATIONS), rng.choice((1, 1, 2, 3))):
        mutate = MUTATIONS[name]
        text = regex_bait(rng, text, None if known_slow else KNOWN_SLOW_PAIRS) if name == "regex-bait" else mutate(rng, text)
        names.append(name)
    if len(text) > MAX_CHARS:
        text = text[:MAX_CHARS]
        names.append("capped")
    raw, codec = encode(rng, text if "surrogates" in names else text.encode("utf-8", "replace").decode("utf-8"))
    names.append(f"as-{codec}")
    if isinstance(raw, bytes) and rng.random() < 0.3:
        name = rng.choice(sorted(BYTE_MUTATIONS))
        raw = BYTE_MUTATIONS[name](rng, raw)
        names.append(name)
    return Case(run, seed.name, seed.form, tuple(names), raw, call_kwargs(rng))


def call_kwargs(rng: random.Random) -> dict[str, Any]:
    """clean()'s optional arguments: mostly the defaults, sometimes a url, a now, a format, a rule off."""
    kwargs: dict[str, Any] = {}
    if rng.random() < 0.3:
        kwargs["url"] = rng.choice(URLS)
    if rng.random() < 0.3:
        kwargs["now"] = rng.choice(NOWS)
    if rng.random() < 0.3:
        kwargs["input_format"] = rng.choice(FORMATS)
    if rng.random() < 0.1:
        kwargs["disable"] = rng.choice(DISABLES)
    return kwargs


# ------------------------------------------------------------------ one run, in a worker


def location(exc: BaseException) -> str:
    """Where an exception came from: the innermost frame in the cleaner package, else the last."""
    frames = traceback.extract_tb(exc.__traceback__)
    inside = [f for f in frames if "/cleaner/" in f.filename.replace("\\", "/")] or frames
    if not inside:
        return "?"
    frame = inside[-1]
    path = frame.filename.replace("\\", "/")
    short = path[path.rindex("/cleaner/") + 1 :] if "/cleaner/" in path else Path(path).name
    return f"{short}:{frame.lineno} in {frame.name}"


def attempt(raw: str | bytes, kwargs: dict[str, Any], bound: float) -> dict[str, Any]:
    """clean() once under its timeout; a timeout is re-run without one, to measure what it costs."""
    outcome = timed(raw, kwargs, bound)
    if outcome["status"] == "timeout":
        again = timed(raw, kwargs, None)
        outcome |= {"cpu": max(outcome["cpu"], again["cpu"]), "wall": outcome["wall"] + again["wall"]}
        if again["status"] not in ("ok", "documented"):  # what the timeout had cut short
            outcome = again | {"wall": outcome["wall"]}
    return outcome


def timed(raw: str | bytes, kwargs: dict[str, Any], timeout: float | None) -> dict[str, Any]:
    """One clean() call: its status, its exception's type, place and traceback, its wall and CPU time."""
    import cleaner

    start, cpu = time.perf_counter(), time.process_time()
    outcome: dict[str, Any] = {"status": "ok"}
    try:
        cleaner.clean(raw, timeout=timeout, **kwargs)
    except cleaner.CleanTimeoutError:
        outcome = {"status": "timeout"}
    except cleaner.CleanerError as exc:
        outcome = {"status": "documented", "type": type(exc).__name__}
    except Exception as exc:  # the point of the fuzzer: anything else is a bug
        tb = "".join(traceback.format_exception(exc))
        outcome = {"status": "exception", "type": type(exc).__name__, "where": location(exc), "traceback": tb}
    return outcome | {"wall": time.perf_counter() - start, "cpu": time.process_time() - cpu}


def warm_up() -> None:
    """Compile the rules and load the language model before the first run, as batch workers do:
    the 2 s bound is for cleaning a page, not for a process's one-time start (~1 s)."""
    import cleaner
    from cleaner.etl.worker import WARM_UP

    for page in WARM_UP:
        cleaner.clean(page)


def worker(conn: Connection, seeds: Sequence[Seed], master: int, bound: float, known_slow: bool) -> None:
    """Serve runs until the parent closes the pipe: ("run", i) builds run i; ("try", raw, kwargs)
    cleans a given input (the minimiser's candidates)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    warm_up()
    while True:
        try:
            message = conn.recv()
        except EOFError:
            return
        if message[0] == "run":
            case = make_case(seeds, master, message[1], known_slow)
            raw, kwargs = case.raw, case.kwargs
        else:
            raw, kwargs = message[1], message[2]
        conn.send(attempt(raw, kwargs, bound) | {"size": len(raw)})


# ------------------------------------------------------------------ the pool


PROGRESS = 5000  # runs between progress lines on stderr
POLL = 0.5  # seconds between looks at busy workers
WALL_FACTOR = 6  # a job past this many times the kill limit in wall time is a hang whatever its CPU time
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def proc_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) a process has used, from /proc (None where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS


@dataclass
class Worker:
    """A worker process, its pipe and the job it is on (mutable: the pool restarts it in place)."""

    proc: mp.process.BaseProcess
    conn: Connection
    job: Any = None
    started: float = 0.0
    cpu_at_start: float = 0.0


@dataclass(frozen=True)
class Settings:
    """What every worker is started with."""

    seeds: tuple[Seed, ...]
    master: int
    bound: float
    kill: float
    known_slow: bool


class Pool:
    """Workers that each clean one input at a time, killed and replaced when a run passes ``kill``."""

    def __init__(self, settings: Settings, jobs: int) -> None:
        self.settings = settings
        self.ctx = mp.get_context("fork")
        self.workers = [self._spawn() for _ in range(jobs)]

    def _spawn(self) -> Worker:
        s = self.settings
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=worker, args=(child, s.seeds, s.master, s.bound, s.known_slow), daemon=True)
        proc.start()
        child.close()
        return Worker(proc, parent)

    def _replace(self, w: Worker) -> None:
        w.proc.kill()
        w.proc.join()
        w.conn.close()
        fresh = self._spawn()
        w.proc, w.conn, w.job = fresh.proc, fresh.conn, None

    def map(self, jobs: Iterator[Any]) -> Iterator[tuple[Any, dict[str, Any]]]:
        """(job, outcome) for every job, in completion order; a hang or a death is an outcome too."""
        pending = True
        while True:
            for w in self.workers:
                if w.job is None and pending:
                    job = next(jobs, None)
                    if job is None:
                        pending = False
                        continue
                    w.job, w.started, w.cpu_at_start = job, time.perf_counter(), proc_cpu(w.proc.pid) or 0.0
                    w.conn.send(job)
            busy = [w for w in self.workers if w.job is not None]
            if not busy:
                return
            yield from self._collect(busy)

    def _collect(self, busy: list[Worker]) -> Iterator[tuple[Any, dict[str, Any]]]:
        ready = wait([w.conn for w in busy], timeout=POLL)
        for w in busy:
            job = w.job
            if w.conn in ready:
                try:
                    outcome = w.conn.recv()
                except (EOFError, OSError):
                    w.proc.join(1)
                    outcome = {"status": "death", "where": f"exit code {w.proc.exitcode}", "wall": 0.0, "cpu": 0.0}
                    self._replace(w)
                    yield job, outcome
                    continue
                w.job = None
                yield job, outcome
            elif (spent := self._spent(w)) >= self.settings.kill:
                self._replace(w)
                where = f"killed after {self.settings.kill:g} s"
                yield job, {"status": "hang", "where": where, "wall": time.perf_counter() - w.started, "cpu": spent}

    def _spent(self, w: Worker) -> float:
        """Seconds the worker's job has taken: its CPU time where /proc tells it (on shared cores
        wall time would call a slow run a hang), else wall time; wall time past ``WALL_FACTOR``
        times the limit in any case (a job that sleeps or blocks)."""
        wall = time.perf_counter() - w.started
        cpu = proc_cpu(w.proc.pid)
        if cpu is None or wall >= WALL_FACTOR * self.settings.kill:
            return wall
        return cpu - w.cpu_at_start

    def close(self) -> None:
        """Stop every worker (they exit on EOF; a stuck one is killed)."""
        for w in self.workers:
            w.conn.close()
            w.proc.join(2)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()


# ------------------------------------------------------------------ minimising and saving


def failure_key(outcome: dict[str, Any], bound: float) -> str | None:
    """What kind of failure an outcome is (None: no failure): the exception and where, or the symptom."""
    status = outcome["status"]
    if status == "exception":
        return f"{outcome['type']} at {outcome['where']}"
    if status in ("hang", "death"):
        return f"{status} ({outcome['where']})"
    if outcome["cpu"] > bound:
        return f"slow (over {bound:g} s)"
    return None


def ddmin(units: list[Any], fails: Callable[[list[Any]], bool], budget: int) -> list[Any]:
    """Zeller's delta debugging: the smallest sublist (1-minimal, within ``budget`` tests) that still fails."""
    n, tests = 2, 0
    while len(units) >= 2 and tests < budget:
        chunk = -(-len(units) // n)
        for start in range(0, len(units), chunk):
            rest = units[:start] + units[start + chunk :]
            tests += 1
            if rest and fails(rest):
                units, n = rest, max(n - 1, 2)
                break
            if tests >= budget:
                break
        else:
            if n >= len(units):
                break
            n = min(len(units), n * 2)
    return units


def minimise(pool: Pool, case: Case, key: str, budget: int) -> str | bytes:
    """The failing input cut to the lines (then characters) that still raise the same exception."""
    nl: Any = b"\n" if isinstance(case.raw, bytes) else "\n"
    empty: Any = nl[:0]

    def fails(raw: str | bytes) -> bool:
        _, outcome = next(pool.map(iter([("try", raw, case.kwargs)])))
        return failure_key(outcome, pool.settings.bound) == key

    lines = ddmin(case.raw.split(nl), lambda ls: fails(nl.join(ls)), budget)
    raw: str | bytes = nl.join(lines)
    if len(raw) > 200:
        chars = ddmin([raw[i : i + 1] for i in range(len(raw))], lambda cs: fails(empty.join(cs)), budget)
        raw = empty.join(chars)
    return raw


def save(out: Path, case: Case, outcome: dict[str, Any], key: str, minimal: str | bytes | None) -> None:
    """The input (and its minimised form) as bytes, and a JSON record to replay and read it."""
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"run{case.run:07d}"
    as_bytes = case.raw if isinstance(case.raw, bytes) else case.raw.encode("utf-8", "surrogatepass")
    stem.with_suffix(".input").write_bytes(as_bytes)
    if minimal is not None:
        small = minimal if isinstance(minimal, bytes) else minimal.encode("utf-8", "surrogatepass")
        stem.with_suffix(".min.input").write_bytes(small)
    record = {"run": case.run, "failure": key, "seed": case.seed, "form": case.form, "mutations": case.mutations,
              "input_type": type(case.raw).__name__, "kwargs": {k: str(v) for k, v in case.kwargs.items()},
              "outcome": outcome}  # fmt: skip
    stem.with_suffix(".json").write_text(json.dumps(record, indent=1, ensure_ascii=False), encoding="utf-8")


# ------------------------------------------------------------------ the run and its report


@dataclass(frozen=True)
class Report:
    """What a fuzz run found: the figures the summary prints and the tests assert on."""

    runs: int
    seconds: float
    failures: Counter[str]
    statuses: Counter[str]
    max_cpu: float
    max_wall: float
    slowest: str
    examples: dict[str, Case]

    @property
    def failed(self) -> bool:
        """Whether any run failed (the exit status)."""
        return bool(self.failures)


def fuzz(settings: Settings, runs: int, start: int, jobs: int, out: Path | None, budget: int = 300) -> Report:
    """Run ``runs`` mutants from ``start``; save the first few inputs of each failure under ``out``
    (the first exception of each kind minimised, once the runs are done)."""
    pool = Pool(settings, jobs)
    failures: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    examples: dict[str, Case] = {}
    saved: list[tuple[Case, dict[str, Any], str]] = []
    max_cpu, max_wall, slowest, began = 0.0, 0.0, "", time.perf_counter()
    try:
        for (_, run), outcome in _stoppable(pool.map(iter([("run", i) for i in range(start, start + runs)]))):
            statuses[outcome["status"]] += 1
            if (done := statuses.total()) % PROGRESS == 0:
                print(f"{done} runs, {done / (time.perf_counter() - began):.1f}/s", file=sys.stderr, flush=True)
            if outcome["cpu"] > max_cpu:
                max_cpu, max_wall, slowest = outcome["cpu"], outcome["wall"], f"run {run}"
            key = failure_key(outcome, settings.bound)
            if key is None:
                continue
            failures[key] += 1
            print(f"run {run}: {key} ({outcome['cpu']:.2f} s cpu)", file=sys.stderr, flush=True)
            if failures[key] <= 3:
                case = make_case(settings.seeds, settings.master, run, settings.known_slow)
                examples.setdefault(key, case)
                saved.append((case, outcome, key))
        seconds = time.perf_counter() - began
        for case, outcome, key in saved:
            if out is None:
                break
            first = examples[key] is case and outcome["status"] == "exception"
            save(out / slug(key), case, outcome, key, minimise(pool, case, key, budget) if first else None)
    finally:
        pool.close()
    return Report(statuses.total(), seconds, failures, statuses, max_cpu, max_wall, slowest, examples)


def _stoppable(outcomes: Iterator[tuple[Any, dict[str, Any]]]) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The outcomes until Ctrl-C or SIGTERM: a long fuzz stopped early still reports what it ran."""
    try:
        yield from outcomes
    except KeyboardInterrupt:
        print("stopped early", file=sys.stderr, flush=True)


def slug(key: str) -> str:
    """A directory name for a failure kind."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in key)[:120]


def summary(report: Report, settings: Settings) -> str:
    """The lines the command prints."""
    lines = [
        f"runs: {report.runs}  in {report.seconds:.0f} s  ({report.runs / max(report.seconds, 1e-9):.1f} runs/s)",
        f"seeds: {len(settings.seeds)} (pages x forms)  master seed {settings.master}",
        "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(report.statuses.items())),
        f"slowest: {report.slowest} {report.max_cpu:.2f} s cpu ({report.max_wall:.2f} s wall)",
        f"runs over {settings.bound:g} s cpu: {sum(v for k, v in report.failures.items() if k.startswith('slow'))}",
        f"failures: {sum(report.failures.values())}",
    ]
    lines += [f"  {count:6d}  {key}" for key, count in report.failures.most_common()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, fuzz, print the summary; exit 1 on any failure."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--start", type=int, default=0, help="first run index (to run a long fuzz in chunks)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--out", type=Path, help="directory for failing inputs")
    ap.add_argument("--slow", type=float, default=2.0, help="CPU seconds over which a run fails (and clean's timeout)")
    ap.add_argument("--kill", type=float, default=10.0, help="wall seconds after which a run is a hang")
    ap.add_argument("--sources", default="aeb,webpages,fixtures,seeds")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--known-slow", choices=("skip", "include"), default="include")
    a = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # `kill PID` stops it with a summary
    known = a.known_slow == "include"
    seeds = tuple(corpus(a.shared, REPO / "fixtures", a.sources.split(","), known))
    if not seeds:
        ap.error("no seed pages found")
    settings = Settings(seeds, a.seed, a.slow, a.kill, known)
    report = fuzz(settings, a.runs, a.start, a.jobs, a.out)
    print(summary(report, settings))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
