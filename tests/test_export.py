"""Exports: JSON Lines gives the records back, CSV and Parquet one row per article, GDELT tables
with GDELT's columns."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from builders import article
from newsradar.errors import InputError
from newsradar.export import CSV_COLUMNS, export
from newsradar.export.gdelt import EVENT_COLUMNS, GKG_COLUMNS
from newsradar.store import Store


@pytest.fixture()
def filled(fresh_db: Store) -> Store:
    fresh_db.put([
        article(1, people=("Ilse Jansen",), quotes=(("Ilse Jansen", "The port stays shut"),),
                claims=((4000.0, "workers"),), events=(("Ilse Jansen", "112", "Ruben Hendriks"),), tone=-2.5),
        article(2, text="Ein Bericht\twith a tab and a\nnewline.", language="de", title="A bare\rcarriage return"),
    ])
    return fresh_db


def test_jsonl_gives_every_record_back(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "jsonl", out) == 2
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == [r["id"] for r in filled.query("SELECT id FROM articles ORDER BY seq")]
    assert records[0]["quotes"][0]["text"] == "The port stays shut"


def test_csv_has_one_row_per_article(filled: Store) -> None:
    out = io.StringIO()
    export(filled, "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert list(rows[0]) == list(CSV_COLUMNS) and len(rows) == 2
    assert rows[0]["quotes"] == "1" and rows[0]["tone"] == "-2.5"
    assert rows[1]["text"] == "Ein Bericht\twith a tab and a\nnewline."
    assert rows[1]["title"] == "A bare\rcarriage return"  # unquoted, a reader would split the row there


def test_parquet_round_trips(filled: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "news.parquet"
    assert export(filled, "parquet", path=path) == 2
    table = pq.read_table(path)
    assert table.num_rows == 2 and table.column_names == list(CSV_COLUMNS)
    with pytest.raises(InputError, match="--out"):
        export(filled, "parquet", io.StringIO())


def test_gdelt_events_rows(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "gdelt-events", out) == 1
    header, row = (line.split("\t") for line in out.getvalue().splitlines())
    assert len(EVENT_COLUMNS) == 61 and header == list(EVENT_COLUMNS) and len(row) == 61
    cell = dict(zip(header, row, strict=True))
    assert cell["EventCode"] == "112" and cell["EventBaseCode"] == "112" and cell["EventRootCode"] == "11"
    assert cell["Actor1Code"] == "NLDGOV" and cell["Actor1CountryCode"] == "NLD" and cell["Actor1Type1Code"] == "GOV"
    assert cell["Actor2Type1Code"] == "LAB" and cell["Actor1Name"] == "ILSE JANSEN"
    assert cell["SQLDATE"] == "20250310" and cell["QuadClass"] == "3" and cell["GoldsteinScale"] == "-2"
    assert cell["ActionGeo_FullName"] == "Rotterdam" and cell["ActionGeo_Lat"] == "51.9"
    assert cell["AvgTone"] == "-2.5" and cell["SOURCEURL"].startswith("https://")


def test_gdelt_gkg_rows(filled: Store) -> None:
    out = io.StringIO()
    assert export(filled, "gdelt-gkg", out) == 2
    lines = out.getvalue().splitlines()
    assert all(len(line.split("\t")) == len(GKG_COLUMNS) == 27 for line in lines)
    cell = dict(zip(lines[0].split("\t"), lines[1].split("\t"), strict=True))
    assert cell["V1PERSONS"] == "Ilse Jansen;Ruben Hendriks"
    assert cell["V2ENHANCEDPERSONS"].startswith("Ilse Jansen,")
    assert cell["V1.5TONE"].startswith("-2.5,0,2.5,2.5")
    assert cell["V2.1QUOTATIONS"].endswith("|said|The port stays shut")
    assert cell["V2.1AMOUNTS"].startswith("4000,workers,")
    assert "<PAGE_TITLE>Harbour report 1</PAGE_TITLE>" in cell["V2EXTRASXML"]


def test_unknown_format_is_refused(filled: Store) -> None:
    with pytest.raises(InputError, match="unknown export format"):
        export(filled, "xml", io.StringIO())


def _gdelt_record() -> dict[str, object]:
    text = "Acme, Inc. said Iraq and Mosul were calm, and ships crossed the North Sea."
    return {
        "id": "r1", "url": "https://news.example/a", "source": "https://news.example/a", "site_name": "News",
        "title": "AT&T <b> deal", "authors": ["Jane Doe"], "text": text, "paragraphs": [text],
        "published": {"value": "2024-12-31T10:00:00", "source": "meta", "confidence": 0.9},
        "entities": [{"id": "e1", "name": "Acme, Inc.", "type": "ORG", "mentions": [[0, 10]]},
                     {"id": "e2", "name": "Dutch", "type": "NORP", "mentions": [[0, 5]]}],
        "locations": [{"name": "Iraq", "country": "IRQ", "lat": 33.0, "lon": 44.0},
                      {"name": "Mosul", "country": "IRQ", "lat": 36.3, "lon": 43.1},
                      {"name": "North Sea", "country": None, "lat": 56.0, "lon": 3.0}],
        "events": [{"cameo": "190", "quad_class": 4, "goldstein": -10.0, "span": [0, 10],
                    "source": {"code": "IMGMUSISI", "name": "Islamic State"},
                    "target": {"code": "IRQGOV", "name": "Iraqi government"}}],
        "quotes": [], "claims": [], "images": [], "tone": None,
    }


def test_gdelt_rows_type_places_name_countries_and_keep_their_delimiters() -> None:
    from newsradar.export.gdelt import event_rows, gkg_row

    (event,) = event_rows(_gdelt_record(), 1)
    row = dict(zip(EVENT_COLUMNS, event, strict=True))
    assert row["FractionDate"] == "2024.9973"  # the last day of a leap year, not 2025.0000
    assert (row["Actor1CountryCode"], row["Actor2CountryCode"]) == ("", "IRQ")  # IMG is a militarised group
    assert (row["Actor1Type1Code"], row["Actor2Type1Code"]) == ("IMG", "GOV")  # ... which is an actor type
    gkg = dict(zip(GKG_COLUMNS, gkg_row(_gdelt_record(), 1), strict=True))
    assert gkg["V1ORGANIZATIONS"] == "Acme  Inc."  # one entry, and nationalities are no organisations
    assert [loc.split("#")[0] for loc in gkg["V1LOCATIONS"].split(";")] == ["1", "4", "0"]  # country, city, sea
    assert "<PAGE_TITLE>AT&amp;T &lt;b&gt; deal</PAGE_TITLE>" in gkg["V2EXTRASXML"]
