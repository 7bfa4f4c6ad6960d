"""The claims ledger: the same quantity, reported by different sources, side by side.

Claims are grouped by story (articles about the same event) and unit ("people killed",
"mine-resistant armored vehicles"): a group reported by more than one site is a ledger entry, and
it is *disputed* when the sites give different values.
"""

from __future__ import annotations

from typing import Any

from newsradar.analytics.common import Filters, Page, Where, next_cursor, page_bounds, plain_rows
from newsradar.store.base import Store
from newsradar.store.rows import fold


def claims_ledger(store: Store, filters: Filters | None = None, *, unit: str | None = None,
                  disputed: bool = False, limit: int = 20, cursor: str | None = None) -> Page:
    """Ledger entries, most-reported first: ``story_id``, ``unit``, ``sites``, ``values`` (the
    distinct values), ``disputed``, and ``reports`` (each site's value, text and article)."""
    f = filters or Filters()
    limit, offset = page_bounds(limit, cursor)
    where = Where().filters(store, f).add("unit_key IS NOT NULL").add("value IS NOT NULL")
    if unit:
        where.add("unit_key LIKE ?", f"%{fold(unit)}%")
    having = "count(DISTINCT site) > 1" + (" AND count(DISTINCT value) > 1" if disputed else "")
    groups = store.query(
        f"SELECT coalesce(story_id, 'article:' || article_id) AS grp, unit_key, any_value(story_id) AS story_id, "
        f"any_value(unit) AS unit, count(DISTINCT site) AS sites, count(DISTINCT value) AS n_values, "
        f"list(DISTINCT value ORDER BY value) AS \"values\", min(ts) AS first_seen, max(ts) AS last_seen, "
        f"count(*) OVER () AS total FROM claims {where.sql()} GROUP BY grp, unit_key HAVING {having} "
        f"ORDER BY sites DESC, last_seen DESC, grp, unit_key LIMIT ? OFFSET ?", [*where.params, limit, offset])
    total = int(groups[0]["total"]) if groups else 0
    reports = _reports(store, [g["grp"] for g in groups])
    for g in groups:
        g.pop("total")
        g["disputed"] = g.pop("n_values") > 1
        g["reports"] = reports.get((g.pop("grp"), g["unit_key"]), [])
    return Page(plain_rows(groups), total, next_cursor(offset, limit, total))


def _reports(store: Store, groups: list[str]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Every report of the page's groups, in one query."""
    if not groups:
        return {}
    stories = [g for g in groups if not g.startswith("article:")]
    articles = [g.removeprefix("article:") for g in groups if g.startswith("article:")]
    rows = store.query(  # the page's claims first, then their articles' URLs: no join over every article
        "SELECT c.grp, c.unit_key, c.site, c.value, c.upper, c.unit, c.qualifier, c.text, c.claimant, "
        "c.article_id, a.url, c.ts FROM (SELECT coalesce(story_id, 'article:' || article_id) AS grp, * FROM claims "
        "WHERE (story_id IN (SELECT unnest(?::VARCHAR[])) OR (story_id IS NULL AND "
        "article_id IN (SELECT unnest(?::VARCHAR[])))) AND value IS NOT NULL) c "
        "JOIN articles a ON a.seq = c.seq ORDER BY c.ts, c.seq, c.idx", [stories, articles])
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault((r.pop("grp"), r.pop("unit_key")), []).append(r)
    return out
