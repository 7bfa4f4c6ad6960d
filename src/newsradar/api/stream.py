"""Server-Sent Events: the store's hook publishes each landed record, every open stream receives it.

The store calls :meth:`Hub.publish` from whatever thread wrote the record; the hub hands the event to
each subscriber's asyncio queue on the server's event loop. A client too slow to keep up (its queue
full) is dropped rather than allowed to grow the server's memory: its browser reconnects.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)

QUEUE_SIZE = 1000
_CLOSE: tuple[str, dict[str, Any]] = ("", {})


class Hub:
    def __init__(self, keepalive: float = 15.0) -> None:
        self.keepalive = keepalive
        self._loop: asyncio.AbstractEventLoop | None = None
        self._queues: set[asyncio.Queue[tuple[str, dict[str, Any]]]] = set()

    def bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    @property
    def subscribers(self) -> int:
        return len(self._queues)

    def publish(self, event: str, data: dict[str, Any]) -> None:
        """Thread-safe: queue ``event`` for every open stream."""
        loop = self._loop
        if loop is None or loop.is_closed() or not self._queues:
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

    def _end(self, queue: asyncio.Queue[tuple[str, dict[str, Any]]]) -> None:
        """Stop feeding ``queue`` and tell its stream to end."""
        self._queues.discard(queue)
        if queue.full():
            queue.get_nowait()  # make room for the close marker
        queue.put_nowait(_CLOSE)

    def _fan_out(self, event: str, data: dict[str, Any]) -> None:
        for queue in list(self._queues):
            try:
                queue.put_nowait((event, data))
            except asyncio.QueueFull:
                log.warning("dropping a stream client that fell %d events behind", QUEUE_SIZE)
                self._end(queue)

    async def events(self) -> AsyncIterator[str]:
        """The text/event-stream body for one client."""
        queue: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue(QUEUE_SIZE)
        if self._loop is None:
            self._loop = asyncio.get_running_loop()
        self._queues.add(queue)
        try:
            yield ": newsradar stream\nretry: 2000\n\n"
            while True:
                try:
                    event, data = await asyncio.wait_for(queue.get(), self.keepalive)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                if not event:
                    return
                yield f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}\n\n"
        finally:
            self._queues.discard(queue)
