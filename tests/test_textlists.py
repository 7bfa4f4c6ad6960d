"""The list a sentence of a scraped article announces (extract/textlists.py), on pages written here."""

from __future__ import annotations

from newsradar.extract.text import extract_scraped
from newsradar.extract.textlines import Line, scan_lines
from newsradar.extract.textlists import LIST_ITEMS, announced_lists

STORY = [
    "The council voted on Tuesday to rebuild the old river bridge, which has been closed since the spring floods.",
    "Engineers found that two of its piers had been undermined by the current and could not be repaired safely.",
    "The new bridge will carry a cycle lane on each side and is expected to open in the autumn of next year.",
]
INTRO = "Residents who want to speak at the next meeting on the plans will need to bring the following:"
ITEMS = ["A letter from the parish", "Proof of address", "The form from the town hall"]


def said(lines: list[Line]) -> list[Line]:
    """The lines an article keeps here: its paragraphs and the sentence that announces the list."""
    return [ln for ln in lines if ln.text in (*STORY, INTRO)]


def test_a_list_announced_at_the_end_of_the_article_is_kept() -> None:
    text = "\n".join(["Home", "News", "Bridge to be rebuilt", *STORY, INTRO, *ITEMS, "Share this", "Facebook",
                      "Most read", "Floods close the coast road", "Council tax to rise"])
    found = extract_scraped(text)
    assert found.paragraphs == [*STORY, INTRO, *ITEMS]


def test_only_a_sentence_announces_a_list_and_not_below_the_last_line() -> None:
    lines = scan_lines("\n".join([*STORY, "Popular projects:", *ITEMS, INTRO, *ITEMS]))
    kept = said(lines)
    # A box's heading of a few words announces no list of the article's.
    assert [ln.text for ln in announced_lists(lines, kept, set(), len(lines) - 1)] == ITEMS
    assert announced_lists(lines, kept, set(), len(lines) - 2) == [lines[-3], lines[-2]]


def test_a_run_of_short_lines_too_long_for_a_list_is_a_menu() -> None:
    menu = [f"Section {i}" for i in range(LIST_ITEMS + 1)]
    lines = scan_lines("\n".join([*STORY, INTRO, *menu]))
    assert announced_lists(lines, said(lines), set(), len(lines) - 1) == []


def test_a_dated_line_or_metadata_ends_the_list() -> None:
    lines = scan_lines("\n".join([*STORY, INTRO, ITEMS[0], "Jane Doe, 2 May 2026", ITEMS[1]]))
    kept = said(lines)
    assert [ln.text for ln in announced_lists(lines, kept, set(), len(lines) - 1)] == [ITEMS[0]]
    assert announced_lists(lines, kept, {lines[4].index}, len(lines) - 1) == []
