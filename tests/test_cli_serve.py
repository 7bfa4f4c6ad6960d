"""``newsradar serve``: ``--ingest`` fills the store, then the API serves it (uvicorn is replaced by a
test client that drives the app it was given)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backends import local_client
from newsradar.cli import app, remote

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def serve(monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, dict[str, Any]]:
    """Run ``newsradar serve ARGS``; what the app answered while it was 'serving'."""
    import uvicorn

    seen: dict[str, Any] = {}
    db = args[args.index("--db") + 1] if "--db" in args else None

    def run(server: Any, *_: Any) -> None:
        web, config = server.config.app, server.config
        with local_client(web) as client:
            seen["health"] = client.get("/api/health").json()
            seen["articles"] = client.get("/api/articles").json()["items"]
            text = "Crews at the ferry terminal voted to end the strike.\n\nSailings resume on Monday morning."
            pushed = client.post("/api/articles", json={"url": "https://pushed.example/vote", "text": text})
            seen["pushed"] = pushed.status_code, pushed.json()
            seen["after"] = client.get("/api/health").json()
        seen["host"], seen["port"] = config.host, config.port
        seen["note"] = remote.running_server(db) if db else None

    monkeypatch.setattr(uvicorn.Server, "run", run)
    result = CliRunner().invoke(app, ["serve", *args])
    return result.exit_code, result.stderr, seen


def test_serve_ingests_the_examples_then_serves_them(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    code, err, seen = serve(monkeypatch, "--ingest", str(EXAMPLES), "--db", str(db), "--no-nlp", "--port", "8799")
    assert code == 0, err
    assert "ingested 4, duplicates 0, refused 0" in err and "dashboard at http://127.0.0.1:8799/" in err
    assert seen["health"] == {"status": "ok", "articles": 4}
    assert all(a["title"] for a in seen["articles"]) and len(seen["articles"]) == 4
    status, record = seen["pushed"]
    assert status == 201 and record["url"] == "https://pushed.example/vote"
    assert seen["after"]["articles"] == 5 and (seen["host"], seen["port"]) == ("127.0.0.1", 8799)
    # while serving, a note beside the file named the address; it went with the server
    assert seen["note"] == "http://127.0.0.1:8799" and not remote.note_path(db).exists()

    # Served again over the same file: nothing is stored twice, the pushed page is still there.
    code, err, seen = serve(monkeypatch, "--ingest", str(EXAMPLES), "--db", str(db), "--no-nlp")
    assert code == 0, err
    assert "ingested 0, duplicates 4, refused 0" in err and seen["health"]["articles"] == 5


def test_serve_reports_a_store_it_cannot_open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "not-a-db.duckdb").write_text("this is not a database")
    code, err, seen = serve(monkeypatch, "--db", str(tmp_path / "not-a-db.duckdb"))
    assert code == 2 and "cannot open" in err and not seen  # docs/cli.md: 2 for a store that cannot be opened


def test_serve_refuses_a_port_in_use_before_ingesting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, err, seen = serve(monkeypatch, "--ingest", str(EXAMPLES), "--db", str(tmp_path / "n.duckdb"),
                                "--no-nlp", "--port", str(port))
    assert code == 1 and f"cannot listen on 127.0.0.1:{port}" in err
    assert "ingested" not in err and not seen


def test_serve_watches_sources_and_serves_what_lands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import shutil
    import time

    import uvicorn

    drop = tmp_path / "drop"
    drop.mkdir()
    shutil.copy(EXAMPLES / "harbour-strike.html", drop / "first.html")
    seen: dict[str, Any] = {}

    def count(client: Any, want: int) -> int:
        deadline = time.monotonic() + 20
        n = client.get("/api/health").json()["articles"]
        while n < want and time.monotonic() < deadline:
            time.sleep(0.1)
            n = client.get("/api/health").json()["articles"]
        return int(n)

    def run(server: Any, *args: Any) -> None:
        with local_client(server.config.app) as client:
            seen["first"] = count(client, 1)
            # written a while ago (a page still being written is left for a later pass)
            late = drop / "late.html"
            late.write_text("<html><head><title>Ferries resume</title></head><body><article><p>Sailings to the "
                            "island resume on Monday after the storm, the ferry company said on Friday.</p>"
                            "</article></body></html>", encoding="utf-8")
            old = time.time() - 60
            os.utime(late, (old, old))
            seen["then"] = count(client, 2)
            seen["titles"] = {a["title"] for a in client.get("/api/articles").json()["items"]}

    monkeypatch.setattr(uvicorn.Server, "run", run)
    result = CliRunner().invoke(app, ["serve", "--watch", str(drop), "--every", "0.2", "--db",
                                      str(tmp_path / "news.duckdb"), "--no-nlp"])
    assert result.exit_code == 0, result.stderr
    assert (seen["first"], seen["then"]) == (1, 2) and "Ferries resume" in seen["titles"]
    assert f"watching {drop} every 0.2 s" in result.stderr and "stored 1, duplicates 0, refused 0" in result.stderr
