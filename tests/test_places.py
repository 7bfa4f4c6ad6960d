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
    # Valencia in Venezuela is the larger, but not by so much that an article about Spain means it
    assert gaz.resolve("Valencia").country == "VEN"  # type: ignore[union-attr]
    assert gaz.resolve("Valencia", Counter({"ESP": 2})).country == "ESP"  # type: ignore[union-attr]
    assert gaz.resolve("Hyderabad", Counter({"PAK": 3})).country == "PAK"  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "iso3"), [("Geneva", "CHE"), ("Florence", "ITA"), ("Birmingham", "GBR"),
                                            ("Manchester", "GBR"), ("Athens", "GRC")])
@pytest.mark.parametrize("mentions", [1, 2, 5])
def test_mentions_of_a_country_do_not_move_a_much_larger_city_to_a_town_there(
        gaz: Gazetteer, name: str, iso3: str, mentions: int) -> None:
    # an article naming the United States once had put Geneva in Illinois and Florence in Alabama
    place = gaz.resolve(name, Counter({"USA": mentions}))
    assert place is not None and place.country == iso3


def test_a_capital_counts_as_larger_than_it_is(gaz: Gazetteer) -> None:
    athens = gaz.resolve("Athens")
    assert athens is not None and athens.capital and athens.country == "GRC"
    assert not gaz.resolve("Geneva").capital  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "within", "iso3", "admin1"), [
    ("Geneva", "Illinois", "USA", "IL"), ("Athens", "Georgia", "USA", "GA"), ("Athens, Ga.", None, "USA", "GA"),
    ("Paris", "Texas", "USA", "TX"), ("London", "Ontario", "CAN", ""), ("Geneva", "Switzerland", "CHE", ""),
    ("Birmingham", "England", "GBR", "")])
def test_a_state_country_or_province_named_with_the_place_settles_it(
        gaz: Gazetteer, name: str, within: str | None, iso3: str, admin1: str) -> None:
    place = gaz.resolve(name, Counter({"FRA": 3}), within)
    assert place is not None and (place.country, place.admin1) == (iso3, admin1)


def test_a_qualifier_that_names_no_place_containing_the_city_is_ignored(gaz: Gazetteer) -> None:
    place = gaz.resolve("Florence", None, "Texas")  # no Florence in Texas in the gazetteer's cities
    assert place is not None and place.country in ("ITA", "USA")
    assert gaz.resolve("Paris, the capital") is not None


def test_the_qualifier_is_the_state_or_country_after_a_comma(gaz: Gazetteer) -> None:
    import spacy
    from spacy.tokens import Span

    doc = spacy.blank("en")("Talks in Geneva, Illinois, and in Lyon, France, and in Rome, Monday.")
    doc.ents = [Span(doc, 2, 3, "GPE"), Span(doc, 4, 5, "GPE"), Span(doc, 8, 9, "GPE"), Span(doc, 10, 11, "GPE"),
                Span(doc, 14, 15, "GPE"), Span(doc, 16, 17, "DATE")]
    assert gaz.qualifier(doc, doc.ents[0].end_char) == "Illinois"
    assert gaz.qualifier(doc, doc.ents[2].end_char) == "France"
    assert gaz.qualifier(doc, doc.ents[4].end_char) is None  # a date, not a place
    assert gaz.qualifier(doc, doc.ents[1].end_char) is None  # nothing named after the comma


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
