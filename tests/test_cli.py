"""The real ``cleaner`` command, run as ``python -m cleaner`` and as the installed console script."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import fixture_dirs, fixture_input

import cleaner
from cleaner.render import as_text, explain

TITLE = "Harbour wall repairs begin in Eastcombe after winter storms"
BODY = [
    "Work to repair the harbour wall at Eastcombe began on Monday, more than four months after a series of winter "
    "storms tore a hole in its seaward face.",
    "The district council said contractors would spend the summer rebuilding a forty metre stretch of the wall, "
    "which protects the fishing fleet and a row of cottages on the quay.",
    "Fishermen said the damage had forced them to moor their boats in a neighbouring village since January, adding "
    "an hour to every trip to sea.",
    "“We are glad to see the diggers at last,” said Peter Lowe, who has fished out of Eastcombe for thirty years. "
    "“The winter was long and the repairs are overdue.”",
    "The council expects the work to cost about two million pounds, most of it paid by a national coastal resilience fund.",
]
COOKIE = "We value your privacy"
PAGE = "\n".join(
    [
        COOKIE,
        "We and our partners use cookies to store and access information on your device.",
        "Accept all",
        "Reject all",
        "Eastcombe Gazette",
        "Home",
        "News",
        "Sport",
        "Weather",
        TITLE,
        "By Jane Tester",
        "3 days ago",
        *BODY,
        "Related articles",
        "Storm damage closes coastal path near Westcombe",
        "Council approves new sea defences for Porthmere",
        "Terms",
        "Privacy",
    ]
)
ARTICLE_FIELDS = {
    *("text", "title", "sitename", "publisher", "authors", "date_raw", "date", "categories", "language", "url"),
    *("date_updated_raw", "date_updated"),
}


def _console_script() -> str | None:
    """The installed ``cleaner`` script: on PATH, or beside this interpreter (an unactivated venv)."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    return shutil.which("cleaner", path=search)


@pytest.fixture(params=["python-m", "console-script"])
def command(request: pytest.FixtureRequest) -> list[str]:
    if request.param == "python-m":
        return [sys.executable, "-m", "cleaner"]
    script = _console_script()
    if script is None:
        pytest.skip("the cleaner console script is not installed on PATH")
    return [script]


def run(command: list[str], *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*command, *args],
        input=stdin.decode("utf-8") if stdin is not None else None,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        stdin=None if stdin is not None else subprocess.DEVNULL,
    )
    return proc


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_text_output(command: list[str], page: Path) -> None:
    proc = run(command, str(page))
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.splitlines()[0] == TITLE
    assert "Jane Tester" in out.splitlines()[1]
    for para in BODY:
        assert para in out
    for cruft in (COOKIE, "Accept all", "Related articles", "Storm damage closes coastal path"):
        assert cruft not in out


def test_text_output_on_a_fixture_matches_the_api(command: list[str]) -> None:
    dirs = fixture_dirs()
    if not dirs:
        pytest.skip("no fixtures yet")
    path = fixture_input(dirs[0])
    proc = run(command, str(path))
    assert proc.returncode == 0, proc.stderr
    expected = as_text(cleaner.clean(path.read_bytes()))
    assert expected, f"{path} cleans to nothing"
    assert proc.stdout.rstrip("\n") == expected


def test_json_output(command: list[str], page: Path) -> None:
    proc = run(command, "--format", "json", str(page))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert {"kind", "articles", "removals"} <= set(doc)
    assert doc["kind"] == "article"
    assert len(doc["articles"]) == 1
    art = doc["articles"][0]
    assert set(art) >= ARTICLE_FIELDS, ARTICLE_FIELDS - set(art)
    assert art["title"] == TITLE
    assert art["authors"] == ["Jane Tester"]
    assert art["date_raw"] == "3 days ago"
    assert art["date"] is None  # relative date, no --now
    assert art["text"] == "\n\n".join(BODY)
    assert art["paragraphs"] == BODY
    assert isinstance(art["categories"], list)
    assert art["url"] is None
    assert doc["removals"], "the cookie banner, menu and related block should be removals"
    for r in doc["removals"]:
        assert {"rule", "blocks", "reason"} <= set(r)
        assert r["rule"] in cleaner.rule_ids()
    assert "consent.cookie-banner" in {r["rule"] for r in doc["removals"]}


def first_json_article(command: list[str], *args: str) -> dict[str, object]:
    """Run the command with --format json; it must succeed. Its first article."""
    proc = run(command, "--format", "json", *args)
    assert proc.returncode == 0, proc.stderr
    article: dict[str, object] = json.loads(proc.stdout)["articles"][0]
    return article


def test_url_option_fills_url_and_sitename(command: list[str], page: Path) -> None:
    art = first_json_article(command, "--url", "https://news.example.org/a/1", str(page))
    assert art["url"] == "https://news.example.org/a/1"
    assert art["sitename"] == "news.example.org"


def test_stdin_dash(command: list[str], page: Path) -> None:
    from_stdin = run(command, "--format", "json", "-", stdin=PAGE.encode("utf-8"))
    from_file = run(command, "--format", "json", str(page))
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)
    assert json.loads(from_stdin.stdout)["articles"][0]["title"] == TITLE


def test_directory_gives_json_array_with_sources(command: list[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "b.txt").write_text(PAGE.replace("Eastcombe", "Westcombe"), encoding="utf-8")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")  # not a page suffix: skipped
    proc = run(command, "--format", "json", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    docs = json.loads(proc.stdout)
    assert isinstance(docs, list)
    assert [Path(d["source"]).relative_to(tmp_path).as_posix() for d in docs] == ["a.txt", "sub/b.txt"]
    assert [d["articles"][0]["title"] for d in docs] == [TITLE, TITLE.replace("Eastcombe", "Westcombe")]
    assert all(d["kind"] == "article" for d in docs)


def test_explain_one_line_per_removal(command: list[str], page: Path) -> None:
    proc = run(command, "--explain", str(page))
    assert proc.returncode == 0, proc.stderr
    result = cleaner.clean(PAGE.encode("utf-8"))
    lines = proc.stdout.rstrip("\n").splitlines()
    removal_lines, field_lines = lines[: len(result.removals)], lines[len(result.removals) :]
    for line, removal in zip(removal_lines, result.removals, strict=True):
        assert line.split()[0] == removal.rule
    assert [line.split()[0] for line in field_lines] == [f"field:{name}" for name, _ in result.articles[0].sources]
    assert any(line.startswith("field:title") and "from " in line for line in field_lines)
    assert proc.stdout.rstrip("\n") == explain(result)
    cookie_lines = [line for line in lines if line.startswith("consent.cookie-banner")]
    assert cookie_lines and COOKIE in cookie_lines[0]


def test_disable_brings_a_removed_phrase_back(command: list[str], page: Path) -> None:
    normal = run(command, str(page))
    assert COOKIE not in normal.stdout
    # main.boilerplate is switched off too, so the general heuristic cannot take over the removal.
    back = run(command, "--disable", "consent.cookie-banner", "--disable", "main.boilerplate", str(page))
    assert back.returncode == 0, back.stderr
    assert COOKIE in back.stdout
    explained = run(command, "--explain", "--disable", "consent.cookie-banner,main.boilerplate", str(page))
    assert "consent.cookie-banner" not in explained.stdout
    assert "main.boilerplate" not in explained.stdout
    assert "related.block" in explained.stdout  # other rules still on


def test_now_resolves_relative_date(command: list[str], page: Path) -> None:
    art = first_json_article(command, "--now", "2025-06-10T12:00:00", str(page))
    assert art["date_raw"] == "3 days ago"
    assert art["date"] == "2025-06-07"


def test_no_arguments_is_usage_error(command: list[str]) -> None:
    proc = run(command)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "usage" in proc.stderr.lower()


def test_bad_now_is_usage_error(command: list[str], page: Path) -> None:
    proc = run(command, "--now", "next tuesday", str(page))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "--now" in proc.stderr


def test_missing_file_fails_but_others_are_printed(command: list[str], page: Path, tmp_path: Path) -> None:
    missing = tmp_path / "does-not-exist.txt"
    proc = run(command, str(missing), str(page))
    assert proc.returncode == 1
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1, proc.stderr
    assert "does-not-exist.txt" in err[0]
    assert TITLE in proc.stdout
    assert BODY[0] in proc.stdout


def test_binary_input_is_one_line_error(command: list[str], tmp_path: Path) -> None:
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00" + bytes(200))
    proc = run(command, str(png))
    assert proc.returncode == 1
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1, proc.stderr
    assert "image.txt" in err[0]
    assert "Traceback" not in proc.stderr
    assert proc.stdout.strip() == ""


def test_empty_file_is_empty_result(command: list[str], tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    proc = run(command, "--format", "json", str(empty))
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["kind"] == "empty"
    assert doc["articles"] == []
    assert doc["warnings"], "an empty result must say why"


def test_rules_lists_rule_ids(command: list[str]) -> None:
    proc = run(command, "--rules")
    assert proc.returncode == 0, proc.stderr
    ids = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    assert "consent.cookie-banner" in ids
    assert ids == cleaner.rule_ids()


def test_version(command: list[str]) -> None:
    proc = run(command, "--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"cleaner {cleaner.__version__}"


def test_now_date_is_relative_to_given_moment() -> None:
    """The --now parser takes naive values as UTC, like the fixtures' "now"."""
    from cleaner.cli import parse_now

    assert parse_now("2025-06-10T12:00:00") == dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC)
    assert parse_now("2025-06-10T12:00:00Z") == dt.datetime(2025, 6, 10, 12, tzinfo=dt.UTC)
    assert parse_now(None) is None
