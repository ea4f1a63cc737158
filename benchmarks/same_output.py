#!/usr/bin/env python3
"""Whether a change keeps cleaner's output identical: dump the JSON of ``clean()`` for every page
we have (fixtures, benchmarks/pages, the seeds, AEB and webpages as HTML and as text dumps) into a
directory, then diff two such directories.

    python benchmarks/same_output.py dump DIR      # one JSON file per page
    python benchmarks/same_output.py diff DIR_A DIR_B

A page that takes longer than ``--timeout`` seconds is recorded as a timeout, not waited for (a
backtracking pattern can run for hours), so a dump always finishes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


class PageTimeout(Exception):
    """Raised from the alarm handler when one page runs past its limit."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def _text_dump(html: str) -> str:
    """The text dump bench_html.py makes of an HTML page (its innerText)."""
    sys.path.insert(0, str(SHARED / "eval"))
    import bench_html

    return str(bench_html.to_text_dump(html))


def _local_pages() -> Iterator[tuple[str, str, str]]:
    """Fixtures, composed benchmark pages and seeds: (name, raw text, url)."""
    for path in sorted(ROOT.glob("fixtures/*/input.*")):
        yield f"fixture-{path.parent.name}", path.read_text(encoding="utf-8"), ""
    for path in sorted(ROOT.glob("benchmarks/pages/*/*.txt")):
        yield f"bench-{path.parent.name}-{path.stem}", path.read_text(encoding="utf-8"), ""
    for path in sorted(SHARED.glob("seeds/*.txt")):
        yield f"seed-{path.stem}", path.read_text(encoding="utf-8"), ""


def _aeb_pages() -> Iterator[tuple[str, str, str]]:
    """AEB pages, each as HTML and as its text dump."""
    data = SHARED / "data" / "aeb"
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        url = str(truth[key].get("url", ""))
        yield f"aeb-html-{key}", html, url
        yield f"aeb-text-{key}", _text_dump(html), url


def _webpages() -> Iterator[tuple[str, str, str]]:
    """The real webpages, each as HTML and as its text dump (decoded as bench_webpages.py does)."""
    data = SHARED / "data" / "webpages"
    truth = json.loads((data / "truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / truth[key]["file"]).read_bytes())
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("cp1252", errors="replace")
        url = str(truth[key].get("url", key))
        stem = str(truth[key]["file"]).removesuffix(".gz").removesuffix(".html")
        yield f"web-html-{stem}", html, url
        yield f"web-text-{stem}", _text_dump(html), url


def _clean_json(raw: str, url: str, timeout: float) -> str:
    """The JSON of one page's result, or a record of the failure or timeout."""
    import cleaner
    from cleaner.render import as_json

    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return as_json(cleaner.clean(raw, url=url if url.startswith("http") else None))
    except PageTimeout:
        return json.dumps({"timeout": timeout})
    except Exception as exc:
        return json.dumps({"error": type(exc).__name__, "message": str(exc)})
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def dump(out: Path, timeout: float) -> int:
    """Write one JSON file per page; print the count and the slow pages."""
    signal.signal(signal.SIGALRM, _alarm)
    out.mkdir(parents=True, exist_ok=True)
    count = 0
    for source in (_local_pages, _aeb_pages, _webpages):
        for name, raw, url in source():
            start = time.perf_counter()
            (out / f"{name}.json").write_text(_clean_json(raw, url, timeout), encoding="utf-8")
            took = time.perf_counter() - start
            if took > 2:
                print(f"slow: {name} {took:.1f} s", file=sys.stderr)
            count += 1
    print(f"{count} pages dumped to {out}")
    return 0


def diff(a: Path, b: Path) -> int:
    """Count identical, changed and missing pages between two dumps; name the changed ones."""
    names_a = {p.name for p in a.glob("*.json")}
    names_b = {p.name for p in b.glob("*.json")}
    changed = sorted(n for n in names_a & names_b if (a / n).read_bytes() != (b / n).read_bytes())
    for name in changed:
        print(f"changed: {name}")
    for name in sorted(names_a ^ names_b):
        print(f"only in {'A' if name in names_a else 'B'}: {name}")
    same = len(names_a & names_b) - len(changed)
    print(f"{same} identical, {len(changed)} changed, {len(names_a ^ names_b)} missing")
    return 1 if changed or names_a ^ names_b else 0


def main() -> int:
    """Parse the command line and run ``dump`` or ``diff``."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--timeout", type=float, default=20.0)
    f = sub.add_parser("diff")
    f.add_argument("a", type=Path)
    f.add_argument("b", type=Path)
    args = ap.parse_args()
    if args.cmd == "dump":
        return dump(args.out, args.timeout)
    return diff(args.a, args.b)


if __name__ == "__main__":
    sys.exit(main())
