"""Articles: lists with filters and full-text search, and one record by id."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import Filters, Page, Where, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store

_COLUMNS = ("id, url, site, source, title, language, published, ts, tone, story_id, duplicate_of, "
            "n_entities, n_quotes, n_claims, n_events")


def list_articles(store: Store, filters: Filters | None = None, *, q: str | None = None, limit: int = 20,
                  cursor: str | None = None) -> Page:
    """Articles newest first (or best match first with ``q``), without their full text."""
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    where = Where().filters(store, f)
    order = "ts DESC, seq DESC"
    if q:
        hits = store.text_search(q, kind="article")
        rank = {h.key: h.score for h in hits}
        where.add("seq IN (SELECT unnest(?::BIGINT[]))", list(rank))
        rows = store.query(f"SELECT seq, {_COLUMNS} FROM articles {where.sql()}", where.params)
        rows.sort(key=lambda r: (-rank[r["seq"]], -r["seq"]))
        total, rows = len(rows), rows[offset:offset + limit]
        for r in rows:
            r["score"] = rank[r.pop("seq")]
    else:
        total = int(store.query(f"SELECT count(*) AS n FROM articles {where.sql()}", where.params)[0]["n"])
        rows = store.query(f"SELECT {_COLUMNS} FROM articles {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                           [*where.params, limit, offset])
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The full record, or None."""
    return store.get(article_id)
