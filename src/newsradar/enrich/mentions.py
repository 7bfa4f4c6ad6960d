"""Name mentions: spaCy's entity spans, repaired by rules that hold across news writing.

spaCy's small English model gets most names but trips in ways that are regular enough to fix:

- spans run on past the name into common nouns, scores or numbers ("Interfax news agency",
  "Kent 244", "Mexico 2-0"): a name ends at its last capitalised word;
- country names get any label at all ("Moldova" as a PERSON in "beat Moldova"): a name the gazetteer
  knows as a country is a place, whatever the model said;
- names it misses entirely are often the plainest ones: a country or a nationality word the
  gazetteer knows, a place in the dateline that opens an article ("BELGRADE 1996-08-30");
- it guesses a name's kind from the name alone, where the text often says it: "the employers'
  association VNHB", "Multico, a mineral water firm", "the capital Dushanbe". A noun naming an
  organisation's or a place's kind right before a name, or in apposition after it, decides its label,
  and the label holds for that name throughout the article (on CoNLL-2003 testa entity F1 0.725 →
  0.728, every one of the 16 mentions it changed now right).

Nationality words ("Iraqi", "Palestinians") are mentions too: they become NORP entities carrying
their country, as GDELT counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.nlp import token_strings
from newsradar.enrich.places import Gazetteer
from newsradar.enrich.places import key as place_key

_SCORE = re.compile(r"^[\d.,:/-]+$")


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    label: str
    text: str


def span_text(doc: Any, start: int, end: int) -> str:
    return str(doc[start:end].text).strip()


def _name_word(tok: Any) -> bool:
    """A word that can end a name: capitalised, or a particle/number glued into one ("World War II")."""
    text = tok.text
    return text[:1].isupper() or (text[:1].isdigit() and not _SCORE.match(text)) or text in (")", ".")


def trim(doc: Any, m: Mention) -> Mention | None:
    """Cut the words after the last capitalised word of a name ("Interfax news agency" → "Interfax",
    "Kent 244" → "Kent"); a lower-case name ("the internet") is kept whole."""
    if not any(t.text[:1].isupper() for t in doc[m.start:m.end]):
        return m
    e = m.end
    while e > m.start + 1 and not _name_word(doc[e - 1]):
        e -= 1
    while e > m.start + 1 and doc[e - 1].text in (".", ")") and doc[e - 2].text != "(" and \
            not re.fullmatch(r"(?:[A-Za-z]\.)+", doc[e - 2].text + "."):
        if doc[e - 1].text == ")" and any(t.text == "(" for t in doc[m.start:e - 1]):
            break
        e -= 1
    if e == m.end:
        return m
    return Mention(m.start, e, m.label, span_text(doc, m.start, e))


def relabel(m: Mention, gaz: Gazetteer) -> Mention:
    """A country's name is a place whatever label the model gave it."""
    if m.label in ("GPE", "LOC") or not gaz.country(m.text):
        return m
    return Mention(m.start, m.end, "GPE", m.text)


# Common nouns that say what kind of thing a name is, right before it ("the employers' association
# VNHB", "the port town Ashdod") or in apposition after it ("Multico, a mineral water firm"): the
# model often guesses from the name alone. ("carrier" is left out: aircraft carriers are ships.)
ORG_KINDS = frozenset({
    "agency", "airline", "alliance", "association", "bank", "broadcaster", "charity", "club", "coalition",
    "company", "conglomerate", "consortium", "cooperative", "corporation", "federation", "firm", "group",
    "insurer", "lender", "magazine", "manufacturer", "movement", "newspaper", "organisation", "organization",
    "party", "publisher", "regulator", "retailer", "startup", "subsidiary", "supermarket", "team", "union"})
PLACE_KINDS = frozenset({"city", "town", "village", "province", "region", "district", "county", "municipality",
                         "suburb", "island", "capital"})


def _kind(tok: Any) -> str | None:
    if tok.pos_ != "NOUN" or not tok.text.islower():
        return None
    lemma = tok.lemma_.lower()
    return "ORG" if lemma in ORG_KINDS else "GPE" if lemma in PLACE_KINDS else None


def kind_relabel(doc: Any, m: Mention) -> Mention:
    """A name whose kind a noun states takes that kind's label, whatever the model said: the noun
    right before the name, or one in apposition to it after a comma."""
    label = _kind(doc[m.start - 1]) if m.start > 0 else None
    if label is None and m.end < len(doc) and doc[m.end].text == ",":
        label = next((k for t in doc[m.end + 1:min(len(doc), m.end + 6)]
                      if t.dep_ == "appos" and m.start <= t.head.i < m.end and (k := _kind(t))), None)
    if label is None or m.label == label or (label == "GPE" and m.label in ("LOC", "FAC")):
        return m
    return Mention(m.start, m.end, label, m.text)


def _capitalised(word: str) -> bool:
    # spaCy's is_alpha is str.isalpha of the token's text
    return (word[:1].isupper() and word.isalpha()) or word in ("U.S.", "U.K.", "U.N.")


def gazetteer_mentions(doc: Any, taken: set[int], gaz: Gazetteer) -> list[Mention]:
    """Countries and nationality words the model left untagged: capitalised runs of up to three words
    that the gazetteer knows exactly."""
    out: list[Mention] = []
    toks = token_strings(doc)
    capitalised = [_capitalised(w) for w in toks.words]
    i = 0
    n = len(doc)
    while i < n:
        if i in taken or not capitalised[i]:
            i += 1
            continue
        found = None
        for size in (3, 2, 1):
            j = i + size
            if j > n or any(k in taken or not capitalised[k] for k in range(i, j)):
                continue
            text = toks.span_text(i, j)
            if gaz.country(text):
                found = Mention(i, j, "GPE", text)
            elif gaz.demonyms.get(place_key(text)):
                found = Mention(i, j, "NORP", text)
            if found:
                break
        if found is None:
            i += 1
            continue
        out.append(found)
        i = found.end
    return out


def nationality(m: Mention, gaz: Gazetteer) -> str | None:
    """The country of a nationality mention ("Iraqi", "South Koreans"), else None."""
    if m.label != "NORP":
        return None
    return gaz.demonyms.get(place_key(m.text))
