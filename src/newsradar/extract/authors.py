"""The article's authors: real names, one per entry.

Read, in falling order of trust, from the article's JSON-LD ``author``, author meta tags, ``itemprop``
author markup and ``rel=author`` links, and last from byline elements (class or id such as "byline",
"author"). Every raw value is cleaned the same way: a leading "By"/"Von"/"Par" is cut, and so is what
follows the names (a date, a role, a share prompt, an e-mail address); the rest is split into names at
commas, "and"/"und"/"et", ampersands and semicolons. A part is kept only if it reads as a name: no
digits or links, at most six words, not a desk or staff credit, not the site's own name. The words
involved are data: ``data/author_words.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from html import unescape
from typing import Any

from newsradar.extract import jsonld
from newsradar.extract.dates import find_dates
from newsradar.extract.lexicon import data_lines
from newsradar.extract.scan import Scan, text_of

_SPACE = re.compile(r"\s+")
# One-letter conjunctions ("y", "e", "i", "a") only in lower case: in capitals they are initials.
_SPLIT = re.compile(r"\s*(;|,|\s&\s|&(?=\s*[A-ZÀ-Þ])|\s+(?:and|und|et|y|e|en|og|och|i|a|AND|And|UND|Und|ET)\s+|/|\|)"
                    r"\s*")
_META = ("author", "article:author", "dc.creator", "dcterms.creator", "dc:creator", "citation_author",
         "parsely-author", "sailthru.author", "byl", "creator", "authors", "shareaholic:article_author_name",
         "cxenseparse:author", "article.author", "dc.contributor")
_LETTER = re.compile(r"[^\W\d_]")


@cache
def _words() -> dict[str, list[re.Pattern[str]]]:
    out: dict[str, list[re.Pattern[str]]] = {}
    for line in data_lines("newsradar.extract", "data/author_words.tsv"):
        kind, _, pattern = line.partition("\t")
        out.setdefault(kind.strip(), []).append(re.compile(pattern.strip(), re.I))
    return out


def _key(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def clean_byline(raw: str) -> str:
    """A byline without its lead-in ("By") and what trails the names (date, role, prompts)."""
    text = _SPACE.sub(" ", unescape(raw)).strip()
    words = _words()
    for _ in range(2):
        for pat in words["prefix"]:
            text = pat.sub("", text).strip()
    dated = find_dates(text)
    if dated:  # "By Jane Doe March 25, 2015": the names end where the date begins
        text = text[:dated[0][1]].strip()
    for pat in words.get("drop", ()):  # before the cuts: "… For The Mail On Sunday" is not a date
        text = pat.sub("", text).strip()
    for pat in words["cut"]:
        text = pat.sub("", text).strip()
    return text.strip(" ,;:|·•-–—()[]\"'“”")


def is_name(part: str, site: str | None = None) -> bool:
    if not part or len(part) > 60 or not _LETTER.search(part):
        return False
    if re.search(r"\d|https?:|www\.|@|\.(?:com|org|net|de)\b|[<>{}=#]", part, re.I):
        return False
    tokens = part.split()
    if len(tokens) > 6:
        return False
    if any(p.fullmatch(part) for p in _words()["not-name"]):
        return False
    if site and _key(part) == _key(site) and not _personal(part):
        return False  # the publication credited as its own author
    # A phrase or a prompt, not a name: a lower-case word among several (particles aside).
    lower = [t for t in tokens if t[:1].islower() and t.strip(".,'’-").isalpha() and t.casefold() not in _PARTICLES]
    return not (len(tokens) >= 2 and lower)


_ORG_WORD = re.compile(r"\b(?:news|online|magazin\w*|zeitung|times|post|daily|blog|media|press|presse|journal|"
                       r"tribune|herald|gazette|radio|tv|network|group|inc|ltd|gmbh|ag|foundation|stiftung|verein|"
                       r"verlag|club|team|redaktion|agency|agentur|institute?|institut|university|universität)\b", re.I)


def _personal(name: str) -> bool:
    """A personal site is named after its author ("Jane Doe"): two to four capitalised words, none of
    them a word that names an organisation."""
    tokens = name.split()
    return 2 <= len(tokens) <= 4 and all(t[:1].isupper() for t in tokens) and not _ORG_WORD.search(name)


_PARTICLES = {"de", "da", "das", "do", "dos", "di", "del", "della", "van", "von", "der", "den", "ten", "ter", "la",
              "le", "du", "bin", "ibn", "al", "el", "y", "zu", "vom", "st"}


def split_names(raw: str, site: str | None = None, *, structured: bool = False) -> list[str]:
    """The names in one raw author value, cleaned; ``[]`` when none reads as a name. ``structured``: the
    value is a field that holds names only (a meta tag, JSON-LD), where "Surname, Given" is one name."""
    text = clean_byline(raw)
    if not text:
        return []
    if structured:
        text = _surname_first(text) or text
    pieces = _SPLIT.split(text)
    out: list[str] = []
    for i in range(0, len(pieces), 2):
        part = clean_byline(pieces[i])
        if not is_name(part, site):
            continue
        if i and pieces[i - 1].strip() == "," and _affiliation(part, out):
            continue
        out.append(_uncapitalised(part))
    return out


def _affiliation(part: str, names: list[str]) -> bool:
    """A part after a comma that names where the writer works, not a second writer: "By Jane Doe,
    Reuters", "Jane Doe, Associated Press". Only after a full name: a list of people gives each a
    full name, so one word or an organisation after a comma is the first name's agency or town."""
    if not any(len(n.split()) >= 2 for n in names):
        return False
    return len(part.split()) == 1 or bool(_ORG_WORD.search(part))


_SURNAME_FIRST = re.compile(r"((?:(?:[^\W\d_]+ ){0,2})[^\W\d_][\w'’-]*), "
                            r"([^\W\d_][\w'’-]*\.?(?: [^\W\d_][\w'’-]*\.?)?)")


def _surname_first(text: str) -> str | None:
    """ "Ferreira, Ana" (a catalogue's order, as ``dc.creator`` and ``citation_author`` often give it) as
    "Ana Ferreira"; ``None`` unless the value is one surname (particles allowed) and a given name."""
    m = _SURNAME_FIRST.fullmatch(text)
    if not m:
        return None
    surname, given = m.groups()
    given_words = given.split()
    while given_words and given_words[-1] in _PARTICLES:  # "Jong, Michiel de": the particle is the surname's
        surname = f"{given_words.pop()} {surname}"
    given = " ".join(given_words)
    if not given:
        return None
    words = surname.split()
    if any(w.casefold() not in _PARTICLES for w in words[:-1]) or _ORG_WORD.search(text):
        return None
    if not all(w[:1].isupper() or w in _PARTICLES for w in (words[-1], *given.split())):
        return None  # a phrase
    if any(w.isupper() and len(w.rstrip(".")) > 1 for w in given.split()):
        return None  # "Reuters, AP": given names are not written in capitals (surnames may be)
    return f"{given} {surname}"


def _uncapitalised(name: str) -> str:
    """A name written in capitals ("JANE DOE") in the usual case; a single capitalised word (an
    agency such as "AFP") stays as written."""
    tokens = name.split()
    if len(tokens) < 2 or not name.isupper() or not any(sum(c.isalpha() for c in t) >= 3 for t in tokens):
        return name
    if _ORG_WORD.search(name):
        return name  # "NATURSTROM AG": a firm's capitals may be its own
    return " ".join(t.title() for t in tokens)


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for n in names:
        k = _key(n)
        if k and k not in seen:
            seen.add(k)
            out.append(n)
    return out


def find_authors(sc: Scan, ld: jsonld.JsonLd, site: str | None) -> list[str]:
    """The article's authors, most trusted source first; ``[]`` when none is found."""
    article = ld.article()
    organisations: list[str] = []
    if article is not None:
        people = _ld_authors(article.get("author"), ld, site) or _ld_authors(article.get("creator"), ld, site)
        if people:
            return people[:12]
        organisations = _ld_authors(article.get("author"), ld, site, organisations=True)
    for key in _META:
        # Several writers may each have a tag of their own ("author", "parsely-author", "citation_author").
        values = [v for k, v in sc.metas if k == key and not v.lstrip().startswith("http")]
        names = _dedupe([n for v in values for n in split_names(v, site, structured=True)])
        if names:
            return names[:12]
    # An organisation credited as author (a news agency, a publisher's desk) only when no person is.
    return (_from_markup(sc, site) or organisations)[:12]


_ORG_TYPES = ("Organization", "Corporation", "NewsMediaOrganization", "GovernmentOrganization", "NGO", "WebSite")


def _ld_authors(value: Any, ld: jsonld.JsonLd, site: str | None, *, organisations: bool = False) -> list[str]:
    """Names of the people (or, with ``organisations``, of the organisations) in a JSON-LD author."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for raw in items[:12]:
        item = ld.resolve(raw)
        if isinstance(item, dict):
            if jsonld.has_type(item, _ORG_TYPES) != organisations:
                continue
            for name in jsonld.names(item, ld):
                out.extend(split_names(name, site, structured=True))
        elif isinstance(item, str) and not item.startswith("http") and not organisations:
            out.extend(split_names(item, site, structured=True))
    return _dedupe(out)


_INLINE = {"a", "span", "strong", "b", "em", "i", "small", "font", "bdi", "cite", "address"}


def _fellows(el: Any, candidates: list[Any]) -> list[Any]:
    """The candidates in the same byline as ``el``: inside its nearest block-level ancestor, so "By <a
    rel=author>A</a> and <a rel=author>B</a>" gives both writers, and an author box further down the
    page (or a list of other stories) none."""
    block = next((a for a in el.iterancestors() if a.tag not in _INLINE), None)
    if block is None or block.tag in ("body", "html", "article", "main"):
        return [el]
    inside = set(block.iter())
    return [c for c in candidates if c in inside]


def _from_markup(sc: Scan, site: str | None) -> list[str]:
    # itemprop=author (its own text or its itemprop=name child), then rel=author links.
    props = [el for el in sc.itemprops if "author" in (el.get("itemprop") or "").lower().split()
             and el.tag != "meta" and not sc.in_comments(el)]
    for el in props:
        names = _dedupe([n for e in _fellows(el, props) for n in split_names(_prop_name(e), site)])
        if names:
            return names
    rels = [el for el in sc.rel_authors if not sc.in_comments(el) and not sc.in_aside(el)]
    for el in rels:
        names = _dedupe([n for e in _fellows(el, rels) for n in split_names(text_of(e, 200), site)])
        if names:
            return names
    for el, found in sc.hinted:
        if "author" not in found or sc.in_comments(el) or sc.in_aside(el):
            continue
        if el.tag in ("body", "html", "article", "main", "section", "img", "meta", "link", "script"):
            continue
        raw = text_of(el, 300)
        if not raw or len(raw) > 200:
            continue
        if len(raw) > 80 and not _words()["prefix"][0].match(raw):
            continue  # an author's bio, not a byline
        names = split_names(raw, site)
        if names:
            return _dedupe(names)
    return []


def _prop_name(el: Any) -> str:
    """An ``itemprop=author`` element's name: its ``itemprop=name`` child (text or content), else its text."""
    name_el = next((c for c in el.iter() if (c.get("itemprop") or "").lower() == "name"), None)
    if name_el is None:
        return text_of(el, 200)
    return (name_el.get("content") if name_el.tag == "meta" else None) or text_of(name_el, 200)

