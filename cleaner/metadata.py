"""Metadata from text: title, site, publisher, authors, dates, categories, language.

Most of it is read where segmentation found it (a listing item's header group, an article's
"Title | Section | Site" line, its byline); this module holds the small parsers those share and
turns an item's facts into the fields of an Article.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from urllib.parse import urlsplit

import regex

from cleaner.bylines import PARTICLES, clean_name, is_interface, line_authors
from cleaner.dates import date_text, resolve
from cleaner.facts import Fact
from cleaner.facts import resolve as resolve_facts
from cleaner.features import WORD, is_date_line, words
from cleaner.language_model import identifier
from cleaner.model import Block
from cleaner.rules import compile_safe, compile_safe_regex, pattern, per_ruleset

TITLE_SEPARATORS = compile_safe_regex(r"\s+(?:\||–|—|-|::|»|·)\s+")
DOMAIN = compile_safe_regex(r"^(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,24}/?$", regex.I)
LANGUAGE_SAMPLE = 1000  # characters: on 1,039 articles of the corpora, 1,000 and 4,000 agree on every one (3x faster)


@per_ruleset
def byline_authors(text: str) -> tuple[str, ...]:
    """The names a byline line gives ("By Jane Doe and John Roe" → two names), else () (cached:
    every pass that tells bylines from body lines asks for every line)."""
    m = pattern("byline").match(text.strip())
    if m is None or len(text.split()) > 14:
        return ()
    if pattern("staff_tail").search(text.strip()) and not pattern("name_joiner").search(m.group("names")):
        return ()  # "By RecallWatch staff" names a team ("By Eric Song and IGN Staff" still a person)
    names = [n.strip(" .") for n in pattern("name_joiner").split(m.group("names"))]
    return tuple(n for n in names if n and len(n.split()) <= 4 and n[:1].isupper() and not is_outlet(n))


@per_ruleset
def byline_outlet(text: str) -> str | None:
    """The outlet a byline names after the people ("By Jane Doe, The Caldwell Standard")."""
    m = pattern("byline").match(text.strip())
    if m is None:
        return None
    return next((n.strip(" .") for n in pattern("name_joiner").split(m.group("names")) if is_outlet(n.strip(" ."))), None)


@per_ruleset
def is_outlet(name: str) -> bool:
    """A publication's name rather than a person's (cached: the outlet words of every pack make
    a long alternation, asked about the same names again and again). A name is short: a long
    line (a 200 kB first line of a page) is none, and would cost the pattern seconds."""
    return len(name) <= OUTLET_MAX_CHARS and bool(pattern("outlet").match(name.casefold()))


OUTLET_MAX_CHARS = 120


def is_domain(text: str) -> bool:
    """A line that is a site's host name ("Arah.my", "www.example.co.uk")."""
    return bool(DOMAIN.match(text.strip()))


def split_title(text: str) -> tuple[str, list[str]]:
    """A page-title line "Title | Section | Site" into the title and the other parts, in order."""
    parts = [p.strip() for p in TITLE_SEPARATORS.split(text) if p.strip()]
    if len(parts) < 2:
        return text.strip(), []
    title = max(parts, key=lambda p: len(p.split()))
    return title, [p for p in parts if p is not title]


LANGUAGE_MIN_WORDS = 8
LANGUAGE_MIN_PROB = 0.5  # below it the guess is no better than noise: say None
LANGUAGE_CACHE = 2048  # samples of at most LANGUAGE_SAMPLE characters: a few MB at most


def language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid: any of the 97 languages it knows), or
    None when the text is too short or the guess unsure."""
    return _language_of(text[:LANGUAGE_SAMPLE])


@functools.lru_cache(maxsize=LANGUAGE_CACHE)
def _language_of(sample: str) -> str | None:
    """Cached: a listing repeats items, a batch of one site repeats its boilerplate-free ledes."""
    if len(WORD.findall(sample)) < LANGUAGE_MIN_WORDS:
        return None
    lang, prob = identifier().classify(sample)
    return str(lang) if prob >= LANGUAGE_MIN_PROB else None


def resolve_date(raw: str | None, now: dt.datetime | None, lang: str | None = None, order: str | None = None) -> str | None:
    """ISO date for ``date_raw`` (see :mod:`cleaner.dates`), read as the page or its language writes dates."""
    return resolve(raw, now, lang, order)


MASTHEAD_LINES = 15  # lines from the top where a site prints its name
FOOTER_LINES = 40  # lines from the bottom where its copyright line sits
MASTHEAD_WORDS = 6  # "Northmere Fire and Rescue Service"
TRAILING_YEAR = compile_safe(r"\s+(?:19|20)\d{2}\s*$")
MIN_BRAND_CHARS = 3


def masthead_site(texts: list[str]) -> str | None:
    """The site's name as its masthead prints it, when the copyright line confirms it: "Meridian"
    at the top and "© 2025 Meridian Media Ltd." at the bottom. A short top line alone could be
    any label; the copyright owner alone carries legal suffixes the masthead does not."""
    copyright_line = pattern("copyright")
    owner = next((m.group("name") for t in reversed(texts[-FOOTER_LINES:]) if (m := copyright_line.search(t))), None)
    if owner is None:
        return None
    owner_norm = _without_article(" ".join(WORD.findall(TRAILING_YEAR.sub("", owner).casefold())))  # "© Name 2025"
    if not any(c.isalpha() for c in owner_norm):  # "© 1997 - ", "© 2020 -": an owner with no name confirms nothing
        return None
    tops = [(text, _without_article(" ".join(WORD.findall(text.casefold())))) for text in texts[:MASTHEAD_LINES]]
    tops = [(text, norm) for text, norm in tops if norm and len(norm.split()) <= MASTHEAD_WORDS]
    for text, norm in tops:  # the owner's name, or its initials: "CD Almendral" / "Club Deportivo Almendral"
        if owner_norm == norm or _initialled(text, owner_norm):
            return text.strip()
    for text, norm in tops:  # or its start: "Meridian" / "Meridian Media Ltd"
        if owner_norm.startswith(norm + " "):
            return text.strip()
    if not owner_norm:
        return None  # "© 2025" names no owner
    brand = owner_norm.split()[0]
    for text, norm in tops:  # the owner's brand with the title's own word: "Helix Weekly" / "Helix Media Pty Ltd"
        if len(brand) >= MIN_BRAND_CHARS and norm.split()[0] == brand and len(norm.split()) > 1 and text.strip().istitle():
            return text.strip()
    return None


def _initialled(text: str, owner_norm: str) -> bool:
    """Whether a masthead writes the owner's name with initials: "CD Almendral" for "club
    deportivo almendral" (a capitals token stands for as many words)."""
    letters: list[str] = []
    for token in WORD.findall(text):
        letters.extend(token.casefold() if token.isupper() and len(token) > 1 else [token.casefold()])
    words = owner_norm.split()
    initials = any(len(x) == 1 for x in letters)
    return (
        initials
        and len(letters) == len(words)
        and all(x == w or (len(x) == 1 and w.startswith(x)) for x, w in zip(letters, words, strict=True))
    )


def _without_article(norm: str) -> str:
    """A normalised name without a leading "the": "The Northbridge Post" is "Northbridge Post"."""
    return norm[4:] if norm.startswith("the ") else norm


TITLE_LINE_REACH = 300  # lines below the page-title line where its heading is printed
TITLE_SHARE = 0.3  # the heading holds at least this share of the title line's words' characters


def title_line_facts(blocks: tuple[Block, ...], cruft: bool = False) -> list[Fact]:
    """Facts from the page-title line at the top of a dump (the <title> element, "Title | Site"):
    the heading below it that the line contains ("title_line": the page prints its headline
    whole there, the title line shortens or prefixes it), else the line's longest part
    ("title_line_split"), and its last part as the site's name. The heading has two words or
    more ("Privacy" in a footer is no headline)."""
    if cruft or not blocks or len(blocks[0].text.split()) < 2:
        return []  # a first line a rule removed as cruft (a consent banner) is no page title
    first = blocks[0]
    masthead = is_outlet(first.text.strip())  # "The Quarry Hill Review" on top, "© The Quarry Hill Review" below
    best = _contained_heading(blocks[1:TITLE_LINE_REACH], first.text, masthead)
    headline = best.text.strip() if best is not None else ""
    if best is not None and (rest := _before_site(first.text, best.text)) is not None:
        below = _contained_heading(blocks[1:TITLE_LINE_REACH], rest, False, _norm(best.text))
        if below is not None and below.id > best.id:  # the masthead on top, the headline under it
            best, headline = below, below.text.strip()
    title, parts = split_title(first.text)
    if best is None:
        kicked = None  # a masthead on top ("THE MERIDIAN DISPATCH", "About The Meridian Dispatch" below) heads nothing
        if parts:
            kicked = _kicker_heading(blocks[1:TITLE_LINE_REACH], first.text) or _kicker_heading(blocks[1:TITLE_LINE_REACH], title)
        out = [Fact("title", kicked[1], "title_line", kicked[0].id)] if kicked is not None else []
    else:
        out = [Fact("title", headline, "title_line", best.id)]
    out.append(Fact("title", title, "title_line_split", first.id))
    if parts and not is_domain(parts[-1]):
        out.append(Fact("sitename", parts[-1], "title_line", first.id))
    return out


def _contained_heading(blocks: tuple[Block, ...], line_text: str, masthead: bool, site: str = "") -> Block | None:
    """The longest heading of two words or more that the title line contains whole (and that
    holds a fair share of it), other than the site's name ``site``."""
    line = f" {_norm(line_text)} "
    best: Block | None = None
    for b in blocks:
        norm = _norm(b.text)
        if "©" in b.text or (masthead and f" {norm} " == line) or (site and norm == site):
            continue
        contained = " " in norm and f" {norm} " in line and len(norm) >= TITLE_SHARE * len(line)
        if contained and (best is None or len(norm) > len(_norm(best.text))):
            best = b
    return best


def _before_site(line: str, heading: str) -> str | None:
    """The title line before its closing parts when the heading is those parts: perhaps the
    site's name, printed as the page's masthead ("Need for Speed – Insubordinantes Denken"
    under the masthead "Insubordinantes Denken"), the headline standing before it."""
    want = _norm(heading)
    for m in TITLE_SEPARATORS.finditer(line):
        if _norm(line[m.end() :]) == want:
            rest = line[: m.start()].strip()
            return rest if _norm(rest) else None
    return None


KICKER_WORDS = 5  # words a kicker or breadcrumb run into the headline adds before it ("Immobilienkrise Rene Benko-…")
MIN_KICKED_WORDS = 3  # the title line's part that the heading ends with: a headline, not a label


def _kicker_heading(blocks: tuple[Block, ...], title: str) -> tuple[Block, str] | None:
    """The first heading that ends with the title line's headline after a few more words, and
    that headline as the heading prints it: a dump runs a kicker or a breadcrumb into the
    headline's line ("Tests Aktuelle Produkte Radical Pop-Ups und Dips" under "Radical Pop-Ups
    und Dips - FISCH & FANG"), and the title line says where the headline starts."""
    want = _norm(title).split()
    if len(want) < MIN_KICKED_WORDS:
        return None
    tail = " " + " ".join(want)
    for b in blocks:
        if "©" in b.text or not _norm(b.text).endswith(tail):
            continue
        tokens = list(WORD.finditer(b.text))
        extra = len(tokens) - len(want)
        if 1 <= extra <= KICKER_WORDS:
            return b, b.text[tokens[extra].start() :].strip()
    return None


def _norm(text: str) -> str:
    return " ".join(WORD.findall(text.casefold()))


def author_guard(names: tuple[str, ...]) -> tuple[str, ...]:
    """Authors that are names: interface words and what follows them cut ("Umair Irfan Updated
    Nov" → "Umair Irfan"), months, dates, counters and an outlet's initials after a person
    ("By Rob Picheta, CNN") dropped."""
    out: list[str] = []
    for n, raw in enumerate(names):
        name = clean_name(raw)
        if name is None or (n and name.isupper() and len(name.split()) == 1) or is_outlet(name):
            continue
        out.append(name)
    return tuple(dict.fromkeys(out))


def publisher_guard(value: str | None) -> str | None:
    """A publisher that is a name, not a row of controls ("Permalink 34 Comments Feed…")."""
    return None if value is None or is_interface(value) else value


def site_from_url(url: str | None) -> str | None:
    """The URL's host: the site's name when the page names itself nowhere (ranked last)."""
    return url_host(url)


def url_host(url: str | None) -> str | None:
    """The host of the caller's URL, or None when it has none or is malformed ("http://[::1"):
    the URL comes from the crawl record, and a bad one must not cost the page."""
    try:
        return urlsplit(url).hostname if url else None
    except ValueError:
        return None


HEADLINE_BEFORE = 3  # lines above the headline where its kicker row may print the date or author
HEADLINE_AFTER = 12  # lines below it: standfirst, author, date and counters before the body
DATE_REACH = 2  # an author's line stands this close to its date line (a separator line between)
NAME_PARTICLES = PARTICLES
MAX_HEADLINE_NAME_CHARS = 60


def headline_at(blocks: tuple[Block, ...], facts: list[Fact]) -> int | None:
    """Index of the article's headline among the blocks: the block of the winning title fact,
    else the first block below the page-title line that prints it."""
    chosen = resolve_facts(f for f in facts if f.field == "title").get("title")
    if chosen is None:
        return None
    title = chosen.values[0]
    index = {b.id: k for k, b in enumerate(blocks)}
    for f in facts:
        if f.field == "title" and f.source == chosen.source and f.value.strip() == title and f.block_id in index:
            return index[f.block_id]
    return next((k for k, b in enumerate(blocks) if k and b.text.strip() == title), None)


def headline_facts(blocks: tuple[Block, ...], at: int, cruft: Callable[[Block], bool] = lambda b: False) -> list[Fact]:
    """Facts from the headline's own header rows: the date nearest the headline ("headline"),
    and a line that is only a person's name beside that row's date ("Jane Doe" / "| 06.11.23"),
    a one-word name only when the page vouches for it elsewhere (an author box, a byline).
    A line a phrase rule names (``cruft``) or whose words the page also writes in lower case
    ("Top Stories": "the top stories of") is a heading, not a name."""
    lo, hi = max(0, at - HEADLINE_BEFORE), min(len(blocks), at + HEADLINE_AFTER + 1)
    reach = range(max(0, lo - DATE_REACH), min(len(blocks), hi + DATE_REACH))
    dated = {k: d for k in reach if k != at and (d := date_text(blocks[k].text)) is not None}
    nearest = sorted(range(lo, hi), key=lambda k: (abs(k - at), k < at))
    out: list[Fact] = []
    if (first := next((k for k in nearest if k in dated), None)) is not None:
        out.append(Fact("date_raw", dated[first], "headline", blocks[first].id))
    page: list[str] = []  # the page's words, joined once a candidate needs them
    for k in nearest:
        name = name_line(blocks[k].text) if k != at and not cruft(blocks[k]) else None
        if name is None or not _beside_date(blocks, k, dated):
            continue
        page = page or [" " + " ".join(b.text for b in blocks) + " "]
        if _common_words(name, page[0]) or not (" " in name or _vouched(name, blocks, k)):
            continue
        out.append(Fact("authors", name, "headline", blocks[k].id))
        break
    return out


def _common_words(name: str, page: str) -> bool:
    """Whether a word of the name is printed in lower case elsewhere on the page: then it is a
    common word ("stories", "recipes"), and the line a heading."""
    return any(f" {w.lower()} " in page for w in name.split() if w not in NAME_PARTICLES and not w.isupper())


def name_line(text: str) -> str | None:
    """A line that is only a person's name ("Edward Russell", "Alexa von Heyden", "Marie
    Merlet |"): up to four capitalised words (name particles aside), no digits, no interface
    word, no date, no outlet."""
    line = text.strip().rstrip(" ,;|/·•–—-")
    words = line.split()
    if not words or len(line) > MAX_HEADLINE_NAME_CHARS or any(c.isdigit() for c in line) or is_domain(line):
        return None
    if not all(w[:1].isupper() or w in NAME_PARTICLES for w in words) or not words[0][:1].isupper():
        return None
    if clean_name(line) != line or is_date_line(line) or is_outlet(line) or line_authors(line) is not None:
        return None  # "Par Loïc Le Clerc" is a byline: the byline scan reads it
    return line


def _beside_date(blocks: tuple[Block, ...], k: int, dated: dict[int, str]) -> bool:
    """Whether a date line stands next to line k, with at most separator lines ("|", "·") between."""
    for step in (1, -1):
        j = k + step
        while abs(j - k) <= DATE_REACH and 0 <= j < len(blocks):
            if j in dated:
                return True
            if any(c.isalnum() for c in blocks[j].text):
                break
            j += step
    return False


def _vouched(name: str, blocks: tuple[Block, ...], k: int) -> bool:
    """Whether another line of the page names ``name`` as a writer: a byline, an author box
    ("Über Steffi", "About Bebs") or the copyright line ("© Benni")."""
    box = pattern("author_box")
    for j, b in enumerate(blocks):
        if j == k or name not in b.text:
            continue
        text = b.text.strip()
        m = box.match(text)
        if (m and text[m.end() :].strip(" :") == name) or "©" in text or line_authors(text) == name:
            return True
    return False


def is_title(value: str) -> bool:
    """Whether a title candidate can be a headline: not a picture's caption or credit ("Foto:
    Shanghai Electric", "(Jane Doe / The Herald)") and not a row that opens with a date
    ("19.10.19, 11:29 Uhr", "[ 27. Januar 2020 ] Other post"): a headline may end with a date
    ("Blogposting 01/23/2020"), a date row starts with one."""
    text = value.strip()
    if pattern("caption_label").search(text) or (text.startswith("(") and text.endswith(")")):
        return False
    date = date_text(text)
    return date is None or not text.lstrip("[(|· ").startswith(date)


TITLE_ABOVE = 3  # lines above a refused title where the headline it displaced is printed
MIN_TITLE_WORDS = 3


def title_above(blocks: tuple[Block, ...], refused: str, cruft: Callable[[Block], bool]) -> list[Fact]:
    """A ``title_above`` fact when the header's title was a caption or a date row: the nearest
    line above it that reads as a headline (three words or more, no name, no date, no cruft),
    where the page printed the headline the caption or date row sits under."""
    at = next((k for k, b in enumerate(blocks) if k and b.text.strip() == refused), None)
    for k in range(at - 1, max(0, at - TITLE_ABOVE - 1), -1) if at is not None else ():
        text = blocks[k].text.strip()
        if len(text.split()) >= MIN_TITLE_WORDS and is_title(text) and date_text(text) is None and not cruft(blocks[k]):
            return [Fact("title", text, "title_above", blocks[k].id)] if name_line(text) is None else []
    return []


LABEL_REACH = 40  # characters from a line's start within which its publication label opens
LABEL_DATE_CHARS = 120  # characters after the label within which its date is printed
LABEL_LINE_WORDS = 30  # a labelled date sits on a meta row ("Dieser Beitrag wurde am … von … in … veröffentlicht")
LABEL_LINE_CHARS = 400
DIGIT = compile_safe(r"\d")


def label_date_facts(blocks: tuple[Block, ...] | list[Block]) -> list[Fact]:
    """A ``published_label`` fact for the first line whose label says its date is the
    publication's ("Posted on August 2, 2019", "Erschienen am: 01.11.2023", "Der Beitrag wurde
    am Mittwoch, den 27. November 2019"): the page names the date's role, which a bare date line
    above the headline (a sidebar's, a related post's) does not. A digit-free or long line is
    skipped before the label pattern runs."""
    label = pattern("published_label")
    for b in blocks:
        text = b.text
        if len(text) > LABEL_LINE_CHARS or DIGIT.search(text) is None:
            continue
        m = label.search(text, 0, LABEL_REACH + LABEL_DATE_CHARS)
        if m is None or m.start() > LABEL_REACH or len(text.split()) > LABEL_LINE_WORDS:
            continue
        if (date := date_text(text[m.end() : m.end() + LABEL_DATE_CHARS])) is not None:
            return [Fact("date_raw", date, "published_label", b.id)]
    return []


LEAD_PARAGRAPHS = 3  # the body's first paragraphs, where a press dateline opens the story
LEAD_MIN_WORDS = 20  # a paragraph, not a teaser row or a meta line
LEAD_DATE_AT = 30  # characters from the paragraph's start within which its date opens ("Wien, 14. Dezember 2021")
LEAD_HEAD_CHARS = 60
LEAD_SEPARATOR = compile_safe(r"\s*(?:[–—|:-]|\.\s)")  # "29.11.2022 – Mehrfach…", "31. Oktober 2023. Dragqueens…"


def lead_date_facts(blocks: list[Block]) -> list[Fact]:
    """A ``lead`` fact for a dateline that opens one of the body's first paragraphs ("Wien, 14.
    Dezember 2021 – Aufgrund…", "Pressemitteilung vom 25. Januar 2022 | Berlin – …"): a date
    set off by a dash or a full stop before the story's first sentence. A date inside a
    sentence ("On 12 June 2023 the first crack…") or an update's stamp is no dateline."""
    paragraphs = [b for b in blocks if words(b.text) >= LEAD_MIN_WORDS][:LEAD_PARAGRAPHS]
    for b in paragraphs:
        if DIGIT.search(b.text, 0, LEAD_DATE_AT) is None or pattern("update_label").match(b.text):
            continue
        head = b.text[:LEAD_HEAD_CHARS]
        date = date_text(head)
        at = head.find(date) if date is not None else -1
        if date is not None and 0 <= at <= LEAD_DATE_AT and LEAD_SEPARATOR.match(head, at + len(date)):
            return [Fact("date_raw", date, "lead", b.id)]
    return []


def copy_date_facts(blocks: tuple[Block, ...], at: int) -> list[Fact]:
    """A ``headline_copy`` fact: the date printed on the line beside another copy of the
    headline (a "Recent posts" box lists the post under its date, or the headline is printed
    again above the story with its date row), the line below first. Ranked last: it only
    dates a page that prints no date beside its first headline."""
    title = blocks[at].text.strip()
    for k, b in enumerate(blocks):
        if k == at or b.text.strip() != title:
            continue
        for j in (k + 1, k - 1):
            if 0 <= j < len(blocks) and (date := date_text(blocks[j].text)) is not None:
                return [Fact("date_raw", date, "headline_copy", blocks[j].id)]
    return []


def without_site(title: str | None, site: str | None) -> str | None:
    """The title without the site's own name appended after a separator ("Penny - Stardew
    Valley Wiki" on the site "Stardew Valley Wiki"): head titles and title lines carry it,
    the headline does not. Only the name the page gives itself is cut, never another part."""
    if not title or not site:
        return title
    want = " ".join(site.split()).casefold()
    for m in TITLE_SEPARATORS.finditer(title):
        head = title[: m.start()].strip()
        if head and " ".join(title[m.end() :].split()).casefold() == want:
            return head
    return title
