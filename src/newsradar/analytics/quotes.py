"""Quote search: who said what, by speaker and by words."""

from __future__ import annotations

import re
from typing import Any

from newsradar.analytics.common import (
    Filters,
    Page,
    Where,
    as_filters,
    check_texts,
    next_cursor,
    page_bounds,
    plain_rows,
    quote_range,
    seq_range,
)
from newsradar.store.base import Store
from newsradar.store.rows import QUOTE_BITS
from newsradar.store.searchquery import Term, holds, parse
from newsradar.textfold import fold

_COLUMNS = ("q.speaker, q.speaker_key AS speaker_entity, q.kind, q.cue, q.text, q.span_start, q.span_end, "
            "q.article_id, q.ts, q.site, q.language")


def list_quotes(store: Store, filters: Filters | None = None, *, speaker: str | None = None, q: str | None = None,
                limit: int = 20, cursor: str | None = None) -> Page:
    """Quotes newest first, or best match first when searching words (``q``). ``speaker`` matches
    the words of the speaker's name in any order ("Abadi" finds "Haider al-Abadi")."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(speaker=speaker, q=q)
    where = Where("q").filters(store, f)
    filtered = bool(where.parts)
    keys_in = quote_range(seq_range(store, f))
    rank: dict[int, float] | None = None
    if q:
        rank = {h.key: h.score for h in store.text_search(q, kind="quote", between=keys_in)}
    if speaker:  # a filter, not a ranking: the index's keys alone, without BM25
        by_speaker = speaker_hits(store, speaker, between=keys_in, ranked=False)
        rank = by_speaker if rank is None else {k: v for k, v in rank.items() if k in by_speaker}
    if rank is not None:
        where.add("q.qid IN (SELECT unnest(?::BIGINT[]))", list(rank))
    # The page's quotes only (the seq range lets the scan skip other row groups); their articles'
    # titles and URLs come after, by seq, rather than through a join over the articles table.
    joined = "FROM quotes q WHERE q.qid IN (SELECT unnest(?::BIGINT[])) AND q.seq BETWEEN ? AND ?"
    if q and rank is not None:
        keys = [r["qid"] for r in store.query(f"SELECT q.qid FROM quotes q {where.sql()}", where.params)] \
            if filtered else list(rank)
        keys.sort(key=lambda k: (-rank[k], -k))
        total, keys = len(keys), keys[offset:offset + limit]
        rows = _titled(store, store.query(f"SELECT q.qid, q.seq, {_COLUMNS} {joined}", [keys, *_span(keys)]))
        rows.sort(key=lambda r: (-rank[r["qid"]], -r["qid"]))
        for r in rows:
            r["score"] = rank[r.pop("qid")]
    else:
        total = len(rank) if rank is not None and not filtered else \
            int(store.query(f"SELECT count(*) AS n FROM quotes q {where.sql()}", where.params)[0]["n"])
        keys = [r["qid"] for r in store.query(f"SELECT q.qid FROM quotes q {where.sql()} ORDER BY q.ts DESC, "
                                              "q.qid DESC LIMIT ? OFFSET ?", [*where.params, limit, offset])]
        rows = _titled(store, store.query(f"SELECT q.seq, {_COLUMNS} {joined} ORDER BY q.ts DESC, q.qid DESC",
                                          [keys, *_span(keys)]))
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def speaker_hits(store: Store, speaker: str, *, between: tuple[int, int] | None = None,
                 ranked: bool = True) -> dict[int, float]:
    """The quotes (key: score) whose speaker's name holds the words of ``speaker`` as whole words.
    The index stems its words ("Williams" is "william"), so its matches are checked against the names."""
    hits = {h.key: h.score for h in store.text_search(speaker, kind="quote", column="speaker", between=between,
                                                      ranked=ranked)}
    if not hits:
        return {}
    # The speaker column alone, each distinct name checked once: the kept quotes' whole JSON, read
    # and parsed for every hit, made a common speaker's search 111 ms (p95) at 1M articles
    matches: dict[str, bool] = {}
    kept: set[int] = set()
    for row in store.query("SELECT qid, speaker FROM quotes WHERE qid IN (SELECT unnest(?::BIGINT[]))", [list(hits)]):
        name = row["speaker"] or ""
        if name not in matches:
            matches[name] = names_match(speaker, name)
        if matches[name]:
            kept.add(row["qid"])
    return {k: v for k, v in hits.items() if k in kept}


_WORD = re.compile(r"\w+")


def names_match(query: str, name: str) -> bool:
    """Whether ``name`` has the words of ``query`` as whole words, in any order, folded (case and
    accents); "quoted words" must stand together, a trailing * is a prefix, OR, NOT and parentheses
    as in search: the query is read by the index's own parser (store/searchquery.py), so that the
    names kept are those the index was asked for."""
    words = _WORD.findall(fold(name))

    def has(term: Term) -> bool:
        want = _WORD.findall(fold(" ".join(term.words)))
        for i in range(len(words) - len(want) + 1):
            here = words[i:i + len(want)]
            if here == want or (term.prefix and len(want) == 1 and here[0].startswith(want[0])):
                return True
        return False

    tree = parse(query)
    return tree is not None and holds(tree, has)


def _titled(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The quotes with their articles' title and URL (their ``seq`` dropped)."""
    seqs = sorted({r["seq"] for r in rows})
    found = {r["seq"]: r for r in store.query(
        "SELECT seq, title, url FROM articles WHERE seq BETWEEN ? AND ? AND seq IN (SELECT unnest(?::BIGINT[]))",
        [seqs[0], seqs[-1], seqs])} if seqs else {}
    for r in rows:
        article = found.get(r.pop("seq"), {})
        r["title"], r["url"] = article.get("title"), article.get("url")
    return rows


def _span(qids: list[int]) -> tuple[int, int]:
    """The range of article seqs the quotes belong to."""
    seqs = [k >> QUOTE_BITS for k in qids] or [-1]
    return min(seqs), max(seqs)
