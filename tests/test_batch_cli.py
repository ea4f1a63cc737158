"""The batch side of the ``cleaner`` command: .gz, directories with -o, JSONL, WARC, stdin, the
JSONL record schema, -j determinism, --stats-json, --resume and the exit status."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner
from cleaner.cli import main
from cleaner.etl.worker import HOOK_ENV, HOOK_PREFIX

REPO = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((REPO / "docs" / "schema" / "record-1.json").read_text(encoding="utf-8"))
DEMO = (REPO / "fixtures" / "demo_listing" / "input.txt").read_text(encoding="utf-8")
PAGES = sorted(p for p in (REPO / "fixtures").glob("*/input.*"))[:8]


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def validate(records: list[dict[str, object]]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    for rec in records:
        jsonschema.validate(rec, SCHEMA)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def test_gz_directory_mirrors_names_under_output_dir(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.html.gz").write_bytes(gzip.compress(PAGES[0].read_bytes()))
    (src / "sub" / "b.txt.gz").write_bytes(gzip.compress(DEMO.encode("utf-8")))
    out = tmp_path / "out"
    assert main(["-o", str(out), str(src)]) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.txt", "sub/b.txt"]
    from cleaner.render import as_text

    assert (out / "sub" / "b.txt").read_text(encoding="utf-8") == as_text(cleaner.clean(DEMO)) + "\n"
    assert (out / "a.txt").read_text(encoding="utf-8") == as_text(cleaner.clean(PAGES[0].read_bytes())) + "\n"


def test_jsonl_input_gives_one_schema_line_per_record(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[object] = [
        {"id": "demo", "text": DEMO, "url": "https://agg.example.org/"},
        {"url": "https://x.example.org/2", "content": ""},
        "{not json",
        {"id": 7, "html": None},
        {"id": "no-field"},
        [1, 2],
    ]
    path = write_jsonl(tmp_path / "pages.jsonl", rows)
    assert main(["-f", "jsonl", str(path)]) == 1  # some records errored; the output is complete all the same
    out = lines(capsys.readouterr().out)
    validate(out)
    assert [r["id"] for r in out] == ["demo", "https://x.example.org/2", "pages.jsonl:3", "7", "no-field", "pages.jsonl:6"]
    assert [r["status"] for r in out] == ["ok", "empty", "error", "error", "error", "error"]
    errors = [r["error"]["type"] for r in out if isinstance(r["error"], dict)]
    assert errors == ["JSONDecodeError", "InvalidRecord", "InvalidRecord", "InvalidRecord"]
    demo = cleaner.clean(DEMO, url="https://agg.example.org/")
    assert out[0]["articles"] == [a.to_dict() for a in demo.articles]
    assert out[0]["removals"] == demo.stats()
    assert out[0]["url"] == "https://agg.example.org/"
    assert out[1]["reason"] == "input holds no text"


def test_field_and_id_field_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "p.ndjson", [{"key": "k1", "id": "ignored", "html": "<p>x</p>", "body": DEMO}])
    assert main(["-f", "jsonl", "--field", "body", "--id-field", "key", str(path)]) == 0
    (rec,) = lines(capsys.readouterr().out)
    assert rec["id"] == "k1"
    assert rec["articles"] == [a.to_dict() for a in cleaner.clean(DEMO).articles]


def test_stdin_jsonl_gz(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    data = gzip.compress((json.dumps({"id": "s", "text": DEMO}) + "\n").encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))  # type: ignore[arg-type]
    assert main(["-f", "jsonl", "--input-format", "jsonl", "-"]) == 0
    (rec,) = lines(capsys.readouterr().out)
    assert rec["id"] == "s" and rec["status"] == "ok"


def test_warc_gz_html_responses(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warcio = pytest.importorskip("warcio")
    from warcio.statusandheaders import StatusAndHeaders

    html = PAGES[0].read_bytes() if PAGES[0].suffix == ".html" else f"<html><body><p>{DEMO}</p></body></html>".encode()
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as f:
        writer = warcio.warcwriter.WARCWriter(f, gzip=True)
        responses = [
            ("https://a.example.org/", "text/html; charset=utf-8", html),
            ("https://a.example.org/i.png", "image/png", b"\x89PNG"),
        ]
        for uri, ctype, body in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
    assert main(["-f", "jsonl", str(path)]) == 0
    (rec,) = lines(capsys.readouterr().out)  # the image response is no page
    validate([rec])
    assert rec["url"] == "https://a.example.org/"
    assert str(rec["id"]).startswith("<urn:uuid:")
    assert rec["articles"] == [a.to_dict() for a in cleaner.clean(html, url="https://a.example.org/").articles]


def test_j1_and_j2_give_identical_bytes(tmp_path: Path) -> None:
    rows = [{"id": p.parent.name, "html": p.read_text(encoding="utf-8", errors="replace")} for p in PAGES] * 3
    path = write_jsonl(tmp_path / "pages.jsonl", rows)
    # a generous limit: on a loaded machine the default could turn a slow record into an error line
    command = [sys.executable, "-m", "cleaner", "-f", "jsonl", "--timeout", "300", str(path), "-j"]
    runs = [subprocess.run([*command, j], capture_output=True, check=True, timeout=600).stdout for j in ("1", "2", "2")]
    assert runs[0] == runs[1] == runs[2]
    assert len(runs[0].splitlines()) == len(rows)


def test_resume_skips_ids_already_written(tmp_path: Path) -> None:
    rows = [{"id": f"r{i}", "text": DEMO.replace("Finance", f"Finance {i}")} for i in range(6)]
    path = write_jsonl(tmp_path / "pages.jsonl", rows)
    out = tmp_path / "out"
    assert main(["-f", "jsonl", "-o", str(out), str(path)]) == 0
    full = (out / "pages.jsonl").read_text(encoding="utf-8")
    kept = full.splitlines(keepends=True)
    (out / "pages.jsonl").write_text("".join(kept[:3]) + kept[3][:40], encoding="utf-8")  # killed mid-line
    assert main(["-f", "jsonl", "-o", str(out), "--resume", str(path)]) == 0
    assert (out / "pages.jsonl").read_text(encoding="utf-8") == full


def test_hard_timeout_error_record_and_stats_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(HOOK_ENV, "1")
    rows = [{"id": "a", "text": DEMO}, {"id": "slow", "text": (HOOK_PREFIX + b"sleep:60").decode()}, {"id": "b", "text": DEMO}]
    path = write_jsonl(tmp_path / "pages.jsonl", rows)
    stats = tmp_path / "stats.json"
    assert main(["-f", "jsonl", "--timeout", "1", "--stats-json", str(stats), str(path)]) == 1
    captured = capsys.readouterr()
    out = lines(captured.out)
    assert [(r["id"], r["status"]) for r in out] == [("a", "ok"), ("slow", "error"), ("b", "ok")]
    message = "stopped after the time limit of 1 s (worker process killed and replaced)"
    assert out[1]["error"] == {"type": "CleanTimeoutError", "message": message}
    assert "1 of 3 records failed" in captured.err
    summary = json.loads(stats.read_text(encoding="utf-8"))
    assert summary["records"] == 3 and summary["status"] == {"error": 1, "ok": 2}
    assert summary["errors"] == {"CleanTimeoutError": 1}
    rules = summary["rules"]
    for rule, count in cleaner.clean(DEMO).stats().items():
        assert rules[rule] == {"blocks": 2 * count, "records": 2}
    stages = summary["seconds_by_stage"]
    assert {"ingest", "classification", "segmentation", "metadata", "related.block"} <= set(stages)
    assert all(isinstance(v, float) and v >= 0 for v in stages.values())
    assert list(stages.values()) == sorted(stages.values(), reverse=True)


def test_progress_bar_goes_to_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_jsonl(tmp_path / "pages.jsonl", [{"id": "a", "text": DEMO}])
    assert main(["-f", "jsonl", "--progress", str(path)]) == 0
    captured = capsys.readouterr()
    assert "1rec" in captured.err.replace(" ", "") or "1/" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_resume_needs_output_dir_and_jsonl(tmp_path: Path) -> None:
    assert main(["--resume", str(tmp_path)]) == 2
