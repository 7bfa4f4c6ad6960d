"""A dashboard server on a free localhost port (uvicorn in a thread) and headless Chromium, for the
browser tests. Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright; nothing is downloaded."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Run ``app`` with uvicorn in a thread; yields its base URL."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           timeout_graceful_shutdown=1, lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser, or a skip that says why there is none."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip("browser tests skipped: /usr/bin/chromium is missing (apt-get install chromium chromium-driver; "
                    ".ci/run installs it)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("browser tests skipped: Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def shot(page: Any, name: str, backend: str = "store") -> None:
    """Keep a screenshot as a test artifact: ``test-artifacts/<backend>/<name>.png``."""
    folder = ARTIFACTS / backend
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def open_page(page: Any, url: str, timeout: float = 5000) -> None:
    """Navigate and wait for the page's ready mark (set when its data is drawn)."""
    page.goto(url)
    page.wait_for_selector("body[data-ready]", timeout=timeout)


def wait_ready(page: Any, name: str, timeout: float = 5000) -> None:
    page.wait_for_selector(f'body[data-ready="{name}"]', timeout=timeout)


def click_and_wait(page: Any, selector: str, name: str, timeout: float = 5000) -> None:
    """Click a link to another dashboard page and wait until that page is drawn."""
    before = page.evaluate("window.newsradarReady || 0")
    page.click(selector)
    page.wait_for_function(f"(window.newsradarReady || 0) > {before}", timeout=timeout)
    wait_ready(page, name, timeout)
