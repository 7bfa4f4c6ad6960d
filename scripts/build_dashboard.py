"""Bundle the dashboard's ES modules into one file: one request and one parse instead of eighteen.

    python3 scripts/build_dashboard.py

Runs esbuild from the npm registry (``npx``; only needed to rebuild, never at run time) over
``src/newsradar/web/static/js/app.js`` and writes ``src/newsradar/web/static/bundle/app.js``, whose
first line records a hash of the sources; ``tests/test_web_assets.py`` fails when the sources change
and the bundle was not rebuilt.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

ESBUILD = "esbuild@0.25.12"
STATIC = Path(__file__).resolve().parent.parent / "src" / "newsradar" / "web" / "static"
BUNDLE = STATIC / "bundle" / "app.js"


def sources_hash(static: Path = STATIC) -> str:
    """sha256 over every bundled source (the modules and the vendored topojson client), by path."""
    digest = hashlib.sha256()
    files = sorted([*(static / "js").rglob("*.js"), static / "vendor" / "topojson-client.min.js"])
    for path in files:
        digest.update(path.relative_to(static).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def banner(digest: str) -> str:
    return (f"// newsradar dashboard bundle, sources sha256:{digest} (rebuild: python3 scripts/build_dashboard.py);"
            " includes topojson-client 3.1.0, ISC licence, see vendor/LICENSES")


def main() -> None:
    BUNDLE.parent.mkdir(exist_ok=True)
    cmd = ["npx", "--yes", ESBUILD, str(STATIC / "js" / "app.js"), "--bundle", "--format=esm", "--minify",
           "--target=es2020", "--legal-comments=inline", f"--banner:js={banner(sources_hash())}",
           f"--outfile={BUNDLE}", "--log-level=warning"]
    subprocess.run(cmd, check=True)
    print(f"wrote {BUNDLE} ({BUNDLE.stat().st_size:,} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
