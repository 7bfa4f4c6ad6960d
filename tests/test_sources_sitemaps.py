"""Sitemaps: URL sets with lastmod and news dates, indexes, damage, XXE."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.errors import InputError
from newsradar.sources.sitemaps import parse_sitemap

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <image:image><image:loc>https://daily.test/img/1.jpg</image:loc></image:image>
    <loc>https://daily.test/2025/06/10/ferry-fares</loc>
    <lastmod>2025-06-10T09:00:00+02:00</lastmod>
    <news:news><news:publication_date>2025-06-10T06:30:00Z</news:publication_date>
      <news:title>Ferry fares rise</news:title></news:news>
  </url>
  <url><loc>https://daily.test/about</loc><lastmod>2025-01-02</lastmod></url>
  <url><loc>javascript:alert(1)</loc></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://daily.test/sitemap-news.xml.gz</loc><lastmod>2025-06-10</lastmod></sitemap>
  <sitemap><loc>sitemap-archive.xml</loc></sitemap>
</sitemapindex>"""


def test_urls_with_lastmod_and_the_news_publication_date_in_utc() -> None:
    sm = parse_sitemap(URLSET)
    assert sm.kind == "urlset" and sm.problem is None and sm.skipped == 1
    ferry, about = sm.entries
    assert ferry.loc == "https://daily.test/2025/06/10/ferry-fares"  # not the image's <loc>
    assert (ferry.lastmod, ferry.date, ferry.title) == ("2025-06-10T09:00:00+02:00", "2025-06-10T06:30:00",
                                                        "Ferry fares rise")
    assert (about.lastmod, about.date) == ("2025-01-02", "2025-01-02T00:00:00")


def test_an_index_lists_child_sitemaps_resolved_against_the_base() -> None:
    sm = parse_sitemap(INDEX, base_url="https://daily.test/sitemap.xml")
    assert sm.kind == "index"
    assert [e.loc for e in sm.entries] == ["https://daily.test/sitemap-news.xml.gz",
                                           "https://daily.test/sitemap-archive.xml"]


def test_an_entry_without_a_location_is_skipped_not_read_as_the_sitemap_itself() -> None:
    sm = parse_sitemap(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> </loc></url>'
                       b"<url><lastmod>2025-06-10</lastmod></url></urlset>", base_url="https://daily.test/sitemap.xml")
    assert sm.entries == [] and sm.skipped == 2


def test_external_entities_are_not_resolved() -> None:
    doc = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
           b"<urlset><url><loc>https://daily.test/&x;</loc></url></urlset>")
    (entry,) = parse_sitemap(doc).entries
    assert entry.loc == "https://daily.test/"


def test_a_damaged_sitemap_keeps_the_urls_before_the_damage() -> None:
    sm = parse_sitemap(URLSET[: URLSET.index(b"<url><loc>https://daily.test/about")] + b"<url><loc>https://da")
    assert [e.loc for e in sm.entries] == ["https://daily.test/2025/06/10/ferry-fares"]


@pytest.mark.parametrize(("data", "reason"), [(b"<html><body/></html>", "root is <html>"),
                                             (b"", "not a sitemap"), (b"plain words", "not a sitemap")])
def test_what_is_not_a_sitemap_is_refused(data: bytes, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        parse_sitemap(data)


@settings(max_examples=120, deadline=None)
@given(st.binary(max_size=600) | st.builds(lambda a, b: URLSET[:a] + b, st.integers(0, len(URLSET)),
                                          st.binary(max_size=40)))
def test_any_bytes_give_a_sitemap_or_an_input_error(data: bytes) -> None:
    try:
        sm = parse_sitemap(data)
    except InputError as exc:
        assert exc.reason
        return
    assert all(e.loc.startswith(("http://", "https://")) for e in sm.entries)
