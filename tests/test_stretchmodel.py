"""The scraped-text stretch chooser: candidates, their features, and the shipped forest's say."""

from __future__ import annotations

from newsradar.extract.linemodel import load
from newsradar.extract.stretchmodel import COMMENTS, EDGE, OTHER, choose, features, stretches
from newsradar.extract.text import _by_rules, _score, candidates, extract_scraped
from newsradar.extract.textlines import scan_lines

SENTENCE = ("The council voted on Tuesday to rebuild the old river bridge, which has been closed to traffic "
            "since the spring floods damaged two of its piers.")
OTHER_SENTENCE = ("Readers have written in their hundreds to say what they think of the plan, and most of "
                  "them would rather see the money spent on the buses.")


def scored(*texts: str):  # type: ignore[no-untyped-def]
    lines = scan_lines("\n".join(texts))
    out, body, used = _by_rules(lines, None)
    assert body is not None
    _score(lines, body, out.paragraphs, used)
    return lines


def test_stretches_know_the_breakers_around_them() -> None:
    cands = stretches([(40.0, 1, 3), (20.0, 6, 8)], {4: OTHER, 9: COMMENTS}, 12)
    assert [(c.lo, c.hi, c.before, c.after) for c in cands] == [(0, 3, EDGE, OTHER), (5, 8, OTHER, COMMENTS)]


def test_one_vector_per_candidate_all_of_one_length() -> None:
    lines = scored("Home", *(f"{i}. {SENTENCE}" for i in range(4)), "Related stories",
                   *(f"{i}. {OTHER_SENTENCE}" for i in range(2)), "3 comments", OTHER_SENTENCE)
    cands, rule, comments_at = candidates(lines)
    assert len(cands) == 3 and rule == 0 and comments_at == 8
    rows = features(lines, cands, rule, comments_at)
    assert len(rows) == 3 and len({len(r) for r in rows}) == 1


def test_a_single_run_is_the_rules_choice_without_asking_the_model() -> None:
    lines = scored("Home", *(f"{i}. {SENTENCE}" for i in range(3)), "Share this")
    cands, rule, comments_at = candidates(lines)
    assert choose(lines, cands, rule, comments_at) == 0


def test_the_article_before_a_comment_thread_is_still_chosen() -> None:
    thread = [line for i in range(8) for line in (f"Reader{i} says:", f"{i + 2} May 2012 at 10:15",
                                                  f"Reader {i}: {OTHER_SENTENCE}", "Reply")]
    text = "\n".join(["Home", "News", *(f"{i}. {SENTENCE}" for i in range(3)), "12 comments", *thread])
    assert extract_scraped(text).paragraphs == [f"{i}. {SENTENCE}" for i in range(3)]


def test_the_shipped_forest_is_small_and_reads_every_feature_it_needs() -> None:
    f = load("stretchmodel.json")
    lines = scored(*(f"{i}. {SENTENCE}" for i in range(2)), "Related stories", OTHER_SENTENCE)
    cands, rule, comments_at = candidates(lines)
    width = len(features(lines, cands, rule, comments_at)[0])
    assert f.roots.size <= 200 and f.feature.max() < width
