"""Quality gate for stories: B-cubed F1 of the online story index on ECB+ topics 1–35, in the
corpus order and in shuffled orders, scored exactly as ``bench/nlp_stories.py`` scores it.

The 772 documents go through the whole pipeline (two workers) once per session; the floors are the
figures BENCHMARKS.md reports, less 0.01.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.nlp_stories import analyse, orders, stories
from bench.storysets import GoldDoc, bcubed, ecbplus, events_apart

from newsradar.record import Article
from newsradar.settings import Settings

IN_ORDER_F1 = 0.893  # measured 0.903 (BENCHMARKS.md), less 0.01
SHUFFLED_WORST_F1 = 0.859  # worst of seeds 1–3 (0.866 with the people penalty); kept at the earlier floor
EVENTS_APART = 27  # topics (of 33) whose two events keep apart in the corpus order: measured 28, less 1
SEEDS = 3


@pytest.fixture(scope="module")
def ecb(shared: Path) -> tuple[list[GoldDoc], list[Article]]:
    docs = ecbplus(shared / "data" / "nlp" / "stories" / "ecbplus")
    records, _ = analyse(docs, workers=2)
    return docs, records


@pytest.mark.gold
@pytest.mark.slow
def test_ecbplus_in_arrival_order(ecb: tuple[list[GoldDoc], list[Article]]) -> None:
    docs, records = ecb
    predicted = stories(records, range(len(records)), Settings())
    f1 = bcubed([d.label for d in docs], predicted).f1
    apart, topics = events_apart(docs, predicted)
    assert f1 >= IN_ORDER_F1, f"ECB+ B-cubed F1 in order {f1:.3f} < floor {IN_ORDER_F1}"
    assert apart >= EVENTS_APART, f"only {apart}/{topics} topics keep their two events apart (floor {EVENTS_APART})"


@pytest.mark.gold
@pytest.mark.slow
def test_ecbplus_shuffled_arrival(ecb: tuple[list[GoldDoc], list[Article]]) -> None:
    docs, records = ecb
    gold = [d.label for d in docs]
    worst = min(bcubed(gold, stories(records, o, Settings())).f1 for o in orders(len(records), SEEDS))
    assert worst >= SHUFFLED_WORST_F1, f"ECB+ B-cubed F1, worst shuffled order {worst:.3f} < floor {SHUFFLED_WORST_F1}"
