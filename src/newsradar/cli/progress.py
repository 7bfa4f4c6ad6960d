"""Progress on stderr for long runs (only when stderr is a terminal, so pipes stay clean).

A run's messages (a refused page and why) go through :meth:`Ticker.say`: while the bar shows, they
are printed above it; echoed to stderr directly, they were glued to the end of the bar's line
("ingesting ━━ 112/?  newsradar: …"). A stream of unknown length (``ingest``) shows no bar and no ETA,
which it cannot know, but what it can: pages so far, their rate, the time spent, and how many were
stored, duplicates or refused. A ``watch`` runs for days: :class:`PassDisplay` says what each pass did.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

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


class PassDisplay:
    """What a ``watch`` says on stderr. It said nothing until stopped: a first pass over 1,000 pages
    ran four minutes without a sign, and an idle watch could not be told from a stuck one. Now each
    pass shows the ingest display while it runs and, if it found anything, leaves one dated line (a
    log of the watch); on a terminal, a line between passes says when the last one ended and the next
    is due (in a log such lines would bury the rest)."""

    def __init__(self, every: float, *, console: Console | None = None) -> None:
        self.every = every
        self._console = console  # None: stderr, and the displays only when it is a terminal
        self._terminal = console is not None or sys.stderr.isatty()
        self._stack = ExitStack()
        self._ticker: Ticker | None = None
        self._idle: Progress | None = None
        self.passes = 0
        self.total = dict.fromkeys(TALLIED, 0)

    def ticker(self) -> Ticker:
        """The running pass's ticker (its display starts with its first outcome)."""
        if self._ticker is None:
            self._end_idle()
            self._ticker = self._stack.enter_context(
                progress_bar(None, f"pass {self.passes + 1}", console=self._console))
        return self._ticker

    def passed(self, n: int) -> None:
        """Pass ``n`` is over."""
        counts = self._ticker.counts if self._ticker is not None else dict.fromkeys(TALLIED, 0)
        self._stack.close()
        self._ticker = None
        self.passes = n
        for status, count in counts.items():
            self.total[status] += count
        if any(counts.values()):
            self._say(f"{time.strftime('%Y-%m-%d %H:%M:%S')} pass {n}: stored {counts['stored']:,}, "
                      f"duplicates {counts['duplicate']:,}, refused {counts['refused']:,}")
        if self._terminal:
            self._show_idle(n)

    def close(self) -> None:
        self._end_idle()
        self._stack.close()

    def _say(self, message: str) -> None:
        if self._console is None:
            typer.echo(message, err=True)
        else:
            self._console.print(message, markup=False, highlight=False, soft_wrap=True)

    def _show_idle(self, n: int) -> None:
        t = self.total
        text = (f"watching · pass {n} done {time.strftime('%H:%M:%S')}, next "
                f"{time.strftime('%H:%M:%S', time.localtime(time.time() + self.every))} · stored {t['stored']:,}"
                f" · refused {t['refused']:,}")
        # No refresh thread, as for the bars: drawn once, and wiped when the next pass begins.
        idle = Progress(TextColumn(text, markup=False), console=self._console or Console(stderr=True),
                        transient=True, auto_refresh=False)
        idle.start()
        idle.add_task("idle", total=None)
        idle.refresh()
        self._idle = idle

    def _end_idle(self) -> None:
        if self._idle is not None:
            self._idle.stop()
            self._idle = None
