"""Alerts: saved searches that fire on new matches.

An alert holds words (``q``, full-text), an entity, or both, optionally narrowed to a language or
site. It is evaluated on ingest against each newly committed batch (:func:`evaluate`), and its
matches are kept, so a client asks for the matches after the ones it has seen.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from newsradar.analytics.common import (
    MAX_LIMIT,
    Filters,
    Page,
    Where,
    below_cursor,
    check_int,
    check_str,
    check_texts,
    plain_rows,
    seq_cursor,
)
from newsradar.errors import InputError, StoreError
from newsradar.extract.language import normalise
from newsradar.store.base import Store
from newsradar.store.rows import utcnow
from newsradar.store.textindex import to_match

log = logging.getLogger(__name__)


def create_alert(store: Store, name: str, *, q: str | None = None, entity: str | None = None,
                 language: str | None = None, site: str | None = None) -> dict[str, Any]:
    """Save an alert; it matches articles stored from now on."""
    check_str("name", name)
    check_texts(q=q, entity=entity, language=language, site=site)
    if not name.strip():
        raise InputError("an alert needs a name")
    if not (q and q.strip()) and not entity:
        raise InputError("an alert needs words to look for (q), an entity, or both")
    if q:
        to_match(q)  # a query the index cannot be asked is refused now, not at every ingest
    if language is not None:
        code = normalise(language)
        if code is None:  # stored as written, "english-please" would never match an article
            raise InputError(f"language {language!r} is not a language code such as 'en' or 'de-AT'")
        language = code
    alert_id = uuid.uuid4().hex[:12]
    store.execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                  [alert_id, name.strip(), q, entity, language, site, utcnow(), store.last_seq()])
    found = get_alert(store, alert_id)
    assert found is not None
    return found


def get_alert(store: Store, alert_id: str) -> dict[str, Any] | None:
    """One alert with its match count and when it last fired, or None."""
    check_str("alert_id", alert_id)
    rows = store.query("SELECT a.id, a.name, a.q, a.entity, a.language, a.site, a.created_at, "
                       "(SELECT count(*) FROM alert_matches m WHERE m.alert_id = a.id) AS matches, "
                       "(SELECT max(matched_at) FROM alert_matches m WHERE m.alert_id = a.id) AS last_match "
                       "FROM alerts a WHERE a.id = ?", [alert_id])
    return plain_rows(rows)[0] if rows else None


def list_alerts(store: Store, *, recent: int = 5) -> list[dict[str, Any]]:
    """Every alert with its match count and its ``recent`` newest matches (0 to MAX_LIMIT)."""
    check_int("recent", recent, 0, MAX_LIMIT)
    ids = [r["id"] for r in store.query("SELECT id FROM alerts ORDER BY created_at, id")]
    out = []
    for alert_id in ids:
        alert = get_alert(store, alert_id)
        if alert is not None:
            matches = alert_matches(store, alert_id, limit=recent) if recent else None
            alert["recent"] = matches.items if matches else []
            out.append(alert)
    return out


def delete_alert(store: Store, alert_id: str) -> bool:
    """Delete an alert and its matches; False when there was no such alert."""
    if get_alert(store, alert_id) is None:
        return False
    store.execute("DELETE FROM alert_matches WHERE alert_id = ?", [alert_id])
    store.execute("DELETE FROM alerts WHERE id = ?", [alert_id])
    return True


def alert_matches(store: Store, alert_id: str, *, after: str | None = None, limit: int = 20,
                  cursor: str | None = None) -> Page | None:
    """The alert's matches, newest first, or None when there is no such alert (as ``get_alert``);
    ``after`` (an article id) keeps only those that came after that one, which is how a client
    asks "what is new since I last looked". ``cursor`` (a page's ``next``) continues after the last
    match of that page, so matches recorded between two pages neither repeat an item nor hide one."""
    limit, offset, below = below_cursor(limit, cursor)
    check_texts(after=after)
    if get_alert(store, alert_id) is None:  # an empty page would read as "no matches yet"
        return None
    where = Where("m").add("m.alert_id = ?", alert_id)
    if after and not store.query("SELECT 1 FROM articles WHERE id = ?", [after]):
        # matching from the start instead would hand the client everything again as new
        raise InputError(f"after: no stored article has the id {after!r}")
    if after:
        where.add("m.seq > coalesce((SELECT seq FROM articles WHERE id = ?), -1)", after)
    total = int(store.query(f"SELECT count(*) AS n FROM alert_matches m {where.sql()}", where.params)[0]["n"])
    if below is not None:  # after the last match shown, not after so many: new ones come first
        where.add("m.seq < ?", below)
    rows = store.query("SELECT m.seq, a.id, a.title, a.site, a.url, a.ts, m.matched_at FROM alert_matches m "
                       f"JOIN articles a ON a.seq = m.seq {where.sql()} ORDER BY m.seq DESC LIMIT ? OFFSET ?",
                       [*where.params, limit + 1, offset])
    more, rows = len(rows) > limit, rows[:limit]
    following = seq_cursor(rows[-1]["seq"]) if more else None
    for r in rows:
        r.pop("seq")
    return Page(plain_rows(rows), total, following)


def evaluate(store: Store, seqs: list[int]) -> int:
    """Match newly stored articles (by seq) against every alert; returns the matches recorded."""
    if not seqs:
        return 0
    alerts = store.query("SELECT id, q, entity, language, site, created_seq FROM alerts")
    recorded = 0
    for alert in alerts:
        where = Where().add("seq IN (SELECT unnest(?::BIGINT[]))", seqs).add("seq > ?", alert["created_seq"])
        where.filters(store, Filters(language=alert["language"], source=alert["site"], entity=alert["entity"]))
        hits = [r["seq"] for r in store.query(f"SELECT seq FROM articles {where.sql()}", where.params)]
        if hits and alert["q"]:
            try:
                hits = [h.key for h in store.text_search(alert["q"], kind="article", within=hits)]
            except InputError:  # words saved before such a query was refused at creation: no match, and
                hits = []       # the ingest that called this goes on
            except StoreError as exc:  # the index failing (locked) costs this alert these matches, not the ingest
                log.warning("alert %s not checked against %d new articles: %s", alert["id"], len(hits), exc.reason)
                hits = []
        now = utcnow()
        for seq in hits:
            store.execute("INSERT INTO alert_matches SELECT ?, seq, id, ? FROM articles WHERE seq = ? "
                          "ON CONFLICT DO NOTHING", [alert["id"], now, seq])
            recorded += 1
    return recorded
