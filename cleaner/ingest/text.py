"""Text dumps into blocks: one block per non-blank line, with the blank lines before it counted,
and long lines cut at inline boundaries that a flattened page hides inside one line.

Flattening glues things together: a live blog's "Tom Watling28 May 2025 12:30" stamp sits inside
the text between two posts, a video carousel runs on in the same line as the article, a doubled
title is followed by the body on the same line. Cutting there (never removing anything) lets the
passes remove exactly the cruft piece and lets each live-blog post become its own paragraph.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner import deadline
from cleaner.model import Block
from cleaner.rules import compile_safe, compile_safe_regex, pattern

SENTENCE_BREAK = frozenset(".!?'\"”’)]")
GLUED_NAME = compile_safe_regex(r"\p{Ll}\d")
DIGIT = compile_safe(r"\d")
MIN_SPLIT_WORDS = 12  # shorter lines are left whole: there is nothing inline to cut from


def _stamp_cuts(line: str) -> Iterator[int]:
    """Cut before and after every live-blog stamp that starts a new post (line start, or after a
    sentence end, or glued to the previous word as flattening leaves it)."""
    for m in pattern("liveblog_stamp").finditer(line):
        start = m.start()
        before = line[:start].rstrip()
        named = GLUED_NAME.search(m.group()) is not None  # "Watling28 May": flattening's mark
        if not named and before and before[-1] not in SENTENCE_BREAK:
            continue
        yield start
        yield m.end()


def _video_cuts(line: str) -> Iterator[int]:
    """Cut around "00:51 - Source: CNN" stamps and after "11 videos" counters."""
    for m in pattern("video_stamp").finditer(line):
        yield m.start()
        yield m.end()
    for m in pattern("video_count").finditer(line):
        yield m.end()


HEADER_MARKS = frozenset("|·•–—-/:")  # a separator after a heading: a header line, not body text
RUN_ON_WORDS = 15
WORD_GLUE = frozenset("’'-")  # the line's word goes on past the previous line: no heading ends there


def _doubled_title(previous: str, line: str) -> bool:
    """The line repeats the previous line (a heading: no sentence end) and the body runs on: not
    a separator ("Title | Section | Site" is a header line of its own, not a heading glued to text)."""
    return (
        len(previous) >= 3
        and previous[-1] not in ".!?"
        and len(line) > len(previous) + 20
        and line.startswith(previous)
        and line[len(previous) :].lstrip()[:1] not in HEADER_MARKS
        and line[len(previous) : len(previous) + 1] not in WORD_GLUE  # "South Korea" / "South Korea’s Ministry …"
        and _runs_on(line[len(previous) :])
    )


def _runs_on(rest: str) -> bool:
    """Body text after a doubled heading: sentences, or at least a paragraph's length. A short
    unpunctuated rest is a longer title that starts with the line above ("Acme Corp" / "Acme Corp
    Awards $2M in Grants")."""
    rest = rest.strip()
    return rest[-1:] in ".!?…\"”’'»)" or len(rest.split()) >= RUN_ON_WORDS


def cut_points(line: str, previous: str | None) -> list[int]:
    """Every offset where the line should be cut into pieces (sorted, inside the line)."""
    cuts: set[int] = set()
    if len(line.split()) >= MIN_SPLIT_WORDS:
        if DIGIT.search(line):  # every stamp and counter holds a digit: most lines skip the patterns
            cuts.update(_stamp_cuts(line))
            cuts.update(_video_cuts(line))
        if previous is not None and _doubled_title(previous, line):
            cuts.add(len(previous))
    return sorted(c for c in cuts if 0 < c < len(line))


def split_line(line: str, previous: str | None) -> list[str]:
    """The line's pieces, stripped, empty ones dropped."""
    pieces: list[str] = []
    start = 0
    for cut in [*cut_points(line, previous), len(line)]:
        piece = line[start:cut].strip()
        if piece:
            pieces.append(piece)
        start = cut
    return pieces


def text_to_blocks(text: str) -> list[Block]:
    """One block per non-blank line (or per inline piece of a long line), in order."""
    blocks: list[Block] = []
    gap = 0
    previous: str | None = None
    for lineno, raw in enumerate(text.split("\n"), start=1):
        tokens = raw.split()
        if not tokens:
            gap += 1
            previous = None  # a doubled title repeats the line right above it, not one across a blank line
            continue
        line = " ".join(tokens)
        if len(tokens) < MIN_SPLIT_WORDS:  # short lines hold nothing to cut: the common case
            blocks.append(Block(len(blocks), line, lineno, 0, gap))  # positional: kwargs cost on every line
        else:
            deadline.check("ingest")  # long lines are the costly ones: the check rides with them
            for part, piece in enumerate(split_line(line, previous)):
                blocks.append(Block(len(blocks), piece, lineno, part, gap if part == 0 else 0))
        previous = line
        gap = 0
    return blocks
