"""Quality gates for metadata: title, authors, site name and publication date on third-party gold.

Each floor is the accuracy newsradar reached on that set and field, less 0.01; the comparisons are
those of ``bench/metagold.py`` (the same the benchmark uses against trafilatura and htmldate). On
``htmldate_eval`` the page is read without its URL, as htmldate's own evaluation does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.metagold import FIELDS, SETS, MetaPage, accuracy, newsradar_metadata

FLOORS: dict[str, dict[str, float]] = {
    "trafilatura_eval": {"title": 0.773, "authors": 0.622, "site_name": 0.74, "date": 0.867},
    "mozilla_readability": {"title": 0.777, "authors": 0.729, "site_name": 0.925, "date": 0.99},
    "htmldate_eval": {"date": 0.898},
}

Scores = dict[str, dict[str, tuple[float, int]]]


@pytest.fixture(scope="module")
def scores(shared: Path) -> Scores:
    out: Scores = {}
    for name in FLOORS:
        pages: list[MetaPage] = SETS[name](shared)
        with_url = name != "htmldate_eval"
        predicted = [newsradar_metadata(p, url=with_url) for p in pages]
        fields = FIELDS if name != "htmldate_eval" else ("date",)
        out[name] = {f: accuracy(f, [p.gold.get(f, "") for p in pages], [x.get(f) for x in predicted])
                     for f in fields}
    return out


@pytest.mark.gold
@pytest.mark.slow
@pytest.mark.parametrize(("name", "field"), [(n, f) for n, fs in FLOORS.items() for f in fs])
def test_metadata_accuracy_holds(scores: Scores, name: str, field: str) -> None:
    value, counted = scores[name][field]
    assert counted > 0, f"{name}: no page has gold for {field}"
    assert value >= FLOORS[name][field], f"{name} {field}: {value:.3f} < floor {FLOORS[name][field]:.3f}"
