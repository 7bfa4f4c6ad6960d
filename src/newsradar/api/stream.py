"""Server-Sent Events: the store's hook publishes each landed record, every open stream receives it.

The store calls :meth:`Hub.publish` from whatever thread wrote the record; the hub hands the event to
each subscriber's asyncio queue on the server's event loop. A client too slow to keep up (its queue
full) is dropped rather than allowed to grow the server's memory: its browser reconnects.

Each event has an id (``RUN-N``: this server's run, then a counter), and the hub keeps the last
``REPLAY`` events: a client that reconnects with ``Last-Event-ID`` (browsers send it by themselves)
first receives what it missed, so a dropped connection or a slow client loses nothing it can still
be given. When the gap is longer than that, or the id is from an earlier run of the server, the
stream opens with a ``gap`` event instead: the client should reload what it shows.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)

QUEUE_SIZE = 1000
REPLAY = 500  # events kept for clients that reconnect: records are shared, not copied
Event = tuple[int, str, dict[str, Any]]  # (number in this run, name, data)
_CLOSE: Event = (-1, "", {})


class Hub:
    def __init__(self, keepalive: float = 15.0) -> None:
        self.keepalive = keepalive
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queues: set[asyncio.Queue[Event]] = set()
        # Ids from an earlier run of the server mean nothing now: the run is part of every id.
        self.run = format(time.time_ns() // 1_000_000, "x")
        self._count = 0
        self._recent: deque[Event] = deque(maxlen=REPLAY)

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def publish(self, event: str, data: dict[str, Any]) -> None:
        """Thread-safe: queue ``event`` for every open stream, and keep it for those reconnecting
        (even with no stream open: the only client may be between two connections)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(self._fan_out, event, data)

    def close(self) -> None:
        """Thread-safe: end every open stream (the server is stopping: a stream never ends by itself,
        and the server waits for open responses before it exits)."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._close_all)

    def _close_all(self) -> None:
        for queue in list(self._queues):
            self._end(queue)

    def _end(self, queue: asyncio.Queue[Event]) -> None:
        """Stop feeding ``queue`` and tell its stream to end."""
        self._queues.discard(queue)
        if queue.full():
            queue.get_nowait()  # make room for the close marker
        queue.put_nowait(_CLOSE)

    def _fan_out(self, event: str, data: dict[str, Any]) -> None:
        self._count += 1
        item = (self._count, event, data)
        self._recent.append(item)
        for queue in list(self._queues):
            try:
                queue.put_nowait(item)
            except asyncio.QueueFull:
                log.warning("dropping a stream client that fell %d events behind", QUEUE_SIZE)
                self._end(queue)

    def _missed(self, last_event_id: str | None) -> list[Event] | None:
        """The kept events after ``last_event_id``; ``None`` when some of those are no longer kept."""
        if not last_event_id:
            return []
        run, _, number = last_event_id.strip().partition("-")
        if run != self.run or not number.isdecimal():
            return None  # an earlier run of the server (or no id of ours): what it sent is unknown
        seen = int(number)
        if seen >= self._count:
            return []
        kept = [item for item in self._recent if item[0] > seen]
        return kept if kept and kept[0][0] == seen + 1 else None

    def _format(self, item: Event) -> str:
        number, event, data = item
        return (f"id: {self.run}-{number}\nevent: {event}\n"
                f"data: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n")

    async def events(self, last_event_id: str | None = None) -> AsyncIterator[str]:
        """The text/event-stream body for one client; ``last_event_id``: the ``Last-Event-ID`` it
        reconnects with, if any."""
        queue: asyncio.Queue[Event] = asyncio.Queue(QUEUE_SIZE)
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        # Subscribing and reading what was missed happen with no await between them, on the loop
        # that fans events out: nothing can land in between, so nothing is missed or sent twice.
        self._queues.add(queue)
        missed = self._missed(last_event_id)
        try:
            yield ": newsradar stream\nretry: 2000\n\n"
            if missed is None:
                yield f"event: gap\ndata: {json.dumps({'after': last_event_id})}\n\n"
            for item in missed or ():
                yield self._format(item)
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), self.keepalive)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if not item[1]:
                    return
                yield self._format(item)
        finally:
            self._queues.discard(queue)
