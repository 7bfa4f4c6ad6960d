"""Metadata of HTML pages written for these tests: title, site name, authors, section, tags, dates."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from newsradar.extract import extract
from newsradar.extract.html import parse
from newsradar.extract.metadata import read_metadata
from newsradar.extract.result import Extraction
from newsradar.sources.raw import RawPage

NOW = datetime(2024, 6, 1, 12, 0, 0)
BODY = ("<p>The harbour authority said on Tuesday that the cranes would stay idle until the dispute "
        "over night-shift pay was settled, and that ships were being sent to other ports.</p>"
        "<p>Union leaders said the strike would continue through the weekend unless the talks resumed "
        "with a new offer on the table from the port operators.</p>")


def page(head: str = "", body: str = "", *, lang: str = "en") -> str:
    return f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>"


def meta(html: str, url: str | None = "https://news.example.org/port/strike", now: datetime = NOW) -> Extraction:
    return read_metadata(parse(html), url, now=now)


def ld(data: dict[str, Any]) -> str:
    return f"<script type='application/ld+json'>{json.dumps(data)}</script>"


# Titles and site names

def test_title_drops_the_site_name_the_page_appends() -> None:
    html = page("<title>Cranes idle as port strike widens | Harbour Gazette</title>"
                "<meta property='og:site_name' content='Harbour Gazette'>",
                "<h1>Cranes idle as port strike widens</h1>")
    found = meta(html)
    assert found.title == "Cranes idle as port strike widens"
    assert found.site_name == "Harbour Gazette"


def test_title_prefers_the_declared_headline_over_the_title_tag() -> None:
    html = page("<title>Port news - Harbour Gazette</title>"
                "<meta property='og:title' content='Night shifts at the heart of the dispute'>")
    assert meta(html).title == "Night shifts at the heart of the dispute"


def test_title_from_the_h1_when_the_title_tag_is_just_the_site() -> None:
    html = page("<title>harbourgazette.example</title>", "<h1>Dockers vote to strike</h1>" + BODY)
    assert meta(html, "https://harbourgazette.example/x").title == "Dockers vote to strike"


def test_the_h1_wins_when_the_declared_title_is_it_plus_a_part_it_does_not_show() -> None:
    # "Night Desk" names no site the page declares, but the h1 says where the headline ends
    html = page("<meta property='og:title' content='Dockers vote to strike | Night Desk'>",
                "<h1>Dockers vote to strike</h1>" + BODY)
    assert meta(html, None).title == "Dockers vote to strike"


def test_a_title_that_is_only_site_names_is_kept_whole_and_titles_are_bounded() -> None:
    from newsradar.extract.titles import clean, strip_site

    assert strip_site("Harbour Gazette | harbourgazette.example", "Harbour Gazette",
                      "harbourgazette.example") == "Harbour Gazette | harbourgazette.example"
    kept = "Cranes idle - Port news"  # no part names the site: nothing is cut
    assert strip_site(kept, "Harbour Gazette", "harbourgazette.example") == kept
    assert clean("A &amp;amp; B " + "x" * 500) is not None and len(clean("x" * 500) or "") == 400
    assert clean("A &amp;amp; B") == "A & B"  # escaped twice, as some CMSs do


def test_a_site_name_before_a_colon_is_cut_but_a_headline_colon_stays() -> None:
    url = "https://harbourgazette.example/port/strike"
    found = meta(page("<title>Harbour Gazette: Dockers vote to strike</title>", BODY), url)
    assert (found.title, found.site_name) == ("Dockers vote to strike", "Harbour Gazette")
    found = meta(page("<title>Best of Harbourgazette 2024: the year in cranes</title>", BODY), url)
    assert found.title == "Best of Harbourgazette 2024: the year in cranes"
    found = meta(page("<title>Strike vote: dockers say yes</title>", BODY), url)
    assert found.title == "Strike vote: dockers say yes"


def test_a_logo_h1_with_the_site_name_is_not_the_headline() -> None:
    html = page("<title>Harbour Gazette</title><meta property='og:site_name' content='Harbour Gazette'>",
                "<h1>Harbour Gazette</h1><h1>Dockers vote to strike</h1>" + BODY)
    assert meta(html).title == "Dockers vote to strike"


def test_the_site_name_is_the_og_one_before_an_app_name() -> None:
    html = page("<meta name='application-name' content='HG App'>"
                "<meta property='og:site_name' content='Harbour Gazette'>")
    assert meta(html).site_name == "Harbour Gazette"


def test_site_name_from_json_ld_and_from_the_title_and_host() -> None:
    assert meta(page(ld({"@type": "WebSite", "name": "Harbour Gazette"}))).site_name == "Harbour Gazette"
    html = page("<title>Dockers vote to strike | Harbour Gazette</title>")
    assert meta(html, "https://www.harbourgazette.example/a").site_name == "Harbour Gazette"


# Authors

def test_authors_from_json_ld_people_not_the_publisher() -> None:
    html = page(ld({"@type": "NewsArticle", "headline": "Dockers vote",
                    "author": [{"@type": "Person", "name": "Mara Quell"}, {"@type": "Person", "name": "Tomas Brink"}],
                    "publisher": {"@type": "Organization", "name": "Harbour Gazette"}}))
    found = meta(html)
    assert found.authors == ["Mara Quell", "Tomas Brink"]
    assert found.site_name == "Harbour Gazette"


def test_json_ld_graph_references_are_resolved() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "headline": "Dockers vote", "author": {"@id": "#p1"}},
        {"@type": "Person", "@id": "#p1", "name": "Ines Varga", "url": "https://x.example/ines"}]}
    assert meta(page(ld(data))).authors == ["Ines Varga"]


def test_byline_is_cleaned_and_split() -> None:
    html = page("", "<h1>Dockers vote</h1><p class='byline'>By Mara Quell and Tomas Brink | June 1, 2024</p>" + BODY)
    assert meta(html).authors == ["Mara Quell", "Tomas Brink"]
    html = page("", "<div class='author'>Von Jana Ostrowski, 03.05.2024</div>" + BODY, lang="de")
    assert meta(html).authors == ["Jana Ostrowski"]


def test_not_authors_staff_urls_prompts_and_the_site() -> None:
    for value in ("Staff", "https://www.example.org/author/jane", "Harbour Gazette", "Follow us on Twitter"):
        html = page(f"<meta name='author' content='{value}'><meta property='og:site_name' content='Harbour Gazette'>")
        assert meta(html).authors == [], value


def test_an_author_named_like_a_personal_site_is_kept() -> None:
    html = page("<meta name='author' content='Lena Hartig'><meta property='og:site_name' content='Lena Hartig'>")
    assert meta(html).authors == ["Lena Hartig"]


def test_microdata_authors_read_their_name_child_or_its_content() -> None:
    span = page("", "<div itemprop='author' itemscope><span itemprop='name'>Mara Quill</span>, Harbour desk</div>")
    assert meta(span).authors == ["Mara Quill"]
    hidden = page("", "<div itemprop='author' itemscope><meta itemprop='name' content='Jon Brask'>"
                      "<a href='/jon'>Profile</a></div>")
    assert meta(hidden).authors == ["Jon Brask"]


def test_a_byline_ends_where_its_date_begins_and_particles_belong_to_names() -> None:
    from newsradar.extract.authors import clean_byline, is_name

    assert clean_byline("By Jane Doe March 25, 2015") == "Jane Doe"
    assert is_name("Ludwig van Beethoven") and is_name("Ana de la Cruz")
    assert not is_name("read the full story") and not is_name("Follow Jane on social media")


def test_a_long_list_of_authors_is_cut_at_twelve() -> None:
    names = ", ".join(f"Author {chr(65 + n)}name" for n in range(20))
    assert len(meta(page(f"<meta name='author' content='{names}'>")).authors) == 12


def test_comment_authors_are_not_article_authors() -> None:
    html = page("", BODY + "<div id='comments'><div class='comment-author'>Karl Lutz</div></div>")
    assert meta(html).authors == []


# Section and tags

def test_section_and_tags() -> None:
    html = page("<meta property='article:section' content='Business'>"
                "<meta property='article:tag' content='Ports'><meta property='article:tag' content='Strikes'>")
    found = meta(html)
    assert found.section == "Business"
    assert found.tags == ["Ports", "Strikes"]


# Dates

def test_json_ld_dates_published_and_updated_apart() -> None:
    html = page(ld({"@type": "NewsArticle", "datePublished": "2024-03-04T08:15:00+01:00",
                    "dateModified": "2024-03-05T10:00:00+01:00"}))
    found = meta(html)
    assert found.published is not None and found.updated is not None
    assert (found.published.value, found.published.source) == ("2024-03-04T08:15:00+01:00", "json-ld")
    assert (found.updated.value, found.updated.source) == ("2024-03-05T10:00:00+01:00", "json-ld")
    assert found.published.confidence > 0.9


def test_meta_then_url_then_markup_then_text() -> None:
    found = meta(page("<meta property='article:published_time' content='2024-02-01T09:00:00'>"))
    assert found.published is not None
    assert (found.published.source, found.published.value[:10]) == ("meta", "2024-02-01")
    found = meta(page("", BODY), "https://news.example.org/2024/02/03/port-strike")
    assert found.published is not None
    assert (found.published.source, found.published.value[:10]) == ("url", "2024-02-03")
    found = meta(page("", "<h1>Dockers</h1><time datetime='2024-02-05T07:00'>5 Feb</time>" + BODY), None)
    assert found.published is not None
    assert (found.published.source, found.published.value[:10]) == ("html", "2024-02-05")
    found = meta(page("", "<h1>Dockers</h1><p>Veröffentlicht am 06.02.2024</p>" + BODY, lang="de"), None)
    assert found.published is not None
    assert (found.published.source, found.published.value[:10]) == ("text", "2024-02-06")


def test_confidence_falls_with_the_source() -> None:
    strong = meta(page(ld({"@type": "Article", "datePublished": "2024-02-01"}))).published
    weak = meta(page("", "<h1>Dockers</h1><div>2024-02-01</div>" + BODY), None).published
    assert strong is not None and weak is not None and strong.confidence > weak.confidence


def test_labelled_update_is_kept_apart() -> None:
    html = page("", "<h1>Dockers</h1><p class='meta'>Published 2 February 2024. Updated 4 February 2024</p>" + BODY)
    found = meta(html, None)
    assert found.published is not None and found.published.value[:10] == "2024-02-02"
    assert found.updated is not None and found.updated.value[:10] == "2024-02-04"


def test_no_dates_from_scripts_or_comment_sections() -> None:
    html = page("<script>var published = '2024-01-10';</script>",
                BODY + "<section class='comments'><p>Posted on 2024-01-12</p></section>")
    found = meta(html, None)
    assert found.published is None and found.updated is None


def test_no_dates_from_quotations_embedded_posts_or_footnotes() -> None:
    tweet = ("<blockquote class='twitter-tweet'><p>Cranes idle again.</p>&mdash; Port Watch (@portwatch) "
             "<a href='https://twitter.com/portwatch/status/1'>March 2, 2019</a></blockquote>")
    assert meta(page("", "<article>" + BODY + tweet + "</article>"), None).published is None
    notes = ("<div class='footnotes'><ol><li id='fn1'>Harbour board minutes, 3 March 2011. "
             "<a href='#r1'>&#8617;</a></li></ol></div>")
    assert meta(page("", "<article>" + BODY + notes + "</article>"), None).published is None
    dated = page("<meta property='article:published_time' content='2024-05-02T09:00:00'>",
                 "<article>" + BODY + notes + "</article>")
    assert (found := meta(dated, None).published) is not None and found.value[:10] == "2024-05-02"


def test_future_dates_are_refused() -> None:
    html = page("<meta property='article:published_time' content='2024-07-01T09:00:00'>", BODY)
    assert meta(html, None).published is None


def test_a_utc_stamp_takes_the_day_the_page_shows() -> None:
    html = page("<meta property='article:published_time' content='2024-03-05T02:30:00Z'>",
                "<h1>Dockers</h1><p class='date'>March 4, 2024 9:30 pm</p>" + BODY, lang="en-US")
    found = meta(html, None)
    # The page's wall clock, and the offset that makes it the same instant as the stamp.
    assert found.published is not None and found.published.value == "2024-03-04T21:30:00-05:00"


def test_a_written_offset_is_kept_and_a_late_zone_is_not_in_the_future() -> None:
    # 23:59 at UTC-12 is 11:59 the next day in UTC: no earlier than the fetch, so it is kept.
    html = page("<meta property='article:published_time' content='2026-07-02T23:59:59-12:00'>",
                "<h1>Dockers</h1>" + BODY)
    art = extract(RawPage(content=html, source="t", kind="html", fetched_at="2026-07-03T12:30:00Z"))
    assert art.published is not None and art.published.value == "2026-07-02T23:59:59-12:00"
    art = extract(RawPage(content=html, source="t", kind="html", fetched_at="2026-07-03T11:00:00Z"))
    assert art.published is None  # an hour after the fetch, the zone being known


def test_a_zone_printed_in_the_page_text_is_kept() -> None:
    html = page("", "<h1>Dockers</h1><p class='date'>Published March 4, 2024 9:30 pm EST</p>" + BODY)
    found = meta(html, None)
    assert found.published is not None and found.published.value == "2024-03-04T21:30:00-05:00"


def test_sidebar_dates_count_less_than_the_articles() -> None:
    html = page("", "<aside class='sidebar'><time datetime='2024-01-20'>20 Jan</time></aside>"
                    "<article><h1>Dockers</h1><time datetime='2024-01-25'>25 Jan</time>" + BODY + "</article>")
    found = meta(html, None)
    assert found.published is not None and found.published.value[:10] == "2024-01-25"


def test_a_sidebar_date_near_the_headline_stays_under_the_sidebar_cap() -> None:
    html = page("", "<h1>Dockers</h1>" + BODY + "<aside class='related'><ul><li><a href='/x'>Other story</a> "
                    "<time datetime='2023-11-11'>Nov 11, 2023</time></li></ul></aside>")
    found = meta(html, None)
    assert found.published is None or found.published.confidence <= 0.35


# Through the whole extract stage

def test_published_after_the_fetch_is_dropped() -> None:
    html = page("<meta property='article:published_time' content='2020-03-04T08:00:00'>", "<h1>Dockers</h1>" + BODY)
    art = extract(RawPage(content=html, source="t", kind="html", fetched_at="2020-03-01T00:00:00Z"))
    assert art.published is None
    art = extract(RawPage(content=html, source="t", kind="html", fetched_at="2020-03-05T00:00:00Z"))
    assert art.published is not None and art.published.value == "2020-03-04T08:00:00"


def test_lenient_json_ld_is_still_read() -> None:
    block = ('<script type="application/ld+json"><!--\n{"@type": "NewsArticle", "headline": "Dockers\nvote",'
             ' "datePublished": "2024-02-01",}\n--></script>')
    found = meta(page(block))
    assert found.published is not None and found.published.value[:10] == "2024-02-01"
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", </script>'
    assert meta(page(broken)).published is None


def test_class_hints_ignore_digits_and_words_are_found_anywhere_in_a_token() -> None:
    from newsradar.extract.scan import _words, _words_re, classify

    # Strings that differ only in their numbers share a cache entry: their hints must be the same.
    assert classify("comments box-4711") == classify("comments box-9") == (frozenset(), True, False)
    assert classify("post-date-2019 x7") == (frozenset({"date"}), False, False)
    assert classify("Sidebar-Widget box") == (frozenset(), False, True)
    assert classify("tag-comments category-opinion") == (frozenset(), False, False)
    assert classify("row col-12 lead") == (frozenset(), False, False)
    # The filter laid out as a trie finds every word, at the start, inside or at the end of a token.
    for word in _words():
        for text in (word, f"x{word}", f"a-{word}-b", f"zz {word}9"):
            assert _words_re().search(text), text
    assert not _words_re().search("row col-12 lead hero-image")


def test_class_hints_of_ascii_tokens_are_read_without_ignorecase_and_answer_as_with_it() -> None:
    import re

    from newsradar.extract.scan import _TAXONOMY, _ascii_hints, _token_hints, _words_re, hints

    # Case-insensitive matching costs about half the search: a lower-cased ASCII token does without.
    assert all(not p.flags & re.I for p in _ascii_hints().values())
    tokens = ("post-date", "entry-meta", "byline", "writer-name", "headline", "article-title", "comments",
              "comment-list", "sidebar-left", "site-footer", "footnotes", "timestamp", "datatable", "x",
              "kommentare", "auteur-é", "publié-le", "tag-comments")
    for token in tokens:
        expected = (frozenset() if not _words_re().search(token) or _TAXONOMY.match(token)
                    else frozenset(k for k, p in hints().items() if p.search(token)))
        assert _token_hints(token) == expected, token
    assert _token_hints("post-date") == frozenset({"date"})
    assert _token_hints("auteur-é") == frozenset({"author"})


def test_class_strings_fold_their_digits_the_same_whether_ascii_or_not() -> None:
    from newsradar.extract.scan import _classify_shape, classify

    _classify_shape.cache_clear()
    assert classify("post-date-2019 box-7") == classify("post-date-1987 box-3") == (frozenset({"date"}), False, False)
    assert classify("auteur-é 42") == classify("auteur-é 17") == (frozenset({"author"}), False, False)
    # One shape each: "post-date-0000 box-0" and "auteur-é 00".
    assert _classify_shape.cache_info().currsize == 2


def test_the_walk_for_dates_in_the_text_finds_what_the_xpath_query_finds_in_the_same_order() -> None:
    from newsradar.extract.pagedates import _TEXTS, _body_texts, _xpath_texts

    root = parse("<html><head><title>Notes 2019</title></head><body>Filed 2021 <div>Posted on <span>"
                 "3 May 2020</span> by Ann, updated 4.5.21 <b>in <i>2018</i> news</b> and 12.3.22</div>"
                 "<p>Price 1.5 euros, no year</p><p>Ends here. At 9. Then 1.</p><p>2022年3月4日</p>tail 1999"
                 "</body></html>")
    walked = _body_texts(root)
    assert walked == _xpath_texts(_TEXTS(root))
    assert [t for t, _, _ in walked or []] == [
        "Filed 2021 ", "3 May 2020", " by Ann, updated 4.5.21 ", "2018", " and 12.3.22",
        "Price 1.5 euros, no year", "2022年3月4日", "tail 1999"]
    # Tails after nested elements that end together: the inner one's first, each after the text inside.
    nested = parse("<html><body><div>In 2001<span><b>2019</b> and 2002</span>2020 after span<p></p>"
                   "</div>2021 after div<div><i><u>2003</u></i></div>2004 last</body></html>")
    walked = _body_texts(nested)
    assert walked == _xpath_texts(_TEXTS(nested))
    assert [t for t, _, _ in walked or []] == [
        "In 2001", "2019", " and 2002", "2020 after span", "2021 after div", "2003", "2004 last"]
