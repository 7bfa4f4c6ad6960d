"""``newsradar ingest`` and ``newsradar watch``: sources into the store."""

from __future__ import annotations

import json
import sys
from enum import StrEnum

import typer

from newsradar.cli.app import app, settings
from newsradar.cli.progress import PassDisplay, Ticker, progress_bar
from newsradar.cli.remote import busy_hint
from newsradar.errors import NewsradarError
from newsradar.ingest import Ingestor, NewPages, Outcome, Report, watch
from newsradar.settings import Settings
from newsradar.store import Store, open_store


class Acks(StrEnum):
    summary = "summary"
    jsonl = "jsonl"


PRIVATE_HELP = "Fetch URLs on private, loopback and link-local addresses too (refused by default)."
DB_HELP = ("The database file, or a PostgreSQL URL postgresql://user@host/db shared by several writers "
           "(default: the `db` setting, ~/.local/share/newsradar/newsradar.duckdb).")


def open_for_writing(db: str | None, conf: Settings, *, server_hint: bool = False) -> Store:
    """The store, or exit 2 with the reason; with ``server_hint`` (a command that also takes
    ``--server``), a file held by a server says how to go through it instead."""
    where = db or conf.db
    try:
        return open_store(where)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}{busy_hint(exc, where) if server_hint else ''}", err=True)
        raise typer.Exit(2) from exc


def _print(outcome: Outcome, fmt: Acks, report: Report, ticker: Ticker | None = None) -> None:
    report.add(outcome)
    if outcome.status == "refused":
        (ticker or Ticker()).say(f"newsradar: {outcome.source}: {outcome.reason}")
    if fmt is Acks.jsonl:  # printed only after the outcome's commit: each line is an acknowledgement
        sys.stdout.write(json.dumps(outcome.to_dict(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


def _summary(report: Report) -> None:
    typer.echo(f"ingested {report.stored}, duplicates {report.duplicates}, refused {len(report.refused)}", err=True)
    reasons: dict[str, int] = {}
    for _, reason in report.refused:
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        typer.echo(f"  {n} × {reason}", err=True)


@app.command()
def ingest(
    sources: list[str] = typer.Argument(..., help="Files, folders, globs, feeds, sitemaps, URLs, WARC/WET "
                                        "archives, JSON Lines, or '-' for stdin."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Store the clean articles only: no entities, quotes, "
                                "claims, events or tone (much faster)."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="NLP worker processes (default: one per core)."),
    engine: str | None = typer.Option(None, "--engine", help="Where pages are analysed: local (worker processes "
                                      "here) or ray (tasks on a Ray cluster; pip install 'newsradar[ray]')."),
    ray_address: str | None = typer.Option(None, "--ray-address", help="With --engine ray: empty starts Ray here, "
                                           "'auto' joins this machine's cluster, 'ray://host:10001' uses Ray Client."),
    acks: Acks = typer.Option(Acks.summary, "--format", "-f", help="summary (counts on stderr at the end) or jsonl "
                              "(also one line per input on stdout, printed once it is committed)."),
    allow_private: bool | None = typer.Option(None, "--allow-private", help=PRIVATE_HELP),
    new_only: bool = typer.Option(False, "--new-only", help="Skip, before analysing anything, what an earlier "
                                  "ingest or watch of this store already handled: unchanged files, feed entries, "
                                  "archive and JSON Lines records (as watch does)."),
) -> None:
    """Analyse sources and store them; the same page twice is stored once."""
    conf = settings().with_overrides(workers=workers, allow_private=allow_private, engine=engine,
                                     ray_address=ray_address)
    store = open_for_writing(db, conf)
    report = Report()
    try:
        try:
            ingestor = Ingestor(store, conf, nlp=not no_nlp)
            pages = NewPages(store, conf)
            try:
                with progress_bar(None, "ingesting") as ticker:
                    for outcome in ingestor.ingest(pages.poll(sources) if new_only else pages.pages(sources)):
                        pages.ack(outcome.source, retry=outcome.retry)
                        _print(outcome, acks, report, ticker)
                        ticker.advance(outcome.status)
            finally:
                pages.close()
        finally:
            store.close()
    except (KeyboardInterrupt, RuntimeError) as exc:
        # Typer turns a KeyboardInterrupt (Ctrl-C, or SIGTERM as cli.main raises it) into a silent exit
        # 130, so an ingest stopped after an hour said nothing of what it had stored; DuckDB turns
        # one inside a query into RuntimeError("Query interrupted").
        if not _is_interrupt(exc):
            raise
        typer.echo("newsradar: interrupted; what was committed before is kept (the counts below), and "
                   "running the same ingest again stores the rest", err=True)
        _summary(report)
        raise typer.Exit(130) from exc
    _summary(report)
    raise typer.Exit(1 if report.refused else 0)


def _is_interrupt(exc: BaseException) -> bool:
    return isinstance(exc, KeyboardInterrupt) or isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt)


@app.command("watch")
def watch_command(
    sources: list[str] = typer.Argument(..., help="Feeds, folders, globs or URLs to poll."),
    every: float = typer.Option(300.0, "--every", min=0, help="Seconds between passes."),
    db: str | None = typer.Option(None, "--db", help=DB_HELP),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Store the clean articles only (much faster)."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="NLP worker processes (default: one per core)."),
    acks: Acks = typer.Option(Acks.summary, "--format", "-f", help="summary or jsonl (one line per new input)."),
    passes: int | None = typer.Option(None, "--passes", min=1, help="Stop after this many passes (default: run until "
                                      "interrupted)."),
    allow_private: bool | None = typer.Option(None, "--allow-private", help=PRIVATE_HELP),
) -> None:
    """Poll sources every N seconds and store what is new, until interrupted (Ctrl-C)."""
    if every <= 0:
        raise typer.BadParameter("must be more than 0", param_hint="--every")
    conf = settings().with_overrides(workers=workers, allow_private=allow_private)
    store = open_for_writing(db, conf)
    report = Report()
    display = PassDisplay(every)

    def on_outcome(outcome: Outcome) -> None:
        ticker = display.ticker()
        _print(outcome, acks, report, ticker)
        ticker.advance(outcome.status)

    typer.echo(f"newsradar: watching {', '.join(sources)} every {every:g} s (Ctrl-C to stop)", err=True)
    # SIGTERM unwinds like Ctrl-C (cli.main raises it as KeyboardInterrupt). It used to wait for the
    # end of the pass, minutes on a first pass over a big folder, and a supervisor's SIGTERM to the
    # whole process group (systemd's) killed the workers under it: BrokenProcessPool, a traceback, no
    # summary. What was committed is kept; what was in flight is read again by the next watch.
    stopped = False
    try:
        try:  # pages trickle in: analyse each on arrival, in worker processes when there is NLP to do
            ingestor = Ingestor(store, conf, nlp=not no_nlp,
                                push_workers=conf.effective_workers() if not no_nlp else 0)
            try:
                watch(ingestor, sources, every, on_outcome=on_outcome, passes=passes, on_pass=display.passed)
            finally:
                display.close()
                ingestor.close()
        finally:
            store.close()
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not _is_interrupt(exc):
            raise
        stopped = True
    if stopped:
        typer.echo(f"newsradar: stopped after {display.passes:,} passes; what was committed is kept, and the next "
                   "watch reads again what was in flight", err=True)
    _summary(report)
    raise typer.Exit(1 if report.refused else 0)
