"""From source specs to pages: files, folders, globs, URLs, feeds, sitemaps, archives, JSON Lines, stdin.

The walker sniffs each spec, opens it and yields a :class:`~newsradar.sources.tracking.Ticket` per
page (or Failure), with the state marks handling it settles. In *only new* mode (``poll``) it skips,
before fetching anything, what the state says was already seen: an unchanged file (path, mtime,
size), a feed entry by id or link, a sitemap URL by lastmod, a child sitemap whose lastmod has not
moved, an archive record by id, a JSON Lines record by content, a page whose bytes did not change.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import sys
import time
from collections.abc import Collection, Iterable, Iterator
from typing import IO

from newsradar.errors import ConfigError, FetchError, InputError, NewsradarError, TransientFetchError
from newsradar.extract.decode import decompress
from newsradar.record import Failure
from newsradar.settings import FEED_CONTENT_MODES, Settings
from newsradar.sources.feeds import FeedEntry, entry_page_html, parse_feed
from newsradar.sources.fetch import Fetcher, NotModified, Opened, Validators
from newsradar.sources.files import expand_paths, read_path
from newsradar.sources.jsonl import LineStream, read_json_document, read_jsonl
from newsradar.sources.raw import PageKind, RawPage
from newsradar.sources.sitemaps import parse_sitemap
from newsradar.sources.sniff import SNIFF_BYTES, SpecKind, charset, gunzip_head, sniff
from newsradar.sources.tracking import Group, Mark, Ticket, Tracker
from newsradar.sources.warc import read_warc_file, read_warc_stream

#: sitemap indexes may not nest (sitemaps.org); a little slack, then refuse
MAX_SITEMAP_DEPTH = 3
#: a file changed less than this many seconds ago may still be being written: a watch takes it later
SETTLE_SECONDS = 5.0
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


class Walker:
    def __init__(self, settings: Settings, tracker: Tracker, *, fetcher: Fetcher | None = None,
                 only_new: bool = False, stdin: IO[bytes] | None = None, skip: Collection[str] = (),
                 settle: float = 0.0) -> None:
        if settings.feed_content not in FEED_CONTENT_MODES:
            raise ConfigError(f"setting 'feed_content' must be one of {', '.join(FEED_CONTENT_MODES)}, "
                              f"got {settings.feed_content!r}")
        self.settings = settings
        self.tracker = tracker
        self.only_new = only_new
        self._fetcher = fetcher
        self.owns_fetcher = False
        self._stdin = stdin
        self._skip = skip  # files a folder or glob leaves out: the store's own
        self._settle = settle  # seconds a file must have been left alone before it is read
        self._taken: set[str] = set()

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:  # made on first use: local files need no HTTP client
            self._fetcher = Fetcher(self.settings)
            self.owns_fetcher = True
        return self._fetcher

    def close(self) -> None:
        if self.owns_fetcher and self._fetcher is not None:
            self._fetcher.close()

    def walk(self, specs: Iterable[str]) -> Iterator[Ticket]:
        for spec in specs:
            if spec == "-":
                yield from self._stdin_spec()
            elif _is_url(spec):
                yield from self._url(spec, None, 0)
            elif "://" in spec:
                yield self._ticket(Failure(spec, "only http and https URLs are fetched"), [], None)
            else:
                for path in expand_paths([spec], self._skip):
                    yield from (self._stdin_spec() if path == "-" else self._file(path))

    # -- bookkeeping ---------------------------------------------------------------------------------

    def _is_new(self, key: str, version: str) -> bool:
        """In only-new mode, whether ``key`` at ``version`` was neither seen before nor taken in this run."""
        if not self.only_new:
            return True
        state = self.tracker.state
        if key in self._taken or (state is not None and state.get("seen", key) == version):
            return False
        self._taken.add(key)
        return True

    def _ticket(self, item: RawPage | Failure, marks: list[Mark], group: Group | None,
                transient: bool = False) -> Ticket:
        return self.tracker.ticket(item, marks, group, transient)

    def _failure(self, source: str, exc: NewsradarError, group: Group | None, marks: list[Mark] | None = None
                 ) -> Ticket:
        transient = isinstance(exc, TransientFetchError)
        return self._ticket(Failure(source, exc.reason), [] if transient else (marks or []), group, transient)

    # -- local files ---------------------------------------------------------------------------------

    def _file(self, path: str) -> Iterator[Ticket]:
        # stat first and open only what is new: a watch pass opened every file of its folders
        try:
            st = os.stat(path)
        except OSError:
            yield self._ticket(read_path(path, max_bytes=self.settings.max_bytes), [], None)
            return
        key, version = "file:" + os.path.abspath(path), f"{st.st_mtime_ns}:{st.st_size}"
        # A watch read a page still being written, stored what was there, then the whole page as a
        # second article (or, under the same URL, as a duplicate of the truncated one): a file changed
        # just now is left, unmarked, for a later pass.
        if self._settle and time.time() - st.st_mtime < self._settle:
            return
        if not self._is_new(key, version):
            return
        try:
            with open(path, "rb") as fh:
                head = fh.read(SNIFF_BYTES)
        except OSError:
            yield self._ticket(read_path(path, max_bytes=self.settings.max_bytes), [], None)
            return
        marks: list[Mark] = [("seen", key, version)]
        kind = sniff(gunzip_head(head), path)
        if kind == "page":
            yield self._ticket(read_path(path, max_bytes=self.settings.max_bytes), marks, None)
            return
        group = self.tracker.group(marks, None)
        if kind == "warc":
            yield from self._records(read_warc_file(path, self.settings.max_bytes), "warc:", group)
        elif kind == "jsonl":
            with _open_maybe_gzip(path) as stream:
                yield from self._records(read_jsonl(stream, path, self.settings.max_bytes), "jsonl:", group)
        else:
            try:
                data = _read_document(path, self.settings.max_document_bytes)
            except NewsradarError as exc:
                yield self._failure(path, exc, group)
            else:
                yield from self._document(kind, data, path, None, group, 0)
        self.tracker.close(group)

    def _records(self, items: Iterator[tuple[RawPage | Failure, str | None]], prefix: str, group: Group
                 ) -> Iterator[Ticket]:
        for item, key in items:
            if key is None:
                yield self._ticket(item, [], group)
            elif self._is_new(prefix + key, "1"):
                yield self._ticket(item, [("seen", prefix + key, "1")], group)

    # -- documents: feeds, sitemaps, JSON --------------------------------------------------------------

    def _document(self, kind: SpecKind, data: bytes, source: str, base_url: str | None, group: Group,
                  depth: int) -> Iterator[Ticket]:
        if kind == "feed":
            yield from self._feed(data, source, base_url, group)
        elif kind == "sitemap":
            yield from self._sitemap(data, source, base_url, group, depth)
        elif kind == "json":
            yield from self._records(read_json_document(data, source), "jsonl:", group)
        elif kind == "jsonl":
            yield from self._records(read_jsonl(io.BytesIO(data), source, self.settings.max_bytes), "jsonl:", group)
        else:
            yield self._ticket(Failure(source, f"expected a feed or a sitemap, found a {kind}"), [], group)

    def _feed(self, data: bytes, source: str, base_url: str | None, group: Group) -> Iterator[Ticket]:
        try:
            feed = parse_feed(data, base_url)
        except NewsradarError as exc:
            yield self._failure(source, exc, group)
            return
        if feed.problem:
            yield self._ticket(Failure(source, f"feed is not well-formed ({feed.problem}); the "
                                               f"{len(feed.entries)} entries before the damage were read"), [], group)
        for n, entry in enumerate(feed.entries, 1):
            ident = entry.key or (hashlib.sha1(entry.content.encode(), usedforsecurity=False).hexdigest()
                                  if entry.content else None)
            if ident is None:
                yield self._ticket(Failure(f"{source}#{n}", f"feed entry {n} has neither a link nor content"),
                                   [], group)
                continue
            key = "entry:" + ident
            if self._is_new(key, "1"):
                yield self._entry(entry, key, group)

    def _entry(self, entry: FeedEntry, key: str, group: Group) -> Ticket:
        marks: list[Mark] = [("seen", key, "1")]
        mode = self.settings.feed_content
        embedded = entry.content if mode != "never" else None
        if embedded and (mode == "prefer" or not entry.link):
            return self._ticket(_embedded_page(entry), marks, group)
        if not entry.link:
            why = ("its embedded content is not used (feed_content = never)" if entry.content
                   else "no embedded content either")
            return self._ticket(Failure(key.removeprefix("entry:"), f"feed entry has no link, and {why}"), marks,
                                group)
        try:
            return self._ticket(self._page(entry.link, entry.date), marks, group)
        except FetchError as exc:
            if embedded:  # the feed carries the article: better than nothing when the site will not serve it
                return self._ticket(_embedded_page(entry), marks, group)
            return self._failure(entry.link, exc, group, marks)

    def _sitemap(self, data: bytes, source: str, base_url: str | None, group: Group, depth: int
                 ) -> Iterator[Ticket]:
        try:
            sitemap = parse_sitemap(data, base_url)
        except NewsradarError as exc:
            yield self._failure(source, exc, group)
            return
        if sitemap.problem:
            reason = (f"sitemap is not well-formed ({sitemap.problem}); the {len(sitemap.entries)} entries before "
                      "the damage were read")
            yield self._ticket(Failure(source, reason), [], group)
        if sitemap.kind == "index":
            if depth >= MAX_SITEMAP_DEPTH:
                yield self._ticket(Failure(source, f"sitemap indexes nested more than {MAX_SITEMAP_DEPTH} deep"),
                                   [], group)
                return
            for child in sitemap.entries:
                key, version = "sitemap:" + child.loc, child.lastmod or ""
                if child.lastmod and not self._is_new(key, version):
                    continue  # unchanged since the last poll: none of its URLs can be new
                sub = self.tracker.group([("seen", key, version)] if child.lastmod else [], group)
                yield from self._url(child.loc, sub, depth + 1)
                self.tracker.close(sub)
            return
        for entry in sitemap.entries:
            key, version = "url:" + entry.loc, entry.lastmod or ""
            if not self._is_new(key, version):
                continue
            marks: list[Mark] = [("seen", key, version)]
            try:
                yield self._ticket(self._page(entry.loc, entry.date), marks, group)
            except FetchError as exc:
                yield self._failure(entry.loc, exc, group, marks)

    # -- URLs ------------------------------------------------------------------------------------------

    def _page(self, url: str, feed_date: str | None) -> RawPage:
        """The page at ``url`` (a feed entry, a sitemap URL); FetchError when it cannot be had."""
        fetched = self.fetcher.get(url, max_bytes=self.settings.max_bytes, accept=_is_page_type)
        assert not isinstance(fetched, NotModified)  # no validators were sent
        ctype = fetched.headers.get("content-type", "")
        mime = ctype.split(";", 1)[0].strip().lower()
        return RawPage(content=fetched.content, source=url, url=fetched.url, kind=_page_kind(mime),
                       fetched_at=fetched.fetched_at, encoding=charset(ctype), feed_date=feed_date)

    def _url(self, url: str, group: Group | None, depth: int) -> Iterator[Ticket]:
        state = self.tracker.state
        validators = Validators.from_json(state.get("http", url)) if state is not None else None
        try:
            opened = self.fetcher.open(url, validators=validators)
        except FetchError as exc:
            yield self._failure(url, exc, group)
            return
        if isinstance(opened, NotModified):
            return
        with opened:
            try:
                yield from self._opened(url, opened, group, depth)
            except FetchError as exc:  # the body broke off or grew past its limit
                yield self._failure(url, exc, group)

    def _opened(self, url: str, opened: Opened, group: Group | None, depth: int) -> Iterator[Ticket]:
        s = self.settings
        head = opened.reader.peek(SNIFF_BYTES)[:SNIFF_BYTES]
        kind = sniff(gunzip_head(head), opened.url, opened.content_type)
        marks: list[Mark] = [("http", url, opened.validators.to_json())] if opened.validators else []
        if kind == "page":
            opened.limit(s.max_bytes)
            data = opened.reader.read()
            digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
            if not self._is_new("page:" + url, digest):
                self.tracker.write(marks)
                return
            ctype = opened.content_type
            page = RawPage(content=data, source=url, url=opened.url, fetched_at=opened.fetched_at,
                           kind=_page_kind(ctype.split(";", 1)[0].strip().lower()), encoding=charset(ctype))
            yield self._ticket(page, [*marks, ("seen", "page:" + url, digest)], group)
            return
        sub = self.tracker.group(marks, group)
        if kind == "warc":
            opened.unbounded()  # an archive may take hours to stream; each record is still limited
            yield from self._records(read_warc_stream(opened.reader, url, s.max_bytes), "warc:", sub)
        elif kind == "jsonl":
            opened.unbounded()
            stream: LineStream = gzip.GzipFile(fileobj=opened.reader) if head[:2] == b"\x1f\x8b" else opened.reader
            yield from self._records(read_jsonl(stream, url, s.max_bytes), "jsonl:", sub)
        else:
            opened.limit(s.max_document_bytes)
            try:
                data = _inflate(opened.reader.read(), s.max_document_bytes)
            except NewsradarError as exc:
                yield self._failure(url, exc, sub)
            else:
                yield from self._document(kind, data, url, opened.url, sub, depth)
        self.tracker.close(sub)

    # -- stdin -------------------------------------------------------------------------------------------

    def _stdin_spec(self) -> Iterator[Ticket]:
        raw = self._stdin if self._stdin is not None else sys.stdin.buffer
        head = raw.read(SNIFF_BYTES)
        stream = io.BufferedReader(_Prefixed(head, raw))
        kind = sniff(gunzip_head(head), "-")
        s = self.settings
        if kind == "page":
            yield self._ticket(RawPage(content=stream.read(s.max_bytes + 1), source="-"), [], None)
            return
        group = self.tracker.group([], None)
        if kind == "warc":
            yield from self._records(read_warc_stream(stream, "-", s.max_bytes), "warc:", group)
        elif kind == "jsonl":
            lines: LineStream = gzip.GzipFile(fileobj=stream) if head[:2] == b"\x1f\x8b" else stream
            yield from self._records(read_jsonl(lines, "-", s.max_bytes), "jsonl:", group)
        else:
            try:
                data = _inflate(_read_limited(stream, s.max_document_bytes, "-"), s.max_document_bytes)
            except NewsradarError as exc:
                yield self._failure("-", exc, group)
            else:
                yield from self._document(kind, data, "-", None, group, 0)
        self.tracker.close(group)


class _Prefixed(io.RawIOBase):
    """``head`` (already read to sniff the stream), then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def _embedded_page(entry: FeedEntry) -> RawPage:
    return RawPage(content=entry_page_html(entry), source=entry.link or entry.id or "feed entry",
                   url=entry.link, kind="html", feed_date=entry.date)


def _is_page_type(mime: str) -> bool:
    # Undeclared types are let through: the extract stage sniffs them and refuses binaries.
    return not mime or mime.startswith("text/") or mime in _PAGE_TYPES


def _is_url(spec: str) -> bool:
    return spec[:8].lower().startswith(("http://", "https://"))


def _page_kind(mime: str) -> PageKind | None:
    return "html" if mime in ("text/html", "application/xhtml+xml") else None


def _open_maybe_gzip(path: str) -> gzip.GzipFile | io.BufferedReader:
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def _read_limited(stream: IO[bytes], limit: int, source: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{source} is over the {limit / 1_048_576:.0f} MB document limit (max_document_bytes)")
    return data


def _read_document(path: str, limit: int) -> bytes:
    with open(path, "rb") as fh:
        return _inflate(_read_limited(fh, limit, path), limit)


def _inflate(data: bytes, limit: int) -> bytes:
    """A gzipped document (``sitemap.xml.gz``) inflated, refusing to grow past ``limit``."""
    return decompress(data, limit) if data[:2] == b"\x1f\x8b" else data
