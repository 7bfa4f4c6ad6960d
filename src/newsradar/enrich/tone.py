"""Document tone, as GDELT measures it: the share of words with a positive and with a negative
connotation (percent of all words), and their difference.

Word valences come from VADER's lexicon (the vaderSentiment package) with ``data/tone.tsv`` on top,
for news vocabulary VADER lacks; a user's ``tone.tsv`` (lexicon folder) overrides both. A word after a
negation ("don't think they're helpful") counts for the other side.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from newsradar.enrich.lexicons import rows
from newsradar.enrich.nlp import named, sentence, token_strings
from newsradar.record import Tone

_NEGATIONS = {"not", "n't", "no", "never", "neither", "nor", "without", "hardly", "barely", "nobody", "nothing"}


@cache
def valences(user_dir: Path | None = None) -> dict[str, float]:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    table: dict[str, float] = {w: float(v) for w, v in SentimentIntensityAnalyzer().lexicon.items() if w.isalpha()}
    for cols in rows("tone.tsv", user_dir):
        table[cols[0].lower()] = float(cols[1])
    return table


def _negated(tok: Any) -> bool:
    doc = tok.doc
    start = max(sentence(tok).start, tok.i - 3)
    return any(doc[i].lower_ in _NEGATIONS for i in range(start, tok.i)) or any(
        c.dep_ == "neg" for c in tok.head.children)


def document_tone(doc: Any, user_dir: Path | None = None) -> Tone | None:
    from spacy.attrs import IS_ALPHA, LOWER

    table = valences(user_dir)
    words = pos = neg = 0
    # every word is looked up, from plain columns; a Token is made only for the words that carry a valence
    alpha, lower_ids = doc.to_array([IS_ALPHA, LOWER]).T.tolist() if len(doc) else ([], [])
    lower = named(lower_ids, doc.vocab.strings.__getitem__)
    lemmas = token_strings(doc).lemmas
    for i, low in enumerate(lower):
        if not alpha[i]:
            continue
        words += 1
        v = table.get(low)
        if v is None:
            v = table.get(lemmas[i].lower())
        if v is None or abs(v) < 0.5:
            continue
        if _negated(doc[i]):
            v = -v
        if v > 0:
            pos += 1
        else:
            neg += 1
    if words == 0:
        return None
    positive, negative = 100.0 * pos / words, 100.0 * neg / words
    return Tone(score=round(positive - negative, 2), positive=round(positive, 2), negative=round(negative, 2))
