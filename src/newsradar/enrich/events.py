"""Events: who did what to whom, coded to CAMEO with actor codes, PLOVER type, QuadClass, Goldstein.

The coder walks each sentence's dependency parse. A verb that matches a pattern in ``verbs.tsv`` (or a
noun from ``nouns.tsv`` carried by a light verb or a possessor) makes an event; its subject is the
source and the pattern says where the target is. Actors resolve to entities (names, pronouns, role
descriptions, the speaker of a quote for "I" and "we") or to generic agents with a country ("Iraqi
forces" → IRQMIL). An event with no identifiable source is not coded: GDELT-style data without a
source actor answers no analyst's question.
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.coref import FIRST_PERSON, PERSONAL, Resolver, np_text
from newsradar.enrich.entities import EntityIndex
from newsradar.enrich.eventlex import EventLexicon, NounPattern, VerbPattern
from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.petrcoder import code_sentences
from newsradar.enrich.petrdict import Dictionaries
from newsradar.enrich.petrnp import Member
from newsradar.record import Actor, Event, Location, Quote

_SUBJ = ("nsubj", "nsubjpass")
_NO_TARGET_NEEDED = ("14", "15")  # protests and mobilisations often have no stated target
_CLIMB = {"xcomp", "acomp", "conj", "advcl", "ccomp"}
_UNRESOLVABLE = {"they", "them", "it", "its", "their", "this", "that", "which", "who", "what", "there",
                 "itself", "themselves", "something", "someone", "anyone", "everyone"}


class Coder:
    def __init__(self, doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, ev: EventLexicon,
                 quotes: list[Quote]) -> None:
        self.doc = doc
        self.index = index
        self.resolver = resolver
        self.lex = lex
        self.ev = ev
        self.quotes = quotes

    # --- actors -------------------------------------------------------------------------
    def _quote_at(self, tok: Any, kinds: tuple[str, ...]) -> Quote | None:
        for q in self.quotes:
            if q.kind in kinds and q.span[0] <= tok.idx < q.span[1]:
                return q
        return None

    def _entity_actor(self, eid: str | None) -> Actor | None:
        ent = self.index.by_id(eid)
        if ent is None:
            return None
        code = self.index.codes.get(ent.id)
        return Actor(name=ent.name, entity=ent.id, code=code) if code else None

    def actor(self, tok: Any, depth: int = 0) -> Actor | None:
        """The actor the phrase headed by ``tok`` stands for, or ``None``."""
        if tok is None or depth > 4:
            return None
        low = tok.lower_
        if low in FIRST_PERSON:
            q = self._quote_at(tok, ("direct", "partial"))
            return self._entity_actor(q.speaker_entity) if q else None
        if low in PERSONAL:
            ent = self.resolver.pronoun(tok)
            return self._entity_actor(ent.id) if ent else None
        if low in _UNRESOLVABLE:
            return None
        eid = self.index.token_entity.get(tok.i)
        if eid is None:
            eid = next((self.index.token_entity[c.i] for c in tok.children
                        if c.dep_ in ("compound", "nmod") and c.i in self.index.token_entity), None)
        if eid is not None:
            found = self._entity_actor(eid)
            if found is not None:
                return found
        agent = self.lex.agent(tok.lemma_) if tok.pos_ in ("NOUN", "PROPN") else None
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if agent is None and poss is not None and tok.pos_ == "NOUN":
            return self.actor(poss, depth + 1)  # "Al-Abadi's comments" → Al-Abadi
        if agent is not None:
            return self._agent_actor(tok, agent.sector)
        if tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            ent = self.resolver.by_role(tok)
            if ent is not None:
                return self._entity_actor(ent.id)
        conj = next((c for c in tok.children if c.dep_ == "conj"), None)
        return self.actor(conj, depth + 1) if conj is not None else None

    def _agent_actor(self, tok: Any, sector: str) -> Actor:
        """A generic actor: "Iraqi forces" → IRQMIL, "Iraq's army" → IRQMIL, "foreign allies" → IGO."""
        country = None
        for c in tok.children:
            if c.dep_ in ("amod", "compound", "nmod", "poss", "npadvmod"):
                country = self.index.country_tokens.get(c.i)
                if country is None and c.i in self.index.token_entity:
                    ent = self.index.at(c.i)
                    country = ent.country if ent is not None and ent.type in ("GPE", "NORP") else None
                if country:
                    break
        code = "IGO" if sector == "IGO" else (country or "") + sector
        return Actor(name=self.resolver.refer(tok).name, entity=None, code=code)

    # --- roles --------------------------------------------------------------------------
    def subject(self, verb: Any) -> Any | None:
        """The grammatical subject of ``verb``, inherited through control and coordination."""
        tok = verb
        for _ in range(5):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None:
                if subj.lower_ in ("that", "which", "who") and tok.dep_ == "relcl":
                    return tok.head
                return subj
            if tok.dep_ in _CLIMB and tok.head.i != tok.i:
                tok = tok.head
            elif tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:
                noun = tok.head.head  # "efforts in defeating X": the efforts' possessor acts
                return next((c for c in noun.children if c.dep_ == "poss"), None)
            else:
                return None
        return None

    def _prep_object(self, head: Any, preps: tuple[str, ...], search: Any | None = None) -> Any | None:
        for p in preps:
            for owner in (head, search):
                if owner is None:
                    continue
                for child in owner.children:
                    if child.dep_ in ("prep", "agent", "dative") and child.lower_ == p:
                        pobj = next((g for g in child.children if g.dep_ in ("pobj", "pcomp")), None)
                        if pobj is not None:
                            return pobj
        return None

    def _target(self, verb: Any, obj: Any | None, targets: tuple[str, ...], source: Actor) -> Actor | None:
        for where in targets:
            cand = obj if where == "obj" else self._prep_object(verb, (where,), obj)
            if cand is None:
                continue
            found = self.actor(cand) or self._first_actor(cand, source)
            if found is not None:
                return found
        return None

    def _first_actor(self, tok: Any, source: Actor) -> Actor | None:
        """The first actor named inside a phrase ("what he claims are the coalition's efforts")."""
        for t in sorted(tok.subtree, key=lambda x: x.i):
            if t.pos_ not in ("NOUN", "PROPN") and t.lower_ not in PERSONAL:
                continue
            found = self.actor(t)
            if found is not None and found.code != source.code:
                return found
        return None

    def _clause_actor(self, verb: Any, subj: Any | None, source: Actor) -> Actor | None:
        """The first actor in the verb's clause outside its subject and outside place phrases
        ("voiced frustration over what he claims are the coalition's efforts" → the coalition)."""
        skip = {t.i for t in subj.subtree} if subj is not None else set()
        for t in sorted(verb.subtree, key=lambda x: x.i):
            if t.i in skip or t.i < verb.i or t.pos_ not in ("NOUN", "PROPN"):
                continue
            if t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "from", "to"):
                continue
            found = self.actor(t)
            if found is not None and found.code != source.code and found.entity != source.entity:
                return found
        return None

    # --- patterns -----------------------------------------------------------------------
    def _refine(self, code: str, tokens: list[Any]) -> str:
        if not code.endswith("*"):
            return code
        base = code[:-1]
        for t in tokens:
            cls = self.ev.aid.get(t.lemma_.lower()) or self.ev.aid.get(t.lower_)
            if cls and (base, cls) in self.ev.refine:
                return self.ev.refine[(base, cls)]
        return base

    def _verb_patterns(self, verb: Any) -> list[tuple[VerbPattern, Any | None]]:
        lemma = verb.lemma_.lower()
        out: list[tuple[VerbPattern, Any | None]] = []
        dobj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
        for child in verb.children:
            if child.dep_ == "prt":
                out += [(p, dobj) for p in self.ev.verbs.get(f"{lemma} {child.lower_}", [])]
            elif child.dep_ == "prep":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                out += [(p, pobj) for p in self.ev.verbs.get(f"{lemma} {child.lower_}", [])]
            elif child.dep_ == "xcomp" and child.pos_ == "VERB":
                # "want to see X": the complement verb's object is the pattern's object
                xobj = next((g for g in child.children if g.dep_ in ("dobj", "attr")), None)
                out += [(p, xobj) for p in self.ev.verbs.get(f"{lemma} {child.lemma_.lower()}", [])]
        out += [(p, dobj) for p in self.ev.verbs.get(lemma, [])]
        return [(p, o) for p, o in out
                if p.objects is None or (o is not None and o.lemma_.lower() in p.objects)]

    def verb_event(self, verb: Any) -> Event | None:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        for pattern, obj in self._verb_patterns(verb):
            if passive:
                agent = self._prep_object(verb, ("by",))
                src_tok = agent
                tgt = self.actor(next((c for c in verb.children if c.dep_ == "nsubjpass"), None))
                source = self.actor(src_tok) if src_tok is not None else None
            elif pattern.reverse:
                giver = self._prep_object(verb, pattern.targets, obj)
                source = self.actor(giver) if giver is not None else None
                if source is None:
                    # "He announced that Iraq was receiving arms": the announcer's side gives them
                    q = self._quote_at(verb, ("indirect", "direct", "partial"))
                    source = self._entity_actor(q.speaker_entity) if q else None
                tgt = self.actor(self.subject(verb))
            else:
                subj = self.subject(verb)
                source = self.actor(subj)
                tgt = self._target(verb, obj, pattern.targets, source) if source is not None else None
                if tgt is None and source is not None and pattern.targets:
                    tgt = self._clause_actor(verb, subj, source)
            if source is None:
                continue
            if tgt is None and pattern.targets and not pattern.code.startswith(_NO_TARGET_NEEDED):
                continue
            code = self._refine(pattern.code, list(verb.subtree))
            return self._event(source, tgt, code, verb)
        return None

    def noun_event(self, noun: Any, pattern: NounPattern) -> Event | None:
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        src_tok = poss or self._prep_object(noun, ("by",))
        if src_tok is None and noun.dep_ in ("dobj", "nsubjpass"):
            head = noun.head
            prt = next((c.lower_ for c in head.children if c.dep_ == "prt"), "")
            key = f"{head.lemma_.lower()} {prt}".strip()
            if key in self.ev.light_verbs or head.lemma_.lower() in self.ev.light_verbs:
                src_tok = self.subject(head)
        source = self.actor(src_tok) if src_tok is not None else None
        if source is None:
            return None
        target = None
        for prep in pattern.targets:
            cand = self._prep_object(noun, (prep,))
            target = self.actor(cand) if cand is not None else None
            if target is not None:
                break
        code = self._refine(pattern.code, list(noun.subtree))
        return self._event(source, target, code, noun)

    def _event(self, source: Actor, target: Actor | None, code: str, anchor: Any) -> Event | None:
        if target is not None and ((source.entity and source.entity == target.entity)
                                   or (not source.entity and source.code == target.code)):
            target = None  # an actor does not act on itself
        if self.ev.code(code) is None:
            return None
        return make_event(self.doc, self.index, self.ev, source, target, code, anchor)

    def code(self) -> list[Event]:
        events: list[Event] = []
        seen: set[tuple[str | None, str | None, str, int]] = set()
        for tok in self.doc:
            ev: Event | None = None
            if tok.pos_ in ("VERB", "AUX"):
                ev = self.verb_event(tok)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in self.ev.nouns:
                ev = self.noun_event(tok, self.ev.nouns[tok.lemma_.lower()])
            if ev is None:
                continue
            key = (ev.source.code, ev.target.code, ev.cameo[:3], ev.span[0])
            if key not in seen:
                seen.add(key)
                events.append(ev)
        return events


def sentence_span(doc: Any, sent: Any) -> tuple[int, int]:
    """The sentence's character span, without surrounding blanks or a quotation mark spaCy glued to
    its start that closes the sentence before."""
    text = doc.text
    s, e = sent.start_char, sent.end_char
    while e > s and text[e - 1].isspace():
        e -= 1
    if s + 1 < e and text[s] in "\"”’" and text[s + 1].isspace():
        s += 1
    while s < e and text[s].isspace():
        s += 1
    return s, e


def sentence_location(index: EntityIndex, sent: Any) -> Location | None:
    """Where the sentence says its event happened: the first place after "in", "at" or "near"."""
    for tok in sent:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at", "near") and tok.i in index.token_entity:
            ent = index.at(tok.i)
            if ent is not None and ent.type in ("GPE", "LOC", "FAC"):
                found = next((loc for loc in index.locations if loc.name == ent.name), None)
                return found or Location(ent.name, ent.country)
    return None


def make_event(doc: Any, index: EntityIndex, ev: EventLexicon, source: Actor, target: Actor | None, code: str,
               anchor: Any) -> Event:
    """The record of an event coded at token ``anchor``: its CAMEO table entry (PLOVER type, QuadClass,
    Goldstein; none for a code the table does not know), sentence span and location."""
    entry = ev.code(code)
    s, e = sentence_span(doc, anchor.sent)
    return Event(source=source, target=target or Actor(), cameo=code, plover=entry.plover if entry else None,
                 quad_class=entry.quad_class if entry else None, goldstein=entry.goldstein if entry else None,
                 location=sentence_location(index, anchor.sent), text=doc.text[s:e], span=(s, e))


def dictionary_events(doc: Any, index: EntityIndex, ev: EventLexicon, dicts: Dictionaries,
                      date: int | None) -> list[Event]:
    """Events coded with an analyst's PETRARCH dictionaries (see ``petrcoder``); each actor keeps the
    words of its noun phrase and, when spaCy found one there, the entity it names."""
    out = []
    for c in code_sentences(doc, dicts, date):
        out.append(make_event(doc, index, ev, _member_actor(c.source, index),
                              _member_actor(c.target, index) if c.target else None, c.code, c.anchor))
    return out


def _member_actor(m: Member, index: EntityIndex) -> Actor:
    ent = index.at(m.head.i)
    return Actor(name=np_text(m.head), entity=ent.id if ent else None, code=m.code)


def code_events(doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, ev: EventLexicon,
                quotes: list[Quote], dicts: Dictionaries | None = None, date: int | None = None) -> list[Event]:
    """The article's events: coded with the analyst's PETRARCH dictionaries when ``dicts`` is given,
    else with the built-in lexicons."""
    if dicts is not None:
        return dictionary_events(doc, index, ev, dicts, date)
    return Coder(doc, index, resolver, lex, ev, quotes).code()
