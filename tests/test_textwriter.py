"""The text index written from a child process during bulk loads (store/textwriter.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.errors import StoreError
from newsradar.store.textindex import TextIndex
from newsradar.store.textwriter import ChildWriter


def test_bulk_writes_from_a_child_process_are_seen_by_the_index(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "x.fts")
    with index.bulk() as add:
        assert add != index.add  # a file-backed index hands the writing to a child
        add([(0, "Harbour strike", "dockers walk out at the harbour")], [(5, "Ada Quist", "we will not move")],
            [(0, '{"id": "a"}')], [(5, '{"text": "we will not move"}')])
        add([(1, None, "a second report on the harbour")], [], [], [])
    assert [k for k, _ in index.search("harbour", "article", ranked=False)] == [0, 1]
    assert [k for k, _ in index.search("move", "quote")] == [5]
    assert index.kept("summary", [0]) == {0: '{"id": "a"}'}
    assert index.last("article") == 1
    index.close()


def test_an_in_memory_index_writes_in_process() -> None:
    index = TextIndex(None)
    with index.bulk() as add:
        add([(0, "t", "quay cranes idle")], [], [], [])
    assert [k for k, _ in index.search("cranes", "article")] == [0]
    index.close()


def test_a_batch_the_child_cannot_write_is_an_error_and_the_next_one_still_lands(tmp_path: Path) -> None:
    index = TextIndex(tmp_path / "x.fts")
    with index.bulk() as add:
        with pytest.raises(StoreError, match="cannot index articles"):
            add([(0, "two values")], [], [], [])  # type: ignore[list-item]
        add([(1, "t", "ferry timetable")], [], [], [])
    assert [k for k, _ in index.search("ferry", "article")] == [1]
    assert index.search("values", "article") == []  # the failed batch was rolled back whole
    index.close()


def test_a_child_that_died_is_an_error_with_its_exit_code(tmp_path: Path) -> None:
    TextIndex(tmp_path / "x.fts").close()
    child = ChildWriter(tmp_path / "x.fts")
    child._proc.kill()
    child._proc.wait()
    with pytest.raises(RuntimeError, match="stopped"):
        child.add([(0, "t", "x")], [], [], [])
    child.close()
