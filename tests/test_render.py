"""``--format pretty``: the layout people read in a terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console

from newsradar.cli.render import render_pretty


def record(**extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"id": "a1", "source": "page.html", "title": "Ferries resume", "paragraphs": ["Body."]}
    return base | extra


def rendered(rec: dict[str, Any]) -> str:
    console = Console(record=True, width=200)
    render_pretty(rec, console)
    return console.export_text()


def test_an_event_without_a_target_shows_a_dash_not_none() -> None:
    out = rendered(record(events=[{"source": {"name": "Egypt", "code": "EGY"}, "target": {"name": None, "code": None},
                                   "cameo": "036", "plover": "AGREE", "goldstein": 4.0}]))
    assert "Egypt [EGY]" in out and "None" not in out


def test_whole_numbers_are_grouped_without_a_float_tail() -> None:
    out = rendered(record(claims=[{"value": 4.8e9, "unit": "USD", "text": "$4.8 billion"},
                                  {"value": 2.5, "unit": "percent", "text": "2.5 percent"}]))
    assert "4,800,000,000" in out and "4800000000.0" not in out and "2.5" in out


def test_a_refused_input_prints_its_reason() -> None:
    assert "empty input" in rendered({"source": "x.html", "error": "empty input"})


def test_claims_show_what_they_measure() -> None:
    out = rendered(record(claims=[{"value": 5.0, "unit": "people", "measure": "killed", "text": "5 people"},
                                  {"value": 30.0, "unit": "people", "text": "30 people"}]))  # an older record
    assert "measure" in out and "killed" in out and "None" not in out
