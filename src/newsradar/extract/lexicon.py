"""Line patterns kept as data: site chrome and photo captions (``extract/data/*.tsv``)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from newsradar.errors import ConfigError
from newsradar.extract.firstchars import pick


def data_lines(package: str, name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file shipped in ``package``."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@dataclass(frozen=True, slots=True)
class ChromePattern:
    category: str
    regex: re.Pattern[str]


def _compile_chrome(lines: list[str], where: str) -> list[ChromePattern]:
    out = []
    for n, line in enumerate(lines, 1):
        category, _, pattern = line.partition("\t")
        if not pattern:
            raise ConfigError(f"{where}:{n}: expected 'category<TAB>regex', got {line!r}")
        try:
            out.append(ChromePattern(category.strip(), re.compile(pattern.strip(), re.I)))
        except re.error as exc:
            raise ConfigError(f"{where}:{n}: bad regular expression: {exc}") from exc
    return out


@cache
def chrome_patterns(extra: Path | None = None) -> tuple[ChromePattern, ...]:
    pats = _compile_chrome(data_lines("newsradar.extract", "data/chrome.tsv"), "chrome.tsv")
    if extra is not None:
        try:
            lines = [ln for ln in extra.read_text(encoding="utf-8").splitlines()
                     if ln.strip() and not ln.startswith("#")]
        except OSError as exc:
            raise ConfigError(f"cannot read chrome patterns from {extra}: {exc.strerror}") from exc
        pats += _compile_chrome(lines, str(extra))
    return tuple(pats)


_TRAILING = re.compile(r"[\s:|»›>•·.!?…]+$")


@cache
def _chrome_matcher(extra: Path | None) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """All chrome patterns as one alternation (one regex call a line instead of one a pattern), and
    the category of each alternative, in file order."""
    pats = chrome_patterns(extra)
    combined = "|".join(f"(?P<c{i}>{p.regex.pattern})" for i, p in enumerate(pats))
    return re.compile(combined, re.I), tuple(p.category for p in pats)


@cache
def _chrome_by_first(extra: Path | None, first: str) -> re.Pattern[str]:
    """The chrome patterns a text beginning with the ASCII character ``first`` may match, as one
    alternation in file order under the same group names: the first of them to match is the first of
    all (the others cannot), at a third of the cost (:mod:`.firstchars`)."""
    pats = chrome_patterns(extra)
    keep = _chrome_firsts(extra)[first]
    if len(keep) == len(pats):
        return _chrome_matcher(extra)[0]
    return re.compile("|".join(f"(?P<c{i}>{pats[i].regex.pattern})" for i in keep) or "(?!)", re.I)


@cache
def _chrome_firsts(extra: Path | None) -> dict[str, tuple[int, ...]]:
    return pick([p.regex.pattern for p in chrome_patterns(extra)], re.I)


def _chrome_regex(text: str, extra: Path | None) -> re.Pattern[str]:
    if text and text[0].isascii():
        return _chrome_by_first(extra, text[0])
    return _chrome_matcher(extra)[0]


def compile_chrome(extra: Path | None = None) -> None:
    """Compile now the chrome patterns for every ASCII letter, digit and punctuation mark a line may
    begin with, which are otherwise compiled on the first line that begins with each: a long-running
    process (a worker, a server) pays for them at its warm-up instead of on its first real pages (190 ms
    of a worker's CPU within its first 300 dragnet pages)."""
    for ch in string.ascii_letters + string.digits + string.punctuation:
        _chrome_by_first(extra, ch)


_CHROME_CACHE: dict[tuple[str, Path | None], str | None] = {}
_CHROME_CACHE_MAX = 50_000  # bounded: a long crawl keeps its memory flat


def chrome_category(line: str, extra: Path | None = None) -> str | None:
    """The chrome category of a whole line, or ``None`` when it is not chrome."""
    key = (line, extra)
    if key in _CHROME_CACHE:
        return _CHROME_CACHE[key]
    categories = _chrome_matcher(extra)[1]
    stripped = line.strip()
    m = _fullmatch(stripped, extra)
    found = categories[int(m.lastgroup[1:])] if m is not None and m.lastgroup else None
    if found is None and _SEPARATOR.search(stripped):
        found = _chrome_row(stripped, extra, categories)
    if len(_CHROME_CACHE) >= _CHROME_CACHE_MAX:
        _CHROME_CACHE.clear()
    _CHROME_CACHE[key] = found
    return found


def _fullmatch(text: str, extra: Path | None) -> re.Match[str] | None:
    """A chrome pattern matching all of ``text`` without its trailing punctuation, else all of it. Most
    lines have none to trim (seven in ten of those looked up): the same failed match is not tried twice."""
    trimmed = _TRAILING.sub("", text)
    m = _chrome_regex(trimmed, extra).fullmatch(trimmed)
    return m if m is not None or trimmed == text else _chrome_regex(text, extra).fullmatch(text)


_SEPARATOR = re.compile(r"\s[|•·]\s")
_ROW_PART = 40


def _chrome_row(line: str, extra: Path | None, categories: tuple[str, ...]) -> str | None:
    """A row of short items between separators ("Comments feed | Comments closed | Trackback URL",
    "Imprint | Privacy | © …") is chrome when one of its items is: prose does not come in such rows."""
    parts = [p.strip() for p in _SEPARATOR.split(line) if p.strip()]
    if len(parts) < 3 or any(len(p) > _ROW_PART for p in parts):
        return None
    for part in parts:
        m = _fullmatch(part, extra)
        if m is not None and m.lastgroup:
            # Never a breaker: such a row sits under an article as often as after it.
            category = categories[int(m.lastgroup[1:])]
            return "nav" if category == "breaker" else category
    return None


@cache
def caption_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p, re.I) for p in data_lines("newsradar.extract", "data/captions.tsv"))


def parse_caption(line: str) -> tuple[str | None, str | None] | None:
    """``(caption, credit)`` when the line is a photo caption or credit, else ``None``."""
    for pat in caption_patterns():
        m = pat.fullmatch(line.strip())
        if m:
            groups = m.groupdict()
            caption = (groups.get("caption") or "").strip() or None
            credit = (groups.get("credit") or "").strip().rstrip(".") or None
            return caption, credit
    return None
