"""Line passes driven by phrase lists: a line that *is* a known piece of cruft ("Share this
article", "No comments yet...", "Listen to article") is removed under its rule id.

Whole-line matches are trusted. Phrase and pattern matches inside a longer line are trusted only
when the line is not sandwiched between prose paragraphs: that is how an article *about* cookies,
which says "accept cookies" mid-story, keeps its text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from cleaner.document import Document, Proposal
from cleaner.features import block_date_line, classify, prose_score, words
from cleaner.model import Block
from cleaner.passes.base import removal, runs
from cleaner.rules import Rule, is_bullet, pattern, rule
from cleaner.tuning import threshold

LONG_NEIGHBOUR_WORDS = 20


def _prose_neighbour(block: Block | None) -> bool:
    if block is None or words(block.text) < LONG_NEIGHBOUR_WORDS:
        return False
    return prose_score(block.text) > threshold("phrases.prose_neighbour")


def sandwiched(alive: list[Block], i: int) -> bool:
    """True when the block at ``i`` sits between two prose paragraphs: body text, not a widget."""
    before = alive[i - 1] if i > 0 else None
    after = alive[i + 1] if i + 1 < len(alive) else None
    return _prose_neighbour(before) and _prose_neighbour(after)


def line_matches(r: Rule, alive: list[Block], i: int, hit: Mapping[str, bool] | None = None) -> bool:
    """Whether the rule's data names this line as cruft in its context."""
    text = alive[i].text
    exact = (classify(text) if hit is None else hit).get(r.id)
    if exact is None:
        return False
    return exact or words(text) <= threshold("phrases.guard_words") or not sandwiched(alive, i)


def fill_gaps(flags: list[bool], alive: list[Block], prose: bool) -> None:
    """Lines between two matches of one rule, at most the ``phrases.max_fill`` threshold apart, are part of the same widget
    (a consent wall's explanations between its heading and its buttons). Only rules whose data
    says so fill across long prose lines; two copies of one line are not a widget's two ends but
    a control each item repeats ("More options" under every teaser)."""
    last = -1
    for i, flag in enumerate(flags):
        if not flag:
            continue
        between = alive[last + 1 : i]
        if last >= 0 and alive[last].text == alive[i].text:
            last = i
            continue
        if not prose and any(words(b.text) > threshold("phrases.guard_words") for b in between):
            last = i
            continue
        if 0 <= last < i - 1 and i - last - 1 <= threshold("phrases.max_fill"):
            for k in range(last + 1, i):
                flags[k] = True
        last = i


CAPTION_WORDS = 35  # a photo's caption is a sentence or two
CAPTION_ENDS = frozenset('.!?"”’)')
CREDIT_WORDS = 10  # a credit line alone ("Photograph: Jane Doe for The Herald"), not a caption ending in one


def _caption_above(alive: list[Block], i: int) -> bool:
    """The line above a photo credit is the photo's caption when it is short and set apart from
    the story: a blank line before it, or no paragraph of prose right above it ("1 of 2")."""
    credit, above = alive[i], alive[i - 1]
    if words(credit.text) > CREDIT_WORDS or not pattern("photo_credit").match(credit.text):
        return False  # only a photo's own credit line ("Photograph: X", "Courtesy of X") follows its caption
    if words(above.text) > CAPTION_WORDS or block_date_line(above) or above.text.rstrip()[-1:] not in CAPTION_ENDS:
        return False  # a caption is a sentence; a headline above an image's credit is not one
    return above.gap > 0 or i < 2 or prose_score(alive[i - 2].text) <= 0


class PhrasePass:
    """Removes lines the phrase lists name, for many rules in one scan: each line is classified
    once (cached per distinct line), then each rule's matching lines become one Removal per run,
    under that rule's id and reason."""

    def __init__(self, rules: tuple[tuple[str, str], ...]) -> None:
        self.rule_ids = tuple(rule_id for rule_id, _ in rules)
        self.reasons = dict(rules)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            hits = [doc.hit(b) for b in alive]
            present = set().union(*hits)
            for rule_id in self.rule_ids:
                if rule_id in present:
                    yield from self._rule_removals(rule(rule_id), alive, hits)

    def _rule_removals(self, r: Rule, alive: list[Block], hits: list[Mapping[str, bool]]) -> Iterator[Proposal]:
        flags = [
            r.id in h and (h[r.id] or words(b.text) <= threshold("phrases.guard_words") or not sandwiched(alive, i))
            for i, (b, h) in enumerate(zip(alive, hits, strict=True))
        ]
        if r.fills:
            fill_gaps(flags, alive, r.fills_prose)
        if r.takes_caption:
            for i in range(1, len(alive)):
                flags[i - 1] = flags[i - 1] or (flags[i] and _caption_above(alive, i))
        if r.takes_list:
            for i in range(1, len(alive)):
                flags[i] = flags[i] or (flags[i - 1] and is_bullet(alive[i].text))
        for run in runs(alive, flags):
            yield removal(r.id, run, self.reasons[r.id])


PHRASE_PASS = PhrasePass(
    (
        ("consent.cookie-banner", "cookie/consent banner"),
        ("nav.logo", "navigation widget label"),
        ("page.noscript", "notice shown when scripts are off"),
        ("page.disclaimer", "legal or editorial small print"),
        ("nav.account", "account/subscription link"),
        ("nav.breadcrumb", "breadcrumb trail"),
        ("nav.footer", "page footer line"),
        ("related.inline-link", "pointer to another story"),
        ("share.bar", "share bar"),
        ("comments.widget", "comment widget"),
        ("promo.app", "app download promo"),
        ("promo.newsletter", "newsletter promo"),
        ("promo.ai", "AI feature promo"),
        ("promo.listen", "listen-to-article player"),
        ("promo.ad", "advertisement label"),
        ("media.caption", "photo caption or credit"),
        ("media.video-stamp", "video duration/source stamp"),
    )
)
