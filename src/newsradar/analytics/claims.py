"""The claims ledger: the same quantity, reported by different sources, side by side.

Claims are grouped by story (articles about the same event), unit ("people", "mine-resistant armored
vehicles") and measure (what the number measures: "killed", "injured", "inflation"; see
enrich/measures.py): a group reported by more than one site is a ledger entry, and it is *disputed*
when the sites give different values (a range, "20 to 40", is one value of its own). So "killed 5
people" and "injured 30 people" are two entries, and "5 people killed" and "7 people died" one,
disputed. Only the measures analysts compare across reports (the families of enrich/measures.py:
killed, injured, arrested, cost, inflation…) and a percentage's noun ("percent of the vote") divide a
unit: other measures are the verb a report happened to use, and "sent 250 vehicles" and "delivered
300 vehicles" are one quantity reported differently. Claims stored before the measure was read (NULL)
group by unit alone, as they did; a claim with a measure but no unit groups by its measure, and a
toll of people ("the death toll rose to 12") with the people that measure counts ("15 people were
killed")."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from newsradar.analytics.common import (
    LIKE,
    Filters,
    Page,
    Where,
    as_filters,
    check_texts,
    like_escape,
    next_cursor,
    page_bounds,
    plain_rows,
    source_match,
)
from newsradar.enrich.measures import KNOWN, PEOPLE
from newsradar.store.base import Store
from newsradar.textfold import fold

# The measure a ledger entry is keyed by (see the module doc): a family's, or a percentage's noun.
_MEASURE = (f"CASE WHEN measure IN ({', '.join(repr(k) for k in sorted(KNOWN))}) OR unit_key = 'percent' "
            "THEN measure END")
# A toll with no counted noun counts people: "the death toll rose to 12" and "15 people were killed"
# are one quantity (claims read since enrich/measures.py's PEOPLE say so themselves; older ones do not).
_UNIT = f"coalesce(unit_key, CASE WHEN measure IN ({', '.join(repr(k) for k in sorted(PEOPLE))}) THEN 'people' END)"
# An entry's key, as both the entries and their reports are grouped
_GROUP = f"coalesce(story_id, 'article:' || article_id) AS grp, {_UNIT} AS unit_key, {_MEASURE} AS measure"


def claims_ledger(store: Store, filters: Filters | None = None, *, unit: str | None = None,
                  disputed: bool = False, limit: int = 20, cursor: str | None = None) -> Page:
    """Ledger entries, most-reported first: ``story_id``, ``unit``, ``measure``, ``sites``, ``values``
    (the distinct values: a number, or ``[low, high]`` for a range), ``disputed``, and ``reports``
    (each site's value, text and article). ``unit`` matches words of the unit or of the measure.

    The time, language and entity filters choose the reports (and so the values and sites); the
    source chooses entries: those the site reports in, still compared across every site."""
    f = as_filters(filters)
    limit, offset = page_bounds(limit, cursor)
    check_texts(unit=unit)
    where = _where(store, f, unit)
    # A range is its own value: "20 to 25" and "20 to 40" differ, and neither is "20".
    having = "HAVING count(DISTINCT (c.value, c.upper)) > 1" if disputed else ""
    # Filtered to one site before the sites were counted, no group could reach two: the source
    # marks the rows instead, and keeps the groups with a marked one.
    mark, mark_params = source_match(f.source, f) if f.source else ("false", [])
    chosen = "AND bool_or(hit)" if f.source else ""
    # Groups reported by one site (most of them) are dropped first, by a cheap distinct count;
    # the lists and distinct values are then built for the few that remain (5-10x less work).
    # Either key may be NULL (a toll with no counted noun; a claim stored before measures), so
    # they are joined as NULL-equal.
    groups = store.query(
        f"WITH c AS (SELECT {_GROUP}, site, value, upper, story_id, unit, ts, {mark} AS hit "
        f"FROM claims {where.sql()}), "
        "multi AS (SELECT grp, unit_key, measure, count(*) AS sites FROM (SELECT grp, unit_key, measure, site, "
        "bool_or(hit) AS hit FROM c GROUP BY grp, unit_key, measure, site) GROUP BY grp, unit_key, measure "
        f"HAVING count(*) > 1 {chosen}) "
        "SELECT c.grp, c.unit_key, c.measure, any_value(c.story_id) AS story_id, any_value(c.unit) AS unit, "
        "any_value(m.sites) AS sites, count(DISTINCT (c.value, c.upper)) AS n_values, "
        "list(DISTINCT [c.value, c.upper] ORDER BY [c.value, c.upper]) AS \"values\", min(c.ts) AS first_seen, "
        "max(c.ts) AS last_seen, count(*) OVER () AS total "
        "FROM c JOIN multi m ON c.grp = m.grp AND c.unit_key IS NOT DISTINCT FROM m.unit_key "
        "AND c.measure IS NOT DISTINCT FROM m.measure "
        f"GROUP BY c.grp, c.unit_key, c.measure {having} "
        "ORDER BY sites DESC, last_seen DESC, c.grp, c.unit_key NULLS FIRST, c.measure NULLS FIRST "
        "LIMIT ? OFFSET ?", [*mark_params, *where.params, limit, offset])
    total = int(groups[0]["total"]) if groups else 0
    reports = _reports(store, groups, where)
    for g in groups:
        g.pop("total")
        g["disputed"] = g.pop("n_values") > 1
        g["values"] = [low if high is None else [low, high] for low, high in g["values"]]
        g["reports"] = reports.get((g.pop("grp"), g["unit_key"], g["measure"]), [])
    return Page(plain_rows(groups), total, next_cursor(offset, limit, total))


def _where(store: Store, f: Filters, unit: str | None) -> Where:
    """The claims a ledger compares: every filter but the source (which chooses entries)."""
    where = Where().filters(store, replace(f, source=None)).add(f"(unit_key IS NOT NULL OR {_MEASURE} IS NOT NULL)")
    where.add("value IS NOT NULL")
    if unit:
        words = f"%{like_escape(fold(unit))}%"
        where.add(f"(unit_key {LIKE} OR measure {LIKE})", words, words)
    return where


def _reports(store: Store, groups: list[dict[str, Any]],
             where: Where) -> dict[tuple[str, str | None, str | None], list[dict[str, Any]]]:
    """The reports of the page's groups that ``where`` keeps (those its values were counted from),
    in one query."""
    if not groups:
        return {}
    stories = [g["grp"] for g in groups if not g["grp"].startswith("article:")]
    articles = [g["grp"].removeprefix("article:") for g in groups if g["grp"].startswith("article:")]
    # Bounded by time: an article's claims share its time, and a story's lie between its first and
    # last sighting (the stories summary); the scan then skips every other row group of claims.
    span = [min(g["first_seen"] for g in groups), max(g["last_seen"] for g in groups)]
    if stories:
        known = store.query("SELECT count(*) AS n, min(first_seen) AS lo, max(last_seen) AS hi FROM stories "
                            "WHERE story_id IN (SELECT unnest(?::VARCHAR[]))", [stories])[0]
        if known["n"] == len(set(stories)):
            span = [min(span[0], known["lo"]), max(span[1], known["hi"])]
        else:  # a story the summary does not know (yet): no bound rather than a wrong one
            span = [datetime.min, datetime.max]
    where = Where().add(" AND ".join(where.parts), *where.params)  # a copy: the caller's stays as it was
    where.add("(story_id IN (SELECT unnest(?::VARCHAR[])) OR (story_id IS NULL AND article_id IN "
              "(SELECT unnest(?::VARCHAR[]))))", stories, articles).add("ts BETWEEN ? AND ?", *span)
    rows = store.query(  # the page's claims first, then their articles' URLs: no join over every article
        f"SELECT {_GROUP}, site, value, upper, unit, qualifier, text, claimant, article_id, ts, seq, idx "
        f"FROM claims {where.sql()}", where.params)
    seqs = sorted({r["seq"] for r in rows})
    urls = {r["seq"]: r["url"] for r in store.query(
        "SELECT seq, url FROM articles WHERE seq BETWEEN ? AND ? AND seq IN (SELECT unnest(?::BIGINT[]))",
        [seqs[0], seqs[-1], seqs])} if seqs else {}
    rows.sort(key=lambda r: (r["ts"], r["seq"], r["idx"]))
    out: dict[tuple[str, str | None, str | None], list[dict[str, Any]]] = {}
    for r in rows:
        report = {k: r[k] for k in ("site", "value", "upper", "unit", "qualifier", "text", "claimant", "article_id")}
        report.update(url=urls.get(r["seq"]), ts=r["ts"])
        out.setdefault((r["grp"], r["unit_key"], r["measure"]), []).append(report)
    return out
