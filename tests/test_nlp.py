"""The loaded spaCy pipeline: what newsradar changes in it (paragraph sentence starts, the look-up
attribute ruler, numpy's BLAS) and that the parses stay those of the stock pipeline."""

from __future__ import annotations

import itertools
from typing import Any

import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.enrich.nlp import load_model, one_blas_thread, paragraph_groups, parse, pieces, token_strings
from newsradar.settings import Settings

TEXTS = [
    "Dock workers walked off the job at the Port of Rotterdam on Friday, halting container traffic.",
    "Union leader Pieter Bakker said the operators had offered 4 percent over two years.\n\n"
    "The employers' association rejected the accusation and urged both sides to return to the table.",
    "Aid convoys reached the capital on Monday, officials said, after three days of fighting.",
]


def _signature(doc: Any) -> list[tuple[str, str, int, str, str]]:
    return [(t.tag_, t.dep_, t.head.i, t.ent_type_, t.lemma_) for t in doc]


def test_matrix_products_go_through_numpy_not_blis(nlp_model: Any) -> None:
    from thinc.api import NumpyOps

    ops = {type(node.ops): getattr(node.ops, "use_blis", None)
           for _, proc in nlp_model.pipeline if hasattr(getattr(proc, "model", None), "walk")
           for node in proc.model.walk()}
    assert ops == {NumpyOps: False}


def test_maxout_layers_take_the_same_maximum_as_thincs_own(nlp_model: Any) -> None:
    import numpy as np
    from thinc.layers import maxout

    from newsradar.enrich.nlp import _maxout_forward

    layers = [node for _, proc in nlp_model.pipeline if hasattr(getattr(proc, "model", None), "walk")
              for node in proc.model.walk() if node._func is _maxout_forward]
    assert len(layers) >= 5  # the embedding's mixer and the convolution layers of a tok2vec at least
    rng = np.random.default_rng(7)
    for layer in layers:
        x = rng.standard_normal((50, layer.get_dim("nI"))).astype("float32")
        ours, _ = _maxout_forward(layer, x, False)
        theirs, _ = maxout.forward(layer, x, False)
        assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_parses_match_the_stock_pipeline(nlp_model: Any) -> None:
    stock = spacy.load(Settings().model)  # blis, the Matcher-based attribute ruler, no paragraph starts
    ours = list(parse(TEXTS, Settings().model))
    theirs = list(stock.pipe(TEXTS))
    # paragraph starts may change sentence bounds, so compare only the texts without a paragraph break
    for text, a, b in zip(TEXTS, ours, theirs, strict=True):
        if "\n\n" not in text:
            assert _signature(a) == _signature(b)


def test_blas_runs_on_one_thread_while_spacy_runs_and_gets_its_threads_back() -> None:
    from threadpoolctl import threadpool_info, threadpool_limits

    load_model(Settings().model)
    with threadpool_limits(2, user_api="blas"):
        before = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        with one_blas_thread():
            inside = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
        after = [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]
    assert inside and set(inside) == {1}
    assert after == before


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab \n."), max_size=200), size=st.integers(min_value=1, max_value=40))
def test_pieces_join_back_into_the_text(text: str, size: int) -> None:
    parts = pieces(text, size)
    assert "".join(parts) == text
    assert all(len(p) <= size for p in parts)
    assert all(parts[:-1])  # no empty piece but perhaps the last (an empty text)


def test_pieces_are_cut_at_paragraph_breaks_when_there_are_some() -> None:
    text = "one two three.\n\nfour five six.\n\nseven."
    assert pieces(text, 20) == ["one two three.\n\n", "four five six.\n\n", "seven."]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("ab \n\t."), max_size=300), size=st.integers(min_value=1, max_value=40))
def test_paragraph_groups_join_back_and_cut_only_after_a_line_break(text: str, size: int) -> None:
    groups = paragraph_groups(text, size)
    assert "".join(groups) == text
    for group, after in itertools.pairwise(groups):
        assert len(group) > size and "\n" in group[size:]  # whole paragraphs, at least size of them
        assert group.rstrip(" \t\n") != group and after[0] not in " \t\n"  # the break's white space stays behind


def test_paragraph_groups_leave_a_short_text_or_one_long_paragraph_whole() -> None:
    assert paragraph_groups("One paragraph.\n\nAnother.", 100) == ["One paragraph.\n\nAnother."]
    assert paragraph_groups("x" * 50, 10) == ["x" * 50]
    assert paragraph_groups("aaaa\n\nbbbb\ncccc\n", 3) == ["aaaa\n\n", "bbbb\n", "cccc\n"]


def test_a_long_article_is_parsed_in_paragraphs_into_one_doc(monkeypatch: Any) -> None:
    # its paragraphs go to spaCy as a batch and come back as one Doc over the whole text
    from newsradar.enrich import nlp

    monkeypatch.setattr(nlp, "PARAGRAPH_CHARS", 100)
    text = "\n\n".join(f"Paragraph {i}: Mayor Anne Hidalgo said in Paris that the plan had stalled." for i in range(6))
    (doc,) = parse([text], Settings().model)
    whole = load_model(Settings().model)(text)
    assert doc.text == text and [t.text for t in doc] == [t.text for t in whole]
    assert [e.text for e in doc.ents if e.label_ == "GPE"] == ["Paris"] * 6
    assert len(list(doc.sents)) == 6 and all(t.head.sent == t.sent for t in doc)


def test_a_text_longer_than_one_piece_is_parsed_whole(monkeypatch: Any) -> None:
    # the parse is cut into pieces and joined: nothing after the first piece may be lost
    from newsradar.enrich import nlp

    monkeypatch.setattr(nlp, "MAX_CHARS", 120)
    text = "\n\n".join(f"Paragraph {i}: Mayor Anne Hidalgo said in Paris that the plan had stalled." for i in range(6))
    long_doc, short_doc = parse([text, TEXTS[0]], Settings().model)
    assert long_doc.text == text and short_doc.text == TEXTS[0]
    assert [e.text for e in long_doc.ents if e.label_ == "GPE"] == ["Paris"] * 6
    assert all(text[t.idx:t.idx + len(t.text)] == t.text for t in long_doc)
    assert len(list(long_doc.sents)) == 6


def test_token_strings_read_each_token_as_spacy_does(nlp_model: Any) -> None:
    doc = nlp_model("  The U.S. and French officials met in Paris.\n\nUnion leaders said talks failed. ")
    toks = token_strings(doc)
    assert toks.words == [t.text for t in doc] and toks.starts == [t.idx for t in doc]
    assert toks.pos == [t.pos_ for t in doc] and toks.lemmas == [t.lemma_ for t in doc]
    assert all(toks.span_text(i, j) == doc[i:j].text.strip() for i in range(len(doc)) for j in range(i, len(doc) + 1))
    assert token_strings(doc) is toks  # made once per doc


def test_a_figure_with_a_scale_ends_its_sentence(nlp_model: Any) -> None:
    [doc] = parse(["The bid was worth £10m. Rivals offered more at 7 p.m. on Friday."], Settings().model)
    assert [s.text for s in doc.sents] == ["The bid was worth £10m.", "Rivals offered more at 7 p.m. on Friday."]


def test_a_line_break_starts_a_sentence_and_other_spaces_do_not(nlp_model: Any) -> None:
    text = ("Ferries were held in port  on Monday\nthe union said talks had failed.\n\n"
            "Pilots   joined the strike\n \nand officials in Bergen  said nothing.\n")
    [doc] = parse([text], Settings().model)
    after_break = [t.i + 1 for t in doc[:-1] if t.is_space and "\n" in t.text]
    assert [doc[i].text for i in after_break] == ["the", "Pilots", "and"]
    assert all(doc[i].is_sent_start for i in after_break)
    assert [d.text for d in parse(["One.", ""], Settings().model)] == ["One.", ""]  # too short to break


def test_names_are_read_without_the_components_the_recogniser_does_not_listen_to(nlp_model: Any) -> None:
    from newsradar.enrich.nlp import names_only_off, parse_names

    heads = ["Ferry strike ends in Bergen as Norway's pilots win", "Mayor Anne Hidalgo visits the Port of Rotterdam",
             "Photo: Jonas Lind arrives in Oslo (Reuters)"]
    off = names_only_off(Settings().model)
    listened = {n for n, p in nlp_model.pipeline if "ner" in getattr(p, "listener_map", {})}
    assert "ner" not in off and not listened & set(off)
    if "tok2vec" not in listened:  # the small English pipeline: the recogniser embeds words itself
        assert "tok2vec" in off
    names = list(parse_names(heads, Settings().model))
    full = list(nlp_model.pipe(heads))
    assert [[(e.text, e.label_) for e in d.ents] for d in names] == [[(e.text, e.label_) for e in d.ents] for d in full]
    assert any(d.ents for d in names)
