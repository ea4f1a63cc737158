"""The only exceptions ``clean()`` raises: input it cannot read at all. Anything else (no article,
only cruft) is an ``empty`` result with a reason, so one bad record never kills a batch."""

from __future__ import annotations


class CleanerError(Exception):
    """Base class: catch this to handle every failure of cleaner itself."""


class DecodeError(CleanerError):
    """Bytes that are not text in any encoding we can detect (binary data, images, archives)."""


class InputTooLargeError(CleanerError):
    """Input larger than the configured limit; cleaning it would exhaust memory or time."""


class CleanTimeoutError(CleanerError):
    """Cleaning took longer than the configured deadline."""


class ConfigError(CleanerError, ValueError):
    """A configuration that cannot be used: an unknown key or rule id, a wrong type, a pattern that
    fails to compile or could run in more than linear time. The message names the key."""


class UnsafePatternError(ConfigError):
    """A pattern (shipped or from a config) that could backtrack super-linearly on some line,
    refused at load: one such pattern once stalled a page for hours."""


class WorkerStartError(CleanerError):
    """A batch's worker processes die before they can clean anything (a broken install, a
    cache that cannot be read): no record is to blame, so the batch stops with this error."""
