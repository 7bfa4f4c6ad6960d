"""A learnt chooser of the article's stretch in scraped text.

The rules of :mod:`newsradar.extract.text` find, between each pair of breakers ("Related stories", a
comments header), the run of lines worth the most, and take the first run worth a quarter of the best.
That choice is where the text path loses most: a long comment thread or a block of teasers is taken
for the article, or the article for a teaser. Here each candidate run is described (its size and
prose, the line model's log-odds over its stretch, where it stands, what breakers stand around it,
whether the rules take it) and boosted trees give each the log-odds that it makes the best body of
them all. The weights (``data/stretchmodel.json``) are self-trained from the HTML path, with
no body gold: ``tools/train_stretchmodel.py`` extracts unscored pages both ways and measures, for each
candidate, the overlap of the body it would give with the HTML path's body.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from newsradar.extract.linemodel import load

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


def stretches(found: Sequence[tuple[float, int, int]], walls: dict[int, int], n: int) -> list[Candidate]:
    """The candidates for the rules' runs ``(value, first, last)`` on a page of ``n`` lines whose
    breakers stand at ``walls`` (index: COMMENTS, NEIGHBOURS or OTHER)."""
    out = []
    for value, s, e in found:
        before = max((w for w in walls if w < s), default=-1)
        after = min((w for w in walls if w > e), default=n)
        out.append(Candidate(value, s, e, before + 1, after - 1, walls.get(before, EDGE), walls.get(after, EDGE)))
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
            float(np.sign(k - rule)),
            k / max(len(cands) - 1, 1),
            math.log(len(cands)),
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
        ]
        rows.append(row)
    return rows


def odds(lines: Sequence[ScoredLine], cands: Sequence[Candidate], rule: int, comments_at: int) -> list[float]:
    """Each candidate's log-odds of giving the best body of them all."""
    x = np.array(features(lines, cands, rule, comments_at), dtype=float)
    return [float(v) for v in load("stretchmodel.json").log_odds(x)]


def choose(lines: Sequence[ScoredLine], cands: Sequence[Candidate], rule: int, comments_at: int) -> int:
    """The candidate to take: the one the model finds likeliest to give the best body, the rules'
    pick when it is as likely."""
    if len(cands) < 2:
        return rule
    o = odds(lines, cands, rule, comments_at)
    best = max(range(len(cands)), key=lambda k: o[k])
    return best if o[best] > o[rule] else rule
