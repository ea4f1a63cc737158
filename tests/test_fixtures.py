"""Golden tests: every fixtures/<name>/ (input.* + expected.json) is cleaned and compared.

The fixture list is read at collection time, so fixtures added later are picked up without
touching this file. Each test gathers every mismatch of its fixture before failing, so one run
shows the whole diff (paragraphs, metadata, removals) instead of the first problem only.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import fixture_dirs, fixture_input, load_expected, parse_now

import cleaner
from cleaner import CleanResult

DIRS = fixture_dirs()
# Expected-article keys compared verbatim with the Article attribute of the same name.
PLAIN_META = ("title", "sitename", "publisher", "date_raw", "date", "language", "url")


def removed_texts(result: CleanResult) -> list[tuple[str, str]]:
    """(rule id, removed text) for every removal of a result."""
    return [(r.rule, " ".join(result.blocks[i].text for i in r.block_ids)) for r in result.removals]


def article_texts(result: CleanResult) -> list[str]:
    return [a.text for a in result.articles]


def paragraph_diff(expected: list[str], got: list[str]) -> str:
    """A unified diff of two paragraph lists, one paragraph per line."""
    lines = difflib.unified_diff(expected, got, fromfile="expected paragraphs", tofile="got paragraphs", lineterm="", n=1)
    return "\n".join(lines)


def rules_removing(result: CleanResult, substring: str) -> list[str]:
    """The rule ids whose removed text contains the substring."""
    return [rule for rule, text in removed_texts(result) if substring in text]


def check_article(i: int, want: dict[str, Any], got: cleaner.Article, problems: list[str]) -> None:
    """Compare one expected article (paragraphs and every metadata key it names) with the result."""
    if "paragraphs" in want and list(got.paragraphs) != want["paragraphs"]:
        problems.append(f"article #{i}: paragraphs differ:\n{paragraph_diff(want['paragraphs'], list(got.paragraphs))}")
    for key in PLAIN_META:
        if key in want and getattr(got, key) != want[key]:
            problems.append(f"article #{i}: {key}: expected {want[key]!r}, got {getattr(got, key)!r}")
    if "authors" in want and list(got.authors) != want["authors"]:
        problems.append(f"article #{i}: authors: expected {want['authors']!r}, got {list(got.authors)!r}")
    if "categories" in want:
        cats = list(got.categories)
        wanted = want["categories"]
        if isinstance(wanted, str):
            if wanted not in cats:
                problems.append(f"article #{i}: categories: expected {wanted!r} among them, got {cats!r}")
        elif cats != wanted:
            problems.append(f"article #{i}: categories: expected {wanted!r}, got {cats!r}")
    unknown = set(want) - {"paragraphs", "authors", "categories", *PLAIN_META}
    if unknown:
        problems.append(f"article #{i}: fixture names keys the Article does not have: {sorted(unknown)}")


def run_fixture(directory: Path, disable: tuple[str, ...] = ()) -> tuple[dict[str, Any], CleanResult]:
    expected = load_expected(directory)
    raw = fixture_input(directory).read_bytes()
    return expected, cleaner.clean(raw, now=parse_now(expected.get("now")), disable=disable)


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_fixture(directory: Path) -> None:
    expected, result = run_fixture(directory)
    problems: list[str] = []

    if result.kind != expected["kind"]:
        problems.append(f"kind: expected {expected['kind']!r}, got {result.kind!r} (warnings: {list(result.warnings)})")
    want_articles = expected.get("articles", [])
    if len(result.articles) != len(want_articles):
        titles = [a.title for a in result.articles]
        problems.append(f"article count: expected {len(want_articles)}, got {len(result.articles)} (titles {titles})")
    for i, (want, got) in enumerate(zip(want_articles, result.articles, strict=False)):
        check_article(i, want, got, problems)

    known = set(cleaner.rule_ids())
    texts = article_texts(result)
    for rule, substrings in expected.get("removed_by", {}).items():
        if rule not in known:
            problems.append(f"removed_by names {rule!r}, which is not a rule id (known: {sorted(known)})")
        for s in substrings:
            if not any(r == rule and s in text for r, text in removed_texts(result)):
                by = rules_removing(result, s) or "no rule"
                where = "still in the article text" if any(s in t for t in texts) else f"removed by {by}"
                problems.append(f"removed_by {rule}: {s!r} was not removed by {rule}; it is {where}")
            elif any(s in t for t in texts):
                problems.append(f"removed_by {rule}: {s!r} was removed, yet it also appears in the article text")
    for s in expected.get("kept", []):
        if not any(s in t for t in texts):
            by = rules_removing(result, s)
            problems.append(f"kept: {s!r} is in no article's text" + (f" (removed by {by})" if by else ""))

    assert not problems, f"{directory.name}: {expected.get('description', '')}\n" + "\n".join(problems)


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_fixture_rules_do_their_removals(directory: Path) -> None:
    """Switching a rule off must change the outcome for its phrases: each rule in removed_by really
    did (some of) its removals, and nothing else would have removed all of them the same way."""
    expected, baseline = run_fixture(directory)
    removed_by: dict[str, list[str]] = expected.get("removed_by", {})
    if not removed_by:
        pytest.skip("fixture names no removed_by rules")
    problems: list[str] = []
    for rule, substrings in removed_by.items():
        own = [s for s in substrings if any(r == rule and s in t for r, t in removed_texts(baseline))]
        if not own:
            problems.append(f"{rule}: removed none of {substrings!r} in the normal run, so switching it off proves nothing")
            continue
        _, result = run_fixture(directory, disable=(rule,))
        leaked = sorted({r.rule for r in result.removals if r.rule == rule})
        if leaked:
            problems.append(f"{rule}: still emitted removals with disable=[{rule!r}]")
        texts = article_texts(result)
        changed = [s for s in own if any(s in t for t in texts) or any(r != rule and s in t for r, t in removed_texts(result))]
        if not changed:
            outcome = json.dumps({s: rules_removing(result, s) for s in own}, ensure_ascii=False)
            problems.append(
                f"{rule}: with it disabled none of {own!r} is back in the text or removed by another rule ({outcome})"
            )
    assert not problems, f"{directory.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("directory", DIRS, ids=[d.name for d in DIRS])
def test_fixture_output_cleans_to_itself(directory: Path) -> None:
    """Idempotence on every fixture: each article's clean text, cleaned again, keeps its
    paragraphs (a listing item's one teaser cut short by "…" included)."""
    result = cleaner.clean(fixture_input(directory).read_bytes())
    for article in result.articles:
        again = cleaner.clean(article.text)
        assert [p for a in again.articles for p in a.paragraphs] == list(article.paragraphs), article.title
