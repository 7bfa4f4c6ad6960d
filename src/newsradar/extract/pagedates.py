"""When an HTML page was published and last updated, each date with its source and a confidence.

Candidates come from, in falling order of trust: the article's JSON-LD, date meta tags
(``data/date_meta.tsv``), a full date in the URL, ``itemprop`` and ``<time>`` elements, elements whose
class or id says they hold a date (``data/hints.tsv``), dates in the visible text after a label such as
"Published" or "Aktualisiert" (``data/date_labels.tsv``), and last any date in the visible text.
Nothing is read from scripts other than JSON-LD, nor from comment sections; candidates in sidebars,
related-article lists and footers count for less. The published date is the most trusted candidate
(the earliest in the page among equals); an "updated" date is kept apart and never precedes it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any

from lxml import etree

from newsradar.extract import jsonld
from newsradar.extract.dates import Found, date_in_url, find_dates, iso, now_utc, parse_stamp, plausible
from newsradar.extract.lexicon import data_lines
from newsradar.extract.scan import Scan, text_of
from newsradar.record import DateInfo

_YEARISH = re.compile(r"(?:19|20)\d\d|\d\.\d{1,2}\.\d\d|年")
_TIMESTAMP = re.compile(r"^\d{10}(?:\d{3})?$")


@dataclass(slots=True)
class Candidate:
    when: datetime
    kind: str  # "published" or "updated"
    source: str  # json-ld, meta, url, html, text
    confidence: float
    pos: int = 0
    offset: timedelta | None = None  # the zone written after the time, if any
    aside: bool = False  # in a sidebar or a list of other stories: capped, whatever stands near it

    @property
    def utc(self) -> bool:
        """Written as UTC ("Z", "+00:00", a Unix time): the page's own day may differ."""
        return self.offset == timedelta(0)


@cache
def meta_keys() -> dict[str, tuple[str, float, int]]:
    """Meta key → (kind, confidence, rank in the file)."""
    out: dict[str, tuple[str, float, int]] = {}
    for rank, line in enumerate(data_lines("newsradar.extract", "data/date_meta.tsv")):
        key, kind, conf = line.split("\t")
        out[key.strip()] = (kind.strip(), float(conf), rank)
    return out


@cache
def labels() -> dict[str, re.Pattern[str]]:
    parts: dict[str, list[str]] = {}
    for line in data_lines("newsradar.extract", "data/date_labels.tsv"):
        kind, _, pattern = line.partition("\t")
        parts.setdefault(kind.strip(), []).append(pattern.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in parts.items()}


def label_kind(before: str) -> str | None:
    """'updated', 'published' or ``None``: what the words just before a date say it is."""
    tail = before[-48:]
    pats = labels()
    if pats["updated"].search(tail):
        return "updated"
    if pats["published"].search(tail):
        return "published"
    return None


class _Finder:
    def __init__(self, now: datetime, dayfirst: bool | None) -> None:
        self.now = now
        self.dayfirst = dayfirst
        self.found: list[Candidate] = []

    def parse(self, raw: str | None, *, earliest: int = 1990) -> Found | None:
        if not raw:
            return None
        raw = raw.strip()
        if _TIMESTAMP.match(raw):
            try:
                dt = datetime.fromtimestamp(int(raw[:10]), UTC).replace(tzinfo=None)
            except (OverflowError, OSError, ValueError):
                return None
            return Found(dt, 0, len(raw), timedelta(0)) if plausible(dt, now=self.now, earliest=earliest) else None
        return parse_stamp(raw[:300], dayfirst=self.dayfirst, now=self.now, earliest=earliest)

    def add(self, raw: str | None, kind: str, source: str, conf: float, pos: int = 0, aside: bool = False) -> bool:
        found = self.parse(raw)
        if found is None:
            return False
        self.found.append(Candidate(found.when, kind, source, conf, pos, found.offset, aside))
        return True


def page_dates(root: Any, sc: Scan, ld: jsonld.JsonLd, url: str | None, *, now: datetime | None = None,
               dayfirst: bool | None = None) -> tuple[DateInfo | None, DateInfo | None]:
    """(published, updated) of an HTML page, each ``None`` when the page does not say."""
    f = _Finder(now or now_utc(), dayfirst)
    _from_jsonld(f, ld)
    _from_meta(f, sc)
    _from_url(f, sc, url)
    _from_elements(f, sc)
    if not any(c.kind == "published" and c.confidence >= 0.8 for c in f.found):
        _from_text(f, root, sc)
    _near_headline(f.found, sc.headline_pos())
    return choose(f.found)


def _near_headline(found: list[Candidate], headline: int) -> None:
    """Dates printed just around the headline are the article's own: a little more trust for them
    than for the same kind of date elsewhere in the page (a related-articles list, a sidebar)."""
    if headline < 0:
        return
    for c in found:
        if c.source in ("html", "text") and c.pos and not c.aside and -40 <= c.pos - headline <= 150:
            c.confidence = round(min(c.confidence + 0.05, 0.89), 3)


def choose(found: list[Candidate]) -> tuple[DateInfo | None, DateInfo | None]:
    """The published and updated dates among the candidates (see the module's docstring)."""
    pubs = [c for c in found if c.kind == "published"]
    upds = [c for c in found if c.kind == "updated"]
    pub = max(pubs, key=_rank, default=None)
    upd = max(upds, key=_rank, default=None)
    if upd is not None and upd.confidence >= 0.6 and (pub is None or pub.confidence < 0.5):
        # A page that only says when it was last updated (its first date being a stray one): that
        # date is the best we know of its publication, held with less confidence.
        pub = Candidate(upd.when, "published", upd.source, round(min(upd.confidence, 0.6) * 0.75, 2), upd.pos,
                        upd.offset)
    if pub is not None:
        pub = _local_day(pub, found)
    if pub is not None and upd is not None and upd.when < pub.when:
        upd = None
    return (DateInfo(iso(pub.when, pub.offset), pub.source, round(pub.confidence, 2)) if pub else None,
            DateInfo(iso(upd.when, upd.offset), upd.source, round(upd.confidence, 2)) if upd else None)


def _rank(c: Candidate) -> tuple[float, int]:
    return (round(c.confidence, 3), -c.pos)


def _local_day(pub: Candidate, found: list[Candidate]) -> Candidate:
    """``pub`` as the page's own day: a UTC stamp is replaced by the same instant written in the
    page's time zone when the page has one, and a date whose day differs from the URL's by a time-zone
    shift takes the URL's day. The offset goes with the time: the shift found, the zone written."""
    if pub.utc:
        # Compared to the minute: the page may print the local time without its seconds.
        base = pub.when.replace(second=0, microsecond=0)
        for c in sorted(found, key=_rank, reverse=True):
            shift = (c.when.replace(second=0, microsecond=0) - base).total_seconds()
            if (not c.utc and c.source != "url" and c.when.date() != pub.when.date()
                    and abs(shift) <= 14 * 3600 and shift % 1800 == 0 and (c.when.hour, c.when.minute) != (0, 0)):
                offset = c.offset if c.offset is not None else timedelta(seconds=shift)
                return Candidate(c.when, "published", pub.source, pub.confidence, pub.pos, offset)
    url = next((c for c in found if c.source == "url"), None)
    if url is not None and url is not pub and url.when.date() != pub.when.date() \
            and abs(pub.when - url.when) < timedelta(hours=36):
        same = [c for c in found if c.kind == "published" and c.when.date() == url.when.date()]
        best = max(same, key=_rank)
        return Candidate(best.when, "published", pub.source if best is url else best.source,
                         pub.confidence if best is url else best.confidence, best.pos, best.offset)
    return pub


def _from_jsonld(f: _Finder, ld: jsonld.JsonLd) -> None:
    article = ld.article()
    for node in ld.nodes:
        main = node is article
        if not main and not any(k in node for k in ("datePublished", "dateModified", "dateCreated", "uploadDate")):
            continue
        base = 0.95 if main else 0.8
        if jsonld.has_type(node, ("Comment", "Answer", "Question", "Event", "Offer", "Product", "Person")):
            continue
        f.add(jsonld.text(node.get("datePublished")) or jsonld.text(node.get("dateCreated"))
              or jsonld.text(node.get("uploadDate")), "published", "json-ld", base)
        f.add(jsonld.text(node.get("dateModified")), "updated", "json-ld", base - 0.03)


def _from_meta(f: _Finder, sc: Scan) -> None:
    keys = meta_keys()
    best: dict[str, int] = {}
    for key, value in sc.metas:
        if key == "parsely-page":
            try:
                data = json.loads(value)
            except ValueError:
                continue
            if isinstance(data, dict):
                f.add(str(data.get("pub_date") or ""), "published", "meta", 0.88)
            continue
        spec = keys.get(key) or _generic_meta(key)
        if spec is None:
            continue
        kind, conf, rank = spec
        if rank >= best.get(kind, 10**6):
            continue
        if f.add(value, kind, "meta", conf):
            best[kind] = rank


_META_PUBLISHED = re.compile(r"publish|pubdate|[:._-](?:created|uploaded|release_?date|posted)$", re.I)
_META_UPDATED = re.compile(r"modified|updated|revised", re.I)


def _generic_meta(key: str) -> tuple[str, float, int] | None:
    """A meta key outside the table that still names a date: "xyz:published", "foo.modified"."""
    if _META_UPDATED.search(key):
        return ("updated", 0.7, 10**5)
    if _META_PUBLISHED.search(key):
        return ("published", 0.75, 10**5)
    return None


def _from_url(f: _Finder, sc: Scan, url: str | None) -> None:
    for u in (url, sc.canonical()):
        if u:
            dt = date_in_url(u, now=f.now)
            if dt is not None:
                f.found.append(Candidate(dt, "published", "url", 0.88))
                return
    # The lead image's address often carries its upload day (".../2016/05/04/photo.jpg"): a weak hint.
    image = sc.meta("og:image", "twitter:image")
    dt = date_in_url(image, now=f.now) if image else None
    if dt is not None:
        f.found.append(Candidate(dt, "published", "meta", 0.28))


_PUBLISHED_ATTR = re.compile(r"publish|entry-date|post-date|pubdate|created|article-date|posted", re.I)


def _from_elements(f: _Finder, sc: Scan) -> None:
    for el in sc.itemprops:
        prop = (el.get("itemprop") or "").lower()
        if el.tag == "meta" or prop not in ("datepublished", "datecreated", "datemodified", "uploaddate"):
            continue
        if sc.in_comments(el):
            continue
        raw = el.get("content") or el.get("datetime") or text_of(el, 200)
        kind = "updated" if prop == "datemodified" else "published"
        f.add(raw, kind, "html", 0.86, _position(sc, el))
    first_plain = True
    for el in sc.times:
        if sc.in_comments(el):
            continue
        attrs = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        raw = el.get("datetime") or text_of(el, 200)
        parent = el.getparent()
        context = f"{attrs} {parent.get('class', '') if parent is not None else ''}"
        before = (parent.text or "") if parent is not None else ""
        kind = "updated" if re.search(r"updated|modified", context, re.I) else (label_kind(before) or "published")
        aside = sc.in_aside(el)
        if _PUBLISHED_ATTR.search(context) or el.get("pubdate") is not None:
            conf = 0.84
        elif first_plain:
            conf = 0.68
        else:
            conf = 0.5
        if aside:
            conf = min(conf, 0.35)
        if f.add(raw, kind, "html", conf, _position(sc, el), aside) and not aside:
            first_plain = False
    for el, found in sc.hinted:
        if "date" not in found and "updated" not in found:
            continue
        if el.tag in ("time", "html", "body"):
            continue
        attr_raw = el.get("datetime") or el.get("data-date") or el.get("content") or el.get("title")
        text = text_of(el, 300)
        if len(text) > 300 and not attr_raw:
            continue
        raws = [r for r in (attr_raw, text) if r and _YEARISH.search(r)]
        if not raws or sc.in_comments(el):
            continue
        aside = sc.in_aside(el)
        for raw in raws:
            found_dates = find_dates(raw[:300], dayfirst=f.dayfirst)
            for dt, s, _, offset in found_dates:
                if not plausible(dt, now=f.now):
                    continue
                kind = label_kind(raw[:s]) or ("updated" if "updated" in found else "published")
                conf = 0.35 if aside else (0.7 if label_kind(raw[:s]) else 0.66)
                f.found.append(Candidate(dt, kind, "html", conf, _position(sc, el), offset, aside))
                if kind == "published":
                    break
            if found_dates:
                break


def _position(sc: Scan, el: Any) -> int:
    return sc.position(el)


_SKIP_TEXT = {"script", "style", "noscript", "template", "svg", "head", "title", "option", "select", "textarea"}


# Text nodes that may hold a year, picked in C: most of a page's text nodes hold none.
_YEAR_TEST = ("contains(., '19') or contains(., '20') or contains(., '年')"
              " or contains(translate(., '123456789', '000000000'), '0.0')")
_TEXTS = etree.XPath(f"//body//text()[{_YEAR_TEST}]")
_ALL_TEXTS = etree.XPath(f"//text()[{_YEAR_TEST}]")
# The same test in Python, for the walk below: "19", "20", "年", or a digit, a dot and a digit. Substring
# tests first, each a scan in C, where one search for the alternation tried its branches at every
# character; the walk makes the test on every text of the page, and it now takes under half the time.
_DIGIT_DOT_DIGIT = re.compile(r"[0-9]\.[0-9]")

# A text with the element it belongs to (its parent, or the element it follows for a tail).
_Text = tuple[str, Any, bool]


def _body_texts(root: Any) -> list[_Text] | None:
    """What ``_TEXTS`` finds, in the same (document) order, for a page with one ``<body>``; ``None``
    for another page. The XPath query costs about 2 ms a page, most of it in ``translate()`` copying
    every text node, and this walk under half that. The tree comes from :func:`.html.parse`, which
    keeps no comments nor processing instructions (the walk does not see them, nor their tails)."""
    bodies = list(root.iter("body"))
    if len(bodies) != 1:
        return None
    body = bodies[0]
    dotted = _DIGIT_DOT_DIGIT.search
    # One event an element (a walk with start and end events costs a third more): an element's text
    # is read where it begins, and a tail, which follows the element's last descendant, is put in its
    # place afterwards by sorting: after that descendant's own text, the inner of two such tails first.
    found: list[tuple[int, int, int, _Text]] = []
    tails: list[tuple[int, Any, str]] = []
    for pos, el in enumerate(body.iter()):
        # The test written out twice: a call per text would cost as much as the tests.
        text = el.text
        if text and ("19" in text or "20" in text or "年" in text or ("." in text and dotted(text))):
            found.append((pos, 0, 0, (text, el, False)))
        text = el.tail
        if text and pos and ("19" in text or "20" in text or "年" in text or ("." in text and dotted(text))):
            tails.append((pos, el, text))
    if not tails:
        return [t for *_, t in found]
    for pos, el, text in tails:
        last = pos + sum(1 for _ in el.iterdescendants())
        found.append((last, 1, -sum(1 for _ in el.iterancestors()), (text, el, True)))
    found.sort(key=lambda f: f[:3])
    return [t for *_, t in found]


def _xpath_texts(found: list[Any]) -> list[_Text]:
    return [(str(t), t.getparent(), t.is_tail) for t in found]


def _from_text(f: _Finder, root: Any, sc: Scan) -> None:
    """Dates in the page's visible text: after a label they are fairly trusted, else weakly."""
    first_plain = True
    texts = _body_texts(root)
    if texts is None:
        texts = _xpath_texts(_TEXTS(root))
    if not texts:
        texts = _xpath_texts(_ALL_TEXTS(root))
    for text, parent, is_tail in texts:
        if len(text) < 6 or not _YEARISH.search(text):
            continue
        el = parent
        if el is None:
            continue
        if is_tail:
            el = el.getparent()
            if el is None:
                continue
        if not isinstance(el.tag, str) or el.tag in _SKIP_TEXT or sc.in_comments(el):
            continue
        if el.tag == "blockquote" or any(a.tag == "blockquote" for a in el.iterancestors()):
            continue  # a quotation or an embedded post (a tweet's fallback markup): its date is not the page's
        aside = sc.in_aside(el)
        n = -1  # the element's position, counted for the first date it gives
        for dt, s, _, offset in find_dates(text[:2000], dayfirst=f.dayfirst):
            if not plausible(dt, now=f.now):
                continue
            if n < 0:
                n = _position(sc, el)
            before = text[max(0, s - 48):s]
            if s < 3:  # the label may sit just before the element: "Posted on <span>date</span>"
                before = (_text_before(parent, is_tail) + " " + before)
            kind = label_kind(before)
            if kind is not None:
                # A label in a short line is a dateline; in running prose ("released on …") it is
                # the story talking about another day.
                conf = 0.3 if aside else (0.62 if len(text) <= 160 else 0.42)
                f.found.append(Candidate(dt, kind, "text", conf, n, offset, aside))
            elif not aside:
                conf = 0.4 if first_plain else 0.3
                first_plain = False
                f.found.append(Candidate(dt, "published", "text", conf, n, offset))


def _text_before(el: Any, is_tail: bool) -> str:
    """The words just before a text: ``el`` is its parent, or for a tail the element it follows."""
    if el is None:
        return ""
    if is_tail:
        return text_of(el, 80)[-48:]
    prev = el.getprevious()
    if prev is not None:
        return (text_of(prev, 80) + " " + (prev.tail or "")).strip()[-48:]
    parent = el.getparent()
    return (parent.text or "")[-48:] if parent is not None else ""
