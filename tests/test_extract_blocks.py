"""Segmenting a tree into text blocks, and reading class names."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from newsradar.extract.blocks import segment, weighted_size
from newsradar.extract.html import parse
from newsradar.extract.rules import CAPTION, CONTENT, DROP, HARD, KEEP, name_flags


def test_inline_markup_is_flattened_and_blocks_split_at_block_elements_and_breaks() -> None:
    root = parse("<body><div>One <b>bold</b> and <a href='x'>a link</a>.<br>Two<p>Three</p>tail</div></body>")
    blocks = segment(root)
    assert [b.text for b in blocks] == ["One bold and a link.", "Two", "Three", "tail"]
    assert blocks[0].link_chars == len("a link")
    assert blocks[2].owner.tag == "p" and blocks[3].owner.tag == "div"


def test_invisible_word_breakers_go_and_joiners_that_spell_words_stay() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # "I want": the non-joiner is spelling
    scientist = "\U0001f469\u200d\U0001f52c"  # one emoji, held together by a zero-width joiner
    root = parse(f"<body><p>Bun\u00addes\u00adregierung and Ham\u200bburg</p><p>{persian} {scientist}</p></body>")
    assert [b.text for b in segment(root)] == ["Bundesregierung and Hamburg", f"{persian} {scientist}"]


def test_a_drop_cap_joins_its_paragraph_and_hard_wrapped_lines_join_again() -> None:
    root = parse("<body><div><span class='cap'>T</span><p>he council met.</p></div>"
                 "<p>The bridge, closed since the floods,<br>will be rebuilt this year.<br>Work starts soon.</p>"
                 "<p>Two lines<br>Of a poem</p></body>")
    assert [b.text for b in segment(root)] == [
        "The council met.", "The bridge, closed since the floods, will be rebuilt this year.", "Work starts soon.",
        "Two lines", "Of a poem"]


def test_blocks_know_their_context() -> None:
    root = parse("<body><h2>Head</h2><ul><li>Item</li></ul><blockquote>Said</blockquote>"
                 "<table><tr><td>Cell</td></tr></table><figure><figcaption>Cap</figcaption></figure></body>")
    got = {b.text: b for b in segment(root)}
    assert got["Head"].heading and got["Item"].in_list and got["Said"].in_quote
    assert got["Cell"].in_table and got["Cap"].in_figure


def test_caption_elements_are_marked() -> None:
    root = parse("<body><div class='c'>Credit line</div><p>Text</p></body>")
    cap = root.find(".//div")
    assert [b.in_figure for b in segment(root, {cap})] == [True, False]


def test_cjk_weighs_more_than_its_length() -> None:
    assert weighted_size("abc") == 3
    assert weighted_size("法律") == 6


def test_names_are_read_token_by_token() -> None:
    assert name_flags("share-bar") & DROP
    assert not name_flags("download-button") & DROP  # "ad" only from a token's start or a separator
    assert not name_flags("has-sidebar category-news") & DROP  # state and taxonomy tokens say nothing
    assert name_flags("entry-content") & CONTENT
    assert name_flags("article-comments") & HARD
    assert name_flags("article-footer-wrapper article-body") & KEEP
    assert name_flags("wp-caption-text") & CAPTION


def test_names_that_differ_only_in_digits_the_rules_do_not_name_share_one_entry() -> None:
    from newsradar.extract.rules import _digit_fold, body_rules

    fold = body_rules().digits
    assert "menu-item-1195".translate(fold) == "menu-item-9317".translate(fold) == "menu-item-0000"
    name_flags("x-share-4711 Ré-share-4711")
    assert "x-share-0000" in name_flags.shapes and "ré-share-0000" in name_flags.shapes
    assert name_flags("Share-9") & DROP and not name_flags("item-9") & DROP
    # A digit a rule names is kept ("a2a", a share service): its token must still be furniture.
    assert name_flags("a2a_kit") & DROP and not name_flags("a3a_kit") & DROP
    # A range that ends on a digit, or an escape that may stand for one, and nothing is folded.
    assert _digit_fold("col-[1-4]") == {} and _digit_fold("x\\x31") == {}
    assert "5".translate(_digit_fold("a2a|{0,40}")) == "1"


@settings(max_examples=80, deadline=None)
@given(st.recursive(st.text(alphabet="ab .,\n\u00a0é漢", max_size=12),
                    lambda kids: st.tuples(st.sampled_from(["div", "p", "span", "a", "br", "li", "td", "h3"]),
                                           st.lists(kids, max_size=4)), max_leaves=30))
def test_blocks_hold_normalised_non_empty_text(tree: object) -> None:
    def build(node: object, parent: etree._Element) -> None:
        if isinstance(node, str):
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + node
            else:
                parent.text = (parent.text or "") + node
            return
        assert isinstance(node, tuple)
        tag, kids = node
        el = etree.SubElement(parent, tag)
        for k in kids:
            build(k, el)

    body = etree.Element("body")
    build(tree, body)
    for b in segment(body):
        assert b.text and b.text == b.text.strip() and "  " not in b.text and "\n" not in b.text
        assert 0 <= b.link_chars <= len(b.text)
