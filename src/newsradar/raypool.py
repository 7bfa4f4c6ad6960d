"""Ray as the pool around the stages: the same :func:`~newsradar.pipeline.process_chunk`, run as
tasks on a Ray cluster instead of in local worker processes (DESIGN.md, *Scale*: Ray for archive
backfills of WARC/WET), with ``engine = "ray"`` (``newsradar ingest --engine ray``).

Only the analysis moves: sources are read and the store is written by the process that asked, so
idempotency, acknowledgements and crash safety are the store's as on one machine. Results come back
in input order, and a chunk whose worker died (killed, out of memory) after Ray's retry comes back as
one retryable :class:`~newsradar.record.Failure` per page, as from the local pool.

``ray_address`` says where: empty starts a Ray instance on this machine for the process's life (one
CPU per ``workers``, or every core), ``auto`` joins the cluster this machine belongs to, and
``ray://host:10001`` goes through Ray Client. Each worker process loads the model once and keeps it
for every later chunk. Every node needs the same newsradar installed, and the files the settings name
(``lexicon_dir``, ``event_dictionaries``, ``chrome_file``) at the same paths.
"""

from __future__ import annotations

import itertools
import logging
from collections import deque
from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from newsradar.errors import ConfigError
from newsradar.pipeline import CHUNK, Result, init_pool_worker, process_chunk
from newsradar.record import Failure
from newsradar.settings import Settings
from newsradar.sources.raw import RawPage

if TYPE_CHECKING:
    from newsradar.store.known import Known

log = logging.getLogger(__name__)
IN_FLIGHT_PER_CPU = 3  # chunks queued per CPU: keeps every worker busy without reading far ahead


def _ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise ConfigError("the ray engine needs Ray: pip install 'newsradar[ray]' (or set engine = \"local\")") from exc
    return ray


def connect(settings: Settings) -> Any:
    """The ``ray`` module, connected: a program that initialised Ray itself keeps its own connection."""
    ray = _ray()
    if ray.is_initialized():
        return ray
    local = settings.ray_address == ""
    try:
        ray.init(address=settings.ray_address or None,
                 num_cpus=settings.effective_workers() if local else None,
                 include_dashboard=False, log_to_driver=False, logging_level=logging.WARNING)
    except Exception as exc:  # ConnectionError, RuntimeError, ValueError: Ray's reasons vary by version
        where = "a local Ray instance" if local else f"the Ray cluster at {settings.ray_address!r}"
        raise ConfigError(f"cannot start or reach {where}: {type(exc).__name__}: {exc}") from exc
    return ray


@cache
def _task(ray: Any) -> Any:
    # max_retries: a chunk whose worker died is tried once more (Ray starts a new worker); a page that
    # kills every worker it meets must not take the batch's workers one after another for ever
    return ray.remote(max_retries=1, num_cpus=1)(_chunk_on_worker)


_prepared: set[tuple[Any, ...]] = set()


def _chunk_on_worker(pages: list[RawPage | Failure], settings: Settings, nlp: bool,
                     known: Known | None) -> list[Result]:
    """One chunk on a Ray worker. The first chunk a worker process meets prepares it as the local
    pool's initializer does; Ray reuses worker processes, so the model stays loaded."""
    key = (settings, nlp)
    if key not in _prepared:
        init_pool_worker(settings, nlp)
        _prepared.add(key)
    return process_chunk(pages, settings, nlp, known)


def analyse(pages: Iterator[RawPage | Failure], settings: Settings, nlp: bool,
            known: Known | None = None) -> Iterator[Result]:
    """One result per page of ``pages``, in order, analysed on Ray."""
    ray = connect(settings)
    task = _task(ray)
    known_ref = ray.put(known) if known is not None else None  # shipped once, not with every chunk
    window = max(2, int(ray.cluster_resources().get("CPU", 1)) * IN_FLIGHT_PER_CPU)
    pending: deque[tuple[list[RawPage | Failure], Any]] = deque()
    try:
        while chunk := list(itertools.islice(pages, CHUNK)):
            pending.append((chunk, task.remote(chunk, settings, nlp, known_ref)))
            if len(pending) >= window:
                yield from _collect(ray, *pending.popleft())
        while pending:
            yield from _collect(ray, *pending.popleft())
    finally:
        # interrupted, or a consumer that stopped: the queued chunks are dropped, not analysed for no one
        for _, ref in pending:
            ray.cancel(ref)


def _collect(ray: Any, chunk: list[RawPage | Failure], ref: Any) -> list[Result]:
    try:
        results: list[Result] = ray.get(ref)
        return results
    except Exception as exc:  # the worker died twice, or the cluster went away: report the pages, go on
        log.warning("a Ray task failed: %s", exc)
        reason = f"worker failed: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}".rstrip(": ")
        return [Failure(p.source, reason, retry=True) for p in chunk]
