"""Reading PETRARCH dictionary text: comments, phrases, words and plurals."""

from __future__ import annotations

import pytest

from newsradar.enrich.petrtext import Word, bracket, content_lines, phrase, plural, split_word
from newsradar.errors import ConfigError


def test_comments_of_every_kind_are_removed_and_blank_lines_kept() -> None:
    text = "A [X] # a note\n<!-- one\nline -->\n\nB ; old TABARI note\nC <!-- inline --> D\n[###]\n"
    assert list(content_lines(text)) == [(1, "A [X]"), (4, ""), (5, "B"), (6, "C  D"), (7, "[###]")]


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
