"""What the dashboard and the REST API show beyond the generic lists, in the shapes of docs/api.md.

The generic queries (:mod:`newsradar.analytics`) answer with table rows; the API answers with the
record's own objects: an article as an ``ArticleSummary`` (with its top entities' store-wide keys),
a quote, an event or a claim exactly as its record holds it. These functions find the rows with the
same filters and then take those objects from the stored records of the page's articles only, so a
page costs a few small reads however large the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import orjson

from newsradar.analytics.common import (
    LIKE,
    MAX_LIMIT,
    WINDOWS,
    Filters,
    Page,
    Where,
    as_filters,
    before,
    check_int,
    check_str,
    check_texts,
    entity_keys,
    is_actor,
    is_key,
    like_escape,
    next_cursor,
    page_bounds,
    plain,
    top_roles,
)
from newsradar.analytics.events import actor_country, cameo_where
from newsradar.analytics.quotes import speaker_hits
from newsradar.analytics.trends import BASELINE
from newsradar.store.base import Store
from newsradar.store.rows import ACTOR, QUOTE_BITS, actor_key, entity_key, lookup_key, summary_of
from newsradar.textfold import fold

Json = dict[str, Any]
RECENT_MENTIONS = 200  # newest articles an entity's roles and co-occurring entities are counted over
PROFILE_ARTICLES = 30  # newest articles an entity's aliases and places are read from
PLACES = 30
RUN_GAP = 2048  # seqs further apart than this are read by separate queries (DuckDB's vector size)


def with_keys(record: Json) -> Json:
    """The record with the store-wide keys docs/api.md promises, so that a client can open any of
    them at GET /api/entities/{key}: each entity's ``key`` beside its per-article id, each quote's
    ``speaker_key`` (None when no entity said it) and each event actor's ``key`` (None without a name)."""
    ents = [{**e, "key": entity_key(e["name"], e["type"])} for e in record.get("entities") or []]
    keys: dict[str, str] = {e["id"]: e["key"] for e in ents if e.get("id")}
    quotes = [{**q, "speaker_key": keys.get(q.get("speaker_entity") or "")} for q in record.get("quotes") or []]
    events = [{**ev, "source": _keyed(ev.get("source"), keys), "target": _keyed(ev.get("target"), keys)}
              for ev in record.get("events") or []]
    return {**record, "entities": ents, "quotes": quotes, "events": events}


def _keyed(actor: Json | None, keys: dict[str, str]) -> Json:
    """An event actor with the key the store files it under."""
    actor = actor or {}
    return {**actor, "key": actor_key(actor.get("name"), actor.get("entity"), keys)}


def _runs(seqs: Iterable[int]) -> list[list[int]]:
    """Sorted arrival numbers split where they lie far apart.

    The wide columns are compressed: reading a row decompresses the rows stored around it, so a
    query must only touch what lies near the wanted rows. One query per run of nearby seqs, each
    bounded by its range (which DuckDB prunes by), not one over everything between the ends."""
    keys = sorted(set(seqs))
    runs: list[list[int]] = [[keys[0]]] if keys else []
    for k in keys[1:]:
        if k - runs[-1][-1] > RUN_GAP:
            runs.append([])
        runs[-1].append(k)
    return runs


def records(store: Store, seqs: Iterable[int]) -> dict[int, Json]:
    """The stored records (without their text) of articles by arrival number."""
    # One query after another: DuckDB already spreads each query over the cores, and cursors of one
    # connection reading side by side made it many times slower, not faster.
    rows = [r for run in _runs(seqs) for r in store.query(
        "SELECT seq, record, story_id, duplicate_of FROM articles WHERE seq BETWEEN ? AND ? "
        f"AND seq IN ({_ints(run)})", [run[0], run[-1]])]
    out: dict[int, Json] = {}
    for r in rows:
        rec: Json = orjson.loads(r["record"])
        rec.pop("text", None)
        rec.pop("paragraphs", None)
        rec["story_id"], rec["duplicate_of"] = r["story_id"], r["duplicate_of"]
        out[int(r["seq"])] = rec
    return out


def seqs_of(store: Store, ids: Sequence[str]) -> dict[str, int]:
    """Article id → arrival number."""
    if not ids:
        return {}
    rows = store.query(f"SELECT id, seq FROM articles WHERE id_key IN ({_ints(lookup_key(i) for i in ids)})")
    wanted = set(ids)  # the integer key narrows the scan; the id settles a (rare) collision
    return {r["id"]: int(r["seq"]) for r in rows if r["id"] in wanted}


def summaries(store: Store, ids: Sequence[str]) -> dict[str, Json]:
    """ArticleSummary by article id, for the ids that are stored."""
    seqs = seqs_of(store, ids)
    found = store.summaries(seqs.values())
    return {aid: found[s] for aid, s in seqs.items() if s in found}


def summary_page(store: Store, page: Page, id_field: str = "id") -> Page:
    """A page of rows naming articles as a page of their ArticleSummaries, in the same order."""
    found = summaries(store, [r[id_field] for r in page.items])
    return Page([found[r[id_field]] for r in page.items if r[id_field] in found], page.total, page.next)


# -- entities --------------------------------------------------------------------------------------
def entity_summaries(store: Store, keys: Sequence[str]) -> dict[str, Json]:
    """EntitySummary by entity key, from the running totals kept at ingestion."""
    wanted = set(keys)  # the integer key narrows the scan; the string settles a (rare) collision
    return {k: v for k, v in _entity_rows(store, [lookup_key(k) for k in keys]).items() if k in wanted}


def _entity_rows(store: Store, ekeys: Sequence[int]) -> dict[str, Json]:
    if not ekeys:
        return {}
    rows = store.query("SELECT entity AS key, name, type, country, articles, mentions, first_seen, last_seen "
                       f"FROM entities WHERE ekey IN ({_ints(ekeys)})")
    return {r["key"]: plain(r) for r in rows}


def _ints(values: Iterable[int]) -> str:
    """An IN list of integer literals. DuckDB filters a scan by a list of constants, where a list
    parameter becomes a join that reads every row first, and a statement with hundreds of
    placeholders plans slowly. (Only integers are written into SQL, through ``int``.)"""
    return ",".join(str(int(v)) for v in values)


def entity_profile(store: Store, entity: str, *, related: int = 20) -> Json | None:
    """``{"entity": EntitySummary + aliases + roles, "cooccurring": [EntitySummary + together],
    "places": [{name, country, lat, lon, mentions}]}``. Roles and co-occurring entities are counted
    over its ``RECENT_MENTIONS`` newest articles, aliases and places read from its
    ``PROFILE_ARTICLES`` newest: bounded work however often it appears. ``related``: at most this
    many co-occurring entities (0 to MAX_LIMIT)."""
    check_int("related", related, 0, MAX_LIMIT)
    key = entity_keys(store, check_str("entity", entity))[0]
    if is_actor(key):
        return _actor_profile(store, key, related)
    found = entity_summaries(store, [key]).get(key)
    if found is None:
        return None
    ekey = lookup_key(key)
    recent = store.query("SELECT seq, role FROM mentions WHERE ekey = ? AND entity = ? ORDER BY seq DESC LIMIT ?",
                         [ekey, key, RECENT_MENTIONS])
    seqs = list(dict.fromkeys(r["seq"] for r in recent))  # an article may name it twice (two spellings)
    aliases: set[str] = set()
    recs = records(store, seqs[:PROFILE_ARTICLES])
    for rec in recs.values():
        for e in rec.get("entities") or []:
            if entity_key(e["name"], e["type"]) == key:
                aliases.update(a for a in [e["name"], *(e.get("aliases") or [])] if a and a != found["name"])
    return {"entity": {**found, "aliases": sorted(aliases), "roles": top_roles(recent)},
            "cooccurring": _cooccurring(store, seqs, ekey, related), "places": _places(recs.values())}


def _actor_profile(store: Store, key: str, related: int) -> Json | None:
    """The entity page of an actor events name that is no entity (``ACTOR:the operators``), from
    those events: an EntitySummary of type ACTOR whose ``mentions`` counts the events naming it and
    ``roles`` are the CAMEO actor codes they give it, most frequent first; its aliases, co-occurring
    entities and places as for an entity, over its ``RECENT_MENTIONS`` newest events."""
    # no integer key for actors: the events' key columns are compared as strings, on the events
    # table only, which is a fraction of the mentions
    totals = store.query("SELECT count(DISTINCT seq) AS articles, count(*) AS mentions, min(ts) AS first_seen, "
                         "max(ts) AS last_seen FROM events WHERE source_key = ? OR target_key = ?", [key, key])
    if not totals or not totals[0]["mentions"]:
        return None
    recent = store.query(
        "SELECT seq, CASE WHEN source_key = ? THEN source_name ELSE target_name END AS name, "
        "CASE WHEN source_key = ? THEN source_code ELSE target_code END AS code FROM events "
        "WHERE source_key = ? OR target_key = ? ORDER BY seq DESC, idx LIMIT ?", [key, key, key, key, RECENT_MENTIONS])
    names = Counter(r["name"] for r in recent if r["name"])
    name = names.most_common(1)[0][0] if names else key.partition(":")[2]
    codes = [c for c, _ in Counter(r["code"] for r in recent if r["code"]).most_common()]
    seqs = list(dict.fromkeys(r["seq"] for r in recent))
    found = {"key": key, "name": name, "type": ACTOR,
             "country": next((c for c in map(actor_country, codes) if c), None), **plain(totals[0])}
    return {"entity": {**found, "aliases": sorted(n for n in names if n != name), "roles": codes[:5]},
            "cooccurring": _cooccurring(store, seqs, None, related),
            "places": _places(records(store, seqs[:PROFILE_ARTICLES]).values())}


def _cooccurring(store: Store, seqs: list[int], ekey: int | None, related: int) -> list[Json]:
    """The ``related`` entities (but ``ekey``) in most of these articles: EntitySummary + together."""
    # one mentions row per entity and article, so count(*) counts articles; integer keys group fast
    together = {int(r["ekey"]): int(r["n"]) for r in store.query(
        f"SELECT ekey, count(*) AS n FROM mentions WHERE seq BETWEEN ? AND ? AND seq IN ({_ints(seqs)}) "
        "AND ekey IS DISTINCT FROM ? GROUP BY ekey ORDER BY n DESC, ekey LIMIT ?",
        [min(seqs), max(seqs), ekey, related])} if seqs else {}
    others = {lookup_key(k): v for k, v in _entity_rows(store, list(together)).items()}
    return sorted(({**others[k], "together": n} for k, n in together.items() if k in others),
                  key=lambda e: (-e["together"], e["key"]))


def _places(recs: Iterable[Json]) -> list[Json]:
    """The places these records name, most mentioned first."""
    places: dict[str, Json] = {}
    for rec in recs:
        for loc in rec.get("locations") or []:
            if not loc.get("name"):
                continue
            place = places.setdefault(loc["name"], {"name": loc["name"], "country": loc.get("country"),
                                                    "lat": loc.get("lat"), "lon": loc.get("lon"), "mentions": 0})
            place["mentions"] += loc.get("mentions") or 1
    return sorted(places.values(), key=lambda p: (-p["mentions"], p["name"]))[:PLACES]


# -- quotes ----------------------------------------------------------------------------------------
def quotes_page(store: Store, filters: Filters | None = None, *, speaker: str | None = None,
                about: str | None = None, q: str | None = None, limit: int = 20, cursor: str | None = None) -> Page:
    """Quotes as their records hold them, each with ``speaker_key`` and its ``article`` summary;
    newest first, or best match first with ``q``. ``speaker`` is an entity key or words of a name;
    ``about`` an entity whose name the quote's text mentions (said by someone else)."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(speaker=speaker, about=about, q=q)
    where = Where("q").filters(store, f)
    rank: dict[int, float] | None = None

    def narrow(hits: dict[int, float]) -> None:
        nonlocal rank
        rank = hits if rank is None else {k: v for k, v in rank.items() if k in hits}

    if q:
        narrow({h.key: h.score for h in store.text_search(q, kind="quote")})
    if speaker and is_key(speaker):
        where.add("q.speaker_key = ?", entity_keys(store, speaker)[0])
    elif speaker:
        narrow(speaker_hits(store, speaker))
    if about:
        keys = entity_keys(store, about)
        names = [r["name"] for r in store.query(
            f"SELECT name FROM entities WHERE ekey IN ({_ints(lookup_key(k) for k in keys)})")]
        words = " OR ".join('"' + n.replace('"', " ") + '"' for n in names)
        narrow({h.key: h.score for h in store.text_search(words, kind="quote", column="text")} if words else {})
        where.add("(q.speaker_key IS NULL OR q.speaker_key NOT IN (SELECT unnest(?::VARCHAR[])))", keys)
    if rank is not None:
        where.add("q.qid IN (SELECT unnest(?::BIGINT[]))", list(rank))
    if q and rank is not None:
        keys_of = {r["qid"]: r["speaker_key"] for r in store.query(
            f"SELECT q.qid, q.speaker_key FROM quotes q {where.sql()}", where.params)}
        found = sorted(keys_of, key=lambda k: (-rank[k], -k))
        total, qids = len(found), found[offset:offset + limit]
    else:
        total = int(store.query(f"SELECT count(*) AS n FROM quotes q {where.sql()}", where.params)[0]["n"])
        keys_of = {r["qid"]: r["speaker_key"] for r in store.query(
            f"SELECT q.qid, q.speaker_key FROM quotes q {where.sql()} ORDER BY q.ts DESC, q.qid DESC LIMIT ? OFFSET ?",
            [*where.params, limit, offset])}
        qids = list(keys_of)
    quotes = store.quotes(qids)
    arts = store.summaries(k >> QUOTE_BITS for k in qids)
    items = [{**quotes[k], "speaker_key": keys_of.get(k), "article": arts[k >> QUOTE_BITS]}
             for k in qids if k in quotes and k >> QUOTE_BITS in arts]
    return Page(items, total, next_cursor(offset, limit, total))


# -- events ----------------------------------------------------------------------------------------
def _actor(where: Where, side: str, actor: str, store: Store) -> None:
    """An actor by entity key, else by CAMEO code prefix (``IRQGOV``, ``USA``) or words of its name."""
    if is_key(actor):
        where.add(f"e.{side}_key = ?", entity_keys(store, actor)[0])
    else:
        # the name's words through its key, which holds the name folded (analytics/events.py)
        where.add(f"(e.{side}_code {LIKE} OR e.{side}_key {LIKE})", like_escape(actor.upper()) + "%",
                  f"%:%{like_escape(fold(actor))}%")


def events_page(store: Store, filters: Filters | None = None, *, source: str | None = None,
                target: str | None = None, cameo: str | None = None, limit: int = 20,
                cursor: str | None = None) -> Page:
    """Events as their records hold them, newest first, each actor with its store-wide ``key`` and
    the event with its ``article`` summary. ``cameo`` as for :func:`~newsradar.analytics.list_events`."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(source=source, target=target, cameo=cameo)
    where = Where("e").filters(store, f)
    if source:
        _actor(where, "source", source, store)
    if target:
        _actor(where, "target", target, store)
    if cameo:
        cameo_where(where, "e.cameo", cameo)
    total = int(store.query(f"SELECT count(*) AS n FROM events e {where.sql()}", where.params)[0]["n"])
    rows = store.query(f"SELECT e.seq, e.idx, e.source_key, e.target_key FROM events e {where.sql()} "
                       "ORDER BY e.ts DESC, e.seq DESC, e.idx LIMIT ? OFFSET ?", [*where.params, limit, offset])
    recs = records(store, (r["seq"] for r in rows))
    items = []
    for r in rows:
        rec = recs.get(r["seq"])
        events = rec.get("events") or [] if rec else []
        if rec is None or r["idx"] >= len(events):
            continue
        ev = events[r["idx"]]
        items.append({**ev, "source": {**(ev.get("source") or {}), "key": r["source_key"]},
                      "target": {**(ev.get("target") or {}), "key": r["target_key"]}, "article": summary_of(rec)})
    return Page(items, total, next_cursor(offset, limit, total))


# -- stories ---------------------------------------------------------------------------------------
def stories_matching(store: Store, q: str) -> list[str]:
    """The stories holding an article that matches the words ``q``."""
    seqs = [h.key for h in store.text_search(q, kind="article")]
    if not seqs:
        return []
    rows = store.query("SELECT DISTINCT story_id FROM articles WHERE seq IN (SELECT unnest(?::BIGINT[])) "
                       "AND story_id IS NOT NULL", [seqs])
    return [r["story_id"] for r in rows]


def story_view(store: Store, row: Json) -> Json:
    """A story row of :func:`~newsradar.analytics.stories.list_stories` in the API's shape."""
    return story_views(store, [row])[0]


def story_views(store: Store, rows: list[Json]) -> list[Json]:
    """Story rows with ``duplicates`` counted and ``first_report`` as an ArticleSummary."""
    ids = [r["id"] for r in rows]
    seen = [t for r in rows for t in map(_moment, (r.get("first_seen"), r.get("last_seen"))) if t is not None]
    # a story's articles lie within its first and last sighting: the time bounds prune the scan
    dups = {r["story_id"]: int(r["n"]) for r in store.query(
        "SELECT story_id, count(duplicate_of) AS n FROM articles WHERE ts BETWEEN ? AND ? AND story_id IN "
        "(SELECT unnest(?::VARCHAR[])) GROUP BY story_id", [min(seen), max(seen), ids])} if ids and seen else {}
    firsts = summaries(store, [r["first_report"]["id"] for r in rows if r.get("first_report")])
    return [{"id": r["id"], "title": r.get("title"),
             "first_report": firsts.get((r.get("first_report") or {}).get("id", "")),
             "articles": r.get("articles", 0), "sources": r.get("sources", 0), "duplicates": dups.get(r["id"], 0),
             "first_seen": plain(r.get("first_seen")), "last_seen": plain(r.get("last_seen"))} for r in rows]


def _moment(value: object) -> datetime | None:
    """A time as the story rows carry it (a datetime, or its ISO form once made plain)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value) if isinstance(value, str) else None


# -- trends ----------------------------------------------------------------------------------------
def sparks(store: Store, kind: str, ids: Sequence[str], window: str, end: datetime) -> dict[str, list[int]]:
    """Per trending entity key (``kind="entities"``) or CAMEO root (``"events"``): its count in each
    window of the trend's baseline and then the current one, oldest first."""
    if not ids:
        return {}
    span, n = WINDOWS[window], BASELINE[window]
    start = before(end, span * (n + 1))
    by: dict[Any, str]
    if kind == "entities":
        by = {lookup_key(i): i for i in ids}
        table, count, which = "mentions", "count(*)", f"ekey IN ({_ints(by)})"
    else:
        by = {i: i for i in ids}
        table, count, which = "events", "count(DISTINCT seq)", "root IN (SELECT unnest(?::VARCHAR[]))"
    col = "ekey" if kind == "entities" else "root"
    rows = store.query(
        f"SELECT {col} AS id, CAST(ceil(date_diff('second', ?::TIMESTAMP, ts) / ?) AS BIGINT) - 1 AS b, "
        f"{count} AS n FROM {table} WHERE {which} AND ts > ? AND ts <= ? GROUP BY 1, 2",  # as trends count
        [start, span.total_seconds(), *([] if kind == "entities" else [list(by)]), start, end])
    out = {i: [0] * (n + 1) for i in ids}
    for r in rows:
        if 0 <= r["b"] <= n:
            out[by[r["id"]]][int(r["b"])] += int(r["n"])
    return out


# -- alerts ----------------------------------------------------------------------------------------
def all_alerts(store: Store) -> list[Json]:
    """Every alert with its match count and when it last fired, oldest first."""
    from newsradar.analytics.alerts import get_alert

    ids = [r["id"] for r in store.query("SELECT id FROM alerts ORDER BY created_at, id")]
    return [a for a in (get_alert(store, i) for i in ids) if a is not None]


def alerts_fired(store: Store, article_id: str) -> list[str]:
    """The alerts that matched an article (recorded as it was stored)."""
    return [r["alert_id"] for r in store.query("SELECT alert_id FROM alert_matches WHERE article_id = ? "
                                               "ORDER BY alert_id", [article_id])]
