"""ETL throughput: docs/s of ``cleaner -f jsonl`` with 1 and 2 workers over a directory of >= 20k
HTML files built from the AEB and webpages pages of ../shared, peak RSS (the process and its
workers) after 5k and after all records, and trafilatura's own parallel CLI
(``trafilatura --input-dir --parallel``) on the same files, in one run.

    python benchmarks/throughput.py [--records 20000] [--trafilatura /path/to/venv/bin/trafilatura]

The 648 distinct pages are repeated to reach the count (files are symlinks): the engine's per-line
caches make a repeated page cheaper, so the docs/s is nearer the one-site than the many-sites figure.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import html_pages
from poisoned import tree_memory_kib


def build(directory: Path, n: int) -> int:
    """``n`` files named 00000.html … (symlinks to the distinct pages); returns the distinct count."""
    pages = html_pages()
    if directory.exists():
        shutil.rmtree(directory)
    (directory / "pages").mkdir(parents=True)
    distinct = directory / "distinct"
    distinct.mkdir()
    for i, (_, html) in enumerate(pages):
        (distinct / f"{i}.html").write_text(html, encoding="utf-8")
    for i in range(n):
        (directory / "pages" / f"{i:06d}.html").symlink_to(distinct / f"{i % len(pages)}.html")
    return len(pages)


def cleaner_run(pages: Path, out: Path, workers: int, checkpoint: int) -> dict[str, float]:
    """Run the CLI; docs/s, and the tree's peak RSS up to ``checkpoint`` output lines and overall."""
    command = [sys.executable, "-m", "cleaner", "-f", "jsonl", "-j", str(workers), str(pages)]
    start, peak, peak_at_checkpoint, lines, seen = time.monotonic(), 0, 0, 0, 0
    with out.open("wb") as sink, out.open("rb") as reader:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.DEVNULL)
        while proc.poll() is None:
            peak = max(peak, tree_memory_kib(proc.pid)[0])
            chunk = reader.read()
            seen += chunk.count(b"\n")
            if seen >= checkpoint and not peak_at_checkpoint:
                peak_at_checkpoint = peak
            time.sleep(0.25)
        lines = seen + reader.read().count(b"\n")
    seconds = time.monotonic() - start
    rss = {"rss_checkpoint": peak_at_checkpoint / 1024, "rss_peak": peak / 1024}
    return {"docs/s": lines / seconds, "seconds": seconds, "lines": lines, **rss}


def trafilatura_run(binary: str, pages: Path, out: Path, workers: int) -> dict[str, float]:
    """trafilatura's CLI over the same directory with ``--parallel``."""
    if out.exists():
        shutil.rmtree(out)
    start = time.monotonic()
    run = subprocess.run([binary, "--input-dir", str(pages), "--output-dir", str(out), "--parallel", str(workers)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False, text=True)
    seconds = time.monotonic() - start
    outputs = len(list(out.rglob("*.txt")))
    if outputs == 0:  # a broken peer install must not print as a fast peer
        raise SystemExit(f"trafilatura wrote nothing (exit {run.returncode}): {run.stderr.strip()[-400:]}")
    n = len(list(pages.iterdir()))
    return {"docs/s": n / seconds, "seconds": seconds, "outputs": outputs}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--records", type=int, default=20_000)
    p.add_argument("--checkpoint", type=int, default=5_000)
    p.add_argument("--trafilatura", default=shutil.which("trafilatura") or "/work/peervenv/bin/trafilatura")
    p.add_argument("--dir", type=Path, default=Path("/tmp/cleaner-throughput"))
    args = p.parse_args()
    distinct = build(args.dir, args.records)
    pages = args.dir / "pages"
    print(f"{args.records:,} HTML files from {distinct} distinct pages (AEB + webpages)")
    one = cleaner_run(pages, args.dir / "j1.jsonl", 1, args.checkpoint)
    two = cleaner_run(pages, args.dir / "j2.jsonl", 2, args.checkpoint)
    same = (args.dir / "j1.jsonl").read_bytes() == (args.dir / "j2.jsonl").read_bytes()
    for name, r in (("cleaner -j 1", one), ("cleaner -j 2", two)):
        print(f"{name}: {r['docs/s']:.1f} docs/s ({r['lines']:.0f} lines, {r['seconds']:.0f} s); peak RSS "
              f"{r['rss_checkpoint']:.0f} MiB after {args.checkpoint:,}, {r['rss_peak']:.0f} MiB after all")
    print(f"speed-up -j 2 / -j 1: {two['docs/s'] / one['docs/s']:.2f}x; outputs byte-identical: {same}")
    if Path(args.trafilatura).exists():
        t = trafilatura_run(args.trafilatura, pages, args.dir / "trafilatura", 2)
        print(f"trafilatura --parallel 2: {t['docs/s']:.1f} docs/s ({t['seconds']:.0f} s, {t['outputs']:.0f} outputs); "
              f"cleaner -j 2 / trafilatura: {two['docs/s'] / t['docs/s']:.2f}x")
    else:
        print(f"(no trafilatura at {args.trafilatura}: no peer figure)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
