"""``newsradar analyze``: one record per input, in input order; refusals keep their line."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsradar.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PROSE = ("Fishermen in the northern port said on Sunday that the catch this season was the smallest in "
         "twenty years, and blamed the warmer water for driving the herring further out to sea.")


def invoke(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """A folder of the inputs users actually hand us, good and bad."""
    d = tmp_path / "mixed"
    d.mkdir()
    (d / "a-good.html").write_text(f"<html><head><title>Herring</title></head><body><p>{PROSE}</p></body></html>")
    (d / "b-empty.txt").write_bytes(b"")
    (d / "c-image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (d / "d-random.bin").write_bytes(bytes((i * 7919) % 256 for i in range(4000)))
    # Windows-1252 with no declaration anywhere: must decode, not turn into mojibake or be refused.
    (d / "e-cp1252.txt").write_bytes(("Le président a déclaré à la presse que la crise était terminée, "
                                      "et que les négociations reprendraient dès la semaine prochaine.")
                                     .encode("cp1252"))
    (d / "f-deep.html").write_text("<html><body>" + "<div>" * 100_000 + f"<p>{PROSE}</p>" + "</div>" * 100_000
                                   + "</body></html>")
    (d / "g-huge.html").write_bytes(b"<html><body>" + (b"<p>" + b"word " * 200 + b"</p>") * 52_000)
    (d / "h-page.html.gz").write_bytes(gzip.compress(f"<p>{PROSE}</p>".encode()))
    return d


def test_a_folder_of_mixed_files_keeps_one_line_per_input(mixed: Path) -> None:
    code, out, err = invoke("analyze", "--no-nlp", "--format", "jsonl", str(mixed))
    lines = [json.loads(x) for x in out.splitlines()]
    names = sorted(p.name for p in mixed.iterdir())
    assert [Path(x["source"]).name for x in lines] == names
    by = {Path(x["source"]).name: x for x in lines}
    assert PROSE in by["a-good.html"]["text"]
    assert by["b-empty.txt"]["error"].startswith("empty input")
    assert "PNG" in by["c-image.png"]["error"]
    assert by["d-random.bin"]["error"].startswith("binary input")
    assert "président a déclaré" in by["e-cp1252.txt"]["text"]
    assert PROSE in by["f-deep.html"]["text"]
    assert "MB page limit" in by["g-huge.html"]["error"]
    assert PROSE in by["h-page.html.gz"]["text"]
    assert code == 1
    for name in ("b-empty.txt", "c-image.png", "d-random.bin", "g-huge.html"):
        assert f"{name}: " in err  # the reason is on stderr too


def test_all_good_inputs_exit_zero_and_json_is_one_object_per_single_input() -> None:
    code, out, _ = invoke("analyze", "--no-nlp", str(EXAMPLES / "harbour-strike.html"))
    record = json.loads(out)
    assert code == 0 and record["title"].startswith("Dock workers shut Rotterdam port")


def test_several_inputs_give_a_json_array_in_input_order() -> None:
    paths = [str(EXAMPLES / "nile-talks.txt"), str(EXAMPLES / "harbour-strike.html")]
    code, out, _ = invoke("analyze", "--no-nlp", *paths)
    assert code == 0 and [r["source"] for r in json.loads(out)] == paths


def test_stdin_is_read_with_dash() -> None:
    code, out, _ = invoke("analyze", "--no-nlp", "--kind", "text", "-", stdin=PROSE.encode())
    assert code == 0 and json.loads(out)["text"] == PROSE


def test_missing_path_is_refused_but_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "ok.txt"
    good.write_text(PROSE)
    code, out, err = invoke("analyze", "--no-nlp", "--format", "jsonl", str(tmp_path / "nope.txt"), str(good))
    lines = [json.loads(x) for x in out.splitlines()]
    assert code == 1 and "error" in lines[0] and lines[1]["text"] == PROSE
    assert "nope.txt: cannot read" in err


def test_pretty_prints_for_people() -> None:
    code, out, _ = invoke("analyze", "--no-nlp", "--format", "pretty", str(EXAMPLES / "nile-talks.txt"))
    assert code == 0 and "Ethiopia and Egypt agree" in out


def test_url_needs_exactly_one_input() -> None:
    code, _, err = invoke("analyze", "--url", "https://x.example/a", "a.txt", "b.txt")
    assert code == 2 and "--url" in err
