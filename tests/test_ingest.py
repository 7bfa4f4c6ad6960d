"""The ingestion writer: outcomes in order after commit, subscribers, pushed pages, the watcher."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsradar.errors import InputError
from newsradar.ingest import Ingestor, iter_sources, watch
from newsradar.record import Article, Failure
from newsradar.settings import Settings
from newsradar.sources.raw import RawPage
from newsradar.store import Store


def page(n: int, words: str = "") -> str:
    return (f"<html><head><title>Harbour bulletin {n}</title></head><body><article><p>Bulletin number {n}: "
            f"the ferries to the islands ran {n} minutes late on Tuesday because of fog over the estuary, "
            f"the operator said in a statement. {words}</p></article></body></html>")


def raw(n: int, url: str | None = None) -> RawPage:
    return RawPage(content=page(n), source=f"page-{n}", url=url or f"https://ferries.example/{n}", kind="html")


def test_outcomes_come_in_input_order_with_reasons(fresh_db: Store) -> None:
    ingestor = Ingestor(fresh_db, nlp=False)
    pages = [raw(1), RawPage(content=b"", source="empty", kind="html"), raw(2), raw(1)]
    outcomes = list(ingestor.ingest(pages, commit_every=2))
    assert [o.source for o in outcomes] == ["page-1", "empty", "page-2", "page-1"]
    assert [o.status for o in outcomes] == ["stored", "refused", "stored", "duplicate"]
    assert outcomes[1].reason and outcomes[3].duplicate_of == outcomes[0].id
    assert fresh_db.count() == 2


def test_subscribers_get_each_new_record_after_commit(fresh_db: Store) -> None:
    ingestor = Ingestor(fresh_db, nlp=False)
    seen: list[tuple[str, int]] = []
    unsubscribe = ingestor.subscribe(lambda rec: seen.append((rec["id"], fresh_db.count())))
    sub = ingestor.listen()
    list(ingestor.ingest([raw(1), raw(2), raw(1)]))
    assert [count for _, count in seen] == [2, 2]  # each was queryable before anyone heard of it
    got = [sub.get(0.1), sub.get(0.1), sub.get(0.01)]
    assert [r["id"] for r in got if r] == [i for i, _ in seen] and got[2] is None
    unsubscribe()
    sub.close()
    list(ingestor.ingest([raw(3)]))
    assert len(seen) == 2 and sub.get(0.01) is None


def test_a_failing_subscriber_costs_nothing(fresh_db: Store) -> None:
    ingestor = Ingestor(fresh_db, nlp=False)

    def broken(record: dict[str, object]) -> None:
        raise RuntimeError("subscriber bug")

    ingestor.subscribe(broken)
    assert [o.status for o in ingestor.ingest([raw(1)])] == ["stored"]


def test_push_returns_the_stored_record(fresh_db: Store) -> None:
    ingestor = Ingestor(fresh_db, nlp=False)
    first = ingestor.push(page(7), url="https://ferries.example/7")
    assert first.status == "stored" and first.record is not None
    assert first.record["title"] == "Harbour bulletin 7" and fresh_db.get(first.id or "") == first.record
    again = ingestor.push(page(7).encode(), url="https://ferries.example/7?utm_source=feed")
    assert again.status == "duplicate" and again.record == first.record
    with pytest.raises(InputError):
        ingestor.push(b"\x00\x01\x02" * 100)


def test_push_with_nlp_stores_facts(fresh_db: Store, nlp_model: object) -> None:
    ingestor = Ingestor(fresh_db)
    text = ("Mayor Anna de Vries said on Monday that the city would close the old bridge for repairs. "
            '"We cannot wait any longer," de Vries told reporters in Utrecht.')
    outcome = ingestor.push(text, kind="text", url="https://city.example/bridge")
    assert outcome.record and outcome.record["entities"]
    assert fresh_db.query("SELECT count(*) AS n FROM mentions")[0]["n"] == len(outcome.record["entities"])


class _Stories:
    """A stand-in story index: every article about ferries is one story."""

    def assign(self, article: Article) -> Article:
        article.story_id = "ferries" if "ferries" in article.text else None
        return article


def test_story_assignment_happens_before_storing(fresh_db: Store) -> None:
    list(Ingestor(fresh_db, nlp=False, stories=_Stories()).ingest([raw(1), raw(2)]))
    assert fresh_db.query("SELECT articles FROM stories WHERE story_id = 'ferries'")[0]["articles"] == 2


def test_watch_reads_only_new_or_changed_files(fresh_db: Store, tmp_path: Path) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.html").write_text(page(1))
    ingestor = Ingestor(fresh_db, nlp=False)
    seen: list[str] = []
    watch(ingestor, [str(folder)], 0.01, settle=0,
          on_outcome=lambda o: seen.append(f"{Path(o.source).name}:{o.status}"), passes=2)
    assert seen == ["a.html:stored"]
    (folder / "b.html").write_text(page(2))
    (folder / "a.html").write_text(page(1, "Services resumed at noon."))
    st = (folder / "a.html").stat()
    os.utime(folder / "a.html", (st.st_atime, st.st_mtime + 5))
    watch(ingestor, [str(folder)], 0.01, settle=0,
          on_outcome=lambda o: seen.append(f"{Path(o.source).name}:{o.status}"), passes=1)
    assert seen[1:] == ["a.html:stored", "b.html:stored"]  # a changed text is a new article (no URL)


def test_an_idle_watch_pass_reads_its_state_a_folder_at_a_time_and_opens_no_file(
        fresh_db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One query and one open per file and pass: an idle pass over 1,000 files cost 0.75 s of CPU
    from newsradar.sources import walk

    folder = tmp_path / "drop"
    (folder / "inner").mkdir(parents=True)
    for n in range(30):
        (folder / ("inner" if n % 3 else "") / f"p{n}.html").write_text(page(n))
    ingestor = Ingestor(fresh_db, nlp=False)
    seen: list[str] = []
    watch(ingestor, [str(folder)], 0.01, settle=0, on_outcome=lambda o: seen.append(o.status), passes=1)
    assert seen == ["stored"] * 30
    queries: list[str] = []
    opened: list[str] = []
    real_query = fresh_db.query
    monkeypatch.setattr(fresh_db, "query", lambda sql, params=(): queries.append(sql) or real_query(sql, params))
    real_open = open

    def counted_open(path: str, *args: Any) -> Any:
        opened.append(path)
        return real_open(path, *args)

    monkeypatch.setattr(walk, "open", counted_open, raising=False)
    watch(ingestor, [str(folder)], 0.01, settle=0, on_outcome=lambda o: seen.append(o.status), passes=2)
    assert len(seen) == 30 and opened == []
    assert len([q for q in queries if "source_state" in q]) == 4  # two folders, two passes
    # a file changed in the inner folder and one new in the outer are still found
    (folder / "inner" / "p1.html").write_text(page(1, "The fog lifted at ten."))
    (folder / "late.html").write_text(page(99))
    watch(ingestor, [str(folder)], 0.01, settle=0, on_outcome=lambda o: seen.append(o.status), passes=1)
    assert seen[30:] == ["stored", "stored"] and len(opened) == 2


def test_watch_leaves_a_file_changed_just_now_for_a_later_pass(fresh_db: Store, tmp_path: Path) -> None:
    # A page still being written was read, stored as it was, then stored again whole as a second
    # article (or, under the same URL, reported as a duplicate of the truncated one)
    folder = tmp_path / "drop"
    folder.mkdir()
    half = page(1, "The second half of this bulletin")
    (folder / "a.html").write_text(half[: len(half) // 2])
    ingestor = Ingestor(fresh_db, nlp=False)
    seen: list[str] = []
    watch(ingestor, [str(folder)], 0.01, on_outcome=lambda o: seen.append(o.status), passes=2)
    assert seen == [] and fresh_db.count() == 0
    (folder / "a.html").write_text(half)
    old = time.time() - 10
    os.utime(folder / "a.html", (old, old))
    watch(ingestor, [str(folder)], 0.01, on_outcome=lambda o: seen.append(o.status), passes=1)
    assert seen == ["stored"]
    assert [r["text"].endswith("The second half of this bulletin") for r in fresh_db.records()] == [True]


def test_each_watch_pass_writes_what_it_saw(fresh_db: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # not only on close: a watcher killed while it idles between passes would read it all again
    from newsradar.ingest.sources import NewPages

    monkeypatch.setattr(NewPages, "close", lambda self: None)
    (tmp_path / "a.html").write_text(page(1))
    watch(Ingestor(fresh_db, nlp=False), [str(tmp_path / "a.html")], 0.01, settle=0, on_outcome=lambda o: None,
          passes=1)
    assert fresh_db.query("SELECT count(*) AS n FROM source_state")[0]["n"] >= 1


def test_a_folder_holding_the_database_is_watched_without_its_files(fresh_db: Store, tmp_path: Path) -> None:
    # fresh_db lies in tmp_path: its database, log and text index are not pages to refuse each pass
    assert fresh_db.files() and all(f.parent == tmp_path for f in fresh_db.files())
    (tmp_path / "a.html").write_text(page(1))
    (tmp_path / "news.duckdb.server").write_text('{"url": "http://127.0.0.1:8765", "pid": 1}')  # serve's note
    ingestor = Ingestor(fresh_db, nlp=False)
    seen: list[str] = []
    watch(ingestor, [str(tmp_path), str(tmp_path / "*.duckdb*")], 0.01, settle=0, passes=2,
          on_outcome=lambda o: seen.append(f"{Path(o.source).name}:{o.status}"))
    assert seen == ["a.html:stored"]
    named = list(iter_sources([str(tmp_path / "news.duckdb")], Settings()))  # named, it is read (then refused)
    assert [Path(p.source).name for p in named] == ["news.duckdb"]


def test_iter_sources_keeps_unreadable_inputs(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(page(1))
    got = list(iter_sources([str(tmp_path), str(tmp_path / "missing.html")], Settings()))
    assert len(got) == 2 and not isinstance(got[1], RawPage)


def test_store_state_keeps_sources_memory(fresh_db: Store) -> None:
    from newsradar.ingest import StoreState

    state = StoreState(fresh_db)
    assert state.get("http", "https://a.example/feed") is None
    state.set("http", "https://a.example/feed", '{"etag": "x"}')
    state.set("http", "https://a.example/feed", '{"etag": "y"}')
    state.set("seen", "https://a.example/feed", "1")
    assert state.get("http", "https://a.example/feed") == '{"etag": "y"}'
    assert list(state.items("http")) == [("https://a.example/feed", '{"etag": "y"}')]


def test_store_state_writes_its_marks_together(fresh_db: Store) -> None:
    # one statement per acknowledged item was a DuckDB transaction each, ~9 ms
    from newsradar.ingest import StoreState

    def written() -> int:
        return int(fresh_db.query("SELECT count(*) AS n FROM source_state")[0]["n"])

    state = StoreState(fresh_db, save_every=3600)
    for n in range(1200):  # more than one statement's worth
        state.set("seen", f"jsonl:{n}", "1")
    assert written() == 0 and state.get("seen", "jsonl:7") == "1"  # held, and read back from memory
    state.flush()
    assert written() == 1200 and StoreState(fresh_db).get("seen", "jsonl:1199") == "1"
    state.set("seen", "jsonl:7", "2")
    assert dict(state.items("seen"))["jsonl:7"] == "2"  # items() writes what it holds first
    at_once = StoreState(fresh_db, save_every=0)
    at_once.set("files", "/news/a.html", "{}")
    assert StoreState(fresh_db).get("files", "/news/a.html") == "{}"


@pytest.mark.slow
def test_push_workers_analyse_in_other_processes(fresh_db: Store) -> None:
    import multiprocessing

    ingestor = Ingestor(fresh_db, nlp=False, push_workers=2)
    try:
        outcome = ingestor.push(page(11), url="https://ferries.example/11")
        assert outcome.status == "stored" and outcome.record and outcome.record["title"] == "Harbour bulletin 11"
        # both workers started with the first page, not the second at the first burst
        assert len(multiprocessing.active_children()) == 2
        with pytest.raises(InputError):
            ingestor.push(b"")
    finally:
        ingestor.close()


@pytest.mark.slow
def test_a_push_worker_that_dies_is_replaced(fresh_db: Store) -> None:
    # A worker killed (the OOM killer, a kill) broke the pool for good: a long watch ended with
    # BrokenProcessPool and a traceback at its next page
    import signal
    import time

    ingestor = Ingestor(fresh_db, nlp=False, push_workers=1)
    try:
        assert [o.status for o in ingestor.ingest_live([raw(1)])] == ["stored"]
        pool = ingestor._pool
        assert pool is not None
        for pid in list(pool._processes):  # type: ignore[attr-defined]
            os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while not pool._broken and time.monotonic() < deadline:  # type: ignore[attr-defined]
            time.sleep(0.05)
        assert pool._broken  # type: ignore[attr-defined]
        assert [o.status for o in ingestor.ingest_live([raw(2), raw(3)])] == ["stored", "stored"]
        assert ingestor._pool is not pool and fresh_db.count() == 3
    finally:
        ingestor.close()


def test_a_page_read_again_does_not_join_a_story_twice(fresh_db: Store) -> None:
    class Counting(_Stories):
        calls = 0

        def assign(self, article: Article) -> Article:
            Counting.calls += 1
            return super().assign(article)

    ingestor = Ingestor(fresh_db, nlp=False, stories=Counting())
    list(ingestor.ingest([raw(1), raw(2), raw(1)]))
    list(ingestor.ingest([raw(2)]))
    assert Counting.calls == 2


def test_concurrent_pushes_share_commits_and_lose_nothing(fresh_db: Store) -> None:
    from concurrent.futures import ThreadPoolExecutor

    ingestor = Ingestor(fresh_db, nlp=False)
    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(lambda n: ingestor.push(page(n % 30), url=f"https://ferries.example/{n % 30}"),
                                 range(60)))
    assert fresh_db.count() == 30
    assert sorted(o.status for o in outcomes).count("stored") == 30
    assert all(o.record and o.record["id"] == o.id for o in outcomes)


def test_ingest_live_commits_each_page_as_it_arrives(fresh_db: Store) -> None:
    import time

    from newsradar.pipeline import warm_up

    warm_up(Settings(), nlp=False)  # loading the language identifier takes longer than the pauses below
    ingestor = Ingestor(fresh_db, nlp=False)
    visible: list[int] = []

    def trickle() -> Iterator[RawPage | Failure]:
        for n in (1, 2, 1):
            yield raw(n)
            time.sleep(0.3)
            visible.append(fresh_db.count())  # what a reader saw while the source was idle

    outcomes = list(ingestor.ingest_live(itertools.chain(trickle(), [Failure("gone", "cannot read")])))
    assert [o.status for o in outcomes] == ["stored", "stored", "duplicate", "refused"]
    assert visible == [1, 2, 2]


def test_a_source_that_breaks_mid_way_keeps_what_came_before_and_raises(fresh_db: Store) -> None:
    # the source is read on another thread: what stops it must reach the caller, not a log line
    def breaking() -> Iterator[RawPage | Failure]:
        yield raw(1)
        yield raw(2)
        raise RuntimeError("the source broke")

    outcomes = []
    with pytest.raises(RuntimeError, match="the source broke"):
        for outcome in Ingestor(fresh_db, nlp=False).ingest_live(breaking()):
            outcomes.append(outcome)
    assert [o.status for o in outcomes] == ["stored", "stored"] and fresh_db.count() == 2


@pytest.mark.slow
def test_ingest_live_through_workers_keeps_input_order_with_failures_between(fresh_db: Store) -> None:
    # A burst: pages queue while the worker is busy and go to it one by one, and a source's failure
    # between them keeps its place.
    ingestor = Ingestor(fresh_db, nlp=False, push_workers=1)
    pages: list[RawPage | Failure] = [raw(n) for n in range(1, 6)]
    pages[2:2] = [Failure("gone", "cannot read")]
    try:
        outcomes = list(ingestor.ingest_live(iter([*pages, raw(1)])))
    finally:
        ingestor.close()
    assert [o.source for o in outcomes] == ["page-1", "page-2", "gone", "page-3", "page-4", "page-5", "page-1"]
    assert [o.status for o in outcomes] == ["stored"] * 2 + ["refused"] + ["stored"] * 3 + ["duplicate"]
    assert fresh_db.count() == 5


def test_a_backlog_goes_to_the_workers_in_chunks_and_keeps_its_order(fresh_db: Store, monkeypatch: Any) -> None:
    from newsradar.ingest import core

    monkeypatch.setattr(core, "LIVE_BACKLOG", 2)
    taken: list[int] = []
    submit = Ingestor._submit

    def counting(self: Ingestor, chunk: list[RawPage | Failure]) -> Any:
        taken.append(len(chunk))
        return submit(self, chunk)

    monkeypatch.setattr(Ingestor, "_submit", counting)
    ingestor = Ingestor(fresh_db, nlp=False, push_workers=1)
    try:
        outcomes = list(ingestor.ingest_live(iter([raw(n) for n in range(1, 31)])))
    finally:
        ingestor.close()
    assert [o.source for o in outcomes] == [f"page-{n}" for n in range(1, 31)]
    assert fresh_db.count() == 30 and sum(taken) == 30
    assert max(taken) > 1  # the thirty arrive at once: a backlog, taken in chunks


def test_a_free_worker_takes_one_page_unless_a_backlog_has_built_up() -> None:
    from newsradar.ingest.core import LIVE_BACKLOG, LIVE_CHUNK, _live_chunk

    assert [_live_chunk(n, 2) for n in (0, 1, 5, LIVE_BACKLOG - 1)] == [1, 1, 1, 1]
    assert _live_chunk(LIVE_BACKLOG, 2) == min(LIVE_CHUNK, -(-(LIVE_BACKLOG + 1) // 2)) > 1
    assert _live_chunk(1000, 2) == LIVE_CHUNK
    assert _live_chunk(LIVE_BACKLOG, 1) == LIVE_CHUNK


def test_take_gives_what_waits_up_to_a_limit_and_says_when_input_ended() -> None:
    import queue

    from newsradar.ingest.core import _take

    end = object()
    inbox: queue.Queue[object] = queue.Queue()
    for item in (raw(1), raw(2), raw(3), end):
        inbox.put(item)
    first, ended = _take(inbox, end, block=True, most=2)
    assert [p.source for p in first] == ["page-1", "page-2"] and not ended
    rest, ended = _take(inbox, end, block=True, most=8)
    assert [p.source for p in rest] == ["page-3"] and ended
    assert _take(inbox, end, block=False, most=8) == ([], False)  # nothing waiting: 10 ms, then nothing


def test_a_fresh_store_gets_the_real_story_index(fresh_db: Store) -> None:
    # The built-in index is empty (len 0, falsy) on a fresh store: it must still assign stories.
    outcomes = list(Ingestor(fresh_db, nlp=False).ingest([raw(1)]))
    assert outcomes[0].record and outcomes[0].record["story_id"]


def test_a_page_whose_worker_died_is_read_again_at_the_next_pass(fresh_db: Store, tmp_path: Path) -> None:
    # refused because the process analysing it died, it was remembered as handled and never retried
    from newsradar.ingest import NewPages

    (tmp_path / "a.html").write_text(page(1))
    (tmp_path / "b.html").write_text(page(2))
    first = NewPages(fresh_db, Settings())
    got = [p.source for p in first.poll([str(tmp_path)])]
    assert sorted(Path(s).name for s in got) == ["a.html", "b.html"]
    for source in got:
        first.ack(source, retry=source.endswith("b.html"))
    first.close()
    again = NewPages(fresh_db, Settings())
    assert [Path(p.source).name for p in again.poll([str(tmp_path)])] == ["b.html"]
    again.close()


def test_worker_failures_ask_to_be_retried_and_other_refusals_do_not(fresh_db: Store) -> None:
    from newsradar.ingest.core import Outcome
    from newsradar.pipeline import _collect

    class Died:
        def result(self) -> None:
            raise RuntimeError("killed")

    (failure,) = _collect([raw(1)], Died())  # type: ignore[arg-type]
    assert isinstance(failure, Failure) and failure.retry and "worker failed" in failure.reason
    outcomes = list(Ingestor(fresh_db, nlp=False, stories=None).commit([failure, Failure("gone", "404")]))
    assert all(isinstance(o, Outcome) for o in outcomes) and [o.retry for o in outcomes] == [True, False]


def test_articles_a_dead_process_never_matched_against_the_alerts_are_matched_next_time(
        fresh_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.analytics import alert_matches, create_alert

    alert = create_alert(fresh_db, "ferries", q="ferries")

    class Died(BaseException):
        pass

    def die(*args: object) -> int:
        raise Died  # as a process killed between the commit and the matching

    with monkeypatch.context() as patch:
        patch.setattr("newsradar.analytics.alerts.evaluate", die)
        with pytest.raises(Died):
            list(Ingestor(fresh_db, nlp=False).ingest([raw(1), raw(2)]))
    assert fresh_db.count() == 2  # committed, not matched
    restarted = Ingestor(fresh_db, nlp=False)  # catches up when it starts
    matches = alert_matches(fresh_db, alert["id"])
    assert matches is not None and matches.total == 2
    list(restarted.ingest([raw(3)]))
    matches = alert_matches(fresh_db, alert["id"])
    assert matches is not None and matches.total == 3  # and each only once


def test_an_alert_saved_after_pages_went_unmatched_matches_only_newer_ones(
        fresh_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # With no alert saved the mark stays behind; the first alert must still see only what comes after it
    from newsradar.analytics import alert_matches, alerts, create_alert

    evaluated: list[list[int]] = []
    real = alerts.evaluate

    def recording(store: Store, seqs: list[int]) -> int:
        evaluated.append(seqs)
        return real(store, seqs)

    monkeypatch.setattr(alerts, "evaluate", recording)
    ingestor = Ingestor(fresh_db, nlp=False)
    list(ingestor.ingest([raw(1), raw(2)]))
    assert evaluated == []  # nothing to match against
    alert = create_alert(fresh_db, "ferries", q="ferries")
    stored = list(ingestor.ingest([raw(3)]))
    assert evaluated == [[stored[0].seq]]  # not the two stored before the alert
    matches = alert_matches(fresh_db, alert["id"])
    assert matches is not None and [m["id"] for m in matches.items] == [stored[0].id]


def test_a_rerun_extracts_what_is_stored_but_does_not_enrich_it_again(
        fresh_db: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar import pipeline

    enriched: list[str] = []
    real = pipeline.enrich

    def counting(article: Article, *args: object, **kwargs: object) -> None:
        enriched.append(article.source)
        real(article, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "enrich", counting)
    ingestor = Ingestor(fresh_db)
    first = list(ingestor.ingest([raw(1), raw(2)]))
    assert [o.status for o in first] == ["stored", "stored"] and enriched == ["page-1", "page-2"]
    stored = fresh_db.get(first[0].id or "")
    enriched.clear()
    again = list(Ingestor(fresh_db).ingest([raw(1), raw(3), raw(2)]))
    assert [o.status for o in again] == ["duplicate", "stored", "duplicate"]
    assert enriched == ["page-3"]  # only the new page went through the NLP
    assert again[0].record == stored and fresh_db.count() == 3


def test_an_article_taken_for_a_stored_one_by_chance_is_still_stored_with_its_facts(fresh_db: Store) -> None:
    from newsradar.pipeline import process_chunk
    from newsradar.store.known import Known
    from newsradar.store.rows import lookup_key, text_hash

    article = process_chunk([raw(4)], Settings(), nlp=False)[0]
    assert isinstance(article, Article) and not article.entities
    lookalike = Known([lookup_key(article.id), lookup_key(text_hash(article.text))])  # as a key collision would
    outcome, = Ingestor(fresh_db).commit([article], lookalike)
    assert outcome.status == "stored"
    assert (fresh_db.get(article.id) or {})["tone"] is not None  # enriched in the writer instead


def test_a_page_refused_then_stored_by_a_later_pass_is_not_counted_refused() -> None:
    # a watch whose worker died refused the pages it held, to be retried; the next pass stored them,
    # yet its summary said "refused 16" and it exited 1
    from newsradar.ingest import Outcome, Report

    report = Report()
    report.add(Outcome("drop/a.html", "refused", reason="worker failed: BrokenProcessPool", retry=True))
    report.add(Outcome("drop/b.html", "refused", reason="the page is empty"))
    report.add(Outcome("drop/a.html", "stored"))
    assert (report.stored, report.refused) == (1, [("drop/b.html", "the page is empty")])


def test_a_writer_joins_the_stories_another_writer_of_the_store_began(fresh_db: Store) -> None:
    # Two processes writing one shared store (PostgreSQL): each story index saw only its own articles,
    # so a wire copy that the other process stored first began a second story here
    here, there = Ingestor(fresh_db, nlp=False), Ingestor(fresh_db, nlp=False)
    [first] = list(there.ingest([raw(1)]))
    copy = RawPage(content=page(1, "Updated at noon."), source="copy", url="https://other.example/1", kind="html")
    [again] = list(here.ingest([copy]))
    assert again.status == "stored" and again.record is not None
    assert again.record["story_id"] == first.record["story_id"] and again.record["duplicate_of"] == first.id
    [mine] = list(here.ingest([raw(2)]))  # its own articles are not shown to it a second time
    later = RawPage(content=page(2, "Fog again."), source="later", url="https://other.example/2", kind="html")
    [told] = list(there.ingest([later]))
    assert told.record is not None and told.record["duplicate_of"] == mine.id
