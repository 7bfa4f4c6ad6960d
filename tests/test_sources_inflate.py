"""Content encodings undone a bounded piece at a time."""

from __future__ import annotations

import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.sources.inflate import PIECE, Inflater, inflate

brotli = pytest.importorskip("brotli")


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(wbits=-15)
    return c.compress(data) + c.flush()


CODERS = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress, "identity": bytes}


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=5000), st.sampled_from(sorted(CODERS)))
def test_what_was_encoded_comes_back(data: bytes, coding: str) -> None:
    assert inflate(CODERS[coding](data), coding, 10_000) == data


def test_deflate_without_its_zlib_wrapper_is_read_too() -> None:
    assert inflate(_raw_deflate(b"<p>harbour</p>" * 50), "deflate", 10_000) == b"<p>harbour</p>" * 50


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_a_bomb_comes_out_in_bounded_pieces_and_stops_at_the_limit(coding: str) -> None:
    bomb = {"gzip": gzip.compress, "deflate": zlib.compress, "br": brotli.compress}[coding](b"\0" * (64 << 20))
    inflater = Inflater(coding)
    sizes = [len(piece) for piece in (*inflater.feed(bomb), *inflater.finish())]
    assert max(sizes) <= 2 * PIECE and sum(sizes) == 64 << 20  # brotli's pieces may reach twice PIECE
    with pytest.raises(ValueError, match="inflates beyond the 1 MB page limit"):
        inflate(bomb, coding, 1 << 20)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "br"])
def test_corrupt_data_is_a_value_error_with_the_reason(coding: str) -> None:
    with pytest.raises(ValueError, match="corrupt compressed page"):
        inflate(b"\x1b\x00 not compressed at all, just text", coding, 1000)


def test_an_unknown_coding_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported content encoding 'zstd'"):
        Inflater("zstd")


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_stream_cut_short_is_refused_not_read_as_half_a_page(coding: str) -> None:
    whole = {"gzip": gzip.compress, "deflate": zlib.compress}[coding](b"<p>The harbour strike is over.</p>" * 200)
    with pytest.raises(ValueError, match="cut short"):
        inflate(whole[: len(whole) // 2], coding, 100_000)
