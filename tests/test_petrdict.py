"""A folder of PETRARCH dictionaries: which files are read, and what is said about them."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.enrich.petrdict import SHOWN_NOTES, load_dictionaries
from newsradar.errors import ConfigError


def test_what_a_verb_dictionary_skips_or_cannot_classify_is_logged(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    codes = "\n".join(f"- * WORD{n} [X{n}]" for n in range(SHOWN_NOTES + 2))
    (tmp_path / "t.verbs.txt").write_text(f"--- CONDEMN [111] ---\nCONDEMN\n- LOUDLY [112]\n{codes}\n")
    (tmp_path / "t.actors.txt").write_text("VALDORIA [VAL]\n")
    with caplog.at_level("WARNING"):
        found = load_dictionaries(tmp_path)
    assert len(found.verbs.blocks[0].patterns) == SHOWN_NOTES + 2
    assert "t.verbs.txt:3: pattern without '*' skipped" in caplog.text
    assert "t.verbs.txt:4: [X0] is not a CAMEO code" in caplog.text
    assert "and 3 more such lines" in caplog.text


def test_a_folder_needs_exactly_one_verb_dictionary(tmp_path: Path) -> None:
    (tmp_path / "t.actors.txt").write_text("VALDORIA [VAL]\n")
    with pytest.raises(ConfigError, match="exactly one verb dictionary"):
        load_dictionaries(tmp_path)


def test_hidden_files_and_backups_beside_the_dictionaries_are_not_read(tmp_path: Path) -> None:
    verbs = "--- CONDEMN [111] ---\nCONDEMN\n"
    (tmp_path / "t.verbs.txt").write_text(verbs)
    for leftover in (".t.verbs.txt.swp", "t.verbs.txt~", "t.verbs.txt.bak", "#t.verbs.txt#"):
        (tmp_path / leftover).write_text(verbs)
    (tmp_path / "t.actors.txt").write_text("VALDORIA [VAL]\n")
    (tmp_path / "t.actors.txt.orig").write_text("VALDORIA [XXX]\n")
    found = load_dictionaries(tmp_path)
    assert len(found.verbs.blocks) == 1
