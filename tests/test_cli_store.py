"""``ingest``, ``watch``, ``query``, ``alerts`` and ``export`` from the shell."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsradar.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example pages, ingested once with NLP, for every query below."""
    path = tmp_path_factory.mktemp("cli") / "news.duckdb"
    code, out, err = invoke("ingest", str(EXAMPLES), "--db", str(path), "--format", "jsonl")
    assert code == 0, err
    assert len(out.splitlines()) == len(list(EXAMPLES.iterdir()))
    assert "ingested 4, duplicates 0, refused 0" in err
    return path


def test_ingest_again_reports_duplicates_and_refusals(db: Path, tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    code, _, err = invoke("ingest", str(EXAMPLES), str(tmp_path / "empty.txt"), "--db", str(db), "--no-nlp")
    assert code == 1
    assert "ingested 0, duplicates 4, refused 1" in err and "empty.txt" in err


def _page(n: int) -> str:
    return (f"<html><head><title>Ferry report {n}</title></head><body><article><p>Ferry crews in port {n} "
            f"walked out on Monday over rosters, and {n * 10} sailings were cancelled, the union said.</p>"
            "</article></body></html>")


def test_ingest_new_only_skips_what_was_handled_before_analysing_it(tmp_path: Path) -> None:
    folder, path = tmp_path / "drop", str(tmp_path / "news.duckdb")
    folder.mkdir()
    (folder / "a.html").write_text(_page(1))
    (folder / "b.html").write_text(_page(2))
    assert "ingested 2, duplicates 0" in invoke("ingest", str(folder), "--db", path, "--no-nlp")[2]
    (folder / "c.html").write_text(_page(3))
    code, _, err = invoke("ingest", str(folder), "--db", path, "--no-nlp", "--new-only")
    assert code == 0 and "ingested 1, duplicates 0, refused 0" in err  # a and b not read again
    assert "ingested 0, duplicates 3" in invoke("ingest", str(folder), "--db", path, "--no-nlp")[2]


@pytest.mark.parametrize("command", [
    ["trends", "--window", "24h"], ["trends", "--kind", "events", "--window", "24h"],
    ["timeline", "--interval", "day"], ["timeline", "--entity", "Pieter Bakker", "--interval", "day"],
    ["quotes", "--speaker", "Bakker"], ["claims"], ["events"], ["stories"], ["search", "strike"],
    ["network"], ["entities", "--type", "PERSON"], ["articles", "--language", "en"],
])
def test_every_query_answers_in_json_and_as_a_table(db: Path, command: list[str]) -> None:
    code, out, err = invoke("query", *command, "--db", str(db), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert "items" in data or "edges" in data
    code, out, err = invoke("query", *command, "--db", str(db))
    assert code == 0, err
    assert "┃" in out or "|" in out or out.strip()



def test_a_table_piped_to_a_file_keeps_its_rows_on_one_line(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the test runner is no terminal, as a file or a pager is not; Rich would lay the table out in 80 columns
    monkeypatch.delenv("COLUMNS", raising=False)
    _, out, _ = invoke("query", "articles", "--db", str(db), "--format", "json")
    titles = [a["title"] for a in json.loads(out)["items"] if a.get("title")]
    code, out, err = invoke("query", "articles", "--db", str(db))
    assert code == 0, err
    assert titles and all(any(t in line for line in out.splitlines()) for t in titles)  # no title folded
    assert max(len(line) for line in out.splitlines()) > 80

def test_query_answers_have_content(db: Path) -> None:
    _, out, _ = invoke("query", "quotes", "--speaker", "Bakker", "--db", str(db), "--format", "json")
    assert all("Bakker" in q["speaker"] for q in json.loads(out)["items"])
    _, out, _ = invoke("query", "search", "Nile", "--db", str(db), "--format", "json")
    assert json.loads(out)["total"] >= 1


def test_bad_input_gets_a_reason(db: Path, tmp_path: Path) -> None:
    code, _, err = invoke("query", "trends", "--window", "5m", "--db", str(db))
    assert code == 2 and "window must be one of" in err
    code, _, err = invoke("query", "articles", "--since", "last tuesday", "--db", str(db))
    assert code == 2 and "ISO date" in err
    code, _, err = invoke("query", "articles", "--since", "2026-03-15", "--until", "2026-03-01", "--db", str(db))
    assert code == 2 and "is after until" in err  # was an empty table and exit 0
    code, _, err = invoke("query", "articles", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and "no database" in err


def test_alerts_add_list_match_delete(tmp_path: Path) -> None:
    path = str(tmp_path / "news.duckdb")
    code, out, _ = invoke("alerts", "add", "nile", "--q", "dam", "--db", path)
    assert code == 0
    alert = json.loads(out)
    invoke("ingest", str(EXAMPLES), "--db", path, "--no-nlp")
    _, out, _ = invoke("alerts", "list", "--db", path, "--format", "json")
    assert json.loads(out)[0]["matches"] == 1
    _, out, _ = invoke("alerts", "matches", alert["id"], "--db", path, "--format", "json")
    assert "Nile" in json.loads(out)["items"][0]["title"]
    assert invoke("alerts", "delete", alert["id"], "--db", path)[0] == 0
    assert invoke("alerts", "delete", alert["id"], "--db", path)[0] == 1


def test_watch_runs_passes_then_stops(tmp_path: Path) -> None:
    path = str(tmp_path / "news.duckdb")
    code, out, err = invoke("watch", str(EXAMPLES), "--every", "0.01", "--passes", "2", "--db", path, "--no-nlp",
                            "--format", "jsonl")
    assert code == 0, err
    assert len(out.splitlines()) == 4  # the second pass found nothing new
    # a long-running command says what it does: it said nothing at all until stopped
    lines = err.splitlines()
    assert lines[0] == f"newsradar: watching {EXAMPLES} every 0.01 s (Ctrl-C to stop)"
    assert [line.split(" ", 2)[2] for line in lines if " pass " in line] == [
        "pass 1: stored 4, duplicates 0, refused 0"]  # a pass that found nothing leaves no line in a log


def test_sigterm_stops_a_watch_in_the_middle_of_a_pass_with_its_summary(tmp_path: Path) -> None:
    # SIGTERM only asked the watch to stop after its pass, which waited here for a fetch to time
    # out (14 s; minutes for a first pass over a big folder), and SIGTERM to the process group
    # (systemd's) killed the workers under it: BrokenProcessPool, a traceback, no summary
    import http.server
    import os
    import signal
    import subprocess
    import sys
    import threading
    import time

    asked, release = threading.Event(), threading.Event()

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.set()
            release.wait(30)  # let go when the test ends: a handler left sleeping closed its socket in a later test

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    (tmp_path / "drop").mkdir()
    (tmp_path / "drop" / "a.html").write_text(_page(1))
    os.utime(tmp_path / "drop" / "a.html", (time.time() - 60, time.time() - 60))  # written, not being written
    feed = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    proc = subprocess.Popen([sys.executable, "-m", "newsradar", "watch", str(tmp_path / "drop"), feed, "--every", "60",
                             "--no-nlp", "--allow-private", "--db", str(tmp_path / "news.duckdb"), "-f", "jsonl"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert proc.stdout is not None and json.loads(proc.stdout.readline())["status"] == "stored"
        assert asked.wait(60), "the watch never asked for the feed"
        started = time.monotonic()
        os.killpg(proc.pid, signal.SIGTERM)
        err = proc.communicate(timeout=30)[1]
        assert time.monotonic() - started < 5, err
    finally:
        if proc.poll() is None:
            proc.kill()
        release.set()
        server.shutdown()
        server.server_close()
    assert "Traceback" not in err
    assert "newsradar: stopped after 0 passes; what was committed is kept" in err
    assert "ingested 1, duplicates 0, refused 0" in err


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "gdelt-events", "gdelt-gkg"])
def test_export_formats(db: Path, tmp_path: Path, fmt: str) -> None:
    out_file = tmp_path / f"out.{fmt}"
    code, _, err = invoke("export", "--format", fmt, "--db", str(db), "--out", str(out_file))
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8").strip()


def test_export_parquet_needs_a_file(db: Path, tmp_path: Path) -> None:
    code, _, err = invoke("export", "--format", "parquet", "--db", str(db))
    assert code == 2 and "--out" in err
    code, _, _ = invoke("export", "--format", "parquet", "--db", str(db), "--out", str(tmp_path / "x.parquet"))
    assert code == 0


def test_a_fresh_store_ingests_a_folder_a_feed_and_a_warc(tmp_path: Path) -> None:
    """The issue's 'done when': a folder, a feed file and a WARC archive, then every query answers."""
    from sourcekit import html_page, write_warc

    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "a.html").write_text(html_page("Ferry services resume", "The ferry operator said on Monday that "
                                             "crossings to the northern islands would resume after the storm."))
    body = ("The harbour authority said dredging of the eastern channel would finish in April, two months later "
            "than planned, because of the winter storms that filled it with sand again.")
    feed = tmp_path / "feed.xml"
    feed.write_text(f"""<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour News</title><link>https://harbour.example/</link><description>news</description>
<item><title>Dredging delayed</title><link>https://harbour.example/dredging</link>
<pubDate>Tue, 04 Mar 2025 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>{body}</p>]]></content:encoded></item>
</channel></rss>""")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [{"type": "response", "uri": "https://port.example/cranes",
                       "body": html_page("Cranes idle", "Union leaders said the cranes at the container terminal "
                                         "stood idle for a second day as the strike over pay went on.").encode()}])
    db = str(tmp_path / "news.duckdb")
    config = tmp_path / "config.toml"
    config.write_text("feed_content = \"prefer\"\n")  # the entry embeds its article: no fetching
    code, out, err = invoke("--config", str(config), "ingest", str(folder), str(feed), str(warc), "--db", db,
                            "--no-nlp", "--format", "jsonl")
    assert code == 0, err
    assert [json.loads(line)["status"] for line in out.splitlines()] == ["stored"] * 3
    _, out, _ = invoke("query", "search", "dredging", "--db", db, "--format", "json")
    assert json.loads(out)["items"][0]["title"] == "Dredging delayed"
    _, out, _ = invoke("query", "articles", "--source", "port.example", "--db", db, "--format", "json")
    assert json.loads(out)["items"][0]["title"] == "Cranes idle"


def test_query_entity_shows_the_api_entity_page(db: Path) -> None:
    code, out, err = invoke("query", "entity", "Pieter Bakker", "--db", str(db), "--format", "json")
    assert code == 0, err
    profile = json.loads(out)
    assert set(profile) == {"entity", "cooccurring", "places"}
    key = profile["entity"]["key"]
    assert key.startswith("PERSON:") and "Bakker" in profile["entity"]["name"]
    assert profile["entity"]["articles"] >= 1
    assert all(e["key"] != key and e["together"] >= 1 for e in profile["cooccurring"])
    code, out, err = invoke("query", "entity", key, "--db", str(db), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["entity"]["key"] == key  # the key names the same entity as its name
    code, out, err = invoke("query", "entity", key, "--db", str(db))
    assert code == 0, err
    assert "Bakker" in out and "together" in out


def test_query_entity_not_held_exits_1_with_the_reason(db: Path) -> None:
    code, _, err = invoke("query", "entity", "Nobody Atall", "--db", str(db))
    assert code == 1
    assert "no entity 'Nobody Atall'" in err and "query entities --q" in err


def test_query_entity_by_a_surname_names_the_entities_that_hold_it(db: Path) -> None:
    code, _, err = invoke("query", "entity", "Bakker", "--db", str(db))
    assert code == 1
    assert "no entity 'Bakker' in the store; entities whose names hold it: Pieter Bakker (PERSON:pieter bakker)" in err


def test_alert_matches_of_no_alert_or_a_bad_limit_say_why(tmp_path: Path) -> None:
    path = str(tmp_path / "news.duckdb")
    code, out, _ = invoke("alerts", "add", "nile", "--q", "dam", "--db", path)
    alert = json.loads(out)["id"]
    code, _, err = invoke("alerts", "matches", "nope", "--db", path)
    assert code == 1 and "no alert nope" in err
    code, _, err = invoke("alerts", "matches", alert, "--limit", "0", "--db", path)
    assert code == 2 and "limit must be between" in err
    code, _, err = invoke("alerts", "matches", alert, "--after", "no-such-article", "--db", path)
    assert code == 2 and "no stored article" in err
    code, _, err = invoke("alerts", "add", "odd", "--q", "NOT dam", "--db", path)
    assert code == 2 and "NOT excludes" in err


def test_alert_matches_page_with_cursor_and_say_how(tmp_path: Path) -> None:
    folder, path = tmp_path / "drop", str(tmp_path / "news.duckdb")
    folder.mkdir()
    alert = json.loads(invoke("alerts", "add", "ferries", "--q", "ferry", "--db", path)[1])["id"]
    for n in range(1, 6):
        (folder / f"{n}.html").write_text(_page(n))
    assert "ingested 5" in invoke("ingest", str(folder), "--db", path, "--no-nlp")[2]
    code, out, err = invoke("alerts", "matches", alert, "--limit", "2", "--db", path)
    assert code == 0 and "Ferry report" in out
    assert "5 in all; next page: --cursor " in err
    seen, cursor = [], None
    while True:
        code, out, err = invoke("alerts", "matches", alert, "--limit", "2", "--db", path, "--format", "json",
                                *(["--cursor", cursor] if cursor else []))
        assert code == 0, err
        body = json.loads(out)
        seen += [m["title"] for m in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert seen == [f"Ferry report {n}" for n in range(5, 0, -1)]
    code, _, err = invoke("alerts", "matches", alert, "--cursor", "not-a-cursor", "--db", path)
    assert code == 2 and "bad cursor" in err


def test_export_to_a_place_it_cannot_write_says_why(db: Path, tmp_path: Path) -> None:
    for out, why in ((tmp_path / "missing" / "x.jsonl", "No such file"), (tmp_path, "Is a directory")):
        code, _, err = invoke("export", "--format", "jsonl", "--db", str(db), "--out", str(out))
        assert code == 2 and f"cannot write {out}: {why}" in err


def test_an_error_no_command_caught_is_a_reason_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from newsradar.cli import main

    monkeypatch.setattr("sys.argv", ["newsradar", "analyze", "--no-nlp", "--max-bytes", "-5",
                                     str(EXAMPLES / "nile-talks.txt")])
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "setting 'max_bytes' must be above 0" in err and "Traceback" not in err


def test_an_interrupt_inside_a_query_ends_as_an_interrupt(monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # DuckDB turns Ctrl-C or SIGTERM (which the CLI raises as KeyboardInterrupt) that lands inside a
    # query into RuntimeError("Query interrupted"): it had ended ingest with a traceback.
    from newsradar.cli import main

    def interrupted_query() -> None:
        try:
            raise KeyboardInterrupt
        except KeyboardInterrupt as exc:
            raise RuntimeError("Query interrupted") from exc

    monkeypatch.setattr("newsradar.cli.app", interrupted_query)
    with pytest.raises(SystemExit) as stop:
        main()
    assert stop.value.code == 130 and "interrupted; what was committed before is kept" in capsys.readouterr().err

    def fault() -> None:
        raise RuntimeError("a real fault")

    monkeypatch.setattr("newsradar.cli.app", fault)
    with pytest.raises(RuntimeError, match="a real fault"):
        main()


def test_analyze_says_which_urls_it_fetches() -> None:
    code, _, err = invoke("analyze", "--no-nlp", "ftp://example.org/page")
    assert code == 1 and "only http and https URLs are fetched" in err


def test_time_options_take_spans_back_from_now(db: Path) -> None:
    code, out, err = invoke("query", "articles", "--since", "36500d", "--db", str(db), "--format", "json")
    assert code == 0, err
    assert json.loads(out)["total"] == 4
    code, _, err = invoke("query", "articles", "--since", "99999999d", "--db", str(db))
    assert code == 2 and "reaches back before the year 1" in err


def test_watch_refuses_passes_and_intervals_out_of_range(tmp_path: Path) -> None:
    path = str(tmp_path / "news.duckdb")
    assert invoke("watch", str(EXAMPLES), "--passes", "-1", "--db", path)[0] == 2
    assert invoke("watch", str(EXAMPLES), "--every", "-5", "--passes", "1", "--db", path)[0] == 2


def test_query_entities_takes_the_entity_filter_every_list_takes(db: Path) -> None:
    # the entities of the articles naming Pieter Bakker: the harbour strike's, not the Nile talks'
    code, out, err = invoke("query", "entities", "--entity", "Pieter Bakker", "--db", str(db), "--format", "json")
    assert code == 0, err
    keys = {e["id"] for e in json.loads(out)["items"]}
    assert "PERSON:pieter bakker" in keys and len(keys) > 1 and "GPE:egypt" not in keys


def test_an_interrupted_ingest_says_what_it_stored_before_it_stopped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.ingest import Ingestor

    real = Ingestor.ingest

    def stopped_after_two(self: Ingestor, pages: object, **kwargs: object) -> object:
        for n, outcome in enumerate(real(self, pages, **kwargs), 1):  # type: ignore[arg-type]
            yield outcome
            if n == 2:
                raise KeyboardInterrupt  # Ctrl-C, or SIGTERM as the CLI raises it

    monkeypatch.setattr(Ingestor, "ingest", stopped_after_two)
    path = str(tmp_path / "news.duckdb")
    code, out, err = invoke("ingest", str(EXAMPLES), "--db", path, "--no-nlp", "--format", "jsonl")
    assert code == 130
    assert "interrupted; what was committed before is kept" in err and "ingested 2, duplicates 0, refused 0" in err
    assert len(out.splitlines()) == 2  # as many acknowledgements as the summary counts


def test_each_query_command_is_described_in_one_line_as_its_help_prints_it() -> None:
    # Typer prints a docstring's line breaks as they are: "aliases" ended one line of `query --help`
    from newsradar.cli.query import query_app

    for command in query_app.registered_commands:
        doc = (command.callback.__doc__ or "") if command.callback else ""
        assert doc.strip() and "\n" not in doc.strip(), command.callback
