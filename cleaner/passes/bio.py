"""The author's bio box under an article ("Jane Doe writes about policy from Washington.",
"About the author" and the lines under it): about the writer, not the story.

Three signals, none a phrase about jobs or beats: a paragraph that opens with the name of the
article's own author (as segmentation or a byline found it) and closes the story (in its last
half, no prose under it); a line holding only that name (or a person's name the byline
above printed too) over a short paragraph closing the story: a bio box with the name as its
heading; and a bio label's box (the label, the writer's
name and title lines, the first long line under it).
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.document import Document, Item, Proposal
from cleaner.features import norm_words, prose_score, words
from cleaner.metadata import is_outlet
from cleaner.model import Block
from cleaner.passes.base import removal
from cleaner.rules import pattern
from cleaner.tuning import threshold

RULE = "author.bio"
TAIL_GAP = 2  # lines under a bio that would hold the story going on (a share bar, a label)
BOX_LINES = 4  # a bio box's lines under its label: the name, a job title, a photo credit, the bio


def author_names(doc: Document, item: Item) -> list[str]:
    """The item's authors as normalised words: segmentation's header fields, then bylines the
    late passes read (hints)."""
    names = [*item.get_all("author"), *(h.value for h in doc.hints if h.key == "author" and item.start <= h.block_id < item.end)]
    return [n for n in dict.fromkeys(norm_words(x) for x in names) if n]


def opens_with_name(text: str, names: list[str]) -> bool:
    """Whether a paragraph opens with an author's full name, or with the first name alone when a
    lower-case word follows it (a verb: "Martin has worked", not "Martin Luther King")."""
    first = norm_words(" ".join(text.split()[:6]))
    rest = text.split()[1:2]
    for name in (n for n in names if " " in n):  # a person's name, not an outlet's ("CNN has …")
        given = name.split(" ", 1)[0]
        if (first + " ").startswith(name + " "):
            return True
        if len(given) >= 3 and first.startswith(given + " ") and rest and rest[0][:1].islower():
            return True
    return False


def _closes_story(alive: list[Block], k: int) -> bool:
    """Whether the paragraph at ``k`` is the story's last: no paragraph of prose right under it (a
    bio closes the article; a paragraph about the writer inside the story has the story below)."""
    return not any(_paragraph(b) and prose_score(b.text) > 0 for b in alive[k + 1 : k + 1 + TAIL_GAP])


def _paragraph(b: Block) -> bool:
    """A paragraph, however its capitals score (a bio is dense with names and titles)."""
    text = b.text.rstrip()
    return words(text) >= threshold("bio.min_words") and (prose_score(text) > 0 or text[-1:] in ".!?")


NAME_WORDS = 4  # a person's name line: "Isabella Beyer", "Anna Maria de Vries"


def _writer(doc: Document, alive: list[Block], b: Block, names: list[str]) -> bool:
    """Whether a line is the article's writer's name: one of its author names, or a person's
    name the page printed above the story's first paragraph (its byline) and nowhere inside the
    story (an interview's speaker label recurs between the answers; a table's label between
    its rows)."""
    own = norm_words(b.text)
    if own in names:
        return True
    if not pattern("person_name").fullmatch(b.text.strip()) or is_outlet(b.text.strip()) or " " not in own:
        return False
    first = next((x.id for x in alive if _paragraph(x)), b.id)
    copies = [x.id for x in doc.blocks[: b.id] if norm_words(x.text) == own]
    return bool(copies) and all(c < first for c in copies)


BIO_MAX_WORDS = 80  # a bio under a bare name is a few sentences; a longer paragraph is the story's


def _bare_name_bio(alive: list[Block], k: int) -> bool:
    """Whether the paragraph at ``k``, under a line holding only the author's name, is that
    author's bio: a short paragraph closing the story (the name line is the box's heading)."""
    b = alive[k]
    return _paragraph(b) and words(b.text) <= BIO_MAX_WORDS and _closes_story(alive, k)


def _tail_start(alive: list[Block]) -> int:
    """Index from which the region's last part begins: past ``bio.tail_share`` of its prose words
    (a writer's own name in the story's first part is the story's)."""
    total = sum(words(b.text) for b in alive if _paragraph(b))
    seen = 0
    for k, b in enumerate(alive):
        if seen >= threshold("bio.tail_share") * total:
            return k
        seen += words(b.text) if _paragraph(b) else 0
    return len(alive)


def _box_under_label(alive: list[Block], k: int) -> list[Block]:
    """A bio label's box: the lines under it (the name, a job title) down to and including the
    first long one."""
    box = [alive[k]]
    for b in alive[k + 1 : k + 1 + BOX_LINES]:
        box.append(b)
        if words(b.text) >= threshold("bio.min_words"):
            return box  # the first long line under the label is the bio, however it is punctuated
    return box[:1]  # no paragraph under it: only the label is the box's


class AuthorBioPass:
    """Removes the author's bio box under an article; listings are left alone (an item's first
    paragraph may well open with a name)."""

    rule_ids = (RULE,)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        if doc.listing:
            return
        for item in doc.items or (Item(0, len(doc.blocks)),):
            alive = doc.alive(item.start, item.end)
            names = author_names(doc, item)
            givens = tuple(n.split(" ", 1)[0] for n in names if " " in n)
            tail: int | None = None  # counted only once a paragraph opens with a name
            for k, b in enumerate(alive):
                if doc.hit(b).get(RULE):
                    yield removal(RULE, _box_under_label(alive, k), "author bio box")
                    continue
                if k + 1 < len(alive) and words(b.text) <= NAME_WORDS and _bare_name_bio(alive, k + 1):
                    tail = _tail_start(alive) if tail is None else tail
                    if k >= tail and _writer(doc, alive, b, names):
                        yield removal(RULE, alive[k : k + 2], "author bio: the author's name over a short bio")
                        continue
                if not givens or not b.text[:24].casefold().startswith(givens):
                    continue  # the cheap test first: most lines open with no author's name
                tail = _tail_start(alive) if tail is None else tail
                if k >= tail and _paragraph(b) and opens_with_name(b.text, names) and _closes_story(alive, k):
                    above = alive[k - 1] if k else None
                    box = [above] if above is not None and norm_words(above.text) in names else []
                    yield removal(RULE, [*box, b], "author bio: opens with the author's name")
