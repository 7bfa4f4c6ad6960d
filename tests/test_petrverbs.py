"""PETRARCH verb dictionaries, in both dialects."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.enrich.petrverbs import parse_verbs
from newsradar.errors import ConfigError

PETRARCH1 = """\
&FRUIT_
+APPLE
+PEAR TREE

&BASKET
+&FRUIT
+CRATE

&FRUIT_OF_LABOUR
+WAGES

--- HARVEST [070] ---
HARVEST
GATHER {GATHERS GATHERED GATHERING} [071]
+PICK_UP {+PICKS_UP +PICKED_UP}
- * &FRUIT [073]  # fruit is food
- NOT_* [---]
- + HAS * FROM $ [080:081]
- % * TOGETHER [040:040]
- * THEIR ^ FOR + [075]
- * &FRUIT_OF_LABOUR [071]
- NOT_&FRUIT_NOW * [072]
"""

PETRARCH2 = """\
####### VERB PATTERNS #######
---  RUSH   [---]  ---
RUSH
HURRY {HURRIES HURRYING HURRIED }
- * (TO {BORDER POST})        [154]    # RUSH
- &MISSING *                  [010]
- * AID                       [070]
- * FXLL [+++]
"""


def test_blocks_forms_synsets_and_patterns_of_a_petrarch1_file() -> None:
    vd = parse_verbs(PETRARCH1, "v.txt")
    assert {f.code for f in vd.forms["HARVESTED"]} == {"070"}  # regular forms are generated
    assert {f.code for f in vd.forms["GATHERED"]} == {"071"}  # a verb's own code
    assert "GATHERS" in vd.forms and "GATHEREDS" not in vd.forms
    picked = vd.forms["PICKED"][0]
    assert (picked.before, picked.verb, picked.after) == ((), "PICKED", ("UP",))
    assert ("PEAR", "TREE") in vd.synsets["FRUIT"] and ("APPLES",) not in vd.synsets["FRUIT"]  # FRUIT_: no plurals
    assert ("CRATES",) in vd.synsets["BASKET"] and ("APPLE",) in vd.synsets["BASKET"]  # nested set expanded
    block = vd.blocks[0]
    codes = [(p.code, p.back_code) for p in block.patterns]
    assert codes == [("073", None), (None, None), ("080", "081"), ("040", "040"), ("075", None), ("071", None),
                     ("072", None)]
    assert block.patterns[5].after[0].text == "FRUIT_OF_LABOUR"  # a set's name may hold underscores
    assert [(e.kind, e.text, e.joined) for e in block.patterns[6].before] == [
        ("word", "NOT", False), ("synset", "FRUIT", True), ("word", "NOW", True)]
    not_pattern = block.patterns[1]
    assert not_pattern.verb_joined and not_pattern.before[0].text == "NOT"
    kinds = [e.kind for e in block.patterns[2].before + block.patterns[2].after]
    assert kinds == ["target", "word", "word", "source"]


def test_petrarch2_groups_read_as_words_and_unusable_patterns_are_listed() -> None:
    vd = parse_verbs(PETRARCH2, "cameo.txt")
    assert {f.code for f in vd.forms["HURRIED"]} == {None}
    patterns = vd.blocks[0].patterns
    assert [e.text for e in patterns[0].after] == ["TO", "BORDER", "POST"]
    assert [p.code for p in patterns] == ["154", "070"]
    assert any("undefined synonym set &MISSING" in s for s in vd.skipped)
    assert any("[+++]" in s for s in vd.skipped)


@pytest.mark.parametrize(("text", "message"), [
    ("- * WORD [010]\n", r"v:1: a pattern line \('-'\) outside a verb block"),
    ("ATTACK [190]\n", r"v:1: a verb outside a verb block"),
    ("--- A [010] ---\nA\n- * B [010\n", r"v:3: a pattern ends with its code in brackets"),
    ("--- A [010] ---\nA\n- * * B [010]\n", r"v:3: a pattern has one '\*'"),
    ("--- A [] ---\nA\n", r"v:1: empty code"),
    ("--- A [010] ---\nA {B C\n", r"v:2: a '\{' without its '\}'"),
    ("&\n+X\n", r"v:1: a synonym set needs a name"),
    ("# nothing\n", r"v: no verbs found"),
])
def test_malformed_lines_are_refused_with_their_line(text: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_verbs(text, "v")


def test_codes_that_are_not_cameo_codes_are_kept_and_noted_with_their_line() -> None:
    text = "--- CONDEMN [ABC] ---\nCONDEMN\nDENOUNCE [999]\n- * LOUDLY [21]\n- * SOFTLY [111:1121]\n"
    vd = parse_verbs(text, "t.verbs")
    assert [b.code for b in vd.blocks] == ["ABC"]
    assert [n.split(" is not")[0] for n in vd.notes] == ["t.verbs:1: [ABC]", "t.verbs:3: [999]", "t.verbs:4: [21]"]
    assert "no PLOVER type, QuadClass or Goldstein weight" in vd.notes[0]
    assert parse_verbs(PETRARCH1, "v").notes == []


_LINES = st.sampled_from(["--- A [010] ---", "ATTACK [190]", "BOMB {BOMBS}", "- * X [011]", "- + * $ [012:013]",
                          "&SET", "+WORD", "+&SET", "", "# note", "<!--", "-->", "- * [", "{", "[", "---", "-", "&",
                          "+", "- % ^ * &SET [X]", "WIRE_+TAP", "--- [", "- *_UP [---]"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=30)), max_size=12))
def test_any_input_reads_or_fails_with_a_config_error_naming_its_line(lines: list[str]) -> None:
    text = "\n".join(lines)
    try:
        vd = parse_verbs(text, "v.txt")
    except ConfigError as exc:
        assert re.match(r"v\.txt(:\d+)?: ", exc.reason), exc.reason
    else:
        assert vd.forms
