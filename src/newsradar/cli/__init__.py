"""The ``newsradar`` command line: one module per command family, each registering on ``app``."""

from __future__ import annotations

from newsradar.cli import analyze as _analyze  # noqa: F401  (registers its command)
from newsradar.cli import serve as _serve  # noqa: F401  (registers its command)
from newsradar.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
