"""The search syntax, read once into a tree that every evaluator of a query shares.

A user's words (``newsradar query search``, ``/api/search?q=``, an alert's ``q``, a speaker's name)
are read here into terms, all-of groups with exclusions and any-of groups. The full-text index asks
FTS5 for the tree (:func:`to_fts5`, through ``textindex.to_match``); what is matched in Python (a
speaker's name, checked word by word after the stemming index found it: ``analytics.quotes``)
evaluates the same tree (:func:`holds`), so the two cannot read one query two ways.

The syntax: words are ANDed (``AND`` may be written); ``"quoted phrases"``; a trailing ``*`` is a
prefix; ``OR`` between alternatives; ``NOT`` excludes what the next word or group matches from what
stands before it in its group, and the words after that must match as well (``dock NOT Rotterdam
port``: dock and port, without Rotterdam). NOT and AND bind tighter than OR, as in FTS5: ``ferry OR
hovercraft NOT Calais`` is ferry, or hovercraft without Calais. Parentheses group: ``(ferry OR port)
NOT Calais``, ``strike (port OR dock)``, nested groups, ``(dock NOT Rotterdam) OR ferry``. Around
words that are only ANDed they change nothing (``ferry (NOT Calais)`` is ``ferry NOT Calais``).

What is dropped rather than refused, as other punctuation is: a parenthesis without its partner (a
stray bracket typed or pasted, as in ``Macron (France``, is no reason to fail a search, and which
partner was meant cannot be known), empty quotes and empty groups, an operator with nothing on one
side of it in its group (``dock OR``). What is refused, with InputError saying why and how to write
it: a NOT with nothing to exclude from in its group (first, after OR, or a group beginning with NOT
that is an alternative of its own), since the index can only exclude from something, and a search
that dropped the NOT would look for the very words to exclude; and groups nested deeper than
MAX_DEPTH, since FTS5's parser overflows a little beyond (it refuses 12 levels of some shapes).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from newsradar.errors import InputError
from newsradar.textfold import twin

_TOKEN = re.compile(r'"[^"]*"|[()]|[^\s()]+')
_WORD = re.compile(r"\w+", re.UNICODE)
OPERATORS = ("OR", "NOT", "AND")
MAX_DEPTH = 8
_RULE = "NOT excludes from the words before it what the words after it match (as in 'strike NOT police')"


@dataclass(frozen=True)
class Term:
    """Words that stand together in this order: one word, a "quoted phrase", or a token that
    punctuation splits (``U.S.``); ``prefix``: the one word may go on (``Łódź*``)."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class All:
    """Every part not negated matches and no negated one does; in the order written, the first one
    not negated."""

    parts: tuple[tuple[bool, Node], ...]


@dataclass(frozen=True)
class AnyOf:
    """At least one option matches."""

    options: tuple[Node, ...]


Node = Term | All | AnyOf
# (negated, node, start, end): a part of an all-of group and where the query has it, for messages
_Part = tuple[bool, Node, int, int]


def parse(q: str) -> Node | None:
    """The query as a tree, or None when it holds no words; InputError when it cannot be searched."""
    tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(q)]
    chains = _Reader(q, tokens).group(0, len(tokens), depth=0, before=False, span=None)
    return _tree(chains) if chains[0] else None


def to_fts5(node: Node | None, *, folded: bool) -> str:
    """The tree as an FTS5 expression ("" for None). With ``folded`` (an index with the twins of
    textfold.twin), a term holding ø, ł, ß… is asked for as written or transliterated, and one in
    Chinese or Japanese as written or as the phrase of its characters."""
    return "" if node is None else _render(node, folded, top=True)


def holds(node: Node, has: Callable[[Term], bool]) -> bool:
    """Whether the tree matches, given whether each term does."""
    if isinstance(node, Term):
        return has(node)
    if isinstance(node, AnyOf):
        return any(holds(option, has) for option in node.options)
    return all(holds(part, has) != negated for negated, part in node.parts)


def _render(node: Node, folded: bool, top: bool) -> str:
    if isinstance(node, Term):
        star = "*" if node.prefix else ""
        phrase = '"' + " ".join(node.words) + '"' + star
        alt = twin(" ".join(node.words)) if folded else None
        return f'({phrase} OR "{alt}"{star})' if alt else phrase
    if isinstance(node, AnyOf):  # its options bare: FTS5's NOT and AND bind tighter than OR
        text = " OR ".join(_render(option, folded, top=True) for option in node.options)
        return text if top else f"({text})"
    out: list[str] = []
    after_not = False
    for negated, part in node.parts:
        text = _render(part, folded, top=False)
        if isinstance(part, All):  # excluded together: only an article with all of them is left out
            text = f"({text})"
        if out:
            # FTS5 reads no implicit AND beside a parenthesis, and an implicit AND binds tighter than
            # NOT: "a NOT b c" is a NOT (b AND c), which keeps articles without c; an explicit AND does not
            implicit = not (negated or after_not or out[-1].startswith("(") or text.startswith("("))
            out.append("NOT" if negated else "AND" if not implicit else "")
        out.append(text)
        after_not = negated
    return " ".join(piece for piece in out if piece)


def _tree(chains: list[list[_Part]]) -> Node:
    options: list[Node] = []
    for chain in chains:
        node = chain[0][1] if len(chain) == 1 else All(tuple((negated, n) for negated, n, _, _ in chain))
        options.extend(node.options if isinstance(node, AnyOf) else [node])
    return options[0] if len(options) == 1 else AnyOf(tuple(options))


@dataclass
class _Not:
    """A NOT with nothing to exclude from, refused once what follows it is known."""

    after_or: str | None  # the words before the OR it follows (None: it follows no OR)
    skipped: list[str]  # what stands before it in its group without being words
    left: str | None = field(default=None)  # what it would exclude


class _Reader:
    """Reads one query's tokens group by group; a group's parts keep where the query has them, for
    refusals that quote the user's own words."""

    def __init__(self, q: str, tokens: list[tuple[str, int, int]]) -> None:
        self.q, self.tokens = q, tokens
        self.partner: dict[int, int] = {}  # a balanced "(" by index: its ")"; any other is a stray
        opened: list[int] = []
        for i, (tok, _, _) in enumerate(tokens):
            if tok == "(":
                opened.append(i)
            elif tok == ")" and opened:
                self.partner[opened.pop()] = i

    def group(self, lo: int, hi: int, depth: int, before: bool, span: str | None) -> list[list[_Part]]:
        """The alternatives (all-of chains) of tokens ``lo:hi``. ``before``: the group continues
        words it is ANDed to, so that a NOT may begin it (a chain is empty only until its first part,
        so a NOT that ``before`` lets in begins the first one); ``span``: the group as written (None:
        the whole query)."""
        chains: list[list[_Part]] = [[]]
        op: str | None = None  # the operator since the last part (AND, OR or NOT)
        skipped: list[str] = []
        refused: _Not | None = None
        i = lo
        while i < hi:
            at, (tok, start, end) = i, self.tokens[i]
            close = self.partner.get(i) if tok == "(" else None
            i = close + 1 if close is not None else i + 1
            if close is None and (tok in ("(", ")") or tok in OPERATORS or not _WORD.search(tok)):
                if tok == "NOT" and (op == "OR" or not (chains[-1] or before)):
                    refused = refused or _Not(self._source(chains[-1]) if op == "OR" else None, list(skipped))
                elif tok == "NOT" or (tok in OPERATORS and op is None and chains[-1]):
                    op = tok  # AND then NOT is NOT; any other operator after the first is dropped
                if tok not in ("(", ")"):  # a stray parenthesis is not worth naming in a refusal
                    skipped.append(tok)
                continue
            if close is not None:
                end = self.tokens[close][2]
                parts = self._subgroup(at + 1, close, depth, op, chains, before, (start, end))
                if parts is None:  # no words in it, as empty quotes
                    skipped.append(self.q[start:end])
                    continue
            else:
                words = tuple(_WORD.findall(tok))
                parts = [(op == "NOT", Term(words, tok.endswith("*") and len(words) == 1), start, end)]
            if refused:
                refused.left = self.q[start:end]
                raise self._refused(refused, span)
            if op == "OR" and chains[-1]:
                chains.append([])
            chains[-1].extend(parts)
            op, skipped = None, []
        if refused:
            raise self._refused(refused, span)
        if len(chains) > 1 and (lead := next((c[0] for c in chains if c[0][0]), None)):
            # a NOT that began a group ANDed to words: allowed while the group held no OR
            raise self._refused(_Not(None, [], self.q[lead[2]:lead[3]]), span)
        return chains

    def _subgroup(self, lo: int, hi: int, depth: int, op: str | None, chains: list[list[_Part]], before: bool,
                  where: tuple[int, int]) -> list[_Part] | None:
        """The parts a group in parentheses adds to the chain being read (None: it holds no words)."""
        span = self.q[where[0]:where[1]]
        if depth >= MAX_DEPTH:
            raise InputError(f"{self.q!r}: parentheses nest more than {MAX_DEPTH} deep at {span!r}, deeper than "
                             "a search can take")
        continues = op in (None, "AND") and bool(chains[-1] or before)
        inner = self.group(lo, hi, depth + 1, continues, span)
        if not inner[0]:
            return None
        if len(inner) == 1 and op != "NOT":  # words only ANDed: the parentheses change nothing
            return inner[0]
        return [(op == "NOT", _tree(inner), *where)]

    def _source(self, chain: list[_Part]) -> str:
        return self.q[chain[0][2]:chain[-1][3]]

    def _refused(self, bad: _Not, span: str | None) -> InputError:
        """Why a NOT with nothing to exclude from cannot be searched, saying what stands before it."""
        q, left = self.q, bad.left
        if bad.after_or is not None and left is None:
            return InputError(f"{q!r}: NOT cannot follow OR: {_RULE}, and here no words follow it either")
        if bad.after_or is not None:
            return InputError(f"{q!r}: NOT cannot follow OR: {_RULE}, and 'OR NOT {left}' would ask for every "
                              f"article without {left}, which the index cannot list; to leave {left} out, drop "
                              f"the OR: '{bad.after_or} NOT {left}'")
        if span is not None:
            why = f", and only {' '.join(bad.skipped)!r} stands before it" if bad.skipped else ""
            alone = (f"; a group is searched as a whole, and this one would take in every article without {left}, "
                     "which the index cannot list" if left else ", and no words follow it either")
            return InputError(f"{q!r}: NOT has no words before it in the group {span!r}: {_RULE}{why}{alone}")
        if not bad.skipped:
            return InputError(f"{q!r}: a search cannot begin with NOT: {_RULE}, and no words stand before it")
        return InputError(f"{q!r}: NOT has no words before it: {_RULE}, and only {' '.join(bad.skipped)!r} "
                          "stands before it, which holds no words to search for")
