"""Every analytics test of test_analytics.py and test_analytics_views.py again, on the shared
PostgreSQL store (store/postgres.py): the same records, the same answers. (Skipped, saying why, where
no PostgreSQL server can be had: tests/pgcluster.py.)"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import pgcluster

if (why := pgcluster.unavailable()) is not None:
    pytest.skip(why, allow_module_level=True)

from newsradar.store import Store, open_store
from test_analytics import *  # noqa: F403  (their tests, run here with the fixture below)
from test_analytics_views import *  # noqa: F403

# These reach into the DuckDB store's FTS5 sidecar, which the PostgreSQL store has no need of.
del test_summaries_by_key_are_the_records_summary_also_when_the_sidecar_lacks_them  # noqa: F821
del test_quotes_by_key_are_the_records_own_also_when_the_sidecar_lacks_them  # noqa: F821
del test_the_country_codes_are_the_gazetteers  # noqa: F821  (no store: run once, in test_analytics.py)


@pytest.fixture()
def fresh_db() -> Iterator[Store]:
    """An empty, migrated PostgreSQL store of its own, in place of conftest's DuckDB file."""
    url = pgcluster.server().database()
    store = open_store(url)
    yield store
    store.close()
    pgcluster.server().drop(url)
