"""``newsradar query …``: the analytics from the shell, as tables or JSON."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from newsradar.analytics import Filters, commands
from newsradar.cli import remote
from newsradar.cli.app import app, settings
from newsradar.cli.remote import SERVER
from newsradar.cli.render import table_console
from newsradar.errors import NewsradarError
from newsradar.store import Store, is_url, open_store

query_app = typer.Typer(help="Ask the store: trends, timelines, quotes, claims, events, stories, search, "
                        "networks, entities, one entity, articles.", no_args_is_help=True)
app.add_typer(query_app, name="query")


class Fmt(StrEnum):
    table = "table"
    json = "json"


DB = typer.Option(None, "--db", help="The database file, or a PostgreSQL URL postgresql://user@host/db "
                  "(default: the `db` setting).")
FMT = typer.Option(Fmt.table, "--format", "-f", help="table (for people) or json.")
SINCE = typer.Option(None, "--since", help="Only from this ISO date or date-time on (UTC), or from this long "
                     "ago (30m, 24h, 7d, 2w).")
UNTIL = typer.Option(None, "--until", help="Only before this ISO date or date-time (UTC), or before this long ago.")
SOURCE = typer.Option(None, "--source", help="Only from this site name, source (path, URL) or host.")
LANGUAGE = typer.Option(None, "--language", help="Only in this language (ISO 639-1, e.g. en).")
ENTITY = typer.Option(None, "--entity", help="Only articles mentioning this entity (a name, or a key like "
                      "'PERSON:jane doe').")
LIMIT = typer.Option(20, "--limit", "-n", help="Items per page (1-1000).")
CURSOR = typer.Option(None, "--cursor", help="The `next` cursor of the previous page.")
CAMEO = typer.Option(None, "--cameo", help="A CAMEO code or prefix (e.g. 19), or several: 19,14.")


def open_for_reading(db: str | Path) -> Store:
    if not is_url(db) and not Path(db).expanduser().exists():
        typer.echo(f"newsradar: no database at {db}: ingest something first (newsradar ingest … --db {db})", err=True)
        raise typer.Exit(2)
    try:
        return open_store(db, read_only=True)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}{remote.busy_hint(exc, db)}", err=True)
        raise typer.Exit(2) from exc


def answer(db: str | None, server: str | None, command: str, **options: str | int | bool | None) -> Any:
    """What ``command`` (:mod:`newsradar.analytics.commands`) answers with these options: on the
    server at ``server``, else on the store opened read-only (a bad argument: exit 2 with its reason).
    Both take the options as the strings a query string carries, so both read them alike."""
    server = remote.check(db, server)
    params = {k: ("true" if v is True else str(v)) for k, v in options.items() if v is not None and v is not False}
    if server:
        return remote.ask(server, command, params)
    store = open_for_reading(db or settings().db)
    try:
        return commands.run(store, command, params)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()


def show(data: Any, fmt: Fmt, columns: list[str], rows: str = "items") -> None:
    """``data`` as JSON, or its ``rows`` as a table with the next-page hint under it."""
    if fmt is Fmt.json:
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _table(data.get(rows, []) if isinstance(data, dict) else data, columns)
    if isinstance(data, dict):
        next_page_hint(data)


def next_page_hint(page: dict[str, Any]) -> None:
    """Under a table, on stderr: how to ask for the page after this one (JSON carries ``next``)."""
    if page.get("next"):
        typer.echo(f"{page.get('total')} in all; next page: --cursor {page['next']}", err=True)


def _table(items: list[dict[str, Any]], columns: list[str]) -> None:
    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for item in items:
        table.add_row(*[_cell(item.get(c)) for c in columns])
    table_console().print(table)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v is not None)
    if isinstance(value, list):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def _filters(since: str | None, until: str | None, source: str | None, language: str | None,
             entity: str | None) -> dict[str, str | None]:
    """The filter options, checked here (a bad date: a usage error, exit 2) before either path reads them."""
    try:
        Filters.of(since, until, source, language, entity)
    except NewsradarError as exc:
        raise typer.BadParameter(exc.reason) from exc
    return {"since": since, "until": until, "source": source, "language": language, "entity": entity}


@query_app.command()
def trends(window: str = typer.Option("24h", "--window", help="1h or 24h (the API's and dashboard's default)."),
           kind: str = typer.Option("entities", "--kind", help="entities or events (by CAMEO root)."),
           at: str | None = typer.Option(None, "--at", help="End of the window (default: the newest article)."),
           source: str | None = SOURCE, language: str | None = LANGUAGE, limit: int = LIMIT,
           db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """What spikes now against its own baseline."""
    _filters(at, None, None, None, None)
    show(answer(db, server, "trends", window=window, kind=kind, at=at, source=source, language=language, limit=limit),
         fmt, ["id", "name", "current", "baseline", "score"])


@query_app.command()
def timeline(entity: str | None = typer.Option(None, "--entity", help="An entity's name or key."),
             q: str | None = typer.Option(None, "--q", "-q", help="Words to search for."),
             interval: str = typer.Option("day", "--interval", help="hour or day (the REST API's default too)."),
             since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
             language: str | None = LANGUAGE, db: str | None = DB, server: str | None = SERVER,
             fmt: Fmt = FMT) -> None:
    """Volume and mean tone per hour or day."""
    _filters(since, until, source, language, None)
    show(answer(db, server, "timeline", entity=entity, q=q, interval=interval, since=since, until=until,
                source=source, language=language), fmt, ["bucket", "articles", "tone"])


@query_app.command()
def quotes(speaker: str | None = typer.Option(None, "--speaker", help="Words of the speaker's name."),
           q: str | None = typer.Option(None, "--q", "-q", help="Words in the quote."),
           since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
           language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
           cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Who said what."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "quotes", speaker=speaker, q=q, **f, limit=limit, cursor=cursor),
         fmt, ["speaker", "kind", "text", "site", "ts"])


@query_app.command()
def claims(unit: str | None = typer.Option(None, "--unit",
                                           help="Words of the unit or of the measure (e.g. 'people', 'killed')."),
           disputed: bool = typer.Option(False, "--disputed", help="Only where sources give different values."),
           since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
           language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
           cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """The claims ledger: one quantity as different sources report it."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "claims", unit=unit, disputed=disputed, **f, limit=limit, cursor=cursor),
         fmt, ["story_id", "unit", "measure", "values", "sites", "disputed"])


@query_app.command()
def events(source_actor: str | None = typer.Option(None, "--actor", help="Source actor: a name or CAMEO code."),
           target: str | None = typer.Option(None, "--target", help="Target actor: a name or CAMEO code."),
           cameo: str | None = CAMEO,
           since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
           language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
           cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Who did what to whom."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "events", actor=source_actor, target=target, cameo=cameo, **f, limit=limit, cursor=cursor),
         fmt, ["source_name", "source_code", "cameo", "plover", "target_name", "target_code", "ts"])


@query_app.command()
def network(cameo: str | None = CAMEO,
            since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
            language: str | None = LANGUAGE, entity: str | None = ENTITY,
            limit: int = typer.Option(100, "--limit", "-n", help="Strongest edges to show."),
            db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Actor network: event counts by CAMEO root between actors."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "network", cameo=cameo, **f, limit=limit),
         fmt, ["source_name", "root", "root_name", "target_name", "events", "goldstein"], rows="edges")


@query_app.command()
def stories(min_articles: int = typer.Option(1, "--min-articles", help="Only stories with this many articles."),
            since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
            language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
            cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Stories with their article and source counts and first report."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "stories", min_articles=min_articles, **f, limit=limit, cursor=cursor),
         fmt, ["id", "title", "articles", "sources", "first_report", "last_seen"])


@query_app.command()
def search(q: str = typer.Argument(..., help="Words (ANDed), \"phrases\", OR, NOT, (groups), prefix*."),
           since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
           language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
           cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Full-text search over articles and quotes."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "search", q=q, **f, limit=limit, cursor=cursor),
         fmt, ["kind", "score", "title", "speaker", "snippet", "site"])


@query_app.command()
def entities(q: str | None = typer.Option(None, "--q", "-q", help="Words of the name."),
             kind: str | None = typer.Option(None, "--type", help="PERSON, ORG, GPE, LOC, …"),
             since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
             language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
             cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Entities by the number of articles mentioning them (with --entity: in the articles mentioning it)."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "entities", q=q, type=kind, **f, limit=limit, cursor=cursor),
         fmt, ["id", "name", "type", "country", "articles", "mentions"])


@query_app.command()
def entity(name: str = typer.Argument(..., metavar="NAME_OR_KEY",
                                      help="The entity's name, or its key (e.g. 'PERSON:jane doe')."),
           db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    # one line: Typer's help keeps a docstring's line breaks ("aliases⏎ and roles" in `query --help`)
    """One entity as GET /api/entities/{key} shows it: totals, aliases, roles, companions, places."""
    found = answer(db, server, "entity", name=name)
    profile, near = found["profile"], found["near"]
    if profile is None:
        hint = ("; entities whose names hold it: " + ", ".join(f"{e['name']} ({e['id']})" for e in near) if near
                else " (newsradar query entities --q … lists them)")
        typer.echo(f"newsradar: no entity {name!r} in the store{hint}", err=True)
        raise typer.Exit(1)
    if fmt is Fmt.json:
        typer.echo(json.dumps(profile, ensure_ascii=False, indent=2))
        return
    # one record: a field per line reads better than ten folded columns
    _table([{"field": k, "value": v} for k, v in profile["entity"].items()], ["field", "value"])
    _table(profile["cooccurring"], ["key", "name", "type", "together"])
    if profile["places"]:
        _table(profile["places"], ["name", "country", "lat", "lon", "mentions"])


@query_app.command()
def articles(q: str | None = typer.Option(None, "--q", "-q", help="Words to search for."),
             since: str | None = SINCE, until: str | None = UNTIL, source: str | None = SOURCE,
             language: str | None = LANGUAGE, entity: str | None = ENTITY, limit: int = LIMIT,
             cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Stored articles, newest first (best match first with --q)."""
    f = _filters(since, until, source, language, entity)
    show(answer(db, server, "articles", q=q, **f, limit=limit, cursor=cursor),
         fmt, ["id", "title", "site", "language", "ts", "story_id"])
