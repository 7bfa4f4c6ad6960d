"""Who acts and who is acted on, for the built-in event coder.

A noun phrase stands for an actor when it names an entity with a CAMEO code (a person with a role,
a country, an organisation), when it is a pronoun whose antecedent does (or "I"/"we" inside a quote,
its speaker), a description of an entity's role ("the prime minister"), or a generic group of the
agents lexicon, with the country its modifiers give ("Iraqi forces" → IRQMIL, "Iraq's army" →
IRQMIL, "rebels in Darfur" → SDNREB). A person whose role the text gives without a country takes
the country the phrase names ("Lebanon's new President Elias Hrawi" → LBNGOV), else one the
sentence names as a place or a people's, never a country that is a party of its own ("President
Putin threatened Ukraine" → GOV, not UKRGOV; ``person_country``), nor the target's people's
(``lent_country``).
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.coref import FIRST_PERSON, PERSONAL, Resolver
from newsradar.enrich.entities import EntityIndex
from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.nlp import sentence
from newsradar.record import Actor, Quote

CLIMB = {"xcomp", "acomp", "conj", "advcl"}
_UNRESOLVABLE = {"they", "them", "it", "its", "their", "this", "that", "which", "who", "what", "there",
                 "itself", "themselves", "something", "someone", "anyone", "everyone", "whom"}
_RELATIVE = {"that", "which", "who", "whom"}
_COUNTRY_DEPS = {"amod", "compound", "nmod", "poss", "npadvmod", "appos"}
_PLACE_PREPS = {"in", "of", "from", "throughout", "across", "inside"}
# "thousands of students", "a group of leaders", "the first deployment of troops": the actor is in the "of"
QUANTITY = {"ten", "hundred", "thousand", "million", "dozen", "score", "group", "number", "crowd", "band",
            "contingent", "batch", "patch", "third", "half", "quarter", "majority", "most", "some", "many",
            "deployment", "unit", "delegation", "team", "column", "convoy", "handful", "several", "all", "one",
            "two", "three", "four", "five", "member", "wing", "faction", "leadership", "bunch"}
_IMPERSONAL = {"it", "they", "them"}
# groups that belong where they act (police, crowds, strikers, students), unlike armies and rebels
_LOCAL_SECTORS = {"CVL", "OPP", "LAB", "COP", "EDU", "AGR", "GOV", "LEG", "JUD", "MED", "REL", "BUS", "HLH"}
_WHERE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around"}
_INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC", "UAF"}  # first-level codes that take no country
_GENERIC_SECTORS = {"GOV"}  # "rebel leaders" are rebels, "opposition leaders" opposition
# roles of the state's own forces: "police will …" in a security chief's warning is his side
STATE_FORCES = {"GOV", "MIL", "COP", "SPY", "JUD"}


class ActorFinder:
    def __init__(self, doc: Any, index: EntityIndex, resolver: Resolver, lex: Lexicons, quotes: list[Quote]) -> None:
        self.doc = doc
        self.index = index
        self.resolver = resolver
        self.lex = lex
        self.quotes = quotes
        # (entity, code) of people whose country the sentence lent them from another group's
        # ("Indian officials"), not their own description: a guess that yields to whom the event is
        # aimed at (``lent_country``)
        self.borrowed: set[tuple[str, str]] = set()

    def quote_at(self, tok: Any, kinds: tuple[str, ...]) -> Quote | None:
        for q in self.quotes:
            if q.kind in kinds and q.span[0] <= tok.idx < q.span[1]:
                return q
        return None

    def entity_actor(self, eid: str | None, tok: Any | None = None) -> Actor | None:
        ent = self.index.by_id(eid)
        if ent is None:
            return None
        code = self.index.codes.get(ent.id)
        if code is None:
            # a country or a known organisation spaCy mislabelled ("Sri Lanka" as a PERSON)
            code = self.index.gaz.country(ent.name) or self.lex.org_code(ent.name)
        if code and tok is not None and len(code) == 3 and not self._is_country_code(code) \
                and code not in _INTERNATIONAL:
            # "U.N. mediator Diego Cordovez" → the UN's code; "Lebanon's new President Elias Hrawi":
            # GOV → LBNGOV; else the country the sentence names
            org = self._organization_near(tok)
            country = None if org else self.country_near(tok)
            if country is None and not org:
                if ent.type == "PERSON":
                    country, of_people = self.person_country(tok)
                    if country is not None and of_people:
                        self.borrowed.add((ent.id, country + code))
                else:
                    country = self.sentence_country(tok)
            code = org or (country + code if country else code)
        if code and tok is not None and code.endswith("GOV"):
            # "Union leader Pieter Bakker" leads a union, not a government
            left = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("compound", "amod")]
            specific = next((a for t in left if (a := self.lex.agent(t.lemma_)) is not None
                             and a.sector not in ("GOV", "IGO")), None)
            if specific is not None:
                code = code[:-3] + specific.sector
        return Actor(name=ent.name, entity=ent.id, code=code) if code else None

    def _is_country_code(self, code: str) -> bool:
        return code.upper() in self.index.gaz.countries

    def country_of(self, tok: Any) -> str | None:
        """The country token ``tok`` names: a demonym ("Iraqi", "South Korean") or a place entity
        ("Iraq"); not the object of an "anti-" or "pro-" ("an anti-Syria journalist")."""
        if tok.i >= 2 and tok.doc[tok.i - 1].text == "-" and tok.doc[tok.i - 2].lower_ in ("anti", "pro"):
            return None
        if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].is_currency:
            return None  # "US $50 million"
        country = self.index.country_tokens.get(tok.i)
        compound = next((c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1), None)
        if compound is not None:
            joined = self.index.gaz.demonym(f"{compound.text} {tok.text}")
            country = joined or country
        if country is None and tok.i in self.index.token_entity:
            ent = self.index.at(tok.i)
            if ent is not None and ent.type in ("GPE", "NORP", "LOC"):
                country = ent.country
        return country

    def sentence_country(self, tok: Any) -> str | None:
        """The country named nearest to ``tok`` in its sentence, leaving out countries that qualify
        another person ("South African leader F.W. de Klerk" says nothing of the other actor)."""
        best: tuple[int, str] | None = None
        for t in sentence(tok):
            country = self.country_of(t)
            if country is None or t.i in {x.i for x in tok.subtree} or t.ent_type_ in ("MONEY", "CARDINAL"):
                continue
            head = t.head
            if t.dep_ in _COUNTRY_DEPS and head.i != t.i and self._personal(head):
                continue
            if best is None or abs(t.i - tok.i) < best[0]:
                best = (abs(t.i - tok.i), country)
        return best[1] if best else None

    def person_country(self, tok: Any) -> tuple[str | None, bool]:
        """The country a person with a role and no country of their own is taken to serve, and
        whether it is a people's rather than a place's: one the sentence names as a place ("students
        throughout Indonesia", "a curfew in Sudan", a dateline) or as a people's or a group's
        ("Egyptian demonstrators"), nearest first; never a country that is an actor of its own
        ("President Putin threatened Ukraine", "called for sanctions against Nigeria", "said Russia
        would …"), which is another party, not the person's employer."""
        best: tuple[int, str, bool] | None = None
        inside = {x.i for x in tok.subtree}
        for t in sentence(tok):
            country = self.country_of(t)
            if country is None or t.i in inside or t.ent_type_ in ("MONEY", "CARDINAL"):
                continue
            people = t.dep_ in _COUNTRY_DEPS and t.dep_ != "appos" and not self._where(t)
            if people and t.head.i != t.i and self._personal(t.head):
                continue  # "South African leader F.W. de Klerk" says nothing of the other person
            if not people and not self._where(t):
                continue
            if best is None or abs(t.i - tok.i) < best[0]:
                best = (abs(t.i - tok.i), country, people)
        return (best[1], best[2]) if best else (self._dateline_country(tok), False)

    def _where(self, tok: Any) -> bool:
        """Whether ``tok`` (or the phrase it is part of: "the city of Kirkuk", "Christian east
        Beirut") is where something is, the object of "in", "at", "throughout" …."""
        for t in (tok, *tok.ancestors):
            if t.dep_ == "pobj":
                prep = t.head if t.head.lower_ != "of" else t.head.head
                return prep.lower_ in _WHERE_PREPS
            if t.dep_ not in ("compound", "amod", "nmod", "appos", "conj"):
                return False
        return False

    def _dateline_country(self, tok: Any) -> str | None:
        sent = sentence(tok)
        dash = next((t for t in sent[:4] if t.text in ("—", "–", "--")), None)
        if dash is None or dash.i <= sent.start:
            return None
        name = tok.doc[sent.start:dash.i].text.strip(" ,")
        place = self.index.gaz.resolve(name.title() if name.isupper() else name)
        return place.country if place is not None and place.country else None

    def lent_country(self, source: Actor, target: Actor | None) -> Actor:
        """``source`` without the country its sentence lent it when that is the country of the
        target: whom an act is aimed at is another party ("President Obama criticized Syria" is
        no Syrian act; "Prime Minister Sharif met Indian officials" no Indian one)."""
        code, tcode = source.code or "", (target.code or "") if target is not None else ""
        if source.entity and (source.entity, code) in self.borrowed and tcode[:3] == code[:3]:
            return Actor(name=source.name, entity=source.entity, code=code[3:] or None)
        return source

    def _personal(self, tok: Any) -> bool:
        """Whether ``tok`` is a person: a named one or a title ("South African leader")."""
        ent = self.index.at(tok.i)
        if ent is not None and ent.type == "PERSON":
            return True
        return tok.tag_ in ("NN", "NNP") and any(self.lex.role(w) is not None for w in (tok.text, tok.lemma_))

    def sentence_countries(self, tok: Any) -> set[str]:
        """The countries of the places where the sentence says things happen ("police" in a sentence
        about protests in Cairo), outside ``tok``'s phrase; not the countries of other actors
        ("North Korea hacked South Korean army officers" says nothing of where the officers serve)."""
        inside = {x.i for x in tok.subtree}
        out = set()
        dash = next((t for t in sentence(tok)[:4] if t.text in ("—", "–", "--")), None)
        if dash is not None and dash.i > sentence(tok).start:  # a dateline: "CAIRO — …"
            name = tok.doc[sentence(tok).start:dash.i].text.strip(" ,")
            place = self.index.gaz.resolve(name.title() if name.isupper() else name)
            if place is not None and place.country:
                out.add(place.country)
        for t in sentence(tok):
            if t.i in inside or t.dep_ != "pobj":
                continue
            prep = t.head if t.head.lower_ != "of" else t.head.head
            if prep.lower_ not in _WHERE_PREPS:
                continue
            for place in (t, *(c for c in t.subtree if c.dep_ in ("pobj", "appos", "compound"))):
                ent = self.index.at(place.i)
                if ent is not None and ent.type in ("GPE", "LOC", "FAC") and ent.country:
                    out.add(ent.country)
                    break
        return out

    def thing_actor(self, tok: Any, places: bool = True) -> Actor | None:
        """The country of a thing a country modifies: "Iraqi towns" → IRQ, "Israel's tanks" → ISR;
        with ``places``, also where it is ("villages in Kashmir"), which says nothing of whose
        "relations in Beijing" or "a strike in Lebanon" are."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        country = self.country_near(tok, places)
        return Actor(name=self.resolver.refer(tok).name, entity=None, code=country) if country else None

    def country_near(self, tok: Any, places: bool = True) -> str | None:
        """The country a noun phrase's modifiers name: "Iraqi forces", "Iraq's army", "the army of
        Iraq", "rebels in Darfur" (``places``)."""
        for c in tok.children:
            if c.dep_ in _COUNTRY_DEPS:
                found = self.country_of(c) or (self.country_near(c) if c.dep_ in ("compound", "poss") else None)
                if found:
                    return found
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in _PLACE_PREPS and (places or c.lower_ in ("of", "from")):
                for g in c.children:
                    if g.dep_ == "pobj":
                        found = self.country_of(g) or self.country_near(g)
                        if found:
                            return found
        return None

    def actor(self, tok: Any, depth: int = 0) -> Actor | None:
        """The actor the phrase headed by ``tok`` stands for, or ``None``."""
        if tok is None or depth > 4:
            return None
        low = tok.lower_
        pronoun = tok.pos_ == "PRON" or tok.tag_ in ("PRP", "PRP$", "WP", "WDT", "DT")  # "us", not "US"
        if pronoun and low in FIRST_PERSON:
            q = self.quote_at(tok, ("direct", "partial"))
            return self.entity_actor(q.speaker_entity) if q else None
        if pronoun and low in PERSONAL:
            ent = self.resolver.pronoun(tok)
            return self.entity_actor(ent.id, tok) if ent else None
        if pronoun and low in _UNRESOLVABLE:
            return None
        eid = self.index.token_entity.get(tok.i)
        if eid is None and tok.dep_ == "compound" and tok.head.i in self.index.token_entity:
            return self.actor(tok.head, depth + 1)  # "President" in "President Hosni Mubarak"
        if eid is None and not (tok.pos_ == "NOUN" and self.lex.agent(tok.lemma_)):
            # "Islamic State fighters" are the Islamic State's; "Ugandan minister" is a minister
            eid = next((self.index.token_entity[c.i] for c in tok.children
                        if c.dep_ in ("compound", "nmod") and c.i in self.index.token_entity), None)
        if eid is not None:
            found = self.entity_actor(eid, tok)
            if found is not None:
                return found
        for t in (tok, *(c for c in tok.children if c.dep_ in ("compound", "nmod"))):
            org = self.lex.org_code(t.text) if t.pos_ == "PROPN" else None
            if org:  # an organisation of the lexicon spaCy did not tag ("the Hizbollah group")
                return Actor(name=t.text, entity=None, code=org)
        if tok.lemma_.lower() in QUANTITY or tok.pos_ == "NUM":
            of = self._of_object(tok)
            if of is not None:
                return self.actor(of, depth + 1)  # "thousands of Iraqi Kurds"
        agent = self.lex.agent(tok.lemma_) if tok.pos_ in ("NOUN", "PROPN") else None
        if agent is None and tok.pos_ in ("NOUN", "PROPN"):
            # "opposition groups", "security forces": the agent is the modifier
            agent = next((a for c in tok.children if c.dep_ == "compound" and (a := self.lex.agent(c.lemma_))), None)
        poss = next((c for c in tok.children if c.dep_ == "poss"), None)
        if agent is None and poss is not None and tok.pos_ == "NOUN":
            return self.actor(poss, depth + 1)  # "Al-Abadi's comments" → Al-Abadi
        if agent is not None:
            sector = agent.sector
            if sector in _GENERIC_SECTORS:
                # "rebel leaders", "leaders of the opposition coalition": the group's sector
                near = [c for c in tok.children if c.dep_ in ("compound", "amod")]
                of = self._of_object(tok)
                if of is not None:
                    near += [of, *(c for c in of.children if c.dep_ in ("compound", "amod"))]
                modifier = next((a for c in near if (a := self.lex.agent(c.lemma_)) is not None), None)
                sector = modifier.sector if modifier is not None else sector
            return self.agent_actor(tok, sector)
        country = self.index.country_tokens.get(tok.i)
        if country and tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS"):
            # "Palestinians"; a people where it lives takes that country ("ethnic Albanians in Serbia")
            home = self._residence(tok)
            return Actor(name=tok.text, entity=None, code=home or country)
        if tok.pos_ == "NOUN" and any(c.lower_ == "the" for c in tok.children):
            ent = self.resolver.by_role(tok)
            if ent is not None:
                return self.entity_actor(ent.id)
        conj = next((c for c in tok.children if c.dep_ == "conj"), None)
        return self.actor(conj, depth + 1) if conj is not None else None

    def _residence(self, tok: Any) -> str | None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for g in c.children:
                    ent = self.index.at(g.i) if g.dep_ == "pobj" else None
                    if ent is not None and ent.type in ("GPE", "LOC") and ent.country:
                        return ent.country
        return None

    def _of_object(self, tok: Any) -> Any | None:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                return next((g for g in c.children if g.dep_ == "pobj"), None)
        return None

    def agent_actor(self, tok: Any, sector: str) -> Actor:
        """A generic actor: "Iraqi forces" → IRQMIL, "Iraq's army" → IRQMIL, "foreign allies" → IGO,
        "NATO troops" → NATO's code."""
        country = self.country_near(tok) or self._possessor_country(tok)
        if country is None:
            org = self._organization_near(tok)
            if org and self._is_country_code(org):
                country = org  # an organisation of a country: "Montenegro Municipality Association officials"
            elif org:
                return Actor(name=self.resolver.refer(tok).name, entity=None, code=org)
            named = self.sentence_countries(tok) if sector in _LOCAL_SECTORS else set()
            country = next(iter(named)) if len(named) == 1 else None  # "police" in a sentence about Cairo
        code = "IGO" if sector == "IGO" else (country or "") + sector
        return Actor(name=self.resolver.refer(tok).name, entity=None, code=code)

    def _possessor_country(self, tok: Any) -> str | None:
        """The country "its" or "their" stands for: the subject of the clause ("Turkey withdrew its
        troops"), or of the clause that reports it ("Turkey denied that its troops had attacked")."""
        if not any(c.dep_ == "poss" and c.lower_ in ("its", "their") for c in tok.children):
            return None
        verb = tok.head
        if tok.dep_ in ("nsubj", "nsubjpass"):
            if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head.i == verb.i:
                return None
            verb = verb.head
        subj = self.subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None or subj.i == tok.i or subj.lower_ in _UNRESOLVABLE:
            return None
        owner = self.actor(subj)
        code = owner.code if owner is not None else None
        return code[:3] if code and self._is_country_code(code[:3]) else None

    def _organization_near(self, tok: Any) -> str | None:
        """The code of an organisation that modifies ``tok`` ("UN peacekeepers", "troops of NATO")."""
        near = [t for t in tok.subtree if t.i < tok.i and t.dep_ in ("compound", "nmod", "poss")]
        near += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "from")
                 for g in c.children if g.dep_ == "pobj"]
        near += [t for c in tok.children if c.dep_ == "appos" for t in c.subtree if t.dep_ in ("compound", "nmod")]
        for c in near:
            ent = self.index.at(c.i)
            code = self.index.codes.get(ent.id) if ent is not None and ent.type == "ORG" else None
            code = code or (self.lex.org_code(c.text) if c.pos_ == "PROPN" else None)
            if code and (len(code) > 3 or (ent is not None and ent.type == "ORG" and self._is_country_code(code))):
                return code
        return None

    def speaks_for(self, speech: Any, verb: Any, actor: Actor | None) -> bool:
        """Whether whoever says what ``actor`` may do (``verb``) speaks for it: the actor itself, its
        country (its minister, its army) or a member of the organisation it is."""
        subj = self.subject(speech)
        speaker = self.actor(subj)
        q = self.quote_at(verb, ("indirect", "direct", "partial")) if speaker is None else None
        if q is not None:
            speaker = self.entity_actor(q.speaker_entity)
        if speaker is None:
            # a named speaker the text does not place ("Hans van den Broek said") is taken to speak
            # for the actor; "analysts", "experts", "sources" do not
            return bool((q is not None and q.speaker_entity) or (subj is not None and self.index.at(subj.i)))
        if actor is None:
            return False
        if speaker.entity and speaker.entity == actor.entity:
            return True
        a, b = speaker.code or "", actor.code or ""
        return bool(a and b and (a[:3] == b[:3] or b.startswith("IGO")))

    def same_side(self, actor: Actor, source: Actor) -> bool:
        """Whether ``actor`` is ``source`` or on its side: the same actor or country (Turkey and
        Turkey's army, Egypt's police and its security chief), or the state's forces when ``source``
        is the state or one of its officials."""
        if not other(actor, source):
            return True
        code, own = actor.code or "", source.code or ""
        if len(code) >= 3 and code[:3] == own[:3] and code[:3] in self.index.gaz.countries:
            return True
        return code in STATE_FORCES and self.state(source)

    def state(self, actor: Actor) -> bool:
        """Whether ``actor`` is a state or one of its authorities (its government, forces, courts)."""
        code = actor.code or ""
        return code[-3:] in STATE_FORCES or code in self.index.gaz.countries

    # --- roles --------------------------------------------------------------------------
    def subjects_of(self, tok: Any) -> list[Any]:
        """``tok``'s subjects, also those the parser hung on its auxiliary ("X was criticized")."""
        own = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if own:
            return own
        return [g for c in tok.children if c.dep_ in ("aux", "auxpass") for g in c.children
                if g.dep_ in ("nsubj", "nsubjpass")]

    def subject(self, verb: Any) -> Any | None:
        """The subject of ``verb``: its own (one that is an actor when the parse gives several), else
        inherited through control (the object of "urged Bree to help" helps), coordination and
        relative clauses ("the woman who shot" → the woman)."""
        tok = verb
        for _ in range(5):
            subjects = self.subjects_of(tok)
            if subjects:
                subj = next((s for s in subjects if self.actor(s) is not None), subjects[0])
                if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    return tok.head
                if subj.lower_ in _IMPERSONAL and tok.dep_ in ("ccomp", "xcomp", "advcl", "conj") \
                        and tok.head.i != tok.i:
                    tok = tok.head  # "Iraq said it would allow": it = Iraq
                    continue
                return subj
            head = tok.head
            if tok.dep_ == "xcomp" and head.i != tok.i:
                obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None and head.lemma_.lower() not in ("promise", "offer", "vow", "pledge"):
                    return obj  # object control: "urged Bree to help" → Bree helps
            if tok.dep_ in CLIMB and head.i != tok.i:
                tok = head
            elif tok.dep_ == "pcomp" and head.head.i != head.i:
                if head.head.pos_ in ("VERB", "AUX"):
                    tok = head.head  # "resorted to throwing stones": who resorted throws
                    continue
                noun = head.head  # "efforts in defeating X": the efforts' possessor acts
                return next((c for c in noun.children if c.dep_ == "poss"), None)
            else:
                return None
        return None


def other(a: Actor, b: Actor) -> bool:
    """Whether ``a`` is another actor than ``b``: another entity (two people may share a code), else
    another code; a country and a thing of that country (Ethiopia, an Ethiopian dam) are one."""
    if a.entity and b.entity and a.entity != b.entity:
        return not (a.code == b.code and a.code is not None and len(a.code) == 3)
    if a.code == b.code and a.code is not None and len(a.code) > 3 and bare(a.name) != bare(b.name):
        return True  # "Sudan's army was attacked by the Rapid Support Forces": two armed forces of Sudan
    return a.code != b.code


def bare(name: str | None) -> str:
    low = (name or "").lower()
    return low[4:] if low.startswith("the ") else low
