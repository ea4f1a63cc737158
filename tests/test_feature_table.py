"""The page's feature table answers as the per-line helpers do: for the page's own blocks from
its columns (each filled once, when first asked), for a block made up on the way (same id, other
text) by computing; outside a ``clean()`` call there is no table, and a call that fails leaves
none behind."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner
from cleaner import features
from cleaner.density import region_values
from cleaner.errors import CleanerError
from cleaner.features import (
    block_anchor,
    block_date_line,
    block_value,
    feature_table,
    headline_credit,
    is_date_line,
    page_table,
    text_value,
)
from cleaner.ingest.text import text_to_blocks
from cleaner.model import Block

ROOT = Path(__file__).resolve().parents[1]
PAGE = "\n".join(
    [
        "Harbour council approves the new ferry timetable",
        "By Jane Hill",
        "Published May 28, 2025 12:30 BST",
        "3 hours ago",
        "The council approved the timetable on Tuesday after a long debate about the winter crossings.",
        "Tramway Reopens — The Herald Courier, 3 May",
        "Menu",
        "Menu",
    ]
)


def _with_table(blocks: list[Block]) -> features.FeatureTable:
    table = feature_table(blocks)
    token = features.use_table(table)
    try:
        for b in blocks:
            assert block_date_line(b) == is_date_line(b.text)
            assert block_anchor(b) == (is_date_line(b.text) or headline_credit(b.text) is not None)
            assert block_value(b) == text_value(b.text)
        assert region_values(blocks, frozenset({1})) == _untabled(blocks, frozenset({1}))
    finally:
        features.drop_table(token)
    return table


def _untabled(blocks: list[Block], removed: frozenset[int]) -> list[float]:
    assert page_table() is not None
    token = features._PAGE.set(None)
    try:
        return region_values(blocks, removed)
    finally:
        features._PAGE.reset(token)


def test_the_table_answers_as_the_helpers() -> None:
    blocks = text_to_blocks(PAGE)
    table = _with_table(blocks)
    assert table.date_line[2] is True and table.date_line[3] is True and table.date_line[4] is False
    assert table.anchor[5] is True  # a headline with its credit
    assert all(v is not None for v in table.value)


def test_a_column_fills_only_where_it_is_asked() -> None:
    blocks = text_to_blocks(PAGE)
    table = feature_table(blocks)
    token = features.use_table(table)
    try:
        assert block_date_line(blocks[2])
    finally:
        features.drop_table(token)
    assert table.date_line[2] is True
    assert table.date_line[0] is None and table.anchor[2] is None and table.value[2] is None


def test_a_block_made_up_on_the_way_is_computed() -> None:
    """Same id as a page block, other text (a title cut out of a line): not read from the table."""
    blocks = text_to_blocks(PAGE)
    table = feature_table(blocks)
    made = Block(2, "Harbour council approves", 3)
    token = features.use_table(table)
    try:
        assert not table.mine(made)
        assert block_date_line(made) is False and table.date_line[2] is None
        assert block_value(made) == text_value(made.text)
        assert not table.mine(Block(99, "3 hours ago", 99))
    finally:
        features.drop_table(token)


def test_the_fixtures_read_the_same_with_and_without_the_table() -> None:
    for path in sorted(ROOT.glob("fixtures/*/input.txt"))[:40]:
        _with_table(text_to_blocks(path.read_text(encoding="utf-8")))


def test_no_table_outside_a_call_nor_after_one_that_fails() -> None:
    assert page_table() is None
    cleaner.clean(PAGE)
    assert page_table() is None
    with pytest.raises(CleanerError):
        cleaner.clean(PAGE, timeout=1e-9)
    assert page_table() is None
