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


GERMAN = ("Der Gemeinderat hat am Dienstag beschlossen, die alte Brücke über den Fluss neu zu bauen, die seit dem "
          "Hochwasser im Frühjahr für den Verkehr gesperrt ist. Die Arbeiten sollen im Herbst beginnen, sagte der "
          "Bürgermeister.")


def test_a_template_declaring_english_is_overruled_by_a_long_enough_text() -> None:
    assert len(GERMAN) >= language.CHECK_SAMPLE
    assert detect(GERMAN, "en") == "de"
    assert detect(GERMAN[:120], "en") == "en"  # a few words are not enough to overrule a declaration
    english = ("The town council decided on Tuesday to rebuild the old bridge over the river, which has been "
               "closed to traffic since the spring floods. Work is due to begin in the autumn, officials said.")
    assert detect(english, "en-US") == "en"


def test_a_short_undeclared_text_is_told_among_the_languages_news_is_written_in() -> None:
    # the full model's best guess for two words is Latvian, and far from sure
    assert language._identifier().classify("Talks stall")[1] < 0.5
    assert detect("Talks stall") in language.COMMON


def test_text_without_a_letter_has_no_language() -> None:
    assert detect("12:30 — 4.5 % / 2024") is None
    assert detect("   ", "fr") == "fr"  # nothing to check a declaration against


def test_a_short_english_sentence_full_of_names_is_english() -> None:
    # names weigh the same in every language, and had made these Italian and Indonesian
    for text in ("Putin met Xi in Moscow.", "Floods hit Jakarta again."):
        assert language._identifier().classify(text)[1] < 0.5
        assert detect(text) == "en", text


def test_a_short_text_in_another_language_keeps_it() -> None:
    cases = {"Regierung plant neue Steuer.": "de", "Bahn streikt erneut": "de", "Grève à la SNCF": "fr",
             "Huelga en el metro de Madrid": "es", "Rutte reist naar Brussel.": "nl",
             "Greve paralisa metrô de São Paulo": "pt", "Sciopero dei treni in Italia": "it"}
    for text, lang in cases.items():
        assert detect(text) == lang, text


def test_every_common_language_has_a_share() -> None:
    assert set(language.COMMON) == set(language.SHARES) and max(language.SHARES, key=language.SHARES.get) == "en"
