"""spaCy's rule lemmatizer, remembered by word, part of speech and morphology.

The English pipelines lemmatize by rule: a word's lemma follows from its text, its part of speech
and its morphology (tables of exceptions, suffix rules and known forms). spaCy keeps the answer for
a word only when the rules ran; for a word already in its base form (a singular noun, an infinitive,
a positive adjective: most of an article) it decides that anew on every token, building the token's
morphology as a dictionary each time, and it walks the document through Python ``Token`` objects.
On news articles that took 15-16 ms a document, more than the attribute ruler it follows (measured
December 2026). :class:`LookupLemmatizer` reads the three values of every token as one array,
remembers each combination's lemma (asking spaCy's lemmatizer once per combination) and writes the
lemmas back as one array: the same lemma, token for token.

What spaCy's rules then do for a combination not seen before cost 50 µs a word, most of it asking
whether a form the suffix rules make is a known word: its tables of known words are Python lists (57,528
nouns), searched from the start at every question. :func:`from_lemmatizer` gives them a set to answer
from (:class:`KnownWords`); the lists are the same, and so is every lemma. A page of new words cost
8 ms in a fresh process, most of it there.
"""

from __future__ import annotations

from typing import Any

# A combination of word, part of speech and morphology is remembered once; a store this large is
# cleared rather than grown (a year of news has fewer distinct combinations than this).
MAX_REMEMBERED = 1_000_000


class KnownWords(list[str]):
    """One part of speech's list of known words from spaCy's lemma tables, which answers ``in`` from
    a set instead of scanning the list. The tables are read, never changed, once the model is loaded."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._set = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._set


def _index_known_words(lemmatizer: Any) -> None:
    """Put :class:`KnownWords` in place of the lists of the lemmatizer's ``lemma_index`` table."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return
    table = lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if type(words) is list and all(isinstance(w, str) for w in words):
            table[key] = KnownWords(words)


class LookupLemmatizer:
    """Wraps a spaCy ``Lemmatizer`` in rule mode; see the module's docstring."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS  # here, not per document: spaCy is loaded by now

        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        self._read = [ORTH, POS, MORPH, LEMMA]
        self._write = [LEMMA]
        self._known: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma's hash

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        values = doc.to_array(self._read)
        lemmas = values[:, 3].copy()
        known = self._known
        if len(known) > MAX_REMEMBERED:
            known.clear()
        strings = doc.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma and not self.overwrite:
                continue  # set before (the attribute ruler's exceptions): spaCy leaves it too
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                found = known[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array(self._write, lemmas.reshape(-1, 1))
        return doc


def from_lemmatizer(lemmatizer: Any) -> LookupLemmatizer | None:
    """A :class:`LookupLemmatizer` for spaCy's ``lemmatizer``, or ``None`` when its lemmas may depend
    on more than word, part of speech and morphology (a mode other than rule, a class of its own).
    The lemmatizer's lists of known words are indexed in place (:class:`KnownWords`)."""
    try:
        from spacy.lang.en.lemmatizer import EnglishLemmatizer
        from spacy.pipeline import Lemmatizer
    except ImportError:  # pragma: no cover - spaCy is a dependency
        return None
    if type(lemmatizer) not in (Lemmatizer, EnglishLemmatizer) or getattr(lemmatizer, "mode", None) != "rule":
        return None
    _index_known_words(lemmatizer)
    return LookupLemmatizer(lemmatizer)
