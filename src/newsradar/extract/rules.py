"""The body finder's rules about class and id names, read from ``extract/data/body_rules.tsv``."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from newsradar.errors import ConfigError
from newsradar.extract.lexicon import data_lines

KINDS = ("ignore", "drop", "hard", "caption", "keep", "negative", "positive", "content")


@dataclass(frozen=True, slots=True)
class BodyRules:
    clean_any: re.Pattern[str]
    ignore: re.Pattern[str]
    drop: re.Pattern[str]
    hard: re.Pattern[str]
    caption: re.Pattern[str]
    keep: re.Pattern[str]
    negative: re.Pattern[str]
    positive: re.Pattern[str]
    content: re.Pattern[str]
    digits: dict[int, int]  # a str.translate table: digits no rule can tell apart, all made one
    ascii_digits: bytes  # the same as a bytes.translate table (ASCII tokens: a table read, no dict)


# Bits of :func:`name_flags` (what cleaning asks) and :func:`weight_flags` (what scoring asks).
CONTENT, DROP, KEEP, NEGATIVE, POSITIVE, HARD, CAPTION = 1, 2, 4, 8, 16, 32, 64
_CACHE_MAX = 50_000  # each cache bounded, so a long crawl over many sites keeps its memory flat


class _Remembered:
    """Flags of whole names and of their tokens, remembered: publishers reuse the same names on every
    page, and a new site brings a few dozen new tokens at most."""

    def __init__(self, token_flags: Callable[[str], int]) -> None:
        self.token_flags = token_flags
        self.tokens: dict[str, int] = {}
        self.shapes: dict[str, int] = {}  # by lower-cased token, its digits folded
        self.names: dict[str, int] = {}

    def __call__(self, names: str) -> int:
        cached = self.names.get(names)
        if cached is not None:
            return cached
        flags = 0
        for token in names.split():
            f = self.tokens.get(token)
            if f is None:
                # A quarter of the tokens new to the cache differ from one seen only in their numbers
                # ("comment-55169", "menu-item-1195"): one entry stands for them all (see _digit_fold).
                low = token.lower()
                rules = body_rules()
                shape = (low.encode().translate(rules.ascii_digits).decode() if low.isascii()
                         else low.translate(rules.digits))
                f = self.shapes.get(shape)
                if f is None:
                    f = self.token_flags(shape)
                    if len(self.shapes) >= _CACHE_MAX:
                        self.shapes.clear()
                    self.shapes[shape] = f
                if len(self.tokens) >= _CACHE_MAX:
                    self.tokens.clear()
                self.tokens[token] = f
            flags |= f
        if len(self.names) >= _CACHE_MAX:
            self.names.clear()
        self.names[names] = flags
        return flags


def _clean_token(token: str) -> int:
    r = body_rules()
    # Most tokens ("clearfix", "col-md-6") match none of cleaning's rules: one search settles them.
    if r.clean_any.search(token) is None or r.ignore.search(token):
        return 0
    flags = (CONTENT if r.content.search(token) else 0) | (CAPTION if r.caption.search(token) else 0)
    if r.drop.search(token):
        flags |= DROP | (KEEP if r.keep.search(token) else 0) | (HARD if r.hard.search(token) else 0)
    elif r.keep.search(token):
        flags |= KEEP
    return flags


def _weight_token(token: str) -> int:
    r = body_rules()
    if r.ignore.search(token):
        return 0
    return ((CONTENT if r.content.search(token) else 0) | (NEGATIVE if r.negative.search(token) else 0)
            | (POSITIVE if r.positive.search(token) else 0))


name_flags = _Remembered(_clean_token)
name_flags.__doc__ = "The cleaning rules (content, caption, drop, keep, hard) that match class and id names."
weight_flags = _Remembered(_weight_token)
weight_flags.__doc__ = "The scoring rules (content, positive, negative) that match class and id names."


@cache
def body_rules() -> BodyRules:
    """One alternation per kind (for lower-cased names), compiled once per process."""
    found: dict[str, list[str]] = {k: [] for k in KINDS}
    for n, line in enumerate(data_lines("newsradar.extract", "data/body_rules.tsv"), 1):
        kind, _, pattern = line.partition("\t")
        kind = kind.strip()
        if kind not in found or not pattern.strip():
            raise ConfigError(f"body_rules.tsv:{n}: expected one of {', '.join(KINDS)}, a tab and a regex")
        found[kind].append(f"(?:{pattern.strip()})")
    try:
        # Tokens are lower-cased before matching: a case-insensitive pattern is several times slower.
        compiled = {k: re.compile("|".join(v) or r"(?!x)x") for k, v in found.items()}
        # Furniture names count from the token's start or a separator inside it ("article-comments"),
        # never from the middle of a word ("download" is not "ad").
        compiled["drop"] = re.compile(r"(?:^|[-_])(?:" + compiled["drop"].pattern + ")")
    except re.error as exc:
        raise ConfigError(f"body_rules.tsv: bad regular expression: {exc}") from exc
    compiled["clean_any"] = re.compile("|".join(compiled[k].pattern for k in ("drop", "keep", "caption", "content")))
    digits = _digit_fold("".join(p.pattern for p in compiled.values()))
    ascii_digits = bytes(digits.get(i, i) for i in range(256))
    return BodyRules(**compiled, digits=digits, ascii_digits=ascii_digits)


def _digit_fold(patterns: str) -> dict[int, int]:
    """A table that writes every digit the rules never name as one of them (the lowest). A pattern tells
    digits apart only by naming one, written out ("a2a"), as a range's end ("[0-5]": the digits
    between are named too) or as an escape ("\\x35", a group's number): the digits it does not name
    match the same classes (``\\d``, ``\\w``, ``.``, a range around all ten) and so get the same
    answers. When any range ends on a digit or any such escape is written, nothing is folded."""
    if re.search(r"[0-9]-|-[0-9]|\\[0-9xuUN]", patterns):
        return {}
    free = [d for d in "0123456789" if d not in patterns]
    return str.maketrans("".join(free[1:]), free[0] * (len(free) - 1)) if len(free) > 1 else {}
