"""Document tone as GDELT measures it, on sentences written for these tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsradar.enrich.tone import document_tone, valences


def test_tone_is_the_share_of_positive_less_negative_words(nlp_model: Any) -> None:
    tone = document_tone(nlp_model("The talks were a great success and the crews were happy."))
    # 11 words; "great", "success", "happy" carry a positive valence; none a negative one
    assert tone is not None and (tone.positive, tone.negative, tone.score) == (27.27, 0.0, 27.27)


def test_a_negated_word_counts_for_the_other_side(nlp_model: Any) -> None:
    tone = document_tone(nlp_model("The new plan is not good for the port."))
    assert tone is not None and (tone.positive, tone.negative) == (0.0, 11.11)  # "good", negated, of 9 words


def test_faint_valences_and_text_without_words_count_for_nothing(nlp_model: Any) -> None:
    faint = [w for w, v in valences().items() if 0 < abs(v) < 0.5][:1]
    assert faint
    tone = document_tone(nlp_model(f"The {faint[0]} report arrived on Monday."))
    assert tone is not None and (tone.positive, tone.negative) == (0.0, 0.0)
    assert document_tone(nlp_model("12 — 4.5 %")) is None


def test_a_users_tone_lexicon_overrides_the_built_in_valences(nlp_model: Any, tmp_path: Path) -> None:
    (tmp_path / "tone.tsv").write_text("# word<TAB>valence\ndredging\t-2.5\n")
    doc = nlp_model("The dredging of the harbour began on Monday.")
    assert document_tone(doc).negative == 0.0  # type: ignore[union-attr]
    tone = document_tone(doc, tmp_path)
    assert tone is not None and tone.negative == pytest.approx(100 / 8, abs=0.01)



def test_a_word_is_looked_up_as_written_then_by_its_lemma(nlp_model: Any) -> None:
    doc = nlp_model("Critics denounced the plan.")
    assert "denounced" not in valences() and valences()["denounce"] < -0.5
    tone = document_tone(doc)  # "Critics" as written, "denounced" by its lemma, of 4 words
    assert tone is not None and (tone.positive, tone.negative) == (0.0, 50.0)
    assert document_tone(nlp_model("")) is None
