"""The HTTP API with FastAPI's TestClient over records the tests build, served from the real store and
from the in-memory double (tests/backends.py)."""

from __future__ import annotations

import json
import re
import threading
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from backends import BACKENDS, close, local_client, make_backend
from newsradar.api import create_app
from newsradar.api.app import openapi_paths
from newsradar.api.params import parse_time
from newsradar.errors import ConfigError, InputError
from newsradar.settings import Settings
from records import make_records
from webserver import serve

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 2, 9, 12, 0, tzinfo=UTC)


@pytest.fixture
def records() -> list[dict[str, Any]]:
    return make_records(30, datetime.now(UTC))


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, records: list[dict[str, Any]]) -> Iterator[Any]:
    made = make_backend(request.param, records)
    yield made
    close(made)


@pytest.fixture
def client(backend: Any) -> TestClient:
    return local_client(create_app(backend=backend))


def test_health_counts_articles(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "articles": 31}


def test_article_lists_are_newest_first_and_page_through_every_item(client: TestClient) -> None:
    seen: list[str] = []
    stamps: list[str] = []
    cursor = None
    while True:
        body = client.get("/api/articles", params={"limit": 7, **({"cursor": cursor} if cursor else {})}).json()
        assert body["total"] == 31 and len(body["items"]) <= 7
        seen += [a["id"] for a in body["items"]]
        stamps += [a["published"]["value"] for a in body["items"]]
        cursor = body["next"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 31
    assert stamps == sorted(stamps, reverse=True)
    first = client.get("/api/articles", params={"limit": 1}).json()["items"][0]
    assert set(first) == {"id", "url", "title", "site_name", "source", "language", "published", "fetched_at", "tone",
                          "story_id", "duplicate_of", "entities"}
    assert first["entities"][0] == {"key": "PERSON:ilse marwick", "name": "Ilse Marwick", "type": "PERSON"}


def _when(a: dict[str, Any]) -> datetime:
    """An article summary's time: its publication date, else when it was fetched (UTC)."""
    raw = (a["published"] or {}).get("value") or a["fetched_at"]
    t = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    return t if t.tzinfo else t.replace(tzinfo=UTC)


@pytest.mark.parametrize(("params", "check"), [
    ({"source": "Harbour Courier"}, lambda a: a["site_name"] == "Harbour Courier"),
    ({"entity": "PERSON:rana haddad"}, lambda a: "PERSON:rana haddad" in [e["key"] for e in a["entities"]]),
    ({"story": "story-2"}, lambda a: a["story_id"] == "story-2"),
    ({"since": "3h"}, lambda a: _when(a) >= datetime.now(UTC) - timedelta(hours=3, minutes=1)),
])
def test_article_filters(client: TestClient, params: dict[str, str], check: Any) -> None:
    items = client.get("/api/articles", params={**params, "limit": 500}).json()["items"]
    assert items and all(check(a) for a in items)
    assert len(items) < 31


def test_full_record_and_404(client: TestClient, records: list[dict[str, Any]]) -> None:
    rec = records[3]
    got = client.get(f"/api/articles/{rec['id']}").json()
    assert got["text"] == rec["text"] and [q["text"] for q in got["quotes"]] == [q["text"] for q in rec["quotes"]]
    missing = client.get("/api/articles/nope")
    assert missing.status_code == 404 and missing.json() == {"error": "no article 'nope'"}


@pytest.mark.parametrize(("url", "reason"), [
    ("/api/articles?limit=501", "limit must be between 1 and 500"),
    ("/api/articles?limit=abc", "limit"),
    ("/api/articles?since=last+tuesday", "since='last tuesday'"),
    ("/api/articles?since=2026-02-09&until=2026-02-01", "is after until"),
    ("/api/search", "search needs q"),
    ("/api/timeline", "timeline needs entity"),
    ("/api/network?cameo=42", "unknown CAMEO root"),
    ("/api/trends?window=2h", "window"),
    ("/api/nowhere", "no such route"),
])
def test_errors_are_json_with_a_reason(client: TestClient, url: str, reason: str) -> None:
    res = client.get(url)
    assert 400 <= res.status_code < 500
    assert set(res.json()) == {"error"} and reason in res.json()["error"]


def test_relative_and_iso_times() -> None:
    assert parse_time("24h", "since", NOW) == NOW - timedelta(hours=24)
    assert parse_time("7d", "since", NOW) == NOW - timedelta(days=7)
    assert parse_time("2026-02-09", "since") == datetime(2026, 2, 9, tzinfo=UTC)
    assert parse_time("2026-02-09T14:00:00Z", "since") == datetime(2026, 2, 9, 14, tzinfo=UTC)
    assert parse_time("2026-02-09T15:00:00+01:00", "since") == datetime(2026, 2, 9, 14, tzinfo=UTC)
    assert parse_time("", "since") is None
    with pytest.raises(InputError, match="until="):
        parse_time("soon", "until")


def test_analytics_routes_answer_in_the_contract_shapes(client: TestClient, records: list[dict[str, Any]]) -> None:
    key = quote("PERSON:ilse marwick")
    ent = client.get(f"/api/entities/{key}").json()
    assert ent["entity"]["name"] == "Ilse Marwick" and {"aliases", "roles"} <= set(ent["entity"])
    assert ent["cooccurring"][0]["together"] > 0 and ent["places"][0]["lat"] is not None
    assert client.get("/api/entities/" + quote("PERSON:nobody")).status_code == 404
    assert client.get("/api/entities", params={"type": "org"}).json()["items"][0]["type"] == "ORG"
    # the entity filter keeps the articles naming it, as in every list: their entities, not it alone
    beside = {e["key"] for e in client.get("/api/entities", params={"entity": "PERSON:ilse marwick"}).json()["items"]}
    assert "PERSON:ilse marwick" in beside and {c["key"] for c in ent["cooccurring"]} & beside
    quotes = client.get("/api/quotes", params={"speaker": "PERSON:ilse marwick"}).json()["items"]
    assert quotes and all(q["speaker"] == "Ilse Marwick" and q["article"]["id"] for q in quotes)
    ledger = client.get("/api/claims").json()["items"][0]
    assert ledger["quantity"] == "dock workers" and ledger["measure"] is None and ledger["disagree"] is True
    events = client.get("/api/events", params={"cameo": "14"}).json()["items"]
    assert events and all(e["cameo"].startswith("14") for e in events)
    by_actor = client.get("/api/events", params={"source": "PERSON:ilse marwick"}).json()["items"]
    assert by_actor and all(e["source"]["name"] == "Ilse Marwick" for e in by_actor)
    story = client.get("/api/stories", params={"limit": 1}).json()["items"][0]
    detail = client.get(f"/api/stories/{story['id']}").json()
    assert detail["story"]["articles"] == len(detail["articles"])
    copied = next(r for r in records if r["duplicate_of"])  # its story counts it, in the list and alone
    listed = {s["id"]: s for s in client.get("/api/stories", params={"limit": 50}).json()["items"]}
    assert listed[copied["story_id"]]["duplicates"] == 1
    assert client.get(f"/api/stories/{copied['story_id']}").json()["story"]["duplicates"] == 1
    assert listed[copied["story_id"]]["first_report"]["id"] != copied["id"]
    only = records[7]  # the one article whose text says "89" (containers)
    found = client.get("/api/stories", params={"q": "89"}).json()
    assert [s["id"] for s in found["items"]] == [only["story_id"]] and found["total"] == 1
    trends = client.get("/api/trends", params={"window": "24h"}).json()
    assert trends["window"] == "24h" and trends["entities"][0]["spark"]
    line = client.get("/api/timeline", params={"entity": "PERSON:ilse marwick", "interval": "hour"}).json()
    assert trends["now"].endswith("Z") and line["points"][0]["t"].endswith("Z")  # UTC marked alike
    assert line["interval"] == "hour" and sum(p["articles"] for p in line["points"]) == ent["entity"]["articles"]
    net = client.get("/api/network", params={"cameo": "04,14", "limit": 3}).json()
    assert len(net["edges"]) <= 3 and {e["cameo_root"] for e in net["edges"]} <= {"04", "14"}
    hits = client.get("/api/search", params={"q": "crews", "kind": "quotes", "limit": 5}).json()
    assert hits["total"] == 31 and hits["items"][0]["kind"] == "quote" and hits["items"][0]["quote"]["text"]


def test_push_a_page_as_json_html_or_text(client: TestClient) -> None:
    text = "The ferry strike ended after a night of talks between the crews and the operator.\n\nServices resume today."
    res = client.post("/api/articles", json={"url": "https://pushed.example/ferry", "text": text})
    assert res.status_code == 201 and res.json()["url"] == "https://pushed.example/ferry"
    assert res.headers["Newsradar-Duplicate"] == "false"
    assert client.get(f"/api/articles/{res.json()['id']}").status_code == 200
    # the same page again: not stored twice, answered with the stored record, and said to be a copy
    again = client.post("/api/articles", json={"url": "https://pushed.example/ferry", "text": text})
    assert again.status_code == 201 and again.json()["id"] == res.json()["id"]
    assert again.headers["Newsradar-Duplicate"] == "true"
    body = "Ferry crews returned to work this morning, and the first sailing left on time for the islands."
    html = f"<html><head><title>Ferry strike ends</title></head><body><article><p>{body}</p></article></body></html>"
    res = client.post("/api/articles?url=https://pushed.example/ferry-2", content=html,
                      headers={"Content-Type": "text/html; charset=utf-8"})
    assert res.status_code == 201 and res.json()["title"]
    plain = "Island shops reopened as the ferries ran again.\n\nTraders said deliveries would take a week to recover."
    res = client.post("/api/articles", content=plain.encode(), headers={"Content-Type": "text/plain"})
    assert res.status_code == 201
    assert client.post("/api/articles", content=b"x", headers={"Content-Type": "image/png"}).status_code == 415
    refused = client.post("/api/articles", json={"text": "   "})
    assert refused.status_code == 422 and "empty" in refused.json()["error"]
    assert client.post("/api/articles", json={"url": "x"}).status_code == 422
    bad_json = client.post("/api/articles", content=b"{nope", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 422


def test_body_over_the_size_limit_is_refused(backend: Any) -> None:
    client = local_client(create_app(Settings(max_bytes=1000), backend=backend))
    res = client.post("/api/articles", content=b"a" * 1001, headers={"Content-Type": "text/plain"})
    assert res.status_code == 413 and "limit of 1000 bytes" in res.json()["error"]


def test_alerts_lifecycle_and_matches(client: TestClient, backend: Any) -> None:
    res = client.post("/api/alerts", json={"name": "ferry", "q": "ferry"})
    assert res.status_code == 201
    alert = res.json()
    assert alert["query"] == {"q": "ferry", "entity": None, "source": None, "language": None}
    client.post("/api/articles", json={"text": "A ferry sailed at dawn despite the strike called by the crews."})
    assert client.get("/api/alerts").json()["items"][0]["matches"] == 1
    assert client.get(f"/api/alerts/{alert['id']}/matches").json()["total"] == 1
    assert client.post("/api/alerts", json={"name": "x"}).status_code == 422
    assert client.post("/api/alerts", json={"q": "x"}).status_code == 422
    assert client.delete(f"/api/alerts/{alert['id']}").status_code == 204
    assert client.delete(f"/api/alerts/{alert['id']}").status_code == 404
    assert client.get(f"/api/alerts/{alert['id']}/matches").status_code == 404


def test_alert_matches_page_through_every_match_once(client: TestClient) -> None:
    alert = client.post("/api/alerts", json={"name": "ferry", "q": "ferry"}).json()
    url = f"/api/alerts/{alert['id']}/matches"

    def push(n: int) -> str:
        res = client.post("/api/articles", json={"text": f"The ferry to island {n} sailed two hours late "
                                                         f"after crews met about rosters number {n}."})
        return str(res.json()["id"])

    first_ids = [push(n) for n in range(5)]
    first = client.get(url, params={"limit": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2 and first["next"]
    push(90)  # lands between two pages: it is newer than all of them, not in the next page
    seen, cursor = [a["id"] for a in first["items"]], first["next"]
    while cursor:
        body = client.get(url, params={"limit": 2, "cursor": cursor}).json()
        seen += [a["id"] for a in body["items"]]
        cursor = body["next"]
    assert seen == first_ids[::-1]  # newest first, each once
    newer = client.get(url, params={"after": first_ids[-1]}).json()
    assert newer["total"] == 1 and newer["next"] is None
    assert client.get(url, params={"after": first_ids[2], "limit": 1}).json()["total"] == 3
    res = client.get(url, params={"after": "no-such-article"})
    assert res.status_code == 422 and "no stored article" in res.json()["error"]
    res = client.get(url, params={"cursor": "²"})
    assert res.status_code == 422 and res.json()["error"].startswith("bad cursor")


def test_writes_need_the_token_when_one_is_set(backend: Any) -> None:
    client = local_client(create_app(backend=backend, token="tok-123"))
    body = {"name": "n", "q": "crews"}
    assert client.get("/api/alerts").status_code == 200  # reads stay open
    denied = client.post("/api/alerts", json=body)
    assert denied.status_code == 401 and "Bearer" in denied.json()["error"]
    assert client.post("/api/alerts", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/api/alerts", json=body, headers={"Authorization": "Bearer tok-123"})
    assert ok.status_code == 201
    assert client.delete(f"/api/alerts/{ok.json()['id']}").status_code == 401
    assert client.post("/api/articles", json={"text": "x y z"}).status_code == 401


def test_a_local_server_answers_only_to_its_own_names(backend: Any) -> None:
    # a DNS-rebinding page reaches 127.0.0.1 under its own name: its Host header gives it away
    client = local_client(create_app(backend=backend))
    assert client.get("/api/health").status_code == 200
    for name in ("localhost:8765", "[::1]:8765", "127.0.0.1"):
        assert client.get("/api/health", headers={"Host": name}).status_code == 200
    res = client.get("/api/health", headers={"Host": "attacker.example:8765"})
    assert res.status_code == 403 and "localhost only" in res.json()["error"]
    open_wide = TestClient(create_app(backend=backend, host="0.0.0.0", token="t"), base_url="http://news.example")
    assert open_wide.get("/api/health").status_code == 200  # a public server has names of its own


def test_writes_from_a_page_of_another_origin_are_refused(backend: Any) -> None:
    # a form or a no-cors fetch with a text/plain body needs no permission from the browser
    client = local_client(create_app(backend=backend))
    page = "Ferry crews returned to work this morning, and the first sailing left on time for the islands."
    for headers in ({"Origin": "http://evil.example"}, {"Origin": "null"}, {"Origin": "http://127.0.0.1:9999"},
                    {"Sec-Fetch-Site": "cross-site"}):
        res = client.post("/api/articles", content=page, headers={"Content-Type": "text/plain", **headers})
        assert res.status_code == 403 and "refused" in res.json()["error"], headers
    assert client.post("/api/alerts", json={"name": "n", "q": "crews"},
                       headers={"Origin": "http://evil.example"}).status_code == 403
    assert client.get("/api/articles", headers={"Origin": "http://evil.example"}).status_code == 200  # reads
    own = client.post("/api/articles", content=page, headers={"Content-Type": "text/plain",
                                                                "Origin": "http://127.0.0.1"})
    assert own.status_code == 201  # the dashboard itself


def test_every_answer_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/health", "/api/nowhere", "/docs"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
        assert ("'unsafe-inline'" in csp.split("script-src")[1].split(";")[0]) == (path == "/docs")


def test_listening_beyond_localhost_needs_a_token(backend: Any) -> None:
    with pytest.raises(ConfigError, match="needs a token"):
        create_app(backend=backend, host="0.0.0.0")
    create_app(backend=backend, host="0.0.0.0", token="t")
    create_app(backend=backend, host="::1")
    create_app(backend=backend, host="localhost")


def test_stream_pushes_each_record_as_it_lands(backend: Any) -> None:
    got: list[tuple[str, dict[str, Any]]] = []
    ids: list[str] = []
    opened = threading.Event()

    def read(url: str, headers: dict[str, str], into: list[tuple[str, dict[str, Any]]], n: int) -> None:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as res:
            assert res.headers["Content-Type"].startswith("text/event-stream")
            event = None
            while len(into) < n:
                line = res.readline().decode().rstrip("\n")
                opened.set()
                if line.startswith("id: "):
                    ids.append(line[4:])
                elif line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event:
                    into.append((event, json.loads(line[6:])))

    with serve(create_app(backend=backend, keepalive=0.2)) as url:
        def listen() -> None:
            read(url + "/api/stream", {}, got, 2)

        thread = threading.Thread(target=listen, daemon=True)
        thread.start()
        assert opened.wait(5)
        alert = backend.create_alert("walkout", {"q": "walkout", "entity": None, "source": None, "language": None})
        body = json.dumps({"text": "The walkout spread to the rail yards overnight."}).encode()
        req = urllib.request.Request(url + "/api/articles", method="POST", data=body,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as res:
            record = json.loads(res.read())
        thread.join(5)
        # Reconnecting with the first event's id (as a browser does) replays what came after it.
        again: list[tuple[str, dict[str, Any]]] = []
        read(url + "/api/stream", {"Last-Event-ID": ids[0]}, again, 1)
    assert got[0] == ("article", record)
    assert got[1] == ("alert", {"alert": alert["id"], "article": record["id"]})
    assert again == got[1:]


def test_docs_are_served_without_a_cdn(client: TestClient) -> None:
    page = client.get("/docs").text
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    for asset in assets:
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset
    assert client.get("/openapi.json").json()["info"]["title"] == "newsradar"


def test_every_route_is_documented_in_docs_api_md(client: TestClient) -> None:
    doc = (ROOT / "docs/api.md").read_text(encoding="utf-8")
    for method, path in openapi_paths(client.app):  # type: ignore[arg-type]
        shown = re.sub(r"\{(\w+)(?::path)?\}", r"{\1}", path)
        assert f"{method} {shown}" in doc, f"{method} {shown} is not in docs/api.md"


def test_every_query_parameter_is_documented_in_its_route_section(client: TestClient) -> None:
    # the reverse of the check above, parameter by parameter: OpenAPI lists what a route takes, and
    # docs/api.md must say it (limit and cursor are every list's, under Lists)
    doc = (ROOT / "docs/api.md").read_text(encoding="utf-8")
    spec = client.get("/openapi.json").json()
    for path, ops in spec["paths"].items():
        shown = re.sub(r"\{(\w+)(?::path)?\}", r"{\1}", path)
        for method, op in ops.items():
            found = re.search(rf"^### {method.upper()} {re.escape(shown)}\n(.*?)(?=^##)", doc, re.M | re.S)
            assert found, f"docs/api.md has no section {method.upper()} {shown}"
            for param in op.get("parameters", []):
                name = param["name"]
                if param["in"] == "query" and name not in ("limit", "cursor"):
                    said = re.search(rf"`\??{name}(`|=)", found.group(1))
                    assert said, f"{method.upper()} {shown}: {name} is not in docs/api.md"


@pytest.fixture
def store_client(records: list[dict[str, Any]]) -> Iterator[TestClient]:
    """A client over the real store only: what the in-memory double does not model (store keys,
    cursors, the LIKE filters, actor codes)."""
    made = make_backend("store", records)
    yield local_client(create_app(backend=made))
    close(made)


ROUTES = ["/api/articles", "/api/search?q=crews", "/api/entities", "/api/quotes", "/api/claims", "/api/events",
          "/api/stories", "/api/timeline?q=crews", "/api/network"]


@pytest.mark.parametrize("route", ROUTES)
def test_times_out_of_range_are_a_422_with_the_reason(client: TestClient, route: str) -> None:
    for param, reason in [("since=99999999d", "reaches back before the year 1"),
                          ("until=999999999999m", "reaches back before the year 1"),
                          ("since=" + "9" * 5000 + "d", "reaches back before the year 1"),  # over int()'s digits
                          ("since=9999-12-31T23:00:00-05:00", "outside the years 1 to 9999"),
                          ("until=0001-01-01T00:00:00%2B05:00", "outside the years 1 to 9999")]:
        res = client.get(route + ("&" if "?" in route else "?") + param)
        assert res.status_code == 422 and reason in res.json()["error"], (param, res.text)


def test_a_relative_time_too_far_back_is_an_input_error() -> None:
    with pytest.raises(InputError, match="since='99999999d' reaches back"):
        parse_time("99999999d", "since", NOW)
    assert parse_time("52w", "since", NOW) == NOW - timedelta(weeks=52)


@pytest.mark.parametrize("path", ["/api/articles", "/api/alerts"])
def test_deeply_nested_json_is_refused_with_a_reason(client: TestClient, path: str) -> None:
    body = "[" * 100_000 + "]" * 100_000
    res = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert res.status_code == 422 and res.json() == {"error": "the body is JSON nested too deeply to read"}


def test_a_lone_surrogate_in_json_is_read_as_a_replacement_character(client: TestClient) -> None:
    # "\\udcff" is valid JSON but no UTF-8 encodes it: it failed ids and the store with a 500
    text = "Dock \\udcff workers in Rotterdam said on Tuesday that the strike would go on for a week."
    res = client.post("/api/articles", content=f'{{"url": "https://ex.org/s\\udcff", "text": "{text}"}}',
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 201, res.text
    assert "Dock \ufffd workers" in res.json()["text"]
    res = client.post("/api/alerts", content='{"name": "dock\\udcff", "q": "dock"}',
                      headers={"Content-Type": "application/json"})
    assert res.status_code == 201 and res.json()["name"] == "dock\ufffd"


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-www-form-urlencoded", None])
def test_alerts_take_json_only(client: TestClient, ctype: str | None) -> None:
    body = json.dumps({"name": "ferry", "q": "ferry"}).encode()
    res = client.post("/api/alerts", content=body, headers={"Content-Type": ctype} if ctype else {})
    assert res.status_code == 415 and "send application/json" in res.json()["error"]
    assert client.get("/api/alerts").json()["total"] == 0
    ok = client.post("/api/alerts", content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status_code == 201


@pytest.mark.parametrize("url", [
    "/api/articles?cursor=bzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",  # "o:9999999999999999999999", past DuckDB's BIGINT
    "/api/entities?cursor=bzotMQ",  # "o:-1"
    "/api/search?q=crews&cursor=bzo5OTk5OTk5OTk5OTk5OTk5OTk5OTk5",
    "/api/alerts?cursor=%C2%B2",  # "²", a digit to str.isdigit() that int() refuses
    "/api/alerts/x/matches?cursor=garbage",
])
def test_a_forged_cursor_is_a_bad_cursor(store_client: TestClient, url: str) -> None:
    if "/matches" in url:
        url = url.replace("/x/", f"/{store_client.post('/api/alerts', json={'name': 'a', 'q': 'crews'}).json()['id']}/")
    res = store_client.get(url)
    assert res.status_code == 422 and res.json()["error"].startswith("bad cursor")


def test_alert_pages_follow_their_cursor(store_client: TestClient) -> None:
    for n in range(3):
        store_client.post("/api/alerts", json={"name": f"alert {n}", "q": "crews"})
    first = store_client.get("/api/alerts", params={"limit": 2}).json()
    rest = store_client.get("/api/alerts", params={"limit": 2, "cursor": first["next"]}).json()
    names = [a["name"] for a in first["items"] + rest["items"]]  # saved within one second: any order
    assert sorted(names) == ["alert 0", "alert 1", "alert 2"]
    assert rest["next"] is None


@pytest.mark.parametrize("url", ["/api/entities?q=%25", "/api/entities?q=_", "/api/claims?unit=%25",
                                 "/api/claims?q=dock_workers", "/api/events?source=%25", "/api/events?cameo=%25",
                                 "/api/articles?entity=%25", "/api/quotes?about=%25"])
def test_like_wildcards_in_user_text_match_only_themselves(store_client: TestClient, url: str) -> None:
    assert store_client.get(url).json()["total"] == 0


def test_names_still_match_in_part(store_client: TestClient) -> None:
    assert store_client.get("/api/entities", params={"q": "marwi"}).json()["items"][0]["key"] == "PERSON:ilse marwick"
    assert store_client.get("/api/claims", params={"unit": "dock"}).json()["total"] > 0


def _with_actor(records: list[dict[str, Any]]) -> dict[str, Any]:
    """records[0] with its event's target an actor that is no entity: "the operators" (BUS)."""
    rec = records[0]
    rec["events"][0]["target"] = {"name": "The Operators", "entity": None, "code": "BUS"}
    return rec


def test_full_record_gives_quotes_and_event_actors_their_keys(records: list[dict[str, Any]]) -> None:
    rec = _with_actor(records)
    made = make_backend("store", records)
    try:
        client = local_client(create_app(backend=made))
        got = client.get(f"/api/articles/{rec['id']}").json()
        speaker = rec["entities"][0]["name"]
        assert [q["speaker_key"] for q in got["quotes"]] == [f"PERSON:{speaker.lower()}"]
        ev = got["events"][0]
        assert ev["source"]["key"] == f"PERSON:{speaker.lower()}" and ev["target"]["key"] == "ACTOR:the operators"
        listed = client.get("/api/events", params={"target": "ACTOR:the operators"}).json()["items"]
        assert [(e["source"]["key"], e["target"]["key"]) for e in listed] == [(ev["source"]["key"],
                                                                              ev["target"]["key"])]
        for key in (got["quotes"][0]["speaker_key"], ev["source"]["key"], ev["target"]["key"]):
            assert client.get("/api/entities/" + quote(key)).status_code == 200, key
    finally:
        close(made)


def test_an_actor_key_opens_its_entity_page_and_filters_articles(records: list[dict[str, Any]]) -> None:
    rec = _with_actor(records)
    made = make_backend("store", records)
    try:
        client = local_client(create_app(backend=made))
        page = client.get("/api/entities/" + quote("ACTOR:the operators")).json()
        actor = page["entity"]
        assert (actor["key"], actor["name"], actor["type"], actor["country"]) == \
               ("ACTOR:the operators", "The Operators", "ACTOR", None)
        assert actor["articles"] == actor["mentions"] == 1 and actor["roles"] == ["BUS"]
        assert {c["key"] for c in page["cooccurring"]} == {e["key"] for e in client.get(
            f"/api/articles/{rec['id']}").json()["entities"]}
        assert [p["name"] for p in page["places"]] == [rec["locations"][0]["name"]]
        found = client.get("/api/articles", params={"entity": "ACTOR:the operators"}).json()
        assert [a["id"] for a in found["items"]] == [rec["id"]]
        line = client.get("/api/timeline", params={"entity": "ACTOR:the operators", "since": "30d"}).json()
        assert sum(p["articles"] for p in line["points"]) == 1
        assert client.get("/api/entities", params={"type": "ACTOR"}).json()["total"] == 0
        assert client.get("/api/entities/" + quote("ACTOR:nobody")).status_code == 404
    finally:
        close(made)


def test_network_nodes_take_a_country_only_from_a_country_code(records: list[dict[str, Any]]) -> None:
    _with_actor(records)
    records[0]["events"][0]["source"] = {"name": "the union", "entity": None, "code": "LAB"}  # a role: no country
    records[1]["events"][0]["source"] = {"name": "dock workers", "entity": None, "code": "NLDLAB"}
    made = make_backend("store", records)
    try:
        nodes = {n["id"]: n for n in local_client(create_app(backend=made)).get("/api/network").json()["nodes"]}
        assert nodes["ACTOR:the operators"]["country"] is None  # BUS
        assert nodes["ACTOR:the union"]["country"] is None
        assert nodes["ACTOR:dock workers"]["country"] == "NLD"
        assert nodes["PERSON:ilse marwick"]["country"] == "SWE"  # SWEGOV
    finally:
        close(made)


def test_closing_the_hub_ends_every_open_stream() -> None:
    # a stream never ends by itself, and the server waits for open responses before it stops
    import asyncio

    from newsradar.api.stream import Hub

    async def scenario() -> list[str]:
        hub = Hub(keepalive=60)
        stream = hub.events()
        first = await stream.__anext__()  # the stream's opening comment
        hub.publish("record", {"id": "a1"})
        hub.close()
        rest = [chunk async for chunk in stream]  # ends instead of waiting out the keep-alive
        return [first, *rest]

    chunks = asyncio.run(asyncio.wait_for(scenario(), timeout=10))
    assert chunks[0].startswith(": newsradar stream") and "\nevent: record\n" in chunks[1]
    assert len(chunks) == 2


def test_a_stream_reconnecting_with_its_last_event_id_gets_what_it_missed() -> None:
    import asyncio

    from newsradar.api.stream import Hub

    async def read(stream: Any, n: int) -> list[str]:
        return [await stream.__anext__() for _ in range(n)]

    async def scenario() -> tuple[list[str], list[str], list[str], list[str]]:
        hub = Hub(keepalive=60)
        hub.bind(asyncio.get_running_loop())
        first = hub.events()
        seen = await read(first, 1)
        hub.publish("article", {"id": "a1"})
        hub.publish("alert", {"alert": "x", "article": "a1"})
        seen += await read(first, 2)
        await first.aclose()  # the connection drops; two records land meanwhile
        hub.publish("article", {"id": "a2"})
        hub.publish("article", {"id": "a3"})
        await asyncio.sleep(0)  # publish hands over to the loop
        last_id = seen[-1].split("\n")[0].removeprefix("id: ")
        resumed = await read(hub.events(last_id), 3)
        stale = await read(hub.events(hub.run + "-0"), 2)  # further back than nothing: everything kept
        foreign = await read(hub.events("0-5"), 2)  # an id from an earlier run of the server
        return seen, resumed, stale, foreign

    seen, resumed, stale, foreign = asyncio.run(asyncio.wait_for(scenario(), timeout=10))
    assert [c.split("\n")[1] for c in seen[1:]] == ["event: article", "event: alert"]
    assert resumed[0].startswith(": newsradar stream")
    assert ['"a2"' in resumed[1], '"a3"' in resumed[2]] == [True, True]
    assert '"a1"' in stale[1]  # id 0 is before the first event: all four are replayed
    assert foreign[1].startswith("event: gap")


def test_a_gap_longer_than_the_hub_keeps_is_announced() -> None:
    import asyncio

    from newsradar.api import stream as module

    async def scenario() -> str:
        hub = module.Hub(keepalive=60)
        hub.bind(asyncio.get_running_loop())
        for n in range(module.REPLAY + 2):
            hub.publish("article", {"id": f"a{n}"})
        await asyncio.sleep(0)
        chunks = hub.events(hub.run + "-1")
        await chunks.__anext__()
        return await chunks.__anext__()

    assert asyncio.run(asyncio.wait_for(scenario(), timeout=10)).startswith("event: gap")
