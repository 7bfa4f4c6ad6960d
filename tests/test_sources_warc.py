"""WARC and WET archives generated here, read from disk (FastWARC) and from a stream (warcio)."""

from __future__ import annotations

import gzip
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsradar.record import Failure
from newsradar.sources.raw import RawPage
from newsradar.sources.warc import read_warc_file, read_warc_stream
from sourcekit import html_page, write_warc

PAGE = html_page("Tram line approved", "The council voted 7 to 2 on Tuesday.", "Work starts in May.").encode()


def _records() -> list[dict[str, object]]:
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (PAGE[:100], PAGE[100:])) + b"0\r\n\r\n"
    return [
        {"type": "response", "uri": "https://metro.test/tram", "body": PAGE, "date": "2025-05-02T10:11:12Z"},
        {"type": "request", "uri": "https://metro.test/tram",
         "body": b"GET /tram HTTP/1.1\r\nHost: metro.test\r\n\r\n"},
        {"type": "response", "uri": "https://metro.test/logo.png", "body": b"\x89PNG\r\n",
         "headers": {"Content-Type": "image/png"}},
        {"type": "response", "uri": "https://metro.test/gone", "body": b"gone", "status": "404 Not Found"},
        {"type": "response", "uri": "https://metro.test/robots.txt", "body": b"User-agent: *",
         "headers": {"Content-Type": "text/plain"}},
        {"type": "response", "uri": "https://metro.test/zipped", "body": gzip.compress(PAGE),
         "headers": {"Content-Type": "text/html; charset=iso-8859-1", "Content-Encoding": "gzip"}},
        {"type": "response", "uri": "https://metro.test/chunked", "body": chunked,
         "headers": {"Content-Type": "text/html", "Transfer-Encoding": "chunked"}},
        {"type": "resource", "uri": "file:///saved/page.html", "body": PAGE, "content_type": "text/html"},
        {"type": "metadata", "uri": "https://metro.test/tram", "body": b"via: crawler", "content_type": "text/plain"},
    ]


def _wet() -> list[dict[str, object]]:
    text = b"METRO TIMES\nTram line approved\nThe council voted 7 to 2 on Tuesday.\nLike us on Facebook"
    return [{"type": "conversion", "uri": "https://metro.test/tram", "body": text, "content_type": "text/plain",
             "date": "2025-05-02T10:11:12Z"}]


def _read(path: Path, how: str, max_bytes: int = 1_000_000) -> list[tuple[RawPage | Failure, str | None]]:
    if how == "file":
        return list(read_warc_file(str(path), max_bytes))
    with open(path, "rb") as fh:
        stream = io.BufferedReader(_NoSeek(fh.read()))
        return list(read_warc_stream(stream, "-", max_bytes))


class _NoSeek(io.RawIOBase):
    """A pipe: readable, never seekable."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


READERS = ["file", "stream"]


@pytest.mark.parametrize("how", READERS)
@pytest.mark.parametrize("gz", [True, False])
def test_html_responses_become_pages_with_uri_date_and_record_id(tmp_path: Path, how: str, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    write_warc(path, _records(), gz=gz)
    items = _read(path, how)
    pages = [p for p, _ in items if isinstance(p, RawPage)]
    assert not [p for p, _ in items if isinstance(p, Failure)]
    assert [p.url for p in pages] == ["https://metro.test/tram", "https://metro.test/zipped",
                                      "https://metro.test/chunked", "file:///saved/page.html"]
    tram = pages[0]
    assert tram.kind == "html" and tram.content == PAGE and tram.fetched_at == "2025-05-02T10:11:12"
    assert tram.source.startswith("urn:uuid:") and tram.source == items[0][1]
    assert pages[1].content == PAGE and pages[1].encoding == "iso-8859-1"  # inflated, charset kept
    assert pages[2].content == PAGE  # de-chunked


@pytest.mark.parametrize("how", READERS)
def test_wet_conversion_records_become_scraped_text_pages(tmp_path: Path, how: str) -> None:
    path = tmp_path / "a.warc.wet.gz"
    write_warc(path, _wet())
    ((page, key),) = _read(path, how)
    assert isinstance(page, RawPage) and page.kind == "text" and page.url == "https://metro.test/tram"
    assert page.source == key and b"Like us on Facebook" in bytes(page.content)  # type: ignore[arg-type]


@pytest.mark.parametrize("how", READERS)
@pytest.mark.parametrize("gz", [True, False])
def test_a_truncated_archive_yields_the_records_before_the_cut_and_says_where(tmp_path: Path, how: str,
                                                                             gz: bool) -> None:
    full = tmp_path / "full.warc"
    many = [dict(r, uri=f"https://metro.test/{i}") for i, r in enumerate([_records()[0]] * 6)]
    write_warc(full, many, gz=gz)
    data = full.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = _read(cut, how)
    pages = [p for p, _ in items if isinstance(p, RawPage)]
    assert 1 <= len(pages) < 6
    last = items[-1][0]
    assert isinstance(last, Failure)
    assert "truncated" in last.reason or "damaged" in last.reason


@pytest.mark.parametrize("how", READERS)
def test_garbage_is_not_an_archive(tmp_path: Path, how: str) -> None:
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is a shopping list, not an archive\n" * 3)
    ((failure, _),) = _read(path, how)
    assert isinstance(failure, Failure) and "WARC" in failure.reason


@pytest.mark.parametrize("how", READERS)
def test_a_record_over_the_page_limit_is_refused_alone(tmp_path: Path, how: str) -> None:
    path = tmp_path / "big.warc.gz"
    big = html_page("Big", "x" * 300_000).encode()
    write_warc(path, [{"uri": "https://metro.test/big", "body": big}, _records()[0]])
    items = _read(path, how, max_bytes=100_000)
    assert isinstance(items[0][0], Failure) and "over the" in items[0][0].reason
    assert isinstance(items[1][0], RawPage)


def _streams(data: bytes) -> Iterator[list[tuple[RawPage | Failure, str | None]]]:
    yield list(read_warc_stream(io.BufferedReader(_NoSeek(data)), "-", 100_000))
    with tempfile.NamedTemporaryFile(suffix=".warc") as fh:
        fh.write(data)
        fh.flush()
        yield list(read_warc_file(fh.name, 100_000))


_SAMPLE = io.BytesIO()


def _sample() -> bytes:
    if not _SAMPLE.getvalue():
        with tempfile.TemporaryDirectory() as d:
            path = Path(d) / "s.warc"
            write_warc(path, _records()[:3], gz=False)
            _SAMPLE.write(path.read_bytes())
    return _SAMPLE.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300) | st.builds(lambda a, junk: _sample()[:a] + junk, st.integers(0, 4000),
                                           st.binary(max_size=30)))
def test_any_bytes_give_pages_or_failures_from_both_readers(data: bytes) -> None:
    for items in _streams(data):
        assert all(isinstance(item, RawPage | Failure) for item, _ in items)


def test_large_records_read_the_same_from_a_file_and_from_a_stream(tmp_path: Path) -> None:
    # Records far larger than the 64 KB inflate steps, between small ones: member boundaries land
    # in the middle of a read, where a gzip reader can lose or repeat bytes.
    big = html_page("Long read", *(f"Paragraph {i} of a long story about the harbour." for i in range(6000))).encode()
    records = [r for i in range(4) for r in (
        {"type": "request", "uri": f"https://metro.test/{i}", "body": b"GET / HTTP/1.1\r\n\r\n"},
        {"type": "response", "uri": f"https://metro.test/{i}", "body": big})]
    path = tmp_path / "big.warc.gz"
    write_warc(path, records)
    from_file = [p.content for p, _ in _read(path, "file") if isinstance(p, RawPage)]
    from_stream = [p.content for p, _ in _read(path, "stream") if isinstance(p, RawPage)]
    assert from_file == from_stream == [big] * 4


@pytest.mark.parametrize("encoding", ["deflate-zlib", "deflate-raw", "gzip", "chunked", "chunked-but-not", "none"])
def test_stored_payloads_lose_their_transfer_and_content_encodings(encoding: str) -> None:
    import zlib

    from newsradar.sources.warc import _decoded

    page = html_page("Ferry", "The ferry strike is over. " * 40).encode()
    raw_deflate = zlib.compressobj(wbits=-15)
    bodies = {
        "deflate-zlib": (zlib.compress(page), {"content-encoding": "deflate"}),
        "deflate-raw": (raw_deflate.compress(page) + raw_deflate.flush(), {"content-encoding": "deflate"}),
        "gzip": (gzip.compress(page), {"content-encoding": "gzip"}),
        "chunked": (b"%x;ext=1\r\n%s\r\n%x\r\n%s\r\n0\r\n\r\n" % (10, page[:10], len(page) - 10, page[10:]),
                    {"transfer-encoding": "chunked"}),
        "chunked-but-not": (page, {"transfer-encoding": "chunked"}),  # the crawler stored it decoded
        "none": (page, {}),
    }
    body, headers = bodies[encoding]
    assert _decoded(body, headers, 1_000_000) == page


def test_an_http_head_ends_at_its_blank_line_with_or_without_carriage_returns() -> None:
    from newsradar.sources.warc import _http_head

    for sep in (b"\r\n", b"\n"):
        block = sep.join([b"HTTP/1.1 200 OK", b"Content-Type: text/html", b"", b"<html>body</html>"])
        assert _http_head(block) == (200, {"content-type": "text/html"}, b"<html>body</html>")
    assert _http_head(b"not http\r\n\r\nbody") is None


def test_a_compressed_payload_over_the_limit_is_refused() -> None:
    from newsradar.sources.warc import _decoded

    with pytest.raises(ValueError, match="inflates beyond"):
        _decoded(gzip.compress(b"a" * 5000), {"content-encoding": "gzip"}, 1000)


@pytest.mark.parametrize("how", READERS)
def test_a_corrupt_or_bomb_compressed_record_is_one_failure_and_the_others_are_read(tmp_path: Path, how: str) -> None:
    brotli = pytest.importorskip("brotli")
    path = tmp_path / "mixed.warc"
    write_warc(path, [
        {"type": "response", "uri": "https://metro.test/a", "body": PAGE},
        {"type": "response", "uri": "https://metro.test/bad", "body": b"\x1b\x00garbage-br",
         "headers": {"Content-Type": "text/html", "Content-Encoding": "br"}},
        {"type": "response", "uri": "https://metro.test/bomb",
         "body": brotli.compress(b"<p>" + b"a" * (1 << 26), quality=5),
         "headers": {"Content-Type": "text/html", "Content-Encoding": "br"}},
        {"type": "response", "uri": "https://metro.test/b", "body": brotli.compress(PAGE),
         "headers": {"Content-Type": "text/html", "Content-Encoding": "br"}},
    ])
    items = [item for item, _ in _read(path, how, max_bytes=1_000_000)]
    assert [type(i).__name__ for i in items] == ["RawPage", "Failure", "Failure", "RawPage"]
    assert "corrupt compressed page" in items[1].reason  # type: ignore[union-attr]
    assert "inflates beyond" in items[2].reason  # type: ignore[union-attr]
    assert items[3].content == PAGE  # type: ignore[union-attr]
