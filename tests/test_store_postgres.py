"""The shared PostgreSQL store (store/postgres.py): opening, several writers, search, summaries,
migrations, and the analytics answering as on DuckDB. The server is tests/pgcluster.py's; the tests
that need one skip, saying why, where none can be had. The SQL translation needs none."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import pgcluster
from builders import T0, article
from newsradar import analytics as an
from newsradar.analytics import Filters
from newsradar.errors import InputError, StoreError
from newsradar.record import Article
from newsradar.store import Store, open_store
from newsradar.store.pgsql import translate

ROOT = Path(__file__).resolve().parent.parent
needs_server = pytest.mark.skipif(pgcluster.unavailable() is not None, reason=pgcluster.unavailable() or "")


@pytest.fixture()
def url() -> Iterator[str]:
    if (why := pgcluster.unavailable()) is not None:
        pytest.skip(why)
    made = pgcluster.server().database()
    yield made
    pgcluster.server().drop(made)


@pytest.fixture()
def pg(url: str) -> Iterator[Store]:
    store = open_store(url)
    yield store
    store.close()


# -- the SQL as PostgreSQL reads it ------------------------------------------------------------------
@pytest.mark.parametrize(("duckdb", "postgres"), [
    ("SELECT seq FROM articles WHERE id = ? AND seq IN (SELECT unnest(?::BIGINT[]))",
     "SELECT seq FROM articles WHERE id = %s AND seq IN (SELECT unnest(%s::BIGINT[]))"),
    # a literal % is doubled, in strings too; a ? in a string is no placeholder
    ("SELECT 'a%?' AS x, 5 % 2 AS y WHERE z LIKE ? ESCAPE '\\'",
     "SELECT 'a%%?' AS x, 5 %% 2 AS y WHERE z LIKE %s ESCAPE '\\'"),
    ("SELECT list(DISTINCT [c.value, c.upper] ORDER BY [c.value, c.upper]) AS v FROM c",
     "SELECT array_agg(DISTINCT ARRAY[c.value, c.upper] ORDER BY ARRAY[c.value, c.upper]) AS v FROM c"),
    ("SELECT id FROM (SELECT id FROM a) ORDER BY id", "SELECT id FROM (SELECT id FROM a) AS _sub1 ORDER BY id"),
    ("SELECT * FROM (SELECT 1) AS one JOIN (SELECT 2) two ON true",
     "SELECT * FROM (SELECT 1) AS one JOIN (SELECT 2) two ON true"),
    ("SELECT x.list(a), \"list\"(b), tags[1] FROM t", "SELECT x.list(a), \"list\"(b), tags[1] FROM t"),
])
def test_duckdb_sql_is_read_as_postgresql_would_write_it(duckdb: str, postgres: str) -> None:
    assert translate(duckdb) == postgres


def test_a_postgres_url_that_a_path_collapsed_is_refused_not_taken_for_a_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="lost a '/'"):
        open_store(Path("postgresql://news@dbhost/news"))


def test_without_psycopg_the_store_names_the_extra() -> None:
    script = ("import sys; sys.modules['psycopg'] = None\n"  # as if it were not installed
              "from newsradar.store import open_store\n"
              "try:\n    open_store('postgresql://news@localhost/news')\n"
              "except Exception as exc:\n    print(type(exc).__name__, exc)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.startswith("StoreError") and "pip install 'newsradar[postgres]'" in out


@needs_server
def test_an_unreachable_server_is_a_store_error_with_the_servers_reason(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"cannot connect to PostgreSQL at postgresql://news:\*\*\*@.*No such file"):
        open_store(f"postgresql://news:secret@/news?host={tmp_path}")


# -- writing and reading ------------------------------------------------------------------------------
def test_the_shared_store_puts_gets_and_tells_duplicates(pg: Store) -> None:
    assert pg.dialect == "postgres" and pg.last_seq() == -1
    first = article(1, people=("Ilse Jansen",), quotes=(("Pieter Bakker", "The terminals are silent tonight"),))
    copy = Article.from_dict({**article(2).to_dict(), "id": "another", "text": first.text})  # the same text
    results = pg.put([first, article(2), first, copy])
    assert [(r.status, r.seq, r.duplicate_of) for r in results] == [
        ("stored", 0, None), ("stored", 1, None), ("duplicate", None, first.id), ("duplicate", None, first.id)]
    assert [r.status for r in pg.put([article(1), article(3)])] == ["duplicate", "stored"]
    record = pg.get(first.id)
    assert record is not None and record["text"] == first.text and record["quotes"][0]["speaker"] == "Pieter Bakker"
    assert pg.get("nothing") is None
    assert pg.stored([first, article(4)]) == [first.id, None]
    assert pg.count() == 3 and pg.last_seq() == 2
    assert [r["id"] for r in pg.records("seq >= ?", [1], batch=1)] == [article(2).id, article(3).id]
    assert pg.texts([0], 6) == {0: "Report"}
    assert pg.quotes([0 << 12]) == {0: record["quotes"][0]}
    assert pg.summaries([0])[0]["entities"][0]["key"] in ("PERSON:ilse jansen", "PERSON:pieter bakker")
    rows = pg.query("SELECT entity, articles, mentions FROM entities ORDER BY entity")
    assert rows == [{"entity": "PERSON:ilse jansen", "articles": 1, "mentions": 1},
                    {"entity": "PERSON:pieter bakker", "articles": 1, "mentions": 1}]


_WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    sys.path[:0] = [{tests!r}]
    from builders import article
    from newsradar.store import open_store
    order = range(40) if sys.argv[1] == "up" else range(39, -1, -1)
    pages = [article(n, people=("Ilse Jansen",), story="s" + str(n % 3)) for n in order]
    stored = 0
    with open_store({url!r}) as store:
        (Path(sys.argv[2]) / sys.argv[1]).touch()
        while len(list(Path(sys.argv[2]).iterdir())) < 2:  # both start at once
            time.sleep(0.005)
        for at in range(0, 40, 2):
            stored += sum(r.status == "stored" for r in store.put(pages[at:at + 2]))
            time.sleep(0.01)
    print(stored)
""")


def test_two_writer_processes_storing_the_same_pages_store_each_once(url: str, tmp_path: Path) -> None:
    script = _WRITER.format(tests=str(ROOT / "tests"), url=url)
    writers = [subprocess.Popen([sys.executable, "-c", script, way, str(tmp_path)], stdout=subprocess.PIPE, text=True)
               for way in ("up", "down")]
    counts = [int(w.communicate(timeout=120)[0]) for w in writers]
    assert [w.returncode for w in writers] == [0, 0]
    assert sum(counts) == 40 and min(counts) > 0, counts  # both wrote, each page once
    with open_store(url) as store:
        assert store.count() == 40
        assert store.query("SELECT count(DISTINCT id) AS n, count(DISTINCT seq) AS s FROM articles") == [
            {"n": 40, "s": 40}]
        # summaries folded by both writers count each article once
        assert store.query("SELECT articles, mentions FROM entities") == [{"articles": 40, "mentions": 40}]
        assert store.query("SELECT sum(articles) AS n FROM stories") == [{"n": 40}]
        assert store.text_count("harbour", kind="article") == 40


def test_a_reader_reads_while_a_writer_holds_a_transaction_open(url: str) -> None:
    with open_store(url) as writer, open_store(url, read_only=True) as reader:
        writer.put([article(1)])
        with writer._writing() as cur:  # type: ignore[attr-defined]
            cur.execute("UPDATE articles SET title = 'changing'")
            assert reader.query("SELECT title FROM articles") == [{"title": "Harbour report 1"}]
        assert reader.query("SELECT title FROM articles") == [{"title": "changing"}]
        with pytest.raises(StoreError, match="read-only"):
            reader.put([article(2)])


def test_bulk_load_without_summaries_folds_them_before_they_are_read(pg: Store) -> None:
    assert pg.bulk_load((article(n, people=("Ilse Jansen",)) for n in range(25)), batch=10, summarize=False) == 25
    # vacuumed and analysed, for index-only scans and plans that know the rows
    assert pg.query("SELECT count(*) AS n FROM pg_stat_user_tables WHERE relname IN ('articles', 'mentions') "
                    "AND last_vacuum IS NOT NULL AND last_analyze IS NOT NULL") == [{"n": 2}]
    assert pg.query("SELECT articles FROM entities") == [{"articles": 25}]
    pg.rebuild_summaries()
    assert pg.query("SELECT articles, mentions FROM entities") == [{"articles": 25, "mentions": 25}]
    assert pg.last_seq() == 24
    with pytest.raises(StoreError, match="cannot write"):  # ids must be new: COPY has no ON CONFLICT
        pg.bulk_load([article(3)])
    assert pg.count() == 25


# -- search -------------------------------------------------------------------------------------------
def test_search_honours_the_query_language_and_folds_accents_and_case(pg: Store) -> None:
    pg.put([article(1, text="Dock workers struck at the container terminal in Rotterdam.",
                    quotes=(("Jonas Gahr Støre", "The ferries will keep sailing"),)),
            article(2, text="Ferry crews joined the dock strike in Calais; trams ran late in Łódź."),
            article(3, text="Herr Müller opened the harbour office on the Hafenstraße."),
            article(4, text="码头工人罢工三天后，港口恢复运作。")])

    def keys(q: str, **kw: Any) -> list[int]:
        return sorted(h.key for h in pg.text_search(q, kind="article", **kw))

    assert keys("dock") == [0, 1] and keys("dock NOT Calais") == [0]
    assert keys("strike") == keys("strikes") == [1]  # stems: strikes is strike, struck is not
    assert keys('"container terminal"') == [0] and keys('"terminal container"') == []
    assert keys("ferry OR Müller") == [0, 1, 2] and keys("(ferry OR rotterdam) NOT trams") == [0]
    assert keys("contain*") == [0] and keys("hafenstrasse") == [2]
    assert keys("muller") == keys("MÜLLER") == [2] and keys("Lodz") == keys("łódź") == [1]
    assert keys("罢工") == [3]  # a word inside a run of Chinese characters
    assert keys("report", column="title") == [0, 1, 2, 3] and keys("report", column="text") == []
    assert keys("dock", within=[1, 2]) == [1] and keys("dock", between=(1, 3)) == [1]
    assert [h.key for h in pg.text_search("dock", kind="article", ranked=False)] == [0, 1]
    assert [h.key >> 12 for h in pg.text_search("Store", kind="quote", column="speaker")] == [0]
    assert pg.text_search("Store", kind="quote", column="text") == []
    assert pg.text_count("dock OR ferries", kind="article") == 2 and pg.text_count("", kind="article") == 0
    with pytest.raises(InputError, match="cannot begin with NOT"):
        pg.text_search("NOT dock", kind="article")


# -- migrations ---------------------------------------------------------------------------------------
def test_migrations_are_recorded_once_and_a_newer_schema_is_refused(pg: Store, url: str) -> None:
    from newsradar.store.pgschema import LATEST

    rows = pg.query("SELECT version FROM schema_migrations ORDER BY version")
    assert [r["version"] for r in rows] == list(range(1, LATEST + 1))
    pg.close()
    with open_store(url) as again:
        assert len(again.query("SELECT version FROM schema_migrations")) == LATEST
        again.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [LATEST + 1])
    with pytest.raises(StoreError, match="newer than this newsradar knows"):
        open_store(url)


def test_a_database_from_an_older_schema_is_migrated_and_its_rows_searched(url: str) -> None:
    import psycopg

    from newsradar.store.pgschema import migrate

    blank = pgcluster.server().database(migrated=False)
    try:
        with psycopg.connect(blank, autocommit=True) as con:
            migrate(con, "test", read_only=False, until=2)  # before search existed
            con.execute("INSERT INTO articles (seq, id, id_key, text_hash, text_key, ts, ingested_at, title, text, "
                        "record) VALUES (0, 'a', 1, 'h', 2, now(), now(), 'Old news', 'Cranes stood idle.', '{}')")
        with pytest.raises(StoreError, match="needs migrating"):
            open_store(blank, read_only=True)
        with open_store(blank) as store:
            assert [h.key for h in store.text_search("crane", kind="article")] == [0]
    finally:
        pgcluster.server().drop(blank)


# -- the analytics answer as on DuckDB ----------------------------------------------------------------
def _news() -> list[Article]:
    arts = []
    for n in range(60):
        at = T0 + timedelta(minutes=23 * n)
        arts.append(article(n, at=at, site=("Harbour Ledger", "North Sea Wire", "Rhine Post")[n % 3],
                            people=("Ruben Hendriks",) + (("Ilse Jansen",) if n % 4 == 0 or n > 50 else ()),
                            quotes=((("Pieter Bakker", f"The terminals are silent on day {n}"),) if n % 5 == 0 else ()),
                            claims=(((4000.0 + 500 * (n % 2), "workers"),) if n % 6 == 0 else ()),
                            events=((("Pieter Bakker", ("112", "036", "141")[n % 3], "Maersk"),) if n % 2 else ()),
                            story=f"story-{n % 7}" if n % 3 else None, tone=(n % 9) - 4.0,
                            language="de" if n == 59 else "en"))
    return arts


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(a))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _plain(result: Any) -> Any:
    return result.to_dict() if hasattr(result, "to_dict") else result


def test_every_analytics_query_answers_as_on_duckdb(pg: Store) -> None:
    duck = open_store(":memory:")
    arts = _news()
    for store in (duck, pg):
        store.put(arts[:40])
        store.bulk_load(arts[40:])
    now = T0 + timedelta(minutes=23 * 59)
    day = Filters(since=now - timedelta(hours=12), until=now)
    calls: list[tuple[str, Any]] = [
        ("trends", lambda s: an.trends(s, window="1h", now=now)),
        ("trends of events", lambda s: an.trends(s, window="1h", kind="events", now=now)),
        ("timeline", lambda s: an.timeline(s, entity="PERSON:ilse jansen", interval="hour")),
        ("timeline of a search", lambda s: an.timeline(s, q="harbour", interval="day")),
        ("entities", lambda s: an.list_entities(s, limit=5)),
        ("entities filtered", lambda s: an.list_entities(s, Filters(source="North Sea Wire"))),
        ("entity", lambda s: an.get_entity(s, "PERSON:ilse jansen")),
        ("profile", lambda s: an.entity_profile(s, "PERSON:pieter bakker")),
        ("quotes", lambda s: an.list_quotes(s, limit=4)),
        ("quotes of a speaker", lambda s: an.list_quotes(s, day, speaker="Bakker")),
        ("claims", an.claims_ledger),
        ("events", lambda s: an.list_events(s, cameo="11", limit=5)),
        ("network", lambda s: an.network(s, min_count=1)),
        ("stories", lambda s: an.list_stories(s, limit=3)),
        ("story", lambda s: an.get_story(s, "story-2")),
        ("articles", lambda s: an.list_articles(s, Filters(language="en", entity="Ilse Jansen"), limit=7)),
        ("articles of a search", lambda s: an.list_articles(s, q="report NOT Hendriks")),
        ("search", lambda s: an.search(s, "terminals silent", limit=100)),
        ("article", lambda s: an.get_article(s, arts[3].id)),
    ]
    for name, call in calls:
        ours, theirs = _plain(call(pg)), _plain(call(duck))
        if name in ("search", "timeline of a search", "articles of a search"):  # ranks differ (ts_rank, BM25)
            ours, theirs = _unranked(ours), _unranked(theirs)
        assert _same(ours, theirs), f"{name}: {ours!r} != {theirs!r}"
    duck.close()


def _unranked(result: Any) -> Any:
    if isinstance(result, dict) and "items" in result:
        items = [{k: v for k, v in i.items() if k != "score"} for i in result["items"]]
        return {**result, "items": sorted(items, key=repr)}
    return result


def test_alerts_and_watcher_state_work_on_the_shared_store(pg: Store) -> None:
    from newsradar.ingest.sources import StoreState

    state = StoreState(pg, save_every=0)
    state.set("files", "/news/a.html", "1")
    state.set("files", "/news/deeper/b.html", "2")
    assert StoreState(pg).get("files", "/news/a.html") == "1"
    alert = an.create_alert(pg, name="docks", q="dock")
    pg.put([article(1, text="Dock workers struck."), article(2, text="Quiet day.")])
    an.evaluate(pg, [0, 1])
    assert [m["id"] for m in an.alert_matches(pg, alert["id"]).items] == [article(1, text="Dock workers struck.").id]
    assert datetime.fromisoformat(an.get_alert(pg, alert["id"])["created_at"]).year >= 2026


def test_the_command_line_ingests_queries_and_exports_through_a_postgres_url(url: str) -> None:
    from typer.testing import CliRunner

    from newsradar.cli import app

    def invoke(*args: str) -> tuple[int, str, str]:
        result = CliRunner().invoke(app, list(args))
        return result.exit_code, result.stdout, result.stderr

    examples = str(ROOT / "examples")
    code, _, err = invoke("ingest", examples, "--db", url, "--no-nlp")
    assert code == 0 and "ingested 4, duplicates 0" in err
    assert "ingested 0, duplicates 4" in invoke("ingest", examples, "--db", url, "--no-nlp")[2]
    code, out, _ = invoke("query", "search", "strike", "--db", url, "--format", "json")
    assert code == 0 and json.loads(out)["total"] >= 2
    code, out, _ = invoke("export", "--format", "jsonl", "--db", url)
    assert code == 0 and len(out.splitlines()) == 4


def test_a_postgres_url_in_the_settings_or_on_the_command_line_stays_a_url() -> None:
    from newsradar.settings import Settings

    given = "postgresql://news@dbhost/news?sslmode=require"
    assert Settings().with_overrides(db=given).db == given
    assert str(Settings().with_overrides(db="~/news.duckdb").db).endswith("/news.duckdb")


def test_writers_of_one_database_join_each_others_stories(url: str) -> None:
    from newsradar.ingest import Ingestor
    from newsradar.sources.raw import RawPage

    def page(url: str, extra: str = "") -> RawPage:
        html = ("<html><head><title>Harbour bulletin</title></head><body><article><p>The ferries to the islands ran "
                f"late on Tuesday because of fog over the estuary, the operator said in a statement. {extra}</p>"
                "</article></body></html>")
        return RawPage(content=html, source=url, url=url, kind="html")

    with open_store(url) as one, open_store(url) as two:  # as two processes would
        here, there = Ingestor(one, nlp=False), Ingestor(two, nlp=False)
        [first] = list(there.ingest([page("https://a.example/1")]))
        [copy] = list(here.ingest([page("https://b.example/1", "Updated at noon.")]))
        assert copy.record is not None and first.record is not None
        assert copy.record["story_id"] == first.record["story_id"] and copy.record["duplicate_of"] == first.id


def test_a_password_in_a_url_is_never_shown() -> None:
    from newsradar.store import shown

    assert shown("postgresql://news:s3cret@dbhost/news") == "postgresql://news:***@dbhost/news"
    assert shown("postgresql://news@dbhost/news") == "postgresql://news@dbhost/news"


def test_a_role_that_may_write_rows_but_not_create_tables_writes_a_migrated_store(pg: Store, url: str) -> None:
    import psycopg

    pg.close()
    with psycopg.connect(url, autocommit=True) as con:
        try:
            con.execute("DROP ROLE IF EXISTS newsradar_writer")
            con.execute("CREATE ROLE newsradar_writer LOGIN")
        except psycopg.Error as exc:
            pytest.skip(f"cannot create a role on this server: {exc}")
        con.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
        con.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO newsradar_writer")
        con.execute("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO newsradar_writer")
    path, _, options = url.partition("?")
    writer = path.replace("://newsradar@", "://newsradar_writer@").replace("://postgres@", "://newsradar_writer@")
    try:
        with open_store(writer + (f"?{options}" if options else "")) as store:
            assert [r.status for r in store.put([article(1, people=("Ilse Jansen",))])] == ["stored"]
            assert store.text_count("harbour", kind="article") == 1
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute("DROP OWNED BY newsradar_writer")
            con.execute("DROP ROLE newsradar_writer")


def test_a_writer_whose_connection_the_server_closed_connects_again(pg: Store) -> None:
    pg.put([article(1)])
    with pg._reading() as cur:  # type: ignore[attr-defined]
        cur.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'newsradar' "
                    "AND pid <> pg_backend_pid() AND datname = current_database()")
    with pytest.raises(StoreError):  # the write in flight when it went is refused, not acknowledged
        pg.put([article(2)])
    assert [r.status for r in pg.put([article(2)])] == ["stored"]
    assert pg.count() == 2  # the readers of before were let go with it


@pytest.mark.slow
def test_sigkill_of_an_ingest_loses_nothing_acknowledged_and_a_rerun_stores_each_page_once(
        url: str, tmp_path: Path) -> None:
    import os
    import signal

    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(200):
        (folder / f"{n:04d}.txt").write_text(f"Tide table {n}\nHigh water at the outer harbour came at {n % 24:02d}:00 "
                                             f"on day {n}, and pilots boarded ships at the marker{n} buoy.\n")

    def ingest() -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, "-m", "newsradar", "ingest", str(folder), "--db", url, "--no-nlp",
                                 "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})

    proc = ingest()
    assert proc.stdout is not None
    acked: list[dict[str, Any]] = []
    for line in proc.stdout:
        acked.append(json.loads(line))
        if len(acked) >= 60:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL and len(acked) < 200
    out, _ = ingest().communicate(timeout=300)
    second = [json.loads(line) for line in out.splitlines()]
    with open_store(url) as store:
        ids = {r["id"] for r in store.query("SELECT id FROM articles")}
        assert len(ids) == store.count() == 200
        assert {a["id"] for a in acked if a["status"] == "stored"} <= ids
        assert {s["source"] for s in second if s["status"] == "duplicate"} >= {a["source"] for a in acked}
        assert all(len(store.text_search(f"marker{n}", kind="article")) == 1 for n in (0, 60, 199))
        assert store.query("SELECT sum(articles) AS n FROM stories") == [{"n": 200}]


def test_without_postgresql_the_tests_skip_saying_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(pgcluster.ENV, raising=False)
    monkeypatch.setattr(pgcluster, "_bin_dir", lambda: None)
    assert "PostgreSQL is not installed (no initdb)" in (pgcluster.unavailable() or "")
    monkeypatch.setenv(pgcluster.ENV, "postgresql://news@dbhost/news")
    assert pgcluster.unavailable() is None
