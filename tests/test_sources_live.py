"""The real transport against a real HTTP server on loopback (allowed explicitly in these tests only)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from newsradar.errors import RefusedAddressError
from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources import Fetcher, MemoryState, iter_pages
from newsradar.sources.fetch import Fetched, NotModified
from newsradar.sources.raw import RawPage
from sourcekit import html_page


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        type(self).requests.append((self.path, self.headers.get("User-Agent", "")))
        if self.path == "/robots.txt":
            self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"feed-1"':
                self._send(304, b"", "")
                return
            items = "".join(f"<item><title>{p}</title><link>http://127.0.0.1:{port}{p}</link></item>"
                            for p in ("/story", "/moved", "/private/memo"))
            self._send(200, f"<rss version='2.0'><channel>{items}</channel></rss>".encode(), "application/rss+xml",
                       ETag='"feed-1"')
        elif self.path == "/story":
            self._send(200, html_page("Story", "A paragraph of the story.").encode(), "text/html; charset=utf-8")
        elif self.path in ("/gzipped", "/brotli", "/bomb"):
            import gzip

            brotli = pytest.importorskip("brotli")
            story = html_page("Story", "A paragraph of the story.").encode()
            body, coding = {"/gzipped": (gzip.compress(story), "gzip"), "/brotli": (brotli.compress(story), "br"),
                            "/bomb": (brotli.compress(b"<p>" + b"a" * (1 << 26), quality=5), "br")}[self.path]
            self._send(200, body, "text/html; charset=utf-8", **{"Content-Encoding": coding})
        elif self.path == "/moved":
            self._send(301, b"", "", Location="/story")
        else:
            self._send(404, b"missing", "text/plain")

    def _send(self, status: int, body: bytes, ctype: str, **headers: str) -> None:
        self.send_response(status)
        if ctype:
            self.send_header("Content-Type", ctype)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


def test_a_feed_served_on_loopback_when_private_addresses_are_allowed(server: str) -> None:
    settings = Settings(allow_private=True, rate_per_host=0, contact="ops@example.org")
    state = MemoryState()
    with Fetcher(settings) as fetcher:
        items = list(iter_pages([server + "/feed.xml"], settings, fetcher=fetcher, state=state))
        assert [type(i).__name__ for i in items] == ["RawPage", "RawPage", "Failure"]
        story, moved, private = items
        assert isinstance(story, RawPage) and b"A paragraph of the story." in bytes(story.content)  # type: ignore[arg-type]
        assert isinstance(moved, RawPage) and moved.url == server + "/story" and moved.source == server + "/moved"
        assert isinstance(private, Failure) and "robots.txt disallows" in private.reason
        again = fetcher.get(server + "/feed.xml", max_bytes=100_000)
        assert isinstance(again, Fetched) and again.validators.etag == '"feed-1"'
        assert isinstance(fetcher.get(server + "/feed.xml", max_bytes=100_000, validators=again.validators),
                          NotModified)
    assert list(iter_pages([server + "/feed.xml"], settings, state=state)) == []  # conditional GET: 304
    assert all(ua.startswith("newsradar/") and ua.endswith("(+ops@example.org)") for _, ua in _Handler.requests)
    assert sum(path == "/robots.txt" for path, _ in _Handler.requests) == 2  # once per fetcher


def test_loopback_is_refused_by_default(server: str) -> None:
    (failure,) = iter_pages([server + "/story"], Settings(rate_per_host=0))
    assert isinstance(failure, Failure) and "a loopback address" in failure.reason


def test_a_name_that_re_resolves_to_loopback_is_refused_at_connect_time(server: str) -> None:
    answers = iter([["93.184.215.14"], ["127.0.0.1"]])  # the check sees a public address, the connect does not

    def rebinding(host: str, port: int) -> list[str]:
        return next(answers)

    port = server.rsplit(":", 1)[1]
    with Fetcher(Settings(rate_per_host=0, obey_robots=False, fetch_retries=0), resolver=rebinding) as fetcher, \
            pytest.raises(RefusedAddressError, match=r"rebind.test \(127.0.0.1\): a loopback address"):
        fetcher.get(f"http://rebind.test:{port}/story", max_bytes=100_000)


def test_analyze_reads_page_urls_refusing_loopback_unless_allowed(server: str) -> None:
    import json

    from typer.testing import CliRunner

    from newsradar.cli import app

    runner = CliRunner()
    refused = runner.invoke(app, ["analyze", "--no-nlp", "--format", "jsonl", server + "/story"])
    assert refused.exit_code == 1 and "a loopback address" in json.loads(refused.stdout)["error"]
    allowed = runner.invoke(app, ["analyze", "--no-nlp", "--format", "jsonl", "--allow-private",
                                  server + "/story", server + "/feed.xml"])
    story, feed = (json.loads(line) for line in allowed.stdout.splitlines())
    assert story["title"] == "Story" and story["url"] == server + "/story"
    assert "is a feed, which holds many pages: read it with newsradar ingest" in feed["error"]
    assert allowed.exit_code == 1


def test_the_guarded_transport_reads_pages_and_reports_failed_connections_as_transient(
        server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from newsradar.errors import TransientFetchError
    from newsradar.sources import netguard

    # every other test of the guard refuses before connecting: let loopback through it to see it connect
    monkeypatch.setattr(netguard, "why_refused", lambda address: None)
    port = server.rsplit(":", 1)[1]
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings = Settings(rate_per_host=0, obey_robots=False, fetch_retries=0)
    with Fetcher(settings, resolver=lambda host, port: ["127.0.0.1"]) as fetcher:
        page = fetcher.get(f"http://guarded.test:{port}/story", max_bytes=100_000)
        assert isinstance(page, Fetched) and b"A paragraph of the story." in page.content
        with pytest.raises(TransientFetchError, match=r"(?i)connection refused|failed"):
            fetcher.get(f"http://guarded.test:{closed}/story", max_bytes=100_000)


def test_the_system_resolver_names_each_address_once() -> None:
    from newsradar.sources.netguard import system_resolver, why_refused

    addresses = system_resolver("localhost", 80)  # getaddrinfo gives each address once per socket kind
    assert addresses and len(addresses) == len(set(addresses))
    assert all(why_refused(a) == "a loopback address" for a in addresses)


def test_compressed_pages_are_read_and_a_compression_bomb_stops_at_the_limit(server: str) -> None:
    # 64 MB of brotli in 113 bytes: inflated whole by the HTTP stack, a bigger one held a core for minutes
    from newsradar.errors import FetchError
    from newsradar.sources.api import read_url

    settings = Settings(allow_private=True, rate_per_host=0, obey_robots=False, fetch_retries=0)
    with Fetcher(settings) as fetcher:
        for path in ("/gzipped", "/brotli"):
            got = fetcher.get(server + path, max_bytes=100_000)
            assert isinstance(got, Fetched) and b"A paragraph of the story." in got.content
        with pytest.raises(FetchError, match=r"over the .* limit"):
            fetcher.get(server + "/bomb", max_bytes=1_000_000)
        failure = read_url(server + "/bomb", Settings(allow_private=True, rate_per_host=0, max_bytes=1_000_000),
                           fetcher=fetcher)
        assert isinstance(failure, Failure) and "over the" in failure.reason

