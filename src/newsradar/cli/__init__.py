"""The ``newsradar`` command line: one module per command family, each registering on ``app``."""

from __future__ import annotations

from newsradar.cli import alerts as _alerts  # noqa: F401  (each module registers its commands)
from newsradar.cli import analyze as _analyze  # noqa: F401
from newsradar.cli import export as _export  # noqa: F401
from newsradar.cli import ingest as _ingest  # noqa: F401
from newsradar.cli import query as _query  # noqa: F401
from newsradar.cli import serve as _serve  # noqa: F401
from newsradar.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
