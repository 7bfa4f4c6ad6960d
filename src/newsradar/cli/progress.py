"""Progress bars on stderr for long runs (only when stderr is a terminal, so pipes stay clean)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


@contextmanager
def progress_bar(total: int | None, what: str, *, minimum: int = 5) -> Iterator[Callable[[], None]]:
    """Yield a function that advances the bar by one; a no-op for short runs or non-terminals."""
    if not sys.stderr.isatty() or (total is not None and total < minimum):
        yield lambda: None
        return
    console = Console(stderr=True)
    with Progress(TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=console, transient=True, auto_refresh=False) as bar:
        # No refresh thread: with one, the process pool could not fork (see pipeline._start_method).
        task = bar.add_task(what, total=total)

        def advance() -> None:
            bar.advance(task)
            bar.refresh()

        yield advance
