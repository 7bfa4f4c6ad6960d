"""The metadata scan: what one walk over the tree keeps, and where each element stands."""

from __future__ import annotations

from lxml import etree

from newsradar.extract.html import parse
from newsradar.extract.scan import scan

PAGE = """<html lang="en"><head><title>Bridge reopens | Example News</title>
<meta property="og:title" content="Bridge reopens"></head>
<body><div class="wrapper"><header><nav><a href="/">Home</a></nav></header>
<article><h1>Bridge reopens</h1><p class="byline">By <span class="author-name">Jane Roe</span></p>
<time datetime="2026-05-02">2 May 2026</time>
<p>The river bridge reopened on <b>Tuesday</b> after <i>two</i> years of work, 2 May 2026.</p>
<div itemprop="articleBody"><p>More <em>text</em> here.</p><p>And here.</p></div></article>
<aside class="sidebar"><ul><li>Other story, 1 May 2026</li></ul></aside></div></body></html>"""


def test_every_element_has_its_document_position_kept_or_not() -> None:
    root = parse(PAGE)
    sc = scan(root)
    elements = list(root.iter(etree.Element))
    # Asked in reverse order, so that counted positions do not lean on those asked before.
    for n, el in reversed(list(enumerate(elements, 1))):
        assert sc.position(el) == n, el.tag


def test_the_scan_keeps_headings_times_itemprops_and_hinted_elements_with_their_positions() -> None:
    root = parse(PAGE)
    sc = scan(root)
    elements = list(root.iter(etree.Element))
    assert [el.tag for el in sc.h1] == ["h1"]
    assert [el.tag for el in sc.times] == ["time"]
    assert [el.get("itemprop") for el in sc.itemprops] == ["articleBody"]
    assert any("author" in found for _, found in sc.hinted)
    kept = [*sc.h1, *sc.times, *sc.itemprops, *(el for el, _ in sc.hinted)]
    assert all(sc.index[el] == elements.index(el) + 1 for el in kept)
    assert sc.headline_pos() == elements.index(sc.h1[0]) + 1
    assert {el.tag for el in sc.asides} >= {"nav", "aside"}
    assert sc.meta("og:title") == "Bridge reopens"
    assert sc.title == "Bridge reopens | Example News"


def test_only_the_hints_a_reader_asks_about_are_matched() -> None:
    from newsradar.extract.scan import classify, hints

    # Dates ("date", "updated"), bylines ("author"), and the containers whose contents count for less.
    assert set(hints()) == {"date", "updated", "author", "comments", "aside"}
    assert classify("entry-title page-header teaser") == (frozenset(), False, False)
    assert classify("entry-title post-date") == (frozenset({"date"}), False, False)


def test_equal_answers_are_one_object_however_many_strings_the_caches_hold() -> None:
    from newsradar.extract.scan import _token_hints, classify

    # Each cached answer a new tuple or frozenset kept the garbage collector busy with the caches.
    assert classify("post-date-a x") is classify("entry-date b") is classify("datum c")
    assert classify("widget-area") is classify("site-footer")
    assert _token_hints("byline-writer") is _token_hints("author-byline")
