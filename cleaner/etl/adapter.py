"""The one place the batch layer calls the engine: ``Cleaner(config).clean``, built and warmed
once per worker; nothing else in ``cleaner.etl`` names the engine."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from cleaner.config import CleanerConfig
from cleaner.engine import Cleaner
from cleaner.model import CleanResult

CleanFn = Callable[[str | bytes, str | None], CleanResult]


def make_clean_fn(
    config: CleanerConfig | None, now: dt.datetime | None, input_format: str, soft_timeout: float | None
) -> CleanFn:
    """A cleaning function built once per worker. ``soft_timeout`` lets the engine stop itself
    (its deadline is checked inside every stage); the pool's hard limit covers anything else."""
    base = config or CleanerConfig()
    limits = base.limits if soft_timeout is None else replace(base.limits, timeout_s=soft_timeout)
    engine = Cleaner(replace(base, limits=limits)).warm()

    def run(raw: str | bytes, url: str | None) -> CleanResult:
        return engine.clean(raw, url=url, now=now, input_format=input_format)

    return run
