"""Versioned schema migrations.

Each migration is applied once, in order, inside a transaction, and recorded in
``schema_migrations``; opening a store brings it up to date. A store written by a newer newsradar
(a version this code does not know) is refused rather than guessed at. Add a migration by
appending to ``MIGRATIONS``: never edit one that has shipped. A migration whose new values need
Python (a key's hash) gives a ``step`` run after its statements, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import duckdb

from newsradar.store.rows import lookup_key
from newsradar.textfold import UNFOLDED, fold


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
    step: Callable[[duckdb.DuckDBPyConnection], None] | None = None

    def apply(self, con: duckdb.DuckDBPyConnection) -> None:
        """Run the migration (the caller holds the transaction and records it)."""
        for stmt in self.statements:
            con.execute(stmt)
        if self.step is not None:
            self.step(con)


_FACT_TIME = "ts TIMESTAMP NOT NULL, site VARCHAR"
# No index on the big tables: DuckDB rewrites a whole ART index at every checkpoint, which made bulk
# loads quadratic and stalled steady ingestion. Uniqueness of ids and texts is the writer's job (one
# writing process per file, one lock in it); lookups by id scan a column with min-max pruning.

_MENTIONS = f"""CREATE TABLE {{table}} (
            seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, {_FACT_TIME}, language VARCHAR, tone DOUBLE,
            entity VARCHAR NOT NULL, ekey BIGINT NOT NULL, name VARCHAR NOT NULL, type VARCHAR, country VARCHAR,
            role VARCHAR, count INTEGER NOT NULL, salience DOUBLE)"""

# Columns that hold a folded name: (table, column, whether it begins with a type, "PERSON:").
_KEY_COLUMNS = (("mentions", "entity", True), ("quotes", "speaker_key", True), ("claims", "claimant_key", True),
                ("claims", "unit_key", False), ("events", "source_key", True), ("events", "target_key", True))


def _refold_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Re-key what was folded before ø, ł, æ, þ… were transliterated (textfold.py): the keys
    that hold one of those letters become today's fold of themselves (the old fold dropped accents
    and case already, so folding the key again is folding the name), mentions rows that now share
    an article and key are merged, and the entities rows of the keys involved are recomputed.
    Only rows holding such a letter are touched: on an English store, a handful."""
    pattern = UNFOLDED.pattern
    remap: dict[str, str] = {}
    for table, column, typed in _KEY_COLUMNS:
        found = con.execute(f"SELECT DISTINCT {column} FROM {table} WHERE regexp_matches({column}, ?)",
                            [pattern]).fetchall()
        for (old,) in found:
            kind, sep, name = old.partition(":") if typed else ("", "", old)
            remap[old] = f"{kind}{sep}{fold(name)}"
    remap = {old: new for old, new in remap.items() if old != new}
    if not remap:
        return
    con.execute("CREATE TEMP TABLE refold (old VARCHAR, new VARCHAR, ekey BIGINT)")
    con.executemany("INSERT INTO refold VALUES (?, ?, ?)", [(o, n, lookup_key(n)) for o, n in remap.items()])
    con.execute("UPDATE mentions SET entity = r.new, ekey = r.ekey FROM refold r WHERE mentions.entity = r.old")
    for table, column, _ in _KEY_COLUMNS[1:]:
        con.execute(f"UPDATE {table} SET {column} = r.new FROM refold r WHERE {table}.{column} = r.old")
    # "Jonas Gahr Støre" and "Jonas Gahr Store" in one article: now one key, so one row (as migration 5)
    con.execute("""CREATE TEMP TABLE merged AS SELECT seq, any_value(article_id) AS article_id, any_value(ts) AS ts,
        any_value(site) AS site, any_value(language) AS language, any_value(tone) AS tone, entity,
        any_value(ekey) AS ekey, arg_max(name, salience) AS name, arg_max(type, salience) AS type,
        arg_max(country, salience) AS country, arg_max(role, salience) AS role, sum(count) AS count,
        max(salience) AS salience FROM mentions WHERE entity IN (SELECT new FROM refold)
        GROUP BY seq, entity HAVING count(*) > 1""")
    con.execute("DELETE FROM mentions WHERE EXISTS (SELECT 1 FROM merged m WHERE m.seq = mentions.seq "
                "AND m.entity = mentions.entity)")
    con.execute("INSERT INTO mentions SELECT * FROM merged")
    # The summary of each key involved, from its mentions as far as the summaries were folded
    # (store/summaries.py folds the rest as usual).
    con.execute("DELETE FROM entities WHERE entity IN (SELECT old FROM refold UNION SELECT new FROM refold)")
    con.execute("""INSERT INTO entities SELECT entity, any_value(ekey), arg_max(name, count), arg_max(type, count),
        arg_max(country, count), count(DISTINCT seq), sum(count), min(ts), max(ts) FROM mentions
        WHERE entity IN (SELECT new FROM refold) AND seq <= (SELECT max(folded) FROM summary_state)
        GROUP BY entity""")
    con.execute("DROP TABLE merged")
    con.execute("DROP TABLE refold")


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles and facts", (
        """CREATE TABLE articles (
            seq BIGINT NOT NULL, id VARCHAR NOT NULL, id_key BIGINT NOT NULL, url VARCHAR, host VARCHAR,
            text_hash VARCHAR NOT NULL, text_key BIGINT NOT NULL,
            source VARCHAR, site VARCHAR, title VARCHAR, language VARCHAR, section VARCHAR,
            published TIMESTAMP, ts TIMESTAMP NOT NULL, ingested_at TIMESTAMP NOT NULL,
            tone DOUBLE, tone_positive DOUBLE, tone_negative DOUBLE, story_id VARCHAR, duplicate_of VARCHAR,
            n_entities INTEGER, n_quotes INTEGER, n_claims INTEGER, n_events INTEGER,
            text VARCHAR, record VARCHAR NOT NULL)""",
        _MENTIONS.format(table="mentions"),
        f"""CREATE TABLE quotes (
            qid BIGINT NOT NULL, seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, {_FACT_TIME},
            language VARCHAR, speaker VARCHAR, speaker_key VARCHAR, kind VARCHAR, cue VARCHAR, text VARCHAR,
            span_start INTEGER, span_end INTEGER)""",
        f"""CREATE TABLE claims (
            seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, {_FACT_TIME},
            language VARCHAR, story_id VARCHAR, value DOUBLE, upper DOUBLE, unit VARCHAR, unit_key VARCHAR,
            qualifier VARCHAR, text VARCHAR, claimant VARCHAR, claimant_key VARCHAR)""",
        f"""CREATE TABLE events (
            seq BIGINT NOT NULL, article_id VARCHAR NOT NULL, idx INTEGER NOT NULL, {_FACT_TIME},
            language VARCHAR, source_name VARCHAR, source_key VARCHAR, source_code VARCHAR,
            target_name VARCHAR, target_key VARCHAR, target_code VARCHAR, cameo VARCHAR, root VARCHAR,
            plover VARCHAR, quad_class INTEGER, goldstein DOUBLE, location VARCHAR, country VARCHAR,
            lat DOUBLE, lon DOUBLE, text VARCHAR)""",
        """CREATE TABLE entities (
            entity VARCHAR NOT NULL, ekey BIGINT NOT NULL, name VARCHAR NOT NULL, type VARCHAR, country VARCHAR,
            articles BIGINT NOT NULL, mentions BIGINT NOT NULL, first_seen TIMESTAMP, last_seen TIMESTAMP)""",
        """CREATE TABLE stories (
            story_id VARCHAR NOT NULL, title VARCHAR, first_article VARCHAR, first_seen TIMESTAMP,
            last_seen TIMESTAMP, articles BIGINT NOT NULL)""",
    )),
    Migration(2, "alerts and watcher state", (
        """CREATE TABLE alerts (
            id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, q VARCHAR, entity VARCHAR, language VARCHAR,
            site VARCHAR, created_at TIMESTAMP NOT NULL, created_seq BIGINT NOT NULL)""",
        """CREATE TABLE alert_matches (
            alert_id VARCHAR NOT NULL, seq BIGINT NOT NULL, article_id VARCHAR NOT NULL,
            matched_at TIMESTAMP NOT NULL, PRIMARY KEY (alert_id, seq))""",
        """CREATE TABLE source_state (
            key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL, updated_at TIMESTAMP NOT NULL)""",
    )),
    # How far the entities and stories tables are folded (store/summaries.py). Stores before it
    # folded every commit, so they are folded up to their newest article.
    Migration(3, "summaries folded after their commits", (
        "CREATE TABLE summary_state (folded BIGINT NOT NULL)",
        "INSERT INTO summary_state SELECT coalesce(max(seq), -1) FROM articles",
    )),
    # The newest article the alerts were matched against (ingest/core.py): a process that died
    # between a commit and the matching leaves the next ingest something to catch up on, where the
    # articles, then duplicates, were never matched. Older stores were matched up to their newest.
    Migration(4, "alert evaluation watermark", (
        "CREATE TABLE alert_state (evaluated BIGINT NOT NULL)",
        "INSERT INTO alert_state SELECT coalesce(max(seq), -1) FROM articles",
    )),
    # One mentions row per key and article (store/rows.py): a record naming one entity in two
    # spellings that fold to one key had two rows, and counting rows counted that article twice.
    Migration(5, "one mentions row per entity and article", (
        _MENTIONS.format(table="mentions_merged"),
        """INSERT INTO mentions_merged SELECT seq, any_value(article_id), any_value(ts), any_value(site),
            any_value(language), any_value(tone), entity, any_value(ekey), arg_max(name, salience),
            arg_max(type, salience), arg_max(country, salience), arg_max(role, salience), sum(count),
            max(salience) FROM mentions GROUP BY seq, entity ORDER BY seq""",
        "DROP TABLE mentions",
        "ALTER TABLE mentions_merged RENAME TO mentions",
    )),
    # Keys fold ø, ß, æ, œ, đ, ł, þ, ı… to their ASCII transliteration (textfold.py), so that
    # "Store" finds "Jonas Gahr Støre" and "Lodz" finds "Łódź": keys stored before are folded
    # again, or an entity would be split between its old key and the one new articles get.
    Migration(6, "keys fold letters without an ASCII base", (), _refold_keys),
    # What each claim measures (Claim.measure: "killed", "injured"), so that the ledger compares
    # "5 people killed" with "7 people died" and not with "30 people injured". Claims stored before
    # keep NULL: their records were read without it, and the ledger groups them by unit as it did.
    Migration(7, "claims know what they measure", (
        "ALTER TABLE claims ADD COLUMN measure VARCHAR",
    )),
)

LATEST = MIGRATIONS[-1].version
