"""The attribution model's file format and scoring; no corpus needed."""

from __future__ import annotations

import pytest

from newsradar.enrich.attrmodel import Linear, from_dict, load_model
from newsradar.errors import ConfigError


def test_linear_score_is_bias_plus_weights_of_present_and_numeric_features() -> None:
    lin = Linear({"l=say": 2.0, "k=ccomp": 1.5, "#cue": 0.5}, bias=-1.0)
    assert lin.score(["l=say", "k=ccomp", "unknown"]) == pytest.approx(2.5)
    assert lin.score(["l=say"], {"cue": 4.0}) == pytest.approx(3.0)


def test_model_without_a_decision_stage_gates_on_the_cue_score() -> None:
    model = from_dict({"threshold": -0.5, "cue": {"bias": 0.1, "weights": {"a": 1}},
                       "content": {"weights": {"b": 2}}})
    assert model.decision is None
    assert model.candidate_floor == model.threshold == -0.5


@pytest.mark.parametrize("data", [
    {},
    {"threshold": 0, "cue": {"weights": {}}},
    {"threshold": "high", "cue": {"weights": {}}, "content": {"weights": {}}},
    {"threshold": 0, "cue": {"weights": {"a": "x"}}, "content": {"weights": {}}},
    {"threshold": 0, "cue": [], "content": {"weights": {}}},
])
def test_malformed_model_files_are_config_errors(data: dict[str, object]) -> None:
    with pytest.raises(ConfigError) as err:
        from_dict(data)
    assert err.value.reason


def test_the_packaged_model_has_all_three_stages() -> None:
    model = load_model()
    assert model.decision is not None
    assert model.candidate_floor < model.threshold
    assert len(model.cue.weights) > 1000 and len(model.content.weights) > 1000
