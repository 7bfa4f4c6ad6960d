"""Timelines: article volume and mean tone per hour or day, for an entity, a search or everything."""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from newsradar.analytics.common import (
    INTERVALS,
    Filters,
    Where,
    as_filters,
    before,
    check_choice,
    check_texts,
    entity_keys,
    is_actor,
    latest,
    plain,
    seq_range,
)
from newsradar.errors import InputError
from newsradar.store.base import Store
from newsradar.store.rows import lookup_key

DEFAULT_SPAN = {"hour": 48, "day": 90}  # buckets shown when no ``since`` is given
MAX_BUCKETS = 5000


def timeline(store: Store, *, entity: str | None = None, q: str | None = None, interval: str = "day",
             filters: Filters | None = None) -> dict[str, Any]:
    """``{"interval", "since", "until", "items": [{"bucket", "articles", "tone"}]}``: one item per
    bucket, empty buckets included with 0 articles and a null tone. Buckets are whole: a ``since``
    inside one starts the range at the bucket's start."""
    step = INTERVALS[check_choice("interval", interval, INTERVALS)]
    check_texts(entity=entity, q=q)
    f = as_filters(filters)
    keys = entity_keys(store, entity) if entity else []
    # An entity's timeline ends by default at its own newest article: anchored at the store's newest,
    # anyone out of the news for the default span got a flat line of zeros and no hint why.
    end = f.until or _after((_latest_of(store, keys) if keys else None) or latest(store), step)
    if end is None:
        return {"interval": interval, "since": None, "until": None, "items": []}
    # A since inside a bucket counted part of it and still labelled it whole: an article at 10:00
    # showed as a 0 in the 10:00 bucket of a range from 10:30.
    start = _floor(f.since, interval) if f.since else before(end, step * DEFAULT_SPAN[interval])
    if start >= end:  # after the newest article: the since's own bucket, listed empty, not no buckets
        end = f.until if f.until and f.until > start else _after(start, step) or start
    if (end - start) / step > MAX_BUCKETS:
        raise InputError(f"{interval} buckets from {start} to {end} exceed {MAX_BUCKETS}: narrow the range")
    window = Filters(since=start, until=end, source=f.source, language=f.language, entity=f.entity)
    if keys and not is_actor(keys[0]):  # mentions carry the article's time and tone, so no join is needed
        where = Where().filters(store, window, entity_table=True)
        where.add("ekey IN (SELECT unnest(?::BIGINT[]))", [lookup_key(k) for k in keys])
        table = "mentions"
    else:  # an actor of events only has no mentions: the articles its events are in
        where = Where().filters(store, window)
        if keys:
            where.filters(store, Filters(since=start, until=end, entity=keys[0]))
        table = "articles"
    if q:
        hits = store.text_search(q, kind="article", between=seq_range(store, window), ranked=False)
        where.add("seq IN (SELECT unnest(?::BIGINT[]))", [h.key for h in hits])
    # The tone is the mean over articles: an article naming the entity in two spellings that fold to
    # one key has two mentions rows, and was weighed twice.
    rows_of = f"{table} {where.sql()}" if table == "articles" else \
        f"(SELECT seq, any_value(ts) AS ts, any_value(tone) AS tone FROM {table} {where.sql()} GROUP BY seq)"
    rows = store.query(f"SELECT date_trunc('{interval}', ts) AS bucket, count(*) AS articles, avg(tone) AS tone "
                       f"FROM {rows_of} GROUP BY bucket ORDER BY bucket", where.params)
    found = {r["bucket"]: r for r in rows}
    items = []
    first = _floor(start, interval)
    # counted, not stepped up to ``end``: a step past the last bucket may lie beyond year 9999
    for i in range(math.ceil((end - first) / step)):
        bucket = first + step * i
        r = found.get(bucket)
        items.append({"bucket": plain(bucket), "articles": r["articles"] if r else 0,
                      "tone": plain(r["tone"]) if r and r["tone"] is not None else None})
    return {"interval": interval, "since": plain(start), "until": plain(end), "items": items}


def _latest_of(store: Store, keys: list[str]) -> datetime | None:
    """The time of the newest article naming these entity keys (or, for an actor, with its events)."""
    if is_actor(keys[0]):
        row = store.query("SELECT max(ts) AS t FROM events WHERE source_key = ? OR target_key = ?", [keys[0], keys[0]])
    else:  # the entities summary keeps each one's last_seen: no scan of the mentions
        row = store.query("SELECT max(last_seen) AS t FROM entities WHERE ekey IN (SELECT unnest(?::BIGINT[]))",
                          [[lookup_key(k) for k in keys]])
    value = row[0]["t"] if row else None
    return value if isinstance(value, datetime) else None


def _floor(moment: datetime, interval: str) -> datetime:
    moment = moment.replace(minute=0, second=0, microsecond=0)
    return moment.replace(hour=0) if interval == "day" else moment


def _after(moment: datetime | None, step: Any) -> datetime | None:
    """The end of the bucket holding ``moment``, so that the newest article is inside the range."""
    return None if moment is None else _floor(moment, "day" if step.days else "hour") + step
