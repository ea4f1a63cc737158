"""Dates as pages write them ("20 hours ago", "25-05-2025", "May 28, 2025 12:30") into ISO 8601.

Relative dates resolve only against a ``now`` the caller gives: a dump's "3 days ago" means three
days before the page was scraped, which only the caller knows. Without it, ``date`` stays None and
``date_raw`` keeps what the page said.
"""

from __future__ import annotations

import datetime as dt
import functools

import regex

from cleaner.features import date_span
from cleaner.rules import age_words, compile_safe_regex, month_numbers, numeric_order, pattern

NUMERIC = compile_safe_regex(r"\b(\d{1,2})([-./])(\d{1,2})\2((?:19|20)\d{2})\b")
ISO = compile_safe_regex(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")
# "28 May 2025", "12. März 2025", "3 de marzo de 2025", "1er avril 2025"; "May 28, 2025"
DAY_MONTH = compile_safe_regex(r"\b(\d{1,2})(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(\p{L}{3,10})\.?,?\s+(?:de\s+)?((?:19|20)\d{2})")
MONTH_DAY = compile_safe_regex(r"\b(\p{L}{3,10})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{2})")
TIME = compile_safe_regex(r"(?<!\d)(\d{1,2})[:.h](\d{2})\s*([ap])?\.?m?\.?\b", regex.I)
UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def _time_of(text: str) -> tuple[int, int] | None:
    m = TIME.search(text)
    if m is None:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    if m.group(3):
        hour = hour % 12 + (12 if m.group(3).lower() == "p" else 0)
    return (hour, minute) if hour < 24 and minute < 60 else None


def page_order(raws: list[str | None]) -> str | None:
    """How a page writes its numeric dates, when one of them settles it: "dmy" if a first number
    is over 12 ("14/05/2025"), "mdy" if a second one is ("05/14/2025"); None when none does or
    they disagree. Its other dates ("12/05/2025") are then read the same way."""
    seen = set()
    for raw in raws:
        for m in NUMERIC.finditer(raw or ""):
            a, b = int(m.group(1)), int(m.group(3))
            if a > MONTHS_IN_YEAR >= b:
                seen.add("dmy")
            elif b > MONTHS_IN_YEAR >= a:
                seen.add("mdy")
    return seen.pop() if len(seen) == 1 else None


MONTHS_IN_YEAR = 12


def _ymd(text: str, lang: str | None, order: str | None = None) -> tuple[int, int, int] | None:
    """(year, month, day) of the first date in the text; a numeric date is read in the order
    the page settles (``order``), else the one its language writes (a day over 12 settles it
    either way)."""
    if m := ISO.search(text):
        return int(m.group(1)), int(m.group(2)), int(m.group(3))
    if m := NUMERIC.search(text):
        a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        us = (order or numeric_order(lang)) == "mdy" and (order is not None or m.group(2) == "/")
        month_first = (us and a <= 12) or b > 12
        return (year, a, b) if month_first else (year, b, a)
    months = month_numbers()
    if (m := DAY_MONTH.search(text)) and m.group(2).casefold() in months:
        return int(m.group(3)), months[m.group(2).casefold()], int(m.group(1))
    if (m := MONTH_DAY.search(text)) and m.group(1).casefold() in months:
        return int(m.group(3)), months[m.group(1).casefold()], int(m.group(2))
    if m := SHORT_YEAR.search(text):  # "19.10.19, 11:29 Uhr": day, month, the century's year
        return CENTURY + int(m.group(3)), int(m.group(2)), int(m.group(1))
    return None


def _after_date(raw: str, year: int) -> str:
    """The text from the date's year on, where its time is printed ("19.10.19, 11:29 Uhr": the
    time is not "19.10")."""
    if str(year) in raw:
        return raw[raw.find(str(year)) :]
    m = SHORT_YEAR.search(raw)
    return raw[m.end() :] if m is not None else raw


SHORT_YEAR = compile_safe_regex(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{2})(?![\d.])")
CENTURY = 2000  # a two-digit year on a web page is this century's
SHAPES = (ISO, NUMERIC, DAY_MONTH, MONTH_DAY, SHORT_YEAR)
META_LINE_WORDS = 25  # a meta row of date, byline and counters; longer lines are prose


def date_text(text: str) -> str | None:
    """The first calendar date a short meta line prints, as the line writes it ("16. Mai 2019"
    in "16. Mai 2019 Markus Elsberger Netzwerk"), or None: no date with a year, or prose."""
    if len(text.split()) > META_LINE_WORDS or not any(c.isdigit() for c in text):
        return None
    span = date_span(text)
    if span is not None and resolve(text[span[0] : span[1]], None) is not None:
        return text[span[0] : span[1]].strip()
    for shape in SHAPES:
        if (m := shape.search(text)) and resolve(m.group(0), None) is not None:
            return m.group(0).strip()
    return None


AGE_DIGITS = 7  # the longest count an age may have: 9,999,999 days is some 27,000 years


def _relative(text: str, now: dt.datetime) -> str | None:
    """An age resolved against ``now``: a named day ("yesterday", "ayer", "gestern") or a count
    of units ("3 hours ago", "hace 3 horas", "2 ore fa", "3h"), in any pack's words."""
    if (clock := _bare_clock(text, now)) is not None:
        return clock
    low = text.casefold()
    words = age_words()
    for name, back in words.days_back:
        if compile_safe_regex(rf"(?<!\w){regex.escape(name)}(?!\w)").search(low):
            day = (now - dt.timedelta(days=back)).date()
            t = _time_of(text)  # "Yesterday, 22:10"
            return day.isoformat() if t is None else dt.datetime(day.year, day.month, day.day, t[0], t[1]).isoformat()
    m = _age_pattern().search(low)
    if m is None:
        return None
    if len(m.group(1)) > AGE_DIGITS:  # "99999…9 days ago": no calendar date (and int() refuses 4,300 digits)
        return None
    n = 1 if m.group(1) in words.one else int(m.group(1))
    kind = words.units[m.group(2)]
    if kind == "mo":
        return (now - dt.timedelta(days=30 * n)).date().isoformat()
    if kind == "y":
        return (now - dt.timedelta(days=365 * n)).date().isoformat()
    moment = now - dt.timedelta(seconds=UNIT_SECONDS[kind] * n)
    return moment.date().isoformat() if kind in "dw" else moment.replace(microsecond=0).isoformat()


BARE_TIME = compile_safe_regex(r"\W*(\d{1,2})[:h](\d{2})\W*")  # "06:56", "🕒 14h05"; "14.05" is a day


def _bare_clock(text: str, now: dt.datetime) -> str | None:
    """A time of day alone, as a river stamps today's items ("06:56"): today at that time, or
    yesterday when the time is later than ``now``."""
    m = BARE_TIME.fullmatch(text)
    if m is None or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        return None
    day = now.date() if (int(m.group(1)), int(m.group(2))) <= (now.hour, now.minute) else now.date() - dt.timedelta(days=1)
    return dt.datetime(day.year, day.month, day.day, int(m.group(1)), int(m.group(2))).isoformat()


@functools.cache
def _age_pattern() -> regex.Pattern[str]:
    """A count and a unit in any pack's words ("3 hours", "un'ora", "een week", "3h")."""
    words = age_words()
    one = "|".join(regex.escape(w) for w in sorted(words.one, key=len, reverse=True))
    units = "|".join(regex.escape(w) for w in sorted(words.units, key=len, reverse=True))
    return compile_safe_regex(rf"(?<!\w)(\d+|{one})\s*(?:['’]\s*)?({units})(?!\w)")


def resolve(raw: str | None, now: dt.datetime | None = None, lang: str | None = None, order: str | None = None) -> str | None:
    """ISO 8601 for a page's date text: a date, or a date-time when the page gives a time; None
    when it cannot be known (relative date without ``now``, or nothing date-like). ``lang`` is
    the page's language, which says how to read "04/02/2025", unless the page's other dates
    settle it (``order``, from :func:`page_order`)."""
    if not raw:
        return None
    ymd = _ymd(raw, lang, order)
    if ymd is None and now is not None:
        try:
            return _relative(raw, now)
        except OverflowError:  # "9999999999 days ago", or a now in year 1: an age before the calendar starts
            return None
    if ymd is None:
        return None
    try:
        day = dt.date(*ymd)
    except ValueError:
        return None
    t = _time_of(_after_date(raw, ymd[0]))
    if t is None or (ISO.fullmatch(raw.strip()) and ":" not in raw):
        return day.isoformat()
    return dt.datetime(day.year, day.month, day.day, t[0], t[1]).isoformat()


ISO_FULL = compile_safe_regex(r"\s*(?:19|20)\d{2}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*")
ZONE = compile_safe_regex(r"(?<![\p{L}\d])(?:[A-Z]{1,4}[SD]?T|UTC|GMT|Z|[Uu]hr\s+MES?Z)(?![\p{L}\d])|[+-]\d{2}:?\d{2}(?!\d)")
DATEPARSER_CACHE = 4096  # distinct date strings kept parsed: a batch of one site repeats them


def resolve_full(
    raw: str | None, now: dt.datetime | None = None, lang: str | None = None, order: str | None = None
) -> str | None:
    """ISO 8601 for a chosen date string, keeping its time zone: an ISO stamp from the page's
    metadata is read as it is ("2024-03-12T08:00:00+01:00"); a written date is read by
    :func:`resolve` (fast, in the page's numeric order) and, when it names a zone ("10:00
    EST"), dateparser gives the offset; dateparser also reads what :func:`resolve` cannot."""
    if not raw:
        return None
    if ISO_FULL.fullmatch(raw):
        stamp = raw.strip()
        if "T" not in stamp and " " not in stamp:
            return stamp[:10]
        try:
            return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass
    ours = resolve(raw, now, lang, order)
    if ours is not None and ("T" not in ours or not ZONE.search(raw)):
        return ours
    if ours is None and (now is not None or not any(c.isdigit() for c in raw) or pattern("relative_date").search(raw)):
        return None  # a relative date ``resolve`` could not read, or no date at all: dateparser would guess
    if lang is None:
        return ours  # dateparser without a language tries every locale it has: ~1 s a string
    parsed = _dateparse(raw.strip(), lang, order)
    if parsed is None or (ours is not None and parsed[:16] != ours[:16]):
        return ours  # dateparser disagrees with the page's own order: keep ours
    return parsed


@functools.lru_cache(maxsize=DATEPARSER_CACHE)
def _dateparse(raw: str, lang: str, order: str | None) -> str | None:
    """dateparser's reading of a date string (absolute dates only; cached: it costs ~10 ms)."""
    import dateparser  # type: ignore[import-untyped, unused-ignore]  # loaded only when a page's date needs it

    settings: dict[str, object] = {"PREFER_DAY_OF_MONTH": "first", "STRICT_PARSING": True}
    settings["PARSERS"] = ["timestamp", "absolute-time"]  # never "3 days ago" against the clock
    if order is not None:
        settings["DATE_ORDER"] = order.upper()
    try:
        got: dt.datetime | None = dateparser.parse(raw, languages=[lang], settings=settings)
    except (ValueError, TypeError, OverflowError, AttributeError):
        return None
    if got is None:
        return None
    return got.isoformat() if (got.hour, got.minute, got.second) != (0, 0, 0) or got.tzinfo else got.date().isoformat()
