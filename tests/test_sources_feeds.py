"""RSS 2.0, RSS 1.0, Atom and malformed feeds."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.errors import InputError
from newsradar.sources.feeds import MIN_EMBEDDED_CHARS, entry_page_html, parse_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Gazette</title><link>https://gazette.test/</link>
<item><title>Dockers vote to strike</title><link>https://gazette.test/news/dockers-vote</link>
  <guid isPermaLink="false">gz-1001</guid><pubDate>Tue, 10 Jun 2025 04:00:00 +0200</pubDate>
  <author>desk@gazette.test (Mara Quill)</author>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>The dockers voted on Monday.</p><p>Talks resume on Friday.</p>]]></content:encoded>
</item>
<item><title>Relative link</title><link>/news/relative</link></item>
<item><title>Teaser only</title><link>https://gazette.test/news/teaser</link>
  <description>Just a line.</description></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Wire</title><id>urn:wire</id>
<updated>2025-06-11T08:30:00Z</updated>
<entry><title>Dam talks stall</title><id>tag:wire.test,2025:42</id>
  <link rel="alternate" type="text/html" href="https://wire.test/dam-talks"/>
  <link rel="enclosure" href="https://wire.test/dam.mp3"/>
  <updated>2025-06-11T08:30:00Z</updated><published>2025-06-11T07:15:00-03:00</published>
</entry></feed>"""

RDF = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://old.test/"><title>Old</title></channel>
<item rdf:about="https://old.test/story"><title>Story</title><link>https://old.test/story</link>
<dc:date>2024-12-31T23:00:00Z</dc:date></item></rdf:RDF>"""


def test_rss2_entries_with_ids_dates_in_utc_authors_and_embedded_content() -> None:
    feed = parse_feed(RSS, base_url="https://gazette.test/feed.xml")
    assert feed.title == "Harbour Gazette" and feed.problem is None
    first, relative, teaser = feed.entries
    assert (first.link, first.id, first.date) == ("https://gazette.test/news/dockers-vote", "gz-1001",
                                                  "2025-06-10T02:00:00")
    assert first.key == "gz-1001"
    assert first.content is not None and "Talks resume on Friday" in first.content
    assert relative.link == "https://gazette.test/news/relative" and relative.key == relative.link
    assert teaser.content is None  # a one-line description is a teaser, not the article


def test_a_relative_link_without_a_base_is_no_link() -> None:
    assert parse_feed(RSS).entries[1].link is None


def test_atom_alternate_link_id_and_published_date() -> None:
    (entry,) = parse_feed(ATOM).entries
    assert entry.link == "https://wire.test/dam-talks"
    assert entry.id == "tag:wire.test,2025:42"
    assert entry.date == "2025-06-11T10:15:00"


def test_rss1_rdf() -> None:
    (entry,) = parse_feed(RDF).entries
    assert (entry.link, entry.date) == ("https://old.test/story", "2024-12-31T23:00:00")


def test_a_truncated_feed_keeps_the_entries_before_the_damage_and_says_what_is_wrong() -> None:
    feed = parse_feed(RSS[: RSS.index(b"<item><title>Teaser")] + b"<item><title>Cut")
    assert feed.problem
    assert [e.link for e in feed.entries][:1] == ["https://gazette.test/news/dockers-vote"]


@pytest.mark.parametrize("data", [b"", b"hello, world", b"\x89PNG\r\n\x1a\n\x00\x00", b"<html><body>x</body></html>"])
def test_what_is_not_a_feed_is_refused_with_a_reason(data: bytes) -> None:
    with pytest.raises(InputError, match="not an RSS or Atom feed"):
        parse_feed(data)


def test_embedded_content_becomes_a_page_with_title_and_author() -> None:
    first = parse_feed(RSS).entries[0]
    page = entry_page_html(first)
    assert "<title>Dockers vote to strike</title>" in page and "The dockers voted" in page
    assert "2025" not in page  # the date travels as feed_date, not as page metadata
    long_rss = RSS.replace(b"Just a line.", b"word " * (MIN_EMBEDDED_CHARS // 4))
    assert parse_feed(long_rss).entries[2].content is not None



def test_embedded_content_keeps_what_the_extract_stage_reads() -> None:
    # a lazy-loaded lead image (data-src, srcset): a feed sanitiser drops both, and the image with them
    from newsradar.extract import extract
    from newsradar.sources.raw import RawPage

    body = "".join(f"<p>Ferry crews walked out at dawn in port {n}, and sailings were cancelled.</p>" for n in range(8))
    item = ('<figure><img data-src="https://port.example/crews.jpg" srcset="https://port.example/crews-2x.jpg 2x" '
            'alt="Crews on the quay"><figcaption>Crews on the quay.</figcaption></figure>'
            '<script>alert("x")</script>' + body)
    feed = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Port news</title><item><title>Crews walk out'
            b'</title><link>https://port.example/walkout</link><description><![CDATA[' + item.encode()
            + b"]]></description></item></channel></rss>")
    entry = parse_feed(feed).entries[0]
    assert entry.content is not None and "data-src" in entry.content
    article = extract(RawPage(content=entry_page_html(entry), source="feed", url=entry.link, kind="html"))
    assert article.images and "crews" in (article.images[0].url or "")
    assert "alert" not in article.text and "Ferry crews walked out" in article.text

def test_the_feeds_language_is_the_embedded_pages_declared_language() -> None:
    # a brief too short to tell by its words ("met" is Dutch too) keeps the language its feed declares
    from newsradar.extract import extract
    from newsradar.sources.raw import RawPage

    rss = (b'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           b"<channel><title>Wire</title><language>en-GB</language><item><title>Ankara talks</title>"
           b"<link>https://wire.test/ankara</link><content:encoded><![CDATA[<p>Stoltenberg met Erdogan in Ankara."
           b"</p>]]></content:encoded></item></channel></rss>")
    entry = parse_feed(rss).entries[0]
    assert entry.language == "en-GB" and '<html lang="en-GB">' in entry_page_html(entry)
    article = extract(RawPage(content=entry_page_html(entry), source="feed", url=entry.link, kind="html"))
    assert article.language == "en"
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Draht</title>'
            b'<id>urn:d</id><entry><title>T</title><id>urn:d:1</id><link href="https://draht.test/1"/>'
            b'<content type="html" xml:lang="fr">&lt;p&gt;Gr\xc3\xa8ve au port.&lt;/p&gt;</content></entry></feed>')
    assert parse_feed(atom).entries[0].language == "fr"
    assert parse_feed(RSS).entries[0].language is None and "<html>" in entry_page_html(parse_feed(RSS).entries[0])


def test_a_feed_string_is_never_taken_for_a_file_name_or_url(tmp_path: object) -> None:
    with pytest.raises(InputError):
        parse_feed(b"/etc/passwd")
    with pytest.raises(InputError):
        parse_feed(b"https://example.invalid/feed.xml")


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=600) | st.builds(lambda a, b: RSS[:a] + b, st.integers(0, len(RSS)), st.binary(max_size=40)))
def test_any_bytes_give_a_feed_or_an_input_error(data: bytes) -> None:
    try:
        feed = parse_feed(data, base_url="https://gazette.test/")
    except InputError as exc:
        assert exc.reason
        return
    for entry in feed.entries:
        assert entry.link is None or entry.link.startswith(("http://", "https://"))


def test_an_atom_entry_takes_its_alternate_link_and_a_long_summary_only_as_content() -> None:
    long = "The dam talks stalled again on Tuesday. " * 12
    feed = parse_feed(f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Wire</title><id>urn:wire</id>
<entry><title>Replies first</title><id>tag:wire.test,2025:1</id>
  <link rel="replies" href="https://wire.test/dam-talks/comments"/>
  <link rel="alternate" href="https://wire.test/dam-talks"/>
  <content type="html">   </content><summary>{long}</summary></entry>
<entry><title>Short summary</title><id>tag:wire.test,2025:2</id>
  <link href="https://wire.test/short"/><summary>Talks stall.</summary></entry>
</feed>""".encode())
    first, second = feed.entries
    assert first.link == "https://wire.test/dam-talks"
    assert first.content is not None and len(first.content) >= MIN_EMBEDDED_CHARS  # the blank content is skipped
    assert (second.link, second.content) == ("https://wire.test/short", None)  # a teaser is not the article
