"""HTML pages: the article body.

The body is the container whose paragraphs hold the most text, after the page's furniture (scripts,
navigation, headers, footers, asides, forms, comment sections) is dropped. Metadata (title, site,
authors, dates) comes from :mod:`newsradar.extract.metadata`, read before the furniture is dropped;
images from :mod:`newsradar.extract.images`.
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from typing import Any

from lxml import etree, html

from newsradar.errors import ExtractionError
from newsradar.extract.images import find_images
from newsradar.extract.lexicon import chrome_category
from newsradar.extract.metadata import read_metadata
from newsradar.extract.result import Extraction

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
    out = read_metadata(root, url)
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in list(root.iter("div", "section", "ul", "ol")):
        if _BAD_ATTR.search(f"{el.get('class', '')} {el.get('id', '')}") and el.getparent() is not None:
            el.drop_tree()
    body = _best_container(root)
    out.images = find_images(root, body)
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
