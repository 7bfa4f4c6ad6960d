"""``watch``: ingest the sources again and again, every N seconds, taking only what is new."""

from __future__ import annotations

import threading
from collections.abc import Callable

from newsradar.ingest.core import Ingestor, Outcome
from newsradar.ingest.sources import NewPages
from newsradar.sources.walk import SETTLE_SECONDS


def watch(ingestor: Ingestor, specs: list[str], every: float, *, on_outcome: Callable[[Outcome], None],
          stop: threading.Event | None = None, passes: int | None = None,
          on_pass: Callable[[int], None] | None = None, settle: float = SETTLE_SECONDS) -> int:
    """Poll ``specs`` every ``every`` seconds until ``stop`` is set (or after ``passes`` passes);
    returns the number of passes made. An item counts as seen once its outcome is committed; a
    refused item too, so that it is not retried until it changes. ``on_pass(n)`` is called after
    pass ``n`` (from 1), once what it saw is written. A file changed less than ``settle`` seconds
    ago may still be being written: it is left for a later pass."""
    stop = stop or threading.Event()
    source = NewPages(ingestor.store, ingestor.settings)
    done = 0
    try:
        while not stop.is_set():
            for outcome in ingestor.ingest_live(source.poll(specs, settle=settle)):
                source.ack(outcome.source, retry=outcome.retry)
                on_outcome(outcome)
            source.flush()
            done += 1
            if on_pass is not None:
                on_pass(done)
            if passes is not None and done >= passes:
                break
            stop.wait(every)
    finally:
        source.close()
    return done
