"""Coreference: pronouns follow the text's gender cues, noun phrases keep their hyphenated words,
and a name followed by an emoji is still the name."""

from __future__ import annotations

import pytest

from newsradar.enrich.coref import clean_name, name_bounds
from newsradar.pipeline import analyze


def test_a_pronoun_skips_the_subject_of_the_other_gender(nlp_model: object) -> None:
    text = 'Ms Varga met Mr Okoro in Lagos on Monday. "We made progress," he said.'
    article = analyze(text, kind="text")
    quote = next(q for q in article.quotes if q.text == "We made progress")
    assert quote.speaker == "Okoro"


def test_a_pronoun_follows_the_subject_when_genders_agree_or_are_unknown(nlp_model: object) -> None:
    text = 'Defence Minister Peter Lang met Sami Roos in Oslo. "We agreed," he said.'
    article = analyze(text, kind="text")
    quote = next(q for q in article.quotes if q.text == "We agreed")
    assert quote.speaker == "Peter Lang"


def test_a_description_keeps_its_hyphenated_words(nlp_model: object) -> None:
    article = analyze("The 61-year-old senator said he would retire next year.", kind="text")
    assert article.quotes[0].speaker == "The 61-year-old senator"


def test_an_emoji_after_a_name_does_not_hide_the_speaker(nlp_model: object) -> None:
    article = analyze("President Rosa Ibarra \U0001F1F2\U0001F1FD said exports rose.", kind="text")
    quote = article.quotes[0]
    assert quote.speaker == "Rosa Ibarra" and quote.speaker_entity is not None


@pytest.mark.parametrize(("glued", "name"), [
    ("Minister - John Smith", "John Smith"), ("John Smith 🇺🇸", "John Smith"), ("—Jane Doe", "Jane Doe"),
    ("the trade minister – Maria Lopez", "Maria Lopez"), ("Maria Lopez – trade minister", "Maria Lopez"),
    ("Kees Bakker -", "Kees Bakker"), ("Teacher 👏", "Teacher"), ("• Ilse Jansen", "Ilse Jansen"),
    # what belongs to a name stays
    ("Jean-Luc Moreau", "Jean-Luc Moreau"), ("Sean O'Neill", "Sean O'Neill"), ("J.R. Hartley", "J.R. Hartley"),
    ("Martin Luther King Jr.", "Martin Luther King Jr."), ("Tiwa Okonkwo-Adeyemi", "Tiwa Okonkwo-Adeyemi"),
    ("‘Big Joe’ Tanaka 🙂", "‘Big Joe’ Tanaka"), ("🙂", "🙂"),
])
def test_a_name_is_trimmed_of_what_the_page_glued_around_it(glued: str, name: str) -> None:
    assert clean_name(glued) == name
    a, b = name_bounds(glued)
    assert glued[a:b] == name


def test_a_speaker_keeps_no_emoji_or_dash_and_its_span_holds_the_name(nlp_model: object) -> None:
    text = ('"The ferry will sail at dawn," Skipper 🚢 said on Friday. '
            '"We will not back down," said Spokesperson - Tiwa Okonkwo-Adeyemi on Tuesday.')
    article = analyze(text, kind="text")
    speakers = {q.text: q for q in article.quotes}
    for words, name in (("The ferry will sail at dawn", "Skipper"),
                        ("We will not back down", "Tiwa Okonkwo-Adeyemi")):
        quote = speakers[words]
        assert quote.speaker == name
        assert quote.speaker_span is not None
        assert article.text[quote.speaker_span[0]:quote.speaker_span[1]] == name


def test_a_description_of_another_country_is_not_the_articles_one_holder_of_the_role(nlp_model: object) -> None:
    # the only president the article names is Russia's: "the president of Armenia" is someone else,
    # while "the prime minister of Norway" is the Norwegian prime minister named before
    r = analyze("Russian President Vladimir Putin offered to negotiate with the president of Armenia on Tuesday.",
                kind="text")
    assert [(e.target.name, e.target.code) for e in r.events] == [("the president", "ARMGOV")]
    r = analyze("Prime Minister Jonas Lind of Norway spoke first. Later, the prime minister of Norway said the "
                "talks would go on.", kind="text")
    assert [q.speaker for q in r.quotes] == ["Jonas Lind"]
