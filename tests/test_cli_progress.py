"""The progress display of long runs: what it counts, and that messages do not garble it."""

from __future__ import annotations

import io
import re

import pytest
from rich.console import Console

from newsradar.cli.progress import progress_bar


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=160, color_system=None), out


def _lines(raw: str) -> list[str]:
    """What a terminal would keep on screen, roughly: each line after its last carriage return."""
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw)
    return [line.rsplit("\r", 1)[-1] for line in plain.split("\n")]


def test_a_message_during_a_run_gets_a_line_of_its_own_not_the_end_of_the_bar() -> None:
    console, out = _terminal()
    with progress_bar(None, "ingesting", console=console) as ticker:
        ticker.advance("stored")
        ticker.say("newsradar: notes/shopping-list.bin: binary input")
        ticker.advance("refused")
    said = [line for line in _lines(out.getvalue()) if "shopping-list" in line]
    assert said == ["newsradar: notes/shopping-list.bin: binary input"]


def test_a_stream_of_unknown_length_shows_counts_by_outcome_and_no_made_up_total() -> None:
    console, out = _terminal()
    with progress_bar(None, "ingesting", console=console) as ticker:
        for status in ("stored", "stored", "duplicate", "refused", "stored"):
            ticker.advance(status)
        shown = _lines(out.getvalue())
    last = [line for line in shown if line.startswith("ingesting")][-1]
    assert "5 pages" in last
    assert "stored 3 · duplicates 1 · refused 1" in last
    assert "/?" not in last


def test_the_display_shows_before_the_first_item_arrives() -> None:
    console, out = _terminal()
    with progress_bar(None, "ingesting", console=console):
        assert "ingesting" in out.getvalue() and "0 pages" in out.getvalue()


def test_a_known_total_gets_a_bar_with_its_count() -> None:
    console, out = _terminal()
    with progress_bar(8, "analysing", console=console) as ticker:
        for _ in range(3):
            ticker.advance()
        assert "3/8" in out.getvalue()


def test_without_a_terminal_messages_still_reach_stderr(capsys: object) -> None:
    with progress_bar(None, "ingesting") as ticker:  # pytest's stderr is not a terminal
        ticker.advance("stored")
        ticker.say("newsradar: a.html: empty page")
    err = capsys.readouterr().err  # type: ignore[attr-defined]
    assert err == "newsradar: a.html: empty page\n"


def test_a_watch_leaves_a_dated_line_per_pass_that_found_something_and_says_when_the_next_is_due() -> None:
    # watch printed nothing until stopped: a first pass of four minutes and an idle watch looked alike
    from newsradar.cli.progress import PassDisplay

    console, out = _terminal()
    display = PassDisplay(15, console=console)
    for status in ("stored", "refused", "duplicate"):
        display.ticker().advance(status)
    display.passed(1)
    shown = _lines(out.getvalue())
    dated = [line for line in shown if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d pass 1: .*", line)]
    assert [line[20:] for line in dated] == ["pass 1: stored 1, duplicates 1, refused 1"]
    assert re.search(r"watching · pass 1 done \d\d:\d\d:\d\d, next \d\d:\d\d:\d\d · stored 1 · refused 1",
                     out.getvalue())
    display.passed(2)  # found nothing: no line of its own
    assert not [line for line in _lines(out.getvalue()) if " pass 2: " in line]
    assert "watching · pass 2 done" in out.getvalue()
    display.ticker().advance("stored")
    display.passed(3)
    display.close()
    assert "· stored 2 · refused 1" in out.getvalue()  # the totals since the watch began


def test_a_watch_without_a_terminal_logs_only_the_passes_that_found_something(capsys: pytest.CaptureFixture[str]
                                                                              ) -> None:
    from newsradar.cli.progress import PassDisplay

    display = PassDisplay(15)
    display.passed(1)
    display.ticker().advance("stored")
    display.passed(2)
    display.close()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].endswith(" pass 2: stored 1, duplicates 0, refused 0")
