"""The record: one article and the facts found in it.

Every interface (Python, CLI, REST, exports, the store) speaks this record; ``Article.to_dict`` gives
the JSON form described in DESIGN.md and ``Article.from_dict`` reads it back. Character offsets
(``span``, ``mentions``) index into ``Article.text``. Unknown values are ``None`` or empty lists: no
stage invents a value it did not find.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

Span = tuple[int, int]
DateSource = Literal["json-ld", "meta", "html", "url", "text", "page-stamp", "feed", "input"]
QuoteKind = Literal["direct", "indirect", "partial"]

T = TypeVar("T")

# The record's classes have no __slots__: orjson serialises a dataclass from its __dict__ about
# five times faster than through a slotted class's descriptors (measured on a generated record: 29
# against 74 us), and writing each record as JSON is a hot spot of the store's bulk loads. The cost
# is about 12 % more memory per record held.

@dataclass
class DateInfo:
    """A date with where it was found and how far it can be trusted (0..1)."""

    value: str
    source: str
    confidence: float


@dataclass
class Image:
    url: str | None = None
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass
class Entity:
    """One real-world referent, however many surface forms the text uses for it."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    role: str | None = None
    country: str | None = None
    mentions: list[Span] = field(default_factory=list)
    salience: float = 0.0


@dataclass
class Quote:
    text: str
    kind: str
    speaker: str | None = None
    speaker_entity: str | None = None
    cue: str | None = None
    span: Span = (0, 0)
    cue_span: Span | None = None  # the cue words ("said", "according to") in ``text``
    speaker_span: Span | None = None  # the words that name the speaker here ("he", "the senator")
    # quotes with the same number are parts of one attribution: the pieces of a quotation its cue
    # interrupts ('"…," he said. "…"') and a partial quote with the reported speech around it
    attribution: int | None = None


@dataclass
class Claim:
    value: float | None
    unit: str | None
    text: str
    qualifier: str | None = None
    upper: float | None = None  # the top of a range ("10 to 20"): value is its bottom
    source: str | None = None
    source_entity: str | None = None
    span: Span = (0, 0)
    # what the number measures: the word governing it as a lemma-like key, common news measures
    # folded to one ("died", "death toll" -> "killed"; enrich/measures.py); None when nothing governs
    # it, and in records made before it was read
    measure: str | None = None


@dataclass
class Actor:
    name: str | None = None
    entity: str | None = None
    code: str | None = None


@dataclass
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    mentions: int = 0


@dataclass
class Event:
    source: Actor
    target: Actor
    cameo: str
    plover: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    location: Location | None = None
    text: str | None = None
    span: Span = (0, 0)


@dataclass
class Tone:
    score: float
    positive: float
    negative: float


@dataclass
class Article:
    """The clean article and, once enriched, its facts."""

    id: str
    source: str
    url: str | None = None
    site_name: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    published: DateInfo | None = None
    updated: DateInfo | None = None
    fetched_at: str | None = None
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)
    tone: Tone | None = None
    story_id: str | None = None
    duplicate_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON-ready record, keys in the order DESIGN.md lists them."""
        return _plain(self)  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Read a record produced by :meth:`to_dict` (unknown keys are ignored)."""
        d = dict(data)
        for key, kind in (("published", DateInfo), ("updated", DateInfo), ("tone", Tone)):
            if isinstance(d.get(key), dict):
                d[key] = _build(kind, d[key])
        d["images"] = [_build(Image, x) for x in d.get("images") or []]
        d["entities"] = [_entity(x) for x in d.get("entities") or []]
        d["quotes"] = [_with_span(_build(Quote, x)) for x in d.get("quotes") or []]
        d["claims"] = [_with_span(_build(Claim, x)) for x in d.get("claims") or []]
        d["events"] = [_event(x) for x in d.get("events") or []]
        d["locations"] = [_build(Location, x) for x in d.get("locations") or []]
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in names})


def _plain(obj: Any) -> Any:
    if isinstance(obj, tuple | list):
        return [_plain(x) for x in obj]
    if hasattr(obj, "__dataclass_fields__"):
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj)}
    return obj


def _build(kind: type[T], data: dict[str, Any]) -> T:
    names = {f.name for f in fields(kind)}  # type: ignore[arg-type]
    return kind(**{k: v for k, v in data.items() if k in names})


def _with_span(obj: T) -> T:
    for name in ("span", "cue_span", "speaker_span"):
        span = getattr(obj, name, None)
        if isinstance(span, list):
            object.__setattr__(obj, name, (int(span[0]), int(span[1])))
    return obj


def _entity(data: dict[str, Any]) -> Entity:
    ent = _build(Entity, data)
    ent.mentions = [(int(s), int(e)) for s, e in ent.mentions]
    return ent


def _event(data: dict[str, Any]) -> Event:
    d = dict(data)
    d["source"] = _build(Actor, d.get("source") or {})
    d["target"] = _build(Actor, d.get("target") or {})
    if isinstance(d.get("location"), dict):
        d["location"] = _build(Location, d["location"])
    return _with_span(_build(Event, d))


@dataclass
class Failure:
    """An input that produced no record, and why; it keeps the input's place in any output."""

    source: str
    reason: str
    # the page itself may be fine: the process analysing it died (out of memory, killed), so a
    # watcher should read it again rather than remember it as handled
    retry: bool = False

    def to_dict(self) -> dict[str, str]:
        return {"source": self.source, "error": self.reason}


_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|ncid|ref|src)$", re.I)


def canonical_url(url: str) -> str:
    """The URL two fetches of the same page share: lower-case host, no fragment, no tracking parameters."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((parts.scheme.lower() or "http", host + port, path, query, ""))


def article_id(url: str | None, text: str) -> str:
    """Stable id: a hash of the canonical URL when there is one, else of the whitespace-folded text."""
    basis = "url:" + canonical_url(url) if url else "text:" + " ".join(text.split())
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
