"""Scoring newsradar on PLOVER gold-standard records (records written here)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsradar.enrich.ploverval import PloverOutcome, PloverScore, read_plover, run_plover
from newsradar.record import Actor, Event

RECORDS = [
    {"id": "r1", "event": "DEMAND", "eventText": "demanded withdrawal",
     "text": "Chile demanded the withdrawal of Peruvian troops from the border.",
     "source": [{"actorText": "Chile", "code": "CHL"}], "target": [{"actorText": "Peruvian", "code": "PER"}]},
    {"id": "r2", "event": "AGREE", "eventText": "agreed",
     "text": "Ghana and Togo agreed to reopen the border.",
     "source": [{"actorText": "Ghana", "code": "GHA"}, {"actorText": "Togo", "code": "TGO"}], "target": ""},
    {"id": "r3", "event": "FIGHT", "eventText": "shelled", "text": "It rained all day.",
     "source": [{"actorText": "Nobody", "code": "XXX"}], "target": [{"actorText": "Nowhere", "code": "YYY"}]},
]


def test_records_are_read_with_current_plover_names(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(RECORDS))
    recs = read_plover(path)
    assert [r.event for r in recs] == ["REQUEST", "AGREE", "ASSAULT"]
    assert recs[1].sources == {"GHA", "TGO"} and not recs[1].targets
    assert recs[0].event_words == {"demanded", "withdrawal"}


def test_scores_type_and_country_slots(tmp_path: Path) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(RECORDS))
    r1, r2, r3 = read_plover(path)
    right = Event(Actor(code="CHLGOV"), Actor(code="PERMIL"), "1056", "REQUEST")
    half = Event(Actor(code="TGO"), Actor(), "030", "AGREE")
    score = PloverScore([PloverOutcome(r1, right), PloverOutcome(r2, half), PloverOutcome(r3, None)])
    assert score.type_accuracy == 2 / 3
    assert score.country_accuracy == 3 / 5  # slots: r1 source+target, r2 source, r3 source+target
    assert score.no_event == 1


def test_newsradar_codes_the_records(tmp_path: Path, nlp_model: Any) -> None:
    path = tmp_path / "gsr.json"
    path.write_text(json.dumps(RECORDS))
    score = run_plover(read_plover(path), nlp_model)
    assert [o.type_ok for o in score.outcomes] == [True, True, False]
    assert score.outcomes[0].side_ok("source") and score.outcomes[0].side_ok("target")
