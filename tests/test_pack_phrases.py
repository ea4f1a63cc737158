"""The de/fr/es page-furniture phrases: each removes its widget line, and the same words inside a
story's sentence (between paragraphs of prose) stay."""

from __future__ import annotations

import pytest

import cleaner

PROSE = (
    "Die Stadtverwaltung hat am Montag neue Pläne für den Ausbau der Radwege vorgestellt, die in den "
    "kommenden drei Jahren umgesetzt werden sollen und rund zwölf Millionen Euro kosten."
)
MORE = (
    "Kritiker bemängeln, dass die Anwohner zu spät beteiligt wurden und viele Fragen zur Finanzierung "
    "der einzelnen Abschnitte noch immer offen sind, wie mehrere Verbände mitteilten."
)


LEDE = (
    "Seit Jahren fordern Pendler und Eltern sichere Wege zur Arbeit und zur Schule, doch bisher scheiterten "
    "die meisten Vorhaben an der Finanzierung und an Streit über die Parkplätze."
)


def _page(line: str) -> str:
    return f"Neue Radwege für die Stadt\n{LEDE}\n{PROSE}\n{line}\n{MORE}\n"  # a text dump: no blank lines


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Das könnte Dich auch interessieren:", "related.block"),
        ("Schreibe einen Kommentar", "comments.widget"),
        ("Teilen mit:", "share.bar"),
        ("Foto: Stadtwerke", "media.caption"),
        ("Photo by Jane Doe on Unsplash", "media.caption"),
        ("Vos réactions", "comments.widget"),
        ("Tu dirección de correo electrónico no será publicada.", "comments.widget"),
        ("Zobacz także", "related.block"),
        ("Fot. Jan Kowalski / Agencja Wyborcza", "media.caption"),
        ("Materiał chroniony prawem autorskim - zasady przedruków określa regulamin.", "page.disclaimer"),
        ("Empfohlener redaktioneller Inhalt", "consent.cookie-banner"),
        ("Zurück zur Übersicht", "nav.logo"),
        ("Tipps und Angebote für dein Zuhause per E-Mail", "promo.newsletter"),
        ("Coast Herald Newsletter", "promo.newsletter"),
    ],
)
def test_furniture_line_goes(line: str, rule: str) -> None:
    result = cleaner.clean(_page(line))
    assert line not in result.articles[0].text
    assert any(r.rule == rule for r in result.removals)
    assert PROSE in result.articles[0].text


def test_phrase_inside_a_story_sentence_stays() -> None:
    sentence = (
        "Wer nichts mehr verpassen will, so der Bürgermeister, solle sich in den kommenden Wochen bei "
        "den Informationsabenden im Rathaus über die einzelnen Bauabschnitte informieren lassen."
    )
    text = cleaner.clean(_page(sentence)).articles[0].text
    assert sentence in text
    assert MORE in text


def test_story_sentence_ending_in_a_promo_phrase_stays() -> None:
    # the last paragraph, nothing of prose under it: only the promo's short shape is matched
    closing = (
        "Wer Fragen zu den einzelnen Bauabschnitten hat, erreicht das Planungsamt in den kommenden "
        "Wochen am besten per E-Mail."
    )
    page = f"Neue Radwege für die Stadt\n{LEDE}\n{PROSE}\n{MORE}\n{closing}\n"
    assert closing in cleaner.clean(page).articles[0].text
