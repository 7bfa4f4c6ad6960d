"""``--server URL``: the ``query`` and ``alerts`` commands asked of a running ``newsradar serve``
instead of the database file, which the server holds (DuckDB lets one process open a file).

Reads go to ``GET /api/query/{command}``, where the server runs the same function the CLI runs on a
file (:mod:`newsradar.analytics.commands`), so what is printed is the same either way. Alerts are
saved and deleted through the REST API's own routes, with the server's token when it has one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import quote

import httpx
import typer

from newsradar.errors import StoreBusyError

#: ``newsradar serve``'s port when none is given
SERVE_PORT = 8765
#: seconds to wait for the server to connect, and then for each part of its answer
TIMEOUT = 30.0

# NEWSRADAR_SERVER is read by check(), not as the option's envvar: a --db given on the command line
# must win over it, and an option cannot tell where its value came from
SERVER = typer.Option(None, "--server",
                      help="Ask the newsradar server at this URL (e.g. http://127.0.0.1:8765) instead of opening the "
                           "database: how to query while `newsradar serve` holds the file. Default: "
                           "$NEWSRADAR_SERVER, unless --db is given.")
TOKEN = typer.Option(None, "--token", envvar="NEWSRADAR_TOKEN",
                     help="With --server: the server's token (its --token), which saving or deleting an alert needs "
                          "on a server that has one.")


def note_path(db: str | Path) -> Path:
    """Where ``serve`` notes its address while it holds the database file ``db``: ``DB.server``."""
    path = Path(db).expanduser()
    return path.with_name(path.name + ".server")


@contextmanager
def announced(db: str | Path, url: str) -> Iterator[None]:
    """While the block runs (``serve`` holding the file ``db``), a note beside the file names the
    server's ``url``, so that a command refused the file can say which server to ask instead of
    guessing the default port. A folder the note cannot be written to only loses the hint."""
    path = note_path(db)
    try:
        path.write_text(json.dumps({"url": url, "pid": os.getpid()}) + "\n", encoding="utf-8")
        written = True
    except OSError:
        written = False
    try:
        yield
    finally:
        if written:
            path.unlink(missing_ok=True)


def running_server(db: str | Path) -> str | None:
    """The URL the server holding ``db`` noted (:func:`announced`), if its process is still alive:
    a server killed outright leaves its note behind."""
    try:
        note = json.loads(note_path(db).read_text(encoding="utf-8"))
        url, pid = str(note["url"]), int(note["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)  # signal 0 delivers nothing: it only asks whether the process exists
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, but another user's
        pass
    return url


def busy_hint(exc: Exception, db: str | Path) -> str:
    """What to add to an error that the database file ``db`` is held by another process: ask that
    one, at the address a running ``serve`` noted, else at serve's default port."""
    if not isinstance(exc, StoreBusyError):
        return ""
    url = running_server(db)
    if url:
        return f"; `newsradar serve` at {url} holds it: ask it with --server {url} (or NEWSRADAR_SERVER={url})"
    return (f"; to query through a running `newsradar serve`: --server http://127.0.0.1:{SERVE_PORT} (its --port), "
            "or set NEWSRADAR_SERVER")


def check(db: str | None, server: str | None) -> str | None:
    """The server to ask, or None for the file: ``--server``, else ``NEWSRADAR_SERVER`` unless a
    ``--db`` is given (set for the shell, the variable should not make every file unreadable).
    ``--db`` and ``--server`` both given are refused: which one was meant is not ours to guess (exit 2)."""
    if db and server:
        _fail(f"--db {db} and --server {server} name two places to read; give one")
    if server or db:
        return server
    return os.environ.get("NEWSRADAR_SERVER") or None


def ask(server: str, command: str, params: dict[str, str]) -> Any:
    """What ``command`` answers on the server, as :func:`newsradar.analytics.commands.run` does."""
    return request(server, "GET", f"/api/query/{quote(command)}", params=params)[1]


def request(server: str, method: str, path: str, *, params: dict[str, str] | None = None, body: Any = None,
            token: str | None = None, absent_ok: bool = False) -> tuple[int, Any]:
    """The status and JSON of ``method path`` on the server. An unreachable server, an answer that is
    not JSON, or an HTTP error end the command with exit 2 and the reason (the API's own, when it
    gives one); with ``absent_ok`` a 404 is returned instead, for the caller to say what is absent."""
    base = server.strip().rstrip("/")
    if "://" not in base:  # "127.0.0.1:8765", as `serve` prints its address
        base = "http://" + base
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        # trust_env=False: a proxy set for fetching the web would stand between the CLI and a server on
        # this machine or network (and fail on 127.0.0.1)
        with httpx.Client(timeout=TIMEOUT, trust_env=False) as client:
            response = client.request(method, base + path, params=params, json=body, headers=headers)
    except httpx.TimeoutException:
        _fail(f"the server at {base} did not answer within {TIMEOUT:g} s")
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        _fail(f"--server {server!r} is not a server's URL such as http://127.0.0.1:{SERVE_PORT} ({exc})")
    except httpx.TransportError as exc:
        _fail(f"cannot reach the server at {base}: {exc or type(exc).__name__} (is `newsradar serve` running there?)")
    status = response.status_code
    if status == 204 or (absent_ok and status == 404):
        return status, None
    try:
        data = response.json()
    except ValueError:
        kind = response.headers.get("content-type") or "no content type"
        _fail(f"the server at {base} answered {method} {path} (HTTP {status}) with something other than JSON "
              f"({kind}): is it a newsradar server?")
    if status >= 400:
        reason = data.get("error") if isinstance(data, dict) else None
        hint = " (give it with --token or NEWSRADAR_TOKEN)" if status == 401 else ""
        _fail(f"the server at {base} refused: {reason or response.reason_phrase} (HTTP {status}){hint}")
    return status, data


def _fail(reason: str) -> NoReturn:
    typer.echo(f"newsradar: {reason}", err=True)
    raise typer.Exit(2)
