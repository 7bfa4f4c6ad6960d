"""Quotes and attributions on sentences written for these tests, and the PolNeAR quality gates."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.enrich.quotes import Beside, is_title, quoted_spans
from newsradar.pipeline import analyze
from newsradar.record import Article, Quote

# figures on PolNeAR dev reached by the record (bench/nlp_quotes.py), less 0.01
OVERLAP_F1_FLOOR = 0.733
EXACT_F1_FLOOR = 0.572
SPEAKER_ACCURACY_FLOOR = 0.885
CUE_F1_FLOOR = 0.748
DIRECT_PRECISION_FLOOR = 0.970


def _quotes(text: str) -> tuple[Article, list[Quote]]:
    article = analyze(text, kind="text")
    return article, article.quotes


def _at(article: Article, span: tuple[int, int] | None) -> str | None:
    return article.text[span[0]:span[1]] if span else None


def test_direct_quote_with_speaker_cue_and_their_spans(nlp_model: object) -> None:
    article, quotes = _quotes('"We will not sign this deal," Finance Minister Ana Ruiz said on Tuesday.')
    q = next(q for q in quotes if q.kind == "direct")
    assert q.text == "We will not sign this deal"
    assert q.speaker == "Ana Ruiz"
    assert _at(article, q.cue_span) == "said"
    assert "Ruiz" in (_at(article, q.speaker_span) or "")


def test_a_short_adverbial_right_after_the_cue_belongs_to_it(nlp_model: object) -> None:
    article, quotes = _quotes('"We will not sign this deal," Ruiz said Tuesday.')
    q = next(q for q in quotes if q.kind == "direct")
    assert _at(article, q.cue_span) == "said Tuesday"
    article, quotes = _quotes("Ruiz said Tuesday that the port would close.")
    assert [(q.text, _at(article, q.cue_span)) for q in quotes] == [("that the port would close", "said Tuesday")]
    # a longer one only dates the act
    article, quotes = _quotes("Ruiz said on Tuesday that the port would close.")
    assert [_at(article, q.cue_span) for q in quotes] == ["said"]


def test_a_quotation_cue_the_lexicon_lacks_is_found_by_the_model(nlp_model: object) -> None:
    article, quotes = _quotes('"That is simply wrong," Vos shot back.')
    q = next(q for q in quotes if q.kind == "direct")
    assert _at(article, q.cue_span) == "shot back"
    assert q.speaker == "Vos"


def test_pieces_of_an_interrupted_quotation_share_one_attribution(nlp_model: object) -> None:
    _, quotes = _quotes('"The port is closed," Vos said. "Nobody goes in until Monday."')
    direct = [q for q in quotes if q.kind == "direct"]
    assert [q.text for q in direct] == ["The port is closed", "Nobody goes in until Monday."]
    assert direct[0].attribution == direct[1].attribution
    assert {q.speaker for q in direct} == {"Vos"}


def test_a_subject_inside_the_quotation_is_not_the_speaker(nlp_model: object) -> None:
    # the parser makes "Anybody" a subject of "said" as well as "Maria Olsen"
    article, quotes = _quotes('"Anybody who crosses her pays for it," said Maria Olsen, who has known Vance '
                              'since the 1980s.')
    assert [(q.kind, q.text, q.speaker) for q in quotes] == [
        ("direct", "Anybody who crosses her pays for it", "Maria Olsen")]
    assert _at(article, quotes[0].speaker_span) == "Maria Olsen"


def test_one_cue_between_two_pieces_makes_one_attribution(nlp_model: object) -> None:
    _, quotes = _quotes('"The port is closed," Vos said, "and nobody goes in until Monday."')
    direct = [q for q in quotes if q.kind == "direct"]
    assert len(direct) == 2 and direct[0].attribution == direct[1].attribution


def test_nouns_of_saying_take_their_possessor_as_source(nlp_model: object) -> None:
    article, quotes = _quotes("Union leader Pieter Bakker's claim that the port had broken the deal angered "
                              "the operators.")
    q = next(q for q in quotes if q.cue == "claim")
    assert q.text == "that the port had broken the deal"
    assert q.speaker == "Pieter Bakker"
    assert "Bakker" in (_at(article, q.speaker_span) or "")


def test_pronoun_speaker_resolves_to_the_person(nlp_model: object) -> None:
    text = ("Union leader Pieter Bakker met the operators on Monday.\n\n"
            "He said that the union would strike again in June.")
    article, quotes = _quotes(text)
    q = next(q for q in quotes if q.kind == "indirect")
    assert q.text == "that the union would strike again in June"
    assert q.speaker == "Pieter Bakker" and q.speaker_entity is not None
    assert _at(article, q.speaker_span) == "He"


@pytest.mark.parametrize(("text", "content", "cue", "speaker"), [
    ("The governor vowed to veto the spending bill.", "to veto the spending bill", "vowed", "The governor"),
    ("Senator Mia Holt endorsed the mayor on Friday.", "the mayor", "endorsed", "Mia Holt"),
    ("Critics called for a full inquiry into the contract.", "a full inquiry into the contract", "called for",
     "Critics"),
    ("Bakker said on Monday that the union would keep striking.", "that the union would keep striking", "said",
     "Bakker"),
    ("The harbour will reopen on Monday, according to the port authority.",
     "The harbour will reopen on Monday", "according to", "the port authority"),
    # an object or infinitive between the cue and what it hangs over belongs to the cue
    ("Mayor Lena Vos voiced concerns about the new harbour plan.", "the new harbour plan", "voiced concerns about",
     "Lena Vos"),
    ("Vos refused to say whether the port would reopen.", "whether the port would reopen", "refused to say", "Vos"),
])
def test_reported_speech_frames(nlp_model: object, text: str, content: str, cue: str, speaker: str) -> None:
    article, quotes = _quotes(text)
    q = next((q for q in quotes if q.text == content), None)
    assert q is not None, [(x.text, x.cue) for x in quotes]
    assert q.kind == "indirect"
    assert q.cue == cue and _at(article, q.cue_span) == cue
    assert q.speaker is not None and speaker in q.speaker


def test_content_around_its_cue_comes_in_pieces_of_one_attribution(nlp_model: object) -> None:
    # PolNeAR's way: the content is the sentence less the cue and the source, in as many pieces
    _, quotes = _quotes("The plan, officials said, would cost far more than promised.")
    pieces = [q for q in quotes if q.cue == "said"]
    assert [q.text for q in pieces] == ["The plan", "would cost far more than promised"]
    assert len({q.attribution for q in pieces}) == 1
    assert {q.speaker for q in pieces} == {"officials"}


def test_raising_verbs_have_content_but_no_source(nlp_model: object) -> None:
    _, quotes = _quotes("The new terminal is expected to open next spring.")
    pieces = [q for q in quotes if q.cue == "is expected"]
    assert [q.text for q in pieces] == ["The new terminal", "to open next spring"]
    assert all(q.speaker is None for q in pieces)


def test_content_stops_before_what_only_dates_the_act(nlp_model: object) -> None:
    _, quotes = _quotes("Senator Mia Holt endorsed the mayor in July.")
    assert [q.text for q in quotes] == ["the mayor"]


def test_the_subject_of_an_active_verb_is_no_content(nlp_model: object) -> None:
    # the ranker read "He" as what "showed" reports
    _, quotes = _quotes("He showed the same stubborn patience he says the union needs in its talks with the port.")
    assert "showed" not in {q.cue for q in quotes}
    assert [q.cue for q in quotes] == ["says"]


def test_a_date_alone_is_no_content(nlp_model: object) -> None:
    # "on Tuesday" tells when the board reported, not what
    for text in ("The harbour board reported on Tuesday.", "The port authority announced on Sunday."):
        _, quotes = _quotes(text)
        assert quotes == []
    _, quotes = _quotes("The ferry union noted this week that fares would rise.")
    assert [q.text for q in quotes] == ["that fares would rise"]


def test_partial_quote_inside_reported_speech_joins_it(nlp_model: object) -> None:
    _, quotes = _quotes('Bakker said the operators were "treating workers as a cost" and had to stop.')
    partial = next(q for q in quotes if q.kind == "partial")
    indirect = next(q for q in quotes if q.kind == "indirect")
    assert partial.text == "treating workers as a cost"
    assert partial.attribution == indirect.attribution
    assert partial.speaker == indirect.speaker == "Bakker"



def test_a_quotation_is_one_quote_when_its_speaker_follows_a_dash(nlp_model: object) -> None:
    # the reported-speech model reads "said the trade minister – Maria Lopez" as content around a cue;
    # the quotation is the direct quote already, and the name after the dash is the speaker, no content
    _, quotes = _quotes('"Prices will fall," said the trade minister – Maria Lopez. Markets rose on Monday.')
    assert [(q.text, q.kind, q.speaker) for q in quotes] == [("Prices will fall", "direct", "Maria Lopez")]

@pytest.mark.parametrize("body", ["Meet the Voters", "The 6 O'Clock Hour", "Songs of the Harbour: A Life in Ports",
                                  "Riverside Town Hall Forum"])
def test_titles_in_quotation_marks_are_recognised(body: str) -> None:
    assert is_title(body)


@pytest.mark.parametrize("body", ["We will not sign this deal.", "the port is closed", "Never again!",
                                  "It is a bad deal for the Harbour Board", "Dock workers, not bankers"])
def test_speech_is_no_title(body: str) -> None:
    assert not is_title(body)


def test_a_show_named_in_quotation_marks_is_no_quote(nlp_model: object) -> None:
    _, quotes = _quotes('Mayor Lena Vos said on "Morning Harbour Report" that the port would reopen. '
                        '"The port is closed until Monday," she said.')
    assert [q.text for q in quotes if q.kind == "direct"] == ["The port is closed until Monday"]


def test_typewriter_quotation_marks() -> None:
    text = "''We are ready,'' she said. ``Are you?''"
    assert [text[m.start:m.end] for m in quoted_spans(text)] == ["We are ready,", "Are you?"]


def test_a_quotation_may_close_with_the_other_style_of_double_mark() -> None:
    text = '“The dock is shut," Vos said. "It opens Monday,” she added. "Good" and “fine”.'
    assert [text[m.start:m.end] for m in quoted_spans(text)] == \
        ["The dock is shut,", "It opens Monday,", "Good", "fine"]


_OPENING = {'"', "“", "«", "„", "‘", "「", "『"}
_CLOSING = {'"', "”", "»", "“", "’", "」", "』", "'"}


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,'`\n\"“”«»„‘’「」『』")), max_size=120))
def test_quoted_spans_are_inside_marks_and_paragraphs(text: str) -> None:
    spans = quoted_spans(text)
    last_end = 0
    for m in spans:
        assert last_end <= m.start - 1 and m.start <= m.end <= len(text)
        assert "\n\n" not in text[m.start:m.end]  # never across a paragraph break
        assert text[m.start - 1] in _OPENING or text[m.start - 2:m.start] in ("''", "``")
        if m.closed:
            assert text[m.end] in _CLOSING
        last_end = m.end
    if not set(text) & (_OPENING | {"'", "`"}):
        assert spans == []


_PLAIN = st.text(alphabet=st.sampled_from(list("abc ,.")), max_size=30)


@settings(max_examples=200, deadline=None)
@given(_PLAIN, _PLAIN, _PLAIN,
       st.sampled_from([('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), ("‘", "’"), ("「", "」"), ("『", "』"),
                        ("''", "''"), ("``", "''")]))
def test_every_kind_of_quotation_mark_is_found(before: str, inside: str, after: str,
                                               marks: tuple[str, str]) -> None:
    text = f"{before} {marks[0]}{inside}x{marks[1]} {after}"
    assert [text[m.start:m.end] for m in quoted_spans(text)] == [f"{inside}x"]


@pytest.mark.gold
@pytest.mark.slow
def test_quote_figures_on_polnear_dev(shared: Path, nlp_model: object) -> None:
    from bench.nlp_quotes import run_split

    counts, _, _ = run_split("dev")
    fig = counts.figures()
    floors = {"overlap F1": OVERLAP_F1_FLOOR, "exact F1": EXACT_F1_FLOOR, "speaker accuracy": SPEAKER_ACCURACY_FLOOR,
              "cue F1": CUE_F1_FLOOR, "direct precision": DIRECT_PRECISION_FLOOR}
    low = {k: round(fig[k], 3) for k, floor in floors.items() if fig[k] < floor}
    assert not low, f"below their floors {floors}: {low}"


@settings(max_examples=300, deadline=None)
@given(spans=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])),
                      max_size=6))
def test_beside_a_quotation_is_inside_one_or_on_a_character_next_to_it(spans: list[tuple[int, int]]) -> None:
    beside = Beside(spans)  # quotations in any order, even overlapping or empty ones
    for at in range(-2, 85):
        assert beside(at) == any(a - 1 <= at < b + 1 for a, b in spans)
        assert beside.inside(at) == any(a <= at < b for a, b in spans)


def test_a_cue_is_found_beside_a_page_of_many_quotations() -> None:
    lines = [f"\u201cThe ferries will run again on day {n},\u201d said Ada Quist, the union's chair."
             for n in range(1, 41)]
    article = analyze("\n\n".join(lines), kind="text")
    direct = [q for q in article.quotes if q.kind == "direct"]
    assert len(direct) == 40 and {q.speaker for q in direct} == {"Ada Quist"} and {q.cue for q in direct} == {"said"}
