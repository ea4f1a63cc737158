"""Linear time by construction: every pattern — all rule data of every pack and every pattern
compiled in code — passes the static backtracking check, the check refuses the shapes that
backtrack super-linearly, and the line that once took hours cleans in well under a second."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import random
import re
import time
import tomllib
from pathlib import Path

import pytest
import regex

import cleaner
from cleaner import rules
from cleaner.errors import CleanerError, UnsafePatternError
from cleaner.rules import safety

PACKAGE = Path(cleaner.__file__).resolve().parent
# the breadcrumb pattern as shipped before the check: exponential on a PHP array dump line
OLD_BREADCRUMB = r"^(?:[^>»›/|]{1,30}\s*[>»›]\s*){2,}(?!\s*\d)[^>»›]{1,60}$"
PHP_LINE = "zones:array ( " + " ".join(f"[{i}] => {i % 9 + 1}" for i in range(40)) + " )"


def _rule_data() -> list[tuple[str, str]]:
    """Every pattern in the rule data: (where, source) for each ``regex`` entry of a rule
    table and each value of a ``[patterns]`` table, in every pack."""
    found: list[tuple[str, str]] = []
    for path in sorted((PACKAGE / "rules").glob("*/*.toml")):
        for key, table in tomllib.loads(path.read_text(encoding="utf-8")).items():
            if not isinstance(table, dict) or key == "dates":
                continue
            values = table.values() if key == "patterns" else [table.get("regex", [])]
            for value in values:
                for source in value if isinstance(value, list) else [value]:
                    if isinstance(source, str):
                        found.append((f"{path.parent.name}/{path.name} {key}", source))
    return found


def test_rule_data_is_walked() -> None:
    """The walk finds the pattern tables of every pack (a walk that found nothing proves nothing)."""
    data = _rule_data()
    assert len(data) > 200
    assert {where.split("/")[0] for where, _ in data} == set(rules.LANGS)


@pytest.mark.parametrize(("where", "source"), _rule_data())
def test_every_rule_pattern_is_linear(where: str, source: str) -> None:
    assert safety.verdict(source).reason == "", where


def test_every_code_pattern_goes_through_the_check() -> None:
    """Importing every module compiles its patterns through rules.compile_safe*; each is in the
    registry and passes the check."""
    for module in pkgutil.walk_packages(cleaner.__path__, "cleaner."):
        if not module.name.endswith("__main__"):  # that one runs the command line
            importlib.import_module(module.name)
    assert len(rules.CODE_PATTERNS) >= 30
    for (source, flags), engine in rules.CODE_PATTERNS.items():
        check_flags = rules._stdlib_flags(flags) if engine == "regex" else flags
        assert safety.verdict(source, check_flags).reason == "", source


BARE_CALLS = frozenset({"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"})
HELPERS = {PACKAGE / "rules" / "__init__.py", PACKAGE / "rules" / "safety.py"}


def test_no_pattern_bypasses_the_helpers() -> None:
    """No module but the helpers calls re.compile, regex.compile or a module-level re/regex
    function with a pattern: those would skip the check."""
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in HELPERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            name = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
            if name in ("re", "regex") and func is not None and getattr(func, "attr", "") in BARE_CALLS:
                bare.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {name}")
    assert bare == []


@pytest.mark.parametrize(
    ("source", "why"),
    [
        (r"(a+)+", "exponentially"),
        (r"(a|a)*", "exponentially"),
        (r"(a*)*b", "exponentially"),
        (r"(\s*x\s*)+", "exponentially"),
        (OLD_BREADCRUMB, "exponentially"),
        (r"(?:\w{1,2}\s?){0,5}", "exponentially"),  # bounded, but 2^5 ways: loops count when bounded
        (r"x(?=(a+)+y)", "exponentially"),  # a lookahead's body is checked on its own
        (r"\s*\s*$", "polynomially"),
        (r".*x.*$", "polynomially"),
        (r"\d+\.?\d+", "polynomially"),
        (r"^\w+:?\s*:?\s*\w", "polynomially"),
        (r"(a+)\1", "unbounded width"),
        (r"(a)?(?(1)b|c)", "conditional"),
        (r"[[a-z]--[aeiou]]+x", "set operation"),  # regex V1 syntax the stdlib parser would misread
    ],
)
def test_refuses_super_linear_shapes(source: str, why: str) -> None:
    with pytest.raises(UnsafePatternError) as caught:
        safety.check(source)
    assert why in str(caught.value)
    assert repr(source) in str(caught.value)  # the message names the pattern


@pytest.mark.parametrize(
    "source",
    [
        r"\w+\s+\w+",
        r"^\d{1,3}$",
        r"[^|]{2,40}\s*$",  # a bounded class next to \s*: at most 41 ways
        r"(?:\d{1,2}\s?){0,3}",
        r"a+b+",
        r"(?:ab)+c",
        r"\p{L}+\s\p{Lu}\p{Ll}+",
        r"(?<=[•·|,/]\s{0,2})\d+",
        r"\b(\d{1,2})([-./])(\d{1,2})\2(\d{4})\b",  # a backreference to a one-character group
        r"^\s*(?:published|updated)\s*(?::\s*)?",
        r"(?>a+)b",  # atomic: safe because the plain form is
    ],
)
def test_accepts_linear_shapes(source: str) -> None:
    safety.check(source)


def test_refusal_is_a_cleaner_error_at_load() -> None:
    """A user's rule pattern is checked where rule data is compiled (shipped ones by this file)."""
    with pytest.raises(CleanerError, match="nested quantifiers"):
        rules.RuleSet(extra={"nav.breadcrumb": {"regex": [r"^(?:\s*x\s*)+$"]}})
    with pytest.raises(UnsafePatternError):
        rules.compile_safe_regex(r"(\p{L}+)+!")


def test_rewritten_breadcrumb_matches_as_the_old_one() -> None:
    """The shipped breadcrumb says yes and no to the same lines as the exponential pattern it
    replaced (short random lines, so the old one stays fast), and to the examples."""
    new = re.compile(next(s for where, s in _rule_data() if where.endswith("nav.breadcrumb") and "(?!" in s))
    old = re.compile(OLD_BREADCRUMB)
    draw = random.Random(11)
    pieces = ["a", "home", "news", " ", "  ", ">", " > ", "›", "»", "/", "|", "1", "\t", "x" * 29, "y" * 31, "29 april"]
    for _ in range(3000):
        line = "".join(draw.choice(pieces) for _ in range(draw.randint(0, 9)))
        assert bool(new.search(line)) == bool(old.search(line)), line
    assert new.search("home > news > local")
    assert not new.search("opinion › letters › 29 april 2025")  # a date as the last step: a listing
    assert not new.search("home > news")  # one step is not a trail


def test_php_array_dump_cleans_fast() -> None:
    """The line that took hours (every `[n] => v` pair doubled the time) cleans in well under
    a second; 5 s leaves room for a loaded CI machine."""
    cleaner.clean("warm up the rule set")
    for pattern in rules.rule("nav.breadcrumb").patterns:
        start = time.process_time()
        pattern.search(PHP_LINE)
        assert time.process_time() - start < 1.0
    start = time.process_time()
    result = cleaner.clean(f"Theatre news\n\n{PHP_LINE}\n\nThe season opens with three premieres in May.")
    assert time.process_time() - start < 5.0
    assert result.kind == "article"


def test_checking_all_rule_data_is_fast() -> None:
    """The check runs at load for every pattern: all rule data in well under a second on an idle
    machine, in CPU time (3 s allows for a slow CI machine)."""
    sources = [source for _, source in _rule_data()]
    safety.verdict.cache_clear()
    start = time.process_time()
    for source in sources:
        safety.verdict(source)
    assert time.process_time() - start < 3.0


def test_the_regex_engine_is_kept() -> None:
    """compile_safe_regex gives a ``regex`` pattern (Unicode properties work), compile_safe a
    stdlib one; both are what the caller asked for."""
    assert isinstance(rules.compile_safe_regex(r"\p{Lu}\p{Ll}+"), regex.Pattern)
    assert rules.compile_safe(r"\d+").fullmatch("42")
