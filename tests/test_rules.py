"""The rule registry, the data files and the docs agree: every id the pipeline can emit is
documented and described, and the data is written the way the matcher reads it."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.rules import normalise, required_literal, rule, ruleset

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


def test_every_rule_id_is_documented_and_described() -> None:
    documented = set(re.findall(r"`([a-z]+\.[a-z-]+)`", DOCS.read_text(encoding="utf-8")))
    for rule_id in cleaner.rule_ids():
        assert rule_id in documented, f"{rule_id} missing from docs/rules.md"
        assert rule(rule_id).description, f"{rule_id} has no description in the rule data"


def test_rule_patterns_are_lower_case() -> None:
    """Lines are case-folded before they meet rule patterns; an upper-case letter in a pattern
    (outside an escape such as \\S or \\W) could never match."""
    for rule_id, r in ruleset().items():
        for p in r.patterns:
            stripped = re.sub(r"\\.", "", p.pattern)
            assert stripped == stripped.lower(), f"{rule_id}: pattern has upper case: {p.pattern}"


def test_exact_phrases_are_stored_normalised() -> None:
    for rule_id, r in ruleset().items():
        for phrase in r.exact:
            assert phrase == normalise(phrase), f"{rule_id}: {phrase!r} is not normalised"


def test_prefix_keeps_its_trailing_space() -> None:
    """'more in ' names a section ("More in Politics"), not every line starting "more inf…"."""
    result = cleaner.clean(
        "A long opening paragraph of the story that says what happened and where it happened today.\n"
        "Another paragraph follows here, with more detail about the people who were involved in it.\n"
        "More information\n"
        "A closing paragraph that ends the story and gives the last word to one of the officials."
    )
    assert "More information" in result.articles[0].text


def test_german_pack_applies_without_a_language_guess() -> None:
    page = (
        "Ein langer erster Absatz des Artikels, der erklärt, was in der Stadt passiert ist und warum.\n"
        "Teilen\n"
        "Ein zweiter Absatz mit weiteren Einzelheiten über die Beteiligten und die Folgen für alle.\n"
    )
    result = cleaner.clean(page)
    assert "share.bar" in result.stats()
    assert "Teilen" not in result.articles[0].text


def test_required_literal_reads_the_pattern_shape() -> None:
    assert required_literal(r"(?:^|[—–-])\s*[^()\n]{1,60}?\(@\w{1,15}\)\s+\d{4}") == "(@"
    assert required_literal(r"all rights reserved") == "all rights reserved"
    assert required_literal(r"photos?\s*:\s*\w+") == "photo"  # the optional "s" ends the run
    assert required_literal(r"abc|xyz") == ""  # either branch may match
    assert required_literal(r"[abc:]{2}x\.y") == "x.y"  # classes and their quantifiers are not literal
    assert required_literal(r"\p{L}+ ago\b") == " ago"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_match_of_a_rule_pattern_holds_its_required_literal(data: st.DataObject) -> None:
    """The substring test is only a shortcut: a line the pattern matches always passes it."""
    patterns = [p for r in ruleset().values() for p in r.patterns if isinstance(p, re.Pattern)]
    p = data.draw(st.sampled_from(patterns))
    line = data.draw(st.from_regex(p))
    assert required_literal(p.pattern) in line
