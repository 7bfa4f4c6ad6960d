"""A diagnostic for the story index on ECB+: replay the articles with the gold events as the stories,
and ask, for each article, how it scores against its own event's story and its sibling's (the other
event of its topic) as they stand when it arrives.

That separates the score from the online dynamics: a sibling story the article would join (its score
passes the threshold and the cohesion test, and beats the own story, or there is no own story yet) is
a merge waiting to happen whatever the index did before. Reported per arrival order (the corpus
order and shuffled ones): how many such crossings, whether the own story existed yet, the sibling
story's size then; and how well each part of the score tells own from sibling (ROC AUC), with a
logistic regression over the parts fitted per story size on one half of the topics and scored on the
other, against the shipped score on the same half.

    python -m bench.stories_replay [--seeds 5] [--cache DIR]

Prints only; writes nothing to BENCHMARKS.md. Needs scikit-learn (the dev extra).
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from bench.nlp_stories import STORIES, analyse, orders
from bench.report import table
from bench.storysets import GoldDoc, ecbplus
from newsradar.enrich import stories as st
from newsradar.enrich import story_state as ss
from newsradar.enrich.story_features import StoryFeatures, features
from newsradar.record import Article
from newsradar.settings import Settings

PARTS = ("link", "novel", "figures", "years", "missing")
SIZES = ((1, 1), (2, 3), (4, 10_000))


def _missing(names: dict[str, float], story: ss.Story) -> float:
    """The share of the story's core names (named by at least half its articles) the article omits."""
    core = [n for n, c in story.names.items() if c >= 0.5 * story.size]
    return sum(1 for n in core if n not in names) / len(core) if core else 0.0


def _parts(index: st.StoryIndex, vector: dict[str, float], f: StoryFeatures, story: ss.Story) -> dict[str, float]:
    years = ss.other_years(f.year, story.years) if f.year is not None and story.years else 0.0
    out = {"link": index._link(vector, story), "novel": ss.novel_names(f.names, story.names),
           "figures": ss.novel_figures(f.figures, story.figures), "years": years,
           "missing": _missing(f.names, story), "size": float(story.size)}
    out["score"] = index._penalised(vector, f, story)
    out["passes"] = float(out["score"] >= max(index.threshold, st.COHESION * st._cohesion(story)))
    return out


Row = tuple[int, str, str, dict[str, float]]  # article position, topic, "own" or "sibling", parts


def replay(docs: Sequence[GoldDoc], records: Sequence[Article], feats: Sequence[StoryFeatures],
           order: Sequence[int]) -> list[Row]:
    index = st.StoryIndex(Settings())
    rows: list[Row] = []
    for i in order:
        doc, f = docs[i], feats[i]
        index._count += 1
        for key in f.terms:
            index._df[key] = index._df.get(key, 0) + 1
        vector = index._vector(f)
        sibling = doc.topic + ("ecb" if doc.label.endswith("ecbplus") else "ecbplus")
        for kind, label in (("own", doc.label), ("sibling", sibling)):
            story = index._stories.get(label)
            if story is not None:
                rows.append((i, doc.topic, kind, _parts(index, vector, f, story)))
        index._join(doc.label, vector, f)
        index._remember(st._Member(records[i].id, doc.label, doc.label, records[i].id, tuple(f.terms), f))
    return rows


def crossings(rows: Sequence[Row]) -> Counter[str]:
    """Articles whose sibling story passes and is not beaten by their own: by what they met."""
    by_article: dict[int, dict[str, dict[str, float]]] = {}
    for i, _, kind, parts in rows:
        by_article.setdefault(i, {})[kind] = parts
    out: Counter[str] = Counter()
    for seen in by_article.values():
        sib, own = seen.get("sibling"), seen.get("own")
        if sib is None or not sib["passes"]:
            continue
        if own is None:
            out["no own story yet"] += 1
        elif own["score"] < sib["score"]:
            out["own story scores lower"] += 1
        else:
            continue
        out[f"sibling of size {int(sib['size']) if sib['size'] < 4 else '4+'}"] += 1
    return out


def learned(rows: Sequence[Row]) -> list[list[object]]:
    """Per story size: AUC of a logistic regression over the parts, fitted on one half of the topics
    and scored on the other, against the shipped score's on the same half."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    out: list[list[object]] = []
    for lo, hi in SIZES:
        for fit_odd in (True, False):
            part = [r for r in rows if lo <= r[3]["size"] <= hi]
            fit = [r for r in part if (int(r[1]) % 2 == 1) == fit_odd]
            test = [r for r in part if (int(r[1]) % 2 == 1) != fit_odd]
            model = LogisticRegression(C=10, max_iter=3000).fit(
                [[r[3][p] for p in PARTS] for r in fit], [r[2] == "own" for r in fit])
            y = [r[2] == "own" for r in test]
            lr = roc_auc_score(y, model.decision_function([[r[3][p] for p in PARTS] for r in test]))
            shipped = roc_auc_score(y, [r[3]["score"] for r in test])
            out.append([f"{lo}–{hi}" if hi < 10_000 else f"{lo}+", "odd" if fit_odd else "even", len(test),
                        lr, shipped])
    return out


def main(argv: list[str] | None = None) -> None:
    from sklearn.metrics import roc_auc_score

    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5, help="shuffled arrival orders")
    ap.add_argument("--cache", type=Path, help="the folder bench.nlp_stories --cache keeps its records in")
    args = ap.parse_args(argv)
    docs = ecbplus(STORIES / "ecbplus")
    records, _ = analyse(docs, args.cache / "ecbplus.jsonl" if args.cache else None)
    feats = [features(a) for a in records]
    runs = {"corpus order": list(range(len(records)))}
    runs.update({f"shuffled, seed {k}": o for k, o in enumerate(orders(len(records), args.seeds), 1)})
    every: list[Row] = []
    keys = ["no own story yet", "own story scores lower", "sibling of size 1", "sibling of size 2",
            "sibling of size 3", "sibling of size 4+"]
    lines = []
    for name, order in runs.items():
        rows = replay(docs, records, feats, order)
        every += rows
        seen = crossings(rows)
        lines.append([name, *(seen[k] for k in keys)])
    print(table(["order", *keys], lines), "\n")
    y = [r[2] == "own" for r in every]
    print(table(["part", "AUC own vs sibling (all orders)"],
                [[p, roc_auc_score(y, [r[3][p] for r in every])] for p in (*PARTS, "score")]), "\n")
    print(table(["story size", "fitted on", "articles scored", "AUC logistic regression", "AUC shipped score"],
                learned(every)))


if __name__ == "__main__":
    main()
