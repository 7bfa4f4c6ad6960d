"""What a page sets beside the article's prose (extract/textaside.py), on pages written here."""

from __future__ import annotations

from newsradar.extract.text import extract_scraped
from newsradar.extract.textaside import credited_caption
from newsradar.extract.textlines import scan_lines
from newsradar.record import Image

STORY = [
    "The council voted on Tuesday to rebuild the old river bridge, which has been closed since the spring floods.",
    "Engineers found that two of its piers had been undermined by the current and could not be repaired safely.",
    "The new bridge will carry a cycle lane on each side and is expected to open in the autumn of next year.",
    "Until then the ferry will run every half hour, and the bus to the station will stop on both banks.",
]
# "Photo" and "Source" in brackets are the shared caption patterns' (data/captions.tsv); "Quelle" is not.
CAPTION = "Divers inspect the damaged piers of the bridge in March. (Quelle: Jane Roe/River Press)"


def test_a_caption_closed_by_its_credit_in_brackets_leaves_the_article_for_its_picture() -> None:
    text = "\n".join(["Home", "News", "Bridge to be rebuilt", *STORY[:2], CAPTION, *STORY[2:], "Share this"])
    found = extract_scraped(text)
    assert found.paragraphs == STORY
    assert Image(caption="Divers inspect the damaged piers of the bridge in March.",
                 credit="Jane Roe/River Press") in found.images
    assert CAPTION not in found.boilerplate


def test_only_a_credit_that_closes_a_short_line_makes_a_caption() -> None:
    lines = scan_lines("\n".join([
        CAPTION,
        "The report (source: the council's own survey) found both piers undermined by the current.",
        " ".join(STORY) + " (Photo: Jane Roe)",
    ]))
    found = [credited_caption(ln) for ln in lines]
    assert [img is not None for img in found] == [True, False, False]
    assert [img.credit for img in found if img is not None] == ["Jane Roe/River Press"]
