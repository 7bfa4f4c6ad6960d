"""The gazetteer: countries, cities, regions and how ambiguous names are settled."""

from __future__ import annotations

from collections import Counter

import pytest

from newsradar.enrich.places import Gazetteer, gazetteer, key


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return gazetteer()


def test_keys_ignore_case_stops_articles_and_possessives() -> None:
    assert key("The U.S.'s") == key("us") == "us"
    assert key("  Gaza   Strip ") == "gaza strip"


@pytest.mark.parametrize(("name", "iso3"), [("Iraq", "IRQ"), ("United States", "USA"), ("Britain", "GBR")])
def test_country_names(gaz: Gazetteer, name: str, iso3: str) -> None:
    assert gaz.country(name) == iso3


def test_a_city_bearing_the_name_beats_a_bigger_city_listing_it_as_an_alias(gaz: Gazetteer) -> None:
    # geonames lists "Venice" among the alternate names of a larger American city
    place = gaz.resolve("Venice")
    assert place is not None and place.country == "ITA"


def test_an_alias_answers_when_no_city_bears_the_name(gaz: Gazetteer) -> None:
    place = gaz.resolve("Bombay")
    assert place is not None and place.name == "Mumbai" and place.country == "IND"


def test_regions_carry_their_country_unless_they_span_several(gaz: Gazetteer) -> None:
    darfur = gaz.resolve("Darfur")
    assert darfur is not None and darfur.kind == "region" and darfur.country == "SDN"
    assert darfur.lat is not None and darfur.lon is not None
    kashmir = gaz.resolve("Kashmir")
    assert kashmir is not None and kashmir.country is None


def test_the_article_s_countries_break_ties_between_namesakes(gaz: Gazetteer) -> None:
    plain = gaz.resolve("London")
    assert plain is not None and plain.country == "GBR"
    assert gaz.resolve("Nowhere-on-any-map") is None
    assert gaz.resolve("London", Counter({"CAN": 3})) is not None
