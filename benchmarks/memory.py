"""Bounded memory (issue 11): peak RSS of one process after cleaning 2,000 and 20,000 pages, with
every page made distinct so that the per-line caches fill up to their bounds instead of hitting
the same lines again (each line of copy ``n`` of a page ends in " ·n"; shapes stay as they were).
Done when the peak after 20k is no more than the peak after 2k plus 10 %.

    python benchmarks/memory.py [--pages 20000] [--checkpoint 2000]

Pages are the text dumps of ../shared (AEB and webpages), the library's main kind of input.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import text_dumps

import cleaner
from cleaner.errors import CleanerError

GROWTH = 0.10  # the allowed growth of the peak from the checkpoint to the end


def distinct(page: str, copy: int) -> str:
    """Copy ``copy`` of a page, every line of it new to the caches."""
    return "\n".join(f"{line} ·{copy}" if line.strip() else line for line in page.splitlines())


def peak_mib() -> float:
    """This process's peak resident set so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--pages", type=int, default=20_000)
    p.add_argument("--checkpoint", type=int, default=2_000)
    args = p.parse_args()
    dumps = [text for _, text in text_dumps()]
    start, at_checkpoint, errors = time.process_time(), 0.0, 0
    for i in range(args.pages):
        page = dumps[i % len(dumps)]
        try:
            cleaner.clean(distinct(page, i // len(dumps)), timeout=30.0)
        except CleanerError:
            errors += 1
        if i + 1 == args.checkpoint:
            at_checkpoint = peak_mib()
            print(f"{i + 1:,} pages: peak RSS {at_checkpoint:.0f} MiB", flush=True)
    end = peak_mib()
    growth = end / at_checkpoint - 1 if at_checkpoint else 0.0
    cpu = time.process_time() - start
    print(f"{args.pages:,} pages: peak RSS {end:.0f} MiB ({growth:+.1%} since {args.checkpoint:,}; limit +{GROWTH:.0%})")
    print(f"{errors} CleanerErrors; {args.pages / cpu:.1f} pages/s CPU")
    return 0 if growth <= GROWTH else 1


if __name__ == "__main__":
    sys.exit(main())
