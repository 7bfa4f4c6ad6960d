"""The ``newsradar`` command line: one module per command family, each registering on ``app``."""

from __future__ import annotations

from newsradar.cli.app import app
from newsradar.cli import analyze as _analyze  # noqa: F401  (registers its command)


def main() -> None:
    app()


__all__ = ["app", "main"]
