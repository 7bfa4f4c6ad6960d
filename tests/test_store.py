"""The DuckDB store: migrations, idempotent writes, summaries, the text index, read-only use."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from builders import article
from newsradar.errors import InputError, StoreError
from newsradar.record import Article, DateInfo
from newsradar.store import DuckDBStore, Store, open_store
from newsradar.store.migrations import LATEST, MIGRATIONS
from newsradar.store.textindex import _ROWS_PER_STATEMENT, TextIndex, to_match


def test_migrations_are_recorded_once_in_order(fresh_db: Store, tmp_path: Path) -> None:
    assert isinstance(fresh_db, DuckDBStore)
    assert fresh_db.schema_version() == LATEST
    rows = fresh_db.query("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == [m.version for m in MIGRATIONS]
    fresh_db.close()
    again = open_store(tmp_path / "news.duckdb")  # reopening applies nothing twice
    assert [r["version"] for r in again.query("SELECT version FROM schema_migrations")] == [m.version
                                                                                           for m in MIGRATIONS]
    again.close()


def test_a_store_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [LATEST + 1])
    con.close()
    with pytest.raises(StoreError, match="newer than this newsradar knows"):
        open_store(path)


def test_put_then_get_gives_the_record_back(fresh_db: Store) -> None:
    a = article(1, people=("Ilse Jansen",), quotes=(("Ilse Jansen", "We will not move"),),
                claims=((40.0, "ships"),), events=(("Ilse Jansen", "112", "Ruben Hendriks"),), story="s1")
    [result] = fresh_db.put([a])
    assert result.status == "stored" and result.seq == 0
    assert fresh_db.get(a.id) == a.to_dict()
    assert Article.from_dict(fresh_db.get(a.id) or {}).quotes[0].speaker == "Ilse Jansen"
    assert fresh_db.get("no-such-id") is None
    counts = {t: fresh_db.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
              for t in ("articles", "mentions", "quotes", "claims", "events", "stories")}
    assert counts == {"articles": 1, "mentions": 2, "quotes": 1, "claims": 1, "events": 1, "stories": 1}


def test_same_url_or_same_text_twice_is_one_article(fresh_db: Store) -> None:
    a = article(1)
    same_url = article(1, text="A rewritten version of the first report, at the same address.")
    same_url.id = a.id
    same_text = article(1, url="https://elsewhere.example/copy")
    results = fresh_db.put([a, same_url, same_text, a])
    assert [r.status for r in results] == ["stored", "duplicate", "duplicate", "duplicate"]
    assert {r.duplicate_of for r in results[1:]} == {a.id}
    assert [r.status for r in fresh_db.put([a, same_text])] == ["duplicate", "duplicate"]
    assert fresh_db.count() == 1



def test_a_remembered_lookup_never_hides_a_later_write(fresh_db: Store) -> None:
    a, b = article(1), article(2)
    assert fresh_db.stored([a, b]) == [None, None]
    fresh_db.put([a])  # between the question and the put that reuses its answer
    assert [r.status for r in fresh_db.put([a, b])] == ["duplicate", "stored"]
    assert fresh_db.stored([a, b]) == [a.id, b.id]
    fresh_db.execute("DELETE FROM articles WHERE id = ?", [b.id])
    assert [r.status for r in fresh_db.put([a, b])] == ["duplicate", "stored"]

def test_entities_and_stories_summaries_follow_ingestion(fresh_db: Store) -> None:
    fresh_db.put([article(1, people=("Ilse Jansen",), story="s1", site="A")])
    fresh_db.put([article(2, people=("ILSE JANSEN", "Ruben Hendriks"), story="s1", site="B"),
                  article(3, people=("Ruben Hendriks",), story="s2")])
    ents = {r["entity"]: r for r in fresh_db.query("SELECT * FROM entities")}
    assert ents["PERSON:ilse jansen"]["articles"] == 2
    assert ents["PERSON:ruben hendriks"]["articles"] == 2
    stories = {r["story_id"]: r for r in fresh_db.query("SELECT * FROM stories")}
    assert stories["s1"]["articles"] == 2 and stories["s1"]["first_article"] == article(1, site="A").id
    assert stories["s2"]["articles"] == 1



def test_summaries_are_folded_before_a_query_reads_them_and_only_once(fresh_db: Store) -> None:
    assert isinstance(fresh_db, DuckDBStore)
    fresh_db.put([article(1, people=("Ilse Jansen",), story="s1")])
    fresh_db.put([article(2, people=("Ilse Jansen",), story="s1")])
    # commits do not fold (one MERGE serves many commits); the query that reads the table does
    assert fresh_db._summaries.folded < fresh_db.last_seq()
    assert fresh_db.query("SELECT articles FROM entities")[0]["articles"] == 2
    assert fresh_db._summaries.folded == fresh_db.last_seq()
    fresh_db.fold_summaries()  # nothing left: nothing counted twice
    fresh_db.put([article(3, people=("Ilse Jansen",), story="s2")])
    assert fresh_db.query("SELECT articles FROM entities")[0]["articles"] == 3
    assert sorted(r["articles"] for r in fresh_db.query("SELECT articles FROM stories")) == [1, 2]
    # a column named like a table is no reason to fold
    fresh_db.put([article(4, people=("Ilse Jansen",))])
    fresh_db.query("SELECT n_entities FROM articles")
    assert fresh_db._summaries.folded == 2


def test_summaries_fold_in_the_background_when_nobody_reads(fresh_db: Store,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.store import summaries

    assert isinstance(fresh_db, DuckDBStore)
    monkeypatch.setattr(summaries, "DELAY", 0.05)
    fresh_db.put([article(1, people=("Ilse Jansen",))])
    deadline = time.monotonic() + 30
    while fresh_db._summaries.folded < 0 and time.monotonic() < deadline:
        time.sleep(0.02)
    assert fresh_db._summaries.folded == 0


def test_commits_a_crash_left_unfolded_are_folded_on_open(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.store.summaries import Summaries

    path = tmp_path / "news.duckdb"
    store = open_store(path)
    store.put([article(1, people=("Ilse Jansen",), story="s1")])
    store.query("SELECT * FROM entities")  # folded: article 1
    with monkeypatch.context() as m:  # the process dies before any later fold
        m.setattr(Summaries, "fold", lambda self: None)
        store.put([article(2, people=("Ilse Jansen", "Ruben Hendriks"), story="s1")])
        store.close()
    con = duckdb.connect(str(path))
    assert con.execute("SELECT folded FROM summary_state").fetchall() == [(0,)]
    assert con.execute("SELECT sum(articles) FROM entities").fetchone() == (1,)
    con.close()
    again = open_store(path)
    ents = {r["entity"]: r["articles"] for r in again.query("SELECT entity, articles FROM entities")}
    assert ents == {"PERSON:ilse jansen": 2, "PERSON:ruben hendriks": 1}
    assert again.query("SELECT articles FROM stories") == [{"articles": 2}]
    again.close()


def test_text_index_finds_articles_and_quotes_and_rebuilds_when_lost(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(1, text="Cranes stood idle at the container terminal."),
                   article(2, quotes=(("Pieter Bakker", "The terminals are silent tonight"),))])
        assert [h.key for h in store.text_search("container cranes", kind="article")] == [0]
        assert [h.key >> 12 for h in store.text_search("silent", kind="quote")] == [1]
        assert [h.key >> 12 for h in store.text_search("bakker", kind="quote", column="speaker")] == [1]
        assert store.text_search("bakker", kind="quote", column="text") == []
    Path(str(path) + ".fts").unlink()
    for extra in Path(tmp_path).glob("news.duckdb.fts-*"):
        extra.unlink()
    with open_store(path) as store:  # the index is derived data: a lost one is rebuilt on open
        assert [h.key for h in store.text_search("idle", kind="article")] == [0]
        assert store._index.kept("summary", [0, 1]).keys() == {0, 1}  # type: ignore[attr-defined]
        assert store.texts([0, 1], 6) == {0: "Cranes", 1: store.get(article(2).id)["text"][:6]}  # type: ignore[index]


def test_text_search_finds_letters_of_their_own_in_ascii_and_as_written(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(1, text="Jonas Gahr Støre opened the port of Gdańsk. Trams ran late in Łódź.",
                           quotes=(("Jonas Gahr Støre", "The ferries will keep sailing"),)),
                   article(2, text="The harbour office on the Hafenstraße reopened on Monday."),
                   article(3, text="A Store in Lodz sold out of bread.")])
        for q in ("Støre", "Store", "STØRE", '"Jonas Gahr Store"', '"Gahr Støre"'):
            assert 0 in [h.key for h in store.text_search(q, kind="article")], q
        assert sorted(h.key for h in store.text_search("Lodz", kind="article")) == [0, 2]
        assert sorted(h.key for h in store.text_search("Łódź", kind="article")) == [0, 2]
        assert [h.key for h in store.text_search("hafenstrasse", kind="article")] == [1]
        assert [h.key >> 12 for h in store.text_search("Store", kind="quote", column="speaker")] == [0]
        assert store.text_search("Store", kind="quote", column="text") == []
        assert store.texts([0], 17) == {0: "Jonas Gahr Støre "}  # what is shown is the text as written
        assert store.text_count("Lodz", kind="article") == 2


def test_a_text_index_from_before_the_transliterated_twins_is_rebuilt_by_a_writer(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "news.duckdb"
    fts = Path(str(path) + ".fts")
    with open_store(path) as store:
        store.put([article(1, text="Trams ran late in Łódź on Monday.")])
    con = sqlite3.connect(fts)  # the sidecar as it was: no twins, "Łódź" indexed as "łodz"
    for table, cols in (("article_text", "title, text"), ("quote_text", "speaker, text")):
        con.execute(f"DROP TABLE {table}")
        con.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, tokenize='porter unicode61 remove_diacritics 2')")
    con.execute("INSERT INTO article_text(rowid, title, text) VALUES (0, 'Harbour report 1', "
                "'Trams ran late in Łódź on Monday.')")
    con.commit()
    con.close()
    with open_store(path, read_only=True) as store:  # a reader searches the index as it is
        assert [h.key for h in store.text_search("Łódź", kind="article")] == [0]
        assert store.text_search("Lodz", kind="article") == []
    with open_store(path) as store:
        assert [h.key for h in store.text_search("Lodz", kind="article")] == [0]
        assert [h.key for h in store.text_search("Łódź", kind="article")] == [0]


def test_a_damaged_text_index_is_rebuilt_by_a_writer_and_explained_to_a_reader(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "news.duckdb"
    fts = Path(str(path) + ".fts")
    with open_store(path) as store:
        store.put([article(1, text="Cranes stood idle at the container terminal.")])
    with fts.open("r+b") as fh:  # a copy cut short, a disk that filled up
        fh.truncate(1000)
    with open_store(path, read_only=True) as store:
        assert store.count() == 1  # what does not need the index still answers
        with pytest.raises(StoreError, match=r"full-text index .* is damaged .* open the store once for writing"):
            store.text_search("cranes", kind="article")
    with caplog.at_level("WARNING"), open_store(path) as store:
        assert [h.key for h in store.text_search("cranes", kind="article")] == [0]
    assert "is damaged" in caplog.text and Path(str(fts) + ".damaged").exists()


def test_a_reader_without_a_text_index_says_so_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(1, text="Cranes stood idle at the container terminal.")])
    for part in tmp_path.glob("news.duckdb.fts*"):
        part.unlink()
    with open_store(path, read_only=True) as store:
        assert store.count() == 1
        with pytest.raises(StoreError, match="there is no full-text index"):
            store.text_search("cranes", kind="article")
    assert not list(tmp_path.glob("news.duckdb.fts*"))


def test_what_is_no_newsradar_store_is_refused_with_what_it_is(tmp_path: Path) -> None:
    import sqlite3

    lite = tmp_path / "other.db"
    sqlite3.connect(lite).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(StoreError, match="it is a SQLite database, not a newsradar store"):
        open_store(lite)
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database")
    with pytest.raises(StoreError, match="not a valid DuckDB database file") as caught:
        open_store(text)
    assert "one process write" not in caught.value.reason  # no lock to blame


def test_a_sidecar_without_summaries_gets_them_on_open(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(1, people=("Ada Quist", "Bo Lind"), events=(("Ada Quist", "112", "Bo Lind"),)),
                   article(2, quotes=(("Ada Quist", "We sail at dawn"),))])
        kept = store.summaries([0, 1])
        store._index._con.execute("DELETE FROM kept_summary")  # type: ignore[attr-defined]
        store._index._con.execute("DELETE FROM kept_quote")  # type: ignore[attr-defined]
    with open_store(path) as store:
        assert store._index.kept("summary", [0, 1]).keys() == {0, 1}  # type: ignore[attr-defined]
        assert store._index.kept("quote", [1 << 12]).keys() == {1 << 12}  # type: ignore[attr-defined]
        assert store.summaries([0, 1]) == kept
        assert kept[0]["entities"][0]["key"] == "PERSON:ada quist"


def test_text_index_adds_rows_beyond_one_statement_and_replaces_by_key(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "index.fts")
    n = 2 * _ROWS_PER_STATEMENT + 7  # two full statements and a short one
    index.add([(k, f"title {k}", f"harbour report number w{k}") for k in range(n)], [],
              [(k, f'{{"k": {k}}}') for k in range(n)])
    assert index.last("article") == n - 1
    assert [k for k, _ in index.search(f"w{n - 1}", "article")] == [n - 1]
    assert index.kept("summary", [0, n - 1]) == {0: '{"k": 0}', n - 1: f'{{"k": {n - 1}}}'}
    index.add([(3, "new title", "a different text")], [], [(3, '{"k": "again"}')])
    assert index.search("w3", "article") == []
    assert [k for k, _ in index.search("different", "article")] == [3]
    assert index.kept("summary", [3]) == {3: '{"k": "again"}'}
    index.close()


@pytest.mark.parametrize(("query", "expected"), [
    ("port strike", '"port" "strike"'),
    ('"wage talks" OR pay', '"wage talks" OR "pay"'),
    ("union NOT police", '"union" NOT "police"'),
    ("dock*", '"dock"*'),
    ("al-Abadi's (remarks)", '"al Abadi s" "remarks"'),
    # a word with a letter of its own is asked for as written or transliterated
    ("Støre port", '("Støre" OR "Store") AND "port"'),
    ("Jonas Gahr Støre", '"Jonas" "Gahr" AND ("Støre" OR "Store")'),
    ('"Gahr Støre" OR Łódź*', '("Gahr Støre" OR "Gahr Store") OR ("Łódź"* OR "lódź"*)'),
    ("OR", ""),
    ('"" ** ::', ""),
])
def test_user_queries_never_reach_fts5_as_syntax(query: str, expected: str) -> None:
    assert to_match(query) == expected


def test_read_only_store_refuses_writes_and_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(1)])
    with open_store(path, read_only=True) as store:
        assert store.count() == 1
        with pytest.raises(StoreError, match="read-only"):
            store.put([article(2)])


def test_bulk_load_then_summaries(fresh_db: Store) -> None:
    # batches of 10 after a first of 2: the pipeline's every stage overlaps another
    n = fresh_db.bulk_load((article(i, people=("Ilse Jansen",), story=f"s{i % 3}") for i in range(30)), batch=10)
    assert n == 30 and fresh_db.count() == 30 and fresh_db.last_seq() == 29
    assert [r["seq"] for r in fresh_db.query("SELECT seq FROM articles ORDER BY seq")] == list(range(30))
    assert fresh_db.summaries(range(30)).keys() == set(range(30))  # type: ignore[attr-defined]
    assert len(fresh_db.text_search("jansen", kind="article", limit=50)) == 30
    assert fresh_db.query("SELECT articles FROM entities")[0]["articles"] == 30
    assert sorted(r["articles"] for r in fresh_db.query("SELECT articles FROM stories")) == [10, 10, 10]


def test_bulk_load_gives_back_the_settings_it_changes_even_when_it_fails(fresh_db: Store) -> None:
    def settings() -> dict[str, object]:
        return fresh_db.query("SELECT current_setting('threads') AS t, "
                              "current_setting('checkpoint_threshold') AS c")[0]

    before = settings()

    def broken() -> Iterator[Article]:
        yield article(1)
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        fresh_db.bulk_load(broken())
    assert settings() == before
    fresh_db.bulk_load([article(2)])
    assert settings() == before


def test_a_bulk_load_that_fails_keeps_nothing_of_its_transaction(fresh_db: Store) -> None:
    fresh_db.put([article(0, people=("Anouk Visser",))])

    def failing() -> Iterator[Article]:  # batches of 2, 10 and 10 are written and indexed first
        for n in range(1, 26):
            yield article(n, people=("Pieter Mulder",), quotes=(("Pieter Mulder", f"Gate {n} stays shut"),))
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        fresh_db.bulk_load(failing(), batch=10)
    assert fresh_db.count() == 1 and fresh_db.last_seq() == 0
    assert fresh_db.text_search("mulder", kind="article") == []
    assert fresh_db.text_search("gate", kind="quote") == []
    # the keys the failed load used are given again, and nothing of it comes back with them
    assert fresh_db.bulk_load([article(100 + n, people=("Sanne Bakker",)) for n in range(3)], batch=10) == 3
    assert fresh_db.last_seq() == 3
    assert sorted(h.key for h in fresh_db.text_search("bakker", kind="article")) == [1, 2, 3]
    assert fresh_db.text_search("mulder", kind="article") == []
    assert fresh_db.text_search("gate", kind="quote") == []


def test_a_long_bulk_load_commits_in_parts_and_a_failure_loses_only_its_part(fresh_db: Store,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsradar.store.bulkload._TRANSACTION", 12)

    def failing() -> Iterator[Article]:
        for n in range(30):
            yield article(n, people=("Pieter Mulder",), title=f"Sluice {n}")
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError, match="source failed"):
        fresh_db.bulk_load(failing(), batch=10)
    assert fresh_db.count() == 24 and fresh_db.last_seq() == 23  # two parts of 12 committed
    assert sorted(h.key for h in fresh_db.text_search("mulder", kind="article", limit=50)) == list(range(24))
    assert fresh_db.bulk_load([article(100 + n) for n in range(25)], batch=10) == 25
    assert [r["seq"] for r in fresh_db.query("SELECT seq FROM articles ORDER BY seq")] == list(range(49))


def test_a_text_index_ahead_of_the_database_is_cut_back_when_a_writer_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "news.duckdb"
    with open_store(path) as store:
        store.put([article(0, people=("Anouk Visser",))])
        # what a bulk load killed before its commit leaves: the index holds article 1 and its quote
        store._index.add([(1, "Lost", "Pieter Mulder lost")], [((1 << 12) | 0, "Pieter Mulder", "gone now")],
                         [(1, '{"id": "lost"}')], [((1 << 12) | 0, '{"text": "gone now"}')])
    with open_store(path) as store:
        assert store.text_search("mulder", kind="article") == []
        assert store.text_search("gone", kind="quote") == []
        assert store.summaries([1]) == {}
        assert [h.key for h in store.text_search("visser", kind="article")] == [0]
        store.put([article(1, people=("Sanne Bakker",))])  # takes arrival number 1 again
        assert [h.key for h in store.text_search("bakker", kind="article")] == [1]
        assert store.quotes([(1 << 12) | 0]) == {}


def test_postgres_urls_get_a_clear_refusal() -> None:
    with pytest.raises(StoreError, match="PostgreSQL"):
        open_store("postgresql://localhost/news")


@pytest.mark.parametrize(("location", "reason"), [
    ("http://x/db", "must be a local DuckDB file, not 'http://x/db'"),  # was DuckDB's "httpfs not found"
    ("s3://bucket/news.duckdb", "must be a local DuckDB file"),
    ("md:news", "must be a local DuckDB file"),
    (5, "must be a file path"),
])
def test_a_location_that_is_no_local_file_is_refused_with_a_reason(location: object, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        open_store(location)  # type: ignore[arg-type]


def test_list_parameters_round_trip_whatever_they_hold(fresh_db: Store) -> None:
    # Lists travel as JSON (the client binds list elements one by one, slowly): nothing may be lost.
    odd = ["a,b", 'he said "hi"', "it's", "x]y", "[z", "  sp  ", "Ümlaut\n\\", "NULL", "", "日本"]
    rows = fresh_db.query("SELECT unnest(?::VARCHAR[]) AS v, unnest(?::BIGINT[]) AS k",
                          [odd, [*range(len(odd) - 1), 2**62]])
    assert [r["v"] for r in rows] == odd
    assert [r["k"] for r in rows][-1] == 2**62
    assert fresh_db.query("SELECT len(?::BIGINT[]) AS n", [[]])[0]["n"] == 0
    moments = [datetime(2025, 1, 22, 6, 30), datetime(2025, 1, 23)]
    assert [r["t"] for r in fresh_db.query("SELECT unnest(?::TIMESTAMP[]) AS t", [moments])] == moments
    assert fresh_db.query("SELECT ? AS s", ["?::BIGINT[]"])[0]["s"] == "?::BIGINT[]"  # a plain string stays one


def test_text_search_within_a_key_range_and_unranked(fresh_db: Store) -> None:
    fresh_db.put([article(n, text=f"Harbour cranes report number {n}. " + "cranes " * n) for n in range(1, 6)])
    ranked = [h.key for h in fresh_db.text_search("cranes", kind="article")]
    assert sorted(ranked) == [0, 1, 2, 3, 4] and ranked[0] == 4  # more cranes, higher BM25
    assert [h.key for h in fresh_db.text_search("cranes", kind="article", between=(1, 3), ranked=False)] == [1, 2, 3]
    assert {h.score for h in fresh_db.text_search("cranes", kind="article", ranked=False)} == {0.0}
    assert fresh_db.text_search("cranes", kind="article", between=(7, 9)) == []


def test_a_later_story_assignment_reaches_the_summaries(fresh_db: Store) -> None:
    fresh_db.put([article(1), article(2)])
    fresh_db.set_story(article(2).id, "story-b", article(1).id)  # type: ignore[attr-defined]
    got = fresh_db.summaries([1])[1]
    assert (got["story_id"], got["duplicate_of"]) == ("story-b", article(1).id)
    assert fresh_db.get(article(2).id)["story_id"] == "story-b"  # type: ignore[index]


@pytest.mark.parametrize(("query", "expected"), [
    ("dock AND NOT Rotterdam", '"dock" NOT "Rotterdam"'),
    ("dock NOT NOT Rotterdam", '"dock" NOT "Rotterdam"'),
    ("dock NOT OR Rotterdam", '"dock" NOT "Rotterdam"'),
])
def test_not_always_excludes(query: str, expected: str) -> None:
    assert to_match(query) == expected


@pytest.mark.parametrize("query", ["NOT Rotterdam", "dock OR NOT Rotterdam", '"" NOT Rotterdam', "AND NOT x"])
def test_a_not_with_nothing_to_exclude_from_is_refused(query: str) -> None:
    # dropping the NOT would search for the very words the user wants left out
    with pytest.raises(InputError, match="NOT excludes"):
        to_match(query)


def test_search_excludes_what_follows_not(fresh_db: Store) -> None:
    fresh_db.put([article(1, text="Dock workers in Rotterdam walked out."),
                  article(2, text="Dock workers in Antwerp walked out.")])
    antwerp = fresh_db.query("SELECT seq FROM articles WHERE text LIKE '%Antwerp%'")[0]["seq"]
    assert [h.key for h in fresh_db.text_search("dock AND NOT Rotterdam", kind="article")] == [antwerp]
    assert len(fresh_db.text_search("dock", kind="article")) == 2


def test_an_interrupt_inside_a_write_rolls_it_back_and_the_store_goes_on(fresh_db: Store,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # Ctrl-C (or SIGTERM, which the CLI turns into KeyboardInterrupt) can land between BEGIN and
    # COMMIT; the transaction must not stay open on the shared connection.
    def interrupted(*args: object, **kwargs: object) -> object:
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr("newsradar.store.duck._arrow", interrupted)
        with pytest.raises(KeyboardInterrupt):
            fresh_db.put([article(1, people=("Ann Lee",))])
    assert fresh_db.query("SELECT count(*) AS n FROM articles") == [{"n": 0}]
    [result] = fresh_db.put([article(1, people=("Ann Lee",))])
    assert result.status == "stored"
    fresh_db.close()  # folds the summaries in a transaction of their own


def test_an_articles_time_is_the_instant_its_written_offset_says(fresh_db: Store) -> None:
    # One hour apart although the wall clocks agree: the night the clocks go back.
    first, second = article(1), article(2)
    first.published = DateInfo("2026-10-25T02:30:00+02:00", "json-ld", 0.95)
    second.published = DateInfo("2026-10-25T02:30:00+01:00", "json-ld", 0.95)
    fresh_db.put([first, second])
    rows = fresh_db.query("SELECT id, ts FROM articles ORDER BY ts")
    assert [(r["id"], r["ts"]) for r in rows] == [(first.id, datetime(2026, 10, 25, 0, 30)),
                                                  (second.id, datetime(2026, 10, 25, 1, 30))]
    record = fresh_db.get(first.id)
    assert record is not None and record["published"]["value"] == "2026-10-25T02:30:00+02:00"  # as the page says


def test_one_mentions_row_per_entity_key_and_article(fresh_db: Store) -> None:
    # Two entities of one record whose names fold to one key: counting rows must count the article once.
    art = article(1, people=("José Ramos", "Jose Ramos"))
    fresh_db.put([art])
    rows = fresh_db.query("SELECT entity, count FROM mentions")
    assert rows == [{"entity": "PERSON:jose ramos", "count": 2}]


def test_a_store_with_two_mentions_rows_of_one_key_in_an_article_gets_them_merged(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    for m in MIGRATIONS[:4]:  # a store as schema 4 wrote it
        for stmt in m.statements:
            con.execute(stmt)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [m.version, m.name])
    row = ("(1, 'a1', TIMESTAMP '2025-03-01 10:00:00', 'Wire', 'en', 0.5, 'PERSON:jose ramos', 7, "
           "?, 'PERSON', ?, ?, ?, ?)")
    con.execute(f"INSERT INTO mentions VALUES {row}, {row}",
                ["José Ramos", "MEX", None, 3, 0.4, "Jose Ramos", None, "minister", 1, 0.2])
    con.close()
    with open_store(path) as store:
        assert store.query("SELECT name, country, role, count, salience FROM mentions") == [
            {"name": "José Ramos", "country": "MEX", "role": "minister", "count": 4, "salience": 0.4}]


def test_keys_stored_before_oe_and_l_stroke_were_folded_are_folded_again(tmp_path: Path) -> None:
    from newsradar.store.rows import lookup_key

    path = tmp_path / "old.duckdb"
    with open_store(path) as store:
        store.put([article(1, people=("Jonas Gahr Støre",), quotes=(("Jonas Gahr Støre", "We stay"),),
                           claims=((3.0, "Złoty notes"),), events=(("Jonas Gahr Støre", "042", "Łukasz Nowak"),)),
                   article(2, people=("Jonas Gahr Store", "Anna Berg"))])
    # As schema 5 stored them: ø and ł kept in the keys.
    con = duckdb.connect(str(path))
    old = {"PERSON:jonas gahr store": "PERSON:jonas gahr støre", "PERSON:lukasz nowak": "PERSON:łukasz nowak"}
    for new, was in old.items():
        con.execute("UPDATE mentions SET entity = ?, ekey = ? WHERE entity = ? AND seq = 0",
                    [was, lookup_key(was), new])
        con.execute("UPDATE entities SET entity = ?, ekey = ?, articles = 1, mentions = 1 WHERE entity = ?",
                    [was, lookup_key(was), new])
        con.execute("UPDATE quotes SET speaker_key = ? WHERE speaker_key = ?", [was, new])
        for side in ("source", "target"):
            con.execute(f"UPDATE events SET {side}_key = ? WHERE {side}_key = ?", [was, new])
    con.execute("INSERT INTO entities SELECT 'PERSON:jonas gahr store', ?, 'Jonas Gahr Store', 'PERSON', NULL, 1, 1, "
                "ts, ts FROM articles WHERE seq = 1", [lookup_key("PERSON:jonas gahr store")])
    con.execute("UPDATE claims SET unit_key = 'złoty notes'")
    # and an article that named him in both spellings: two rows, one key once folded again
    con.execute("INSERT INTO mentions SELECT seq, article_id, ts, site, language, tone, 'PERSON:jonas gahr store', ?, "
                "'Jonas Gahr Store', type, country, role, 2, 0.1 FROM mentions "
                "WHERE seq = 0 AND name = 'Jonas Gahr Støre'",
                [lookup_key("PERSON:jonas gahr store")])
    con.execute("DELETE FROM schema_migrations WHERE version >= 6")
    con.execute("ALTER TABLE claims DROP COLUMN measure")  # schema 5 had no measures either
    con.close()
    with open_store(path) as store:
        key = "PERSON:jonas gahr store"
        rows = store.query("SELECT seq, entity, ekey, count FROM mentions WHERE entity LIKE '%gahr%' ORDER BY seq")
        assert rows == [{"seq": 0, "entity": key, "ekey": lookup_key(key), "count": 3},
                        {"seq": 1, "entity": key, "ekey": lookup_key(key), "count": 1}]
        assert store.query("SELECT entity, articles, mentions FROM entities WHERE entity LIKE '%gahr%'") == [
            {"entity": key, "articles": 2, "mentions": 4}]
        assert store.query("SELECT speaker_key FROM quotes") == [{"speaker_key": key}]
        assert store.query("SELECT source_key, target_key FROM events") == [
            {"source_key": key, "target_key": "PERSON:lukasz nowak"}]
        assert store.query("SELECT unit_key FROM claims") == [{"unit_key": "zloty notes"}]
        assert store.query("SELECT count(*) AS n FROM entities WHERE entity LIKE '%ø%' OR entity LIKE '%ł%'") == [
            {"n": 0}]


def test_a_store_from_before_measures_gains_the_column_and_keeps_its_claims(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL)")
    before = next(i for i, m in enumerate(MIGRATIONS) if m.name == "claims know what they measure")
    for m in MIGRATIONS[:before]:  # a store as the schema before measures wrote it
        m.apply(con)
        con.execute("INSERT INTO schema_migrations VALUES (?, ?, now())", [m.version, m.name])
    con.execute("INSERT INTO claims VALUES (1, 'a1', 0, TIMESTAMP '2025-03-01 10:00:00', 'Wire', 'en', 's1', 5, NULL, "
                "'people', 'people', NULL, '5 people', NULL, NULL)")
    con.close()
    with open_store(path) as store:
        assert store.schema_version() == LATEST
        assert store.query("SELECT unit_key, measure FROM claims") == [{"unit_key": "people", "measure": None}]
        art = article(2, claims=((7.0, "people"),))
        art.claims[0].measure = "killed"
        store.put([art])
        rows = store.query("SELECT value, measure FROM claims ORDER BY value")
        assert rows == [{"value": 5.0, "measure": None}, {"value": 7.0, "measure": "killed"}]
