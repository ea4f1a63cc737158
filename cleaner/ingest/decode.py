"""Bytes → text. Scraped dumps arrive in every encoding, often mislabelled, so we trust the strongest
evidence first (BOM, then a declared charset, then valid UTF-8) and only guess when nothing else speaks.
Binary payloads (images, archives) are refused up front rather than turned into pages of mojibake."""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from cleaner.errors import DecodeError
from cleaner.rules import compile_safe

_SNIFF = 4096  # where a charset declaration may sit
_SAMPLE = 8192  # what the binary checks look at
_NUL_LIMIT = 0.01  # NUL share above which bytes are not text (unless they look like BOM-less UTF-16/32)
_CONTROL_LIMIT = 0.01  # share of C0 control bytes a legacy-encoded text may carry
_GUESS_SAMPLE = 65536  # how much of the input the cp1252 plausibility check reads
_WESTERN_SHARE = 0.08  # most accented letters a Western European text has (as share of all letters)
_FEW_ACCENTS = 20  # below this many, charset detection is a coin toss between Latin code pages
_SHORT_WESTERN_SHARE = 0.3

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x28\xb5\x2f\xfd", "zstd data"),
    (b"\x7fELF", "ELF executable"),
)
_LABEL = rb"([a-z0-9][a-z0-9_.:+-]{0,40})"
_META = compile_safe(rb"<meta\b[^>]{0,512}?charset\s*=\s*(?:[\"']\s*)?" + _LABEL, re.IGNORECASE)
_XML_DECL = compile_safe(rb"<\?xml\b[^>]{0,200}?encoding\s*=\s*[\"']\s*" + _LABEL, re.IGNORECASE)
# Labels browsers read differently from Python (WHATWG Encoding Standard): the superset wins.
_SUPERSETS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# Codecs Python knows that are no page encoding (or are a known XSS vector, like UTF-7).
_BOGUS = frozenset({"utf-7", "idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "charmap"})
_MULTIBYTE = compile_safe(r"utf|gb|big5|cp9[345]|euc|jis|hz|johab|iso2022", re.IGNORECASE)
_TEXT_CONTROLS = frozenset(b"\t\n\f\r\x1b")
_WESTERN_PUNCT = frozenset("€‚ƒ„…†‡ˆ‰‹Œ‘’“”•–—˜™›œ ¡¢£¤¥¦§¨©«¬\xad®¯°±²´µ¶·¸»¿×÷")


def _c1_controls(err: UnicodeError) -> tuple[str, int]:
    """Map the five bytes cp1252 leaves undefined to C1 controls, as browsers do, instead of failing."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    return err.object[err.start : err.end].decode("latin-1"), err.end


codecs.register_error("cleaner-c1", _c1_controls)


def decode(raw: bytes) -> tuple[str, str]:
    """Decode a page dump; returns (text, codec name). Raises DecodeError for binary data."""
    if not raw:
        return "", "utf-8"
    _reject_magic(raw)
    found = _from_bom(raw) or _from_wide(raw) or _from_declared(raw) or _from_utf8(raw) or _from_guess(raw)
    if found is None:
        raise DecodeError(f"input looks binary: {len(raw)} bytes that are text in no encoding we can detect")
    text, name = found
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff"), name


def _reject_magic(raw: bytes) -> None:
    """Refuse well-known binary formats by their signature, before any decoder can 'succeed' on them."""
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise DecodeError(f"input is binary ({what}), not text")


def _from_bom(raw: bytes) -> tuple[str, str] | None:
    """A byte-order mark is the one unambiguous statement of an encoding."""
    for bom, name in _BOMS:
        if raw.startswith(bom):
            label = "utf-8-sig" if name == "utf-8" else name
            return raw[len(bom) :].decode(name, errors="replace"), label
    return None


def _from_wide(raw: bytes) -> tuple[str, str] | None:
    """NUL-heavy bytes are binary, unless the NULs fall in the column pattern of BOM-less UTF-16/32."""
    sample = raw[:_SAMPLE]
    nuls = sample.count(0)
    if nuls <= _NUL_LIMIT * len(sample):
        return None
    for name, columns in (("utf-32-le", (2, 3)), ("utf-32-be", (0, 1))):
        if len(raw) % 4 == 0 and all(not sample[c::4].strip(b"\x00") for c in columns):
            text = _strict(raw, name)
            if text is not None:
                return text, name
    half = max(1, len(sample) // 2)
    even, odd = sample[0::2].count(0) / half, sample[1::2].count(0) / half
    for name, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(raw) % 2 == 0 and zeros >= 0.3 and others < 0.02:
            text = _strict(raw, name)
            if text is not None:
                return text, name
    raise DecodeError(f"input is binary ({nuls} NUL bytes in the first {len(sample)}), not text")


def _from_declared(raw: bytes) -> tuple[str, str] | None:
    """Obey a <meta> or XML charset declaration, but not when it is stale: a dump re-encoded to UTF-8
    by the scraper keeps the page's old label, and valid non-ASCII UTF-8 is never an accident."""
    name = declared_charset(raw[:_SNIFF])
    if name is None:
        return None
    if name != "utf-8" and not raw.isascii() and _strict(raw, "utf-8") is not None:
        return None  # _from_utf8 takes it
    if name == "cp1252":
        return raw.decode("cp1252", errors="cleaner-c1"), name
    text = _strict(raw, name)
    return None if text is None else (text, name)


def declared_charset(head: bytes) -> str | None:
    """The first usable charset a <meta> tag or XML declaration names, as a Python codec name."""
    for pattern in (_META, _XML_DECL):
        for match in pattern.finditer(head):
            name = _codec(match.group(1).decode("ascii"))
            if name is not None:
                # A UTF-16/32 label inside bytes we just read as ASCII cannot be true: browsers take UTF-8.
                return "utf-8" if name.startswith(("utf-16", "utf-32")) else name
    return None


def _codec(label: str) -> str | None:
    """Resolve a charset label to a codec name browsers would use; None for unknown or unsafe ones."""
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    name = _SUPERSETS.get(name, name)
    return None if name.replace("_", "-") in _BOGUS else name


def _from_utf8(raw: bytes) -> tuple[str, str] | None:
    """Strict UTF-8 first among the guesses: random legacy bytes almost never form valid UTF-8."""
    text = _strict(raw, "utf-8")
    return None if text is None else (text, "utf-8")


def _from_guess(raw: bytes) -> tuple[str, str] | None:
    """Statistical detection, biased towards cp1252: on short samples charset-normalizer often names
    a Baltic or Central European code page for plain French or German text."""
    best = charset_normalizer.from_bytes(raw).best()
    if best is not None:
        name = _codec(best.encoding) or "cp1252"
        if name != "cp1252" and not _MULTIBYTE.search(name) and _plausibly_western(raw):
            name = "cp1252"
        errors = "cleaner-c1" if name == "cp1252" else "replace"
        return raw.decode(name, errors=errors), name
    if _looks_like_text(raw):
        return raw.decode("cp1252", errors="cleaner-c1"), "cp1252"
    return None


def _plausibly_western(raw: bytes) -> bool:
    """True when cp1252 reads the bytes as Western European text: every non-ASCII character a letter
    or common punctuation, and accented letters as sparse as in French or German (Cyrillic or Greek
    read as cp1252 is nearly all accents; Czech or Hungarian have about twice the share). On fewer
    than _FEW_ACCENTS accents the detector has no statistics, so a looser share suffices."""
    try:
        text = raw[:_GUESS_SAMPLE].decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = accented = 0
    for ch in text:
        if ch.isascii():
            letters += ch.isalpha()
        elif ch.isalpha():
            letters += 1
            accented += 1
        elif ch not in _WESTERN_PUNCT:
            return False
    if accented < _FEW_ACCENTS:
        return accented <= _SHORT_WESTERN_SHARE * letters
    return accented <= _WESTERN_SHARE * letters


def _looks_like_text(raw: bytes) -> bool:
    """Few control bytes: the last check before reading unknown bytes as cp1252."""
    sample = raw[:_SAMPLE]
    controls = sum(1 for b in sample if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    return controls <= _CONTROL_LIMIT * len(sample)


def _strict(raw: bytes, name: str) -> str | None:
    """Decode or give up, so a wrong codec never silently produces replacement characters."""
    try:
        return raw.decode(name)
    except (UnicodeDecodeError, LookupError):
        return None
