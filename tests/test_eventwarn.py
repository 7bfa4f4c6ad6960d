"""Warnings: a pessimistic comment (012), a threat (130) only when the warner announces an act of its
own against another. Sentences written for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from newsradar.enrich import enrich
from newsradar.record import Article


def coded(nlp: Any, text: str) -> list[tuple[str | None, str, str | None]]:
    article = enrich(Article(id="t", source="t", text=text, language="en"), nlp(text))
    return [(e.source.code, e.cameo, e.target.code) for e in article.events]


@pytest.mark.parametrize(("text", "want"), [
    # what may happen, or what another may do: the warner threatens nobody
    ("The Russian foreign minister warned that prices would rise sharply next winter.", [("RUSGOV", "012", None)]),
    ("The British government warned farmers of a severe storm on Tuesday.", [("GBRGOV", "012", "AGR")]),
    ("The Kenyan health ministry warned residents about contaminated water.", [("KENGOV", "012", "CVL")]),
    ("Pakistan warned that India would attack Kashmir.", [("PAK", "012", "IND")]),
    # an act of the warner's own against another: a threat, aimed where the act is
    ("Iran warned that it would retaliate against Israel.", [("IRN", "130", "ISR")]),
    ("Iran warned Israel it would retaliate.", [("IRN", "130", "ISR")]),
    ("North Korea warned South Korea that it would use force to defend its waters.", [("PRK", "130", "KOR")]),
    ("The Chinese government warned Japan of serious consequences if it sent warships to the strait.",
     [("CHNGOV", "130", "JPN")]),
])
def test_a_warning_threatens_only_with_an_act_of_the_warners_own(
        nlp_model: Any, text: str, want: list[tuple[str | None, str, str | None]]) -> None:
    assert coded(nlp_model, text) == want


def test_the_state_forces_in_an_officials_warning_are_the_officials_side(nlp_model: Any) -> None:
    text = "Egypt's interior ministry warned that police will no longer tolerate rallies by the opposition."
    warnings = [e for e in coded(nlp_model, text) if e[1].startswith(("01", "13"))]
    assert warnings == [("EGYGOV", "130", "OPP")]
