"""Is this input HTML or a text dump? Decided on a prefix with two regexes, because the answer picks the
whole ingest path and must be cheap even for huge inputs, yet must not mistake "a < b" or
<me@example.com> in a plain dump for markup."""

from __future__ import annotations

import re

from cleaner.rules import compile_safe

_PREFIX = 5000
# Unmistakable document structure.
_STRUCTURE = compile_safe(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.IGNORECASE)
# Common tags, whole and well-formed: a name from a fixed list, then attributes or the closing bracket.
_TAG = compile_safe(
    r"<(/?)(?:p|div|br|span|a|li|ul|ol|table|tr|td|th|h[1-6]|img|section|article|header|footer|nav|"
    r"main|aside|blockquote|pre|em|strong|b|i|script|style|meta|link|figure|form|input|button)"
    r"(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)
_CHARS_PER_TAG = 400  # a fragment needs at least one tag per this many characters


def looks_like_html(text: str) -> bool:
    """True for HTML markup (a document or a fragment), False for a plain text dump."""
    prefix = text[:_PREFIX]
    if _STRUCTURE.search(prefix):
        return True
    tags = closing = 0
    for match in _TAG.finditer(prefix):
        tags += 1
        closing += bool(match.group(1)) or match.group(0)[:3].lower() == "<br"
    return tags >= 2 and closing >= 1 and tags * _CHARS_PER_TAG >= len(prefix.strip())
