"""The cheap tests before the date patterns change no answer: a pack pattern's gate
(``<name>_gate`` in its ``[patterns]``) opens on every line the pattern matches, and the word
gate of a pack, built as a trie of its shortest month names, is found exactly where a month
name is."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from cleaner import features, rules
from cleaner.features import date_span
from cleaner.rules import LANGS, any_of, date_gate, gated, pack_gate, pack_pattern

ROOT = Path(__file__).resolve().parents[1]
DATE_KINDS = ("absolute_date", "named_date", "relative_date")

# dates of every gated shape, and lines that look close to them
SAMPLES = [
    "3 hours ago", "20 HOURS AGO", "time2 hours ago", "an hour ago", "Updated yesterday", "Posted today",
    "Yesterday, 22:10", "Today at 9:15 am", "Just now", "• Just now", "3h", "45m", "Reuters • 2h", "Feed / 3h",
    "Feed/ 12 mins · World", "12. März 2025", "Montag, 3. Mai 2025, 18:40 Uhr", "vor 3 Stunden", "Gestern, 18:40",
    "Vorgestern", "• Heute 09:15 Uhr", "12 de marzo de 2025", "12 mar. 2025", "hace 3 horas", "Ayer, 18:40",
    "anteayer", "1er avril 2025", "12 déc. 2025, à 18h40", "il y a 3 heures", "Hier, 18h40", "aujourd'hui",
    "12 maart 2025", "ma 3 mrt", "3 uur geleden", "Gisteren om 18:40", "zojuist", "1° maggio 2025", "12 mar 2025",
    "2 ore fa", "un'ora fa", "l'altro ieri", "poco fa", "Oggi alle 9.15", "Long ago and far away", "Today's menu",
    "Trending today", "In 2025 the council met", "Room 12.30", "Call 555-0100", "3 Hours Ago · Sport",
    "geſtern, 18:40", "vor 3 Stunden | Sport",
]


def _lines() -> list[str]:
    """The samples and every line of the shipped fixtures' inputs."""
    found = list(SAMPLES)
    for path in sorted(ROOT.glob("fixtures/*/input.*")):
        found.extend(path.read_text(encoding="utf-8").splitlines())
    return found


LINES = _lines()


@pytest.mark.parametrize("lang", LANGS)
def test_a_gate_opens_wherever_its_pattern_matches(lang: str) -> None:
    """The gate is a necessary condition: no line the pattern matches is kept from it."""
    for name in DATE_KINDS:
        pattern, gate = pack_pattern(name, lang), date_gate(name, lang)
        if pattern is None or gate is None:
            continue
        missed = [line for line in LINES if pattern.search(line) and not gate.search(line.casefold())]
        assert missed == [], (lang, name, missed[:3])


def test_the_gates_close_on_most_lines() -> None:
    """A gate that opened on every line would save nothing: the English relative one keeps
    digits alone and words that merely hold a digit out."""
    gate = date_gate("relative_date", "en")
    assert gate is not None
    assert not gate.search("in 2025 the council met")
    assert not gate.search("room 12.30")
    assert gate.search("reuters • 2h") and gate.search("3 hours ago") and gate.search("45m")


def test_gated_date_span_is_the_ungated_one() -> None:
    """date_span with every gate finds what trying every pack's pattern finds."""
    for line in LINES:
        assert date_span(line) == _ungated(line), line


def _ungated(text: str) -> tuple[int, int] | None:
    """date_span as it read before the pattern gates (only the pack word gates)."""
    text = text[:8000]
    if not rules.pattern("date_hint").search(text):
        return None
    stripped = text.strip()
    core = rules.pattern("date_label").sub("", stripped)
    if len(text) <= 48 and (":" in text or "." in text) and rules.pattern("time_line").fullmatch(core):
        start = len(text) - len(text.lstrip()) + len(stripped) - len(core)
        return (start, start + len(core))
    best = None
    for kinds in (("absolute_date", "named_date"), ("relative_date",)):
        for lang in LANGS:
            for name in kinds:
                p = pack_pattern(name, lang)
                opened = not gated(lang, name) or pack_gate(lang).search(text.lower())
                m = p.search(text) if p is not None and opened else None
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), m.end())
    if best is None:  # the steps after the pack patterns take no gate: the same code on both sides
        return features._field_time(text)
    return (best[0], features._time_after(text, best[1], LANGS))


def test_any_of_is_found_exactly_where_a_word_is() -> None:
    """The trie of the shortest words is found in a text iff one of the words is in it."""
    draw = random.Random(11)
    alphabet = "abcdeéä"
    for _ in range(300):
        words = {"".join(draw.choice(alphabet) for _ in range(draw.randint(1, 5))) for _ in range(draw.randint(1, 8))}
        gate = __import__("re").compile(any_of(words))
        for _ in range(20):
            text = "".join(draw.choice(alphabet + " ") for _ in range(draw.randint(0, 12)))
            assert (gate.search(text) is not None) == any(w in text for w in words), (words, text)
