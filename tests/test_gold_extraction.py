"""Quality gates for the article body (issue 3): newsradar's F1 on the development sets may not drop more
than 0.01 below the figures reached (``bench/extraction.py`` measures them beside trafilatura). The
sets are read from ../shared and scored exactly as the benchmark scores them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from bench.extraction import newsradar_html, newsradar_text, render_text
from bench.goldsets import Page, dragnet, score, trafilatura_eval

from newsradar.errors import NewsradarError
from newsradar.extract import extract
from newsradar.sources.raw import RawPage

# Reached, less 0.01. HTML path:
TRAFILATURA_EVAL_F1_FLOOR = 0.922
DRAGNET_F1_FLOOR = 0.897
# Scraped-text path, the same pages rendered one block per line:
TRAFILATURA_EVAL_TEXT_F1_FLOOR = 0.893
DRAGNET_TEXT_F1_FLOOR = 0.872
# No collapse outside English: every language with 20 pages or more in trafilatura_eval.
LANGUAGE_F1_FLOOR = 0.82
LANGUAGE_MIN_PAGES = 20

pytestmark = [pytest.mark.gold, pytest.mark.slow]


@pytest.fixture(scope="module")
def teval(shared: Path) -> list[Page]:
    return trafilatura_eval(shared)


@pytest.fixture(scope="module")
def dragnet_test(shared: Path) -> list[Page]:
    return dragnet(shared, "test")


@pytest.fixture(scope="module")
def teval_outputs(teval: list[Page]) -> list[str | None]:
    return [newsradar_html(p.html) for p in teval]


def test_body_f1_on_trafilatura_eval(teval: list[Page], teval_outputs: list[str | None]) -> None:
    f1 = score(teval, teval_outputs).f1
    assert f1 >= TRAFILATURA_EVAL_F1_FLOOR, f"trafilatura_eval body F1 {f1:.3f}"


def test_body_f1_on_dragnet(dragnet_test: list[Page]) -> None:
    f1 = score(dragnet_test, [newsradar_html(p.html) for p in dragnet_test]).f1
    assert f1 >= DRAGNET_F1_FLOOR, f"dragnet body F1 {f1:.3f}"


def test_no_language_collapses(teval: list[Page], teval_outputs: list[str | None]) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, p in enumerate(teval):
        groups[p.language].append(i)
    low = {}
    for lang, idx in groups.items():
        if len(idx) >= LANGUAGE_MIN_PAGES:
            f1 = score([teval[i] for i in idx], [teval_outputs[i] for i in idx]).f1
            if f1 < LANGUAGE_F1_FLOOR:
                low[lang] = round(f1, 3)
    assert not low, f"languages below {LANGUAGE_F1_FLOOR}: {low}"


def test_every_record_has_a_language(dragnet_test: list[Page], teval: list[Page]) -> None:
    missing = []
    for p in teval[:300] + dragnet_test[:100]:
        try:
            article = extract(RawPage(content=p.html, source=p.key, kind="html"))
        except NewsradarError:
            continue
        if article.language is None:
            missing.append(p.key)
    assert not missing


def test_scraped_text_f1(teval: list[Page], dragnet_test: list[Page]) -> None:
    t = score(teval, [newsradar_text(render_text(p.html)) for p in teval]).f1
    d = score(dragnet_test, [newsradar_text(render_text(p.html)) for p in dragnet_test]).f1
    assert t >= TRAFILATURA_EVAL_TEXT_F1_FLOOR, f"trafilatura_eval text F1 {t:.3f}"
    assert d >= DRAGNET_TEXT_F1_FLOOR, f"dragnet text F1 {d:.3f}"
