"""One pass over an HTML tree that collects what the metadata readers need.

Walking a page's few thousand elements once (in C, through ``iter``) and keeping only the few dozen
that matter (meta tags, ``<time>``, ``itemprop``, elements whose class or id hints at a date or an
author, comment and sidebar containers) keeps metadata extraction to a few milliseconds.
The class/id hints are data: ``data/hints.tsv``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any, TypeVar

from lxml import etree

from newsradar.extract.lexicon import data_lines

_SPACE = re.compile(r"\s+")
_T = TypeVar("_T")
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "head", "title", "button", "select", "option"}


@cache
def hints() -> dict[str, re.Pattern[str]]:
    """Hint name → regular expression over one class token (or the id)."""
    parts: dict[str, list[str]] = {}
    for line in data_lines("newsradar.extract", "data/hints.tsv"):
        name, _, pattern = line.partition("\t")
        if name.strip() != "words":
            parts.setdefault(name.strip(), []).append(pattern.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in parts.items()}


@cache
def _ascii_hints() -> dict[str, re.Pattern[str]]:
    """The hints as matched against a lower-cased ASCII token, which is every token but a few: without
    re.I, which makes Python's regular expressions try each letter both ways and costs about half of
    the search. On such a token a pattern with no upper-case letter (escapes such as ``\\S`` included)
    answers alike either way: the characters re.I adds to a lower-case letter or a class are upper case
    or not ASCII. A pattern with one keeps re.I."""
    return {k: p if re.search("[A-Z]", p.pattern) else re.compile(p.pattern) for k, p in hints().items()}


@cache
def _words() -> tuple[str, ...]:
    lines = [ln for ln in data_lines("newsradar.extract", "data/hints.tsv") if ln.startswith("words\t")]
    return tuple(w for ln in lines for w in ln.split("\t", 1)[1].split())


@cache
def _words_re() -> re.Pattern[str]:
    """Whether a lower-cased class string holds a hint word. The words are laid out as a trie ("d(?:at(?:a|e
    |um)|is(?:cussion|qus))…"): Python's regular expressions try an alternation's branches one by one
    at each position, and the filter runs for every class string new to the cache, so one branch per
    letter is some twice as fast as one per word. Only the yes/no answer is used: a word that another
    word starts with ("foot", "footer") stands for both."""
    trie: dict[str, Any] = {}
    for word in set(_words()):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return re.compile(_trie_pattern(trie))


def _trie_pattern(node: dict[str, Any]) -> str:
    if "" in node:
        return ""
    branches = [re.escape(ch) + _trie_pattern(sub) for ch, sub in sorted(node.items())]
    if not branches:
        return "(?!)"  # no words: nothing matches
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def text_of(el: Any, limit: int = 4000) -> str:
    """The element's visible text, white space collapsed (scripts, styles and the like inside it
    skipped); reading stops after about ``limit`` characters."""
    pieces: list[str] = []
    _collect(el, pieces, [0], limit)
    return _SPACE.sub(" ", " ".join(pieces)).strip()


def _collect(el: Any, pieces: list[str], size: list[int], limit: int) -> None:
    if el.text:
        pieces.append(el.text)
        size[0] += len(el.text)
    for child in el:
        if size[0] > limit:
            return
        tag = child.tag
        if isinstance(tag, str) and tag not in _INVISIBLE:
            _collect(child, pieces, size, limit)
        if child.tail:
            pieces.append(child.tail)
            size[0] += len(child.tail)


@dataclass(slots=True)
class Scan:
    """What one pass over the tree found, each list in document order."""

    metas: list[tuple[str, str]] = field(default_factory=list)  # (lower-cased key, content)
    title: str | None = None
    h1: list[Any] = field(default_factory=list)
    times: list[Any] = field(default_factory=list)
    itemprops: list[Any] = field(default_factory=list)
    hinted: list[tuple[Any, frozenset[str]]] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (rel, href) of <link>/<a rel>
    rel_authors: list[Any] = field(default_factory=list)  # <a rel="author">
    comments: set[Any] = field(default_factory=set)  # comment-section containers
    asides: set[Any] = field(default_factory=set)  # sidebars, related lists, navigation, footers
    root: Any = None
    # Element → position in document order, for the elements kept above; others are counted on demand.
    index: dict[Any, int] = field(default_factory=dict)
    _wrappers: dict[Any, bool] = field(default_factory=dict)
    _paragraphs: int = -1
    _headline: int = -2

    def meta(self, *keys: str) -> str | None:
        """The first non-empty content among ``keys``, in the order the keys are given."""
        for key in keys:
            for k, v in self.metas:
                if k == key:
                    return v
        return None

    def canonical(self) -> str | None:
        """The page's own address as it states it: ``<link rel="canonical">``, else ``og:url``."""
        for rel, href in self.links:
            if "canonical" in rel.split():
                return href
        return self.meta("og:url")

    def headline_pos(self) -> int:
        """Document position of the page's main ``<h1>`` (the first outside comments and asides), or -1."""
        if self._headline < -1:
            self._headline = next((self.index[h] for h in self.h1
                                   if not self.in_comments(h) and not self.in_aside(h)), -1)
        return self._headline

    def position(self, el: Any) -> int:
        """``el``'s position among the tree's elements in document order, the root's being 1."""
        pos = self.index.get(el)
        if pos is None:
            # The elements before it: its ancestors and those it follows. Counted in C, for the few
            # elements the date readers ask about beyond those the scan kept; indexing every element
            # in the scan cost each page more than that.
            pos = self.index[el] = int(_PRECEDING(el)) + 1
        return pos

    def in_comments(self, el: Any) -> bool:
        return any(a in self.comments for a in el.iterancestors()) or el in self.comments

    def in_aside(self, el: Any) -> bool:
        """Inside a sidebar, a related-articles list, navigation or the site's footer (an article's own
        ``<footer>``, which holds its byline and dates, does not count)."""
        chain = [el, *el.iterancestors()]
        for i, a in enumerate(chain):
            if a in self.asides:
                if a.tag == "footer" and any(b.tag == "article" for b in chain[i + 1:]):
                    continue
                if self._main_column(a):
                    continue  # a layout wrapper named after its sidebar ("content right-sidebar")
                return True
        return False

    def _main_column(self, container: Any) -> bool:
        """Whether an aside-looking container is in fact the page's main column: it holds the
        headline or most of the page's paragraphs."""
        known = self._wrappers.get(container)
        if known is None:
            known = any(container in h.iterancestors() for h in self.h1[:3])
            if not known:
                if self._paragraphs < 0:
                    root = container.getroottree().getroot()
                    self._paragraphs = sum(1 for _ in root.iter("p"))
                inside = sum(1 for _ in container.iter("p"))
                known = inside >= 3 and inside * 2 > self._paragraphs
            self._wrappers[container] = known
        return known


_PRECEDING = etree.XPath("count(ancestor::*) + count(preceding::*)")


_SECTIONS = {"div", "section", "ol", "ul", "aside", "footer", "nav", "form", "article", "li"}


# WordPress and others put the post's tags and categories in its classes: "tag-comments" is no comment.
# "author-" is not among them: "author-name", "author-link" and "author-byline" are some of the commonest
# byline classes, and the "author-{login}" WordPress sets on a page or post sits on a container that the
# author reader skips (it holds the whole post) or that holds nothing else the readers want.
_TAXONOMY = re.compile(r"(?:post_)?(?:tag|category|categories|format|type|status|postid|page-id)-")
_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=131072)
def _token_hints(token: str) -> frozenset[str]:
    """The hints of one lower-cased class token (or id)."""
    if not _words_re().search(token) or _TAXONOMY.match(token):
        return _NONE
    return _shared(frozenset(k for k, p in (_ascii_hints() if token.isascii() else hints()).items()
                             if p.search(token)))


@lru_cache(maxsize=65536)
def classify(attrs: str) -> tuple[frozenset[str], bool, bool]:
    """(hints, is a comment section, is an aside) for one "class id" string. Pages repeat their class
    strings and sites their class tokens, so both levels are cached."""
    # A third of the class strings are new to the cache, most for a number in them ("comment-55169",
    # "menu-item-1195"): no hint pattern tells one digit from another, so strings and tokens that
    # differ only in their digits share one entry of the caches below.
    # str.translate looks each character up in a dict; bytes.translate reads a table, four times faster
    # on the ASCII strings that nearly all class strings are.
    if attrs.isascii():
        return _classify_shape(attrs.encode().translate(_ASCII_DIGITS).decode())
    return _classify_shape(attrs.translate(_DIGITS))


_DIGITS = str.maketrans("123456789", "000000000")
_ASCII_DIGITS = bytes.maketrans(b"123456789", b"000000000")


@lru_cache(maxsize=65536)
def _classify_shape(attrs: str) -> tuple[frozenset[str], bool, bool]:
    lowered = attrs.lower()
    # Two class strings in three hold no hint word at all (no hint word spans a space): one search
    # over the whole string settles them without splitting it into tokens.
    if not _words_re().search(lowered):
        return _EMPTY
    found: frozenset[str] = _NONE
    for token in lowered.split():
        hit = _token_hints(token)
        if hit:
            found = found | hit
    return _shared((_shared(found - {"comments", "aside"}), "comments" in found, "aside" in found))


_EMPTY: tuple[frozenset[str], bool, bool] = (_NONE, False, False)
_SHARED: dict[Any, Any] = {}  # each value its own key


def _shared(value: _T) -> _T:
    """One object for each distinct answer (a few dozen in all). The caches above hold some hundred
    thousand answers after a few thousand pages, and each a new tuple or frozenset, which the garbage
    collector follows: the whole heap's collections, a few a thousand pages, took some 5% of the extract
    stage's time, and their cost grows with what the caches hold. Shared, the answers are a few dozen
    objects however full the caches are."""
    shared: _T = _SHARED.setdefault(value, value)
    return shared


# Tags the walk treats apart; every other element only has its itemprop, class and id read.
_SKIPPED = frozenset({"script", "style", "noscript", "template"})
_SPECIAL = frozenset({"meta", "title", "link", "a", "h1", "time"}) | _SKIPPED
_LANDMARKS = frozenset({"nav", "aside", "footer"})


def scan(root: Any) -> Scan:
    # The loop runs for every element of every page (some 800 a page): the common case (a div, a
    # span, a p) takes one set test and one call for its attribute names before any attribute is
    # read, and the lists are bound locally.
    out = Scan(root=root)
    index = out.index
    hinted, itemprops, comments, asides = out.hinted, out.itemprops, out.comments, out.asides
    pos = 0
    # iter(etree.Element) yields elements only (no comments or processing instructions), in C.
    for el in root.iter(etree.Element):
        tag = el.tag
        pos += 1
        if tag in _SPECIAL:
            if tag == "meta":
                key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "")
                val = el.get("content")
                if key and val and val.strip():
                    out.metas.append((key.strip().lower(), val.strip()))
                continue
            if tag in _SKIPPED:
                continue
            if tag == "title":
                if out.title is None and el.text:
                    out.title = _SPACE.sub(" ", el.text).strip() or None
                continue
            if tag == "link" or (tag == "a" and el.get("rel")):
                rel, href = (el.get("rel") or "").lower(), el.get("href")
                if rel and href:
                    out.links.append((rel, href))
                if tag == "a" and "author" in rel:
                    out.rel_authors.append(el)
            if tag == "h1":
                out.h1.append(el)
                index[el] = pos
            elif tag == "time":
                out.times.append(el)
                index[el] = pos
        keys = el.keys()
        if not keys:
            if tag in _LANDMARKS:
                asides.add(el)
            continue
        if "itemprop" in keys and el.get("itemprop"):
            itemprops.append(el)
            index[el] = pos
        cls = el.get("class") if "class" in keys else None
        ident = el.get("id") if "id" in keys else None
        if not cls and not ident:
            if tag in _LANDMARKS:
                asides.add(el)
            continue
        found, comment, aside = classify(f"{cls or ''} {ident or ''}")
        if tag in _SECTIONS:
            if comment:
                comments.add(el)
                continue
            if aside or tag in _LANDMARKS:
                asides.add(el)
        if found:
            hinted.append((el, found))
            index[el] = pos
    return out
