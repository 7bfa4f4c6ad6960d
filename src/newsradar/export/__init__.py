"""Export the store: JSON Lines (the record), CSV and Parquet (one row per article), and GDELT-style
Events and GKG tables (tab-separated, with a header line naming GDELT's columns)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from newsradar.errors import InputError
from newsradar.export.gdelt import EVENT_COLUMNS, GKG_COLUMNS, event_rows, gkg_row
from newsradar.store.base import Store

FORMATS = ("jsonl", "csv", "parquet", "gdelt-events", "gdelt-gkg")
CSV_COLUMNS = ("id", "url", "source", "site", "title", "authors", "language", "section", "tags", "published",
               "published_source", "published_confidence", "ts", "ingested_at", "tone", "tone_positive",
               "tone_negative", "story_id", "duplicate_of", "entities", "quotes", "claims", "events", "text")
_SQL = ("SELECT a.id, a.url, a.source, a.site, a.title, a.record, a.language, a.section, a.published, a.ts, "
        "a.ingested_at, a.tone, a.tone_positive, a.tone_negative, a.story_id, a.duplicate_of, a.n_entities AS "
        "entities, a.n_quotes AS quotes, a.n_claims AS claims, a.n_events AS events, a.text, a.seq FROM articles a "
        "WHERE a.seq > ? ORDER BY a.seq LIMIT ?")
BATCH = 2000


def _flat(store: Store) -> Iterator[dict[str, Any]]:
    last = -1
    while rows := store.query(_SQL, [last, BATCH]):
        for r in rows:
            record = json.loads(r.pop("record"))  # only metadata is read here: the text has its column
            pub = record.get("published") or {}
            r["authors"] = "; ".join(record.get("authors") or [])
            r["tags"] = "; ".join(record.get("tags") or [])
            r["published_source"], r["published_confidence"] = pub.get("source"), pub.get("confidence")
            last = r.pop("seq")
            yield r


def export(store: Store, fmt: str, out: IO[str] | None = None, path: Path | None = None) -> int:
    """Write every stored article in ``fmt`` to ``out`` (text formats) or ``path`` (Parquet needs a
    file); returns the number of rows written."""
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        if path is None:
            raise InputError("Parquet is binary: give a file with --out")
        return _parquet(store, path)
    if out is None:
        raise InputError("nowhere to write: give an output stream")
    n = 0
    if fmt == "jsonl":
        for record in store.records():
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        # RFC 4180's CRLF rows: with "\n" rows the csv module leaves a field holding a bare "\r"
        # unquoted, and readers split the article's row there
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore", lineterminator="\r\n")
        writer.writeheader()
        for row in _flat(store):
            writer.writerow({k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in row.items()})
            n += 1
    else:
        out.write("\t".join(EVENT_COLUMNS if fmt == "gdelt-events" else GKG_COLUMNS) + "\n")
        seqs = store.query("SELECT seq, id, ingested_at FROM articles ORDER BY seq")
        by_id = {r["id"]: r for r in seqs}
        for record in store.records():
            meta = by_id[record["id"]]
            rows = (event_rows(record, meta["seq"], meta["ingested_at"]) if fmt == "gdelt-events"
                    else iter([gkg_row(record, meta["seq"])]))
            for cells in rows:
                out.write("\t".join(cells) + "\n")
                n += 1
    return n


def _parquet_schema() -> Any:
    import pyarrow as pa

    def kind(column: str) -> Any:
        if column in ("published", "ts", "ingested_at"):
            return pa.timestamp("us")
        if column in ("published_confidence", "tone", "tone_positive", "tone_negative"):
            return pa.float64()
        if column in ("entities", "quotes", "claims", "events"):
            return pa.int64()
        return pa.string()

    return pa.schema([(c, kind(c)) for c in CSV_COLUMNS])


def _parquet(store: Store, path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _parquet_schema()
    n = 0
    batch: list[dict[str, Any]] = []
    with pq.ParquetWriter(str(path), schema) as writer:
        for row in _flat(store):
            batch.append({k: row.get(k) for k in CSV_COLUMNS})
            n += 1
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch.clear()
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return n
