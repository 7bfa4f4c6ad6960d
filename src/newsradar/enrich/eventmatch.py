"""Which of the event lexicon's patterns a token of the dependency parse matches.

``eventlex`` loads the lexicons as data; this module reads them against the parse: the verb patterns
a verb matches, with its particle, preposition or complement verb ("called off", "want to see") and
the object a pattern may require ("imposed a curfew"), the event nouns a noun heads ("hunger strike"
before "strike"), the lemma under which the lexicon knows a verb when spaCy's is wrong, and the
refinement of a starred code by the aid words near it. It says nothing of who acts on whom: the
coder (``events``) asks it what a token names and finds the actors itself.
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.eventlex import EventLexicon, NounPattern, VerbPattern


def refine(ev: EventLexicon, code: str, tokens: list[Any]) -> str:
    """A starred code made specific by the first aid word among ``tokens`` the lexicon refines it
    with, else its base code."""
    if not code.endswith("*"):
        return code
    base = code[:-1]
    for t in tokens:
        cls = ev.aid.get(t.lemma_.lower()) or ev.aid.get(t.lower_)
        if cls and (base, cls) in ev.refine:
            return ev.refine[(base, cls)]
    return base


def may_match(ev: EventLexicon, verb: Any) -> bool:
    """Whether a verb pattern may match ``verb``: its lemma is one, or begins one of several words.
    Most verbs of an article are in no pattern, and :func:`verb_patterns` is then empty, whatever
    their dependents."""
    lemma = lexicon_lemma(verb, ev.verbs)
    return lemma in ev.verbs or lemma in ev.verb_leads()


def verb_patterns(ev: EventLexicon, verb: Any) -> list[tuple[VerbPattern, Any | None]]:
    """The verb patterns ``verb`` matches, each with the token the pattern takes for its object."""
    lemma = lexicon_lemma(verb, ev.verbs)
    if lemma not in ev.verbs and lemma not in ev.verb_leads():
        return []
    out: list[tuple[VerbPattern, Any | None]] = []
    dobj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    if dobj is None and any(c.dep_ == "nsubjpass" for c in verb.children):
        dobj = next(c for c in verb.children if c.dep_ == "nsubjpass")  # "curfew was imposed"
    for child in verb.children:
        if child.dep_ == "prt":
            out += [(p, dobj) for p in ev.verbs.get(f"{lemma} {child.lower_}", [])]
        elif child.dep_ == "prep":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            out += [(p, pobj) for p in ev.verbs.get(f"{lemma} {child.lower_}", [])]
        elif child.dep_ == "xcomp" and child.pos_ == "VERB":
            # "want to see X": the complement verb's object is the pattern's object
            xobj = next((g for g in child.children if g.dep_ in ("dobj", "attr")), None)
            out += [(p, xobj) for p in ev.verbs.get(f"{lemma} {child.lemma_.lower()}", [])]
    out += [(p, dobj) for p in ev.verbs.get(lemma, [])]
    return [(p, o) for p, o in out
            if p.objects is None or (o is not None and _object_lemmas(o) & p.objects)]


def noun_patterns(ev: EventLexicon, tok: Any) -> list[NounPattern]:
    """The event noun ``tok`` heads, two-word names first ("hunger strike" before "strike")."""
    lemma = tok.lemma_.lower()
    if lemma not in ev.nouns and lemma not in ev.noun_tails():
        return []  # most nouns: neither an event noun nor the last word of one
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and f"{c.lemma_.lower()} {lemma}" in ev.nouns:
            return ev.nouns[f"{c.lemma_.lower()} {lemma}"]
    if tok.dep_ == "compound" and tok.head.lemma_.lower() in ev.nouns:
        return []  # "bombing raid": the head names the event
    return ev.nouns.get(lemma, [])


def lexicon_lemma(verb: Any, known: Any) -> str:
    """The verb's lemma as the lexicon knows it: spaCy's, or, when spaCy's is wrong ("staged" →
    "stag"), the word less its inflection."""
    lemma = str(verb.lemma_.lower())
    if lemma in known:
        return lemma
    low = str(verb.lower_)
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("es", ""), ("s", ""), ("ing", "e"),
                         ("ing", ""), ("d", "")):
        if low.endswith(suffix) and (cand := low[: -len(suffix)] + repl) in known:
            return cand
    return lemma


def _object_lemmas(tok: Any) -> set[str]:
    """The lemmas an object pattern matches: the object's (and its coordinated objects'), their
    modifiers' ("mediation efforts" matches "mediation", "military intelligence" "military"), and
    the noun after "state of" ("a state of emergency")."""
    heads = [tok, *(c for c in tok.children if c.dep_ == "conj")]  # "photographs and other intelligence"
    out = {h.lemma_.lower() for h in heads}
    out |= {c.lemma_.lower() for h in heads for c in h.children if c.dep_ in ("compound", "amod")}
    if tok.lemma_.lower() == "state":
        out |= {g.lemma_.lower() for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children if g.dep_ == "pobj"}
    return out
