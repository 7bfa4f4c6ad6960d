"""The search syntax (``to_match``): what a user's words become for FTS5, and why a query is refused.

Property tests with hypothesis: any string either becomes an expression FTS5 accepts, or is refused
with InputError and a reason; never another exception, never an FTS5 syntax error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import article
from newsradar.errors import InputError
from newsradar.store import Store
from newsradar.store.textindex import _SCHEMA, to_match


@pytest.mark.parametrize(("query", "says"), [
    # the user's own words in the way out, not "nothing stands before it"
    ("strike OR NOT police", "NOT cannot follow OR: NOT excludes from the words before it what the words after "
                             "it match (as in 'strike NOT police'), and 'OR NOT police' would ask for every "
                             "article without police, which the index cannot list; to leave police out, drop "
                             "the OR: 'strike NOT police' (parentheses do not group words in a search)"),
    ("dock OR AND NOT Rotterdam", "drop the OR: 'dock NOT Rotterdam'"),
    ('"wage talks" OR NOT "pay rise"', "drop the OR: '\"wage talks\" NOT \"pay rise\"'"),
    ("ferry OR (NOT Calais)", "NOT cannot follow OR"),  # parentheses do not make it a group
    ("ferry OR NOT", "NOT cannot follow OR: NOT excludes from the words before it what the words after it "
                     "match (as in 'strike NOT police'), and here no words follow it either"),
    ("NOT Rotterdam", "a search cannot begin with NOT: NOT excludes from the words before it what the words "
                      "after it match (as in 'strike NOT police'), and no words stand before it"),
    ("NOT", "a search cannot begin with NOT"),
    ('"" NOT Rotterdam', "NOT has no words before it: NOT excludes from the words before it what the words "
                         "after it match (as in 'strike NOT police'), and only '\"\"' stands before it, which "
                         "holds no words to search for"),
    ("AND NOT x", "and only 'AND' stands before it"),
    ("OR ** NOT x", "and only 'OR **' stands before it"),
])
def test_a_refused_not_says_what_is_wrong_with_it(query: str, says: str) -> None:
    with pytest.raises(InputError) as refused:
        to_match(query)
    assert refused.value.reason == f"{query!r}: {says}" or says in refused.value.reason
    assert "nothing stands before it" not in refused.value.reason


@pytest.mark.parametrize(("query", "expected"), [
    # an operator in parentheses is the operator, not the word "not" searched for
    ("ferry (NOT Calais)", '"ferry" NOT "Calais"'),
    ("(ferry OR hovercraft)", '"ferry" OR "hovercraft"'),
    ('ferry "NOT" Calais', '"ferry" "NOT" "Calais"'),  # quoted, it is a word
    # after a NOT, an explicit AND: FTS5 binds an implicit one tighter than NOT
    ("dock NOT Rotterdam port", '"dock" NOT "Rotterdam" AND "port"'),
    ("dock NOT Rotterdam port crane", '"dock" NOT "Rotterdam" AND "port" "crane"'),
    # what stays silent: empty quotes, lone or trailing operators, stray parentheses
    ('"" dock', '"dock"'),
    ("dock OR", '"dock"'),
    ("AND dock", '"dock"'),
    ("dock NOT", '"dock"'),
    ("((dock", '"dock"'),
    ('"unclosed phrase', '"unclosed" "phrase"'),
])
def test_operators_beside_punctuation(query: str, expected: str) -> None:
    assert to_match(query) == expected


def test_words_after_an_excluded_one_must_all_match(fresh_db: Store) -> None:
    fresh_db.put([article(1, text="Dock cranes stopped in the port of Antwerp."),
                  article(2, text="Dock workers met in Antwerp; no ship moved."),
                  article(3, text="Dock cranes stopped in the port of Rotterdam.")])
    found = {h.key for h in fresh_db.text_search("dock NOT Rotterdam port", kind="article")}
    want = fresh_db.query("SELECT seq FROM articles WHERE text LIKE '%port of Antwerp%'")
    assert found == {r["seq"] for r in want}  # was articles 1 and 2: 'a NOT b c' is a NOT (b AND c)


@pytest.fixture(scope="module")
def fts5() -> Iterator[sqlite3.Connection]:
    """Empty tables of the index's own schema, to ask FTS5 whether it takes an expression."""
    con = sqlite3.connect(":memory:")
    for stmt in _SCHEMA:
        con.execute(stmt)
    yield con
    con.close()


_PIECES = st.sampled_from(["OR", "NOT", "AND", "(", ")", '"', '""', "*", "**", "-", ":", "^", "NEAR", "{", "}",
                           "dock", "Støre", "Łódź*", "ß", "strike", "'", "(NOT", "OR)", '"wage talks"', "\t", "\n"])
_QUERIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=12).map(" ".join),
                     st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=10).map("".join))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=_QUERIES, folded=st.booleans())
def test_any_query_becomes_fts5_or_is_refused_with_a_reason(fts5: sqlite3.Connection, query: str,
                                                            folded: bool) -> None:
    try:
        expr = to_match(query, folded=folded)
    except InputError as exc:
        assert exc.reason.strip() and "nothing stands before it" not in exc.reason
        return
    assert isinstance(expr, str)
    if expr:  # FTS5 refuses what it cannot read with an OperationalError: it must take every one
        fts5.execute("SELECT rowid FROM article_text WHERE article_text MATCH ?", [expr]).fetchall()
        fts5.execute("SELECT rowid FROM quote_text WHERE quote_text MATCH ?",
                     [f"{{speaker speaker_alt}} : ({expr})"]).fetchall()
