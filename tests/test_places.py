"""The gazetteer: countries, cities, regions and how ambiguous names are settled."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

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


def test_a_users_country_names_demonyms_and_regions_are_read(gaz: Gazetteer, tmp_path: Path) -> None:
    # these three files in lexicon_dir had been ignored, though documented as read
    (tmp_path / "country_names.tsv").write_text("Blighty\tGBR\n", encoding="utf-8")
    (tmp_path / "demonyms.tsv").write_text("Brummie\tGBR\n", encoding="utf-8")
    (tmp_path / "regions.tsv").write_text("Doggerland\t54.5\t2.5\n# moved\nWestern Europe\t49.0\t4.0\n",
                                          encoding="utf-8")
    mine = gazetteer(tmp_path)
    assert (mine.country("Blighty"), mine.demonym("Brummie")) == ("GBR", "GBR")
    place = mine.resolve("Doggerland")
    assert place is not None and (place.kind, place.lat, place.lon, place.country) == ("region", 54.5, 2.5, None)
    west = mine.resolve("Western Europe")
    assert west is not None and (west.lat, west.lon) == (49.0, 4.0)
    # the built-in gazetteer, whose cities the user's shares, keeps its own names
    assert (gaz.country("Blighty"), gaz.demonym("Brummie"), gaz.resolve("Doggerland")) == (None, None, None)
    assert mine.cities is gaz.cities
