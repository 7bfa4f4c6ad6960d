"""Train the scraped-text stretch chooser (``src/newsradar/extract/data/stretchmodel.json``) by
self-training.

No body gold is used. The pages and their labels are those of ``tools/train_linemodel.py``: unscored
pages rendered to their visible text one block per line, each line labelled article when newsradar's
HTML path's body holds it. On every page where the rules weigh more than one run (one a stretch
between breakers), the text path is run once per candidate, that candidate forced as the article (the
line model still deciding the lines in its stretch), and the body it gives is scored against the
HTML path's lines (F1 over words). A candidate is labelled best when its F1 is within ``TOLERANCE`` of
the page's best. Boosted trees over :func:`newsradar.extract.stretchmodel.features` learn those
labels; the trees are written out as :mod:`newsradar.extract.linemodel` reads them.

    python -m tools.train_stretchmodel [--cache FILE]

Run it after ``tools.train_linemodel`` (the line model's log-odds are among the features). Needs
../shared/data/extraction and the ``dev`` extra (scikit-learn). A few minutes on one core.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np
from bench.report import SHARED

from newsradar.extract.stretchmodel import features
from newsradar.extract.text import _by_rules, _model_pass, _score, candidates
from newsradar.extract.textlines import Line, scan_lines
from tools.train_linemodel import build, export, extra_pages, training_pages

OUT = Path(__file__).resolve().parents[1] / "src" / "newsradar" / "extract" / "data" / "stretchmodel.json"
TOLERANCE = 0.01


def body_lines(rendered: str, pick: int) -> tuple[list[Line], set[int]]:
    """The lines the text path keeps as the article when ``pick`` is the run it takes."""
    lines = scan_lines(rendered)
    out, body, used = _by_rules(lines, None, pick)
    if body is None:
        return lines, set()
    after = _model_pass(lines, out, body, used)
    meta = used - {ln.index for ln in lines if ln.kept}
    return lines, after - meta


def word_f1(chosen: set[int], labels: list[int], lines: list[Line]) -> float:
    gold = {i for i, lab in enumerate(labels) if lab}
    both = sum(lines[i].words for i in chosen & gold)
    total = sum(lines[i].words for i in gold) + sum(lines[i].words for i in chosen)
    return 2 * both / total if total else 1.0


def page_rows(rendered: str, labels: list[int]) -> tuple[list[list[float]], list[float], int]:
    """Each candidate's features and F1 against the HTML path, and the rules' pick (none: one
    candidate)."""
    lines = scan_lines(rendered)
    cands, rule, comments_at = candidates(lines)
    if len(cands) < 2:
        return [], [], rule
    out, body, used = _by_rules(lines, None)
    assert body is not None
    _score(lines, body, out.paragraphs, used)
    rows = features(lines, cands, rule, comments_at)
    f1 = [word_f1(body_lines(rendered, k)[1], labels, lines) for k in range(len(cands))]
    return rows, f1, rule


def best(f1: list[float]) -> list[int]:
    return [int(f >= max(f1) - TOLERANCE) for f in f1]


def held_out(pages: list[tuple[list[list[float]], list[float], int]], fit: Any) -> tuple[float, float]:
    """Mean F1 against the HTML path of the rules' pick and of the trees' on every other page, the
    trees fitted on the rest: a check of the chooser on pages it was not fitted on."""
    rules = chosen = 0.0
    for half in (0, 1):
        train = [p for i, p in enumerate(pages) if i % 2 != half]
        model = fit(np.array([r for p in train for r in p[0]]), np.array([b for p in train for b in best(p[1])]))
        for rows, f1, rule in pages[half::2]:
            odds = model.decision_function(np.array(rows))
            pick = int(np.argmax(odds))
            rules += f1[rule]
            chosen += f1[pick if odds[pick] > odds[rule] else rule]
    return rules / len(pages), chosen / len(pages)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--cache", type=Path, help="the rendered, labelled pages (tools.train_linemodel --cache)")
    ap.add_argument("--trees", type=int, default=100)
    ap.add_argument("--depth", type=int, default=4)
    ap.add_argument("--leaves", type=int, default=15)
    ap.add_argument("--check", action="store_true", help="also fit on half the pages and score the other half")
    args = ap.parse_args(argv)

    from sklearn.ensemble import HistGradientBoostingClassifier

    if args.cache and args.cache.is_file():
        data = pickle.loads(args.cache.read_bytes())
    else:
        data = build(training_pages(SHARED) + extra_pages(SHARED))
        if args.cache:
            args.cache.write_bytes(pickle.dumps(data))
    pages = [p for p in (page_rows(rendered, labels) for rendered, labels in data) if p[0]]

    def fit(x: np.ndarray, y: np.ndarray) -> Any:
        return HistGradientBoostingClassifier(max_iter=args.trees, max_depth=args.depth, max_leaf_nodes=args.leaves,
                                              learning_rate=0.05, min_samples_leaf=20, random_state=0).fit(x, y)

    if args.check:
        rules, chosen = held_out(pages, fit)
        print(f"held out: word F1 against the HTML path, rules {rules:.4f}, chooser {chosen:.4f}", file=sys.stderr)
    model = fit(np.array([r for p in pages for r in p[0]]), np.array([b for p in pages for b in best(p[1])]))
    print(f"{len(data)} pages, {len(pages)} with more than one candidate", file=sys.stderr)
    raw = export(model, args.depth)
    raw["source"] = ("self-trained from newsradar's HTML path on unscored pages (tools/train_stretchmodel.py); "
                     "no body gold")
    OUT.write_text(json.dumps(raw, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
