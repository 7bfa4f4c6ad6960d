"""SourceState implementations: in memory and in a JSON file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsradar.errors import ConfigError
from newsradar.sources import JsonFileState, MemoryState, SourceState


@pytest.mark.parametrize("make", [lambda p: MemoryState(), lambda p: JsonFileState(p / "s.json")])
def test_get_set_items_by_namespace(tmp_path: Path, make: object) -> None:
    state = make(tmp_path)  # type: ignore[operator]
    assert isinstance(state, SourceState)
    assert state.get("seen", "a") is None
    state.set("seen", "a", "1")
    state.set("seen", "b", "2")
    state.set("http", "a", "{}")
    state.set("seen", "a", "3")
    assert state.get("seen", "a") == "3"
    assert sorted(state.items("seen")) == [("a", "3"), ("b", "2")]
    assert list(state.items("nothing")) == []


def test_the_json_file_survives_a_reopen_and_is_replaced_atomically(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    with JsonFileState(path) as state:
        state.set("seen", "entry:https://wire.test/1", "1")
    assert json.loads(path.read_text()) == {"seen": {"entry:https://wire.test/1": "1"}}
    assert [p.name for p in path.parent.iterdir()] == ["state.json"]  # no temporary file left behind
    assert JsonFileState(path).get("seen", "entry:https://wire.test/1") == "1"


def test_saves_are_batched_but_happen(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    state = JsonFileState(path, save_every=3600)
    state.set("seen", "a", "1")
    assert not path.exists()
    state.flush()
    assert path.exists()
    eager = JsonFileState(tmp_path / "eager.json", save_every=0)
    eager.set("seen", "a", "1")
    assert (tmp_path / "eager.json").exists()


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"seen": {"a": 1}}'])
def test_a_damaged_file_is_refused_with_its_name(tmp_path: Path, text: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match=r"state\.json"):
        JsonFileState(path)
