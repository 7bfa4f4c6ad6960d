"""Crash safety: SIGKILL the ingesting process mid-batch, restart it, and lose or duplicate nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

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
