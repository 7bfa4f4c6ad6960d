"""Orders: an act ordered of one's own forces (or, by a state, of anyone at home) is one's own act; an
order to another state is a demand of the act. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.record import Article


def coded(nlp: Any, text: str) -> list[tuple[str | None, str, str | None]]:
    article = enrich(Article(id="t", source="t", text=text, language="en"), nlp(text))
    return [(e.source.code, e.cameo, e.target.code) for e in article.events]


@pytest.mark.parametrize(("text", "want"), [
    # the act ordered, by the one who orders it, not a demand on the troops
    ("The Kenyan president ordered troops to invade the neighbouring country.", [("KENGOV", "192", None)]),
    ("The Nigerian president commanded the army to shell rebel positions near Maiduguri.",
     [("NGAGOV", "194", "REB")]),
    ("The Chadian president instructed the army to bomb rebel camps.", [("TCDGOV", "195", "REB")]),
    ("The Malian president authorised the army to attack the rebels.", [("MLIGOV", "190", "REB")]),
    ("A Kenyan judge ordered police to release the activists.", [("KENJUD", "084", "OPP")]),
    # an event noun ordered: the act, without the order as a demand besides
    ("The Iraqi prime minister ordered the arrest of the opposition leader.", [("IRQGOV", "173", "OPP")]),
    # a state's order to someone at home is done to them when the act names nobody else
    ("The Turkish government ordered the opposition newspaper to suspend publication.",
     [("TURGOV", "1721", "MED")]),
    # nobody named giving the order: those who carry it out act
    ("Sudanese troops were ordered to attack the rebels.", [("SDNMIL", "190", "REB")]),
])
def test_an_act_ordered_is_the_orderers_own(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("The Iranian government ordered Britain to release the sailors.", [("IRNGOV", "1053", "GBR")]),
    ("The UN Security Council ordered Israel to withdraw its troops from Lebanon.", [("IGOUNO", "1056", "ISR")]),
])
def test_an_order_to_another_state_is_a_demand_of_the_act(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    # the order's own grammar qualifies the act: a future order is a threat, one not given no event
    ("The Kenyan president will order troops to invade Somalia.", [("KENGOV", "1382", "SOM")]),
    ("The Kenyan president did not order troops to invade Somalia.", []),
    # urging and threatening keep their own codes
    ("The Egyptian president urged Sudan to attack the rebels.", [("EGYGOV", "0232", "SDN")]),
    ("Russia threatened to invade Georgia.", [("RUS", "1382", "GEO")]),
])
def test_the_order_frames_the_act_as_intent_and_negation_do(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want
