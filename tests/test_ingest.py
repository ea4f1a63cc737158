"""Tests for cleaner.ingest: decoding bytes, telling HTML from text dumps, flattening HTML into blocks."""

from __future__ import annotations

import bisect
import gzip
import re
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleaner.errors import DecodeError
from cleaner.ingest.decode import decode
from cleaner.ingest.detect import looks_like_html
from cleaner.ingest.html import MAX_ATTRS, MAX_PATH, html_to_blocks
from cleaner.model import Block

AEB = Path("/work/shared/data/aeb/html")
BENCH = Path("/work/shared/eval")

FRENCH = "Le garçon a mangé une crêpe à la fête. Où est la clé ? Très bien, merci."
GERMAN = "Die Straße in München ist schön, und die Bäume sind grün."


# ---------------------------------------------------------------- decode


def test_decode_empty() -> None:
    assert decode(b"") == ("", "utf-8")


def test_decode_plain_utf8_and_newlines() -> None:
    assert decode("naïve\r\nline\rend\n".encode()) == ("naïve\nline\nend\n", "utf-8")


def test_decode_utf8_bom_is_dropped() -> None:
    assert decode("\ufeffhé".encode()) == ("hé", "utf-8-sig")


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32", "utf-32-le"),
        ("utf-32-be", "utf-32-be"),
    ],
)
def test_decode_utf16_utf32_with_bom(codec: str, name: str) -> None:
    text = "Grüße — 日本語\r\nzweite Zeile"
    raw = text.encode(codec)
    if not raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        raw = "\ufeff".encode(codec) + raw  # the explicit-endian codecs write no BOM themselves
    assert decode(raw) == ("Grüße — 日本語\nzweite Zeile", name)


def test_decode_bomless_utf16() -> None:
    assert decode("plain text, no byte-order mark".encode("utf-16-le")) == (
        "plain text, no byte-order mark",
        "utf-16-le",
    )


def test_decode_cp1252_declared_in_meta() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body>“Café” costs 5€ – ok</body></html>'
    text, name = decode(page.encode("cp1252"))
    assert name == "cp1252"
    assert text == page


def test_decode_http_equiv_latin1_means_cp1252() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><p>Caf\xe9 \x93ok\x94</p>'
    text, name = decode(page.encode("latin-1"))
    assert name == "cp1252"  # browsers read latin-1 labels as windows-1252
    assert text.endswith("<p>Café “ok”</p>")


def test_decode_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="ISO-8859-15"?><html><body>Prix : 10 €</body></html>'
    raw = page.encode("iso-8859-15")
    text, name = decode(raw)
    assert name == "iso8859-15"
    assert "10 €" in text


def test_decode_bogus_declaration_is_ignored() -> None:
    raw = '<meta charset="no-such-charset"><p>Grüße</p>'.encode()
    assert decode(raw) == ('<meta charset="no-such-charset"><p>Grüße</p>', "utf-8")


def test_decode_utf7_declaration_is_ignored() -> None:
    raw = b'<meta charset="utf-7"><p>+ADw-script+AD4-</p>'
    assert decode(raw)[1] == "utf-8"


def test_decode_stale_declaration_loses_to_valid_utf8() -> None:
    raw = '<meta charset="iso-8859-1"><p>Café — déjà</p>'.encode()
    assert decode(raw) == ('<meta charset="iso-8859-1"><p>Café — déjà</p>', "utf-8")


@pytest.mark.parametrize("text", [FRENCH, GERMAN, "Hello café"])
def test_decode_latin1_detected(text: str) -> None:
    decoded, name = decode(text.encode("latin-1"))
    assert decoded == text
    assert name == "cp1252"


def test_decode_cyrillic_detected() -> None:
    text = "Привет, как дела? Это тестовая строка на русском языке."
    assert decode(text.encode("cp1251")) == (text, "cp1251")


def test_decode_undefined_cp1252_bytes_do_not_fail() -> None:
    text, name = decode(b'<meta charset="windows-1252"><p>a\x81b\x9dc</p>')
    assert name == "cp1252"
    assert "a\x81b\x9dc" in text


@pytest.mark.parametrize(
    ("raw", "what"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"GIF89a\x01\x00\x01\x00", "GIF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "PDF"),
        (b"PK\x03\x04\x14\x00\x00\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (bytes(range(256)) * 40, "binary"),
        (b"some text\x00\x00\x00" * 100, "NUL"),
    ],
)
def test_decode_binary_raises(raw: bytes, what: str) -> None:
    with pytest.raises(DecodeError) as info:
        decode(raw)
    message = str(info.value)
    assert what in message or "binary" in message
    assert "\n" not in message


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_any_bytes_returns_text_or_decode_error(raw: bytes) -> None:
    try:
        text, name = decode(raw)
    except DecodeError:
        return
    assert isinstance(text, str) and name
    assert "\r" not in text and not text.startswith("\ufeff")


# ---------------------------------------------------------------- detect


@pytest.mark.parametrize(
    "text",
    [
        "<!DOCTYPE html><html><head><title>x</title></head><body>y</body></html>",
        '\n  <html lang="en">\n<body>hello',
        "<body class='x'>text</body>",
        "<p>First paragraph.</p>\n<p>Second paragraph.</p>",
        '<div class="article">Body text <a href="/x">link</a></div>',
        "Line one<br>Line two<br/>Line three<br />",
    ],
)
def test_looks_like_html_positive(text: str) -> None:
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Plain news dump\n\nThe minister said a < b and c > d would hold.",
        "Contact the author <me@example.com> for details.\nNext line.",
        "Use <br> to break a line in HTML, the tutorial said.\n" + "More plain text follows. " * 80,
        "x" * 6000 + "<html><body><p>late</p></body></html>",
        "Score: <3 and 5> 4\nAlice <alice@x.org> wrote:\n> quoted",
    ],
)
def test_looks_like_html_negative(text: str) -> None:
    assert not looks_like_html(text)


# ---------------------------------------------------------------- html_to_blocks

PAGE = """<!DOCTYPE html>
<html class="no-js"><head><title>  The   Title </title>
<style>p { color: red }</style><script>var s = "<p>not text</p>";</script>
<meta name="description" content="not text either"></head>
<body class="Site">
<nav id="Top-Nav" class="menu"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article class="story main">
  <h1>Big <em>news</em>   today</h1>
  <p>First <b>paragraph</b> with a <a href="/x">link</a>.</p>
  <p>Line one<br>Line two</p>
  <blockquote>A quote</blockquote>
  <figure><img src="x.jpg" alt="not text"><figcaption>A caption</figcaption></figure>
  <noscript>Enable JavaScript</noscript>
  <template><p>template text</p></template>
  <svg><title>icon</title><text>svg text</text></svg>
  <iframe src="/ad">iframe text</iframe>
</article>
<hr>
<footer class="site-footer"><p>&copy; 2024 Example</p></footer>
</body></html>"""


def texts(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks]


def by_text(blocks: list[Block]) -> dict[str, Block]:
    return {b.text: b for b in blocks}


def test_page_lines() -> None:
    assert texts(html_to_blocks(PAGE)) == [
        "The Title",
        "Home",
        "World",
        "Big news today",
        "First paragraph with a link.",
        "Line one",
        "Line two",
        "A quote",
        "A caption",
        "© 2024 Example",
    ]


def test_page_ids_lines_and_kinds() -> None:
    blocks = html_to_blocks(PAGE)
    assert [b.id for b in blocks] == list(range(len(blocks)))
    assert [b.line for b in blocks] == [b.id + 1 for b in blocks]
    assert all(b.part == 0 for b in blocks)
    kinds = {b.text: (b.kind, b.tag) for b in blocks}
    assert kinds["The Title"] == ("title", "title")
    assert kinds["Home"] == ("item", "li")
    assert kinds["Big news today"] == ("heading", "h1")
    assert kinds["First paragraph with a link."] == ("paragraph", "p")
    assert kinds["Line two"] == ("paragraph", "p")
    assert kinds["A quote"] == ("quote", "blockquote")
    assert kinds["A caption"] == ("caption", "figcaption")


def test_page_paths_and_attrs() -> None:
    b = by_text(html_to_blocks(PAGE))
    assert b["The Title"].path == "head/title"
    assert b["Home"].path == "body/nav/ul/li"
    assert b["First paragraph with a link."].path == "body/article/p"
    assert b["Home"].attrs == "menu top-nav site no-js"
    assert b["First paragraph with a link."].attrs == "story main site no-js"
    assert b["© 2024 Example"].attrs == "site-footer site no-js"


def test_page_link_density() -> None:
    b = by_text(html_to_blocks(PAGE))
    assert b["Home"].link_density == 1.0
    assert b["Big news today"].link_density == 0.0
    # "link" is 4 of the 24 non-space characters of "First paragraph with a link."
    assert b["First paragraph with a link."].link_density == pytest.approx(4 / 24, abs=1e-3)


def test_page_gaps() -> None:
    b = by_text(html_to_blocks(PAGE))
    assert b["The Title"].gap == 0
    assert b["Home"].gap == 1  # entering <nav>
    assert b["World"].gap == 0
    assert b["Big news today"].gap == 1  # entering <article>
    assert b["First paragraph with a link."].gap == 0
    assert b["© 2024 Example"].gap == 1  # after the <hr>


def test_inline_elements_stay_on_one_line() -> None:
    html = "<p>One <span>two</span> <em>three</em><strong>four</strong> <a href='#'>five</a> <b>six</b></p>"
    assert texts(html_to_blocks(html)) == ["One two threefour five six"]


def test_form_controls_are_inline() -> None:
    html = "<p>Pick <select><option>red</option></select> then <button>Go</button> now</p>"
    assert texts(html_to_blocks(html)) == ["Pick red then Go now"]


def test_br_splits_and_blank_lines_drop() -> None:
    html = "<div>one<br>two<br><br><br>three <br/> </div>"
    assert texts(html_to_blocks(html)) == ["one", "two", "three"]


def test_block_tail_text_is_its_own_line() -> None:
    blocks = html_to_blocks("<div class='box'>before<p>inside</p>after</div>")
    assert [(b.text, b.kind, b.tag) for b in blocks] == [
        ("before", "line", "div"),
        ("inside", "paragraph", "p"),
        ("after", "line", "div"),
    ]


def test_table_cells_and_definition_lists() -> None:
    html = "<table><tr><th>Name</th><td>Value <a href='#'>x</a></td></tr></table>"
    html += "<dl><dt>T</dt><dd>D</dd></dl>"
    blocks = html_to_blocks(html)
    assert [(b.text, b.kind) for b in blocks] == [
        ("Name", "cell"),
        ("Value x", "cell"),
        ("T", "item"),
        ("D", "item"),
    ]
    assert blocks[1].path == "body/table/tr/td"


def test_scripts_and_invisible_content_dropped() -> None:
    html = (
        "<html><head><title>T</title><script>head()</script><style>x{}</style></head><body>"
        "<script>alert('x')</script><style>.a{}</style>Visible<noscript>nojs</noscript>"
        "<template>tpl</template><svg><text>svg</text></svg><iframe>frame</iframe> text</body></html>"
    )
    assert texts(html_to_blocks(html)) == ["T", "Visible text"]


def test_pre_keeps_its_lines() -> None:
    html = "<p>Code:</p><pre>\ndef f(x):\n    return x  \n\n<b>print</b>(f(1))</pre><p>after</p>"
    blocks = html_to_blocks(html)
    assert texts(blocks) == ["Code:", "def f(x):", "    return x", "print(f(1))", "after"]
    assert [b.kind for b in blocks] == ["paragraph", "pre", "pre", "pre", "paragraph"]


def test_whitespace_and_entities_collapse() -> None:
    html = "<p>\n   spaced\t\tout &amp;  entities&nbsp;here\n</p>"
    assert texts(html_to_blocks(html)) == ["spaced out & entities here"]


def test_attrs_are_lowercased_deduplicated_and_capped() -> None:
    html = '<div class="Outer SHARE" id="Wrap"><div class="share inner"><p class="share">t</p></div></div>'
    assert html_to_blocks(html)[0].attrs == "share inner outer wrap"
    many = " ".join(f"class{i:03d}" for i in range(100))
    capped = html_to_blocks(f'<div class="{many}"><p id="mine">t</p></div>')[0].attrs
    assert capped.startswith("mine class000 class001")
    assert len(capped) <= MAX_ATTRS
    assert all(re.fullmatch(r"mine|class\d{3}", token) for token in capped.split())


def test_path_is_capped() -> None:
    html = "<div>" * 30 + "<p>deep</p>" + "</div>" * 30
    block = html_to_blocks(html)[0]
    assert block.path.split("/") == ["div"] * (MAX_PATH - 1) + ["p"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   \n\t ",
        "<!-- only a comment -->",
        "<script>var x = 1;</script>",
        "<html><body></body></html>",
        "<br><br><hr>",
        "<p> &nbsp; </p>",
        "\x00\x00",
    ],
)
def test_no_text_gives_no_blocks(html: str) -> None:
    assert html_to_blocks(html) == []


@pytest.mark.parametrize(
    "html",
    [
        "<div><p>unclosed <b>bold <i>italic</p> after</div></span></td> tail",
        "<<<>>> <a <b c='>' <p>text</",
        "<table><td>cell<tr><p>para</table>",
        "<p>a\x00b\x01c\x7fd</p>",
        "<?xml version='1.0' encoding='latin-1'?><p>Café</p>",
        "<p>lone surrogate \ud800 here</p>",
        "</html></body><p>after end</p>",
        "<html><body><html><body><p>nested docs</p></body></html>",
    ],
)
def test_malformed_markup_never_raises(html: str) -> None:
    blocks = html_to_blocks(html)
    assert blocks
    assert all(b.text and b.text == b.text.strip() for b in blocks)


def test_controls_are_removed() -> None:
    assert texts(html_to_blocks("<p>a\x00b\x01c\x7fd</p>")) == ["abcd"]


@pytest.mark.parametrize("control", [chr(c) for c in [*range(0x01, 0x09), *range(0x0E, 0x20), 0x7F]])
def test_every_control_passes_the_gate(control: str) -> None:
    """The cheap test before the translate finds every control it removes, in any segment of
    the line; tabs and line breaks stay white space."""
    assert texts(html_to_blocks(f"<p>one <b>t{control}wo</b> three</p>")) == ["one two three"]
    assert texts(html_to_blocks("<p>one\ttwo\x0bthree\x0cfour</p>")) == ["one two three four"]


def test_pre_line_breaks_of_every_kind_split_it() -> None:
    """Inside <pre>, \\r\\n, \\r and \\n each end a line; a piece without one stays one line."""
    html = "<pre>one\r\ntwo\rthree\nfour</pre><pre>alone <i>inline</i> still</pre>"
    assert texts(html_to_blocks(html)) == ["one", "two", "three", "four", "alone inline still"]


def test_inline_elements_end_no_line() -> None:
    """Only block-level elements end a line or open a gap (the walk skips the others)."""
    html = "<p>a <span>b</span> <em>c</em><br>d</p><section><p>e</p></section>"
    blocks = html_to_blocks(html)
    assert texts(blocks) == ["a b c", "d", "e"]
    assert [b.gap for b in blocks] == [0, 0, 1]


def test_meta_charset_in_a_string_is_ignored() -> None:
    assert texts(html_to_blocks("<meta charset='iso-8859-1'><p>Café 日本</p>")) == ["Café 日本"]


def test_deep_nesting() -> None:
    depth = 100_000
    html = "<div>" * depth + "deep text" + "</div>" * depth + "<p>after</p>"
    assert texts(html_to_blocks(html)) == ["deep text", "after"]


def test_deep_nesting_keeps_line_breaks_and_drops_deep_scripts() -> None:
    depth = 5_000
    html = "<div><p>x</p>" * depth + "<script>hidden()</script><b>end</b>" + "</div>" * depth + "<p>after</p>"
    blocks = html_to_blocks(html)
    assert texts(blocks) == ["x"] * depth + ["end", "after"]
    assert [b.id for b in blocks] == list(range(len(blocks)))


def test_deep_nesting_closes_the_right_elements() -> None:
    depth = 3_000  # beyond libxml2's limit, so the document is re-nested before parsing
    html = "<div class='outer'>" + "<div>" * depth + "deep" + "</div>" * depth + "tail</div><p>after</p>"
    blocks = html_to_blocks(html)
    assert [(b.text, b.tag, b.attrs) for b in blocks] == [
        ("deep", "div", "outer"),
        ("tail", "div", "outer"),
        ("after", "p", ""),
    ]
    assert blocks[1].path == "body/div"


def test_large_flat_document() -> None:
    row = "<div class='c'><p>para <a href='#'>link</a></p></div>\n"
    html = "<html><body>" + row * 20_000 + "</body></html>"
    blocks = html_to_blocks(html)
    assert len(blocks) == 20_000
    assert blocks[-1].id == 19_999 and blocks[-1].text == "para link"


HTML_ALPHABET = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<div class='A b'>",
        "</div>",
        "<br>",
        "<a href=x>",
        "</a>",
        "<pre>",
        "</pre>",
        "<script>",
        "</script>",
        "<hr>",
        "<li>",
        "<table><td>",
        "&amp;",
        "&#0;",
        "<!--",
        "-->",
        "<",
        ">",
        "\n",
        " ",
        "\x00",
        "word",
        "wörd",
        "日本",
        "\r",
        "<svg>",
        "</svg>",
        "<title>",
        "<!DOCTYPE html>",
        "<span id='Z'>",
        "</span>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(HTML_ALPHABET, max_size=60).map("".join) | st.text(max_size=300))
@example("<pre><title> <p>")  # raw text inside <pre> keeps its layout, so its block is kind "pre"
def test_html_to_blocks_invariants(html: str) -> None:
    blocks = html_to_blocks(html)
    for i, b in enumerate(blocks):
        assert (b.id, b.line, b.part) == (i, i + 1, 0)
        assert b.text.strip()
        assert "\n" not in b.text
        assert 0.0 <= b.link_density <= 1.0
        assert b.gap in (0, 1)
        assert len(b.attrs) <= MAX_ATTRS
        assert len(b.path.split("/")) <= MAX_PATH
        if b.kind != "pre":
            assert b.text == " ".join(b.text.split())


# ---------------------------------------------------------------- against the benchmark's text dump


def aeb_pages(count: int) -> list[Path]:
    return sorted(AEB.glob("*.html.gz"))[:count] if AEB.is_dir() else []


def load_to_text_dump() -> Callable[[str], str]:
    if not (BENCH / "bench_html.py").is_file():
        pytest.skip("benchmark script not available")
    sys.path.insert(0, str(BENCH))
    try:
        from bench_html import to_text_dump  # type: ignore[import-not-found, unused-ignore]
    finally:
        sys.path.remove(str(BENCH))
    return to_text_dump  # type: ignore[no-any-return, unused-ignore]


def without_svg_and_iframes(page: str) -> str:
    """The page minus what html_to_blocks drops on purpose and the dump keeps (icon titles, frames)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "lxml")
    for tag in soup(["svg", "iframe"]):
        tag.decompose()
    return str(soup)


def covered_share(reference: list[str], blocks: list[str]) -> float:
    """Share of the reference lines that a block reproduces, alone or as a run of consecutive lines
    joined by spaces. Runs are needed because the benchmark's dump also breaks lines at newlines inside
    text nodes (source formatting), which innerText, and so html_to_blocks, collapse into spaces."""
    exact = set(blocks)
    ordered = sorted(exact)

    def is_prefix(text: str) -> bool:
        i = bisect.bisect_left(ordered, text)
        return i < len(ordered) and ordered[i].startswith(text)

    covered, i = 0, 0
    while i < len(reference):
        run, end, best = reference[i], i + 1, 0
        while True:
            if run in exact:
                best = end
            if end >= len(reference) or not is_prefix(f"{run} {reference[end]}"):
                break
            run, end = f"{run} {reference[end]}", end + 1
        covered += best - i if best else 0
        i = best or i + 1
    return covered / len(reference) if reference else 1.0


def test_covered_share_helper() -> None:
    assert covered_share(["a", "b c", "d"], ["a b c", "d"]) == 1.0
    assert covered_share(["a", "b", "x"], ["a b", "y"]) == pytest.approx(2 / 3)
    assert covered_share([], []) == 1.0


@pytest.mark.skipif(not AEB.is_dir(), reason="benchmark pages not available")
@pytest.mark.parametrize("path", aeb_pages(8), ids=lambda p: p.name[:12])
def test_matches_benchmark_text_dump(path: Path) -> None:
    to_text_dump = load_to_text_dump()
    page = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    reference = to_text_dump(without_svg_and_iframes(page)).splitlines()
    blocks = [" ".join(b.text.split()) for b in html_to_blocks(page)]
    assert covered_share(reference, blocks) >= 0.95
    # And nothing is invented: the words of the blocks are (nearly all) words of the dump.
    mine, theirs = Counter(" ".join(blocks).split()), Counter(" ".join(reference).split())
    assert sum((mine - theirs).values()) <= 0.02 * sum(mine.values())


def test_a_line_that_goes_on_with_the_same_word_is_no_doubled_title() -> None:
    """ "South Korea" over "South Korea’s Ministry …": the possessive continues the word, no cut."""
    from cleaner.ingest.text import text_to_blocks

    long = "South Korea’s Ministry of Trade, Industry and Energy has unveiled a plan to help the industry cut costs."
    assert [b.text for b in text_to_blocks(f"South Korea\n{long}")] == ["South Korea", long]
