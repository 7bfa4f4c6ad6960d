"""HTML page metadata: title, site name, authors, section, tags, language and dates.

Read before the page's furniture is dropped, from one pass over the tree (:mod:`.scan`): JSON-LD
(:mod:`.jsonld`), meta tags, ``<time>`` and ``itemprop`` markup, bylines, the URL. Each part has its
module: :mod:`.titles` (title, site name), :mod:`.authors`, :mod:`.pagedates` (published and updated
dates, each with its source and a confidence).
"""

from __future__ import annotations

import contextlib
import re
from datetime import datetime
from typing import Any

from newsradar.extract import jsonld
from newsradar.extract.authors import find_authors
from newsradar.extract.pagedates import page_dates
from newsradar.extract.result import Extraction
from newsradar.extract.scan import Scan, scan
from newsradar.extract.titles import clean, site_name, title

_TAG_META = ("article:tag", "news_keywords", "keywords", "parsely-tags", "sailthru.tags")
_SECTION_META = ("article:section", "parsely-section", "section", "article.section", "cxenseparse:recs:category")


def read_metadata(root: Any, url: str | None = None, *, now: datetime | None = None) -> Extraction:
    """An Extraction holding the page's metadata (no paragraphs yet)."""
    if url:
        # Kept with the tree, so that readers given only the tree (images) resolve addresses.
        with contextlib.suppress(AttributeError, ValueError, TypeError):
            root.getroottree().docinfo.URL = url
    sc = scan(root)
    ld = jsonld.read_jsonld(root)
    language = page_language(root, sc)
    out = Extraction(language=language)
    out.site_name = site_name(sc, ld, url)
    out.title = title(sc, ld, url, out.site_name)
    out.authors = find_authors(sc, ld, out.site_name)
    out.section = _section(sc, ld)
    out.tags = _tags(sc, ld)
    out.published, out.updated = page_dates(root, sc, ld, url, now=now, dayfirst=_dayfirst(language))
    return out


def keep_html_metadata(found: Extraction, markup: str, url: str | None = None) -> None:
    """Give ``found`` (an extraction of the page's visible text) the metadata its HTML declares, field
    by field where the HTML has a value; a page whose markup cannot be parsed keeps what it has."""
    from newsradar.errors import ExtractionError
    from newsradar.extract.html import parse

    try:
        meta = read_metadata(parse(markup), url)
    except (ExtractionError, ValueError, RecursionError):
        return
    for name in ("title", "site_name", "section", "published", "updated", "language"):
        value = getattr(meta, name)
        if value:
            setattr(found, name, value)
    for name in ("authors", "tags"):
        if getattr(meta, name):
            setattr(found, name, list(getattr(meta, name)))


def meta_tags(root: Any) -> dict[str, str]:
    """Every meta tag's first value by lower-cased name, property, itemprop or http-equiv."""
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def page_language(root: Any, sc: Scan) -> str | None:
    lang = (root.get("lang") or root.get("xml:lang")
            or sc.meta("og:locale", "content-language", "language", "dc.language"))
    return lang.strip() if lang and lang.strip() else None


def _dayfirst(language: str | None) -> bool | None:
    """Whether numeric dates on the page put the day first: US English puts the month first."""
    if not language:
        return None
    lang = language.lower().replace("_", "-")
    if lang in ("en", "en-us") or lang.startswith("en-us"):
        return False
    return not lang.startswith("en") or lang.split("-")[-1] in ("gb", "uk", "au", "nz", "ie", "in", "za")


def _section(sc: Scan, ld: jsonld.JsonLd) -> str | None:
    article = ld.article()
    if article is not None:
        section = article.get("articleSection")
        value = jsonld.text(section)
        if value:
            return clean(value, 80)
    return clean(sc.meta(*_SECTION_META), 80)


_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")


def _tags(sc: Scan, ld: jsonld.JsonLd) -> list[str]:
    raw: list[str] = [v for k, v in sc.metas if k == "article:tag"]
    if not raw:
        article = ld.article()
        keywords = article.get("keywords") if article is not None else None
        if isinstance(keywords, list):
            raw = [k for k in keywords if isinstance(k, str)]
        elif isinstance(keywords, str):
            raw = [keywords]
    if not raw:
        raw = [v for k, v in sc.metas if k in _TAG_META[1:]][:1]
    out: list[str] = []
    for value in raw:
        for part in _TAG_SPLIT.split(value):
            t = clean(part, 60) or ""
            if t and t.casefold() not in {x.casefold() for x in out}:
                out.append(t)
    return out[:20]
