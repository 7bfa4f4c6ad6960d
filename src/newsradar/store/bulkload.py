"""Bulk loads into the DuckDB store (``DuckDBStore.bulk_load``): many new articles at once.

A pipeline over two cores: while DuckDB inserts one batch (it releases the GIL), a thread turns the
next batch into rows and another feeds the previous one to the text index. Docs: docs/storage.md,
"Bulk loads".
"""

from __future__ import annotations

import gc
import itertools
import sys
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import duckdb

from newsradar.record import Article
from newsradar.store.known import Known
from newsradar.store.rows import QUOTE_BITS, Rows, add_article, utcnow
from newsradar.store.summaries import Summaries
from newsradar.store.textindex import TextIndex
from newsradar.store.txn import transaction

# Articles per DuckDB transaction. Committed in batches of 10,000, the articles (and the quotes,
# claims and events) of a commit were fewer rows than one of DuckDB's row groups (122,880), so
# DuckDB wrote them to its log at each commit and again at the checkpoint that ended the load (a
# 100,000-article call into a store of 300,000 grew a 556 MB log). A commit this large checkpoints
# instead of writing the log, and the mentions of a transaction go to the file a whole row group at
# a time. The text index still takes each batch as it is inserted, before the commit: a load that
# fails drops what it indexed (below), and a store opened after a crash drops what its index holds
# beyond the database (DuckDBStore._catch_up_index).
_TRANSACTION = 250_000


class BulkLoading:
    """DuckDBStore's bulk load: a mixin over the store's connection, lock, arrival counter and text
    index, and its own row writers (``_insert``, ``_index_rows``)."""

    _con: duckdb.DuckDBPyConnection
    _lock: threading.RLock
    _seq: int
    _keys: Known | None
    _index: TextIndex
    _summaries: Summaries

    def _scalar(self, sql: str, params: Any = ()) -> Any:
        raise NotImplementedError

    def _insert(self, rows: Rows) -> None:
        raise NotImplementedError

    def _index_rows(self, rows: Rows) -> None:
        raise NotImplementedError

    def bulk_load(self, articles: Iterable[Article], batch: int = 10_000, *, summarize: bool = True) -> int:
        """Append many new articles (their ids must not be stored yet), then fold them into the
        summaries (with ``summarize=False``, the next reader of the summaries or ``close`` does).
        A failed load keeps nothing of the transaction it was in (up to _TRANSACTION articles)."""
        total = 0
        # The cyclic garbage collector rescans every live object (the batches in flight are millions
        # of them) each time enough containers were allocated: with it on, a third of a bulk load
        # went to collections that free nothing. Rows hold no cycles; reference counting frees them.
        collecting = gc.isenabled()
        gc.disable()
        # The text-index thread gives up the GIL for each row SQLite indexes, then waits out the
        # whole switch interval (5 ms) to get it back from the row-building thread: a convoy that
        # nearly doubled the wall time of a bulk load at the same CPU time. Switch more often.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, 0.0002))
        try:
            total = self._bulk_load(articles, batch)
        finally:
            sys.setswitchinterval(interval)
            if collecting:
                gc.enable()
        if summarize:
            self._summaries.fold()
        return total

    def _bulk_load(self, articles: Iterable[Article], batch: int) -> int:
        with self._lock:
            try:
                return self._bulk_transactions(articles, batch)
            except BaseException:
                # What the open transaction held was rolled back; the text index may hold some of it.
                self._seq = int(self._scalar("SELECT coalesce(max(seq), -1) FROM articles"))
                self._trim_index()
                raise
            finally:
                self._keys = None  # the writer's key set, read again at its next lookup

    def _trim_index(self) -> None:
        """Drop what the text index holds beyond the database's last article (``_seq``) and its quotes."""
        self._index.forget_after(self._seq, ((self._seq + 1) << QUOTE_BITS) - 1)

    def _bulk_transactions(self, articles: Iterable[Article], batch: int) -> int:
        total = 0
        source = iter(articles)
        indexing: Future[None] | None = None
        with ThreadPoolExecutor(2, thread_name_prefix="bulk") as pool:
            # A commit of more than this checkpoints instead of writing DuckDB's log (see
            # _TRANSACTION); the threshold of other writes is DuckDB's own, given back below.
            self._con.execute("SET checkpoint_threshold = '1MB'")
            # DuckDB's own worker threads only add CPU here (an Arrow scan is split and merged back,
            # and the threads spin between batches) on cores this pipeline's three threads already
            # fill: one thread inserts the same rows in about two thirds of the CPU time, measured.
            # The checkpoint, too: a second DuckDB thread only spun on the task queue's lock, and
            # it took twice the CPU (5.0-5.2 s against 2.4-2.7 for 100,000 articles into 500,000).
            self._con.execute("SET threads = 1")
            try:
                while True:
                    # each commit checkpoints while the text index takes its last batch
                    with transaction(self._con, "cannot store articles"):
                        count, indexing = self._bulk_batches(pool, itertools.islice(source, _TRANSACTION),
                                                             batch, indexing)
                    if not count:
                        break
                    total += count
                # a reader's open transaction keeps a commit from checkpointing
                self._con.execute("CHECKPOINT")
            finally:
                self._con.execute("RESET checkpoint_threshold")
                self._con.execute("RESET threads")
            if indexing is not None:
                indexing.result()
        return total

    def _bulk_batches(self, pool: ThreadPoolExecutor, articles: Iterable[Article], batch: int,
                      indexing: Future[None] | None) -> tuple[int, Future[None] | None]:
        """Insert the articles batch by batch in the open transaction; (how many, the last batch's
        text indexing)."""
        total = 0
        building: Future[Rows] | None = None
        source = iter(articles)
        # A small first batch: nothing overlaps the first rows built, so the pipeline fills sooner.
        sizes = itertools.chain([max(1, batch // 5)], itertools.repeat(batch))
        while chunk := list(itertools.islice(source, next(sizes))):
            ready = building.result() if building else None
            building = pool.submit(self._rows, chunk)
            if ready is not None:
                indexing = self._bulk_write(pool, ready, indexing)
            total += len(chunk)
        if building is not None:
            indexing = self._bulk_write(pool, building.result(), indexing)
        return total, indexing

    def _rows(self, articles: list[Article]) -> Rows:
        rows, now = Rows(), utcnow()
        for article in articles:
            self._seq += 1
            add_article(rows, article, self._seq, now)
        return rows

    def _bulk_write(self, pool: ThreadPoolExecutor, rows: Rows, indexing: Future[None] | None) -> Future[None]:
        self._insert(rows)
        if indexing is not None:
            indexing.result()
        return pool.submit(self._index_rows, rows)
