"""What a scraped page shows twice is kept once (extract/textrepeat.py), on pages written here."""

from __future__ import annotations

from newsradar.extract.text import extract_scraped
from newsradar.extract.textrepeat import second_copies

STORY = [
    "The council voted on Tuesday to rebuild the old river bridge, which has been closed since the spring floods.",
    "Engineers found that two of its piers had been undermined by the current and could not be repaired safely.",
    "The new bridge will carry a cycle lane on each side and is expected to open in the autumn of next year.",
    "Residents who have driven twenty miles around the closure for months welcomed the vote at the meeting.",
]
LETTER = [
    "1. Bring us groceries when you come over, and ask first what we need: milk, bread and toilet paper.",
    "2. Walk the dog around the park for an hour in the afternoon, when the baby sleeps and we do too.",
    "3. Fold the laundry in the basket by the door and put it away in the drawers of the bedroom upstairs.",
]


def test_a_page_holding_its_article_twice_gives_it_once() -> None:
    # A print copy under the article, set between the site's furniture: the scraper kept both.
    text = "\n".join(["Home", "News", "Bridge to be rebuilt", *STORY, "Print this article", "Bridge to be rebuilt",
                      *STORY, "Share this", "Facebook"])
    for use_model in (True, False):
        assert extract_scraped(text, use_model=use_model).paragraphs == STORY, use_model


def test_second_copies_are_runs_in_the_same_order() -> None:
    assert second_copies([*STORY, *STORY[1:3]]) == {4, 5}
    assert second_copies([*STORY, STORY[2], STORY[1]]) == set()  # one at a time: each a quotation
    assert second_copies(["Yes.", "No.", "Yes.", "No."]) == set()  # too short to be a copy of anything


def test_a_document_quoted_line_by_line_then_given_whole_stays_whole() -> None:
    # The article answers each line of a letter, then prints the letter: the letter's lines stand twice,
    # but never two in a row the same as above, and the reader's answers are the article's own.
    answers = [f"Our answer to point {i + 1}: this is what a friend would actually do, and gladly so."
               for i in range(3)]
    paragraphs = [STORY[0], *(p for pair in zip(LETTER, answers, strict=True) for p in pair),
                  "For your reference, the whole letter as the parents wrote it, pasted below:", *LETTER]
    assert second_copies(paragraphs) == set()
