"""Articles: lists with filters and full-text search, and one record by id."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import (
    Filters,
    Page,
    Where,
    after_cursor,
    as_filters,
    check_str,
    check_texts,
    key_cursor,
    next_cursor,
    plain_rows,
    seq_range,
)
from newsradar.errors import InputError
from newsradar.store.base import Store

_COLUMNS = ("id, url, site, source, title, language, published, ts, tone, story_id, duplicate_of, "
            "n_entities, n_quotes, n_claims, n_events")


def list_articles(store: Store, filters: Filters | None = None, *, q: str | None = None, limit: int = 20,
                  cursor: str | None = None, story: str | None = None) -> Page:
    """Articles newest first (or best match first with ``q``), without their full text;
    ``story`` keeps one story's."""
    f = as_filters(filters)
    limit, offset, after = after_cursor(limit, cursor)
    check_texts(q=q, story=story)
    where = Where().filters(store, f)
    if story:
        where.add("story_id = ?", story)
    order = "ts DESC, seq DESC"
    if q:
        if after is not None:
            raise InputError(f"bad cursor {cursor!r}: it is a newest-first list's, not a search's")
        hits = store.text_search(q, kind="article", between=seq_range(store, f))
        rank = {h.key: h.score for h in hits}
        if where.parts:
            where.add("seq IN (SELECT unnest(?::BIGINT[]))", list(rank))
            keys = [r["seq"] for r in store.query(f"SELECT seq FROM articles {where.sql()}", where.params)]
        else:
            keys = list(rank)
        keys.sort(key=lambda k: (-rank[k], -k))
        total, keys = len(keys), keys[offset:offset + limit]
        rows = _by_seq(store, keys)
        for r in rows:
            r["score"] = rank[r["seq"]]
        rows.sort(key=lambda r: (-r["score"], -r["seq"]))
        following = next_cursor(offset, limit, total)
    else:
        total = int(store.query(f"SELECT count(*) AS n FROM articles {where.sql()}", where.params)[0]["n"])
        if after is not None:  # after the last item shown, not after so many: articles keep landing
            where.add("ts <= ?", after[0]).add("(ts < ? OR seq < ?)", after[0], after[1])  # <=: prunes row groups
        # The page's keys from two narrow columns, then its rows: sorting every row's fifteen
        # columns to keep twenty made this the slowest list at a million articles.
        found = store.query(f"SELECT seq, ts FROM articles {where.sql()} ORDER BY {order} LIMIT ? OFFSET ?",
                            [*where.params, limit + 1, offset])
        more, found = len(found) > limit, found[:limit]
        rows = sorted(_by_seq(store, [r["seq"] for r in found]), key=lambda r: (r["ts"], r["seq"]), reverse=True)
        following = key_cursor(found[-1]["ts"], found[-1]["seq"]) if more else None
    for r in rows:
        r.pop("seq")
    return Page(plain_rows(rows), total, following)


def _by_seq(store: Store, seqs: list[int]) -> list[dict[str, Any]]:
    """The listed columns of these articles (any order); the seq range prunes row groups."""
    if not seqs:
        return []
    return store.query(f"SELECT seq, {_COLUMNS} FROM articles WHERE seq BETWEEN ? AND ? "
                       "AND seq IN (SELECT unnest(?::BIGINT[]))", [min(seqs), max(seqs), seqs])


def get_article(store: Store, article_id: str) -> dict[str, Any] | None:
    """The full record, or None."""
    return store.get(check_str("article_id", article_id))
