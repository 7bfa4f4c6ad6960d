"""An HTML tree as a flat list of text blocks, in reading order.

A block is the run of text a browser would show as one paragraph: the text of a block-level element
(``p``, ``div``, ``li``, ``td``, a heading…) up to the next block-level boundary, with the inline
markup inside it (links, emphasis, spans) flattened. ``<br>`` splits blocks too, so pages that lay an
article out as text and line breaks inside one ``div`` or ``td`` get their paragraphs back. Each block
keeps the element that owns it, so that the body finder can score containers from their blocks.

One pass of :func:`lxml.etree.iterwalk` builds the list, without recursion: nesting depth does not
matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from lxml import etree

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "noframes", "ol", "p",
    "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
    "option", "title",
})
_FIGURES = frozenset({"figure", "figcaption"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_SPACE = re.compile(r"\s+")
# Soft hyphens, zero-width spaces and word joiners: invisible on the page, but they split words in the
# text. The zero-width (non-)joiners stay: they are spelling in Persian and Indic scripts ("می‌خواهم")
# and hold emoji sequences together.
INVISIBLE_CHARS = re.compile("[\u00ad\u200b\u2060\ufeff]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(slots=True)
class Block:
    """One paragraph-like run of text and the element that owns it."""

    text: str
    owner: Any  # the nearest block-level element around the text
    link_chars: int  # characters of the text inside <a>
    size: int  # length with CJK characters weighted, so thresholds hold across scripts
    heading: bool
    in_list: bool
    in_quote: bool
    in_table: bool
    in_figure: bool  # a figure, its caption, or a photo credit

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


def weighted_size(text: str) -> int:
    """Length with each CJK character counted three times: a Chinese or Japanese sentence says about
    as much in a third of the characters."""
    n = len(text)
    if n and not text.isascii():
        n += 2 * len(_CJK.findall(text))
    return n


def _is_drop_cap(prev: Block, text: str) -> bool:
    return len(prev.text) == 1 and prev.text.isupper() and text[0].islower() and not prev.heading


def segment(root: Any, captions: frozenset[Any] | set[Any] = frozenset()) -> list[Block]:
    """The blocks of the tree under ``root``, in document order. Text inside ``<figure>``,
    ``<figcaption>`` or one of the ``captions`` elements is marked ``in_figure``."""
    blocks: list[Block] = []
    parts: list[str] = []
    link_chars = 0
    owners: list[Any] = [root]
    # Context counters: inside how many links, headings, list items, quotes, table cells we are.
    links = heads = lists = quotes = tables = figures = 0

    # Called (as ``if parts: flush()``, sparing a call at most boundaries) when text was gathered;
    # with none, there is nothing to do and link_chars is still 0, since it only grows with parts.
    def flush() -> None:
        nonlocal link_chars
        text = "".join(parts)
        if not text.isascii():
            text = INVISIBLE_CHARS.sub("", text)
        # str.split's white space is the regex \s (both are str.isspace), at a fraction of the cost.
        text = " ".join(text.split())
        if text:
            owner = owners[-1]
            if blocks and _is_drop_cap(blocks[-1], text):
                # A drop cap set in an element of its own: the first letter of this paragraph.
                text = blocks.pop().text + text
            blocks.append(Block(text, owner, min(link_chars, len(text)), weighted_size(text), heads > 0,
                                lists > 0, quotes > 0, tables > 0, figures > 0))
        parts.clear()
        link_chars = 0

    # Elements only (tag=etree.Element): comments and processing instructions, and their tails, are
    # skipped in C rather than by a test per event.
    for event, el in etree.iterwalk(root, events=("start", "end"), tag=etree.Element):
        tag = el.tag
        if event == "start":
            if tag in _FIGURES or el in captions:
                if parts:
                    flush()
                figures += 1
            if tag in BLOCK_TAGS:
                if parts:
                    flush()
                owners.append(el)
                if tag in HEADINGS:
                    heads += 1
                elif tag in {"li", "dd", "dt"}:
                    lists += 1
                elif tag == "blockquote":
                    quotes += 1
                elif tag in {"td", "th"}:
                    tables += 1
            elif tag == "a":
                links += 1
            elif tag == "br" and parts:
                flush()
            text = el.text
            # White space alone opens no block (it would be stripped): most of it is the indentation
            # between block tags, and gathering it cost a flush at the next boundary.
            if text and (parts or not text.isspace()):
                parts.append(text)
                if links:
                    link_chars += len(text.strip())
        else:
            if tag in _FIGURES or el in captions:
                if parts:
                    flush()
                figures -= 1
            if tag in BLOCK_TAGS:
                if parts:
                    flush()
                owners.pop()
                if tag in HEADINGS:
                    heads -= 1
                elif tag in {"li", "dd", "dt"}:
                    lists -= 1
                elif tag == "blockquote":
                    quotes -= 1
                elif tag in {"td", "th"}:
                    tables -= 1
            elif tag == "a":
                links -= 1
            tail = el.tail
            if tail and (parts or not tail.isspace()):
                parts.append(tail)
                if links:
                    link_chars += len(tail.strip())
    if parts:
        flush()
    return _unwrap(blocks)


_WRAPPED_END = re.compile(r"[\w,;\-–]$")


def _unwrap(blocks: list[Block]) -> list[Block]:
    """Join lines that ``<br>`` broke inside one sentence: hard-wrapped text (a mail, an exported
    note) whose line ends mid-sentence and whose next line, in the same element, goes on in lower
    case. Each line alone is too short to read as prose; the paragraph is not."""
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.owner is b.owner and b.text[0].islower() and not prev.heading
                and _WRAPPED_END.search(prev.text) is not None and prev.in_figure == b.in_figure):
            text = f"{prev.text} {b.text}"
            out[-1] = Block(text, prev.owner, prev.link_chars + b.link_chars, prev.size + 1 + b.size,
                            prev.heading, prev.in_list, prev.in_quote, prev.in_table, prev.in_figure)
        else:
            out.append(b)
    return out
