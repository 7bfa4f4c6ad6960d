"""PETRARCH actor, agent and discard dictionaries, and loading a folder of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.enrich.petractors import parse_actors, parse_agents, parse_date, parse_discards
from newsradar.enrich.petrdict import load_dictionaries
from newsradar.enrich.petrtext import phrase
from newsradar.errors import ConfigError

ACTORS = """\
VALDORIA [VLD]
+VALDORIAN
+NEW_PORT   # the capital

OSKAR_BRENN  ; a legacy comment
+THE_GENERAL
\t[VLDMIL < 19990101]
\t[VLDGOV 19990101 - 20041231]
\t[VLDELI > 050101]

TWIN_CITIES [TCA/TCB]
UNKNOWN_MAN [---]
KESTREL
\t[KST]
"""

AGENTS = """\
!PERSON! = MAN, MEN, WOMAN, WOMEN
POLICE {} [~COP]
FOREIGN_MINISTER [~GOVFRM]
CONGRESS!PERSON! [~LEG]
GOOSE {GEESE} [~GGS]
AID_AGENCY [NGO~]
"""


def _actor(text: str, name: str):  # type: ignore[no-untyped-def]
    ad = parse_actors(text, "a.txt")
    return next(a for p, a in ad.phrases.items() if " ".join(w.text for w in p) == name)


def test_actors_with_synonyms_several_codes_and_date_restrictions() -> None:
    assert _actor(ACTORS, "NEW PORT").codes(None) == ("VLD",)
    general = _actor(ACTORS, "THE GENERAL")
    assert general.codes(19950101) == ("VLDMIL",)
    assert general.codes(20000615) == ("VLDGOV",)
    assert general.codes(20240101) == ("VLDELI",)  # 050101 is 2005-01-01
    assert _actor(ACTORS, "TWIN CITIES").codes(None) == ("TCA", "TCB")
    assert _actor(ACTORS, "UNKNOWN MAN").codes(None) == ()
    assert _actor(ACTORS, "KESTREL").codes(20200101) == ("KST",)


def test_dates_two_and_four_digit_years() -> None:
    assert parse_date("950601", "a", 1) == 19950601
    assert parse_date("070723", "a", 1) == 20070723
    with pytest.raises(ConfigError, match="a:3: not a date"):
        parse_date("19991340", "a", 3)


def test_agents_plurals_substitutions_and_prefixes() -> None:
    ag = parse_agents(AGENTS, "g.txt").phrases
    assert ag[phrase("POLICE")].code == "COP" and phrase("POLICES") not in ag
    assert ag[phrase("FOREIGN_MINISTERS")].code == "GOVFRM"
    assert ag[phrase("CONGRESSWOMEN")].code == "LEG" and phrase("CONGRESSMENS") not in ag
    assert ag[phrase("GEESE")].code == "GGS" and phrase("GOOSES") not in ag
    agency = ag[phrase("AID_AGENCIES")]
    assert (agency.code, agency.prefix) == ("NGO", True)


def test_discards_sentence_and_story_level() -> None:
    ds = parse_discards("FOOTBALL CUP\n+world_series_ # sports\n", "d.txt")
    assert [(d.text, d.whole_word, d.story) for d in ds] == [("FOOTBALL CUP", False, False),
                                                             ("WORLD SERIES", True, True)]


@pytest.mark.parametrize(("parse", "text", "message"), [
    (parse_actors, "\t[VLD]\n", r"a:1: a date restriction before any actor"),
    (parse_actors, "+SYNONYM\n", r"a:1: a synonym \('\+'\) before any actor"),
    (parse_actors, "X [A B]\n", r"a:1: an actor code is letters without blanks"),
    (parse_actors, "X\n\t[VLD 20010101-19990101]\n", r"a:2: a date range runs forwards"),
    (parse_actors, "X\n\t[VLD <99]\n", r"a:2: a date is YYYYMMDD or YYMMDD"),
    (parse_agents, "POLICE [COP]\n", r"a:1: an agent code has one '~'"),
    (parse_agents, "POLICE\n", r"a:1: an agent needs its \[~CODE\]"),
    (parse_agents, "!X!_MINISTER [~GOV]\n", r"a:1: !X! is used before it is defined"),
    (parse_discards, "+\n", r"a:1: a discard line needs a phrase"),
])
def test_malformed_lines_are_refused_with_their_line(parse, text: str, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=message):
        parse(text, "a")


_ACTOR_LINES = st.sampled_from(["VALDORIA [VLD]", "+SYN", "\t[X < 950101]", "\t[X 19990101-20000101]", "\t[X > 1]",
                                "[", "]", "+", "A [B/C]", "<!--", "-->", "# c", "", "\t[X 20000101-19990101]"])
_AGENT_LINES = st.sampled_from(["!P! = A, B", "X!P! [~GOV]", "POLICE {} [~COP]", "X {Y [~A]", "[~]", "~", "{",
                                "AGENCY [NGO~]", "A [~B~]", "", "# c"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_ACTOR_LINES, st.text(max_size=25)), max_size=10))
def test_any_actor_file_reads_or_fails_naming_its_line(lines: list[str]) -> None:
    try:
        parse_actors("\n".join(lines), "a.txt")
    except ConfigError as exc:
        assert re.match(r"a\.txt:\d+: ", exc.reason), exc.reason


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_AGENT_LINES, st.text(max_size=25)), max_size=10))
def test_any_agent_file_reads_or_fails_naming_its_line(lines: list[str]) -> None:
    try:
        parse_agents("\n".join(lines), "g.txt")
    except ConfigError as exc:
        assert re.match(r"g\.txt:\d+: ", exc.reason), exc.reason


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_any_discard_file_reads_or_fails_naming_its_line(text: str) -> None:
    try:
        parse_discards(text, "d.txt")
    except ConfigError as exc:
        assert re.match(r"d\.txt:\d+: ", exc.reason), exc.reason


def test_a_folder_is_read_by_file_names(tmp_path: Path) -> None:
    (tmp_path / "my.verbs.txt").write_text("--- HARVEST [070] ---\nHARVEST\n")
    (tmp_path / "countries.actors.txt").write_text("VALDORIA [VLD]\n")
    (tmp_path / "people.actors.txt").write_text("OSKAR_BRENN [VLDGOV]\n")
    (tmp_path / "my.agents.txt").write_text(AGENTS)
    dicts = load_dictionaries(tmp_path)
    assert len(dicts.actors.phrases) == 2 and dicts.agents.phrases and not dicts.discards
    assert "VALDORIA" in dicts.actor_index


def test_a_folder_without_exactly_one_verb_dictionary_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="exactly one verb dictionary"):
        load_dictionaries(tmp_path)
    with pytest.raises(ConfigError, match="is not a folder"):
        load_dictionaries(tmp_path / "missing")
