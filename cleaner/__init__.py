"""cleaner: raw scraped page dumps (text or HTML) into clean articles with metadata.

>>> import cleaner
>>> result = cleaner.clean(open("page.txt", encoding="utf-8").read())
>>> [a.title for a in result.articles]
"""

from __future__ import annotations

from cleaner.errors import CleanerError, CleanTimeoutError, DecodeError, InputTooLargeError
from cleaner.model import Article, Block, CleanResult, Removal
from cleaner.pipeline import clean, rule_ids

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Block",
    "CleanResult",
    "CleanTimeoutError",
    "CleanerError",
    "DecodeError",
    "InputTooLargeError",
    "Removal",
    "__version__",
    "clean",
    "rule_ids",
]
