"""XML sitemaps (sitemaps.org, with Google News extensions): URLs with dates, or child sitemaps.

Parsed with lxml's incremental parser, entities unresolved and the network off (no XXE); a damaged
file keeps the entries before the damage (a repaired tail could hold a half-written URL). Elements
are matched by local name: sitemaps in the wild get their namespaces wrong often enough.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newsradar.errors import InputError
from newsradar.extract.dates import iso, naive_utc, parse_stamp


@dataclass(slots=True, frozen=True)
class SitemapEntry:
    loc: str  # absolute http(s) URL: a page, or a child sitemap in an index
    lastmod: str | None  # as written, for telling a changed entry from a seen one
    date: str | None  # news:publication_date, else lastmod, as ISO 8601 in UTC
    title: str | None  # news:title


@dataclass(slots=True)
class Sitemap:
    kind: Literal["urlset", "index"]
    entries: list[SitemapEntry]
    problem: str | None  # why the document is damaged, when entries were recovered from it
    skipped: int = 0  # <loc>s that are not absolute http(s) URLs


def parse_sitemap(data: bytes, base_url: str | None = None) -> Sitemap:
    """The URLs (or child sitemaps) of a sitemap; InputError when the document is not one."""
    kind: Literal["urlset", "index"] | None = None
    entries: list[SitemapEntry] = []
    problem: str | None = None
    skipped = 0
    events = etree.iterparse(io.BytesIO(data), events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, recover=False, remove_comments=True, remove_pis=True)
    try:
        for event, el in events:
            name = _local(el)
            if event == "start":
                if kind is None:
                    if name not in ("urlset", "sitemapindex"):
                        raise InputError(f"not a sitemap: the document's root is <{name}>")
                    kind = "urlset" if name == "urlset" else "index"
                continue
            if name not in ("url", "sitemap"):
                continue
            entry = _entry(el, base_url)
            if entry is None:
                skipped += 1
            else:
                entries.append(entry)
            # Drop what has been read, so the tree stays small however long the sitemap is.
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:
        problem = str(exc) or "malformed XML"
    if kind is None:
        raise InputError(f"not a sitemap{': ' + problem if problem else ''}")
    return Sitemap(kind, entries, problem, skipped)


def _local(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _entry(el: Any, base_url: str | None) -> SitemapEntry | None:
    fields: dict[str, str] = {}
    for child in el.iter():
        name = _local(child)
        # <loc> and <lastmod> are the entry's own children; an <image:loc> deeper down is not the page
        own = name in ("loc", "lastmod") and child.getparent() is el
        news = name in ("publication_date", "title")
        if (own or news) and name not in fields and child.text:
            fields[name] = child.text.strip()
    loc = fields.get("loc", "")
    url = urljoin(base_url, loc) if base_url and loc else loc
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    lastmod = fields.get("lastmod") or None
    date = _utc(fields.get("publication_date")) or _utc(lastmod)
    return SitemapEntry(url, lastmod, date, fields.get("title") or None)


def _utc(text: str | None) -> str | None:
    """A W3C datetime (``2025-06-10``, ``2025-06-10T04:00:00+02:00``) as ISO 8601 in UTC."""
    if not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        stamp = parse_stamp(text)
        return iso(stamp.when - (stamp.offset or timedelta(0))) if stamp else None
    return iso(naive_utc(dt))
