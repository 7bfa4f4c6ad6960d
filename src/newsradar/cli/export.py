"""``newsradar export``: the store as JSON Lines, CSV, Parquet or GDELT-style tables."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from newsradar.cli.app import app, settings
from newsradar.cli.query import open_for_reading
from newsradar.errors import NewsradarError
from newsradar.export import export as run_export


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt_events = "gdelt-events"
    gdelt_gkg = "gdelt-gkg"


@app.command()
def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="jsonl (full records), csv or parquet (one row per "
                                     "article), gdelt-events or gdelt-gkg (GDELT-style tab-separated tables)."),
    db: str | None = typer.Option(None, "--db", help="The database file, or a PostgreSQL URL (default: the `db` "
                                  "setting)."),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output file (default: stdout; Parquet needs a file)."),
) -> None:
    """Write every stored article in one format."""
    store = open_for_reading(db or settings().db)
    try:
        if fmt is ExportFormat.parquet or out is None:
            n = run_export(store, fmt.value, sys.stdout, path=out)
            sys.stdout.flush()  # a full disk or a closed pipe shows here, not at exit
        else:
            with out.open("w", encoding="utf-8", newline="") as fh:
                n = run_export(store, fmt.value, fh)
    except NewsradarError as exc:
        typer.echo(f"newsradar: {exc.reason}", err=True)
        raise typer.Exit(2) from exc
    except OSError as exc:  # a missing folder, a folder given as the file, a full disk
        typer.echo(f"newsradar: cannot write {out or 'to standard output'}: {exc.strerror or exc}", err=True)
        raise typer.Exit(2) from exc
    finally:
        store.close()
    typer.echo(f"exported {n} rows", err=True)
