"""Entities, continued: which of the article's name mentions refer to the same real-world referent.

``entities`` finds and cleans the mentions and makes the record of each referent; this module groups
the mentions into those referents. A surname joins the full name it ends ("al-Abadi" → "Haider
al-Abadi") whatever label spaCy gave it, the person mentioned most recently before it when several
share it, and never one whose gender its honorific contradicts ("Ms Berg" is Anna Berg, not Lars
Berg: see ``Cluster.votes``); places join by what the gazetteer resolves them to ("U.S." = "United
States"), a qualified one settling the article's other mentions of the name ("Geneva, Illinois");
nationalities by their country; acronyms join their expansions, and an organisation's short form its
full name ("Apple" → "Apple Inc."). Collective actors the agents lexicon marks ("the coalition") are
a referent when the article names them more than once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.mentions import Mention, nationality, pronoun_votes
from newsradar.enrich.nlp import token_strings
from newsradar.enrich.places import Gazetteer, Place
from newsradar.enrich.titles import Title

PLACE_LABELS = {"GPE", "LOC", "FAC"}
_MINOR = {"of", "the", "and", "for", "de", "&"}


@dataclass(slots=True)
class Cluster:
    label: str
    mentions: list[Mention] = field(default_factory=list)
    place: Place | None = None
    title: Title | None = None
    collective: str | None = None  # the agent noun of a collective actor
    nation: str | None = None  # ISO alpha-3 of a nationality ("Iraqi", "Palestinians")
    votes: Counter[str] = field(default_factory=Counter)  # "m"/"f" evidence for a person's gender

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def gender(self) -> str | None:
        """"m" or "f" when the evidence is clear (one side more than twice the other), else None."""
        m, f = self.votes["m"], self.votes["f"]
        return "m" if m > 2 * f else "f" if f > 2 * m else None


def key(text: str) -> str:
    """Matching key of a surface form: case, curly quotes, possessives and spacing do not matter."""
    # the same name may come decomposed in one place and composed in another ("René" in two forms)
    k = unicodedata.normalize("NFC", text).lower().replace("’", "'")
    k = re.sub(r"\s*-\s*", "-", k)
    k = re.sub(r"('s|')$", "", k).strip()
    return str(re.sub(r"\s+", " ", k))


def cluster(doc: Any, mentions: list[Mention], gaz: Gazetteer, honorifics: dict[int, str]) -> list[Cluster]:
    """The referents ``mentions`` name: people, places, nationalities, then the rest. ``honorifics``: the
    gender an honorific says, by a name's first token."""
    context: Counter[str] = Counter()
    for m in mentions:
        if m.label in PLACE_LABELS:
            iso3 = gaz.country(m.text)
            if iso3:
                context[iso3] += 1
    persons = [m for m in mentions if m.label == "PERSON"]
    said = pronoun_votes(doc, persons)
    people: list[tuple[str, Cluster]] = []
    # full names first, so that a bare surname can join one of them; in text order within a length,
    # so that "the most recent" below means the most recent already read
    for m in sorted(persons, key=lambda m: -(m.end - m.start)):
        k = key(m.text)
        gender = honorifics.get(m.start)
        target = _person_for(k, people, m.start, gender=gender)
        if target is None:
            target = Cluster("PERSON")
            people.append((k, target))
        target.mentions.append(m)
        if gender:
            target.votes[gender] += 3  # an honorific is said on purpose, a pronoun may mean someone else
        if m.start in said:
            target.votes[said[m.start]] += 1
    places: dict[tuple[str, ...], Cluster] = {}
    others: dict[str, Cluster] = {}
    nations: dict[str, Cluster] = {}
    # "Geneva, Illinois" settles which Geneva the article's other "Geneva"s are
    qualified: dict[str, Place] = {}
    for m in mentions:
        if m.label in PLACE_LABELS and (within := gaz.qualifier(doc, doc[m.start:m.end].end_char)):
            found = gaz.resolve(m.text, context, within)
            if found is not None:
                qualified.setdefault(key(m.text), found)
    for m in mentions:
        if m.label == "PERSON":
            continue
        k = key(m.text)
        person = _person_for(k, people, m.start, strict=True)
        if person is not None:
            person.mentions.append(m)  # a name spaCy mis-tagged (an ORG "Al-Abadi")
            continue
        nation = nationality(m, gaz)
        if nation is not None and not gaz.country(m.text):
            nations.setdefault(nation, Cluster("NORP", nation=nation)).mentions.append(m)
            continue
        if m.label in PLACE_LABELS or (m.label == "NORP" and gaz.country(m.text)):
            place = qualified.get(k) or gaz.resolve(m.text, context)
            pk = (place.kind, place.name, place.country or "") if place else ("text", k)
            c = places.setdefault(pk, Cluster("GPE" if place and place.kind != "region" else "LOC", place=place))
            c.mentions.append(m)
            continue
        others.setdefault(k, Cluster(m.label)).mentions.append(m)
    _merge_acronyms(others)
    _merge_short_forms(doc, others)
    return ([c for _, c in people] + list(places.values()) + list(nations.values())
            + [c for c in others.values() if c.mentions])


def _person_for(k: str, people: list[tuple[str, Cluster]], at: int, strict: bool = False,
                gender: str | None = None) -> Cluster | None:
    """The person whose name ``k`` is, or is a part of (surname, or first name when not strict), and
    whose gender does not contradict ``gender``."""
    exact = [c for full, c in people if full == k]
    partial = [c for full, c in people
               if full.endswith(" " + k) or full.endswith("-" + k) or (not strict and full.startswith(k + " "))]
    hits: list[Cluster] = []
    for found in (exact, partial):
        # "Mr Berg" is the Berg known to be a man, else one not known to be a woman
        hits = ([c for c in found if c.gender == gender] or [c for c in found if c.gender is None]
                if gender else found)
        if hits:
            break
    if not hits:
        return None
    # Several people share the surname: the one mentioned most recently before this mention.
    before = [c for c in hits if c.first < at]
    pool = before or hits
    return max(pool, key=lambda c: max((m.start for m in c.mentions if m.start < at), default=-1))


# Words that close an organisation's full name and that the text drops once it is introduced:
# "Apple Inc." → "Apple", "Harvard University" → "Harvard".
_ORG_TAILS = frozenset({"inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "plc",
                        "llc", "group", "holding", "holdings", "ag", "sa", "se", "nv", "gmbh", "university",
                        "college", "institute", "foundation"})


def _merge_short_forms(doc: Any, others: dict[str, Cluster]) -> None:
    """Join an organisation's short form to its full name when only one full name fits: the full name
    without its closing legal or institutional word ("Apple" for "Apple Inc."), or its last word when the
    text writes "the" before it ("the Commission" for "the European Commission")."""
    full = [(k.replace(".", "").split(), c) for k, c in others.items() if c.label == "ORG" and " " in k]
    for k, c in others.items():
        if c.label != "ORG" or not c.mentions or " " in k:
            continue
        word = k.replace(".", "")
        the = any(m.start > 0 and doc[m.start - 1].lower_ == "the" for m in c.mentions)
        fits = [c2 for words, c2 in full if c2 is not c and (
            (words[0] == word and all(w in _ORG_TAILS for w in words[1:]))
            or (the and words[-1] == word))]
        if len(fits) == 1:
            fits[0].mentions.extend(c.mentions)
            c.mentions = []


def _merge_acronyms(others: dict[str, Cluster]) -> None:
    for k, c in list(others.items()):
        text = c.mentions[0].text.replace(".", "")
        if not (2 <= len(text) <= 6 and text.isupper()):
            continue
        for c2 in others.values():
            if c2 is c or not c2.mentions:
                continue
            words = [w for w in re.split(r"[\s-]+", c2.mentions[0].text) if w and w.lower() not in _MINOR]
            if len(words) >= 2 and "".join(w[0] for w in words).upper() == text:
                c2.mentions.extend(c.mentions)
                c.mentions = []
                break
        if not c.mentions:
            others[k] = c


def collectives(doc: Any, lex: Lexicons, taken: set[int]) -> list[Cluster]:
    """The collective actors the article names at least twice, outside the tokens ``taken`` by names."""
    found: dict[str, list[Mention]] = defaultdict(list)
    toks = token_strings(doc)
    for i, (pos, lemma) in enumerate(zip(toks.pos, toks.lemmas, strict=True)):
        if pos != "NOUN" or i in taken:
            continue
        agent = lex.agent(lemma)
        if agent and agent.collective:
            found[agent.noun].append(Mention(i, i + 1, "ORG", toks.words[i]))
    return [Cluster("ORG", ms, collective=noun) for noun, ms in found.items() if len(ms) >= 2]
