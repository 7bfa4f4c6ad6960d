"""The metadata gold sets and how a metadata field is compared with its gold, shared by
``bench.extraction_meta`` and the metadata gold gates (``tests/test_gold_metadata.py``).

The same comparison is applied to newsradar and to every peer tool:

- **title**, **site name**: normalised exact match. Both sides are HTML-unescaped, NFKC-normalised,
  case-folded; typographic quotes and dashes become their ASCII forms; runs of white space become one
  space; white space and punctuation at either end are dropped.
- **authors**: the same set of names. The gold byline and the tool's output are each split into names
  at commas, semicolons, slashes, pipes, ampersands, line breaks and the words "and"/"und"/"et"/"y"/
  "mit"/"avec"; a leading "By"/"Von"/"Par"/"Por"/"Written by"/"Edited by" is dropped, and so is any part
  holding a digit or "http" (a dateline or a link is not a name). A name is compared on its letters
  and digits only, case-folded, so "J.R. Stone" and "J. R. Stone" are one name.
- **date**: the same day, ``YYYY-MM-DD``, as written on the page (no time-zone conversion: the first
  ten characters of an ISO value).

A page whose gold lacks a field (missing, empty, or nothing left once normalised) does not count for
that field; a tool that returns nothing for a counted field scores a miss. Accuracy is hits over
counted pages.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

FIELDS = ("title", "authors", "site_name", "date")


@dataclass(slots=True)
class MetaPage:
    """One gold page: its raw bytes, the URL a crawler would know, and the gold per field."""

    key: str
    html: bytes
    url: str | None
    gold: dict[str, str] = field(default_factory=dict)


def newsradar_metadata(page: MetaPage, *, url: bool = True) -> dict[str, str | None]:
    """newsradar's metadata for one gold page, as ``extract`` gives it but without the body: the page
    decoded and parsed, then :func:`read_metadata` (the whole extract stage when the markup cannot be
    parsed). Used by the gold gates, where the body is not what is measured."""
    from newsradar.errors import NewsradarError
    from newsradar.extract import extract
    from newsradar.extract.decode import decode
    from newsradar.extract.html import parse
    from newsradar.extract.metadata import read_metadata
    from newsradar.sources.raw import RawPage

    page_url = page.url if url else None
    try:
        found = read_metadata(parse(decode(page.html, None, len(page.html) + 1)), page_url)
        title, authors, site, published = found.title, found.authors, found.site_name, found.published
    except NewsradarError:
        try:
            art = extract(RawPage(content=page.html, source=page.key, url=page_url, kind="html"))
        except NewsradarError:
            return {}
        title, authors, site, published = art.title, art.authors, art.site_name, art.published
    return {"title": title, "authors": "; ".join(authors) or None, "site_name": site,
            "date": published.value if published else None}


def _gz(path: Path) -> bytes:
    return gzip.decompress(path.read_bytes())


def trafilatura_eval(shared: Path) -> list[MetaPage]:
    root = shared / "data" / "extraction" / "trafilatura_eval"
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    out = []
    for url, item in data.items():
        author = item.get("author") or ""
        gold = {"title": item.get("title") or "", "authors": "; ".join(author) if isinstance(author, list) else author,
                "site_name": item.get("sitename") or "", "date": item.get("date") or ""}
        out.append(MetaPage(url, _gz(root / "html" / (item["file"] + ".gz")), url, gold))
    return out


def mozilla_readability(shared: Path) -> list[MetaPage]:
    root = shared / "data" / "extraction" / "mozilla_readability" / "test-pages"
    out = []
    for page in sorted(p for p in root.iterdir() if (p / "source.html.gz").is_file()):
        meta = json.loads((page / "expected-metadata.json").read_text(encoding="utf-8"))
        gold = {"title": meta.get("title") or "", "authors": meta.get("byline") or "",
                "site_name": meta.get("siteName") or "", "date": meta.get("publishedTime") or ""}
        # Readability's own tests give no page URL (they use a placeholder host): neither do we.
        out.append(MetaPage(page.name, _gz(page / "source.html.gz"), None, gold))
    return out


def htmldate_eval(shared: Path) -> list[MetaPage]:
    root = shared / "data" / "extraction" / "htmldate_eval"
    data = json.loads((root / "eval_default.json").read_text(encoding="utf-8"))
    return [MetaPage(url, _gz(root / "html" / (item["file"] + ".gz")), url, {"date": item.get("date") or ""})
            for url, item in data.items()]


SETS: dict[str, Callable[[Path], list[MetaPage]]] = {
    "trafilatura_eval": trafilatura_eval,
    "mozilla_readability": mozilla_readability,
    "htmldate_eval": htmldate_eval,
}

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "«": '"', "»": '"', "–": "-", "—": "-", "‐": "-", "‑": "-", "\u00a0": " "})
_SPACE = re.compile(r"\s+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")


def norm_text(value: str) -> str:
    """A title or site name as compared: unescaped, NFKC, case-folded, ASCII quotes and dashes."""
    text = unicodedata.normalize("NFKC", html.unescape(value)).translate(_QUOTES).casefold()
    return _EDGE.sub("", _SPACE.sub(" ", text).strip())


_NAME_SPLIT = re.compile(r"\s*(?:[,;/|&\n+]|\s(?:and|und|et|y|mit|avec)\s)\s*", re.I)
_BY = re.compile(r"^(?:(?:written|edited|reported|text|posted)\s+)?(?:by|von|par|por)\b\s*:?\s*", re.I)


def name_set(value: str) -> frozenset[str]:
    """The names in a byline or in an author list joined by '; ', as compared."""
    text = unicodedata.normalize("NFKC", html.unescape(value))
    names = set()
    for raw in _NAME_SPLIT.split(text.replace("\t", " ")):
        part = _BY.sub("", raw.strip())
        if not part or re.search(r"\d|http", part, re.I):
            continue
        key = "".join(ch for ch in part.casefold() if ch.isalnum())
        if key:
            names.add(key)
    return frozenset(names)


_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def norm_day(value: str) -> str:
    m = _DAY.match(value.strip())
    return f"{m[1]}-{m[2]}-{m[3]}" if m else ""


NORMALISERS: dict[str, Callable[[str], object]] = {
    "title": norm_text, "site_name": norm_text, "authors": name_set, "date": norm_day,
}


def hit(field_name: str, gold: str, predicted: str | None) -> bool | None:
    """``None`` when the page does not count for the field, else whether ``predicted`` matches."""
    norm = NORMALISERS[field_name]
    g = norm(gold) if gold else None
    if not g:
        return None
    return bool(predicted) and norm(predicted or "") == g


def accuracy(field_name: str, gold: list[str], predicted: list[str | None]) -> tuple[float, int]:
    """(accuracy, pages counted) of one tool's values for one field over a set."""
    marks = [hit(field_name, g, p) for g, p in zip(gold, predicted, strict=True)]
    counted = [m for m in marks if m is not None]
    return (sum(counted) / len(counted) if counted else 0.0), len(counted)
