"""Freed memory is given back to the system, at most every few seconds."""

from __future__ import annotations

import sys

import pytest

from newsradar import heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_the_heap_is_trimmed_at_most_every_few_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    monkeypatch.setattr(heap, "_last", [0.0])
    monkeypatch.setattr(heap, "_malloc_trim", lambda: calls.append)
    assert heap.give_back() is True
    assert heap.give_back() is False  # a moment later: not again
    assert heap.give_back(force=True) is True
    assert calls == [0, 0]


def test_no_allocator_to_trim_is_no_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heap, "_malloc_trim", lambda: None)
    assert heap.give_back(force=True) is False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_glibc_trim_is_found_and_runs() -> None:
    assert heap._malloc_trim() is not None
    assert heap.give_back(force=True) is True
