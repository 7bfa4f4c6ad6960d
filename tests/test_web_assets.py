"""The dashboard's files: all local, all reachable from the page, the bundle built from these sources."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backends import local_client
from memory_backend import MemoryBackend
from newsradar.api import create_app
from newsradar.store.rows import entity_key
from newsradar.web import STATIC_DIR
from records import make_records

ROOT = Path(__file__).resolve().parent.parent


def _build_script() -> object:
    spec = importlib.util.spec_from_file_location("build_dashboard", ROOT / "scripts" / "build_dashboard.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_bundle_is_built_from_the_current_sources() -> None:
    build = _build_script()
    first = (STATIC_DIR / "bundle" / "app.js").read_text(encoding="utf-8").splitlines()[0]
    assert first == build.banner(build.sources_hash()), (  # type: ignore[attr-defined]
        "the dashboard's JS sources changed: rebuild the bundle with python3 scripts/build_dashboard.py")


def test_no_asset_comes_from_another_host() -> None:
    for path in STATIC_DIR.rglob("*"):
        if path.suffix in {".html", ".js", ".css"} and "vendor" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(?:src|href|import|from|url)\s*\(?\s*["']https?://""", text), path
            for ref in re.findall(r"""(?:from|import\()\s*["'](\.[^"']+)["']""", text):
                assert (path.parent / ref).resolve().exists(), f"{path.name} imports missing {ref}"


def test_the_page_and_everything_it_loads_are_served() -> None:
    client = local_client(create_app(backend=MemoryBackend(make_records(3, datetime.now(UTC)))))
    index = client.get("/")
    assert index.status_code == 200 and "text/html" in index.headers["content-type"]
    refs = re.findall(r'(?:src|href)="(static/[^"]+)"', index.text)
    assert "static/bundle/app.js" in [r.split("?")[0] for r in refs]
    for ref in refs:
        res = client.get("/" + ref)
        assert res.status_code == 200, ref
        # addressed by a hash of its content, so the browser keeps it without asking again
        assert re.search(r"\?v=[0-9a-f]{12}$", ref) and "immutable" in res.headers["cache-control"], ref
    bundle = client.get("/static/bundle/app.js")
    assert "javascript" in bundle.headers["content-type"]
    for fetched in re.findall(r'fetch\("(static/[^"]+)"', bundle.text):
        res = client.get("/" + fetched)
        assert res.status_code == 200, fetched
        if "/vendor/" in fetched:  # kept by the browser for a day: it changes only with a release
            assert "max-age=86400" in res.headers["cache-control"], fetched


def test_the_dashboard_folds_entity_keys_as_the_store_does(tmp_path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("no node to run the dashboard's modules")
    names = ["Jonas Gahr Støre", "ŁÓDŹ", "Straße", "STRAẞE", "Işıklar", "İstanbul", "Æsir  Þór", "Müller", "Đorđe"]
    script = tmp_path / "keys.mjs"
    keys = f'{json.dumps(names)}.map((name) => entityKey({{type: "PERSON", name}}))'
    script.write_text(f'import {{ entityKey }} from {json.dumps((STATIC_DIR / "js" / "util.js").as_uri())};\n'
                      f"console.log(JSON.stringify({keys}));\n", encoding="utf-8")
    out = subprocess.run([node, str(script)], capture_output=True, text=True, check=True, timeout=60).stdout
    assert json.loads(out) == [entity_key(n, "PERSON") for n in names]
