"""An Article as the flat rows the store's tables hold (shared by every backend).

Each fact table repeats the article's time, site and language so that the dashboard's queries
(trends, timelines, networks) filter and group one table without a join.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

import orjson

from newsradar.extract.dates import naive_utc
from newsradar.record import Article
from newsradar.textfold import fold

# A published date more than this far after ingestion is a parsing error, not a scoop.
_FUTURE_SLACK = timedelta(days=1)

ARTICLE_COLUMNS = ("seq", "id", "id_key", "url", "host", "text_hash", "text_key", "source", "site", "title",
                   "language", "section",
                   "published", "ts", "ingested_at", "tone", "tone_positive", "tone_negative", "story_id",
                   "duplicate_of", "n_entities", "n_quotes", "n_claims", "n_events", "text", "record")
MENTION_COLUMNS = ("seq", "article_id", "ts", "site", "language", "tone", "entity", "ekey", "name", "type", "country",
                   "role", "count", "salience")
QUOTE_COLUMNS = ("qid", "seq", "article_id", "ts", "site", "language", "speaker", "speaker_key", "kind", "cue",
                 "text", "span_start", "span_end")
# Each table's columns in the table's own order (rows are inserted by position): migration 7 added
# the claims' measure after the others.
CLAIM_COLUMNS = ("seq", "article_id", "idx", "ts", "site", "language", "story_id", "value", "upper", "unit", "unit_key",
                 "qualifier", "text", "claimant", "claimant_key", "measure")
EVENT_COLUMNS = ("seq", "article_id", "idx", "ts", "site", "language", "source_name", "source_key", "source_code",
                 "target_name", "target_key", "target_code", "cameo", "root", "plover", "quad_class", "goldstein",
                 "location", "country", "lat", "lon", "text")
TABLE_COLUMNS = {"articles": ARTICLE_COLUMNS, "mentions": MENTION_COLUMNS, "quotes": QUOTE_COLUMNS,
                 "claims": CLAIM_COLUMNS, "events": EVENT_COLUMNS}
# The article's own values that each fact row repeats, by fact column → articles column. A fact's
# row tuple holds, instead of them, the position of its article's row in the same Rows: converting
# these repeats one Python value at a time was the largest cost of a bulk load (a fact table's
# writer takes them from the articles' columns instead).
SHARED = {"mentions": {"article_id": "id", "ts": "ts", "site": "site", "language": "language", "tone": "tone"},
          "quotes": {"article_id": "id", "ts": "ts", "site": "site", "language": "language"},
          "claims": {"article_id": "id", "ts": "ts", "site": "site", "language": "language", "story_id": "story_id"},
          "events": {"article_id": "id", "ts": "ts", "site": "site", "language": "language"}}
# A fact row tuple: its article's position, then these columns.
OWN_COLUMNS = {t: tuple(c for c in TABLE_COLUMNS[t] if c not in shared) for t, shared in SHARED.items()}
QUOTE_BITS = 12  # a quote's id is seq << QUOTE_BITS | its index: unique, and ordered like its article
TOP_ENTITIES = 5  # entities an ArticleSummary names, by salience
SUMMARY_FIELDS = ("id", "url", "title", "site_name", "source", "language", "published", "fetched_at", "tone",
                  "story_id", "duplicate_of")  # what an ArticleSummary takes from the record


def entity_key(name: str, kind: str) -> str:
    """The store-wide key of an entity: its type and folded name (``PERSON:haider al-abadi``)."""
    return f"{kind}:{fold(name)}"


@lru_cache(maxsize=1 << 17)  # the same few entities recur in most articles
def entity_keys(name: str, kind: str) -> tuple[str, int]:
    """An entity's key and its :func:`lookup_key`."""
    key = entity_key(name, kind)
    return key, lookup_key(key)


def lookup_key(value: str) -> int:
    """A 63-bit integer for ``value``: lookups scan a column of these, which is far faster than a
    column of strings, and then compare the string itself on the few rows that match."""
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def text_hash(text: str) -> str:
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()


def host_of(url: str | None) -> str | None:
    """The URL's host without ``www.``: how a source filter names a site it does not know the name of."""
    if not url:
        return None
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or None


def site_of(article: Article) -> str | None:
    return article.site_name or host_of(article.url)


def parse_time(value: str | None) -> datetime | None:
    """An ISO date or date-time as naive UTC (the store's only time zone), or None."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return naive_utc(moment)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


@dataclass(slots=True)
class Rows:
    """Column-ordered tuples for each table, ready for a bulk insert: articles in ARTICLE_COLUMNS
    order, facts as (position of the article in ``articles``, *OWN_COLUMNS)."""

    articles: list[tuple[Any, ...]] = field(default_factory=list)
    mentions: list[tuple[Any, ...]] = field(default_factory=list)
    quotes: list[tuple[Any, ...]] = field(default_factory=list)
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    # (seq, article) for what is kept beside the tables (summaries): made by whoever writes those,
    # off the thread that turns the next batch into rows
    stored: list[tuple[int, Article]] = field(default_factory=list)

    def table(self, name: str) -> list[tuple[Any, ...]]:
        return getattr(self, name)  # type: ignore[no-any-return]


def article_time(article: Article, ingested: datetime) -> tuple[datetime | None, datetime]:
    """(published, ts): ``ts`` is when the article counts for trends and timelines: its publication
    date when it has a believable one, else when it was fetched, else when it was stored."""
    published = parse_time(article.published.value) if article.published else None
    if published is not None and published > ingested + _FUTURE_SLACK:
        published = None
    ts = published or parse_time(article.fetched_at) or ingested
    return published, min(ts, ingested + _FUTURE_SLACK)


def add_article(rows: Rows, article: Article, seq: int, ingested: datetime) -> None:
    """Append the article and its facts to ``rows`` (``seq`` is its arrival number)."""
    a = article
    published, ts = article_time(a, ingested)
    digest = text_hash(a.text)
    site, lang = site_of(a), a.language
    pos = len(rows.articles)
    keys: dict[str, str] = {}  # entity id -> store-wide key, for the facts that name an entity
    # One mentions row per key and article, so that counting rows counts articles: two entities of a
    # record whose names fold to one key ("José Ramos", "Jose Ramos") are one row, their mentions
    # added, with the name and details of the more salient.
    merged: dict[str, tuple[Any, ...]] = {}
    for e in a.entities:
        key, ekey = entity_keys(e.name, e.type)
        keys[e.id] = key
        row = (pos, seq, key, ekey, e.name, e.type, e.country, e.role, max(1, len(e.mentions)), float(e.salience))
        same = merged.get(key)
        if same is not None:
            top, other = (row, same) if row[9] > same[9] else (same, row)
            details = tuple(t if t is not None else o for t, o in zip(top[4:8], other[4:8], strict=True))
            row = (*top[:4], *details, same[8] + row[8], top[9])
        merged[key] = row
    rows.mentions.extend(merged.values())
    tone = a.tone
    score = tone.score if tone else None
    rows.articles.append((
        seq, a.id, lookup_key(a.id), a.url, host_of(a.url), digest, lookup_key(digest), a.source, site, a.title,
        lang, a.section, published,
        ts, ingested,
        score, tone.positive if tone else None, tone.negative if tone else None,
        a.story_id, a.duplicate_of, len(a.entities), len(a.quotes), len(a.claims), len(a.events), a.text,
        record_json(a)))
    rows.stored.append((seq, a))
    for i, q in enumerate(a.quotes[: 1 << QUOTE_BITS]):
        rows.quotes.append((pos, (seq << QUOTE_BITS) | i, seq, q.speaker, keys.get(q.speaker_entity or ""), q.kind,
                            q.cue, q.text, q.span[0], q.span[1]))
    for i, c in enumerate(a.claims):
        rows.claims.append((pos, seq, i, c.value, c.upper, c.unit, fold(c.unit) if c.unit else None, c.qualifier,
                            c.text, c.source, keys.get(c.source_entity or ""), c.measure))
    for i, ev in enumerate(a.events):
        loc = ev.location
        rows.events.append((
            pos, seq, i, ev.source.name, actor_key(ev.source.name, ev.source.entity, keys),
            ev.source.code, ev.target.name, actor_key(ev.target.name, ev.target.entity, keys), ev.target.code,
            ev.cameo, ev.cameo[:2] if ev.cameo else None, ev.plover, ev.quad_class, ev.goldstein,
            loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
            loc.lon if loc else None, ev.text))


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields(obj: Any) -> dict[str, Any]:
    names = _FIELD_NAMES.get(type(obj))
    if names is None:
        names = _FIELD_NAMES[type(obj)] = tuple(f.name for f in dataclass_fields(obj))
    return {name: getattr(obj, name) for name in names}


_TEXT_PLACEHOLDER = "\u0000text"  # the record's text lives in the articles.text column


def record_json(article: Article) -> str:
    """The record as stored: ``article.to_dict()`` as JSON (orjson walks the dataclasses natively,
    ~5x faster than ``to_dict`` + ``json``: the hot spot of bulk loads), without the text, which has
    its own column, and without the paragraphs when they are just the text split at blank lines
    (as extraction makes them)."""
    record = _fields(article)
    record["text"] = _TEXT_PLACEHOLDER
    if article.paragraphs == article.text.split("\n\n"):
        record["paragraphs"] = _TEXT_PLACEHOLDER
    return orjson.dumps(record).decode("utf-8")


def summary_of(record: Mapping[str, Any]) -> dict[str, Any]:
    """The ArticleSummary of a record: its metadata and its top entities by salience, each with its
    store-wide key."""
    top = sorted(record.get("entities") or [], key=lambda e: e.get("salience") or 0.0, reverse=True)[:TOP_ENTITIES]
    return _summary({k: record.get(k) for k in SUMMARY_FIELDS}, ((e["name"], e["type"]) for e in top))


def summary_json(article: Article) -> str:
    """:func:`summary_of` the article, as JSON: the store keeps it where lists of articles read it
    by key, without touching the whole record. (From the Article itself: making its record's dict
    first would cost as much again on the bulk-load path.)"""
    top = sorted(article.entities, key=_salience, reverse=True)[:TOP_ENTITIES]  # stable, like the above
    out = _summary({k: getattr(article, k) for k in SUMMARY_FIELDS}, ((e.name, e.type) for e in top))
    return orjson.dumps(out).decode("utf-8")


def _summary(fields: dict[str, Any], top: Iterable[tuple[str, str]]) -> dict[str, Any]:
    fields["entities"] = [{"key": entity_keys(name, kind)[0], "name": name, "type": kind} for name, kind in top]
    return fields


_salience = attrgetter("salience")


def record_from(stored: str, text: str) -> dict[str, Any]:
    """The record back from :func:`record_json` and the text column."""
    record: dict[str, Any] = json.loads(stored)
    record["text"] = text
    if record.get("paragraphs") == _TEXT_PLACEHOLDER:
        record["paragraphs"] = text.split("\n\n") if text else []
    return record


ACTOR = "ACTOR"  # the type in the key of an event actor that is no entity ("ACTOR:the operators")


def actor_key(name: str | None, entity: str | None, keys: dict[str, str]) -> str | None:
    """The key an event actor is filed under: its entity's (``keys``: entity id -> key), else, for an
    actor that is no entity, ``ACTOR:`` and its folded name; None without either."""
    if entity and entity in keys:
        return keys[entity]
    return f"{ACTOR}:{fold(name)}" if name else None
