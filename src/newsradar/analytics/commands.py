"""The reads of ``newsradar query`` and ``newsradar alerts`` as functions of a store and plain string
parameters.

The CLI runs them on a store it opens, and the API server runs the very same functions for a CLI
that asks it instead (``--server``; ``GET /api/query/{command}``): DuckDB lets one process open a
file, so while a server holds it the CLI can only read through it, and one function for both paths
is what makes the answers alike, JSON and tables. The REST routes answer in the contract's own
shapes (docs/api.md), which are not the CLI's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from newsradar.analytics.alerts import alert_matches, get_alert, list_alerts
from newsradar.analytics.articles import list_articles
from newsradar.analytics.claims import claims_ledger
from newsradar.analytics.common import Filters, Page
from newsradar.analytics.entities import list_entities
from newsradar.analytics.events import list_events, network
from newsradar.analytics.quotes import list_quotes
from newsradar.analytics.search import search
from newsradar.analytics.stories import list_stories
from newsradar.analytics.timeline import timeline
from newsradar.analytics.trends import trends
from newsradar.analytics.views import entity_profile
from newsradar.errors import InputError
from newsradar.store.base import Store

Params = Mapping[str, str]
FILTERS = ("since", "until", "source", "language", "entity")
PAGED = (*FILTERS, "limit", "cursor")


class Args:
    """A command's parameters, all strings as a query string carries them; a missing one is ``None``."""

    def __init__(self, params: Params) -> None:
        self.params = params

    def text(self, name: str) -> str | None:
        return self.params.get(name) or None

    def number(self, name: str, default: int) -> int:
        value = self.params.get(name)
        try:
            return int(value) if value else default
        except ValueError:
            raise InputError(f"{name}={value!r} is not a whole number") from None

    def flag(self, name: str) -> bool:
        return self.params.get(name, "").lower() in ("1", "true", "yes")

    def filters(self, *, entity: bool = True) -> Filters:
        return Filters.of(self.text("since"), self.text("until"), self.text("source"), self.text("language"),
                          self.text("entity") if entity else None)

    def page(self) -> dict[str, Any]:
        return {"limit": self.number("limit", 20), "cursor": self.text("cursor")}


def _trends(s: Store, a: Args) -> Any:
    return trends(s, window=a.text("window") or "24h", kind=a.text("kind") or "entities",  # type: ignore[arg-type]
                  now=Filters.of(a.text("at")).since,
                  filters=Filters(source=a.text("source"), language=a.text("language")), limit=a.number("limit", 20))


def _entity(s: Store, a: Args) -> Any:
    name = a.text("name") or ""
    found = entity_profile(s, name)
    # a surname or an alias is not a key: name the entities whose names hold it instead
    near = [] if found is not None or ":" in name else list_entities(s, q=name, limit=5).items
    return {"profile": found, "near": near}


def _alert_matches(s: Store, a: Args) -> Any:
    return alert_matches(s, a.text("alert") or "", after=a.text("after"), **a.page())


#: command name -> (the parameters it takes, what it answers)
COMMANDS: dict[str, tuple[tuple[str, ...], Callable[[Store, Args], Any]]] = {
    "trends": (("window", "kind", "at", "source", "language", "limit"), _trends),
    "timeline": (("entity", "q", "interval", *FILTERS),
                 lambda s, a: timeline(s, entity=a.text("entity"), q=a.text("q"), interval=a.text("interval") or "day",
                                       filters=a.filters(entity=False))),
    "quotes": (("speaker", "q", *PAGED),
               lambda s, a: list_quotes(s, a.filters(), speaker=a.text("speaker"), q=a.text("q"), **a.page())),
    "claims": (("unit", "disputed", *PAGED),
               lambda s, a: claims_ledger(s, a.filters(), unit=a.text("unit"), disputed=a.flag("disputed"),
                                          **a.page())),
    "events": (("actor", "target", "cameo", *PAGED),
               lambda s, a: list_events(s, a.filters(), source=a.text("actor"), target=a.text("target"),
                                        cameo=a.text("cameo"), **a.page())),
    "network": (("cameo", "limit", *FILTERS),
                lambda s, a: network(s, a.filters(), cameo=a.text("cameo"), limit=a.number("limit", 100))),
    "stories": (("min_articles", *PAGED),
                lambda s, a: list_stories(s, a.filters(), min_articles=a.number("min_articles", 1), **a.page())),
    "search": (("q", *PAGED), lambda s, a: search(s, a.text("q") or "", a.filters(), **a.page())),
    "entities": (("q", "type", *PAGED),
                 lambda s, a: list_entities(s, a.filters(), q=a.text("q"), type=a.text("type"), **a.page())),
    "entity": (("name",), _entity),
    "articles": (("q", *PAGED), lambda s, a: list_articles(s, a.filters(), q=a.text("q"), **a.page())),
    "alerts": ((), lambda s, a: list_alerts(s)),
    "alert": (("alert",), lambda s, a: get_alert(s, a.text("alert") or "")),
    "alert-matches": (("alert", "after", "limit", "cursor"), _alert_matches),
}


def run(store: Store, command: str, params: Params) -> Any:
    """What ``command`` answers on ``store`` (a page as its dict); an unknown
    command or parameter is an InputError (a newer CLI asking an older server says so)."""
    if command not in COMMANDS:
        raise InputError(f"no query command {command!r}: the commands are {', '.join(COMMANDS)}")
    names, call = COMMANDS[command]
    unknown = sorted(set(params) - set(names))
    if unknown:
        raise InputError(f"query {command} takes no parameter {', '.join(unknown)}")
    result = call(store, Args(params))
    return result.to_dict() if isinstance(result, Page) else result
