"""Progress on stderr for long runs (only when stderr is a terminal, so pipes stay clean).

A run's messages (a refused page and why) go through :meth:`Ticker.say`: while the bar shows, they
are printed above it; echoed to stderr directly, they were glued to the end of the bar's line
("ingesting ━━ 112/?  newsradar: …"). A stream of unknown length (``ingest``) shows no bar and no ETA,
which it cannot know, but what it can: pages so far, their rate, the time spent, and how many were
stored, duplicates or refused.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

TALLIED = ("stored", "duplicate", "refused")


class Ticker:
    """Counts items for a bar and prints messages about them; without a bar, only the messages."""

    def __init__(self, bar: Progress | None = None, task: TaskID = TaskID(0)) -> None:
        self._bar = bar
        self._task = task
        self.counts = dict.fromkeys(TALLIED, 0)

    def advance(self, status: str | None = None) -> None:
        """One more item done; ``status`` (stored, duplicate, refused) is tallied on the bar."""
        if status in self.counts:
            self.counts[status] += 1
        if self._bar is not None:
            self._bar.update(self._task, advance=1, tally=dict(self.counts))
            self._bar.refresh()

    def say(self, message: str) -> None:
        """A line on stderr: above the bar while it shows."""
        if self._bar is None:
            typer.echo(message, err=True)
        else:
            self._bar.console.print(message, markup=False, highlight=False, soft_wrap=True)


class _Rate(ProgressColumn):
    """Items a second since the start. Outcomes arrive a commit (tens of pages) at a time, so a rate
    over the last few seconds swung from nothing to hundreds a second."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        return Text(f"{task.completed / elapsed:.1f}/s" if elapsed >= 1 else "-/s", style="cyan")


class _Tally(ProgressColumn):
    def render(self, task: Task) -> Text:
        n = task.fields.get("tally") or dict.fromkeys(TALLIED, 0)
        return Text(f"stored {n['stored']:,} · duplicates {n['duplicate']:,} · refused {n['refused']:,}",
                    style="red" if n["refused"] else "")


@contextmanager
def progress_bar(total: int | None, what: str, *, minimum: int = 5,
                 console: Console | None = None) -> Iterator[Ticker]:
    """Yield a :class:`Ticker`: a bar with an ETA for a known ``total``, counts and a rate for an
    unknown one (``None``); no display for short runs or when stderr is not a terminal."""
    if (console is None and not sys.stderr.isatty()) or (total is not None and total < minimum):
        yield Ticker()
        return
    console = console or Console(stderr=True)
    columns: list[ProgressColumn | str]
    if total is None:
        columns = [TextColumn(f"[bold]{what}"), TextColumn("{task.completed:,} pages"), _Rate(),
                   TimeElapsedColumn(), _Tally()]
    else:
        columns = [TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                   TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as bar:
        # No refresh thread: with one, the process pool could not fork (see pipeline._start_method).
        task = bar.add_task(what, total=total)
        bar.refresh()  # shown at once: reading a large feed or starting the workers takes a while
        yield Ticker(bar, task)
