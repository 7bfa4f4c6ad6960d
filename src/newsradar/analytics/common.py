"""What every analytics query shares: filters, pages of results and their cursors, plain values.

Queries are pure functions of a :class:`~newsradar.store.Store` and their arguments; they return
JSON-ready plain data (dicts, lists, ISO date strings), so the CLI, the REST API and the dashboard
serialise them as they are.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from newsradar.errors import InputError
from newsradar.extract.dates import naive_utc
from newsradar.store.base import Store
from newsradar.store.rows import ACTOR, QUOTE_BITS, lookup_key, parse_time, utcnow
from newsradar.textfold import fold

MAX_LIMIT = 1000
# DuckDB takes OFFSET as a signed 64-bit integer; no list holds this many rows, so a cursor beyond
# it was not given out by this server, and is refused before the store fails on it.
MAX_OFFSET = (1 << 62) - 1
LIKE = "LIKE ? ESCAPE '\\'"  # every LIKE on user text: its % and _ are escaped by like_escape


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters every list takes. ``since`` and ``until`` are datetimes (naive ones are UTC) or
    ISO / relative strings as :meth:`of` takes them; ``source`` matches a site name, a source (path,
    feed, URL) or a URL's host; ``entity`` an entity key (``PERSON:jane doe``) or a name in any
    spelling case. A bad value, or ``since`` after ``until``, raises InputError."""

    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    language: str | None = None
    entity: str | None = None

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            object.__setattr__(self, name, as_time(getattr(self, name), name))
        check_texts(source=self.source, language=self.language, entity=self.entity)
        if self.language:  # codes are stored lower-case: "EN" finds what "en" does
            object.__setattr__(self, "language", self.language.strip().lower() or None)
        # an empty window answered an empty page, as if nothing had been written then
        if self.since and self.until and self.since > self.until:
            raise InputError(f"since ({self.since.isoformat()}) is after until ({self.until.isoformat()})")

    @classmethod
    def of(cls, since: str | datetime | None = None, until: str | datetime | None = None,
           source: str | None = None, language: str | None = None, entity: str | None = None) -> Filters:
        """Filters from user input (ISO strings accepted, empty ones meaning no filter); a bad date
        raises InputError."""
        return cls(as_time(since, "since"), as_time(until, "until"), source or None, language or None,
                   entity or None)


def as_time(value: object, name: str) -> datetime | None:
    """A time argument as the store keeps times (naive UTC): a datetime (naive ones are taken as
    UTC), a date (its midnight), an ISO 8601 string or a span back from now (``7d``)."""
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if not isinstance(value, str | datetime):
        raise InputError(f"{name} must be a datetime or a string (ISO 8601 such as 2025-01-22, or a span "
                         f"back from now such as 7d), got {value!r}")
    try:
        if isinstance(value, datetime):
            return naive_utc(value)
        moment = ago(value, name, utcnow()) or parse_time(value)
    except OverflowError:  # a UTC offset that moves the time past year 9999 or before year 1
        raise InputError(f"{name}: {value!r} is out of range once converted to UTC") from None
    if moment is None:
        raise InputError(f"{name}: {value!r} is neither an ISO date or date-time (e.g. 2025-01-22 or "
                         "2025-01-22T06:00) nor a span back from now (30m, 1h, 24h, 7d, 2w)")
    return moment


_RELATIVE = re.compile(r"^\s*(\d+)\s*(m|min|h|d|w)\s*$", re.I)
_UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def as_filters(filters: object) -> Filters:
    """The filters a query was given (None: none), or InputError when they are no :class:`Filters`."""
    if filters is None:
        return Filters()
    if not isinstance(filters, Filters):
        raise InputError(f"filters must be Filters (e.g. Filters.of(since='7d')) or None, got {filters!r}")
    return filters


def ago(value: str, name: str, now: datetime) -> datetime | None:
    """``now`` less the span ``value`` names (``30m``, ``1h``, ``24h``, ``7d``, ``2w``: "that long ago"),
    or None when it names none. The API and the command line read time filters alike."""
    rel = _RELATIVE.match(value)
    if rel is None:
        return None
    try:
        return now - timedelta(**{_UNITS[rel.group(2).lower()]: int(rel.group(1))})
    except (OverflowError, ValueError):  # past year 1, past timedelta's range, or over int()'s 4,300 digits
        raise InputError(f"{name}={value!r} reaches back before the year 1: give a shorter span "
                         "or an ISO 8601 time") from None


@dataclass(slots=True)
class Page:
    """One page of a list: ``next`` is the cursor of the following page, None on the last one."""

    items: list[dict[str, Any]]
    total: int
    next: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"items": self.items, "total": self.total, "next": self.next, **self.extra}


def check_int(name: str, value: object, lo: int, hi: int = MAX_OFFSET) -> int:
    """``value`` when it is a whole number from ``lo`` to ``hi`` (by default: as large as the store
    compares), else InputError naming ``name`` and what is allowed."""
    allowed = f"between {lo} and {hi}" if hi < MAX_OFFSET else f"{lo} or more"
    # Checked before any query: a float or a string reached the store as a parameter, and its
    # failure read as a store (or text index) fault; True is an int to Python, not a count.
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{name} must be a whole number {allowed}, got {value!r}")
    if not lo <= value <= hi:
        raise InputError(f"{name} must be {allowed}, got {value}")
    return value


def check_limit(limit: object) -> int:
    """``limit`` when it is a page size the queries take (1 to MAX_LIMIT), else InputError."""
    return check_int("limit", limit, 1, MAX_LIMIT)


def check_choice(name: str, value: object, choices: Iterable[str]) -> str:
    """``value`` when it is one of ``choices`` (a window, an interval, a kind), else InputError."""
    allowed = list(choices)
    if not isinstance(value, str) or value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, got {value!r}")
    return value


def check_str(name: str, value: object) -> str:
    """``value`` when it is a string (an id, a name, words), else InputError naming ``name``."""
    if not isinstance(value, str):
        raise InputError(f"{name} must be a string, got {value!r}")
    return value


def check_texts(**values: object) -> None:
    """Each argument a string or None (optional words and filters), else InputError naming it."""
    for name, value in values.items():
        if value is not None:
            check_str(name, value)


def page_bounds(limit: object, cursor: object) -> tuple[int, int]:
    """(limit, offset) from the user's limit and cursor; bad values raise InputError."""
    limit = check_limit(limit)
    if cursor is not None and not isinstance(cursor, str):
        raise InputError(f"bad cursor {cursor!r}: pass the `next` (a string) of a previous page")
    if not cursor:
        return limit, 0
    offset = _cursor_value(cursor, "o", int)
    if not 0 <= offset <= MAX_OFFSET:
        raise InputError(f"bad cursor {cursor!r}: pass the `next` of a previous page")
    return limit, offset


def after_cursor(limit: object, cursor: object) -> tuple[int, int, tuple[datetime, int] | None]:
    """(limit, offset, after) for a list newest first: ``after`` is the (ts, seq) of the last item
    of the page before, when the cursor is one :func:`key_cursor` made, else None and an offset."""
    return _keyed(limit, cursor, "k", _ts_seq)


def key_cursor(ts: datetime, seq: int) -> str:
    """A cursor past the item (ts, seq) of a list newest first. Unlike an offset, it does not move
    when articles land between two pages: the next page starts after that item, whatever came in."""
    return _cursor("k", f"{ts.isoformat()}|{seq}")


def below_cursor(limit: object, cursor: object) -> tuple[int, int, int | None]:
    """(limit, offset, below) for a list in arrival order, newest first: ``below`` is the arrival
    number (seq) of the last item of the page before, when the cursor is one :func:`seq_cursor`
    made, else None and an offset (a cursor given out before such lists kept their place)."""
    return _keyed(limit, cursor, "s", _seq)


def seq_cursor(seq: int) -> str:
    """A cursor past the item of arrival number ``seq`` of a list newest first (an alert's matches):
    as :func:`key_cursor`, it does not move when items land between two pages."""
    return _cursor("s", str(seq))


def next_cursor(offset: int, limit: int, total: int) -> str | None:
    following = offset + limit
    return _cursor("o", str(following)) if following < total else None


T = TypeVar("T")


def _cursor(kind: str, value: str) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def _cursor_kind(cursor: str) -> str | None:
    try:
        return base64.urlsafe_b64decode(cursor.encode() + b"==").decode().partition(":")[0]
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


def _cursor_value(cursor: str, kind: str, read: Callable[[str], T]) -> T:
    """What a cursor of ``kind`` holds, read by ``read``; InputError for any other string."""
    try:
        found, _, value = base64.urlsafe_b64decode(cursor.encode() + b"==").decode().partition(":")
        if found == kind:
            return read(value)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise InputError(f"bad cursor {cursor!r}: pass the `next` of a previous page")


def _keyed(limit: object, cursor: object, kind: str, read: Callable[[str], T]) -> tuple[int, int, T | None]:
    """(limit, 0, the key) for a cursor of ``kind``, else (limit, offset, None) for an offset one."""
    if isinstance(cursor, str) and _cursor_kind(cursor) == kind:
        return check_limit(limit), 0, _cursor_value(cursor, kind, read)
    return (*page_bounds(limit, cursor), None)


def _seq(value: str) -> int:
    seq = int(value)
    if not 0 <= seq <= MAX_OFFSET:  # no seq is negative, and DuckDB compares 64-bit integers only
        raise ValueError(value)
    return seq


def _ts_seq(value: str) -> tuple[datetime, int]:
    ts, _, seq = value.partition("|")
    return datetime.fromisoformat(ts), int(seq)


def plain(value: Any) -> Any:
    """JSON-ready: datetimes as ISO strings, floats rounded to what is meaningful."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def plain_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [plain(r) for r in rows]


def top_roles(mentions: list[dict[str, Any]], n: int = 5) -> list[str]:
    """The roles most often given in these mention rows (``role`` column), most frequent first."""
    return [role for role, _ in Counter(r["role"] for r in mentions if r["role"]).most_common(n)]


def like_escape(text: str) -> str:
    """``text`` for a LIKE pattern (with ``ESCAPE '\\'``): user text matches itself, not as wildcards."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def before(moment: datetime, span: timedelta) -> datetime:
    """``span`` before ``moment``, or the earliest time there is when that lies before year 1."""
    try:
        return moment - span
    except OverflowError:
        return datetime.min


def is_actor(key: str) -> bool:
    """A key of an event actor that is no entity (``ACTOR:the operators``): it lives in the events only."""
    return key.startswith(ACTOR + ":")


def is_key(value: str) -> bool:
    """An entity key (``PERSON:jane doe``), as opposed to a name or an actor code."""
    kind, sep, name = value.partition(":")
    return bool(sep and name and kind.isupper() and kind.replace("_", "").isalpha())


def entity_keys(store: Store, entity: str) -> list[str]:
    """The entity keys an entity filter means: the key itself, or every entity with that name."""
    if ":" in entity:
        kind, _, name = entity.partition(":")
        if kind.isupper():
            return [f"{kind}:{fold(name)}"]
    name = fold(entity)
    rows = store.query(f"SELECT entity FROM entities WHERE entity {LIKE} ORDER BY articles DESC",
                       ["%:" + like_escape(name)])
    return [r["entity"] for r in rows] or [f"?:{name}"]


class Where:
    """A WHERE clause built from filters, with its parameters, for one fact table (``alias``)."""

    def __init__(self, alias: str = "") -> None:
        self.prefix = alias + "." if alias else ""
        self.parts: list[str] = []
        self.params: list[Any] = []

    def add(self, sql: str, *params: Any) -> Where:
        self.parts.append(sql)
        self.params.extend(params)
        return self

    def filters(self, store: Store, f: Filters, *, entity_table: bool = False) -> Where:
        p = self.prefix
        if f.since:
            self.add(f"{p}ts >= ?", f.since)
        if f.until:
            self.add(f"{p}ts < ?", f.until)
        if f.language:
            self.add(f"{p}language = ?", f.language)
        # Every fact row carries its article's time, so the subqueries take the time bounds too:
        # the same answer, but they read only the row groups of the window, not the whole table.
        span, span_params = _span(f)
        if f.source:
            sql, params = source_match(f.source, f, p)
            self.add(sql, *params)
        if f.entity:
            found = entity_keys(store, f.entity)
            keys = [lookup_key(k) for k in found]
            if is_actor(found[0]):  # no entity, so in no mentions: the articles whose events name it
                if entity_table:
                    self.add("false")
                else:
                    self.add(f"{p}seq IN (SELECT seq FROM events WHERE (source_key = ? OR target_key = ?){span})",
                             found[0], found[0], *span_params)
            elif entity_table:
                self.add(f"{p}ekey IN (SELECT unnest(?::BIGINT[]))", keys)
            else:
                self.add(f"{p}seq IN (SELECT seq FROM mentions WHERE ekey IN (SELECT unnest(?::BIGINT[])){span})",
                         keys, *span_params)
        return self

    def sql(self) -> str:
        return ("WHERE " + " AND ".join(self.parts)) if self.parts else ""


def source_match(source: str, f: Filters, prefix: str = "") -> tuple[str, list[Any]]:
    """The condition (SQL and its parameters) that a fact row comes from ``source``, bounded by the
    time of ``f``."""
    span, span_params = _span(f)
    # Site names and hosts in any case (the dashboard's live feed matches them so); a source is a
    # path or URL, whose case can matter.
    return (f"{prefix}seq IN (SELECT seq FROM articles WHERE (lower(site) = ? OR source = ? OR host = ?){span})",
            [source.lower(), source, source.lower().removeprefix("www."), *span_params])


def _span(f: Filters) -> tuple[str, list[Any]]:
    sql, params = "", list[Any]()
    if f.since:
        sql, params = sql + " AND ts >= ?", [*params, f.since]
    if f.until:
        sql, params = sql + " AND ts < ?", [*params, f.until]
    return sql, params


def seq_range(store: Store, f: Filters) -> tuple[int, int] | None:
    """The arrival numbers (``seq``) of the articles inside the filters' time range, as an inclusive
    range, or None when the filters set no time. Articles arrive roughly in time order, so this
    range is narrow, and a full-text search limited to it skips the rest of the index. (An
    article out of order only widens the range: the time filter itself is still applied.)"""
    if not f.since and not f.until:
        return None
    span, params = _span(f)
    row = store.query(f"SELECT min(seq) AS lo, max(seq) AS hi FROM articles WHERE true{span}", params)
    lo, hi = (row[0]["lo"], row[0]["hi"]) if row else (None, None)
    return (0, -1) if lo is None or hi is None else (int(lo), int(hi))


def quote_range(seqs: tuple[int, int] | None) -> tuple[int, int] | None:
    """The quote keys (``qid``) of the articles in a seq range."""
    if seqs is None:
        return None
    return seqs[0] << QUOTE_BITS, (seqs[1] << QUOTE_BITS) | ((1 << QUOTE_BITS) - 1)


def latest(store: Store) -> datetime | None:
    """The time of the newest article: analytics windows end here by default, so that an archive
    ingested today still shows what was trending when it was written."""
    row = store.query("SELECT max(ts) AS t FROM articles")
    value = row[0]["t"] if row else None
    return value if isinstance(value, datetime) else None


WINDOWS = {"1h": timedelta(hours=1), "24h": timedelta(hours=24)}
INTERVALS = {"hour": timedelta(hours=1), "day": timedelta(days=1)}
