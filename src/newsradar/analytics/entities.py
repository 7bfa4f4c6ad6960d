"""Entities: who and what the news is about, with how often and where they appear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from newsradar.analytics.common import (
    LIKE,
    MAX_LIMIT,
    Filters,
    Page,
    Where,
    as_filters,
    check_int,
    check_str,
    check_texts,
    entity_keys,
    like_escape,
    next_cursor,
    page_bounds,
    plain_rows,
    top_roles,
)
from newsradar.store.base import Store
from newsradar.store.rows import lookup_key
from newsradar.textfold import fold

RECENT = 500  # articles an entity's roles and related entities are counted over
RECENT_DAYS = 7


def list_entities(store: Store, filters: Filters | None = None, *, q: str | None = None, type: str | None = None,
                  limit: int = 20, cursor: str | None = None) -> Page:
    """Entities by the number of articles that mention them (within the filters; with an entity
    filter, the entities of the articles mentioning it)."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(q=q, type=type)
    type = type.strip().upper() or None if type else None  # entity types are stored as PERSON, ORG…
    if f == Filters():  # no filter: the running totals kept at ingestion answer without a scan
        where = Where("e")
        if q:
            where.add(f"e.entity {LIKE}", f"%:%{like_escape(fold(q))}%")
        if type:
            where.add("e.type = ?", type)
        total = int(store.query(f"SELECT count(*) AS n FROM entities e {where.sql()}", where.params)[0]["n"])
        rows = store.query("SELECT e.entity AS id, e.name, e.type, e.country, e.articles, e.mentions, e.first_seen, "
                           f"e.last_seen FROM entities e {where.sql()} ORDER BY e.articles DESC, e.entity "
                           "LIMIT ? OFFSET ?", [*where.params, limit, offset])
        return Page(plain_rows(rows), total, next_cursor(offset, limit, total))
    # an entity filter keeps the articles mentioning it, as in every other list: their entities are
    # the ones listed (the entity itself among them), not that one entity alone
    where = Where().filters(store, f)
    if q:
        where.add(f"entity {LIKE}", f"%:%{like_escape(fold(q))}%")
    if type:
        where.add("type = ?", type)
    # Count by key alone (one pass, one window for the total), then name only the page's entities.
    # The store writes one mentions row per key and article: counting rows counts articles.
    rows = store.query(
        f"SELECT e.entity AS id, e.name, e.type, e.country, p.articles, p.mentions, p.first_seen, p.last_seen, "
        f"p.total FROM (SELECT ekey, count(*) AS articles, sum(count) AS mentions, min(ts) AS first_seen, "
        f"max(ts) AS last_seen, count(*) OVER () AS total FROM mentions {where.sql()} GROUP BY ekey "
        f"ORDER BY articles DESC, ekey LIMIT ? OFFSET ?) p JOIN entities e ON e.ekey = p.ekey "
        f"ORDER BY p.articles DESC, p.ekey", [*where.params, limit, offset])
    total = int(rows[0].pop("total")) if rows else 0
    for r in rows[1:]:
        r.pop("total")
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def get_entity(store: Store, entity: str, *, related: int = 10) -> dict[str, Any] | None:
    """One entity: its totals, and over its latest coverage (the ``RECENT_DAYS`` days before it was
    last seen, at most ``RECENT`` articles): its roles, the entities it appears with most, and its
    latest articles. Bounding by time lets the scans skip all older data."""
    check_int("related", related, 0, MAX_LIMIT)
    keys = entity_keys(store, check_str("entity", entity))
    rows = store.query("SELECT entity AS id, name, type, country, articles, mentions, first_seen, last_seen "
                       "FROM entities WHERE entity = ?", [keys[0]])
    if not rows:
        return None
    out: dict[str, Any] = rows[0]
    ekey, since = lookup_key(out["id"]), out["last_seen"] - timedelta(days=RECENT_DAYS)
    recent = store.query("SELECT seq, ts, role FROM mentions WHERE ekey = ? AND ts >= ? ORDER BY seq DESC LIMIT ?",
                         [ekey, since, RECENT])
    out["roles"] = top_roles(recent)
    seqs = list(dict.fromkeys(r["seq"] for r in recent))  # an article may name it twice (two spellings)
    # Grouped by the integer key, then named from the summary: grouping the string keys of every
    # co-mention cost several times more.
    out["related"] = store.query(
        "SELECT e.entity AS id, e.name, e.type, r.articles FROM (SELECT m.ekey, count(*) AS articles "
        "FROM mentions m WHERE m.seq BETWEEN ? AND ? AND m.seq IN (SELECT unnest(?::BIGINT[])) AND m.ekey <> ? "
        "GROUP BY m.ekey) r JOIN entities e ON e.ekey = r.ekey ORDER BY r.articles DESC, id LIMIT ?",
        [min(seqs), max(seqs), seqs, ekey, related]) if seqs else []
    # an article naming it in two spellings is two rows: listed once
    latest = sorted({r["seq"]: r for r in recent}.values(), key=lambda r: (r["ts"], r["seq"]), reverse=True)[:10]
    found = {r["seq"]: r for r in store.query(
        "SELECT seq, id, title, site, url, ts FROM articles WHERE seq BETWEEN ? AND ? "
        "AND seq IN (SELECT unnest(?::BIGINT[]))",
        [min(r["seq"] for r in latest), max(r["seq"] for r in latest), [r["seq"] for r in latest]])} if latest else {}
    out["articles_recent"] = [{k: v for k, v in found[r["seq"]].items() if k != "seq"} for r in latest
                              if r["seq"] in found]
    return plain_rows([out])[0]
