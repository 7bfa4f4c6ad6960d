"""Where and in which sentence an event happened.

The place is the one the text gives for it: a place after "in", "at", "near" (and the like) in the
event's own clause, else in its sentence ("in the northern city of Kirkuk", "in the capital Kabul"),
else a dateline that opens the sentence ("CAIRO — …"); its country and coordinates come from the
place resolution of ``places``. A facility the gazetteer lacks takes the place its name ends with
("the Port of Rotterdam" lies in Rotterdam).
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.entities import EntityIndex
from newsradar.enrich.nlp import doc_text, sentence
from newsradar.record import Location

_WHERE = ("in", "at", "near", "outside", "inside", "across", "throughout", "around")


def sentence_span(doc: Any, sent: Any) -> tuple[int, int]:
    """The sentence's character span, without surrounding blanks or a quotation mark spaCy glued to
    its start that closes the sentence before."""
    text = doc_text(doc)
    s, e = sent.start_char, sent.end_char
    while e > s and text[e - 1].isspace():
        e -= 1
    if s + 1 < e and text[s] in "\"”’" and text[s + 1].isspace():
        s += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def event_location(index: EntityIndex, anchor: Any) -> Location | None:
    """Where the text says the event at ``anchor`` happened, as the module describes."""
    sent = sentence(anchor)
    clause = sorted(anchor.subtree, key=lambda t: t.i)
    for scope in (clause, sent):
        for tok in scope:
            prep = tok.head if tok.head.lower_ != "of" else tok.head.head  # "outside of the city of Basra"
            if tok.dep_ == "pobj" and prep.lower_ in _WHERE:
                found = _place(index, _place_entity(index, tok))
                if found is not None:
                    return found
    dash = next((t for t in sent[:4] if t.text in ("—", "–", "--")), None)
    if dash is not None and dash.i > sent.start:
        name = sent.doc[sent.start:dash.i].text.strip(" ,")  # a dateline: "ROTTERDAM —", "GENEVA, —"
        place = index.gaz.resolve(name.title() if name.isupper() else name)
        if place is not None:
            return Location(place.name, place.country, place.lat, place.lon)
    return None


def _place_entity(index: EntityIndex, tok: Any) -> Any:
    """The place entity a locative phrase names: the phrase's head, or the place it qualifies with
    "of", an apposition or a name ("the town of Samarra", "the capital Kabul")."""
    for _ in range(3):
        ent = index.at(tok.i)
        if ent is not None and ent.type in ("GPE", "LOC", "FAC"):
            return ent
        nxt = next((c for c in tok.children if c.dep_ in ("appos", "compound") and c.pos_ == "PROPN"), None)
        if nxt is None:
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            nxt = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        if nxt is None:
            return None
        tok = nxt
    return None


def _place(index: EntityIndex, ent: Any) -> Location | None:
    if ent is None or ent.type not in ("GPE", "LOC", "FAC"):
        return None
    found = next((loc for loc in index.locations if loc.name == ent.name), None)
    if found is not None:
        return found
    words = ent.name.split()
    for i in range(1, len(words)):  # "Port of Rotterdam" → "Rotterdam"
        place = index.gaz.resolve(" ".join(words[i:]))
        if place is not None and place.kind != "region":
            return Location(ent.name, place.country, place.lat, place.lon)
    return Location(ent.name, ent.country)
