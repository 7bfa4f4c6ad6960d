"""The seed page: the real scraped page newsradar started from must meet every expectation that
``../shared/seed/check.py`` holds for it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsradar.pipeline import analyze


@pytest.mark.gold
def test_seed_page_meets_every_expectation(shared: Path, nlp_model: object, tmp_path: Path) -> None:
    seed = shared / "seed"
    page = seed / "china-topix-iraq-coalition.txt"
    record = analyze(page.read_bytes()).to_dict()
    record["source"] = str(page)
    out = tmp_path / "record.json"
    out.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, str(seed / "check.py"), str(out)], capture_output=True, text=True,
                          check=False)
    last = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    failed = [ln for ln in done.stdout.splitlines() if ln.startswith("FAIL")]
    assert "99/99" in last, f"{last}\n" + "\n".join(failed)
