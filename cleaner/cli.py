"""The ``cleaner`` command: a thin shell over :mod:`cleaner.etl` (batch machinery lives there).

Exit status: 0 when every input was cleaned, 1 when some input failed (each failure is one line
on stderr, or an ``error`` record with ``--format jsonl``; the others are still written), 2 for
usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import replace

from cleaner import __version__
from cleaner.config import CleanerConfig, load_config
from cleaner.engine import Cleaner
from cleaner.errors import CleanerError
from cleaner.etl import DEFAULT_MAX_BYTES, DEFAULT_TIME_LIMIT_S, batch
from cleaner.pipeline import rule_ids
from cleaner.rules import rule


def parser() -> argparse.ArgumentParser:
    """The command line: inputs, output format, explain, rules to switch off, batch options."""
    p = argparse.ArgumentParser(prog="cleaner", description="Clean raw page dumps (text or HTML) into articles with metadata.")
    p.add_argument("inputs", nargs="*", help="files (.gz too), directories (their input files), JSONL, WARC, - for stdin")
    p.add_argument("-f", "--format", choices=["text", "markdown", "json", "jsonl"], default="text",
                   help="jsonl: one line per input record, schema cleaner.record/1 (docs/etl.md)")
    p.add_argument("--explain", action="store_true", help="list every removal: rule id, lines, start of the text, reason")
    p.add_argument("--stats", action="store_true", help="print counts per status, error type and rule, and timings (stderr)")
    p.add_argument("--stats-json", metavar="FILE", help="write the --stats summary to FILE as JSON")
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="RULE",
        help="switch off a rule id or namespace (repeatable, comma list)",
    )
    p.add_argument("--now", help="ISO date-time that relative dates ('3 days ago') are resolved against")
    p.add_argument("--url", help="the page's URL (page inputs)")
    p.add_argument("--input-format", choices=["auto", "text", "html", "jsonl", "warc"], default="auto",
                   help="page content (text, html) or container (jsonl, warc); auto: from the extension")
    p.add_argument("--field", help="JSONL: the field holding the page (default: the first of html, text, content)")
    p.add_argument("--id-field", help="JSONL: the field holding the record id (default: id, then url)")
    p.add_argument("-o", "--output-dir", metavar="DIR", help="write one output file per input file, mirroring relative names")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes (0: in this process, soft limit)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIME_LIMIT_S, metavar="SECONDS",
                   help="hard limit per record: its worker is killed and it counts as failed")
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES, metavar="N", help="records larger than this fail unread")
    p.add_argument("--progress", action="store_true", help="show a progress bar on stderr even when it is not a terminal")
    p.add_argument("--resume", action="store_true", help="with -o DIR and --format jsonl: skip ids already in the output")
    p.add_argument("--config", metavar="FILE", help="a TOML config (or a pyproject.toml with [tool.cleaner])")
    p.add_argument("--rules", action="store_true", help="list the rule ids and exit")
    p.add_argument("--version", action="version", version=f"cleaner {__version__}")
    return p


def parse_now(value: str | None) -> dt.datetime | None:
    """``--now`` as a datetime (naive values are taken as UTC)."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def usage_error(p: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The first thing wrong with the arguments, if any."""
    if not args.inputs:
        return "give at least one FILE, DIR or -"
    if args.jobs < 0:
        return "-j must be 0 or more"
    if args.resume and not (args.output_dir and args.format == "jsonl"):
        return "--resume needs -o DIR and --format jsonl"
    if args.timeout <= 0 or args.max_bytes <= 0:
        return "--timeout and --max-bytes must be positive"
    return None


def build_config(args: argparse.Namespace) -> CleanerConfig:
    """The config the options ask for: the file's, with --disable on top; compiled once here so a
    bad key or rule id is a usage error before any page is read."""
    config = load_config(args.config) if args.config else CleanerConfig()
    disabled = tuple(r.strip() for d in args.disable for r in d.split(",") if r.strip())
    config = replace(config, disable=(*config.disable, *disabled))
    Cleaner(config)
    return config


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; returns the exit status."""
    p = parser()
    args = p.parse_args(argv)
    if args.rules:
        print("\n".join(f"{r:<24} {rule(r).description}" for r in rule_ids()))
        return 0
    if problem := usage_error(p, args):
        p.print_usage(sys.stderr)
        print(f"cleaner: error: {problem}", file=sys.stderr)
        return 2
    try:
        now = parse_now(args.now)
    except ValueError:
        print(f"cleaner: error: --now {args.now!r} is not an ISO date-time", file=sys.stderr)
        return 2
    try:
        config = build_config(args)
    except CleanerError as exc:
        print(f"cleaner: error: {exc}", file=sys.stderr)
        return 2
    return batch.run(args, now, config)
