"""Metadata as facts: every candidate for a field, with where it was found, and one resolver.

Segmentation, passes, the byline scan, the page's head metadata (HTML) and its masthead all
state facts; none of them writes an Article field. ``resolve`` picks each field from its facts by
the precedence declared in ``rules/precedence.toml``, so the order is data a user can read and
tune, and ``--explain`` can say which source each field came from.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources

MULTI = frozenset({"authors", "categories"})  # fields that keep every value of the winning source


@dataclass(frozen=True, slots=True)
class Fact:
    """One candidate value for a metadata field: ``source`` names what found it (``header``,
    ``byline``, ``meta:og:title``, ``jsonld:author``…); ``block_id`` is -1 for page-level facts."""

    field: str
    value: str
    source: str
    block_id: int = -1


@dataclass(frozen=True, slots=True)
class Resolved:
    """A field's chosen value(s) and the source they came from."""

    values: tuple[str, ...]
    source: str


@functools.cache
def precedence() -> Mapping[str, tuple[str, ...]]:
    """Each field's sources, strongest first (``rules/precedence.toml``)."""
    text = resources.files("cleaner.rules").joinpath("precedence.toml").read_text(encoding="utf-8")
    table = tomllib.loads(text).get("precedence", {})
    return {str(k): tuple(str(s) for s in v) for k, v in table.items()}


def resolve(facts: Iterable[Fact]) -> dict[str, Resolved]:
    """Per field, the value of its strongest source (every value of it for authors and
    categories, in page order, without repeats). Empty values never count."""
    by_field: dict[str, dict[str, list[str]]] = {}
    for f in facts:
        if f.value.strip():
            by_field.setdefault(f.field, {}).setdefault(f.source, []).append(f.value.strip())
    out: dict[str, Resolved] = {}
    for name, sources in by_field.items():
        for source in precedence().get(name, ()):
            if values := sources.get(source):
                chosen = tuple(dict.fromkeys(values)) if name in MULTI else (values[0],)
                out[name] = Resolved(chosen, source)
                break
    return out


def ranked(facts: Iterable[Fact], name: str) -> list[tuple[str, str]]:
    """Every (value, source) of one field, strongest source first (in page order within a source): the
    next candidates when the winner cannot be read ("Hier" won, "17. Februar 2020" is next)."""
    by_source: dict[str, list[str]] = {}
    for f in facts:
        if f.field == name and f.value.strip():
            by_source.setdefault(f.source, []).append(f.value.strip())
    return [(v, source) for source in precedence().get(name, ()) for v in by_source.get(source, [])]
