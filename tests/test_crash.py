"""Crash safety: SIGKILL the ingesting process mid-batch, restart it, and lose or duplicate nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders import article
from newsradar.store import open_store

PAGES = 600
KILL_AFTER = 150  # acknowledgements read before the kill: the run is well under way, mid-batch


def _write_pages(folder: Path) -> None:
    folder.mkdir()
    for n in range(PAGES):
        (folder / f"{n:04d}.txt").write_text(
            f"Tide table {n}\nHigh water at the outer harbour was recorded at {n % 24:02d}:{n % 60:02d} on day "
            f"{n}, the harbour master's office said, and pilots boarded ships at the marker{n} buoy as usual.\n",
            encoding="utf-8")


def _ingest(folder: Path, db: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "newsradar", "ingest", str(folder), "--db", str(db), "--no-nlp",
                             "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env)


@pytest.mark.slow
def test_sigkill_mid_batch_loses_nothing_acknowledged_and_duplicates_nothing(tmp_path: Path) -> None:
    folder, db = tmp_path / "pages", tmp_path / "news.duckdb"
    _write_pages(folder)
    proc = _ingest(folder, db)
    assert proc.stdout is not None
    acked: list[dict[str, str]] = []
    for line in proc.stdout:
        acked.append(json.loads(line))
        if len(acked) >= KILL_AFTER:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    assert len(acked) < PAGES

    proc = _ingest(folder, db)
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == 0
    second = [json.loads(line) for line in out.splitlines()]
    assert len(second) == PAGES

    with open_store(db) as store:
        stored = {r["id"]: r for r in store.query("SELECT id, source, text_hash FROM articles")}
        assert len(stored) == PAGES  # every page once
        assert len({r["text_hash"] for r in stored.values()}) == PAGES  # and no text twice
        assert {a["id"] for a in acked if a["status"] == "stored"} <= set(stored)  # nothing acknowledged lost
        by_source = {Path(r["source"]).name: r["id"] for r in stored.values()}
        for ack in acked:  # re-reading an acknowledged page finds it already there
            again = next(s for s in second if s["source"] == ack["source"])
            assert again["status"] == "duplicate" and again["id"] == by_source[Path(ack["source"]).name]
        for n in (0, KILL_AFTER, PAGES - 1):  # and the text index agrees with the tables
            assert len(store.text_search(f"marker{n}", kind="article")) == 1
        assert store.query("SELECT count(*) AS n FROM (SELECT seq FROM articles GROUP BY seq HAVING count(*) > 1)"
                           )[0]["n"] == 0


def _children(pid: int) -> set[int]:
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to see the worker processes")
def test_sigterm_stops_ingest_with_its_workers_and_keeps_what_was_committed(tmp_path: Path) -> None:
    # the default handler ended the process at once and left its NLP workers running
    folder, db = tmp_path / "pages", tmp_path / "news.duckdb"
    _write_pages(folder)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "newsradar", "ingest", str(folder), "--db", str(db), "--workers",
                             "2", "--format", "jsonl"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=env)
    assert proc.stdout is not None and proc.stderr is not None
    acked = [json.loads(next(proc.stdout)) for _ in range(20)]
    workers = _children(proc.pid)
    assert workers, "the ingest runs no worker processes to leave behind"
    proc.send_signal(signal.SIGTERM)
    # Read what it still prints while it stops: with the pipe left full (64 kB of records on a fast
    # host), the ingest blocked on its next line and never ended
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != -signal.SIGTERM and "Traceback" not in err, err
    assert not any(Path(f"/proc/{w}").exists() for w in workers), "worker processes outlived the ingest"
    with open_store(db) as store:
        ids = {r["id"] for r in store.query("SELECT id FROM articles")}
        assert {a["id"] for a in acked if a["status"] == "stored"} <= ids


_BULK_CHILD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {tests!r})
from builders import article
from builders import article
from newsradar.store import open_store

def source():
    for n in range(40):  # batches of 2, 10, 10 and 10 are inserted and indexed before the commit
        yield article(n, people=("Maarten de Wit",), quotes=(("Maarten de Wit", "The lock gates hold"),))
    Path({ready!r}).touch()
    time.sleep(600)  # the source stalls; the parent kills the process here

with open_store({db!r}) as store:
    store.bulk_load([article(1000, people=("Anouk Visser",))])
    store.bulk_load(source(), batch=10)
"""


@pytest.mark.slow
def test_sigkill_during_a_bulk_load_keeps_the_text_index_to_what_was_committed(tmp_path: Path) -> None:
    db, ready = tmp_path / "news.duckdb", tmp_path / "ready"
    code = _BULK_CHILD.format(tests=str(Path(__file__).parent), ready=str(ready), db=str(db))
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        if ready.exists() or proc.poll() is not None:
            break
        time.sleep(0.1)
    assert ready.exists(), proc.stderr.read() if proc.stderr else ""
    time.sleep(1.0)  # the last batches' indexing finishes: the index is then ahead of the database
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    if proc.stderr:
        proc.stderr.close()
    with open_store(db) as store:
        assert store.count() == 1 and store.last_seq() == 0
        assert store.text_search("wit", kind="article") == []
        assert store.text_search("lock gates", kind="quote") == []
        assert store.bulk_load([article(2000 + n, people=("Sanne Bakker",)) for n in range(3)]) == 3
        assert sorted(h.key for h in store.text_search("bakker", kind="article")) == [1, 2, 3]
        assert store.text_search("lock gates", kind="quote") == []
