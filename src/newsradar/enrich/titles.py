"""Titles and roles: "Iraqi Prime Minister Haider al-Abadi", "Kerry, the U.S. secretary of state,".

A title is the run of words right before a name, or an apposition beside it, that ends in a role from
``data/roles.tsv``. Country words at its start ("Iraqi", "U.S.", "Iraq's") give the person's country
and are not part of the role; other words stay in it ("Defense Secretary", "State Department
spokeswoman").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsradar.enrich.lexicons import Lexicons, Role, norm
from newsradar.enrich.places import Gazetteer

_LINKS = {"of", "for", "the", "and", "-", "'s", "’s"}
_STOP_BEFORE = {"the", "a", "an", "former", "then", "acting", "interim", "outgoing", "incoming", "new"}


@dataclass(frozen=True, slots=True)
class Title:
    role: str  # as written, without country words
    lexeme: Role  # the lexicon entry it ends in
    country: str | None  # ISO alpha-3 named in the title
    start: int  # first token of the whole title (country words included)
    role_start: int  # first token of the role proper
    end: int  # token after the title


def country_of_tokens(tokens: list[Any], gaz: Gazetteer) -> tuple[str | None, int]:
    """Country named by the leading tokens (``Iraqi``, ``U.S.``, ``South Korean``, ``Iraq 's``) and how
    many tokens it spans."""
    for n in (3, 2, 1):
        if len(tokens) < n:
            continue
        text = "".join(t.text_with_ws for t in tokens[:n]).strip()
        iso3 = gaz.demonym(text) or gaz.country(text)
        if iso3:
            used = n
            if len(tokens) > n and tokens[n].text in ("'s", "’s"):
                used += 1
            return iso3, used
    return None, 0


def _is_title_word(tok: Any, vocab: set[str]) -> bool:
    text = tok.text
    if tok.is_space or not text.strip():
        return False
    low = norm(text)
    if low in vocab or text in _LINKS or tok.tag_ == "POS":
        return True
    if tok.is_punct and text not in (".",):
        return False
    return text[:1].isupper() and tok.pos_ in ("PROPN", "NOUN", "ADJ") and tok.ent_type_ != "PERSON"


def _match_role(words: list[str], lex: Lexicons) -> tuple[Role, int] | None:
    """The longest known role that the word list ends with, and the index where it starts."""
    # a hyphen is a token of its own ("Secretary - General"), a role's key is one word ("secretary-general")
    for k in range(max(0, len(words) - 2 * lex.max_role_words), len(words)):
        role = lex.roles.get(" ".join(words[k:]).replace(" - ", "-"))
        if role is not None:
            return role, k
    return None


def title_before(doc: Any, start: int, lex: Lexicons, gaz: Gazetteer, vocab: set[str]) -> Title | None:
    """The title in the tokens right before token ``start`` (the first token of a name)."""
    i = start
    while i > 0 and start - i < 9 and _is_title_word(doc[i - 1], vocab):
        i -= 1
    while i < start and (doc[i].text in _LINKS or norm(doc[i].text) in _STOP_BEFORE):
        i += 1
    if i >= start:
        return None
    return _title_in(doc, i, start, lex, gaz)


def _country_before(tokens: list[Any], gaz: Gazetteer) -> tuple[str | None, int]:
    """Country named by the last tokens (``Iraqi``, ``U.S.``, ``South Korean``, ``Iraq 's``) and how
    many tokens it spans."""
    tail = tokens[:-1] if tokens and tokens[-1].text in ("'s", "’s") else tokens
    extra = len(tokens) - len(tail)
    for n in (3, 2, 1):
        if len(tail) >= n:
            text = "".join(t.text_with_ws for t in tail[-n:]).strip()
            iso3 = gaz.demonym(text) or gaz.country(text)
            if iso3:
                return iso3, n + extra
    return None, 0


def _title_in(doc: Any, i: int, end: int, lex: Lexicons, gaz: Gazetteer) -> Title | None:
    tokens = [doc[k] for k in range(i, end)]
    country: str | None = None
    # "prime minister of Iraq": a trailing "of <country>" names the country, not the role.
    for k, tok in enumerate(tokens):
        if tok.lower_ == "of" and k + 1 < len(tokens):
            tail, n = country_of_tokens(tokens[k + 1:], gaz)
            if tail and k + 1 + n == len(tokens):
                country = tail
                tokens = tokens[:k]
                break
    if not tokens:
        return None
    found = _match_role([norm(t.text) for t in tokens], lex)
    if found is None:
        return None
    role, k = found
    # Descriptive words before the role belong to it ("Defense Secretary"), countries and names do not.
    j = k
    while j > 0 and k - j < 3:
        t = tokens[j - 1]
        if (t.text in _LINKS or norm(t.text) in _STOP_BEFORE or t.ent_type_ in ("GPE", "PERSON", "LOC", "NORP")
                or gaz.demonym(t.text) or gaz.country(t.text) or not t.text[:1].isupper()):
            break
        j -= 1
    named, n = _country_before(tokens[:j], gaz)
    country = named or country
    text = "".join(t.text_with_ws for t in tokens[j:]).strip()
    start = tokens[j - n].i if n else tokens[j].i
    return Title(text, role, country, start, tokens[j].i, tokens[-1].i + 1)


def title_in_apposition(doc: Any, root: Any, lex: Lexicons, gaz: Gazetteer) -> Title | None:
    """A role said of a name in apposition: "Kerry, the U.S. secretary of state," or "the prime minister,
    Haider al-Abadi,"."""
    for child in root.children:
        if child.dep_ == "appos":
            span = _np_span(child)
            found = _title_in(doc, span[0], span[1], lex, gaz)
            if found:
                return found
    if root.dep_ == "appos" and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        left = min(t.i for t in head.subtree if t.i <= head.i)
        # only the words before the head noun, and the head's own "of X" complement
        end = head.i + 1
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
                end = max(t.i for t in child.subtree) + 1
        if end <= root.i or root.i < left:
            return _title_in(doc, left, min(end, root.i) if root.i > head.i else end, lex, gaz)
    return None


def _np_span(tok: Any) -> tuple[int, int]:
    """The noun phrase of ``tok`` without relative clauses or trailing punctuation."""
    idx = [t.i for t in tok.subtree if t.dep_ not in ("relcl", "acl", "punct") or t.i == tok.i]
    start, end = min(idx), max(idx) + 1
    for t in tok.subtree:
        if t.dep_ in ("relcl", "acl") and t.i > tok.i:
            end = min(end, *(x.i for x in t.subtree))
    return start, end


def role_heads(lex: Lexicons) -> frozenset[str]:
    """The nouns that say what a person is, the heads of the role phrases: "minister", "spokesman";
    "secretary" of "secretary of state", not "state"."""
    heads = set()
    for phrase in lex.roles:
        words = phrase.split()
        cut = next((i for i, w in enumerate(words) if w in _LINKS), len(words))
        if cut:
            heads.add(words[cut - 1])
    return frozenset(heads)


def role_vocabulary(lex: Lexicons) -> set[str]:
    """Every word that appears in some role phrase ("prime", "minister", "secretary", "state", ...)."""
    return {w for phrase in lex.roles for w in phrase.split()}
