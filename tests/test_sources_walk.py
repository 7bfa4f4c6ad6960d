"""iter_pages: every kind of spec, sniffed by content, with one Failure per bad item and no stop."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsradar.errors import ConfigError
from newsradar.extract import extract
from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources import MemoryState, iter_pages
from newsradar.sources.raw import RawPage
from newsradar.sources.sniff import sniff
from sourcekit import Site, fetcher_for, html_page, write_warc

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>
<item><title>Dockers vote</title><link>https://gazette.test/dockers</link>
<pubDate>Tue, 10 Jun 2025 04:00:00 GMT</pubDate></item>
<item><title>Ferry fares</title><link>https://gazette.test/ferry</link>
<pubDate>Wed, 11 Jun 2025 05:00:00 GMT</pubDate>
<description>{long}</description></item>
<item><title>Gone</title><link>https://gazette.test/gone</link></item>
</channel></rss>""".replace("{long}", "Fares on the harbour ferry rise by a tenth from July. " * 12)

DOCKERS = html_page("Dockers vote to strike", "Dockers at the harbour voted to strike on Monday, the union said.")
FERRY = html_page("Ferry fares rise", "Fares on the harbour ferry rise by a tenth from July, the operator said.")
SETTINGS = Settings(rate_per_host=0)


def _site() -> Site:
    site = Site()
    site.add("https://gazette.test/dockers", DOCKERS, content_type="text/html; charset=utf-8")
    site.add("https://gazette.test/ferry", FERRY, content_type="text/html")
    site.add("https://gazette.test/feed", FEED, content_type="application/rss+xml")
    return site


def _kinds(items: list[RawPage | Failure]) -> list[str]:
    return [type(i).__name__ for i in items]


def test_a_feed_file_fetches_its_entries_with_their_feed_dates(tmp_path: Path) -> None:
    feed = tmp_path / "gazette.dat"  # no telling extension: the content says it is a feed
    feed.write_text(FEED)
    site = _site()
    items = list(iter_pages([str(feed)], SETTINGS, fetcher=fetcher_for(site)))
    assert _kinds(items) == ["RawPage", "RawPage", "Failure"]
    dockers, _ferry, gone = items
    assert isinstance(dockers, RawPage) and dockers.url == "https://gazette.test/dockers"
    assert dockers.feed_date == "2025-06-10T04:00:00" and dockers.kind == "html" and dockers.encoding == "utf-8"
    assert isinstance(gone, Failure) and gone.source == "https://gazette.test/gone" and "HTTP 404" in gone.reason
    article = extract(dockers)
    assert article.published is not None and (article.published.value, article.published.source) == (
        "2025-06-10T04:00:00", "feed")


def test_feed_content_modes(tmp_path: Path) -> None:
    site = _site()
    del site.routes["https://gazette.test/ferry"]  # the site will not serve it; the feed carries it
    url = "https://gazette.test/feed"
    fallback = list(iter_pages([url], SETTINGS, fetcher=fetcher_for(site)))
    assert _kinds(fallback) == ["RawPage", "RawPage", "Failure"]
    assert isinstance(fallback[1], RawPage) and "harbour ferry" in str(fallback[1].content)
    assert "Ferry fares" in extract(fallback[1]).title  # type: ignore[operator]

    site.log.clear()
    prefer = list(iter_pages([url], Settings(rate_per_host=0, feed_content="prefer"), fetcher=fetcher_for(site)))
    assert _kinds(prefer) == ["RawPage", "RawPage", "Failure"]
    assert "https://gazette.test/ferry" not in site.fetched()

    never = list(iter_pages([url], Settings(rate_per_host=0, feed_content="never"), fetcher=fetcher_for(site)))
    assert _kinds(never) == ["RawPage", "Failure", "Failure"]
    with pytest.raises(ConfigError, match="feed_content"):
        list(iter_pages([url], Settings(feed_content="always"), fetcher=fetcher_for(site)))


def test_a_folder_of_mixed_sources_with_bad_items_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a-page.html").write_text(DOCKERS)
    (tmp_path / "b-articles.jsonl").write_text(
        json.dumps({"title": "Tram", "text": "The council voted.", "url": "https://metro.test/tram"}) + "\n"
        "{broken json\n")
    write_warc(tmp_path / "c-crawl.bin", [{"uri": "https://metro.test/w", "body": FERRY.encode()}])
    (tmp_path / "d-empty.txt").write_text("")
    (tmp_path / "e-feed.xml").write_text("<rss version='2.0'><channel><item><title>x</title>")
    items = list(iter_pages([str(tmp_path)], SETTINGS, fetcher=fetcher_for(Site())))
    assert _kinds(items) == ["RawPage", "RawPage", "Failure", "RawPage", "RawPage", "Failure", "Failure"]
    page, article, broken, record, empty, malformed, no_link = items
    assert isinstance(page, RawPage) and page.kind == "html"
    assert isinstance(article, RawPage) and article.kind == "article"
    assert isinstance(broken, Failure) and broken.source.endswith("b-articles.jsonl:2")
    assert isinstance(record, RawPage) and record.url == "https://metro.test/w" and record.source.startswith("urn:")
    assert isinstance(empty, RawPage)  # an empty file is the extract stage's to refuse, as in `analyze`
    assert isinstance(malformed, Failure) and "not well-formed" in malformed.reason
    assert isinstance(no_link, Failure) and "neither a link nor content" in no_link.reason


def test_globs_missing_paths_and_other_schemes_keep_their_place(tmp_path: Path) -> None:
    (tmp_path / "one.html").write_text(DOCKERS)
    (tmp_path / "two.html").write_text(FERRY)
    specs = [str(tmp_path / "*.html"), str(tmp_path / "missing.html"), "ftp://files.test/x"]
    items = list(iter_pages(specs, SETTINGS))
    assert _kinds(items) == ["RawPage", "RawPage", "Failure", "Failure"]
    assert "cannot read" in items[2].reason  # type: ignore[union-attr]
    assert "only http and https" in items[3].reason  # type: ignore[union-attr]


def test_a_sitemap_index_with_a_gzipped_child_and_lastmod_dates() -> None:
    site = _site()
    site.add("https://gazette.test/sitemap.xml", """<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>https://gazette.test/news.xml.gz</loc><lastmod>2025-06-11</lastmod></sitemap>
        <sitemap><loc>https://gazette.test/missing.xml</loc></sitemap></sitemapindex>""")
    site.add("https://gazette.test/news.xml.gz", gzip.compress(b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <url><loc>https://gazette.test/dockers</loc><lastmod>2025-06-10T06:00:00+02:00</lastmod></url>
        <url><loc>https://gazette.test/ferry</loc></url></urlset>"""), content_type="application/gzip")
    items = list(iter_pages(["https://gazette.test/sitemap.xml"], SETTINGS, fetcher=fetcher_for(site)))
    assert _kinds(items) == ["RawPage", "RawPage", "Failure"]
    assert isinstance(items[0], RawPage) and items[0].feed_date == "2025-06-10T04:00:00"
    assert isinstance(items[2], Failure) and items[2].source == "https://gazette.test/missing.xml"


def test_a_warc_url_is_streamed_and_a_page_url_is_a_page(tmp_path: Path) -> None:
    write_warc(tmp_path / "c.warc.gz", [{"uri": "https://metro.test/w", "body": FERRY.encode()}])
    site = _site()
    site.add("https://archive.test/c.warc.gz", (tmp_path / "c.warc.gz").read_bytes(),
             content_type="application/octet-stream")
    specs = ["https://archive.test/c.warc.gz", "https://gazette.test/dockers", "https://down.test/"]
    items = list(iter_pages(specs, SETTINGS, fetcher=fetcher_for(site)))
    assert _kinds(items) == ["RawPage", "RawPage", "Failure"]
    assert isinstance(items[0], RawPage) and items[0].url == "https://metro.test/w"
    assert isinstance(items[1], RawPage) and items[1].source == "https://gazette.test/dockers"


def test_stdin_is_sniffed_as_json_lines_or_as_a_page() -> None:
    lines = b'{"title": "T", "text": "Body.", "url": "https://metro.test/t"}\nnot json\n'
    items = list(iter_pages(["-"], SETTINGS, stdin=io.BytesIO(lines)))
    assert _kinds(items) == ["RawPage", "Failure"] and items[1].source == "-:2"
    (page,) = iter_pages(["-"], SETTINGS, stdin=io.BytesIO(DOCKERS.encode()))
    assert isinstance(page, RawPage) and page.source == "-" and page.kind is None
    assert extract(page).title == "Dockers vote to strike"


def test_with_a_state_feeds_are_fetched_conditionally() -> None:
    site = _site()
    served: list[str] = []

    def feed(request: object) -> tuple[int, dict[str, str], bytes]:
        import httpx

        assert isinstance(request, httpx.Request)
        served.append(request.headers.get("if-none-match", ""))
        if request.headers.get("if-none-match") == '"f1"':
            return 304, {}, b""
        return 200, {"ETag": '"f1"'}, FEED.encode()

    site.routes["https://gazette.test/feed"] = feed
    state = MemoryState()
    first = list(iter_pages(["https://gazette.test/feed"], SETTINGS, fetcher=fetcher_for(site), state=state))
    second = list(iter_pages(["https://gazette.test/feed"], SETTINGS, fetcher=fetcher_for(site), state=state))
    assert len(first) == 3 and second == [] and served == ["", '"f1"']


@pytest.mark.parametrize(("head", "name", "ctype", "kind"), [
    (b"WARC/1.1\r\nWARC-Type: warcinfo", "x.bin", "", "warc"),
    (b"<?xml version='1.0'?><!-- hi --><rss version='2.0'>", "news.txt", "", "feed"),
    (b"\xef\xbb\xbf<feed xmlns='http://www.w3.org/2005/Atom'>", "", "", "feed"),
    (b"<?xml version='1.0'?>\n<urlset xmlns='x'>", "", "", "sitemap"),
    (b"<!DOCTYPE html><html><body>", "sitemap.xml", "", "page"),
    (b'{"title": "a"}\n{"title": "b"}\n', "dump", "", "jsonl"),
    (b'{"title": broken}\n', "x.jsonl", "", "jsonl"),
    (b'{\n  "title": "pretty"\n}', "x.json", "", "json"),
    (b"[{}]", "", "", "json"),
    (b"Plain scraped text\nwith lines", "page.txt", "", "page"),
    (b"", "crawl.warc.gz", "", "warc"),
    (b"anything", "", "application/warc", "warc"),
])
def test_sniffing_by_content_with_the_name_as_a_tie_breaker(head: bytes, name: str, ctype: str, kind: str) -> None:
    assert sniff(head, name, ctype) == kind


def test_a_feed_entry_that_is_not_a_page_is_refused_without_downloading_it(tmp_path: Path) -> None:
    feed = tmp_path / "podcast.xml"
    feed.write_text("<rss version='2.0'><channel><item><title>Episode</title>"
                    "<link>https://gazette.test/episode.mp3</link></item></channel></rss>")
    site = _site()
    site.add("https://gazette.test/episode.mp3", b"ID3" + b"\x00" * 50_000, content_type="audio/mpeg")
    (failure,) = iter_pages([str(feed)], SETTINGS, fetcher=fetcher_for(site))
    assert isinstance(failure, Failure) and "is audio/mpeg, not a web page" in failure.reason


_SEEDS = [FEED.encode(), b'{"title": "a", "text": "b"}\n{"x": 1}\n', b"<urlset><url><loc>https://gazette.test/dockers</loc>",
          b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 10\r\n\r\n"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["x.xml", "x.jsonl", "x.warc", "x.txt", "x.gz", "x.json"]),
       st.binary(max_size=300) | st.builds(lambda seed, cut, junk: seed[:cut] + junk, st.sampled_from(_SEEDS),
                                           st.integers(0, 400), st.binary(max_size=30)),
       st.booleans())
def test_any_file_yields_pages_or_failures_and_never_raises(name: str, data: bytes, packed: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / name
        path.write_bytes(gzip.compress(data) if packed else data)
        for item in iter_pages([str(path)], SETTINGS, fetcher=fetcher_for(_site())):
            assert isinstance(item, RawPage | Failure)


@pytest.mark.parametrize(("mode", "why"), [("fallback", "no embedded content either"),
                                           ("never", "no embedded content either")])
def test_a_feed_entry_without_a_link_says_what_it_lacks(tmp_path: Path, mode: str, why: str) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>'
                    '<item><title>Nothing to read</title><guid isPermaLink="false">id-1</guid></item>'
                    '</channel></rss>')
    (failure,) = list(iter_pages([str(feed)], Settings(rate_per_host=0, feed_content=mode)))
    assert isinstance(failure, Failure) and why in failure.reason and "feed_content" not in failure.reason
