"""The PETRARCH-dictionary coder on sentences and dictionaries written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.enrich.petractors import parse_actors, parse_agents, parse_discards
from newsradar.enrich.petrcoder import Options, code_sentences
from newsradar.enrich.petrdict import Dictionaries
from newsradar.enrich.petrverbs import parse_verbs
from newsradar.record import Article
from newsradar.settings import Settings

VERBS = """\
&FOOD
+FOOD
+GRAIN

--- CONDEMN [111] ---
CONDEMN
- NOT_* [---]
- HEAVILY * [112]

--- SEND [070] ---
SEND {SENDS SENT SENDING}
- * &FOOD [073]

--- ARRIVE [042:043] ---
ARRIVE

--- AGREE [030] ---
AGREE
- % * [030:030]

--- FREE [084] ---
FREE
- + * FROM $ [0841]

--- RESTORE [050:050] ---
RESTORE
"""
ACTORS = """\
VALDORIA [VLD]
+VALDORIAN
MARUND [MRD]
+MARUNDI
ORVEL [ORV]
OSKAR_BRENN
\t[VLDMIL <19990101]
\t[VLDGOV >19990101]
"""
AGENTS = "PRESIDENT [~GOV]\nSOLDIER [~MIL]\nAID_AGENCY [NGO~]\n"
DISCARDS = "FOOTBALL CUP\n"


@pytest.fixture(scope="module")
def dicts() -> Dictionaries:
    return Dictionaries(parse_verbs(VERBS, "v"), parse_actors(ACTORS, "a"), parse_agents(AGENTS, "g"),
                        parse_discards(DISCARDS, "d"))


def code(nlp: Any, dicts: Dictionaries, text: str, date: int | None = 20240101, **options: Any
         ) -> list[tuple[str, str, str]]:
    coded = code_sentences(nlp(text), dicts, date, Options(**options))
    return [(c.source.code, c.target.code if c.target else "---", c.code) for c in coded]


@pytest.mark.parametrize(("text", "want"), [
    ("Valdoria condemned Marund on Friday.", [("VLD", "MRD", "111")]),
    ("Valdoria heavily condemned Marund.", [("VLD", "MRD", "112")]),
    ("Valdoria did not condemn Marund.", []),
    ("Marund was condemned by Valdoria.", [("VLD", "MRD", "111")]),
    ("Valdoria sent grain to Marund.", [("VLD", "MRD", "073")]),
    ("The Valdorian president arrived in Marund.", [("VLDGOV", "MRD", "042"), ("MRD", "VLDGOV", "043")]),
    ("Valdoria and Marund agree that the border must stay open.", [("VLD", "MRD", "030"), ("MRD", "VLD", "030")]),
    ("Marundi soldiers were freed from Orvel.", [("ORV", "MRDMIL", "0841")]),
    ("Valdoria and Orvel restored ties.", [("VLD", "ORV", "050"), ("ORV", "VLD", "050")]),
    ("Valdoria condemned Marund after the football cup final.", []),
])
def test_patterns_actors_and_agents(nlp_model: Any, dicts: Dictionaries, text: str,
                                    want: list[tuple[str, str, str]]) -> None:
    assert code(nlp_model, dicts, text) == want


def test_actor_codes_follow_the_article_date(nlp_model: Any, dicts: Dictionaries) -> None:
    text = "Oskar Brenn condemned Marund."
    assert code(nlp_model, dicts, text, date=19950101) == [("VLDMIL", "MRD", "111")]
    assert code(nlp_model, dicts, text, date=20050101) == [("VLDGOV", "MRD", "111")]


def test_options_require_a_target_and_name_unknown_actors(nlp_model: Any, dicts: Dictionaries) -> None:
    text = "Valdoria condemned the decision."
    assert code(nlp_model, dicts, text) == []
    assert code(nlp_model, dicts, text, require_dyad=False) == [("VLD", "---", "111")]
    assert code(nlp_model, dicts, "The harbour council condemned Valdoria.", new_actor_length=3) == [
        ('"THE HARBOUR COUNCIL"', "VLD", "111")]


def test_enrich_codes_with_the_folder_of_dictionaries(nlp_model: Any, tmp_path: Path) -> None:
    (tmp_path / "test.verbs.txt").write_text(VERBS)
    (tmp_path / "test.actors.txt").write_text(ACTORS)
    (tmp_path / "test.agents.txt").write_text(AGENTS)
    text = "Valdoria condemned Marund in Geneva on Friday."
    article = enrich(Article(id="x", source="x", text=text, language="en"), nlp_model(text),  # type: ignore[operator]
                     Settings(event_dictionaries=tmp_path))
    [ev] = article.events
    assert (ev.source.code, ev.target.code, ev.cameo, ev.plover, ev.quad_class) == ("VLD", "MRD", "111", "ACCUSE", 3)
    assert ev.goldstein == -2.0 and ev.span == (0, len(text)) and ev.source.name == "Valdoria"
    assert ev.location is not None and ev.location.country == "CHE"
