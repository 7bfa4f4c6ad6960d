"""HTML pages: the article body and its metadata.

The body is the container whose paragraphs hold the most text, after the page's furniture (scripts,
navigation, headers, footers, asides, forms, comment sections) is dropped. Metadata comes from
JSON-LD, Open Graph and other meta tags, ``<time>`` elements and the URL, each date keeping its source
and a confidence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape as html_unescape
from typing import Any

from lxml import etree, html

from newsradar.errors import ExtractionError
from newsradar.extract.dates import date_in_url, iso, parse_date
from newsradar.extract.lexicon import chrome_category, parse_caption
from newsradar.extract.result import Extraction
from newsradar.record import DateInfo, Image

_DROP = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "iframe",
         "button", "select", "textarea", "header")
_BAD_ATTR = re.compile(r"comment|share|social|related|promo|newsletter|footer|sidebar|cookie|banner|"
                       r"advert|\bad\b|ads-|breadcrumb|menu|nav|subscribe|popup|modal|recirc|outbrain|taboola",
                       re.I)
_BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "pre"}
_SPACE = re.compile(r"\s+")


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def parse(markup: str) -> Any:
    """An lxml tree, or :class:`ExtractionError` when the markup holds no document at all."""
    try:
        # The markup is already decoded: tell lxml so, or a <meta charset> in it would decode it twice.
        parser = html.HTMLParser(remove_comments=True, remove_pis=True, recover=True, encoding="utf-8",
                                  huge_tree=True)
        root = html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"malformed HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("malformed HTML: no document element")
    return root


def _meta(root: Any) -> dict[str, str]:
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


def _best_container(root: Any) -> Any:
    scores: dict[Any, float] = {}
    for p in root.iter("p"):
        n = len(_text(p))
        if n < 25:
            continue
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + n
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0.0) + n / 2
    for node in list(scores):
        attrs = f"{node.get('class', '')} {node.get('id', '')}"
        if _BAD_ATTR.search(attrs):
            scores[node] *= 0.2
        if node.tag == "article" or "article" in attrs.lower() or "story" in attrs.lower():
            scores[node] *= 1.3
    if not scores:
        return root.find("body") if root.find("body") is not None else root
    return max(scores, key=lambda k: scores[k])


def _images(root: Any, body: Any, meta: dict[str, str]) -> list[Image]:
    out: list[Image] = []
    for fig in body.iter("figure"):
        img = next(fig.iter("img"), None)
        cap_el = next(fig.iter("figcaption"), None)
        caption = _text(cap_el) if cap_el is not None else None
        credit = None
        if cap_el is not None:
            for el in cap_el.iter():
                if re.search(r"credit|byline|copyright|source", f"{el.get('class', '')}", re.I):
                    credit = _text(el) or None
                    if caption and credit:
                        caption = caption.replace(credit, "").strip() or None
        if caption and not credit:
            parsed = parse_caption(caption)
            if parsed:
                caption, credit = parsed[0] or caption, parsed[1]
        out.append(Image(url=img.get("src") if img is not None else None,
                         alt=(img.get("alt") or None) if img is not None else None, caption=caption, credit=credit))
    lead = meta.get("og:image") or meta.get("twitter:image")
    if lead and not any(i.url == lead for i in out):
        out.insert(0, Image(url=lead, alt=meta.get("og:image:alt")))
    return out


_INVISIBLE = re.compile(r"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_BLOCK_TAG = re.compile(r"</?(p|div|br|h[1-6]|li|tr|td|th|section|article|header|footer|blockquote|pre|"
                        r"figure|figcaption|ul|ol|table|nav|aside|main|title)\b[^>]*>", re.I)
_ANY_TAG = re.compile(r"<[^>]*>")


def visible_lines(markup: str) -> str:
    """The page's visible text, one block per line, without an HTML parser: the fallback for pages
    the parser cannot build a tree for."""
    text = _BLOCK_TAG.sub("\n", _INVISIBLE.sub(" ", markup))
    text = html_unescape(_ANY_TAG.sub(" ", text))
    return "\n".join(_SPACE.sub(" ", line).strip() for line in text.splitlines())


def extract_html(markup: str, *, url: str | None = None) -> Extraction:
    """Find the article in an HTML page."""
    root = parse(markup)
    meta = _meta(root)
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
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in list(root.iter("div", "section", "ul", "ol")):
        if _BAD_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}") and el.getparent() is not None:
            el.drop_tree()
    body = _best_container(root)
    out.images = _images(root, body, meta)
    for el in body.iter(*_BLOCKS):
        if el.tag == "li" and el.getparent() is not None and el.getparent().tag not in ("ul", "ol"):
            continue
        if any(a.tag in _BLOCKS for a in el.iterancestors()):
            continue
        t = _text(el)
        if not t or (len(t.split()) <= 12 and chrome_category(t)):
            continue
        out.paragraphs.append(t)
    if not out.paragraphs:
        raise ExtractionError("no article text found in the HTML page")
    return out
