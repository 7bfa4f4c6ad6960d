"""The store: bulk load rate, dashboard query latency at scale, full-text peers, ingest-to-queryable latency.

    python -m bench.store                       # 100,000 generated articles (~2 million mentions)
    python -m bench.store --articles 1000000    # the 1M-article / 20M-mention figures (not in CI:
                                                # ~1 hour and ~15 GB of disk on 2 cores)

Bulk load: generated records (bench/gen.py: ~150 words, 20 entities, quotes, claims and events
each) loaded through ``Store.bulk_load``; generating them is not timed. Query latency: every query
the dashboard makes, through the Python API, 20 runs each with varied arguments, p50/p95. Peers, in
the same run on the same data: the core aggregations as plain SQL on SQLite (indexed), and full-text
search with DuckDB's ``fts`` extension against SQLite FTS5 (what the store uses). Ingest-to-queryable:
pages arrive at a steady rate; the latency of a page is from its arrival until another thread's query
sees it, with and without the NLP stage.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.gen import Generator
from bench.report import machine, table, write_section
from newsradar import analytics as an
from newsradar.analytics import Filters
from newsradar.store import DuckDBStore, open_store

CHUNK = 10_000


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bulk_load(store: DuckDBStore, gen: Generator, n: int) -> tuple[float, int]:
    """Seconds spent loading (not generating) n articles, and the mentions loaded."""
    spent = 0.0
    for start in range(0, n, CHUNK):
        batch = list(gen.articles(start, min(CHUNK, n - start)))
        t = time.perf_counter()
        store.bulk_load(batch, batch=CHUNK, summarize=False)
        spent += time.perf_counter() - t
        print(f"  loaded {start + len(batch):,} ({(start + len(batch)) / spent:,.0f} articles/s)", flush=True)
    t = time.perf_counter()
    store.rebuild_summaries()
    store.checkpoint()
    spent += time.perf_counter() - t
    mentions = int(store.query("SELECT count(*) AS n FROM mentions")[0]["n"])
    return spent, mentions


def dashboard_queries(store: DuckDBStore, gen: Generator) -> dict[str, Callable[[int], Any]]:
    """Each dashboard query, taking a run number to vary its argument."""
    end = an.common.latest(store)
    assert end is not None
    week = Filters(since=end - timedelta(days=7))
    top = [r["entity"] for r in store.query("SELECT entity FROM entities ORDER BY articles DESC LIMIT 200")]
    people = [r["name"] for r in store.query("SELECT name FROM entities WHERE type = 'PERSON' "
                                             "ORDER BY articles DESC LIMIT 200")]
    ids = [r["id"] for r in store.query("SELECT id FROM articles USING SAMPLE 50 ROWS")]
    stories = [r["story_id"] for r in store.query("SELECT story_id FROM stories USING SAMPLE 50 ROWS")]
    words = gen.words[1500:1560]  # words of names and topics: ~1% of articles each (10,000 at 1M)
    sites = gen.sites[:40]
    return {
        "articles (newest)": lambda i: an.list_articles(store, limit=20),
        "articles (site, 7 days)": lambda i: an.list_articles(store, Filters(since=week.since, source=sites[i % 40])),
        "article by id": lambda i: an.get_article(store, ids[i % len(ids)]),
        "search articles+quotes": lambda i: an.search(store, words[i % len(words)], week),
        "entities (top)": lambda i: an.list_entities(store),
        "entities (7 days)": lambda i: an.list_entities(store, week),
        "entity detail": lambda i: an.get_entity(store, top[(i * 7) % len(top)]),
        "quotes by speaker": lambda i: an.list_quotes(store, speaker=people[i % len(people)]),
        "quotes by words": lambda i: an.list_quotes(store, q=words[i % len(words)]),
        "claims ledger (7 days)": lambda i: an.claims_ledger(store, week),
        "events (CAMEO root)": lambda i: an.list_events(store, cameo=f"{(i % 20) + 1:02d}"),
        "network (7 days)": lambda i: an.network(store, week),
        "stories": lambda i: an.list_stories(store),
        "story detail": lambda i: an.get_story(store, stories[i % len(stories)]),
        "trends 1h": lambda i: an.trends(store, window="1h"),
        "trends 24h": lambda i: an.trends(store, window="24h"),
        "trends events 24h": lambda i: an.trends(store, window="24h", kind="events"),
        "timeline entity (hour)": lambda i: an.timeline(store, entity=top[i % len(top)], interval="hour"),
        "timeline entity (day)": lambda i: an.timeline(store, entity=top[i % len(top)], interval="day"),
        "timeline search (day)": lambda i: an.timeline(store, q=words[i % len(words)], interval="day"),
        "alerts": lambda i: an.list_alerts(store),
    }


def time_queries(queries: dict[str, Callable[[int], Any]], runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}
    for name, call in queries.items():
        call(0)  # warm: first use loads columns into memory
        times = []
        for i in range(runs):
            t = time.perf_counter()
            call(i + 1)
            times.append((time.perf_counter() - t) * 1000)
        out[name] = times
        print(f"  {name}: p50 {pct(times, 0.5):.1f} ms, p95 {pct(times, 0.95):.1f} ms", flush=True)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=20, help="runs of each query")
    ap.add_argument("--dir", type=Path, default=None, help="where to build the database (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the database afterwards")
    ap.add_argument("--rate", type=float, default=10.0, help="articles per second for the latency test")
    ap.add_argument("--seconds", type=float, default=30.0, help="length of each steady-load run")
    ap.add_argument("--nlp-rate", type=float, default=2.0, help="a rate the NLP stage sustains, for its latency")
    ap.add_argument("--skip", nargs="*", default=[], choices=["sqlite", "fts", "latency", "nlp"],
                    help="parts to leave out")
    args = ap.parse_args(argv)
    from bench import store_peers

    folder = args.dir or Path(tempfile.mkdtemp(prefix="newsradar-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "bench.duckdb"
    for extra in (path, Path(f"{path}.wal"), Path(f"{path}.fts"), Path(f"{path}.fts-wal"), Path(f"{path}.fts-shm")):
        extra.unlink(missing_ok=True)
    gen = Generator()
    store = open_store(path)
    assert isinstance(store, DuckDBStore)
    print(f"bulk loading {args.articles:,} articles into {path}", flush=True)
    load_s, mentions = bulk_load(store, gen, args.articles)
    rate = args.articles / load_s
    print(f"bulk load: {rate:,.0f} articles/s ({mentions / load_s:,.0f} mentions/s)", flush=True)

    print("dashboard queries", flush=True)
    times = time_queries(dashboard_queries(store, gen), args.runs)
    sqlite_rows: list[list[object]] = []
    if "sqlite" not in args.skip:
        print("SQLite peer", flush=True)
        sqlite_rows = store_peers.sqlite_peer(store, folder, args.runs)
    fts_rows: list[list[object]] = []
    if "fts" not in args.skip:
        print("full-text peers", flush=True)
        fts_rows = store_peers.fts_peer(store, gen, folder, args.runs)
    latency_rows: list[list[object]] = []
    if "latency" not in args.skip:
        print("ingest-to-queryable latency", flush=True)
        latency_rows = store_peers.latency(store, args.rate, args.seconds, nlp="nlp" not in args.skip,
                                           nlp_rate=args.nlp_rate)
    db_mb = sum(p.stat().st_size for p in folder.glob("bench.duckdb*")) / 1e6
    store.close()
    if not args.keep and args.dir is None:
        shutil.rmtree(folder, ignore_errors=True)

    worst = max(pct(t, 0.95) for t in times.values())
    md = f"""## Store: bulk load, dashboard queries, ingest-to-queryable latency

`python -m bench.store --articles {args.articles}` on {machine()}, load average at start
{os.getloadavg()[0]:.1f}. {args.articles:,} generated articles (bench/gen.py: ~150 words, 20 entities,
0-3 quotes, 0-2 claims, 0-3 events each; {mentions:,} mention rows), one DuckDB file plus its FTS5
index, {db_mb:,.0f} MB on disk.

**Bulk load** (`Store.bulk_load`, generation not timed): **{rate:,.0f} articles/s**
({mentions / load_s:,.0f} mention rows/s); target ≥ 5,000 records/s.

**Dashboard queries** through the Python API, {args.runs} runs each with varied arguments (target: p95
≤ 100 ms at 1M articles / 20M mentions); worst p95 here {worst:.0f} ms:

{table(["query", "p50 ms", "p95 ms"], [[k, round(pct(v, .5), 1), round(pct(v, .95), 1)] for k, v in times.items()])}
"""
    if sqlite_rows:
        md += f"""
**Peer: the same aggregations on SQLite** (tables copied with indexes on (entity, ts), ts and seq; plain
SQL both sides, p95 ms; ratio > 1 means DuckDB is faster):

{table(["query", "DuckDB p95 ms", "SQLite p95 ms", "SQLite / DuckDB"], sqlite_rows)}
"""
    if fts_rows:
        md += f"""
**Full-text index: DuckDB `fts` vs SQLite FTS5** (over the same articles' title and text; BM25 both):

{table(["measure", "DuckDB fts", "SQLite FTS5", "DuckDB / FTS5"], fts_rows)}
"""
    if latency_rows:
        md += f"""
**Ingest-to-queryable latency** under steady load: pages arrive at a fixed rate into a store already
holding the articles above; latency is from a page's arrival until a query on another thread sees it
(target p99 ≤ 1 s at 10 articles/s). `push`: the HTTP push path, `Ingestor.push` called from 8 client
threads (pushes in flight share commits); `stream`: `watch`'s path, `Ingestor.ingest_live` (each page
analysed on arrival, committed when no more input is waiting). With NLP, both analyse in 2 worker
processes started (and warmed) before the clock:

{table(["path", "NLP", "rate /s", "pages", "sustained /s", "p50 s", "p99 s"], latency_rows)}
"""
    write_section("store", md)
    print("wrote the store section of BENCHMARKS.md")


if __name__ == "__main__":
    main()
