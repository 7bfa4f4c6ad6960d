"""The web dashboard: static HTML, CSS and JavaScript shipped inside the package (no CDN, no build step).

The pages are drawn in the browser from the JSON API (see ``docs/api.md``); the API app mounts
:data:`STATIC_DIR` at ``/static`` and serves :data:`INDEX` at ``/``.
"""

from __future__ import annotations

from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
INDEX = STATIC_DIR / "index.html"

__all__ = ["INDEX", "STATIC_DIR"]
