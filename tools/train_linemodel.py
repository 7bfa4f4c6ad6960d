"""Train the scraped-text line model (``src/newsradar/extract/data/linemodel.json``) by self-training.

No body gold is used. Each training page is rendered to its visible text one block per line (the
benchmark's ``render_text``, as a scraper keeps it), newsradar's HTML path extracts the same page's
body, and each rendered line is labelled article when the HTML body holds it (a line of 25 characters
or more found in the body's text, a shorter one only when it is a whole paragraph of the body).
Boosted trees (scikit-learn's HistGradientBoostingClassifier) over
:func:`newsradar.extract.linemodel.features` learn those labels; the trees are written out as plain
arrays that :mod:`newsradar.extract.linemodel` walks with numpy.

Training pages: ``htmldate_eval`` (Apache-2.0, 800 pages with date gold only), less every page that
also appears in ``trafilatura_eval`` (same URL, same file name or the same bytes), since that set is
scored. Pages where the HTML path finds no body are left out.

    python -m tools.train_linemodel [--cache FILE]

Needs ../shared/data/extraction and the ``dev`` extra (scikit-learn). A few minutes on one core.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
from bench.extraction import render_text
from bench.goldsets import norm
from bench.report import SHARED

from newsradar.errors import NewsradarError
from newsradar.extract.body import extract_body
from newsradar.extract.decode import decode
from newsradar.extract.html import parse
from newsradar.extract.linemodel import features
from newsradar.extract.text import mark_rules
from newsradar.extract.textlines import scan_lines

OUT = Path(__file__).resolve().parents[1] / "src" / "newsradar" / "extract" / "data" / "linemodel.json"
_MIN_SUBSTRING = 25


def training_pages(shared: Path) -> list[tuple[str, bytes]]:
    """htmldate_eval's pages less those that trafilatura_eval scores."""
    root = shared / "data" / "extraction"
    teval = json.loads((root / "trafilatura_eval" / "evaldata.json").read_text(encoding="utf-8"))
    scored_urls = {u.rstrip("/") for u in teval}
    scored_files = {item["file"] for item in teval.values()}
    scored_hashes = {hashlib.sha1(gzip.decompress(p.read_bytes())).hexdigest()
                     for p in (root / "trafilatura_eval" / "html").glob("*.gz")}
    hd = json.loads((root / "htmldate_eval" / "eval_default.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in hd.items():
        path = root / "htmldate_eval" / "html" / (item["file"] + ".gz")
        if url.rstrip("/") in scored_urls or item["file"] in scored_files or not path.is_file():
            continue
        content = gzip.decompress(path.read_bytes())
        if hashlib.sha1(content).hexdigest() in scored_hashes:
            continue
        pages.append((url, content))
    return pages


def extra_pages(shared: Path) -> list[tuple[str, bytes]]:
    """More unscored pages: mozilla_readability's test pages (Apache-2.0) and dragnet's training split
    (its HTML only: the labels still come from the HTML path, never from dragnet's corrected text)."""
    root = shared / "data" / "extraction"
    pages = [(p.parent.name, gzip.decompress(p.read_bytes()))
             for p in sorted((root / "mozilla_readability" / "test-pages").glob("*/source.html.gz"))]
    names = (root / "dragnet" / "training.txt").read_text().split()
    for name in names:
        path = root / "dragnet" / "HTML" / f"{name}.html.gz"
        if path.is_file():
            pages.append((name, gzip.decompress(path.read_bytes())))
    return pages


def label(rendered: str, paragraphs: list[str]) -> list[int]:
    """1 for each scanned line that the HTML path's body holds, else 0."""
    body = norm(" ".join(paragraphs))
    whole = {norm(p) for p in paragraphs}
    out = []
    for ln in scan_lines(rendered):
        t = norm(ln.text)
        out.append(int(t in whole or (len(t) >= _MIN_SUBSTRING and t in body)))
    return out


def build(pages: list[tuple[str, bytes]]) -> list[tuple[str, list[int]]]:
    data = []
    for _url, content in pages:
        try:
            paragraphs = extract_body(parse(decode(content))).paragraphs
            rendered = render_text(content)
        except (NewsradarError, ValueError):
            continue
        if not paragraphs or not rendered:
            continue
        data.append((rendered, label(rendered, paragraphs)))
    return data


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--cache", type=Path, help="keep the rendered, labelled pages here (outside the repo)")
    ap.add_argument("--extra", action="store_true",
                    help="also mozilla_readability's pages and dragnet's training split (HTML-path labels)")
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=5)
    ap.add_argument("--leaves", type=int, default=15)
    args = ap.parse_args(argv)

    from sklearn.ensemble import HistGradientBoostingClassifier

    if args.cache and args.cache.is_file():
        data = pickle.loads(args.cache.read_bytes())
    else:
        pages = training_pages(SHARED) + (extra_pages(SHARED) if args.extra else [])
        data = build(pages)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(data))
    x_rows: list[list[float]] = []
    y: list[int] = []
    for rendered, labels in data:
        lines = scan_lines(rendered)
        mark_rules(lines)
        x_rows += features(lines)
        y += labels
    x = np.array(x_rows)
    model = HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth,
                                           max_leaf_nodes=args.leaves, learning_rate=0.1, random_state=0)
    model.fit(x, np.array(y))
    print(f"{len(data)} pages, {len(y)} lines, {sum(y)} article; training accuracy "
          f"{model.score(x, np.array(y)):.3f}", file=sys.stderr)
    OUT.write_text(json.dumps(export(model, args.depth), separators=(",", ":")) + "\n", encoding="utf-8")


def export(model: Any, depth: int) -> dict[str, Any]:
    """The forest as :func:`newsradar.extract.linemodel.forest` reads it: each tree's nodes as
    ``[feature, threshold, left, right, value]`` (children relative to the tree; -1 at a leaf)."""
    trees: list[list[int]] = []
    nodes: list[list[float]] = []
    for (predictor,) in model._predictors:  # one tree per boosting round for a binary classifier
        start = len(nodes)
        for n in predictor.nodes:
            leaf = bool(n["is_leaf"])
            nodes.append([int(n["feature_idx"]), round(float(n["num_threshold"]), 6),
                          -1 if leaf else int(n["left"]), -1 if leaf else int(n["right"]),
                          round(float(n["value"]), 6) if leaf else 0])
        trees.append([start, len(nodes)])
    return {"source": "self-trained from newsradar's HTML path on unscored pages (tools/train_linemodel.py); "
                      "no body gold",
            "bias": round(float(np.ravel(model._baseline_prediction)[0]), 6), "depth": depth,
            "trees": trees, "nodes": nodes}

if __name__ == "__main__":
    main()
