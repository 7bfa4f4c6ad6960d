"""poll and Poller: only what is new since the last poll, and nothing lost when a consumer dies."""

from __future__ import annotations

import json
import os
from pathlib import Path

import httpx

from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources import JsonFileState, MemoryState, Poller, poll
from newsradar.sources.raw import RawPage
from sourcekit import Site, fetcher_for, html_page

SETTINGS = Settings(rate_per_host=0)


def _feed(*links: str) -> str:
    items = "".join(f"<item><title>{u}</title><link>{u}</link><guid>{u}#id</guid></item>" for u in links)
    return f"<rss version='2.0'><channel><title>Wire</title>{items}</channel></rss>"


def _site(feed: str) -> Site:
    site = Site()
    for n in range(1, 6):
        site.add(f"https://wire.test/{n}", html_page(f"Story {n}", f"Paragraph of story {n}."))
    site.add("https://wire.test/feed", feed, content_type="application/rss+xml")
    return site


def _sources(items: list[RawPage | Failure]) -> list[str]:
    return [i.source for i in items]


def test_a_second_poll_yields_only_new_feed_entries_and_fetches_nothing_old() -> None:
    site = _site(_feed("https://wire.test/1", "https://wire.test/2"))
    state = MemoryState()
    f = fetcher_for(site)
    assert _sources(list(poll(["https://wire.test/feed"], SETTINGS, state, f))) == [
        "https://wire.test/1", "https://wire.test/2"]
    assert list(poll(["https://wire.test/feed"], SETTINGS, state, f)) == []
    site.add("https://wire.test/feed", _feed("https://wire.test/3", "https://wire.test/1", "https://wire.test/2"))
    site.log.clear()
    assert _sources(list(poll(["https://wire.test/feed"], SETTINGS, state, f))) == ["https://wire.test/3"]
    assert site.fetched("wire.test/") == ["https://wire.test/feed", "https://wire.test/3"]


def test_a_transient_failure_is_retried_next_poll_and_keeps_the_feed_validator_unsaved() -> None:
    site = _site(_feed("https://wire.test/1", "https://wire.test/2"))
    def feed(request: httpx.Request) -> tuple[int, dict[str, str], bytes]:
        if request.headers.get("if-none-match") == '"e1"':
            return 304, {}, b""
        return 200, {"ETag": '"e1"'}, _feed("https://wire.test/1", "https://wire.test/2").encode()

    site.routes["https://wire.test/feed"] = feed
    site.add("https://wire.test/2", "busy", status=503)
    state = MemoryState()
    f = fetcher_for(site, Settings(rate_per_host=0, fetch_retries=0))
    first = list(poll(["https://wire.test/feed"], SETTINGS, state, f))
    assert [type(i).__name__ for i in first] == ["RawPage", "Failure"]
    assert state.get("http", "https://wire.test/feed") is None  # not until every entry is handled
    site.add("https://wire.test/2", html_page("Story 2", "Back again."))
    assert _sources(list(poll(["https://wire.test/feed"], SETTINGS, state, f))) == ["https://wire.test/2"]
    assert state.get("http", "https://wire.test/feed") is not None
    assert list(poll(["https://wire.test/feed"], SETTINGS, state, f)) == []
    assert site.log[-1].headers["if-none-match"] == '"e1"'


def test_a_permanent_failure_is_not_retried_every_poll() -> None:
    site = _site(_feed("https://wire.test/1", "https://wire.test/404"))
    state = MemoryState()
    f = fetcher_for(site)
    assert [type(i).__name__ for i in poll(["https://wire.test/feed"], SETTINGS, state, f)] == ["RawPage", "Failure"]
    assert list(poll(["https://wire.test/feed"], SETTINGS, state, f)) == []


def test_sitemap_urls_come_back_when_their_lastmod_changes_and_unchanged_children_are_not_fetched() -> None:
    def urlset(lastmod: str) -> str:
        return (f"<urlset><url><loc>https://wire.test/1</loc><lastmod>{lastmod}</lastmod></url>"
                "<url><loc>https://wire.test/2</loc><lastmod>2025-06-01</lastmod></url></urlset>")

    site = _site("")
    site.add("https://wire.test/index.xml", "<sitemapindex><sitemap><loc>https://wire.test/s1.xml</loc>"
                                            "<lastmod>2025-06-01</lastmod></sitemap></sitemapindex>")
    site.add("https://wire.test/s1.xml", urlset("2025-06-01"))
    state = MemoryState()
    f = fetcher_for(site)
    assert len(list(poll(["https://wire.test/index.xml"], SETTINGS, state, f))) == 2
    site.log.clear()
    assert list(poll(["https://wire.test/index.xml"], SETTINGS, state, f)) == []
    assert site.fetched("wire.test/") == ["https://wire.test/index.xml"]  # the child's lastmod did not move
    site.add("https://wire.test/index.xml", "<sitemapindex><sitemap><loc>https://wire.test/s1.xml</loc>"
                                            "<lastmod>2025-06-02</lastmod></sitemap></sitemapindex>")
    site.add("https://wire.test/s1.xml", urlset("2025-06-02"))
    assert _sources(list(poll(["https://wire.test/index.xml"], SETTINGS, state, f))) == ["https://wire.test/1"]


def test_folders_yield_new_and_changed_files_only(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(html_page("A", "Alpha."))
    (tmp_path / "b.html").write_text(html_page("B", "Beta."))
    state = MemoryState()
    assert len(list(poll([str(tmp_path)], SETTINGS, state))) == 2
    assert list(poll([str(tmp_path)], SETTINGS, state)) == []
    (tmp_path / "c.html").write_text(html_page("C", "Gamma."))
    b = tmp_path / "b.html"
    b.write_text(html_page("B", "Beta, corrected."))
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 1_000_000_000))
    assert sorted(Path(s).name for s in _sources(list(poll([str(tmp_path)], SETTINGS, state)))) == ["b.html", "c.html"]


def test_an_appended_json_lines_file_yields_only_its_new_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    rows = [{"title": f"T{i}", "text": f"Body {i}.", "url": f"https://wire.test/j{i}"} for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows[:2]))
    state = MemoryState()
    assert len(list(poll([str(path)], SETTINGS, state))) == 2
    with path.open("a") as fh:
        fh.write(json.dumps(rows[2]) + "\n")
    (new,) = poll([str(path)], SETTINGS, state)
    assert isinstance(new, RawPage) and new.url == "https://wire.test/j2"


def test_poller_items_count_only_once_acknowledged_so_a_crash_loses_nothing(tmp_path: Path) -> None:
    site = _site(_feed("https://wire.test/1", "https://wire.test/2", "https://wire.test/3"))
    state_file = tmp_path / "state.json"
    with JsonFileState(state_file) as state:
        poller = Poller(SETTINGS, state, fetcher_for(site))
        items = list(poller.poll(["https://wire.test/feed"]))
        assert poller.pending == 3
        assert poller.ack(items[0].source) and not poller.ack("https://wire.test/unknown")
        poller.close()  # "crash": items 2 and 3 were never acknowledged
    with JsonFileState(state_file) as state:
        poller = Poller(SETTINGS, state, fetcher_for(site))
        again = list(poller.poll(["https://wire.test/feed"]))
        assert _sources(again) == ["https://wire.test/2", "https://wire.test/3"]
        assert list(poller.poll(["https://wire.test/feed"])) == []  # pending ones are not handed out twice
        poller.ack_all()
        poller.close()
    with JsonFileState(state_file) as state:
        assert list(Poller(SETTINGS, state, fetcher_for(site)).poll(["https://wire.test/feed"])) == []


def test_a_page_url_is_new_again_only_when_its_bytes_change() -> None:
    site = _site("")
    state = MemoryState()
    f = fetcher_for(site)
    assert len(list(poll(["https://wire.test/1"], SETTINGS, state, f))) == 1
    assert list(poll(["https://wire.test/1"], SETTINGS, state, f)) == []
    site.add("https://wire.test/1", html_page("Story 1", "Updated paragraph."))
    assert len(list(poll(["https://wire.test/1"], SETTINGS, state, f))) == 1


def test_an_item_taken_by_a_consumer_that_stopped_before_asking_for_more_is_yielded_again() -> None:
    site = _site(_feed("https://wire.test/1", "https://wire.test/2"))
    state = MemoryState()
    f = fetcher_for(site)
    it = poll(["https://wire.test/feed"], SETTINGS, state, f)
    next(it)
    it.close()  # it may have died before storing the item
    assert _sources(list(poll(["https://wire.test/feed"], SETTINGS, state, f))) == [
        "https://wire.test/1", "https://wire.test/2"]


def test_poller_pages_yields_everything_but_stores_the_feed_validator_only_once_all_is_acknowledged() -> None:
    site = _site("")

    def feed(request: httpx.Request) -> tuple[int, dict[str, str], bytes]:
        if request.headers.get("if-none-match") == '"v"':
            return 304, {}, b""
        return 200, {"ETag": '"v"'}, _feed("https://wire.test/1", "https://wire.test/2").encode()

    site.routes["https://wire.test/feed"] = feed
    state = MemoryState()
    poller = Poller(SETTINGS, state, fetcher_for(site))
    first = list(poller.pages(["https://wire.test/feed"]))
    poller.ack(first[0].source)  # killed before storing the second
    assert state.get("http", "https://wire.test/feed") is None
    rerun = Poller(SETTINGS, state, fetcher_for(site))
    assert len(list(rerun.pages(["https://wire.test/feed"]))) == 2  # not a 304: nothing is lost
    rerun.ack_all()
    assert state.get("http", "https://wire.test/feed") is not None
