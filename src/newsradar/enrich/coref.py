"""Who a noun phrase refers to: a named entity, a pronoun's antecedent, a role description ("the prime
minister"), or an unnamed group ("Some Iraqi officials", "One general").

News prose is kind to a simple resolver: a third-person pronoun that opens a sentence almost always
refers to the person who was the subject of the sentence before (centering theory's "continue"
transition), and descriptions by role refer back to the one entity holding that role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.entities import EntityIndex
from newsradar.enrich.lexicons import norm
from newsradar.enrich.mentions import PRONOUN_GENDER
from newsradar.enrich.nlp import doc_text, sentence
from newsradar.record import Entity

PERSONAL = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our"}
_SUBJECTS = {"nsubj", "nsubjpass"}
_HYPHENS = {"-", "‐", "–"}
_DROP_DEPS = {"relcl", "acl", "appos", "punct", "advcl", "cc", "conj", "prep", "case"}


@dataclass(frozen=True, slots=True)
class Referent:
    """What a phrase refers to: ``entity`` when known, and the words to show for it."""

    name: str
    entity: Entity | None = None


def _inside(tok: Any) -> bool:
    """Whether a dependent belongs in its head's core noun phrase. A hyphen glued between two words
    does ("54-year-old"): leaving it out cut the phrase to "old minister"."""
    if tok.dep_ == "punct" and tok.text in _HYPHENS and tok.i > 0:
        return not tok.whitespace_ and not tok.doc[tok.i - 1].whitespace_
    return tok.dep_ not in _DROP_DEPS


def np_bounds(tok: Any) -> tuple[int, int]:
    """Token bounds [start, end) of the core noun phrase headed by ``tok``: determiners and modifiers,
    no clauses or appositions."""
    keep = [tok]
    stack = [c for c in tok.children if _inside(c)]
    while stack:
        t = stack.pop()
        keep.append(t)
        stack.extend(c for c in t.children if _inside(c))
    idx = sorted(t.i for t in keep)
    # only the contiguous run around the head: "Some Iraqi officials", not "officials ... issue"
    lo = hi = idx.index(tok.i)
    while lo > 0 and idx[lo - 1] == idx[lo] - 1:
        lo -= 1
    while hi + 1 < len(idx) and idx[hi + 1] == idx[hi] + 1:
        hi += 1
    return idx[lo], idx[hi] + 1


def np_text(tok: Any) -> str:
    """The core noun phrase headed by ``tok`` (see :func:`np_bounds`)."""
    start, end = np_bounds(tok)
    return str(tok.doc[start:end].text).strip(" ,")


def np_chars(tok: Any) -> tuple[int, int]:
    """Character span of the core noun phrase headed by ``tok``."""
    start, end = np_bounds(tok)
    doc = tok.doc
    return doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)


def _of_whom(tok: Any) -> Any:
    """The proper name a description is "of" ("the president of Armenia", "the chief of Interpol"),
    or None."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ == "PROPN":
                    return g
    return None


def name_chars(tok: Any) -> tuple[int, int]:
    """Character span of the name in the noun phrase headed by ``tok``, trimmed as
    :func:`clean_name` trims the name (so that a speaker's span holds the name shown)."""
    s, e = np_chars(tok)
    a, b = name_bounds(doc_text(tok.doc)[s:e])
    return s + a, s + b


# A dash with space on both sides parts a title from a name ("Minister - John Smith"); names never
# hold one (a hyphen inside a name is glued: "Jean-Luc", "Okonkwo-Adeyemi").
_SPACED_DASH = re.compile(r"\s+[-‐‑‒–—―]+\s+")
_WORDS = re.compile(r"\w+(?:[.'’-]\w+)*\.?")
_OPENING = {"‘": "’", "“": "”", "'": "'", '"': '"'}
# a period that ends a name belongs to it after an initial or an abbreviation ("Martin Luther King Jr.")
_ABBREVIATIONS = {"jr", "sr", "inc", "ltd", "corp", "co", "bros", "st"}


def name_bounds(text: str) -> tuple[int, int]:
    """[start, end) of the name in ``text``: without what a page glues around it (an emoji, a flag,
    a dangling hyphen or dash, a bullet) and, when a spaced dash parts a title from the name
    ("Minister - John Smith", "the trade minister – Maria Lopez"), the part with more capitalised
    words (the later one on a tie: titles come first). Hyphens and apostrophes inside a name and the
    periods of initials stay ("Jean-Luc", "O'Neill", "J.R. Hartley"). Text without a letter or digit
    is left whole."""
    parts = [(0, len(text))]
    if _SPACED_DASH.search(text):
        parts, at = [], 0
        for m in _SPACED_DASH.finditer(text):
            parts.append((at, m.start()))
            at = m.end()
        parts.append((at, len(text)))
        parts = [p for p in parts if any(ch.isalnum() for ch in text[p[0]:p[1]])] or [(0, len(text))]
    start, end = max(reversed(parts), key=lambda p: _capitalised(text[p[0]:p[1]]))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if start == end:
        return 0, len(text)
    if start > 0 and text[start - 1] in _OPENING and _OPENING[text[start - 1]] in text[start:end]:
        start -= 1  # ‘Big Joe’ Tanaka
    if end < len(text) and text[end] == "." and _abbreviated(text[start:end]):
        end += 1
    return start, end


def clean_name(name: str) -> str:
    """``name`` trimmed to the name (:func:`name_bounds`)."""
    a, b = name_bounds(name)
    return name[a:b]


def _capitalised(text: str) -> int:
    return sum(1 for w in _WORDS.findall(text) if w[:1].isupper())


def _abbreviated(name: str) -> bool:
    last = name.rsplit(None, 1)[-1]
    return "." in last or len(last) <= 1 or last.lower() in _ABBREVIATIONS


class Resolver:
    """Resolves the subjects and objects of one document."""

    def __init__(self, doc: Any, index: EntityIndex) -> None:
        self.doc = doc
        self.index = index
        self._subject_people: list[tuple[int, Entity]] = []  # (sentence start token, entity)
        for sent in doc.sents:
            for tok in sent:
                if tok.dep_ in _SUBJECTS:
                    ent = self._entity_of(tok)
                    if ent is not None and ent.type == "PERSON":
                        self._subject_people.append((sent.start, ent))
                        break

    def _entity_of(self, tok: Any) -> Entity | None:
        # an emoji or a flag after a name can be parsed as the head it modifies ("Álvarez 🇲🇽 said"):
        # the name is the phrase's noun
        while not any(ch.isalnum() for ch in tok.text):
            words = [c for c in tok.children if c.dep_ == "compound" and c.i < tok.i]
            if not words:
                break
            tok = words[-1]
        ent = self.index.at(tok.i)
        if ent is not None:
            return ent
        for child in tok.children:
            if child.dep_ in ("compound", "poss") and self.index.at(child.i) is not None:
                return self.index.at(child.i) if child.dep_ == "compound" else None
            if child.dep_ == "appos" and (named := self.index.at(child.i)) is not None:
                return named  # "Its chairwoman, Ilse Jansen, said": the apposition names the subject
        return None

    def _fits(self, ent: Entity, gender: str | None) -> bool:
        known = self.index.genders.get(ent.id)
        return gender is None or known is None or known == gender

    def pronoun(self, tok: Any) -> Entity | None:
        """The person a third-person singular pronoun refers to: the subject of the sentence before,
        unless the text has said that person's gender and it is not the pronoun's; then the most
        recent person named before the pronoun whose gender fits ("Ms Adler met Mr Brandt. '…,' he
        said": Brandt)."""
        gender = PRONOUN_GENDER.get(tok.lower_)
        sent_start = sentence(tok).start
        prior = next((ent for start, ent in reversed(self._subject_people) if start < sent_start), None)
        if prior is not None and self._fits(prior, gender):
            return prior
        for i in range(tok.i - 1, -1, -1):
            found = self.index.at(i)
            if found is not None and found.type == "PERSON" and self._fits(found, gender):
                return found
        return None  # everyone named is of the other gender: someone the text has not named

    def by_role(self, tok: Any) -> Entity | None:
        """The one entity whose role matches a description such as "the prime minister"."""
        words = norm(np_text(tok)).split()
        while words and words[0] in ("the", "a", "an", "this", "that"):
            words = words[1:]
        if not words:
            return None
        phrase = " ".join(words)
        hits = [e for e in self.index.entities
                if e.role and (norm(e.role) == phrase or norm(e.role).endswith(" " + phrase))]
        whose = _of_whom(tok)
        if whose is not None:
            # "the president of Armenia" is not the article's other president, Russia's: the one
            # described must not be known to be of another country than the place named
            owner = self._entity_of(whose)
            named = norm(whose.text)
            country = owner.country if owner is not None else None
            hits = [e for e in hits if named in norm(e.role or "").split() or e.country is None
                    or country is None or e.country == country]
        return hits[0] if len(hits) == 1 else None

    def refer(self, tok: Any, speaker_of_quote: Referent | None = None) -> Referent:
        """What the phrase headed by ``tok`` refers to, its name trimmed of what the page glued
        around it (:func:`clean_name`)."""
        low = tok.lower_
        if low in FIRST_PERSON and speaker_of_quote is not None:
            return speaker_of_quote
        if low in PERSONAL:
            person = self.pronoun(tok)
            return Referent(clean_name(person.name), person) if person else Referent(tok.text)
        ent = self._entity_of(tok)
        if ent is None:
            for t in tok.subtree:
                if t.i in self.index.token_entity and t.dep_ in ("compound", "nmod", "amod", "pobj", "nsubj", "appos") \
                        and t.head.i == tok.i:
                    ent = self.index.at(t.i)
                    break
        if ent is not None:
            return Referent(clean_name(ent.name), ent)
        if tok.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            ent = self.by_role(tok)
            if ent is not None:
                return Referent(clean_name(ent.name), ent)
        return Referent(clean_name(np_text(tok)))
