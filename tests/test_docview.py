"""The per-document lists the attribution features read instead of spaCy Tokens."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.enrich.docview import DocView, subtree
from newsradar.enrich.nlp import sentence

TEXT = ("The bill was endorsed by Senator Ruiz on Monday, officials said. “We will not back down,” "
        "she told reporters in Paris — and vowed to keep fighting. Critics, who wanted a vote, "
        "said the plan, which costs €4 billion, was rushed. They are afraid that it fails.")


def _view(nlp_model: Any) -> DocView:
    return DocView(nlp_model(TEXT), [(TEXT.index("“"), TEXT.index("”") + 1)], {"say": "speech"})


def test_the_view_reads_each_token_as_spacy_does(nlp_model: Any) -> None:
    view = _view(nlp_model)
    for tok in view.doc:
        i = tok.i
        assert (view.pos[i], view.tag[i], view.dep[i], view.lemma[i], view.lower[i], view.orth[i], view.ent[i],
                view.punct[i], view.heads[i], view.children[i], view.word[i]) == (
            tok.pos_, tok.tag_, tok.dep_, tok.lemma_.lower(), tok.lower_, tok.text, tok.ent_type_, tok.is_punct,
            tok.head.i, [c.i for c in tok.children], not (tok.is_punct or tok.is_space))
        assert view.subtree(i) == subtree(tok)
        sent = sentence(tok)
        assert view.sentence(i) == (sent.start, sent.end)
        assert view.in_quote[i] == (TEXT.index("“") <= tok.idx < TEXT.index("”") + 1)
        assert view.tense[i] == str(tok.morph.get("Tense")[:1])  # as the cue feature printed it from spaCy
    assert [t.i for t in view.candidates()] == [t.i for t in view.doc if view.is_candidate(t)]
    assert not any(view.is_candidate(t) for t in view.doc if view.in_quote[t.i])


def _subject(view: DocView, word: str) -> str | None:
    i = next(t.i for t in view.doc if t.text == word)
    found = view.subject(i)
    return None if found is None else view.orth[found]


def test_a_verbs_subject_is_found_through_chains_passives_and_be(nlp_model: Any) -> None:
    view = _view(nlp_model)
    assert _subject(view, "said") == "officials"
    assert _subject(view, "endorsed") == "Ruiz"  # the agent of a passive
    assert _subject(view, "vowed") == "she"  # a verb joined to "told"
    assert _subject(view, "keep") == "she"  # through "vowed to keep"
    assert _subject(view, "afraid") == "They"  # the subject of "be" for its complement
    assert _subject(view, "Monday") is None


def test_an_empty_document_has_an_empty_view(nlp_model: Any) -> None:
    view = DocView(nlp_model(""), [], {})
    assert view.heads == [] and view.candidates() == [] and view.cut_points == []


def test_spans_are_counted_as_a_walk_over_their_tokens_counts_them(nlp_model: Any) -> None:
    view = _view(nlp_model)
    n = len(view.doc)
    for s in range(n + 1):
        for e in range(n + 1):
            words = [i for i in range(s, e) if view.word[i]]
            share = sum(view.in_quote[i] for i in words) / len(words) if words else 0.0
            assert view.quoted_share(s, e) == share
            assert view.words_in(s, e) == len(words)
            assert view.quoted_in(s, e) == sum(view.in_quote[i] for i in range(s, e))
            assert view.clause_in(s, e) == any(view.clause_verb[i] for i in range(s, e))
    assert 0 < view.quoted_share(0, n) < 1 and view.clause_in(0, n)


@settings(max_examples=200, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 90), st.integers(0, 30)).map(lambda p: (p[0], p[0] + p[1])),
                      max_size=8),
       start=st.integers(0, 100), length=st.integers(0, 40))
def test_the_quotations_near_a_sentence_are_those_a_look_at_each_finds(
        nlp_model: Any, spans: list[tuple[int, int]], start: int, length: int) -> None:
    view = DocView(nlp_model("Officials said the port would reopen."), spans, {})  # any spans, even overlapping
    end = start + length
    assert view.quotes_near(start, end) == [(a, b) for a, b in sorted(spans)
                                             if start - 2 <= a <= end + 3 or a < start < b]
