"""Writing the text index (the SQLite FTS5 sidecar), in this process or in a child process.

A bulk load hands the index to a child process: FTS5 tokenising and merging is a third of a load's
work, and in a thread of the loading process it fought the row-building thread for the GIL (each of
SQLite's calls gives the GIL up and takes it back), which cost more CPU than the indexing itself.
In a process of its own it runs on the other core untouched.

This module imports only the standard library, so that the child starts in a few tens of
milliseconds: it runs as ``python -I textwriter.py INDEX`` and does not import newsradar (whose
package import loads the NLP stack).
"""

from __future__ import annotations

import itertools
import marshal
import sqlite3
import struct
import subprocess
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

ROWS_PER_STATEMENT = 200  # rows of one INSERT (at most 3 values each, far below SQLite's cap)
_FRAME = struct.Struct("<Q")


def insert(con: sqlite3.Connection, target: str, width: int, rows: Iterable[Sequence[object]]) -> None:
    """INSERT OR REPLACE the rows, ROWS_PER_STATEMENT to a statement. Not executemany: it takes
    back the GIL after every row, and while another thread runs Python each take waits out a
    switch interval: ten times the work's own time, measured. One statement per couple of hundred
    rows waits once for them all."""
    values = "(" + ",".join("?" * width) + ")"
    it = iter(rows)
    while part := list(itertools.islice(it, ROWS_PER_STATEMENT)):
        con.execute(f"INSERT OR REPLACE INTO {target} VALUES " + ",".join([values] * len(part)),
                    [value for row in part for value in row])


def write(con: sqlite3.Connection, articles: Iterable[tuple[int, str | None, str]],
          quotes: Iterable[tuple[int, str | None, str]], summaries: Iterable[tuple[int, str]],
          quote_records: Iterable[tuple[int, str]]) -> None:
    """Index (key, title|speaker, text) rows and keep (seq, summary JSON) and (qid, quote JSON)
    rows, in one transaction; re-adding a key replaces it."""
    con.execute("BEGIN")
    try:
        insert(con, "article_text(rowid, title, text)", 3, articles)
        insert(con, "quote_text(rowid, speaker, text)", 3, quotes)
        insert(con, "kept_summary", 2, summaries)
        insert(con, "kept_quote", 2, quote_records)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _send(stream: IO[bytes], value: Any) -> None:
    # marshal, not pickle: the rows are tuples of ints, strings and None, which it writes several
    # times faster, and it can only ever rebuild such plain values
    data = marshal.dumps(value)
    stream.write(_FRAME.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> Any:
    """The next value; EOFError at the end of input, or when it ends inside a frame (the writer
    was killed while sending: that batch was never acknowledged, and a store's catch-up redoes it)."""
    head = stream.read(_FRAME.size)
    if len(head) < _FRAME.size:
        raise EOFError
    size = _FRAME.unpack(head)[0]
    data = stream.read(size)
    if len(data) < size:
        raise EOFError
    return marshal.loads(data)


class ChildWriter:
    """Writes batches into the index at ``path`` from a child process, one at a time and in the
    order given (the index's catch-up after a crash relies on keys arriving in order)."""

    def __init__(self, path: Path) -> None:
        try:
            self._proc = subprocess.Popen([sys.executable, "-I", __file__, str(path)],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        except OSError as exc:
            raise RuntimeError(f"cannot start the text index writer: {exc}") from exc

    def add(self, articles: list[tuple[int, str | None, str]], quotes: list[tuple[int, str | None, str]],
            summaries: list[tuple[int, str]], quote_records: list[tuple[int, str]]) -> None:
        """Write one batch; returns when the child has committed it."""
        assert self._proc.stdin is not None and self._proc.stdout is not None
        try:
            _send(self._proc.stdin, (articles, quotes, summaries, quote_records))
            reply = _receive(self._proc.stdout)
        except (OSError, EOFError, ValueError) as exc:
            raise RuntimeError(f"the text index writer stopped (exit code {self._proc.poll()})") from exc
        if reply is not None:
            raise RuntimeError(f"the text index writer failed: {reply}")

    def close(self) -> None:
        """End the child's input and wait for it (it commits nothing half-sent)."""
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:  # the child is gone: what was buffered for it has nowhere to go
            pass
        self._proc.wait()
        if self._proc.stdout is not None:
            self._proc.stdout.close()


def serve(path: str) -> int:
    """The child's loop: write each batch read from stdin, answer None when it is committed or the
    reason it failed; stop at the end of input."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=NORMAL")
    con.execute("PRAGMA busy_timeout=10000")  # the parent's connection may be reading
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            batch = _receive(inp)
        except EOFError:
            break
        try:
            write(con, *batch)
        except Exception as exc:  # reported to the parent, which raises it; the child goes on
            _send(out, f"{type(exc).__name__}: {exc}")
        else:
            _send(out, None)
    con.close()
    return 0


if __name__ == "__main__":
    sys.exit(serve(sys.argv[1]))
