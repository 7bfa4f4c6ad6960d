"""The cue candidates and content spans the attribution model chooses among, on sentences written for
these tests."""

from __future__ import annotations

from typing import Any

from newsradar.enrich.attrfeatures import (
    DocView,
    _descendants,
    content_candidates,
    content_features,
    inner_head,
    subject_of,
    subtree,
)
from newsradar.enrich.attributions import cue_bounds
from newsradar.enrich.nlp import sentence


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


def test_the_view_reads_each_token_as_spacy_does(nlp_model: Any) -> None:
    # the features read the view's lists instead of spaCy's Tokens: they must say the same
    text = ("The bill was endorsed by Senator Ruiz on Monday, officials said. “We will not back down,” "
            "she told reporters in Paris — and vowed to keep fighting. Critics, who wanted a vote, "
            "said the plan, which costs €4 billion, was rushed.")
    doc = nlp_model(text)
    view = DocView(doc, [(text.index("“"), text.index("”") + 1)], {"say": "speech"})
    for tok in doc:
        i = tok.i
        assert (view.pos[i], view.tag[i], view.dep[i], view.lemma[i], view.lower[i], view.orth[i], view.ent[i],
                view.punct[i], view.heads[i], view.children[i], view.word[i]) == (
            tok.pos_, tok.tag_, tok.dep_, tok.lemma_.lower(), tok.lower_, tok.text, tok.ent_type_, tok.is_punct,
            tok.head.i, [c.i for c in tok.children], not (tok.is_punct or tok.is_space))
        subject = subject_of(tok)
        assert view.subject(i) == (subject.i if subject is not None else None)
        assert view.subtree(i) == subtree(tok)
        assert sorted(_descendants(view, i)) == sorted(t.i for t in tok.subtree)
        sent = sentence(tok)
        assert view.sentence(i) == (sent.start, sent.end)
        assert view.in_quote[i] == (text.index("“") <= tok.idx < text.index("”") + 1)
    assert [t.i for t in view.candidates()] == [t.i for t in doc if view.is_candidate(t)]
    assert any(view.subject(t.i) is not None for t in doc if t.dep_ == "ROOT")


def test_an_empty_document_has_an_empty_view(nlp_model: Any) -> None:
    view = DocView(nlp_model(""), [], {})
    assert view.heads == [] and view.candidates() == [] and view.cut_points == []
