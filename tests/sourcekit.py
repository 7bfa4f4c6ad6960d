"""Helpers for the sources tests: a fake clock, a fake web site behind httpx.MockTransport, WARC writers."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from newsradar.settings import Settings
from newsradar.sources.fetch import Fetcher

PUBLIC_IP = "93.184.215.14"


@dataclass
class FakeClock:
    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


Reply = tuple[int, dict[str, str], bytes]
Handler = Callable[[httpx.Request], Reply]


@dataclass
class Site:
    """URLs mapped to replies (a tuple, or a function of the request); everything else is a 404."""

    routes: dict[str, Reply | Handler] = field(default_factory=dict)
    log: list[httpx.Request] = field(default_factory=list)
    clock: FakeClock | None = None
    times: list[tuple[float, str]] = field(default_factory=list)

    def add(self, url: str, body: bytes | str, status: int = 200, **headers: str) -> None:
        data = body.encode() if isinstance(body, str) else body
        self.routes[url] = (status, {k.replace("_", "-"): v for k, v in headers.items()}, data)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.log.append(request)
        if self.clock is not None:
            self.times.append((self.clock.now, str(request.url)))
        route = self.routes.get(str(request.url))
        if route is None:
            return httpx.Response(404, content=b"not found")
        status, headers, body = route(request) if callable(route) else route
        return httpx.Response(status, headers=headers, content=body)

    def fetched(self, path_part: str = "") -> list[str]:
        return [str(r.url) for r in self.log if path_part in str(r.url) and not str(r.url).endswith("/robots.txt")]


def public_resolver(host: str, port: int) -> list[str]:
    return [PUBLIC_IP]


def fetcher_for(site: Site, settings: Settings | None = None, clock: FakeClock | None = None,
                resolver: Callable[[str, int], list[str]] = public_resolver) -> Fetcher:
    clock = clock or site.clock or FakeClock()
    site.clock = clock
    return Fetcher(settings or Settings(), transport=httpx.MockTransport(site), resolver=resolver,
                   clock=clock.clock, sleep=clock.sleep)


def html_page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")


def write_warc(path: Path, records: list[dict[str, object]], *, gz: bool = True) -> None:
    """A WARC file of ``records``: dicts with ``type`` (response|resource|request|conversion|metadata),
    ``uri``, ``body`` (bytes), and for responses ``status`` and ``headers`` (HTTP headers)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for rec in records:
            kind = str(rec.get("type", "response"))
            body = rec["body"]
            assert isinstance(body, bytes)
            http = None
            if kind == "response":
                headers = rec.get("headers", {"Content-Type": "text/html; charset=utf-8"})
                assert isinstance(headers, dict)
                http = StatusAndHeaders(str(rec.get("status", "200 OK")), list(headers.items()), protocol="HTTP/1.1")
            warc_headers = {"WARC-Date": str(rec.get("date", "2025-03-04T05:06:07Z"))}
            ctype = rec.get("content_type")
            record = writer.create_warc_record(str(rec["uri"]), kind, payload=io.BytesIO(body), http_headers=http,
                                               warc_content_type=str(ctype) if ctype else None,
                                               warc_headers_dict=warc_headers)
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload to a temporary file
