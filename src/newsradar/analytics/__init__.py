"""Analytics: pure queries over a store, returning JSON-ready plain data.

Every list takes :class:`Filters` (time range, source, language, entity) and ``limit``/``cursor``
and returns a :class:`Page` (``items``, ``total``, ``next``), as the HTTP lists in DESIGN.md do.
"""

from newsradar.analytics.alerts import alert_matches, create_alert, delete_alert, evaluate, get_alert, list_alerts
from newsradar.analytics.articles import get_article, list_articles
from newsradar.analytics.claims import claims_ledger
from newsradar.analytics.common import Filters, Page
from newsradar.analytics.entities import get_entity, list_entities
from newsradar.analytics.events import list_events, network
from newsradar.analytics.quotes import list_quotes
from newsradar.analytics.search import search
from newsradar.analytics.stories import get_story, list_stories
from newsradar.analytics.timeline import timeline
from newsradar.analytics.trends import trends
from newsradar.analytics.views import entity_profile

__all__ = [
    "Filters",
    "Page",
    "alert_matches",
    "claims_ledger",
    "create_alert",
    "delete_alert",
    "entity_profile",
    "evaluate",
    "get_alert",
    "get_article",
    "get_entity",
    "get_story",
    "list_alerts",
    "list_articles",
    "list_entities",
    "list_events",
    "list_quotes",
    "list_stories",
    "network",
    "search",
    "timeline",
    "trends",
]
