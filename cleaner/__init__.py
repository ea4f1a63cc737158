"""cleaner: raw scraped page dumps (text or HTML) into clean articles with metadata.

>>> import cleaner
>>> result = cleaner.clean(open("page.txt", encoding="utf-8").read())
>>> [a.title for a in result.articles]
"""

from __future__ import annotations

from cleaner.config import CleanerConfig, DomainOverlay, Limits, load_config
from cleaner.engine import Cleaner, clean
from cleaner.errors import CleanerError, CleanTimeoutError, ConfigError, DecodeError, InputTooLargeError, WorkerStartError
from cleaner.model import Article, Block, CleanResult, Removal
from cleaner.pipeline import rule_ids

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "CleanResult",
    "CleanTimeoutError",
    "Cleaner",
    "CleanerConfig",
    "CleanerError",
    "ConfigError",
    "DecodeError",
    "DomainOverlay",
    "InputTooLargeError",
    "Limits",
    "Removal",
    "WorkerStartError",
    "__version__",
    "clean",
    "load_config",
    "rule_ids",
]
