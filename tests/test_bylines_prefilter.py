"""The byline prefilter (``byline_key``) only spares lines the scan would not read as a byline:
on every line of the fixtures and of the real pages in ../shared, the filtered and the full scan
agree. A pack that adds a byline opener to ``byline_scan`` and forgets ``byline_key`` fails here."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator

from conftest import FIXTURES, SHARED

from cleaner import bylines
from cleaner.ingest.html import html_to_blocks
from cleaner.rules import pattern

WEBPAGES = SHARED / "data" / "webpages"
MAX_PAGES = 160  # of the 467 real pages: enough shapes and languages, a few seconds


def corpus_lines() -> Iterator[str]:
    """Every line of the fixtures' inputs and of a sample of the real pages (as HTML blocks)."""
    for path in sorted(FIXTURES.glob("*/input.*")):
        yield from path.read_text(encoding="utf-8", errors="replace").splitlines()
    truth = json.loads((WEBPAGES / "truth.json").read_text(encoding="utf-8")) if WEBPAGES.is_dir() else {}
    for key in sorted(truth)[:MAX_PAGES]:
        html = gzip.decompress((WEBPAGES / "html" / truth[key]["file"]).read_bytes()).decode("utf-8", "replace")
        yield from (b.text for b in html_to_blocks(html))


def test_prefilter_drops_no_byline() -> None:
    lines = set(corpus_lines())
    found = {line for line in lines if bylines.scan_authors(line) is not None}
    assert len(found) > 50  # the corpus does hold bylines, in several packs' words
    assert {line for line in found if bylines.line_authors(line) is None} == set()


def test_prefilter_spares_most_lines() -> None:
    """The point of it: most lines never meet the scan."""
    lines = list(set(corpus_lines()))[:5000]
    keyed = [line for line in lines if pattern("byline_key").search(line)]
    assert len(keyed) < len(lines) / 3


def test_each_pack_opener_passes_the_prefilter() -> None:
    """One byline in each pack's words, through the prefilter and the scan."""
    for line, name in [("By Jane Doe", "Jane Doe"), ("Von Hans Meier", "Hans Meier"), ("Por Ana García", "Ana García"),
                       ("Par Loïc Le Clerc", "Loïc Le Clerc"), ("Di Marco Rossi", "Marco Rossi"),
                       ("Door Jan Jansen", "Jan Jansen"), ("Autor: Gàbor Muniér", "Gàbor Muniér"), ("ByJane Doe", "Jane Doe")]:
        assert bylines.line_authors(line) == name, line
