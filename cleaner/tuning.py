"""The named thresholds in force for the page being cleaned (``rules/thresholds.toml``, overridden
by a config's ``[thresholds]``), in a context variable like the rule set and the deadline."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar

from cleaner.config import threshold_defaults

_THRESHOLDS: ContextVar[Mapping[str, float] | None] = ContextVar("cleaner_thresholds", default=None)


def threshold(name: str) -> float:
    """A named threshold's value for this page (KeyError for a name no data file declares)."""
    return (_THRESHOLDS.get() or threshold_defaults())[name]


def use(values: Mapping[str, float]) -> object:
    """Put ``values`` in force; returns the token :func:`reset` takes."""
    return _THRESHOLDS.set(values)


def reset(token: object) -> None:
    """Restore the thresholds in force before :func:`use`."""
    _THRESHOLDS.reset(token)  # type: ignore[arg-type]
