"""Events: who did what to whom, coded to CAMEO with actor codes, PLOVER type, QuadClass, Goldstein.

The built-in coder walks each sentence's dependency parse. A verb that matches a pattern in
``verbs.tsv`` (or a noun from ``nouns.tsv`` carried by a light verb or a possessor: "X carried out
airstrikes against Y") names an action (``eventmatch`` says which patterns a token matches); its
subject is the source and the pattern says where the target is (else the first actor in the verb's
clause). The grammar around the verb then says what was actually done (``eventmods``): "did not
meet" is a rejection, "will send troops" an intent, "threatened to shell" a threat, "said Sudan must
return" a demand on Sudan, and what one actor only urges another to do is no event of the other;
what one orders one's own forces to do is one's own act (``eventorder``).
Actors resolve as ``eventactors`` describes. An event needs a source, except a violent or coercive
act told in the passive ("three soldiers were killed"), where the victim is known and the
perpetrator may not be.

With an analyst's PETRARCH dictionaries (``event_dictionaries``), ``petrcoder`` codes instead.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from newsradar.enrich import eventmods, eventorder, eventwarn
from newsradar.enrich.coref import PERSONAL, Resolver, np_text
from newsradar.enrich.entities import EntityIndex
from newsradar.enrich.eventactors import ActorFinder, other
from newsradar.enrich.eventlex import EventLexicon, NounPattern, VerbPattern
from newsradar.enrich.eventmatch import lexicon_lemma, may_match, noun_patterns, refine, verb_patterns
from newsradar.enrich.eventplace import event_location, sentence_span
from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.nlp import doc_text, sentence, token_strings
from newsradar.enrich.petrcoder import code_sentences
from newsradar.enrich.petrdict import Dictionaries
from newsradar.enrich.petrnp import Member
from newsradar.record import Actor, Event, Quote

_PASSIVE_NO_SOURCE = ("11", "17", "18", "19", "20")  # "X was accused / arrested / killed": the target is the news
_PLACE_PREPS = ("in", "at", "near", "from", "to")
_LOCATIVE = ("in", "at", "near", "from")
_TEMPORAL = ("after", "before", "since", "during", "until", "ahead")
_PLACE_TARGETS = ("08", "14", "15", "17", "18", "19", "20")  # a curfew, a protest, a raid "in X" affects X
_LOCALS = {"CVL", "OPP", "LAB"}  # crowds, residents, protesters, strikers: of the place where they act
_MUTUAL = ("03", "04", "05", "06", "19")
_POLITICAL = {"GOV", "LEG", "PTY", "OPP", "ELI", None}  # "X and Y agreed / met / signed / fought": with each other


class Coder(ActorFinder):
    def __init__(self, doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, ev: EventLexicon,
                 quotes: list[Quote]) -> None:
        super().__init__(doc, index, resolver, lex, quotes)
        self.ev = ev

    # --- targets ------------------------------------------------------------------------
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
            if cand is None and where == "obj":
                cand = next((c for c in verb.children if c.dep_ == "dative"), None)
            if cand is None and where == "obj":
                # "allowed Ouattara to participate", parsed as the subject of the complement
                cand = next((g for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.i > verb.i
                             for g in c.children if g.dep_ == "nsubj" and g.i < c.i), None)
            if cand is None:
                continue
            finders: tuple[Callable[[Any], Actor | None], ...] = (
                self.actor, self.thing_actor, lambda t: self._first_actor(t, source), self._named)
            for find in finders:
                found = find(cand)
                if found is not None and other(found, source):
                    return found
        return None

    def _named(self, tok: Any) -> Actor | None:
        """A named person, organisation or place the phrase names, with no code the text gives:
        still the target ("charged blogger Alexei Navalny")."""
        for t in (tok, *(c for c in tok.subtree if c.dep_ in ("appos", "compound", "conj"))):
            ent = self.index.at(t.i)
            if ent is not None and ent.type in ("PERSON", "ORG", "GPE", "NORP"):
                return Actor(name=ent.name, entity=ent.id, code=self.index.codes.get(ent.id))
        return None

    def _first_actor(self, tok: Any, source: Actor) -> Actor | None:
        """The first actor named inside a phrase ("what he claims are the coalition's efforts"),
        not inside a clause that qualifies it ("the operators of 'treating the people …'")."""
        clauses = {t.i for c in tok.subtree if c.dep_ in ("relcl", "acl") or (c.dep_ == "pcomp" and c.pos_ == "VERB")
                   for t in c.subtree if c.i != tok.i}
        for t in sorted(tok.subtree, key=lambda x: x.i):
            if t.i in clauses or _modifier(t):
                continue
            if t.pos_ not in ("NOUN", "PROPN") and t.lower_ not in PERSONAL:
                continue
            found = self.actor(t)
            if found is not None and other(found, source):
                return found
        return None

    def _clause_actor(self, verb: Any, subj: Any | None, source: Actor, places: bool = False,
                      theme: Any | None = None, code: str = "") -> Actor | None:
        """The first actor in the verb's clause outside its subject, outside adverbial clauses and
        (unless ``places``) outside place phrases ("voiced frustration over what he claims are the
        coalition's efforts")."""
        skip = {t.i for t in subj.subtree} if subj is not None else set()
        if theme is not None:
            skip |= {t.i for t in theme.subtree if not (t.dep_ == "pobj" and t.head.head.i == theme.i)}
        # clauses about something else: with their own subject ("as street battles raged …"), not
        # a purpose ("opened fire to disperse demonstrators")
        skip |= {t.i for c in verb.children
                 if (c.dep_ in ("advcl", "relcl") and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children))
                 or (c.dep_ == "conj" and c.pos_ == "VERB") for t in c.subtree}
        # when, not to whom ("agreed … after a day of talks hosted by Sudan")
        skip |= {t.i for c in verb.subtree if c.dep_ == "prep" and c.lower_ in _TEMPORAL for t in c.subtree}
        for t in sorted(verb.subtree, key=lambda x: x.i):
            if t.i in skip or t.i < verb.i or t.pos_ not in ("NOUN", "PROPN") or _modifier(t):
                continue
            if not places and t.dep_ == "pobj" and t.head.lower_ in _LOCATIVE:
                continue
            # a hostile act "in" a place is aimed at it ("blockades in the West Bank", "attacks in
            # Israel"); cooperation there only happens there ("restored relations in Beijing")
            where = places or code[:2] in _PLACE_TARGETS or code[:2] >= "10"
            found = self.actor(t) or (self.thing_actor(t, where) if places or t.dep_ in ("dobj", "pobj") else None)
            if found is not None and other(found, source):
                return found
        return None

    # --- events -------------------------------------------------------------------------
    def verb_events(self, verb: Any) -> list[Event]:
        if not may_match(self.ev, verb) and eventmods.demanded(verb) is None:
            return []  # no pattern, no demand: none of the checks below could code anything
        if eventmods.requested(verb):
            return []  # "urged Bree to help": only asked for; the appeal is the event
        ordered = None
        if (command := eventmods.commander(verb)) is not None:  # "ordered troops to invade"
            ordered = eventorder.order(self, command)
            if ordered is None:
                return []  # "ordered Israel to withdraw": a demand on Israel, the order is the event
        elif any(eventmods.commander(c) == verb for c in verb.children):
            own = eventorder.order(self, verb)
            if own is not None and own.source is not None:
                return []  # an order its giver's forces carry out is no demand: the act ordered is the event
        speaker_verb = eventmods.demanded(verb)
        passive = any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) and not (
            # "Israel is opposed to mediation", "is committed to talks": a state, read as active
            not any(c.dep_ == "agent" for c in verb.children)
            and any(c.dep_ == "prep" and c.lower_ == "to" for c in verb.children))
        for pattern, obj in verb_patterns(self.ev, verb):
            source, tgt = self._roles(verb, pattern, obj, passive, ordered.source if ordered else None)
            if tgt is None and ordered is not None and source is not None:
                tgt = ordered.orderee  # "ordered the newspaper to suspend publication"
            if source is None and not (passive and tgt is not None and pattern.code[:2] in _PASSIVE_NO_SOURCE):
                continue
            if tgt is None and pattern.required and not self._acts_without_target(verb, pattern.code):
                continue  # no actor acted on
            code = refine(self.ev, pattern.code, list(verb.subtree))
            if code == "100":  # "ordered Israel to withdraw": a demand of the act (1056)
                code = eventmods.demand_code(self._complement_code(verb))
            if pattern.verb in eventwarn.VERBS:
                code, tgt = self._warning(verb, source, tgt, code)
            if code[:3] in ("042", "044") and source is not None and (source.code or "").endswith("MIL"):
                # troops do not visit: they deploy, as peacekeepers or as a force
                subj = self.subject(verb)
                words = {t.lemma_.lower() for t in subj.subtree} if subj is not None else set()
                code = "074" if words & {"peacekeeping", "peacekeeper", "peace-keeping"} else "154"
            if source is not None and source.code in _LOCALS:
                # "people blocked streets in Hong Kong": a crowd belongs where it gathers
                where = event_location(self.index, verb)
                place = self._place_country(verb) or (where.country if where is not None else None)
                source = Actor(source.name, source.entity, place + source.code) if place else source
            denier = eventmods.denied(verb)
            if denier is not None and (code[:2] >= "10" or verb.dep_ != "xcomp"):
                return self._denial(denier, tgt, code)  # "denied meeting" stays a rejection (125)
            if speaker_verb is not None:
                demand = self._demand(verb, speaker_verb, code)
                return [demand] if demand else []
            if (spec := eventmods.speculated(verb)) is not None and not self.speaks_for(spec, verb, source):
                return []  # "Israel could strike Iran, analysts warned": not Israel's threat
            adjusted = eventmods.adjust(verb, code)
            if adjusted is not None and command is not None:
                adjusted = eventmods.adjust(command, adjusted)  # "will order troops to invade": a threat
            if adjusted is None or (adjusted[:2] >= "18" and eventmods.sporting(verb)):
                return []
            if adjusted[:3] == "190" and source is not None and self._politician(source) and ordered is None:
                # "Obama fought back with ads", "the senator attacked the bill": words; what a
                # politician orders troops to attack is an attack
                adjusted = "111"
            return self._compound(verb, source or Actor(), tgt, adjusted, passive, pattern.objects is not None)
        if speaker_verb is not None:
            demand = self._demand(verb, speaker_verb, None)
            return [demand] if demand else []
        return []

    def _denial(self, denier: Any, target: Actor | None, code: str) -> list[Event]:
        """"Turkey denied that its troops had attacked Kurdish fighters": Turkey denies responsibility
        (016) for what was done to them; a denied act of cooperation is no event."""
        if code[:2] < "10":
            return []
        source = self.actor(self.subject(denier))
        ev = self._event(source, target, "016", denier) if source is not None else None
        return [ev] if ev is not None else []

    def _politician(self, actor: Actor) -> bool:
        """A person in politics: the fights they pick are verbal."""
        ent = self.index.by_id(actor.entity)
        return ent is not None and ent.type == "PERSON" and _sector(actor.code) in _POLITICAL

    def _acts_without_target(self, verb: Any, code: str) -> bool:
        """Whether a verb whose pattern needs a target is an event without one: members of a
        coordinated subject meet each other."""
        return code[:2] in _MUTUAL and self._coordinated_subject(verb)

    def _warning(self, verb: Any, source: Actor | None, target: Actor | None, code: str
                 ) -> tuple[str, Actor | None]:
        """A warning is a pessimistic comment (``code``) unless it threatens an act of the warner's
        own (eventwarn), aimed at whom it is addressed to, else at whom that act is aimed at."""
        codes = [[p.code for p, _ in verb_patterns(self.ev, c)] for c in eventwarn.complements(verb)]
        threatens, acted_on = eventwarn.threat(self, verb, source, codes)
        if not threatens:
            return code, target
        return "130", target if eventwarn.warned(verb) or acted_on is None else acted_on

    def _coordinated_subject(self, verb: Any) -> bool:
        subj = self.subject(verb)
        return subj is not None and any(c.dep_ == "conj" for c in subj.children)

    def _compound(self, verb: Any, source: Actor, target: Actor | None, code: str, passive: bool,
                  themed: bool = False) -> list[Event]:
        """The event for each member of a coordinated subject ("Ethiopia and Egypt agreed …"); when
        nobody else is acted on, the members act on each other."""
        subj = None if passive else self.subject(verb)
        members = [source]
        inside = {t.i for t in subj.subtree} if subj is not None else set()
        for c in subj.subtree if subj is not None else ():
            if c.dep_ == "conj" and c.head.i in inside and c.pos_ in ("PROPN", "NOUN"):
                found = self.actor(c)
                if found is not None and all(other(found, m) for m in members):
                    members.append(found)
        pairs: list[tuple[Actor, Actor | None]]
        # "X and Y met / signed an accord": each other; "X and Y bombed schools": not
        reciprocal = themed or not any(c.dep_ in ("dobj", "attr") for c in verb.children)
        if target is None and len(members) > 1 and code[:2] in _MUTUAL and reciprocal:
            pairs = [(a, b) for a in members for b in members if a is not b]
        else:
            pairs = [(m, target) for m in members]
        return [e for a, b in pairs if (e := self._event(a, b, code, verb)) is not None]

    def _complement_code(self, verb: Any) -> str | None:
        """The code of the act a verb's complement names ("ordered Israel [to withdraw]"), if any."""
        for comp in (c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"):
            for p, _ in verb_patterns(self.ev, comp):
                return refine(self.ev, p.code, list(comp.subtree))
        return None

    def _roles(self, verb: Any, pattern: VerbPattern, obj: Any | None, passive: bool,
               acting: Actor | None = None) -> tuple[Actor | None, Actor | None]:
        """The source and target of ``verb``'s act; ``acting``: who it is done for (an order's giver)."""
        if passive:
            by = self._prep_object(verb, ("by",))
            patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            if patient is None and by is not None:
                patient = next((s for s in self.subjects_of(verb)), None)
            if by is not None or pattern.code[:2] in _PASSIVE_NO_SOURCE:
                return (self.actor(by) if by is not None else self._attacker(verb)), self.actor(patient)
            if patient is not None:
                return None, None  # "officers have been dismissed": by whom, the text does not say
        if pattern.reverse:
            giver = self._prep_object(verb, pattern.targets, obj)
            source = self.actor(giver) if giver is not None else None
            if source is None:
                # "He announced that Iraq was receiving arms": the announcer's side gives them
                q = self.quote_at(verb, ("indirect", "direct", "partial"))
                source = self.entity_actor(q.speaker_entity) if q else None
            return source, self.actor(self.subject(verb))
        subj = self.subject(verb)
        source = acting or self.actor(subj)
        if source is None and subj is not None and pattern.code[:2] in _PASSIVE_NO_SOURCE:
            source = self.thing_actor(subj)  # "US Predator attacks killed …" → USA
        if source is None:
            return None, None
        tgt = self._target(verb, obj, pattern.targets, source)
        if pattern.required:
            return source, tgt  # only where the pattern says: "met its objective" meets nobody
        # what the pattern names as the object is what is done ("deployed troops"), not to whom
        theme = obj if pattern.objects is not None else None
        if tgt is None and pattern.targets:
            tgt = self._clause_actor(verb, subj, source, theme=theme, code=pattern.code)
        if tgt is None and pattern.targets and (any(t in _PLACE_PREPS for t in pattern.targets)
                                                or pattern.code[:2] in _PLACE_TARGETS):
            tgt = self._clause_actor(verb, subj, source, places=True, theme=theme)  # "arrived in Amman"
        return source, tgt

    def _attacker(self, verb: Any) -> Actor | None:
        """Who carried out the attack a victim was hurt in: "killed in an Israeli strike" → Israel,
        "wounded during a Hamas attack" → Hamas."""
        for c in verb.children:
            if c.dep_ != "prep" or c.lower_ not in ("in", "during", "by"):
                continue
            for att in (g for g in c.children if g.dep_ == "pobj"):
                if not any(p.code[:2] >= "18" for p in noun_patterns(self.ev, att)):
                    continue
                by = self._prep_object(att, ("by",)) or next((g for g in att.children if g.dep_ == "poss"), None)
                found = self.actor(by) if by is not None else None
                return found or self.actor(att) or self.thing_actor(att, places=False)
        return None

    def _place_country(self, verb: Any) -> str | None:
        """The country of the place the verb's clause happens in ("blocked streets in Hong Kong")."""
        owners = [verb, *(c for c in verb.children if c.dep_ in ("dobj", "attr"))]
        for owner in owners:
            for c in owner.children:
                if c.dep_ == "prep" and c.lower_ in ("in", "at", "outside", "across", "throughout"):
                    for g in c.children:
                        ent = self.index.at(g.i) if g.dep_ == "pobj" else None
                        if ent is not None and ent.type in ("GPE", "LOC", "FAC") and ent.country:
                            return ent.country
        return None

    def _demand(self, verb: Any, speaker_verb: Any, inner: str | None) -> Event | None:
        """"Russia said Sudan must return the helicopter": Russia demands it of Sudan."""
        source = self.actor(self.subject(speaker_verb))
        if source is None:
            q = self.quote_at(verb, ("indirect", "direct", "partial"))
            source = self.entity_actor(q.speaker_entity) if q else None
        subj = next(iter(self.subjects_of(verb)), None)
        if subj is not None and subj.lower_ in ("it", "they", "he", "she") and subj.pos_ == "PRON":
            # "issued a reminder to Iraq that it must cooperate": it is the one addressed
            addressee = self._prep_object(speaker_verb, ("to",)) or next(
                (c for c in speaker_verb.children if c.dep_ in ("dobj", "dative")), None)
            if addressee is None and speaker_verb.dep_ == "dobj":
                addressee = self._prep_object(speaker_verb.head, ("to",))
            target = self.actor(addressee) if addressee is not None else None
        else:
            target = self.actor(self.subject(verb))
        if source is None or target is None:
            return None
        return self._event(source, target, eventmods.demand_code(inner), verb)

    def noun_event(self, noun: Any, patterns: list[NounPattern]) -> Event | None:
        poss = next((c for c in noun.children if c.dep_ == "poss"), None)
        src_tok = poss or self._prep_object(noun, ("by",))
        light = None
        slot = noun.head if noun.dep_ == "compound" else noun  # "undertook a mediation mission"
        # "called for a strike", "pressed for sanctions": asked for, not done (the appeal is coded)
        if slot.dep_ in ("dobj", "nsubjpass", "pobj") and not (slot.dep_ == "pobj" and slot.head.lower_ == "for"):
            head = slot.head if slot.dep_ != "pobj" else slot.head.head
            prt = next((c.lower_ for c in head.children if c.dep_ == "prt"), "")
            if slot.dep_ == "pobj":
                prt = slot.head.lower_  # "went on strike"
            lemma = lexicon_lemma(head, self.ev.light_verbs)
            if f"{lemma} {prt}".strip() in self.ev.light_verbs or lemma in self.ev.light_verbs:
                light = head
                if src_tok is None:
                    src_tok = self.subject(head)
        source = self.actor(src_tok) if src_tok is not None else None
        if source is None and poss is not None and light is not None:
            source = self.actor(self.subject(light))  # "X continued their hunger strike"
        if source is None:
            return None
        if light is not None and (eventmods.requested(light) or eventmods.demanded(light) is not None):
            return None
        sector = _sector(source.code)
        pattern = next((p for p in patterns if p.sectors is None or sector in p.sectors), None)
        if pattern is None:
            return None
        target = None
        for prep in pattern.targets:
            # "a welcome to X", or "gave a warm welcome on Thursday to X"
            cand = self._prep_object(noun, (prep,))
            if cand is None and light is not None:
                cand = self._prep_object(light, (prep,))
            target = self.actor(cand) or self.thing_actor(cand) if cand is not None else None
            if target is not None:
                break
        if target is None and light is not None and not pattern.required:
            target = self._clause_actor(light, self.subject(light), source, code=pattern.code)
        if target is None and slot.dep_ == "pobj" and poss is None and self._prep_object(noun, ("by",)) is not None:
            # "Venezuela was hit with sanctions by the United States": the passive's subject
            patient = next((c for c in slot.head.head.children if c.dep_ == "nsubjpass"), None)
            target = self.actor(patient) if patient is not None else None
        if target is None and pattern.required:
            return None
        code = refine(self.ev, pattern.code, list(noun.subtree))
        adjusted = eventmods.adjust(light, code) if light is not None else code
        if adjusted is None:
            return None
        return self._event(source, target, adjusted, noun)

    def _event(self, source: Actor, target: Actor | None, code: str, anchor: Any) -> Event | None:
        if target is not None and not other(target, source):
            target = None  # an actor does not act on itself
        source = self.lent_country(source, target)
        if self.ev.code(code) is None:
            return None
        return make_event(self.doc, self.index, self.ev, source, target, code, anchor)

    def code(self) -> list[tuple[Event, Any]]:
        """The article's events, each with the token that triggered it."""
        events: list[tuple[Event, Any]] = []
        seen: set[tuple[str | None, str | None, str, int]] = set()
        for i, pos in enumerate(token_strings(self.doc).pos):  # a Token only for the words that may be events
            if pos not in ("VERB", "AUX", "NOUN", "PROPN"):
                continue
            tok = self.doc[i]
            found: list[Event] = []
            if pos in ("VERB", "AUX"):
                found = self.verb_events(tok)
            elif patterns := noun_patterns(self.ev, tok):
                ev = self.noun_event(tok, patterns)
                found = [ev] if ev is not None else []
            for ev in found:
                key = (ev.source.code, ev.target.code, ev.cameo[:3], ev.span[0])
                if key not in seen:
                    seen.add(key)
                    events.append((ev, tok))
        return eventmods.unframed(events)


def _modifier(tok: Any) -> bool:
    """Whether ``tok`` only modifies the noun after it ("army" in "army officers"): the phrase is
    resolved at its head."""
    return bool(tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ in ("NOUN", "PROPN"))


def _sector(code: str | None) -> str | None:
    """The sector part of an actor code (IRQGOV → GOV, LAB → LAB)."""
    if not code:
        return None
    return code[3:6] if len(code) >= 6 else code[-3:]


def make_event(doc: Any, index: EntityIndex, ev: EventLexicon, source: Actor, target: Actor | None, code: str,
               anchor: Any) -> Event:
    """The record of an event coded at token ``anchor``: its CAMEO table entry (PLOVER type, QuadClass,
    Goldstein; none for a code the table does not know), sentence span and location."""
    entry = ev.code(code)
    s, e = sentence_span(doc, sentence(anchor))
    return Event(source=source, target=target or Actor(), cameo=code, plover=entry.plover if entry else None,
                 quad_class=entry.quad_class if entry else None, goldstein=entry.goldstein if entry else None,
                 location=event_location(index, anchor), text=doc_text(doc)[s:e], span=(s, e))


def dictionary_events(doc: Any, index: EntityIndex, ev: EventLexicon, dicts: Dictionaries,
                      date: int | None) -> list[tuple[Event, Any]]:
    """Events coded with an analyst's PETRARCH dictionaries (see ``petrcoder``); each actor keeps the
    words of its noun phrase and, when spaCy found one there, the entity it names."""
    out = []
    for c in code_sentences(doc, dicts, date):
        out.append((make_event(doc, index, ev, _member_actor(c.source, index),
                               _member_actor(c.target, index) if c.target else None, c.code, c.anchor), c.anchor))
    return out


def _member_actor(m: Member, index: EntityIndex) -> Actor:
    ent = index.at(m.head.i)
    return Actor(name=np_text(m.head), entity=ent.id if ent else None, code=m.code)


def anchored_events(doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, ev: EventLexicon,
                    quotes: list[Quote], dicts: Dictionaries | None = None, date: int | None = None
                    ) -> list[tuple[Event, Any]]:
    """The article's events, each with its trigger token: coded with the analyst's PETRARCH
    dictionaries when ``dicts`` is given, else with the built-in lexicons."""
    if dicts is not None:
        return dictionary_events(doc, index, ev, dicts, date)
    return Coder(doc, index, resolver, lex, ev, quotes).code()


def code_events(doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, ev: EventLexicon,
                quotes: list[Quote], dicts: Dictionaries | None = None, date: int | None = None) -> list[Event]:
    """The article's events (see :func:`anchored_events`)."""
    return [e for e, _ in anchored_events(doc, index, resolver, lex, ev, quotes, dicts, date)]
