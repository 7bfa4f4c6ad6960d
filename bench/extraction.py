"""Article body extraction: newsradar against trafilatura, in one run, on the same pages.

    python -m bench.extraction [--peer-configs standard,fast,precision,recall] [--memory-pages 10000]
    python -m bench.extraction --text-only [--split training]   # the scraped-text rows alone, printed

Sets (``../shared/data/extraction``, scored as :mod:`bench.goldsets` describes):

* ``trafilatura_eval``: 990 pages, snippet precision/recall/F1 as trafilatura's own evaluation counts them;
* ``dragnet`` test split: 414 pages, token precision/recall/F1 against the corrected text, comments excluded.

newsradar runs its whole extract stage (decode the bytes, parse, metadata, body, images, language), the
way ``newsradar analyze --no-nlp`` does. trafilatura 2.x gets the same raw bytes through ``extract()``
with ``include_comments=False`` (the gold excludes comments), ``include_tables=True``,
``include_formatting=False``, under each of the configurations given; the best-scoring one on each set
is the peer figure for that set, and its speed is the speed compared: the body against its ``extract()``,
and the whole stage against the same configuration with ``with_metadata=True`` (title, author, date, site
name: the work the whole stage does; the body it returns is the same). Speed is pages per second of CPU
time in this one process (``time.process_time``), so other work on a shared machine does not skew the
ratio.

The scraped-text benchmark renders each page's visible text one block per line, as a scraper or a
Common Crawl WET record keeps it (:func:`render_text`), and scores the body newsradar's text path recovers
from it against the same gold.

Then the metadata half (``bench.extraction_meta``, its own section of BENCHMARKS.md): titles, authors,
site names and dates against trafilatura and htmldate on the same sets; ``--no-metadata`` skips it.

Memory: the extract stage runs over ``--memory-pages`` pages (the sets cycled) and the resident set size
is reported at the start and the end.
"""

from __future__ import annotations

import argparse
import gc
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from lxml import etree

from bench.goldsets import Page, dragnet, score, trafilatura_eval
from bench.report import SHARED, machine, table, write_section
from newsradar.errors import NewsradarError
from newsradar.extract import extract
from newsradar.extract.body import extract_body
from newsradar.extract.decode import decode
from newsradar.extract.html import parse
from newsradar.extract.language import detect, warm_up
from newsradar.sources.raw import RawPage

PEER_CONFIGS: dict[str, dict[str, Any]] = {
    "standard": {"fast": False},
    "fast": {"fast": True},
    "precision": {"fast": False, "favor_precision": True},
    "recall": {"fast": False, "favor_recall": True},
}
LANGUAGES = ("de", "en", "fr", "es", "zh", "ja", "pl", "it", "pt")


@dataclass
class Run:
    outputs: list[str | None]
    seconds: float

    def rate(self) -> float:
        return len(self.outputs) / self.seconds if self.seconds else 0.0


def timed(fn: Callable[[bytes | str], str | None], inputs: list[Any]) -> Run:
    outs: list[str | None] = []
    spent = 0.0
    for item in inputs:
        start = time.process_time()
        try:
            out = fn(item)
        except Exception:  # a crash counts as a miss, as trafilatura's evaluation counts it
            out = None
        spent += time.process_time() - start
        outs.append(out)
    return Run(outs, spent)


def timed_together(fns: dict[str, Callable[[bytes | str], str | None]], inputs: list[Any]) -> dict[str, Run]:
    """Each input through every function before the next input, the order rotating from one input to
    the next: the host's speed drifts (more than twofold within minutes here), and timing one tool over
    the whole set and then the other compared two different machines."""
    outs: dict[str, list[str | None]] = {name: [] for name in fns}
    spent = dict.fromkeys(fns, 0.0)
    names = list(fns)
    for i, item in enumerate(inputs):
        for name in names[i % len(names):] + names[:i % len(names)]:
            one = timed(fns[name], [item])
            outs[name].append(one.outputs[0])
            spent[name] += one.seconds
    return {name: Run(outs[name], spent[name]) for name in fns}


def newsradar_html(content: bytes | str) -> str | None:
    try:
        return extract(RawPage(content=content, source="bench", kind="html")).text
    except NewsradarError:
        return None


def newsradar_body(content: bytes | str) -> str | None:
    """The body alone, as trafilatura's ``extract()`` (which reads no metadata) finds it: decode, parse,
    body, language."""
    try:
        root = parse(decode(content))
        paragraphs = extract_body(root).paragraphs
    except NewsradarError:
        return None
    text = "\n\n".join(paragraphs)
    detect(text)
    return text


def newsradar_text(content: bytes | str) -> str | None:
    try:
        return extract(RawPage(content=content, source="bench", kind="text")).text
    except NewsradarError:
        return None


def peer(config: str, with_metadata: bool = False) -> Callable[[bytes | str], str | None]:
    """trafilatura's ``extract()`` in one configuration; ``with_metadata`` also reads what newsradar's
    whole stage reads (title, author, date through htmldate, site name), the body unchanged."""
    import trafilatura

    fn: Callable[[bytes | str], str | None] = partial(
        trafilatura.extract, include_comments=False, include_tables=True, include_formatting=False,
        with_metadata=with_metadata, **PEER_CONFIGS[config])
    return fn


def _without_header(text: str | None) -> str | None:
    """trafilatura's text output with metadata starts with a YAML header; the body is what follows."""
    if text and text.startswith("---"):
        parts = text.split("---", 2)
        return parts[2] if len(parts) == 3 else text
    return text


# --- the scraped-text rendering --------------------------------------------------------------------

_HIDDEN = ("script", "style", "noscript", "template", "head", "svg", "object", "embed", "iframe")
_BLOCKS = frozenset({
    "address", "article", "aside", "blockquote", "body", "br", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "option", "button", "caption",
})
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def browser_decode(content: bytes) -> str:
    """The page's characters as a browser shows them: a byte-order mark, else valid UTF-8, else the
    charset the page declares, else Windows-1252. (Handing raw bytes to libxml2 instead reads an
    undeclared UTF-8 page as Latin-1, and the scraper's text would be mojibake no scraper keeps.)"""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if content.startswith(bom):
            return content[len(bom):].decode(codec, errors="replace")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _CHARSET.search(content[:4096])
    if m:
        try:
            return content.decode(m.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return content.decode("cp1252", errors="replace")


_NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.I | re.S)


def render_text(content: bytes) -> str:
    """The page's visible text, one block per line, with every block kept (navigation, footers,
    comments and all): what a scraper stores. This walker is the benchmark's own, so that the text
    path is not scored on a rendering made by the code it tests."""
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, recover=True, huge_tree=True,
                              encoding="utf-8")
    # A browser that runs scripts reads <noscript> as raw text up to its end tag; libxml2 parses markup
    # in it, so an element left open inside (<noscript><div></noscript>) took the rest of the page in.
    page = _NOSCRIPT.sub(" ", browser_decode(content))
    root = etree.fromstring(page.encode("utf-8"), parser)
    if root is None:
        return ""
    etree.strip_elements(root, *_HIDDEN, with_tail=False)
    parts: list[str] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(el.tag, str):
            continue
        if event == "start":
            if el.tag in _BLOCKS:
                parts.append("\n")
            if el.text:
                parts.append(el.text.replace("\n", " "))
        else:
            if el.tag in _BLOCKS:
                parts.append("\n")
            if el.tail:
                parts.append(el.tail.replace("\n", " "))
    lines = (_SPACE.sub(" ", ln).strip() for ln in "".join(parts).split("\n"))
    return "\n".join(ln for ln in lines if ln)


# --- the report --------------------------------------------------------------------------------------

def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def by_language(pages: list[Page], outputs: list[str | None]) -> dict[str, float]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(pages):
        groups[p.language if p.language in LANGUAGES else "other"].append(i)
    return {lang: score([pages[i] for i in idx], [outputs[i] for i in idx]).f1 for lang, idx in groups.items()}


def text_only(split: str, limit: int) -> None:
    """The scraped-text rows alone, for iterating on the text path: each page through the HTML path
    and, rendered, through the text path; nothing timed against trafilatura, nothing written."""
    sets = {"trafilatura_eval": trafilatura_eval(SHARED), f"dragnet ({split})": dragnet(SHARED, split)}
    rows, lang_rows = [], []
    for name, every in sets.items():
        pages = every[:limit] if limit else every
        html = [newsradar_html(p.html) for p in pages]
        text = [newsradar_text(render_text(p.html)) for p in pages]
        h, t = score(pages, html), score(pages, text)
        rows.append([name, h.f1, t.precision, t.recall, t.f1, f"{t.f1 - h.f1:+.3f}"])
        html_lang, text_lang = by_language(pages, html), by_language(pages, text)
        counts: dict[str, int] = defaultdict(int)
        for p in pages:
            counts[p.language if p.language in LANGUAGES else "other"] += 1
        for lang in sorted(counts, key=lambda k: -counts[k]):
            lang_rows.append([name, lang, counts[lang], html_lang[lang], text_lang[lang],
                              f"{text_lang[lang] - html_lang[lang]:+.3f}"])
    print(table(["set", "HTML path F1", "text path precision", "recall", "F1", "text − HTML"], rows))
    print()
    print(table(["set", "language", "pages", "newsradar HTML", "newsradar text", "text − HTML"], lang_rows))


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--peer-configs", default="standard,fast,precision,recall",
                    help="trafilatura configurations to run; the best on each set is the peer")
    ap.add_argument("--memory-pages", type=int, default=10_000)
    ap.add_argument("--limit", type=int, default=0, help="pages per set (a quick look; 0 = all)")
    ap.add_argument("--no-metadata", action="store_true",
                    help="skip the metadata half (bench.extraction_meta: titles, authors, site names, dates)")
    ap.add_argument("--text-only", action="store_true",
                    help="only the scraped-text rows (text path against the HTML path, by language), printed "
                         "and not written to BENCHMARKS.md: a minute or two instead of the whole run")
    ap.add_argument("--split", default="test", help="with --text-only: dragnet's split (test or training)")
    args = ap.parse_args(argv)
    if not (SHARED / "data" / "extraction").is_dir():
        sys.exit(f"bench.extraction: {SHARED}/data/extraction not found: this benchmark needs ../shared")
    if args.text_only:
        text_only(args.split, args.limit)
        return
    configs = [c.strip() for c in args.peer_configs.split(",") if c.strip()]
    sets = {"trafilatura_eval": trafilatura_eval(SHARED), "dragnet (test)": dragnet(SHARED)}
    if args.limit:
        sets = {k: v[: args.limit] for k, v in sets.items()}
    # Load what newsradar loads once per process (both language models, the rules) before timing, as
    # trafilatura is warmed up too.
    warm_up()
    newsradar_html(b"<html><body><p>warm up the language model and the rules.</p></body></html>")
    peer(configs[0])(b"<html><body><p>warm up</p></body></html>")

    quality_rows, speed_rows, text_rows, lang_rows = [], [], [], []
    for name, pages in sets.items():
        html_inputs = [p.html for p in pages]
        # every configuration also with metadata, in the same pass: which one is the peer is known only
        # after it, and a second pass would time newsradar with its class-name caches already filled
        runs = timed_together({"ours": newsradar_html, "body": newsradar_body,
                               **{f"peer {c}": peer(c) for c in configs},
                               **{f"meta {c}": peer(c, with_metadata=True) for c in configs}}, html_inputs)
        ours, body_only = runs["ours"], runs["body"]
        ours_score = score(pages, ours.outputs)
        peers = {c: runs[f"peer {c}"] for c in configs}
        peer_scores = {c: score(pages, r.outputs) for c, r in peers.items()}
        best = max(configs, key=lambda c: peer_scores[c].f1)
        for c in configs:
            s = peer_scores[c]
            quality_rows.append([name, f"trafilatura {c}" + (" (peer)" if c == best else ""), s.precision,
                                 s.recall, s.f1])
        quality_rows.append([name, "**newsradar**", ours_score.precision, ours_score.recall, ours_score.f1])
        quality_rows.append([name, "newsradar − peer", "", "", f"{ours_score.f1 - peer_scores[best].f1:+.3f}"])
        meta = runs[f"meta {best}"]  # the peer doing the whole stage's work; its body is the same text
        meta_f1 = score(pages, [_without_header(t) for t in meta.outputs]).f1
        speed_rows.append([name, len(pages), f"{body_only.rate():.1f}", f"{ours.rate():.1f}",
                           f"{peers[best].rate():.1f} ({best})", f"{body_only.rate() / peers[best].rate():.2f}×",
                           f"{ours.rate() / peers[best].rate():.2f}×",
                           f"{meta.rate():.1f} (F1 {meta_f1:.3f})", f"{ours.rate() / meta.rate():.2f}×"])
        rendered = [render_text(p.html) for p in pages]
        text = timed(newsradar_text, rendered)
        text_score = score(pages, text.outputs)
        text_rows.append([name, ours_score.f1, text_score.precision, text_score.recall, text_score.f1,
                          f"{text_score.f1 - ours_score.f1:+.3f}"])
        ours_lang = by_language(pages, ours.outputs)
        peer_lang = by_language(pages, peers[best].outputs)
        text_lang = by_language(pages, text.outputs)
        counts: dict[str, int] = defaultdict(int)
        for p in pages:
            counts[p.language if p.language in LANGUAGES else "other"] += 1
        for lang in sorted(counts, key=lambda k: -counts[k]):
            lang_rows.append([name, lang, counts[lang], peer_lang[lang], ours_lang[lang], text_lang[lang]])
        print(f"{name}: newsradar F1 {ours_score.f1:.3f}, trafilatura {best} {peer_scores[best].f1:.3f}, "
              f"text path {text_score.f1:.3f}; {ours.rate():.1f} vs {peers[best].rate():.1f} pages/s",
              file=sys.stderr)

    every = [p.html for pages in sets.values() for p in pages]
    gc.collect()
    start_rss = rss_mb()
    mem_start = time.process_time()
    done = 0
    while done < args.memory_pages:
        for content in every[: args.memory_pages - done]:
            newsradar_html(content)
        done = min(args.memory_pages, done + len(every))
    mem_seconds = time.process_time() - mem_start
    gc.collect()
    end_rss = rss_mb()

    import trafilatura

    md = f"""## Extraction: article body, newsradar vs trafilatura {trafilatura.__version__}

`python -m bench.extraction`. Both tools get each page's raw bytes in the same process. newsradar: the
whole extract stage (decode, parse, metadata, body, images, language), as `newsradar analyze --no-nlp`
runs it. trafilatura: `extract(html, include_comments=False, include_tables=True,
include_formatting=False)` with each configuration below; the best one on each set (marked *peer*) is the
figure to beat and the speed compared. trafilatura_eval is scored as trafilatura's own evaluation does
(whitespace-normalised `with`/`without` snippets, counts summed over pages); dragnet by word tokens
(bags of lower-cased tokens, per-page precision, recall and F1 averaged over pages; comments excluded).
{machine()}.

### Body text quality

{table(["set", "extractor", "precision", "recall", "F1"], quality_rows)}

Target (issue 3): newsradar's F1 above the peer's on each set.

### Speed (single process, pages per second of CPU time)

Timed page by page: each page goes through every extractor before the next page, the order rotating,
so that the host's drifting speed weighs on every tool alike.

{table(["set", "pages", "newsradar body", "newsradar whole stage", "trafilatura (peer config)",
        "ratio, body", "ratio, whole stage", "trafilatura with metadata", "ratio, like for like"],
       speed_rows)}

*newsradar body*: decode, parse, body and language, the work trafilatura's `extract()` does (it reads
no metadata unless asked): *ratio, body* compares the same work. *Whole stage*: with the metadata
(title, authors, dates with their sources, images) that `newsradar analyze --no-nlp` also reads.
*Ratio, whole stage* sets it against the peer reading no metadata, newsradar doing more work than the
peer. *Like for like*: the whole stage against the peer's configuration with `with_metadata=True` (title,
author, date through htmldate, site name, categories), timed in the same pass: the work the whole stage
does, and the same body up to whitespace (its F1 in brackets). Target: at least 3× the
peer's pages per second.

### Scraped text: the same pages as a scraper keeps them

Each page rendered to its visible text, one block per line, chrome and all (`render_text` in the
script), then read by newsradar's text path (`kind="text"`).

{table(["set", "HTML path F1", "text path precision", "recall", "F1", "text − HTML"], text_rows)}

Target: text path F1 within 0.03 of the HTML path.

### F1 by language (language told from the gold text)

{table(["set", "language", "pages", "trafilatura (peer)", "newsradar HTML", "newsradar text"], lang_rows)}

### Memory over {done:,} pages

Resident set size {start_rss:.0f} MB at the start and {end_rss:.0f} MB at the end of {done:,} pages
(both sets cycled) through the extract stage ({done / mem_seconds:.0f} pages/s CPU).
"""
    write_section("extraction", md)
    print(md)
    if not args.no_metadata:  # issue 3 measures body and metadata in one command
        from bench import extraction_meta

        extraction_meta.main([])


if __name__ == "__main__":
    main()
