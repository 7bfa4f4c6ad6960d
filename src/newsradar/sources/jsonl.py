"""JSON Lines of articles a user's own crawler already extracted, read one line at a time.

Each line is an object: ``{"title", "text", "url", "date"|"published", "authors", …}`` becomes an
``article`` page (the extract stage's :func:`~newsradar.extract.from_fields` reads the fields); an
object with ``html`` instead of ``text`` is a raw HTML page. A line that is not a JSON object, or is
longer than ``max_bytes``, becomes a Failure naming its line number; the next line is read as usual.
A whole JSON document (an array of such objects, or one object) is read the same way.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, Protocol

from newsradar.extract.dates import iso, parse_date, parse_stamp
from newsradar.record import Failure
from newsradar.sources.raw import RawPage


class LineStream(Protocol):
    """A binary stream read line by line: a file, a gzip file, stdin, an HTTP response body."""

    def readline(self, size: int = -1, /) -> bytes: ...


def line_key(line: bytes) -> str:
    """What identifies a line across polls (its content: line numbers shift when files are rewritten)."""
    return hashlib.sha1(line.strip(), usedforsecurity=False).hexdigest()


def read_jsonl(stream: LineStream, source: str, max_bytes: int) -> Iterator[tuple[RawPage | Failure, str | None]]:
    """``(page or Failure, line key)`` for each non-blank line of ``stream``, in order; the key is
    ``None`` for a Failure that is about the stream rather than a line."""
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as exc:  # a damaged .gz, a stream that broke off
            yield Failure(source, f"cannot read past line {lineno}: {exc}"), None
            return
        if not line:
            return
        lineno += 1
        where = f"{source}:{lineno}"
        if len(line) > max_bytes and not line.endswith(b"\n"):
            digest = hashlib.sha1(line, usedforsecurity=False)
            try:
                while chunk := stream.readline(1 << 20):  # skip the rest of the overlong line
                    digest.update(chunk)
                    if chunk.endswith(b"\n"):
                        break
            except (OSError, EOFError, zlib.error) as exc:
                yield Failure(source, f"cannot read past line {lineno}: {exc}"), None
                return
            yield (Failure(where, f"line {lineno} is longer than the {max_bytes / 1_048_576:.0f} MB page limit"),
                   digest.hexdigest())
            continue
        if not line.strip():
            continue
        yield record_page(line, where, lineno), line_key(line)


def record_page(line: bytes, where: str, lineno: int | None = None) -> RawPage | Failure:
    """One JSON Lines record as a page, or a Failure saying what is wrong with it."""
    label = f"line {lineno}" if lineno is not None else "record"
    try:
        value = json.loads(line)
    except ValueError as exc:
        return Failure(where, f"{label} is not valid JSON: {exc}")
    except RecursionError:
        return Failure(where, f"{label} is nested too deeply")
    return object_page(value, where, label)


def object_page(value: Any, where: str, label: str = "record") -> RawPage | Failure:
    if not isinstance(value, dict):
        return Failure(where, f"{label} is a JSON {type(value).__name__}, not an object with an article")
    url = value.get("url")
    url = url.strip() if isinstance(url, str) and url.strip() else None
    raw_html = value.get("html")
    if isinstance(raw_html, str) and raw_html.strip() and not _has_text(value):
        return RawPage(content=raw_html, source=where, url=url, kind="html",
                       fetched_at=_fetched(value.get("fetched_at")))
    if not _has_text(value):
        return Failure(where, f"{label} has no 'text' (or 'html') field with content")
    return RawPage(content="", source=where, url=url, kind="article", fields=value,
                   fetched_at=_fetched(value.get("fetched_at")))


def read_json_document(data: bytes, source: str) -> Iterator[tuple[RawPage | Failure, str | None]]:
    """A JSON array of article objects (or a single object), as pages."""
    try:
        value = json.loads(data)
    except ValueError as exc:
        yield Failure(source, f"not valid JSON: {exc}"), line_key(data)
        return
    except RecursionError:
        yield Failure(source, "JSON nested too deeply"), line_key(data)
        return
    items = value if isinstance(value, list) else [value]
    for i, item in enumerate(items, 1):
        where = f"{source}:{i}" if isinstance(value, list) else source
        key = line_key(json.dumps(item, sort_keys=True, ensure_ascii=False).encode())
        yield object_page(item, where, f"item {i}" if isinstance(value, list) else "document"), key


def _has_text(value: dict[str, Any]) -> bool:
    return any(isinstance(value.get(k), str) and value[k].strip() for k in ("text", "body", "content"))


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _fetched(value: object) -> str | None:
    """A record's ``fetched_at`` as an ISO time, or ``None`` (then the time it is read) when it is not
    a readable, past time: stored as written, "yesterday-ish" reached the API and the exports."""
    text = _str(value)
    if text is None:
        return None
    try:
        datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        found = parse_stamp(text)
        return iso(found.when, found.offset) if found is not None else None
    return text.strip() if parse_date(text) is not None else None
