"""What a source is, told from its first bytes (and, only where the bytes cannot tell, its name).

A ``.xml`` file may be a feed or a sitemap, a URL ending in ``/feed`` is a feed, a ``.txt`` may be a
WET archive: the content decides. The name breaks ties the content leaves open: a ``.jsonl`` file
whose first line is broken is still JSON Lines (so the broken line becomes one Failure and the rest
are read), and a page is ``html`` or ``text`` by its extension when the extract stage has to guess.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Literal

SpecKind = Literal["warc", "feed", "sitemap", "jsonl", "json", "page"]

#: bytes to look at: enough to get past an XML prolog, comments and a DOCTYPE
SNIFF_BYTES = 16 * 1024

_XML_ROOT = re.compile(
    rb"^(?:\s|<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w.:-]*)", re.S)
_FEED_ROOTS = frozenset((b"rss", b"feed", b"rdf", b"channel"))
_SITEMAP_ROOTS = frozenset((b"urlset", b"sitemapindex"))
_JSONL_EXT = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz", ".jsonlines")
_JSON_EXT = (".json", ".json.gz")
_WARC_EXT = (".warc", ".warc.gz", ".wet", ".wet.gz")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def gunzip_head(head: bytes, size: int = SNIFF_BYTES) -> bytes:
    """The first inflated bytes of a gzip stream (``head`` unchanged when it is not gzip)."""
    if head[:2] != b"\x1f\x8b":
        return head
    try:
        return zlib.decompressobj(wbits=31).decompress(head, size)
    except zlib.error:
        return b""


def sniff(head: bytes, name: str = "", content_type: str = "") -> SpecKind:
    """The kind of source whose first (inflated) bytes are ``head``.

    ``name`` is a path or URL and ``content_type`` an HTTP Content-Type, both optional hints.
    """
    lower = name.lower().split("?", 1)[0]
    ctype = content_type.lower().split(";", 1)[0].strip()
    body = head
    for bom in _BOMS:
        if body.startswith(bom):
            body = body[len(bom):]
            break
    body = body.lstrip()
    if body.startswith((b"WARC/1.", b"WARC/0.")) or ctype == "application/warc":
        return "warc"
    if lower.endswith(_WARC_EXT) and not body.startswith(b"<"):
        return "warc"  # an empty or damaged archive: the WARC reader says what is wrong with it
    if lower.endswith(_JSONL_EXT) or ctype in ("application/x-ndjson", "application/jsonl",
                                                "application/x-jsonlines"):
        return "jsonl"
    if body.startswith((b"{", b"[")):
        return _json_kind(body, lower)
    if body.startswith(b"<"):
        root = _xml_root(body)
        if root in _FEED_ROOTS:
            return "feed"
        if root in _SITEMAP_ROOTS:
            return "sitemap"
    return "page"


def _xml_root(body: bytes) -> bytes | None:
    m = _XML_ROOT.match(body)
    if not m:
        return None
    return m.group(1).rsplit(b":", 1)[-1].lower()


def _json_kind(body: bytes, name: str) -> SpecKind:
    if body.startswith(b"["):
        return "json"
    first = body.split(b"\n", 1)[0].strip()
    if b"\n" not in body and len(body) >= SNIFF_BYTES:
        return "jsonl"  # one long first line: can only be a record of JSON Lines
    try:
        value = json.loads(first)
    except ValueError:
        return "jsonl" if not name.endswith(_JSON_EXT) and first.endswith(b"}") else "json"
    return "jsonl" if isinstance(value, dict) else "json"


def charset(content_type: str) -> str | None:
    """The ``charset`` parameter of a Content-Type, if it has one."""
    for part in content_type.split(";")[1:]:
        name, _, value = part.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'")
    return None
