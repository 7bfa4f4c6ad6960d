"""``watch``: ingest the sources again and again, every N seconds, taking only what is new."""

from __future__ import annotations

import threading
from collections.abc import Callable

from newsradar.ingest.core import Ingestor, Outcome
from newsradar.ingest.sources import iter_sources, remember


def watch(ingestor: Ingestor, specs: list[str], every: float, *, on_outcome: Callable[[Outcome], None],
          stop: threading.Event | None = None, passes: int | None = None) -> int:
    """Poll ``specs`` every ``every`` seconds until ``stop`` is set (or after ``passes`` passes);
    returns the number of passes made."""
    stop = stop or threading.Event()
    done = 0
    while not stop.is_set():
        pages = iter_sources(specs, ingestor.settings, store=ingestor.store, only_new=True)
        for outcome in ingestor.ingest(pages, max_delay=0.2):
            remember(ingestor.store, outcome.source)  # a refused file is not retried until it changes
            on_outcome(outcome)
        done += 1
        if passes is not None and done >= passes:
            break
        stop.wait(every)
    return done
