"""The ingestion writer: pages → pipeline (process pool) → story index → store, in arrival order.

An outcome is reported (yielded, returned, sent to subscribers) only after the transaction that
holds its article committed: whatever was acknowledged survives a crash, and re-running the same
input after one stores each page once, because the store refuses what it already has.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import queue
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from newsradar.enrich import read_user_files
from newsradar.errors import InputError
from newsradar.listeners import Listeners
from newsradar.pipeline import Result, enrich_articles, init_pool_worker, process_chunk, run
from newsradar.record import Article, Failure
from newsradar.settings import Settings
from newsradar.sources.raw import PageKind, RawPage
from newsradar.store.base import PutResult, Store
from newsradar.store.known import Known

log = logging.getLogger(__name__)

OutcomeStatus = Literal["stored", "duplicate", "refused"]
Subscriber = Callable[[dict[str, Any]], None]
# Most pages a push worker takes at once when a backlog has built up for the workers: one chunk is
# one spaCy batch (in one process, dragnet 601-900 took 58 ms of CPU a page 8 at a time against 66 one
# at a time) and one commit, so a deep backlog drains sooner.
LIVE_CHUNK = 8
# Pages waiting before the workers take them in chunks. Below it, a worker takes one page at a time:
# a chunk's pages land together when the last is done, so under a short burst of long pages a chunk
# of two or three held the first for a second (at 10 pages/s, p99 1.13-1.14 s in chunks, 0.92-0.97 s
# one at a time, two runs each); a deep backlog waits longer in the queue than a chunk costs.
LIVE_BACKLOG = 16
REPLAY = 5000  # recent articles replayed into a fresh story index so that new ones join their stories


@dataclass(slots=True)
class Outcome:
    """What became of one input page. ``record`` is the stored record (for a duplicate, the one
    already stored), ``reason`` why a page was refused."""

    source: str
    status: OutcomeStatus
    id: str | None = None
    seq: int | None = None
    duplicate_of: str | None = None
    reason: str | None = None
    record: dict[str, Any] | None = field(default=None, repr=False)
    retry: bool = False  # refused because its worker died: read it again next time (Failure.retry)

    def to_dict(self) -> dict[str, Any]:
        out = {"source": self.source, "status": self.status, "id": self.id}
        if self.duplicate_of:
            out["duplicate_of"] = self.duplicate_of
        if self.reason:
            out["error"] = self.reason
        return out


@dataclass(slots=True)
class Report:
    """Counts of one ingestion run, for the end-of-run summary."""

    stored: int = 0
    duplicates: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    _refused_sources: set[str] = field(default_factory=set, repr=False)

    def add(self, outcome: Outcome) -> None:
        if outcome.status == "refused":
            self.refused.append((outcome.source, outcome.reason or "refused"))
            self._refused_sources.add(outcome.source)
            return
        if outcome.status == "stored":
            self.stored += 1
        else:
            self.duplicates += 1
        # A page refused to be retried (a worker that died) and read again by a later pass of a
        # watch is no longer refused: the summary and the exit status count what stayed refused.
        if outcome.source in self._refused_sources:
            self._refused_sources.discard(outcome.source)
            self.refused = [(source, why) for source, why in self.refused if source != outcome.source]


class StoryAssigner(Protocol):
    def assign(self, article: Article) -> Article: ...


def default_story_index(store: Store, settings: Settings | None = None, replay: int = REPLAY) -> StoryAssigner | None:
    """The story index rebuilt from the store's most recent articles (in arrival order), so that
    new articles join the stories they belong to; None when the story stage is not installed."""
    try:
        module = importlib.import_module("newsradar.enrich.stories")
    except ImportError:
        return None
    first = max(0, store.last_seq() - replay + 1)
    recent = (Article.from_dict(record) for record in store.records("seq >= ?", [first]))
    if hasattr(module.StoryIndex, "rebuild"):
        rebuilt: StoryAssigner = module.StoryIndex.rebuild(recent, settings)
        return rebuilt
    index: StoryAssigner = module.StoryIndex(settings)
    for article in recent:
        index.assign(article)
    return index


def _results(pages: list[RawPage | Failure], future: Future[list[Result]]) -> list[Result]:
    try:
        return future.result()
    except Exception as exc:  # a worker died (out of memory, killed): these pages fail, the rest go on
        return [Failure(page.source, f"worker failed: {type(exc).__name__}: {exc}", retry=True) for page in pages]


def _init_push_worker(settings: Settings, nlp: bool) -> None:
    """A push worker leaves Ctrl-C to the process that started it, which stops and shuts its pool down:
    the terminal's Ctrl-C reaches every process of the group, and each idle worker printed the
    traceback of a KeyboardInterrupt (a watch stopped between passes printed two). SystemExit ends a
    worker process without one."""
    signal.signal(signal.SIGINT, _quiet_exit)
    init_pool_worker(settings, nlp, True)


def _live_chunk(waiting: int, workers: int) -> int:
    """How many of the ``waiting`` pages a free push worker takes: one, or its share of a backlog."""
    return 1 if waiting < LIVE_BACKLOG else min(LIVE_CHUNK, -(-(waiting + 1) // workers))


def _quiet_exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _take(inbox: queue.Queue[object], end: object, *, block: bool,
          most: int) -> tuple[list[RawPage | Failure], bool]:
    """Up to ``most`` pages from the inbox, waiting for the first (without end when ``block``, else
    10 ms at most) but not for the rest; and whether the end of input came."""
    items: list[RawPage | Failure] = []
    try:
        item = inbox.get(timeout=None if block else 0.01)
        while item is not end:
            if isinstance(item, RawPage | Failure):
                items.append(item)
            if len(items) >= most:
                return items, False
            item = inbox.get_nowait()
        return items, True
    except queue.Empty:
        return items, False


class Subscription:
    """A queue of records as they land, for one consumer (a live stream); ``close`` when done."""

    def __init__(self, ingestor: Ingestor, maxsize: int) -> None:
        self._queue: queue.Queue[dict[str, Any]] = queue.Queue(maxsize)
        self.dropped = 0
        self._unsubscribe = ingestor.subscribe(self._put)

    def _put(self, record: dict[str, Any]) -> None:
        try:
            self._queue.put_nowait(record)
        except queue.Full:  # a slow consumer loses records rather than stalling ingestion
            self.dropped += 1

    def get(self, timeout: float | None = None) -> dict[str, Any] | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self._unsubscribe()


class Ingestor:
    """Puts pages into a store. One per store and process; its methods are thread-safe."""

    def __init__(self, store: Store, settings: Settings | None = None, *, nlp: bool = True,
                 stories: StoryAssigner | Literal["auto"] | None = "auto",
                 alerts: bool = True, push_workers: int = 0) -> None:
        """``push_workers`` > 0 analyses pushed pages in that many worker processes (each loads the
        model once), so that pushes from several threads (an HTTP server) use every core; 0
        analyses them in the calling thread."""
        self.store = store
        self.settings = settings or Settings()
        read_user_files(self.settings)  # a malformed lexicon stops here, not page by page
        self.nlp = nlp
        self.alerts = alerts
        self.push_workers = push_workers
        self._pool: ProcessPoolExecutor | None = None
        self._inbox: queue.Queue[tuple[RawPage, Future[Outcome]] | None] = queue.Queue()
        self._loop: threading.Thread | None = None
        # Another process writing a shared store (PostgreSQL) stores articles this index never saw:
        # each commit first shows the index those stored since it last looked (_follow_others).
        self._story_seen = store.last_seq()
        self._story_mine: set[str] = set()  # ids this process stored past _story_seen
        self._stories = default_story_index(store, self.settings) if stories == "auto" else stories
        self._subscribers: Listeners[Subscriber] = Listeners()
        self._lock = threading.RLock()
        if alerts:
            self._match_alerts()  # what a process that died after its commit left unmatched

    # -- subscribers ---------------------------------------------------------------------------
    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call ``callback(record)`` for each newly stored record, after its commit, in arrival
        order (on the ingesting thread: it must be quick). Returns a function that unsubscribes."""
        return self._subscribers.add(callback)

    def listen(self, maxsize: int = 1000) -> Subscription:
        """A :class:`Subscription` queue of records as they land."""
        return Subscription(self, maxsize)

    # -- ingestion -----------------------------------------------------------------------------
    def ingest(self, pages: Iterable[RawPage | Failure], *, commit_every: int = 32,
               max_delay: float = 0.5) -> Iterator[Outcome]:
        """Analyse and store ``pages``, yielding one outcome per page in input order, each after the
        commit that holds it. Results are committed in groups of ``commit_every``, or sooner when
        the oldest waiting one has waited ``max_delay`` seconds. A page whose article the store
        held when the run began is extracted but not enriched (a re-run is a fraction of the first)."""
        pending: list[Result] = []
        since = 0.0
        known = self.store.known() if self.nlp else None
        for result in run(pages, self.settings, nlp=self.nlp, known=known):
            if not pending:
                since = time.monotonic()
            pending.append(result)
            if len(pending) >= commit_every or time.monotonic() - since >= max_delay:
                yield from self.commit(pending, known)
                pending = []
        if pending:
            yield from self.commit(pending, known)

    def ingest_live(self, pages: Iterable[RawPage | Failure], *, commit_every: int = 32) -> Iterator[Outcome]:
        """Like :meth:`ingest`, for sources where pages trickle in (``watch``, a stream): each page
        is analysed as soon as it arrives (in the push workers when there are any: one page at a
        time, or chunks of up to ``LIVE_CHUNK`` once ``LIVE_BACKLOG`` pages wait), and results are
        committed whenever no more input is waiting, so a lone page is queryable as soon as it is analysed and a burst
        still shares transactions. Outcomes come in input order, a source's failures included."""
        inbox: queue.Queue[object] = queue.Queue(maxsize=1024)
        end = object()
        broke: list[BaseException] = []  # what stopped the source, raised here once its pages are in

        def feed() -> None:
            try:
                for page in pages:
                    inbox.put(page)
            except BaseException as exc:  # a thread's exception would otherwise only be printed
                broke.append(exc)
            finally:
                inbox.put(end)

        threading.Thread(target=feed, name="ingest-feed", daemon=True).start()
        pool = self._push_pool() if self.push_workers > 0 else None
        inflight: deque[tuple[list[RawPage | Failure], Future[list[Result]]]] = deque()
        ready: list[Result] = []
        finished = False

        def free() -> bool:
            return not finished and pool is not None and sum(not f.done() for _, f in inflight) < self.push_workers

        while not finished or inflight or ready:
            if not finished and (pool is None or free()):
                # A page waits here, not in the pool, until a worker is free: then that worker
                # takes it, or its share of the backlog when one has built up (see LIVE_BACKLOG).
                chunk, finished = _take(inbox, end, block=not (inflight or ready),
                                        most=1 if pool is None else _live_chunk(inbox.qsize(), self.push_workers))
                if chunk and pool is not None:
                    inflight.append((chunk, self._submit(chunk)))
                elif chunk:  # no workers: nothing is in flight, so the order holds
                    ready += process_chunk(chunk, self.settings, self.nlp)
            elif inflight:
                wait([f for _, f in inflight if not f.done()], timeout=0.05, return_when=FIRST_COMPLETED)
            while inflight and inflight[0][1].done():
                ready += _results(*inflight.popleft())
            # A worker that has just finished gets its next pages before this process commits
            # (some 15 ms a commit, which it would otherwise spend idle, under a burst).
            while free() and inbox.qsize():
                chunk, finished = _take(inbox, end, block=False, most=_live_chunk(inbox.qsize(), self.push_workers))
                if chunk:
                    inflight.append((chunk, self._submit(chunk)))
            # From the workers, results come a chunk at a time; in this process, one page at a
            # time, so a burst shares transactions.
            if ready and (pool is not None or len(ready) >= commit_every or inbox.empty()):
                yield from self.commit(ready)
                ready = []
        if broke:
            raise broke[0]

    def push(self, content: bytes | str, *, url: str | None = None, kind: PageKind | None = None,
             source: str | None = None, fetched_at: str | None = None) -> Outcome:
        """Analyse and store one pushed page; returns once it is committed, with the stored record.
        A page that cannot be read raises :class:`~newsradar.errors.InputError` with the reason.

        Pushes from any number of threads go through one :meth:`ingest_live` loop on a background
        thread: pages are analysed in arrival order (in the push workers, if any) and committed
        together whenever no more are waiting. Threads extracting pages side by side would fight
        over the GIL and stretch every page's latency."""
        page = RawPage(content=content, source=source or url or "<push>", url=url, kind=kind,
                       fetched_at=fetched_at)
        waiter: Future[Outcome] = Future()
        with self._lock:
            if self._loop is None or not self._loop.is_alive():
                self._loop = threading.Thread(target=self._push_loop, name="ingest-push", daemon=True)
                self._loop.start()
            self._inbox.put((page, waiter))
        outcome = waiter.result()
        if outcome.status == "refused":
            raise InputError(outcome.reason or "page refused")
        return outcome

    def _push_loop(self) -> None:
        order: deque[Future[Outcome]] = deque()

        def pages() -> Iterator[RawPage]:
            while (item := self._inbox.get()) is not None:
                order.append(item[1])
                yield item[0]

        try:
            for outcome in self.ingest_live(pages()):
                order.popleft().set_result(outcome)
        except BaseException as exc:  # a store failure reaches every caller waiting on it
            while order:
                order.popleft().set_exception(exc)
            raise

    def _submit(self, chunk: list[RawPage | Failure]) -> Future[list[Result]]:
        """``chunk`` to a push worker. A pool one of whose workers died (out of memory, killed) takes
        no more work, and a long watch ended with BrokenProcessPool at its next page: the pages it
        held fail to be retried (``_results``), and new workers take the rest."""
        try:
            return self._push_pool().submit(process_chunk, chunk, self.settings, self.nlp)
        except BrokenProcessPool:
            with self._lock:
                broken, self._pool = self._pool, None
            if broken is not None:
                broken.shutdown(wait=False, cancel_futures=True)
            log.warning("a worker process died: starting new workers")
            return self._push_pool().submit(process_chunk, chunk, self.settings, self.nlp)

    def start_workers(self) -> None:
        """Start the push workers now (each loads and warms the model), not on the first page."""
        if self.push_workers > 0:
            self._push_pool()

    def _push_pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: a server has threads, and fork would copy locks they hold
                ctx = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(self.push_workers, mp_context=ctx, initializer=_init_push_worker,
                                                 initargs=(self.settings, self.nlp))
                # Spawned workers start on demand, one for each task that finds none idle: pages
                # that trickle in would start one, and the next would start (and warm up, seconds)
                # only under the first burst, which would wait for it. One no-op each starts all now.
                for _ in range(self.push_workers):
                    self._pool.submit(int)
            return self._pool

    def close(self) -> None:
        """Stop the push loop and workers, if any were started (the store stays open)."""
        loop = self._loop
        if loop is not None and loop.is_alive():
            self._inbox.put(None)
            loop.join()
        self._loop = None
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown()
                self._pool = None

    def commit(self, results: list[Result], known: Known | None = None) -> list[Outcome]:
        """Assign stories and store analysed results in one transaction; outcomes in input order.
        ``known``: what the workers were told the store held, so skipped the enrichment of."""
        with self._lock:
            articles = [r for r in results if isinstance(r, Article)]
            if known is not None:
                self._enrich_missed(articles, known)
            if self._stories is not None:  # only new articles join stories: a re-read page is not news
                self._follow_others()
                seen: set[str] = set()
                fresh_ids = set()
                for a, dup in zip(articles, self.store.stored(articles), strict=True):
                    if dup is None and a.id not in seen:
                        fresh_ids.add(id(a))
                    seen.add(a.id)
                articles = [self._assign(a) if id(a) in fresh_ids else a for a in articles]
            done = self.store.put(articles) if articles else []
            self._followed(done)
            puts = iter(done)
            outcomes: list[Outcome] = []
            fresh: list[Outcome] = []
            by_id = {a.id: a for a in articles}
            for r in results:
                if isinstance(r, Failure):
                    outcomes.append(Outcome(r.source, "refused", reason=r.reason, retry=r.retry))
                    continue
                put: PutResult = next(puts)
                out = Outcome(r.source, put.status, put.id, put.seq, put.duplicate_of)
                if put.status == "stored":
                    out.record = by_id[put.id].to_dict()
                    fresh.append(out)
                else:
                    out.record = self.store.get(put.duplicate_of or put.id)
                outcomes.append(out)
            if fresh and self.alerts:
                self._match_alerts(max(o.seq for o in fresh if o.seq is not None))
            for out in fresh:
                self._notify(out.record or {})
            return outcomes

    def _follow_others(self) -> None:
        """Show the story index the articles other processes stored since it last looked, so that this
        process's articles join their stories (and are told duplicates of them) as one writer's would.
        What is stored between this look and this commit's own is seen at the next commit."""
        last = self.store.last_seq()
        follow = getattr(self._stories, "follow", None)
        if last > self._story_seen and follow is not None:
            mine, self._story_mine = self._story_mine, set()
            try:
                others = self.store.records("seq > ? AND seq <= ?", [self._story_seen, last])
                follow(Article.from_dict(r) for r in others if r["id"] not in mine)
            except Exception:  # a story-index bug must not lose the commit
                log.exception("the story index could not follow the articles of other writers")
        self._story_seen = max(self._story_seen, last)

    def _followed(self, puts: list[PutResult]) -> None:
        """Move the story index's mark past this commit's articles when nothing else came between."""
        seqs = sorted(p.seq for p in puts if p.seq is not None)
        if seqs and seqs[0] == self._story_seen + 1 and seqs[-1] - seqs[0] == len(seqs) - 1:
            self._story_seen = seqs[-1]
        else:
            self._story_mine.update(p.id for p in puts if p.status == "stored")

    def _enrich_missed(self, articles: list[Article], known: Known) -> None:
        """Enrich what the workers skipped as stored but the store does not hold: a lookup key that
        matched by chance (one in billions), so that no article is ever stored without its facts."""
        skipped = [a for a in articles if known.holds(a)]
        missed = [a for a, dup in zip(skipped, self.store.stored(skipped), strict=True) if dup is None]
        if missed:
            log.warning("%d articles taken for stored ones are enriched here", len(missed))
            enrich_articles(missed, self.settings)

    def _match_alerts(self, newest: int | None = None) -> None:
        """Match the alerts against every article stored since the last matching, then move the
        mark: those of this commit, and any an earlier process stored but died before matching.
        Matching twice records nothing twice. ``newest``: the newest article's seq when the caller
        knows it (this process is the store's one writer)."""
        from newsradar.analytics.alerts import evaluate

        # An alert matches only articles stored after it was saved (its created_seq), so the mark
        # only bounds what is scanned: with no alert saved, nothing is read or written (a read and an
        # UPDATE with its own commit, 1.4 ms of the main process's 20 a live page), and a mark left
        # behind meanwhile scans nothing older than the first alert.
        first = self.store.query("SELECT min(created_seq) AS seq FROM alerts")[0]["seq"]
        if first is None:
            return
        row = self.store.query("SELECT evaluated FROM alert_state")
        last = max(int(row[0]["evaluated"]) if row else -1, int(first))
        if newest is None:
            newest = int(self.store.query("SELECT coalesce(max(seq), -1) AS seq FROM articles")[0]["seq"])
        if newest <= last:
            return
        seqs = [r["seq"] for r in self.store.query("SELECT seq FROM articles WHERE seq > ? ORDER BY seq", [last])]
        evaluate(self.store, seqs)
        self.store.execute("UPDATE alert_state SET evaluated = ?", [newest])

    def _assign(self, article: Article) -> Article:
        try:
            return self._stories.assign(article) if self._stories is not None else article
        except Exception:  # a story-index bug must not lose the article
            log.exception("story assignment failed for %s", article.source)
            return article

    def _notify(self, record: dict[str, Any]) -> None:
        for callback in self._subscribers.snapshot():
            try:
                callback(record)
            except Exception:
                log.exception("a subscriber failed on %s", record.get("id"))
