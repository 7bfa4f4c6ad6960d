"""The PostgreSQL store's schema and its versioned migrations.

The tables and columns are DuckDB's (store/migrations.py, at its version 7), so that the analytics
SQL reads both; what PostgreSQL adds is its own: keys and indexes (several writers rely on the
unique ids and text hashes), a sequence for arrival numbers, the functions DuckDB has built in
(store/pgsql.py) and the full-text search tables. Each migration runs once, in order, in one
transaction, recorded in ``schema_migrations``; the first writer to open a database migrates it
while others wait on an advisory lock. Append migrations; never edit one that has shipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsradar.errors import StoreError
from newsradar.store.pgsql import COMPAT
from newsradar.store.rows import utcnow

if TYPE_CHECKING:  # imported where used: the module's SQL is read without psycopg installed
    import psycopg

log = logging.getLogger(__name__)

MIGRATE_LOCK = 0x6E72_0001  # advisory lock keys ("nr" and a number): one migrating process at a time
WRITE_LOCK = 0x6E72_0002  # held by every writing transaction until it commits (see store/postgres.py)
CONFIG = "newsradar"  # the text search configuration: English stems, accents dropped
# to_tsvector takes this many characters of a text at most: a tsvector holds 1 MB
MAX_INDEXED = 500_000

_FACT = "seq BIGINT NOT NULL, article_id TEXT NOT NULL, ts TIMESTAMP NOT NULL, site TEXT, language TEXT"


def _search_config(con: psycopg.Connection) -> None:
    """The text search configuration: English (Snowball) stems of every word, after ``unaccent`` (a
    contrib extension shipped with PostgreSQL) folds accents and transliterates ø, ł, ß, æ… as
    textfold does. A server without unaccent gets the stems alone, with a warning."""
    import psycopg

    try:
        with con.transaction():
            con.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        folded = True
    except psycopg.Error as exc:
        log.warning("PostgreSQL's unaccent extension is not available (%s): text search will not find "
                    "'Muller' for 'Müller'", str(exc).strip())
        folded = False
    # English stems without English stop words: FTS5 indexes every word, and "will*" or a phrase
    # such as "the port" must find what it finds there
    con.execute(f"CREATE TEXT SEARCH DICTIONARY {CONFIG}_stem (TEMPLATE = snowball, Language = english)")
    con.execute(f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)")
    con.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR asciiword, asciihword, "
                f"hword_asciipart WITH {CONFIG}_stem")
    con.execute(f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR word, hword, hword_part WITH "
                f"{'unaccent, ' if folded else ''}{CONFIG}_stem")
    # what each search row indexes: the column (cut to what a tsvector holds) and its twin (textfold.twin)
    con.execute(f"CREATE FUNCTION nr_doc(t text, alt text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE "
                f"AS $$ SELECT to_tsvector('{CONFIG}'::regconfig, left(coalesce(t, ''), {MAX_INDEXED}) || "
                "coalesce(E'\\n' || alt, '')) $$")
    con.execute("INSERT INTO article_search (seq, head, body) SELECT seq, nr_doc(title, NULL), nr_doc(text, NULL) "
                "FROM articles")
    con.execute("INSERT INTO quote_search (qid, seq, head, body) SELECT qid, seq, nr_doc(speaker, NULL), "
                "nr_doc(text, NULL) FROM quotes")


# What a writing transaction runs after its rows (store/postgres.py): the summaries of a range of
# arrival numbers folded in, as store/summaries.py's MERGE does on DuckDB.
FOLD_ENTITIES = """
    INSERT INTO entities SELECT entity, any_value(ekey), arg_max(name, count), arg_max(type, count),
        arg_max(country, count), count(DISTINCT seq), sum(count), min(ts), max(ts)
    FROM mentions WHERE seq BETWEEN %s AND %s GROUP BY entity ORDER BY entity
    ON CONFLICT (entity) DO UPDATE SET articles = entities.articles + excluded.articles,
        mentions = entities.mentions + excluded.mentions, country = coalesce(entities.country, excluded.country),
        first_seen = least(entities.first_seen, excluded.first_seen),
        last_seen = greatest(entities.last_seen, excluded.last_seen)"""
FOLD_STORIES = """
    INSERT INTO stories SELECT story_id, arg_min(title, ts), arg_min(id, ts), min(ts), max(ts), count(*)
    FROM articles WHERE seq BETWEEN %s AND %s AND story_id IS NOT NULL GROUP BY story_id ORDER BY story_id
    ON CONFLICT (story_id) DO UPDATE SET articles = stories.articles + excluded.articles,
        title = CASE WHEN excluded.first_seen < stories.first_seen THEN excluded.title ELSE stories.title END,
        first_article = CASE WHEN excluded.first_seen < stories.first_seen THEN excluded.first_article
                        ELSE stories.first_article END,
        first_seen = least(stories.first_seen, excluded.first_seen),
        last_seen = greatest(stories.last_seen, excluded.last_seen)"""
# The search rows of the articles and quotes of a range of arrival numbers; the twins (textfold.twin)
# of the Chinese and Japanese ones travel as arrays, since PostgreSQL's parser too reads a run of
# those characters as one word.
INDEX_ARTICLES = """
    INSERT INTO article_search (seq, head, body)
    SELECT a.seq, nr_doc(a.title, t.head), nr_doc(a.text, t.body) FROM articles a
    LEFT JOIN unnest(%s::BIGINT[], %s::TEXT[], %s::TEXT[]) AS t(key, head, body) ON t.key = a.seq
    WHERE a.seq BETWEEN %s AND %s ON CONFLICT (seq) DO NOTHING"""
INDEX_QUOTES = """
    INSERT INTO quote_search (qid, seq, head, body)
    SELECT q.qid, q.seq, nr_doc(q.speaker, t.head), nr_doc(q.text, t.body) FROM quotes q
    LEFT JOIN unnest(%s::BIGINT[], %s::TEXT[], %s::TEXT[]) AS t(key, head, body) ON t.key = q.qid
    WHERE q.seq BETWEEN %s AND %s ON CONFLICT (qid) DO NOTHING"""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    step: Callable[[psycopg.Connection], None] | None = None


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles and facts, as DuckDB's schema 7", (
        "CREATE SEQUENCE articles_seq MINVALUE 0 START 0",
        """CREATE TABLE articles (
            seq BIGINT PRIMARY KEY, id TEXT NOT NULL UNIQUE, id_key BIGINT NOT NULL, url TEXT, host TEXT,
            text_hash TEXT NOT NULL UNIQUE, text_key BIGINT NOT NULL,
            source TEXT, site TEXT, title TEXT, language TEXT, section TEXT,
            published TIMESTAMP, ts TIMESTAMP NOT NULL, ingested_at TIMESTAMP NOT NULL,
            tone DOUBLE PRECISION, tone_positive DOUBLE PRECISION, tone_negative DOUBLE PRECISION,
            story_id TEXT, duplicate_of TEXT,
            n_entities INTEGER, n_quotes INTEGER, n_claims INTEGER, n_events INTEGER,
            text TEXT, record TEXT NOT NULL)""",
        "CREATE INDEX articles_id_key_idx ON articles (id_key)",
        "CREATE INDEX articles_text_key_idx ON articles (text_key)",
        "CREATE INDEX articles_ts_idx ON articles (ts)",
        "CREATE INDEX articles_story_idx ON articles (story_id)",
        f"""CREATE TABLE mentions (
            {_FACT}, tone DOUBLE PRECISION, entity TEXT NOT NULL, ekey BIGINT NOT NULL, name TEXT NOT NULL,
            type TEXT, country TEXT, role TEXT, count INTEGER NOT NULL, salience DOUBLE PRECISION)""",
        "CREATE INDEX mentions_seq_idx ON mentions (seq)",
        "CREATE INDEX mentions_ekey_idx ON mentions (ekey, seq)",
        """CREATE TABLE quotes (
            qid BIGINT PRIMARY KEY, seq BIGINT NOT NULL, article_id TEXT NOT NULL, ts TIMESTAMP NOT NULL,
            site TEXT, language TEXT, speaker TEXT, speaker_key TEXT, kind TEXT, cue TEXT, text TEXT,
            span_start INTEGER, span_end INTEGER)""",
        "CREATE INDEX quotes_seq_idx ON quotes (seq)",
        "CREATE INDEX quotes_speaker_idx ON quotes (speaker_key)",
        """CREATE TABLE claims (
            seq BIGINT NOT NULL, article_id TEXT NOT NULL, idx INTEGER NOT NULL, ts TIMESTAMP NOT NULL, site TEXT,
            language TEXT, story_id TEXT, value DOUBLE PRECISION, upper DOUBLE PRECISION, unit TEXT,
            unit_key TEXT, qualifier TEXT, text TEXT, claimant TEXT, claimant_key TEXT, measure TEXT,
            PRIMARY KEY (seq, idx))""",
        "CREATE INDEX claims_story_idx ON claims (story_id)",
        """CREATE TABLE events (
            seq BIGINT NOT NULL, article_id TEXT NOT NULL, idx INTEGER NOT NULL, ts TIMESTAMP NOT NULL, site TEXT,
            language TEXT, source_name TEXT, source_key TEXT, source_code TEXT,
            target_name TEXT, target_key TEXT, target_code TEXT, cameo TEXT, root TEXT,
            plover TEXT, quad_class INTEGER, goldstein DOUBLE PRECISION, location TEXT, country TEXT,
            lat DOUBLE PRECISION, lon DOUBLE PRECISION, text TEXT, PRIMARY KEY (seq, idx))""",
        "CREATE INDEX events_source_idx ON events (source_key)",
        "CREATE INDEX events_target_idx ON events (target_key)",
        """CREATE TABLE entities (
            entity TEXT PRIMARY KEY, ekey BIGINT NOT NULL, name TEXT NOT NULL, type TEXT, country TEXT,
            articles BIGINT NOT NULL, mentions BIGINT NOT NULL, first_seen TIMESTAMP, last_seen TIMESTAMP)""",
        "CREATE INDEX entities_ekey_idx ON entities (ekey)",
        """CREATE TABLE stories (
            story_id TEXT PRIMARY KEY, title TEXT, first_article TEXT, first_seen TIMESTAMP,
            last_seen TIMESTAMP, articles BIGINT NOT NULL)""",
        """CREATE TABLE alerts (
            id TEXT PRIMARY KEY, name TEXT NOT NULL, q TEXT, entity TEXT, language TEXT,
            site TEXT, created_at TIMESTAMP NOT NULL, created_seq BIGINT NOT NULL)""",
        """CREATE TABLE alert_matches (
            alert_id TEXT NOT NULL, seq BIGINT NOT NULL, article_id TEXT NOT NULL,
            matched_at TIMESTAMP NOT NULL, PRIMARY KEY (alert_id, seq))""",
        "CREATE TABLE source_state (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TIMESTAMP NOT NULL)",
        "CREATE TABLE summary_state (folded BIGINT NOT NULL)",
        "INSERT INTO summary_state VALUES (-1)",
        "CREATE TABLE alert_state (evaluated BIGINT NOT NULL)",
        "INSERT INTO alert_state VALUES (-1)",
    )),
    Migration(2, "DuckDB's functions the analytics SQL calls", COMPAT),
    Migration(3, "full-text search of articles and quotes", (
        "CREATE TABLE article_search (seq BIGINT PRIMARY KEY, head tsvector NOT NULL, body tsvector NOT NULL)",
        "CREATE INDEX article_search_doc_idx ON article_search USING gin ((head || body))",
        "CREATE INDEX article_search_head_idx ON article_search USING gin (head)",
        """CREATE TABLE quote_search (qid BIGINT PRIMARY KEY, seq BIGINT NOT NULL, head tsvector NOT NULL,
            body tsvector NOT NULL)""",
        "CREATE INDEX quote_search_doc_idx ON quote_search USING gin ((head || body))",
        "CREATE INDEX quote_search_head_idx ON quote_search USING gin (head)",
    ), _search_config),
)

LATEST = MIGRATIONS[-1].version


def schema_version(con: psycopg.Connection) -> int:
    row = con.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not row or not row[0]:
        return 0
    found = con.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(found[0]) if found else 0


def migrate(con: psycopg.Connection, where: str, *, read_only: bool, until: int = LATEST) -> int:
    """Bring the database up to ``until`` (the latest by default); its version after. ``con`` is in
    autocommit mode; ``where`` names the database in messages."""
    import psycopg

    version = schema_version(con)
    _not_newer(version, where)
    if version >= until:  # nothing to do: a role that may write rows but not create tables opens it too
        return version
    if read_only:
        raise StoreError(f"{where} needs migrating to schema {LATEST} (it has {version}): open it once for "
                         "writing (newsradar ingest, or serve)")
    con.execute("SELECT pg_advisory_lock(%s)", [MIGRATE_LOCK])
    try:
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TIMESTAMP NOT NULL)")
        version = schema_version(con)
        _not_newer(version, where)
        for m in MIGRATIONS:
            if m.version <= version or m.version > until:
                continue
            try:
                with con.transaction():
                    for stmt in m.statements:
                        con.execute(stmt)
                    if m.step is not None:
                        m.step(con)
                    con.execute("INSERT INTO schema_migrations VALUES (%s, %s, %s)", [m.version, m.name, utcnow()])
            except psycopg.Error as exc:
                raise StoreError(f"migration {m.version} ({m.name}) of {where} failed: {exc}") from exc
            version = m.version
        return version
    finally:
        con.execute("SELECT pg_advisory_unlock(%s)", [MIGRATE_LOCK])


def _not_newer(version: int, where: str) -> None:
    if version > LATEST:
        raise StoreError(f"{where} has schema version {version}, newer than this newsradar knows ({LATEST}): "
                         "upgrade newsradar to read it")
