"""The HTML body finder: furniture out, the article in, whatever the markup looks like."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.errors import ExtractionError
from newsradar.extract import extract
from newsradar.extract.body import extract_body
from newsradar.extract.html import extract_html, parse
from newsradar.sources.raw import RawPage

PARA = ("The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic "
        "since the spring floods damaged two of its piers, and work is due to start in the autumn.")


def paragraphs(n: int, prefix: str = "Paragraph") -> str:
    return "".join(f"<p>{prefix} {i}: {PARA}</p>" for i in range(n))


def body_of(markup: str) -> list[str]:
    return extract_body(parse(markup)).paragraphs


def test_article_is_kept_and_furniture_left_out() -> None:
    page = f"""<html><body>
    <header class="site-header"><a href="/">Home</a> <a href="/news">News</a></header>
    <nav><ul><li><a href="/a">World</a></li><li><a href="/b">Sport</a></li></ul></nav>
    <main><article class="story"><h1>Bridge to be rebuilt</h1>{paragraphs(4)}
      <div class="share-bar"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
    </article>
    <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/x">Another story entirely</a></li></ul></aside>
    <section id="comments"><h3>Comments</h3><p>I have waited years for this bridge, finally someone listens to us.</p>
    </section></main>
    <footer class="site-footer"><p>© 2026 The Example Gazette. All rights reserved.</p></footer>
    </body></html>"""
    got = body_of(page)
    assert got == [f"Paragraph {i}: {PARA}" for i in range(4)]  # the headline is the title, not text
    text = " ".join(got)
    for furniture in ("Share on Facebook", "Most read", "waited years", "All rights reserved", "World"):
        assert furniture not in text


def test_article_split_into_sibling_text_modules_is_gathered() -> None:
    modules = "".join(f'<div class="module"><div class="text-module"><p>Part {i}: {PARA}</p></div></div>'
                      f'<div class="module"><img src="x{i}.jpg"></div>' for i in range(4))
    page = f"""<html><body><div class="nav"><a href="/">Home</a></div>
    <div class="layout">{modules}</div>
    <div class="teasers"><a href="/1">Linked headline one</a><a href="/2">Linked headline two</a></div>
    </body></html>"""
    got = body_of(page)
    assert [p[:6] for p in got] == ["Part 0", "Part 1", "Part 2", "Part 3"]


def test_a_furniture_name_does_not_drop_the_article_it_wraps() -> None:
    page = f"""<html><body><div class="menu"><a href="/">Home</a></div>
    <div class="share_wrapper"><div class="main_text">{paragraphs(6)}</div></div>
    <div class="footer"><a href="/imprint">Imprint</a></div></body></html>"""
    assert len(body_of(page)) == 6


def test_comment_threads_and_cookie_dialogs_are_dropped_however_long() -> None:
    page = f"""<html><body><div class="cookie-consent">{paragraphs(12, "Cookies")}</div>
    <article>{paragraphs(3)}</article>
    <div id="comments">{paragraphs(2, "Reader")}</div></body></html>"""
    got = body_of(page)
    assert len(got) == 3
    assert all(p.startswith("Paragraph") for p in got)


def test_posts_shipped_in_a_script_template_are_read() -> None:
    page = f"""<html><body><div class="post-body"><script type="text/template">{paragraphs(3)}</script>
    </div><script>var x = "<p>not this</p>";</script></body></html>"""
    got = body_of(page)
    assert len(got) == 3 and "not this" not in " ".join(got)


def test_captions_and_credits_stay_out_of_the_text() -> None:
    page = f"""<html><body><article>{paragraphs(2)}
    <figure><img src="a.jpg"><figcaption>The old bridge in May.</figcaption></figure>
    <div class="photo-credit">Photo: Jane Doe</div><p>Foto: Max Mustermann</p>
    <div class="image-wrap"><img src="b.jpg"><p class="img-desc">The new bridge in June.</p></div>
    {paragraphs(2, "More")}</article></body></html>"""
    text = " ".join(body_of(page))
    assert "old bridge in May" not in text and "Jane Doe" not in text and "Mustermann" not in text
    assert "new bridge in June" not in text  # a caption outside any <figure>, named by its class
    assert text.count(PARA) == 4


def test_invisible_characters_and_ruby_readings_are_not_text() -> None:
    page = ("<html><body><article><p>Mit\u00adtel\u00adal\u00adter war der Wein das Aus\u00adhän\u00adge\u00adschild "
            "der Region, und er ist es bis heute geblieben, sagen die Winzer.</p>"
            "<p><ruby>法律<rt>ほうりつ</rt></ruby>ができて、親が子どもを教育するために、たたいたりする体罰を禁止することになりました。"
            "</p></article></body></html>")
    text = " ".join(body_of(page))
    assert "Mittelalter" in text and "Aushängeschild" in text
    assert "法律ができて" in text and "ほうりつ" not in text


def test_text_laid_out_with_line_breaks_becomes_paragraphs() -> None:
    page = f"<html><body><table><tr><td>{PARA}<br><br>{PARA}<br>{PARA}</td></tr></table></body></html>"
    assert body_of(page) == [PARA, PARA, PARA]


def test_lists_of_links_are_navigation_but_a_lone_link_is_part_of_the_article() -> None:
    page = f"""<html><body><article>{paragraphs(3)}<p><a href="https://example.org/petition">
    https://example.org/petition</a></p>{paragraphs(1, "Last")}
    <ul><li><a href="/1">Elsewhere one</a></li><li><a href="/2">Elsewhere two</a></li></ul></article></body></html>"""
    text = " ".join(body_of(page))
    assert "https://example.org/petition" in text and "Elsewhere" not in text


@pytest.mark.parametrize("depth", [1000, 2000])
def test_deeply_nested_markup_is_read(depth: int) -> None:
    page = "<html><body>" + "<div>" * depth + paragraphs(3) + "</div>" * depth + "</body></html>"
    assert len(body_of(page)) == 3


def test_nesting_beyond_the_parser_limit_still_yields_the_article() -> None:
    # libxml2 stops building the tree past ~2,000 levels; the extract stage then reads the page's
    # visible lines through the scraped-text path instead of losing the article.
    depth = 5000
    page = "<html><body>" + "<div>" * depth + paragraphs(3) + "</div>" * depth + "</body></html>"
    article = extract(RawPage(content=page.encode(), source="deep.html", kind="html"))
    assert article.text.count(PARA) == 3


def test_a_huge_page_is_read() -> None:
    page = "<html><body>" + "<div class='menu'><a href='/'>Home</a></div>" * 20_000 + \
        f"<article>{paragraphs(50)}</article></body></html>"
    assert len(body_of(page)) == 50


def test_a_page_without_text_is_refused_with_a_reason() -> None:
    with pytest.raises(ExtractionError, match="no article text"):
        extract_html("<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<br>", "<a href='x'>", "</a>", "<li>",
                                 "<ul class='menu'>", "</ul>", "<script>", "</script>", "<td>", "<h2>", "</h2>",
                                 "<figure>", "<span class='caption'>", "word ", "Sentence one. ", "ü", "&amp;",
                                 "\u00ad", "<!-- c -->", "<", ">", "\x00"]), max_size=80))
def test_any_markup_yields_clean_paragraphs_or_a_clear_error(parts: list[str]) -> None:
    markup = "".join(parts).replace("\x00", "") or "<p>"
    try:
        found = extract_html(markup)
    except ExtractionError as exc:
        assert exc.reason
        return
    for p in found.paragraphs:
        assert p and p == p.strip() and "  " not in p and "\u00ad" not in p


def test_a_standfirst_without_a_full_stop_above_the_text_is_the_article_lead() -> None:
    lead = "Engineers say the old river bridge can be saved, and the council has found the money to do it"
    page = f"""<html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <article><header><h1>Bridge to be rebuilt</h1><h2 class="subtitle">{lead}</h2>
      <span class="date">3 May 2026</span></header>
      <div class="text">{paragraphs(4)}</div></article>
    <aside><p>Teasers and more teasers from around the site, none of them about bridges at all</p></aside>
    </body></html>"""
    got = body_of(page)
    assert got[0] == lead and got[1:] == [f"Paragraph {i}: {PARA}" for i in range(4)]


def test_the_lead_is_found_past_the_lead_photo_between_it_and_the_text() -> None:
    lead = "Engineers say the old river bridge can be saved, and the council has found the money to do it"
    page = f"""<html><body><article><header><div><h1>Bridge to be rebuilt</h1><div><p>{lead}</p></div></div>
      <figure><img src="bridge.jpg"><figcaption>The bridge in May</figcaption></figure></header>
      <div><div><div><div class="text">{paragraphs(4)}</div></div></div></div></article></body></html>"""
    got = body_of(page)
    assert got[0] == lead and got[1:] == [f"Paragraph {i}: {PARA}" for i in range(4)]


def test_a_headings_anchor_id_and_a_dateline_span_are_not_furniture() -> None:
    page = f"""<html><body><article>
      <p><span class="dateline">RIVERTON –</span> {PARA}</p>{paragraphs(3)}
      <h2 id="what-to-read-next-in-spring">Work starts in the autumn</h2>{paragraphs(2, "More")}
    </article></body></html>"""
    got = body_of(page)
    assert got[0] == f"RIVERTON – {PARA}"
    assert "Work starts in the autumn" in got


def test_a_row_of_chrome_items_is_left_out() -> None:
    page = f"""<html><body><article>{paragraphs(4)}
      <p>Comments feed | Comments closed | Trackback URL</p></article></body></html>"""
    assert body_of(page) == [f"Paragraph {i}: {PARA}" for i in range(4)]


def test_a_chrome_line_with_nothing_to_trim_is_matched_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.extract import lexicon

    pick = lexicon._chrome_regex
    calls: list[str] = []

    class Counting:
        def __init__(self, regex: re.Pattern[str]) -> None:
            self.regex = regex

        def fullmatch(self, text: str) -> re.Match[str] | None:
            calls.append(text)
            return self.regex.fullmatch(text)

    monkeypatch.setattr(lexicon, "_chrome_regex", lambda text, extra: Counting(pick(text, extra)))
    for line, tries in (("Our river bridge reopens", 1), ("Our river bridge reopens!", 2), ("Share this", 1),
                        ("Share this:", 1)):
        calls.clear()
        lexicon._fullmatch(line, None)
        assert len(calls) == tries, line
    monkeypatch.undo()
    assert lexicon.chrome_category("Share this:") == lexicon.chrome_category("Share this") == "social"
    assert lexicon.chrome_category("Read more »") == "nav"
    assert lexicon.chrome_category("Our river bridge reopens!") is None


def test_hidden_elements_and_furniture_tags_are_dropped_and_the_named_body_kept() -> None:
    page = f"""<html><body>
      <div hidden><p>{PARA} (hidden by attribute)</p></div>
      <div style="color: red; DISPLAY : None"><p>{PARA} (hidden by style)</p></div>
      <section style="color: red"><p>Visible styled text that is plainly part of the story, said the council.</p>
      </section>
      <footer class="text"><p>{PARA} (footer)</p></footer>
      <header><p>Site header words, outside any article, that nobody reads as the story.</p></header>
      <div class="sidebar"><div itemprop="articleBody">{paragraphs(3)}</div></div>
    </body></html>"""
    got = body_of(page)
    assert [p for p in got if "hidden" in p or "footer" in p or "Site header" in p] == []
    assert [f"Paragraph {i}: {PARA}" for i in range(3)] == [p for p in got if p.startswith("Paragraph")]


def test_container_totals_are_each_elements_sum_over_the_blocks_below_it() -> None:
    from newsradar.extract.blocks import segment
    from newsradar.extract.body import _is_prose, _score_containers

    root = parse(f"""<html><body><div><article><p>{PARA}</p><ul><li><a href="/a">A linked teaser</a></li>
      </ul><div>Loose text<p>{PARA}</p><br>More loose text.</div></article><aside><h2>Elsewhere</h2></aside>
      </div></body></html>""")
    blocks = segment(root.find("body"))
    expected: dict[object, list[int]] = {}
    for b in blocks:
        prose = _is_prose(b)
        row = [len(b.text), 0 if b.in_figure else b.link_chars, b.size if prose else 0,
               0 if prose or (b.heading and b.link_density < 0.5) else b.size]
        for el in (b.owner, *b.owner.iterancestors()):
            expected[el] = [x + y for x, y in zip(expected.get(el, [0, 0, 0, 0]), row, strict=True)]
    assert _score_containers(blocks)[1] == expected


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab.!?…”» \t\n\u00a0\u3000")), max_size=12))
def test_a_sentence_end_is_what_the_end_anchored_pattern_finds(text: str) -> None:
    from newsradar.extract.body import _ends_sentence

    assert _ends_sentence(text) == (re.search(r"[.!?…。！？:;\"”»)]\s*$", text) is not None)


def test_the_caption_cue_matches_what_a_case_insensitive_search_matches() -> None:
    from newsradar.extract.keep import _caption_cue

    words = ["foto", "photo", "bild", "image", "pic", "credit", "source", "quelle", "fuente", "abb", "grafik", "fig",
             "illustr"]
    cased = re.compile("[(©]|" + "|".join(words), re.I)
    letters = sorted(set("".join(words)))
    # Every character that matches one of the cue's letters case-insensitively (Latin, Greek, Cyrillic
    # and the letter-like symbols hold all of them) must match it in the cue too, and no other.
    for cp in [*range(0x2000), *range(0x2100, 0x2200)]:
        ch = chr(cp)
        for x in letters:
            word = next(w for w in words if x in w)
            text = word.replace(x, ch, 1)
            assert _caption_cue(text) == (cased.search(text) is not None), (hex(cp), x)
    assert _caption_cue("(AP)") and _caption_cue("© 2026") and not _caption_cue("A plain sentence.")


def test_the_next_story_an_endless_page_appends_is_not_part_of_the_article() -> None:
    def story(headline: str, prefix: str, n: int) -> str:
        body = f'<div class="article-body">{paragraphs(n, prefix)}</div>'
        return f'<article class="post"><h1>{headline}</h1>{body}</article>'

    for n_next in (2, 8):  # the next story shorter, or longer, than the page's own
        page = f"""<html><head><title>Bridge to be rebuilt | The Gazette</title></head><body>
        <div class="infinite-scroll">{story("Bridge to be rebuilt", "Ours", 4)}
        <div class="next-label">Next article</div>{story("Ferry fares to rise", "Next", n_next)}</div>
        </body></html>"""
        assert [p[:6] for p in extract_html(page).paragraphs] == [f"Ours {i}" for i in range(4)]


def test_forum_posts_each_in_an_article_stay_one_thread() -> None:
    posts = "".join(f'<article class="message"><div class="user">member{i}</div><p>Post {i}: {PARA}</p></article>'
                    for i in range(4))
    page = f"<html><head><title>Bridge works: any news?</title></head><body><h1>Bridge works: any news?</h1>" \
           f"<div class=\"thread\">{posts}</div></body></html>"
    assert [p[:6] for p in extract_html(page).paragraphs if p.startswith("Post")] == [f"Post {i}" for i in range(4)]


def test_a_comment_sections_heading_ends_the_article_whatever_the_threads_class_names() -> None:
    comments = ('<div class="c"><p><b>joao_p</b> · 2 hours ago</p><p>About time, I have waited twenty years for '
                'a new bridge and I will believe it when I see it.</p></div>')
    for heading in ("Comments", "37 comments", "Leave a comment", "Join the discussion", "Kommentare (3)"):
        page = f"""<html><body><article><h1>Bridge to be rebuilt</h1><div class="article-body">{paragraphs(6)}
          <h3>{heading}</h3>{comments}{comments}</div></article></body></html>"""
        assert body_of(page) == [f"Paragraph {i}: {PARA}" for i in range(6)], heading


def test_a_discussion_section_is_furniture() -> None:
    thread = "".join(f'<div class="c-item"><p class="c-author">reader{i}</p><p>About time, I have waited twenty '
                     f'years for a new bridge and I will believe it when I see it.</p></div>' for i in range(2))
    page = f"""<html><body><article><h1>Bridge to be rebuilt</h1>{paragraphs(4)}</article>
      <section id="discussion"><div class="c-thread">{thread}</div></section></body></html>"""
    assert body_of(page) == [f"Paragraph {i}: {PARA}" for i in range(4)]


def test_promotion_boxes_with_neutral_names_are_left_out_but_reporting_on_subscriptions_is_not() -> None:
    page = f"""<html><body><article><h1>Bridge to be rebuilt</h1>{paragraphs(3)}
      <div class="nl-box"><p><strong>Sign up to First Edition, our free daily newsletter</strong> – every weekday
      morning at 7am. Get the day's biggest stories in your inbox.</p><p><a href="/nl">Sign up</a></p></div>
      <p><em>Enjoying this article? Support independent journalism by becoming a member today, from just €5 a
      month.</em></p>
      <div class="box-x1"><h3>This article is for subscribers only</h3><p>Subscribe now for unlimited access to
      award-winning journalism, from just €1 a week. Cancel at any time.</p></div>
      <p>The paper said it had signed up 20,000 new subscribers to its newsletter since the bridge closed.</p>
      </article></body></html>"""
    got = body_of(page)
    assert got[:3] == [f"Paragraph {i}: {PARA}" for i in range(3)]
    assert got[3:] == ["The paper said it had signed up 20,000 new subscribers to its newsletter since the bridge "
                       "closed."]


def test_a_pull_quote_and_a_summary_set_twice_are_kept_once() -> None:
    quote = "Every region will feel the difference."
    summary = "The council will rebuild the river bridge, closed since the spring floods, from the autumn."
    page = f"""<html><body><article><h1>Bridge to be rebuilt</h1>
      <div class="summary visible-xs"><p>{summary}</p></div><div class="summary hidden-xs"><p>{summary}</p></div>
      {paragraphs(2)}<p>"This is the most important bridge in the county," the mayor said. "{quote}"</p>
      <div class="pull-quote"><blockquote>“{quote}”</blockquote></div>{paragraphs(2, "More")}</article></body></html>"""
    got = body_of(page)
    assert got.count(summary) == 1
    assert [p for p in got if quote in p] == [f'"This is the most important bridge in the county," the mayor said. '
                                              f'"{quote}"']


def test_an_article_that_prints_a_list_twice_keeps_both() -> None:
    items = "".join(f"<li>Item {i}: repair the pier and reopen the footpath by the spring.</li>" for i in range(3))
    page = f"<html><body><article>{paragraphs(2)}<ul>{items}</ul>{paragraphs(2, 'More')}<ul>{items}</ul></article>" \
           "</body></html>"
    assert sum(p.startswith("Item") for p in body_of(page)) == 6


def test_a_video_title_with_its_running_time_is_not_text() -> None:
    page = f"""<html><body><article>{paragraphs(2)}<div class="player"><video src="/v.mp4"></video>
      <p class="video-title">Watch: Mayor defends the bridge plan at the council (2:14)</p></div>{paragraphs(2, "More")}
      </article></body></html>"""
    assert not [p for p in body_of(page) if "Watch" in p]


def test_a_story_is_an_article_with_its_own_headline_at_or_below_the_element() -> None:
    from lxml import etree

    from newsradar.extract.body import _is_story

    root = parse("""<html><body><div id="page"><article id="a1"><header><h1>One</h1></header><p>x</p></article>
      <article id="a2"><p>No headline</p></article><section id="s"><div><article id="a3"><div><h1>Three</h1>
      </div></article></div></section><div id="loose"><h1>Loose</h1></div></div>
      <article id="outer"><div id="inner"><h1 id="h">Inside</h1></div></article></body></html>""")
    story = {el.get("id"): _is_story(el) for el in root.iter() if el.get("id")}
    assert story == {"page": True, "a1": True, "a2": False, "a3": True, "s": True, "loose": False, "outer": True,
                     "inner": False, "h": False}
    # The same answers as the XPath the walk up from each <h1> stands for.
    xpath = etree.XPath("boolean(self::article[.//h1] | .//article[.//h1])")
    assert all(_is_story(el) == xpath(el) for el in root.iter())
