"""HTML page metadata: title, site name, authors, section, tags, language and dates.

Read from JSON-LD, Open Graph and other meta tags, ``<time>`` elements and the URL, before the page's
furniture is dropped; each date keeps its source and a confidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from newsradar.extract.dates import date_in_url, iso, parse_date
from newsradar.extract.result import Extraction
from newsradar.record import DateInfo

_SPACE = re.compile(r"\s+")


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def read_metadata(root: Any, url: str | None = None) -> Extraction:
    """An Extraction holding the page's metadata (no paragraphs yet)."""
    meta = meta_tags(root)
    ld = list(_json_ld(root))
    article_ld = next((n for n in ld if _is_article(n)), {})
    out = Extraction(language=root.get("lang") or meta.get("og:locale") or meta.get("language"))
    title_el = root.find(".//h1")
    out.title = (article_ld.get("headline") if isinstance(article_ld.get("headline"), str) else None) \
        or meta.get("og:title") or (_text(title_el) if title_el is not None else None) \
        or (_text(root.find(".//title")) if root.find(".//title") is not None else None)
    out.site_name = meta.get("og:site_name") or meta.get("application-name") \
        or next(iter(_names(article_ld.get("publisher"))), None)
    out.authors = _names(article_ld.get("author")) or [a.strip() for a in (meta.get("author") or "").split(",")
                                                        if a.strip() and not a.strip().startswith("http")]
    out.section = meta.get("article:section") or None
    out.tags = [t.strip() for t in meta.get("keywords", "").split(",") if t.strip()][:20]
    out.published, out.updated = _dates(root, meta, ld, url)
    return out


def meta_tags(root: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        val = (m.get("content") or "").strip()
        if key and val and key not in out:
            out[key] = val
    return out


def _json_ld(root: Any) -> Iterator[dict[str, Any]]:
    for s in root.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if "@graph" in item:
                    stack.append(item["@graph"])
                yield item


def _is_article(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and ("Article" in k or k in ("BlogPosting", "Report")) for k in kinds)


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out = []
    for it in items:
        name = it.get("name") if isinstance(it, dict) else it
        if isinstance(name, str) and name.strip() and len(name) < 80:
            out.append(name.strip())
    return out


def _dates(root: Any, meta: dict[str, str], ld: list[dict[str, Any]], url: str | None
           ) -> tuple[DateInfo | None, DateInfo | None]:
    pub: DateInfo | None = None
    upd: DateInfo | None = None

    def take(raw: Any, source: str, conf: float) -> DateInfo | None:
        dt = parse_date(raw) if isinstance(raw, str) else None
        return DateInfo(iso(dt), source, conf) if dt else None

    for node in ld:
        if _is_article(node):
            pub = pub or take(node.get("datePublished"), "json-ld", 0.95)
            upd = upd or take(node.get("dateModified"), "json-ld", 0.9)
    for key in ("article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
                "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date", "publication_date"):
        if pub is None and key in meta:
            pub = take(meta[key], "meta", 0.9)
    for key in ("article:modified_time", "og:updated_time", "datemodified", "last-modified"):
        if upd is None and key in meta:
            upd = take(meta[key], "meta", 0.85)
    if pub is None:
        for t in root.iter("time"):
            pub = take(t.get("datetime") or _text(t), "html", 0.75)
            if pub:
                break
    if pub is None and url:
        dt = date_in_url(url)
        pub = DateInfo(iso(dt), "url", 0.8) if dt else None
    return pub, upd
