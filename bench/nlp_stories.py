"""Stories on ECB+ and WikiRef220: B-cubed of newsradar's online story index against a TF-IDF
agglomerative baseline, in the same run.

Every document goes through the whole pipeline (``newsradar.pipeline.run``, two workers), then the
records are handed to one :class:`~newsradar.enrich.stories.StoryIndex` in arrival order: the corpus
order, and shuffled orders (several seeds; mean and worst reported). The baseline is scikit-learn's
``TfidfVectorizer(sublinear_tf=True)`` with agglomerative clustering (SciPy's, average and complete
link, cosine distance, cut at a distance threshold) over the same texts, offline (it sees every
document at once), its threshold tuned on the same topics it is scored on. Overfitting is checked by a split: the story
threshold tuned on the odd ECB+ topics, scored on the even ones (and the baseline likewise).

    python -m bench.nlp_stories [--seeds 5] [--no-wikiref] [--cache DIR]

Needs ../shared/data/nlp/stories and scikit-learn (the dev extra).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench.report import SHARED, machine, table, write_section
from bench.storysets import GoldDoc, Scores, bcubed, ecbplus, events_apart, wikiref
from newsradar.enrich.stories import StoryIndex
from newsradar.enrich.story_features import features
from newsradar.pipeline import run
from newsradar.record import Article
from newsradar.settings import Settings

STORIES = SHARED / "data" / "nlp" / "stories"
THRESHOLDS = [round(0.04 + 0.01 * i, 2) for i in range(17)]  # the story_threshold grid for the split


def analyse(docs: Sequence[GoldDoc], cache: Path | None = None, workers: int = 2) -> tuple[list[Article], float]:
    """Records of ``docs`` (in order) through the whole pipeline, and its seconds per article.
    With ``cache`` (a JSON Lines file), records kept there by an earlier run are reused."""
    if cache is not None and cache.is_file():
        lines = cache.read_text(encoding="utf-8").splitlines()
        seconds = json.loads(lines[0])["seconds_per_article"]
        return [Article.from_dict(json.loads(line)) for line in lines[1:]], seconds
    start = time.perf_counter()
    results = list(run([d.page() for d in docs], Settings(workers=workers)))
    elapsed = time.perf_counter() - start
    bad = [r for r in results if not isinstance(r, Article)]
    if bad:
        sys.exit(f"bench.nlp_stories: {len(bad)} documents refused, e.g. {bad[0].to_dict()}")
    records = [r for r in results if isinstance(r, Article)]
    if cache is not None:
        lines = [json.dumps({"seconds_per_article": elapsed / len(results)})]
        cache.write_text("\n".join(lines + [json.dumps(r.to_dict()) for r in records]) + "\n", encoding="utf-8")
    return records, elapsed / len(results)


def stories(records: Sequence[Article], order: Sequence[int], settings: Settings) -> list[str]:
    """Story ids of ``records`` (by position) when they arrive in ``order``."""
    index = StoryIndex(settings)
    out: dict[int, str] = {}
    for i in order:
        a = records[i]
        copy = Article(id=a.id, source=a.source, title=a.title, text=a.text, entities=a.entities,
                       published=a.published, fetched_at=a.fetched_at)
        out[i] = index.assign(copy).story_id or copy.id
    return [out[i] for i in range(len(records))]


def orders(n: int, seeds: int) -> list[list[int]]:
    out = []
    for seed in range(1, seeds + 1):
        order = list(range(n))
        random.Random(seed).shuffle(order)
        out.append(order)
    return out


def subset(docs: Sequence[GoldDoc], predicted: Sequence[str], keep: Callable[[GoldDoc], bool]) -> Scores:
    pairs = [(d.label, p) for d, p in zip(docs, predicted, strict=True) if keep(d)]
    return bcubed([g for g, _ in pairs], [p for _, p in pairs])


def assign_cost(records: Sequence[Article], settings: Settings) -> tuple[float, float]:
    """Milliseconds per article of ``assign`` (features included), and of the features alone."""
    start = time.perf_counter()
    stories(records, range(len(records)), settings)
    total = (time.perf_counter() - start) / len(records)
    start = time.perf_counter()
    for a in records:
        features(a)
    feats = (time.perf_counter() - start) / len(records)
    return total * 1000, feats * 1000


def _linkage(texts: Sequence[str], link: str) -> Any:
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import pdist
    from sklearn.feature_extraction.text import TfidfVectorizer

    x = TfidfVectorizer(sublinear_tf=True).fit_transform(texts).toarray()
    return linkage(pdist(x, "cosine"), method=link)


def _cut(tree: Any, t: float) -> list[int]:
    from scipy.cluster.hierarchy import fcluster

    return [int(v) for v in fcluster(tree, t, criterion="distance")]


BASELINE_CUTS = [round(0.30 + 0.01 * i, 2) for i in range(70)]


def baseline(texts: Sequence[str], gold: Sequence[str]) -> dict[str, tuple[Scores, float, list[int]]]:
    """TF-IDF + agglomerative clustering, each linkage cut at its best distance threshold."""
    best: dict[str, tuple[Scores, float, list[int]]] = {}
    for link in ("average", "complete"):
        tree = _linkage(texts, link)
        for t in BASELINE_CUTS:
            labels = _cut(tree, t)
            s = bcubed(gold, labels)
            if link not in best or s.f1 > best[link][0].f1:
                best[link] = (s, t, labels)
    return best


def baseline_split(texts: Sequence[str], docs: Sequence[GoldDoc], dev: Callable[[GoldDoc], bool]) -> Scores:
    """The baseline's linkage and threshold tuned on ``dev`` documents, scored on the others."""
    tune = [i for i, d in enumerate(docs) if dev(d)]
    test = [i for i, d in enumerate(docs) if not dev(d)]
    tuned = baseline([texts[i] for i in tune], [docs[i].label for i in tune])
    link, (_, t, _) = max(tuned.items(), key=lambda kv: kv[1][0].f1)
    labels = _cut(_linkage([texts[i] for i in test], link), t)
    return bcubed([docs[i].label for i in test], labels)


def measure(docs: Sequence[GoldDoc], records: Sequence[Article], settings: Settings, seeds: int
            ) -> tuple[Scores, list[Scores], list[str]]:
    gold = [d.label for d in docs]
    in_order = stories(records, range(len(records)), settings)
    shuffled = [bcubed(gold, stories(records, o, settings)) for o in orders(len(records), seeds)]
    return bcubed(gold, in_order), shuffled, in_order


def ecb_section(seeds: int, cache: Path | None) -> str:
    docs = ecbplus(STORIES / "ecbplus")
    records, nlp_seconds = analyse(docs, cache / "ecbplus.jsonl" if cache else None)
    settings = Settings()
    gold = [d.label for d in docs]
    ours, shuffled, in_order = measure(docs, records, settings, seeds)
    apart, topics = events_apart(docs, in_order)
    shuffled_apart = [events_apart(docs, stories(records, o, settings))[0] for o in orders(len(records), seeds)]
    base = baseline([d.text for d in docs], gold)
    mean_f1 = sum(s.f1 for s in shuffled) / len(shuffled)
    worst = min(shuffled, key=lambda s: s.f1)
    rows: list[list[object]] = [
        ["newsradar, corpus order (online)", ours.precision, ours.recall, ours.f1,
         f"{apart}/{topics}", len(set(in_order))],
        [f"newsradar, shuffled ({seeds} seeds): mean", sum(s.precision for s in shuffled) / seeds,
         sum(s.recall for s in shuffled) / seeds, mean_f1, f"{min(shuffled_apart)}–{max(shuffled_apart)}/{topics}", ""],
        [f"newsradar, shuffled ({seeds} seeds): worst", worst.precision, worst.recall, worst.f1, "", ""],
    ]
    for link, (s, t, labels) in base.items():
        b_apart, _ = events_apart(docs, [str(v) for v in labels])
        rows.append([f"baseline TF-IDF + agglomerative {link} (offline, threshold {t:.2f} tuned here)",
                     s.precision, s.recall, s.f1, f"{b_apart}/{topics}", len(set(labels))])
    text = [f"**ECB+ topics 1–35** ({len(docs)} documents, {len(set(gold))} stories). Targets: B-cubed F1 "
            f"≥ 0.92 in order, the two events of each topic apart, shuffled at most 0.02 lower.", "",
            table(["clusterer", "B³ P", "B³ R", "B³ F1", "topics with both events apart", "stories"], rows), ""]
    text += split_lines(docs, records, [d.text for d in docs], seeds)
    ms, feat_ms = assign_cost(records, settings)
    text += ["", f"`StoryIndex.assign` cost: {ms:.2f} ms per article over the {len(records)} records "
             f"(of which {feat_ms:.2f} ms computing the story features), "
             f"{ms / 1000 / nlp_seconds:.1%} of the whole pipeline's time per article in the same run "
             f"({nlp_seconds * 1000:.0f} ms per article through extract, parse and enrich with 2 workers); "
             f"shuffled F1 drop, worst: {ours.f1 - worst.f1:+.3f} (target ≤ 0.02)."]
    return "\n".join(text)


def split_lines(docs: Sequence[GoldDoc], records: Sequence[Article], texts: Sequence[str], seeds: int) -> list[str]:
    """Tune ``story_threshold`` on odd topics (in order + shuffled mean), score on even ones."""
    def odd(d: GoldDoc) -> bool:
        return int(d.topic) % 2 == 1

    gold_orders = [list(range(len(records))), *orders(len(records), min(seeds, 3))]
    best: tuple[float, float] | None = None
    for t in THRESHOLDS:
        s = replace(Settings(), story_threshold=t)
        f1s = [subset(docs, stories(records, o, s), odd).f1 for o in gold_orders]
        score = sum(f1s) / len(f1s)
        if best is None or score > best[0]:
            best = (score, t)
    assert best is not None
    tuned = replace(Settings(), story_threshold=best[1])
    even = [subset(docs, stories(records, o, tuned), lambda d: not odd(d)) for o in gold_orders]
    shipped = Settings()
    even_shipped = [subset(docs, stories(records, o, shipped), lambda d: not odd(d)) for o in gold_orders]
    odd_shipped = [subset(docs, stories(records, o, shipped), odd) for o in gold_orders]
    base = baseline_split(texts, docs, odd)
    rows: list[list[object]] = [
        [f"newsradar, story_threshold {best[1]:.2f} tuned on odd topics", f"{best[0]:.3f}", even[0].f1,
         min(s.f1 for s in even[1:])],
        [f"newsradar, shipped story_threshold {shipped.story_threshold:.2f}",
         f"{sum(s.f1 for s in odd_shipped) / len(odd_shipped):.3f}",
         even_shipped[0].f1, min(s.f1 for s in even_shipped[1:])],
        ["baseline, linkage and threshold tuned on odd topics", "", base.f1, ""],
    ]
    return ["Over-fitting check (B-cubed F1; odd topics tune, even topics test):", "",
            table(["", "odd topics (tuning: mean of in order and 3 shuffled)", "even topics, in order",
                   "even topics, worst shuffled"], rows)]


def wikiref_section(seeds: int, cache: Path | None) -> str:
    docs = wikiref(STORIES / "wikiref")
    records, _ = analyse(docs, cache / "wikiref.jsonl" if cache else None)
    gold = [d.label for d in docs]
    ours, shuffled, in_order = measure(docs, records, Settings(), seeds)
    worst = min(shuffled, key=lambda s: s.f1)
    base = baseline([d.text for d in docs], gold)
    rows: list[list[object]] = [
        ["newsradar, file order (online)", ours.precision, ours.recall, ours.f1, len(set(in_order))],
        [f"newsradar, shuffled ({seeds} seeds): mean", sum(s.precision for s in shuffled) / seeds,
         sum(s.recall for s in shuffled) / seeds, sum(s.f1 for s in shuffled) / seeds, ""],
        [f"newsradar, shuffled ({seeds} seeds): worst", worst.precision, worst.recall, worst.f1, ""],
    ]
    for link, (s, t, labels) in base.items():
        rows.append([f"baseline {link} (offline, threshold {t:.2f} tuned here)", s.precision, s.recall, s.f1,
                     len(set(labels))])
    return "\n".join([f"**WikiRef220** ({len(docs)} articles, {len(set(gold))} topic labels: coarser than stories, "
                      "so newsradar's precision is the telling figure; a second check, not a target).", "",
                      table(["clusterer", "B³ P", "B³ R", "B³ F1", "stories"], rows)])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5, help="shuffled arrival orders")
    ap.add_argument("--no-wikiref", action="store_true", help="skip WikiRef220 (its 220 long pages take minutes)")
    ap.add_argument("--cache", type=Path, help="a folder to keep the pipeline's records in and reuse them from "
                    "(for tuning; the figures' timing is then the cached run's)")
    args = ap.parse_args(argv)
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    if not STORIES.is_dir():
        sys.exit(f"bench.nlp_stories: {STORIES} not found: this benchmark needs ../shared beside the checkout")
    parts = ["## Stories (`python -m bench.nlp_stories`)", "", f"Measured on {machine()}.", "",
             ecb_section(args.seeds, args.cache)]
    if not args.no_wikiref:
        parts += ["", wikiref_section(args.seeds, args.cache)]
    markdown = "\n".join(parts)
    print(markdown)
    write_section("nlp-stories", markdown)


if __name__ == "__main__":
    main()
