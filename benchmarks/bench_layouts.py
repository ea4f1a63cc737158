#!/usr/bin/env python3
"""Listing pages of generated layouts (issue 13 item 2): how many cleaner gets fully right.

The pages come from ``tests/layout_grammar.py`` (slot orders, stacked or one-line fields, fields
after the body, numbered items, missing fields, separators, cruft, six languages, absolute and
relative dates), drawn from ``random.Random`` so a seed gives the same pages everywhere. A page is
fully right when cleaner returns its item count and every item's body (F1 >= 0.95), title, source,
date (resolved against the grammar's fixed now) and category. It prints the rate overall and per
layout feature, then the most common failure classes with examples:

    python benchmarks/bench_layouts.py --pages 2000 --seed 0
    python benchmarks/bench_layouts.py --pages 300 --dump /tmp/layout_failures   # failing pages
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, find, settings
from hypothesis.errors import NoSuchExample
from layout_grammar import Page, Score, clean_page, layout_pages, page_for, score

EXAMPLES = 2


def run(pages: int, seed: int) -> list[tuple[int, Page, Score]]:
    """Generate and score every page; a page cleaner raises on counts as a failure class."""
    out: list[tuple[int, Page, Score]] = []
    for i in range(pages):
        page = page_for(seed, i)
        out.append((i, page, score(page, clean_page(page))))
    return out


def feature_table(rows: list[tuple[int, Page, Score]]) -> list[str]:
    """Fully-right rate per layout feature value, worst first within each feature."""
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for _, page, sc in rows:
        for feature in page.features:
            tally[feature][0] += 1
            tally[feature][1] += sc.fully_right
    lines = [f"{'feature':<26} {'pages':>6} {'fully right':>12}"]
    for name in sorted({f.split("=")[0] for f in tally}):
        values = sorted((f for f in tally if f.split("=")[0] == name), key=lambda f: tally[f][1] / tally[f][0])
        lines += [f"{f:<26} {tally[f][0]:>6} {tally[f][1] / tally[f][0]:>11.1%}" for f in values]
    return lines


def failure_table(rows: list[tuple[int, Page, Score]], top: int) -> list[str]:
    """Failure classes by the number of pages they occur on, with an example or two each."""
    pages_per: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for i, _, sc in rows:
        for cls in {f.cls for f in sc.failures}:
            pages_per[cls] += 1
            if len(examples[cls]) < EXAMPLES:
                examples[cls].append(f"page {i}: " + next(f.detail for f in sc.failures if f.cls == cls))
    lines = []
    for cls, n in pages_per.most_common(top):
        lines.append(f"{n:>5} pages  {cls}")
        lines += [f"             {e[:160]}" for e in examples[cls]]
    return lines


def field_rates(rows: list[tuple[int, Page, Score]]) -> str:
    """Per-field accuracy over the items of pages whose count is right."""
    checked: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for _, _, sc in rows:
        checked.update(sc.checked)
        right.update(sc.right)
    return "  ".join(f"{k} {right[k] / checked[k]:.1%}" for k in sorted(checked) if checked[k])


def dump(rows: list[tuple[int, Page, Score]], folder: Path) -> int:
    """Each failing page as ``NNNN.txt`` with ``NNNN.json`` (truth, features, failures)."""
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    for i, page, sc in rows:
        if sc.fully_right:
            continue
        n += 1
        (folder / f"{i:04d}.txt").write_text(page.text, encoding="utf-8")
        meta = {
            "features": sorted(page.features),
            "failures": [asdict(f) for f in sc.failures],
            "items": [asdict(it) for it in page.items],
        }
        (folder / f"{i:04d}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return n


def classes_of(page: Page) -> set[str]:
    return {f.cls for f in score(page, clean_page(page)).failures}


def shrunk(cls: str, fallback: Page) -> Page:
    """A small page of a failure class: hypothesis shrinks the grammar's random choices towards
    the fewest items, lines and options; the shortest page of the run if it finds none."""
    try:
        return find(
            layout_pages(),
            lambda p: cls in classes_of(p),
            settings=settings(max_examples=600, database=None, deadline=None, suppress_health_check=list(HealthCheck)),
        )
    except NoSuchExample:
        return fallback


def write_minimal(rows: list[tuple[int, Page, Score]], folder: Path, top: int, shrink: bool) -> list[str]:
    """One small example page per most common failure class, as ``NN.txt`` and ``NN.json``: the
    run's shortest page of the class, or a hypothesis-shrunk one (``shrink``, minutes per class)."""
    per: Counter[str] = Counter(c for _, _, sc in rows for c in {f.cls for f in sc.failures})
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for n, (cls, pages) in enumerate(per.most_common(top), 1):
        shortest = min((p for _, p, sc in rows if cls in {f.cls for f in sc.failures}), key=lambda p: len(p.text))
        page = shrunk(cls, shortest) if shrink else shortest
        sc = score(page, clean_page(page))
        meta = {
            "class": cls,
            "pages_of_run": pages,
            "features": sorted(page.features),
            "failures": [asdict(f) for f in sc.failures],
            "items": [asdict(it) for it in page.items],
        }
        (folder / f"{n:02d}.txt").write_text(page.text, encoding="utf-8")
        (folder / f"{n:02d}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
        lines.append(f"{n:02d}.txt  {cls}  ({len(page.text.splitlines())} lines)")
    return lines


def main() -> int:
    """Generate, score and print; exit 0 (a benchmark reports, it does not gate)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=15, help="failure classes to print")
    ap.add_argument("--dump", type=Path, help="write the failing pages to this directory")
    ap.add_argument("--minimal", type=Path, help="write a small example of each of the 5 commonest failure classes here")
    ap.add_argument("--shrink", action="store_true", help="with --minimal: shrink each example with hypothesis (slow)")
    args = ap.parse_args()
    start = time.perf_counter()
    rows = run(args.pages, args.seed)
    took = time.perf_counter() - start
    full = sum(sc.fully_right for _, _, sc in rows)
    counts = sum(not any(f.cls.startswith("count") for f in sc.failures) for _, _, sc in rows)
    print(f"{args.pages} pages (seed {args.seed}): fully right {full / len(rows):.1%}, item count right {counts / len(rows):.1%}")
    print(f"fields (pages with the right count): {field_rates(rows)}  [{len(rows) / took:.0f} pages/s]")
    print()
    print("\n".join(feature_table(rows)))
    print()
    print("\n".join(failure_table(rows, args.top)))
    if args.dump:
        print(f"\n{dump(rows, args.dump)} failing pages written to {args.dump}")
    if args.minimal:
        print(f"\nminimal examples in {args.minimal}:")
        print("\n".join(write_minimal(rows, args.minimal, 5, args.shrink)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
