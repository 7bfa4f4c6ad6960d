"""Entities: one per real-world referent, however many surface forms the article uses.

spaCy's mentions are the raw material. They are cleaned (determiners and possessives off, title
words such as "State" in "Secretary of State" dropped), made consistent across the document (a name
tagged once is a name wherever it recurs: "one sense per discourse"), and clustered
(``entity_clusters``): a surname joins the full name it ends ("al-Abadi" → "Haider al-Abadi")
whatever label spaCy gave it; places join by what the gazetteer resolves them to ("U.S." = "United
States"); acronyms join their expansions, and an organisation's short form its full name ("Apple" →
"Apple Inc."). Honorifics are not part of a name and tell namesakes apart by gender ("Ms Berg" is
Anna Berg, not Lars Berg: see ``Cluster.votes``). Collective actors the agents lexicon marks (e.g.
"the coalition") become entities when the article refers to them more than once. Each referent's
record (name, aliases, role, country, actor code, salience) is made here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from newsradar.enrich.entity_clusters import Cluster, cluster, collectives, key
from newsradar.enrich.lexicons import Lexicons, norm
from newsradar.enrich.mentions import (
    Mention,
    drop_headline_guesses,
    gazetteer_mentions,
    honorific_before,
    honorific_mentions,
    kind_relabel,
    relabel,
    span_text,
    strip_honorific,
    trim,
)
from newsradar.enrich.nlp import doc_text, token_strings
from newsradar.enrich.places import Gazetteer
from newsradar.enrich.titles import Title, role_heads, role_vocabulary, title_before, title_in_apposition
from newsradar.record import Entity, Location

KEEP = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
_DETS = {"the", "a", "an", "this", "that", "these", "those"}
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(slots=True)
class EntityIndex:
    """The article's entities and where each one is mentioned, by token."""

    entities: list[Entity]
    token_entity: dict[int, str]
    codes: dict[str, str | None]
    sectors: dict[str, str | None]
    country_tokens: dict[int, str]
    locations: list[Location]
    gaz: Gazetteer  # the one the entities were resolved with, a user's names included
    genders: dict[str, str] = field(default_factory=dict)  # person's id → "m"/"f", where the text says

    def by_id(self, eid: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == eid), None) if eid else None

    def at(self, token_i: int) -> Entity | None:
        return self.by_id(self.token_entity.get(token_i))

    def in_span(self, start: int, end: int, prefer: int | None = None) -> Entity | None:
        """The entity mentioned in tokens [start, end), the one at ``prefer`` first."""
        if prefer is not None and prefer in self.token_entity:
            return self.at(prefer)
        for i in range(start, end):
            if i in self.token_entity:
                return self.at(i)
        return None


def _clean(doc: Any, start: int, end: int) -> tuple[int, int]:
    while start < end and (doc[start].lower_ in _DETS or doc[start].is_punct or doc[start].is_space):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].tag_ == "POS"
                           or (doc[end - 1].is_punct and doc[end - 1].text not in (".",))
                           or doc[end - 1].is_space):
        end -= 1
    return start, end


def _raw_mentions(doc: Any) -> list[Mention]:
    out = []
    for ent in doc.ents:
        if ent.label_ not in KEEP:
            continue
        s, e = _clean(doc, ent.start, ent.end)
        # letters of a script without case (a Chinese quotation in an English text) are no name the
        # English model can read: it tagged "中国欢迎合作" a PERSON
        if s < e and any(ch.isupper() or ch.islower() for ch in span_text(doc, s, e)):
            out.append(Mention(s, e, ent.label_, span_text(doc, s, e)))
    return out


def _propagate(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Tag every capitalised recurrence of a name the way its tagged occurrences are mostly tagged."""
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    words: dict[str, list[str]] = {}
    for m in mentions:
        toks = [t.text for t in doc[m.start:m.end] if not t.is_space]
        if m.text[:1].isupper() and len(m.text) > 1 and toks:
            labels[key(m.text)][m.label] += 1
            words.setdefault(key(m.text), toks)
        if m.label == "PERSON" and len(toks) >= 2:
            # "Haider al-Abadi": the surname is everything after the first name, particles included
            labels[key(" ".join(toks[1:]))]["PERSON"] += 1
            words.setdefault(key(" ".join(toks[1:])), toks[1:])
    if not labels:
        return mentions
    matcher = PhraseMatcher(doc.vocab, attr="LOWER")
    for k, toks in words.items():
        matcher.add(k, [Doc(doc.vocab, words=toks)])
    covered = {i: m for m in mentions for i in range(m.start, m.end)}
    added: list[Mention] = []
    for match_id, s, e in sorted(matcher(doc), key=lambda x: (x[1], -(x[2] - x[1]))):
        surface = span_text(doc, s, e)
        if not any(ch.isupper() for ch in surface):
            continue  # "state" is not "State": only capitalised recurrences are names
        overlapping = {id(covered[i]): covered[i] for i in range(s, e) if i in covered}
        if any(o.end - o.start >= e - s for o in overlapping.values()):
            continue
        for o in overlapping.values():
            o.end = o.start  # a shorter mention inside the name ("Islamic" in "Islamic State") goes
        label = labels[doc.vocab.strings[match_id]].most_common(1)[0][0]
        m = Mention(s, e, label, surface)
        added.append(m)
        for i in range(s, e):
            covered[i] = m
    return sorted((m for m in mentions + added if m.end > m.start), key=lambda m: m.start)


def _repair(doc: Any, mentions: list[Mention]) -> list[Mention]:
    """Fix spaCy's commonest boundary errors: a modifier tagged without the proper noun it qualifies
    ("Islamic" in "the Islamic State" is an ORG name, not a NORP), and NORP labels on codes ("M16")."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    out = []
    for m in mentions:
        e = m.end
        while (e < len(doc) and e not in taken and doc[e - 1].dep_ == "compound" and doc[e].pos_ == "PROPN"
               and doc[e].text[:1].isupper()):
            e += 1
        fixed = m
        if e > m.end:
            taken.update(range(m.end, e))
            fixed = Mention(m.start, e, "ORG" if m.label == "NORP" else m.label, span_text(doc, m.start, e))
        if fixed.label == "NORP" and any(ch.isdigit() for ch in fixed.text):
            continue
        out.append(fixed)
    return out


def resolve(doc: Any, lex: Lexicons, gaz: Gazetteer) -> EntityIndex:
    """Find the article's entities in ``doc``."""
    vocab = role_vocabulary(lex)
    heads = role_heads(lex)
    titles: dict[int, Title] = {}
    title_tokens: set[int] = set()
    mentions: list[Mention] = []
    kinds: dict[str, str] = {}  # names a noun before them said the kind of ("the club Atalanta")
    honorifics: dict[int, str] = {}  # name's first token → the gender its honorific says
    for repaired in _repair(doc, _raw_mentions(doc)):
        raw = trim(doc, repaired)
        if raw is None:
            continue
        cued = kind_relabel(doc, raw, heads)
        if cued is not raw:
            kinds[key(cued.text)] = cued.label
        raw, gender = strip_honorific(doc, relabel(cued, gaz))
        if gender:
            honorifics[raw.start] = gender
        m = raw
        if raw.label == "PERSON":
            split = _split_title(doc, raw, lex, gaz, vocab, titles)
            if split is None:
                continue
            m = split
            t = titles.get(m.start)
            if t:
                title_tokens.update(range(t.role_start, t.end))
        mentions.append(m)
    # "State" in "Secretary of State", "Defense" in "Defense Secretary" are titles, not names
    mentions = [m for m in mentions
                if m.label == "PERSON" or not all(i in title_tokens for i in range(m.start, m.end))]
    taken = {i for m in mentions for i in range(m.start, m.end)} | title_tokens
    found = gazetteer_mentions(doc, taken, gaz)
    taken |= {i for m in found for i in range(m.start, m.end)}
    mentions = sorted(mentions + found + honorific_mentions(doc, taken, vocab), key=lambda m: m.start)
    final = []
    for m in _propagate(doc, mentions):
        if m.label != "PERSON" and any(i in title_tokens for i in range(m.start, m.end)):
            continue
        kind = kinds.get(key(m.text), m.label)  # the document said once what it is: so it is throughout
        gender = honorifics.get(m.start) or honorific_before(doc, m.start)
        if gender and not gaz.country(m.text):
            kind = "PERSON"  # "Mrs Dubois" is a person whatever the model guessed
            honorifics[m.start] = gender
        final.append(m if kind == m.label else Mention(m.start, m.end, kind, m.text))
    final = drop_headline_guesses(doc, final, gaz)
    country_tokens = {i: iso3 for i, word in enumerate(token_strings(doc).words)
                      if word[:1].isupper() and (iso3 := gaz.demonym(word)) is not None}
    clusters = cluster(doc, final, gaz, honorifics)
    clusters += collectives(doc, lex, {i for m in final for i in range(m.start, m.end)})
    for c in clusters:
        if c.label == "PERSON":
            c.title = _best_title(doc, c, titles, lex, gaz)
    return _build(doc, clusters, lex, gaz, country_tokens)


def _split_title(doc: Any, m: Mention, lex: Lexicons, gaz: Gazetteer, vocab: set[str],
                 titles: dict[int, Title]) -> Mention | None:
    """Move title words spaCy put inside a PERSON mention out of it, and read the title before it."""
    s = m.start
    while s < m.end - 1 and (norm(doc[s].text) in vocab and norm(doc[s].text) not in {"of", "the"}):
        s += 1
    if s >= m.end:
        return None
    m = Mention(s, m.end, "PERSON", span_text(doc, s, m.end))
    found = title_before(doc, s, lex, gaz, vocab)
    if found:
        titles[s] = found
    return m


def _best_title(doc: Any, c: Cluster, titles: dict[int, Title], lex: Lexicons, gaz: Gazetteer) -> Title | None:
    found = [titles[m.start] for m in c.mentions if m.start in titles]
    for m in c.mentions:
        appos = title_in_apposition(doc, doc[m.end - 1], lex, gaz)
        if appos:
            found.append(appos)
    if not found:
        return None
    with_country = [t for t in found if t.country]
    return (with_country or found)[0]


def _name(c: Cluster) -> str:
    if c.place is not None and c.place.kind in ("country", "region", "state"):
        return c.place.name
    texts = [m.text for m in c.mentions]
    if c.collective:
        return c.collective
    counts = Counter(texts)
    return max(texts, key=lambda t: (len(t.split()), counts[t], -texts.index(t)))


def _build(doc: Any, clusters: list[Cluster], lex: Lexicons, gaz: Gazetteer,
           country_tokens: dict[int, str]) -> EntityIndex:
    clusters = sorted((c for c in clusters if c.mentions), key=lambda c: c.first)
    text = doc_text(doc)
    first_para_end = text.find("\n\n")
    first_para_end = len(text) if first_para_end < 0 else first_para_end
    weights = []
    for c in clusters:
        w = 0.0
        for m in c.mentions:
            w += 2.0 if doc[m.start].idx < first_para_end else 1.0
        weights.append(w)
    total = sum(weights) or 1.0
    entities: list[Entity] = []
    token_entity: dict[int, str] = {}
    codes: dict[str, str | None] = {}
    sectors: dict[str, str | None] = {}
    locations: list[Location] = []
    genders: dict[str, str] = {}
    for n, (c, w) in enumerate(zip(clusters, weights, strict=True), 1):
        eid = f"e{n}"
        if c.label == "PERSON" and c.gender:
            genders[eid] = c.gender
        name = _name(c)
        surfaces = [m.text for m in c.mentions]
        aliases = sorted({t for t in surfaces if t != name}, key=surfaces.index)
        role, country, sector = _role_country(doc, c, lex, gaz, country_tokens)
        label = "PERSON" if c.label == "PERSON" else c.label
        spans = sorted({(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text)) for m in c.mentions})
        entities.append(Entity(eid, name, label, aliases, role, country, list(spans), round(w / total, 3)))
        for m in c.mentions:
            if c.nation and doc[m.end - 1].dep_ in ("amod", "compound"):
                continue  # "Iraqi forces": the nationality is an attribute of the actor, not the actor
            for i in range(m.start, m.end):
                token_entity[i] = eid
        sectors[eid] = sector
        codes[eid] = _code(c, name, country, sector, lex)
        if c.place is not None:
            p = c.place
            locations.append(Location(p.name, p.country, p.lat, p.lon, len(c.mentions)))
    locations.sort(key=lambda loc: -loc.mentions)
    return EntityIndex(entities, token_entity, codes, sectors, country_tokens, locations, gaz, genders)


def _role_country(doc: Any, c: Cluster, lex: Lexicons, gaz: Gazetteer, country_tokens: dict[int, str]
                  ) -> tuple[str | None, str | None, str | None]:
    if c.place is not None:
        return None, c.place.country, None
    if c.nation is not None:
        return None, c.nation, None
    if c.label == "PERSON":
        t = c.title
        if t is None:
            return None, None, None
        return t.role, t.country or t.lexeme.default_country, t.lexeme.sector
    code = lex.org_code(_name(c))
    if code:
        return None, code[:3] if gaz.countries.get(code[:3]) else None, code[3:6] or None
    # "Iraqi Army", "U.S. military", "coalition": a country word inside or right before the mention
    for m in c.mentions:
        for i in range(max(0, m.start - 2), m.end):
            if i in country_tokens:
                return None, country_tokens[i], None
    if c.collective:
        agent = lex.agent(c.collective)
        return None, None, agent.sector if agent else None
    for m in c.mentions:
        iso3 = next((gaz.country(w) for w in m.text.split() if gaz.country(w)), None)
        if iso3:
            return None, iso3, None
    return None, None, None


def _code(c: Cluster, name: str, country: str | None, sector: str | None, lex: Lexicons) -> str | None:
    """The CAMEO actor code: country + sector (IRQGOV), an organisation's own code, or a bare sector."""
    own = lex.org_code(name)
    if own:
        return own
    if c.collective and sector == "IGO":
        return "IGO"
    if country and sector:
        return country + sector
    return country or sector
