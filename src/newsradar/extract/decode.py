"""From raw bytes to text: size and content checks, decompression, encodings, and the page kind.

Pages arrive as bytes in whatever encoding the publisher chose, declared or not. The order of trust
is: a byte-order mark, valid UTF-8 (by far the most common, and self-validating), the charset the
page declares, then a statistical guess. Anything that is not text (images, PDFs, archives, random
bytes) is refused with a reason rather than turned into mojibake.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib

from newsradar.errors import InputError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Magic numbers of common non-text formats, so the refusal can say what the file is.
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"RIFF", "a RIFF media file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ", "an xz archive"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
)

_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.I,
)
# Control characters (all but \t \n \v \f \r) as UTF-8 bytes: each is one byte there,
# and no other character's bytes include one.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
_HTML_START = re.compile(r"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|p|article|!--)",
                         re.I | re.S)
_TAG = re.compile(r"</?(p|div|span|a|br|li|ul|table|td|tr|h[1-6]|img|section|article|script|meta)\b[^>]*>",
                  re.I)


def size_check(content: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Refuse empty and oversized input with a reason the user can act on."""
    size = len(content)
    # isspace() rather than strip(): the same test, without copying the page when it starts or ends
    # with white space.
    if not size or (isinstance(content, str) and content.isspace()):
        raise InputError("empty input: nothing to analyse")
    if isinstance(content, bytes) and content.isspace():
        raise InputError("empty input: only white space")
    if size > max_bytes:
        raise InputError(
            f"input is {size / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB page limit "
            "(raise it with --max-bytes or NEWSRADAR_MAX_BYTES)"
        )


def decompress(content: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """Inflate a gzip- or zlib-compressed page (common for saved pages and HTTP bodies)."""
    if content[:2] == b"\x1f\x8b":
        try:
            d = zlib.decompressobj(wbits=31)
            out = d.decompress(content, max_bytes + 1)
        except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(f"corrupt gzip data: {exc}") from exc
        if len(out) > max_bytes:
            raise InputError(f"compressed page inflates beyond the {max_bytes / 1_048_576:.0f} MB page limit")
        return out
    return content


def decode(content: bytes | str, declared: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the page as text, or raise :class:`InputError` saying why it is not one."""
    if isinstance(content, str):
        size_check(content, max_bytes)
        text = content
    else:
        size_check(content, max_bytes)
        raw = decompress(content, max_bytes)
        text = _decode_bytes(raw, declared)
    text = text.lstrip("\ufeff")
    if not text or text.isspace():
        raise InputError("empty input: no visible text")
    _refuse_binary_text(text)
    return text


def _decode_bytes(raw: bytes, declared: str | None) -> str:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(enc, errors="replace")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise InputError(f"binary input: this is {what}, not a web page or text")
    head = raw[:8192]
    if head.count(b"\x00") > len(head) // 8:
        utf16 = _try_utf16(raw)
        if utf16 is not None:
            return utf16
        raise InputError("binary input: the data holds NUL bytes, so it is not a web page or text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        return mostly
    for enc in _candidates(raw, declared):
        try:
            return raw.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    return raw.decode("cp1252", errors="replace")


def _mostly_utf8(raw: bytes) -> str | None:
    """UTF-8 with a few broken bytes (a truncated character, one pasted legacy string) is still UTF-8:
    decoding the whole page in a legacy code page would garble every other accented letter."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    # Characters beyond ASCII, counted in C: a Python loop over every character of a large page
    # cost more than the rest of its decoding.
    wide = len(text) - len(text.encode("ascii", "ignore")) - broken
    return text if wide >= 20 and broken <= wide // 50 else None


def _candidates(raw: bytes, declared: str | None) -> list[str]:
    out: list[str] = []
    if declared:
        out.append(declared)
    m = _DECLARED.search(raw[:4096])
    if m:
        out.append((m.group(1) or m.group(2)).decode("ascii", "ignore"))
    out = [_normalise_label(x) for x in out]
    # A page that declares UTF-8 but is not valid UTF-8 was written in a legacy code page.
    out = [x for x in out if x not in ("utf-8", "utf8")]
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    if best is not None and best.encoding:
        out.append(best.encoding)
    out.append("cp1252")
    return out


def _normalise_label(label: str) -> str:
    label = label.strip().lower()
    # Browsers decode latin-1 and ascii labels as windows-1252 (WHATWG Encoding Standard).
    return {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
            "ascii": "cp1252", "x-sjis": "shift_jis", "gb2312": "gb18030", "gbk": "gb18030"}.get(label, label)


def _try_utf16(raw: bytes) -> str | None:
    even, odd = raw[0:4096:2].count(0), raw[1:4096:2].count(0)
    enc = "utf-16-be" if even > odd * 4 else "utf-16-le" if odd > even * 4 else None
    if enc is None:
        return None
    try:
        return raw.decode(enc)
    except UnicodeDecodeError:
        return None


def control_characters(text: str) -> int:
    """How many control characters (other than white space) ``text`` holds: counted by deleting them
    from its UTF-8 bytes, in C, several times faster than a regex."""
    encoded = text.encode("utf-8", "surrogatepass")
    return len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))


def _refuse_binary_text(text: str) -> None:
    sample = text[:8192]
    bad = sample.count("\ufffd") + control_characters(sample)
    if bad > max(16, len(sample) // 10):
        raise InputError("binary input: over 10% of the first characters are control or undecodable bytes")


def sniff_kind(text: str) -> str:
    """``"html"`` when the text is markup, else ``"text"`` (scraped page text)."""
    head = text[:4096]
    if _HTML_START.match(head):
        return "html"
    tags = len(_TAG.findall(head))
    lines = head.count("\n") + 1
    return "html" if tags >= 3 and tags * 4 >= lines else "text"
