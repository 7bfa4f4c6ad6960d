"""The scraped-text line model: features per line, and the shipped forest's scores."""

from __future__ import annotations

import numpy as np

from newsradar.extract.linemodel import Forest, features, forest, scores
from newsradar.extract.text import mark_rules
from newsradar.extract.textlines import scan_lines

SENTENCE = ("The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic "
            "since the spring floods damaged two of its piers.")


def lines_of(*texts: str) -> list:  # type: ignore[type-arg]
    lines = scan_lines("\n".join(texts))
    mark_rules(lines)
    return lines


def test_one_vector_per_line_all_of_one_length() -> None:
    lines = lines_of("Home", "News", *(f"{i}. {SENTENCE}" for i in range(4)), "Share this")
    rows = features(lines)
    assert len(rows) == len(lines)
    assert len({len(r) for r in rows}) == 1
    assert features([]) == []


def test_the_rules_choice_is_an_input() -> None:
    lines = lines_of("Home", *(f"{i}. {SENTENCE}" for i in range(3)), "Share this")
    assert [ln.kept for ln in lines] == [False, True, True, True, False]


def test_article_lines_score_above_menu_lines() -> None:
    lines = lines_of("The Example Gazette", "Home", "News", "Sport", "Weather",
                     *(f"{i}. {SENTENCE}" for i in range(5)), "Facebook", "Twitter", "Imprint")
    odds = scores(lines)
    article = [o for ln, o in zip(lines, odds, strict=True) if ln.text[0].isdigit()]
    menu = [o for ln, o in zip(lines, odds, strict=True) if not ln.text[0].isdigit()]
    assert min(article) > 0 > max(menu)


def test_the_shipped_forest_is_small_and_reads_every_feature_it_needs() -> None:
    f = forest()
    width = len(features(lines_of(SENTENCE))[0])
    assert f.roots.size <= 200 and f.feature.max() < width


def test_a_forest_walks_each_tree_to_its_leaf() -> None:
    # Two stumps: x0 <= 0.5 adds -1 else +1; x1 <= 2 adds 0.25 else 0.5.
    f = Forest(bias=0.1, roots=np.array([0, 3]), feature=np.array([0, 0, 0, 1, 0, 0]),
               threshold=np.array([0.5, 0, 0, 2.0, 0, 0]), left=np.array([1, 1, 2, 4, 4, 5]),
               right=np.array([2, 1, 2, 5, 4, 5]), value=np.array([0, -1.0, 1.0, 0, 0.25, 0.5]), depth=3)
    got = f.log_odds(np.array([[0.0, 1.0], [1.0, 3.0]]))
    assert np.allclose(got, [0.1 - 1 + 0.25, 0.1 + 1 + 0.5])
