"""Content encodings undone a bounded piece at a time.

A server or an archive decides how far its bytes inflate: 200 KB of brotli can become a gigabyte,
and a decoder asked for everything at once builds all of it in memory before anyone can count it.
:class:`Inflater` hands the inflated bytes out in pieces of about ``PIECE`` bytes (brotli's may reach
twice that), so whoever reads them can stop at its limit with no more than a piece over it in memory.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator
from typing import Any

PIECE = 1 << 20
ENCODINGS = ("gzip", "x-gzip", "deflate", "br", "identity")


def accept_encoding() -> str:
    """The codings to ask servers for: those :class:`Inflater` can undo here."""
    try:
        import brotli  # noqa: F401
    except ImportError:
        return "gzip, deflate"
    return "gzip, deflate, br"


class Inflater:
    """Undoes one content encoding (``gzip``, ``deflate``, ``br`` or ``identity``).

    :meth:`feed` takes the encoded bytes as they come and yields inflated pieces; :meth:`finish`
    yields what the decoder still holds. Corrupt data raises ValueError with the reason."""

    def __init__(self, encoding: str) -> None:
        coding = encoding.strip().lower()
        if coding not in ENCODINGS:
            raise ValueError(f"unsupported content encoding {encoding!r}")
        self.coding = coding
        self._zlib: Any = None
        self._brotli: Any = None
        self._first = True
        if coding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(wbits=31)
        elif coding == "deflate":
            self._zlib = zlib.decompressobj(wbits=15)
        elif coding == "br":
            try:
                import brotli
            except ImportError:
                raise ValueError("page is brotli-compressed; install the 'brotli' package to read it") from None
            self._brotli = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.coding == "identity":
            for at in range(0, len(data), PIECE):
                yield data[at:at + PIECE]
        elif self._brotli is not None:
            yield from self._brotli_pieces(data)
        else:
            yield from self._zlib_pieces(data)

    def finish(self) -> Iterator[bytes]:
        if self._brotli is not None:
            yield from self._brotli_drain()
        if self._zlib is not None:
            try:
                tail = self._zlib.flush()
            except zlib.error as exc:
                raise ValueError(f"corrupt compressed page: {exc}") from exc
            for at in range(0, len(tail), PIECE):
                yield tail[at:at + PIECE]
            if not self._zlib.eof and not self._first:  # some input came, and its stream never ended
                raise ValueError("compressed page is cut short")

    def _zlib_pieces(self, data: bytes) -> Iterator[bytes]:
        if self._first and data:
            self._first = False
            # "deflate" is meant to be zlib-wrapped, but some servers send raw deflate
            if self.coding == "deflate" and ((data[0] & 0x0F) != 8 or int.from_bytes(data[:2], "big") % 31):
                self._zlib = zlib.decompressobj(wbits=-15)
        while data:
            try:
                piece = self._zlib.decompress(data, PIECE)
            except zlib.error as exc:
                raise ValueError(f"corrupt compressed page: {exc}") from exc
            if piece:
                yield piece
            data = self._zlib.unconsumed_tail
            if self._zlib.eof:
                return

    def _brotli_pieces(self, data: bytes) -> Iterator[bytes]:
        import brotli

        try:
            piece = self._brotli.process(data, output_buffer_limit=PIECE)
            while True:
                if piece:
                    yield piece
                if self._brotli.can_accept_more_data() or self._brotli.is_finished():
                    return
                piece = self._brotli.process(b"", output_buffer_limit=PIECE)
        except brotli.error as exc:
            raise ValueError(f"corrupt compressed page: {exc}") from exc

    def _brotli_drain(self) -> Iterator[bytes]:
        # output the decoder still holds once the input has ended
        import brotli

        try:
            while not self._brotli.is_finished():
                piece = self._brotli.process(b"", output_buffer_limit=PIECE)
                if not piece:
                    return
                yield piece
        except brotli.error as exc:
            raise ValueError(f"corrupt compressed page: {exc}") from exc


def inflate(body: bytes, encoding: str, max_bytes: int) -> bytes:
    """``body`` with ``encoding`` undone, or ValueError once it inflates past ``max_bytes``."""
    inflater, out = Inflater(encoding), bytearray()
    for piece in itertools.chain(inflater.feed(body), inflater.finish()):  # lazily: the bound is the point
        out += piece
        if len(out) > max_bytes:
            raise ValueError(f"compressed page inflates beyond the {max_bytes / 1_048_576:.0f} MB page limit")
    return bytes(out)
