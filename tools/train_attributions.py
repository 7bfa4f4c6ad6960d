"""Train the attribution model (``src/newsradar/enrich/data/attributions.json``) on PolNeAR.

PolNeAR (networkdynamics/PolNeAR, LREC 2018) annotates every attribution in 1,008 US political news
articles: its Source, Cue and Content spans. Its repository states no licence, so only the learnt
weights ship, never its text; the weights are keyed by feature names built from the parse (part of
speech, dependency labels, lemmas of single words), as :mod:`newsradar.enrich.attrfeatures` defines.

The model is trained on ``train`` less its held-out tenth (``bench.nlp_quotes.heldout``), so that the
figures on the held-out tenth, like those on ``dev``, come from articles it has not seen:

- cue: a logistic regression over every cue candidate, positive when it is the head of a gold Cue
  (the word of the cue whose syntactic head lies outside it);
- content: a pairwise logistic ranker over the content candidates of each gold cue, positive for the
  candidates whose words (less the cue the finder would mark for each and the gold source) are
  closest to the gold Content (Jaccard, at least 0.5);
- decision: a logistic regression over every word whose cue score reaches ``--floor``, with the
  content the ranker puts first, positive when the word heads a gold Cue and that content shares at
  least half its words with the gold Content (the bench's matching rule). Its cue scores and
  rankings are out-of-fold (two halves of the articles, each scored by models fit on the other), so
  that it learns how far to trust them on articles they have not seen.

Features seen fewer than ``--min-count`` times are dropped, so that no weight hangs on a rare word.
The decision threshold is chosen on ``train-heldout`` with ``bench.nlp_quotes --split train-heldout``.

    python -m tools.train_attributions [--cache DIR]

Needs ../shared/data/nlp/polnear and the ``dev`` extra (scikit-learn). About ten minutes on 2 cores,
most of it parsing (``--cache`` keeps the parses for the next run).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from bench.nlp_quotes import POLNEAR, Gold, PolnearDoc, read_split, words

from newsradar.enrich.attrfeatures import (
    Candidate,
    content_candidates,
    content_features,
    copula,
    cue_features,
    decision_features,
)
from newsradar.enrich.attributions import cue_bounds
from newsradar.enrich.attrmodel import Linear
from newsradar.enrich.docview import DocView
from newsradar.enrich.lexicons import load
from newsradar.enrich.nlp import load_model, parse
from newsradar.enrich.quotes import quoted_spans
from newsradar.settings import Settings

OUT = Path(__file__).resolve().parent.parent / "src" / "newsradar" / "enrich" / "data" / "attributions.json"

Group = tuple[list[list[str]], list[bool]]  # the content candidates of one gold cue, and which are best


def parsed(docs: list[PolnearDoc], cache: Path | None, name: str) -> list[Any]:
    """spaCy Docs of ``docs``, as the pipeline parses them; kept in ``cache`` when given."""
    from spacy.tokens import DocBin

    model = Settings().model
    nlp = load_model(model)
    path = cache / f"{name}.{model}.spacy" if cache else None
    if path is not None and path.is_file():
        found = list(DocBin().from_disk(path).get_docs(nlp.vocab))
        if len(found) == len(docs):
            return found
    out = list(parse([d.text for d in docs], model))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_ = DocBin()
        for doc in out:
            bin_.add(doc)
        bin_.to_disk(path)
    return out


def cue_head(doc: Any, spans: list[tuple[int, int]]) -> Any | None:
    """The word of a gold Cue whose head lies outside it (a verb or noun first; the complement of
    "be")."""
    toks = [t for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or [])]
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    if not heads:
        return None
    head = min(heads, key=lambda t: (t.pos_ not in ("VERB", "AUX", "NOUN"), t.i))
    # "are afraid that": the complement of "be" carries the meaning, and heads the cue
    return next((t for t in toks if copula(t) is not None and t.head.i == head.i), head)


def content_words(text: str, doc: Any, tok: Any, cand: Candidate, gold: Gold) -> frozenset[int]:
    """The words of ``cand`` as the finder would give them as the content of the cue ``tok``: less the
    cue it would mark for that content (which may take in words before the content: "voiced concerns
    about | the plan") and the gold source. Less the gold cue instead, a candidate holding words of
    the cue that the finder leaves in the content would count as right as the one without them."""
    def chars(s: int, e: int) -> tuple[int, int]:
        return doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)

    ws = words(text, [chars(s, e) for s, e in cand.frags]) - words(text, [chars(*cue_bounds(tok, cand))])
    return ws - (gold.source or frozenset())


Site = tuple[int, DocView, Any, Any]  # article number, its view, a cue candidate, its gold attribution or None


def examples(docs: list[PolnearDoc], parses: list[Any]) -> tuple[list[list[str]], list[bool], list[Group],
                                                                   list[Site], list[int]]:
    """Cue features and labels of every candidate, the content groups of the gold cues, each
    candidate's site, and the article number of each content group."""
    cues = load(None).cues
    xs: list[list[str]] = []
    ys: list[bool] = []
    groups: list[Group] = []
    sites: list[Site] = []
    group_doc: list[int] = []
    for n, (d, doc) in enumerate(zip(docs, parses, strict=True)):
        text = d.text
        view = DocView(doc, [(m.start, m.end) for m in quoted_spans(text)], cues)
        gold = {}
        for att in d.gold:
            head = cue_head(doc, att.cue_chars) if att.cue_chars else None
            if head is not None:
                gold[head.i] = att
        for tok in view.candidates():
            g = gold.get(tok.i)
            xs.append(cue_features(view, tok))
            ys.append(g is not None)
            sites.append((n, view, tok, g))
            if g is None:
                continue
            feats, jac = [], []
            for c in content_candidates(view, tok):
                ws = content_words(text, doc, tok, c, g)
                feats.append(content_features(view, tok, c))
                jac.append(len(ws & g.content) / len(ws | g.content) if ws else 0.0)
            best = max(jac, default=0.0)
            groups.append((feats, [best >= 0.5 and j == best for j in jac]))
            group_doc.append(n)
    return xs, ys, groups, sites, group_doc


def decision_examples(docs: list[PolnearDoc], xs: list[list[str]], sites: list[Site], groups: list[Group],
                      group_doc: list[int], args: argparse.Namespace) -> tuple[list[list[str]], list[dict[str, float]],
                                                                               list[bool]]:
    """The decision stage's examples, from out-of-fold cue and content models."""
    feats: list[list[str]] = []
    numeric: list[dict[str, float]] = []
    labels: list[bool] = []
    for fold in (0, 1):
        fit = [k for k, s in enumerate(sites) if s[0] % 2 != fold]
        w, b = train_cue([xs[k] for k in fit], [sites[k][3] is not None for k in fit], args.cue_c, args.min_count)
        cue = Linear(w, b)
        content = Linear(train_content([g for g, n in zip(groups, group_doc, strict=True) if n % 2 != fold],
                                       args.content_c, args.min_count))
        for k, (n, view, tok, g) in enumerate(sites):
            if n % 2 != fold:
                continue
            score = cue.score(xs[k])
            if score < args.floor:
                continue
            scored = []
            for c in content_candidates(view, tok):
                cf = content_features(view, tok, c)
                scored.append((content.score(cf), c, cf))
            if not scored:
                continue
            scored.sort(key=lambda x: -x[0])
            margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 5.0
            f, num = decision_features(tok, scored[0][1], scored[0][2], score, margin)
            right = False
            if g is not None:
                doc, text = view.doc, docs[n].text
                top = scored[0][1]
                ws = content_words(text, doc, tok, top, g)
                shared = len(ws & g.content)
                right = shared > 0 and 2 * shared >= len(ws) and 2 * shared >= len(g.content)
            feats.append(f)
            numeric.append(num)
            labels.append(right)
    return feats, numeric, labels


def train_decision(feats: list[list[str]], numeric: list[dict[str, float]], labels: list[bool], c: float,
                   min_count: int) -> tuple[dict[str, float], float]:
    from scipy.sparse import csr_matrix, hstack
    from sklearn.linear_model import LogisticRegression

    vocab = _vocabulary(feats, min_count)
    names = sorted({k for row in numeric for k in row})
    dense = csr_matrix(np.array([[row.get(k, 0.0) for k in names] for row in numeric]))
    x = hstack([_matrix(feats, vocab), dense]).tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
    clf.fit(x, np.array(labels))
    weights = {f: float(clf.coef_[0][n]) for f, n in vocab.items()}
    weights.update({"#" + k: float(clf.coef_[0][len(vocab) + n]) for n, k in enumerate(names)})
    return weights, float(clf.intercept_[0])


def _vocabulary(rows: list[list[str]], min_count: int) -> dict[str, int]:
    counts = Counter(f for row in rows for f in set(row))
    return {f: n for n, f in enumerate(sorted(f for f, c in counts.items() if c >= min_count))}


def _matrix(rows: list[list[str]], vocab: dict[str, int]) -> Any:
    from scipy.sparse import csr_matrix

    indptr, indices = [0], []
    for row in rows:
        cols = sorted({vocab[f] for f in row if f in vocab})
        indices += cols
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)),
                      shape=(len(rows), len(vocab)))


def train_cue(xs: list[list[str]], ys: list[bool], c: float, min_count: int) -> tuple[dict[str, float], float]:
    from sklearn.linear_model import LogisticRegression

    vocab = _vocabulary(xs, min_count)
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear")
    clf.fit(_matrix(xs, vocab), np.array(ys))
    return {f: float(clf.coef_[0][n]) for f, n in vocab.items()}, float(clf.intercept_[0])


def train_content(groups: list[Group], c: float, min_count: int, max_negatives: int = 12) -> dict[str, float]:
    """A pairwise ranker: logistic regression on (best − other) feature differences, both signs."""
    from scipy.sparse import vstack
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(0)
    vocab = _vocabulary([row for feats, _ in groups for row in feats], min_count)
    better, worse = [], []
    for feats, best in groups:
        pos = [i for i, b in enumerate(best) if b][:2]
        neg = [i for i, b in enumerate(best) if not b]
        if len(neg) > max_negatives:
            neg = [int(i) for i in rng.choice(neg, max_negatives, replace=False)]
        for p in pos:
            for n in neg:
                better.append(feats[p])
                worse.append(feats[n])
    diff = (_matrix(better, vocab) - _matrix(worse, vocab)).tocsr()
    x = vstack([diff, -diff]).tocsr()
    x.indices = x.indices.astype(np.int32)
    x.indptr = x.indptr.astype(np.int32)
    y = np.r_[np.ones(diff.shape[0]), np.zeros(diff.shape[0])]
    clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear", fit_intercept=False)
    clf.fit(x, y)
    return {f: float(clf.coef_[0][n]) for f, n in vocab.items()}


def _compact(weights: dict[str, float], prune: float) -> dict[str, float]:
    return {f: round(w, 4) for f, w in sorted(weights.items()) if abs(w) >= prune}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="folder to keep the parses in between runs")
    ap.add_argument("--cue-c", type=float, default=0.3, help="inverse regularisation of the cue classifier")
    ap.add_argument("--content-c", type=float, default=0.3, help="inverse regularisation of the content ranker")
    ap.add_argument("--min-count", type=int, default=3, help="features seen fewer times are dropped")
    ap.add_argument("--prune", type=float, default=0.002, help="weights smaller than this are dropped")
    ap.add_argument("--decision-c", type=float, default=0.1, help="inverse regularisation of the decision stage")
    ap.add_argument("--floor", type=float, default=-2.0, help="cue score under which a word is no candidate")
    ap.add_argument("--threshold", type=float, default=-0.75,
                    help="decision score (log-odds) at which a cue and its content are kept (chosen on train-heldout)")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    if not (POLNEAR / "train").is_dir():
        sys.exit(f"tools.train_attributions: {POLNEAR} not found: training needs ../shared beside the checkout")
    start = time.perf_counter()
    docs = read_split("train-fit")
    xs, ys, groups, sites, group_doc = examples(docs, parsed(docs, args.cache, "polnear-train-fit"))
    print(f"{len(docs)} articles, {len(xs)} cue candidates ({sum(ys)} cues), {len(groups)} content groups",
          file=sys.stderr)
    cue, bias = train_cue(xs, ys, args.cue_c, args.min_count)
    content = train_content(groups, args.content_c, args.min_count)
    dfeats, dnum, dlabels = decision_examples(docs, xs, sites, groups, group_doc, args)
    print(f"{len(dlabels)} decision examples ({sum(dlabels)} right)", file=sys.stderr)
    decision, dbias = train_decision(dfeats, dnum, dlabels, args.decision_c, args.min_count)
    model = {
        "about": "newsradar attribution model: weights of linear scorers over the features of "
                 "newsradar.enrich.attrfeatures; trained by tools/train_attributions.py on PolNeAR v1.0.0 "
                 f"train less its held-out tenth ({len(docs)} articles). No text of the corpus is included.",
        "threshold": args.threshold,
        "candidate_floor": args.floor,
        "cue": {"bias": round(bias, 4), "weights": _compact(cue, args.prune)},
        "content": {"bias": 0.0, "weights": _compact(content, args.prune)},
        "decision": {"bias": round(dbias, 4), "weights": _compact(decision, args.prune)},
    }
    args.out.write_text(json.dumps(model, indent=0, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(model['cue']['weights'])} cue, {len(model['content']['weights'])} content and "
          f"{len(model['decision']['weights'])} decision weights, {time.perf_counter() - start:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
