"""Which characters a regular expression's match can begin with, so that a line need only be tried
against the patterns that can match it.

Python's regular expressions try an alternation's branches one by one, each from its start: a line
tried against the few dozen chrome patterns at once enters every one of them, even those whose first
word begins with another letter. Read from the pattern's parse, the ASCII characters each pattern can
begin with pick out, for a line's first character, the patterns worth trying; the others cannot match.

The parse is Python's own (``re._parser``), an internal module: when it is not there or reads
differently, every pattern is kept for every character, as when nothing was picked.
"""

from __future__ import annotations

from typing import Any

ASCII = tuple(chr(i) for i in range(128))


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The ASCII characters a non-empty match of ``pattern`` can begin with, or ``None`` when that is
    not known (a back reference, flags switched inside it, a parse that reads unexpectedly). A text
    that begins with an ASCII character outside the set has no match of ``pattern`` at its start."""
    try:
        from re import _compiler, _constants, _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern, flags)
        found, _ = _sequence(list(tree), tree.state, flags, _compiler, _constants, _parser)
    except Exception:  # an internal module that may change: then nothing is known
        return None
    return frozenset(found) if found is not None else None


def _sequence(items: list[Any], state: Any, flags: int, comp: Any, c: Any,
              parser: Any) -> tuple[set[str] | None, bool]:
    """(first characters, whether it may match the empty string) of items matched one after another."""
    out: set[str] = set()
    for op, av in items:
        chars, empty = _item(op, av, state, flags, comp, c, parser)
        if chars is None:
            return None, False
        out |= chars
        if not empty:
            return out, False
    return out, True


def _item(op: Any, av: Any, state: Any, flags: int, comp: Any, c: Any,
          parser: Any) -> tuple[set[str] | None, bool]:
    if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN, c.CATEGORY):
        # One character: which ASCII ones it takes is asked of the compiled item itself, so that
        # re.I, classes and categories count exactly as they do in the whole pattern.
        one = comp.compile(parser.SubPattern(state, [(op, av)]), flags)
        return {ch for ch in ASCII if one.fullmatch(ch)}, False
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), True  # takes no character: what follows begins the match
    if op is c.SUBPATTERN:
        _, add, remove, sub = av
        if add or remove:
            return None, False
        return _sequence(list(sub), state, flags, comp, c, parser)
    if op is c.BRANCH:
        out: set[str] = set()
        empty = False
        for branch in av[1]:
            chars, may_be_empty = _sequence(list(branch), state, flags, comp, c, parser)
            if chars is None:
                return None, False
            out |= chars
            empty = empty or may_be_empty
        return out, empty
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)):
        low, _, sub = av
        chars, may_be_empty = _sequence(list(sub), state, flags, comp, c, parser)
        return chars, chars is not None and (low == 0 or may_be_empty)
    if op is getattr(c, "ATOMIC_GROUP", None):
        return _sequence(list(av), state, flags, comp, c, parser)
    return None, False


def pick(patterns: list[str], flags: int = 0) -> dict[str, tuple[int, ...]]:
    """For each ASCII character, the indexes of the ``patterns`` a text beginning with it may match,
    in the patterns' order."""
    firsts = [first_chars(p, flags) for p in patterns]
    return {ch: tuple(i for i, f in enumerate(firsts) if f is None or ch in f) for ch in ASCII}
