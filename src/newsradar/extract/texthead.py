"""The headline and the site name among the lines above an article in scraped text (see
:mod:`newsradar.extract.text`): how a line scores as the headline, and whether the first line is the
site's name."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_WORD = re.compile(r"[^\W_][\w'’.-]*", re.U)
_TERMINAL = re.compile(r"[.!?…。！？]['\"’”»)\]]*\s*$")


def slug_words(url: str | None) -> set[str]:
    """The words of the page address's path ("bridge", "rebuilt"), which name the story."""
    if not url:
        return set()
    path = urlsplit(url).path.lower()
    return {w for w in re.split(r"[^a-z0-9]+", path) if len(w) > 2 and not w.isdigit()}


# A web address as a scraper may keep it, spaced out or not ("http: / / www. example. com / story")
_ADDRESS = re.compile(r"\bhttps?\s*:\s*/|\bwww\s*\.\s*\w|\w\s*\.\s*(?:com|org|net|co\.uk)\s*/", re.I)


def is_address(text: str) -> bool:
    """Whether ``text`` holds a web address: no headline does, though its words may look like one."""
    return _ADDRESS.search(text) is not None


def title_score(text: str, words: int, distance: int, slug: set[str]) -> float:
    """How much a line of ``words`` words, ``distance`` lines above the article, looks its headline."""
    score = min(words, 14) - 0.6 * distance
    caps = [w for w in text.split() if w[:1].isalpha()]
    if caps and sum(w[0].isupper() for w in caps) / len(caps) > 0.6:
        score += 2
    return score + 8 * slug_share(text, slug)


def slug_share(text: str, slug: set[str]) -> float:
    """The share of the line's words that the page address holds."""
    if not slug:
        return 0.0
    own = {w.lower().strip("'’") for w in _WORD.findall(text)}
    return len(own & slug) / max(len(own), 1)


def site_name(text: str, words: int, url: str | None) -> str | None:
    """The site's name, when the page's first line is one: short, unpunctuated, and (given the
    address) spelt in its host name."""
    t = text.strip()
    if words > 5 or _TERMINAL.search(t) or any(ch.isdigit() for ch in t):
        return None
    if url:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        letters = re.sub(r"[^a-z0-9]", "", t.lower())
        if letters and letters not in host.replace(".", "") and host.split(".")[0] not in letters:
            return None
    if t.isupper():
        # Masthead in capitals: title-case words, but keep short ones, which are usually acronyms.
        t = " ".join(w.capitalize() if len(w) > 4 else w for w in t.split())
    return t
