"""The extract stage: RawPage → Article (clean text and metadata, no NLP yet)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from newsradar.errors import ExtractionError, InputError
from newsradar.extract.dates import iso, not_after, parse_stamp
from newsradar.extract.decode import DEFAULT_MAX_BYTES, decode, sniff_kind
from newsradar.extract.html import extract_html, visible_lines
from newsradar.extract.language import detect
from newsradar.extract.metadata import keep_html_metadata
from newsradar.extract.result import Extraction
from newsradar.extract.text import extract_scraped
from newsradar.record import Article, DateInfo, article_id
from newsradar.sources.raw import RawPage

__all__ = ["Extraction", "extract", "from_fields"]

# A feed's or sitemap's date for the page: usually the publication time, but set by the feed's
# software rather than the newsroom, so the page's own metadata (0.75 and up) outranks it while a
# clock printed on a scraped page (page-stamp) does not.
FEED_DATE_CONFIDENCE = 0.6


def extract(page: RawPage, *, max_bytes: int = DEFAULT_MAX_BYTES, chrome_file: Path | None = None) -> Article:
    """Read one page into an Article, or raise an InputError/ExtractionError saying why not."""
    if page.kind == "article":
        return from_fields(page)
    text = decode(page.content, page.encoding, max_bytes)
    kind = page.kind or sniff_kind(text)
    if kind == "html":
        try:
            found = extract_html(text, url=page.url)
        except ExtractionError:
            # The parser gives up on some pages (nesting beyond libxml2's depth limit, markup soup):
            # their visible text, one block per line, still goes through the scraped-text path.
            found = extract_scraped(visible_lines(text), url=page.url, chrome_file=chrome_file)
            # The page's own markup still says best what its title, authors and dates are.
            keep_html_metadata(found, text, page.url)
    elif kind == "text":
        found = extract_scraped(text, url=page.url, chrome_file=chrome_file)
    else:
        raise InputError(f"unknown page kind {kind!r}: use 'html', 'text' or leave it out to sniff")
    if not found.paragraphs:
        raise ExtractionError("no article text found: every line looks like site chrome")
    return _article(page, found)


def _article(page: RawPage, found: Extraction) -> Article:
    body = "\n\n".join(found.paragraphs)
    url = page.url or found.url
    return Article(
        id=article_id(url, body),
        source=page.source,
        url=url,
        site_name=found.site_name,
        title=found.title,
        authors=_dedupe(found.authors),
        language=detect(body, found.language),
        section=found.section,
        tags=_dedupe(found.tags),
        # A page cannot have been published or updated after it was fetched.
        published=_not_after_fetch(_with_feed_date(found.published, page.feed_date), page.fetched_at),
        updated=_not_after_fetch(found.updated, page.fetched_at),
        fetched_at=page.fetched_at or iso(datetime.now(UTC).replace(tzinfo=None)),
        text=body,
        paragraphs=list(found.paragraphs),
        images=found.images,
        boilerplate=found.boilerplate,
    )


def _not_after_fetch(date: DateInfo | None, fetched_at: str | None) -> DateInfo | None:
    return date if date is not None and not_after(date.value, fetched_at) else None


def _with_feed_date(published: DateInfo | None, feed_date: str | None) -> DateInfo | None:
    if feed_date and (published is None or published.confidence < FEED_DATE_CONFIDENCE):
        return DateInfo(feed_date, "feed", FEED_DATE_CONFIDENCE)
    return published


def from_fields(page: RawPage) -> Article:
    """An article a user's own crawler already extracted (JSON Lines: title, text, url, date…)."""
    f = page.fields
    text = f.get("text") or f.get("body") or f.get("content")
    if not isinstance(text, str) or not text.strip():
        raise InputError("article has no 'text' field with content")
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    if len(paragraphs) == 1 and "\n" in paragraphs[0]:
        paragraphs = [p.strip() for p in paragraphs[0].split("\n") if p.strip()]
    url = f.get("url") if isinstance(f.get("url"), str) else page.url
    published = None
    raw_date = f.get("published") or f.get("date") or f.get("published_at")
    if isinstance(raw_date, str):
        stamp = parse_stamp(raw_date)
        published = DateInfo(iso(stamp.when, stamp.offset), "input", 0.9) if stamp else None
    found = Extraction(
        paragraphs=paragraphs,
        title=_str(f.get("title")),
        site_name=_str(f.get("site_name")),
        authors=_strings(f.get("authors") or f.get("author")),
        tags=_strings(f.get("tags")),
        published=published,
        language=_str(f.get("language")),
        url=url if isinstance(url, str) else None,
    )
    return _article(page, found)


def _str(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        k = x.casefold()
        if k not in seen:
            seen.add(k)
            out.append(x)
    return out
