"""Peers and the steady-load test for bench/store.py (kept apart to keep each file small)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

import duckdb

from bench.gen import Generator
from bench.report import SHARED
from newsradar.analytics.common import latest
from newsradar.ingest import Ingestor
from newsradar.record import article_id
from newsradar.settings import Settings
from newsradar.sources.raw import RawPage
from newsradar.store import DuckDBStore
from newsradar.store.textindex import TextIndex


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _timed(call: Callable[[Any], object], runs: int, args: Sequence[Any]) -> float:
    times = []
    for i in range(runs):
        t = time.perf_counter()
        call(args[i % len(args)])
        times.append((time.perf_counter() - t) * 1000)
    return _p95(times)


def _duck(store: DuckDBStore, sql: str, params: list[Any]) -> object:
    return store.query(sql, params)


def _lite(con: sqlite3.Connection, sql: str, params: list[Any]) -> object:
    return con.execute(sql, params).fetchall()


def sqlite_peer(store: DuckDBStore, folder: Path, runs: int) -> list[list[object]]:
    """The core dashboard aggregations as plain SQL on DuckDB and on an indexed SQLite copy."""
    path = folder / "peer.sqlite"
    path.unlink(missing_ok=True)
    lite = sqlite3.connect(path)
    lite.execute("PRAGMA journal_mode=OFF")
    lite.execute("PRAGMA synchronous=OFF")
    lite.execute("CREATE TABLE mentions (seq INTEGER, ts TEXT, entity TEXT, tone REAL)")
    lite.execute("CREATE TABLE events (seq INTEGER, ts TEXT, source_key TEXT, target_key TEXT, root TEXT)")
    cur = store._con.cursor()
    inserting, copied = 0.0, 0
    stamp = "strftime(ts, '%Y-%m-%dT%H:%M:%S')"
    for table, cols in (("mentions", ["seq", stamp, "entity", "tone"]),
                        ("events", ["seq", stamp, "source_key", "target_key", "root"])):
        cur.execute(f"SELECT {', '.join(cols)} FROM {table}")
        marks = ",".join("?" * len(cols))
        while rows := cur.fetchmany(100_000):
            t = time.perf_counter()
            lite.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
            inserting += time.perf_counter() - t
            copied += len(rows)
    t = time.perf_counter()
    for stmt in ("CREATE INDEX m_entity_ts ON mentions (entity, ts)", "CREATE INDEX m_ts ON mentions (ts)",
                 "CREATE INDEX e_ts ON events (ts)"):
        lite.execute(stmt)
    lite.commit()
    indexing = time.perf_counter() - t
    print(f"  SQLite: {copied:,} rows inserted at {copied / inserting:,.0f} rows/s, indexed in {indexing:.0f} s",
          flush=True)
    end = latest(store)
    assert end is not None
    top = [r["entity"] for r in store.query("SELECT entity FROM entities ORDER BY articles DESC LIMIT 50")]
    cut, start, week = end - timedelta(hours=1), end - timedelta(hours=25), end - timedelta(days=7)
    queries = {
        "trends 1h (entity counts, window vs baseline)": (
            "SELECT entity, count(*) FILTER (WHERE ts > ?) AS cur, count(*) FILTER (WHERE ts <= ?) AS base "
            "FROM mentions WHERE ts > ? AND ts <= ? GROUP BY entity HAVING count(*) FILTER (WHERE ts > ?) >= 2",
            [[cut, cut, start, end, cut]]),
        "entity timeline, hourly over 48 h": (
            "SELECT {hour} AS b, count(*), avg(tone) FROM mentions WHERE entity = ? AND ts >= ? GROUP BY b",
            [[e, end - timedelta(hours=48)] for e in top]),
        "network, 7 days": (
            "SELECT source_key, target_key, root, count(*) AS n FROM events WHERE ts >= ? AND source_key IS NOT NULL "
            "AND target_key IS NOT NULL GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 100", [[week]]),
        "top entities, 7 days": (
            "SELECT entity, count(*) AS n FROM mentions WHERE ts >= ? GROUP BY entity ORDER BY n DESC LIMIT 20",
            [[week]]),
    }
    timings: list[list[object]] = []
    for name, (sql, params) in queries.items():
        duck_sql = sql.replace("{hour}", "date_trunc('hour', ts)")
        lite_sql = sql.replace("{hour}", "substr(ts, 1, 13)")
        lite_params = [[v.strftime("%Y-%m-%dT%H:%M:%S") if hasattr(v, "strftime") else v for v in p] for p in params]
        store.query(duck_sql, params[0])
        lite.execute(lite_sql, lite_params[0]).fetchall()
        d = _timed(partial(_duck, store, duck_sql), runs, params)
        s = _timed(partial(_lite, lite, lite_sql), runs, lite_params)
        timings.append([name, round(d, 1), round(s, 1), round(s / d, 2)])
        print(f"  {name}: DuckDB {d:.1f} ms, SQLite {s:.1f} ms", flush=True)
    lite.close()
    path.unlink(missing_ok=True)
    timings.append([f"bulk insert, 4-5 narrow columns of mentions and events (rows/s; SQLite also indexed them in "
                 f"{indexing:.0f} s more)", "see above", round(copied / inserting), ""])
    return timings


def fts_peer(store: DuckDBStore, gen: Generator, folder: Path, runs: int) -> list[list[object]]:
    """Build, update and query cost, and top-10 agreement, of DuckDB fts and SQLite FTS5."""
    import duckdb_extension_fts

    ext = Path(duckdb_extension_fts.__file__).parent / "extensions" / f"v{duckdb.__version__}" / "fts.duckdb_extension"
    docs = store._con.cursor().execute("SELECT seq, title, text FROM articles ORDER BY seq").fetch_arrow_table()
    duck_path = folder / "fts-peer.duckdb"
    duck_path.unlink(missing_ok=True)
    con = duckdb.connect(str(duck_path))
    con.execute(f"LOAD '{ext}'")
    con.execute("CREATE TABLE docs AS SELECT * FROM docs")
    t = time.perf_counter()
    con.execute("PRAGMA create_fts_index('docs', 'seq', 'title', 'text')")
    duck_build = time.perf_counter() - t
    lite_path = folder / "fts-peer.sqlite"
    lite_path.unlink(missing_ok=True)
    index = TextIndex(lite_path)
    t = time.perf_counter()
    batch = docs.to_batches(50_000)
    for b in batch:
        index.add(zip(*(b.column(i).to_pylist() for i in range(3)), strict=True), [])
    lite_build = time.perf_counter() - t
    words = gen.words[1500:1560]
    sql = ("SELECT seq FROM (SELECT seq, fts_main_docs.match_bm25(seq, ?) AS score FROM docs) "
           "WHERE score IS NOT NULL ORDER BY score DESC LIMIT 10")
    duck_q = _timed(lambda p: con.execute(sql, p).fetchall(), runs, [[w] for w in words])
    lite_q = _timed(lambda p: index.search(p[0], "article", 10), runs, [[w] for w in words])
    overlap = []
    for w in words[:runs]:
        a = {r[0] for r in con.execute(sql, [w]).fetchall()}
        b = {k for k, _ in index.search(w, "article", 10)}
        overlap.append(len(a & b) / max(1, len(a | b)))
    n = int(docs.num_rows)
    new = [(n + 10**9 + i, "new", " ".join(gen.words[i:i + 150])) for i in range(10)]
    t = time.perf_counter()
    con.executemany("INSERT INTO docs VALUES (?, ?, ?)", new)
    con.execute("PRAGMA create_fts_index('docs', 'seq', 'title', 'text', overwrite=1)")
    duck_add = time.perf_counter() - t
    t = time.perf_counter()
    for row in new:
        index.add([row], [])
    lite_add = time.perf_counter() - t
    con.close()
    index.close()
    for p in folder.glob("fts-peer.*"):
        p.unlink()
    print(f"  build {duck_build:.1f} s vs {lite_build:.1f} s; query p95 {duck_q:.1f} vs {lite_q:.1f} ms; "
          f"add 10 {duck_add:.2f} vs {lite_add:.3f} s", flush=True)
    return [
        [f"build over {n:,} articles (s)", round(duck_build, 1), round(lite_build, 1),
         round(duck_build / lite_build, 2)],
        ["add 10 articles, searchable (s)", round(duck_add, 3), round(lite_add, 3), round(duck_add / lite_add, 1)],
        ["query p95, top 10 (ms)", round(duck_q, 1), round(lite_q, 1), round(duck_q / lite_q, 2)],
        ["top-10 agreement (Jaccard, mean)", "", "", round(sum(overlap) / len(overlap), 2)],
    ]


def _pages(count: int, offset: int, first: int) -> list[RawPage]:
    """Real English news pages (dragnet, a different slice for each run, since a page whose text is
    already stored is a duplicate and never becomes visible again) when ../shared is there, else
    generated ones."""
    root = SHARED / "data" / "extraction" / "dragnet" / "HTML"
    files = sorted(root.glob("*.html.gz"))[first:first + count] if root.is_dir() else []
    if len(files) < count:
        files = []
    gen = None if files else Generator(seed=99 + offset)  # building its vocabulary takes seconds
    out = []
    for i in range(count):
        url = f"https://steady.example/{offset}/{i}"
        if files:
            import gzip

            content = gzip.decompress(files[i].read_bytes())
        else:
            assert gen is not None
            a = gen.article(i)
            content = (f"<html><head><title>{a.title}</title></head><body><article>" + "".join(
                f"<p>{p}</p>" for p in a.paragraphs) + "</article></body></html>").encode()
        out.append(RawPage(content=content, source=url, url=url, kind="html"))
    return out


# How often the probe asks the store for new articles. Each query costs about a millisecond of CPU,
# so polling every 10 ms took a tenth of a core from the system it measured, which with NLP is short
# of CPU; every 50 ms a latency is over-stated by at most 50 ms (25 ms on average).
PROBE_INTERVAL = 0.05


def _steady(store: DuckDBStore, pages: list[RawPage], rate: float, mode: str, nlp: bool,
            warmup: float) -> list[object]:
    # As `serve` and `watch` run: stories assigned and alerts matched at each commit (the story index
    # replays the store's newest articles before the clock, as a starting server does).
    ingestor = Ingestor(store, Settings().with_overrides(workers=2), nlp=nlp, alerts=True,
                        push_workers=2 if nlp else 0)
    # Before the clock: the workers start (each loads spaCy), and whichever process extracts loads
    # its language model and compiles its patterns (seconds, once: a running server has done it).
    for i in range(4 if ingestor.push_workers else 1):
        ingestor.push(f"<html><head><title>Warm-up {i}</title></head><body><article><p>Warm-up page {i} {mode} "
                      "about the weather in the harbour, written to load what extraction needs.</p></article>"
                      "</body></html>", kind="html")
    arrival: dict[str, float] = {}
    seen: dict[str, float] = {}
    done = threading.Event()
    first = store.last_seq()

    def reader() -> None:
        last, quiet_since = first, time.perf_counter()
        while not done.is_set() or len(seen) < len(arrival):
            for r in store.query("SELECT id, seq FROM articles WHERE seq > ? ORDER BY seq", [last]):
                seen.setdefault(r["id"], time.perf_counter())
                last, quiet_since = r["seq"], time.perf_counter()
            # done: every page is committed, so the ones still unseen never will be (duplicates)
            if done.is_set() and (len(seen) >= len(arrival) or time.perf_counter() - quiet_since > 2.0):
                break
            time.sleep(PROBE_INTERVAL)

    watcher = threading.Thread(target=reader)
    watcher.start()
    t0 = time.perf_counter() + 0.5

    def arrive() -> Iterator[RawPage]:
        for i, page in enumerate(pages):
            due = t0 + i / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            arrival[article_id(page.url, "")] = due
            yield page

    try:
        if mode == "push":  # as an HTTP server would: one client thread per request in flight
            with ThreadPoolExecutor(8) as clients:
                calls = [clients.submit(ingestor.push, page.content, url=page.url, kind="html") for page in arrive()]
                for call in calls:
                    call.result()
        else:
            for _ in ingestor.ingest_live(arrive()):
                pass
    finally:
        done.set()
        watcher.join(timeout=120)
        ingestor.close()
    lat = sorted(seen[k] - arrival[k] for k in arrival if k in seen and arrival[k] - t0 >= warmup)
    # pages never seen are refused or duplicates of stored text (dragnet repeats a few pages)
    span = max(seen.values()) - t0 if seen else float("inf")
    p50, p99 = lat[len(lat) // 2], lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    print(f"  {mode} nlp={nlp} at {rate}/s: {len(lat)} pages, p50 {p50:.3f} s, p99 {p99:.3f} s", flush=True)
    return [mode, "yes" if nlp else "no", rate, len(lat), round(len(arrival) / span, 1), round(p50, 3), round(p99, 3)]


def latency(store: DuckDBStore, rate: float, seconds: float, nlp: bool, nlp_rate: float,
            pace: Callable[[], float]) -> list[list[object]]:
    """Both paths without NLP at ``rate``; with NLP at ``rate`` (can 2 cores keep up?) and at
    ``nlp_rate``, a rate they sustain, for the latency a page then sees. Each row ends with the
    machine's ``pace`` just before it (the host's speed drifts between rows)."""
    n = int(rate * seconds)
    runs: list[tuple[list[RawPage], float, str, bool]] = [(_pages(n, 1, 0), rate, "push", False),
                                                          (_pages(n, 2, n), rate, "stream", False)]
    if nlp:
        slow = int(nlp_rate * seconds)
        runs += [(_pages(n, 3, 2 * n), rate, "stream", True), (_pages(slow, 4, 3 * n), nlp_rate, "stream", True),
                 (_pages(slow, 5, 3 * n + slow), nlp_rate, "push", True)]
    rows = []
    for pages, r, mode, with_nlp in runs:
        before = round(pace())
        rows.append([*_steady(store, pages, r, mode, with_nlp, 2.0), before])
    return rows
