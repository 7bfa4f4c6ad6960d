"""The article's language: declared, checked against the text, or told from it."""

from __future__ import annotations

from newsradar.extract import language
from newsradar.extract.language import detect, normalise, warm_up


def test_warm_up_loads_both_models_once() -> None:
    warm_up()
    full, common = language._identifier.cache_info().currsize, language._common_identifier.cache_info().currsize
    assert (full, common) == (1, 1)
    warm_up()
    assert language._identifier.cache_info().currsize == 1


def test_a_declared_language_wins_over_a_short_text() -> None:
    assert detect("Bridge to be rebuilt", "de-AT") == "de"


def test_an_undeclared_text_is_told_from_its_words() -> None:
    text = ("Der Gemeinderat hat am Dienstag beschlossen, die alte Brücke über den Fluss neu zu bauen, "
            "die seit dem Hochwasser im Frühjahr für den Verkehr gesperrt ist.")
    assert detect(text) == "de"


def test_normalise_keeps_the_language_and_drops_the_rest() -> None:
    assert normalise("en_GB") == "en" and normalise("not a tag") is None and normalise(None) is None
