"""The Typer application and the options every command shares."""

from __future__ import annotations

import logging
from pathlib import Path

import typer

from newsradar.errors import ConfigError
from newsradar.settings import Settings, load_settings

app = typer.Typer(
    name="newsradar",
    help="Turn raw news pages into structured, queryable facts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

state: dict[str, Settings] = {}


@app.callback()
def _root(
    config: Path | None = typer.Option(None, "--config", help="TOML settings file (default: "
                                       "~/.config/newsradar/config.toml)."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log what each stage does."),
) -> None:
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    try:
        state["settings"] = load_settings(config)
    except ConfigError as exc:
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(2) from exc


def settings() -> Settings:
    return state.get("settings") or Settings()
