"""Golden records: the whole record of each example page, NLP included, against a file kept in
``tests/golden/``. A change that alters a record fails here until the new golden file is written
(``NEWSRADAR_UPDATE_GOLDEN=1 pytest tests/test_golden.py``) and its diff reviewed in the commit."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from newsradar.pipeline import run
from newsradar.record import Article
from newsradar.settings import Settings
from newsradar.sources.files import read_path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".html", ".txt"))
GOLDEN = Path(__file__).resolve().parent / "golden"
VOLATILE = ("fetched_at",)  # the clock at analysis time, not a property of the page


def comparable(record: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in record.items() if k not in VOLATILE}
    out["source"] = Path(out["source"]).name
    return out


@pytest.fixture(scope="module")
def records(nlp_model: object) -> dict[str, dict[str, Any]]:
    pages = [read_path(str(p)) for p in EXAMPLES]
    results = list(run(pages, Settings(workers=1)))
    assert all(isinstance(r, Article) for r in results), [r.to_dict() for r in results]
    return {p.name: comparable(r.to_dict()) for p, r in zip(EXAMPLES, results, strict=True)}


@pytest.mark.parametrize("name", [p.name for p in EXAMPLES])
def test_record_matches_its_golden_file(records: dict[str, dict[str, Any]], name: str) -> None:
    path = GOLDEN / f"{name}.json"
    got = records[name]
    if os.environ.get("NEWSRADAR_UPDATE_GOLDEN") or not path.exists():
        path.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if not os.environ.get("NEWSRADAR_UPDATE_GOLDEN"):
            pytest.fail(f"{path.name} did not exist and was written: review and commit it")
    want = json.loads(path.read_text(encoding="utf-8"))
    changed = [k for k in sorted(set(want) | set(got)) if want.get(k) != got.get(k)]
    assert not changed, f"{name}: fields changed: {changed} (NEWSRADAR_UPDATE_GOLDEN=1 rewrites the golden file)"
