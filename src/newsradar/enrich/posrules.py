"""spaCy's attribute ruler, applied by look-up instead of by its Matcher.

The English pipelines map each fine tag to its part of speech and morphology, and correct a few
words by their dependency ("but" as an adverb, "it" as a subject or an object), with some 180 token
patterns in an ``AttributeRuler``. spaCy runs them through its general ``Matcher``, which walks every
pattern over every token: on news articles of 500 words that took 14-18 ms a document, a tenth of
the whole parse (measured December 2026: more than the tagger, the parser's tagging share and the
lemmatizer together). Nearly all the patterns test one token's tag, lower-cased form, dependency and
whether it is a space, and a news article repeats the same few thousand combinations of those, so
:class:`LookupRuler` decides the rules once per combination and remembers, matches the few
two-token patterns only where their first token matches, and sets each token's attributes once,
the rules merged in the ruler's order (a later rule wins, as in spaCy). The result is the same
annotation, token for token; a ruler whose patterns use anything else (operators, other
attributes or predicates) is left as spaCy made it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

# Token attributes the look-up reads, by the pattern key that names them.
_ATTRS = ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "NORM", "POS", "LEMMA")

Test = Callable[[Any], bool]


# Module-level tests, not lambdas, so that the component pickles (spaCy's nlp.pipe(n_process=...)).
def _not_in(refused: frozenset[Any], value: Any) -> bool:
    return value not in refused


def _search(rx: re.Pattern[str], value: Any) -> bool:
    return isinstance(value, str) and rx.search(value) is not None  # spaCy's REGEX predicate searches


class _Column:
    """For one attribute: which token specs each of its values meets, as bits (a spec that does not
    test the attribute is met by every value). Values are remembered as they come: a few dozen tags
    and dependencies, and the lower-cased forms, which spaCy's vocabulary keeps anyway."""

    def __init__(self, key: str, strings: Any) -> None:
        self.key = key
        self._strings = strings
        self.free = 0  # specs that do not test this attribute
        self.equal: dict[Any, int] = {}  # value -> specs it meets by equality or membership
        self.tested: list[tuple[int, Test]] = []  # specs with another test (NOT_IN, REGEX)
        self.known: dict[int, int] = {}  # the value's hash in the vocabulary -> bits

    def add(self, bit: int, value: Any) -> bool:
        """Add spec ``bit``'s test of this attribute; False when the test is beyond this module."""
        if isinstance(value, (str, bool)):
            self.equal[value] = self.equal.get(value, 0) | 1 << bit
            return True
        if not isinstance(value, dict) or len(value) != 1:
            return False
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list):
            for v in set(arg):
                self.equal[v] = self.equal.get(v, 0) | 1 << bit
            return True
        if op == "NOT_IN" and isinstance(arg, list):
            self.tested.append((1 << bit, partial(_not_in, frozenset(arg))))
            return True
        if op == "REGEX" and isinstance(arg, str):
            self.tested.append((1 << bit, partial(_search, re.compile(arg))))
            return True
        return False

    def bits(self, h: int) -> int:
        value: Any = bool(h) if self.key == "IS_SPACE" else self._strings[h] if h else ""
        found = self.free | self.equal.get(value, 0)
        for bit, test in self.tested:
            if test(value):
                found |= bit
        self.known[h] = found
        return found


class LookupRuler:
    """A pipeline component doing what a spaCy ``AttributeRuler`` does; build it with
    :func:`from_ruler`, which returns ``None`` when the ruler's patterns are beyond it."""

    def __init__(self, columns: list[_Column], singles: list[tuple[int, int]],
                 multis: list[tuple[int, list[int], int]], attrs: Sequence[dict[Any, Any]]) -> None:
        from spacy import attrs as spacy_attrs

        self._columns = columns
        self._ids = [spacy_attrs.IDS[c.key] for c in columns]
        self._singles = singles  # (rule, spec) for one-token patterns
        self._multis = multis  # (rule, specs in order, index of the token the rule sets)
        self._first = 0
        for _rule, seq, _index in multis:
            self._first |= 1 << seq[0]
        self._attrs = attrs
        self._rules: dict[int, tuple[int, ...]] = {}
        self._merged: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _masks(self, doc: Any) -> list[int]:
        """Per token, the specs it meets, as bits."""
        table = doc.to_array(self._ids).reshape(len(doc), len(self._ids)).T.tolist()
        masks: list[int] | None = None
        for column, hashes in zip(self._columns, table, strict=True):
            known = column.known
            bits = [known[h] if h in known else column.bits(h) for h in hashes]
            masks = bits if masks is None else [a & b for a, b in zip(masks, bits, strict=True)]
        assert masks is not None
        return masks

    def _single_rules(self, mask: int) -> tuple[int, ...]:
        found = self._rules.get(mask)
        if found is None:
            found = self._rules[mask] = tuple(rule for rule, bit in self._singles if mask >> bit & 1)
        return found

    def _merge(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:  # in the ruler's order: a later rule's value wins
                merged.update(self._attrs[rule])
            self._merged[rules] = merged
        return merged

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        n = len(doc)
        if n == 0:
            return doc
        masks = self._masks(doc)
        extra: dict[int, list[int]] = {}
        if self._multis:
            first = self._first
            for i, mask in enumerate(masks):
                if not mask & first:
                    continue
                for rule, seq, index in self._multis:
                    end = i + len(seq)
                    if end <= n and all(masks[i + k] >> bit & 1 for k, bit in enumerate(seq)):
                        extra.setdefault(i + index if index >= 0 else end + index, []).append(rule)
        for i, mask in enumerate(masks):
            rules = self._single_rules(mask)
            if i in extra:
                rules = tuple(sorted(set(rules) | set(extra[i])))
            if rules:
                set_token_attrs(doc[i], self._merge(rules))
        return doc


def from_ruler(ruler: Any) -> LookupRuler | None:
    """A :class:`LookupRuler` equal to the spaCy ``AttributeRuler`` ``ruler``, or ``None`` when one of
    its patterns uses what the look-up does not read (an operator, another attribute or predicate)."""
    columns: dict[str, _Column] = {}
    tests: list[dict[str, Any]] = []  # each token spec of every pattern
    singles: list[tuple[int, int]] = []
    multis: list[tuple[int, list[int], int]] = []
    for rule, entry in enumerate(ruler.patterns):
        index = entry["index"]
        for pattern in entry["patterns"]:
            if not isinstance(pattern, list) or not pattern or not -len(pattern) <= index < len(pattern):
                return None
            seq = []
            for token in pattern:
                if not isinstance(token, dict) or any(key not in _ATTRS for key in token):
                    return None
                for key in token:
                    columns.setdefault(key, _Column(key, ruler.vocab.strings))
                tests.append(token)
                seq.append(len(tests) - 1)
            if len(seq) == 1:
                singles.append((rule, seq[0]))
            else:
                multis.append((rule, seq, index))
    if not columns or len(ruler.attrs) != len(ruler.patterns):
        return None
    for bit, token in enumerate(tests):
        for key, column in columns.items():
            if key not in token:
                column.free |= 1 << bit
            elif not column.add(bit, token[key]):
                return None
    return LookupRuler(list(columns.values()), singles, multis, ruler.attrs)
