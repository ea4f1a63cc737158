"""The throughput benchmark runs end to end at a tiny size: it builds its directory of pages from
../shared, runs the real CLI with one worker and counts one output line per file. (Its figures are
measured outside CI; this keeps the script from rotting, as an import rename once broke it.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.mark.skipif(not (SHARED / "data" / "aeb").is_dir(), reason="needs ../shared")
def test_throughput_benchmark_small(tmp_path: Path) -> None:
    from throughput import build, cleaner_run

    distinct = build(tmp_path, 12)
    assert distinct > 12
    result = cleaner_run(tmp_path / "pages", tmp_path / "out.jsonl", workers=1, checkpoint=6)
    assert result["lines"] == 12
    assert result["rss_peak"] > 0
