"""The Ray engine: the same records as the local run, in input order, bad pages and dead workers
reported in their places, and clear errors when Ray is missing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsradar.errors import ConfigError
from newsradar.pipeline import run
from newsradar.record import Article, Failure
from newsradar.settings import Settings
from newsradar.sources.raw import RawPage
from newsradar.store.known import Known
from newsradar.store.rows import lookup_key, text_hash

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
RAY = Settings(engine="ray", workers=2)


@pytest.fixture(scope="module")
def ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install 'newsradar[ray]' (the dev extra has it)")
    from newsradar.raypool import connect

    yield connect(RAY)  # a local instance with two CPUs, shared by this module's tests
    ray.shutdown()


def pages() -> list[RawPage | Failure]:
    out: list[RawPage | Failure] = [RawPage(content=p.read_bytes(), source=p.name, url=f"https://news.example/{p.stem}")
                                    for p in sorted(EXAMPLES.iterdir())]
    out.insert(1, RawPage(content=b"", source="empty.html"))
    out.insert(3, Failure("gone.html", "cannot read: No such file or directory"))
    return out


def facts(result: Article | Failure) -> dict[str, Any]:
    record = result.to_dict()
    record.pop("fetched_at", None)  # the time of analysis, which differs by a moment
    return record


def test_records_on_ray_are_the_local_ones_in_order(ray: Any) -> None:
    local = list(run(pages(), Settings(workers=1), nlp=True))
    remote = list(run(pages(), RAY, nlp=True))
    assert [r.source for r in remote] == [r.source for r in local]
    assert [type(r).__name__ for r in remote] == ["Article", "Failure", "Article", "Failure", "Article", "Article"]
    assert [facts(r) for r in remote] == [facts(r) for r in local]
    assert any(r.entities for r in remote if isinstance(r, Article))  # the NLP stage ran on the workers


def test_known_articles_are_not_enriched_on_ray(ray: Any) -> None:
    wire, other = pages()[2], pages()[4]  # two English reports
    first = next(iter(run([wire], Settings(workers=1), nlp=False)))
    assert isinstance(first, Article)
    known = Known([lookup_key(first.id), lookup_key(text_hash(first.text))])
    again = list(run([wire, other], RAY, nlp=True, known=known))
    assert isinstance(again[0], Article) and not again[0].entities  # held already: extracted only
    assert isinstance(again[1], Article) and again[1].entities


def test_a_dead_worker_costs_its_chunk_as_retryable_failures(ray: Any) -> None:
    from newsradar.raypool import _collect

    def die() -> None:
        import os

        os._exit(1)

    chunk: list[RawPage | Failure] = [RawPage(content=b"x", source="a"), RawPage(content=b"y", source="b")]
    results = _collect(ray, chunk, ray.remote(max_retries=0)(die).remote())
    assert [(r.source, type(r).__name__, getattr(r, "retry", None)) for r in results] == [
        ("a", "Failure", True), ("b", "Failure", True)]
    assert all("worker failed" in r.reason for r in results if isinstance(r, Failure))


def test_ingest_with_engine_ray_stores_the_folder(ray: Any, tmp_path: Path) -> None:
    from newsradar.cli import app
    from newsradar.store import open_store

    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--engine", "ray"])
    assert result.exit_code == 0, result.output
    with open_store(db, read_only=True) as store:
        assert store.count() == len(list(EXAMPLES.iterdir()))
        assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] > 0


def test_without_ray_the_engine_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.raypool import connect

    monkeypatch.setitem(sys.modules, "ray", None)  # import ray now fails as when it is not installed
    with pytest.raises(ConfigError, match=r"newsradar\[ray\]"):
        connect(RAY)


def test_engine_setting_is_checked() -> None:
    with pytest.raises(ConfigError, match="engine"):
        Settings().with_overrides(engine="spark")
