"""Dashboard page load with 100,000 articles in the store, measured in headless Chromium.

    .venv/bin/python bench/dashboard.py [--articles 100000] [--runs 5]

Generated records (invented names, no NLP) are bulk-loaded through the store's bulk path into a
fresh database; ``newsradar``'s API app then serves it on a free localhost port and each dashboard
page is opened ``--runs`` times in Chromium. A page's figure is the time from navigation start to
the ``newsradar:ready`` mark the page sets once its data is drawn. The peer, measured in the same
browser on the same server, is the time to fetch the JSON of that page's main API call: the ratio
says what the page itself (scripts, drawing, its other calls) costs on top of its data.
Writes the ``dashboard`` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.report import machine, table, write_section

TARGET_MS = 300.0
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
FIRST = ["Ana", "Bram", "Chidi", "Dana", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jun", "Kemal", "Lior", "Mina",
         "Nils", "Oona", "Pavel", "Rosa", "Sami", "Tove", "Uma"]
LAST = ["Adeyemi", "Berg", "Castell", "Dumont", "Eklund", "Ferrand", "Grahn", "Holm", "Ilic", "Jansen", "Kovac",
        "Lund", "Moreau", "Novak", "Okoro", "Petrov", "Quist", "Rahal", "Soto", "Thal"]
ORGS = [f"{a} {b}" for a in ("North", "Coastal", "United", "Federal", "River", "Central") for b in
        ("Freight Board", "Workers Guild", "Energy Agency", "Rail Company", "Port Authority", "Health Council")]
PLACES = [(f"{p}{s}", lat, lon) for p, lat, lon in (("Val", 41.9, 12.5), ("Kess", 59.3, 18.1), ("Ost", 52.5, 13.4),
          ("Mar", 33.6, -7.6), ("Tal", 59.4, 24.7), ("Sen", -1.3, 36.8)) for s in ("mora", "ling", "ford", "ica")]
SITES = [f"{a} {b}" for a in ("Evening", "Morning", "Harbour", "Valley", "City") for b in ("Ledger", "Courier", "Post",
         "Times")]
CAMEO = [("010", 0.0), ("020", 3.0), ("036", 4.0), ("042", 1.0), ("051", 3.5), ("112", -2.0), ("120", -4.0),
         ("130", -4.4), ("141", -6.5), ("173", -5.0), ("190", -10.0)]


def record(i: int, rng: random.Random, now: datetime) -> dict[str, Any]:
    people = [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(2)]
    org, (place, lat, lon), site = rng.choice(ORGS), rng.choice(PLACES), rng.choice(SITES)
    n = rng.randint(10, 900)
    p1 = f"{people[0]} met {people[1]} in {place} as talks with the {org} went on."
    quote_text = f"We will not accept {n} job cuts at the {org}"
    p2 = f'"{quote_text}," {people[0]} said. Some {n * 3} workers joined the protest.'
    text = f"{p1}\n\n{p2}"

    def at(part: str, start: int = 0) -> list[int]:
        s = text.index(part, start)
        return [s, s + len(part)]

    claim = f"{n * 3} workers"
    when = now - timedelta(seconds=rng.randint(0, 30 * 86400))
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
    cameo, gold = rng.choice(CAMEO)
    url = f"https://{site.lower().replace(' ', '')}.example/{i}"
    return {
        "id": f"{i:016x}", "source": url, "url": url, "site_name": site, "title": f"{org}: {people[0]} and {people[1]}"
        f" in {place} ({i})", "authors": [], "language": "en", "section": None, "tags": [],
        "published": {"value": stamp, "source": "meta", "confidence": 0.8}, "updated": None, "fetched_at": stamp + "Z",
        "text": text, "paragraphs": [p1, p2], "images": [], "boilerplate": [],
        "entities": [
            {"id": "e1", "name": people[0], "type": "PERSON", "aliases": [], "role": None, "country": None,
             "mentions": [at(people[0]), at(people[0], len(p1))], "salience": 0.4},
            {"id": "e2", "name": people[1], "type": "PERSON", "aliases": [], "role": None, "country": None,
             "mentions": [at(people[1])], "salience": 0.2},
            {"id": "e3", "name": org, "type": "ORG", "aliases": [], "role": None, "country": None,
             "mentions": [at(org)], "salience": 0.3},
            {"id": "e4", "name": place, "type": "GPE", "aliases": [], "role": None, "country": None,
             "mentions": [at(place)], "salience": 0.1}],
        "quotes": [{"text": quote_text, "kind": "direct", "speaker": people[0], "speaker_entity": "e1", "cue": "said",
                    "span": at(quote_text)}],
        "claims": [{"value": n * 3, "unit": "workers", "text": claim, "qualifier": "some", "upper": None,
                    "source": None, "source_entity": None, "span": at(claim)}],
        "events": [{"source": {"name": people[0], "entity": "e1", "code": None},
                    "target": {"name": people[1], "entity": "e2", "code": None}, "cameo": cameo, "plover": None,
                    "quad_class": None, "goldstein": gold,
                    "location": {"name": place, "country": None, "lat": lat, "lon": lon, "mentions": 1},
                    "text": p1, "span": [0, len(p1)]}],
        "locations": [{"name": place, "country": None, "lat": lat, "lon": lon, "mentions": 1}],
        "tone": {"score": round(rng.uniform(-6, 4), 2), "positive": 1.0, "negative": 2.0},
        "story_id": f"s{i // 8}", "duplicate_of": None,
    }


def load(db: Path, n: int) -> float:
    """Bulk-load ``n`` generated records; returns records per second."""
    from newsradar.record import Article
    from newsradar.store import open_store

    rng, now = random.Random(7), datetime.now(UTC)
    store = open_store(db)
    start = time.perf_counter()
    try:
        store.bulk_load(Article.from_dict(record(i, rng, now)) for i in range(n))
    finally:
        store.close()
    return n / (time.perf_counter() - start)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(db: Path) -> Iterator[str]:
    import uvicorn

    from newsradar.api import create_app
    from newsradar.settings import Settings

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(db=db)), host="127.0.0.1", port=port,
                                           log_level="warning", timeout_graceful_shutdown=1))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def measure(base: str, runs: int) -> list[list[object]]:
    import json
    import urllib.request

    from playwright.sync_api import sync_playwright

    def get(path: str) -> Any:
        with urllib.request.urlopen(base + path, timeout=60) as res:
            return json.loads(res.read())

    # The most mentioned person: an entity page with quotes and events to draw, the heaviest kind.
    top = get("/api/entities?type=PERSON&limit=1")["items"][0]["key"]
    article = get("/api/articles?limit=1")["items"][0]
    word = article["title"].split()[0]
    routes = [  # (page, dashboard address, the page's main API call)
        ("feed", "#/feed", "/api/articles?limit=30"),
        ("trends", "#/trends", "/api/trends?window=24h"),
        ("entities", "#/entities", "/api/entities?limit=50"),
        ("entity", f"#/entity/{quote(top)}", f"/api/entities/{quote(top)}"),
        ("stories", "#/stories", "/api/stories?limit=30"),
        ("story", f"#/story/{quote(article['story_id'])}", f"/api/stories/{quote(article['story_id'])}"),
        ("network", "#/network", "/api/network?since=7d&limit=60"),
        ("search", f"#/search?q={quote(word)}", f"/api/search?q={quote(word)}&kind=all&limit=25"),
        ("alerts", "#/alerts", "/api/alerts?limit=200"),
        ("article", f"#/article/{quote(article['id'])}", f"/api/articles/{quote(article['id'])}"),
    ]
    rows: list[list[object]] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        warm = ctx.new_page()
        warm.goto(base + "/#/feed")  # static files cached once, as for anyone who keeps the dashboard open
        warm.wait_for_selector("body[data-ready]", timeout=60000)
        for name, address, call in routes:
            ready, fetch = [], []
            for _ in range(runs):
                page = ctx.new_page()
                page.goto(f"{base}/{address}")
                page.wait_for_selector("body[data-ready]", timeout=60000)
                ready.append(page.evaluate("performance.getEntriesByName('newsradar:ready')[0].startTime"))
                fetch.append(page.evaluate("""async (u) => { const t = performance.now();
                    await (await fetch(u, {cache: 'no-store'})).json(); return performance.now() - t; }""", call))
                page.close()
            med, worst, peer = statistics.median(ready), max(ready), statistics.median(fetch)
            rows.append([name, med, worst, peer, med / peer if peer else float("nan"),
                         "yes" if worst < TARGET_MS else "**no**"])
        browser.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--db", type=Path, help="keep the generated store in this file and reuse it when it exists "
                                            "(by default a temporary one is made and deleted)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsradar-bench-") as tmp:
        db = args.db or Path(tmp) / "bench.duckdb"
        if not db.exists():
            rate = load(db, args.articles)
            print(f"bulk-loaded {args.articles:,} records at {rate:,.0f}/s", file=sys.stderr)
        with serve(db) as base:
            rows = measure(base, args.runs)
    text = (f"Dashboard page load, {args.articles:,} articles in the store (bulk-loaded generated records, "
            f"no NLP), {args.runs} loads per page in headless Chromium with its static files cached; "
            f"target: every page ready in under {TARGET_MS:.0f} ms (worst of the runs). Peer: the same "
            f"browser fetching the JSON of the page's main API call. {machine()}.\n\n"
            + table(["page", "ready, median ms", "ready, worst ms", "main JSON fetch, median ms",
                     "page / JSON", "< 300 ms"], rows)
            + "\n\nRun: `.venv/bin/python bench/dashboard.py` (`--articles N`, `--runs N`, `--db FILE` to keep "
              "and reuse the generated store).")
    print(text)
    write_section("dashboard", text)


if __name__ == "__main__":
    main()
