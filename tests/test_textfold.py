"""The one fold of names that keys and searches share."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsradar.textfold import fold, transliterate


@pytest.mark.parametrize(("a", "b"), [
    ("Jonas Gahr Støre", "Jonas Gahr Store"), ("JONAS GAHR STØRE", "jonas gahr store"),
    ("Łódź", "Lodz"), ("Straße", "strasse"), ("STRAẞE", "Strasse"), ("Carl Friedrich Gauß", "Carl Friedrich Gauss"),
    ("Æsir", "Aesir"), ("Œuvre", "oeuvre"), ("Đorđe", "Dorde"), ("Þórshöfn", "Thorshofn"), ("Işıklar", "Isiklar"),
    ("Müller", "Muller"), ("  Søren   Kierkegaard ", "soren kierkegaard"),
])
def test_two_spellings_of_one_name_fold_alike(a: str, b: str) -> None:
    assert fold(a) == fold(b)
    assert fold(fold(a)) == fold(a)  # a key folded again is itself: the store's migration relies on it


def test_the_fold_is_plain_ascii_for_these_letters() -> None:
    assert fold("Søren Støre, Łódź, Straße, Þór, ıƏ") == "soren store, lodz, strasse, thor, iə"


def test_transliterate_leaves_what_needs_nothing() -> None:
    assert transliterate("Müller said") is None
    assert transliterate("Jonas Gahr Støre in Łódź") == "Jonas Gahr Store in lódź"


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=40))
def test_the_ascii_shortcut_folds_as_the_full_fold_does(text: str) -> None:
    # the full path (NFKD, combining marks dropped, casefold, transliteration) applied to ASCII text
    full = " ".join("".join(ch for ch in unicodedata.normalize("NFKD", text)
                            if not unicodedata.combining(ch)).casefold().split())
    assert fold(text) == full
