"""The built-in event coder: every CAMEO root, the grammar around the verb, actors, places, spans."""

from __future__ import annotations

from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.enrich.eventlex import load_events
from newsradar.record import Article, Event


def events(nlp: Any, text: str) -> list[Event]:
    return enrich(Article(id="t", source="t", text=text, language="en"), nlp(text)).events


def coded(nlp: Any, text: str) -> list[tuple[str | None, str, str | None]]:
    return [(e.source.code, e.cameo, e.target.code) for e in events(nlp, text)]


# one sentence per CAMEO root, with the code, PLOVER type and actors a coder should find
ROOTS = [
    ("The Iranian government denied any involvement in the bombing.", ("IRNGOV", "016", None), None),
    ("Jordan appealed to Japan for humanitarian aid.", ("JOR", "0233", "JPN"), "REQUEST"),
    ("Germany pledged military aid to Ukraine.", ("DEU", "0332", "UKR"), "AGREE"),
    ("French President Emmanuel Macron visited Egypt on Tuesday.", ("FRAGOV", "042", "EGY"), "CONSULT"),
    ("Kenya praised Ethiopia for its efforts to end the conflict.", ("KEN", "051", "ETH"), "SUPPORT"),
    ("Brazil extradited two suspects to Argentina.", ("BRA", "063", "ARG"), "COOPERATE"),
    ("Canada sent humanitarian aid to Haiti.", ("CAN", "073", "HTI"), "AID"),
    ("Colombia released three Venezuelan soldiers.", ("COL", "084", "VENMIL"), "RETREAT"),
    ("Indonesian prosecutors investigated the mayor of Jakarta for corruption.", ("IDNJUD", "091", "IDNGOV"),
     "ACCUSE"),
    ("Pakistan demanded an apology from India.", ("PAK", "100", "IND"), "REQUEST"),
    ("Turkey condemned the Greek government.", ("TUR", "111", "GRCGOV"), "ACCUSE"),
    ("Israel rejected the proposal from Egypt.", ("ISR", "125", "EGY"), "REJECT"),
    ("North Korea threatened South Korea with military action.", ("PRK", "130", "KOR"), "THREATEN"),
    ("Thousands of Chilean students protested against the government in Santiago.", ("CHLEDU", "140", "CHLGOV"),
     "PROTEST"),
    ("India deployed troops along the border with China.", ("IND", "154", "CHN"), "MOBILIZE"),
    ("Australia imposed sanctions on Russia.", ("AUS", "163", "RUS"), "COERCE"),
    ("Egyptian police arrested ten protesters in Cairo.", ("EGYCOP", "173", "EGYOPP"), "COERCE"),
    ("Gunmen kidnapped a Nigerian journalist.", ("UAF", "181", "NGAMED"), "ASSAULT"),
    ("Syrian forces shelled rebel positions near Aleppo.", ("SYRMIL", "194", "REB"), "ASSAULT"),
    ("The militia massacred dozens of villagers in Darfur.", ("REB", "202", "SDNCVL"), "ASSAULT"),
]


@pytest.mark.parametrize(("text", "want", "plover"), ROOTS, ids=[w[1] for _, w, _ in ROOTS])
def test_each_cameo_root(nlp_model: Any, text: str, want: tuple[str, str, str | None], plover: str | None) -> None:
    found = events(nlp_model, text)
    assert [(e.source.code, e.cameo, e.target.code) for e in found] == [want]
    assert found[0].plover == plover


def test_the_lexicons_cover_all_twenty_roots() -> None:
    lex = load_events()
    roots = {p.code[:2] for ps in lex.verbs.values() for p in ps}
    roots |= {p.code[:2] for ps in lex.nouns.values() for p in ps}
    assert roots == {f"{n:02d}" for n in range(1, 21)}


@pytest.mark.parametrize(("text", "want"), [
    # negation: cooperation refused is a rejection; force not used is no event
    ("Egypt did not meet with Israeli officials.", [("EGY", "125", "ISRGOV")]),
    ("Russia did not attack Ukraine.", []),
    ("Iran enriched uranium without consulting the inspectors.", []),
    # intent: cooperation announced is 03, force or sanctions announced a threat (13)
    ("Japan will provide economic aid to Sri Lanka.", [("JPN", "0331", "LKA")]),
    # one act, one code: the threat of sanctions, not also a bare threat (130)
    ("China threatened to impose sanctions on Lithuania.", [("CHN", "1312", "LTU")]),
    # demands: what a speaker says another must do
    ("Russia said Ukraine must withdraw its troops.", [("RUS", "1056", "UKR")]),
    # what one actor urges another to do is the appeal, not the other's act
    ("Germany urged Iran to release the prisoners.", [("DEU", "020", "IRN")]),
    # passives: the "by" phrase acts; a victim without a named perpetrator keeps the event
    ("Iraqi forces were attacked by Islamic State fighters.", [("IMGMUSISI", "190", "IRQMIL")]),
    ("Three soldiers were killed in the fighting.", [(None, "180", "MIL")]),
    # coordinated subjects act on each other
    ("Vietnam and Laos signed a trade agreement.", [("VNM", "057", "LAO"), ("LAO", "057", "VNM")]),
    # a strike by workers is a labour strike, by an air force an attack
    ("Dock workers went on strike in Rotterdam.", [("NLDLAB", "143", None)]),
    ("The Nigerian air force launched strikes on rebel bases.", [("NGAMIL", "190", "REB")]),
])
def test_the_grammar_around_the_verb(nlp_model: Any, text: str, want: list[tuple[str | None, str, str | None]]) -> None:
    assert coded(nlp_model, text) == want


def test_each_event_keeps_its_sentence_span_and_place(nlp_model: Any) -> None:
    text = "Talks resumed on Monday.\n\nThe president of Kenya met the Ugandan foreign minister in Nairobi."
    [ev] = events(nlp_model, text)
    assert (ev.source.code, ev.target.code) == ("KENGOV", "UGAGOV")
    assert text[ev.span[0]:ev.span[1]] == "The president of Kenya met the Ugandan foreign minister in Nairobi."
    assert ev.location is not None and (ev.location.name, ev.location.country) == ("Nairobi", "KEN")
    assert ev.location.lat is not None and ev.location.lon is not None
    assert (ev.quad_class, ev.goldstein) == (1, 1.0)


def test_a_dateline_places_the_event_and_its_locals(nlp_model: Any) -> None:
    [ev] = events(nlp_model, "CAIRO — Egyptian police arrested ten protesters on Friday.")
    assert (ev.source.code, ev.target.code) == ("EGYCOP", "EGYOPP")
    assert ev.location is not None and ev.location.country == "EGY"


def test_the_place_of_the_event_is_read_from_its_own_clause(nlp_model: Any) -> None:
    [ev] = events(nlp_model, "Thousands of Iraqi Kurds demonstrated in the northern city of Mosul on Sunday.")
    assert ev.cameo == "141" and ev.location is not None and ev.location.name == "Mosul"


def test_a_word_in_no_pattern_is_skipped_and_one_that_begins_or_ends_a_pattern_is_not(nlp_model: Any) -> None:
    from newsradar.enrich.eventmatch import may_match, noun_patterns, verb_patterns

    ev = load_events()
    assert {"call", "want"} <= ev.verb_leads() and "call for" not in ev.verb_leads()
    assert {"strike"} <= ev.noun_tails() and "hunger" not in ev.noun_tails()
    doc = nlp_model("Kenya called for calm as officials pondered a hunger strike and a picnic.")
    called, pondered, strike, picnic = (next(t for t in doc if t.text == w) for w in
                                        ("called", "pondered", "strike", "picnic"))
    assert may_match(ev, called) and "call for" in [p.verb for p, _ in verb_patterns(ev, called)]
    assert not may_match(ev, pondered) and verb_patterns(ev, pondered) == []
    assert {p.noun for p in noun_patterns(ev, strike)} == {"hunger strike"} and noun_patterns(ev, picnic) == []


@pytest.mark.parametrize(("text", "want"), [
    # a verb in no pattern is still the act of a demand ("must reconsider"): the demand is coded
    ("Russia said Ukraine must reconsider its position.", [("RUS", "100", "UKR")]),
    ("Kenya said Uganda must rethink the plan.", [("KEN", "100", "UGA")]),
    # a verb in no pattern and no demand codes nothing
    ("Kenya pondered the plan with Uganda.", []),
])
def test_a_demand_is_coded_whatever_verb_it_demands(nlp_model: Any, text: str,
                                                     want: list[tuple[str | None, str, str | None]]) -> None:
    assert coded(nlp_model, text) == want
