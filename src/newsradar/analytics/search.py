"""Full-text search over articles and quotes together, best match first."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import Filters, Page, Where, next_cursor, page_bounds, plain_rows
from newsradar.errors import InputError
from newsradar.store.base import Store

SNIPPET = 200  # characters of context around the first matching word


def search(store: Store, q: str, filters: Filters | None = None, *, kinds: tuple[str, ...] = ("article", "quote"),
           limit: int = 20, cursor: str | None = None) -> Page:
    """Articles and quotes matching ``q`` (words ANDed, "phrases", OR, NOT, prefix*), best first.
    Items carry ``kind`` ("article" or "quote"), ``score`` and a ``snippet``."""
    if not q.strip():
        raise InputError("search needs words to look for (q)")
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    found: list[dict[str, Any]] = []
    if "article" in kinds:
        rank = {h.key: h.score for h in store.text_search(q, kind="article")}
        if rank:
            where = Where().filters(store, f).add("seq IN (SELECT unnest(?::BIGINT[]))", list(rank))
            for r in store.query("SELECT seq, id, title, site, url, ts, language, story_id, "
                                 f"substr(text, 1, 2000) AS body FROM articles {where.sql()}", where.params):
                r.update(kind="article", score=rank[r["seq"]], article_id=r.pop("id"))
                found.append(r)
    if "quote" in kinds:
        qrank = {h.key: h.score for h in store.text_search(q, kind="quote")}
        if qrank:
            where = Where("q").filters(store, f).add("q.qid IN (SELECT unnest(?::BIGINT[]))", list(qrank))
            for r in store.query("SELECT q.qid, q.seq, q.article_id, q.speaker, q.kind AS quote_kind, q.cue, "
                                 "q.text AS body, q.ts, q.site, q.language, a.title, a.url FROM quotes q "
                                 f"JOIN articles a ON a.seq = q.seq {where.sql()}", where.params):
                r.update(kind="quote", score=qrank[r.pop("qid")])
                found.append(r)
    found.sort(key=lambda r: (-r["score"], -r["seq"]))
    total = len(found)
    items = found[offset:offset + limit]
    words = [w.lower().strip('"*') for w in q.split() if w not in ("OR", "AND", "NOT")]
    for item in items:
        item.pop("seq", None)
        body = item.pop("body") or ""
        item["snippet"] = snippet(body, words) if item["kind"] == "article" else body
    return Page(plain_rows(items), total, next_cursor(offset, limit, total))


def snippet(text: str, words: list[str]) -> str:
    """A window of the text around the first query word found (the start when none is)."""
    low = text.lower()
    hits = [i for w in words if w and (i := low.find(w)) >= 0]
    start = max(0, min(hits) - SNIPPET // 3) if hits else 0
    piece = " ".join(text[start:start + SNIPPET].split())
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")
