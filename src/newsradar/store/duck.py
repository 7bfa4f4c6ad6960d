"""The embedded store: one DuckDB file, plus its full-text index beside it (``PATH.fts``).

One process writes a DuckDB file at a time (DuckDB locks it); inside that process any number of
threads read through their own cursors while writes are serialised by a lock. Rows go in through
Arrow tables, which DuckDB scans without copying: per-row inserts cost milliseconds each.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb
import orjson
import pyarrow as pa

from newsradar.errors import StoreBusyError, StoreError
from newsradar.record import Article
from newsradar.store.base import PutResult, Store, TextHit
from newsradar.store.bulkload import BulkLoading
from newsradar.store.known import Known
from newsradar.store.migrations import LATEST, MIGRATIONS
from newsradar.store.rows import (
    OWN_COLUMNS,
    QUOTE_BITS,
    SHARED,
    TABLE_COLUMNS,
    Rows,
    add_article,
    lookup_key,
    record_from,
    summary_json,
    summary_of,
    text_hash,
    utcnow,
)
from newsradar.store.summaries import READS_SUMMARIES, Summaries
from newsradar.store.textindex import open_index
from newsradar.store.txn import transaction
from newsradar.textfold import CJK_CLASS

_INT = {"seq", "id_key", "text_key", "ekey", "qid", "n_entities", "n_quotes", "n_claims", "n_events", "count", "idx",
        "span_start", "span_end",
        "quad_class"}
_FLOAT = {"tone", "tone_positive", "tone_negative", "salience", "value", "upper", "goldstein", "lat", "lon"}
_TIME = {"published", "ts", "ingested_at"}


# DuckDB's Python client binds a list parameter element by element at ~0.5 ms each (1,000 keys:
# 400-800 ms, the bulk of most dashboard queries), while it parses the same list sent as one JSON
# string in about a millisecond. So list parameters travel as JSON and ``?::T[]`` reads them back.
_LIST_PARAM = re.compile(r"\?::([A-Z]+)\[\]")
# A statement that writes the articles table (may add articles or change their ids or texts), for the
# key set; one that only reads it (an alert's match, INSERT INTO alert_matches SELECT … FROM articles)
# leaves the keys, which a reload at each would cost a scan of the table.
_WRITES_ARTICLES = re.compile(r"^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|MERGE\s+INTO|COPY|"
                              r"TRUNCATE(?:\s+TABLE)?|DROP\s+TABLE(?:\s+IF\s+EXISTS)?|ALTER\s+TABLE|"
                              r"CREATE\s+OR\s+REPLACE\s+TABLE)\s+(?:main\.)?articles(?!\w)", re.I)
_ID_KEY, _TEXT_KEY = TABLE_COLUMNS["articles"].index("id_key"), TABLE_COLUMNS["articles"].index("text_key")


def bind(sql: str, params: Sequence[Any]) -> tuple[str, list[Any]]:
    """``sql`` and ``params`` with every list parameter sent as JSON (each must be written ``?::T[]``)."""
    if not any(isinstance(p, list | tuple) for p in params):
        return sql, list(params)
    return (_LIST_PARAM.sub(lambda m: f"from_json(?, '[\"{m.group(1)}\"]')", sql),
            [orjson.dumps(p).decode("utf-8") if isinstance(p, list | tuple) else p for p in params])


def _arrow_type(column: str) -> pa.DataType:
    if column in _INT:
        return pa.int64()
    if column in _FLOAT:
        return pa.float64()
    if column in _TIME:
        return pa.timestamp("us")
    return pa.string()


# Rows per Arrow chunk. A batch's record column whole is tens of megabytes, built by doubling: the
# allocator hands such blocks back to the OS when they are freed, and taking them again page by page
# cost 30-60 us per article (a fifth of a bulk load's Python time, on this VM). Chunks of this
# size reuse the memory the chunk before just freed.
_CHUNK = 1024


def _column(values: Sequence[Any], kind: pa.DataType) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array(values[i:i + _CHUNK], type=kind) for i in range(0, len(values), _CHUNK)],
                            type=kind)


def _arrow(table: str, rows: list[tuple[Any, ...]], articles: pa.Table | None = None) -> pa.Table:
    """The table's rows as Arrow columns in the table's order; a fact table's shared columns are
    taken from ``articles`` (the same Rows' articles as Arrow) by each row's article position."""
    names = TABLE_COLUMNS[table]
    if articles is None:
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        return pa.Table.from_arrays([_column(col, _arrow_type(n)) for n, col in zip(names, columns, strict=True)],
                                    names=list(names))
    own = OWN_COLUMNS[table]
    pos, *values = list(zip(*rows, strict=True)) if rows else [() for _ in range(len(own) + 1)]
    arrays = {n: _column(col, _arrow_type(n)) for n, col in zip(own, values, strict=True)}
    at = pa.array(pos, type=pa.int64())
    arrays.update((n, articles.column(src).take(at)) for n, src in SHARED[table].items())
    return pa.Table.from_arrays([arrays[n] for n in names], names=list(names))


class DuckDBStore(BulkLoading, Store):
    dialect = "duckdb"

    def __init__(self, path: str | Path | None, *, read_only: bool = False) -> None:
        self.path = Path(path).expanduser() if path not in (None, ":memory:") else None
        self.read_only = read_only
        if self.path is not None and not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path is not None and self.path.is_file():
            with self.path.open("rb") as fh:
                if fh.read(16) == b"SQLite format 3\x00":  # DuckDB would attach it through an extension
                    raise StoreError(f"cannot open {self.path}: it is a SQLite database, not a newsradar store")
        try:
            # no extension is installed or loaded on the fly: a --db naming a SQLite file made DuckDB
            # download its sqlite scanner, and nothing is fetched at run time
            self._con = duckdb.connect(str(self.path) if self.path else ":memory:", read_only=read_only,
                                       config={"autoinstall_known_extensions": False,
                                               "autoload_known_extensions": False})
        except duckdb.IOException as exc:
            held = "lock" in str(exc).lower()
            raise (StoreBusyError if held else StoreError)(f"cannot open {self.path}: {exc}" + (
                " (DuckDB lets one process write a database file at a time: stop the other newsradar process, "
                "or query through it, as the API server allows)" if held else "")) from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        self._lock = threading.RLock()
        self._writes = 0  # statements run through ``execute``: any of them may change what is stored
        self._last_known: tuple[tuple[object, ...], dict[str, str]] | None = None
        self._keys: Known | None = None  # the stored articles' lookup keys, read at the first lookup
        self._migrate()
        self._seq = int(self._scalar("SELECT coalesce(max(seq), -1) FROM articles"))
        # _index_problem: why text search cannot answer (a reader's missing or damaged index)
        self._index, self._index_problem = open_index(
            self.path.with_name(self.path.name + ".fts") if self.path else None, self.read_only)
        self._summaries = Summaries(self._con, self._lock, self.last_seq, writable=not read_only)
        if not read_only:
            self._catch_up_index()
            self._summaries.fold()  # what a crash left unfolded

    def files(self) -> list[Path]:
        fts = self._index.path
        if self.path is None or fts is None:
            return []
        # PATH.server: the address `serve` notes while it holds the file (cli.remote.note_path)
        return [self.path, *(self.path.with_name(self.path.name + end) for end in (".wal", ".server")),
                *(fts.with_name(fts.name + mid + end) for mid in ("", ".damaged")
                  for end in ("", "-wal", "-shm", "-journal"))]

    # -- schema --------------------------------------------------------------------------------
    def _scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = self._con.cursor().execute(sql, params).fetchone()
        return row[0] if row else None

    def schema_version(self) -> int:
        return int(self._scalar("SELECT coalesce(max(version), 0) FROM schema_migrations"))

    def _migrate(self) -> None:
        with self._lock:
            if self.read_only:
                version = self.schema_version()
            else:
                self._con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                                  "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)")
                version = self.schema_version()
            if version > LATEST:
                raise StoreError(f"{self.path} has schema version {version}, newer than this newsradar knows "
                                 f"({LATEST}): upgrade newsradar to read it")
            for m in MIGRATIONS:
                if m.version <= version:
                    continue
                if self.read_only:
                    raise StoreError(f"{self.path} needs migrating to schema {LATEST}: open it once for writing")
                with transaction(self._con, f"migration {m.version} ({m.name}) failed"):
                    m.apply(self._con)
                    self._con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [m.version, m.name, utcnow()])

    # -- writing -------------------------------------------------------------------------------
    def put(self, articles: Sequence[Article]) -> list[PutResult]:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        with self._lock:
            hashes = [text_hash(a.text) for a in articles]
            known = self._known([a.id for a in articles], hashes, reuse=True)
            results: list[PutResult] = []
            rows = Rows()
            now = utcnow()
            seq = self._seq
            for article, digest in zip(articles, hashes, strict=True):
                dup = known.get("id:" + article.id) or known.get("text:" + digest)
                if dup is not None:
                    results.append(PutResult(article.id, "duplicate", duplicate_of=dup))
                    continue
                seq += 1
                add_article(rows, article, seq, now)
                known["id:" + article.id] = known["text:" + digest] = article.id
                results.append(PutResult(article.id, "stored", seq=seq))
            if rows.articles:
                self._write(rows)
                self._seq = seq
                if self._keys is not None:
                    self._keys.add(k for r in rows.articles for k in (r[_ID_KEY], r[_TEXT_KEY]))
                self._index_rows(rows)
                self._summaries.committed()
            return results

    def stored(self, articles: Sequence[Article]) -> list[str | None]:
        hashes = [text_hash(a.text) for a in articles]
        known = self._known([a.id for a in articles], hashes)
        return [known.get("id:" + a.id) or known.get("text:" + h) for a, h in zip(articles, hashes, strict=True)]

    def _known(self, ids: list[str], hashes: list[str], *, reuse: bool = False) -> dict[str, str]:
        """Which of these ids and texts are stored, and as which article. ``reuse``: the answer to
        the same question asked last, if nothing was written since (an ingestor asks ``stored`` for
        its story index just before it puts the same articles: one scan of two columns, not two)."""
        if not ids:
            return {}
        # Nearly every live page is new: when none of its keys is a stored article's, the two
        # lookups below (about 10 ms of a commit's 30, on both cores) cannot find anything.
        if not self._key_set().holds_any([*map(lookup_key, ids), *map(lookup_key, hashes)]):
            return {}
        question = (tuple(ids), tuple(hashes), self._seq, self._writes)
        last = self._last_known
        if reuse and last is not None and last[0] == question:
            return dict(last[1])
        # Two lookups, not one with OR: each can use its index, where an OR scans the table.
        cur = self._con.cursor()
        id_keys = [lookup_key(i) for i in ids]
        found = [*cur.execute(*bind("SELECT id, text_hash FROM articles WHERE id_key IN (SELECT unnest(?::BIGINT[])) "
                                    "AND id IN (SELECT unnest(?::VARCHAR[]))", [id_keys, ids])).fetchall(),
                 *cur.execute(*bind("SELECT id, text_hash FROM articles WHERE text_key IN "
                                    "(SELECT unnest(?::BIGINT[])) AND text_hash IN (SELECT unnest(?::VARCHAR[]))",
                                    [[lookup_key(h) for h in hashes], hashes])).fetchall()]
        out: dict[str, str] = {}
        for aid, digest in found:
            out["id:" + aid] = aid
            out["text:" + digest] = aid
        self._last_known = (question, dict(out))
        return out

    def _key_set(self) -> Known:
        """The stored articles' lookup keys: read once, then kept up by ``put``; a bulk load or a
        statement writing the articles table drops them (read again at the next lookup). This
        process is the file's one writer (DuckDB's lock), so nothing else adds articles."""
        keys = self._keys
        if keys is None:
            with self._lock:
                keys = self._keys = self.known()
        return keys

    def _write(self, rows: Rows) -> None:
        with transaction(self._con, "cannot store articles"):
            self._insert(rows)

    def _insert(self, rows: Rows) -> None:
        """Insert the rows in the transaction open on the connection."""
        con = self._con
        articles = _arrow("articles", rows.articles)
        for table in TABLE_COLUMNS:
            data = rows.table(table)
            if data:
                frame = articles if table == "articles" else _arrow(table, data, articles)  # noqa: F841
                con.execute(f"INSERT INTO {table} SELECT * FROM frame")  # DuckDB reads the local by name

    def _index_rows(self, rows: Rows) -> None:
        a_seq, a_title, a_text = (TABLE_COLUMNS["articles"].index(c) for c in ("seq", "title", "text"))
        q_id, q_speaker, q_text = (1 + OWN_COLUMNS["quotes"].index(c) for c in ("qid", "speaker", "text"))
        self._index.add(((r[a_seq], r[a_title], r[a_text]) for r in rows.articles),
                        ((r[q_id], r[q_speaker], r[q_text]) for r in rows.quotes),
                        ((seq, summary_json(a)) for seq, a in rows.stored),
                        (q for seq, a in rows.stored for q in _quotes_json(seq, a.quotes)))

    def _catch_up_index(self) -> None:
        """Index what the database holds and the sidecar does not (after a crash, or a new file),
        and drop what the sidecar holds beyond it (a bulk load interrupted before its commit)."""
        self._trim_index()
        cur = self._con.cursor()
        for start, end in self._ranges_after(self._index.last("article")):
            arts = cur.execute("SELECT seq, title, text FROM articles WHERE seq >= ? AND seq < ? ORDER BY seq",
                               [start, end]).fetchall()
            quotes = cur.execute("SELECT qid, speaker, text FROM quotes WHERE seq >= ? AND seq < ? ORDER BY qid",
                                 [start, end]).fetchall()
            self._index.add(arts, quotes)
        if self._index.twins_behind:
            self._twins_again()
        # summaries and quotes separately: a sidecar from before they were kept has its text index complete
        for start, end in self._ranges_after(self._index.last("summary")):
            self._keep_records("seq >= ? AND seq < ?", [start, end])

    def _twins_again(self) -> None:
        """Index again the articles and quotes in Chinese or Japanese, whose twins an older sidecar
        holds unspaced (textfold.twin); an English store has none, and this is one scan of its texts."""
        cur = self._con.cursor()
        self._index.add(*(cur.execute(f"SELECT {key}, {head}, text FROM {table} WHERE regexp_matches("
                                      f"coalesce({head}, '') || coalesce(text, ''), ?) ORDER BY {key}",
                                      [CJK_CLASS]).fetchall()
                          for table, key, head in (("articles", "seq", "title"), ("quotes", "qid", "speaker"))))
        self._index.twins_done()

    def _ranges_after(self, last: int, step: int = 20_000) -> Iterator[tuple[int, int]]:
        """[start, end) ranges of the arrival numbers stored after ``last``, ``step`` at a time."""
        for start in range(last + 1, self._seq + 1, step):
            yield start, start + step

    def _keep_records(self, where: str, params: Sequence[Any]) -> None:
        """Write the summaries and quotes of the articles ``where`` selects into the sidecar, made from
        their stored records."""
        summaries: list[tuple[int, str]] = []
        quotes: list[tuple[int, str]] = []
        for seq, record in self._records_where(where, params):
            summaries.append((seq, orjson.dumps(summary_of(record)).decode("utf-8")))
            quotes += _quotes_json(seq, record.get("quotes") or [])
        self._index.add((), (), summaries, quotes)

    def rebuild_summaries(self) -> None:
        """Recompute the entities and stories tables from the facts (after a bulk load)."""
        self._summaries.rebuild()

    def fold_summaries(self) -> None:
        """Bring the entities and stories tables up to the last commit now (queries that read them
        do this themselves; see ``store/summaries.py``)."""
        self._summaries.fold()

    def set_story(self, article_id: str, story_id: str | None, duplicate_of: str | None) -> None:
        """Record a story assignment made after the article was stored (a rebuilt story index)."""
        with self._lock:
            self._con.execute("UPDATE articles SET story_id = ?, duplicate_of = ? WHERE id_key = ? AND id = ?",
                              [story_id, duplicate_of, lookup_key(article_id), article_id])
            self._con.execute("UPDATE claims SET story_id = ? WHERE article_id = ?", [story_id, article_id])
            self._keep_records("id_key = ? AND id = ?", [lookup_key(article_id), article_id])

    # -- reading -------------------------------------------------------------------------------
    def get(self, article_id: str) -> dict[str, Any] | None:
        cur = self._con.cursor()
        found = cur.execute("SELECT seq FROM articles WHERE id_key = ? AND id = ?",
                            [lookup_key(article_id), article_id]).fetchone()
        if found is None:
            return None
        # by seq: min-max pruning reads one row group of the wide columns, not all of them
        row = cur.execute("SELECT record, text, story_id, duplicate_of FROM articles WHERE seq = ?",
                          [found[0]]).fetchone()
        if row is None:
            return None
        record = record_from(row[0], row[1] or "")
        record["story_id"], record["duplicate_of"] = row[2], row[3]
        return record

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if self._summaries.behind and READS_SUMMARIES.search(sql):
            self._summaries.fold()
        try:
            cur = self._con.cursor().execute(*bind(sql, params))
        except duckdb.Error as exc:
            raise StoreError(f"query failed: {exc}") from exc
        names = [d[0] for d in cur.description or ()]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        if self.read_only:
            raise StoreError("the store was opened read-only")
        with self._lock:
            self._writes += 1
            if _WRITES_ARTICLES.match(sql):
                self._keys = None
            try:
                self._con.execute(*bind(sql, params))
            except duckdb.Error as exc:
                raise StoreError(f"statement failed: {exc}") from exc

    def text_search(self, q: str, *, kind: Literal["article", "quote"], limit: int | None = None,
                    within: Iterable[int] | None = None, column: str | None = None,
                    between: tuple[int, int] | None = None, ranked: bool = True) -> list[TextHit]:
        if self._index_problem:
            raise StoreError(self._index_problem)
        keys = list(within) if within is not None else None
        return [TextHit(kind, key, score)
                for key, score in self._index.search(q, kind, limit, keys, column, between=between, ranked=ranked)]

    def text_count(self, q: str, *, kind: Literal["article", "quote"]) -> int:
        if self._index_problem:
            raise StoreError(self._index_problem)
        return self._index.count(q, kind)

    def summaries(self, seqs: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = set(seqs)
        found = {k: orjson.loads(v) for k, v in self._index.kept("summary", wanted).items()}
        missing = wanted.difference(found)  # written but not yet in the sidecar, or a read-only store behind
        if missing:
            found.update((seq, summary_of(rec)) for seq, rec in self._records_at(missing))
        return found

    def quotes(self, qids: Iterable[int]) -> dict[int, dict[str, Any]]:
        wanted = set(qids)
        found = {k: orjson.loads(v) for k, v in self._index.kept("quote", wanted).items()}
        missing = {k >> QUOTE_BITS for k in wanted.difference(found)}
        if missing:
            found.update((k, orjson.loads(js)) for seq, rec in self._records_at(missing)
                         for k, js in _quotes_json(seq, rec.get("quotes") or []) if k in wanted)
        return found

    def _records_at(self, seqs: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        return self._records_where("seq IN (SELECT unnest(?::BIGINT[]))", [sorted(seqs)])

    def _records_where(self, where: str, params: Sequence[Any]) -> Iterator[tuple[int, dict[str, Any]]]:
        """(seq, record without its text) of the articles a condition selects, in arrival order."""
        for seq, rec, story, dup in self._con.cursor().execute(*bind(
                f"SELECT seq, record, story_id, duplicate_of FROM articles WHERE {where} ORDER BY seq",
                params)).fetchall():
            record = orjson.loads(rec)
            record["story_id"], record["duplicate_of"] = story, dup
            yield int(seq), record

    def texts(self, seqs: Iterable[int], chars: int) -> dict[int, str]:
        wanted = set(seqs)
        found = self._index.texts(wanted, chars)
        missing = wanted.difference(found)
        if missing:
            found.update((int(seq), text or "") for seq, text in self._con.cursor().execute(*bind(
                "SELECT seq, substr(text, 1, ?) FROM articles WHERE seq IN (SELECT unnest(?::BIGINT[]))",
                [chars, sorted(missing)])).fetchall())
        return found

    def records(self, where: str = "", params: Sequence[Any] = (), batch: int = 1000) -> Iterator[dict[str, Any]]:
        cur = self._con.cursor()
        cur.execute(*bind(f"SELECT record, text, story_id, duplicate_of FROM articles "
                          f"{'WHERE ' + where if where else ''} ORDER BY seq", params))
        while chunk := cur.fetchmany(batch):
            for rec, text, story, dup in chunk:
                record = record_from(rec, text or "")
                record["story_id"], record["duplicate_of"] = story, dup
                yield record

    def last_seq(self) -> int:
        return self._seq

    def checkpoint(self) -> None:
        with self._lock:
            self._con.execute("CHECKPOINT")

    def close(self) -> None:
        self._summaries.stop()  # before taking the lock: its thread may be waiting for it
        with self._lock:
            try:
                self._summaries.fold()
                self._con.close()
            finally:
                self._index.close()


def _quotes_json(seq: int, quotes: Sequence[Any]) -> Iterator[tuple[int, str]]:
    """(qid, JSON) of an article's quotes (``Quote`` objects or the record's dicts), as its record holds them."""
    for i, quote in enumerate(quotes[: 1 << QUOTE_BITS]):
        yield seq << QUOTE_BITS | i, orjson.dumps(quote).decode("utf-8")


def quote_article_seq(qid: int) -> int:
    return qid >> QUOTE_BITS
