"""The remembered rule lemmatizer must give exactly the lemmas spaCy's own lemmatizer gives."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from newsradar.enrich.lemmas import LookupLemmatizer, from_lemmatizer
from newsradar.enrich.nlp import load_model
from newsradar.settings import Settings

# Our own sentences: plural and singular nouns, verbs in every form, comparatives, contractions whose
# lemmas the attribute ruler sets first, proper nouns, numbers, spaces.
TEXTS = [
    "The dockers were striking again; ferries had been cancelled and the best offers went unanswered.",
    "She's got wages, they've got leases: the harbours' cranes stood idle, idler than ever.\n\nIt ended.",
    "Ports in Rotterdam and Antwerp diverted 30 vessels, worse than 2019's three-day stoppage.",
    "I gotta go, y'all ain't listening. Leaving? Left! Leaves fell; leaves them wondering.",
    "   ",
    "x",
]


@pytest.fixture(scope="module")
def stock() -> Any:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("newsradar_paragraphs", before="parser")
    return nlp


@pytest.fixture(scope="module")
def spare() -> Any:
    """A second stock pipeline, whose lemmatizer the tests wrap: wrapping indexes its tables in place,
    and ``stock`` must stay spaCy's own to compare with."""
    return spacy.load(Settings().model)


def _lemmas(doc: Any) -> list[tuple[str, str]]:
    return [(t.text, t.lemma_) for t in doc]


def test_loaded_model_uses_the_lookup_lemmatizer_under_the_same_name() -> None:
    nlp = load_model(Settings().model)
    assert isinstance(nlp.get_pipe("lemmatizer"), LookupLemmatizer)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


@pytest.mark.parametrize("text", TEXTS)
def test_same_lemmas_as_spacy_on_our_sentences(stock: Any, text: str) -> None:
    ours = load_model(Settings().model)
    twice = [_lemmas(ours(text)), _lemmas(ours(text))]  # the second time from what it remembered
    assert twice[0] == twice[1] == _lemmas(stock(text))


WORDS = ["ships", "ship", "shipped", "shipping", "better", "best", "good", "went", "goes", "mice", "Mice", "is",
         "were", "'s", "n't", "ai", "data", "criteria", "leaves", "left", "Rotterdam", "3", "the", " "]
TAGS = ["NN", "NNS", "NNP", "NNPS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "JJ", "JJR", "JJS", "RB", "RBR",
        "DT", "CD", "_SP"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS)), min_size=1, max_size=12))
def test_same_lemmas_as_spacy_on_any_words_and_tags(stock: Any, spare: Any, tokens: list[tuple[str, str]]) -> None:
    """Any word with any tag (and so any part of speech and morphology the attribute ruler derives)."""
    fast = from_lemmatizer(spare.get_pipe("lemmatizer"))
    assert fast is not None
    words = [w for w, _ in tokens]

    def doc(nlp: Any) -> Doc:
        return nlp.get_pipe("attribute_ruler")(
            Doc(nlp.vocab, words=words, spaces=[False] * len(words), tags=[t for _, t in tokens]))

    assert _lemmas(fast(doc(spare))) == _lemmas(stock.get_pipe("lemmatizer")(doc(stock)))


def test_the_known_words_are_the_same_lists_answered_from_a_set(stock: Any, spare: Any) -> None:
    from newsradar.enrich.lemmas import KnownWords

    assert from_lemmatizer(spare.get_pipe("lemmatizer")) is not None
    theirs = stock.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    ours = spare.get_pipe("lemmatizer").lookups.get_table("lemma_index")
    assert ours.get("noun") and list(ours.items()) == list(theirs.items())
    for pos, words in ours.items():
        assert isinstance(words, KnownWords) and type(theirs[pos]) is list
        assert words[0] in words and "" not in words and ("zzxq" in words) == ("zzxq" in theirs[pos])
    assert from_lemmatizer(spare.get_pipe("lemmatizer")) is not None  # wrapped twice: indexed once
    assert type(spare.get_pipe("lemmatizer").lookups.get_table("lemma_index").get("noun")) is KnownWords


def test_a_lemma_set_before_is_kept_unless_the_lemmatizer_overwrites(spare: Any) -> None:
    fast = from_lemmatizer(spare.get_pipe("lemmatizer"))
    assert fast is not None
    doc = Doc(spare.vocab, words=["ships", "sailed"], tags=["NNS", "VBD"])
    doc = spare.get_pipe("attribute_ruler")(doc)
    doc[0].lemma_ = "vessel"
    assert [t.lemma_ for t in fast(doc)] == ["vessel", "sail"]


def test_other_lemmatizers_are_left_alone(stock: Any) -> None:
    nlp = spacy.blank("en")
    lookup = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert from_lemmatizer(lookup) is None
    assert from_lemmatizer(object()) is None


def test_it_pickles_with_what_it_remembered(spare: Any) -> None:
    fast = from_lemmatizer(spare.get_pipe("lemmatizer"))
    assert fast is not None
    doc = spare.get_pipe("attribute_ruler")(Doc(spare.vocab, words=["ferries", "sailed"], tags=["NNS", "VBD"]))
    first = _lemmas(fast(doc))
    again = pickle.loads(pickle.dumps(fast))
    assert isinstance(again, LookupLemmatizer) and len(again._known) == len(fast._known) == 2
    assert first == [("ferries", "ferry"), ("sailed", "sail")]
