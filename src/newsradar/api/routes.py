"""The JSON routes of docs/api.md: parse parameters, ask the backend, answer in the contract's shapes."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse

from newsradar.analytics.common import check_int
from newsradar.api.backend import Backend, Filters, Interval, PageRequest, SearchKind, Window
from newsradar.api.params import MAX_LIMIT, filters, filters_without_words, page_request
from newsradar.api.security import read_body, require_token
from newsradar.errors import InputError
from newsradar.extract.decode import lone_surrogates_replaced

router = APIRouter(prefix="/api")
Json = dict[str, Any]
F = Annotated[Filters, Depends(filters)]
FNoWords = Annotated[Filters, Depends(filters_without_words)]
P = Annotated[PageRequest, Depends(page_request)]
CAMEO_ROOTS = {f"{i:02d}" for i in range(1, 21)}


def backend(request: Request) -> Backend:
    return request.app.state.backend  # type: ignore[no-any-return]


B = Annotated[Backend, Depends(backend)]


def _found(value: Json | None, what: str) -> Json:
    if value is None:
        raise HTTPException(404, f"no {what}")
    return value


@router.get("/health", summary="Liveness and the number of stored articles")
def health(b: B) -> Json:
    return {"status": "ok", "articles": b.count_articles()}


@router.get("/articles", summary="Articles, newest first")
def list_articles(b: B, f: F, p: P, story: str | None = Query(None, description="story id")) -> Json:
    return b.articles(Filters(**{**_fields(f), "story": story or None}), p).to_dict()


@router.get("/articles/{article_id}", summary="One article's full record")
def get_article(b: B, article_id: str) -> Json:
    return _found(b.article(article_id), f"article {article_id!r}")


@router.post("/articles", status_code=201, dependencies=[Depends(require_token)],
             summary="Push a page: analyse it, store it, stream it",
             description="Body: a raw page (`Content-Type: text/html` or `text/plain`, optional `?url=`) or JSON "
                         '`{"url", "html"|"text"}`. 413 over the size limit, 422 when the page is refused.')
async def post_article(request: Request, url: str | None = Query(None, description="the page's URL")) -> JSONResponse:
    body = await read_body(request)
    ctype = _content_type(request)
    kind: str | None
    if ctype == "application/json":
        doc = _json(body)
        if not isinstance(doc, dict) or not isinstance(doc.get("html", doc.get("text")), str):
            raise InputError('a JSON body needs "html" or "text" (a string), and optionally "url"')
        kind = "html" if isinstance(doc.get("html"), str) else "text"
        content = doc[kind].encode("utf-8")
        url = doc.get("url") if isinstance(doc.get("url"), str) else url
    elif ctype in ("text/html", "application/xhtml+xml"):
        kind, content = "html", body
    elif ctype in ("text/plain", ""):
        kind, content = ("text" if ctype else None), body
    else:
        raise HTTPException(415, f"unsupported Content-Type {ctype!r}: send text/html, text/plain or application/json")
    from starlette.concurrency import run_in_threadpool

    pushed = await run_in_threadpool(backend(request).ingest, content, url=url, kind=kind)
    # 201 either way (the stable interface); the header tells a page stored before from a new one
    return JSONResponse(pushed.record, status_code=201,
                        headers={"Newsradar-Duplicate": "true" if pushed.duplicate else "false"})


@router.get("/search", summary="Full text over articles and quotes")
def search(b: B, f: F, p: P, kind: SearchKind = Query("all")) -> Json:
    if not f.q:
        raise InputError("search needs q (the words to look for)")
    return b.search(f, kind, p).to_dict()


@router.get("/entities", summary="Entities, most articles first")
def list_entities(b: B, f: F, p: P, type: str | None = Query(None, description="PERSON, ORG, GPE, …")) -> Json:
    return b.entities(f, type.upper() if type else None, p).to_dict()


@router.get("/entities/{key:path}", summary="One entity, who it appears with and its places")
def get_entity(b: B, key: Annotated[str, Path(description="entity key, URL-encoded")]) -> Json:
    return _found(b.entity(key), f"entity {key!r}")


@router.get("/quotes", summary="Quotes by speaker, by what they mention, by words")
def list_quotes(b: B, f: F, p: P, speaker: str | None = Query(None, description="entity key or name"),
                about: str | None = Query(None, description="entity key the quote mentions")) -> Json:
    return b.quotes(f, speaker or None, about or None, p).to_dict()


@router.get("/claims", summary="The claims ledger: one quantity as each source reports it")
def list_claims(b: B, f: F, p: P, unit: str | None = Query(None)) -> Json:
    return b.claims(f, unit or None, p).to_dict()


@router.get("/events", summary="Coded events (who did what to whom)")
def list_events(b: B, f: FNoWords, p: P, source: str | None = Query(None, description="actor code or entity key"),
                target: str | None = Query(None, description="actor code or entity key"),
                cameo: str | None = Query(None, description="CAMEO code or root prefix")) -> Json:
    # `source` here is the acting actor, not the article's site as elsewhere.
    return b.events(Filters(**{**_fields(f), "source": None}), source or None, target or None, cameo or None,
                    p).to_dict()


@router.get("/stories", summary="Stories, latest activity first")
def list_stories(b: B, f: F, p: P) -> Json:
    return b.stories(f, p).to_dict()


@router.get("/stories/{story_id}", summary="One story and its articles in arrival order")
def get_story(b: B, story_id: str) -> Json:
    return _found(b.story(story_id), f"story {story_id!r}")


@router.get("/trends", summary="Entities and event classes rising against their baseline")
def trends(b: B, window: Window = Query("24h")) -> Json:
    return b.trends(window)


@router.get("/timeline", summary="Volume and mean tone over time for an entity or a search")
def timeline(b: B, f: F, interval: Interval = Query("day")) -> Json:
    if not f.entity and not f.q:
        raise InputError("timeline needs entity (an entity key) or q (words)")
    return b.timeline(f, interval)


@router.get("/network", summary="The actor network: event counts between actors by CAMEO root")
def network(b: B, f: FNoWords, cameo: str | None = Query(None, description="CAMEO roots, comma-separated (01-20)"),
            limit: int = Query(100, description="most edges, 1 to 500")) -> Json:
    roots = [r.strip().zfill(2) for r in (cameo or "").split(",") if r.strip()]
    bad = [r for r in roots if r not in CAMEO_ROOTS]
    if bad:
        raise InputError(f"unknown CAMEO root(s) {', '.join(bad)}: roots are 01 to 20")
    return b.network(f, roots, check_int("limit", limit, 1, MAX_LIMIT))


@router.get("/alerts", summary="Saved searches")
def list_alerts(b: B, p: P) -> Json:
    return b.alerts(p).to_dict()


@router.post("/alerts", status_code=201, dependencies=[Depends(require_token)], summary="Save a search as an alert",
             description='Body (`Content-Type: application/json`): `{"name", "q"|"entity", "source"?, '
                         '"language"?}`. 415 for another content type.')
async def create_alert(request: Request) -> JSONResponse:
    ctype = _content_type(request)
    if ctype != "application/json":
        raise HTTPException(415, f"unsupported Content-Type {ctype or '(none)'!r}: send application/json")
    doc = _json(await read_body(request))
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str) or not doc["name"].strip():
        raise InputError('an alert needs a "name"')
    query = {k: doc.get(k) or None for k in ("q", "entity", "source", "language")}
    if any(v is not None and not isinstance(v, str) for v in query.values()):
        raise InputError("q, entity, source and language must be strings")
    if not query["q"] and not query["entity"]:
        raise InputError('an alert needs "q" (words) or "entity" (an entity key)')
    from starlette.concurrency import run_in_threadpool

    alert = await run_in_threadpool(backend(request).create_alert, doc["name"].strip(), query)
    return JSONResponse(alert, status_code=201)


@router.delete("/alerts/{alert_id}", status_code=204, dependencies=[Depends(require_token)], summary="Delete an alert")
def delete_alert(b: B, alert_id: str) -> Response:
    if not b.delete_alert(alert_id):
        raise HTTPException(404, f"no alert {alert_id!r}")
    return Response(status_code=204)


@router.get("/alerts/{alert_id}/matches", summary="Articles an alert matched, newest first")
def alert_matches(b: B, alert_id: str, p: P,
                  after: str | None = Query(None, description="an article id: the matches stored after it")) -> Json:
    page = b.alert_matches(alert_id, p, after or None)
    if page is None:
        raise HTTPException(404, f"no alert {alert_id!r}")
    return page.to_dict()


@router.get("/query/{command}", summary="What `newsradar query COMMAND` prints as JSON, for the CLI's --server",
            description="Parameters: the command's options as the CLI names them (`since`, `limit`, `cursor`, …), "
                        "all as strings; an unknown command or parameter is a 422 with the reason.")
def query(b: B, request: Request, command: str) -> JSONResponse:
    # the CLI's shapes, not the contract's: a CLI reading through the server prints what it prints
    # over the file (the contract's shapes carry other fields and leave some of the CLI's out)
    return JSONResponse(b.query(command, dict(request.query_params)))


@router.get("/stream", summary="Server-Sent Events: each record as it lands, alerts as they fire",
            response_class=StreamingResponse)
def stream(request: Request) -> StreamingResponse:
    return StreamingResponse(request.app.state.hub.events(request.headers.get("last-event-id")),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _content_type(request: Request) -> str:
    """The body's media type, without its parameters (``charset``)."""
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def _json(body: bytes) -> Any:
    """The body read as JSON, or InputError with the reason. A lone surrogate (``"\\udcff"``, valid
    JSON but not text) becomes U+FFFD, as an undecodable byte of a page does: left in, it fails
    whatever encodes the string later (ids, the store)."""
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise InputError(f"the body is not valid JSON: {exc}") from exc
    except RecursionError:  # the parser recurses once per level: [[[[…]]]] exhausts the stack
        raise InputError("the body is JSON nested too deeply to read") from None
    return _text_only(data) if b"\\ud" in body.lower() else data


def _text_only(value: Any) -> Any:
    if isinstance(value, str):
        return lone_surrogates_replaced(value)
    if isinstance(value, list):
        return [_text_only(v) for v in value]
    if isinstance(value, dict):
        return {_text_only(k): _text_only(v) for k, v in value.items()}
    return value


def _fields(f: Filters) -> Json:
    return {k: getattr(f, k) for k in Filters.__slots__}
