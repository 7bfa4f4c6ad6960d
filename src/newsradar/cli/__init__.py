"""The ``newsradar`` command line: one module per command family, each registering on ``app``."""

from __future__ import annotations

import sys

import typer

from newsradar.cli import alerts as _alerts  # noqa: F401  (each module registers its commands)
from newsradar.cli import analyze as _analyze  # noqa: F401
from newsradar.cli import export as _export  # noqa: F401
from newsradar.cli import ingest as _ingest  # noqa: F401
from newsradar.cli import query as _query  # noqa: F401
from newsradar.cli import serve as _serve  # noqa: F401
from newsradar.cli.app import app
from newsradar.errors import NewsradarError


def main() -> None:
    try:
        app()
    except NewsradarError as exc:  # an error no command caught (a bad option value): its reason, no traceback
        typer.echo(f"newsradar: {exc.reason}", err=True)
        sys.exit(2)


__all__ = ["app", "main"]
