"""WARC reading speed: FastWARC vs warcio, and newsradar's readers against warcio, on a generated archive.

A crawl-like archive is written with warcio (gzip per record, as crawlers do): for every page a
request record, a response holding an HTML page of 10–120 KB, and a metadata record; one response in
ten is an image. Timed, best of ``--repeat`` runs, each reading the whole archive:

- warcio ``ArchiveIterator`` reading every response payload (the peer);
- FastWARC ``ArchiveIterator`` reading every response payload;
- newsradar's file reader (FastWARC underneath) and stream reader (warcio underneath), producing
  RawPages (HTTP head parsed, non-HTML skipped, truncation checked).

Then the peak Python heap (tracemalloc) of both newsradar readers over the whole archive, against the
archive's size: reading is streamed, record by record.

    python -m bench.warc [--pages 3000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import io
import random
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.report import machine, table, write_section
from newsradar.sources.raw import RawPage
from newsradar.sources.warc import read_warc_file, read_warc_stream

WORDS = ["harbour", "council", "minister", "strike", "ferry", "talks", "union", "vote", "budget", "river", "dam",
         "rail", "tram", "court", "report", "police", "election", "market", "price", "water", "school",
         "hospital", "bridge", "storm"]


def _page(rng: random.Random, n: int) -> bytes:
    paragraphs: list[str] = []
    size = rng.randint(10_000, 120_000)
    while sum(len(p) for p in paragraphs) < size:
        paragraphs.append("<p>" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".</p>")
    return (f"<!DOCTYPE html><html><head><title>Story {n}</title></head><body><article>"
            + "".join(paragraphs) + "</article></body></html>").encode()


def generate(path: Path, pages: int, seed: int = 7) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(seed)
    html = 0
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for n in range(pages):
            uri = f"https://news.example/{n}"
            image = n % 10 == 9
            body = b"\x89PNG\r\n\x1a\n" + bytes(rng.getrandbits(8) for _ in range(2000)) if image else _page(rng, n)
            records = [
                writer.create_warc_record(uri, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")),
                writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=StatusAndHeaders(
                    "200 OK", [("Content-Type", "image/png" if image else "text/html; charset=utf-8")],
                    protocol="HTTP/1.1")),
                writer.create_warc_record(uri, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                                          warc_content_type="application/warc-fields"),
            ]
            for rec in records:
                writer.write_record(rec)
                rec.raw_stream.close()
            html += not image
    return html


def warcio_peer(path: Path) -> int:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh):
            if rec.rec_type == "response":
                rec.content_stream().read()
                count += 1
    return count


def fastwarc_peer(path: Path) -> int:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    count = 0
    with open(path, "rb") as fh:
        for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
            rec.reader.read()
            count += 1
    return count


def ours_file(path: Path) -> int:
    return sum(isinstance(p, RawPage) for p, _ in read_warc_file(str(path), 20 * 1024 * 1024))


def ours_stream(path: Path) -> int:
    with open(path, "rb") as fh:
        return sum(isinstance(p, RawPage) for p, _ in read_warc_stream(io.BufferedReader(fh), str(path),
                                                                         20 * 1024 * 1024))


def best(fn: Callable[[Path], int], path: Path, repeat: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = fn(path)
        times.append(time.perf_counter() - start)
    return min(times), count


def peak_heap(fn: Callable[[Path], int], path: Path) -> int:
    tracemalloc.start()
    try:
        fn(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pages", type=int, default=3000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.warc.gz"
        html = generate(path, args.pages)
        size = path.stat().st_size
        with gzip.open(path, "rb") as fh:
            inflated = sum(len(chunk) for chunk in iter(lambda: fh.read(1 << 20), b""))
        runs = [("warcio (peer)", warcio_peer), ("FastWARC", fastwarc_peer),
                ("newsradar, file (FastWARC)", ours_file), ("newsradar, stream (warcio)", ours_stream)]
        timed = {name: best(fn, path, args.repeat) for name, fn in runs}
        peer = timed["warcio (peer)"][0]
        rows: list[list[object]] = []
        for name, (secs, count) in timed.items():
            rows.append([name, count, round(count / secs), round(inflated / secs / 1_048_576, 1), peer / secs])
        heaps = [["newsradar, file (FastWARC)", peak_heap(ours_file, path) / 1_048_576],
                 ["newsradar, stream (warcio)", peak_heap(ours_stream, path) / 1_048_576]]
    md = f"""## WARC reading: FastWARC vs warcio, and newsradar's readers

A generated crawl-like archive ({args.pages} pages: request, response and metadata records, one
response in ten an image), gzip per record: {size / 1_048_576:.1f} MB on disk, {inflated / 1_048_576:.0f} MB
inflated, {html} HTML responses. Each reader reads the whole archive; best of {args.repeat} runs.
Peers read every response payload; newsradar's readers also parse the HTTP head, skip non-HTML and
check for truncation, yielding RawPages. {machine()}.

{table(["reader", "responses/pages", "records/s", "MB/s inflated", "speed vs warcio"], rows)}

Peak Python heap while reading the whole archive (tracemalloc, which does not see FastWARC's own
small native buffers; the archive is
{inflated / 1_048_576:.0f} MB inflated):

{table(["reader", "peak heap MB"], heaps)}

Choice: FastWARC for files on disk (the archive backfills where speed matters), warcio for
streams (stdin, HTTP), because FastWARC needs a seekable file (it aborts with a Rust panic on a
pipe). Both are far faster than the extract and NLP stages that follow, and both stream.

Run: `python -m bench.warc [--pages 3000] [--repeat 3]`.
"""
    write_section("warc", md)
    print(md)


if __name__ == "__main__":
    main()
