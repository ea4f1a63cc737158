#!/usr/bin/env python3
"""Throughput of ``cleaner.clean`` on text dumps and HTML, one core, against trafilatura measured
in the same run on the same pages (a ratio, not an absolute target: machines here are shared).

    python benchmarks/bench_speed.py [--pages N] [--rounds R]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "aeb"
EVAL = DATA.parents[1] / "eval"
GOAL = 1000  # pages/s on one core, issue 3


def load(n: int) -> list[str]:
    """The first ``n`` AEB pages as HTML strings."""
    truth = json.loads((DATA / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:n]
    return [gzip.decompress((DATA / "html" / f"{k}.html.gz").read_bytes()).decode("utf-8", "replace") for k in keys]


def rate(fn: object, pages: list[str], rounds: int) -> tuple[float, float]:
    """Pages per second on the first pass (cold: every line is new to the per-line caches, as when
    a crawl covers many sites) and over ``rounds`` further passes (warm: lines seen before)."""
    call = fn  # type: ignore[assignment]
    start = time.perf_counter()
    for p in pages:
        call(p)  # type: ignore[operator]
    cold = len(pages) / (time.perf_counter() - start)
    start = time.perf_counter()
    for _ in range(rounds):
        for p in pages:
            call(p)  # type: ignore[operator]
    return cold, rounds * len(pages) / (time.perf_counter() - start)


def main() -> int:
    """Print pages/s for cleaner and trafilatura on text dumps and on HTML, and the ratios."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=181)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args()
    sys.path.insert(0, str(EVAL))
    from bench_html import dump_as_html, to_text_dump  # type: ignore[import-not-found]

    import cleaner

    html = load(args.pages)
    text = [to_text_dump(p) for p in html]
    results: dict[str, tuple[float, float]] = {
        "cleaner text": rate(cleaner.clean, text, args.rounds),
        "cleaner html": rate(cleaner.clean, html, args.rounds),
    }
    try:
        import trafilatura

        results["trafilatura text"] = rate(trafilatura.extract, [dump_as_html(t) for t in text], args.rounds)
        results["trafilatura html"] = rate(trafilatura.extract, html, args.rounds)
    except ImportError:
        print("(trafilatura not installed: no peer ratio)")
    print(f"{'':<18} {'cold':>8} {'warm':>8}  pages/s (goal for text dumps: {GOAL:,})")
    for name, (cold, warm) in results.items():
        print(f"{name:<18} {cold:8.1f} {warm:8.1f}")
    for kind in ("text", "html"):
        if f"trafilatura {kind}" in results:
            mine, peer = results[f"cleaner {kind}"], results[f"trafilatura {kind}"]
            print(f"cleaner/trafilatura {kind}: speed ratio {mine[0] / peer[0]:.2f} cold, {mine[1] / peer[1]:.2f} warm")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
