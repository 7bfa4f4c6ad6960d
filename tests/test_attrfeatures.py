"""The cue candidates and content spans the attribution model chooses among, on sentences written for
these tests."""

from __future__ import annotations

from typing import Any

from newsradar.enrich.attrfeatures import (
    _descendants,
    content_candidates,
    content_features,
    cue_features,
    inner_head,
)
from newsradar.enrich.attributions import cue_bounds
from newsradar.enrich.docview import DocView


def _view(nlp_model: Any, text: str) -> DocView:
    return DocView(nlp_model(text), [], {"say": "speech"})


def _spans(view: DocView, word: str) -> dict[str, str]:
    tok = next(t for t in view.doc if t.text == word)
    return {c.name: " ".join(view.doc[a:b].text for a, b in c.frags) for c in content_candidates(view, tok)}


def test_the_dependents_of_an_object_are_content_candidates(nlp_model: Any) -> None:
    view = _view(nlp_model, "The union voiced concerns about the new bridge.")
    spans = _spans(view, "voiced")
    assert spans["dobj-child:pobj"] == "the new bridge"
    assert spans["child:dobj"] == "concerns about the new bridge"


def test_the_dependents_of_an_infinitive_are_content_candidates(nlp_model: Any) -> None:
    view = _view(nlp_model, "Vos refused to say whether the port would reopen.")
    assert _spans(view, "refused")["xcomp-child:ccomp"] == "whether the port would reopen"


def test_the_cue_takes_in_the_words_up_to_an_inner_content(nlp_model: Any) -> None:
    view = _view(nlp_model, "The union voiced concerns about the new bridge.")
    doc = view.doc
    tok = doc[2]
    by_name = {c.name: c for c in content_candidates(view, tok)}
    inner, whole = by_name["dobj-child:pobj"], by_name["child:dobj"]
    assert inner_head(tok, inner) is not None and inner_head(tok, whole) is None
    assert doc[slice(*cue_bounds(tok, inner))].text == "voiced concerns about"
    assert doc[slice(*cue_bounds(tok, whole))].text == "voiced"
    # the ranker sees which object carries the content
    assert "g|ml=dobj-child:pobj|concern" in content_features(view, tok, inner)


def test_descendants_are_the_words_subtree(nlp_model: Any) -> None:
    view = _view(nlp_model, "Critics, who wanted a vote, said the plan, which costs €4 billion, was rushed.")
    for tok in view.doc:
        assert sorted(_descendants(view, tok.i)) == sorted(t.i for t in tok.subtree)


def test_a_cue_is_described_by_its_tense_and_the_quotations_near_it(nlp_model: Any) -> None:
    text = "\u201cWe will sail,\u201d the captain said on Friday, and the crew says it agrees."
    view = DocView(nlp_model(text), [(1, text.index("\u201d"))], {"say": "speech"})
    said, says = (next(t for t in view.doc if t.text == w) for w in ("said", "says"))
    assert {"tense=['Past']|VBD", "nq=10"} <= set(cue_features(view, said))
    assert {"tense=['Pres']|VBZ", "nq=00"} <= set(cue_features(view, says))
    for tok in view.candidates():  # every word's tense as spaCy's morphology gives it
        assert f"tense={tok.morph.get('Tense')[:1]}|{tok.tag_}" in cue_features(view, tok)
