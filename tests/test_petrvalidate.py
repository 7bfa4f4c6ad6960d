"""Reading and running PETRARCH validation files (a small one written here)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from newsradar.enrich.petrvalidate import read_suite, run_suite
from newsradar.errors import ConfigError

RECORDS = """<Validation>
<!-- a comment <!-- nested, as PETRARCH's own files nest them --> still the comment -->
<Environment>
    <Verbfile>v.verbs.txt</Verbfile>
    <Actorfile>a.actors.txt</Actorfile>
    <Include>MAIN</Include>
</Environment>
<Sentences>
<Sentence date="20200101" id="ONE" category="MAIN">
<EventCoding sourcecode="VLD" targetcode="MRD" eventcode="111"></EventCoding>
<Text>Valdoria condemned Marund.</Text>
</Sentence>
<Config option="require_dyad" value="false"></Config>
<Config option="comma_max" value="3"></Config>
<Sentence date="20200101" id="TWO" category="MAIN">
<EventCoding noevents="True"></EventCoding>
<Text>Valdoria condemned the weather.</Text>
</Sentence>
<Sentence date="20200101" id="SKIPPED" category="OTHER">
<EventCoding sourcecode="VLD" targetcode="MRD" eventcode="111"></EventCoding>
<Text>Valdoria condemned Marund again.</Text>
</Sentence>
<Sentence date="20200101" id="PARSE" category="MAIN">
<EventCoding error="bad_input_parse"></EventCoding>
<Text>Valdoria condemned Marund once more.</Text>
</Sentence>
</Sentences>
</Validation>
"""


@pytest.fixture()
def suite_file(tmp_path: Path) -> Path:
    (tmp_path / "v.verbs.txt").write_text("--- CONDEMN [111] ---\nCONDEMN\n")
    (tmp_path / "a.actors.txt").write_text("VALDORIA [VLD]\nMARUND [MRD]\n")
    path = tmp_path / "records.xml"
    path.write_text(RECORDS)
    return path


def test_records_options_and_includes_are_read(suite_file: Path) -> None:
    suite = read_suite(suite_file)
    assert [r.id for r in suite.records] == ["ONE", "TWO"]
    assert suite.records[0].options.require_dyad and not suite.records[1].options.require_dyad
    assert suite.records[0].expected == (("VLD", "MRD", "111"),) and suite.records[1].expected == ()
    assert suite.ignored_options == {"comma_max"}


def test_scores_count_found_and_extra_events(suite_file: Path, nlp_model: Any) -> None:
    score = run_suite(read_suite(suite_file), nlp_model)
    assert (score.expected, score.produced, score.matched) == (1, 2, 1)  # TWO codes VLD → --- without dyads
    assert score.recall == 1.0 and score.extra == 0.5


def test_a_file_without_dictionaries_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.xml"
    path.write_text("<Validation><Sentences></Sentences></Validation>")
    with pytest.raises(ConfigError, match="no <Environment>"):
        read_suite(path)
