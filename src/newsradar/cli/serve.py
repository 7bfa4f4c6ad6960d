"""``newsradar serve``: the REST API, the live stream and the dashboard over the store."""

from __future__ import annotations

import secrets
import socket
import threading
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

import typer

from newsradar.cli.app import app, settings
from newsradar.cli.remote import SERVE_PORT, announced
from newsradar.errors import NewsradarError
from newsradar.store import is_url
from newsradar.store import shown as shown_location

if TYPE_CHECKING:
    from newsradar.api.store_backend import StoreBackend


@app.command()
def serve(
    db: str | None = typer.Option(None, "--db", help="The store's database file, or a PostgreSQL URL "
                                  "postgresql://user@host/db (default: the `db` setting)."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on; beyond localhost, writes need a token."),
    port: int = typer.Option(SERVE_PORT, "--port", min=1, max=65535, help="TCP port."),
    token: str | None = typer.Option(None, "--token", envvar="NEWSRADAR_TOKEN",
                                     help="Token that POST and DELETE requests must send as 'Authorization: Bearer "
                                          "TOKEN'. Listening beyond localhost without one makes a random token."),
    ingest: list[str] = typer.Option([], "--ingest",
                                     help="Ingest these sources (as `newsradar ingest` does) before serving; "
                                          "repeat for several. What is already stored is not stored again."),
    watch: list[str] = typer.Option([], "--watch",
                                    help="Poll these sources (as `newsradar watch` does) while serving, so that what "
                                         "they publish lands in the API, the stream and the dashboard; repeat for "
                                         "several."),
    every: float = typer.Option(300.0, "--every", min=0,
                                help="Seconds between the passes of --watch."),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Store pushed, --ingest and --watch pages without the NLP "
                                "stage (no entities, quotes, claims, events or tone)."),
) -> None:
    """Serve the API (/api, OpenAPI at /docs), the live stream (/api/stream) and the dashboard (/)."""
    import uvicorn

    from newsradar.api import create_app
    from newsradar.api.security import is_loopback
    from newsradar.api.store_backend import open_backend

    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
        typer.echo(f"newsradar: listening beyond localhost, so writes need this token: {token}", err=True)
    if watch and every <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--every")
    conf = settings().with_overrides(db=db)
    refused = _cannot_listen(host, port)  # before --ingest, which may take long, not after it
    if refused:
        typer.echo(f"newsradar: cannot listen on {host}:{port}: {refused}", err=True)
        raise typer.Exit(1)
    try:
        # a watched feed brings pages in bursts: analysed in worker processes, as `watch` does, they
        # leave the server's own core to the API
        workers = conf.effective_workers() if watch and not no_nlp else 0
        backend = open_backend(conf, nlp=not no_nlp, push_workers=workers)
    except NewsradarError as exc:  # a missing, locked or foreign database: 2, as every command says
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(2) from exc
    try:
        if ingest:
            _ingest(backend, ingest)
        try:
            web = create_app(conf, backend=backend, host=host, token=token)
        except NewsradarError as exc:
            typer.echo(f"newsradar: {exc.reason}", err=True)
            raise typer.Exit(1) from exc
        # The first push would otherwise wait for the story index and the NLP model to load.
        threading.Thread(target=_warm, args=(backend,), name="warm", daemon=True).start()
        shown = _bracketed(host)
        typer.echo(f"newsradar: {backend.count_articles()} articles in {shown_location(conf.db)}", err=True)
        typer.echo(f"newsradar: dashboard at http://{shown}:{port}/ , API docs at http://{shown}:{port}/docs", err=True)
        hub = web.state.hub
        stop = threading.Event()
        watcher = _start_watch(backend, watch, every, stop) if watch else None

        class Server(uvicorn.Server):
            def handle_exit(self, sig: int, frame: Any) -> None:
                # a live stream never ends its response by itself, and uvicorn waits for open
                # responses: Ctrl-C or SIGTERM waited for the dashboard to be closed
                hub.close()
                stop.set()
                super().handle_exit(sig, frame)

        # a query refused the file this server holds names this address, not the default port
        note: AbstractContextManager[None] = nullcontext()
        if not is_url(conf.db) and str(conf.db) != ":memory:":
            note = announced(conf.db, f"http://{_local(host)}:{port}")
        try:
            with note:
                Server(uvicorn.Config(web, host=host, port=port, log_level="warning",
                                      timeout_graceful_shutdown=3)).run()
        finally:
            stop.set()
            if watcher is not None:
                watcher.join(timeout=30)  # a pass in flight ends at its next page; what it committed is kept
    finally:
        backend.close()


def _bracketed(host: str) -> str:
    """``host`` as a URL writes it: an IPv6 address in brackets."""
    return f"[{host}]" if ":" in host else host


def _local(host: str) -> str:
    """``host`` as a client on this machine reaches it: a wildcard address through loopback."""
    return _bracketed({"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host))


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on ``host:port`` (taken, or no such address), or None. The
    socket is bound as uvicorn binds its own (SO_REUSEADDR), then closed again."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        return str(exc.strerror or exc)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            return str(exc.strerror or exc)
    return None


def _ingest(backend: StoreBackend, sources: list[str]) -> None:
    """``newsradar ingest SOURCES`` through the server's own Ingestor (DuckDB lets one process write)."""
    from newsradar.cli.ingest import _summary
    from newsradar.cli.progress import progress_bar
    from newsradar.ingest import NewPages, Report

    report = Report()
    pages = NewPages(backend.store, backend.settings)
    try:
        with progress_bar(None, "ingesting") as ticker:
            for outcome in backend.ingestor().ingest(pages.pages(sources)):
                pages.ack(outcome.source, retry=outcome.retry)
                report.add(outcome)
                if outcome.status == "refused":
                    ticker.say(f"newsradar: {outcome.source}: {outcome.reason}")
                ticker.advance(outcome.status)
    finally:
        pages.close()
    _summary(report)


def _start_watch(backend: StoreBackend, sources: list[str], every: float, stop: threading.Event) -> threading.Thread:
    """``newsradar watch SOURCES`` on a thread of the server, through its Ingestor: what lands is
    streamed and served like a pushed page. A pass that stores or refuses anything says so on stderr."""
    from newsradar.ingest import Outcome, Report, watch

    report = Report()

    def on_outcome(outcome: Outcome) -> None:
        report.add(outcome)
        if outcome.status == "refused":
            typer.echo(f"newsradar: {outcome.source}: {outcome.reason}", err=True)

    def on_pass(n: int) -> None:
        nonlocal report
        if report.stored or report.refused:
            typer.echo(f"newsradar: watch pass {n}: stored {report.stored:,}, duplicates {report.duplicates:,}, "
                       f"refused {len(report.refused):,}", err=True)
        report = Report()

    def run() -> None:
        try:
            watch(backend.ingestor(), sources, every, on_outcome=on_outcome, stop=stop, on_pass=on_pass)
        except Exception as exc:  # the API goes on serving what is stored; the reason is shown once
            typer.echo(f"newsradar: watching stopped: {exc}", err=True)

    typer.echo(f"newsradar: watching {', '.join(sources)} every {every:g} s", err=True)
    thread = threading.Thread(target=run, name="watch", daemon=True)
    thread.start()
    return thread


def _warm(backend: StoreBackend) -> None:
    try:
        backend.warm()
    except Exception as exc:  # a failed warm-up shows again, with its reason, on the first push
        typer.echo(f"newsradar: warming up for pushes failed: {exc}", err=True)
