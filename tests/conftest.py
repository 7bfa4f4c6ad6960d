"""Fixtures shared by every test module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from newsradar.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (gold data and the seed page); gold gates skip, saying why, when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip(f"gold data not found at {SHARED}: quality gates skipped (CI keeps ../shared beside "
                    "the checkout)")
    return SHARED


@pytest.fixture(scope="session")
def nlp_model() -> object:
    """The spaCy pipeline, loaded once for the whole test session."""
    from newsradar.enrich.nlp import load_model
    from newsradar.settings import Settings

    return load_model(Settings().model)


@pytest.fixture()
def fresh_db(tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated DuckDB store in its own folder, closed after the test."""
    from newsradar.store import open_store

    store = open_store(tmp_path / "news.duckdb")
    yield store
    store.close()
