"""The one place the batch layer calls the engine.

When ``cleaner.Cleaner``/``CleanerConfig`` land, :func:`make_clean_fn` becomes
``Cleaner(config).clean``; nothing else in ``cleaner.etl`` names the engine.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from cleaner.model import CleanResult
from cleaner.pipeline import clean

CleanFn = Callable[[str | bytes, str | None], CleanResult]


@dataclass(frozen=True, slots=True)
class InterimConfig:
    """Stand-in for ``CleanerConfig`` until it exists: the rules switched off."""

    disable: tuple[str, ...] = ()


def make_clean_fn(config: object | None, now: dt.datetime | None, input_format: str, soft_timeout: float | None) -> CleanFn:
    """A cleaning function built once per worker. ``soft_timeout`` lets the engine stop itself
    between passes; the worker pool's hard limit covers a pass that never returns."""
    disable = tuple(getattr(config, "disable", ()) or ())

    def run(raw: str | bytes, url: str | None) -> CleanResult:
        return clean(raw, url=url, now=now, input_format=input_format, disable=disable, timeout=soft_timeout)

    return run
