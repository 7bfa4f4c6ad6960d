"""Query parameters shared by the routes: time filters (ISO 8601 or relative), page sizes, filters."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Query

from newsradar.analytics.common import ago, check_int
from newsradar.api.backend import Filters, PageRequest
from newsradar.errors import InputError

MAX_LIMIT = 500
DEFAULT_LIMIT = 50


def parse_time(value: str | None, name: str, now: datetime | None = None) -> datetime | None:
    """``2026-02-09``, ``2026-02-09T14:00:00Z`` or ``1h``/``24h``/``7d`` ("that long ago"), as aware UTC."""
    if value is None or not value.strip():
        return None
    moment = ago(value, name, now or datetime.now(UTC))
    if moment is not None:
        return moment
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as exc:
        raise InputError(f"{name}={value!r} is neither an ISO 8601 time (2026-02-09, 2026-02-09T14:00:00Z) "
                         "nor a relative one (30m, 1h, 24h, 7d)") from exc
    try:
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is in the year 10000 in UTC
        raise InputError(f"{name}={value!r} lies outside the years 1 to 9999 once converted to UTC") from None


def page_request(limit: int = Query(DEFAULT_LIMIT, description=f"items per page, 1 to {MAX_LIMIT}"),
                 cursor: str | None = Query(None, description="the `next` of the previous page")) -> PageRequest:
    return PageRequest(limit=check_int("limit", limit, 1, MAX_LIMIT), cursor=cursor or None)


def filters(q: str | None = Query(None, description='words to match (full text): ANDed, "phrases", OR, NOT, '
                                                   "(groups), prefix*"),
            since: str | None = Query(None, description="ISO 8601 time or relative: 1h, 24h, 7d"),
            until: str | None = Query(None, description="ISO 8601 time or relative"),
            source: str | None = Query(None, description="site name or host"),
            language: str | None = Query(None, description="ISO 639-1 code, e.g. en"),
            entity: str | None = Query(None, description="entity key, e.g. PERSON:jane doe")) -> Filters:
    start, end = parse_time(since, "since"), parse_time(until, "until")
    if start and end and start > end:
        raise InputError(f"since ({since}) is after until ({until})")
    return Filters(q=_clean(q), since=start, until=end, source=_clean(source), language=_clean(language),
                   entity=_clean(entity))


def _clean(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def filters_without_words(since: str | None = Query(None, description="ISO 8601 time or relative: 1h, 24h, 7d"),
                          until: str | None = Query(None, description="ISO 8601 time or relative"),
                          source: str | None = Query(None, description="site name or host"),
                          language: str | None = Query(None, description="ISO 639-1 code, e.g. en"),
                          entity: str | None = Query(None, description="entity key, e.g. PERSON:jane doe")) -> Filters:
    """The filters of a route that has no words to match (events, the network): one that took ``q``
    and dropped it would answer a search with everything, and OpenAPI would offer it."""
    return filters(None, since, until, source, language, entity)
