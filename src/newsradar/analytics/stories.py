"""Stories: articles about the same event, with how many sources carry them and who was first."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import (
    Filters,
    Page,
    Where,
    as_filters,
    check_int,
    check_str,
    next_cursor,
    page_bounds,
    plain_rows,
)
from newsradar.errors import InputError
from newsradar.store.base import Store
from newsradar.store.rows import lookup_key


def list_stories(store: Store, filters: Filters | None = None, *, min_articles: int = 1, limit: int = 20,
                 cursor: str | None = None, within: list[str] | None = None) -> Page:
    """Stories, most recently active first, each with ``articles``, ``sources`` (distinct sites)
    and ``first_report`` (the earliest article: site, url, time); ``within`` keeps these story ids."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_int("min_articles", min_articles, 0)
    if within is not None and (not isinstance(within, list | tuple | set | frozenset)
                               or not all(isinstance(i, str) for i in within)):
        raise InputError(f"within must be a list of story ids (strings), got {within!r}")
    where = Where("s").add("s.articles >= ?", min_articles)
    if within is not None:
        where.add("s.story_id IN (SELECT unnest(?::VARCHAR[]))", list(within))
    if f.since:
        where.add("s.last_seen >= ?", f.since)
    if f.until:
        where.add("s.first_seen < ?", f.until)
    if f.source or f.language or f.entity:
        inner = Where().filters(store, Filters(source=f.source, language=f.language, entity=f.entity))
        where.add(f"s.story_id IN (SELECT story_id FROM articles {inner.sql()})", *inner.params)
    total = int(store.query(f"SELECT count(*) AS n FROM stories s {where.sql()}", where.params)[0]["n"])
    rows = store.query(f"SELECT s.* FROM stories s {where.sql()} ORDER BY s.last_seen DESC, s.story_id "
                       "LIMIT ? OFFSET ?", [*where.params, limit, offset])
    return Page(plain_rows(_decorate(store, rows)), total, next_cursor(offset, limit, total))


def get_story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story with every article in it, first report first; None when there is no such story."""
    rows = store.query("SELECT * FROM stories WHERE story_id = ?", [check_str("story_id", story_id)])
    if not rows:
        return None
    story = _decorate(store, rows)[0]
    story["items"] = store.query("SELECT id, title, site, url, ts, tone, duplicate_of FROM articles "
                                 "WHERE story_id = ? AND ts BETWEEN ? AND ? ORDER BY ts, seq",
                                 [story_id, rows[0]["first_seen"], rows[0]["last_seen"]])
    return plain_rows([story])[0]


def _decorate(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not rows:
        return rows
    ids = [r["story_id"] for r in rows]
    # The stories' articles lie between their first and last sightings (the summary keeps them):
    # bounding by time lets the scans skip every other row group of the articles table.
    span = [min(r["first_seen"] for r in rows), max(r["last_seen"] for r in rows)]
    sources = {r["story_id"]: r["n"] for r in store.query(
        "SELECT story_id, count(DISTINCT site) AS n FROM articles WHERE story_id IN (SELECT unnest(?::VARCHAR[])) "
        "AND ts BETWEEN ? AND ? GROUP BY story_id", [ids, *span])}
    first_ids = [r["first_article"] for r in rows]
    firsts = {r["id"]: r for r in store.query(
        "SELECT id, site, url, title, ts FROM articles WHERE id_key IN (SELECT unnest(?::BIGINT[])) "
        "AND id IN (SELECT unnest(?::VARCHAR[])) AND ts BETWEEN ? AND ?",
        [[lookup_key(i) for i in first_ids], first_ids, *span])}
    for r in rows:
        r["id"] = r.pop("story_id")
        r["sources"] = sources.get(r["id"], 0)
        r["first_report"] = firsts.get(r.pop("first_article"))
    return rows
