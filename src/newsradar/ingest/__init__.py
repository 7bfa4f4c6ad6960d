"""Ingestion: sources → pipeline → story index → store, acknowledging only what is committed.

>>> from newsradar.store import open_store
>>> from newsradar.ingest import Ingestor
>>> ingestor = Ingestor(open_store("news.duckdb"))
>>> outcome = ingestor.push(html_bytes, url="https://example.org/story")   # one page in
>>> outcome.record                                                          # the stored record out
>>> sub = ingestor.listen()          # a queue of records as they land (for a live stream)
"""

from newsradar.ingest.core import Ingestor, Outcome, Report, Subscription, default_story_index
from newsradar.ingest.sources import NewPages, StoreState, iter_sources
from newsradar.ingest.watch import watch

__all__ = [
           "Ingestor",
           "NewPages",
           "Outcome",
           "Report",
           "StoreState",
           "Subscription",
           "default_story_index",
           "iter_sources",
           "watch",
]
