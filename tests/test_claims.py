"""Numeric claims on sentences written for these tests: value, range, unit, qualifier and claimant."""

from __future__ import annotations

import pytest

from newsradar.enrich.claims import parse_number
from newsradar.pipeline import analyze
from newsradar.record import Article, Claim


def _claims(text: str) -> tuple[Article, list[Claim]]:
    article = analyze(text, kind="text")
    return article, article.claims


def _only(text: str) -> tuple[Article, Claim]:
    article, claims = _claims(text)
    assert len(claims) == 1, [c.text for c in claims]
    return article, claims[0]


def _claimant(article: Article, claim: Claim) -> str | None:
    ent = next((e for e in article.entities if e.id == claim.source_entity), None)
    return ent.name if ent else None


@pytest.mark.parametrize(("words", "value"), [
    ("2,000", 2000), ("2.5 million", 2_500_000), ("one thousand two hundred", 1200),
    ("two million three hundred thousand", 2_300_000), ("a dozen", 12), ("twenty - five", 25),
    ("three hundred and twenty", 320), ("seven", 7),
])
def test_number_words_add_up(words: str, value: float) -> None:
    import spacy

    assert parse_number(list(spacy.blank("en")(words))) == pytest.approx(value)


def test_what_is_not_a_number_has_no_value() -> None:
    import spacy

    assert parse_number(list(spacy.blank("en")("two hundred people"))) is None
    assert parse_number(list(spacy.blank("en")("and"))) is None


@pytest.mark.parametrize(("text", "value", "upper", "unit", "qualifier", "claimant", "words"), [
    ("Harbour director Lena Vos said the strike cost the port $4.5 million a day.",
     4_500_000, None, "USD", None, "Lena Vos", "$4.5 million"),
    ("The bridge will cost €12 billion, Transport Minister Ana Ruiz said.",
     12_000_000_000, None, "EUR", None, "Ana Ruiz", "€12 billion"),
    ("The repairs will cost $2 million to $3 million, council treasurer Omar Haddad said.",
     2_000_000, 3_000_000, "USD", None, "Omar Haddad", "$2 million to $3 million"),
    ("Prices rose 3% to 5% last year, economist Maria Costa said.",
     3, 5, "percent", None, "Maria Costa", "3% to 5%"),
    ("Exports grew by twenty-five percent, trade minister Paul Adeyemi said.",
     25, None, "percent", None, "Paul Adeyemi", "twenty-five percent"),
    ("Between 300 and 400 soldiers crossed the border, according to Colonel Ivan Petrov.",
     300, 400, "soldiers", None, "Ivan Petrov", "Between 300 and 400 soldiers"),
    ("Mayor Sara Lind said two-thirds of the city's buses were out of service.",
     0.6667, None, "buses", None, "Sara Lind", "two-thirds of the city's buses"),
    ("The storm destroyed three-quarters of the harvest, union leader Jan Holt said.",
     0.75, None, "harvest", None, "Jan Holt", "three-quarters of the harvest"),
    ("The company expects to cut about 1,200 jobs, chief executive Tom Berg said.",
     1200, None, "jobs", "about", "Tom Berg", "about 1,200 jobs"),
    ("Governor Ruth Adler said more than 2,500 families had been evacuated.",
     2500, None, "families", "more than", "Ruth Adler", "more than 2,500 families"),
    ("The bank lost $1.2bn last year, chief executive Anna Berg said.",
     1_200_000_000, None, "USD", None, "Anna Berg", "$1.2bn"),
    ("Inflation reached 7 per cent in May, central bank governor Luis Mora said.",
     7, None, "percent", None, "Luis Mora", "7 per cent"),
    ("Between 3 and 5 percent of voters switched, pollster Nina Falk said.",
     3, 5, "percent", None, "Nina Falk", "Between 3 and 5 percent"),
    ("Between 10 and 20 people were hurt, fire chief Ola Dahl said.",
     10, 20, "people", None, "Ola Dahl", "Between 10 and 20 people"),
    ("Sales fell 12pc in March, retail analyst Kim Lowe said.",
     12, None, "percent", None, "Kim Lowe", "12pc"),
    ("One in five children lives in poverty, charity director Eva Marsh said.",
     0.2, None, "children", None, "Eva Marsh", "One in five children"),
])
def test_claim_reads_value_range_unit_qualifier_and_claimant(
        nlp_model: object, text: str, value: float, upper: float | None, unit: str, qualifier: str | None,
        claimant: str, words: str) -> None:
    article, claim = _only(text)
    assert claim.value == pytest.approx(value)
    assert claim.upper == (pytest.approx(upper) if upper is not None else None)
    assert claim.unit == unit
    assert claim.qualifier == qualifier
    assert claim.text == words
    assert article.text[claim.span[0]:claim.span[1]] == words
    assert _claimant(article, claim) == claimant


def test_vague_amounts_keep_their_word_as_qualifier(nlp_model: object) -> None:
    _, claim = _only("Dozens of protesters gathered outside the town hall on Friday.")
    assert (claim.value, claim.unit, claim.qualifier) == (12, "protesters", "Dozens")


def test_fraction_in_words_takes_the_qualifier_before_it(nlp_model: object) -> None:
    _, claim = _only("Nearly half of the respondents favoured the new tram line.")
    assert (claim.value, claim.unit, claim.qualifier) == (0.5, "respondents", "Nearly")


def test_a_number_inside_a_quote_belongs_to_its_speaker(nlp_model: object) -> None:
    article, claim = _only('"We lost 40 containers in one night," port manager Greta Olsen said.')
    assert (claim.value, claim.unit) == (40, "containers")
    assert _claimant(article, claim) == "Greta Olsen"


@pytest.mark.parametrize("text", [
    "The vote is due on 12 March 2024 at 10:30.",
    "Police seized two M16 rifles near the F-35 hangar.",
    "One official declined to comment.",
    "Liverpool secured a 2-1 win over Everton.",
    "The court ruled 5-4 in favour of the city.",
    "From 2010 to 2015, the port grew.",
])
def test_dates_times_names_and_single_articles_are_not_claims(nlp_model: object, text: str) -> None:
    _, claims = _claims(text)
    assert [c.text for c in claims if c.value is not None and c.value < 2] == []
    assert not any(c.text in ("12 March", "10:30", "M16", "F-35", "One official") for c in claims)


def test_a_single_letter_scale_is_read_only_for_money(nlp_model: object) -> None:
    _, (money,) = _claims("The club raised £30m for the new stadium.")
    assert (money.value, money.unit) == (30_000_000, "GBP")
    _, claims = _claims("She won the 100m sprint in Oslo.")
    assert [(c.value, c.unit) for c in claims] == [(100, "m")]


def test_a_qualifier_is_not_read_across_the_sentence_before() -> None:
    _, (claim,) = _claims("The vote was held on Monday.\n\nNearly two-thirds of voters backed it, "
                          "the commission said.")
    assert (claim.qualifier, claim.text, claim.source) == ("Nearly", "Nearly two-thirds of voters", "the commission")


def test_a_typeset_minus_is_a_minus() -> None:
    _, claims = _claims("Shares fell −3% on Friday.")
    assert [(c.value, c.unit) for c in claims] == [(-3, "percent")]


def test_a_users_number_words_and_qualifiers_count(nlp_model: object, tmp_path: object) -> None:
    # numbers.tsv and qualifiers.tsv in lexicon_dir had been ignored, though documented as read
    from pathlib import Path

    from newsradar.settings import Settings

    folder = Path(str(tmp_path))
    (folder / "numbers.tsv").write_text("umpteen\t20\tvague\n", encoding="utf-8")
    (folder / "qualifiers.tsv").write_text("a whopping\tat-least\n", encoding="utf-8")
    settings = Settings(lexicon_dir=folder)
    claims = analyze("Umpteen of protesters gathered outside the town hall on Friday.", kind="text",
                     settings=settings).claims
    assert [(c.value, c.unit, c.qualifier) for c in claims] == [(20, "protesters", "Umpteen")]
    claims = analyze("Police said a whopping 300 people were arrested.", kind="text", settings=settings).claims
    assert [(c.value, c.qualifier) for c in claims] == [(300, "a whopping")]


@pytest.mark.parametrize(("text", "want"), [
    # spaCy keeps a sentence's full stop on a one-letter scale ("m."): the amount ends before it
    ("The striker's release clause is £45m. Other clubs are circling.", [(45_000_000, None, "GBP", "£45m")]),
    ("The museum needs $8m.", [(8_000_000, None, "USD", "$8m")]),
    ("The fintech raised $1.8B from investors and paid a $900k bonus.",
     [(1_800_000_000, None, "USD", "$1.8B"), (900_000, None, "USD bonus", "$900k bonus")]),
    ("Roughly 2M households lost power.", [(2_000_000, None, "households", "Roughly 2M households")]),
    ("The settlement was between €2m and €4m.", [(2_000_000, 4_000_000, "EUR", "between €2m and €4m")]),
])
def test_scales_glued_to_money_and_to_plural_counts(nlp_model: object, text: str,
                                                    want: list[tuple[float, float | None, str, str]]) -> None:
    article, claims = _claims(text)
    assert [(c.value, c.upper, c.unit, c.text) for c in claims] == want
    assert all(article.text[c.span[0]:c.span[1]] == c.text for c in claims)


@pytest.mark.parametrize(("text", "want"), [
    # a change and the price it led to are two claims, whatever their order of size
    ("Oil slid 1.8 percent to $71.20 a barrel.", [(1.8, "percent"), (71.2, "USD")]),
    ("The retailer's shares dropped 6% to 180 pence.", [(6, "percent"), (180, "pence")]),
    ("The index climbed 0.9% to 7,450 points.", [(0.9, "percent"), (7450, "points")]),
    ("Inflation rose from 4% to 9% over the year.", [(4, "percent"), (9, "percent")]),
    ("The clinic raised Rs 300 crore and ₹1,500 crore last year.",
     [(3_000_000_000, "INR"), (15_000_000_000, "INR")]),
])
def test_a_range_needs_two_ends_of_one_kind(nlp_model: object, text: str, want: list[tuple[float, str]]) -> None:
    _, claims = _claims(text)
    assert [(c.value, c.unit) for c in claims] == want
    assert all(c.upper is None for c in claims)


def test_a_range_of_one_kind_is_still_a_range(nlp_model: object) -> None:
    _, (claim,) = _claims("Estimates of the damage range from 40 to 60 percent.")
    assert (claim.value, claim.upper, claim.unit) == (40, 60, "percent")


@pytest.mark.parametrize("text", [
    "The charity moved to 47 Harbour Road last spring.",
    "Ministers gathered at No. 11 Downing Street.",
    "The figures are on page 34 of the annual review.",
    "A spokesman for the 3M subsidiary declined to comment.",
])
def test_addresses_labels_and_names_are_not_claims(nlp_model: object, text: str) -> None:
    _, claims = _claims(text)
    assert [c.text for c in claims] == []


@pytest.mark.parametrize(("text", "value", "unit", "words"), [
    ("The watchdog fined the lender CHF 75 million.", 75_000_000, "CHF", "CHF 75 million"),
    ("The insurer set aside SFr 12 million.", 12_000_000, "CHF", "SFr 12 million"),
    ("The state budget adds Rs 250 crore for roads.", 2_500_000_000, "INR", "Rs 250 crore"),
    ("Farmers were promised ₹2 lakh crore in loans.", 2e12, "INR", "₹2 lakh crore"),
    ("The fund holds USD 40 million in bonds.", 40_000_000, "USD", "USD 40 million"),
    ("The club paid 6 million Swiss francs for him.", 6_000_000, "CHF", "6 million Swiss francs"),
])
def test_currency_codes_abbreviations_and_indian_scales(nlp_model: object, text: str, value: float, unit: str,
                                                         words: str) -> None:
    _, (claim,) = _claims(text)
    assert (claim.value, claim.unit, claim.text) == (pytest.approx(value), unit, words)


@pytest.mark.parametrize(("text", "value", "unit", "words"), [
    ("The grant was 2 500 000 euros.", 2_500_000, "EUR", "2 500 000 euros"),
    ("The grant was 2\u00a0500\u00a0000 euros.", 2_500_000, "EUR", "2\u00a0500\u00a0000 euros"),
    ("Some 4\u202f000 people marched.", 4000, "people", "Some 4\u202f000 people"),
    ("Support stood at 38\u00a0percent.", 38, "percent", "38\u00a0percent"),
])
def test_space_grouped_thousands_and_no_break_spaces(nlp_model: object, text: str, value: float, unit: str,
                                                     words: str) -> None:
    # The text and HTML paths turn no-break spaces into spaces; JSON Lines articles keep them. The
    # figure must read the same either way.
    article, (claim,) = _claims(text)
    plain = str.maketrans({"\u00a0": " ", "\u202f": " "})
    assert (claim.value, claim.unit, claim.text.translate(plain)) == (value, unit, words.translate(plain))
    assert claim.text == article.text[claim.span[0]:claim.span[1]]


def test_a_qualified_number_without_a_noun_is_still_a_claim(nlp_model: object) -> None:
    _, claims = _claims("Six people died and more than 80 wounded, though rebels put the toll at fewer than 20.")
    assert [(c.value, c.unit, c.qualifier) for c in claims] == [
        (6, "people", None), (80, "people", "more than"), (20, None, "fewer than")]


@pytest.mark.parametrize(("text", "want"), [
    # a number with the state of those it counts is that many people, measured by the state
    ("A gas explosion at the depot left 14 dead.", [(14, "people", "killed", "14 dead")]),
    ("17 dead after the ferry capsized near the harbour", [(17, "people", "killed", "17 dead")]),
    ("The stampede left 9 injured.", [(9, "people", "injured", "9 injured")]),
    ("At least 60 wounded were taken to the military hospital.",
     [(60, "people", "injured", "At least 60 wounded")]),
    ("The landslide left 4 missing and 200 homeless.",
     [(4, "people", "missing", "4 missing"), (200, "people", "displaced", "200 homeless")]),
    # a bare number of a measure of people counts people
    ("The ambush killed 11.", [(11, "people", "killed", "11")]),
    # the counted noun still wins when there is one
    ("The crash left 6 passengers dead.", [(6, "passengers", "killed", "6 passengers")]),
    ("Eight wounded firefighters were flown to the capital.",
     [(8, "wounded firefighters", "injured", "Eight wounded firefighters")]),
])
def test_casualties_count_people(nlp_model: object, text: str, want: list[tuple[float, str, str, str]]) -> None:
    _, claims = _claims(text)
    assert [(c.value, c.unit, c.measure, c.text) for c in claims] == want


def test_poll_shares_out_of_ten(nlp_model: object) -> None:
    _, claims = _claims("Seven out of 10 nurses backed the strike, and nine of 10 doctors agreed.")
    assert [(c.value, c.unit) for c in claims] == [(0.7, "nurses"), (0.9, "doctors")]


def test_a_hyphenated_scale_is_not_the_top_of_a_range(nlp_model: object) -> None:
    _, (claim,) = _claims("She built a $300-million-a-year chain of clinics.")
    assert (claim.value, claim.upper, claim.unit) == (300_000_000, None, "USD")


def test_a_number_used_as_a_pronoun_counts_nothing(nlp_model: object) -> None:
    _, claims = _claims("In March, the two learned of the plan.")
    assert claims == []


def test_no_break_spaces_kept_by_a_json_lines_article_read_as_spaces(nlp_model: object) -> None:
    from newsradar.pipeline import run
    from newsradar.settings import Settings
    from newsradar.sources.raw import RawPage

    text = "The grant was 2\u00a0500\u00a0000 euros, and support stood at 38\u00a0percent."
    [article] = run([RawPage(content="", source="f.jsonl:1", kind="article", fields={"text": text})],
                    Settings(workers=1), nlp=True)
    assert isinstance(article, Article) and article.text == text  # as the user's crawler wrote it
    assert [(c.value, c.unit) for c in article.claims] == [(2_500_000, "EUR"), (38, "percent")]


def test_every_kind_of_figure_is_read_and_the_words_between_are_passed_by(nlp_model: object) -> None:
    from typing import Any

    from newsradar.enrich.figures import may_be_figure

    text = ("Two-thirds of the 40 dock workers voted to strike, dozens of pilots joined them and twenty-five "
            "officials left. Prices fell −5% while exports rose +3% to 1.2bn kroner, and a quarter of ferries "
            "stayed in port.")
    _, claims = _claims(text)
    assert [(c.text, c.value, c.unit) for c in claims] == [
        ("Two-thirds of the 40 dock workers", 0.6667, "workers"), ("dozens of pilots", 12.0, "pilots"),
        ("twenty-five officials", 25.0, "officials"), ("−5%", -5.0, "percent"), ("+3%", 3.0, "percent"),
        ("1.2bn kroner", 1_200_000_000.0, "kroner"), ("a quarter of ferries", 0.25, "ferries")]
    nlp: Any = nlp_model
    for tok in nlp(text):  # what the finder passes by could not have been a figure
        assert may_be_figure(tok.text, tok.like_num) or not tok.text[:1].isdigit()
    assert may_be_figure("−5", False) and may_be_figure("twenty", True) and not may_be_figure("dozens", False)
