#!/usr/bin/env python3
"""Speed and quality of cleaner on text dumps, against peers measured in the same run.

Wraps ``../shared/eval/bench_html.py`` (the AEB pages, flattened to text the way a browser's
innerText is) and prints the cleaner/peer ratios it computes. Peers are optional: install them in
a throwaway venv (``pip install trafilatura boilerpy3 justext``) and name them with ``-s``.

    python benchmarks/bench_text.py                      # cleaner vs whole-page (the floor)
    python benchmarks/bench_text.py -s trafilatura -s boilerpipe --input html
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "shared" / "eval" / "bench_html.py"


def main() -> int:
    """Run the shared benchmark with cleaner first and print its table and ratio lines."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("-s", "--system", action="append", default=[], help="peer systems (default: whole-page)")
    ap.add_argument("--input", choices=["text", "html"], default="text")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    if not BENCH.exists():
        print(f"benchmark script not found: {BENCH} (needs ../shared beside the clone)", file=sys.stderr)
        return 2
    cmd = [sys.executable, str(BENCH), "--input", args.input, "-s", "cleaner"]
    for peer in args.system or ["whole-page"]:
        cmd += ["-s", peer]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    raise SystemExit(main())
