"""Reading a number in a parsed sentence: which tokens it spans, its value ("2.5 million", "twenty-five",
"3 000 000", "1.5 lakh crore"), the scales that multiply it ("bn", "£30m", "$750k", "3M people") and the
percent sign after it. :mod:`newsradar.enrich.claims` decides what the number counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from newsradar.enrich import money
from newsradar.enrich.lexcheck import NUMBER_KINDS
from newsradar.enrich.lexicons import norm, rows

_FIGURE = r"[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"  # − is U+2212, the typeset minus
_FIGURE_START = frozenset("0123456789+-−")
NUM = re.compile(rf"^{_FIGURE}$")
# a percentage written as one word in British papers ("5pc"), which the small model calls an ordinal
_PC = re.compile(rf"^({_FIGURE})pc$", re.I)
# a number with its scale glued on, which spaCy keeps as one token that is not like_num ("1.2bn",
# "3tn"); the tokenizer splits off "m" ("£30m" is "30" "m") but not "k" or "B"
_SCALED = re.compile(rf"^({_FIGURE})(bn|bln|mn|mln|tn|trn)$", re.I)
# a one-letter scale the tokenizer leaves on its number ("$750k", "$2.5B"): read only as letter_scales allows
_LETTERED = re.compile(rf"^({_FIGURE})([mbk])$", re.I)
# the letters that scale a count that is not money, before a plural ("3M people", "10k runners"); a
# lower-case "m" or "b" is a metre or a byte as often
_COUNT_LETTERS = frozenset("KkMB")
GROUP = re.compile(r"^\d{3}$")  # "3 000 000": thousands grouped by spaces, as much of Europe writes them
GROUPED = re.compile(r"^\d{1,3}$")
_PLURAL = frozenset({"NNS", "NNPS"})


@dataclass(frozen=True, slots=True)
class NumberWords:
    cardinal: dict[str, float]
    multiplier: dict[str, float]
    fraction: dict[str, float]
    vague: dict[str, float]
    qualifiers: dict[str, str]


@cache
def number_words(user_dir: Path | None = None) -> NumberWords:
    """The number words and qualifiers of the data files and of lexicon folder ``user_dir``."""
    kinds: dict[str, dict[str, float]] = {kind: {} for kind in NUMBER_KINDS}
    for cols in rows("numbers.tsv", user_dir):
        kinds[cols[2].lower()][cols[0].lower()] = float(cols[1])
    quals = {norm(cols[0]): cols[1].lower() for cols in rows("qualifiers.tsv", user_dir)}
    return NumberWords(kinds["cardinal"], kinds["multiplier"], kinds["fraction"], kinds["vague"], quals)


def spaced(text: str) -> str:
    # a no-break space inside a unit ("45\xa0percent") is a space like any other
    return " ".join(text.split())


def end_char(tok: Any) -> int:
    """Where an amount ending at ``tok`` ends: before the full stop spaCy keeps on a scale ("£10m.")."""
    return int(tok.idx) + len(tok.text) - (1 if scale_word(tok.text) != tok.lower_ else 0)


def _figure(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def scale_word(text: str) -> str:
    """A scale as the multipliers list it: "m." is "m" (spaCy keeps a sentence's full stop on "£10m.")."""
    word = text.lower()
    return word[0] if len(word) == 2 and word[1] == "." else word


def parse_number(tokens: list[Any], words: NumberWords | None = None) -> float | None:
    """The value of number tokens: "2,000", "2.5 million", "twenty five", "a dozen", "3 000 000",
    "1.5 lakh crore"."""
    words = words or number_words()
    value: float | None = None
    pending = 0.0
    group: float | None = None  # a whole number of up to three digits that a "000" after it extends
    closed = False  # the token before ended a scale, so a scale right after scales it ("lakh crore")
    for tok in tokens:
        text = tok.text
        if tok.is_space:
            if len(text) > 1:
                group = None
            continue  # a no-break or thin space inside "3 000 000"
        t = text.lower().replace(",", "").replace("−", "-") if NUM.match(text) else scale_word(text)
        if group is not None and GROUP.match(text):
            pending += group * 999 + float(text)  # the group was added as units: make it thousands
            group = group * 1000 + float(text)
            continue
        group = float(text) if GROUPED.match(text) else None
        if scaled := _SCALED.match(text) or _LETTERED.match(text):
            figure = _figure(scaled[1]) * words.multiplier[scaled[2].lower()]
            value, pending, closed = (value or 0.0) + pending + figure, 0.0, True
            continue
        if t in words.multiplier and closed and not pending:
            value = (value or 0.0) * words.multiplier[t]
            continue
        closed = False
        if pc := _PC.match(text):
            pending += _figure(pc[1])
        elif NUM.match(text):
            pending += float(t)
        elif t in words.cardinal:
            pending += words.cardinal[t]
        elif t in words.multiplier:
            pending = (pending or 1.0) * words.multiplier[t]
            if words.multiplier[t] >= 1000:
                value, pending, closed = (value or 0.0) + pending, 0.0, True
        elif t in ("a", "an", "and", "-"):
            continue
        else:
            return None
    total = (value or 0.0) + pending
    return total if (value is not None or pending) else None


def glued(text: str) -> bool:
    """A number with its scale or percent sign in the same token ("1.2bn", "5pc"): a count, whatever
    the entity recogniser calls it, and no name for all its letters."""
    return text[:1] in _FIGURE_START and bool(_SCALED.match(text) or _PC.match(text))


def _plural_next(doc: Any, i: int) -> bool:
    """Whether token ``i`` or the noun it hangs on, to its right, is a plural noun."""
    if i < len(doc) and doc[i].tag_ in _PLURAL:
        return True
    head = doc[i - 1].head
    return head.i >= i and head.tag_ in _PLURAL


def letter_scales(doc: Any, start: int, scale: int, letter: str) -> bool:
    """Whether the one-letter scale ``letter`` at token ``scale`` scales the number starting at token
    ``start``: for money ("£30m", "$750k", "30m euros") always; else only a capital "M" or "B" or a "k",
    glued to the number and counting a plural ("3M people"), since "a 100m sprint", "the 3M unit" and
    "a 5k run" are distances and names."""
    if money.before(doc, start) is not None or money.after(doc, scale + 1):
        return True
    if letter not in _COUNT_LETTERS:
        return False
    glued = scale == start or not doc[scale - 1].whitespace_
    return glued and _plural_next(doc, scale + 1)


def letter_scaled(tok: Any) -> bool:
    """A figure with a one-letter scale in its own token ("$750k") that counts as scaled here."""
    text = tok.text
    if text[:1] not in _FIGURE_START or not (m := _LETTERED.match(text)):
        return False
    return letter_scales(tok.doc, tok.i, tok.i, m[2])


def may_be_figure(text: str, like_num: bool) -> bool:
    """Whether a token of ``text`` (with spaCy's ``like_num``) may be :func:`numeric`: what is not need
    not be asked, nor made a ``Token`` to ask."""
    return like_num or text[:1] in _FIGURE_START


def numeric(tok: Any) -> bool:
    # asked of every token: the regular expressions only for what starts like a figure
    if tok.like_num:
        return True
    text = tok.text
    return text[:1] in _FIGURE_START and bool(glued(text) or (text[:1] == "−" and NUM.match(text))
                                              or letter_scaled(tok))


def percent_end(doc: Any, i: int) -> int | None:
    """The last token of a percent sign starting at token ``i`` ("%", "percent", "per cent"), if one does."""
    if i > 0 and i < len(doc) and _PC.match(doc[i - 1].text):  # "5pc": the sign is inside the number's own token
        return i - 1
    while i < len(doc) and doc[i].is_space:
        i += 1  # "45\xa0percent": a no-break space is a token of its own
    if i >= len(doc):
        return None
    if doc[i].text == "%" or doc[i].lower_ in ("percent", "pct"):
        return i
    if doc[i].lower_ == "per" and i + 1 < len(doc) and doc[i + 1].lower_ == "cent":
        return i + 1
    return None
