"""The shared store: one PostgreSQL database that several processes and machines write and read at once.

``open_store("postgresql://user@host/db")`` opens it (psycopg 3, the ``newsradar[postgres]`` extra).
The tables are DuckDB's (store/pgschema.py) and the analytics SQL runs on them as written, through
store/pgsql.py; full-text search is PostgreSQL's own (store/pgsearch.py).

Several writers: every writing transaction takes one advisory lock (``pgschema.WRITE_LOCK``) until it
commits, so writes are serialised across processes and machines, and arrival numbers (``seq``, from
a sequence) are committed in the order they were handed out. That is what keeps everything that
reads "what arrived after seq N" exact (the summaries' fold, alert matching, a dashboard's stream):
a writer that took seq 10 cannot commit after another committed 11. A put holds the lock for its
own writes only (milliseconds); the analysis of pages happens before, in parallel. The unique
constraints on the article id and text hash are kept as well, and an insert that meets them
(``ON CONFLICT DO NOTHING``) reports a duplicate: no interleaving can store one article twice.

Readers read while writers write (PostgreSQL's snapshots), each thread through a connection of a
small pool. The entity and story summaries are folded in the same transaction as the articles they
count, so a reader never sees them behind; a bulk load with ``summarize=False`` leaves them to be
folded later (by the first query of this process that reads them, ``rebuild_summaries`` or close).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Literal

import orjson

from newsradar.errors import StoreError
from newsradar.record import Article
from newsradar.store import shown
from newsradar.store.base import PutResult, Store, TextHit
from newsradar.store.pgschema import FOLD_ENTITIES, FOLD_STORIES, INDEX_ARTICLES, INDEX_QUOTES
from newsradar.store.rows import (
    ARTICLE_COLUMNS,
    OWN_COLUMNS,
    QUOTE_BITS,
    SHARED,
    TABLE_COLUMNS,
    Rows,
    add_article,
    record_from,
    summary_of,
    text_hash,
    utcnow,
)
from newsradar.store.summaries import READS_SUMMARIES
from newsradar.textfold import has_cjk, twin

try:
    import psycopg
    from psycopg.types.numeric import FloatLoader
except ImportError:  # pragma: no cover - the extra is installed wherever the tests run
    psycopg = None  # type: ignore[assignment]

log = logging.getLogger(__name__)
POOL = 8  # connections for reading, shared by the threads of the process

def _fact_layout(table: str) -> list[tuple[bool, int]]:
    """Where each column of a fact table's row comes from: (from its article's row, index)."""
    own, shared = OWN_COLUMNS[table], SHARED[table]
    return [(True, ARTICLE_COLUMNS.index(shared[c])) if c in shared else (False, 1 + own.index(c))
            for c in TABLE_COLUMNS[table]]


_LAYOUT = {t: _fact_layout(t) for t in SHARED}


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        if psycopg is None:
            raise StoreError("the PostgreSQL store needs psycopg: pip install 'newsradar[postgres]'")
        from newsradar.store.pgschema import migrate

        self.url = url
        self.where = shown(url)
        self.read_only = read_only
        self._lock = threading.RLock()  # this process's writes, on the one writing connection
        self._idle: queue.LifoQueue[psycopg.Connection] = queue.LifoQueue()
        self._opened: list[psycopg.Connection] = []
        self._slots = threading.BoundedSemaphore(POOL)
        self._closed = False
        self._behind = False  # a bulk load left the summaries to fold
        self._con = self._connect()
        try:
            migrate(self._con, self.where, read_only=read_only)
            if not read_only:
                with self._writing() as cur:
                    self._fold(cur)  # what a writer that died after a deferred bulk load left
        except BaseException:
            self._con.close()
            raise

    # -- connections -----------------------------------------------------------------------------
    def _connect(self) -> psycopg.Connection:
        try:
            con = psycopg.connect(self.url, autocommit=True, application_name="newsradar")
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {self.where}: {str(exc).strip()}") from exc
        # times are UTC and naive, as in the DuckDB store; numeric results (an average of integers,
        # a count divided by 7.0) are floats, as DuckDB gives them, not Decimals
        con.execute("SET TIME ZONE 'UTC'")
        if self.read_only:
            con.execute("SET default_transaction_read_only = on")
        con.adapters.register_loader("numeric", FloatLoader)
        self._opened.append(con)
        return con

    @contextmanager
    def _reading(self) -> Iterator[psycopg.Cursor[Any]]:
        """A cursor on a pooled connection (at most POOL at once; the others wait)."""
        if self._closed:
            raise StoreError("the store is closed")
        with self._slots:
            try:
                con = self._idle.get_nowait()
            except queue.Empty:
                con = self._connect()
            try:
                with con.cursor() as cur:
                    yield cur
            except psycopg.Error as exc:
                raise StoreError(f"query failed: {str(exc).strip()}") from exc
            finally:
                # a connection left broken or inside a transaction (an interrupt mid-query) is not reused
                if con.closed or con.broken:  # the server went: the idle ones went with it
                    self._drop(con)
                    self._drop_idle()
                elif con.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                    self._drop(con)
                else:
                    self._idle.put(con)

    def _drop(self, con: psycopg.Connection) -> None:
        con.close()
        if con in self._opened:
            self._opened.remove(con)

    def _drop_idle(self) -> None:
        while True:
            try:
                self._drop(self._idle.get_nowait())
            except queue.Empty:
                return

    @contextmanager
    def _writing(self) -> Iterator[psycopg.Cursor[Any]]:
        """One writing transaction on the writing connection, holding the write lock until it commits."""
        if self.read_only:
            raise StoreError("the store was opened read-only")
        from newsradar.store.pgschema import WRITE_LOCK

        with self._lock:
            if self._con.closed or self._con.broken:  # the server restarted under a long watch or serve
                self._drop(self._con)
                self._drop_idle()
                self._con = self._connect()
            try:
                with self._con.transaction(), self._con.cursor() as cur:
                    cur.execute("SELECT pg_advisory_xact_lock(%s)", [WRITE_LOCK])
                    yield cur
            except psycopg.Error as exc:
                raise StoreError(f"cannot write to {self.where}: {str(exc).strip()}") from exc

    # -- writing ---------------------------------------------------------------------------------
    def put(self, articles: Sequence[Article]) -> list[PutResult]:
        hashes = [text_hash(a.text) for a in articles]
        with self._writing() as cur:
            known = self._known(cur, [a.id for a in articles], hashes)
            fresh: list[tuple[Article, str]] = []
            for article, digest in zip(articles, hashes, strict=True):
                if not (known.get("id:" + article.id) or known.get("text:" + digest)):
                    known["id:" + article.id] = known["text:" + digest] = article.id
                    fresh.append((article, digest))
            rows = self._rows(cur, [a for a, _ in fresh])
            stored = self._insert(cur, rows, upsert=True)
            if len(stored) < len(fresh):  # another client stored them meanwhile (one not taking the lock)
                known.update(self._known(cur, [a.id for a, _ in fresh], [d for _, d in fresh]))
            by_id = {rows.articles[i][1]: rows.articles[i][0] for i in range(len(rows.articles))}
            results: list[PutResult] = []
            for article, digest in zip(articles, hashes, strict=True):
                seq = by_id.pop(article.id, None)
                if seq is not None and seq in stored:
                    results.append(PutResult(article.id, "stored", seq=seq))
                    continue
                dup = known.get("id:" + article.id) or known.get("text:" + digest)
                results.append(PutResult(article.id, "duplicate", duplicate_of=dup or article.id))
            if not self._behind:
                self._fold(cur)
        return results

    def stored(self, articles: Sequence[Article]) -> list[str | None]:
        hashes = [text_hash(a.text) for a in articles]
        with self._reading() as cur:
            known = self._known(cur, [a.id for a in articles], hashes)
        return [known.get("id:" + a.id) or known.get("text:" + h) for a, h in zip(articles, hashes, strict=True)]

    @staticmethod
    def _known(cur: psycopg.Cursor[Any], ids: list[str], hashes: list[str]) -> dict[str, str]:
        """Which of these ids and texts are stored, as which article (two lookups by unique index)."""
        if not ids:
            return {}
        found = [*cur.execute("SELECT id, text_hash FROM articles WHERE id = ANY(%s::TEXT[])", [ids]).fetchall(),
                 *cur.execute("SELECT id, text_hash FROM articles WHERE text_hash = ANY(%s::TEXT[])",
                              [hashes]).fetchall()]
        out: dict[str, str] = {}
        for aid, digest in found:
            out["id:" + aid] = out["text:" + digest] = aid
        return out

    @staticmethod
    def _rows(cur: psycopg.Cursor[Any], articles: Sequence[Article]) -> Rows:
        """The articles as rows, numbered from the sequence (in this transaction, under the write lock)."""
        rows = Rows()
        if not articles:
            return rows
        seqs = [r[0] for r in cur.execute("SELECT nextval('articles_seq') FROM generate_series(1, %s)",
                                          [len(articles)]).fetchall()]
        now = utcnow()
        for article, seq in zip(articles, seqs, strict=True):
            add_article(rows, article, seq, now)
        return rows

    def _insert(self, cur: psycopg.Cursor[Any], rows: Rows, *, upsert: bool) -> set[int]:
        """Write the rows and their search rows; the arrival numbers of the articles written. With
        ``upsert``, an article whose id or text is stored already is skipped, with its facts."""
        if not rows.articles:
            return set()
        names = ", ".join(ARTICLE_COLUMNS)
        if upsert:
            marks = ", ".join(["%s"] * len(ARTICLE_COLUMNS))
            cur.executemany(f"INSERT INTO articles ({names}) VALUES ({marks}) ON CONFLICT DO NOTHING RETURNING seq",
                            rows.articles, returning=True)
            stored: set[int] = set()
            while True:
                stored.update(r[0] for r in cur.fetchall())
                if not cur.nextset():
                    break
        else:
            with cur.copy(f"COPY articles ({names}) FROM STDIN") as copy:
                for row in rows.articles:
                    copy.write_row(row)
            stored = {row[0] for row in rows.articles}
        for table, layout in _LAYOUT.items():
            facts = rows.table(table)
            if not facts:
                continue
            with cur.copy(f"COPY {table} ({', '.join(TABLE_COLUMNS[table])}) FROM STDIN") as copy:
                for fact in facts:
                    article = rows.articles[fact[0]]
                    if article[0] in stored:
                        copy.write_row([article[i] if shared else fact[i] for shared, i in layout])
        self._index(cur, rows, min(stored, default=0), max(stored, default=-1))
        return stored

    @staticmethod
    def _index(cur: psycopg.Cursor[Any], rows: Rows, first: int, last: int) -> None:
        """The search rows of what was just written (arrival numbers ``first`` to ``last``)."""
        if last < first:
            return
        a_seq, a_title, a_text = (ARTICLE_COLUMNS.index(c) for c in ("seq", "title", "text"))
        q_id, q_speaker, q_text = (1 + OWN_COLUMNS["quotes"].index(c) for c in ("qid", "speaker", "text"))
        cjk = [(r[a_seq], r[a_title], r[a_text]) for r in rows.articles
               if has_cjk((r[a_title] or "") + (r[a_text] or ""))]
        cur.execute(INDEX_ARTICLES, [*_twins(cjk), first, last])
        cjk = [(r[q_id], r[q_speaker], r[q_text]) for r in rows.quotes
               if has_cjk((r[q_speaker] or "") + (r[q_text] or ""))]
        cur.execute(INDEX_QUOTES, [*_twins(cjk), first, last])

    def _fold(self, cur: psycopg.Cursor[Any]) -> None:
        """Fold every committed article not folded yet into the entity and story summaries (in the
        caller's writing transaction)."""
        row = cur.execute("SELECT (SELECT max(folded) FROM summary_state), "
                          "(SELECT coalesce(max(seq), -1) FROM articles)").fetchone()
        folded, last = (int(row[0]), int(row[1])) if row else (-1, -1)
        if last > folded:
            cur.execute(FOLD_ENTITIES, [folded + 1, last])
            cur.execute(FOLD_STORIES, [folded + 1, last])
        if last != folded:
            cur.execute("UPDATE summary_state SET folded = %s", [last])
        self._behind = False

    def bulk_load(self, articles: Iterable[Article], batch: int = 10_000, *, summarize: bool = True) -> int:
        """Append many new articles by COPY, a transaction per batch (ids and texts must not be stored:
        one that is fails its batch with StoreError)."""
        total = 0
        source = iter(articles)
        while True:
            chunk = [a for _, a in zip(range(batch), source, strict=False)]
            if not chunk:
                break
            with self._writing() as cur:
                self._insert(cur, self._rows(cur, chunk), upsert=False)
                self._behind = True
            total += len(chunk)
        if summarize and self._behind:
            with self._writing() as cur:
                self._fold(cur)
        if total:
            self._vacuum()
        return total

    def _vacuum(self) -> None:
        """VACUUM and ANALYZE what a bulk load wrote: until a page is vacuumed, every read of it sets its
        rows' hint bits and no index-only scan may skip it, the GIN indexes' pending lists grow, and
        the planner knows nothing of the new rows. 100,000 generated articles loaded at 572 articles/s
        with this after each call of 10,000, steady from the first call to the last; at 448/s without
        it, falling from 1,000/s to 300/s (one run each, on a busy host)."""
        tables = ("articles", "mentions", "quotes", "claims", "events", "article_search", "quote_search",
                  "entities", "stories")
        with self._lock:  # VACUUM runs outside a transaction: the writing connection is in autocommit
            try:
                self._con.execute(f"VACUUM (ANALYZE) {', '.join(tables)}")
            except psycopg.Error as exc:  # another role's tables: autovacuum does it later
                log.warning("could not VACUUM after a bulk load of %s: %s", self.where, str(exc).strip())

    def rebuild_summaries(self) -> None:
        with self._writing() as cur:
            cur.execute("DELETE FROM entities")
            cur.execute("DELETE FROM stories")
            cur.execute("UPDATE summary_state SET folded = -1")
            self._fold(cur)

    def fold_summaries(self) -> None:
        """Bring the entity and story summaries up to the last commit now."""
        with self._writing() as cur:
            self._fold(cur)

    def set_story(self, article_id: str, story_id: str | None, duplicate_of: str | None) -> None:
        """Record a story assignment made after the article was stored (a rebuilt story index)."""
        with self._writing() as cur:
            cur.execute("UPDATE articles SET story_id = %s, duplicate_of = %s WHERE id = %s",
                        [story_id, duplicate_of, article_id])
            cur.execute("UPDATE claims SET story_id = %s WHERE article_id = %s", [story_id, article_id])

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        from newsradar.store.pgsql import translate

        with self._writing() as cur:
            cur.execute(translate(sql), [list(p) if isinstance(p, tuple) else p for p in params])

    # -- reading ---------------------------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        from newsradar.store.pgsql import translate

        if self._behind and READS_SUMMARIES.search(sql):
            self.fold_summaries()
        with self._reading() as cur:
            cur.execute(translate(sql), [list(p) if isinstance(p, tuple) else p for p in params])
            names = [d.name for d in cur.description or ()]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def get(self, article_id: str) -> dict[str, Any] | None:
        with self._reading() as cur:
            row = cur.execute("SELECT record, text, story_id, duplicate_of FROM articles WHERE id = %s",
                              [article_id]).fetchone()
        if row is None:
            return None
        record = record_from(row[0], row[1] or "")
        record["story_id"], record["duplicate_of"] = row[2], row[3]
        return record

    def text_search(self, q: str, *, kind: Literal["article", "quote"], limit: int | None = None,
                    within: Iterable[int] | None = None, column: str | None = None,
                    between: tuple[int, int] | None = None, ranked: bool = True) -> list[TextHit]:
        from newsradar.store.pgsearch import search_sql

        keys = list(within) if within is not None else None
        if keys is not None and not keys:
            return []
        statement = search_sql(q, kind, limit=limit, within=keys, column=column, between=between, ranked=ranked)
        if statement is None:
            return []
        with self._reading() as cur:
            rows = cur.execute(*statement).fetchall()
        return [TextHit(kind, int(key), float(score)) for key, score in rows]

    def text_count(self, q: str, *, kind: Literal["article", "quote"]) -> int:
        from newsradar.store.pgsearch import count_sql

        statement = count_sql(q, kind)
        if statement is None:
            return 0
        with self._reading() as cur:
            row = cur.execute(*statement).fetchone()
        return int(row[0]) if row else 0

    def summaries(self, seqs: Iterable[int]) -> dict[int, dict[str, Any]]:
        return {seq: summary_of(record) for seq, record in self._records_at(seqs)}

    def quotes(self, qids: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = set(qids)
        found: dict[int, dict[str, Any]] = {}
        for seq, record in self._records_at({k >> QUOTE_BITS for k in wanted}):
            for i, quote in enumerate((record.get("quotes") or [])[: 1 << QUOTE_BITS]):
                if (key := seq << QUOTE_BITS | i) in wanted:
                    found[key] = quote
        return found

    def _records_at(self, seqs: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(seq, record without its text) of these articles, in arrival order."""
        keys = sorted(set(seqs))
        if not keys:
            return
        with self._reading() as cur:
            rows = cur.execute("SELECT seq, record, story_id, duplicate_of FROM articles "
                               "WHERE seq = ANY(%s::BIGINT[]) ORDER BY seq", [keys]).fetchall()
        for seq, rec, story, dup in rows:
            record = orjson.loads(rec)
            record["story_id"], record["duplicate_of"] = story, dup
            yield int(seq), record

    def texts(self, seqs: Iterable[int], chars: int) -> dict[int, str]:
        keys = sorted(set(seqs))
        if not keys:
            return {}
        with self._reading() as cur:
            rows = cur.execute("SELECT seq, substr(text, 1, %s) FROM articles WHERE seq = ANY(%s::BIGINT[])",
                               [chars, keys]).fetchall()
        return {int(seq): text or "" for seq, text in rows}

    def records(self, where: str = "", params: Sequence[Any] = (), batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Page by arrival number, a ``batch`` at a time: no connection is held between pages."""
        from newsradar.store.pgsql import translate

        condition = translate(f"({where}) AND " if where else "")
        last = -1
        while True:
            with self._reading() as cur:
                rows = cur.execute(f"SELECT seq, record, text, story_id, duplicate_of FROM articles WHERE "
                                   f"{condition}seq > %s ORDER BY seq LIMIT %s", [*params, last, batch]).fetchall()
            for seq, rec, text, story, dup in rows:
                record = record_from(rec, text or "")
                record["story_id"], record["duplicate_of"] = story, dup
                last = seq
                yield record
            if len(rows) < batch:
                return

    def last_seq(self) -> int:
        with self._reading() as cur:
            row = cur.execute("SELECT coalesce(max(seq), -1) FROM articles").fetchone()
        return int(row[0]) if row else -1

    def schema_version(self) -> int:
        from newsradar.store.pgschema import schema_version

        with self._lock:
            return schema_version(self._con)

    def close(self) -> None:
        if self._closed:
            return
        try:
            if self._behind and not self.read_only:
                self.fold_summaries()
        finally:
            self._closed = True
            for con in self._opened:
                con.close()


def _twins(rows: list[tuple[int, str | None, str | None]]) -> tuple[list[int], list[str | None], list[str | None]]:
    """(keys, heads' twins, texts' twins) of rows in Chinese or Japanese, as three arrays."""
    return ([key for key, _, _ in rows], [twin(head) if head else None for _, head, _ in rows],
            [twin(text) if text else None for _, _, text in rows])
