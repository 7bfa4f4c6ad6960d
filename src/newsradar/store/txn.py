"""One DuckDB transaction, rolled back whatever interrupts it.

A KeyboardInterrupt (Ctrl-C, or SIGTERM, which the CLI turns into one) can land between ``BEGIN``
and ``COMMIT``. Rolling back only on ``duckdb.Error`` left that transaction open on the shared
connection: the summaries thread then issued ``BEGIN`` inside it, and closing the store failed
with "cannot start a transaction within a transaction" instead of stopping cleanly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from newsradar.errors import StoreError


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection, failure: str) -> Iterator[None]:
    """Run the block in a transaction; a DuckDB error becomes ``StoreError(f"{failure}: …")``."""
    con.execute("BEGIN")
    try:
        yield
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"{failure}: {exc}") from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise
