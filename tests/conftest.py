"""Fixtures shared by every test module."""

from __future__ import annotations

from pathlib import Path

import pytest

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
