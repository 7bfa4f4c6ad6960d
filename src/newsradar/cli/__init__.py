"""The ``newsradar`` command line: one module per command family, each registering on ``app``."""

from __future__ import annotations

import signal
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


def _terminated(signum: int, frame: object) -> None:
    # SIGTERM (a supervisor, kill) unwinds like Ctrl-C: the store closes and worker processes are told
    # to stop, where the default handler ended this process at once and left its workers running
    raise KeyboardInterrupt


def main() -> None:
    signal.signal(signal.SIGTERM, _terminated)
    try:
        app()
    except NewsradarError as exc:  # an error no command caught (a bad option value): its reason, no traceback
        typer.echo(f"newsradar: {exc.reason}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:  # one that arrived while a command was already unwinding from another
        _interrupted()
    except RuntimeError as exc:
        # DuckDB turns an interrupt that lands inside a query into RuntimeError("Query interrupted"),
        # caused by the KeyboardInterrupt: the same Ctrl-C or SIGTERM, not a fault to trace back.
        if not isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
            raise
        _interrupted()


def _interrupted() -> None:
    typer.echo("newsradar: interrupted; what was committed before is kept", err=True)
    sys.exit(130)


__all__ = ["app", "main"]
