"""``newsradar query … --server URL`` and ``newsradar alerts … --server URL``: the CLI reading through
a running server (the real app under uvicorn on a free port) prints what it prints over the file."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from builders import T0, article
from newsradar.api import create_app
from newsradar.cli import app, remote
from newsradar.settings import Settings
from newsradar.store import open_store
from webserver import free_port, serve

TOKEN = "s3cret-token"


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def _page(n: int, words: str) -> str:
    return (f"<html><head><title>Ferry report {n}</title></head><body><article><p>Ferry crews in port {n} "
            f"walked out on Monday over {words}, and {n * 10} sailings were cancelled, the union said.</p>"
            "</article></body></html>")


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """One store, written once and copied: the CLI reads the original as a file and the copy through
    a server that holds it (a second app on the same backend wants a token for writes)."""
    root = tmp_path_factory.mktemp("remote")
    local, served, drop = root / "local", root / "served", root / "drop"
    drop.mkdir()
    db = local / "news.duckdb"
    code, out, err = invoke("alerts", "add", "ferries", "--q", "ferry", "--db", str(db))
    assert code == 0, err
    alert = json.loads(out)["id"]
    for n, words in enumerate(["rosters", "pay", "rosters and pay"], 1):
        (drop / f"{n}.html").write_text(_page(n, words))
    code, _, err = invoke("ingest", str(drop), "--db", str(db), "--no-nlp")
    assert code == 0 and "ingested 3" in err, err
    store = open_store(db)
    store.put([article(n, at=T0 + timedelta(hours=n), site=("Harbour Ledger", "North Sea Wire")[n % 2],
                       people=("Pieter Bakker", "Anna de Vries"), story="strike" if n < 4 else None,
                       quotes=(("Pieter Bakker", f"We will strike until day {n}"),),
                       claims=((4000.0 if n % 2 else 3500.0, "workers"),),
                       events=(("Pieter Bakker", "112", "Anna de Vries"),)) for n in range(1, 7)])
    store.close()
    shutil.copytree(local, served)
    web = create_app(Settings(db=served / "news.duckdb"))
    guarded = create_app(Settings(db=served / "news.duckdb"), backend=web.state.backend, token=TOKEN)
    with serve(web) as url, serve(guarded) as url_token:
        yield {"db": str(db), "url": url, "url_token": url_token, "alert": alert}


def _both(places: dict[str, Any], *args: str) -> tuple[tuple[int, str, str], tuple[int, str, str]]:
    return invoke(*args, "--db", places["db"]), invoke(*args, "--server", places["url"])


@pytest.mark.parametrize("command", [
    ["query", "articles"], ["query", "articles", "--limit", "2"], ["query", "articles", "--q", "ferry"],
    ["query", "quotes", "--speaker", "Bakker", "--since", "2025-03-10T14:00"], ["query", "claims"],
    ["query", "claims", "--disputed"], ["query", "events", "--cameo", "11", "--limit", "3"], ["query", "network"],
    ["query", "stories", "--min-articles", "2"], ["query", "search", "strike"], ["query", "search", "ferry"],
    ["query", "entities", "--type", "PERSON"], ["query", "entity", "Pieter Bakker"],
    ["query", "trends", "--window", "24h"], ["query", "trends", "--kind", "events", "--at", "2025-03-10T20:00"],
    ["query", "timeline", "--entity", "Pieter Bakker", "--interval", "hour", "--since", "2025-03-10"],
    ["alerts", "list"],
])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_through_the_server_prints_what_the_file_prints(places: dict[str, Any], command: list[str],
                                                        fmt: str) -> None:
    here, there = _both(places, *command, "--format", fmt)
    assert here[0] == 0, here[2]
    assert there == here
    assert here[1].strip() not in ("", "[]", "{}")  # a comparison of two empty answers would prove nothing


def test_pages_follow_the_same_cursor_either_way(places: dict[str, Any]) -> None:
    here, there = _both(places, "query", "articles", "--limit", "4")
    assert there == here and "next page: --cursor" in here[2]  # the hint under the table, on stderr
    cursor = here[2].split("--cursor ")[1].split()[0]
    here, there = _both(places, "query", "articles", "--limit", "4", "--cursor", cursor, "--format", "json")
    assert there == here and json.loads(here[1])["items"]


def test_alert_matches_and_misses_alike(places: dict[str, Any]) -> None:
    here, there = _both(places, "alerts", "matches", places["alert"])
    assert here[0] == 0 and there == here and "Ferry report" in here[1]
    here, there = _both(places, "alerts", "matches", "nope")
    assert here == (1, "", "newsradar: no alert nope\n") and there == here
    here, there = _both(places, "query", "entity", "Bakker")  # not a key: the near names instead
    assert here[0] == 1 and "Pieter Bakker (PERSON:pieter bakker)" in here[2] and there == here


def test_the_server_comes_from_the_environment(places: dict[str, Any]) -> None:
    here = invoke("query", "entities", "--db", places["db"])
    assert invoke("query", "entities", env={"NEWSRADAR_SERVER": places["url"]}) == here
    # a bare host:port, as serve prints it, is taken as http://
    assert invoke("query", "entities", "--server", places["url"].removeprefix("http://")) == here


def test_an_argument_the_store_refuses_is_passed_through_with_its_reason(places: dict[str, Any]) -> None:
    here, there = _both(places, "query", "trends", "--window", "7d")
    reason = here[2].removeprefix("newsradar: ").strip()
    assert here[0] == 2 and reason
    assert there[0] == 2 and reason in there[2] and "(HTTP 422)" in there[2]


def test_alerts_are_saved_and_deleted_through_the_server_with_its_token(places: dict[str, Any]) -> None:
    code, _, err = invoke("alerts", "add", "pay", "--q", "pay", "--server", places["url_token"])
    assert code == 2 and "Authorization: Bearer TOKEN" in err and "--token" in err and "(HTTP 401)" in err
    code, out, err = invoke("alerts", "add", "pay", "--q", "pay", "--site", "Harbour Ledger", "--server",
                            places["url_token"], "--token", TOKEN)
    assert code == 0, err
    saved = json.loads(out)
    local = json.loads(invoke("alerts", "list", "--db", places["db"], "--format", "json")[1])[0]
    assert set(saved) == set(local) - {"recent"}  # the file's path prints the same fields
    assert (saved["name"], saved["q"], saved["site"], saved["matches"]) == ("pay", "pay", "Harbour Ledger", 0)
    listed = json.loads(invoke("alerts", "list", "--server", places["url"], "--format", "json")[1])
    assert saved["id"] in [a["id"] for a in listed]
    assert invoke("alerts", "delete", saved["id"], "--server", places["url_token"])[0] == 2  # no token
    assert invoke("alerts", "delete", saved["id"], "--server", places["url_token"], "--token", TOKEN) == (0, "", "")
    gone = invoke("alerts", "delete", saved["id"], "--server", places["url_token"], "--token", TOKEN)
    assert gone == (1, "", f"newsradar: no alert {saved['id']}\n")


def test_the_query_route_refuses_what_it_does_not_know(places: dict[str, Any]) -> None:
    answer = httpx.get(places["url"] + "/api/query/nope")
    assert answer.status_code == 422 and "no query command 'nope'" in answer.json()["error"]
    answer = httpx.get(places["url"] + "/api/query/articles", params={"colour": "red"})
    assert answer.status_code == 422 and "takes no parameter colour" in answer.json()["error"]


def test_a_file_and_a_server_at_once_are_refused(places: dict[str, Any]) -> None:
    code, _, err = invoke("query", "articles", "--db", places["db"], "--server", places["url"])
    assert code == 2 and "give one" in err


def test_a_file_given_wins_over_the_server_of_the_environment(places: dict[str, Any]) -> None:
    gone = f"http://127.0.0.1:{free_port()}"  # nothing listens there: asking it would fail
    for args in (["query", "articles"], ["alerts", "list"]):
        here = invoke(*args, "--db", places["db"])
        assert invoke(*args, "--db", places["db"], env={"NEWSRADAR_SERVER": gone}) == here and here[0] == 0


def test_a_server_that_is_not_there(places: dict[str, Any]) -> None:
    port = free_port()  # bound and closed again: nothing listens on it
    code, out, err = invoke("query", "articles", "--server", f"http://127.0.0.1:{port}")
    assert (code, out) == (2, "") and f"cannot reach the server at http://127.0.0.1:{port}" in err
    code, _, err = invoke("query", "articles", "--server", "ftp://127.0.0.1:21")
    assert code == 2 and "is not a server's URL" in err


def test_a_server_that_does_not_answer_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(remote, "TIMEOUT", 0.3)
    with socket.socket() as silent:  # the kernel accepts the connection; nobody ever reads or answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        code, _, err = invoke("query", "articles", "--server", f"http://127.0.0.1:{silent.getsockname()[1]}")
    assert code == 2 and "did not answer within 0.3 s" in err


class _Html(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<html><body>a router's login page</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def test_a_server_that_answers_something_other_than_json() -> None:
    other = HTTPServer(("127.0.0.1", 0), _Html)
    thread = threading.Thread(target=other.serve_forever, daemon=True)
    thread.start()
    try:
        code, _, err = invoke("query", "articles", "--server", f"http://127.0.0.1:{other.server_port}")
    finally:
        other.shutdown()
        other.server_close()
    assert code == 2 and "with something other than JSON (text/html)" in err


def test_a_file_held_by_another_process_suggests_the_server(tmp_path: Path) -> None:
    db = tmp_path / "news.duckdb"
    open_store(db).close()
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for args in (["query", "articles"], ["alerts", "add", "x", "--q", "ferry"]):
            code, _, err = invoke(*args, "--db", str(db))
            assert code == 2 and "lock" in err and "--server http://127.0.0.1:8765" in err, err
        # a server that noted its address is named by it; a note whose process is gone is not believed
        with remote.announced(db, "http://127.0.0.1:8801"):
            code, _, err = invoke("query", "articles", "--db", str(db))
            assert code == 2 and "`newsradar serve` at http://127.0.0.1:8801 holds it" in err, err
        ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                               capture_output=True, text=True)
        remote.note_path(db).write_text(json.dumps({"url": "http://127.0.0.1:8802", "pid": int(ended.stdout)}))
        code, _, err = invoke("query", "articles", "--db", str(db))
        assert code == 2 and "8802" not in err and "--server http://127.0.0.1:8765" in err, err
    finally:
        holder.communicate("", timeout=10)
