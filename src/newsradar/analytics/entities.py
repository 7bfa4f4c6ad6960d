"""Entities: who and what the news is about, with how often and where they appear."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import Filters, Page, Where, entity_keys, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store
from newsradar.store.rows import fold


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
    base = (f"SELECT entity AS id, any_value(name) AS name, any_value(type) AS type, any_value(country) AS country, "
            f"count(*) AS articles, sum(count) AS mentions, min(ts) AS first_seen, max(ts) AS last_seen "
            f"FROM mentions {where.sql()} GROUP BY entity")
    total = int(store.query(f"SELECT count(*) AS n FROM ({base})", where.params)[0]["n"])
    rows = store.query(f"{base} ORDER BY articles DESC, id LIMIT ? OFFSET ?", [*where.params, limit, offset])
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
    out["related"] = store.query(
        "SELECT m2.entity AS id, any_value(m2.name) AS name, any_value(m2.type) AS type, count(*) AS articles "
        "FROM mentions m1 JOIN mentions m2 ON m1.seq = m2.seq AND m2.entity <> m1.entity "
        "WHERE m1.entity = ? GROUP BY m2.entity ORDER BY articles DESC, id LIMIT ?", [key, related])
    out["articles_recent"] = store.query(
        "SELECT a.id, a.title, a.site, a.url, a.ts FROM mentions m JOIN articles a ON a.seq = m.seq "
        "WHERE m.entity = ? ORDER BY m.ts DESC, m.seq DESC LIMIT 10", [key])
    return plain_rows([out])[0]
