"""Actor codes of noun phrases, from an analyst's actor and agent dictionaries.

A sentence is cut into upper-case words (the pieces :func:`petrtext.split_word` makes), and every
actor and agent phrase of the dictionaries is looked for in it, longest first. A noun phrase's code
is then built as PETRARCH builds it: its actor's code, with the codes of its agents added after
(``~GOV``) or before (``NGO~``) unless the actor's code already holds them ("Gondor's government" →
GONGOV, "MSF Arnor diplomat" → NGOARNGOV, "students" alone → ---EDU). A coordination is several
actors ("Fornost and Gondor"), and a member that names only an agent shares the actor of its
neighbour ("Danish media and government" → DNKMED, DNKGOV). Actor phrases match only where the
words a ``_`` joins are consecutive; a blank lets a few modifiers come between ("Ithilen state-run
television").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsradar.enrich.petractors import Actor as DictActor
from newsradar.enrich.petractors import Agent
from newsradar.enrich.petrdict import Dictionaries
from newsradar.enrich.petrtext import Phrase, split_word

NULL = "---"
_MAX_GAP = 3
_GAP_POS = {"ADJ", "NOUN", "PROPN", "ADV", "NUM", "PUNCT", "VERB"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_SUBCLAUSES = {"relcl", "acl", "appos", "advcl", "parataxis", "ccomp", "punct"}
_MEMBER_PREPS = {"of", "from", "in"}


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # first token
    end: int  # token after the last
    codes: tuple[str, ...] = ()
    agent: Agent | None = None


@dataclass(frozen=True, slots=True)
class Member:
    """One actor of a noun phrase: its code and the token that heads it."""

    code: str
    head: Any


class Words:
    """A sentence as the upper-case words dictionaries are matched against, each with its token."""

    def __init__(self, sent: Any) -> None:
        self.words: list[str] = []
        self.tokens: list[Any] = []
        self.first: dict[int, int] = {}
        for tok in sent:
            if tok.is_space:
                continue
            self.first[tok.i] = len(self.words)
            for piece in (p for part in tok.text.split("_") if part for p in split_word(part)):
                self.words.append(piece)
                self.tokens.append(tok)

    def __len__(self) -> int:
        return len(self.words)

    def match(self, p: Phrase, at: int) -> int | None:
        """The end (exclusive) of phrase ``p`` matched from word ``at``, or ``None``."""
        i = at
        for n, w in enumerate(p):
            if n == 0:
                if i >= len(self.words) or self.words[i] != w.text:
                    return None
                i += 1
                continue
            limit = i if w.joined else min(len(self.words) - 1, i + _MAX_GAP)
            j = i
            while j <= limit and j < len(self.words) and self.words[j] != w.text:
                if self.tokens[j].pos_ not in _GAP_POS or self.tokens[j].tag_ in _FINITE:
                    return None  # a gap stays inside the noun phrase
                j += 1
            if j > limit or j >= len(self.words):
                return None
            i = j + 1
        return i


def find_mentions(words: Words, dicts: Dictionaries, date: int | None) -> dict[int, Mention]:
    """Actor and agent mentions of the sentence, by token; actors first, agents in what is left."""
    found: dict[int, Mention] = {}
    for kind in ("actor", "agent"):
        index = dicts.actor_index if kind == "actor" else dicts.agent_index
        i = 0
        while i < len(words):
            tok = words.tokens[i]
            if tok.i in found or (kind == "actor" and tok.tag_ in ("PRP", "PRP$")):
                i += 1
                continue
            hit = None
            for p, value in index.get(words.words[i], ()):
                end = words.match(p, i)
                if end is not None and not any(words.tokens[k].i in found for k in range(i, end)):
                    hit = (end, value)
                    break
            if hit is None:
                i += 1
                continue
            end, value = hit
            start_tok, end_tok = tok.i, words.tokens[end - 1].i + 1
            if kind == "actor":
                assert isinstance(value, DictActor)
                m = Mention(start_tok, end_tok, codes=value.codes(date))
            else:
                assert isinstance(value, Agent)
                m = Mention(start_tok, end_tok, agent=value)
            for t in range(start_tok, end_tok):
                found[t] = m
            i = end
    return found


def _is_member(tok: Any) -> bool:
    if tok.dep_ == "conj":
        return bool(tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM", "X"))
    return bool(tok.dep_ == "appos" and any(c.dep_ == "conj" for c in tok.children))


def _adjacent(head: Any, appos: Any) -> bool:
    """Whether the apposition follows its head with no punctuation between them."""
    between = appos.doc[head.i + 1:appos.left_edge.i]
    return appos.i > head.i and not any(t.is_punct for t in between)


def _aligned(code: str, part: str) -> bool:
    return any(code[k:k + len(part)] == part for k in range(3, len(code) - len(part) + 1, 3))


def compose(actor: str | None, agents: list[Agent]) -> str:
    """An actor code with its agents' codes: ARN + ~GOV → ARNGOV, NGO~ + ARN → NGOARN."""
    code = actor or NULL
    before = ""
    for ag in agents:
        if ag.prefix:
            if not code.startswith(ag.code) and ag.code not in before:
                before += ag.code
        elif not _aligned(code, ag.code):
            code += ag.code
    return before + code


class NounPhrases:
    """Codes of the sentence's noun phrases."""

    def __init__(self, words: Words, mentions: dict[int, Mention], new_actor_length: int = 0) -> None:
        self.words = words
        self.mentions = mentions
        self.new_actor_length = new_actor_length

    def conjuncts(self, head: Any) -> list[Any]:
        """The members of the coordination ``head`` heads; an apposition that opens a list
        ("Mordor, the Shire, Fornost and Bree") is a member too."""
        out, stack = [], [head]
        while stack:
            t = stack.pop(0)
            out.append(t)
            stack += [c for c in t.children if _is_member(c)]
        return out

    def own_tokens(self, member: Any) -> list[Any]:
        """The member's tokens: its subtree without coordinated members and without clauses (an
        apposition right after it, with no comma between, belongs to it: "head Minerva McGonagall")."""
        keep, stack = [], [member]
        while stack:
            t = stack.pop()
            keep.append(t)
            for c in t.children:
                if t is member and (c.dep_ == "cc" or _is_member(c)):
                    continue
                if c.dep_ in _SUBCLAUSES and not (c.dep_ == "appos" and _adjacent(t, c)):
                    continue
                stack.append(c)
        return sorted(keep, key=lambda t: t.i)

    def _member(self, member: Any) -> tuple[list[Mention], list[Agent]]:
        toks = self.own_tokens(member)
        ids = {t.i for t in toks}
        actors: list[Mention] = []
        agents: list[Agent] = []
        seen: set[int] = set()
        for t in toks:
            m = self.mentions.get(t.i)
            if m is None or id(m) in seen:
                continue
            seen.add(id(m))
            if m.agent is not None:
                agents.append(m.agent)
            elif not actors or self._coordinated(actors, m, ids):
                actors.append(m)
        return actors, agents

    def _coordinated(self, accepted: list[Mention], other: Mention, ids: set[int]) -> bool:
        """Whether ``other`` is coordinated with the actors already taken: by the parse ("ambassadors
        of Arnor, Osgiliath and Gondor") or, where the parse missed it, by a conjunction between
        nouns ("Fornost and the evil awful Gondor"), not between adjectives ("awful and evil minister")."""
        doc = self.words.tokens[0].doc
        t = doc[other.start:other.end].root
        while t.dep_ == "conj" and t.head.i != t.i and t.head.i in ids:
            t = t.head
            if any(a.start <= t.i < a.end for a in accepted):
                return True
        between = doc[accepted[-1].end:other.start]
        return any((b.dep_ == "cc" or b.lower_ in ("and", "or", "nor")) and b.head.pos_ in ("NOUN", "PROPN")
                   for b in between)

    def coordination(self, tok: Any) -> Any:
        """The first member of the coordination ``tok`` is a member of."""
        t = tok
        for _ in range(8):
            if t.head.i == t.i or not (_is_member(t) or (t.dep_ == "conj" and t.head.dep_ == "appos")):
                break
            t = t.head
        return t

    def codes(self, head: Any) -> list[Member]:
        """The actors of the noun phrase headed by ``head``, one per member of a coordination."""
        if head is None:
            return []
        parts = [(c, *self._member(c)) for c in self.conjuncts(head)]
        parts = self._pp_coordination(parts)
        with_actor = [i for i, (_, actors, _) in enumerate(parts) if actors]
        out: list[Member] = []
        for i, (tok, own, agents) in enumerate(parts):
            actors = own
            if not actors and agents and with_actor:
                near = min(with_actor, key=lambda j: (abs(j - i), -j))
                actors = parts[near][1]
            codes = [c for m in actors for c in m.codes]
            if codes:
                out += [Member(compose(c, agents), tok) for c in codes]
            elif agents and not actors:
                out.append(Member(compose(None, agents), tok))
            elif self.new_actor_length > 0 and not actors:
                text = self.text(tok)
                if text and len(text.split()) <= self.new_actor_length:
                    out.append(Member(f'"{text}"', tok))
        seen: set[str] = set()
        return [m for m in out if not (m.code in seen or seen.add(m.code))]  # type: ignore[func-returns-value]

    def _pp_coordination(self, parts: list[tuple[Any, list[Mention], list[Agent]]]
                         ) -> list[tuple[Any, list[Mention], list[Agent]]]:
        """Read "lawmakers in Fornost and Gondor" as lawmakers in (Fornost and Gondor) when the parse
        made the bare name a member of its own: a member that is only an actor's name joins the
        actor of a preposition that ends the member before it."""
        out: list[tuple[Any, list[Mention], list[Agent]]] = []
        for tok, actors, agents in parts:
            bare = len(actors) == 1 and not agents and tok.pos_ == "PROPN" and \
                all(t.i in self.mentions or t.dep_ == "det" for t in self.own_tokens(tok))
            host = next((p for p in reversed(out) if p[1] and self._in_pp(p[1][-1], p[0])), None)
            if bare and host is not None:
                host[1].append(actors[0])
                continue
            out.append((tok, list(actors), agents))
        return out

    def _in_pp(self, m: Mention, member: Any) -> bool:
        doc = member.doc
        root = doc[m.start:m.end].root
        return bool(root.dep_ == "pobj" and root.right_edge.i == member.right_edge.i and root.i > member.i)

    def text(self, member: Any) -> str:
        toks = [t for t in self.own_tokens(member) if not t.is_punct and t.tag_ != "POS"]
        return " ".join(t.text.upper() for t in toks)

    def head_of(self, tok: Any) -> Any:
        """The head of the noun phrase ``tok`` belongs to ("Gondor's government" → government)."""
        t = tok
        for _ in range(6):
            if t.dep_ in ("compound", "poss", "amod", "nmod", "npadvmod", "nummod", "det") and t.head.i != t.i:
                t = t.head
            elif t.dep_ == "pobj" and t.head.lower_ in _MEMBER_PREPS and t.head.head.pos_ in ("NOUN", "PROPN") \
                    and t.head.head.i != t.i:
                t = t.head.head
            else:
                break
        return t
