"""WARC and WET archives, streamed record by record (a 5 GB archive never sits in memory).

``response`` (and ``resource``) records holding an HTML page with a 2xx status become ``html`` pages
with the record's target URI, and the record's date as ``fetched_at``; WET ``conversion`` records
(Common Crawl's extracted text) become ``text`` pages. Each page's ``source`` is its WARC record id.
Requests, metadata, revisits, redirects, errors and non-HTML responses (images, robots.txt, scripts)
are skipped: they are not articles.

Two readers, chosen by measurement (BENCHMARKS.md, section ``warc``): FastWARC for files on disk,
several times faster than warcio, and warcio for streams (stdin, HTTP), which FastWARC cannot read
because it seeks. Both hand over the raw record block; the HTTP head is parsed here, so that both
paths behave the same and a record cut short (a truncated archive) is noticed by its length.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from newsradar.extract.dates import iso, naive_utc
from newsradar.record import Failure
from newsradar.sources.inflate import inflate
from newsradar.sources.raw import PageKind, RawPage
from newsradar.sources.sniff import charset

#: room for the HTTP head on top of the page limit when deciding whether a record is too big to read
HEAD_ALLOWANCE = 64 * 1024
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml+xhtml")
_FATAL = (KeyboardInterrupt, SystemExit, GeneratorExit, MemoryError)


@dataclass(slots=True)
class _Record:
    type: str
    id: str
    uri: str | None
    date: str | None
    content_type: str
    length: int | None
    read: Callable[[int], bytes]
    offset: int | None = None  # where the record starts in the file (compressed), when known


Item = tuple[RawPage | Failure, str | None]


def read_warc_file(path: str, max_bytes: int) -> Iterator[Item]:
    """Pages of a WARC/WET file on disk (``.gz`` or not); ``(page or Failure, record id)`` pairs."""
    try:
        fh = open(path, "rb")  # noqa: SIM115  (closed in the finally below, after the last record)
    except OSError as exc:
        yield Failure(path, f"cannot read: {exc.strerror or exc}"), None
        return
    try:
        last: list[int] = []
        yield from _pages(_fastwarc_records(fh, last), path, max_bytes)
        if last and _is_gzip(path):
            problem = _gzip_tail_problem(fh, last[-1])
            if problem:
                yield Failure(path, f"archive is truncated after its last complete record: {problem}"), None
    finally:
        fh.close()


def read_warc_stream(stream: IO[bytes], source: str, max_bytes: int) -> Iterator[Item]:
    """Pages of a WARC/WET archive read from a stream that cannot seek (stdin, an HTTP response)."""
    peek = getattr(stream, "peek", None)
    gunzip: _Gunzip | None = None
    if callable(peek) and bytes(peek(2))[:2] == b"\x1f\x8b":
        # Inflated here rather than by warcio, which quietly drops a gzip member cut short.
        gunzip = _Gunzip(stream)
        stream = io.BufferedReader(gunzip, 1 << 16)
    ended_badly = False
    for item, key in _pages(_warcio_records(stream), source, max_bytes):
        ended_badly = isinstance(item, Failure) and key is None
        yield item, key
    if gunzip is not None and gunzip.problem and not ended_badly:
        yield Failure(source, f"archive is truncated after its last complete record: {gunzip.problem}"), None


def _fastwarc_records(fh: IO[bytes], offsets: list[int]) -> Iterator[_Record]:
    from fastwarc.warc import ArchiveIterator

    # Every record type, not just the ones read: the last record's offset is where the check for a
    # truncated tail starts, and FastWARC skips unread blocks without copying them.
    for rec in ArchiveIterator(fh, parse_http=False):
        headers = rec.headers
        length = rec.content_length
        offsets.append(int(rec.stream_pos))
        del offsets[:-1]
        yield _Record(type=str(headers.get("WARC-Type", "")).lower(), id=str(rec.record_id or ""),
                      uri=headers.get("WARC-Target-URI"), date=headers.get("WARC-Date"),
                      content_type=str(headers.get("Content-Type") or ""),
                      length=int(length) if length is not None else None, read=rec.reader.read)


def _is_gzip(path: str) -> bool:
    with open(path, "rb") as fh:
        return fh.read(2) == b"\x1f\x8b"


def _gzip_tail_problem(fh: IO[bytes], offset: int) -> str | None:
    """Whether the gzip members from ``offset`` to the end of the file are all complete.

    FastWARC, like warcio, ends quietly at a member cut short, so the tail is inflated here (output
    discarded, in bounded steps): a member without its end means the archive was truncated.
    """
    fh.seek(offset)
    inflater = zlib.decompressobj(wbits=31)
    fed = False
    while chunk := fh.read(1 << 20):
        while chunk:
            fed = True
            try:
                inflater.decompress(chunk, 1 << 20)
            except zlib.error as exc:
                return f"corrupt compressed data ({exc})"
            if inflater.eof:  # the rest is in unused_data (unconsumed_tail may repeat it: ignore that)
                chunk = inflater.unused_data
                inflater = zlib.decompressobj(wbits=31)
                fed = False
            else:
                chunk = inflater.unconsumed_tail
    return "the last compressed record ends early" if fed and not inflater.eof else None


class _Gunzip(io.RawIOBase):
    """Multi-member gzip inflated from a stream; a member cut short or corrupt ends the stream and
    sets ``problem`` (an exception here would lose the bytes a buffered reader gathered before it)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._inflater = zlib.decompressobj(wbits=31)
        self._input = b""
        self._pending = b""
        self._fed = False  # the current member has begun
        self.problem: str | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while not self._pending:
            if self.problem:
                return 0
            if self._inflater.eof:  # a member ended: what follows starts the next one
                self._input = self._inflater.unused_data
                self._inflater = zlib.decompressobj(wbits=31)
                self._fed = False
            if not self._input:
                self._input = self._raw.read(1 << 16)
                if not self._input:
                    if self._fed:
                        self.problem = "the compressed data ends in the middle of a record"
                    return 0
            self._fed = True
            try:
                self._pending = self._inflater.decompress(self._input, 1 << 16)
            except zlib.error as exc:
                self.problem = f"corrupt compressed data ({exc})"
                return 0
            # At a member's end the unread input is in unused_data; unconsumed_tail may hold a copy.
            self._input = b"" if self._inflater.eof else self._inflater.unconsumed_tail
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def _warcio_records(stream: IO[bytes]) -> Iterator[_Record]:
    from warcio.archiveiterator import ArchiveIterator

    for rec in ArchiveIterator(stream, no_record_parse=True, arc2warc=False):
        if rec.format != "warc":
            raise ValueError(f"not a WARC record (read as {rec.format or 'unknown'})")
        h = rec.rec_headers
        length = h.get_header("Content-Length")
        yield _Record(type=(rec.rec_type or "").lower(), id=h.get_header("WARC-Record-ID") or "",
                      uri=h.get_header("WARC-Target-URI"), date=h.get_header("WARC-Date"),
                      content_type=h.get_header("Content-Type") or "",
                      length=int(length) if length and length.strip().isdigit() else None, read=rec.raw_stream.read)


def _pages(records: Iterator[_Record], source: str, max_bytes: int) -> Iterator[Item]:
    count = 0
    last = "the start"
    while True:
        try:
            rec = next(records)
        except StopIteration:
            break
        except BaseException as exc:  # FastWARC's Rust panics derive from BaseException, not Exception
            if isinstance(exc, _FATAL):
                raise
            yield Failure(source, _damaged(exc, count, last)), None
            return
        count += 1
        rec_id = rec.id.strip("<>") or f"{source}#{count}"
        last = rec_id
        if rec.type not in ("response", "resource", "conversion"):
            continue
        if rec.length is not None and rec.length > max_bytes + HEAD_ALLOWANCE:
            yield Failure(rec_id, f"record is {rec.length / 1_048_576:.1f} MB, over the "
                                  f"{max_bytes / 1_048_576:.0f} MB page limit"), rec_id
            continue
        try:
            # Ask for the declared length: FastWARC allocates whatever size it is asked to read.
            block = rec.read(rec.length if rec.length is not None else max_bytes + HEAD_ALLOWANCE + 1)
        except BaseException as exc:
            if isinstance(exc, _FATAL):
                raise
            yield Failure(source, _damaged(exc, count, last)), None
            return
        if rec.length is not None and len(block) < rec.length:
            yield Failure(rec_id, f"archive is truncated: record {rec_id} has {len(block)} of its "
                                  f"{rec.length} bytes"), None
            return
        page = _page(rec, rec_id, block, max_bytes)
        if page is not None:
            yield page, rec_id
    if count == 0:
        yield Failure(source, "no WARC records: empty, or not a WARC/WET archive"), None


def _damaged(exc: BaseException, count: int, last: str) -> str:
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if count == 0:
        return f"not a readable WARC/WET archive: {detail}"
    return f"archive is damaged after record {count} ({last}): {detail}; the records before it were read"


def _page(rec: _Record, rec_id: str, block: bytes, max_bytes: int) -> RawPage | Failure | None:
    fetched_at = _warc_date(rec.date)
    if rec.type == "conversion":
        if not block.strip():
            return None
        return RawPage(content=block, source=rec_id, url=rec.uri, kind="text", fetched_at=fetched_at)
    ctype = rec.content_type.lower()
    if "application/http" in ctype:
        head = _http_head(block)
        if head is None:
            return Failure(rec_id, "response record has no readable HTTP head")
        status, headers, body = head
        if not 200 <= status < 300:
            return None
        ctype = headers.get("content-type", "").lower()
        try:
            body = _decoded(body, headers, max_bytes)
        except ValueError as exc:
            return Failure(rec_id, str(exc))
    else:
        body = block
    kind = _kind(ctype, body)
    if kind is None:
        return None
    if len(body) > max_bytes:
        return Failure(rec_id, f"page is {len(body) / 1_048_576:.1f} MB, over the {max_bytes / 1_048_576:.0f} MB "
                               "page limit")
    return RawPage(content=body, source=rec_id, url=rec.uri, kind=kind, fetched_at=fetched_at,
                   encoding=charset(ctype))


def _kind(ctype: str, body: bytes) -> PageKind | None:
    mime = ctype.split(";", 1)[0].strip()
    if mime in _HTML_TYPES:
        return "html"
    if not mime:  # undeclared: keep it only when it plainly is a page
        start = body[:512].lstrip().lower()
        return "html" if start.startswith((b"<!doctype html", b"<html")) else None
    return None


def _http_head(block: bytes) -> tuple[int, dict[str, str], bytes] | None:
    # Look for the blank line in the head only: scanning a whole page for "\n\n" is what costs.
    limit = min(len(block), HEAD_ALLOWANCE)
    end, sep = block.find(b"\r\n\r\n", 0, limit), 4
    bare = block.find(b"\n\n", 0, end if end >= 0 else limit)
    if bare >= 0:
        end, sep = bare, 2
    if end < 0:
        return None
    lines = block[:end].decode("latin-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    parts = lines[0].split(None, 2)
    if len(parts) < 2 or not parts[1].isdigit():
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip():
            headers[name.strip().lower()] = value.strip()
    return int(parts[1]), headers, block[end + sep:]


def _decoded(body: bytes, headers: dict[str, str], max_bytes: int) -> bytes:
    """The payload without transfer and content encodings (crawlers store what the server sent),
    inflated a bounded piece at a time: a bomb stops at ``max_bytes``."""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower().strip()
    if encoding in ("gzip", "x-gzip") and body[:2] != b"\x1f\x8b":
        return body  # labelled gzip but stored inflated (crawlers differ)
    if encoding in ("gzip", "x-gzip", "deflate", "br"):
        return inflate(body, encoding, max_bytes)
    return body


def _dechunk(body: bytes) -> bytes:
    out, pos = bytearray(), 0
    while pos < len(body):
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            return body  # not chunked after all (the crawler stored it decoded): keep it whole
        size_text = body[pos:eol].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body
        if size == 0:
            break
        out += body[eol + 2:eol + 2 + size]
        pos = eol + 2 + size + 2
    return bytes(out)


def _warc_date(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        dt = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return iso(naive_utc(dt))
