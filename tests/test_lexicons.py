"""Lexicon files: the built-in rows and a user's lexicon folder, checked value by value."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from newsradar.enrich import read_user_files
from newsradar.enrich.lexcheck import SCHEMAS
from newsradar.enrich.lexicons import load, rows
from newsradar.errors import ConfigError
from newsradar.settings import Settings


def _start(folder: Path) -> None:
    read_user_files(Settings(lexicon_dir=folder))


def test_every_built_in_lexicon_passes_the_checks_user_files_get() -> None:
    shipped = {p.name for p in resources.files("newsradar.enrich").joinpath("data").iterdir()
               if p.name.endswith(".tsv")}
    assert shipped == set(SCHEMAS)  # a new data file needs its columns described
    for name in SCHEMAS:
        assert rows(name), name


# each row was taken, and its value flowed into records and exports, before values were checked
@pytest.mark.parametrize(("name", "row", "reason"), [
    ("cameo.tsv", "030\t\t50\tExpress intent to cooperate",
     "the Goldstein weight '50' is not a number from -10 to 10"),
    ("cameo.tsv", "30\tAGREE\t4.0\tExpress intent", "the code '30' is not a CAMEO event code"),
    ("cameo.tsv", "2101\tAGREE\t4.0\tNo such root", "the code '2101' is not a CAMEO event code"),
    ("cameo.tsv", "030\tHUG\t4.0\tExpress intent", "the PLOVER type 'HUG' is not one of AGREE, CONSULT"),
    ("country_names.tsv", "Narnia\tNARNIA", "the country 'NARNIA' is not an ISO 3166-1 alpha-3"),
    ("demonyms.tsv", "Narnian\tNRN", "the country 'NRN' is not an ISO 3166-1 alpha-3"),
    ("roles.tsv", "premier\tXYZQ\tGBR", "the sector 'XYZQ' is not one of GOV, MIL"),
    ("roles.tsv", "premier\tGOV\tZZZ", "the default country 'ZZZ' is not an ISO 3166-1 alpha-3"),
    ("agents.tsv", "militia\tMIL\tmaybe", "the entity 'maybe' is not one of yes, no"),
    ("organizations.tsv", "Acme\t42", "the actor code '42' is not a CAMEO actor code"),
    ("regions.tsv", "Atlantis\tabc\t1.0", "the latitude 'abc' is not a number from -90 to 90"),
    ("regions.tsv", "Atlantis\t45\t500", "the longitude '500' is not a number from -180 to 180"),
    ("regions.tsv", "Atlantis\t45\t5\tATL", "the country 'ATL' is not an ISO 3166-1 alpha-3"),
    ("numbers.tsv", "zillion\tx\tcardinal", "the value 'x' is not a number of at least 0"),
    ("numbers.tsv", "zillion\t1e99\tbig", "the kind 'big' is not one of cardinal, multiplier, fraction, vague"),
    ("qualifiers.tsv", "roughly\tabout", "the meaning 'about' is not one of at-least, at-most"),
    ("cues.tsv", "blurt\tshouting", "the kind 'shouting' is not one of speech, thought, source, intent"),
    ("tone.tsv", "calamity\t-9", "the valence '-9' is not a number from -4 to 4"),
    ("tone.tsv", "calamity\tnan", "the valence 'nan' is not a number from -4 to 4"),
    ("nouns.tsv", "walkout\t-\t141\tLAB|WORKERS", "the sectors 'LAB|WORKERS' is not a |-separated list, each one"),
    ("verbs.tsv", "hug\t-\tobj\t999", "the CAMEO code '999' is not a CAMEO event code"),
    ("verbs.tsv", "hug\t-\tobj\t0499", "the CAMEO code '0499' is not in the code table"),
    ("refine.tsv", "070\tcyber\t071", "the class 'cyber' is not one aid.tsv gives"),
    ("tone.tsv", "calamity\t-3\textra", "expected at most 2 tab-separated columns (word, valence), got 3"),
])
def test_a_bad_value_in_a_user_lexicon_stops_the_command_naming_file_and_line(tmp_path: Path, name: str, row: str,
                                                                              reason: str) -> None:
    (tmp_path / name).write_text(f"# my additions\n\n{row}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        _start(tmp_path)
    assert err.value.reason.startswith(f"{tmp_path / name}:3: "), err.value.reason
    assert reason in err.value.reason


def test_good_user_rows_load_over_the_built_in_ones(tmp_path: Path) -> None:
    (tmp_path / "roles.tsv").write_text("premier\tgov\tgbr\n", encoding="utf-8")  # case folds as it is used
    (tmp_path / "README.md").write_text("notes on my lexicons\n", encoding="utf-8")  # not a .tsv: no lexicon
    _start(tmp_path)
    role = load(tmp_path).role("Premier")
    assert role is not None and (role.sector, role.default_country) == ("GOV", "GBR")


@pytest.mark.parametrize(("file", "reason"), [
    ("role.tsv", "role.tsv: not a lexicon newsradar reads (did you mean roles.tsv?); the lexicon files are "
                 "agents.tsv, aid.tsv"),
    ("Tone.tsv", "(did you mean tone.tsv?)"),
    ("chrome.tsv", "chrome.tsv is not read from lexicon_dir; its rows go in the file the chrome_file setting"),
])
def test_a_tsv_file_no_lexicon_is_named_like_is_refused(tmp_path: Path, file: str, reason: str) -> None:
    # a misspelt name had been ignored, and the run went on without its rows
    (tmp_path / file).write_text("premier\tGOV\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=re.escape(reason)):
        _start(tmp_path)


def test_a_lexicon_dir_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"lexicon_dir .*nonexistent is not a folder"):
        _start(tmp_path / "nonexistent")
