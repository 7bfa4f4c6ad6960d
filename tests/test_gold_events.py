"""Quality gates for event coding (issue 4, item 3): PETRARCH's unit-test suite coded with its own
dictionaries, and PLOVER's gold-standard records coded with the built-in lexicons. Each floor is the
figure reached (BENCHMARKS.md, section nlp-events) less 0.01; definitions in bench/nlp_events.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsradar.enrich.petrvalidate import read_suite, run_suite
from newsradar.enrich.ploverval import read_plover, run_plover

# PETRARCH-2 unit tests: share of expected events found (target ≥ 0.80), share of coded events that
# are extra (target ≤ 0.20)
PETRARCH_RECALL_FLOOR = 0.917
PETRARCH_EXTRA_CEILING = 0.081
# PLOVER_GSR_CAMEO.dev.json: type accuracy (target ≥ 0.60), actor country accuracy (target ≥ 0.70)
PLOVER_TYPE_FLOOR = 0.778
PLOVER_COUNTRY_FLOOR = 0.700


@pytest.mark.gold
@pytest.mark.slow
def test_petrarch_unit_tests_coded_with_their_dictionaries(shared: Path, nlp_model: Any) -> None:
    score = run_suite(read_suite(shared / "data/nlp/events/petrarch2_unittest/PETR.UnitTest.records.xml"), nlp_model)
    assert score.recall >= PETRARCH_RECALL_FLOOR, f"recall {score.recall:.3f}"
    assert score.extra <= PETRARCH_EXTRA_CEILING, f"extra {score.extra:.3f}"


@pytest.mark.gold
@pytest.mark.slow
def test_plover_records_coded_with_the_built_in_lexicons(shared: Path, nlp_model: Any) -> None:
    score = run_plover(read_plover(shared / "data/nlp/events/PLOVER_GSR_CAMEO.dev.json"), nlp_model)
    assert score.type_accuracy >= PLOVER_TYPE_FLOOR, f"type accuracy {score.type_accuracy:.3f}"
    assert score.country_accuracy >= PLOVER_COUNTRY_FLOOR, f"country accuracy {score.country_accuracy:.3f}"
