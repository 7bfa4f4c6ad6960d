"""Reading PETRARCH dictionary text: comments, phrases, words and plurals."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsradar.enrich.petrtext import Word, bracket, content_lines, phrase, plural, read_text, split_word
from newsradar.errors import ConfigError


def test_comments_of_every_kind_are_removed_and_blank_lines_kept() -> None:
    text = "A [X] # a note\n<!-- one\nline -->\n\nB ; old TABARI note\nC <!-- inline --> D\n[###]\n"
    assert list(content_lines(text)) == [(1, "A [X]"), (4, ""), (5, "B"), (6, "C  D"), (7, "[###]")]


def test_a_comment_left_open_is_refused_where_it_opens() -> None:
    with pytest.raises(ConfigError, match=r"^v.txt:2: a comment '<!' is never closed"):
        list(content_lines("A [X]\n<!-- SEND [070] ---\nB [Y]\n", "v.txt"))


def test_dictionaries_in_legacy_code_pages_and_utf16_are_read_not_garbled(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    latin = tmp_path / "l1.actors.txt"
    latin.write_bytes("ALPHA [A]\nÉGYPTIA [EGY]\n".encode("latin-1"))
    with caplog.at_level("WARNING"):
        assert read_text(latin) == "ALPHA [A]\nÉGYPTIA [EGY]\n"
    assert f"{latin}:2: not UTF-8" in caplog.text
    wide = tmp_path / "u16.actors.txt"
    wide.write_text("ÉGYPTIA [EGY]\n", encoding="utf-16")
    assert read_text(wide) == "ÉGYPTIA [EGY]\n"


def test_words_split_as_the_tokenizer_splits_running_text() -> None:
    assert split_word("peace-keeping") == ["PEACE", "-", "KEEPING"]
    assert split_word("DIDN'T") == ["DID", "N'T"]
    assert split_word("Gondor’s") == ["GONDOR", "'S"]
    assert split_word("ANTI-") == ["ANTI", "-"]
    assert split_word("U.S.") == ["U.S."]


def test_underscores_join_words_and_blanks_allow_gaps() -> None:
    assert phrase("WHITE_HOUSE security") == (Word("WHITE"), Word("HOUSE", True), Word("SECURITY"))
    assert phrase("  ") == ()


@pytest.mark.parametrize(("word", "want"), [("MINISTER", "MINISTERS"), ("MILITARY", "MILITARIES"),
                                            ("CONGRESS", "CONGRESSES"), ("DAY", "DAYS")])
def test_regular_plurals(word: str, want: str) -> None:
    assert plural(word) == want


def test_bracket_splits_the_code_off_and_names_the_line_of_a_bad_one() -> None:
    assert bracket("ARNOR  [ARN] # x", "f", 1) == ("ARNOR  ", "ARN")
    assert bracket("no code", "f", 1) == ("no code", "")
    with pytest.raises(ConfigError, match="f:7: a '\\[' without its '\\]'"):
        bracket("ARNOR [ARN", "f", 7)
