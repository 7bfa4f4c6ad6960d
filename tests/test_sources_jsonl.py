"""JSON Lines (and JSON documents) of articles: good lines, broken lines, odd lines."""

from __future__ import annotations

import contextlib
import gzip
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.errors import InputError
from newsradar.extract import extract
from newsradar.record import Failure
from newsradar.sources.jsonl import read_json_document, read_jsonl
from newsradar.sources.raw import RawPage

ARTICLE = {"title": "Council backs tram line", "text": "The council voted 7 to 2.\n\nWork starts in May.",
           "url": "https://metro.test/tram", "date": "2025-05-02T10:00:00", "authors": ["Ina Vale"]}


def _lines(*rows: object) -> io.BytesIO:
    out = b""
    for row in rows:
        out += (row if isinstance(row, bytes) else json.dumps(row).encode()) + b"\n"
    return io.BytesIO(out)


def test_good_lines_become_article_pages_and_bad_lines_failures_naming_the_line() -> None:
    stream = _lines(ARTICLE, b'{"title": "cut off', b"", [1, 2], {"title": "no body"},
                    {"url": "https://metro.test/raw", "html": "<html><body><p>Raw page</p></body></html>"}, ARTICLE)
    items = [item for item, _ in read_jsonl(stream, "feed.jsonl", 1_000_000)]
    assert [type(i).__name__ for i in items] == ["RawPage", "Failure", "Failure", "Failure", "RawPage", "RawPage"]
    first, broken, listed, empty, raw, _ = items
    assert isinstance(first, RawPage) and first.kind == "article" and first.url == ARTICLE["url"]
    assert first.source == "feed.jsonl:1"
    assert isinstance(broken, Failure) and broken.source == "feed.jsonl:2" and "not valid JSON" in broken.reason
    assert isinstance(listed, Failure) and listed.source == "feed.jsonl:4" and "JSON list" in listed.reason
    assert isinstance(empty, Failure) and "no 'text'" in empty.reason
    assert isinstance(raw, RawPage) and raw.kind == "html"
    article = extract(first)
    assert (article.title, article.paragraphs[1], article.authors) == ("Council backs tram line",
                                                                      "Work starts in May.", ["Ina Vale"])


def test_the_same_line_has_the_same_key_and_an_overlong_line_is_skipped_whole() -> None:
    keys = [k for _, k in read_jsonl(_lines(ARTICLE, ARTICLE), "x", 1_000_000)]
    assert keys[0] == keys[1]
    long_row = dict(ARTICLE, text="word " * 400)
    items = [i for i, _ in read_jsonl(_lines(long_row, ARTICLE), "x", 1000)]
    assert isinstance(items[0], Failure) and "longer than" in items[0].reason
    assert isinstance(items[1], RawPage) and items[1].source == "x:2"


def test_a_damaged_gzip_stream_ends_with_a_failure_after_the_lines_it_read() -> None:
    packed = gzip.compress(b"".join(json.dumps(dict(ARTICLE, title=f"T{i}")).encode() + b"\n" for i in range(200)))
    stream = gzip.GzipFile(fileobj=io.BytesIO(packed[: len(packed) // 2]))
    items = [i for i, _ in read_jsonl(stream, "cut.jsonl.gz", 1_000_000)]
    assert isinstance(items[0], RawPage)
    assert isinstance(items[-1], Failure) and items[-1].reason.startswith("cannot read past line")


def test_a_json_array_document() -> None:
    items = [i for i, _ in read_json_document(json.dumps([ARTICLE, 3]).encode(), "a.json")]
    assert isinstance(items[0], RawPage) and items[0].source == "a.json:1"
    assert isinstance(items[1], Failure) and items[1].source == "a.json:2"


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["title", "text", "url", "date", "html", "authors", "x"]), inner,
                               max_size=5), max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(max_size=80) | json_values.map(lambda v: json.dumps(v).encode()), max_size=8))
def test_any_lines_give_pages_or_failures_and_pages_extract_or_refuse_cleanly(rows: list[bytes]) -> None:
    data = b"\n".join(rows)
    for item, _ in read_jsonl(io.BytesIO(data), "p.jsonl", 10_000):
        assert isinstance(item, RawPage | Failure)
        if isinstance(item, RawPage) and item.kind == "article":
            with contextlib.suppress(InputError):
                extract(item)


def test_a_fetch_time_that_is_no_past_time_is_left_out() -> None:
    import io

    text = "Dock workers in Rotterdam said on Tuesday that the strike would go on for a week."
    lines = [{"text": text, "fetched_at": when} for when in
             ("2025-06-10T08:00:00Z", "June 10, 2025 8:00", "yesterday-ish", "2999-01-01T00:00:00", 1749542400)]
    data = "\n".join(json.dumps(line) for line in lines).encode()
    pages = [page for page, _ in read_jsonl(io.BytesIO(data), "f.jsonl", 1_000_000)]
    assert [p.fetched_at for p in pages if isinstance(p, RawPage)] == [
        "2025-06-10T08:00:00Z", "2025-06-10T08:00:00", None, None, None]


def test_a_published_time_keeps_the_offset_it_was_given() -> None:
    rows = [ARTICLE | {"date": when} for when in ("2026-03-29T00:30:00+01:00", "2026-03-29T01:30:00Z",
                                                  "2026-03-29T03:30:00", "29 March 2026 03:30 GMT+2")]
    pages = [page for page, _ in read_jsonl(_lines(*rows), "f.jsonl", 1_000_000)]
    values = [extract(p).published for p in pages if isinstance(p, RawPage)]
    assert [v.value if v else None for v in values] == ["2026-03-29T00:30:00+01:00", "2026-03-29T01:30:00+00:00",
                                                        "2026-03-29T03:30:00", "2026-03-29T03:30:00+02:00"]
