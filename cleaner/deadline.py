"""The page's deadline, checked wherever work can grow with the page: between passes and inside
segmentation's loops. Kept in a context variable so a ``clean()`` call in one thread never sees
another's deadline, and so loops deep in segmentation need no extra argument."""

from __future__ import annotations

import time
from contextvars import ContextVar

from cleaner.errors import CleanTimeoutError

_DEADLINE: ContextVar[float | None] = ContextVar("cleaner_deadline", default=None)


def start(seconds: float | None) -> object:
    """Set the deadline ``seconds`` from now (None: no deadline); returns the token for :func:`stop`."""
    return _DEADLINE.set(None if seconds is None else time.monotonic() + seconds)


def stop(token: object) -> None:
    """Restore the deadline in force before :func:`start`."""
    _DEADLINE.reset(token)  # type: ignore[arg-type]


def check(where: str) -> None:
    """Raise CleanTimeoutError when the page is past its deadline; ``where`` names the stage."""
    limit = _DEADLINE.get()
    if limit is not None and time.monotonic() > limit:
        raise CleanTimeoutError(f"cleaning took longer than allowed (stopped in {where})")
