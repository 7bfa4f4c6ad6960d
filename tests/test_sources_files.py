"""Paths given to ingest, analyze and watch: folders, globs, links and files that are not there."""

from __future__ import annotations

import os
from pathlib import Path

from newsradar.sources.files import expand_paths


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "pages"
    (root / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    for name in ("z.html", "a.txt", ".draft.html", "b/c.html", ".hidden/d.html"):
        (root / name).write_text("page")
    return root


def test_a_folder_becomes_its_files_sorted_without_hidden_ones(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    got = [os.path.relpath(p, root) for p in expand_paths([str(root)])]
    assert got == ["a.txt", "z.html", os.path.join("b", "c.html")]


def test_a_dangling_link_in_a_folder_is_skipped_but_a_named_missing_file_is_kept(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    (root / "gone.html").write_text("page")
    (root / "link.html").symlink_to(root / "gone.html")
    (root / "live.html").symlink_to(root / "a.txt")
    (root / "gone.html").unlink()
    got = [os.path.relpath(p, root) for p in expand_paths([str(root)])]
    assert "link.html" not in got and "live.html" in got
    missing = str(tmp_path / "nope.html")
    assert expand_paths([missing, "-"]) == [missing, "-"]  # each gets its own line in the output


def test_globs_and_the_stores_own_files(tmp_path: Path) -> None:
    root = _tree(tmp_path)
    own = root / "news.duckdb"
    own.write_text("db")
    assert expand_paths([str(root / "*.html")]) == [str(root / "z.html")]
    assert str(own) not in expand_paths([str(root)], skip=[str(own)])
    assert expand_paths([str(own)], skip=[str(own)]) == [str(own)]  # named: the user means it
    nothing = str(root / "*.xml")
    assert expand_paths([nothing]) == [nothing]  # a glob matching nothing is reported, not dropped
