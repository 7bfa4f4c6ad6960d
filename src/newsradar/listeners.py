"""Callbacks registered and removed from any thread, called by whoever holds the list."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


class Listeners(Generic[F]):
    """A thread-safe list of callbacks. The caller iterates a :meth:`snapshot`, so a callback may
    unsubscribe itself (or others may subscribe) while the list is being called."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._items: list[F] = []

    def add(self, callback: F) -> Callable[[], None]:
        """Register ``callback``; returns the function that removes it (safe to call twice)."""
        with self._lock:
            self._items.append(callback)

        def remove() -> None:
            with self._lock:
                if callback in self._items:
                    self._items.remove(callback)

        return remove

    def snapshot(self) -> list[F]:
        with self._lock:
            return list(self._items)
