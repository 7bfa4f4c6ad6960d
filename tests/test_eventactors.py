"""Event actors: the country of a person with a role comes from the person's own description, or a
place or people the sentence names, never from another party of the event."""

from __future__ import annotations

from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.record import Article


def coded(nlp: Any, text: str) -> list[tuple[str | None, str, str | None]]:
    events = enrich(Article(id="t", source="t", text=text, language="en"), nlp(text)).events
    return [(e.source.code, e.cameo, e.target.code) for e in events]


@pytest.mark.parametrize(("text", "want"), [
    # a country acted on, or named as an actor of its own, is another party: the role stays bare
    ("President Marek Novak threatened Ukraine on Monday.", ("GOV", "130", "UKR")),
    ("Cardinal Okafor called for sanctions against Myanmar.", ("REL", "020", "MMR")),
    # a people's country given to the target's group is the target's, not the speaker's
    ("Foreign Minister Lindqvist met Japanese diplomats on Friday.", ("GOV", "040", "JPNGOV")),
])
def test_another_partys_country_is_not_the_persons(nlp_model: Any, text: str,
                                                   want: tuple[str, str, str]) -> None:
    assert want in coded(nlp_model, text)


@pytest.mark.parametrize(("text", "want"), [
    # the person's own description wins, wherever the other party is
    ("Russian President Vladimir Putin threatened Ukraine on Monday.", ("RUSGOV", "130", "UKR")),
    ("Vladimir Putin, Russia's president, threatened Ukraine on Monday.", ("RUSGOV", "130", "UKR")),
    ("Russian President Vladimir Putin spoke on Monday. Later, President Putin threatened Ukraine.",
     ("RUSGOV", "130", "UKR")),
    # a place where things happen, or a people acting on the person, still lends its country
    ("Protesters in Belarus demanded that President Lukashenko resign.", ("BLROPP", "100", "BLRGOV")),
])
def test_own_description_and_places_still_give_the_country(nlp_model: Any, text: str,
                                                           want: tuple[str, str, str]) -> None:
    assert want in coded(nlp_model, text)
