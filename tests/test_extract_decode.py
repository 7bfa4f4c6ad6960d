"""From bytes to text: any bytes give text or a refusal with a reason."""

from __future__ import annotations

import gzip
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.errors import InputError
from newsradar.extract.decode import control_characters, decode, sniff_kind


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "iso-8859-15", "shift_jis", "gb18030", "utf-16"])
def test_pages_in_their_declared_encodings_decode(encoding: str) -> None:
    text = "Grüße aus Köln, 東京" if encoding in ("utf-8", "utf-16", "gb18030", "shift_jis") else "Grüße aus Köln"
    if encoding == "shift_jis":
        text = "東京の天気"
    page = f'<html><head><meta charset="{encoding}"></head><body><p>{text}</p></body></html>'
    assert text in decode(page.encode(encoding))


def test_a_page_declaring_utf8_but_written_in_a_legacy_code_page_is_read() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>Müller sagt: „Straße“</p></body></html>'
    assert "Müller sagt: „Straße“" in decode(page.encode("cp1252"))


def test_gzip_pages_are_inflated_and_binaries_refused() -> None:
    assert "hello" in decode(gzip.compress(b"<p>hello</p>"))
    with pytest.raises(InputError, match="PNG"):
        decode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(InputError, match="page limit"):
        decode(b"<p>" + b"x" * 2000, max_bytes=1000)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from([None, "utf-8", "latin-1", "no-such-codec"]))
def test_any_bytes_decode_or_are_refused_with_a_reason(raw: bytes, declared: str | None) -> None:
    try:
        text = decode(raw, declared)
    except InputError as exc:
        assert exc.reason
        return
    assert isinstance(text, str) and text.strip()
    assert sniff_kind(text) in ("html", "text")


def test_white_space_and_control_characters_are_refused() -> None:
    for blank in (b" \n\t ", " \u00a0\u3000 ", b"\xef\xbb\xbf \n"):
        with pytest.raises(InputError, match="empty input"):
            decode(blank)
    with pytest.raises(InputError, match="control"):
        decode("<p>" + "\x01\x02\x1f" * 100 + "</p>")
    assert decode("<p>tab\tand\r\nbreaks\x0b\x0c</p>" * 20)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x3000) | st.sampled_from(["\x00", "\x1f", "\ud800"])))
def test_control_characters_are_counted_as_the_pattern_counts_them(text: str) -> None:
    assert control_characters(text) == len(re.findall(r"[\x00-\x08\x0e-\x1f]", text))
