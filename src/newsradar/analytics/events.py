"""Events: who did what to whom, as lists and as a network of actors."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from newsradar.analytics.common import (
    LIKE,
    Filters,
    Page,
    Where,
    as_filters,
    check_int,
    check_limit,
    check_texts,
    is_key,
    like_escape,
    next_cursor,
    page_bounds,
    plain_rows,
)
from newsradar.enrich.places import country_codes
from newsradar.errors import InputError
from newsradar.store.base import Store
from newsradar.textfold import fold

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


def actor_country(code: str | None) -> str | None:
    """The country of a CAMEO actor code (``NLDLAB`` → NLD), or None when it names none: a code of
    a role alone (``LAB``, ``BUS``, ``GOV``), a region or an organisation begins with no country code."""
    head = (code or "")[:3].upper()
    return head if head in country_codes() else None


def _actor(where: Where, side: str, actor: str) -> None:
    """Match an actor by entity or actor key (``GPE:norway``, as entity lists give them; the REST
    API takes them too), else by CAMEO code prefix (``IRQGOV``, ``USA``) or by words of its name."""
    if is_key(actor):
        kind, _, name = actor.partition(":")
        where.add(f"{side}_key = ?", f"{kind}:{fold(name)}")
        return
    # the name's words through its key, which holds the name folded: "Store" finds "Jonas Gahr Støre"
    where.add(f"({side}_code {LIKE} OR {side}_key {LIKE})", like_escape(actor.upper()) + "%",
              f"%:%{like_escape(fold(actor))}%")


def cameo_where(where: Where, column: str, cameo: str) -> None:
    """Keep the events whose ``column`` begins with one of the codes of ``cameo``: a code or prefix
    ("11" finds every 11x), or several separated by commas ("19,14"), as GET /api/network takes them.
    A code of digits must begin with a CAMEO root (01-20): "99" matched nothing and said nothing.
    Other codes pass: an analyst's own dictionaries may use them."""
    codes = [c.strip() for c in cameo.split(",") if c.strip()]
    if not codes:
        raise InputError(f"cameo {cameo!r} names no code: give one (19) or several separated by commas (19,14)")
    for code in codes:
        if code.isdigit() and len(code) >= 2 and not "01" <= code[:2] <= "20":
            raise InputError(f"unknown CAMEO code {code!r}: codes begin with a root from 01 to 20")
    where.add("(" + " OR ".join([f"{column} {LIKE}"] * len(codes)) + ")", *(like_escape(c) + "%" for c in codes))


def list_events(store: Store, filters: Filters | None = None, *, source: str | None = None,
                target: str | None = None, cameo: str | None = None, limit: int = 20,
                cursor: str | None = None) -> Page:
    """Events newest first; ``cameo`` is a code or a prefix of one ("11" finds every 11x), or several
    separated by commas."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(source=source, target=target, cameo=cameo)
    where = Where("e").filters(store, f)
    if source:
        _actor(where, "e.source", source)
    if target:
        _actor(where, "e.target", target)
    if cameo:
        cameo_where(where, "e.cameo", cameo)
    total = int(store.query(f"SELECT count(*) AS n FROM events e {where.sql()}", where.params)[0]["n"])
    # The page's keys first (three narrow columns), then its rows and their articles: the seq range
    # lets both scans skip every other row group, where a join would read the whole articles table.
    keys = store.query(f"SELECT e.seq, e.idx FROM events e {where.sql()} ORDER BY e.ts DESC, e.seq DESC, e.idx "
                       "LIMIT ? OFFSET ?", [*where.params, limit, offset])
    if not keys:
        return Page([], total, next_cursor(offset, limit, total))
    seqs = [k["seq"] for k in keys]
    low, high = min(seqs), max(seqs)
    rows = store.query(
        "SELECT e.source_name, e.source_code, e.source_key, e.cameo, e.root, e.plover, e.quad_class, e.goldstein, "
        "e.target_name, e.target_code, e.target_key, e.location, e.country, e.lat, e.lon, e.text, e.article_id, "
        "e.ts, e.site, a.title, a.url, e.seq, e.idx FROM events e JOIN articles a ON a.seq = e.seq "
        "WHERE e.seq BETWEEN ? AND ? AND a.seq BETWEEN ? AND ? AND e.seq IN (SELECT unnest(?::BIGINT[])) "
        "ORDER BY e.ts DESC, e.seq DESC, e.idx", [low, high, low, high, seqs])
    wanted = {(k["seq"], k["idx"]) for k in keys}
    rows = [r for r in rows if (r.pop("seq"), r.pop("idx")) in wanted]
    return Page(plain_rows(rows), total, next_cursor(offset, limit, total))


def network(store: Store, filters: Filters | None = None, *, cameo: str | None = None, limit: int = 100,
            min_count: int = 1) -> dict[str, Any]:
    """Who-does-what-to-whom: ``edges`` (source actor → target actor, CAMEO root, event count,
    mean Goldstein), the strongest ``limit`` of them (1 to MAX_LIMIT) counting at least ``min_count``
    events, and the ``nodes`` they join. ``cameo`` as for :func:`list_events` ("19,14": two roots)."""
    check_limit(limit)
    check_int("min_count", min_count, 0)
    check_texts(cameo=cameo)
    f = as_filters(filters)
    where = Where().filters(store, f).add("source_key IS NOT NULL").add("target_key IS NOT NULL")
    if cameo:
        cameo_where(where, "cameo", cameo)
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
