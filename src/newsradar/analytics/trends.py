"""Trending entities and events: a spike against each one's own baseline.

For a window W (1 hour or 24 hours) ending at ``now``, an entity's *current* count is the number of
articles mentioning it in the window; its *baseline* is its mean count per window over the
``baseline`` windows before. The spike score is ``(current − baseline) / sqrt(baseline + 1)``: a
Poisson-style z-score, smoothed so that a newcomer with 3 mentions does not outrank a regular whose
mentions tripled. Events trend the same way, grouped by CAMEO root code.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from newsradar.analytics.common import (
    WINDOWS,
    Filters,
    Where,
    as_filters,
    as_time,
    before,
    check_choice,
    check_int,
    check_limit,
    latest,
    plain,
)
from newsradar.analytics.events import root_names
from newsradar.store.base import Store

BASELINE = {"1h": 24, "24h": 7}  # windows of history: the last day of hours, the last week of days


def trends(store: Store, *, window: str = "24h", kind: Literal["entities", "events"] = "entities",
           now: datetime | str | None = None, filters: Filters | None = None, min_count: int = 2,
           limit: int = 20) -> dict[str, Any]:
    """``{"window", "now", "kind", "items": [{id, name, type, current, baseline, score}]}``,
    highest spike first, at most ``limit`` (1 to MAX_LIMIT), each seen in at least ``min_count``
    articles in the window. ``now`` (a datetime, or a string as ``Filters.of`` reads ``until``)
    defaults to the newest article's time."""
    check_choice("window", window, WINDOWS)
    check_choice("kind", kind, ("entities", "events"))
    check_limit(limit)
    check_int("min_count", min_count, 0)
    f = as_filters(filters)
    end = as_time(now, "now") or latest(store)
    if end is None:
        return {"window": window, "kind": kind, "now": None, "items": []}
    span, n = WINDOWS[window], BASELINE[window]
    start, cut = before(end, span * (n + 1)), before(end, span)
    table = "mentions" if kind == "entities" else "events"
    where = Where().filters(store, Filters(source=f.source, language=f.language, entity=f.entity),
                            entity_table=kind == "entities")
    where.add("ts > ?", start).add("ts <= ?", end)
    key = "ekey" if kind == "entities" else "root"  # integers group several times faster than strings
    # Articles, not rows: the store writes one mentions row per key and article, so count(*) counts
    # articles there; an article has a row for each of its events of a root.
    count = "count(*)" if kind == "entities" else "count(DISTINCT seq)"
    rows = store.query(
        f"SELECT id, current, baseline, (current - baseline) / sqrt(baseline + 1) AS score FROM ("
        f"SELECT {key} AS id, {count} FILTER (WHERE ts > ?) AS current, "
        f"{count} FILTER (WHERE ts <= ?) / {n}.0 AS baseline FROM {table} {where.sql()} GROUP BY {key} "
        f"HAVING {count} FILTER (WHERE ts > ?) >= ?) ORDER BY score DESC, current DESC, id LIMIT ?",
        [cut, cut, *where.params, cut, min_count, limit])
    if kind == "entities" and rows:
        names = {r["ekey"]: r for r in store.query(
            "SELECT ekey, entity, name, type FROM entities WHERE ekey IN (SELECT unnest(?::BIGINT[]))",
            [[r["id"] for r in rows]])}
        for r in rows:
            found = names[r["id"]]
            r["id"], r["name"], r["type"] = found["entity"], found["name"], found["type"]
    elif rows:
        roots = root_names()
        for r in rows:
            r["name"] = roots.get(r["id"] or "", r["id"])
    return {"window": window, "kind": kind, "now": plain(end), "baseline_windows": n,
            "items": [plain(r) for r in rows]}
