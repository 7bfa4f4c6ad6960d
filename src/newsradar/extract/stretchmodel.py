"""A learnt chooser of the article's stretch in scraped text.

The rules of :mod:`newsradar.extract.text` find, between each pair of breakers ("Related stories", a
comments header), the run of lines worth the most, and take the first run worth a quarter of the best.
That choice is where the text path loses most: a long comment thread or a block of teasers is taken
for the article, or the article for a teaser. Here each candidate run is described (its size and
prose, the line model's log-odds over its stretch, where it stands, what breakers stand around it,
whether the rules take it) and boosted regression trees predict how much better than the rules' run it
would make the body. The weights (``data/stretchmodel.json``) are self-trained from the HTML path, with
no body gold: ``tools/train_stretchmodel.py`` extracts unscored pages both ways and measures, for each
candidate, the overlap of the body it would give with the HTML path's body.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Protocol

import numpy as np

from newsradar.extract.linemodel import load

# A candidate replaces the rules' run only when its predicted gain in F1 exceeds this.
MARGIN = 0.02
# What stands at a stretch's edge: the page's edge, a comments header, links to the neighbouring
# posts, another breaker ("Related stories").
EDGE, COMMENTS, NEIGHBOURS, OTHER = range(4)


class ScoredLine(Protocol):
    words: int
    kind: str
    dateish: bool
    odds: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A run of lines the rules found (``value``, ``first``..``last``), inside the stretch
    ``lo``..``hi`` between breakers, and what stands before and after that stretch."""

    value: float
    first: int
    last: int
    lo: int
    hi: int
    before: int
    after: int
    runs: tuple[int, int]  # the rules' runs it spans, first and last
    inner: int = -1  # what stands between them (-1: a single run)


def stretches(found: Sequence[tuple[float, int, int]], walls: dict[int, int], n: int) -> list[Candidate]:
    """The candidates for the rules' runs ``(value, first, last)`` on a page of ``n`` lines whose
    breakers stand at ``walls`` (index: COMMENTS, NEIGHBOURS or OTHER)."""
    out = []
    for k, (value, s, e) in enumerate(found):
        before = max((w for w in walls if w < s), default=-1)
        after = min((w for w in walls if w > e), default=n)
        out.append(Candidate(value, s, e, before + 1, after - 1, walls.get(before, EDGE), walls.get(after, EDGE),
                             (k, k)))
    return out


def joined(cands: Sequence[Candidate]) -> list[Candidate]:
    """Each candidate, and each pair of neighbours joined across the breaker between them: an article
    that an inline box ("Related", "Read more") splits in two; never across a comments header or the
    links to the neighbouring posts."""
    out = list(cands)
    for a, b in pairwise(cands):
        if a.after != OTHER:
            continue  # reader comments and the neighbouring posts' links do not stand inside an article
        out.append(Candidate(a.value + b.value, a.first, b.last, a.lo, b.hi, a.before, b.after,
                             (a.runs[0], b.runs[1]), a.after))
    return out


def _p(odds: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(odds, 30.0), -30.0)))


def features(lines: Sequence[ScoredLine], cands: Sequence[Candidate], rule: int,
             comments_at: int) -> list[list[float]]:
    """One feature vector per candidate; ``rule``: the one the rules pick; ``comments_at``: the first
    comments header after the article's prose (-1: none)."""
    n = max(len(lines), 1)
    prose = [ln.words if ln.kind == "prose" else 0 for ln in lines]
    model = [ln.words * _p(ln.odds) for ln in lines]
    total_prose = max(sum(prose), 1)
    total_model = max(sum(model), 1.0)
    top = max(c.value for c in cands)
    ranks = sorted(range(len(cands)), key=lambda k: -cands[k].value)
    rank = {k: r for r, k in enumerate(ranks)}
    rule_value = max(cands[rule].value, 1.0)
    singles = max(k for k, c in enumerate(cands) if c.inner < 0) + 1
    rows = []
    for k, c in enumerate(cands):
        run = lines[c.first:c.last + 1]
        stretch = lines[c.lo:c.hi + 1]
        run_words = max(sum(ln.words for ln in run), 1)
        run_prose = sum(prose[c.first:c.last + 1])
        stretch_prose = sum(prose[c.lo:c.hi + 1])
        stretch_model = sum(model[c.lo:c.hi + 1])
        odds = [ln.odds for ln in run if ln.kind == "prose"] or [0.0]
        row = [
            1.0 if k == rule else 0.0,
            float(np.sign(c.runs[0] - rule) + np.sign(c.runs[1] - rule)) / 2,
            c.runs[0] / max(singles - 1, 1),
            math.log(singles),
            math.log1p(c.value),
            c.value / max(top, 1.0),
            c.value / rule_value,
            rank[k] / max(len(cands) - 1, 1),
            1.0 if rank[k] == 0 else 0.0,
            c.first / n,
            c.last / n,
            math.log1p(len(run)),
            math.log1p(run_words),
            run_prose / run_words,
            run_prose / total_prose,
            stretch_prose / total_prose,
            sum(prose[:c.lo]) / total_prose,
            sum(prose[c.hi + 1:]) / total_prose,
            math.log1p(stretch_model),
            stretch_model / total_model,
            sum(model[:c.lo]) / total_model,
            sum(model[c.first:c.last + 1]) / max(run_words, 1),
            sum(odds) / len(odds),
            max(odds),
            min(odds),
            sum(1 for ln in stretch if ln.odds > 0) / max(len(stretch), 1),
            sum(1 for ln in run if ln.dateish) / max(len(run), 1),
            sum(1 for ln in run if ln.kind == "short") / max(len(run), 1),
            sum(1 for ln in run if ln.kind == "chrome") / max(len(run), 1),
            run_words / max(len(run), 1),
            -1.0 if comments_at < 0 else (1.0 if c.last < comments_at else 0.0),
            *(1.0 if c.before == e else 0.0 for e in range(4)),
            *(1.0 if c.after == e else 0.0 for e in range(4)),
            *(1.0 if c.inner == e else 0.0 for e in range(-1, 4)),
        ]
        rows.append(row)
    return rows


def gains(lines: Sequence[ScoredLine], cands: Sequence[Candidate], rule: int, comments_at: int) -> list[float]:
    """Each candidate's predicted gain in F1 over the rules' run."""
    x = np.array(features(lines, cands, rule, comments_at), dtype=float)
    return [float(v) for v in load("stretchmodel.json").log_odds(x)]


def choose(lines: Sequence[ScoredLine], cands: Sequence[Candidate], rule: int,
           comments_at: int) -> tuple[int, int]:
    """The runs to take, first and last: the rules' unless another candidate is predicted better by
    more than ``MARGIN``."""
    if len(cands) < 2:
        return cands[rule].runs
    cands = joined(cands)
    g = gains(lines, cands, rule, comments_at)
    best = max(range(len(cands)), key=lambda k: g[k])
    return cands[best if g[best] - g[rule] > MARGIN else rule].runs
