"""Listeners: add, remove (twice is harmless), and a snapshot the list may change under."""

from __future__ import annotations

from collections.abc import Callable

from newsradar.listeners import Listeners


def test_added_callbacks_are_called_until_removed() -> None:
    calls: list[str] = []
    listeners: Listeners[Callable[[str], None]] = Listeners()
    remove_a = listeners.add(lambda x: calls.append("a" + x))
    listeners.add(lambda x: calls.append("b" + x))
    for cb in listeners.snapshot():
        cb("1")
    remove_a()
    remove_a()
    for cb in listeners.snapshot():
        cb("2")
    assert calls == ["a1", "b1", "b2"]


def test_a_callback_may_remove_itself_while_the_list_is_called() -> None:
    listeners: Listeners[Callable[[], None]] = Listeners()
    removers: list[Callable[[], None]] = []

    def once() -> None:
        removers[0]()

    removers.append(listeners.add(once))
    for cb in listeners.snapshot():
        cb()
    assert listeners.snapshot() == []
