"""SourceState: what the sources remember between runs, as string key-value pairs by namespace.

Two namespaces are used: ``"seen"`` (items already yielded: feed entries, sitemap URLs, files,
archive records, with a version such as a lastmod or an mtime) and ``"http"`` (the ETag and
Last-Modified validators of feeds, sitemaps and pages, for conditional GET). The store persists the
state in its own database; :class:`MemoryState` and :class:`JsonFileState` serve everyone else.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Protocol, runtime_checkable

from newsradar.errors import ConfigError


@runtime_checkable
class SourceState(Protocol):
    """A small persistent map ``(namespace, key) -> value``; all three are strings."""

    def get(self, namespace: str, key: str) -> str | None: ...

    def set(self, namespace: str, key: str, value: str) -> None: ...

    def items(self, namespace: str) -> Iterator[tuple[str, str]]: ...


class MemoryState:
    """State that lives as long as the object (tests, one-off runs, a long-lived ``watch``)."""

    def __init__(self) -> None:
        self._data: dict[str, dict[str, str]] = {}

    def get(self, namespace: str, key: str) -> str | None:
        return self._data.get(namespace, {}).get(key)

    def set(self, namespace: str, key: str, value: str) -> None:
        self._data.setdefault(namespace, {})[key] = value

    def items(self, namespace: str) -> Iterator[tuple[str, str]]:
        yield from list(self._data.get(namespace, {}).items())


class JsonFileState(MemoryState):
    """State kept in a JSON file, rewritten atomically (write a temporary file, then rename).

    Writes are batched: the file is saved at most every ``save_every`` seconds while values change,
    and always on :meth:`flush`, :meth:`close` or leaving a ``with`` block. A crash between saves
    forgets the latest marks, so their items are yielded again: harmless, as ingestion is idempotent.
    """

    def __init__(self, path: str | Path, *, save_every: float = 2.0) -> None:
        super().__init__()
        self.path = Path(path)
        self.save_every = save_every
        self._dirty = False
        self._saved_at = time.monotonic()
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise ConfigError(f"cannot read source state file {self.path}: {exc}") from exc
            if not isinstance(data, dict) or not all(
                    isinstance(ns, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in ns.items())
                    for ns in data.values()):
                raise ConfigError(f"source state file {self.path} is not a JSON object of string maps")
            self._data = data

    def set(self, namespace: str, key: str, value: str) -> None:
        if self.get(namespace, key) == value:
            return
        super().set(namespace, key, value)
        self._dirty = True
        if time.monotonic() - self._saved_at >= self.save_every:
            self.flush()

    def flush(self) -> None:
        if not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=self.path.name + ".", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._data, fh, ensure_ascii=False, sort_keys=True)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False
        self._saved_at = time.monotonic()

    def close(self) -> None:
        self.flush()

    def __enter__(self) -> JsonFileState:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
