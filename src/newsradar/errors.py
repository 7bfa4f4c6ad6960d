"""The exceptions newsradar raises, all rooted at :class:`NewsradarError`.

::

    NewsradarError            every error carries a human-readable ``reason``
    ├── InputError            the input cannot be read as a page (empty, binary, too large, unreadable)
    ├── FetchError            a URL, feed or archive could not be retrieved
    │   ├── TransientFetchError   …but a later try may succeed (timeout, 429, 5xx, DNS hiccup)
    │   └── RefusedAddressError   …because it points at a non-public address (see allow_private)
    ├── ExtractionError       a page was read but no article could be found in it
    ├── EnrichError           the NLP stage failed or its model is missing
    ├── StoreError            the database refused an operation
    └── ConfigError           a setting or user-supplied dictionary is invalid

Callers that process batches catch :class:`NewsradarError`, record ``reason`` against the input and go
on with the next one; anything else is a bug.
"""

from __future__ import annotations


class NewsradarError(Exception):
    """Root of every newsradar error; ``reason`` says what failed and, where it helps, what to do."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class InputError(NewsradarError):
    """The input is not something newsradar can read as a page."""


class FetchError(NewsradarError):
    """A URL, feed, sitemap or archive could not be retrieved."""


class TransientFetchError(FetchError):
    """The fetch failed in a way a later try may not (a timeout, a 429 or 5xx, a DNS hiccup)."""


class RefusedAddressError(FetchError):
    """The URL's host is, or resolves to, a private, loopback, link-local or other non-public address."""


class ExtractionError(NewsradarError):
    """The page was read, but no article text could be found in it."""


class EnrichError(NewsradarError):
    """The enrichment stage could not run (for example, the spaCy model is not installed)."""


class StoreError(NewsradarError):
    """The store refused an operation or is unreadable."""


class StoreBusyError(StoreError):
    """Another process holds the database file (DuckDB lets one process open it for writing)."""


class ConfigError(NewsradarError):
    """A setting, lexicon or dictionary supplied by the user is invalid."""
