"""Entities: who and what the news is about, with how often and where they appear."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import Filters, Page, Where, entity_keys, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store
from newsradar.store.rows import fold

RECENT = 1000  # articles an entity's related entities are counted over


def list_entities(store: Store, filters: Filters | None = None, *, q: str | None = None, type: str | None = None,
                  limit: int = 20, cursor: str | None = None) -> Page:
    """Entities by the number of articles that mention them (within the filters)."""
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    if f == Filters():  # no filter: the running totals kept at ingestion answer without a scan
        where = Where("e")
        if q:
            where.add("e.entity LIKE ?", f"%:%{fold(q)}%")
        if type:
            where.add("e.type = ?", type)
        total = int(store.query(f"SELECT count(*) AS n FROM entities e {where.sql()}", where.params)[0]["n"])
        rows = store.query("SELECT e.entity AS id, e.name, e.type, e.country, e.articles, e.mentions, e.first_seen, "
                           f"e.last_seen FROM entities e {where.sql()} ORDER BY e.articles DESC, e.entity "
                           "LIMIT ? OFFSET ?", [*where.params, limit, offset])
        return Page(plain_rows(rows), total, next_cursor(offset, limit, total))
    where = Where().filters(store, f, entity_table=True)
    if q:
        where.add("entity LIKE ?", f"%:%{fold(q)}%")
    if type:
        where.add("type = ?", type)
    # Count by key alone (one pass, one window for the total), then name only the page's entities.
    rows = store.query(
        f"SELECT p.entity AS id, e.name, e.type, e.country, p.articles, p.mentions, p.first_seen, p.last_seen, "
        f"p.total FROM (SELECT entity, count(*) AS articles, sum(count) AS mentions, min(ts) AS first_seen, "
        f"max(ts) AS last_seen, count(*) OVER () AS total FROM mentions {where.sql()} GROUP BY entity "
        f"ORDER BY articles DESC, entity LIMIT ? OFFSET ?) p JOIN entities e ON e.entity = p.entity "
        f"ORDER BY p.articles DESC, p.entity", [*where.params, limit, offset])
    total = int(rows[0].pop("total")) if rows else 0
    for r in rows[1:]:
        r.pop("total")
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def get_entity(store: Store, entity: str, *, related: int = 10) -> dict[str, Any] | None:
    """One entity: its totals, roles, the entities it appears with most, and its latest articles."""
    keys = entity_keys(store, entity)
    rows = store.query("SELECT entity AS id, name, type, country, articles, mentions, first_seen, last_seen "
                       "FROM entities WHERE entity = ?", [keys[0]])
    if not rows:
        return None
    out: dict[str, Any] = rows[0]
    key = out["id"]
    out["roles"] = [r["role"] for r in store.query(
        "SELECT role, count(*) AS n FROM mentions WHERE entity = ? AND role IS NOT NULL GROUP BY role "
        "ORDER BY n DESC LIMIT 5", [key])]
    out["related"] = store.query(  # over its latest RECENT articles: what it is in the news with now
        "WITH recent AS (SELECT seq FROM mentions WHERE entity = ? ORDER BY seq DESC LIMIT ?) "
        "SELECT m.entity AS id, any_value(m.name) AS name, any_value(m.type) AS type, count(*) AS articles "
        "FROM mentions m WHERE m.seq IN (SELECT seq FROM recent) AND m.seq >= (SELECT min(seq) FROM recent) "
        "AND m.entity <> ? GROUP BY m.entity ORDER BY articles DESC, id LIMIT ?", [key, RECENT, key, related])
    out["articles_recent"] = store.query(
        "SELECT a.id, a.title, a.site, a.url, a.ts FROM (SELECT seq, ts FROM mentions WHERE entity = ? "
        "ORDER BY ts DESC, seq DESC LIMIT 10) m JOIN articles a ON a.seq = m.seq ORDER BY m.ts DESC, m.seq DESC", [key])
    return plain_rows([out])[0]
