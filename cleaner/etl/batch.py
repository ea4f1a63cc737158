"""The CLI's batch run: inputs → records → ``clean_many`` → sinks, each result written when ready.

``cleaner.cli`` parses the arguments and calls :func:`run`; all of the machinery is here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from cleaner.config import CleanerConfig
from cleaner.etl import clean_many
from cleaner.etl.output import DirSink, StreamSink, done_ids, output_path
from cleaner.etl.readers import ReadOptions, Source, expand, read_source
from cleaner.etl.records import Record, RecordResult
from cleaner.etl.stats import Stats


def records(sources: list[Source], options: ReadOptions, url: str | None) -> Iterator[Record]:
    """Every record of every source in order; ``--url`` names the page of a page input."""
    for source in sources:
        for record in read_source(source, options):
            yield replace(record, url=url) if url and source.kind == "page" and record.url is None else record


def skip_done(items: Iterable[Record], directory: Path, fmt: str) -> Iterator[Record]:
    """``--resume``: leave out records whose id is already in their output file."""
    seen: dict[Path, set[str]] = {}
    for record in items:
        path = output_path(directory, record.source, fmt)
        if path not in seen:
            seen[path] = done_ids(path)
        if record.id not in seen[path]:
            yield record


def progress(results: Iterator[RecordResult], show: bool, total: int | None) -> Iterator[RecordResult]:
    """A bar on stderr (tqdm) when asked for or when stderr is a terminal."""
    if not show:
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, unit="rec", file=sys.stderr, dynamic_ncols=True, mininterval=0.5))


def run(args: argparse.Namespace, now: dt.datetime | None, config: CleanerConfig) -> int:
    """Clean every input; the exit status is 1 when any record errored (the output is complete)."""
    sources = list(expand(args.inputs, args.input_format))
    many = len(sources) > 1 or len(args.inputs) > 1 or any(s.kind != "page" for s in sources)
    options = ReadOptions(args.field, args.id_field, args.max_bytes)
    items: Iterable[Record] = records(sources, options, args.url)
    outdir = Path(args.output_dir) if args.output_dir else None
    if args.resume and outdir is not None:
        items = skip_done(items, outdir, args.format)
    sink: DirSink | StreamSink
    if outdir is not None:
        containers = frozenset(s.name for s in sources if s.kind != "page")
        sink = DirSink(outdir, args.format, args.explain, args.resume, containers)
    else:
        sink = StreamSink(sys.stdout, args.format, args.explain, many)
    engine_format = args.input_format if args.input_format in ("text", "html") else "auto"
    results = clean_many(
        items, workers=args.jobs, time_limit_s=args.timeout, max_bytes=args.max_bytes,
        config=config, now=now, input_format=engine_format, keep_blocks=args.explain or args.format == "json",
    )
    total = len(sources) if all(s.kind == "page" for s in sources) else None
    stats = Stats()
    try:
        for r in progress(results, args.progress or sys.stderr.isatty(), total):
            stats.add(r)
            sink.write(r)
            if r.status == "error" and args.format != "jsonl":
                print(f"cleaner: {r.id}: {r.error}", file=sys.stderr)
        sink.close()
    except BrokenPipeError:  # `cleaner … | head` closed the pipe: not an error of ours
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:  # the daemonic workers are stopped as the command exits
        sink.close()
        print("cleaner: interrupted; the output holds the records finished so far", file=sys.stderr)
        return 130
    report(stats, args)
    return 1 if stats.status["error"] else 0


def report(stats: Stats, args: argparse.Namespace) -> None:
    """``--stats`` to stderr, ``--stats-json FILE``; a one-line error count for JSONL runs."""
    summary = stats.as_dict()
    if args.stats:
        print(json.dumps(summary, indent=1), file=sys.stderr)
    if args.stats_json:
        Path(args.stats_json).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    errors = stats.status["error"]
    if errors and args.format == "jsonl":
        print(f"cleaner: {errors} of {summary['records']} records failed (status \"error\" in the output)", file=sys.stderr)
