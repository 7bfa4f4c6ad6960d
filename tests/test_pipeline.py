"""The pipeline: one result per input, in order; one bad page never stops a batch."""

from __future__ import annotations

import gc

import pytest

from newsradar import analyze
from newsradar.errors import ExtractionError, InputError
from newsradar.pipeline import run
from newsradar.record import Article, Failure
from newsradar.settings import Settings
from newsradar.sources.raw import RawPage

PROSE = ("The city council voted on Tuesday to close the old harbour bridge for repairs that will last "
         "until the spring, officials said after the meeting in the town hall.")


def page(content: bytes | str, name: str, kind: str | None = None) -> RawPage:
    return RawPage(content=content, source=name, kind=kind)  # type: ignore[arg-type]


def test_results_keep_input_order_and_bad_pages_become_failures() -> None:
    pages: list[RawPage | Failure] = [
        page(f"<html><body><p>{PROSE}</p></body></html>", "a.html"),
        page(b"", "empty.txt"),
        Failure("missing.txt", "cannot read: No such file or directory"),
        page(b"%PDF-1.7 binary", "doc.pdf"),
        page(PROSE, "b.txt", "text"),
    ]
    results = list(run(pages, Settings(), nlp=False))
    assert [r.source for r in results] == ["a.html", "empty.txt", "missing.txt", "doc.pdf", "b.txt"]
    assert [type(r).__name__ for r in results] == ["Article", "Failure", "Failure", "Failure", "Article"]
    assert "empty" in results[1].reason  # type: ignore[union-attr]
    assert "PDF" in results[3].reason  # type: ignore[union-attr]


def test_on_result_sees_every_result() -> None:
    seen: list[str] = []
    list(run([page(PROSE, "x", "text"), page(b"", "y")], nlp=False, on_result=lambda r: seen.append(r.source)))
    assert seen == ["x", "y"]


def test_analyze_raises_with_a_reason() -> None:
    with pytest.raises(InputError, match="empty"):
        analyze(b"   \n")
    with pytest.raises(ExtractionError, match="no article text"):
        analyze("Home\nLike us on Facebook\nAdvertisement\n", kind="text", nlp=False)


@pytest.mark.parametrize("content", [None, 42, ["<p>a</p>"]])
def test_analyze_refuses_what_is_not_a_page_with_a_reason(content: object) -> None:
    with pytest.raises(InputError, match=f"a page is bytes or str, got {type(content).__name__}"):
        analyze(content, nlp=False)  # type: ignore[arg-type]


def test_analyze_takes_any_bytes_like_page_and_a_url_with_a_lone_surrogate() -> None:
    text = b"Dock workers in Rotterdam said on Tuesday that the strike would go on for a week."
    assert analyze(memoryview(text), nlp=False).text == analyze(bytearray(text), nlp=False).text
    assert analyze(text, url="https://ex.org/s\udcff", nlp=False).url == "https://ex.org/s\ufffd"


def test_analyze_enriches_english(nlp_model: object) -> None:
    art = analyze("Mayor Anna Berg said on Monday that the bridge in Malmö would reopen in May. "
                  "\"We are nearly there,\" Berg told reporters.", kind="text")
    names = {e.name for e in art.entities}
    assert "Anna Berg" in names
    assert any(q.kind == "direct" and q.speaker == "Anna Berg" for q in art.quotes)
    assert art.tone is not None


def test_other_languages_keep_the_article_but_get_no_invented_facts(nlp_model: object) -> None:
    text = ("Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke bis zum Frühjahr für Reparaturen "
            "zu schließen. Die Bürgermeisterin sagte, die Arbeiten seien dringend notwendig gewesen.")
    art = analyze(text, kind="text")
    assert art.language == "de" and art.text
    assert art.entities == [] and art.quotes == [] and art.tone is None


def test_warm_up_loads_what_the_first_page_would(nlp_model: object) -> None:
    from newsradar.enrich.places import gazetteer
    from newsradar.extract.language import _identifier
    from newsradar.extract.lexicon import _chrome_by_first
    from newsradar.pipeline import warm_up

    warm_up(Settings())  # as an earlier test may have: what it left cached must not hide a first use
    gazetteer.cache_clear()
    _identifier.cache_clear()
    _chrome_by_first.cache_clear()
    warm_up(Settings())
    # the built-in page reaches the stages that load data on first use
    assert gazetteer.cache_info().currsize == 1 and _identifier.cache_info().currsize == 1
    # and the chrome patterns are compiled for whatever a line begins with, not only the page's lines
    assert _chrome_by_first.cache_info().currsize >= 26 * 2 + 10


def _blas_threads() -> list[int]:
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


def test_pool_workers_run_blas_on_one_thread_and_this_process_keeps_its_own() -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from newsradar.pipeline import init_pool_worker

    own, frozen = _blas_threads(), gc.get_freeze_count()  # other tests may have frozen this process's heap
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=init_pool_worker, initargs=(Settings(), False)) as pool:
        assert set(pool.submit(_blas_threads).result()) == {1}
        # and what the worker loaded is kept out of the collector's full collections
        assert pool.submit(gc.get_freeze_count).result() > 0
    assert _blas_threads() == own and gc.get_freeze_count() == frozen


@pytest.mark.slow
def test_process_pool_gives_the_same_records_as_one_process(nlp_model: object) -> None:
    pages = [page(f"Minister Lars Holm said the plan would cost {n} million crowns. " + PROSE, f"p{n}", "text")
             for n in range(6)] + [page(b"", "bad")]
    one = list(run(pages, Settings(workers=1), nlp=True))
    pooled = list(run(pages, Settings(workers=2, pool_threshold=2), nlp=True))
    strip = [r.to_dict() | {"fetched_at": None} for r in one]
    assert [r.to_dict() | {"fetched_at": None} for r in pooled] == strip
    assert isinstance(pooled[-1], Failure) and all(isinstance(r, Article) for r in pooled[:-1])


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("roles.tsv", b"premier\n", "roles.tsv:1: expected at least 2 tab-separated columns"),
    ("tone.tsv", b"terrible\tvery bad\n", "tone.tsv:1: the valence 'very bad' is not a number from -4 to 4"),
    ("roles.tsv", b"\xff\xfe bad\tGOV\n", "roles.tsv:1: not UTF-8"),
])
def test_a_malformed_user_lexicon_stops_the_run_before_its_first_page(tmp_path: object, name: str, content: bytes,
                                                                       reason: str) -> None:
    # read lazily by the first page, it had refused every page, or stored them without their facts
    from pathlib import Path

    from newsradar.enrich import lexicons, tone
    from newsradar.errors import ConfigError
    from newsradar.ingest import Ingestor

    folder = Path(str(tmp_path))
    (folder / name).write_bytes(content)
    settings = Settings(lexicon_dir=folder)
    lexicons.load.cache_clear()
    tone.valences.cache_clear()
    page = RawPage(content="Dock workers in Rotterdam said the strike would go on.", source="p", kind="text")
    with pytest.raises(ConfigError, match=reason):
        next(run([page], settings, nlp=False))
    with pytest.raises(ConfigError, match=reason):
        Ingestor(None, settings, nlp=False, stories=None)  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="is not a folder"):
        next(run([page], Settings(lexicon_dir=folder / "missing"), nlp=False))


def test_run_takes_raw_bytes_and_text_as_analyze_does() -> None:
    # the README's newsradar.run(pages, settings): pages as analyze() takes them, not only RawPages
    html = f"<html><head><title>Bridge closed</title></head><body><p>{PROSE}</p></body></html>".encode()
    results = list(run([html, PROSE, 42, page(PROSE, "c.txt", "text")], Settings(), nlp=False))  # type: ignore[list-item]
    assert [type(r).__name__ for r in results] == ["Article", "Article", "Failure", "Article"]
    assert [r.source for r in results] == ["<input 1>", "<input 2>", "<input 3>", "c.txt"]
    assert isinstance(results[0], Article) and results[0].title == "Bridge closed"
    assert isinstance(results[2], Failure) and "got int" in results[2].reason
