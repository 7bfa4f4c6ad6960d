"""Quote search: who said what, by speaker and by words."""

from __future__ import annotations

from newsradar.analytics.common import Filters, Page, Where, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store
from newsradar.store.rows import QUOTE_BITS

_COLUMNS = ("q.speaker, q.speaker_key AS speaker_entity, q.kind, q.cue, q.text, q.span_start, q.span_end, "
            "q.article_id, q.ts, q.site, q.language, a.title, a.url")


def list_quotes(store: Store, filters: Filters | None = None, *, speaker: str | None = None, q: str | None = None,
                limit: int = 20, cursor: str | None = None) -> Page:
    """Quotes newest first, or best match first when searching words (``q``). ``speaker`` matches
    the words of the speaker's name in any order ("Abadi" finds "Haider al-Abadi")."""
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    where = Where("q").filters(store, f)
    rank: dict[int, float] | None = None
    if q:
        rank = {h.key: h.score for h in store.text_search(q, kind="quote")}
    if speaker:
        by_speaker = {h.key: h.score for h in store.text_search(speaker, kind="quote", column="speaker")}
        rank = by_speaker if rank is None else {k: v for k, v in rank.items() if k in by_speaker}
    if rank is not None:
        where.add("q.qid IN (SELECT unnest(?::BIGINT[]))", list(rank))
    # The page's quotes and their articles only; the seq range lets both scans skip other row groups.
    joined = ("FROM quotes q JOIN articles a ON a.seq = q.seq WHERE q.qid IN (SELECT unnest(?::BIGINT[])) "
              "AND q.seq BETWEEN ? AND ? AND a.seq BETWEEN ? AND ?")
    if q and rank is not None:
        keys = [r["qid"] for r in store.query(f"SELECT q.qid FROM quotes q {where.sql()}", where.params)]
        keys.sort(key=lambda k: (-rank[k], -k))
        total, keys = len(keys), keys[offset:offset + limit]
        rows = store.query(f"SELECT q.qid, {_COLUMNS} {joined}", [keys, *_span(keys), *_span(keys)])
        rows.sort(key=lambda r: (-rank[r["qid"]], -r["qid"]))
        for r in rows:
            r["score"] = rank[r.pop("qid")]
    else:
        total = int(store.query(f"SELECT count(*) AS n FROM quotes q {where.sql()}", where.params)[0]["n"])
        keys = [r["qid"] for r in store.query(f"SELECT q.qid FROM quotes q {where.sql()} ORDER BY q.ts DESC, "
                                              "q.qid DESC LIMIT ? OFFSET ?", [*where.params, limit, offset])]
        rows = store.query(f"SELECT {_COLUMNS} {joined} ORDER BY q.ts DESC, q.qid DESC",
                           [keys, *_span(keys), *_span(keys)])
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def _span(qids: list[int]) -> tuple[int, int]:
    """The range of article seqs the quotes belong to."""
    seqs = [k >> QUOTE_BITS for k in qids] or [-1]
    return min(seqs), max(seqs)
