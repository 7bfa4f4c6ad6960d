"""``newsradar serve``: the REST API, the live stream and the dashboard over the store."""

from __future__ import annotations

import secrets
from pathlib import Path

import typer

from newsradar.cli.app import app, settings
from newsradar.errors import NewsradarError


@app.command()
def serve(
    db: Path | None = typer.Option(None, "--db", help="The store's database file (default: the `db` setting)."),
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on; beyond localhost, writes need a token."),
    port: int = typer.Option(8765, "--port", help="TCP port."),
    token: str | None = typer.Option(None, "--token", envvar="NEWSRADAR_TOKEN",
                                     help="Token that POST and DELETE requests must send as 'Authorization: Bearer "
                                          "TOKEN'. Listening beyond localhost without one makes a random token."),
) -> None:
    """Serve the API (/api, OpenAPI at /docs), the live stream (/api/stream) and the dashboard (/)."""
    import uvicorn

    from newsradar.api import create_app
    from newsradar.api.security import is_loopback

    if token is None and not is_loopback(host):
        token = secrets.token_urlsafe(24)
        typer.echo(f"newsradar: listening beyond localhost, so writes need this token: {token}", err=True)
    try:
        web = create_app(settings().with_overrides(db=db), host=host, token=token)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(1) from exc
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"newsradar: dashboard at http://{shown}:{port}/ , API docs at http://{shown}:{port}/docs", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")
