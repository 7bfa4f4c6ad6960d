"""The store interface every backend implements (embedded DuckDB, shared PostgreSQL).

A store keeps articles and their facts, answers SQL from :mod:`newsradar.analytics`, and keeps a
full-text index of articles and quotes. Writes are idempotent: an article whose id (canonical URL)
or text is already stored is reported as a duplicate and not stored again. ``put`` returns only
after its transaction committed, so whatever it reports as stored survives a crash.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from newsradar.record import Article
from newsradar.store.known import Known

Status = Literal["stored", "duplicate"]


@dataclass(frozen=True, slots=True)
class PutResult:
    """What became of one article handed to :meth:`Store.put`."""

    id: str
    status: Status
    seq: int | None = None  # its arrival number when stored
    duplicate_of: str | None = None  # the stored article it repeats (same URL or same text)


@dataclass(frozen=True, slots=True)
class TextHit:
    """One full-text match: an article (``kind="article"``) or a quote, with its rank (higher is better)."""

    kind: Literal["article", "quote"]
    key: int  # the article's seq or the quote's qid
    score: float


class Store(ABC):
    """Storage for articles and facts. Thread-safe: readers may run while one writer writes."""

    #: SQL dialect the analytics queries are written for ("duckdb" or "postgres")
    dialect: str = "duckdb"

    @abstractmethod
    def put(self, articles: Sequence[Article]) -> list[PutResult]:
        """Store new articles in one transaction, in order; duplicates are reported, not stored."""

    @abstractmethod
    def stored(self, articles: Sequence[Article]) -> list[str | None]:
        """For each article, the id of the stored article it repeats (same id or same text), or None."""

    @abstractmethod
    def get(self, article_id: str) -> dict[str, Any] | None:
        """The stored record of one article, or None."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """Rows of a read-only query as dicts (placeholders are ``?``)."""

    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        """Run one writing statement in its own transaction (alerts, source state)."""

    @abstractmethod
    def text_search(self, q: str, *, kind: Literal["article", "quote"], limit: int | None = None,
                    within: Iterable[int] | None = None, column: str | None = None,
                    between: tuple[int, int] | None = None, ranked: bool = True) -> list[TextHit]:
        """Full-text matches for ``q``, best first; ``within`` restricts to these keys, ``between`` to
        keys in an inclusive range, ``column`` to one indexed column (articles: ``title``, ``text``;
        quotes: ``speaker``, ``text``). ``ranked=False``: every match in key order with score 0,
        much cheaper when the caller orders the matches itself."""

    @abstractmethod
    def text_count(self, q: str, *, kind: Literal["article", "quote"]) -> int:
        """How many articles or quotes match ``q``."""

    @abstractmethod
    def summaries(self, seqs: Iterable[int]) -> dict[int, dict[str, Any]]:
        """The ArticleSummary (``rows.summary_of``) of each stored article by arrival number: read by
        key, without the whole record (lists of articles show only these)."""

    @abstractmethod
    def quotes(self, qids: Iterable[int]) -> dict[int, dict[str, Any]]:
        """Each stored quote as its record holds it, by quote id (``seq << QUOTE_BITS | index``)."""

    @abstractmethod
    def texts(self, seqs: Iterable[int], chars: int) -> dict[int, str]:
        """The first ``chars`` characters of each stored article's text by arrival number."""

    @abstractmethod
    def records(self, where: str = "", params: Sequence[Any] = (), batch: int = 1000) -> Iterator[dict[str, Any]]:
        """Every stored record matching an optional SQL condition on ``articles``, in arrival order."""

    @abstractmethod
    def bulk_load(self, articles: Iterable[Article], batch: int = 10_000, *, summarize: bool = True) -> int:
        """Load many new articles fast (benchmarks, restores): no duplicate check beyond the keys.
        With ``summarize=False`` the new articles are folded into the entity and story summaries
        later, in one pass (load in chunks, summarise once): by the first query that reads those
        tables, by :meth:`rebuild_summaries`, or when the store closes."""

    @abstractmethod
    def rebuild_summaries(self) -> None:
        """Recompute the entities and stories summary tables from the facts."""

    @abstractmethod
    def last_seq(self) -> int:
        """The arrival number of the newest stored article (-1 when empty)."""

    @abstractmethod
    def close(self) -> None:
        """Flush and release the database."""

    def files(self) -> list[Path]:
        """The files this store keeps on disk (none for one in memory or on a server): ingesting a
        folder that holds the database leaves them out."""
        return []

    def known(self, step: int = 100_000) -> Known:
        """What the store holds now, for workers to skip the analysis of pages it already has. Read
        ``step`` articles at a time: a million rows as dicts at once would cost a few hundred MB."""
        parts = [Known.keys_of(self.query("SELECT id_key, text_key FROM articles WHERE seq >= ? AND seq < ?",
                                          [start, start + step]))
                 for start in range(0, self.last_seq() + 1, step)]
        return Known.joined(parts)

    def count(self) -> int:
        return int(self.query("SELECT count(*) AS n FROM articles")[0]["n"])

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

