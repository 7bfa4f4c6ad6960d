"""Stages, batching, the per-document error policy and the process pool.

A page goes extract → parse (spaCy) → enrich. Each stage is a plain function of its input, so the
same code runs in this process, in a local process pool, or as tasks on a distributed engine
(:func:`process_chunk` is the unit of work). One bad page never stops a batch: it becomes a
:class:`Failure` carrying the reason, in the position of its input.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TYPE_CHECKING

from newsradar.enrich import enrich, read_user_files
from newsradar.enrich.nlp import aux_text, load_model, model_reads, one_blas_thread_for_good, parse, parse_names
from newsradar.enrich.stories import StoryIndex
from newsradar.errors import InputError, NewsradarError
from newsradar.extract import extract
from newsradar.extract.decode import lone_surrogates_replaced
from newsradar.extract.lexicon import compile_chrome
from newsradar.heap import freeze_heap, give_back
from newsradar.record import Article, Failure
from newsradar.settings import Settings
from newsradar.sources.raw import PageKind, RawPage

if TYPE_CHECKING:  # the store (DuckDB) is not imported for analysing alone
    from newsradar.store.known import Known

log = logging.getLogger(__name__)
CHUNK = 8  # pages per task sent to a worker: large enough to batch spaCy, small enough to balance


Result = Article | Failure


def _extract_safe(page: RawPage | Failure, settings: Settings) -> Result:
    if isinstance(page, Failure):  # the source could not even read it; keep its place in the output
        return page
    try:
        return extract(page, max_bytes=settings.max_bytes, chrome_file=settings.chrome_file)
    except NewsradarError as exc:
        return Failure(page.source, exc.reason)
    except RecursionError:
        return Failure(page.source, "page is nested too deeply to read")
    except Exception as exc:  # a bug must cost one page, not the batch
        log.exception("extracting %s failed", page.source)
        return Failure(page.source, f"internal error while extracting: {type(exc).__name__}: {exc}")


def process_chunk(pages: list[RawPage | Failure], settings: Settings, nlp: bool = True,
                  known: Known | None = None) -> list[Result]:
    """Extract, parse and enrich a list of pages; the unit of work for any executor. An article
    ``known`` to be stored already is only extracted: the store keeps the one it has."""
    results = [_extract_safe(p, settings) for p in pages]
    if not nlp:
        return results
    articles = [r for r in results if isinstance(r, Article) and not (known is not None and known.holds(r))]
    try:
        enrich_articles(articles, settings)
    except NewsradarError as exc:
        return [Failure(r.source, exc.reason) if isinstance(r, Article) else r for r in results]
    return results


def enrich_articles(articles: list[Article], settings: Settings) -> None:
    """Parse and enrich extracted articles in place (those in a language the model reads)."""
    articles = [a for a in articles if model_reads(settings.model, a.language)]
    if not articles:
        return
    docs = parse((a.text for a in articles), settings.model, settings.batch_size)
    extras = parse_names((_aux(a) for a in articles), settings.model)
    for article, doc, extra in zip(articles, docs, extras, strict=True):
        try:
            enrich(article, doc, settings, extra)
        except NewsradarError:
            raise  # a bad setting or dictionary fails every article alike: report it, do not just log it
        except Exception:  # a bug in one enricher costs this article its facts, not the batch
            log.exception("enriching %s failed; its facts are left empty", article.source)
    give_back()  # what parsing freed, or a long-running worker's memory only ever grows


# A page of our own that reaches every stage: a person quoted, a place, an organisation, figures.
_WARM_UP_PAGE = (
    "<html><head><title>Ferry strike ends in Bergen</title></head><body><article>"
    "<p>Dock workers in Bergen, Norway, ended a three-day strike on Tuesday after the Port Authority "
    "agreed to hire 40 more pilots, the union said.</p>"
    "<p>\u201cWe got what we came for,\u201d said Ada Quist, the union's chair. Prime Minister Jonas "
    "Lind welcomed the deal, which will cost 12 million kroner a year.</p></article></body></html>")


def warm_up(settings: Settings, nlp: bool = True) -> None:
    """Load what analysing pages loads on first use (the model, the language identifier, the
    gazetteer, the attribution model: about 3 s), by analysing a page of our own, and compile the chrome
    patterns for whatever a line may begin with, which one page cannot reach, so that the first real
    pages a worker or a server gets are answered in their usual time."""
    _init_worker(settings, nlp)  # the page may be in a language the configured model does not read
    process_chunk([RawPage(content=_WARM_UP_PAGE, source="<warm-up>", kind="html")], settings, nlp)
    for extra in {None, settings.chrome_file}:
        compile_chrome(extra)


def _init_worker(settings: Settings, nlp: bool) -> None:
    if nlp:
        load_model(settings.model)


# What the store held when the run began, given to each pool worker once by its initializer (as the
# model is loaded once): sent with every chunk, a large store's keys would cost more than the pages.
_worker_known: Known | None = None


def init_pool_worker(settings: Settings, nlp: bool = True, warm: bool = False, known: Known | None = None) -> None:
    """Start a worker process of a pool: BLAS on one thread for the process's life (a worker shares
    the cores with the others, so the threads of the attribution and line models' products would
    only compete with them; spaCy limits its own in any process), then load, or warm up."""
    global _worker_known  # noqa: PLW0603  (one process, one run: set once, before any chunk)
    _worker_known = known
    one_blas_thread_for_good()
    (warm_up if warm else _init_worker)(settings, nlp)
    freeze_heap()  # the model, lexicons, gazetteer and known keys live as long as the worker


def run(pages: Iterable[RawPage | Failure | bytes | str], settings: Settings | None = None, *, nlp: bool = True,
        on_result: Callable[[Result], None] | None = None, known: Known | None = None) -> Iterator[Result]:
    """Analyse ``pages`` and yield one result per page, in input order; articles ``known`` to a
    store are extracted but not enriched (an ingest's re-run reads pages it has stored already).

    A page is a :class:`RawPage` (what the sources yield), a :class:`Failure` (kept in its place), or
    the raw bytes or text of one page, sniffed as :func:`analyze` does and named ``<input N>``.
    Small batches run in this process; from ``settings.pool_threshold`` pages on, with NLP and more
    than one worker, chunks go to a process pool where each worker loads the model once. With
    ``settings.engine == "ray"`` every chunk is a task on Ray instead (:mod:`newsradar.raypool`).
    """
    settings = settings or Settings()
    read_user_files(settings)
    it = _as_pages(pages)
    head = list(itertools.islice(it, settings.pool_threshold))
    workers = settings.effective_workers()
    if settings.engine == "ray":  # asked for by name: every batch goes there, small or without NLP
        from newsradar.raypool import analyse

        stream: Iterator[Result] = analyse(itertools.chain(head, it), settings, nlp, known)
    elif not nlp or workers <= 1 or len(head) < settings.pool_threshold:
        stream = _in_process(itertools.chain(head, it), settings, nlp, known)
    else:
        stream = _pooled(itertools.chain(head, it), settings, nlp, workers, known)
    for result in stream:
        if on_result is not None:
            on_result(result)
        yield result


def _as_pages(pages: Iterable[RawPage | Failure | bytes | str]) -> Iterator[RawPage | Failure]:
    # analyze() takes a page's bytes, so a list of them is what a caller first hands run(); an input of
    # another type must cost its own place, not the batch (the extract stage's error handler read its
    # .source and raised instead)
    for n, page in enumerate(pages, 1):
        if isinstance(page, RawPage | Failure):
            yield page
        elif isinstance(page, bytes | bytearray | memoryview | str):
            yield RawPage(content=page if isinstance(page, str) else bytes(page), source=f"<input {n}>")
        else:
            yield Failure(f"<input {n}>", f"a page is a RawPage, bytes or str, got {type(page).__name__}")


def _in_process(pages: Iterator[RawPage | Failure], settings: Settings, nlp: bool,
                known: Known | None = None) -> Iterator[Result]:
    while chunk := list(itertools.islice(pages, settings.batch_size)):
        yield from process_chunk(chunk, settings, nlp, known)


def _chunk_in_worker(pages: list[RawPage | Failure], settings: Settings, nlp: bool) -> list[Result]:
    return process_chunk(pages, settings, nlp, _worker_known)


def _pooled(pages: Iterator[RawPage | Failure], settings: Settings, nlp: bool, workers: int,
            known: Known | None = None) -> Iterator[Result]:
    ctx = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_pool_worker,
                               initargs=(settings, nlp, False, known))
    try:
        pending: deque[tuple[list[RawPage | Failure], Future[list[Result]]]] = deque()
        for chunk in _chunks(pages, CHUNK):
            pending.append((chunk, pool.submit(_chunk_in_worker, chunk, settings, nlp)))
            if len(pending) >= workers * 3:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())
    finally:
        # interrupted (Ctrl-C, SIGTERM, a consumer that stopped): the chunks still queued are dropped,
        # so the workers finish what they hold and exit, rather than analysing the rest for no one
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    """fork when it is safe: workers then inherit the loaded model instead of spending seconds loading
    their own. A parent that runs other threads (a web server, a progress refresher) must spawn, since
    fork copies locks those threads may hold."""
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _collect(chunk: list[RawPage | Failure], future: Future[list[Result]]) -> list[Result]:
    try:
        return future.result()
    except Exception as exc:  # a worker died (out of memory, killed): report its pages, go on
        reason = f"worker failed: {type(exc).__name__}: {exc}"
        return [Failure(p.source, reason, retry=True) for p in chunk]


def _chunks(items: Iterator[RawPage | Failure], size: int) -> Iterator[list[RawPage | Failure]]:
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def analyze(content: bytes | str, *, url: str | None = None, kind: PageKind | None = None, nlp: bool = True,
            settings: Settings | None = None) -> Article:
    """Turn one raw page (HTML or scraped text, bytes or str) into an Article.

    Raises a :class:`~newsradar.errors.NewsradarError` subclass with a ``reason`` when the input is
    refused.
    """
    settings = settings or Settings()
    if isinstance(content, bytearray | memoryview):
        content = bytes(content)
    if not isinstance(content, bytes | str):
        raise InputError(f"a page is bytes or str, got {type(content).__name__}")
    if url is not None:
        if not isinstance(url, str):
            raise InputError(f"url is a str, got {type(url).__name__}")
        url = lone_surrogates_replaced(url)
    page = RawPage(content=content, source=url or "<input>", url=url, kind=kind)
    article = extract(page, max_bytes=settings.max_bytes, chrome_file=settings.chrome_file)
    if nlp and model_reads(settings.model, article.language):
        doc = next(parse([article.text], settings.model, 1))
        enrich(article, doc, settings, next(parse_names([_aux(article)], settings.model)))
    return StoryIndex(settings).assign(article)  # one page alone is its own story


def _aux(article: Article) -> str:
    return aux_text(article.title, (img.caption for img in article.images))
