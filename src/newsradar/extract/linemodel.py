"""A learnt line model for scraped text: how likely each line is to be the article's.

The weights (``data/linemodel.json``) are learnt by self-training from the HTML path, with no body
gold: ``tools/train_linemodel.py`` renders pages to their visible text one block per line, runs
newsradar's HTML extraction on the same pages, and labels each line by whether the HTML path's body
holds it. The model is a small forest of boosted trees over the features below: the line's own shape
(its kind as :mod:`newsradar.extract.textlines` classifies it, length, punctuation, share of short words),
whether the rules keep it, its neighbours' shapes, and where it stands in the page. Scoring walks
every tree at once over all of a page's lines (numpy), a few array operations a page.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Protocol

import numpy as np

KINDS = ("chrome", "breaker", "stamp", "dated", "caption", "byline", "prose", "weak", "short", "boxed")
_NEIGHBOURS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 15)
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.U)
_TERMINAL = re.compile(r"[.!?…。！？]['\"’”»)\]]*\s*$")
_SEPARATORS = re.compile(r"[|»›•·]")


class LineLike(Protocol):
    text: str
    words: int
    kind: str
    dateish: bool
    ranged: bool
    kept: bool


def _own(ln: LineLike) -> list[float]:
    """The line's own shape."""
    text = ln.text
    tokens = _TOKEN.findall(text)
    n = max(len(tokens), 1)
    # Short lower-case words are mostly function words ("the", "und", "de"): prose has many, menus,
    # headlines and link lists few; this holds across the Latin-script languages without a word list.
    small = sum(1 for t in tokens if len(t) <= 3 and t.islower()) / n
    lower = sum(1 for t in tokens if t[0].islower()) / n
    chars = max(len(text), 1)
    digits = sum(ch.isdigit() for ch in text) / chars
    kind = [1.0 if ln.kind == k else 0.0 for k in KINDS]
    return [
        *kind,
        math.log1p(ln.words),
        1.0 if _TERMINAL.search(text) else 0.0,
        min(text.count(",") / n, 1.0),
        small,
        lower,
        digits,
        1.0 if ln.dateish else 0.0,
        1.0 if ln.ranged else 0.0,
        1.0 if ln.kept else 0.0,
        1.0 if text.endswith(":") else 0.0,
        min(len(_SEPARATORS.findall(text)), 5) / 5,
    ]


def _brief(ln: LineLike | None) -> list[float]:
    """A neighbour's shape, in brief (zeros and a flag past the page's edge)."""
    if ln is None:
        return [0.0, 0.0, 0.0, 0.0, 0.0, 1.0]
    return [math.log1p(ln.words), 1.0 if ln.kind == "prose" else 0.0, 1.0 if ln.kind == "short" else 0.0,
            1.0 if ln.kind in ("chrome", "breaker") else 0.0, 1.0 if ln.kept else 0.0, 0.0]


def features(lines: Sequence[LineLike]) -> list[list[float]]:
    """One feature vector per line. Linear in the number of lines: windows use prefix sums."""
    n = len(lines)
    if n == 0:
        return []
    prose_words = [0.0]
    all_words = [0.0]
    shorts = [0.0]
    breakers = [0.0]
    for ln in lines:
        prose_words.append(prose_words[-1] + (ln.words if ln.kind == "prose" else 0))
        all_words.append(all_words[-1] + ln.words)
        shorts.append(shorts[-1] + (ln.kind == "short"))
        breakers.append(breakers[-1] + (ln.kind == "breaker"))
    total_prose = max(prose_words[-1], 1.0)
    out = []
    for i, ln in enumerate(lines):
        row = _own(ln)
        for d in _NEIGHBOURS:
            j = i + d
            row += _brief(lines[j] if 0 <= j < n else None)
        for w in _WINDOWS:
            a, b = max(0, i - w), min(n, i + w + 1)
            row.append((prose_words[b] - prose_words[a]) / max(all_words[b] - all_words[a], 1.0))
            row.append((shorts[b] - shorts[a]) / (b - a))
        row += [
            i / n,
            prose_words[i] / total_prose,  # share of the page's prose above the line
            math.log1p(total_prose),
            min(breakers[i], 5) / 5,
        ]
        out.append(row)
    return out


@dataclass(frozen=True, slots=True)
class Forest:
    """Boosted regression trees, every tree's nodes side by side in flat arrays. A leaf points to
    itself, so that walking a fixed number of steps from the roots ends on every tree's leaf."""

    bias: float
    roots: np.ndarray  # the index of each tree's root
    feature: np.ndarray
    threshold: np.ndarray  # at a split, x[feature] <= threshold goes left
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray  # at a leaf, what the tree adds to the log-odds
    depth: int

    def log_odds(self, x: np.ndarray) -> np.ndarray:
        at = np.broadcast_to(self.roots, (x.shape[0], self.roots.size))
        rows = np.arange(x.shape[0])[:, None]
        for _ in range(self.depth):
            goes_left = x[rows, self.feature[at]] <= self.threshold[at]
            at = np.where(goes_left, self.left[at], self.right[at])
        return np.asarray(self.bias + self.value[at].sum(axis=1))


def forest() -> Forest:
    """The line model's trees."""
    return load("linemodel.json")


@cache
def load(name: str) -> Forest:
    """A forest exported by the tools (``data/<name>``): the line model, the stretch chooser."""
    raw = json.loads(resources.files("newsradar.extract").joinpath("data", name).read_text(encoding="utf-8"))
    nodes = raw["nodes"]  # [feature, threshold, left, right, value]; left == -1 at a leaf
    roots: list[int] = []
    feature: list[int] = []
    left: list[int] = []
    right: list[int] = []
    threshold: list[float] = []
    value: list[float] = []
    for tree in raw["trees"]:
        base = len(feature)
        roots.append(base)
        for f, t, lo, hi, v in nodes[tree[0]:tree[1]]:
            me = len(feature)
            leaf = lo < 0
            feature.append(0 if leaf else int(f))
            threshold.append(float(t))
            left.append(me if leaf else base + int(lo))
            right.append(me if leaf else base + int(hi))
            value.append(float(v) if leaf else 0.0)
    return Forest(float(raw["bias"]), np.array(roots, dtype=np.int64), np.array(feature, dtype=np.int64),
                  np.array(threshold), np.array(left, dtype=np.int64), np.array(right, dtype=np.int64),
                  np.array(value), int(raw["depth"]))


def scores(lines: Sequence[LineLike]) -> list[float]:
    """Each line's log-odds of being the article's (positive: more likely article than not)."""
    if not lines:
        return []
    return [float(v) for v in forest().log_odds(np.array(features(lines), dtype=float))]
