"""Events: who did what to whom, as lists and as a network of actors."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from newsradar.analytics.common import Filters, Page, Where, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store

_CAMEO = Path(__file__).resolve().parent.parent / "enrich" / "data" / "cameo.tsv"


@cache
def root_names() -> dict[str, str]:
    """CAMEO root code → its name (the description of the root's ``XX0`` code in cameo.tsv)."""
    names: dict[str, str] = {}
    for line in _CAMEO.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) >= 4 and not line.startswith("#") and len(cols[0]) == 3 and cols[0].endswith("0"):
            names[cols[0][:2]] = cols[3].strip()
    return names


def _actor(where: Where, side: str, actor: str) -> None:
    """Match an actor by CAMEO code prefix (``IRQGOV``, ``USA``) or by words of its name."""
    where.add(f"({side}_code LIKE ? OR lower({side}_name) LIKE ?)", actor.upper() + "%", f"%{actor.lower()}%")


def list_events(store: Store, filters: Filters | None = None, *, source: str | None = None,
                target: str | None = None, cameo: str | None = None, limit: int = 20,
                cursor: str | None = None) -> Page:
    """Events newest first; ``cameo`` is a code or a prefix of one ("11" finds every 11x)."""
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    where = Where("e").filters(store, f)
    if source:
        _actor(where, "e.source", source)
    if target:
        _actor(where, "e.target", target)
    if cameo:
        where.add("e.cameo LIKE ?", cameo + "%")
    total = int(store.query(f"SELECT count(*) AS n FROM events e {where.sql()}", where.params)[0]["n"])
    rows = store.query(
        "SELECT e.source_name, e.source_code, e.source_key, e.cameo, e.root, e.plover, e.quad_class, e.goldstein, "
        "e.target_name, e.target_code, e.target_key, e.location, e.country, e.lat, e.lon, e.text, e.article_id, "
        f"e.ts, e.site, a.title, a.url FROM (SELECT * FROM events e {where.sql()} ORDER BY e.ts DESC, e.seq DESC, "
        "e.idx LIMIT ? OFFSET ?) e JOIN articles a ON a.seq = e.seq ORDER BY e.ts DESC, e.seq DESC, e.idx",
        [*where.params, limit, offset])
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def network(store: Store, filters: Filters | None = None, *, cameo: str | None = None, limit: int = 100,
            min_count: int = 1) -> dict[str, Any]:
    """Who-does-what-to-whom: ``edges`` (source actor → target actor, CAMEO root, event count,
    mean Goldstein), the strongest ``limit`` of them, and the ``nodes`` they join."""
    f = filters or Filters()
    where = Where().filters(store, f).add("source_key IS NOT NULL").add("target_key IS NOT NULL")
    if cameo:
        where.add("cameo LIKE ?", cameo + "%")
    edges = store.query(
        "SELECT source_key AS source, target_key AS target, root, count(*) AS events, avg(goldstein) AS goldstein, "
        "any_value(source_name) AS source_name, any_value(target_name) AS target_name, "
        "any_value(source_code) AS source_code, any_value(target_code) AS target_code "
        f"FROM events {where.sql()} GROUP BY source_key, target_key, root HAVING count(*) >= ? "
        "ORDER BY events DESC, source, target, root LIMIT ?", [*where.params, min_count, limit])
    names = root_names()
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        e["root_name"] = names.get(e["root"] or "")
        for side in ("source", "target"):
            node = nodes.setdefault(e[side], {"id": e[side], "name": e[f"{side}_name"], "code": e[f"{side}_code"],
                                              "events": 0})
            node["events"] += e["events"]
    return {"nodes": plain_rows(sorted(nodes.values(), key=lambda n: (-n["events"], n["id"]))),
            "edges": plain_rows(edges)}
