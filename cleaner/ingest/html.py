"""HTML → blocks, flattened the way a browser's innerText flattens a page (one line per block-level
element, inline elements kept in their line), so that an HTML page and a text dump of the same page
reach the passes as the same lines. Each line also carries what only the markup knows (the element,
its path, the class/id tokens of its containers, how much of it is link text), which is what lets
later passes recognise menus, footers and share bars without guessing from the words alone.

The walk over the tree is iterative and every per-element cost is capped, so deep or huge documents
cost linear time and never hit Python's recursion limit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator
from typing import Protocol

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from cleaner.facts import Fact
from cleaner.model import Block
from cleaner.rules import compile_safe

# Elements that start a new line (the list the benchmark's innerText-like dump uses).
BREAK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "title",
        "tr",
        "ul",
    }
)
# Elements whose text a reader never sees.
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "iframe"})
# Visual group boundaries: the next line gets gap=1, like a blank line in a text dump.
GAP_TAGS = frozenset({"hr", "section", "article", "main", "aside", "nav", "header", "footer"})
KINDS = {
    "title": "title",
    **{f"h{n}": "heading" for n in range(1, 7)},
    "li": "item",
    "dt": "item",
    "dd": "item",
    "p": "paragraph",
    "blockquote": "quote",
    "pre": "pre",
    "td": "cell",
    "th": "cell",
    "figcaption": "caption",
}
# Elements that own the lines they contain; the document roots catch stray text outside any block.
_OWNERS = (BREAK_TAGS - {"br", "hr"}) | {"html", "head", "body"}
MAX_PATH = 12  # last elements kept in Block.path
MAX_ATTRS = 200  # characters kept in Block.attrs
MAX_DEPTH = 512  # nesting kept when libxml2 refuses a deeper document (Chrome's parser caps at 512 too)
SUSPECT_DEPTH = 2000  # libxml2 (huge_tree) stops at 2048 and may not say so after many other errors

# One markup token for _cap_depth: a comment, a declaration/PI, or a start/end tag. The closing
# brackets are optional so a token never makes the scan look ahead twice (linear time on junk).
_TOKEN = compile_safe(r"<!--.*?(?:-->|\Z)|<[!?][^>]*>?|<(/?)([a-zA-Z][^\s/>]*)(?:[\s/][^>]*)?>?", re.DOTALL)
# C0 controls other than whitespace render as nothing; libxml2 passes them through.
_CONTROLS = dict.fromkeys([*range(0x09), *range(0x0E, 0x20), 0x7F])
# Whether a line holds one: a search that finds none is several times cheaper than a translate
# that changes nothing, and almost no line holds one.
_ANY_CONTROL = compile_safe("[\x00-\x08\x0e-\x1f\x7f]")
# The tags at which a line may end or a gap start: most elements are inline and skip _boundary.
_BOUNDARY_TAGS = BREAK_TAGS | GAP_TAGS
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track"} | {"wbr"}
)
_INVISIBLE = SKIP_TAGS | {"noembed", "noframes"}
_RAW_TEXT = _INVISIBLE | {"textarea", "title", "xmp", "plaintext"}


class _Element(Protocol):
    """The part of lxml's element API the walk uses (lxml ships no type stubs)."""

    tag: object
    text: str | None
    tail: str | None

    def get(self, key: str) -> str | None: ...

    def iter(self, tag: str) -> Iterator[_Element]: ...

    def itertext(self) -> Iterator[str]: ...

    def xpath(self, path: str) -> list[_Element]: ...


class _Frame:
    """One open element during the walk. Its path and class/id tokens are worked out only when a
    line it owns needs them (most elements are inline and own none), then kept."""

    __slots__ = ("_attrs", "_path", "element", "link", "owner", "parent", "pre", "tag")

    def __init__(self, tag: str, parent: _Frame | None, element: _Element) -> None:
        self.tag = tag
        self.parent = parent
        self.element = element
        self._path: tuple[str, ...] | None = None
        self._attrs: str | None = None
        self.link: bool = tag == "a" or (parent is not None and parent.link)
        self.pre: bool = tag == "pre" or (parent is not None and parent.pre)
        self.owner: _Frame = self if tag in _OWNERS or parent is None else parent.owner

    def path(self) -> tuple[str, ...]:
        """The last MAX_PATH tags down to this element (paths start at <body>)."""
        if self._path is None:
            chain = self._unresolved("_path")
            for f in reversed(chain):
                p = f.parent
                if p is None:
                    f._path = () if f.tag == "html" else (f.tag,)
                else:
                    f._path = (*(p._path or ())[1 - MAX_PATH :], f.tag)
        return self._path or ()

    def attrs(self) -> str:
        """This element's class and id tokens, then its ancestors' (see _merge_attrs)."""
        if self._attrs is None:
            for f in reversed(self._unresolved("_attrs")):
                f._attrs = _merge_attrs(f.element, "" if f.parent is None else f.parent._attrs or "")
        return self._attrs or ""

    def _unresolved(self, slot: str) -> list[_Frame]:
        """This frame and its ancestors up to the first one whose ``slot`` is known (iterative:
        a document may nest thousands deep)."""
        chain: list[_Frame] = []
        f: _Frame | None = self
        while f is not None and getattr(f, slot) is None:
            chain.append(f)
            f = f.parent
        return chain


def _merge_attrs(element: _Element, inherited: str) -> str:
    """This element's class and id tokens, then its ancestors', de-duplicated and capped."""
    cls, ident = element.get("class"), element.get("id")
    if not cls and not ident:
        return inherited
    tokens = f"{cls or ''} {ident or ''} {inherited}".lower().split()
    merged = " ".join(dict.fromkeys(tokens))
    if len(merged) <= MAX_ATTRS:
        return merged
    cut = merged.rfind(" ", 0, MAX_ATTRS + 1)  # the outermost ancestors' tokens go first, whole ones
    return merged[: cut if cut > 0 else MAX_ATTRS]


class _Flattener:
    """Collects text into the current line and turns each finished line into a Block."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.segments: list[str] = []
        self.link_chars = 0
        self.owner: _Frame | None = None
        self.gap = False

    def add(self, text: str, frame: _Frame) -> None:
        """Append text found inside ``frame``; inside <pre> every newline ends a line."""
        if frame.pre and ("\n" in text or "\r" in text):  # most <pre> text is one line
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            first, *rest = text.split("\n")
            self._append(first, frame)
            for piece in rest:
                self.flush()
                self._append(piece, frame)
        else:
            self._append(text, frame)

    def _append(self, text: str, frame: _Frame) -> None:
        if not text or (not self.segments and not frame.pre and text.isspace()):
            return  # a line's leading white space is dropped anyway: the indentation between tags
        self.segments.append(text)
        if frame.link:
            self.link_chars += len("".join(text.split()))
        if self.owner is None and not text.isspace():
            self.owner = frame.owner

    def flush(self) -> None:
        """End the current line; a line with no visible text leaves no block."""
        if not self.segments:
            return
        owner, segments = self.owner, self.segments
        link_chars, self.link_chars = self.link_chars, 0
        self.owner, self.segments = None, []
        if owner is None:
            return
        raw = "".join(segments)
        if _ANY_CONTROL.search(raw):
            raw = raw.translate(_CONTROLS)
        text = raw.rstrip() if owner.pre else " ".join(raw.split())
        visible = len(text) - text.count(" ") if not owner.pre else len("".join(text.split()))
        if not visible:
            return
        n = len(self.blocks)
        self.blocks.append(
            Block(
                id=n,
                text=text,
                line=n + 1,
                gap=1 if self.gap and n else 0,
                kind="pre" if owner.pre else KINDS.get(owner.tag, "line"),  # kept as laid out: say so
                tag=owner.tag,
                path="/".join(owner.path()),
                attrs=owner.attrs(),
                link_density=round(min(1.0, link_chars / visible), 4),
            )
        )
        self.gap = False


def html_to_blocks(html: str) -> list[Block]:
    """Flatten an HTML page into one Block per visible line; [] when it has no text. Never raises
    on malformed markup: libxml2 recovers, and a document too deep for it is flattened and re-parsed."""
    return html_to_page(html)[0]


def html_to_page(html: str) -> tuple[list[Block], list[Fact]]:
    """The page's blocks (see :func:`html_to_blocks`) and the metadata facts its markup states
    (head metadata, JSON-LD, time and author attributes), from one parse."""
    if "\x00" in html:
        html = html.replace("\x00", "")
    if not html.strip():
        return [], []
    root, too_deep = _parse(html)
    facts = [] if root is None else markup_facts(root)
    blocks = None
    if root is not None and not too_deep:
        blocks = _flatten(root, SUSPECT_DEPTH)
    elif not too_deep:
        return [], facts
    if blocks is None:  # too deep: libxml2 lost text, or the walk would be absurdly deep
        root, _ = _parse("".join(_cap_depth(html, MAX_DEPTH)))
        blocks = [] if root is None else _flatten(root, None)
    return blocks or [], facts


def _flatten(root: _Element, max_depth: int | None) -> list[Block] | None:
    """Walk the tree once, iteratively; None if it nests deeper than ``max_depth``. The start and
    end of an element are handled inline: this loop runs once per element of every page."""
    out = _Flattener()
    frames: list[_Frame] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, element in walk:
        tag = element.tag
        if not isinstance(tag, str):  # comments, processing instructions, entities
            continue
        if event == "end":  # a block-level element ends its last line; its tail belongs to the parent
            frames.pop()
            if tag in _BOUNDARY_TAGS:
                _boundary(out, tag)
            if element.tail and frames:
                out.add(element.tail, frames[-1])
            continue
        frame = _Frame(tag, frames[-1] if frames else None, element)
        frames.append(frame)
        if tag in _BOUNDARY_TAGS:
            _boundary(out, tag)  # a block-level element ends the line before it
        if max_depth is not None and len(frames) > max_depth:
            return None
        if tag in SKIP_TAGS or (frame.parent is not None and frame.parent.tag == "head" and tag != "title"):
            walk.skip_subtree()  # its end event still comes, and with it the tail
        elif element.text:
            out.add(element.text, frame)
    out.flush()
    return out.blocks


def _boundary(out: _Flattener, tag: str) -> None:
    """At a block-level element's start or end the line ends; at a group's a gap starts."""
    if tag in BREAK_TAGS and out.segments:
        out.flush()
    if tag in GAP_TAGS:
        out.gap = True


def _parse(html: str) -> tuple[_Element | None, bool]:
    """One libxml2 parse in recover mode; also says whether it stopped at its nesting limit (and so
    lost text). Fed as bytes with an explicit encoding, so a stale <meta charset> cannot override it."""
    data = html.encode("utf-8", errors="replace")
    parser = etree.HTMLParser(
        recover=True,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        no_network=True,
        huge_tree=True,
        collect_ids=False,
    )
    try:
        root: _Element | None = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):
        return None, False
    too_deep = any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log)
    return root, too_deep


def _cap_depth(html: str, limit: int) -> Iterator[str]:
    """Rewrite markup so no element nests deeper than ``limit``: tags beyond it are dropped (block ones
    leave a <br>, so their line breaks survive) and their content joins the element at the limit,
    which is what browsers do with absurdly deep pages. Open elements are tracked like libxml2 does
    (an end tag closes up to its match; an unmatched one is ignored), in amortised linear time."""
    stack: list[str] = []
    counts: dict[str, int] = {}
    pos, broken = 0, False  # broken: a <br> already stands for the dropped tags since the last text
    while match := _TOKEN.search(html, pos):
        text = html[pos : match.start()]
        broken = broken and (not text or text.isspace())
        yield text
        pos = match.end()
        name = (match.group(2) or "").lower()
        if not name:
            yield match.group(0)  # comments and declarations pass through: libxml2 drops them
            continue
        closing = bool(match.group(1))
        kept = _track(stack, counts, name, closing=closing, limit=limit)
        if kept:
            yield match.group(0)
            broken = False
        elif name in BREAK_TAGS and not broken:
            yield "<br>"
            broken = True
        if name in _RAW_TEXT and not closing:
            pos = yield from _raw_text(html, pos, name, kept=kept)
    yield html[pos:]


def _raw_text(html: str, pos: int, name: str, *, kept: bool) -> Generator[str, None, int]:
    """Copy a raw-text element's content (script, style, title...) unparsed; returns where it ends.
    Once its tag is dropped, an invisible element's content goes too and a visible one's is escaped."""
    end = compile_safe(rf"</{re.escape(name)}[\s>]", re.IGNORECASE).search(html, pos)
    stop = end.start() if end else len(html)
    if kept:
        yield html[pos:stop]
    elif name not in _INVISIBLE:
        yield html[pos:stop].replace("<", "&lt;")
    return stop


def _track(stack: list[str], counts: dict[str, int], name: str, *, closing: bool, limit: int) -> bool:
    """Update the open-element stack for one tag; False when the tag lies beyond the depth limit.
    Elements beyond the limit stay on the stack, so their end tags never close a kept ancestor."""
    if closing:
        if not counts.get(name):
            return False  # nothing to close: libxml2 ignores it too
        while stack:
            top = stack.pop()
            counts[top] -= 1
            if top == name:
                break
        return len(stack) < limit  # the closed element sat at index len(stack)
    if name in _VOID:
        return len(stack) < limit
    stack.append(name)
    counts[name] = counts.get(name, 0) + 1
    return len(stack) <= limit


# Head metadata (and the few body attributes that state metadata) as facts: the fields a page's
# <meta> names and properties fill. The source is "meta:<name>", ranked in rules/precedence.toml.
META_FIELDS = {
    "og:title": "title",
    "twitter:title": "title",
    "dc.title": "title",
    "citation_title": "title",
    "parsely-title": "title",
    "sailthru.title": "title",
    "og:site_name": "sitename",
    "application-name": "sitename",
    "author": "authors",
    "article:author": "authors",
    "dc.creator": "authors",
    "citation_author": "authors",
    "parsely-author": "authors",
    "sailthru.author": "authors",
    "article:published_time": "date_raw",
    "dc.date": "date_raw",
    "dc.date.issued": "date_raw",
    "citation_publication_date": "date_raw",
    "citation_date": "date_raw",
    "parsely-pub-date": "date_raw",
    "sailthru.date": "date_raw",
    "date": "date_raw",
    "article:modified_time": "date_updated_raw",
}
ARTICLE_TYPES = ("article", "posting", "report", "review", "recipe")  # NewsArticle, BlogPosting…
MAX_LD_CHARS = 200_000
MAX_FACT_CHARS = 300


def markup_facts(root: _Element) -> list[Fact]:
    """Facts from <title>, <meta>, JSON-LD, <time datetime>, rel=author and itemprop."""
    out: list[Fact] = []
    for el in root.iter("title"):
        out.append(Fact("title", _text(el), "html:title"))
        break
    for el in root.iter("meta"):
        name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().casefold()
        if (field := META_FIELDS.get(name)) is not None:
            out.append(Fact(field, (el.get("content") or "")[:MAX_FACT_CHARS], f"meta:{name}"))
    for el in root.iter("script"):
        if (el.get("type") or "").strip().casefold() == "application/ld+json" and el.text:
            out.extend(_ld_facts(el.text[:MAX_LD_CHARS]))
    out.extend(_body_facts(root))
    return [f for f in out if f.value.strip()]


def _body_facts(root: _Element) -> list[Fact]:
    """<time datetime>, rel=author links and itemprop author/dates in the body."""
    out: list[Fact] = []
    for el in root.iter("time"):
        if el.get("datetime"):
            out.append(Fact("date_raw", (el.get("datetime") or "")[:MAX_FACT_CHARS], "html:time"))
            break
    for el in root.iter("a"):
        if "author" in (el.get("rel") or "").split():
            out.append(Fact("authors", _text(el), "html:rel-author"))
    for el in root.xpath("//*[@itemprop]"):
        prop = el.get("itemprop") or ""
        if prop == "author":
            named = el.xpath(".//*[@itemprop='name']")
            who = (named[0].get("content") or _text(named[0])) if named else (el.get("content") or _text(el))
            out.append(Fact("authors", who, "html:itemprop-author"))
        elif prop in ("datePublished", "dateModified") and el.tag != "meta":
            value = el.get("datetime") or el.get("content") or _text(el)
            out.append(Fact("date_raw" if prop == "datePublished" else "date_updated_raw", value, f"html:itemprop-{prop}"))
    return out


def _text(el: _Element) -> str:
    return " ".join("".join(el.itertext()).split())[:MAX_FACT_CHARS]


def _ld_facts(text: str) -> list[Fact]:
    """Facts from a JSON-LD script: the first article-typed object's headline, dates, authors
    and publisher (a WebPage's when no article is described)."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    objects = [o for o in _ld_objects(data) if isinstance(o, dict)]
    typed = [o for o in objects if any(t in _ld_type(o) for t in ARTICLE_TYPES)]
    typed = typed or [o for o in objects if "webpage" in _ld_type(o)]
    if not typed:
        return []
    obj = typed[0]
    out = [Fact("title", _ld_str(obj.get("headline")), "jsonld:headline")]
    out.append(Fact("date_raw", _ld_str(obj.get("datePublished")), "jsonld:datePublished"))
    out.append(Fact("date_updated_raw", _ld_str(obj.get("dateModified")), "jsonld:dateModified"))
    out.extend(Fact("authors", name, "jsonld:author") for name in _ld_names(obj.get("author")))
    out.extend(Fact("sitename", name, "jsonld:publisher") for name in _ld_names(obj.get("publisher"))[:1])
    return out


def _ld_objects(data: object, depth: int = 0) -> list[object]:
    """Every object of a JSON-LD document: top level, lists and @graph (two levels deep)."""
    if depth > 2:
        return []
    if isinstance(data, list):
        return [o for x in data[:50] for o in _ld_objects(x, depth + 1)]
    if isinstance(data, dict):
        return [data, *(_ld_objects(data["@graph"], depth + 1) if "@graph" in data else [])]
    return []


def _ld_type(obj: dict[str, object]) -> str:
    kind = obj.get("@type", "")
    return " ".join(str(k) for k in kind).casefold() if isinstance(kind, list) else str(kind).casefold()


def _ld_str(value: object) -> str:
    return " ".join(value.split())[:MAX_FACT_CHARS] if isinstance(value, str) else ""


def _ld_names(value: object) -> list[str]:
    """Names from a JSON-LD person or organisation field: a string, an object with a name, a list."""
    items = value if isinstance(value, list) else [value]
    names = [_ld_str(v.get("name")) if isinstance(v, dict) else _ld_str(v) for v in items[:20]]
    return [n for n in names if n]
