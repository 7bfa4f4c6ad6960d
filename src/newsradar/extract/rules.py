"""The body finder's rules about class and id names, read from ``extract/data/body_rules.tsv``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsradar.errors import ConfigError
from newsradar.extract.lexicon import data_lines

KINDS = ("ignore", "drop", "hard", "caption", "keep", "negative", "positive", "content")


@dataclass(frozen=True, slots=True)
class BodyRules:
    any: re.Pattern[str]
    ignore: re.Pattern[str]
    drop: re.Pattern[str]
    hard: re.Pattern[str]
    caption: re.Pattern[str]
    keep: re.Pattern[str]
    negative: re.Pattern[str]
    positive: re.Pattern[str]
    content: re.Pattern[str]


# Bits of :func:`name_flags`.
CONTENT, DROP, KEEP, NEGATIVE, POSITIVE, HARD, CAPTION = 1, 2, 4, 8, 16, 32, 64
_FLAG_CACHE: dict[str, int] = {}
_NAMES_CACHE: dict[str, int] = {}
_FLAG_CACHE_MAX = 50_000  # bounded, so a long crawl over many sites keeps its memory flat


def name_flags(names: str) -> int:
    """The rule kinds that match an element's class and id names, as bits. Names are matched token by
    token (publishers reuse the same tokens on every page), and each token's answer is remembered."""
    cached = _NAMES_CACHE.get(names)
    if cached is not None:
        return cached
    flags = 0
    for token in names.split():
        f = _FLAG_CACHE.get(token)
        if f is None:
            f = _token_flags(token.lower())
            if len(_FLAG_CACHE) >= _FLAG_CACHE_MAX:
                _FLAG_CACHE.clear()
            _FLAG_CACHE[token] = f
        flags |= f
    if len(_NAMES_CACHE) >= _FLAG_CACHE_MAX:
        _NAMES_CACHE.clear()
    _NAMES_CACHE[names] = flags
    return flags


def _token_flags(token: str) -> int:
    r = body_rules()
    # Most tokens ("clearfix", "col-md-6") match nothing: one search over every rule settles them.
    if r.any.search(token) is None or r.ignore.search(token):
        return 0
    return ((CONTENT if r.content.search(token) else 0) | (DROP if r.drop.search(token) else 0)
            | (KEEP if r.keep.search(token) else 0) | (NEGATIVE if r.negative.search(token) else 0)
            | (POSITIVE if r.positive.search(token) else 0) | (HARD if r.hard.search(token) else 0)
            | (CAPTION if r.caption.search(token) else 0))


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
    compiled["any"] = re.compile("|".join(p.pattern for k, p in compiled.items() if k != "ignore"))
    return BodyRules(**compiled)
