"""A static check that a pattern cannot backtrack super-linearly, run at load on every pattern —
shipped rule data, a user's config, and the patterns in code — so that no line can stall a
worker (a breadcrumb pattern once took hours on one PHP array dump).

Method (Weideman et al., "Analyzing matching time behavior of backtracking regular expression
matchers by using ambiguity of NFA"): parse the pattern with the stdlib parser (``regex``-only
``\\p{..}`` classes are swapped for placeholder characters first), build an ε-NFA whose edges
read abstract character classes, and decide how ambiguous it is. Two classes meet when they share
a character of a representative alphabet: every literal and range edge of the pattern plus a
sample of letters, digits, spaces, punctuation, symbols and non-ASCII letters. Parallel ε-paths
between the same two reading states (``(a*)*``) count as distinct edges. The rules:

1. **EDA is refused**: no state may have two distinct loops on the same word (``(a+)+``,
   ``(a|a)*``, ``(\\s*x\\s*)+``). Bounded quantifiers count as loops here: ``(a|a){0,30}`` is
   2^30 paths.
2. **IDA between unbounded loops is refused**: no states p ≠ q with loops p→p and q→q and a path
   p→q on one common word (``\\s*\\s*``, ``\\w+\\s*\\w+`` is fine, ``.*x.*`` is not), when both
   loops are unbounded (``*``, ``+``, ``{m,}``) or lie inside one. When one of the two is a
   bounded quantifier ``{m,n}`` (``[^|]{2,40}\\s*``), the pair splits a text in at most n+1 ways:
   a constant factor, accepted.
3. Small bounded quantifiers (n ≤ 3, or an exact count) are expanded exactly; larger ones are
   analysed as loops (an over-approximation: safe).
4. Lookarounds are ε in the outer NFA and their bodies are checked as patterns of their own.
   A backreference to a group of bounded width is analysed as a copy of the group; any other
   backreference and conditionals are refused. Atomic groups and possessive quantifiers are
   analysed as ordinary ones: if that is safe, cutting paths keeps it safe.
5. Every state may be followed by a failure (anchors and lookarounds are not trusted to hold).
6. ``regex`` V1 nested sets and set operations (``[[a-z]--[aeiou]]``) are refused: the stdlib
   parser would misread them.

What it bounds: the work of one match attempt at one start position, which is linear in the
line (times a bound's constant, rule 2). A search tries each start position, so an unanchored
pattern with a loop (``\\s+x``) can still cost positions × line on a crafted line, as on every
backtracking engine; and a lookaround inside a loop runs once per iteration (its body is checked,
its repetition is not).

A refused pattern raises :class:`cleaner.errors.UnsafePatternError` naming the pattern, the two
pieces of it that compete for the same text, and why. Results are cached per pattern string.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import regex

from cleaner.errors import UnsafePatternError

# the stdlib's own parser (no type stubs): its trees are nested (opcode, argument) pairs
P: Any = importlib.import_module("re._parser")
C: Any = importlib.import_module("re._constants")
Tree: TypeAlias = Any  # a parsed (sub)pattern: a sequence of (opcode, argument) nodes

EXPAND_MAX = 3  # a bounded quantifier up to {m,3} is expanded exactly
EXPAND_EXACT = 40  # an exact count {n} is expanded while n × body size stays under this
PATH_BUDGET = 200_000  # ε-path steps per pattern before it is refused as too complex to analyse
PLACEHOLDER_BASE = 0xF0000  # plane-15 private use: stands for a \p{..} class while parsing
SAMPLE = "aezAEZ09 \t\n_-.,:;!?'\"/\\|()[]<>»›«‹•·–—©®™€$%&@#*+=~^`éßüÄñçøłжЖ中あ한😀★→\u00a0\u200b\u00ad"
PROPERTY = re.compile(r"\\[pP]\{[^}]*\}|\\[pP][A-Za-z]|\\.", re.DOTALL)
SET_OPERATION = re.compile(r"(?<!\\)\[\[|(?:--|&&|\|\||~~)\[")  # V1 sets: [[a-z]--[aeiou]]
UNBOUNDED, BOUNDED, PLAIN = 1, 2, 0  # kinds of ε-edge: a loop's back edge, or anything else


@dataclass(frozen=True, slots=True)
class Verdict:
    """Why a pattern is unsafe ("" when it is safe)."""

    reason: str


class _Unsafe(Exception):
    """Raised inside the analysis; becomes an UnsafePatternError at the boundary."""


def check(source: str | bytes, flags: int = 0) -> None:
    """Raise UnsafePatternError when ``source`` could backtrack super-linearly."""
    reason = verdict(source, flags).reason
    if reason:
        raise UnsafePatternError(f"pattern {source!r} is refused: {reason}")


@functools.lru_cache(maxsize=4096)
def verdict(source: str | bytes, flags: int = 0) -> Verdict:
    """The check's finding for one pattern (cached per pattern string and flags)."""
    text = source.decode("latin-1") if isinstance(source, bytes) else source
    try:
        for tree, tree_flags, names in _trees(text, flags):
            _Analysis(tree, tree_flags, names).run()
    except _Unsafe as exc:
        return Verdict(str(exc))
    return Verdict("")


def _trees(text: str, flags: int) -> list[tuple[Tree, int, dict[int, str]]]:
    """The parsed pattern and each lookaround body, with the flags they run under."""
    if SET_OPERATION.search(text):
        raise _Unsafe("it uses a nested set or set operation of the regex module, which the check cannot read")
    swapped, names = _swap_properties(text)
    try:
        parsed = P.parse(swapped, flags)
    except (re.error, OverflowError, RecursionError) as exc:
        raise _Unsafe(f"it cannot be analysed ({exc})") from None
    out = [(parsed, parsed.state.flags, names)]
    out.extend((body, body_flags, names) for body, body_flags in _lookarounds(parsed, parsed.state.flags))
    return out


def _swap_properties(text: str) -> tuple[str, dict[int, str]]:
    """The pattern with each ``\\p{..}`` replaced by a placeholder character, and the map back."""
    names: dict[int, str] = {}

    def swap(m: re.Match[str]) -> str:
        if m.group()[1] not in "pP":
            return m.group()
        code = PLACEHOLDER_BASE + len(names)
        names[code] = m.group()
        return chr(code)

    return PROPERTY.sub(swap, text), names


def _lookarounds(tree: Iterable[tuple[Any, Any]], flags: int) -> list[tuple[Tree, int]]:
    """Every lookaround body in a tree (nested ones too), with its flags."""
    out: list[tuple[Tree, int]] = []
    for op, av in tree:
        for sub, sub_flags in _children(op, av, flags):
            if op in (C.ASSERT, C.ASSERT_NOT):
                out.append((sub, sub_flags))
            out.extend(_lookarounds(sub, sub_flags))
    return out


def _children(op: Any, av: Any, flags: int) -> list[tuple[Tree, int]]:
    """The sub-trees of one node and the flags inside them."""
    if op is C.SUBPATTERN:
        _, add, remove, sub = av
        return [(sub, (flags | add) & ~remove)]
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        return [(av[2], flags)]
    if op in (C.ASSERT, C.ASSERT_NOT):
        return [(av[1], flags)]
    if op is C.ATOMIC_GROUP:
        return [(av, flags)]
    if op is C.BRANCH:
        return [(alt, flags) for alt in av[1]]
    if op is C.GROUPREF_EXISTS:
        raise _Unsafe("a conditional group (?(n)...) cannot be checked")
    return []


class _Nfa:
    """An ε-NFA: each state has ε-edges (target, kind) and at most one reading edge."""

    def __init__(self) -> None:
        self.eps: list[list[tuple[int, int]]] = []
        self.reads: dict[int, tuple[int, int]] = {}  # state → (class mask, next state)
        self.label: dict[int, str] = {}

    def state(self) -> int:
        self.eps.append([])
        return len(self.eps) - 1

    def link(self, a: int, b: int, kind: int = PLAIN) -> None:
        self.eps[a].append((b, kind))


class _Analysis:
    """One tree's NFA and the ambiguity tests on it."""

    def __init__(self, tree: Tree, flags: int, names: dict[int, str]) -> None:
        self.tree, self.flags, self.names = tree, flags, names
        self.nfa = _Nfa()
        self.groups: dict[int, tuple[Tree, int]] = {}
        self.alphabet = _alphabet(tree, flags, names)
        self.bits = {ch: 1 << i for i, ch in enumerate(self.alphabet)}

    def literal_mask(self, char: str, flags: int) -> int:
        """The bits of one literal character (and its other cases when case is ignored)."""
        forms = {char, char.lower(), char.upper(), char.casefold()} if flags & C.SRE_FLAG_IGNORECASE else {char}
        mask = 0
        for form in forms:
            mask |= self.bits.get(form, 0)
        return mask

    def run(self) -> None:
        start, _ = self.build(self.tree, self.flags)
        graph = _ReadGraph.of(self.nfa, start)
        edges = {u: list(out) for u, out in graph.succ.items()}
        components = _sccs(edges)  # sinks first
        _refuse_eda(graph, self.nfa, edges, components)
        _refuse_ida(graph, self.nfa, edges, components)

    def build(self, tree: Iterable[tuple[Any, Any]], flags: int) -> tuple[int, int]:
        """A fragment (entry, exit) for a sequence of nodes."""
        entry = exit_ = self.nfa.state()
        for op, av in tree:
            a, b = self.node(op, av, flags)
            self.nfa.link(exit_, a)
            exit_ = b
        return entry, exit_

    def node(self, op: Any, av: Any, flags: int) -> tuple[int, int]:
        """A fragment for one parsed node."""
        if op in (C.LITERAL, C.NOT_LITERAL, C.ANY, C.IN):
            return self.read(op, av, flags)
        if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, body = av
            return self.repeat(lo, hi, body, flags)
        if op is C.BRANCH:
            return self.branch([(alt, flags) for alt in av[1]])
        if op is C.GROUPREF:
            return self.backref(int(av))
        if op is C.SUBPATTERN and av[0] is not None:
            self.groups[av[0]] = (av[3], (flags | av[1]) & ~av[2])
        children = [] if op in (C.ASSERT, C.ASSERT_NOT) else _children(op, av, flags)
        if children:
            return self.build(*children[0])
        empty = self.nfa.state()
        return empty, empty  # anchors, \b, lookarounds: ε here

    def read(self, op: Any, av: Any, flags: int) -> tuple[int, int]:
        """A state reading one character class."""
        nfa = self.nfa
        a, b = nfa.state(), nfa.state()
        source = _class_source(op, av, self.names)
        literal = op is C.LITERAL and int(av) not in self.names
        mask = self.literal_mask(chr(int(av)), flags) if literal else _mask(source, flags, self.alphabet)
        nfa.reads[a] = (mask, b)
        nfa.label[a] = _readable(source)
        return a, b

    def branch(self, alternatives: Sequence[tuple[Tree, int]]) -> tuple[int, int]:
        entry, exit_ = self.nfa.state(), self.nfa.state()
        for alt, alt_flags in alternatives:
            a, b = self.build(alt, alt_flags)
            self.nfa.link(entry, a)
            self.nfa.link(b, exit_)
        return entry, exit_

    def repeat(self, lo: int, hi: int, body: Tree, flags: int) -> tuple[int, int]:
        """``body{lo,hi}``: expanded when small, else copies then a loop (bounded or not)."""
        size = max(body.getwidth()[1], 1)
        if hi != C.MAXREPEAT and (hi <= EXPAND_MAX or (lo == hi and lo * size <= EXPAND_EXACT)):
            return self.expanded(lo, hi, body, flags)
        kind = UNBOUNDED if hi == C.MAXREPEAT else BOUNDED
        copies = min(max(lo - 1, 0), 2)  # a few copies keep the shape; more add nothing
        entry = exit_ = self.nfa.state()
        for _ in range(copies):
            a, b = self.build(body, flags)
            self.nfa.link(exit_, a)
            exit_ = b
        a, b = self.build(body, flags)
        loop_exit = self.nfa.state()
        self.nfa.link(exit_, a)
        if lo == 0:
            self.nfa.link(exit_, loop_exit)
        self.nfa.link(b, a, kind)
        self.nfa.link(b, loop_exit)
        return entry, loop_exit

    def expanded(self, lo: int, hi: int, body: Tree, flags: int) -> tuple[int, int]:
        """``body{lo,hi}`` as lo copies then nested optional ones (one path per count)."""
        entry = exit_ = self.nfa.state()
        for _ in range(lo):
            a, b = self.build(body, flags)
            self.nfa.link(exit_, a)
            exit_ = b
        final = self.nfa.state()
        for _ in range(hi - lo):
            a, b = self.build(body, flags)
            self.nfa.link(exit_, a)
            self.nfa.link(exit_, final)
            exit_ = b
        self.nfa.link(exit_, final)
        return entry, final

    def backref(self, group: int) -> tuple[int, int]:
        """A backreference: a copy of its group when the group's width is bounded."""
        if group not in self.groups:
            raise _Unsafe(f"backreference \\{group} to a group not seen before it")
        body, flags = self.groups[group]
        if body.getwidth()[1] >= C.MAXREPEAT:
            raise _Unsafe(f"backreference \\{group} to a group of unbounded width")
        return self.build(body, flags)


def _class_source(op: Any, av: Any, names: dict[int, str]) -> str:
    """The regex source of one character-class node (placeholders turned back into \\p{..})."""
    if op is C.ANY:
        return "."
    if op is C.LITERAL:
        return _char(int(av), names)
    if op is C.NOT_LITERAL:
        return f"[^{_char(int(av), names)}]"
    items: list[str] = []
    for item_op, item_av in av:
        if item_op is C.NEGATE:
            items.insert(0, "^")
        elif item_op is C.LITERAL:
            items.append(_char(item_av, names))
        elif item_op is C.RANGE:
            items.append(f"{_char(item_av[0], names)}-{_char(item_av[1], names)}")
        elif item_op is C.CATEGORY:
            items.append(CATEGORIES[item_av])
    return "[" + "".join(items) + "]"


CATEGORIES = {
    C.CATEGORY_DIGIT: r"\d",
    C.CATEGORY_NOT_DIGIT: r"\D",
    C.CATEGORY_SPACE: r"\s",
    C.CATEGORY_NOT_SPACE: r"\S",
    C.CATEGORY_WORD: r"\w",
    C.CATEGORY_NOT_WORD: r"\W",
}


def _readable(source: str) -> str:
    """A class's source as a message shows it: characters for code-point escapes, ``\\s`` for ``[\\s]``."""
    text = re.sub(r"\\U([0-9a-f]{8})", lambda m: chr(int(m.group(1), 16)), source)
    return text[1:-1] if re.fullmatch(r"\[\\[dDsSwW]\]", text) else text


def _char(code: int, names: dict[int, str]) -> str:
    """One character as class source: itself when alphanumeric, else a code-point escape."""
    ch = chr(code)
    return names.get(code) or (ch if ch.isascii() and ch.isalnum() else f"\\U{code:08x}")


def _alphabet(tree: Tree, flags: int, names: dict[int, str]) -> str:
    """Representative characters: a fixed sample (first, so its bits are the same in every
    pattern), then the pattern's literals and range edges, in both cases and with their
    neighbours, so two classes that share any character share one here."""
    extra: set[str] = set()
    for code in _codes(tree):
        if code not in names and code < 0x110000:
            ch = chr(code)
            extra.update((ch, ch.lower(), ch.upper(), chr(max(code - 1, 0)), chr(min(code + 1, 0x10FFFF))))
    return SAMPLE + "".join(sorted(c for c in extra - set(SAMPLE) if len(c) == 1))


def _codes(tree: Iterable[tuple[Any, Any]]) -> Iterable[int]:
    """Every character code a tree names: literals and range ends."""
    for op, av in tree:
        if op in (C.LITERAL, C.NOT_LITERAL):
            yield int(av)
        elif op is C.IN:
            for item_op, item_av in av:
                if item_op is C.LITERAL:
                    yield item_av
                elif item_op is C.RANGE:
                    yield from item_av
        elif op is C.GROUPREF_EXISTS:
            continue
        else:
            for sub, _ in _children(op, av, 0):
                yield from _codes(sub)


def _mask(source: str, flags: int, alphabet: str) -> int:
    """Which alphabet characters a class reads, as bits."""
    engine_flags = (regex.I if flags & C.SRE_FLAG_IGNORECASE else 0) | (regex.S if flags & C.SRE_FLAG_DOTALL else 0)
    compiled = _class_pattern(source, engine_flags)
    extra = alphabet[len(SAMPLE) :]
    bits = sum(1 << i for i, ch in enumerate(extra, start=len(SAMPLE)) if compiled.fullmatch(ch))
    return _sample_mask(source, engine_flags) | bits


@functools.lru_cache(maxsize=65536)
def _sample_mask(source: str, flags: int) -> int:
    """The bits of the fixed sample a class reads (the same in every pattern's alphabet)."""
    compiled = _class_pattern(source, flags)
    return sum(1 << i for i, ch in enumerate(SAMPLE) if compiled.fullmatch(ch))


@functools.lru_cache(maxsize=65536)
def _class_pattern(source: str, flags: int) -> regex.Pattern[str]:
    return regex.compile(source, flags | regex.V1)


@dataclass(frozen=True)
class _ReadGraph:
    """The ε-free graph over reading states: u → v when v can read right after u (through
    ε-edges), with how many distinct ε-paths lead there (capped at 2) and whether one of them
    avoids every bounded loop's back edge."""

    nodes: tuple[int, ...]
    succ: dict[int, dict[int, tuple[int, bool]]]

    @staticmethod
    def of(nfa: _Nfa, start: int) -> _ReadGraph:
        budget = [PATH_BUDGET]
        succ = {-1: _closure(nfa, start, budget)}
        for state, (_, nxt) in nfa.reads.items():
            succ[state] = _closure(nfa, nxt, budget)
        return _ReadGraph(tuple(nfa.reads), succ)

    def unbounded_cyclic(self) -> set[int]:
        """Reading states on a loop that needs no bounded quantifier's back edge."""
        edges = {u: [v for v, (_, free) in out.items() if free] for u, out in self.succ.items()}
        return _cyclic(edges)


def _closure(nfa: _Nfa, origin: int, budget: list[int]) -> dict[int, tuple[int, bool]]:
    """The reading states reached from ``origin`` by simple ε-paths: (paths ≤ 2, one is free of
    bounded back edges). Simple paths only: engines stop an iteration that matched nothing."""
    found: dict[int, tuple[int, bool]] = {}
    stack: list[tuple[int, bool, frozenset[int]]] = [(origin, True, frozenset((origin,)))]
    while stack:
        state, free, path = stack.pop()
        budget[0] -= 1
        if budget[0] < 0:
            raise _Unsafe("it is too complex to analyse (too many ways through its empty branches)")
        if state in nfa.reads:
            count, was_free = found.get(state, (0, False))
            found[state] = (min(count + 1, 2), was_free or free)
            continue
        for target, kind in nfa.eps[state]:
            if target not in path:
                stack.append((target, free and kind != BOUNDED, path | {target}))
    return found


def _cyclic(edges: dict[int, list[int]]) -> set[int]:
    """Nodes on some cycle of a directed graph."""
    out: set[int] = set()
    for component in _sccs(edges):
        if len(component) > 1 or component[0] in edges.get(component[0], ()):
            out.update(component)
    return out


def _sccs(edges: dict[int, list[int]]) -> list[list[int]]:
    """Strongly connected components (Tarjan, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    out: list[list[int]] = []
    nodes = set(edges) | {v for vs in edges.values() for v in vs}
    for root in nodes:
        if root not in index:
            _tarjan(root, edges, index, low, on_stack, stack, out)
    return out


def _tarjan(
    root: int,
    edges: dict[int, list[int]],
    index: dict[int, int],
    low: dict[int, int],
    on_stack: set[int],
    stack: list[int],
    out: list[list[int]],
) -> None:
    """One depth-first walk of Tarjan's algorithm, without recursion."""
    work = [(root, iter(edges.get(root, ())))]
    index[root] = low[root] = len(index)
    stack.append(root)
    on_stack.add(root)
    while work:
        node, children = work[-1]
        child = next(children, None)
        if child is None:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                out.append(component)
        elif child not in index:
            index[child] = low[child] = len(index)
            stack.append(child)
            on_stack.add(child)
            work.append((child, iter(edges.get(child, ()))))
        elif child in on_stack:
            low[node] = min(low[node], index[child])


def _refuse_eda(graph: _ReadGraph, nfa: _Nfa, edges: dict[int, list[int]], components: list[list[int]]) -> None:
    """Refuse a state with two distinct loops on one word, searched inside each strongly
    connected component of the read graph (both loops stay in the state's component)."""
    for component in components:
        if len(component) > 1 or component[0] in edges.get(component[0], ()):
            _pair_components(graph, nfa, set(component))


def _pair_components(graph: _ReadGraph, nfa: _Nfa, members: set[int]) -> None:
    """The EDA test inside one strongly connected component C of the read graph: a pair (q, r),
    q ≠ r, reached from a pair (p, p) and reaching a pair (s, s) gives two paths p → s on one
    word, and s leads back to p inside C: two cycles at p. So does a step (p, p) → (v, v) along
    two ε-paths."""
    forward: dict[tuple[int, int], list[tuple[int, int]]] = {}
    todo = [(p, p) for p in members]
    seen = set(todo)
    while todo:
        pair = todo.pop()
        out = forward.setdefault(pair, [])
        for step, twice in _pair_steps(graph, nfa, members, pair):
            if twice:
                _eda(nfa, pair[0])
            out.append(step)
            if step not in seen:
                seen.add(step)
                todo.append(step)
    backward: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for pair, steps in forward.items():
        for step in steps:
            backward.setdefault(step, []).append(pair)
    back_todo = [(p, p) for p in members]
    back_seen = set(back_todo)
    while back_todo:
        for before in backward.get(back_todo.pop(), ()):
            if before[0] != before[1]:
                _eda(nfa, before[0])
            if before not in back_seen:
                back_seen.add(before)
                back_todo.append(before)


def _eda(nfa: _Nfa, state: int) -> None:
    raise _Unsafe(
        f"nested quantifiers around `{nfa.label[state]}` can match the same text in many ways "
        "(like (a+)+ or (a|a)*): matching time can grow exponentially with the line"
    )


def _pair_steps(graph: _ReadGraph, nfa: _Nfa, members: set[int], pair: tuple[int, int]) -> Iterable[tuple[tuple[int, int], bool]]:
    """The pairs one character further, inside the component, and whether the step from a
    diagonal pair to a diagonal pair has two ε-paths."""
    p, q = pair
    for v, (count, _) in graph.succ[p].items():
        if v not in members:
            continue
        for w in graph.succ[q]:
            if w in members and nfa.reads[v][0] & nfa.reads[w][0]:
                yield (v, w), p == q and v == w and count > 1


Components = dict[int, frozenset[int]]
Moves = dict[frozenset[int], dict[int, list[tuple[int, int]]]]


def _refuse_ida(graph: _ReadGraph, nfa: _Nfa, edges: dict[int, list[int]], components: list[list[int]]) -> None:
    """Refuse states p ≠ q on unbounded loops with loops p→p, q→q and a path p→q on one word:
    a path in the graph of triples from (p, p, q) to (p, q, q). Run after the EDA test."""
    loops = graph.unbounded_cyclic()
    component_of = {node: frozenset(c) for c in components for node in c}
    if len({component_of[p] for p in loops}) < 2:
        return  # the witness needs loops in two components
    reach = _reach(edges, components, loops)
    back: dict[int, list[int]] = {}
    for u, out in edges.items():
        for v in out:
            back.setdefault(v, []).append(u)
    coreach = _reach(back, components[::-1], loops)  # the same components, sources first
    moves: Moves = {}  # a loop's steps, shared by every seed in it
    for p in sorted(loops):
        # p and q in one component with such a witness would already be EDA (two cycles at p
        # on w·w·u, u leading back from q to p): only later components are left to search
        for q in sorted(loops & reach[p] - component_of[p]):
            # the witness's last character ends both loops: p and q must read a common one
            between = reach[p] & (coreach[q] | {q})
            if nfa.reads[p][0] & nfa.reads[q][0] and _triple_path(graph, nfa, p, q, component_of, between, moves):
                raise _Unsafe(
                    f"quantified `{nfa.label[p]}` and `{nfa.label[q]}` can split the same text in many "
                    "ways (like \\s*\\s* or .*x.*): matching time can grow polynomially with the line"
                )


def _reach(edges: dict[int, list[int]], components: list[list[int]], wanted: set[int]) -> dict[int, set[int]]:
    """For each wanted node, the nodes one or more edges away (over the condensation: Tarjan
    lists components successors first, so each one's set is built from finished ones)."""
    index = {node: k for k, c in enumerate(components) for node in c}
    below: list[set[int]] = []
    for k, component in enumerate(components):
        out: set[int] = set()
        for node in component:
            for v in edges.get(node, ()):
                out.add(v)
                if index[v] != k:
                    out |= below[index[v]]
        below.append(out | (set(component) if len(component) > 1 or out & set(component) else set()))
    return {node: below[index[node]] for node in wanted}


def _triple_path(graph: _ReadGraph, nfa: _Nfa, p: int, q: int, component_of: Components, between: set[int], moves: Moves) -> bool:
    """Whether (p, p, q) reaches (p, q, q) reading one word in all three components: the first
    stays in p's loop, the third in q's, the second goes from p to q."""
    if component_of[p] == {p} and component_of[q] == {q}:
        return _self_loop_path(graph, nfa, p, q, between)
    for home in (component_of[p], component_of[q]):
        if home not in moves:
            moves[home] = _moves(graph, nfa, home)
    moves_x, moves_z = moves[component_of[p]], moves[component_of[q]]
    moves_y = _moves(graph, nfa, frozenset(between))
    start, goal = (p, p, q), (p, q, q)
    seen = {start}
    todo = [start]
    while todo:
        x, y, z = todo.pop()
        for x2, mask_x in moves_x.get(x, ()):
            for y2, mask_y in moves_y.get(y, ()):
                mask_xy = mask_x & mask_y
                if not mask_xy:
                    continue
                for z2, mask_z in moves_z.get(z, ()):
                    step = (x2, y2, z2)
                    if mask_xy & mask_z and step not in seen:
                        if step == goal:
                            return True
                        seen.add(step)
                        todo.append(step)
    return False


def _self_loop_path(graph: _ReadGraph, nfa: _Nfa, p: int, q: int, between: set[int]) -> bool:
    """The triple test when both loops are one state each (``\\s*``, ``[^>]+``): a path from p
    to q on characters both loops read."""
    common = nfa.reads[p][0] & nfa.reads[q][0]
    seen = {p}
    todo = [p]
    while todo:
        for v in graph.succ[todo.pop()]:
            if v in between and v not in seen and nfa.reads[v][0] & common:
                if v == q:
                    return True
                seen.add(v)
                todo.append(v)
    return False


def _moves(graph: _ReadGraph, nfa: _Nfa, inside: frozenset[int]) -> dict[int, list[tuple[int, int]]]:
    """Each node's steps to nodes inside a set, with the class the step reads."""
    return {u: [(v, nfa.reads[v][0]) for v in out if v in inside] for u, out in graph.succ.items() if u in inside}
