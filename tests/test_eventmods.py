"""The grammar around an event word: denials, conditions, speculation, sports results, framing verbs."""

from __future__ import annotations

from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.record import Article


def coded(nlp: Any, text: str) -> list[tuple[str | None, str, str | None]]:
    found = enrich(Article(id="t", source="t", text=text, language="en"), nlp(text)).events
    return [(e.source.code, e.cameo, e.target.code) for e in found]


@pytest.mark.parametrize(("text", "want"), [
    # a denied hostile act is a denial of responsibility by the one who denies, not the act
    ("Rwanda denied that its soldiers had shelled Congolese villages.", [("RWA", "016", "COD")]),
    ("Serbia dismissed claims that its police had beaten Albanian protesters.", [("SRB", "016", "ALBOPP")]),
    ("Rwanda denied shelling Congolese villages.", [("RWA", "016", "COD")]),
    # a denied meeting: no event from "that …", a rejection from "denied meeting" as before
    ("Iran denied that it had met American officials.", []),
    ("Iran denied meeting American officials in Oman.", [("IRN", "125", "USAGOV")]),
])
def test_a_denied_act_is_not_coded_as_done(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Pakistan might retaliate with airstrikes on India, experts cautioned.", []),
    ("Venezuela could invade Guyana, Brazilian analysts believe.", []),
    # the actor's own side saying what it could do is a threat
    ("Pakistan said it might strike India.", [("PAK", "1384", "IND")]),
    # conditions: what is only supposed is not done
    ("If Azerbaijan shells Armenian towns, the talks will collapse.", []),
    # an act warned against or barred is not done, and not by the one who warns
    ("The American president warned Russia against invading Ukraine.", [("USAGOV", "012", "RUS")]),
    ("Kenya barred Somali troops from entering Kenyan territory.", []),
])
def test_what_may_happen_is_not_the_actors_act(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    ("Brazil thrashed Argentina 4-1 in Rio.", []),
    ("Germany defeated Italy in the World Cup semifinal.", []),
    ("Iraqi troops defeated the rebels near Tikrit.", [("IRQMIL", "190", "REB")]),
    # a match named only as the time of the act does not make it sport
    ("Egyptian police attacked protesters after the match in Cairo.", [("EGYCOP", "190", "EGYOPP")]),
])
def test_a_sports_result_is_no_assault(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    # the framing verb (refuse, threaten, agree) is not a second event
    ("Iran refused to hold talks with the European Union.", [("IRN", "125", "IGOEUREEC")]),
    ("Hamas threatened to resume rocket attacks on Israel.", [("PSEINSHMS", "1384", "ISR")]),
    # a call for a strike is the appeal, not the strike
    ("The teachers' union called for a national strike.", [("LAB", "020", None)]),
])
def test_one_act_is_coded_once(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want


@pytest.mark.parametrize(("text", "want"), [
    # passives: the subject is acted on, also when the act is a noun ("hit with sanctions")
    ("Libya was hit with sanctions by the European Union.", [("IGOEUREEC", "163", "LBY")]),
    ("Ethiopia's army was attacked by Eritrean troops.", [("ERIMIL", "190", "ETHMIL")]),
    ("Two soldiers were killed in a Taliban ambush.", [("AFGINSTAL", "180", "MIL")]),
    # "its" is the country of the clause that speaks of it
    ("Turkey withdrew its troops from northern Iraq.", [("TUR", "087", "IRQ")]),
    # a place where cooperation happens is not its target
    ("Egypt and Qatar agreed to restore diplomatic ties in Riyadh.", [("EGY", "032", "QAT"), ("QAT", "032", "EGY")]),
])
def test_who_is_acted_on(nlp_model: Any, text: str, want: list[Any]) -> None:
    assert coded(nlp_model, text) == want
