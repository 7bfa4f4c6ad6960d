"""HTML pages: parse, then read the metadata, the article body and its images.

Metadata (title, site, authors, dates) comes from :mod:`newsradar.extract.metadata`, read before the
page's furniture is dropped; the body from :mod:`newsradar.extract.body`; images from
:mod:`newsradar.extract.images`, looked for in the whole article around the body's container (a
lead figure in its header, a gallery beside the text).
"""

from __future__ import annotations

import re
from html import unescape as html_unescape
from typing import Any

from lxml import etree

from newsradar.errors import ExtractionError
from newsradar.extract.body import extract_body
from newsradar.extract.images import find_images
from newsradar.extract.metadata import read_metadata
from newsradar.extract.result import Extraction

_SPACE = re.compile(r"\s+")


def parse(markup: str) -> Any:
    """An lxml tree, or :class:`ExtractionError` when the markup holds no document at all."""
    try:
        # The markup is already decoded: tell lxml so, or a <meta charset> in it would decode it twice.
        # Plain lxml.etree elements: lxml.html's element classes cost a Python call per element visited.
        # No table of id attributes (collect_ids): nothing looks elements up by id, and filling it
        # took some 8% of the parse.
        parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True, encoding="utf-8",
                                  huge_tree=True, default_doctype=False, collect_ids=False)
        root = etree.fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ExtractionError(f"malformed HTML: {exc}") from exc
    if root is None:
        raise ExtractionError("malformed HTML: no document element")
    return root


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
    body = extract_body(root, out.title)
    out.images = find_images(root, body.container if body.container is not None else root)
    out.paragraphs = body.paragraphs
    if not out.paragraphs:
        raise ExtractionError("no article text found in the HTML page")
    return out
