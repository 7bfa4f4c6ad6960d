"""The Backend over newsradar's embedded store: :mod:`newsradar.store`, :mod:`newsradar.analytics`
and an :class:`~newsradar.ingest.Ingestor` for pushed pages and the live stream.

Reads go straight to the analytics queries (each answer mapped to docs/api.md's shapes by
:mod:`newsradar.analytics.views`). Writes go through the Ingestor's live path: a pushed page is
analysed, joins its story, is committed, and only then answered and streamed, with the alerts it
fired. The Ingestor (its story index is rebuilt from the newest stored articles) is made on the
first push, so a server over a large store starts at once; :meth:`StoreBackend.warm` makes it early.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from newsradar import analytics as an
from newsradar.analytics import commands, views
from newsradar.analytics.common import next_cursor, page_bounds
from newsradar.analytics.events import actor_country, root_names
from newsradar.analytics.search import SNIPPET_SOURCE, query_words, snippet
from newsradar.analytics.search import ranked as search_ranked
from newsradar.api.backend import Filters, Interval, Listener, Page, PageRequest, Pushed, SearchKind, Window
from newsradar.errors import InputError, NewsradarError, StoreError
from newsradar.extract.dates import naive_utc
from newsradar.heap import freeze_heap
from newsradar.listeners import Listeners
from newsradar.settings import Settings
from newsradar.store.rows import QUOTE_BITS

if TYPE_CHECKING:
    from newsradar.ingest import Ingestor
    from newsradar.store import Store

log = logging.getLogger(__name__)
Json = dict[str, Any]
_KINDS: dict[str, tuple[str, ...]] = {"articles": ("article",), "quotes": ("quote",), "all": ("article", "quote")}


def open_backend(settings: Settings, *, nlp: bool = True, push_workers: int = 0) -> StoreBackend:
    """The backend over the store at ``settings.db`` (created when missing); ``nlp=False`` stores
    pushed pages without the NLP stage; ``push_workers`` > 0 analyses them in that many processes."""
    try:
        from newsradar.store import open_store
    except ImportError as exc:  # pragma: no cover - the store ships with newsradar
        raise StoreError(f"cannot serve {settings.db}: this build of newsradar has no store ({exc})") from exc
    return StoreBackend(open_store(settings.db), settings, nlp=nlp, push_workers=push_workers, owned=True)


def _naive(moment: datetime | None) -> datetime | None:
    """The store keeps naive UTC; the API parses aware times."""
    return naive_utc(moment) if moment is not None else None


def _filters(f: Filters) -> an.Filters:
    return an.Filters(since=_naive(f.since), until=_naive(f.until), source=f.source, language=f.language,
                      entity=f.entity)


def _page(p: Page | an.Page) -> Page:
    return Page(p.items, p.total, p.next)


class StoreBackend:
    """:class:`~newsradar.api.backend.Backend` over a :class:`~newsradar.store.Store`."""

    def __init__(self, store: Store, settings: Settings | None = None, *, nlp: bool = True,
                 ingestor: Ingestor | None = None, owned: bool = False, push_workers: int = 0) -> None:
        """``nlp=False`` stores pushed pages without the NLP stage (tests); ``owned`` closes the
        store with the backend; ``push_workers`` > 0 analyses pages in that many processes."""
        self.store = store
        self.settings = settings or Settings()
        self.nlp = nlp
        self.push_workers = push_workers
        self._ingestor = ingestor
        self._owned = owned
        self._listeners: Listeners[Listener] = Listeners()
        self._lock = threading.RLock()
        if ingestor is not None:
            ingestor.subscribe(self._landed)

    # -- writing -----------------------------------------------------------------------------------
    def ingestor(self) -> Ingestor:
        """The Ingestor pushes go through (made on first use: it rebuilds the story index)."""
        with self._lock:
            if self._ingestor is None:
                from newsradar.ingest import Ingestor

                self._ingestor = Ingestor(self.store, self.settings, nlp=self.nlp, push_workers=self.push_workers)
                self._ingestor.subscribe(self._landed)
            return self._ingestor

    def warm(self) -> None:
        """Make the Ingestor and load what analysing a page loads now rather than on the first push."""
        ingestor = self.ingestor()
        if ingestor.push_workers > 0:  # the workers analyse the pages: the model need not load here
            ingestor.start_workers()
        else:
            from newsradar.pipeline import warm_up

            warm_up(ingestor.settings, self.nlp)
        freeze_heap()  # the story index and the model live as long as the server

    def ingest(self, content: bytes, *, url: str | None, kind: str | None) -> Pushed:
        if not content.strip():
            raise InputError("the page is empty")
        if kind not in (None, "html", "text"):
            raise InputError(f"kind must be html or text, got {kind!r}")
        outcome = self.ingestor().push(content, url=url, kind=kind)  # type: ignore[arg-type]
        record = outcome.record or (self.store.get(outcome.id) if outcome.id else None)
        if record is None:
            raise StoreError(f"the page was {outcome.status} but its record cannot be read back")
        return Pushed(views.with_keys(record), duplicate=outcome.status == "duplicate")

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        return self._listeners.add(listener)

    def _landed(self, record: Json) -> None:
        """Called by the Ingestor after each commit, on its thread: stream the record and the alerts
        it fired (they were recorded in the same commit)."""
        listeners = self._listeners.snapshot()
        if not listeners:
            return
        out = views.with_keys(record)
        try:
            fired = views.alerts_fired(self.store, str(record.get("id")))
        except NewsradarError:
            log.exception("cannot read the alerts %s fired", record.get("id"))
            fired = []
        for listener in listeners:
            listener("article", out)
            for alert_id in fired:
                listener("alert", {"alert": alert_id, "article": record.get("id")})

    def close(self) -> None:
        with self._lock:
            if self._ingestor is not None:
                self._ingestor.close()
            if self._owned:
                self.store.close()

    # -- articles ----------------------------------------------------------------------------------
    def count_articles(self) -> int:
        return self.store.count()

    def articles(self, filters: Filters, page: PageRequest) -> Page:
        found = an.list_articles(self.store, _filters(filters), q=filters.q, limit=page.limit, cursor=page.cursor,
                                 story=filters.story)
        return _page(views.summary_page(self.store, found))

    def article(self, article_id: str) -> Json | None:
        record = self.store.get(article_id)
        return views.with_keys(record) if record is not None else None

    def search(self, filters: Filters, kind: SearchKind, page: PageRequest) -> Page:
        hits, total, following = search_ranked(self.store, filters.q or "", _filters(filters), kinds=_KINDS[kind],
                                               limit=page.limit, cursor=page.cursor)
        # the hits as the records hold them, all read by key: no DuckDB query beyond the ranking
        seqs = [k for _, what, k in hits if what == "article"]
        qids = [k for _, what, k in hits if what == "quote"]
        arts = self.store.summaries([*seqs, *(k >> QUOTE_BITS for k in qids)])
        quotes = self.store.quotes(qids)
        bodies = self.store.texts(seqs, SNIPPET_SOURCE)
        words = query_words(filters.q or "")
        items = []
        for score, what, k in hits:
            quote = quotes.get(k) if what == "quote" else None
            seq = k if what == "article" else k >> QUOTE_BITS
            if seq not in arts or (what == "quote" and quote is None):
                continue
            text = snippet(bodies.get(k, ""), words) if quote is None else quote.get("text")
            items.append({"kind": what, "score": score, "snippet": text, "article": arts[seq], "quote": quote})
        return Page(items, total, following)

    # -- entities, quotes, claims, events ----------------------------------------------------------
    def entities(self, filters: Filters, entity_type: str | None, page: PageRequest) -> Page:
        found = an.list_entities(self.store, _filters(filters), q=filters.q, type=entity_type, limit=page.limit,
                                 cursor=page.cursor)
        items = [{"key": r["id"], **{k: r.get(k) for k in ("name", "type", "country", "articles", "mentions",
                                                           "first_seen", "last_seen")}} for r in found.items]
        return Page(items, found.total, found.next)

    def entity(self, key: str) -> Json | None:
        return views.entity_profile(self.store, key)

    def quotes(self, filters: Filters, speaker: str | None, about: str | None, page: PageRequest) -> Page:
        return _page(views.quotes_page(self.store, _filters(filters), speaker=speaker, about=about, q=filters.q,
                                       limit=page.limit, cursor=page.cursor))

    def claims(self, filters: Filters, unit: str | None, page: PageRequest) -> Page:
        # the ledger is grouped by quantity, so words (q) look for the quantity too
        found = an.claims_ledger(self.store, _filters(filters), unit=unit or filters.q, limit=page.limit,
                                 cursor=page.cursor)
        arts = views.summaries(self.store, list({r["article_id"] for g in found.items for r in g["reports"]}))
        items = []
        for g in found.items:
            values = [{"value": r["value"], "upper": r["upper"], "qualifier": r["qualifier"], "text": r["text"],
                       "source_entity_name": r["claimant"], "article": arts.get(r["article_id"])}
                      for r in g["reports"]]
            items.append({"quantity": g["unit"], "measure": g["measure"], "story_id": g.get("story_id"),
                          "values": values, "disagree": g["disputed"]})
        return Page(items, found.total, found.next)

    def events(self, filters: Filters, source: str | None, target: str | None, cameo: str | None,
               page: PageRequest) -> Page:
        return _page(views.events_page(self.store, _filters(filters), source=source, target=target, cameo=cameo,
                                       limit=page.limit, cursor=page.cursor))

    # -- stories -----------------------------------------------------------------------------------
    def stories(self, filters: Filters, page: PageRequest) -> Page:
        within = views.stories_matching(self.store, filters.q) if filters.q else None
        found = an.list_stories(self.store, _filters(filters), limit=page.limit, cursor=page.cursor, within=within)
        return Page(views.story_views(self.store, found.items), found.total, found.next)

    def story(self, story_id: str) -> Json | None:
        found = an.get_story(self.store, story_id)
        if found is None:
            return None
        members = found.pop("items")
        arts = views.summaries(self.store, [a["id"] for a in members])
        return {"story": views.story_view(self.store, found),
                "articles": [arts[a["id"]] for a in members if a["id"] in arts]}

    # -- trends, timelines, networks ---------------------------------------------------------------
    def trends(self, window: Window) -> Json:
        out: Json = {"window": window}
        for kind in ("entities", "events"):
            found = an.trends(self.store, window=window, kind=kind)
            items = found["items"]
            end = found.get("now")
            spark = views.sparks(self.store, kind, [r["id"] for r in items], window,
                                 datetime.fromisoformat(end)) if end else {}
            if kind == "entities":
                out["entities"] = [{"key": r["id"], "name": r["name"], "type": r["type"], "count": r["current"],
                                    "baseline": r["baseline"], "score": r["score"], "spark": spark.get(r["id"], [])}
                                   for r in items]
            else:
                out["events"] = [{"cameo_root": r["id"], "label": r["name"], "count": r["current"],
                                  "baseline": r["baseline"], "score": r["score"], "spark": spark.get(r["id"], [])}
                                 for r in items]
            out["now"] = end + "Z" if end else None  # UTC, marked as the timeline's points are
        return out

    def timeline(self, filters: Filters, interval: Interval) -> Json:
        found = an.timeline(self.store, entity=filters.entity, q=filters.q, interval=interval,
                            filters=an.Filters(since=_naive(filters.since), until=_naive(filters.until),
                                               source=filters.source, language=filters.language))
        return {"interval": interval,
                "points": [{"t": p["bucket"] + "Z", "articles": p["articles"], "tone": p["tone"]}
                           for p in found["items"]]}

    def network(self, filters: Filters, cameo_roots: list[str], limit: int) -> Json:
        f = _filters(filters)
        edges = an.network(self.store, f, cameo=",".join(cameo_roots) or None, limit=limit)["edges"]
        names = root_names()
        nodes: dict[str, Json] = {}
        for e in edges:
            for side in ("source", "target"):
                code = e[f"{side}_code"]
                node = nodes.setdefault(e[side], {"id": e[side], "label": e[f"{side}_name"] or code or e[side],
                                                  "country": actor_country(code), "events": 0})
                node["events"] += e["events"]
        return {"nodes": sorted(nodes.values(), key=lambda n: (-n["events"], n["id"])),
                "edges": [{"source": e["source"], "target": e["target"], "cameo_root": e["root"],
                           "label": names.get(e["root"] or "", e["root"]), "count": e["events"],
                           "goldstein": e["goldstein"]} for e in edges]}

    # -- the CLI's own answers ---------------------------------------------------------------------
    def query(self, command: str, params: Mapping[str, str]) -> Any:
        return commands.run(self.store, command, params)

    # -- alerts ------------------------------------------------------------------------------------
    @staticmethod
    def _alert(a: Json) -> Json:
        return {"id": a["id"], "name": a["name"],
                "query": {"q": a.get("q"), "entity": a.get("entity"), "source": a.get("site"),
                          "language": a.get("language")},
                "created": a.get("created_at"), "last_fired": a.get("last_match"), "matches": a.get("matches", 0)}

    def alerts(self, page: PageRequest) -> Page:
        everything = [self._alert(a) for a in views.all_alerts(self.store)]
        # the cursors of every other list, so that a forged one is refused alike
        limit, start = page_bounds(page.limit, page.cursor)
        return Page(everything[start:start + limit], len(everything), next_cursor(start, limit, len(everything)))

    def create_alert(self, name: str, query: Json) -> Json:
        return self._alert(an.create_alert(self.store, name, q=query.get("q"), entity=query.get("entity"),
                                           language=query.get("language"), site=query.get("source")))

    def delete_alert(self, alert_id: str) -> bool:
        return an.delete_alert(self.store, alert_id)

    def alert_matches(self, alert_id: str, page: PageRequest, after: str | None = None) -> Page | None:
        found = an.alert_matches(self.store, alert_id, after=after, limit=page.limit, cursor=page.cursor)
        return None if found is None else _page(views.summary_page(self.store, found))
