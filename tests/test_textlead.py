"""The article's lead set apart from it by a box (extract/textlead.py), on pages written here."""

from __future__ import annotations

import pytest

from newsradar.extract.text import _closes, extract_scraped
from newsradar.extract.textlead import LEAD_ACROSS, STANDFIRST_ODDS, lead_across
from newsradar.extract.textlines import Line, scan_lines

LEAD = ("The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic since "
        "the spring floods damaged two of its piers.")
STORY = [
    "Engineers found that the current had undermined both piers and that they could not be repaired safely.",
    "The new bridge will carry a cycle lane on each side and is expected to open in the autumn of next year.",
    "Until then the ferry will run every half hour, and the bus to the station will stop on both banks.",
    "Shops on the east bank, which lost much of their trade in the spring, welcomed the council's decision.",
]
BOX = ["Floods close the coast road", "Council tax to rise", "New school opens", "Harbour dredged again",
       "Mayor visits the farms", "Rail line reopens"]


def odds_of(lead: float) -> object:
    """The line model's odds: the lead at ``lead``, the story's prose 2, every other line -3."""
    def odds(lines: list[Line]) -> list[float]:
        return [lead if ln.text == LEAD else 2.0 if ln.text in STORY else -3.0 for ln in lines]
    return odds


def text(heading: str) -> str:
    return "\n".join(["Home", "News", "Bridge to be rebuilt", LEAD, "Share", heading, *BOX, *STORY, "Sign in"])


@pytest.mark.parametrize("lead", [LEAD_ACROSS + 0.5, LEAD_ACROSS - 0.5])
def test_a_lead_above_a_related_box_is_the_articles_when_the_model_finds_it_likely_enough(
        monkeypatch: pytest.MonkeyPatch, lead: float) -> None:
    import newsradar.extract.text as text_module

    monkeypatch.setattr(text_module, "scores", odds_of(lead))
    found = extract_scraped(text("More on this story"))
    kept = [LEAD, *STORY] if lead > LEAD_ACROSS else STORY
    assert found.paragraphs == kept


def test_no_lead_is_sought_above_a_comments_header_or_links_to_other_posts() -> None:
    for heading in ("12 comments", "Previous post"):
        lines = scan_lines(text(heading))
        for ln in lines:
            ln.odds = 0.0
        top = next(ln.index for ln in lines if ln.text == heading) + 1
        assert lead_across(lines, top, set(), _closes) == []
        # Across a box's heading the same lines are a lead, and metadata is not.
        lines[top - 1].text = "Related stories"
        assert [ln.text for ln in lead_across(lines, top, set(), _closes)] == [LEAD]
        assert lead_across(lines, top, {lines[3].index}, _closes) == []


HEADLINE = "Ferry to run while the river bridge is rebuilt"
STANDFIRST = "The council expects the new crossing to open next autumn and the works to cost four million"


SLUG = "https://example.com/2024/05/02/ferry-to-run-while-the-river-bridge-is-rebuilt"


def standfirst_page(standfirst: str, dated: bool = False) -> str:
    under = ["By Jane Smith", "2 May 2024", standfirst] if dated else [standfirst, "By Jane Smith", "2 May 2024"]
    return "\n".join(["Home", "News", HEADLINE, *under, "Share", *STORY, "Sign in"])


def odds_around(standfirst: str, value: float) -> object:
    """The line model's odds: the standfirst at ``value``, the story's prose 2, every other line -5."""
    def odds(lines: list[Line]) -> list[float]:
        return [value if ln.text == standfirst else 2.0 if ln.text in STORY else -5.0 for ln in lines]
    return odds


@pytest.mark.parametrize(("standfirst", "value", "kept"), [
    (STANDFIRST, STANDFIRST_ODDS + 1, True),
    (STANDFIRST, STANDFIRST_ODDS - 1, False),  # the model rules it out: a tagline, a menu
    ("Ferry timetable and fares for the winter season at a glance", STANDFIRST_ODDS + 1, True),
    ("« Bridge closed | Blog home | Council tax to rise for the third year running »", STANDFIRST_ODDS + 1, False),
    ("Published on Tuesday 2 May 2024 at 10:15 by the newsroom of the Riverside Gazette", STANDFIRST_ODDS + 1,
     False),
    ("Ferry to run", STANDFIRST_ODDS + 1, False),  # a kicker, not a sentence's worth
])
def test_the_standfirst_right_under_the_headline_is_the_articles(
        monkeypatch: pytest.MonkeyPatch, standfirst: str, value: float, kept: bool) -> None:
    import newsradar.extract.text as text_module

    monkeypatch.setattr(text_module, "scores", odds_around(standfirst, value))
    found = extract_scraped(standfirst_page(standfirst))
    assert found.title == HEADLINE
    assert found.paragraphs == ([standfirst, *STORY] if kept else STORY)


def test_the_standfirst_may_stand_under_the_headline_past_its_byline_and_date(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import newsradar.extract.text as text_module

    lead = "Works on the new crossing start in March and cost millions"
    monkeypatch.setattr(text_module, "scores", odds_around(lead, STANDFIRST_ODDS + 1))
    found = extract_scraped(standfirst_page(lead, dated=True), url=SLUG)
    assert (found.title, found.paragraphs) == (HEADLINE, [lead, *STORY])
    assert found.authors == ["Jane Smith"]
