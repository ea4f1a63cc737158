"""The poisoned-corpus benchmark at CI size: 2,000 JSONL records (the fixtures' pages), 1 % of them
poisoned (binary, 50 MB, 100k-deep HTML and JSON, invalid UTF-8, empty, invalid JSON, regex bait,
a record sleeping past the limit): 2,000 output lines, each poison an error or empty record with
its reason, no hang, peak RSS under 500 MiB."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from corpus import fixture_dumps
from poisoned import LIMIT_MIB, build, check, run


def test_poisoned_corpus_2000(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus.jsonl", tmp_path / "out.jsonl"
    poisoned = build(corpus, 2000, fixture_dumps())
    assert len(poisoned) == 20
    kinds = {"huge", "binary", "nested-html", "nested-json", "invalid-utf8", "empty", "invalid-json", "regex-bait", "sleep"}
    assert set(Counter(poisoned.values())) == kinds
    status, seconds, peak_mib, _pss = run(corpus, out, workers=2, time_limit=2.0, hang_after=240)
    assert seconds < 240
    assert status == 1, "poisoned records errored, so the exit status is 1"
    assert check(out, 2000, poisoned) == []
    assert peak_mib < LIMIT_MIB
