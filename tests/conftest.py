"""Shared paths and fixtures for the cleaner test suite."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "fixtures"
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SCORE_SEEDS = SHARED / "eval" / "score_seeds.py"


def fixture_dirs() -> list[Path]:
    """Every fixture directory that has an expected.json right now (fixtures are added over time)."""
    return sorted(p.parent for p in FIXTURES.glob("*/expected.json"))


def fixture_input(directory: Path) -> Path:
    """The one input file of a fixture directory (input.txt, input.html, ...)."""
    inputs = sorted(p for p in directory.glob("input.*") if p.is_file())
    if len(inputs) != 1:
        pytest.fail(f"fixture {directory.name}: expected exactly one input.* file, found {[p.name for p in inputs]}")
    return inputs[0]


def load_expected(directory: Path) -> dict[str, Any]:
    """A fixture's expected.json; a fixture that does not parse fails its own test, not collection."""
    try:
        data = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        pytest.fail(f"fixture {directory.name}: expected.json is unreadable: {exc}")
    if not isinstance(data, dict):
        pytest.fail(f"fixture {directory.name}: expected.json is not a JSON object")
    return data


def parse_now(value: str | None) -> dt.datetime | None:
    """A fixture's "now" (ISO 8601, naive taken as UTC, like the CLI's --now) or None."""
    if value is None:
        return None
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@pytest.fixture
def shared_seeds() -> Path:
    """../shared/seeds beside the repo; tests that need it skip when the checkout has no shared/."""
    if not SEEDS.is_dir() or not any(SEEDS.glob("*.txt")):
        pytest.skip(f"seed pages not available: {SEEDS} is missing or has no *.txt (needs ../shared beside the repo)")
    if not SCORE_SEEDS.is_file():
        pytest.skip(f"seed scorer not available: {SCORE_SEEDS} is missing")
    return SEEDS
