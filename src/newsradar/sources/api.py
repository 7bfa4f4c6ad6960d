"""The sources' entry points: :func:`iter_pages`, :func:`poll` and :class:`Poller`."""


from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from typing import IO

from newsradar.errors import NewsradarError
from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources.fetch import Fetcher, NotModified
from newsradar.sources.raw import RawPage
from newsradar.sources.sniff import SNIFF_BYTES, charset, gunzip_head, sniff
from newsradar.sources.state import SourceState
from newsradar.sources.tracking import Ticket, Tracker
from newsradar.sources.walk import Walker

__all__ = ["Poller", "iter_pages", "poll", "read_url"]


def iter_pages(specs: Sequence[str], settings: Settings, *, fetcher: Fetcher | None = None,
               state: SourceState | None = None, stdin: IO[bytes] | None = None,
               skip: Collection[str] = ()) -> Iterator[RawPage | Failure]:
    """Every page the specs hold, in order: one RawPage per page, one Failure per item that failed.
    Files in ``skip`` (a store's own) are left out of folders and globs.

    With a ``state``, feeds, sitemaps and page URLs are fetched conditionally (a 304 yields nothing:
    the store already has them) and what was yielded is remembered, so that a later :func:`poll`
    does not yield it again. An item counts as handled when the consumer asks for the next one.
    """
    yield from _auto_ack(specs, settings, fetcher, state, only_new=False, stdin=stdin, skip=skip)


def poll(specs: Sequence[str], settings: Settings, state: SourceState, fetcher: Fetcher | None = None, *,
         stdin: IO[bytes] | None = None, skip: Collection[str] = ()) -> Iterator[RawPage | Failure]:
    """Only what is new since the last poll with this ``state``: feed entries by id or link, sitemap
    URLs by lastmod, files by path, mtime and size, archive records by id, JSON Lines records by
    content, pages by their bytes. An item counts as seen when the consumer asks for the next one; a
    consumer that must store an item before it counts (crash safety) uses :class:`Poller`. Polling
    again and again, pass the same ``fetcher`` (or use a Poller): it keeps robots.txt and rate limits.
    """
    yield from _auto_ack(specs, settings, fetcher, state, only_new=True, stdin=stdin, skip=skip)


def _auto_ack(specs: Sequence[str], settings: Settings, fetcher: Fetcher | None, state: SourceState | None, *,
              only_new: bool, stdin: IO[bytes] | None, skip: Collection[str]) -> Iterator[RawPage | Failure]:
    tracker = Tracker(state)
    walker = Walker(settings, tracker, fetcher=fetcher, only_new=only_new, stdin=stdin, skip=skip)
    try:
        for ticket in walker.walk(specs):
            yield ticket.item
            tracker.ack(ticket)
    finally:
        walker.close()
        _flush(state)


class Poller:
    """:func:`poll` and :func:`iter_pages` with explicit acknowledgement, for consumers that store
    items in batches (the pipeline reads ahead, so "asked for the next item" is not "stored").

    Each item counts as seen only once :meth:`ack` is called with its ``source`` (an Article keeps
    its page's ``source``, so ``poller.ack(article.source)`` after committing it). Items never
    acknowledged, say because the process was killed, are yielded again by the next poll; a feed's
    or sitemap's validators are remembered only after all its new items are acknowledged.
    """

    def __init__(self, settings: Settings, state: SourceState, fetcher: Fetcher | None = None, *,
                 skip: Collection[str] = ()) -> None:
        """``skip``: files left out of folders and globs (the store's own, when it lies in one)."""
        self.settings = settings
        self.skip = skip
        self.state = state
        self._fetcher = fetcher or Fetcher(settings)
        self._owns_fetcher = fetcher is None
        self._tracker = Tracker(state)
        self._pending: dict[str, list[Ticket]] = {}

    def poll(self, specs: Sequence[str], *, stdin: IO[bytes] | None = None,
             settle: float = 0.0) -> Iterator[RawPage | Failure]:
        """What is new since the last poll (like :func:`poll`), each item pending until acknowledged;
        ``settle``: a file changed fewer seconds ago than this is left for a later poll (it may still
        be being written)."""
        walker = Walker(self.settings, self._tracker, fetcher=self._fetcher, only_new=True, stdin=stdin,
                        skip=self.skip, settle=settle)
        walker._taken.update(self._pending_keys())
        yield from self._hand_out(walker, specs)

    def pages(self, specs: Sequence[str], *, stdin: IO[bytes] | None = None) -> Iterator[RawPage | Failure]:
        """Everything the specs hold (like :func:`iter_pages`, for ``ingest``), each item pending until
        acknowledged: a feed's validators are stored only once all its entries are, so an interrupted
        ingest re-run is not answered with a 304 for entries it never stored."""
        walker = Walker(self.settings, self._tracker, fetcher=self._fetcher, stdin=stdin, skip=self.skip)
        yield from self._hand_out(walker, specs)

    def _hand_out(self, walker: Walker, specs: Sequence[str]) -> Iterator[RawPage | Failure]:
        for ticket in walker.walk(specs):
            self._pending.setdefault(ticket.item.source, []).append(ticket)
            yield ticket.item

    def ack(self, source: str, *, retry: bool = False) -> bool:
        """Mark the oldest unacknowledged item with this ``source`` as handled; False if there is none.
        ``retry``: it was not handled after all (its worker died), so it is read again next time."""
        tickets = self._pending.get(source)
        if not tickets:
            return False
        ticket = tickets.pop(0)
        ticket.transient = ticket.transient or retry
        self._tracker.ack(ticket)
        if not tickets:
            del self._pending[source]
        return True

    def ack_all(self) -> None:
        for source in list(self._pending):
            while self.ack(source):
                pass

    @property
    def pending(self) -> int:
        """Items yielded and not yet acknowledged."""
        return sum(len(t) for t in self._pending.values())

    def flush(self) -> None:
        _flush(self.state)

    def close(self) -> None:
        self.flush()
        if self._owns_fetcher:
            self._fetcher.close()

    def _pending_keys(self) -> set[str]:
        # Items yielded by an earlier poll and still unacknowledged are not yielded again meanwhile.
        return {key for tickets in self._pending.values() for t in tickets for ns, key, _ in t.marks if ns == "seen"}


def read_url(url: str, settings: Settings, fetcher: Fetcher) -> RawPage | Failure:
    """The page at ``url``, for commands that give one record per input (``analyze``).

    A URL that turns out to be a feed, a sitemap, an archive or JSON Lines holds many pages, not
    one: it is refused with a pointer to ``newsradar ingest``.
    """
    try:
        opened = fetcher.open(url)
        assert not isinstance(opened, NotModified)  # no validators were sent
        with opened:
            kind = sniff(gunzip_head(opened.reader.peek(SNIFF_BYTES)[:SNIFF_BYTES]), opened.url, opened.content_type)
            if kind != "page":
                return Failure(url, f"is a {_KIND_NAMES[kind]}, which holds many pages: read it with newsradar "
                                    "ingest")
            opened.limit(settings.max_bytes)
            content = opened.reader.read()
    except NewsradarError as exc:
        return Failure(url, exc.reason)
    ctype = opened.content_type
    mime = ctype.split(";", 1)[0].strip().lower()
    return RawPage(content=content, source=url, url=opened.url, fetched_at=opened.fetched_at,
                   kind="html" if mime in ("text/html", "application/xhtml+xml") else None, encoding=charset(ctype))


_KIND_NAMES = {"feed": "feed", "sitemap": "sitemap", "warc": "WARC/WET archive", "jsonl": "JSON Lines file",
               "json": "JSON document"}


def _flush(state: SourceState | None) -> None:
    flush = getattr(state, "flush", None)
    if callable(flush):
        flush()
