"""Rules that are data: phrase lists and patterns per rule id and language, kept in TOML files so
they can grow (and be reviewed) without touching pass code.

Layout: ``cleaner/rules/<lang>/<namespace>.toml``; each top-level table is a rule id with a
``description`` and any of ``exact`` (whole-line matches after normalisation), ``prefix``,
``contains``, ``regex`` and ``max_words``, and flags that widen a match: ``takes_list`` (a heading
takes the bullets under it), ``takes_caption`` (a credit takes the caption above it), ``fills``
(lines between two matches belong to the same widget). Passes read them through :func:`ruleset`.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from importlib import resources
from typing import TypeVar, overload

import regex

from cleaner.errors import UnsafePatternError
from cleaner.rules import safety

Pattern = re.Pattern[str] | regex.Pattern[str]
# every pattern compiled in code, by (source, flags), with its engine: the test walks them all
CODE_PATTERNS: dict[tuple[str | bytes, int], str] = {}
CODE_PATTERNS_MAX = 4096  # patterns built at run time (a tag's end) are few; the registry stays bounded


@overload
def compile_safe(source: str, flags: int = 0) -> re.Pattern[str]: ...
@overload
def compile_safe(source: bytes, flags: int = 0) -> re.Pattern[bytes]: ...
def compile_safe(source: str | bytes, flags: int = 0) -> re.Pattern[str] | re.Pattern[bytes]:
    """A code-level pattern on the stdlib engine, refused (UnsafePatternError) unless the
    linear-time check passes; recorded in CODE_PATTERNS."""
    safety.check(source, int(flags))
    if len(CODE_PATTERNS) < CODE_PATTERNS_MAX:
        CODE_PATTERNS.setdefault((source, int(flags)), "re")
    return re.compile(source, flags)


def compile_safe_regex(source: str, flags: int = 0) -> regex.Pattern[str]:
    """A code-level pattern on the ``regex`` engine (Unicode properties), checked as
    :func:`compile_safe` checks."""
    safety.check(source, _stdlib_flags(flags))
    if len(CODE_PATTERNS) < CODE_PATTERNS_MAX:
        CODE_PATTERNS.setdefault((source, int(flags)), "regex")
    return regex.compile(source, flags)


def _stdlib_flags(flags: int) -> int:
    """The flags the check reads (case and dot-all), from ``regex`` flags."""
    return (re.IGNORECASE if flags & regex.IGNORECASE else 0) | (re.DOTALL if flags & regex.DOTALL else 0)


def _compile_parts(parts: list[str]) -> regex.Pattern[str]:
    """Parts alternated on the ``regex`` engine (V1): an alternation of safe parts is safe (no
    loop holds it). Named patterns come only from the shipped packs, whose every part
    tests/test_patterns.py proves linear; checking them here cost ~1 s at every start."""
    return regex.compile("|".join(f"(?:{p})" for p in parts), regex.V1)


TOKEN = compile_safe(r"\w+")

# every pack applies to every page: matching needs no language guess
LANGS: tuple[str, ...] = ("en", "de", "es", "fr", "nl", "it", "pl")


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule's data: what it matches, merged over every language pack."""

    id: str
    description: str
    exact: frozenset[str]
    prefix: tuple[str, ...]
    contains: tuple[str, ...]
    patterns: tuple[Pattern, ...]
    max_words: int
    takes_list: bool = False  # a matched heading also takes the bulleted lines right under it
    takes_caption: bool = False  # a matched credit line also takes the caption right above it
    fills: bool = False  # lines between two nearby matches belong to the same widget
    fills_prose: bool = False  # ... even when they are long sentences (consent walls explain at length)


# Distinct lines remembered by every line-keyed cache (bounded LRUs: memory stays flat over a
# corpus; benchmarks/memory.py measures it). 8,192 lines are some 40 pages: the passes' repeated
# questions within a page and a site's menus across the next pages hit. 65,536 held 318 MiB per
# process after 1,950 distinct text dumps against 170 MiB, for no CPU time saved (71.0 s vs 67.7 s),
# and a -j 2 batch holds one set per worker.
LINE_CACHE = 8192


@functools.lru_cache(maxsize=LINE_CACHE)
def normalise(text: str) -> str:
    """Case-folded, space-collapsed, trimmed of edge punctuation: how lines meet phrase lists."""
    return " ".join(text.casefold().split()).strip(" .:;,!|-–—•·>»›*#()[]")


@functools.cache
def _load(lang: str) -> dict[str, list[dict[str, object]]]:
    """Every table of a language pack by rule id; one id may have tables in several files."""
    out: dict[str, list[dict[str, object]]] = {}
    base = resources.files("cleaner.rules").joinpath(lang)
    for entry in sorted(base.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
            for key, value in data.items():
                if isinstance(value, dict):
                    out.setdefault(key, []).append(value)
    return out


def _str_list(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _compile(source: str) -> Pattern:
    """The stdlib engine where the pattern allows it (several times faster), the ``regex`` engine
    for Unicode properties such as ``\\p{L}``. Lines are case-folded before they meet rule
    patterns, so the data writes them in lower case and no case-insensitive matching is needed.
    Shipped patterns are proven linear by tests/test_patterns.py, a config's at load
    (:func:`_rule_tables`): checking all of them at every start cost ~0.5 s."""
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source, regex.V1)


def _top_level_alternation(source: str) -> bool:
    """Whether a pattern has a ``|`` outside any group or character class."""
    depth, in_class, escaped = 0, False, False
    for ch in source:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
    return False


QUANTIFIERS = frozenset("?*+{")
CLASS_ESCAPES = frozenset("sSwWdDbBAZpPNX0123456789")


def required_literal(source: str) -> str:
    """The longest run of literal characters every match must contain (outside groups, classes
    and quantifiers), or "": a substring test that rules out most lines before the regex runs."""
    if _top_level_alternation(source):
        return ""
    runs, run, depth, k = [], "", 0, 0
    while k < len(source):
        ch, step, literal = source[k], 1, ""
        if ch == "\\" and k + 1 < len(source):
            step = 2
            literal = "" if source[k + 1] in CLASS_ESCAPES or source[k + 1].isalpha() else source[k + 1]
        elif ch == "[":
            step = _class_end(source, k) - k
        elif ch == "{":
            step = source.find("}", k) - k + 1 if "}" in source[k:] else 1
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch not in ".^$|?*+":
            literal = ch
        k += max(step, 1)
        if literal and depth == 0 and source[k : k + 1] not in QUANTIFIERS:
            run += literal
        else:
            runs.append(run)
            run = ""
    return max([*runs, run], key=len)


def _class_end(source: str, start: int) -> int:
    """Index just past the character class opening at ``start``."""
    k = start + 1
    if source[k : k + 1] == "^":
        k += 1
    if source[k : k + 1] == "]":
        k += 1
    while k < len(source) and source[k] != "]":
        k += 2 if source[k] == "\\" else 1
    return k + 1


def _compile_all(patterns: list[str]) -> tuple[Pattern, ...]:
    """A rule's patterns, compiled for speed: the ones anchored at the line start share one
    pattern (the engine then tries only position 0); the others stay apart, since an alternation
    with an unanchored branch would be tried at every position for every branch."""
    anchored = [p[1:] for p in patterns if p.startswith("^") and not _top_level_alternation(p)]
    others = [p for p in patterns if not (p.startswith("^") and not _top_level_alternation(p))]
    head = (_compile("^(?:" + "|".join(f"(?:{p})" for p in anchored) + ")"),) if anchored else ()
    return head + tuple(_compile(p) for p in others)


def _merge(rule_id: str, tables: list[dict[str, object]]) -> Rule:
    exact: set[str] = set()
    prefix: list[str] = []
    contains: list[str] = []
    patterns: list[str] = []
    description = ""
    max_words = 12
    takes_list = takes_caption = fills = fills_prose = False
    for t in tables:
        takes_list = takes_list or bool(t.get("takes_list", False))
        takes_caption = takes_caption or bool(t.get("takes_caption", False))
        fills = fills or bool(t.get("fills", False))
        fills_prose = fills_prose or t.get("fills") == "prose"
        description = description or str(t.get("description", ""))
        exact.update(normalise(s) for s in _str_list(t.get("exact")))
        # a trailing space is part of a prefix: "more in " must not match "more information"
        prefix.extend(normalise(s) + (" " if s.endswith(" ") else "") for s in _str_list(t.get("prefix")))
        contains.extend(s.casefold() for s in _str_list(t.get("contains")))
        patterns.extend(_str_list(t.get("regex")))
        mw = t.get("max_words")
        if isinstance(mw, int):
            max_words = mw
    compiled = _compile_all(patterns)
    return Rule(
        rule_id,
        description,
        frozenset(exact),
        tuple(prefix),
        tuple(contains),
        compiled,
        max_words,
        takes_list,
        takes_caption,
        fills,
        fills_prose,
    )


NOT_RULES = frozenset({"patterns", "dates"})  # a pack's tables that hold no rule


@functools.cache
def month_numbers() -> dict[str, int]:
    """Every pack's month names and abbreviations (case-folded) to the month's number."""
    out: dict[str, int] = {}
    for lang in LANGS:
        for table in _load(lang).get("dates", []):
            for number, names in enumerate(_list(table.get("months")), start=1):
                for name in _str_list(names):
                    out.setdefault(name.casefold(), number)
    return out


@dataclass(frozen=True)
class AgeWords:
    """The words every pack writes ages with, for resolving "3 hours ago", "hace 3 horas", "vor
    3 Stunden", "3 uur geleden" against a caller's ``now``."""

    units: dict[str, str]  # word → kind: s, m, h, d, w, mo, y
    one: frozenset[str]
    days_back: tuple[tuple[str, int], ...]  # a named day and how many days back, longest first


@functools.cache
def age_words() -> AgeWords:
    """Every pack's age words, merged (the first pack to name a word decides its kind)."""
    units: dict[str, str] = {}
    one: set[str] = set()
    days: dict[str, int] = {}
    for lang in LANGS:
        for table in _load(lang).get("dates", []):
            ages = table.get("ages")
            for kind, names in ages.items() if isinstance(ages, dict) else []:
                for name in _str_list(names):
                    units.setdefault(name.casefold(), str(kind))
            one.update(n.casefold() for n in _str_list(table.get("one")))
            for key, back in (("today", 0), ("yesterday", 1), ("day_before_yesterday", 2)):
                for name in _str_list(table.get(key)):
                    days.setdefault(name.casefold(), back)
    named = tuple(sorted(days.items(), key=lambda kv: -len(kv[0])))  # "avant-hier" before "hier"
    return AgeWords(units, frozenset(one), named)


@functools.cache
def numeric_order(lang: str | None) -> str:
    """How a language writes a numeric date: "dmy" (day first) or "mdy" ("04/02/2025" is
    April 2 with slashes, as in US English). Languages without a pack read day first; with no
    language known, slashes read as in English."""
    if lang is None:
        lang = "en"
    for table in _load(lang).get("dates", []) if lang in LANGS else []:
        return str(table.get("numeric_order", "dmy"))
    return "dmy"


def ruleset() -> dict[str, Rule]:
    """Every rule id of the active rule set with its data merged across its language packs."""
    return active().rules


def _rule_tables(langs: tuple[str, ...], extra: Mapping[str, Mapping[str, object]]) -> dict[str, Rule]:
    """The packs' tables per rule id, with a config's extra phrases and patterns as one more table."""
    tables: dict[str, list[dict[str, object]]] = {}
    for lang in langs:
        for key, values in _load(lang).items():
            if key not in NOT_RULES:
                tables.setdefault(key, []).extend(values)
    for key, table in extra.items():
        for source in _str_list(table.get("regex")):
            _check_config_pattern(key, source)
        tables.setdefault(key, []).append(dict(table))
    return {k: _merge(k, v) for k, v in sorted(tables.items())}


def _check_config_pattern(rule_id: str, source: str) -> None:
    """A config's pattern that could backtrack super-linearly (or does not parse) is refused at
    load, the message naming where it stands."""
    try:
        safety.check(source)
    except UnsafePatternError as exc:
        raise UnsafePatternError(f"phrases.{rule_id}.regex: {exc}") from None


def rule(rule_id: str) -> Rule:
    """One rule's data; an id with no data file gets an empty rule (matches nothing)."""
    return ruleset().get(rule_id) or Rule(rule_id, "", frozenset(), (), (), (), 0)


BULLET_MARKS = ("•", "- ", "* ", "· ", "– ", "▪", "►", "✓")


def is_bullet(text: str) -> bool:
    """A bulleted list line ("• Point", "- Point")."""
    return text.lstrip().startswith(BULLET_MARKS)


def pattern(name: str) -> regex.Pattern[str]:
    """A named pattern from the ``[patterns]`` tables (dates, stamps, bylines), alternated over the
    active rule set's language packs. Unknown names compile to a pattern that never matches."""
    rs = _ACTIVE.get()
    if rs is None:
        rs = default_ruleset()
    found = rs.patterns.get(name)
    if found is None:
        found = rs.patterns[name] = _alternation(name, rs.langs)
    return found


@functools.cache
def _alternation(name: str, langs: tuple[str, ...]) -> regex.Pattern[str]:
    """A named pattern over the given packs, compiled once per process for each set of packs."""
    parts = [part for lang in langs for part in _pattern_parts(name, lang)]
    return _compile_parts(parts or [r"(?!x)x"])


def _pattern_parts(name: str, lang: str) -> list[str]:
    """One pack's entries of a named pattern, in the order its files give them."""
    parts: list[str] = []
    for table in _load(lang).get("patterns", []):
        value = table.get(name)
        parts.extend(_str_list(value) if isinstance(value, list) else [str(value)] if value else [])
    return parts


@functools.cache
def pack_pattern(name: str, lang: str) -> regex.Pattern[str] | None:
    """One pack's entries of a named pattern as one alternation, or None when the pack has none."""
    parts = _pattern_parts(name, lang)
    return _compile_parts(parts) if parts else None


@functools.cache
def pack_gate(lang: str) -> re.Pattern[str]:
    """What a lower-cased line must hold for a pack's month-naming or relative dates to be in it:
    its month names or its relative-date words (the pack's ``date_hint``). The date alternations
    are slow; most lines hold no such word, so most skip them."""
    tables = _load(lang).get("dates", [])
    words = {n for table in tables for names in _list(table.get("months")) for n in _str_list(names)}
    hints = [str(t["date_hint"]) for t in _load(lang).get("patterns", []) if t.get("date_hint") and lang != LANGS[0]]
    parts = [*(f"(?:{h})" for h in hints), *([any_of(words)] if words else [])]
    return re.compile("|".join(parts))  # met by lower-cased text: no case folding to do


def any_of(words: set[str]) -> str:
    """A pattern found in a text exactly where one of ``words`` is, built for a fast search: a
    word holding another ("april" holds "apr") is dropped, since the shorter one is found
    wherever the longer is, and the rest share their prefixes (a trie), so the engine tries one
    branch per position instead of every word."""
    kept = sorted(w for w in words if not any(o != w and o in w for o in words))
    trie: Trie = {}
    for word in kept:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_source(trie)


Trie = dict[str, "Trie"]  # a character to the words' rest; "" marks a word's end


def _trie_source(node: Trie) -> str:
    """One trie node as a pattern: its branches alternated, optional where a word ends here."""
    branches = [re.escape(ch) + _trie_source(sub) for ch, sub in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


@functools.cache
def date_gate(name: str, lang: str) -> re.Pattern[str] | None:
    """What a case-folded line must hold for one pack's date pattern to be tried (the pack's
    ``<name>_gate``: a condition every entry of the pattern implies, such as "a digit and a
    dot" before a German "12. März"), or None when the pack sets none. A stdlib search for a
    few characters rules out most lines that reach the slow alternations."""
    parts = _pattern_parts(f"{name}_gate", lang)
    return re.compile("|".join(f"(?:{p})" for p in parts)) if parts else None


def gated(lang: str, name: str) -> bool:
    """Whether a pack's date pattern needs its gate open: every one but the English numeric and
    relative ones, whose digits ("28/05/2025", "3h", "20 hours ago") no word announces."""
    return lang != LANGS[0] or name == "named_date"


def _list(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else []


def line_rules(norm: str, words: int) -> dict[str, bool]:
    """Every phrase rule of the active rule set that names this normalised line, with whether the
    match is exact. Cached per distinct line and rule set: pages repeat their menus and footers,
    and corpora repeat sites, so most lines are looked up once per process, not once per pass."""
    return active().line_rules(norm, words)


def _line_rules(norm: str, words: int) -> dict[str, bool]:
    """:func:`line_rules` uncached, on the active rule set."""
    out = dict.fromkeys(_exact_index().get(norm, ()) or _control_bar(norm), True)
    if words > _max_words():
        return out  # longer than any rule's limit: only whole-line phrases could match
    m = _matcher()
    for token in m.tokens.intersection(TOKEN.findall(norm)):
        _add_phrase_hits(out, m.phrases[token], norm, words)
    _add_phrase_hits(out, m.always, norm, words)
    if m.anchored_any is not None and m.anchored_any.match(norm):
        _add_pattern_hits(out, m.anchored, norm, words)
    _add_pattern_hits(out, m.floating, norm, words)
    return out


BAR_SEPARATORS = compile_safe(r"\s+[·•|]\s+")
WORD_CHAR = compile_safe(r"\w")


def _control_bar(norm: str) -> tuple[str, ...]:
    """The rules of a bar of controls: parts between separators that are each a whole-line
    phrase ("Mark as read · ☆ Star · Save to Read later", "12 comments · Share · Save"); the bar
    is named by its first part's rules."""
    parts = BAR_SEPARATORS.split(norm) if "·" in norm or "•" in norm or "|" in norm else []
    if len(parts) < 2:
        return ()
    index = _exact_index()
    found = [index.get(_without_edges(part)) or _count_part(part) for part in parts]
    return found[0] if all(found) else ()


def _without_edges(part: str) -> str:
    r"""A control's label without the icons around it ("☆ Star", "Open original ↗"), in linear time:
    re.sub(r"^\W+|\W+$") retries the trailing run from every position, quadratic on "> > … x > > …"."""
    first = WORD_CHAR.search(part)
    last = WORD_CHAR.search(part[::-1])
    if first is None or last is None:
        return ""
    return part[first.start() : len(part) - last.start()]


def _count_part(part: str) -> tuple[str, ...]:
    """A counter among controls ("14 comments", "3 shares") names its rule by its pattern."""
    m = _matcher()
    return tuple(rule_id for rule_id, _, pat, _ in (*m.anchored, *m.floating) if pat.fullmatch(part))[:1]


def _add_phrase_hits(out: dict[str, bool], phrases: tuple[Phrase, ...], norm: str, words: int) -> None:
    for rule_id, phrase, is_prefix, max_words in phrases:
        if words <= max_words and rule_id not in out and (norm.startswith(phrase) if is_prefix else phrase in norm):
            out[rule_id] = False


def _add_pattern_hits(out: dict[str, bool], patterns: tuple[RulePattern, ...], norm: str, words: int) -> None:
    for rule_id, max_words, pat, needs in patterns:
        if words <= max_words and rule_id not in out and needs in norm and pat.search(norm):
            out[rule_id] = False


Phrase = tuple[str, str, bool, int]  # rule id, phrase, whether it must start the line, word limit
RulePattern = tuple[str, int, Pattern, str]  # rule id, word limit, pattern, a substring it needs


@dataclass(frozen=True)
class Matcher:
    """Every rule's phrases and patterns arranged so one line is tested against all of them with
    a few set and dict operations: phrases are found through their longest word (a line can only
    contain a phrase whose longest word is one of its own words), and the patterns anchored at
    the line start are first tried as one alternation, which fails for almost every line."""

    tokens: frozenset[str]
    phrases: dict[str, tuple[Phrase, ...]]
    always: tuple[Phrase, ...]  # phrases with no word (symbols such as "©"), tried on every line
    anchored_any: Pattern | None
    anchored: tuple[RulePattern, ...]
    floating: tuple[RulePattern, ...]


def _matcher() -> Matcher:
    """The active rule set's phrase data, arranged for :func:`line_rules`."""
    return active().matcher


def _build_matcher(rules: Mapping[str, Rule]) -> Matcher:
    """A rule set's data arranged for :func:`line_rules` (built once per rule set)."""
    index: dict[str, list[Phrase]] = {}
    anchored: list[RulePattern] = []
    floating: list[RulePattern] = []
    for rule_id, r in rules.items():
        sources = [str(p.pattern) for p in r.patterns]
        literal = [s for s in sources if required_literal(s) == s]  # plain text: a phrase, not a pattern
        entries = [(rule_id, p, True, r.max_words) for p in r.prefix]
        entries += [(rule_id, c, False, r.max_words) for c in [*r.contains, *literal]]
        for entry in entries:
            toks = TOKEN.findall(entry[1])
            index.setdefault(max(toks, key=len) if toks else "", []).append(entry)
        for p, source in zip(r.patterns, sources, strict=True):
            if source not in literal:
                at_start = source.startswith("^") and not _top_level_alternation(source)
                (anchored if at_start else floating).append((rule_id, r.max_words, p, required_literal(source)))
    always = tuple(index.pop("", ()))
    any_source = "|".join(f"(?:{str(p.pattern)[1:]})" for _, _, p, _ in anchored)
    return Matcher(
        tokens=frozenset(index),
        phrases={k: tuple(v) for k, v in index.items()},
        always=always,
        anchored_any=_compile(f"^(?:{any_source})") if anchored else None,
        anchored=tuple(anchored),
        floating=tuple(floating),
    )


def _exact_index() -> dict[str, tuple[str, ...]]:
    """Whole-line phrases of the active rule set to the rules that list them."""
    return active().exact_index


def _build_exact_index(rules: Mapping[str, Rule]) -> dict[str, tuple[str, ...]]:
    """Whole-line phrases to the rules that list them."""
    index: dict[str, list[str]] = {}
    for rule_id, r in rules.items():
        for phrase in r.exact:
            index.setdefault(phrase, []).append(rule_id)
    return {k: tuple(v) for k, v in index.items()}


def _max_words() -> int:
    """The largest word limit of any rule: longer lines skip the phrase and pattern tests."""
    return active().max_words


FEATURE_CACHE = LINE_CACHE  # distinct texts remembered per rule-set-dependent feature


class RuleSet:
    """The rule data one configuration compiles to: which packs apply, every rule (with a config's
    extra phrases and patterns) and the caches that depend on them. Built once per configuration
    and made active for the length of a ``clean()`` call, so two configurations can live in one
    process (and in two threads) without sharing a cached answer."""

    def __init__(self, langs: tuple[str, ...] = LANGS, extra: Mapping[str, Mapping[str, object]] | None = None) -> None:
        self.langs = langs
        self.rules = _rule_tables(langs, extra or {})
        self.matcher = _build_matcher(self.rules)
        self.exact_index = _build_exact_index(self.rules)
        self.max_words = max((r.max_words for r in self.rules.values()), default=0)
        self.patterns: dict[str, regex.Pattern[str]] = {}
        self.cached: list[Callable[..., object]] = []  # per_ruleset caches, by slot
        self.line_rules = functools.lru_cache(maxsize=LINE_CACHE)(self._line_rules)

    def warm(self) -> None:
        """Compile every named pattern now (they compile on first use otherwise, ~1 s in all): a
        worker that warms up before its first page spends its deadlines on pages, not on compiling."""
        token = _ACTIVE.set(self)
        try:
            for name in sorted({key for lang in self.langs for table in _load(lang).get("patterns", []) for key in table}):
                pattern(name)
                for lang in self.langs:
                    pack_pattern(name, lang)
        finally:
            _ACTIVE.reset(token)

    def _line_rules(self, norm: str, words: int) -> dict[str, bool]:
        token = _ACTIVE.set(self)  # the uncached lookup reads this set's data
        try:
            return _line_rules(norm, words)
        finally:
            _ACTIVE.reset(token)


@functools.cache
def default_ruleset() -> RuleSet:
    """Every pack, no extra data: what ``cleaner.clean()`` uses (built on first use)."""
    return RuleSet()


_ACTIVE: ContextVar[RuleSet | None] = ContextVar("cleaner_ruleset", default=None)


def active() -> RuleSet:
    """The rule set of the ``clean()`` call in progress (the default one outside any call)."""
    rs = _ACTIVE.get()
    return rs if rs is not None else default_ruleset()


def activate(rules: RuleSet) -> object:
    """Make ``rules`` active; returns the token :func:`deactivate` takes to restore the previous one."""
    return _ACTIVE.set(rules)


def deactivate(token: object) -> None:
    """Restore the rule set active before :func:`activate`."""
    _ACTIVE.reset(token)  # type: ignore[arg-type]


R = TypeVar("R")
_CACHED: list[Callable[..., object]] = []  # every per_ruleset function, by slot


def per_ruleset(fn: Callable[[str], R]) -> Callable[[str], R]:
    """Cache a feature of one line per distinct line *and* rule set (a bounded LRU each): for
    features whose answer depends on the packs in force (dates, bylines, outlets). A slot number,
    not a name, finds the rule set's cache, and the wrapper takes the line alone (no argument
    tuple to pack): it sits on the hottest path of the pipeline."""
    slot = len(_CACHED)
    _CACHED.append(fn)

    @functools.wraps(fn)
    def cached(text: str) -> R:
        rs = _ACTIVE.get()
        fns = (rs if rs is not None else default_ruleset()).cached
        if slot >= len(fns):
            fns.extend(functools.lru_cache(maxsize=FEATURE_CACHE)(f) for f in _CACHED[len(fns) :])
        return fns[slot](text)  # type: ignore[return-value]

    return cached
