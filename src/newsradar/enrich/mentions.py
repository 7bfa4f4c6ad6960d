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

- honorifics ("Ms Berg", "Mrs Dubois") are taken into the name, or the name after one is missed;
- in a line written all in capitals every word looks like a name ("UNDER FIRE" gave an ORG "FIRE").

Nationality words ("Iraqi", "Palestinians") are mentions too: they become NORP entities carrying
their country, as GDELT counts them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.lexicons import norm
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
    """``doc[start:end].text.strip()``, cut from the document's text when the bounds are plain ones."""
    toks = token_strings(doc)
    if start >= 0 and 0 <= end <= len(toks.words):
        return toks.span_text(start, end)
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


def kind_relabel(doc: Any, m: Mention, roles: frozenset[str] = frozenset()) -> Mention:
    """A name whose kind a noun states takes that kind's label, whatever the model said: the noun
    right before the name, or one in apposition to it after a comma. A role in apposition ("Oshima,
    the UN relief coordinator": ``roles`` are the words roles end in) makes a person of a name the
    model took for a place."""
    label = _kind(doc[m.start - 1]) if m.start > 0 else None
    if label is None and m.end < len(doc) and doc[m.end].text == ",":
        label = next((k for t in doc[m.end + 1:min(len(doc), m.end + 6)]
                      if t.dep_ == "appos" and m.start <= t.head.i < m.end
                      and (k := _kind(t) or _person(t, m, roles))), None)
    if label is None or m.label == label or (label == "GPE" and m.label in ("LOC", "FAC")):
        return m
    return Mention(m.start, m.end, label, m.text)


def _person(tok: Any, m: Mention, roles: frozenset[str]) -> str | None:
    """PERSON when ``tok``, in apposition to a name taken for a place, is a role's last word."""
    if m.label not in ("GPE", "LOC") or tok.pos_ != "NOUN" or not tok.text.islower():
        return None
    return "PERSON" if tok.lemma_.lower() in roles or tok.lower_ in roles else None


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


# Courtesy titles before a name. They are not part of the name ("Ms Berg" is Berg), and most of them
# say the person's gender, which is what tells two people of one surname apart once the text calls
# them "Mr Berg" and "Ms Berg" (UK and NYT style after the first mention). "" = no gender ("Dr").
# "M." (Monsieur) only with its full stop, and only before a name: a bare "M" is an initial.
HONORIFICS: dict[str, str] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "mx": "", "dr": "", "prof": "", "sir": "m", "dame": "f",
    "lord": "m", "lady": "f", "herr": "m", "frau": "f", "m.": "m", "mme": "f", "mlle": "f", "sr": "m",
    "sra": "f", "srta": "f", "signor": "m", "signora": "f"}


def honorific(word: str) -> str | None:
    """The gender an honorific says ("m", "f", or "" for none), or None if ``word`` is not one. Only
    capitalised words count: "lady" and "miss" in lower case are common words."""
    if not word[:1].isupper():
        return None
    low = word.lower()
    if low == "m.":
        return HONORIFICS[low]
    low = low.removesuffix(".")
    return HONORIFICS.get(low) if low != "m" else None


def strip_honorific(doc: Any, m: Mention) -> tuple[Mention, str | None]:
    """The name without the honorifics spaCy took into it ("Ms Berg" → "Berg"), and the gender they
    say. A name that is only an honorific, or one that is not a person's, is left alone."""
    s = m.start
    gender: str | None = None
    # "M." inside a name is kept: "M. Butcher" in a scorecard is an initial, and the span is the name
    while s < m.end - 1 and doc[s].text != "M." and (g := honorific(doc[s].text)) is not None:
        gender = gender or g or None
        s += 1
    if s == m.start or (m.label != "PERSON" and gender is None):
        return m, gender
    return Mention(s, m.end, "PERSON", span_text(doc, s, m.end)), gender


def _name_after(word: str, vocab: set[str]) -> bool:
    return (word[:1].isupper() and any(ch.islower() for ch in word) and norm(word) not in vocab
            and honorific(word) is None)


def honorific_mentions(doc: Any, taken: set[int], vocab: set[str]) -> list[Mention]:
    """Names the model left untagged right after an honorific ("Ms Varga met ..."): up to three
    capitalised words that are not title words ("Lord Chancellor"). Not after "M.", which may be an
    initial, nor in a line written all in capitals."""
    out: list[Mention] = []
    words = token_strings(doc).words
    n = len(words)
    for i, w in enumerate(words[:-1]):
        if w == "M." or honorific(w) is None or w.isupper() or i + 1 in taken:
            continue
        j = i + 1
        while j < n and j - i <= 3 and j not in taken and _name_after(words[j], vocab):
            j += 1
        if j > i + 1:
            out.append(Mention(i + 1, j, "PERSON", span_text(doc, i + 1, j)))
    return out


def honorific_before(doc: Any, start: int) -> str | None:
    """The gender an honorific right before token ``start`` says, if any ("Mr. Smith", where spaCy
    tagged only "Smith")."""
    if start == 0:
        return None
    return honorific(doc[start - 1].text) or None


PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}
_QUOTE_MARKS = {'"', "“", "”", "«", "»", "„", "‘", "’", "'"}


def _first_pronoun(doc: Any, words: list[str], start: int, end: int) -> tuple[int, str] | None:
    """The first third-person singular pronoun in tokens [start, end) outside a quotation opened there
    (inside one it mostly means someone else), and its gender."""
    marks = 0
    for i in range(start, end):
        w = words[i]
        if w in _QUOTE_MARKS and doc[i].tag_ != "POS":  # "Farmers'" is no quotation mark
            marks += 1
        gender = PRONOUN_GENDER.get(w.lower())
        if gender is not None and not marks % 2:
            return i, gender
    return None


def pronoun_votes(doc: Any, people: list[Mention]) -> dict[int, str]:
    """What the pronouns say of a person's gender, keyed by the start of the mention they point back to.
    A pronoun later in a sentence where no other person is named before it ("Lars Berg said he would",
    "John Smith and his wife") nearly always refers to that one person; so does one that opens a
    sentence when the sentence before named only one person. Only the first pronoun counts: a second
    may already mean someone else."""
    from newsradar.enrich.nlp import sentences

    words = token_strings(doc).words
    spans, index = sentences(doc)
    by_sentence: dict[int, list[Mention]] = {}
    for m in people:
        by_sentence.setdefault(index[m.start], []).append(m)
    votes: dict[int, str] = {}
    previous: list[Mention] = []
    for n, sent in enumerate(spans):
        ms = sorted(by_sentence.get(n, []), key=lambda m: m.start)
        opening = _first_pronoun(doc, words, sent.start, ms[0].start if ms else sent.end)
        if opening is not None and len({m.text.split()[-1].lower() for m in previous}) == 1:
            votes.setdefault(previous[-1].start, opening[1])
        if ms:
            found = _first_pronoun(doc, words, ms[0].end, sent.end)
            if found is not None:
                before = [m for m in ms if m.end <= found[0]]
                if len({m.text.split()[-1].lower() for m in before}) == 1:
                    votes.setdefault(before[-1].start, found[1])
            previous = ms
        else:
            previous = []
    return votes


def _caps_lines(doc: Any) -> set[int]:
    """Tokens on lines written all in capitals ("ANNA BERG UNDER FIRE OVER TAX PLAN")."""
    toks = token_strings(doc)
    text = toks.text
    out: set[int] = set()
    line_start = 0
    for i, at in enumerate(toks.starts):
        if at >= line_start:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            line = text[text.rfind("\n", 0, at) + 1:end]
            # no letter in lower case first: that settles most lines at their first word
            caps = (all(ch.isupper() for ch in line if ch.isalpha()) and len(line.split()) >= 3
                    and sum(ch.isalpha() for ch in line) >= 8)
            line_start = end
        if caps:
            out.add(i)
    return out


def drop_headline_guesses(doc: Any, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """In a line all in capitals every word looks like a name, and the model tags words such as "FIRE"
    (in "UNDER FIRE") as organisations. A name there is kept only if the article names it elsewhere, or
    the gazetteer knows it (a country, a nationality, a place), or it is a person. (On CoNLL-2003 testa
    this took out 60 wrong mentions, nearly all sports headlines, and 3 right ones.)"""
    caps = _caps_lines(doc)
    if not caps:
        return mentions
    elsewhere = {place_key(m.text) for m in mentions if m.start not in caps}
    return [m for m in mentions if m.start not in caps or m.label == "PERSON" or place_key(m.text) in elsewhere
            or gaz.country(m.text) or nationality(m, gaz)
            or (m.label in ("GPE", "LOC", "FAC") and gaz.resolve(m.text) is not None)]
