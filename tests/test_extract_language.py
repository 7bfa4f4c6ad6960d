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
    assert detect("Talks stall") == "en"


def test_text_without_a_letter_has_no_language() -> None:
    assert detect("12:30 — 4.5 % / 2024") is None
    assert detect("   ", "fr") == "fr"  # nothing to check a declaration against


def test_a_short_english_sentence_full_of_names_is_english() -> None:
    # names weigh the same in every language, and had made this one Indonesian
    assert language._identifier().classify("Floods hit Jakarta again.")[1] < 0.5
    assert detect("Floods hit Jakarta again.") == "en"


def test_a_sentence_that_is_dutch_too_is_left_unknown_not_called_dutch() -> None:
    # "met" is Dutch for "with": every word of these also reads as Dutch, which they had been told
    # as, and a Dutch record gets no facts; unknown, they are read by the English model
    for text in ("Stoltenberg met Erdogan in Ankara.", "Von der Leyen met Meloni in Rome.",
                 "Putin met Xi in Moscow."):
        assert language._identifier().classify(text)[1] < language.LIKELY
        assert detect(text) is None, text
    assert detect("Stoltenberg met Erdogan in Ankara. Sweden's bid to join was on the agenda.") == "en"


def test_a_short_brief_misread_as_dutch_still_gets_its_facts() -> None:
    from newsradar import analyze

    article = analyze("Stoltenberg met Erdogan in Ankara.", kind="text")
    assert article.language is None
    assert "Ankara" in {e.name for e in article.entities}


def test_an_english_headline_the_full_model_calls_pidgin_is_english() -> None:
    # a language outside the common ones needs a sure answer: on a headline the full model takes
    # English for Nigerian Pidgin, which it resembles, at well over one half
    for text in ("Ghana police kill two armed robbers in Kumasi.",
                 "Nigeria fuel price rises again, union threatens strike."):
        lang, prob = language._identifier().classify(text)
        assert lang == "pcm" and language.LIKELY <= prob < language.SURE
        assert detect(text) == "en", text


def test_a_sure_answer_names_a_language_outside_the_common_ones() -> None:
    assert detect("Wetin dey happen for Lagos today? Police don arrest di suspect.") == "pcm"
    assert detect("Mae Llywodraeth Cymru wedi cyhoeddi cynllun newydd ar gyfer ysgolion.") == "cy"


def test_a_line_of_names_and_figures_has_no_language() -> None:
    assert detect("3. Anna Berg (Sweden) 1:52.07, 4. Ines Moreau (France) 1:52.40") is None


def test_a_short_text_in_another_language_keeps_it() -> None:
    cases = {"Regierung plant neue Steuer.": "de", "Bahn streikt erneut": "de", "Grève à la SNCF": "fr",
             "Huelga en el metro de Madrid": "es", "Rutte reist naar Brussel.": "nl",
             "Greve paralisa metrô de São Paulo": "pt", "Sciopero dei treni in Italia": "it"}
    for text, lang in cases.items():
        assert detect(text) == lang, text


def test_every_common_language_has_a_share() -> None:
    assert set(language.COMMON) == set(language.SHARES) and max(language.SHARES, key=language.SHARES.get) == "en"
