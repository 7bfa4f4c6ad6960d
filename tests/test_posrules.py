"""The look-up attribute ruler must annotate exactly as spaCy's own ruler does."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from newsradar.enrich.nlp import load_model
from newsradar.enrich.posrules import LookupRuler, from_ruler
from newsradar.settings import Settings

# Sentences of our own that reach the English model's special rules: contractions whose lemmas the
# ruler fixes, pronouns whose case it sets by their dependency, "but" as an adverb, "do" and "have" as
# main verbs, an expletive "there", determiners standing alone, spaces.
TEXTS = [
    "Y'all ain't gonna believe it, but let's go. C'mon, I gotta see what you did.",
    "There is a ferry strike in Bergen.  There's no deal yet, and that is what they said.\n\nIt ended.",
    "The union did it: they have the pilots now. Do you have them? I told you it was mine.",
    "All but three ships sailed; those that stayed had nothing to do with it. We'd have gone.",
    "He gave it to me and I gave it back to him, said Ada Quist, who chairs the union.",
    "   ",
    "x",
]


def _annotations(doc: Any) -> list[tuple[str, str, str, str, str]]:
    return [(t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


@pytest.fixture(scope="module")
def stock() -> Any:
    nlp = spacy.load(Settings().model)
    nlp.add_pipe("newsradar_paragraphs", before="parser")
    return nlp


def test_loaded_model_uses_the_lookup_ruler_under_the_same_name() -> None:
    nlp = load_model(Settings().model)
    assert isinstance(nlp.get_pipe("attribute_ruler"), LookupRuler)
    assert nlp.pipe_names.index("attribute_ruler") < nlp.pipe_names.index("lemmatizer")


@pytest.mark.parametrize("text", TEXTS)
def test_same_annotation_as_spacy_on_our_sentences(stock: Any, text: str) -> None:
    assert _annotations(load_model(Settings().model)(text)) == _annotations(stock(text))


WORDS = ["i", "I", "you", "it", "but", "ai", "n't", "nt", "gon", "na", "got", "ta", "let", "'s", "c'm", "on", "y", "y'",
         "all", "do", "has", "'d", "there", "is", "'re", "that", "which", "the", "said", "ferry", " ", "\n"]
TAGS = ["NN", "NNP", "VBP", "VBZ", "VBD", "VB", "CC", "IN", "DT", "WDT", "PRP", "TO", "MD", "RB", "EX", "_SP", ""]
DEPS = ["nsubj", "dobj", "pobj", "advmod", "aux", "auxpass", "mark", "det", "quantmod", "expl", "ROOT", "ccomp",
        "conj", "relcl", "xcomp", "advcl", "dep", "prep", "punct", ""]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)), min_size=1,
                max_size=12))
def test_same_annotation_as_spacy_on_any_tags_and_dependencies(stock: Any, tokens: list[tuple[str, str, str]]) -> None:
    """Every combination of the attributes the rules test, including missing tags and dependencies."""
    ruler = stock.get_pipe("attribute_ruler")
    fast = from_ruler(ruler)
    assert fast is not None
    words = [w for w, _, _ in tokens]
    tags = [t for _, t, _ in tokens]
    deps = [d for _, _, d in tokens]

    def doc() -> Doc:
        return Doc(stock.vocab, words=words, spaces=[False] * len(words), tags=tags,
                   deps=deps if all(deps) else None, heads=[0] * len(words) if all(deps) else None)

    assert _annotations(fast(doc())) == _annotations(ruler(doc()))


def _ruler(patterns: list[dict[str, Any]]) -> AttributeRuler:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(patterns)
    return ruler


def test_own_rules_with_membership_regex_and_a_later_rule_winning() -> None:
    ruler = _ruler([
        {"patterns": [[{"LOWER": {"IN": ["ferry", "ship"]}}]], "attrs": {"POS": "NOUN", "LEMMA": "boat"}},
        {"patterns": [[{"LOWER": {"REGEX": "^sh"}}]], "attrs": {"LEMMA": "vessel"}},
        {"patterns": [[{"LOWER": "the"}, {"LOWER": {"NOT_IN": ["ship"]}}]], "attrs": {"POS": "ADJ"}, "index": 1},
    ])
    fast = from_ruler(ruler)
    assert fast is not None
    words = ["The", "ship", "and", "the", "ferry", "shone"]
    got = _annotations(fast(Doc(ruler.vocab, words=words)))
    want = _annotations(ruler(Doc(ruler.vocab, words=words)))
    assert got == want
    assert [g[0] for g in got] == ["", "NOUN", "", "", "ADJ", ""]  # "ship" is refused after "the"
    assert [g[3] for g in got] == ["", "vessel", "", "", "boat", "vessel"]


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "ferry", "OP": "+"}],  # an operator
    [{"SHAPE": "Xxxx"}],  # an attribute the look-up does not read
    [{"LENGTH": {">=": 3}}],  # a comparison
])
def test_patterns_beyond_the_lookup_leave_spacy_s_ruler(pattern: list[dict[str, Any]]) -> None:
    assert from_ruler(_ruler([{"patterns": [pattern], "attrs": {"POS": "NOUN"}}])) is None


def test_component_pickles_for_spacy_worker_processes() -> None:
    import pickle

    ruler = load_model(Settings().model).get_pipe("attribute_ruler")
    copy = pickle.loads(pickle.dumps(ruler))
    stock_ruler = spacy.load(Settings().model).get_pipe("attribute_ruler")
    words = ["Y'", "all", "ai", "n't", "gon", "na", "go", "."]
    tags = ["PRP", "DT", "VBP", "RB", "VBG", "TO", "VB", "."]
    assert _annotations(copy(Doc(ruler_vocab := stock_ruler.vocab, words=words, tags=tags))) == \
        _annotations(stock_ruler(Doc(ruler_vocab, words=words, tags=tags)))
