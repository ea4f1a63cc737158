"""The ``cleaner`` command: a thin shell over :class:`cleaner.Cleaner`.

Exit status: 0 when every input was cleaned, 1 when some input failed (each failure is one line
on stderr, the others are still printed), 2 for usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from cleaner import __version__
from cleaner.config import CleanerConfig, load_config
from cleaner.engine import Cleaner
from cleaner.errors import CleanerError
from cleaner.model import CleanResult
from cleaner.pipeline import rule_ids
from cleaner.render import as_json, as_markdown, as_text, explain
from cleaner.rules import rule

INPUT_SUFFIXES = (".txt", ".text", ".html", ".htm", ".xhtml")


def parser() -> argparse.ArgumentParser:
    """The command line: inputs, output format, explain, rules to switch off."""
    p = argparse.ArgumentParser(prog="cleaner", description="Clean raw page dumps (text or HTML) into articles with metadata.")
    p.add_argument("inputs", nargs="*", help="files, directories (their page files, recursively) or - for stdin")
    p.add_argument("-f", "--format", choices=["text", "markdown", "json", "jsonl"], default="text")
    p.add_argument("--explain", action="store_true", help="list every removal: rule id, lines, start of the text, reason")
    p.add_argument("--stats", action="store_true", help="print removed blocks per rule over all inputs (stderr)")
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch off a rule id or namespace (repeatable, comma list)",
    )
    p.add_argument("--now", help="ISO date-time that relative dates ('3 days ago') are resolved against")
    p.add_argument("--url", help="the page's URL (single input)")
    p.add_argument("--input-format", choices=["auto", "text", "html"], default="auto")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="give up on a page after this long (it counts as failed)")
    p.add_argument("--config", metavar="FILE", help="a TOML config (or a pyproject.toml with [tool.cleaner])")
    p.add_argument("--rules", action="store_true", help="list the rule ids and exit")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


def expand(inputs: Sequence[str]) -> Iterator[str]:
    """Files as given, directories as their page files in sorted order, '-' as stdin."""
    for name in inputs:
        path = Path(name)
        if name != "-" and path.is_dir():
            yield from (str(f) for f in sorted(path.rglob("*")) if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES)
        else:
            yield name


def read(name: str) -> bytes:
    """The raw bytes of an input (stdin for '-')."""
    return sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()


def parse_now(value: str | None) -> dt.datetime | None:
    """``--now`` as a datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def render(result: CleanResult, args: argparse.Namespace, name: str, many: bool) -> str:
    """One input's output in the chosen format."""
    if args.explain:
        head = f"== {name}\n" if many else ""
        return head + (explain(result) or "(nothing removed)")
    if args.format == "json":
        return as_json(result, source=name if many else None)
    if args.format == "jsonl":
        return as_json(result, source=name, indent=None)
    body = as_markdown(result) if args.format == "markdown" else as_text(result)
    return (f"== {name}\n" if many else "") + (body or f"(empty: {'; '.join(result.warnings)})")


def build_cleaner(args: argparse.Namespace) -> Cleaner:
    """The Cleaner the options ask for: the config file's, with --disable and --timeout on top."""
    config = load_config(args.config) if args.config else CleanerConfig()
    disabled = tuple(r.strip() for d in args.disable for r in d.split(",") if r.strip())
    limits = config.limits if args.timeout is None else replace(config.limits, timeout_s=args.timeout)
    return Cleaner(replace(config, disable=(*config.disable, *disabled), limits=limits))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    p = parser()
    args = p.parse_args(argv)
    if args.rules:
        print("\n".join(f"{r:<24} {rule(r).description}" for r in rule_ids()))
        return 0
    if not args.inputs:
        p.print_usage(sys.stderr)
        print("cleaner: error: give at least one FILE, DIR or -", file=sys.stderr)
        return 2
    try:
        now = parse_now(args.now)
    except ValueError:
        print(f"cleaner: error: --now {args.now!r} is not an ISO date-time", file=sys.stderr)
        return 2
    try:
        engine = build_cleaner(args)
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    names = list(expand(args.inputs))
    many = len(names) > 1 or len(args.inputs) > 1
    outputs: list[str] = []
    totals: Counter[str] = Counter()
    failed = 0
    for name in names:
        try:
            result = engine.clean(read(name), url=args.url, now=now, input_format=args.input_format)
        except OSError as exc:
            failed += 1
            print(f"cleaner: {name}: {exc.strerror or exc}", file=sys.stderr)
            continue
        except CleanerError as exc:
            failed += 1
            print(f"cleaner: {name}: {exc}", file=sys.stderr)
            continue
        totals.update(result.stats())
        outputs.append(render(result, args, name, many))
    try:
        if args.format == "json" and many and not args.explain:
            print("[" + ",\n".join(outputs) + "]")
        elif outputs:
            print(("\n" if args.format == "jsonl" else "\n\n").join(outputs))
    except BrokenPipeError:  # `cleaner … | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0
    if args.stats:
        print(json.dumps(dict(totals.most_common()), indent=1), file=sys.stderr)
    return 1 if failed else 0
