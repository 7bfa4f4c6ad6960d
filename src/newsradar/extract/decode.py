"""From raw bytes to text: size and content checks, decompression, encodings, and the page kind.

Pages arrive as bytes in whatever encoding the publisher chose, declared or not. The order of trust
is: a byte-order mark, valid UTF-8 (by far the most common, and self-validating), the charset the
page declares, then a statistical guess, which for Latin-script pages weighs the readings of the Latin
code pages against windows-1252, the browsers' default. Anything that is not text (images, PDFs,
archives, random bytes) or a compressed page cut short is refused with a reason rather than turned into
mojibake or passed off as the whole page.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

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
# Bytes ASCII-compatible code pages share, removed to leave the bytes that tell them apart.
_ASCII = bytes(range(0x80))
# Bytes above ASCII next to a letter (ASCII or not): there a reading should give a letter, punctuation
# that sits at or inside words (quotes, brackets, dashes, a soft hyphen, a no-break space) or a mark
# written against a word ("Meteor™", "•Home"), not a symbol such as "³", "¹" or "¿" (Polish "ł", "ą", "ż"
# read in the wrong code page).
_TOUCHING = re.compile(rb"(?<=[A-Za-z\x80-\xff])[\x80-\xff]|[\x80-\xff](?=[A-Za-z\x80-\xff])")
_AFTER_LETTER = re.compile(rb"(?<=[A-Za-z\x80-\xff])[\x80-\xff]")
# Bytes above ASCII that stand alone or next to an ASCII letter, as Latin script has them (an accented
# letter in a word, a dash, a quote, a no-break space); Cyrillic, Greek, Arabic or CJK text has runs of
# them instead, whole words.
_LATIN_LIKE = re.compile(
    rb"(?<![\x80-\xff])[\x80-\xff](?![\x80-\xff])|(?<=[A-Za-z])[\x80-\xff]|[\x80-\xff](?=[A-Za-z])")
_WORD_PUNCTUATION = frozenset(("Pd", "Pi", "Pf", "Ps", "Pe", "Zs", "Cf"))
_WORD_SYMBOLS = frozenset("·…•†‡™®©°")
# The encodings browsers read (WHATWG Encoding Standard; Python's names for them and for the supersets
# Python decodes them with): the detector also proposes DOS, EBCDIC and HP code pages, which are never a
# web page's encoding.
_WEB_LATIN = frozenset(codecs.lookup(name).name for name in (
    "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_10",
    "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16", "mac_roman", "latin_1"))
_WEB_ENCODINGS = _WEB_LATIN | frozenset(codecs.lookup(name).name for name in (
    "utf_8", "utf_16", "utf_16_le", "utf_16_be", "ascii", "cp866", "iso8859_5", "iso8859_6", "iso8859_7",
    "iso8859_8", "koi8_r", "koi8_u", "mac_cyrillic", "cp874", "tis_620", "iso8859_11", "cp1251", "cp1253",
    "cp1255", "cp1256", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950", "euc_jp", "euc_jis_2004",
    "euc_jisx0213", "iso2022_jp", "shift_jis", "shift_jis_2004", "shift_jisx0213", "cp932", "euc_kr",
    "cp949"))
# Always weighed, whatever the detector lists: the code pages browsers default to for Central European,
# Baltic and Turkish locales, and ISO Latin-2, long common for Polish and Czech.
_LEGACY_LATIN = ("cp1250", "iso8859_2", "cp1257", "cp1254")
# The letters beyond ASCII of the Latin-script languages written in single-byte code pages (the
# Windows and ISO-8859 Latin ones), both cases.
_ALPHABETS = tuple(
    frozenset(letters + letters.upper())
    for letters in (
        "",  # English
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "àèéìíîòóùúªº",  # Italian
        "áéíñóúüªº",  # Spanish
        "áâãàçéêíóôõúªº",  # Portuguese
        "àçèéíïòóúüªº",  # Catalan
        "áéèëíïóöúü",  # Dutch
        "æøåéó",  # Danish, Norwegian
        "åäöéšž",  # Swedish, Finnish
        "áðéíóúýþæö",  # Icelandic
        "çë",  # Albanian
        "äõöüšž",  # Estonian
        "ąćęłńóśźż",  # Polish
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Slovenian, Croatian, Bosnian
        "ăâîșțşţ",  # Romanian
        "çğıöşüâîİ",  # Turkish
        "ąčęėįšųūž",  # Lithuanian
        "āčēģīķļņšūž",  # Latvian
        # Vietnamese as windows-1258 writes it: the vowels it has precomposed, tones on the others as
        # combining marks.
        "àáâăèéêíóôơùúưđ\u0300\u0301\u0303\u0309\u0323",
    )
)
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
    """Inflate a gzip-compressed page (common for saved pages and HTTP bodies); other bytes are
    returned as they are.

    Every member must reach its end: a stream cut short (an interrupted download or copy) would
    otherwise pass for a complete page that stops mid-sentence, or for a fragment of raw markup.
    """
    if content[:2] != b"\x1f\x8b":
        return content
    parts: list[bytes] = []
    size = 0
    rest = content
    # Concatenated members are one valid gzip file (``cat a.gz b.gz``; gzip(1) inflates them all). A lone
    # 0x1f after a member is the first byte of one cut short.
    while rest[:2] == b"\x1f\x8b" or rest == b"\x1f":
        inflater = zlib.decompressobj(wbits=31)
        try:
            # max_length is never 0 here (0 would mean unlimited): size stays at or under max_bytes.
            part = inflater.decompress(rest, max_bytes + 1 - size)
        except zlib.error as exc:
            raise InputError(f"corrupt gzip data: {exc}") from exc
        size += len(part)
        parts.append(part)
        # The size check comes first: output stopped at the limit also leaves the member unfinished.
        if size > max_bytes:
            raise InputError(f"compressed page inflates beyond the {max_bytes / 1_048_576:.0f} MB page limit")
        if not inflater.eof:
            raise InputError(f"truncated gzip data: the data ends in the middle of the compressed page "
                             f"({size:,} bytes inflated before the cut), so the page is incomplete")
        rest = inflater.unused_data
    # Anything after the last member that is not another member (NUL padding, junk a tool appended)
    # is ignored, as gzip(1) does: the page itself was inflated whole.
    return b"".join(parts)


def decode(content: bytes | str, declared: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Return the page as text, or raise :class:`InputError` saying why it is not one."""
    if isinstance(content, str):
        size_check(content, max_bytes)
        text = lone_surrogates_replaced(content)
    else:
        size_check(content, max_bytes)
        raw = decompress(content, max_bytes)
        text = _decode_bytes(raw, declared)
    text = text.lstrip("\ufeff")
    if not text or text.isspace():
        raise InputError("empty input: no visible text")
    _refuse_binary_text(text)
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


def lone_surrogates_replaced(text: str) -> str:
    """``text`` with each lone surrogate (what ``errors="surrogateescape"`` or a JSON ``"\\udcff"``
    leaves in a str; no UTF-8 encodes it) replaced by U+FFFD, as an undecodable byte of a page is."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text)
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
    """UTF-8 with some broken bytes (a truncated character, legacy strings pasted into a UTF-8 page:
    "app\x92s" beside "für") is still UTF-8: decoding the whole page in a legacy code page would
    garble every accented letter written right ("fÃ¼r"). The page is read so when its characters
    beyond ASCII outnumber its broken bytes (a legacy page has next to no valid UTF-8 sequences: its
    accented letters stand before ASCII), each broken byte read as Windows-1252, the code page such
    strings come from."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    # Characters beyond ASCII, counted in C: a Python loop over every character of a large page
    # cost more than the rest of its decoding.
    wide = len(text) - len(text.encode("ascii", "ignore")) - broken
    if wide < 20 or broken > wide:
        return None
    return raw.decode("utf-8", errors=_CP1252_FALLBACK) if broken else text


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: the bytes UTF-8 cannot read, each read as Windows-1252 (its five
    unassigned bytes as U+FFFD)."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_CP1252_FALLBACK = "newsradar-cp1252-fallback"
codecs.register_error(_CP1252_FALLBACK, _cp1252_bytes)


def _candidates(raw: bytes, declared: str | None) -> Iterator[str]:
    """The encodings to try in turn: the declared ones, then the statistical guess, then Windows-1252.
    The guess is made only when no declared encoding reads the page: it costs some 15 ms a page (the
    detector's pass over up to 200 kB), and a page declaring a legacy code page is read by it."""
    out: list[str] = []
    if declared:
        out.append(declared)
    m = _DECLARED.search(raw[:4096])
    if m:
        out.append((m.group(1) or m.group(2)).decode("ascii", "ignore"))
    out = [_normalise_label(x) for x in out]
    # A page that declares UTF-8 but is not valid UTF-8 was written in a legacy code page.
    yield from (x for x in out if x not in ("utf-8", "utf8"))
    yield from _guesses(raw)
    yield "cp1252"


def _guesses(raw: bytes) -> list[str]:
    """The statistical guess: charset-normalizer's, among the encodings browsers read, unless the page is
    written in Latin script, when :func:`_latin_choice` picks among the Latin code pages.

    The detector tells the other scripts apart well (Cyrillic from Greek from CJK), but among Latin code
    pages its ranking is close to arbitrary: the letters a Western page shares with Central European or
    Baltic ones weigh more than the few that differ, so Italian or French in Latin-1 came out as
    windows-1250, -1258 or ISO-8859-10 ("Cittŕ", "martedě"), and German with many no-break spaces as a
    DOS Cyrillic code page no browser would use for a web page.
    """
    from charset_normalizer import from_bytes

    sample = raw[:200_000]
    names = [m.encoding for m in from_bytes(sample) if m.encoding]
    web = [name for name in names if _canonical(name) in _WEB_ENCODINGS]
    counts = Counter(sample.translate(None, _ASCII))
    # Latin script when the detector says so, or whatever it says when most bytes above ASCII are laid
    # out as Latin script has them.
    first = (web or names)[:1]
    latin = bool(first) and _canonical(first[0]) in _WEB_LATIN
    if not latin and len(_LATIN_LIKE.findall(sample)) * 2 < counts.total():
        return first
    stats = _HighBytes(
        counts=counts,
        # Every byte of the page must be readable, not only the sample's (a cheap count, done in C).
        present=Counter(raw.translate(None, _ASCII)) if len(raw) > len(sample) else counts,
        touching=Counter(m.group()[0] for m in _TOUCHING.finditer(sample)),
        after=Counter(m.group()[0] for m in _AFTER_LETTER.finditer(sample)),
        closers={"¿": sample.count(b"?"), "¡": sample.count(b"!")},
    )
    scores: dict[str, int] = {}
    for name in map(_canonical, ["cp1252", *web, *_LEGACY_LATIN]):
        chars = _high_chars(name, stats.present) if name in _WEB_LATIN else None
        if chars is not None and name not in scores:
            scores[name] = _implausibility(chars, stats)
    return [_latin_choice(scores)]


class _HighBytes(NamedTuple):
    """What :func:`_implausibility` weighs, about the bytes above ASCII (keyed by byte value)."""

    counts: Counter[int]  # in the sample
    present: Counter[int]  # in the whole page
    touching: Counter[int]  # in the sample, next to a letter (ASCII or not)
    after: Counter[int]  # in the sample, right after such a letter
    closers: dict[str, int]  # "?" and "!" in the sample, which close what "¿" and "¡" open


def _canonical(encoding: str) -> str:
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding


def _latin_choice(scores: dict[str, int]) -> str:
    """The Latin code page whose reading of the bytes above ASCII is the most plausible (``scores``: each
    one's :func:`_implausibility`), windows-1252 unless another is clearly better.

    Windows-1252 is what browsers assume for an undeclared page in a Western locale (WHATWG), and these
    code pages differ only above ASCII, so only those bytes are judged. A right reading gives the letters
    of one language and no stray symbols; a wrong one gives letters no single language uses together
    (Italian in windows-1250: "ŕ", "ě", "ů") or symbols stuck to letters (Polish in windows-1252:
    "wy³¹czy³", "powiedzia³"). Another code page must score under half windows-1252's and at least 2
    lower: one letter of a foreign name ("Søren" on a French page) is not enough to leave the default,
    and a page both read alike (German, whose letters sit at the same bytes in both) stays Western.
    """
    others = {name: n for name, n in scores.items() if name != "cp1252"}
    if not others:
        return "cp1252"
    other = min(others, key=lambda name: others[name])  # ties go to the detector's order
    default = scores["cp1252"]
    return other if others[other] * 2 < default and default - others[other] >= 2 else "cp1252"


def _high_chars(encoding: str, counts: Counter[int]) -> dict[int, str] | None:
    """Each byte above ASCII in ``counts`` as the single-byte code page ``encoding`` reads it, or ``None``
    when it cannot read one of them.

    Windows-1252 reads every byte, as the last resort of :func:`_decode_bytes` does: its five unassigned
    bytes become U+FFFD, which :func:`_implausibility` counts against it.
    """
    errors = "replace" if encoding == "cp1252" else "strict"
    try:
        return {b: bytes([b]).decode(encoding, errors) for b in counts}
    except UnicodeDecodeError:
        return None


def _is_letter(char: str) -> bool:
    # Modifier letters (caron, breve) stand alone as accents: symbols here.
    category = unicodedata.category(char)
    return category[0] == "M" or (category[0] == "L" and category != "Lm")


def _implausibility(chars: dict[int, str], stats: _HighBytes) -> int:
    """How badly a reading fits: each byte it cannot read or reads as a control character (counted over the
    whole page: one anywhere is evidence) and each symbol stuck to a letter counts 2; each letter outside
    the one language alphabet that holds the most of them counts 1 (it may be a foreign name)."""
    symbols = 0
    for b, char in chars.items():
        if _is_letter(char) or char in _WORD_SYMBOLS or unicodedata.category(char) in _WORD_PUNCTUATION:
            continue
        if char == "\ufffd" or unicodedata.category(char) == "Cc":  # C1 controls: never in text
            symbols += stats.present[b]
        elif char in stats.closers:
            # "¿" and "¡" open a Spanish question or exclamation, before a word: out of place after a
            # letter, or when more of them open than "?" and "!" close (Polish "że" read as "¿e").
            symbols += max(stats.after[b], stats.counts[b] - stats.closers[char])
        else:
            symbols += stats.touching[b]
    letters = [(char, stats.counts[b]) for b, char in chars.items() if _is_letter(char)]
    outside = min(sum(n for char, n in letters if char not in alphabet) for alphabet in _ALPHABETS)
    return 2 * symbols + outside


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
