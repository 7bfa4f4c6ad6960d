"""Full-text search over articles and quotes together, best match first."""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import (
    Filters,
    Page,
    Where,
    as_filters,
    check_str,
    next_cursor,
    page_bounds,
    plain_rows,
    quote_range,
    seq_range,
)
from newsradar.analytics.quotes import _span
from newsradar.errors import InputError
from newsradar.store.base import Store
from newsradar.store.rows import QUOTE_BITS

SNIPPET = 200  # characters of context around the first matching word
SNIPPET_SOURCE = 4000  # characters of an article's text a snippet is looked for in


KINDS = ("article", "quote")
Hit = tuple[float, str, int]  # (score, "article" or "quote", seq or qid)


def search(store: Store, q: str, filters: Filters | None = None, *, kinds: tuple[str, ...] = ("article", "quote"),
           limit: int = 20, cursor: str | None = None) -> Page:
    """Articles and quotes matching ``q`` (words ANDed, "phrases", OR, NOT, prefix*), best first.
    Items carry ``kind`` ("article" or "quote"), ``score`` and a ``snippet``."""
    page, total, following = ranked(store, q, filters, kinds=kinds, limit=limit, cursor=cursor)
    details = _details(store, [k for _, kind, k in page if kind == "article"],
                       [k for _, kind, k in page if kind == "quote"])
    words = query_words(q)
    items = []
    for score, kind, k in page:
        item = dict(details[(kind, k)])
        body = item.pop("body") or ""
        item.update(kind=kind, score=score, snippet=snippet(body, words) if kind == "article" else body)
        items.append(item)
    return Page(plain_rows(items), total, following)


def ranked(store: Store, q: str, filters: Filters | None = None, *, kinds: tuple[str, ...] = ("article", "quote"),
           limit: int = 20, cursor: str | None = None) -> tuple[list[Hit], int, str | None]:
    """The page of :func:`search` as bare hits, best first, with the total and the next cursor:
    for callers that show the hits their own way (the API, with the records' own objects)."""
    if not check_str("q", q).strip():
        raise InputError("search needs words to look for (q)")
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    kinds = _kinds(kinds)
    hits: list[Hit] = []
    total = 0
    seqs = seq_range(store, f)  # a time filter bounds the index's keys: only the window is ranked
    for kind, table, key in (("article", "articles", "seq"), ("quote", "quotes", "qid")):
        if kind not in kinds:
            continue
        if f == Filters():  # unfiltered: the index ranks only what the page needs, and counts the rest
            found = store.text_search(q, kind=kind, limit=offset + limit)  # type: ignore[arg-type]
            hits += [(h.score, kind, h.key) for h in found]
            total += store.text_count(q, kind=kind) if len(found) == offset + limit else len(found)  # type: ignore[arg-type]
            continue
        keys_in = seqs if kind == "article" else quote_range(seqs)
        rank = {h.key: h.score for h in store.text_search(q, kind=kind, between=keys_in)}  # type: ignore[arg-type]
        if rank:  # only the keys cross over to the filter: details wait for the page
            where = Where().filters(store, f).add(f"{key} IN (SELECT unnest(?::BIGINT[]))", list(rank))
            rank = {r[key]: rank[r[key]] for r in store.query(f"SELECT {key} FROM {table} {where.sql()}",
                                                              where.params)}
        hits += [(score, kind, k) for k, score in rank.items()]
        total += len(rank)
    # The order the index cuts its top rows by (store.text_search): another one here kept a different
    # subset of tied hits on each page, so paging repeated some and never showed others.
    hits.sort(key=lambda t: (-t[0], t[1], -t[2]))
    return hits[offset:offset + limit], total, next_cursor(offset, limit, total)


def _kinds(kinds: object) -> tuple[str, ...]:
    """The kinds to search: a tuple (or list, set) of "article" and "quote", or one of them alone."""
    if isinstance(kinds, str):
        kinds = (kinds,)
    # an unknown kind ("quotes") was skipped, and the search answered an empty page
    if not isinstance(kinds, tuple | list | set | frozenset) or not kinds or \
            not all(isinstance(k, str) and k in KINDS for k in kinds):
        raise InputError(f"kinds must name {' or '.join(KINDS)} or both, as in {KINDS!r}, got {kinds!r}")
    return tuple(kinds)


def query_words(q: str) -> list[str]:
    """The words of a query a snippet looks for (operators and quoting dropped)."""
    return [w.lower().strip('"*') for w in q.split() if w not in ("OR", "AND", "NOT")]


def _details(store: Store, seqs: list[int], qids: list[int]) -> dict[tuple[str, int], dict[str, Any]]:
    # Only narrow columns come from DuckDB: titles, URLs, texts and quotes lie scattered over its wide
    # compressed columns, and the store reads those by key from its sidecar instead.
    out: dict[tuple[str, int], dict[str, Any]] = {}
    arts = store.summaries([*seqs, *(k >> QUOTE_BITS for k in qids)])
    if seqs:
        bodies = store.texts(seqs, SNIPPET_SOURCE)
        for r in store.query("SELECT seq, ts, site FROM articles WHERE seq IN (SELECT unnest(?::BIGINT[])) "
                             "AND seq BETWEEN ? AND ?", [seqs, min(seqs), max(seqs)]):
            a = arts.get(r["seq"]) or {}
            out[("article", r["seq"])] = {
                "article_id": a.get("id"), "title": a.get("title"), "site": r["site"], "url": a.get("url"),
                "ts": r["ts"], "language": a.get("language"), "story_id": a.get("story_id"),
                "body": bodies.get(r["seq"], "")}
    if qids:
        quotes = store.quotes(qids)
        for r in store.query("SELECT qid, seq, article_id, ts, site, language FROM quotes "
                             "WHERE qid IN (SELECT unnest(?::BIGINT[])) AND seq BETWEEN ? AND ?",
                             [qids, *_span(qids)]):
            q, a = quotes.get(r["qid"]) or {}, arts.get(r["seq"]) or {}
            out[("quote", r["qid"])] = {
                "article_id": r["article_id"], "speaker": q.get("speaker"),
                "quote_kind": q.get("kind"), "cue": q.get("cue"), "body": q.get("text"), "ts": r["ts"],
                "site": r["site"], "language": r["language"], "title": a.get("title"), "url": a.get("url")}
    return out


def snippet(text: str, words: list[str]) -> str:
    """A window of the text around the first query word found (the start when none is)."""
    low = text.lower()
    hits = [i for w in words if w and (i := low.find(w)) >= 0]
    start = max(0, min(hits) - SNIPPET // 3) if hits else 0
    piece = " ".join(text[start:start + SNIPPET].split())
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(text) else "")
