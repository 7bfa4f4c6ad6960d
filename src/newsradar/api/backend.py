"""What the HTTP API asks of the store: one method per route, answers already in the contract's shapes.

The routes in :mod:`newsradar.api.routes` only parse parameters, call a :class:`Backend` and turn its
answer into JSON, so the same routes serve the embedded store and any other implementation (tests use
one over a handful of records). Every list method takes a :class:`PageRequest` and returns a
:class:`Page`; the cursor is opaque to the routes and the dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol

Json = dict[str, Any]
Interval = Literal["hour", "day"]
Window = Literal["1h", "24h"]
SearchKind = Literal["articles", "quotes", "all"]
#: called with ("article", record) as each record lands and ("alert", {"alert", "article"}) as alerts fire
Listener = Callable[[str, Json], None]


@dataclass(frozen=True, slots=True)
class Pushed:
    """What a push did: the stored record, and whether it was stored before (the same canonical URL
    or text), in which case the record is the first copy's."""

    record: Json
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Filters:
    """The filters most list routes share; ``None`` means "not filtered"."""

    q: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    language: str | None = None
    entity: str | None = None
    story: str | None = None


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = 50
    cursor: str | None = None


@dataclass(slots=True)
class Page:
    items: list[Json] = field(default_factory=list)
    total: int = 0
    next: str | None = None

    def to_dict(self) -> Json:
        return {"items": self.items, "total": self.total, "next": self.next}


class Backend(Protocol):
    """The store and analytics as the API needs them (see docs/api.md for each answer's shape)."""

    def count_articles(self) -> int: ...

    def articles(self, filters: Filters, page: PageRequest) -> Page: ...

    def article(self, article_id: str) -> Json | None: ...

    def ingest(self, content: bytes, *, url: str | None, kind: str | None) -> Pushed:
        """Analyse and store one pushed page; the record (and whether the store held it already), or a
        NewsradarError with the reason."""
        ...

    def search(self, filters: Filters, kind: SearchKind, page: PageRequest) -> Page: ...

    def entities(self, filters: Filters, entity_type: str | None, page: PageRequest) -> Page: ...

    def entity(self, key: str) -> Json | None: ...

    def quotes(self, filters: Filters, speaker: str | None, about: str | None, page: PageRequest) -> Page: ...

    def claims(self, filters: Filters, unit: str | None, page: PageRequest) -> Page: ...

    def events(self, filters: Filters, source: str | None, target: str | None, cameo: str | None,
               page: PageRequest) -> Page: ...

    def stories(self, filters: Filters, page: PageRequest) -> Page: ...

    def story(self, story_id: str) -> Json | None: ...

    def trends(self, window: Window) -> Json: ...

    def timeline(self, filters: Filters, interval: Interval) -> Json:
        """Volume and tone per bucket of the articles ``filters.entity`` or ``filters.q`` select."""
        ...

    def network(self, filters: Filters, cameo_roots: list[str], limit: int) -> Json: ...

    def alerts(self, page: PageRequest) -> Page: ...

    def create_alert(self, name: str, query: Json) -> Json: ...

    def delete_alert(self, alert_id: str) -> bool: ...

    def alert_matches(self, alert_id: str, page: PageRequest, after: str | None = None) -> Page | None:
        """None: no such alert. ``after``: an article id, only the matches stored after it (an
        unknown id is an InputError); the cursor continues after the last match of its page."""
        ...

    def query(self, command: str, params: Mapping[str, str]) -> Any:
        """What ``newsradar query COMMAND`` (or an ``alerts`` read) prints as JSON, for a CLI that reads
        through the server (:mod:`newsradar.analytics.commands`)."""
        ...

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` for each record as it lands (from any thread); returns the unsubscriber."""
        ...
