"""Metadata accuracy (title, authors, site name, publication date) against trafilatura and htmldate.

Every tool reads the same pages in the same run and is scored by the same comparisons
(``bench/metagold.py`` says exactly how each field is compared):

- newsradar: the whole extraction path, ``newsradar.extract.extract`` on the raw bytes, as the CLI
  runs it with ``--no-nlp``;
- trafilatura: ``trafilatura.extract_metadata`` (its metadata extractor, which also runs htmldate's
  extensive search for the date), on the page decoded as trafilatura decodes it;
- htmldate: ``find_date(html, extensive_search=True, original_date=True)``, as htmldate's own
  evaluation (``tests/comparison.py`` there) runs its extensive mode: the page alone, without its URL.
  newsradar gets the same input on that set (no URL); a second row gives both tools the URL.

Pages whose gold lacks a field do not count for that field. On ``trafilatura_eval`` and
``htmldate_eval`` the page URL is given (to every tool); ``mozilla_readability`` has none.

    python -m bench.extraction_meta [--limit N]

Needs ../shared/data/extraction (trafilatura_eval, mozilla_readability, htmldate_eval).
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

from bench.metagold import FIELDS, SETS, MetaPage, accuracy, newsradar_metadata
from bench.report import SHARED, machine, table, write_section

Prediction = dict[str, str | None]


def newsradar_meta(page: MetaPage, *, url: bool = True) -> Prediction:
    from newsradar.errors import NewsradarError
    from newsradar.extract import extract
    from newsradar.sources.raw import RawPage

    try:
        art = extract(RawPage(content=page.html, source=page.key, url=page.url if url else None, kind="html"))
    except NewsradarError:
        return {}
    return {"title": art.title, "authors": "; ".join(art.authors) or None, "site_name": art.site_name,
            "date": art.published.value if art.published else None}


def trafilatura_meta(page: MetaPage) -> Prediction:
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    tree = load_html(page.html)
    if tree is None:
        return {}
    doc = extract_metadata(tree, default_url=page.url)
    return {"title": doc.title, "authors": doc.author, "site_name": doc.sitename, "date": doc.date}


def htmldate_meta(page: MetaPage, *, url: bool = False) -> Prediction:
    from htmldate import find_date

    return {"date": find_date(page.html, extensive_search=True, original_date=True,
                              url=page.url if url else None)}


def run_tool(fn: Callable[[MetaPage], Prediction], pages: list[MetaPage]) -> tuple[list[Prediction], float]:
    out = []
    start = time.perf_counter()
    for p in pages:
        try:
            out.append(fn(p))
        except Exception as exc:  # a peer's crash on one page is its miss, not the benchmark's end
            print(f"  {getattr(fn, '__name__', fn)} failed on {p.key}: {exc!r}", file=sys.stderr)
            out.append({})
    return out, time.perf_counter() - start


def scores(pages: list[MetaPage], preds: list[Prediction], fields: tuple[str, ...]) -> dict[str, tuple[float, int]]:
    return {f: accuracy(f, [p.gold.get(f, "") for p in pages], [pr.get(f) for pr in preds]) for f in fields}


def measure(limit: int | None = None) -> dict[str, Any]:
    """Every figure of the benchmark: {set: {tool: {field: (accuracy, counted)}}} and timings."""
    warnings.simplefilter("ignore")
    results: dict[str, Any] = {}
    for name in ("trafilatura_eval", "mozilla_readability"):
        pages = SETS[name](SHARED)[:limit]
        nr, t_nr = run_tool(newsradar_meta, pages)
        tf, t_tf = run_tool(trafilatura_meta, pages)
        # Metadata alone (page decoded, parsed, metadata read), against trafilatura's metadata alone.
        _, t_meta = run_tool(newsradar_metadata, pages)
        results[name] = {"pages": len(pages), "newsradar": scores(pages, nr, FIELDS),
                         "trafilatura": scores(pages, tf, FIELDS),
                         "time": {"newsradar": t_nr, "trafilatura": t_tf, "newsradar_metadata": t_meta}}
    pages = SETS["htmldate_eval"](SHARED)[:limit]
    rows: dict[str, Any] = {"pages": len(pages)}
    for with_url in (False, True):
        nr, _ = run_tool(lambda p, u=with_url: newsradar_meta(p, url=u), pages)  # type: ignore[misc]
        hd, _ = run_tool(lambda p, u=with_url: htmldate_meta(p, url=u), pages)  # type: ignore[misc]
        tag = "url" if with_url else "no_url"
        rows[f"newsradar_{tag}"] = scores(pages, nr, ("date",))["date"]
        rows[f"htmldate_{tag}"] = scores(pages, hd, ("date",))["date"]
    results["htmldate_eval"] = rows
    return results


def report(results: dict[str, Any]) -> str:
    lines = ["## Extraction metadata: newsradar vs trafilatura and htmldate", "",
             "Same pages, same run, same comparisons (defined in `bench/metagold.py`): titles and site names by "
             "normalised exact match, authors as sets of names, dates as the same day; a page whose gold lacks a "
             "field does not count for it. newsradar runs its whole extraction path on the raw bytes; "
             "trafilatura runs `extract_metadata` (dates by htmldate's extensive search); htmldate runs "
             "`find_date(html, extensive_search=True, original_date=True)` as its own evaluation does "
             f"(no URL). {machine()}.", ""]
    rows: list[list[object]] = []
    for name in ("trafilatura_eval", "mozilla_readability"):
        r = results[name]
        for f in FIELDS:
            a_nr, n = r["newsradar"][f]
            a_tf, _ = r["trafilatura"][f]
            rows.append([name, f, n, a_nr, a_tf, f"{a_nr - a_tf:+.3f}"])
    hd = results["htmldate_eval"]
    for tag, label in (("no_url", "date (page only)"), ("url", "date (page + URL)")):
        a_nr, n = hd[f"newsradar_{tag}"]
        a_hd, _ = hd[f"htmldate_{tag}"]
        rows.append(["htmldate_eval", label, n, a_nr, f"{a_hd:.3f} (htmldate extensive)", f"{a_nr - a_hd:+.3f}"])
    lines.append(table(["set", "field", "pages counted", "newsradar", "peer", "newsradar − peer"], rows))
    lines += ["", "Peer is trafilatura unless marked. Target (issue 3, item 2): newsradar ≥ peer on every row.",
              "Run: `.venv/bin/python -m bench.extraction_meta`."]
    t = {n: results[n]["time"] for n in ("trafilatura_eval", "mozilla_readability")}
    pages = sum(results[n]["pages"] for n in t)
    nr_meta = sum(v["newsradar_metadata"] for v in t.values())
    tf_meta = sum(v["trafilatura"] for v in t.values())
    nr_all = sum(v["newsradar"] for v in t.values())
    lines += ["", f"Speed, same run, {pages} pages: newsradar's metadata (decode, parse, read) "
              f"{nr_meta / pages * 1000:.1f} ms a page against trafilatura's `extract_metadata` (with its own "
              f"parse) {tf_meta / pages * 1000:.1f} ms: **{tf_meta / nr_meta:.1f}× faster**; newsradar's whole "
              f"extraction (body included) {nr_all / pages * 1000:.1f} ms a page."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N pages of each set (a quick look; not written)")
    args = ap.parse_args(argv)
    if not (SHARED / "data" / "extraction").is_dir():
        sys.exit(f"bench.extraction_meta: {SHARED}/data/extraction not found: this benchmark needs ../shared")
    results = measure(args.limit)
    md = report(results)
    print(md)
    if args.limit is None:
        write_section("extraction-metadata", md)


if __name__ == "__main__":
    main()
