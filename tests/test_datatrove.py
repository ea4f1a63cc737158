"""cleaner.integrations.datatrove: a JsonlReader → CleanerStep → JsonlWriter pipeline on a small JSONL."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import clean
from cleaner.integrations.datatrove import CleanerStep

REPO = Path(__file__).resolve().parent.parent
DEMO = (REPO / "fixtures" / "demo_listing" / "input.txt").read_text(encoding="utf-8")
BINARY = "\x00\x01\x02PNG" * 50


def run_pipeline(tmp_path: Path, keep_failed: bool) -> list[dict[str, object]]:
    src = tmp_path / "in"
    src.mkdir()
    rows = [{"id": "demo", "html": DEMO}, {"id": "blank", "html": "   "}, {"id": "junk", "html": BINARY}]
    (src / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / ("kept" if keep_failed else "out")
    steps = [
        JsonlReader(str(src), text_key="html", id_key="id"),
        CleanerStep(time_limit_s=10, keep_failed=keep_failed),
        JsonlWriter(str(out), output_filename="${rank}.jsonl.gz"),
    ]
    LocalPipelineExecutor(pipeline=steps, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    with gzip.open(out / "00000.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def test_step_cleans_documents_and_drops_failures(tmp_path: Path) -> None:
    docs = run_pipeline(tmp_path, keep_failed=False)
    expected = clean(DEMO).articles
    assert [d["id"] for d in docs] == ["demo"]
    assert docs[0]["text"] == "\n\n".join(a.text for a in expected)
    meta = docs[0]["metadata"]
    assert isinstance(meta, dict)
    assert meta["cleaner_status"] == "ok"
    assert meta["title"] == expected[0].title
    assert meta["n_articles"] == 4


def test_step_keeps_failures_with_their_reason(tmp_path: Path) -> None:
    docs = {d["id"]: d for d in run_pipeline(tmp_path, keep_failed=True)}
    assert list(docs) == ["demo", "blank", "junk"]
    blank, junk = docs["blank"]["metadata"], docs["junk"]["metadata"]
    assert isinstance(blank, dict) and isinstance(junk, dict)
    assert blank["cleaner_status"] == "empty" and blank["cleaner_reason"]
    assert junk["cleaner_status"] in ("error", "empty") and junk["cleaner_reason"]
