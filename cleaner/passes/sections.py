"""Passes that remove a section, not a line: a "Related Articles" heading takes the teasers under
it, a video carousel takes every item of its playlist, an embedded tweet takes its text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from cleaner.density import best_window, region_values
from cleaner.document import Document, Hint, Proposal
from cleaner.features import block_date_line, date_span, is_date_line, is_prose, words
from cleaner.ingest.text import GLUED_NAME
from cleaner.metadata import byline_authors, byline_outlet, is_outlet
from cleaner.model import Block
from cleaner.passes.base import removal
from cleaner.passes.phrases import line_matches
from cleaner.rules import compile_safe, pattern, rule
from cleaner.segment import listing_groups
from cleaner.tuning import threshold

TAIL_SHARE = 0.5  # a related heading past this share of the region's prose takes the rest with it


TEASER_WINDOW = 12  # blocks under a related heading inspected for a teaser list's shape
MIN_ABOVE = 80  # prose words an article needs above a related heading for the tail rule


def _prose_words(blocks: list[Block]) -> int:
    return sum(words(b.text) for b in blocks if is_prose(b.text))


def prose_above(blocks: list[Block]) -> list[int]:
    """``out[i]`` is the prose words in ``blocks[:i]``: one pass, so asking at every line of a
    huge page stays linear."""
    out = [0]
    for b in blocks:
        out.append(out[-1] + (words(b.text) if is_prose(b.text) else 0))
    return out


def teaser_shaped(blocks: list[Block]) -> bool:
    """Whether blocks look like a list of teasers: several date lines, or label lines repeated
    (a teaser's title printed twice, its source name once per teaser)."""
    labels = [b.text for b in blocks if words(b.text) <= 20 and not is_prose(b.text)]
    repeated = len(labels) - len(set(labels))
    return sum(1 for b in blocks if block_date_line(b)) >= 2 or repeated >= 2


class RelatedBlockPass:
    """ "Related Articles", "You may also like", "More from X" and the teasers below them.

    Near the end of an article (most of the region's prose is above it) the heading takes
    everything after it in the region: teasers there are full titles, sources and summaries that
    look like prose. Higher up it takes only the run of short lines under it, since the story goes
    on below.
    """

    rule_ids = ("related.block",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        r = rule("related.block")
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            heads = [i for i in range(len(alive)) if line_matches(r, alive, i, doc.hit(alive[i]))]
            if not heads:
                continue  # most regions hold no related heading: none of the tables below is needed
            above_at = prose_above(alive)
            total = above_at[-1]
            dated_below = _dated_below(alive)
            groups: list[int] | None = None  # item starts, found once per region when first needed
            next_prose: list[int] = []
            for i in heads:
                above = above_at[i]
                if above == 0:
                    continue  # at the top of a page it is the page's own heading ("Latest stories")
                after = alive[i + 1 : i + 1 + TEASER_WINDOW]
                teasers = bool(after) and not is_prose(after[0].text) and teaser_shaped(after)
                to_end = total == 0 or above >= TAIL_SHARE * total or (above >= MIN_ABOVE and teasers)
                to_end = to_end and not (above >= MIN_ABOVE and _story_goes_on(doc, alive, i + 1))
                below = to_end and dated_below[i + 1]  # items need dates
                if below and groups is None:
                    groups = [g.start for g in listing_groups(alive)]
                items = [k for k in groups or () if k > i] if below else []
                if to_end and not items:
                    yield removal(r.id, alive[i:], f"related-content section '{alive[i].text[:40]}' to the end")
                    break
                if items:  # a listing's items go on below: the heading is a box between them
                    next_prose = next_prose or _next_prose(alive)
                    box = alive[i : min(next_prose[i + 1], items[0])]
                    yield removal(r.id, box, f"related-content box '{alive[i].text[:40]}'")
                    continue
                j = i + 1
                while above >= MIN_ABOVE and j < len(alive) and not is_prose(alive[j].text) and not (j > i + 1 and alive[j].gap):
                    j += 1  # below an article, the short lines under the heading are its links, up to a blank line
                yield removal(r.id, alive[i:j], f"related-content heading '{alive[i].text[:40]}'")


def _next_prose(alive: list[Block]) -> list[int]:
    """Per line, the index of the first prose line at or below it (len(alive) if none)."""
    out = [len(alive)] * (len(alive) + 1)
    for k in range(len(alive) - 1, -1, -1):
        out[k] = k if is_prose(alive[k].text) else out[k + 1]
    return out


def _dated_below(alive: list[Block]) -> list[bool]:
    """Per line, whether a date line is at or below it (one pass from the end, so a page of many
    related headings stays linear)."""
    out = [False] * (len(alive) + 1)
    for k in range(len(alive) - 1, -1, -1):
        out[k] = out[k + 1] or block_date_line(alive[k])
    return out


DURATION = compile_safe(r"\d{1,2}:\d{2}(?::\d{2})?")  # a video's length on its own line ("00:51")
STORY_PARAGRAPHS = 2  # consecutive paragraphs under an inline box that show the story goes on
TAIL_RULES = ("comments.", "nav.", "consent.")


def _story_goes_on(doc: Document, alive: list[Block], j: int) -> bool:
    """Whether the article carries on under a related box: past its short teaser lines come two
    paragraphs in a row and MIN_ABOVE words of prose that no phrase rule names (teasers alternate
    title and summary; a comment form's small print is named)."""
    k = _label_run_end(alive, j, min(len(alive), j + 3))
    if k >= len(alive):
        return False
    between = range(alive[j - 1].id + 1, alive[k].id)
    if any(doc.hit(b) for b in alive[j:k]) or any(doc.rules.get(n, "").startswith(TAIL_RULES) for n in between):
        return False  # a comment form or menus under the box: the page's tail, not the story
    run = list(itertools.takewhile(lambda b: is_prose(b.text) and not doc.hit(b), alive[k:]))
    return len(run) >= STORY_PARAGRAPHS and sum(words(b.text) for b in run) >= MIN_ABOVE


def _label_run_end(alive: list[Block], j: int, stop: int) -> int:
    """End of the run of non-prose lines from ``j``, at most up to ``stop``."""
    while j < stop and not is_prose(alive[j].text):
        j += 1
    return j


def _time_of_day(alive: list[Block], i: int) -> bool:
    """A lone "14:05" reads as a duration only beside a player mark ("▶", "Watch: …"); elsewhere it
    is a time stamp (a news river's item time), which segmentation and metadata need."""
    if not pattern("time_line").fullmatch(alive[i].text.strip()):
        return False
    near = alive[max(0, i - 1) : i + 2]
    return not any(pattern("player_mark").match(b.text.strip()) for b in near)


class VideoCarouselPass:
    """Video playlists: a "N videos" counter and every stamped item after it, or any run of three
    or more items that each end in a duration stamp ("00:51 - Source: CNN"); also lone player
    labels ("Now playing")."""

    rule_ids = ("media.video-carousel",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        stamp = pattern("video_stamp_line")
        count = pattern("video_count")
        labels = rule("media.video-carousel")
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            stamped = [":" in b.text and bool(stamp.fullmatch(b.text)) for b in alive]
            timed = [s or bool(DURATION.fullmatch(b.text.strip())) for s, b in zip(stamped, alive, strict=True)]
            i = 0
            while i < len(alive):
                text = alive[i].text
                if words(text) <= 8 and count.search(text) and (first := self._first_item(stamped, timed, i)) is not None:
                    j = self._run_end(timed if not stamped[first] else stamped, first)
                    yield removal(self.rule_ids[0], alive[i:j], f"video carousel '{text[:40]}'")
                    i = j
                    continue
                if stamped[i]:
                    j = self._run_end(stamped, i)
                    if sum(stamped[i:j]) >= 3:
                        yield removal(self.rule_ids[0], alive[i + 1 : j], "run of stamped video items")
                        i = j
                        continue
                elif line_matches(labels, alive, i, doc.hit(alive[i])) and not _time_of_day(alive, i):
                    yield removal(self.rule_ids[0], [alive[i]], "video player label")
                i += 1

    @staticmethod
    def _first_item(stamped: list[bool], timed: list[bool], i: int) -> int | None:
        """Where the playlist under an "N videos" counter starts: a stamped item within two
        lines, or (a counter says so) a bare duration ("00:51") within three, under "Up next"
        and a title."""
        if any(stamped[i + 1 : i + 3]):
            return i + 1
        return next((k for k in range(i + 1, min(i + 4, len(timed))) if timed[k]), None)

    @staticmethod
    def _run_end(stamped: list[bool], i: int) -> int:
        """End of the run of (item, stamp) pairs starting at ``i``: past the last stamp that is at
        most one item away from the previous one."""
        end = i
        j = i
        while j < len(stamped):
            if stamped[j]:
                end = j + 1
            elif j - end >= 1:
                break
            j += 1
        return end


class EmbeddedTweetPass:
    """Embedded tweets: the signature line, and the tweet text just before it when the signature
    stands alone (a blockquote flattened into two lines)."""

    rule_ids = ("embed.tweet",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        r = rule("embed.tweet")
        sig = pattern("tweet_signature")
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            for i, b in enumerate(alive):
                if not line_matches(r, alive, i, doc.hit(b)):
                    continue
                m = sig.search(b.text)
                chosen = [b]
                if m is not None and m.start() < 3 and i > 0 and words(alive[i - 1].text) <= 70:
                    prev = alive[i - 1].text
                    if "pic.twitter.com" in prev or "t.co/" in prev or "@" in prev or "#" in prev:
                        chosen = [alive[i - 1], b]
                yield removal(r.id, chosen, "embedded tweet")


class LiveblogStampPass:
    """Live-blog author/time stamps: "Tom Watling28 May 2025 12:30" pieces ingest cut out."""

    rule_ids = ("liveblog.stamp",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        stamp = pattern("liveblog_stamp")
        alive = doc.alive()
        found = [b for b in alive if stamp.fullmatch(b.text.strip())]
        for b in found:
            # one bare "14 March 2025 09:15" under a byline is the article's date, not a post's stamp
            if len(found) >= 2 or GLUED_NAME.search(b.text):
                yield removal(self.rule_ids[0], [b], "live-blog author/time stamp")
                name = STAMP_NAME.match(b.text)
                if name is not None and name.group(1).strip():
                    yield Hint("author", name.group(1).strip(), b.id)  # the post's writer
        yield from self._time_and_name(alive)

    def _time_and_name(self, alive: list[Block]) -> Iterator[Proposal]:
        """Posts stamped by a bare time and the writer's name on the next line ("15:41" /
        "Declan Moore"), three posts or more: a key-events list pairs times with headlines."""
        time = pattern("time_line")
        pairs = [
            i
            for i in range(len(alive) - 1)
            if alive[i].text[:1].isdigit() and time.fullmatch(alive[i].text.strip()) and _name_line(alive[i + 1].text)
        ]
        if len(pairs) < MIN_POSTS:
            return
        for i in pairs:
            yield removal(self.rule_ids[0], alive[i : i + 2], "live-blog time and author stamp")
            yield Hint("author", alive[i + 1].text.strip(), alive[i + 1].id)


MIN_POSTS = 3
AGENCY_WORDS = 5  # "By Reuters", "By The Associated Press": a byline naming only an agency is short


def _name_line(text: str) -> bool:
    """A person's name alone on a line: two to four capitalised words (name particles allowed)."""
    return 2 <= len(text.split()) <= 4 and bool(pattern("person_name").fullmatch(text.strip()))


def _agency(alive: list[Block], i: int) -> str | None:
    """The agency a short line names as the story's source: "By Reuters", or "AFP" alone under
    a paragraph."""
    text = alive[i].text
    if (agency := byline_outlet(text)) and not byline_authors(text):
        return agency
    return text.strip() if pattern("agency").match(text.strip()) and _under_prose(alive, i) else None


def _under_prose(alive: list[Block], i: int) -> bool:
    """Whether the line at ``i`` sits right under a paragraph of prose."""
    return i > 0 and is_prose(alive[i - 1].text)


class SyndicationPass:
    """ "The post X appeared first on Y." trailers and "Provided by Y" credits under the story; Y
    becomes the article's publisher."""

    rule_ids = ("syndication.trailer",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        trailer = pattern("syndication")
        alive = doc.alive()
        for i, b in enumerate(alive):
            if self.rule_ids[0] not in doc.hit(b):
                if words(b.text) <= AGENCY_WORDS and (agency := _agency(alive, i)):
                    yield Hint("publisher", agency, b.id)  # "By Reuters": whoever removes the line, the source stands
                continue  # the rule's phrases name every line that can open a trailer or a credit
            if (m := trailer.match(b.text)) is not None:
                yield removal(self.rule_ids[0], [b], "syndication trailer")
                yield from self._hints(b, m.group("publisher"), m.group("title"))
            elif (credit := self._credit(alive, i)) is not None:
                publisher, lines = credit
                yield removal(self.rule_ids[0], lines, "syndication credit")
                yield Hint("publisher", publisher, b.id)

    @staticmethod
    def _credit(alive: list[Block], i: int) -> tuple[str, list[Block]] | None:
        """A "Provided by Y" line anywhere (Y on the next line when the line ends there), or
        "Source: Y" under a paragraph (a video's credit line elsewhere names no publisher); never
        a date ("Published in March 2025")."""
        m = pattern("provided_by").match(alive[i].text)
        if m is None:
            return None
        lines, publisher = [alive[i]], m.group("publisher").strip()
        if not publisher and i + 1 < len(alive) and words(alive[i + 1].text) <= AGENCY_WORDS + 3:
            lines, publisher = [alive[i], alive[i + 1]], alive[i + 1].text.strip()
        if not publisher or date_span(publisher) is not None:
            return None
        sourced = pattern("media_credit_label").fullmatch(m.group("said")) is not None
        agency = is_outlet(publisher)  # "Source: AFP" by the title names the story's origin too
        return (publisher, lines) if not sourced or agency or _under_prose(alive, i) else None

    @staticmethod
    def _hints(b: Block, publisher: str, title: str) -> Iterator[Proposal]:
        yield Hint("publisher", publisher.strip().rstrip("."), b.id)
        yield Hint("title", title.strip(), b.id)


STAMP_NAME = compile_safe(r"^(\D*?)\s?\d")  # the name glued before a live-blog stamp's day
COMMENT_STAMP_WORDS = 16
STAMP_TAIL_WORDS = 5  # after a comment stamp's date: "at 4:47 pm said:", not a sentence leading into a list
MAX_COMMENT_GAP = 30  # blocks between two comment stamps of one thread


def comment_stamp(b: Block) -> bool:
    """A comment's header: a short line with a date ("Jane on May 3, 2025 at 4:47 pm said:")."""
    text = b.text
    if words(text) > COMMENT_STAMP_WORDS or date_span(text) is None or "(@" in text:
        return False
    if pattern("time_line").fullmatch(text.strip()):
        return False  # a bare time of day stamps a live blog's posts; comments show a date or an age
    if is_date_line(text) or " at " in text:
        return True
    span = date_span(text)
    return text.rstrip().endswith(":") and span is not None and words(text[span[1] :]) <= STAMP_TAIL_WORDS  # "… 4:47 pm said:"


class CommentThreadPass:
    """A comment thread under the article: three or more comment stamps (name/date lines) close
    together, below at least a short article, and only as the article's tail: when the densest
    run of prose goes on below the stamps they are the story's own dated lines (a timetable, a
    chronology), whatever counter ("12 comments") stands above them."""

    rule_ids = ("comments.thread",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        if doc.listing:
            return
        for start, end in doc.regions():
            alive = doc.alive(start, end)
            posts = [k for k in range(start, end) if doc.rules.get(k) == "liveblog.stamp"]
            last_post = posts[-1] if len(posts) >= 2 else -1  # a live blog's posts are stamped like comments
            stamps = [i for i, b in enumerate(alive) if b.id > last_post and comment_stamp(b) and not _entry_age(doc, b)]
            tails = (t for t in self._threads(alive, stamps) if _is_tail(doc, (start, end), alive, t))
            thread = next(tails, None)
            if thread is not None:
                i, j = thread
                n = sum(1 for k in stamps if i <= k < j)
                yield removal(self.rule_ids[0], alive[i:j], f"comment thread of {n} comments")

    @staticmethod
    def _threads(alive: list[Block], stamps: list[int]) -> Iterator[tuple[int, int]]:
        """Candidate threads ``[i, j)`` in page order: runs of stamps close together, none with
        the story's paragraphs between them."""
        above_at = prose_above(alive)
        shapes = {k: _date_shape(alive[k].text) for k in stamps}  # once each: runs overlap on long pages
        done = -1
        for n, first in enumerate(stamps):
            if first < done or above_at[first] < threshold("comments.min_article_above"):
                continue
            run = [first]
            for s in stamps[n + 1 :]:
                if s - run[-1] > MAX_COMMENT_GAP:
                    break
                if _new_list(shapes, run, s) and _story_between(alive, run, s):
                    done = s  # the story goes on under these stamps: its own dated lines, not a tail
                    break
                run.append(s)
            if done > first:
                continue
            if len(run) < threshold("comments.min_comments") or not _texts_between(run):
                done = _next_start(run, int(threshold("comments.min_comments")))
                continue
            gap = max(b - a for a, b in itertools.pairwise(run))
            j = min(run[-1] + gap, len(alive))
            while j < len(alive) and is_prose(alive[j].text):
                j += 1
            done = j
            if not _story_between(alive, run, j):  # under the last stamp, a comment and not the story's end
                yield first, j


DIGITS = compile_safe(r"\d+")
LETTERS = compile_safe(r"[^\W\d_]+")


def _date_shape(text: str) -> str:
    """The shape of a line's date, digits and words as classes: "2 de junio" is "0 a a", a
    comment's "3 de mayo de 2025 a las 10:14" another; a thread's stamps share one."""
    span = date_span(text)
    date = text[span[0] : span[1]] if span else ""
    return DIGITS.sub("0", LETTERS.sub("a", date))


def _new_list(shapes: dict[int, str], run: list[int], nxt: int) -> bool:
    """Whether the stamp at ``nxt`` starts another list than the run's: its date has another
    shape (a timetable's "2 de junio" above a thread's "3 de mayo de 2025 a las 10:14")."""
    return len(run) >= 2 and shapes[nxt] != shapes[run[-1]]


STORY_RATIO = 4  # the story under a list of dated lines is this many times longer than an entry


def _story_between(alive: list[Block], run: list[int], nxt: int) -> bool:
    """Whether the story's paragraphs stand between the run's last stamp and the next one: two
    or more in a row, of MIN_ABOVE words, far longer than the text under every stamp before
    (dated entries of a timetable are a line each; a thread's comments vary, a long one among
    them is still a comment)."""
    entry = max(sum(words(b.text) for b in alive[a + 1 : b]) for a, b in itertools.pairwise(run))
    paragraphs: list[Block] = []
    for b in [*alive[run[-1] + 1 : nxt], None]:
        if b is not None and is_prose(b.text):
            paragraphs.append(b)
            continue
        size = sum(words(p.text) for p in paragraphs)
        if len(paragraphs) >= STORY_PARAGRAPHS and size >= max(MIN_ABOVE, STORY_RATIO * entry):
            return True
        paragraphs = []
    return False


def _is_tail(doc: Document, region: tuple[int, int], alive: list[Block], thread: tuple[int, int]) -> bool:
    """Whether stamped lines are the page's tail, not the story's own dated lines (a timetable, a
    chronology): the story does not go on under them in two paragraphs, or the densest run of
    prose, the stamped lines taken out, ends above them."""
    i, j = thread
    if not _story_goes_on(doc, alive, j):
        return True
    blocks = doc.blocks[region[0] : region[1]]
    lo, hi = best_window(region_values(blocks, doc.removed | {b.id for b in alive[i:j]}))
    return lo == hi or blocks[hi - 1].id < alive[i].id


def _entry_age(doc: Document, b: Block) -> bool:
    """An age right above a bare time ("4h ago" / "09.15 BST") heads a live-blog entry: comments
    show one stamp, not the age and the time of day one under the other."""
    nxt = doc.blocks[b.id + 1].text.strip() if b.id + 1 < len(doc.blocks) else ""
    return bool(pattern("time_line").fullmatch(nxt)) and pattern("relative_date").search(b.text) is not None


def _next_start(run: list[int], least: int) -> int:
    """Where to try the next thread after a rejected run: at the first later stamp of the run
    whose rest is long enough and has text between its stamps (the runs starting inside this
    one are its tails), else past the run. Trying every stamp of a long schedule (thousands of
    dated lines with no text between) was quadratic."""
    spaced = 0  # pairs with text between them, in run[m:]
    start = run[-1] + 1
    for m in range(len(run) - 2, 0, -1):
        spaced += run[m + 1] - run[m] > 1
        if len(run) - m >= least and 2 * spaced >= len(run) - m - 1:
            start = run[m]
    return start


def _texts_between(run: list[int]) -> bool:
    """Whether most stamps are followed by text before the next one: comments hold their words
    between stamps; a schedule ("June 9 -- Arena, Tampa" line after line) is dated lines only."""
    spaced = sum(1 for a, b in itertools.pairwise(run) if b - a > 1)
    return 2 * spaced >= len(run) - 1


MAX_ERROR_PAGE_WORDS = 120


class ErrorPagePass:
    """A not-found or error page ("Page not found", "the page you were looking for") with little
    prose has no article: everything goes, and the result is empty with that reason."""

    rule_ids = ("page.error",)

    def propose(self, doc: Document) -> Iterator[Proposal]:
        r = rule("page.error")
        alive = doc.alive()
        if not any(line_matches(r, alive, i, doc.hit(b)) for i, b in enumerate(alive)):
            return
        if _prose_words(alive) <= MAX_ERROR_PAGE_WORDS and alive:
            yield removal(r.id, alive, "error page (not found): no article")
