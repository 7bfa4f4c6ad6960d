"""Full-text index of articles and quotes, and their summaries by key: SQLite in a file beside the
database.

Chosen over DuckDB's ``fts`` extension by measurement (docs/storage.md): FTS5 adds a document in
milliseconds, where DuckDB's index must be rebuilt whole to see one new article. The index is
derived data: rowids are the article's ``seq`` or the quote's ``qid``, every write is an upsert, and
a store that finds the index behind (a crash between the two commits, a deleted file) re-indexes
what is missing, so the database file stays the only thing that must be kept.

Lists of articles and quotes (search hits, story members, a speaker's quotes) read each article's
summary, the start of its text and each quote as its record holds it here by key: a B-tree lookup
is a fraction of a millisecond, where DuckDB reads scattered rows of its wide compressed columns by
decompressing the vectors around each one (tens to hundreds of milliseconds for a page of results).
"""

from __future__ import annotations

import itertools
import logging
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from newsradar.errors import InputError, NewsradarError, StoreError
from newsradar.store.searchquery import parse, to_fts5
from newsradar.textfold import has_cjk, twin, unfolded

log = logging.getLogger(__name__)

# JSON kept by key: an article's summary by seq, a quote by seq << QUOTE_BITS | index. (Events were
# kept too, for a few milliseconds on event pages, but cost a tenth of the bulk-load rate.)
KEPT = ("summary", "quote")
# The tokenizer drops accents ("Müller" is "muller") but keeps letters of their own (ø, ł, ß, æ…):
# each column has a twin (``text_alt``) holding, transliterated as keys fold them (textfold.py), the
# sentences that have such letters, and a query word with one also asks for its transliteration,
# so that "Lodz" finds "Łódź", "Store" "Støre" and the other way round. Only the sentences, not the
# whole text: a word matched in both a column and its twin counts twice in the ranking. The twin
# also holds the sentences in Chinese or Japanese with their characters spaced apart (the tokenizer
# reads a run of them as one word), and a query word in those scripts also asks for the phrase of
# its characters: "罢工" finds the article that has it inside a longer run.
_COLUMNS = {"article_text": ("title", "text"), "quote_text": ("speaker", "text")}
_TOKENIZE = "tokenize='porter unicode61 remove_diacritics 2'"
_SCHEMA = (
    *(f"CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5({', '.join(cols)}, "
      f"{', '.join(c + '_alt' for c in cols)}, {_TOKENIZE})" for table, cols in _COLUMNS.items()),
    *(f"CREATE TABLE IF NOT EXISTS kept_{kind} (key INTEGER PRIMARY KEY, json TEXT NOT NULL)" for kind in KEPT),
)
# Bytes of new postings FTS5 gathers in memory before writing a segment (default 1 MB): in a bulk
# load's large transactions, fewer and larger segments are fewer merges, a quarter less time. A
# small transaction flushes at its commit anyway.
_HASHSIZE = 4 << 20
# The twins' version (the sidecar's user_version): 2 since Chinese and Japanese characters are spaced
# in them. A writer that opens an older sidecar indexes again the rows that have such characters.
TWINS = 2
_ROWS_PER_STATEMENT = 200  # rows of one INSERT (at most 3 values each, far below SQLite's cap)
_BATCH = 500  # keys per lookup statement (SQLite caps the parameters of one)
_TABLES = {"article": "article_text", "quote": "quote_text", "summary": "kept_summary"}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def alt_text(text: str | None, sentences: bool) -> str | None:
    """What a column's twin holds: the text's :func:`~newsradar.textfold.twin` (only its sentences
    that change, when ``sentences``), or None when nothing changes."""
    if not text or not (unfolded(text) or has_cjk(text)):
        return None
    if not sentences:
        return twin(text)
    return "\n".join(t for part in _SENTENCE_END.split(text) if (t := twin(part)))


def to_match(q: str, *, folded: bool = True) -> str:
    """A user's query as an FTS5 expression ("" when it holds no words), read by the search syntax
    (searchquery.py: words ANDed, "phrases", OR, NOT, prefix*, parentheses grouping); InputError
    when it cannot be asked of the index. With ``folded`` (an index with the twins), a word or phrase
    holding ø, ł, ß… is also asked for transliterated, and one in Chinese or Japanese as the phrase of
    its characters (searchquery.to_fts5)."""
    return to_fts5(parse(q), folded=folded)


class DamagedIndexError(StoreError):
    """The sidecar cannot be read (truncated, overwritten): a writer rebuilds it from the database."""


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    # "file is not a database", "database disk image is malformed"; an OperationalError (locked,
    # an FTS5 expression refused) is no damage
    return not isinstance(exc, sqlite3.OperationalError)


class TextIndex:
    """The FTS5 sidecar; one connection guarded by a lock (SQLite serialises writers anyway).

    ``create=False`` (a read-only store): a missing sidecar is not created; the index is then empty
    and ``missing`` is set, so that a text search can say so rather than find nothing."""

    def __init__(self, path: Path | None, *, create: bool = True) -> None:
        self.path = path
        self.missing = path is not None and not create and not path.exists()
        self._lock = threading.Lock()
        with self._reading():
            self._con = sqlite3.connect(str(path) if path and not self.missing else ":memory:",
                                        check_same_thread=False, isolation_level=None)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute("PRAGMA synchronous=NORMAL")
            # whether the index has the transliterated twins (a sidecar from before them has not)
            self.folded = self._upgrade(create)
            fresh = not self._con.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_text'").fetchone()
            for stmt in _SCHEMA:
                self._con.execute(stmt)
            if fresh and create:
                self.twins_done()  # every row it will hold is indexed with today's twins
            for table in ("article_text", "quote_text"):
                held = self._con.execute(f"SELECT v FROM {table}_config WHERE k = 'hashsize'").fetchone()
                if held is None or held[0] != _HASHSIZE:  # written once, so that readers never write
                    self._con.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', ?)", [_HASHSIZE])

    def _upgrade(self, create: bool) -> bool:
        """Drop a text index made before the transliterated twins, for the store's catch-up to index
        everything again (FTS5 cannot add a column); a reader goes on with it as it is."""
        old = [t for t, cols in _COLUMNS.items()
               if (held := [r[1] for r in self._con.execute(f"PRAGMA table_info({t})")])
               and f"{cols[0]}_alt" not in held]
        if not old:
            return True
        if not create:
            return False
        log.warning("the full-text index %s is rebuilt from the database, to find names with ø, ł, ß… in their "
                    "ASCII spelling as well", self.path)
        for table in _COLUMNS:
            self._con.execute(f"DROP TABLE IF EXISTS {table}")
        return True

    @property
    def twins_behind(self) -> bool:
        """Whether rows were indexed with older twins (before Chinese and Japanese were spaced)."""
        with self._lock:
            return bool(self.folded and self._con.execute("PRAGMA user_version").fetchone()[0] < TWINS)

    def twins_done(self) -> None:
        with self._lock:
            self._con.execute(f"PRAGMA user_version = {TWINS}")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Turn a damaged sidecar's errors into a DamagedIndexError naming the way out."""
        try:
            yield
        except sqlite3.DatabaseError as exc:
            if not _damaged(exc):
                raise
            raise self._damage(exc) from exc

    def _damage(self, exc: sqlite3.DatabaseError) -> DamagedIndexError:
        return DamagedIndexError(f"the full-text index {self.path} is damaged ({exc}): open the store once for "
                                 "writing (newsradar ingest, or serve) and it is rebuilt from the database")

    def last(self, kind: str) -> int:
        """The highest key held (``article``, ``quote`` or ``summary``; all are added in arrival order)."""
        with self._lock, self._reading():
            row = self._con.execute(f"SELECT max(rowid) FROM {_TABLES[kind]}").fetchone()
        return int(row[0]) if row and row[0] is not None else -1

    def add(self, articles: Iterable[tuple[int, str | None, str]],
            quotes: Iterable[tuple[int, str | None, str]], summaries: Iterable[tuple[int, str]] = (),
            quote_records: Iterable[tuple[int, str]] = ()) -> None:
        """Index (key, title|speaker, text) rows and keep (seq, summary JSON) and (qid, quote JSON)
        rows, in one transaction; re-adding a key replaces it."""
        with self._lock:
            self._con.execute("BEGIN")
            try:
                if self.folded:
                    self._insert("article_text(rowid, title, text, title_alt, text_alt)", 5, _twinned(articles))
                    self._insert("quote_text(rowid, speaker, text, speaker_alt, text_alt)", 5, _twinned(quotes))
                else:
                    self._insert("article_text(rowid, title, text)", 3, articles)
                    self._insert("quote_text(rowid, speaker, text)", 3, quotes)
                self._insert("kept_summary", 2, summaries)
                self._insert("kept_quote", 2, quote_records)
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise

    def forget_after(self, article: int, quote: int) -> None:
        """Drop what is held for articles after key ``article`` and quotes after key ``quote``. A
        bulk load indexes each batch before the database commits it, so a failed or killed load can
        leave the index ahead of the database, and those keys go to the next articles stored (a
        stale quote would outlive its article)."""
        bounds = {"article_text": article, "kept_summary": article, "quote_text": quote, "kept_quote": quote}
        with self._lock:
            ahead = [t for t, last in bounds.items()
                     if self._con.execute(f"SELECT 1 FROM {t} WHERE rowid > ? LIMIT 1", [last]).fetchone()]
            if not ahead:
                return
            self._con.execute("BEGIN")
            try:
                for table in ahead:
                    self._con.execute(f"DELETE FROM {table} WHERE rowid > ?", [bounds[table]])
                self._con.execute("COMMIT")
            except BaseException:
                self._con.execute("ROLLBACK")
                raise

    def _insert(self, target: str, width: int, rows: Iterable[Sequence[object]]) -> None:
        """INSERT OR REPLACE the rows, _ROWS_PER_STATEMENT to a statement. Not executemany: it
        takes back the GIL after every row, and while another thread runs Python (a bulk load
        builds the next batch) each take waits out a switch interval: ten times the work's own
        time, measured. One statement per couple of hundred rows waits once for them all."""
        values = "(" + ",".join("?" * width) + ")"
        it = iter(rows)
        while part := list(itertools.islice(it, _ROWS_PER_STATEMENT)):
            self._con.execute(f"INSERT OR REPLACE INTO {target} VALUES " + ",".join([values] * len(part)),
                              [value for row in part for value in row])

    def kept(self, kind: str, keys: Iterable[int]) -> dict[int, str]:
        """The JSON kept for these keys (those held) of one ``KEPT`` kind."""
        if kind not in KEPT:
            raise ValueError(f"the text index keeps no {kind!r}")
        return self._lookup(f"SELECT key, json FROM kept_{kind} WHERE key IN ({{}})", keys)

    def texts(self, seqs: Iterable[int], chars: int) -> dict[int, str]:
        """The first ``chars`` characters of articles' text by arrival number, for the ones indexed."""
        return self._lookup(f"SELECT rowid, substr(text, 1, {int(chars)}) FROM article_text WHERE rowid IN ({{}})",
                            seqs)

    def _lookup(self, sql: str, keys: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(keys))
        out: dict[int, str] = {}
        with self._lock, self._reading():
            for i in range(0, len(wanted), _BATCH):
                part = wanted[i:i + _BATCH]
                out.update(self._con.execute(sql.format(",".join("?" * len(part))), part).fetchall())
        return out

    def search(self, q: str, kind: str, limit: int | None = None, within: Sequence[int] | None = None,
               column: str | None = None, *, between: tuple[int, int] | None = None,
               ranked: bool = True) -> list[tuple[int, float]]:
        """(key, score) best first, equal scores newest (highest key) first; the score is FTS5's bm25
        negated so that higher is better.
        ``column`` restricts the match to one column (``title``/``text``, ``speaker``/``text``),
        ``between`` to keys in an inclusive range (FTS5 skips the rest of each posting list).
        ``ranked=False``: keys in ascending order with score 0, without BM25 (several times cheaper:
        a phrase's positions are never read for scoring)."""
        expr = to_match(q, folded=self.folded)
        if not expr:
            return []
        if column:
            expr = f"{{{column} {column}_alt}} : ({expr})" if self.folded else f"{{{column}}} : ({expr})"
        table = _TABLES[kind]
        score = f"-bm25({table})" if ranked else "0.0"
        sql = f"SELECT rowid, {score} FROM {table} WHERE {table} MATCH ?"
        params: list[object] = [expr]
        if between is not None:
            sql += " AND rowid BETWEEN ? AND ?"
            params += [between[0], between[1]]
        if within is not None:
            keys = list(within)
            if not keys:
                return []
            sql += f" AND rowid IN ({','.join('?' * len(keys))})"
            params += keys
        # Equal scores are common (a wire copy with one word changed scores as its original), and
        # FTS5 leaves their order open: a page cut at ``limit`` then kept a different subset of the
        # tied rows each time. Ties go newest first, as analytics.search orders its hits.
        sql += " ORDER BY 2 DESC, rowid DESC" if ranked else " ORDER BY rowid"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        with self._lock:
            try:
                rows = self._con.execute(sql, params).fetchall()
            except sqlite3.OperationalError as exc:
                raise _refused(q, exc) from exc
            except sqlite3.DatabaseError as exc:
                raise self._damage(exc) from exc
        return [(int(k), float(s)) for k, s in rows]

    def count(self, q: str, kind: str) -> int:
        """How many documents match (no ranking, so cheaper than a search)."""
        expr = to_match(q, folded=self.folded)
        if not expr:
            return 0
        table = _TABLES[kind]
        with self._lock:
            try:
                row = self._con.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?", [expr]).fetchone()
            except sqlite3.OperationalError as exc:
                raise _refused(q, exc) from exc
            except sqlite3.DatabaseError as exc:
                raise self._damage(exc) from exc
        return int(row[0]) if row else 0

    def close(self) -> None:
        with self._lock:
            self._con.close()


def _refused(q: str, exc: sqlite3.OperationalError) -> NewsradarError:
    """Why the index could not answer: a search FTS5 cannot read (which ``to_match`` is tested never
    to make, so a bug worth seeing, not an empty result), or the index itself failing (locked)."""
    if "fts5" in str(exc) or "syntax error" in str(exc):
        return InputError(f"the full-text index cannot read the search {q!r}: {exc}")
    return StoreError(f"full-text search failed: {exc}")


def _twinned(rows: Iterable[tuple[int, str | None, str]]) -> Iterator[tuple[int, str | None, str, str | None,
                                                                          str | None]]:
    """(key, title|speaker, text) rows with their columns' transliterated twins."""
    for key, head, text in rows:
        yield key, head, text, alt_text(head, sentences=False), alt_text(text, sentences=True)


def open_index(path: Path | None, read_only: bool) -> tuple[TextIndex, str | None]:
    """The sidecar of a store, and why text search cannot answer when it cannot. A writer moves a
    damaged sidecar aside and starts an empty one, which its catch-up fills from the database; a
    reader goes on without it (other reads fall back to the database) and text search says why."""
    try:
        index = TextIndex(path, create=not read_only)
    except DamagedIndexError as exc:
        if read_only or path is None:
            return TextIndex(None), exc.reason
        for end in ("", "-wal", "-shm"):
            part = path.with_name(path.name + end)
            if part.exists():
                part.replace(part.with_name(path.name + ".damaged" + end))
        log.warning("%s; moved to %s.damaged and rebuilt from the database", exc.reason, path.name)
        return TextIndex(path), None
    if index.missing:
        return index, (f"there is no full-text index {path}: open the store once for writing (newsradar ingest, "
                       "or serve) and it is built from the database")
    return index, None
