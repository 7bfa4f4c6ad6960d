"""The dashboard in headless Chromium against a live server over records, each page clicked through,
served from the real store (DuckDB + FTS5, bulk-loaded with the records; pushes through the Ingestor)."""

from __future__ import annotations

import json
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

import pytest

from backends import close, make_backend
from newsradar.api import PageRequest
from records import make_records
from webserver import chromium, click_and_wait, open_page, serve, wait_ready
from webserver import shot as take_shot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
Shot = Callable[[Any, str], None]


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    return make_records(40, datetime.now(UTC))


@pytest.fixture(scope="module", params=["store"])
def kind(request: pytest.FixtureRequest) -> str:
    """The real store only: the pages are what an analyst sees over it, and the memory double
    (which tests/test_api.py holds to the same contract) would double the minute these tests take."""
    return str(request.param)


@pytest.fixture(scope="module")
def backend(kind: str, records: list[dict[str, Any]]) -> Iterator[Any]:
    made = make_backend(kind, records)
    yield made
    close(made)


@pytest.fixture
def shot(kind: str) -> Shot:
    """Screenshots go to test-artifacts/<backend>/ (see docs/dashboard.md)."""
    return lambda page, name: take_shot(page, name, kind)


def alert_names(backend: Any) -> list[str]:
    return [a["name"] for a in backend.alerts(PageRequest(limit=500)).items]


@pytest.fixture(scope="module")
def server(backend: Any) -> Iterator[str]:
    from newsradar.api import create_app

    with serve(create_app(backend=backend)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp: the tests wait on JavaScript expressions, which the dashboard's policy forbids the
    # page to evaluate; test_every_page_draws_under_its_content_security_policy keeps the policy on
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()
    assert not errors, f"the page logged errors: {errors}"


def post(url: str, body: dict[str, Any], token: str | None = None) -> tuple[int, dict[str, Any]]:
    headers = {"Content-Type": "application/json"} | ({"Authorization": f"Bearer {token}"} if token else {})
    req = urllib.request.Request(url, data=json.dumps(body).encode(), headers=headers, method="POST")
    with urllib.request.urlopen(req, timeout=10) as res:
        return res.status, json.loads(res.read())


def test_live_feed_lists_newest_first_and_shows_a_pushed_article_within_a_second(
        server: str, page: Any, backend: Any, records: list[dict[str, Any]], shot: Shot) -> None:
    open_page(page, server + "/#/feed")
    items = page.locator("#feed > li")
    assert items.count() == 30
    newest = max(records, key=lambda r: r["fetched_at"])
    assert items.first.locator("a.title").inner_text() == newest["title"]
    assert page.locator("#feed > li").first.locator(".chip").count() == 4
    page.wait_for_function("document.querySelector('#live').textContent.startsWith('live')", timeout=5000)

    text = "Harbour cranes stood idle on Thursday as the night shift joined the walkout.\n\n" \
           "Managers said loading would resume once talks with the crews were settled."
    status, record = post(server + "/api/articles", {"url": "https://pushed.example/cranes", "text": text})
    assert status == 201
    page.wait_for_selector(f'#feed > li[data-id="{record["id"]}"]', timeout=1000)
    assert page.locator("#feed > li").first.get_attribute("data-id") == record["id"]
    shot(page, "feed")

    # Paused: a new article waits, counted; resumed, it shows.
    page.click("#pause")
    assert page.get_attribute("#pause", "aria-pressed") == "true"
    _, held = post(server + "/api/articles", {"url": "https://pushed.example/tugs",
                                              "text": text.replace("cranes", "tugs")})
    page.wait_for_function("document.querySelector('#live').textContent.includes('1 waiting')", timeout=2000)
    assert page.locator(f'#feed > li[data-id="{held["id"]}"]').count() == 0
    page.click("#pause")
    page.wait_for_selector(f'#feed > li[data-id="{held["id"]}"]', timeout=1000)

    # An alert that fires on a pushed article is announced on the feed.
    alert = backend.create_alert("idle cranes", {"q": "idle", "entity": None, "source": None, "language": None})
    idle = "The idle cranes were switched back on at noon.\n\nThe first ship left the harbour an hour later."
    _, third = post(server + "/api/articles", {"url": "https://pushed.example/idle", "text": idle})
    page.wait_for_selector(f"#fired a[href='#/article/{third['id']}']", timeout=1000)
    assert page.locator("#fired li").first.locator("a").first.inner_text() == alert["id"]
    backend.delete_alert(alert["id"])


def test_live_feed_filters_by_source_and_pages_on(server: str, page: Any) -> None:
    open_page(page, server + "/#/feed")
    page.fill("input[name=source]", "Harbour Courier")
    before = page.evaluate("window.newsradarReady")
    page.click("form.filters button[type=submit]")
    page.wait_for_function(f"window.newsradarReady > {before}")
    sites = page.locator("#feed > li .meta").all_inner_texts()
    assert sites and all(s.startswith("Harbour Courier") for s in sites)
    open_page(page, server + "/#/feed")
    page.click(".pager button")
    page.wait_for_function("document.querySelectorAll('#feed > li').length > 30")


def test_live_feed_filtered_to_nothing_says_so_rather_than_that_the_store_is_empty(server: str, page: Any) -> None:
    open_page(page, server + "/#/feed?source=nowhere.example")
    assert page.inner_text("#feed li.empty").startswith("No article matches these filters")


def test_a_page_opened_while_the_server_does_not_answer_draws_itself_once_it_does(server: str, browser: Any) -> None:
    # It showed the browser's "Failed to fetch" for good, and the feed never opened its stream.
    page = browser.new_page(bypass_csp=True)  # not the fixture: refused requests log console errors here
    page.route("**/api/**", lambda route: route.abort("connectionrefused"))
    open_page(page, server + "/#/feed")
    assert "does not answer: is newsradar serve still running?" in page.inner_text("main .error")
    page.wait_for_function("document.querySelector('#status').textContent === 'API unreachable'", timeout=2000)
    before = page.evaluate("window.newsradarReady")
    page.unroute("**/api/**")
    page.wait_for_function(f"window.newsradarReady > {before}", timeout=8000)
    assert page.locator("main .error").count() == 0 and page.locator("#feed > li").count() == 30
    page.wait_for_function("document.querySelector('#live').textContent.startsWith('live')", timeout=5000)
    assert page.inner_text("#status").endswith(" articles")
    page.close()


def test_trends_show_rising_entities_and_events_with_sparklines(server: str, page: Any, shot: Shot) -> None:
    open_page(page, server + "/#/trends")
    rows = page.locator("#trend-entities tbody tr")
    assert rows.count() >= 4
    assert page.locator("#trend-entities svg.spark").count() == rows.count()
    assert page.locator("#trend-events tbody tr").count() >= 1
    assert "Ilse Marwick" in page.locator("#trend-entities").inner_text()
    shot(page, "trends")
    click_and_wait(page, "a[href='#/trends?window=1h']", "trends")
    assert page.locator("a[aria-pressed=true]").inner_text() == "last hour"


def test_entity_page_from_a_feed_chip(server: str, page: Any, shot: Shot) -> None:
    open_page(page, server + "/#/feed")
    click_and_wait(page, "#feed > li .chip >> text=Ilse Marwick", "entity")
    assert page.locator("h1").inner_text().startswith("Ilse Marwick")
    assert page.locator("#volume svg rect").count() >= 1
    assert "articles" in (page.locator("#volume svg").text_content() or "")  # the y axis is labelled
    assert page.locator("#tone svg path").count() >= 1
    said = page.locator("#said").inner_text()
    assert "We cannot move" in said and "containers a day" in said
    assert page.locator("#events-source li").count() >= 1 and page.locator("#events-target li").count() >= 1
    assert "Dario Fenn" in page.locator("#cooccurring").inner_text()
    assert page.locator("#places svg circle").count() >= 1
    shot(page, "entity")
    click_and_wait(page, "#cooccurring .chip >> text=Port Workers Guild", "entity")
    assert page.locator("h1").inner_text().startswith("Port Workers Guild")
    assert "No quotes attributed" in page.locator("#said").inner_text()


def test_story_page_counts_sources_and_folds_duplicates(server: str, page: Any, records: list[dict[str, Any]],
                                                         shot: Shot) -> None:
    dup = next(r for r in records if r.get("duplicate_of"))
    # Every stored article has a story: the records' five, and one of its own for each page the feed test
    # pushed (a page that joins no story starts one), so the count comes from what is stored now.
    with urllib.request.urlopen(server + "/api/articles?limit=500", timeout=10) as res:
        stored = json.loads(res.read())["items"]
    stories = {a["story_id"] for a in stored if a["story_id"]}
    assert {r["story_id"] for r in records} <= stories
    open_page(page, server + "/#/stories")
    shown = page.locator("#stories > li a.title")
    assert shown.count() == len(stories)
    assert {h.removeprefix("#/story/") for h in (shown.nth(i).get_attribute("href") or ""
                                                  for i in range(shown.count()))} == stories
    click_and_wait(page, f"#stories a[href='#/story/{dup['story_id']}']", "story")
    facts = page.locator("#story-facts").inner_text()
    members = [r for r in records if r["story_id"] == dup["story_id"]]
    assert f"Articles\n{len(members)}" in facts and "Duplicates\n1" in facts
    assert f"Independent sources\n{len({r['site_name'] for r in members})}" in facts
    original = page.locator(f"#story-articles > li[data-id='{dup['duplicate_of']}']")
    assert original.locator("details summary").inner_text() == "1 duplicate"
    assert not original.locator(f"li[data-id='{dup['id']}']").is_visible()
    original.locator("summary").click()
    assert original.locator(f"li[data-id='{dup['id']}']").is_visible()
    assert page.locator("#story-articles .badge >> text=first report").count() == 1
    shot(page, "story")


def test_network_draws_actors_and_filters_by_cameo_root(server: str, page: Any, shot: Shot) -> None:
    open_page(page, server + "/#/network?since=30d")
    assert page.locator("#graph svg .node").count() == 4
    roots = set(page.locator("#edges tbody tr td:nth-child(2) .badge").all_inner_texts())
    assert len(roots) > 1
    shot(page, "network")
    page.check("input[name=cameo][value='14']")
    before = page.evaluate("window.newsradarReady")
    page.click("form.filters button[type=submit]")
    page.wait_for_function(f"window.newsradarReady > {before}")
    assert set(page.locator("#edges tbody tr td:nth-child(2) .badge").all_inner_texts()) == {"14"}
    click_and_wait(page, "#graph a.node >> nth=0", "entity")


def test_search_finds_quotes_and_saves_an_alert(server: str, page: Any, backend: Any, shot: Shot) -> None:
    open_page(page, server + "/#/search")
    page.fill("input[name=q]", "half the crews")
    page.select_option("select[name=kind]", "quotes")
    before = page.evaluate("window.newsradarReady")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_function(f"window.newsradarReady > {before}")
    hits = page.locator("#hits > li")
    assert hits.count() == 25
    assert hits.first.locator("mark").count() >= 2
    assert "quote" in hits.first.locator(".badge").all_inner_texts()
    page.fill("#save-alert input[name=name]", "crews watch")
    page.click("#save-alert button")
    page.wait_for_selector("#save-alert a")
    shot(page, "search")
    assert "crews watch" in alert_names(backend)
    text = "Dockers voted to return with half the crews on Monday.\n\nThe port said the first ships would sail at dawn."
    _, pushed = post(server + "/api/articles", {"url": "https://pushed.example/crews-vote", "text": text})
    click_and_wait(page, "#save-alert a", "alerts")
    assert page.locator(f"#matches > li[data-id='{pushed['id']}']").count() == 1
    open_page(page, server + "/#/alerts")
    row = page.locator("#alerts tbody tr", has_text="crews watch")
    assert row.count() == 1
    shot(page, "alerts")
    row.locator("button[data-delete]").click()
    page.wait_for_function("!document.body.innerText.includes('crews watch')")
    assert "crews watch" not in alert_names(backend)


def test_article_marks_entities_quotes_and_claims_and_shows_metadata_provenance(
        server: str, page: Any, records: list[dict[str, Any]], shot: Shot) -> None:
    rec = next(r for r in records if r["published"] and r["published"]["source"] == "json-ld")
    open_page(page, server + "/#/article/" + quote(rec["id"]))
    assert page.locator("h1").inner_text() == rec["title"]
    text = page.locator("#text")
    assert text.inner_text() == rec["text"]  # marks add no characters
    marked = [m.inner_text() for m in text.locator(".m-ent").all()]
    assert sorted(marked) == sorted(rec["text"][s:e] for ent in rec["entities"] for s, e in ent["mentions"])
    assert "".join(text.locator(".m-quote").all_inner_texts()) == rec["quotes"][0]["text"]
    assert text.locator(".m-claim").inner_text() == rec["claims"][0]["text"]
    published = page.locator("#metadata tr", has_text="Published").inner_text()
    assert rec["published"]["value"] in published and "json-ld" in published and "0.90" in published
    page.uncheck("input[data-mark=quote]")
    assert "hide-quote" in (text.get_attribute("class") or "")
    shot(page, "article")
    click_and_wait(page, "#entities a >> nth=0", "entity")


def test_right_to_left_text_reads_right_to_left(server: str, page: Any) -> None:
    # An Arabic article was laid out left to right: its lines began at the left and each sentence's
    # full stop stood at its start
    text = ("استأنف وزراء الري المحادثات حول السد في القاهرة يوم الأحد.\n\n"
            "وقال الوزير إن بلاده تأمل في التوصل إلى اتفاق قبل موسم الفيضان.")
    _, record = post(server + "/api/articles", {"url": "https://rtl.example/nile-talks", "text": text})
    open_page(page, server + "/#/article/" + quote(record["id"]))
    assert page.evaluate("document.querySelector('#text').matches(':dir(rtl)')")
    assert page.evaluate("getComputedStyle(document.querySelector('#text')).unicodeBidi") == "plaintext"
    open_page(page, server + "/#/search?q=" + quote("القاهرة"))
    assert page.evaluate("document.querySelector('#hits p.snippet').matches(':dir(rtl)')")


def test_entity_charts_end_at_its_own_newest_article(browser: Any) -> None:
    # The page sent since=90d, counted back from now: anyone out of the news that long (every entity
    # of an archive) got one empty bucket where the API draws the 90 days up to the entity's newest.
    from newsradar.api import create_app

    records = make_records(8, datetime(2019, 3, 1, 12, tzinfo=UTC))  # all on 1 March 2019
    hers = sum(any(e["name"] == "Ilse Marwick" for e in r["entities"]) for r in records)
    backend = make_backend("store", records)
    with serve(create_app(backend=backend)) as url:
        page = browser.new_page(bypass_csp=True)
        open_page(page, url + "/#/entity/" + quote("PERSON:ilse marwick"))
        bars = page.locator("#volume svg rect title").all_text_contents()
        assert len(bars) == 90 and bars[-1] == f"03-01: {hers}", bars[-3:]
        assert page.locator("#tone svg circle").count() == 1
        page.close()
    close(backend)


def test_every_page_fits_a_phone_and_is_keyboard_reachable(server: str, browser: Any,
                                                           records: list[dict[str, Any]], shot: Shot) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                              bypass_csp=True)
    page = ctx.new_page()
    rec = records[0]
    for route in ["feed", "trends", "entity/" + quote("PERSON:ilse marwick"), "stories", "story/" + rec["story_id"],
                  "network", "entities", "search?q=crews", "alerts", "article/" + rec["id"]]:
        open_page(page, f"{server}/#/{route}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"#{route} is {overflow}px wider than a phone screen"
        shot(page, "phone-" + route.split("/")[0].split("?")[0])
    page.close()
    page = ctx.new_page()
    open_page(page, server + "/#/feed")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#/feed"
    for _ in range(2):
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    wait_ready(page, "stories")
    ctx.close()


def test_write_endpoints_ask_for_the_token(browser: Any) -> None:
    from newsradar.api import create_app

    backend = make_backend("store", make_records(8))
    with serve(create_app(backend=backend, token="s3cret-token")) as url:
        page = browser.new_page(bypass_csp=True)
        open_page(page, url + "/#/search?q=crews")
        page.click("#save-alert button")
        page.wait_for_selector(".token-form")
        page.fill(".token-form input[name=token]", "s3cret-token")
        page.click(".token-form button")
        page.wait_for_selector("#save-alert a")
        assert alert_names(backend) == ["crews"]
        page.close()
    close(backend)


def test_time_to_first_item_is_reported(server: str, page: Any) -> None:
    """The ready mark the benchmark reads is set once the page's data is drawn."""
    start = time.monotonic()
    open_page(page, server + "/#/trends")
    mark = page.evaluate("performance.getEntriesByName('newsradar:ready')[0].startTime")
    assert 0 < mark < (time.monotonic() - start) * 1000 + 50


def test_every_page_draws_under_its_content_security_policy_and_links_no_script(browser: Any) -> None:
    # a record's url is whatever a feed or a pusher said: a javascript: one must not become a link
    from newsradar.api import create_app

    records = make_records(8, datetime.now(UTC))
    records[0]["url"] = "javascript:alert(document.domain)"
    records[1]["text"] += ' The gate sign read "<b>closed</b>".'
    backend = make_backend("store", records)
    with serve(create_app(backend=backend)) as url:
        ctx = browser.new_context()
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        rec = records[0]
        for route in ["feed", "trends", "stories", "story/" + rec["story_id"], "network", "entities", "search?q=crews",
                      "alerts", "article/" + rec["id"]]:
            open_page(page, f"{url}/#/{route}")
        assert page.locator("a[href^='javascript:' i]").count() == 0
        assert "javascript:alert(document.domain)" in page.inner_text("main")  # shown, not linked
        # a search word is marked in the text, not inside the escapes of its markup ("&lt;b&gt;")
        open_page(page, f"{url}/#/search?q=" + quote("closed OR lt"))
        assert page.locator("main mark").all_inner_texts() and set(page.locator("main mark").all_inner_texts()) == {
            "closed"}
        assert '"<b>closed</b>"' in page.inner_text("main")
        # a malformed %-escape in a shared link still opens its page (it threw, leaving the last page up)
        open_page(page, f"{url}/#/search?q=%E0%A4%A")
        assert page.get_attribute("body", "data-ready") == "search"
        ctx.close()
        assert not errors, f"the pages logged errors under their policy: {errors}"
    close(backend)



def test_an_article_without_a_site_shows_no_empty_details(server: str, page: Any) -> None:
    # a page pushed as text with no address has no site name or host: its details read "· just now"
    # and its quotes "· ·" where the site was missing
    text = ("Crews at the ferry terminal voted to end the strike on Tuesday.\n\n"
            "\u201cWe got what we came for,\u201d said Ada Quist, the union's chair.")
    status, record = post(server + "/api/articles", {"text": text})
    assert status == 201 and not record.get("site_name") and not record.get("url")
    open_page(page, server + "/#/article/" + quote(record["id"]))
    meta = page.locator("p.meta").first.inner_text()
    assert not meta.strip().startswith("·"), meta
    open_page(page, server + "/#/feed")
    lines = page.locator("#feed .meta, ul .meta").all_inner_texts()
    assert lines and not any(ln.strip().startswith("·") or "· ·" in ln for ln in lines), lines
