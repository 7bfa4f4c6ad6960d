"""``newsradar alerts …``: saved searches that fire on new matches."""

from __future__ import annotations

import json
from urllib.parse import quote

import typer

from newsradar import analytics as an
from newsradar.cli import remote
from newsradar.cli.app import app, settings
from newsradar.cli.ingest import open_for_writing
from newsradar.cli.query import CURSOR, DB, FMT, Fmt, answer, show
from newsradar.cli.remote import SERVER, TOKEN
from newsradar.errors import NewsradarError

alerts_app = typer.Typer(help="Saved searches, evaluated on every ingest.", no_args_is_help=True)
app.add_typer(alerts_app, name="alerts")


@alerts_app.command("add")
def add(name: str = typer.Argument(..., help="A name for the alert."),
        q: str | None = typer.Option(None, "--q", "-q", help="Words to look for in new articles."),
        entity: str | None = typer.Option(None, "--entity", help="An entity new articles must mention."),
        language: str | None = typer.Option(None, "--language", help="Only articles in this language."),
        site: str | None = typer.Option(None, "--site", help="Only articles from this site."),
        db: str | None = DB, server: str | None = SERVER, token: str | None = TOKEN) -> None:
    """Save an alert; it matches articles ingested from now on."""
    server = remote.check(db, server)
    if server:
        body = {"name": name, "q": q, "entity": entity, "language": language, "source": site}
        saved = remote.request(server, "POST", "/api/alerts", body=body, token=token)[1]
        # printed as the file's path prints it (the route answers in the API's shape)
        typer.echo(json.dumps(answer(None, server, "alert", alert=saved["id"]), ensure_ascii=False))
        return
    store = open_for_writing(db, settings(), server_hint=True)
    try:
        alert = an.create_alert(store, name, q=q, entity=entity, language=language, site=site)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(json.dumps(alert, ensure_ascii=False))


@alerts_app.command("list")
def list_(db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """Every alert with its match count and newest matches."""
    show(answer(db, server, "alerts"), fmt, ["id", "name", "q", "entity", "matches", "last_match", "recent"])


@alerts_app.command("matches")
def matches(alert_id: str = typer.Argument(..., help="The alert's id."),
            after: str | None = typer.Option(None, "--after", help="Only matches newer than this article id."),
            limit: int = typer.Option(20, "--limit", "-n", help="Items per page (1-1000)."),
            cursor: str | None = CURSOR, db: str | None = DB, server: str | None = SERVER, fmt: Fmt = FMT) -> None:
    """An alert's matches, newest first."""
    page = answer(db, server, "alert-matches", alert=alert_id, after=after, limit=limit, cursor=cursor)
    if page is None:
        typer.echo(f"newsradar: no alert {alert_id}", err=True)
        raise typer.Exit(1)
    show(page, fmt, ["id", "title", "site", "ts", "matched_at"])


@alerts_app.command("delete")
def delete(alert_id: str = typer.Argument(..., help="The alert's id."), db: str | None = DB,
           server: str | None = SERVER, token: str | None = TOKEN) -> None:
    """Delete an alert and its matches."""
    server = remote.check(db, server)
    if server:
        found = remote.request(server, "DELETE", f"/api/alerts/{quote(alert_id, safe='')}", token=token,
                               absent_ok=True)[0] != 404
    else:
        store = open_for_writing(db, settings(), server_hint=True)
        try:
            found = an.delete_alert(store, alert_id)
        finally:
            store.close()
    if not found:
        typer.echo(f"newsradar: no alert {alert_id}", err=True)
        raise typer.Exit(1)
