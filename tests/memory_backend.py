"""A test double of the API's Backend: the contract's answers computed over records held in a list.

It lets the API and dashboard tests run without a database. It implements each route's meaning
plainly (filters, newest first, cursor pagination) so the tests can check what the routes and pages
show against records the tests build.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from newsradar.api.backend import Filters, Interval, Listener, Page, PageRequest, Pushed, SearchKind, Window
from newsradar.enrich.measures import KNOWN
from newsradar.errors import InputError

Json = dict[str, Any]
ROOTS = {"01": "Make public statement", "02": "Appeal", "03": "Express intent to cooperate", "04": "Consult",
         "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten", "14": "Protest", "17": "Coerce",
         "18": "Assault", "19": "Fight"}


def key(ent: Json) -> str:
    plain = "".join(c for c in unicodedata.normalize("NFKD", ent["name"]) if not unicodedata.combining(c))
    return f"{ent['type']}:{' '.join(plain.casefold().split())}"


def when(rec: Json) -> datetime:
    raw = (rec.get("published") or {}).get("value") or rec.get("fetched_at")
    t = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def summary(rec: Json) -> Json:
    top = sorted(rec.get("entities") or [], key=lambda e: -e.get("salience", 0))[:5]
    return {**{k: rec.get(k) for k in ("id", "url", "title", "site_name", "source", "language", "published",
                                        "fetched_at", "tone", "story_id", "duplicate_of")},
            "entities": [{"key": key(e), "name": e["name"], "type": e["type"]} for e in top]}


def paginate(items: list[Json], page: PageRequest) -> Page:
    start = int(page.cursor or 0)
    end = start + page.limit
    return Page(items[start:end], len(items), str(end) if end < len(items) else None)


class MemoryBackend:
    def __init__(self, records: list[Json] | None = None,
                 analyse: Callable[[bytes, str | None, str | None], Json] | None = None) -> None:
        self.records: list[Json] = []
        self.alerts_: list[Json] = []
        self.matched: dict[str, list[str]] = {}  # alert id -> ids of the articles it matched, in arrival order
        self.arrival: dict[str, int] = {}  # article id -> arrival number, as the store's seq (kept on a re-add)
        self.listeners: list[Listener] = []
        self.analyse = analyse
        self.lock = threading.Lock()
        for rec in records or []:
            self.add(rec)

    # -- writing -----------------------------------------------------------------------------------
    def add(self, rec: Json) -> Json:
        rec = {**rec, "entities": [{**e, "key": key(e)} for e in rec.get("entities") or []]}
        with self.lock:
            self.records = [r for r in self.records if r["id"] != rec["id"]] + [rec]
            self.arrival.setdefault(rec["id"], len(self.arrival))
            fired = [a for a in self.alerts_ if self._alert_hit(a, rec)]
            for a in fired:  # an alert matches what arrives after it was saved, as the store's do
                a["matches"] += 1
                a["last_fired"] = datetime.now(UTC).isoformat()
                self.matched.setdefault(a["id"], []).append(rec["id"])
        for listener in list(self.listeners):
            listener("article", rec)
            for a in fired:
                listener("alert", {"alert": a["id"], "article": rec["id"]})
        return rec

    def ingest(self, content: bytes, *, url: str | None, kind: str | None) -> Pushed:
        if not content.strip():
            raise InputError("the page is empty")
        if self.analyse is None:
            raise InputError("this backend cannot analyse pages")
        rec = self.analyse(content, url, kind)
        stored = next((r for r in self.records if r["id"] == rec["id"]), None)
        return Pushed(stored, duplicate=True) if stored is not None else Pushed(self.add(rec))

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    # -- reading -----------------------------------------------------------------------------------
    def _match(self, r: Json, f: Filters) -> bool:
        t = when(r)
        if (f.since and t < f.since) or (f.until and t > f.until):
            return False
        if f.source and f.source.lower() not in {str(r.get("site_name") or "").lower(), str(r.get("source")).lower()}:
            return False
        if f.language and r.get("language") != f.language:
            return False
        if f.entity and f.entity not in {e["key"] for e in r["entities"]}:
            return False
        if f.story and r.get("story_id") != f.story:
            return False
        hay = f"{r.get('title') or ''} {r.get('text') or ''}".lower()
        return not f.q or all(w in hay for w in f.q.lower().split())

    def _newest(self, f: Filters) -> list[Json]:
        return sorted((r for r in self.records if self._match(r, f)), key=when, reverse=True)

    def count_articles(self) -> int:
        return len(self.records)

    def articles(self, filters: Filters, page: PageRequest) -> Page:
        return paginate([summary(r) for r in self._newest(filters)], page)

    def article(self, article_id: str) -> Json | None:
        return next((r for r in self.records if r["id"] == article_id), None)

    def search(self, filters: Filters, kind: SearchKind, page: PageRequest) -> Page:
        words = (filters.q or "").lower().split()
        base = Filters(since=filters.since, until=filters.until, source=filters.source, language=filters.language)
        out = []
        for r in self._newest(base):
            if kind in ("all", "articles") and all(w in r["text"].lower() for w in words):
                at = r["text"].lower().find(words[0])
                out.append({"kind": "article", "score": 1.0, "snippet": r["text"][max(0, at - 60):at + 100],
                            "article": summary(r), "quote": None})
            for q in r.get("quotes") or []:
                if kind in ("all", "quotes") and all(w in q["text"].lower() for w in words):
                    out.append({"kind": "quote", "score": 0.5, "snippet": q["text"], "article": summary(r), "quote": q})
        return paginate(out, page)

    def _entity_index(self, f: Filters) -> dict[str, Json]:
        index: dict[str, Json] = {}
        # the filters but q (words of the name here): an entity filter keeps the articles naming it
        for r in self._newest(Filters(since=f.since, until=f.until, source=f.source, language=f.language,
                                      entity=f.entity)):
            for e in r["entities"]:
                s = index.setdefault(e["key"], {"key": e["key"], "name": e["name"], "type": e["type"],
                                                "country": e.get("country"), "articles": 0, "mentions": 0,
                                                "first_seen": r.get("fetched_at"), "last_seen": r.get("fetched_at")})
                s["articles"] += 1
                s["mentions"] += len(e.get("mentions") or [])
                s["first_seen"] = r.get("fetched_at")
        return index

    def entities(self, filters: Filters, entity_type: str | None, page: PageRequest) -> Page:
        items = [e for e in self._entity_index(filters).values()
                 if (not entity_type or e["type"] == entity_type)
                 and (not filters.q or filters.q.lower() in e["name"].lower())]
        return paginate(sorted(items, key=lambda e: (-e["articles"], e["name"])), page)

    def entity(self, key_: str) -> Json | None:
        index = self._entity_index(Filters())
        if key_ not in index:
            return None
        together: Counter[str] = Counter()
        places: dict[str, Json] = {}
        aliases, roles = set(), set()
        for r in self.records:
            mine = [e for e in r["entities"] if e["key"] == key_]
            if not mine:
                continue
            aliases.update(a for e in mine for a in e.get("aliases") or [])
            roles.update(e["role"] for e in mine if e.get("role"))
            together.update({e["key"] for e in r["entities"] if e["key"] != key_})
            for loc in r.get("locations") or []:
                p = places.setdefault(loc["name"], {**loc, "mentions": 0})
                p["mentions"] += loc.get("mentions") or 1
        co = [{**index[k], "together": n} for k, n in together.most_common(20)]
        return {"entity": {**index[key_], "aliases": sorted(aliases), "roles": sorted(roles)}, "cooccurring": co,
                "places": sorted(places.values(), key=lambda p: -p["mentions"])}

    def quotes(self, filters: Filters, speaker: str | None, about: str | None, page: PageRequest) -> Page:
        out = []
        for r in self._newest(Filters(since=filters.since, until=filters.until, source=filters.source)):
            ents = {e["id"]: e for e in r["entities"]}
            for q in r.get("quotes") or []:
                spk = ents.get(q.get("speaker_entity") or "")
                if speaker and speaker not in {spk and spk["key"], q.get("speaker")}:
                    continue
                if about:
                    inside = [e for e in r["entities"] if e["key"] == about and e is not spk and
                              any(q["span"][0] <= s < q["span"][1] for s, _ in e.get("mentions") or [])]
                    if not inside:
                        continue
                if filters.q and filters.q.lower() not in q["text"].lower():
                    continue
                out.append({**q, "speaker_key": spk["key"] if spk else None, "article": summary(r)})
        return paginate(out, page)

    def claims(self, filters: Filters, unit: str | None, page: PageRequest) -> Page:
        groups: dict[tuple[str, str | None], list[Json]] = defaultdict(list)
        for r in self._newest(filters):
            ents = {e["id"]: e["name"] for e in r["entities"]}
            for c in r.get("claims") or []:
                if c.get("unit") and (not unit or unit in (c["unit"], c.get("measure"))):
                    # as the store's ledger: only a measure's family (or a percentage's noun) divides a unit
                    measure = c.get("measure") if c.get("measure") in KNOWN or c["unit"] == "percent" else None
                    groups[c["unit"], measure].append(
                        {**{k: c.get(k) for k in ("value", "upper", "qualifier", "text")},
                         "source_entity_name": ents.get(c.get("source_entity") or ""), "article": summary(r)})
        out = [{"quantity": u, "measure": m, "values": v, "disagree": len({x["value"] for x in v}) > 1}
               for (u, m), v in groups.items()]
        return paginate(out, page)

    def _actor(self, r: Json, actor: Json) -> str:
        ent = next((e for e in r["entities"] if e["id"] == actor.get("entity")), None)
        return ent["key"] if ent else actor.get("code") or actor.get("name") or "?"

    def events(self, filters: Filters, source: str | None, target: str | None, cameo: str | None,
               page: PageRequest) -> Page:
        out = []
        for r in self._newest(filters):
            for ev in r.get("events") or []:
                s, t = self._actor(r, ev["source"]), self._actor(r, ev["target"])
                if (source and source not in {s, ev["source"].get("code")}) or \
                        (target and target not in {t, ev["target"].get("code")}) or \
                        (cameo and not ev["cameo"].startswith(cameo)):
                    continue
                out.append({**ev, "source": {**ev["source"], "key": s}, "target": {**ev["target"], "key": t},
                            "article": summary(r)})
        return paginate(out, page)

    def _story(self, sid: str) -> Json | None:
        arts = sorted((r for r in self.records if r.get("story_id") == sid), key=lambda r: r["fetched_at"])
        if not arts:
            return None
        return {"id": sid, "title": arts[0].get("title"), "first_report": summary(arts[0]), "articles": len(arts),
                "sources": len({a.get("site_name") for a in arts}),
                "duplicates": sum(1 for a in arts if a.get("duplicate_of")),
                "first_seen": arts[0]["fetched_at"], "last_seen": arts[-1]["fetched_at"]}

    def stories(self, filters: Filters, page: PageRequest) -> Page:
        ids = {r["story_id"] for r in self._newest(filters) if r.get("story_id")}
        items = [s for s in (self._story(i) for i in ids) if s]
        return paginate(sorted(items, key=lambda s: s["last_seen"], reverse=True), page)

    def story(self, story_id: str) -> Json | None:
        s = self._story(story_id)
        if s is None:
            return None
        arts = sorted((r for r in self.records if r.get("story_id") == story_id), key=lambda r: r["fetched_at"])
        return {"story": s, "articles": [summary(a) for a in arts]}

    def trends(self, window: Window) -> Json:
        span = timedelta(hours=1 if window == "1h" else 24)
        now, buckets = datetime.now(UTC), 12 if window == "1h" else 24
        counts: dict[str, list[int]] = defaultdict(lambda: [0] * buckets)
        base: Counter[str] = Counter()
        names: dict[str, Json] = {}
        ev_counts: dict[str, list[int]] = defaultdict(lambda: [0] * buckets)
        ev_base: Counter[str] = Counter()
        for r in self.records:
            age = now - when(r)
            for e in {e["key"]: e for e in r["entities"]}.values():
                names[e["key"]] = e
                if age <= span:
                    counts[e["key"]][min(buckets - 1, buckets - 1 - int(age / span * buckets))] += 1
                elif age <= span * 8:
                    base[e["key"]] += 1
            for ev in r.get("events") or []:
                root = ev["cameo"][:2]
                if age <= span:
                    ev_counts[root][min(buckets - 1, buckets - 1 - int(age / span * buckets))] += 1
                elif age <= span * 8:
                    ev_base[root] += 1

        def rows(cs: dict[str, list[int]], bs: Counter[str]) -> list[tuple[str, int, float, float, list[int]]]:
            out = [(k, sum(v), bs[k] / 7, (sum(v) - bs[k] / 7) / (bs[k] / 7 + 1) ** 0.5, v) for k, v in cs.items()]
            return sorted((x for x in out if x[3] > 0), key=lambda x: -x[3])[:20]

        return {"window": window,
                "entities": [{"key": k, "name": names[k]["name"], "type": names[k]["type"], "count": c, "baseline": b,
                              "score": s, "spark": v} for k, c, b, s, v in rows(counts, base)],
                "events": [{"cameo_root": k, "label": ROOTS.get(k, k), "count": c, "baseline": b, "score": s,
                            "spark": v}
                           for k, c, b, s, v in rows(ev_counts, ev_base)],
                "now": now.replace(tzinfo=None, microsecond=0).isoformat() + "Z"}

    def timeline(self, filters: Filters, interval: Interval) -> Json:
        step = timedelta(hours=1) if interval == "hour" else timedelta(days=1)
        buckets: dict[datetime, list[float | None]] = defaultdict(list)
        for r in self._newest(filters):
            t = when(r)
            start = t.replace(minute=0, second=0, microsecond=0) if interval == "hour" else \
                t.replace(hour=0, minute=0, second=0, microsecond=0)
            buckets[start].append((r.get("tone") or {}).get("score"))
        points = []
        if buckets:
            t, end = min(buckets), max(buckets)
            while t <= end:
                tones = [x for x in buckets.get(t, []) if x is not None]
                points.append({"t": t.isoformat().replace("+00:00", "Z"), "articles": len(buckets.get(t, [])),
                               "tone": sum(tones) / len(tones) if tones else None})
                t += step
        return {"interval": interval, "points": points}

    def network(self, filters: Filters, cameo_roots: list[str], limit: int) -> Json:
        nodes: dict[str, Json] = {}
        edges: dict[tuple[str, str, str], Json] = {}
        for r in self._newest(filters):
            for ev in r.get("events") or []:
                root = ev["cameo"][:2]
                if cameo_roots and root not in cameo_roots:
                    continue
                ends = []
                for side in ("source", "target"):
                    k = self._actor(r, ev[side])
                    n = nodes.setdefault(k, {"id": k, "label": ev[side].get("name") or k,
                                             "country": (ev[side].get("code") or "")[:3] or None, "events": 0})
                    n["events"] += 1
                    ends.append(k)
                e = edges.setdefault((ends[0], ends[1], root), {"source": ends[0], "target": ends[1],
                                                                "cameo_root": root, "label": ROOTS.get(root, root),
                                                                "count": 0, "g": []})
                e["count"] += 1
                e["g"].append(ev.get("goldstein") or 0.0)
        top = sorted(edges.values(), key=lambda e: -e["count"])[:limit]
        keep = {x for e in top for x in (e["source"], e["target"])}
        return {"nodes": [n for k, n in nodes.items() if k in keep],
                "edges": [{**{k: v for k, v in e.items() if k != "g"}, "goldstein": sum(e["g"]) / len(e["g"])}
                          for e in top]}

    # -- alerts ------------------------------------------------------------------------------------
    def _alert_hit(self, alert: Json, rec: Json) -> bool:
        q = alert["query"]
        return self._match(rec, Filters(q=q.get("q"), entity=q.get("entity"), source=q.get("source"),
                                        language=q.get("language")))

    def alerts(self, page: PageRequest) -> Page:
        return paginate(list(self.alerts_), page)

    def create_alert(self, name: str, query: Json) -> Json:
        alert = {"id": f"a{len(self.alerts_) + 1}", "name": name, "query": query,
                 "created": datetime.now(UTC).isoformat(), "last_fired": None, "matches": 0}
        self.alerts_.append(alert)
        return alert

    def delete_alert(self, alert_id: str) -> bool:
        before = len(self.alerts_)
        self.alerts_ = [a for a in self.alerts_ if a["id"] != alert_id]
        return len(self.alerts_) < before

    def alert_matches(self, alert_id: str, page: PageRequest, after: str | None = None) -> Page | None:
        """Newest match first; the cursor is the arrival number of the last match of its page, so a
        match landing between two pages comes before them, not into the next one."""
        alert = next((a for a in self.alerts_ if a["id"] == alert_id), None)
        if alert is None:
            return None
        if after is not None and after not in self.arrival:
            raise InputError(f"after: no stored article has the id {after!r}")
        floor = self.arrival[after] if after is not None else -1
        by_id = {r["id"]: r for r in self.records}
        seqs = sorted((s for s in map(self.arrival.__getitem__, self.matched.get(alert_id, [])) if s > floor),
                      reverse=True)
        if page.cursor is not None and not page.cursor.isdecimal():
            raise InputError(f"bad cursor {page.cursor!r}: pass the `next` of a previous page")
        below = int(page.cursor) if page.cursor is not None else None
        shown = [s for s in seqs if below is None or s < below]
        items, more = shown[:page.limit], len(shown) > page.limit
        ids = {seq: i for i, seq in self.arrival.items()}
        return Page([summary(by_id[ids[s]]) for s in items], len(seqs), str(items[-1]) if more else None)
