"""Coreference: pronouns follow the text's gender cues, noun phrases keep their hyphenated words,
and a name followed by an emoji is still the name."""

from __future__ import annotations

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
