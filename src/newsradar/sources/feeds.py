"""RSS and Atom feeds: the entries (link, id, date, title, embedded content) of one feed document.

feedparser reads RSS 0.9x–2.0, RSS 1.0 (RDF) and Atom, recovering what it can from malformed XML.
It is always given bytes (wrapped in a file object), never a string, because it treats a string as
a URL or a file name to open.
"""

from __future__ import annotations

import calendar
import html
import io
import re
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from newsradar.errors import InputError
from newsradar.extract.dates import iso

_BLOCK = re.compile(r"<(p|div|br|article|section|h[1-6]|ul|ol|li|blockquote|table|pre)\b", re.I)
#: an RSS description this long is taken as the article itself, not a teaser
MIN_EMBEDDED_CHARS = 400


@dataclass(slots=True, frozen=True)
class FeedEntry:
    link: str | None  # absolute http(s) URL of the article, when the entry gives one
    id: str | None  # guid / atom:id
    date: str | None  # published (else updated), ISO 8601 in UTC
    title: str | None
    author: str | None
    content: str | None  # full HTML embedded in the entry, when there is enough of it
    # the language the feed declares for the content (its xml:lang, else the feed's <language>): the
    # extract stage's declared language, which a brief too short to tell by its words keeps
    language: str | None = None

    @property
    def key(self) -> str | None:
        """What identifies the entry across polls: its id, else its link."""
        return self.id or self.link


@dataclass(slots=True)
class Feed:
    title: str | None
    entries: list[FeedEntry]
    problem: str | None  # why the document is not well-formed, when the entries were recovered from it


def parse_feed(data: bytes, base_url: str | None = None) -> Feed:
    """The entries of an RSS/Atom document; InputError when nothing feed-like can be read from it."""
    headers = {"content-location": base_url} if base_url else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # feedparser warns on some malformed dates; the entry keeps None
        try:
            # Not sanitised: the embedded content goes to the extract stage, which reads HTML as data
            # and drops scripts itself, never to a browser. feedparser's sanitiser dropped what that
            # stage reads (a lazy image's data-src and srcset), and was a third of a large feed's time.
            parsed: Any = feedparser.parse(io.BytesIO(data), response_headers=headers, sanitize_html=False,
                                           resolve_relative_uris=True)
        except Exception as exc:  # feedparser's loose parser has failure modes of its own
            raise InputError(f"not a readable feed: {type(exc).__name__}: {exc}") from exc
    problem = _problem(parsed)
    if not parsed.get("version") and not parsed.entries:
        raise InputError(f"not an RSS or Atom feed{': ' + problem if problem else ''}")
    head = parsed.feed if isinstance(parsed.get("feed"), dict) else {}
    entries = [_entry(e, base_url, _text(head.get("language"))) for e in parsed.entries]
    title = head.get("title")
    return Feed(title if isinstance(title, str) else None, entries, problem)


def _problem(parsed: Any) -> str | None:
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if exc is None or type(exc).__name__.startswith(("CharacterEncoding", "NonXMLContentType")):
        return None  # a wrong charset or Content-Type declaration, not a broken document
    return str(exc) or type(exc).__name__


def _entry(e: Any, base_url: str | None, feed_language: str | None) -> FeedEntry:
    link = _link(e, base_url)
    raw_id = e.get("id")
    entry_id = raw_id.strip() if isinstance(raw_id, str) and raw_id.strip() else None
    content, language = _content(e)
    return FeedEntry(link=link, id=entry_id, date=_date(e), title=_text(e.get("title")),
                     author=_text(e.get("author")), content=content, language=language or feed_language)


def _link(e: Any, base_url: str | None) -> str | None:
    candidates = [e.get("link")] + [lk.get("href") for lk in e.get("links") or []
                                    if isinstance(lk, dict) and lk.get("rel", "alternate") == "alternate"]
    raw_id = e.get("id")
    if isinstance(raw_id, str) and e.get("guidislink", False):
        candidates.append(raw_id)
    for raw in candidates:
        if not isinstance(raw, str) or not raw.strip():
            continue
        url = urljoin(base_url, raw.strip()) if base_url else raw.strip()
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc:
            return url
    return None


def _date(e: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = e.get(key)
        if isinstance(value, time.struct_time):
            try:
                return iso(datetime.fromtimestamp(calendar.timegm(value), UTC).replace(tzinfo=None))
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _content(e: Any) -> tuple[str | None, str | None]:
    """The embedded content and the language its element declares (xml:lang), if any."""
    for item in e.get("content") or []:
        value = item.get("value") if isinstance(item, dict) else None
        if isinstance(value, str) and value.strip():
            return value, _text(item.get("language"))
    summary = e.get("summary")
    if isinstance(summary, str) and len(html.unescape(summary)) >= MIN_EMBEDDED_CHARS:
        detail = e.get("summary_detail")
        return summary, _text(detail.get("language")) if isinstance(detail, dict) else None
    return None, None


def _text(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def entry_page_html(entry: FeedEntry) -> str:
    """An HTML page holding the entry's embedded content, title and author, for the extract stage.

    The entry's date is not written into the page: it travels as the RawPage's ``feed_date``, which
    the extract stage trusts less than a date the publisher put in the page itself.
    """
    head = f"<title>{html.escape(entry.title)}</title>" if entry.title else ""
    if entry.author:
        head += f'<meta name="author" content="{html.escape(entry.author, quote=True)}">'
    title = f"<h1>{html.escape(entry.title)}</h1>" if entry.title else ""
    content = entry.content or ""
    if not _BLOCK.search(content):  # plain text (many RSS descriptions): give it paragraphs
        content = "".join(f"<p>{part.strip()}</p>" for part in re.split(r"\n\s*\n", content) if part.strip())
    lang = f' lang="{html.escape(entry.language, quote=True)}"' if entry.language else ""
    return (f"<!DOCTYPE html><html{lang}><head><meta charset=\"utf-8\">{head}</head>"
            f"<body><article>{title}{content}</article></body></html>")
