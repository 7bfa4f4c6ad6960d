"""Polite, guarded HTTP fetching: the only place newsradar talks to the network.

Politeness: one request at a time per host, no more than ``rate_per_host`` a second (slower when
robots.txt asks for a Crawl-delay); robots.txt obeyed and cached per host; retries with exponential
back-off after a 429, a 5xx, a timeout or a dropped connection, honouring ``Retry-After``; conditional
GET with the validators (ETag, Last-Modified) of the last fetch; a User-Agent naming newsradar, its
version and the operator's ``contact``. Safety: timeouts and an overall deadline per response, size
limits counted on the inflated bytes (a gzip bomb stops at the limit), a bounded number of redirects,
and no connection to a non-public address unless ``allow_private`` (see :mod:`netguard`), checked
again at every redirect hop.

The transport is swappable (``httpx.MockTransport`` in tests), as are the clock, the sleep and the
DNS resolver, so the tests never touch the network and never wait.
"""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib import metadata
from types import TracebackType
from typing import TypeVar
from urllib.parse import urljoin

import httpx

from newsradar.errors import FetchError, NewsradarError, TransientFetchError
from newsradar.extract.dates import iso, now_utc
from newsradar.settings import Settings
from newsradar.sources.inflate import ENCODINGS, Inflater, accept_encoding
from newsradar.sources.netguard import GuardedTransport, Resolver, check_host, system_resolver
from newsradar.sources.robots import MAX_ROBOTS_BYTES, PRODUCT_TOKEN, Robots

log = logging.getLogger(__name__)

_REDIRECTS = frozenset((301, 302, 303, 307, 308))
_RETRYABLE = frozenset((408, 425, 429, 500, 502, 503, 504))
#: RFC 9309 lets crawlers cache robots.txt for up to a day
ROBOTS_TTL = 24 * 3600.0
#: an unreachable robots.txt means "disallow everything" (RFC 9309); ask again after this long
ROBOTS_ERROR_TTL = 600.0
T = TypeVar("T")
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,"
          "text/plain;q=0.8,*/*;q=0.5")


def user_agent(contact: str = "") -> str:
    try:
        version = metadata.version("newsradar")
    except metadata.PackageNotFoundError:
        version = "0"
    contact = " ".join(contact.split())  # no control characters or line breaks into a header
    return f"newsradar/{version} (+{contact})" if contact else f"newsradar/{version}"


@dataclass(slots=True, frozen=True)
class Validators:
    """What the server said identifies the version we have, for a conditional GET next time."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)

    def to_json(self) -> str:
        return json.dumps({"etag": self.etag, "last_modified": self.last_modified}, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> Validators | None:
        try:
            data = json.loads(text) if text else None
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        etag, modified = data.get("etag"), data.get("last_modified")
        return cls(etag if isinstance(etag, str) else None, modified if isinstance(modified, str) else None)

    @classmethod
    def of(cls, headers: httpx.Headers) -> Validators:
        return cls(headers.get("etag"), headers.get("last-modified"))


@dataclass(slots=True, frozen=True)
class NotModified:
    """The server confirmed (HTTP 304) that what we fetched last time is still current."""

    url: str


@dataclass(slots=True)
class Fetched:
    url: str  # after redirects
    status: int
    headers: httpx.Headers
    content: bytes
    fetched_at: str
    validators: Validators


class _RetryError(Exception):
    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class _Body(io.RawIOBase):
    """A response body as a file, refusing to go past ``limit`` bytes or the deadline.

    The content encoding is undone here, a bounded piece at a time (:mod:`newsradar.sources.inflate`):
    httpx's decoders inflate each chunk whole, and 64 KB of brotli can be a gigabyte. A failure part-way
    raises TransientFetchError (a stream reader such as the WARC reader sees a newsradar error), which
    :meth:`Fetcher.get` turns into a retry; a body that cannot be inflated is a FetchError.
    """

    def __init__(self, response: httpx.Response, url: str, limit: int | None, deadline: float,
                 clock: Callable[[], float]) -> None:
        # each chunk as it arrives: iter_raw(n) would gather n bytes before yielding, and a server
        # trickling a byte at a time would hold the read far past the deadline checked between chunks
        self._url, self.limit, self.deadline, self._clock = url, limit, deadline, clock
        if response.is_stream_consumed:  # built from bytes (a transport of our own): httpx decoded them
            self._raw: Iterator[bytes] = iter([response.content])
            coding = "identity"
        else:
            self._raw, coding = response.iter_raw(), response.headers.get("content-encoding", "")
        try:
            self._inflater = Inflater(_coding(coding))
        except ValueError as exc:
            raise FetchError(f"{url}: {exc}") from exc
        self._pieces: Iterator[bytes] = iter(())
        self._done = False
        self._pending, self._at = b"", 0
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._at >= len(self._pending):
            self._pending, self._at = self._next_piece(), 0
            self.count += len(self._pending)
            if self.limit is not None and self.count > self.limit:
                raise FetchError(f"{self._url} is over the {_mb(self.limit)} limit")
        # an offset, not a slice of what is left: slicing copied the rest of a big piece on every read
        n = min(len(buffer), len(self._pending) - self._at)
        buffer[:n] = memoryview(self._pending)[self._at:self._at + n]
        self._at += n
        return n

    def _next_piece(self) -> bytes:
        try:
            while True:
                piece = next(self._pieces, None)
                if piece is not None:
                    return piece
                if self._done:
                    return b""
                if self._clock() > self.deadline:
                    raise TransientFetchError(f"{self._url} took longer than fetch_deadline to arrive")
                try:
                    raw = next(self._raw, None)
                except httpx.TimeoutException as exc:
                    raise TransientFetchError(f"timed out reading {self._url}") from exc
                except (httpx.TransportError, httpx.DecodingError) as exc:
                    raise TransientFetchError(f"reading {self._url} failed: {exc}") from exc
                if raw is None:
                    self._done, self._pieces = True, self._inflater.finish()
                else:
                    self._pieces = self._inflater.feed(raw)
        except ValueError as exc:  # the inflater's: corrupt data, which asking again would not mend
            raise FetchError(f"{self._url}: {exc}") from exc


def _coding(header: str) -> str:
    """The one content coding to undo; an unknown one is taken as none, as browsers do."""
    codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
    if len(codings) > 1:
        raise ValueError(f"several content encodings ({header}) are not read")
    return codings[0] if codings and codings[0] in ENCODINGS else "identity"


class Opened:
    """A response whose headers have arrived and whose body is read as a stream (``reader``)."""

    def __init__(self, url: str, response: httpx.Response, body: _Body) -> None:
        self.url = url
        self.status = response.status_code
        self.headers = response.headers
        self.validators = Validators.of(response.headers)
        self.fetched_at = iso(now_utc())
        self.reader = io.BufferedReader(body, 65536)
        self._body = body
        self._response = response

    def limit(self, max_bytes: int | None) -> None:
        """Refuse the body beyond ``max_bytes`` (set once the caller knows what it is reading), at
        once when the response declares a longer one: reading on would only wait for it to arrive."""
        declared = self.headers.get("content-length", "")
        if max_bytes is not None and declared.isdigit() and int(declared) > max_bytes:
            raise FetchError(f"{self.url} is {_mb(int(declared))}, over the {_mb(max_bytes)} limit")
        if max_bytes is not None and self._body.count > max_bytes:  # what sniffing read already
            raise FetchError(f"{self.url} is over the {_mb(max_bytes)} limit")
        self._body.limit = max_bytes

    def unbounded(self) -> None:
        """No size limit and no overall deadline: for archives streamed record by record."""
        self._body.limit = None
        self._body.deadline = float("inf")

    @property
    def content_type(self) -> str:
        return str(self.headers.get("content-type", ""))

    def close(self) -> None:
        self._response.close()

    def __enter__(self) -> Opened:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Fetcher:
    """Fetches URLs politely and safely; one per run (it keeps robots.txt and rate-limit state)."""

    def __init__(self, settings: Settings | None = None, *, transport: httpx.BaseTransport | None = None,
                 resolver: Resolver | None = None, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or Settings()
        self.user_agent = user_agent(self.settings.contact)
        self._resolver = resolver or system_resolver
        self._clock, self._sleep = clock, sleep
        if transport is None:
            transport = httpx.HTTPTransport() if self.settings.allow_private else GuardedTransport(self._resolver)
        timeout = httpx.Timeout(self.settings.fetch_timeout)
        # trust_env=False: a proxy from the environment would sit between us and the address checks.
        self._client = httpx.Client(transport=transport, timeout=timeout, follow_redirects=False, trust_env=False,
                                    headers={"User-Agent": self.user_agent, "Accept": ACCEPT,
                                             "Accept-Encoding": accept_encoding()})
        self._next_turn: dict[str, float] = {}
        self._robots: dict[str, tuple[float, Robots]] = {}

    # -- public -------------------------------------------------------------------------------------

    def get(self, url: str, *, max_bytes: int, validators: Validators | None = None,
            accept: Callable[[str], bool] | None = None) -> Fetched | NotModified:
        """The whole response body (at most ``max_bytes``), after redirects; raise FetchError if not.

        ``accept`` is asked about the response's media type (``text/html``…) before the body is read;
        when it says no, the body is not downloaded.
        """
        def attempt() -> Fetched | NotModified:
            opened = self._open_once(url, validators, max_bytes)
            if isinstance(opened, NotModified):
                return opened
            with opened:
                mime = opened.content_type.split(";", 1)[0].strip().lower()
                if accept is not None and not accept(mime):
                    raise FetchError(f"{opened.url} is {mime or 'of no declared type'}, not a web page")
                try:
                    content = opened.reader.read()
                except TransientFetchError as exc:
                    raise _RetryError(exc.reason) from exc
                return Fetched(opened.url, opened.status, opened.headers, content, opened.fetched_at,
                               opened.validators)
        return self._guarded(url, lambda: self._with_retries(attempt))

    def open(self, url: str, *, validators: Validators | None = None, max_bytes: int | None = None
             ) -> Opened | NotModified:
        """The response with its body still to read (archives are streamed, never held whole).

        Failures before the body starts are retried; the caller closes the result.
        """
        return self._guarded(url, lambda: self._with_retries(lambda: self._open_once(url, validators, max_bytes)))

    def robots(self, url: str) -> Robots:
        """The robots.txt rules of ``url``'s host, fetched once per host and day."""
        parsed = httpx.URL(url)
        origin = f"{parsed.scheme}://{parsed.host}:{parsed.port or _default_port(parsed.scheme)}"
        cached = self._robots.get(origin)
        if cached and cached[0] > self._clock():
            return cached[1]
        robots, ttl = self._fetch_robots(origin)
        self._robots[origin] = (self._clock() + ttl, robots)
        return robots

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- retries, redirects, politeness -------------------------------------------------------------

    def _guarded(self, url: str, fetch: Callable[[], T]) -> T:
        """``fetch()``, with anything but a newsradar error turned into a FetchError: a server or feed
        controls what the HTTP stack is given (headers, URLs, bytes), and what it makes of them must
        fail that page only, never the batch around it. The traceback is logged: it may be a bug."""
        try:
            return fetch()
        except NewsradarError:
            raise
        except Exception as exc:
            log.warning("fetching %s failed unexpectedly", url, exc_info=True)
            raise FetchError(f"fetching {url} failed unexpectedly ({type(exc).__name__}: {exc})") from exc

    def _with_retries(self, attempt: Callable[[], T]) -> T:
        s = self.settings
        for tries in range(s.fetch_retries + 1):
            try:
                return attempt()
            except _RetryError as exc:
                if tries >= s.fetch_retries:
                    raise TransientFetchError(f"{exc.reason} (gave up after {tries + 1} tries)") from exc
                delay = exc.retry_after if exc.retry_after is not None else s.backoff_base * 2 ** tries
                if delay > s.backoff_max:
                    if exc.retry_after is not None:
                        raise TransientFetchError(f"{exc.reason}; the server asks to wait {delay:.0f} s, longer "
                                                  f"than backoff_max ({s.backoff_max:.0f} s)") from exc
                    delay = s.backoff_max
                self._sleep(delay)
        raise AssertionError("unreachable")

    def _open_once(self, url: str, validators: Validators | None, max_bytes: int | None) -> Opened | NotModified:
        current = url
        for _ in range(self.settings.max_redirects + 1):
            target = self._check(current)
            robots = self.robots(current) if self.settings.obey_robots else None
            if robots is not None and not robots.allows(current):
                raise FetchError(_robots_refusal(target, current, robots))
            headers = {}
            if validators and validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators and validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
            response = self._send(target, current, headers, robots.crawl_delay if robots else None)
            status = response.status_code
            if status in _REDIRECTS and response.headers.get("location"):
                response.close()
                current = urljoin(current, response.headers["location"])
                continue
            if status == 304 and validators:
                response.close()
                return NotModified(current)
            if status in _RETRYABLE:
                response.close()
                wait = _retry_after(response.headers.get("retry-after"))
                raise _RetryError(f"HTTP {status} from {target.host}", wait)
            if not 200 <= status < 300:
                response.close()
                raise FetchError(f"HTTP {status} {response.reason_phrase or ''}".rstrip() + f" for {current}")
            declared = response.headers.get("content-length", "")
            if max_bytes is not None and declared.isdigit() and int(declared) > max_bytes:
                response.close()
                raise FetchError(f"{current} is {_mb(int(declared))}, over the {_mb(max_bytes)} limit")
            deadline = self._clock() + self.settings.fetch_deadline
            return Opened(current, response, _Body(response, current, max_bytes, deadline, self._clock))
        raise FetchError(f"more than {self.settings.max_redirects} redirects from {url}")

    def _check(self, url: str) -> httpx.URL:
        try:
            target = httpx.URL(url)
            host = target.host  # decoding an IDN host can fail ("xn--")
        except (httpx.InvalidURL, TypeError, UnicodeError) as exc:
            raise FetchError(f"not a valid URL: {url!r} ({exc})") from exc
        if target.scheme not in ("http", "https"):
            raise FetchError(f"refused to fetch {url!r}: only http and https URLs are fetched")
        if not host:
            raise FetchError(f"not a valid URL: {url!r} has no host")
        if not self.settings.allow_private:
            check_host(host, target.port or _default_port(target.scheme), self._resolver)
        return target

    def _send(self, target: httpx.URL, url: str, headers: dict[str, str], crawl_delay: float | None
              ) -> httpx.Response:
        self._wait_turn(target.host, crawl_delay)
        try:
            request = self._client.build_request("GET", target, headers=headers)
            return self._client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise _RetryError(f"timed out fetching {url}") from exc
        except (httpx.InvalidURL, UnicodeError, httpx.RemoteProtocolError) as exc:
            # httpx builds the next request of a redirect even when it does not follow it, and a
            # Location it cannot read ("javascript:…", "http://[::1", a malformed IDN host) fails there:
            # asking again would get the same answer
            if isinstance(exc, httpx.RemoteProtocolError) and "location" not in str(exc).lower():
                raise _RetryError(f"connection to {target.host} failed: {exc}") from exc
            raise FetchError(f"{url} answered with a redirect newsradar cannot follow ({exc})") from exc
        except httpx.TransportError as exc:
            raise _RetryError(f"connection to {target.host} failed: {exc}") from exc

    def _wait_turn(self, host: str, crawl_delay: float | None) -> None:
        s = self.settings
        interval = 1.0 / s.rate_per_host if s.rate_per_host > 0 else 0.0
        if crawl_delay:
            interval = max(interval, min(crawl_delay, s.backoff_max))
        now = self._clock()
        ready = self._next_turn.get(host, now)
        if ready > now:
            self._sleep(ready - now)
            now = ready
        self._next_turn[host] = now + interval

    def _fetch_robots(self, origin: str) -> tuple[Robots, float]:
        current = origin + "/robots.txt"
        try:
            for _ in range(5):  # RFC 9309: follow at least five redirects
                target = self._check(current)
                response = self._send(target, current, {}, None)
                try:
                    status = response.status_code
                    if status in _REDIRECTS and response.headers.get("location"):
                        current = urljoin(current, response.headers["location"])
                        continue
                    if 200 <= status < 300:
                        body = _Body(response, current, None, self._clock() + self.settings.fetch_deadline,
                                     self._clock)
                        raw = io.BufferedReader(body).read(MAX_ROBOTS_BYTES)
                        return Robots.parse(raw.decode("utf-8", "replace")), ROBOTS_TTL
                    if 400 <= status < 500 and status != 429:
                        return Robots(allow_all=True), ROBOTS_TTL
                    return Robots(disallow_all=True, why=f"HTTP {status}"), ROBOTS_ERROR_TTL
                finally:
                    response.close()
            return Robots(disallow_all=True, why="too many redirects"), ROBOTS_ERROR_TTL
        except _RetryError as exc:
            return Robots(disallow_all=True, why=exc.reason), ROBOTS_ERROR_TTL
        except FetchError as exc:
            return Robots(disallow_all=True, why=exc.reason), ROBOTS_ERROR_TTL


def _robots_refusal(target: httpx.URL, url: str, robots: Robots) -> str:
    if robots.disallow_all:
        return (f"{target.host}'s robots.txt could not be read ({robots.why}), which means no crawling until "
                "it can (RFC 9309)")
    return f"{target.host}'s robots.txt disallows {url} for {PRODUCT_TOKEN}"


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 104_858 else f"{size} bytes"
