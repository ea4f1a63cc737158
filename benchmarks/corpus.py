"""Pages for the ETL benchmarks: the AEB and webpages HTML of ../shared, and their text dumps
(flattened the way ../shared/eval/bench_html.py does, the project's main kind of input)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
HTML_DIRS = (SHARED / "data" / "aeb" / "html", SHARED / "data" / "webpages" / "html")
CACHE = Path("/tmp/cleaner-bench-dumps.json")


def html_pages() -> list[tuple[str, str]]:
    """(name, html) of every shared page, AEB first, sorted by name."""
    files = [f for d in HTML_DIRS for f in sorted(d.glob("*.html.gz"))]
    if not files:
        sys.exit(f"no pages under {SHARED}/data: the benchmarks need ../shared")
    return [(f.name.removesuffix(".html.gz"), gzip.decompress(f.read_bytes()).decode("utf-8", "replace")) for f in files]


def text_dumps() -> list[tuple[str, str]]:
    """(name, text dump) of every shared page; cached in /tmp (flattening takes a while)."""
    if CACHE.exists():
        return [(n, t) for n, t in json.loads(CACHE.read_text(encoding="utf-8"))]
    sys.path.insert(0, str(SHARED / "eval"))
    from bench_html import to_text_dump

    dumps = [(name, to_text_dump(html)) for name, html in html_pages()]
    CACHE.write_text(json.dumps(dumps), encoding="utf-8")
    return dumps


def fixture_dumps() -> list[tuple[str, str]]:
    """(name, text) of the repo's own fixture inputs: small, always there (the CI version)."""
    files = sorted((REPO / "fixtures").glob("*/input.*"))
    return [(f.parent.name, f.read_text(encoding="utf-8", errors="replace")) for f in files]
