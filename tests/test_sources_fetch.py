"""The fetcher: rate limits, retries and back-off, robots.txt, conditional GET, limits, redirects, SSRF."""

from __future__ import annotations

import gzip
import itertools
from collections.abc import Iterator

import httpx
import pytest

from newsradar.errors import FetchError, RefusedAddressError, TransientFetchError
from newsradar.settings import Settings
from newsradar.sources.fetch import Fetched, NotModified, Validators, user_agent
from sourcekit import FakeClock, Site, fetcher_for


def _get(fetcher: object, url: str, **kw: object) -> Fetched:
    from newsradar.sources.fetch import Fetcher

    assert isinstance(fetcher, Fetcher)
    result = fetcher.get(url, max_bytes=int(kw.pop("max_bytes", 1_000_000)), **kw)  # type: ignore[arg-type]
    assert isinstance(result, Fetched)
    return result


# -- rate limits ------------------------------------------------------------------------------------------

def test_requests_to_one_host_are_spaced_by_the_rate_limit_and_other_hosts_do_not_wait() -> None:
    site = Site()
    for url in ("https://a.test/1", "https://a.test/2", "https://a.test/3", "https://b.test/1"):
        site.add(url, "ok")
    clock = FakeClock()
    f = fetcher_for(site, Settings(rate_per_host=0.5), clock)  # one request every 2 s per host
    for url in ("https://a.test/1", "https://a.test/2", "https://b.test/1", "https://a.test/3"):
        _get(f, url)
    pages = [(t, u) for t, u in site.times if not u.endswith("robots.txt")]
    a_times = [t for t, u in pages if "a.test" in u]
    assert [round(b - a, 3) for a, b in itertools.pairwise(a_times)] == [2.0, 2.0]
    b_robots, b_page = (t for t, u in site.times if "b.test" in u)
    assert b_robots == a_times[1]  # b.test did not wait behind a.test…
    assert b_page - b_robots == 2.0  # …but its robots.txt counts against its own rate


def test_robots_crawl_delay_slows_the_host_down() -> None:
    site = Site()
    site.add("https://slow.test/robots.txt", "User-agent: *\nCrawl-delay: 5\n")
    site.add("https://slow.test/1", "one")
    site.add("https://slow.test/2", "two")
    f = fetcher_for(site, Settings(rate_per_host=10))
    _get(f, "https://slow.test/1")
    _get(f, "https://slow.test/2")
    times = [t for t, u in site.times if not u.endswith("robots.txt")]
    assert times[1] - times[0] == pytest.approx(5.0)


# -- retries and back-off ---------------------------------------------------------------------------------

def _flaky(replies: list[tuple[int, dict[str, str]]]) -> Site:
    site = Site()
    it = iter(replies)

    def handler(request: httpx.Request) -> tuple[int, dict[str, str], bytes]:
        status, headers = next(it, (200, {}))
        return status, headers, b"finally"

    site.routes["https://flaky.test/x"] = handler
    return site


def test_5xx_are_retried_with_exponential_back_off() -> None:
    clock = FakeClock()
    site = _flaky([(503, {}), (502, {}), (500, {})])
    f = fetcher_for(site, Settings(backoff_base=1.5, obey_robots=False, rate_per_host=0), clock)
    assert _get(f, "https://flaky.test/x").content == b"finally"
    assert clock.sleeps == [1.5, 3.0, 6.0]


def test_retry_after_is_honoured_in_seconds_and_refused_when_too_long() -> None:
    clock = FakeClock()
    site = _flaky([(429, {"Retry-After": "7"})])
    f = fetcher_for(site, Settings(obey_robots=False, rate_per_host=0), clock)
    assert _get(f, "https://flaky.test/x").content == b"finally"
    assert clock.sleeps == [7.0]

    site = _flaky([(503, {"Retry-After": "3600"})])
    f = fetcher_for(site, Settings(obey_robots=False, rate_per_host=0, backoff_max=60), FakeClock())
    with pytest.raises(TransientFetchError, match="asks to wait 3600 s"):
        f.get("https://flaky.test/x", max_bytes=100)
    assert len(site.log) == 1


def test_gives_up_after_the_configured_retries_and_says_so() -> None:
    clock = FakeClock()
    site = _flaky([(503, {})] * 10)
    f = fetcher_for(site, Settings(fetch_retries=2, backoff_base=1, obey_robots=False, rate_per_host=0), clock)
    with pytest.raises(TransientFetchError, match=r"HTTP 503 from flaky.test \(gave up after 3 tries\)"):
        f.get("https://flaky.test/x", max_bytes=100)
    assert clock.sleeps == [1, 2]


def test_connection_errors_and_timeouts_are_retried_but_a_404_is_not() -> None:
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(str(request.url))
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused")
        if len(calls) == 2:
            raise httpx.ReadTimeout("slow")
        return httpx.Response(200, content=b"ok")

    clock = FakeClock()
    from newsradar.sources.fetch import Fetcher

    f = Fetcher(Settings(obey_robots=False, rate_per_host=0), transport=httpx.MockTransport(handler),
                resolver=lambda h, p: ["93.184.215.14"], clock=clock.clock, sleep=clock.sleep)
    assert _get(f, "https://x.test/").content == b"ok"
    assert len(clock.sleeps) == 2

    site = Site()
    f = fetcher_for(site, Settings(obey_robots=False))
    with pytest.raises(FetchError, match="HTTP 404") as info:
        f.get("https://x.test/missing", max_bytes=100)
    assert not isinstance(info.value, TransientFetchError)
    assert len(site.log) == 1


# -- robots.txt -------------------------------------------------------------------------------------------

def test_robots_txt_is_obeyed_and_fetched_once_per_host() -> None:
    site = Site()
    site.add("https://r.test/robots.txt", "User-agent: *\nDisallow: /private\n\nUser-agent: newsradar\n"
                                          "Disallow: /no-radar\n")
    site.add("https://r.test/public", "ok")
    site.add("https://r.test/private/x", "secret")
    site.add("https://r.test/no-radar", "nope")
    f = fetcher_for(site)
    assert _get(f, "https://r.test/public").content == b"ok"
    assert _get(f, "https://r.test/private/x").content == b"secret"  # only the newsradar group applies
    with pytest.raises(FetchError, match=r"robots\.txt disallows https://r\.test/no-radar for newsradar"):
        f.get("https://r.test/no-radar", max_bytes=100)
    assert [str(r.url) for r in site.log].count("https://r.test/robots.txt") == 1


def test_unreachable_robots_txt_means_no_crawling_and_a_missing_one_means_everything() -> None:
    site = Site()
    site.add("https://down.test/robots.txt", "oops", status=503)
    site.add("https://down.test/page", "ok")
    site.add("https://open.test/page", "ok")  # its robots.txt is a 404
    f = fetcher_for(site, Settings(fetch_retries=0))
    with pytest.raises(FetchError, match=r"robots.txt could not be read \(HTTP 503\)"):
        f.get("https://down.test/page", max_bytes=100)
    assert _get(f, "https://open.test/page").content == b"ok"
    assert "https://down.test/page" not in site.fetched()


def test_robots_cache_expires_and_obey_robots_off_skips_it() -> None:
    site = Site()
    site.add("https://c.test/robots.txt", "User-agent: *\nDisallow:\n")
    site.add("https://c.test/p", "ok")
    clock = FakeClock()
    f = fetcher_for(site, Settings(), clock)
    _get(f, "https://c.test/p")
    clock.now += 25 * 3600
    _get(f, "https://c.test/p")
    assert [str(r.url) for r in site.log].count("https://c.test/robots.txt") == 2

    site = Site()
    site.add("https://c.test/p", "ok")
    _get(fetcher_for(site, Settings(obey_robots=False)), "https://c.test/p")
    assert [str(r.url) for r in site.log] == ["https://c.test/p"]


# -- conditional GET, identity ----------------------------------------------------------------------------

def test_conditional_get_sends_the_validators_and_understands_304() -> None:
    def handler(request: httpx.Request) -> tuple[int, dict[str, str], bytes]:
        if request.headers.get("if-none-match") == '"v1"':
            return 304, {}, b""
        return 200, {"ETag": '"v1"', "Last-Modified": "Tue, 10 Jun 2025 04:00:00 GMT"}, b"feed"

    site = Site(routes={"https://cg.test/feed": handler})
    f = fetcher_for(site, Settings(obey_robots=False))
    first = _get(f, "https://cg.test/feed")
    assert first.validators == Validators('"v1"', "Tue, 10 Jun 2025 04:00:00 GMT")
    assert Validators.from_json(first.validators.to_json()) == first.validators
    second = f.get("https://cg.test/feed", max_bytes=100, validators=first.validators)
    assert isinstance(second, NotModified)
    sent = site.log[-1].headers
    assert sent["if-none-match"] == '"v1"' and sent["if-modified-since"] == "Tue, 10 Jun 2025 04:00:00 GMT"


def test_user_agent_names_newsradar_its_version_and_the_contact() -> None:
    site = Site()
    site.add("https://ua.test/", "ok")
    f = fetcher_for(site, Settings(contact="ops@example.org", obey_robots=False))
    _get(f, "https://ua.test/")
    ua = site.log[0].headers["user-agent"]
    assert ua.startswith("newsradar/") and ua.endswith("(+ops@example.org)")
    assert user_agent("") == ua.split(" ")[0]
    assert user_agent("ops@example.org\r\nX-Injected: 1").endswith("(+ops@example.org X-Injected: 1)")


# -- size limits, deadline ----------------------------------------------------------------------------------

def test_size_limits_refuse_declared_streamed_and_inflated_bodies() -> None:
    site = Site()
    site.add("https://big.test/declared", b"x" * 5000)
    bomb = gzip.compress(b"a" * 2_000_000)
    site.add("https://big.test/bomb", bomb, content_encoding="gzip")
    f = fetcher_for(site, Settings(obey_robots=False))
    with pytest.raises(FetchError, match="over the 1000 bytes limit"):
        f.get("https://big.test/declared", max_bytes=1000)
    with pytest.raises(FetchError, match=r"over the 1\.0 MB limit"):
        f.get("https://big.test/bomb", max_bytes=1_048_576)
    assert len(bomb) < 1_048_576  # the compressed size passed; the inflated bytes were counted


def test_a_response_trickling_past_the_deadline_is_cut_off() -> None:
    clock = FakeClock()

    def slow() -> Iterator[bytes]:
        for _ in range(10):
            clock.now += 50
            yield b"y" * 65536

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=slow())

    from newsradar.sources.fetch import Fetcher

    f = Fetcher(Settings(obey_robots=False, fetch_deadline=120, fetch_retries=0, rate_per_host=0),
                transport=httpx.MockTransport(handler), resolver=lambda h, p: ["93.184.215.14"],
                clock=clock.clock, sleep=clock.sleep)
    with pytest.raises(TransientFetchError, match="took longer than fetch_deadline"):
        f.get("https://slow.test/", max_bytes=10_000_000)


def test_a_declared_length_over_the_limit_is_refused_once_the_caller_sets_it() -> None:
    from newsradar.sources.fetch import Fetcher, Opened

    def lying(request: httpx.Request) -> httpx.Response:  # says 100 GB, sends a few bytes, then stalls
        return httpx.Response(200, headers={"Content-Type": "text/html", "Content-Length": "99999999999"},
                              stream=httpx.ByteStream(b"<html><p>Harbour story</p>"))

    f = Fetcher(Settings(obey_robots=False), transport=httpx.MockTransport(lying),
                resolver=lambda h, p: ["93.184.215.14"])
    opened = f.open("https://big.test/story")  # a URL given directly: what it is is not known yet
    assert isinstance(opened, Opened)
    with opened, pytest.raises(FetchError, match=r"https://big.test/story is .* over the .* limit"):
        opened.limit(1_000_000)


def test_the_deadline_is_checked_as_each_small_chunk_arrives() -> None:
    clock = FakeClock()
    sent = []

    def trickle() -> Iterator[bytes]:  # ten bytes every five seconds
        for _ in range(100):
            clock.now += 5
            sent.append(10)
            yield b"y" * 10

    from newsradar.sources.fetch import Fetcher

    f = Fetcher(Settings(obey_robots=False, fetch_deadline=120, fetch_retries=0, rate_per_host=0),
                transport=httpx.MockTransport(lambda request: httpx.Response(200, content=trickle())),
                resolver=lambda h, p: ["93.184.215.14"], clock=clock.clock, sleep=clock.sleep)
    with pytest.raises(TransientFetchError, match="took longer than fetch_deadline"):
        f.get("https://slow.test/", max_bytes=10_000_000)
    assert len(sent) < 30  # cut off soon after the deadline, not once the whole body had trickled in


# -- redirects and SSRF -----------------------------------------------------------------------------------

def test_redirects_are_followed_up_to_the_limit() -> None:
    site = Site()
    site.add("https://r.test/a", "", status=301, location="/b")
    site.add("https://r.test/b", "", status=302, location="https://s.test/c")
    site.add("https://s.test/c", "landed")
    f = fetcher_for(site, Settings(obey_robots=False))
    got = _get(f, "https://r.test/a")
    assert (got.url, got.content) == ("https://s.test/c", b"landed")
    with pytest.raises(FetchError, match="more than 1 redirects"):
        fetcher_for(site, Settings(obey_robots=False, max_redirects=1)).get("https://r.test/a", max_bytes=100)


def test_a_redirect_to_loopback_or_to_another_scheme_is_refused() -> None:
    site = Site()
    site.add("https://r.test/evil", "", status=302, location="http://127.0.0.1:8080/admin")
    site.add("https://r.test/file", "", status=302, location="file:///etc/passwd")
    f = fetcher_for(site, Settings(obey_robots=False))
    with pytest.raises(RefusedAddressError, match=r"127.0.0.1: a loopback address; allow it with --allow-private"):
        f.get("https://r.test/evil", max_bytes=100)
    with pytest.raises(FetchError, match="only http and https"):
        f.get("https://r.test/file", max_bytes=100)
    assert not any("127.0.0.1" in u for u in site.fetched())


@pytest.mark.parametrize("location", ["javascript:alert(1)", "mailto:desk@n.test", "data:text/html,hi",
                                      "http://[::1", "http://xn--/story"])
def test_a_redirect_to_what_cannot_be_fetched_fails_that_page_at_once(location: str) -> None:
    site = Site()
    site.add("https://r.test/odd", "", status=302, location=location)
    f = fetcher_for(site, Settings(obey_robots=False))
    with pytest.raises(FetchError) as caught:
        f.get("https://r.test/odd", max_bytes=100)
    assert not isinstance(caught.value, TransientFetchError)  # asking again gets the same answer
    assert site.fetched() == ["https://r.test/odd"]


def test_whatever_else_the_http_stack_raises_fails_the_page_not_the_batch() -> None:
    from newsradar.sources.fetch import Fetcher

    def broken(request: httpx.Request) -> httpx.Response:
        raise ValueError("a header the stack chokes on")

    f = Fetcher(Settings(obey_robots=False), transport=httpx.MockTransport(broken),
                resolver=lambda h, p: ["93.184.215.14"])
    with pytest.raises(FetchError, match=r"failed unexpectedly \(ValueError: a header the stack chokes on\)"):
        f.get("https://odd.test/", max_bytes=100)
    with pytest.raises(FetchError, match="failed unexpectedly"):
        f.open("https://odd.test/feed.xml")


@pytest.mark.parametrize("url", ["http://xn--/", "http://a..b/"])
def test_a_host_name_that_is_not_one_is_refused_with_a_reason(url: str) -> None:
    from newsradar.sources.fetch import Fetcher

    with Fetcher(Settings(obey_robots=False)) as f, pytest.raises(FetchError, match="not a valid"):
        f.get(url, max_bytes=100)


@pytest.mark.parametrize("url", ["http://10.0.0.7/", "http://169.254.169.254/latest/meta-data/",
                                 "http://[::1]:8000/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/",
                                 "http://192.168.1.1/", "http://100.64.1.1/"])
def test_non_public_addresses_are_refused_before_any_request(url: str) -> None:
    site = Site()
    f = fetcher_for(site)
    with pytest.raises(RefusedAddressError):
        f.get(url, max_bytes=100)
    assert site.log == []


def test_a_name_resolving_to_a_private_address_is_refused_unless_allowed() -> None:
    site = Site()
    site.add("https://intranet.test/", "inside")
    f = fetcher_for(site, resolver=lambda host, port: ["93.184.215.14", "10.20.30.40"])
    with pytest.raises(RefusedAddressError, match=r"intranet.test \(10.20.30.40\): a private address"):
        f.get("https://intranet.test/", max_bytes=100)
    allowed = fetcher_for(site, Settings(allow_private=True, obey_robots=False),
                          resolver=lambda host, port: ["10.20.30.40"])
    assert _get(allowed, "https://intranet.test/").content == b"inside"
