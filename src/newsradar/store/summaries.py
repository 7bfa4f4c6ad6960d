"""The entities and stories summary tables, folded in from the facts after the commits that add them.

Both tables are derived: per entity its articles, mentions and first and last sighting; per story
its articles, title and first report. Folding new rows into them is one ``MERGE`` each, and a MERGE
costs about the same for one new article as for a hundred (tens of milliseconds on a store of a
million articles: most of a one-article commit). So commits do not fold: the summaries are folded
(a) before any query that reads them, so that a reader never sees them behind the articles, (b) by a
background thread at most ``DELAY`` seconds after the first commit not yet folded, so that readers
rarely wait for it, and (c) on close and on open (after a crash). Pages that trickle in one by one
then share a fold instead of paying one each.

How far the tables are folded is kept in ``summary_state`` and written in the fold's own
transaction, so a crash between a commit and its fold loses nothing and counts nothing twice.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable

import duckdb

from newsradar.store.txn import transaction

log = logging.getLogger(__name__)
DELAY = 1.0  # seconds a commit's facts may wait for a fold when nobody reads the summaries
# A query names a summary table: fold first. (``n_entities`` and the like do not match.)
READS_SUMMARIES = re.compile(r"(?<![\w.])(entities|stories)(?!\w)", re.I)

_NEW_ENTITIES = ("SELECT entity, any_value(ekey) AS ekey, arg_max(name, count) AS name, arg_max(type, count) "
                 "AS type, arg_max(country, count) AS country, count(DISTINCT seq) AS articles, sum(count) AS "
                 "mentions, min(ts) AS first_seen, max(ts) AS last_seen FROM mentions WHERE seq BETWEEN ? AND ? "
                 "GROUP BY entity")
# No upsert: ON CONFLICT needs a unique index, and DuckDB rewrites indexes whole at every checkpoint.
# One MERGE costs less than half of the UPDATE and INSERT it replaces.
_MERGE_ENTITIES = f"""
    MERGE INTO entities USING ({_NEW_ENTITIES}) AS n ON entities.ekey = n.ekey AND entities.entity = n.entity
    WHEN MATCHED THEN UPDATE SET articles = entities.articles + n.articles,
        mentions = entities.mentions + n.mentions, country = coalesce(entities.country, n.country),
        first_seen = least(entities.first_seen, n.first_seen),
        last_seen = greatest(entities.last_seen, n.last_seen)
    WHEN NOT MATCHED THEN INSERT VALUES (n.entity, n.ekey, n.name, n.type, n.country, n.articles,
        n.mentions, n.first_seen, n.last_seen)"""
_NEW_STORIES = ("SELECT story_id, arg_min(title, ts) AS title, arg_min(id, ts) AS first_article, min(ts) AS "
                "first_seen, max(ts) AS last_seen, count(*) AS articles FROM articles WHERE seq BETWEEN ? AND ? "
                "AND story_id IS NOT NULL GROUP BY story_id")
_MERGE_STORIES = f"""
    MERGE INTO stories USING ({_NEW_STORIES}) AS n ON stories.story_id = n.story_id
    WHEN MATCHED THEN UPDATE SET articles = stories.articles + n.articles,
        title = CASE WHEN n.first_seen < stories.first_seen THEN n.title ELSE stories.title END,
        first_article = CASE WHEN n.first_seen < stories.first_seen THEN n.first_article
                        ELSE stories.first_article END,
        first_seen = least(stories.first_seen, n.first_seen),
        last_seen = greatest(stories.last_seen, n.last_seen)
    WHEN NOT MATCHED THEN INSERT VALUES (n.story_id, n.title, n.first_article, n.first_seen, n.last_seen,
        n.articles)"""


class Summaries:
    """Folds a store's new facts into its summary tables. Every write goes through ``con`` under
    ``lock`` (the store's own); ``last_seq`` tells the newest arrival number committed."""

    def __init__(self, con: duckdb.DuckDBPyConnection, lock: threading.RLock, last_seq: Callable[[], int],
                 *, writable: bool) -> None:
        self._con = con
        self._lock = lock
        self._last_seq = last_seq
        self._writable = writable
        row = con.cursor().execute("SELECT max(folded) FROM summary_state").fetchone()
        # Never past the facts: a store whose newest rows were deleted folds what replaces them.
        self.folded = min(int(row[0]) if row and row[0] is not None else -1, last_seq())
        self._due: float | None = None  # when the oldest unfolded commit must be folded by
        self._wake = threading.Condition(threading.Lock())
        self._stopped = False
        self._thread: threading.Thread | None = None

    @property
    def behind(self) -> bool:
        return self._writable and self.folded < self._last_seq()

    def fold(self) -> None:
        """Fold every committed article not folded yet (nothing when there is none)."""
        if not self.behind:
            return
        with self._lock:
            last = self._last_seq()
            if self.folded >= last:
                return
            self._transaction(self.folded + 1, last, clear=False)

    def rebuild(self) -> None:
        """Recompute both tables from every stored fact."""
        with self._lock:
            row = self._con.execute("SELECT coalesce(max(seq), -1) FROM articles").fetchone()
            self._transaction(0, int(row[0]) if row else -1, clear=True)

    def _transaction(self, first: int, last: int, *, clear: bool) -> None:
        con = self._con
        with transaction(con, "cannot update the entity and story summaries"):
            if clear:
                con.execute("DELETE FROM entities")
                con.execute("DELETE FROM stories")
            if last >= first:
                con.execute(_MERGE_ENTITIES, [first, last])
                con.execute(_MERGE_STORIES, [first, last])
            con.execute("UPDATE summary_state SET folded = ?", [last])
        self.folded = last
        with self._wake:
            self._due = None

    def committed(self) -> None:
        """A commit added facts: have them folded within ``DELAY`` seconds unless a reader does it first."""
        with self._wake:
            if self._stopped:
                return
            if self._due is None:
                self._due = time.monotonic() + DELAY
                self._wake.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="store-summaries", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._stopped and (self._due is None or self._due > time.monotonic()):
                    self._wake.wait(None if self._due is None else self._due - time.monotonic())
                if self._stopped:
                    return
                self._due = None
            try:
                self.fold()
            except Exception:  # the next reader, commit, close or open folds again; this thread goes on
                log.exception("folding the entity and story summaries failed")

    def stop(self) -> None:
        """Stop the background thread (the store folds what is left before it closes)."""
        with self._wake:
            self._stopped = True
            self._wake.notify()
        if self._thread is not None:
            self._thread.join()
