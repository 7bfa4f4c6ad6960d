"""What a story remembers, and the shares the story index's penalties are measured in."""

from __future__ import annotations

import pytest

from newsradar.enrich import story_state as state


def test_the_people_penalty_is_the_mismatch_of_whom_the_article_and_the_story_are_about() -> None:
    story = state.Story("s", people={"lunde": 2.0}, people_size=2)
    weight = 2 / (2 + state.PEOPLE_PRIOR)
    assert state.other_people({"lunde": 1.0}, story) == 0.0
    assert state.other_people({"moe": 3.0}, story) == pytest.approx(weight)
    half = (0.5 - state.PEOPLE_FLOOR) / (1 - state.PEOPLE_FLOOR)
    assert state.other_people({"lunde": 1.0, "moe": 1.0}, story) == pytest.approx(half * weight)
    assert state.other_people({"lunde": 1.0, "moe": 0.25}, story) == 0.0  # a witness beside the story's own
    assert state.other_people({}, story) == 0.0
    assert state.other_people({"moe": 1.0}, state.Story("t")) == 0.0  # a story that names no one
