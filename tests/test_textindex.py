"""The search syntax (``to_match``): what a user's words become for FTS5, and why a query is refused.

Property tests with hypothesis: any string either becomes an expression FTS5 accepts, or is refused
with InputError and a reason; never another exception, never an FTS5 syntax error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import article
from newsradar.analytics.quotes import names_match
from newsradar.errors import InputError
from newsradar.store import Store
from newsradar.store.searchquery import MAX_DEPTH
from newsradar.store.textindex import _SCHEMA, TextIndex, to_match


@pytest.mark.parametrize(("query", "says"), [
    # the user's own words in the way out, not "nothing stands before it"
    ("strike OR NOT police", "NOT cannot follow OR: NOT excludes from the words before it what the words after "
                             "it match (as in 'strike NOT police'), and 'OR NOT police' would ask for every "
                             "article without police, which the index cannot list; to leave police out, drop "
                             "the OR: 'strike NOT police'"),
    ("dock OR AND NOT Rotterdam", "drop the OR: 'dock NOT Rotterdam'"),
    ('"wage talks" OR NOT "pay rise"', "drop the OR: '\"wage talks\" NOT \"pay rise\"'"),
    # a group is searched as a whole: one that begins with NOT excludes from nothing
    ("ferry OR (NOT Calais)", "NOT has no words before it in the group '(NOT Calais)': NOT excludes from the "
                              "words before it what the words after it match (as in 'strike NOT police'); a group "
                              "is searched as a whole, and this one would take in every article without Calais, "
                              "which the index cannot list"),
    ("(NOT Calais) ferry", "NOT has no words before it in the group '(NOT Calais)'"),
    ("ferry NOT (NOT Calais)", "in the group '(NOT Calais)'"),
    ("ferry (NOT Calais OR Dover)", "in the group '(NOT Calais OR Dover)'"),  # ANDed, but with an OR of its own
    ("ferry OR (AND NOT Calais)", "in the group '(AND NOT Calais)': NOT excludes from the words before it what "
                                  "the words after it match (as in 'strike NOT police'), and only 'AND' stands "
                                  "before it; a group is searched as a whole"),
    ("ferry OR (NOT)", "in the group '(NOT)': NOT excludes from the words before it what the words after it match "
                       "(as in 'strike NOT police'), and no words follow it either"),
    ("(ferry OR NOT Calais) port", "NOT cannot follow OR: NOT excludes from the words before it what the words "
                                   "after it match (as in 'strike NOT police'), and 'OR NOT Calais' would ask for "
                                   "every article without Calais, which the index cannot list; to leave Calais out, "
                                   "drop the OR: 'ferry NOT Calais'"),
    ("dock OR NOT (Calais OR Dover)", "without (Calais OR Dover), which the index cannot list; to leave (Calais OR "
                                      "Dover) out, drop the OR: 'dock NOT (Calais OR Dover)'"),
    ("() NOT Calais", "and only '()' stands before it"),  # an empty group holds no words, as empty quotes
    ("(NOT Calais", "a search cannot begin with NOT"),  # a stray parenthesis is punctuation
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
    # an operator in parentheses is the operator, not the word "not" searched for; parentheses around
    # words only ANDed change nothing, so a group ANDed to words may begin with NOT
    ("ferry (NOT Calais)", '"ferry" NOT "Calais"'),
    ("ferry AND (NOT Calais port)", '"ferry" NOT "Calais" AND "port"'),
    ("(ferry OR hovercraft)", '"ferry" OR "hovercraft"'),
    ("ferry (port crane) dock", '"ferry" "port" "crane" "dock"'),
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
    ("dock ()", '"dock"'),
    ('dock NOT ("") port', '"dock" NOT "port"'),  # an empty group is dropped, as empty quotes are
    ("dock (OR port)", '"dock" "port"'),  # an operator with no words before it in its group
])
def test_operators_beside_punctuation(query: str, expected: str) -> None:
    assert to_match(query) == expected


@pytest.mark.parametrize(("query", "expected"), [
    ("(ferry OR port) NOT Calais", '("ferry" OR "port") NOT "Calais"'),  # was "ferry" OR "port" NOT "Calais"
    ("strike (port OR dock)", '"strike" AND ("port" OR "dock")'),  # FTS5 takes no implicit AND beside "("
    ("strike(port OR dock)", '"strike" AND ("port" OR "dock")'),
    ("(dock NOT Rotterdam) OR ferry", '"dock" NOT "Rotterdam" OR "ferry"'),  # NOT binds tighter than OR
    ("dock NOT (Rotterdam OR Antwerp) crane", '"dock" NOT ("Rotterdam" OR "Antwerp") AND "crane"'),
    ("dock NOT (Rotterdam port)", '"dock" NOT ("Rotterdam" "port")'),  # both words, or it is not excluded
    ("(strike OR (dock NOT Rotterdam)) crane OR ferry",
     '("strike" OR "dock" NOT "Rotterdam") AND "crane" OR "ferry"'),
    ("a OR (b OR (c OR d))", '"a" OR "b" OR "c" OR "d"'),
    ('("wage talks" OR pay*) NOT "pay rise"', '("wage talks" OR "pay"*) NOT "pay rise"'),
    ("Støre (Łódź* OR Oslo)", '("Støre" OR "Store") AND (("Łódź"* OR "lódź"*) OR "Oslo")'),
    # a parenthesis without its partner is punctuation, dropped
    ("Macron (France", '"Macron" "France"'),
    ("Macron) France", '"Macron" "France"'),
    ("(ferry OR port NOT Calais", '"ferry" OR "port" NOT "Calais"'),
    ("ferry OR port) NOT Calais", '"ferry" OR "port" NOT "Calais"'),
    ("(ferry OR port)) NOT (Calais", '("ferry" OR "port") NOT "Calais"'),
    (")(ferry OR port)(", '"ferry" OR "port"'),
])
def test_parentheses_group(query: str, expected: str) -> None:
    assert to_match(query, folded=True) == expected


def test_groups_nest_as_deep_as_fts5_takes_and_no_deeper(fts5: sqlite3.Connection) -> None:
    # shapes that fill FTS5's parser stack fastest: each level an OR, an AND and a NOT still open
    for shape in ("Støre OR dock Łódź NOT ({})", "(Støre OR dock) AND (Łódź OR dock NOT {})",
                  "dock NOT ({} OR Støre)", "Łódź OR Støre ({} OR dock)"):
        query = "crane"
        for _ in range(MAX_DEPTH):
            query = shape.format(query)
        expr = to_match(query)
        fts5.execute("SELECT rowid FROM article_text WHERE article_text MATCH ?", [expr]).fetchall()
        fts5.execute("SELECT rowid FROM quote_text WHERE quote_text MATCH ?",
                     [f"{{speaker speaker_alt}} : ({expr})"]).fetchall()
        with pytest.raises(InputError, match=f"parentheses nest more than {MAX_DEPTH} deep at"):
            to_match(shape.format(query))


def test_grouped_search_finds_exactly_what_was_asked(fresh_db: Store) -> None:
    fresh_db.put([article(1, text="The ferry to Calais was cancelled after the storm."),
                  article(2, text="The ferry to Dover sailed on time."),
                  article(3, text="The port of Calais reopened on Monday."),
                  article(4, text="The port of Dunkirk reopened on Monday."),
                  article(5, text="The trains to Calais ran late.")])
    seq = {r["text"]: r["seq"] for r in fresh_db.query("SELECT seq, text FROM articles")}

    def found(q: str) -> set[str]:
        keys = {h.key for h in fresh_db.text_search(q, kind="article")}
        return {" ".join(text.split()[1:4:2]) for text, s in seq.items() if s in keys}  # "ferry Calais"…

    assert found("(ferry OR port) NOT Calais") == {"ferry Dover", "port Dunkirk"}  # not the ferry to Calais
    assert found("(ferry OR port) NOT Calais") == found("(ferry NOT Calais) OR (port NOT Calais)")
    assert found("reopened (Calais OR ferry)") == {"port Calais"}  # was (reopened Calais) OR ferry
    assert found("Calais NOT (ferry OR port)") == {"trains Calais"}
    assert found("Calais NOT (port reopened) NOT ferry") == {"trains Calais"}
    assert found("Calais NOT (port Dover)") == {"ferry Calais", "port Calais", "trains Calais"}  # no article has both
    assert found("(ferry OR trains) (Calais OR Dover) NOT cancelled") == {"ferry Dover", "trains Calais"}
    assert found("ferry (Dover") == {"ferry Dover"}  # a stray parenthesis is no error


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
                           "dock", "Støre", "Łódź*", "ß", "strike", "'", "(NOT", "OR)", '"wage talks"', "\t", "\n",
                           "()", "((", "))", ")(", "NOT (", "OR (", ") NOT", "(AND", '("")', "(*)"])
# Queries built as a user would group them: words and phrases, joined by operators, in parentheses
_WORDS = st.sampled_from(["dock", "port", "ship", "tug", "pier", "Støre", "Store", "do*", "p*", "sto*",
                          '"dock port"', '"ship tug"', '"Støre pier"'])
_GROUPED = st.recursive(_WORDS, lambda inner: st.one_of(
    st.tuples(inner, st.sampled_from([" ", " AND ", " OR ", " NOT ", " AND NOT ", "("]), inner).map(
        lambda t: f"{t[0]} ({t[2]})" if t[1] == "(" else "".join(t)),
    inner.map(lambda q: f"({q})")), max_leaves=10)
_QUERIES = st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=12).map(" ".join),
                     st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=10).map("".join),
                     _GROUPED, st.lists(st.one_of(_GROUPED, _PIECES), max_size=6).map(" ".join))


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


@settings(max_examples=300, deadline=None)
@given(query=_GROUPED, texts=st.lists(st.lists(_WORDS.filter(lambda w: "*" not in w), min_size=1, max_size=5)
                                      .map(" ".join), min_size=1, max_size=8))
def test_the_index_and_the_name_matcher_read_a_grouped_query_alike(query: str, texts: list[str]) -> None:
    """What the index finds for a query is what the Python-side matcher of names (a speaker's
    name is checked word by word after the index found it) keeps: both read the one tree."""
    index = TextIndex(None)
    try:
        index.add([(key, None, text) for key, text in enumerate(texts)], [])
        found = {key for key, _ in index.search(query, "article", ranked=False)}
    finally:
        index.close()
    assert found == {key for key, text in enumerate(texts) if names_match(query, text)}, to_match(query)



def test_a_search_the_index_cannot_read_is_an_error_not_an_empty_result(monkeypatch: pytest.MonkeyPatch) -> None:
    # to_match is held never to make such an expression; if it ever did, the user hears of it (422)
    # instead of seeing "no results"
    from newsradar.store import textindex

    index = TextIndex(None)
    index.add([(1, "Ferry strike", "The ferry strike ended.")], [])
    monkeypatch.setattr(textindex, "to_match", lambda q, folded=True: "ferry AND AND")
    with pytest.raises(InputError, match="cannot read the search 'ferry'"):
        index.search("ferry", "article")
    with pytest.raises(InputError, match="cannot read the search"):
        index.count("ferry", "article")


_CJK_ARTICLES = (("港口罢工", "码头工人罢工三天后，港口管理局同意增聘飞行员。"),
                 ("東京", "東京の港でストライキが終わった。"),
                 ("Ferry", "The ferry strike ended at noon."))


def _cjk_found(store: Store, q: str) -> set[str]:
    keys = {h.key for h in store.text_search(q, kind="article")}
    return {r["title"] for r in store.query("SELECT seq, title FROM articles") if r["seq"] in keys}


def test_a_word_of_chinese_or_japanese_is_found_inside_a_run_of_characters(fresh_db: Store) -> None:
    # the tokenizer reads "码头工人罢工三天后" as one word; the twin spaces the characters and a query
    # word in those scripts asks for the phrase of its characters as well
    fresh_db.put([article(n + 1, title=title, text=text) for n, (title, text) in enumerate(_CJK_ARTICLES)])
    assert _cjk_found(fresh_db, "罢工") == {"港口罢工"}
    assert _cjk_found(fresh_db, "工人 飞行") == {"港口罢工"}
    assert _cjk_found(fresh_db, "ストライキ") == {"東京"}
    assert _cjk_found(fresh_db, "港口 NOT 罢工") == set()
    assert _cjk_found(fresh_db, "工罢") == set()  # the characters in their order, not anywhere
    assert _cjk_found(fresh_db, "strike") == {"Ferry"}


def test_a_writer_indexes_chinese_again_in_a_sidecar_from_before_the_spaced_twins(tmp_path: Path) -> None:
    from newsradar.store import open_store

    path = tmp_path / "news.duckdb"
    store = open_store(path)
    store.put([article(n + 1, title=title, text=text) for n, (title, text) in enumerate(_CJK_ARTICLES)])
    rows = store.query("SELECT seq, title, text FROM articles")
    store.close()
    old = sqlite3.connect(path.with_name(path.name + ".fts"))  # as an older version left it: no twin, version 0
    old.executemany("INSERT OR REPLACE INTO article_text(rowid, title, text) VALUES (?, ?, ?)",
                    [(r["seq"], r["title"], r["text"]) for r in rows])
    old.execute("PRAGMA user_version = 0")
    old.commit()
    old.close()
    reader = open_store(path, read_only=True)
    assert _cjk_found(reader, "罢工") == set()
    reader.close()
    writer = open_store(path)
    assert _cjk_found(writer, "罢工") == {"港口罢工"} and _cjk_found(writer, "strike") == {"Ferry"}
    writer.close()
