"""What a claim measures, on sentences written for these tests: the killed and the injured apart, one
toll in different words as one measure, money by what was done with it, a percentage by what it is of."""

from __future__ import annotations

import pytest

from newsradar.pipeline import analyze
from newsradar.record import Article, Claim


def _measures(text: str) -> list[tuple[float | None, str | None, str | None]]:
    return [(c.value, c.unit, c.measure) for c in analyze(text, kind="text").claims]


def test_killed_and_injured_in_one_sentence_are_two_measures(nlp_model: object) -> None:
    assert _measures("The blast at the market killed 5 people and injured 30 others, police said.") == [
        (5, "people", "killed"), (30, "others", "injured")]
    assert _measures("Four people were killed and 25 injured when the bridge collapsed.") == [
        (4, "people", "killed"), (25, "people", "injured")]


@pytest.mark.parametrize("text", [
    "12 people died when the ferry capsized off the coast.",
    "Rescuers said 12 people were killed when the ferry capsized.",
    "The ferry capsized, leaving 12 people dead.",
    "Some 12 people killed in the ferry disaster were children.",
    "Officials named 12 people who died in the capsizing.",
    "The ferry disaster caused 12 deaths, the coastguard said.",
])
def test_one_toll_in_different_words_is_one_measure(nlp_model: object, text: str) -> None:
    assert [m for _, _, m in _measures(text)] == ["killed"]


def test_a_toll_without_a_counted_noun_is_a_claim(nlp_model: object) -> None:
    # the bare number is kept because a known measure governs it, and a toll counts people; a bare
    # number alone still is not a claim
    assert _measures("The death toll from the landslide rose to 12 on Tuesday.") == [(12, "people", "killed")]
    assert _measures("The number of dead reached 40 by nightfall.") == [(40, "people", "killed")]
    assert _measures("The ferry made 12 crossings a day.") == [(12, "crossings", "make")]
    assert _measures("He rose to 12th place.") == []


@pytest.mark.parametrize(("text", "measure"), [
    ("At least 40 protesters were arrested outside the parliament.", "arrested"),
    ("Police detained 14 people overnight.", "arrested"),
    ("More than 2,000 residents were evacuated from the valley.", "displaced"),
    ("Three climbers remain missing on the glacier.", "missing"),
    ("About 20 people were hurt in the stampede.", "injured"),
    ("The regulator fined the bank $2m for the breach.", "fined"),
    ("The regulator imposed a fine of $2 million on the bank.", "fined"),
    ("The repairs will cost €12 billion, the ministry said.", "cost"),
    ("The charity raised £50,000 for the hospital.", "raised"),
    ("The insurer paid $3 million to the families.", "paid"),
    ("Inflation rose to 3.2 percent in March.", "inflation"),
    ("The unemployment rate fell to 5.1 per cent.", "unemployment"),
    ("Turnout was 62 percent, officials said.", "turnout"),
    ("She won 52 percent of the vote.", "vote"),
    ("Analysts expect a 5 percent rise in unemployment.", "unemployment"),
    ("The union is demanding a pay rise of 7.5 percent.", "pay"),  # wages, not money paid
    ("Officials said 10 percent of the residents were evacuated.", "displaced"),
    ("Between 300 and 400 soldiers crossed the border.", "cross"),  # no family: the verb's lemma
])
def test_the_measure_is_the_governing_word_folded_into_its_family(nlp_model: object, text: str,
                                                                    measure: str) -> None:
    assert [m for _, _, m in _measures(text)] == [measure]


def test_things_a_level_verb_acts_on_measure_the_act_not_its_subject(nlp_model: object) -> None:
    # "cut", "double" act on what they count; the subject is who acts, not a quantity. A verb that
    # states a level ("hit", "reach") still measures its subject, and a percentage still gives a level.
    assert _measures("The carmaker cut 300 jobs at its plant.") == [(300, "jobs", "cut")]
    assert _measures("The garrison doubled 40 patrols along the river.") == [(40, "patrols", "double")]
    assert _measures("Inflation hit 6 percent in the spring.") == [(6, "percent", "inflation")]
    assert _measures("The carmaker cut 5 percent of its workforce.") == [(5, "percent", "workforce")]


def test_records_without_a_measure_still_load() -> None:
    old = {"id": "a", "source": "s", "claims": [{"value": 5, "unit": "people", "text": "5 people", "span": [0, 8]}]}
    art = Article.from_dict(old)
    assert art.claims == [Claim(5, "people", "5 people", span=(0, 8))] and art.claims[0].measure is None
    assert art.to_dict()["claims"][0]["measure"] is None
