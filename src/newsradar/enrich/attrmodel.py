"""The attribution model: three linear scorers over the features of :mod:`newsradar.enrich.attrfeatures`,
read from ``data/attributions.json``.

- ``cue`` scores a word as the head of an attribution's cue (a logistic regression: its score is the
  log-odds); words under ``candidate_floor`` go no further;
- ``content`` ranks the spans offered as that cue's content (a pairwise ranker: only the order of
  the scores matters);
- ``decision`` (optional) takes the cue with the content chosen for it, and keeps the pair when its
  score (the log-odds that the content is right) reaches ``threshold``; without it, a cue is kept
  when its own score reaches ``threshold``.

Scoring is a sum of weights looked up by feature name, in plain Python: nothing beyond the standard
library is needed at run time. ``tools/train_attributions.py`` writes the file; ``docs/quotes.md``
says what it was trained on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import repeat

from newsradar.errors import ConfigError

MODEL_FILE = "data/attributions.json"


@dataclass(frozen=True, slots=True)
class Linear:
    weights: dict[str, float]
    bias: float = 0.0

    def score(self, features: Iterable[str], numeric: dict[str, float] | None = None) -> float:
        """The bias plus the weights of ``features`` (present or not) and of ``numeric`` features
        times their values (their weights are stored under ``#name``)."""
        w = self.weights
        total = self.bias + sum(map(w.get, features, repeat(0.0)))  # w.get(f, 0.0), called from C
        if numeric:
            total += sum(w.get("#" + k, 0.0) * v for k, v in numeric.items())
        return total


@dataclass(frozen=True, slots=True)
class AttributionModel:
    cue: Linear
    content: Linear
    decision: Linear | None
    candidate_floor: float  # cue score under which a word is not considered further
    threshold: float  # decision score (log-odds) at which a cue and its content are kept


def from_dict(data: dict[str, object]) -> AttributionModel:
    """The model held in ``data`` (the JSON object the training script writes)."""
    try:
        parts: dict[str, Linear | None] = {"decision": None}
        for name in ("cue", "content", "decision"):
            if name == "decision" and name not in data:
                continue
            part = data[name]
            assert isinstance(part, dict)
            weights = {str(k): float(v) for k, v in part["weights"].items()}
            parts[name] = Linear(weights, float(part.get("bias", 0.0)))
        threshold = data["threshold"]
        floor = data.get("candidate_floor", threshold)
        assert isinstance(threshold, int | float) and isinstance(floor, int | float)
    except (KeyError, AssertionError, AttributeError, TypeError, ValueError) as exc:
        raise ConfigError(f"the attribution model file is malformed: {exc!r}") from exc
    cue, content = parts["cue"], parts["content"]
    assert cue is not None and content is not None
    return AttributionModel(cue, content, parts["decision"], float(floor), float(threshold))


@cache
def load_model() -> AttributionModel:
    """The packaged model, read once per process."""
    text = files("newsradar.enrich").joinpath(MODEL_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ConfigError(f"{MODEL_FILE}: expected a JSON object")
    return from_dict(data)
