#!/usr/bin/env python3
"""Quality on the composed evaluation pages in ``benchmarks/pages/`` (listing and article dumps of
many layouts, written by people who had not seen the rules), scored the way the user's seeds are.

Each set is a directory of ``X.txt`` dumps with ``X.expected.json`` results in the seeds' format.
The score per set: pages fully right (the seeds' bar: body F1 >= 0.97, article count, metadata),
pages with the right article count, mean body F1 over the expected articles, and metadata fields
matched. It reuses ``../shared/eval/score_seeds.py`` for the matching, so the figures mean the
same as the seed score. Run it before and after a change to a pass:

    python benchmarks/bench_pages.py            # every set
    python benchmarks/bench_pages.py -v set3    # one set, page by page
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
from pathlib import Path
from types import ModuleType

PAGES = Path(__file__).resolve().parent / "pages"
SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score_seeds.py"
CMD = "cleaner --format json {path}"


def load_scorer() -> ModuleType:
    """The shared seed scorer, imported from ../shared (it is not a package)."""
    spec = importlib.util.spec_from_file_location("score_seeds", SCORER)
    if spec is None or spec.loader is None:
        raise SystemExit(f"scorer not found: {SCORER} (needs ../shared beside the clone)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(scorer: ModuleType, folder: Path, verbose: bool) -> dict[str, float]:
    """Aggregate figures for one set of pages."""
    f1s: list[float] = []
    meta_ok = meta_n = full = counts = pages = 0
    for page in sorted(folder.glob("*.txt")):
        pages += 1
        ok, lines = scorer.score(page, CMD, 0.97)
        full += ok
        if verbose:
            print("\n".join(lines))
        gold = json.loads(page.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
        try:
            preds = scorer.run(CMD, page).get("articles", [])
        except Exception as exc:  # a failed page scores zero; the run goes on
            print(f"{page.name}: failed: {exc}", file=sys.stderr)
            preds = []
        counts += len(preds) == len(gold["articles"])
        used: set[int] = set()
        for g in gold["articles"]:
            text = "\n".join(g["paragraphs"])
            scored = [(scorer.prf(p.get("text", ""), text)[2], j) for j, p in enumerate(preds) if j not in used]
            best, j = max(scored, default=(0.0, None))
            if j is not None:
                used.add(j)
            f1s.append(best)
            for gkey, pkey in scorer.META.items():
                if gkey in g:
                    meta_n += 1
                    meta_ok += scorer.meta_ok(g[gkey], preds[j].get(pkey) if j is not None else None)
    return {
        "pages": pages,
        "full": full,
        "counts": counts,
        "articles": len(f1s),
        "f1": statistics.mean(f1s) if f1s else 0.0,
        "meta": meta_ok / meta_n if meta_n else 1.0,
    }


def main() -> int:
    """Score every set (or the named ones) and print one line per set."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("sets", nargs="*", help="set directories under benchmarks/pages (default: all)")
    ap.add_argument("-v", "--verbose", action="store_true", help="print every page's score lines")
    args = ap.parse_args()
    scorer = load_scorer()
    folders = [PAGES / s for s in args.sets] if args.sets else sorted(p for p in PAGES.iterdir() if p.is_dir())
    print(f"{'set':16} {'pages':>5} {'right':>5} {'count':>5} {'articles':>8} {'body F1':>7} {'metadata':>8}")
    for folder in folders:
        r = score_set(scorer, folder, args.verbose)
        print(
            f"{folder.name:16} {r['pages']:5.0f} {r['full']:5.0f} {r['counts']:5.0f} {r['articles']:8.0f} "
            f"{r['f1']:7.3f} {r['meta']:8.3f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
