"""The search syntax (store/searchquery.py) as a PostgreSQL ``tsquery``, and the searches that use it.

The query tree is turned into SQL that builds the ``tsquery`` from its terms, each term a parameter
read by PostgreSQL's own parser with the store's text search configuration (pgschema.CONFIG): a
word or "phrase" is ``phraseto_tsquery``, a prefix ``word*`` is ``to_tsquery('word:*')``, and the
tree's AND, OR and NOT are ``&&``, ``||`` and ``&& !!``. No user text is ever read as tsquery
syntax, so no search can be refused by the server. Terms are stemmed and folded exactly as the
indexed texts are (``unaccent`` then English stems); a word in Chinese or Japanese also asks for the
phrase of its characters, which the index holds spaced apart (textfold.twin), as the FTS5 index does.

Differences from the DuckDB store's FTS5 index, documented in docs/storage.md: matches are ranked
by ``ts_rank`` rather than BM25, and stems are Snowball's English rather than Porter's. Every word
is indexed, stop words too, as FTS5 does.
"""

from __future__ import annotations

from typing import Any

from newsradar.store.pgschema import CONFIG
from newsradar.store.searchquery import AnyOf, Node, Term, parse
from newsradar.textfold import has_cjk, twin

_TABLES = {"article": ("article_search", "seq"), "quote": ("quote_search", "qid")}
_COLUMNS = {"article": {"title": "head", "text": "body"}, "quote": {"speaker": "head", "text": "body"}}


def tsquery(node: Node) -> tuple[str, list[Any]]:
    """SQL that makes the tree's tsquery, with its parameters."""
    if isinstance(node, Term):
        words = " ".join(node.words)
        if node.prefix:
            # \w+ holds no quote or backslash: quoted as a lexeme, the word is stemmed, then prefixed
            sql, params = f"to_tsquery('{CONFIG}', %s)", [f"'{words}':*"]
        else:
            sql, params = f"phraseto_tsquery('{CONFIG}', %s)", [words]
        alt = twin(words) if has_cjk(words) else None
        if alt:
            sql, params = f"({sql} || phraseto_tsquery('{CONFIG}', %s))", [*params, alt]
        return sql, params
    if isinstance(node, AnyOf):
        parts = [tsquery(option) for option in node.options]
        return "(" + " || ".join(sql for sql, _ in parts) + ")", [p for _, ps in parts for p in ps]
    pieces: list[str] = []
    values: list[Any] = []
    for negated, part in node.parts:
        sql, ps = tsquery(part)
        pieces.append(f"!!{sql}" if negated else sql)
        values += ps
    return "(" + " && ".join(pieces) + ")", values


def negates(node: Node) -> bool:
    """Whether the tree excludes anything (a match in one column then need not match the whole row)."""
    if isinstance(node, Term):
        return False
    if isinstance(node, AnyOf):
        return any(negates(option) for option in node.options)
    return any(negated or negates(part) for negated, part in node.parts)


def search_sql(q: str, kind: str, *, limit: int | None, within: list[int] | None, column: str | None,
               between: tuple[int, int] | None, ranked: bool) -> tuple[str, list[Any]] | None:
    """The statement that answers ``Store.text_search`` (key, score rows) and its parameters, or
    None when the query holds no words; InputError when the syntax refuses it."""
    node = parse(q)
    if node is None:
        return None
    expr, params = tsquery(node)
    table, key = _TABLES[kind]
    if column is not None:
        vector = _COLUMNS[kind].get(column)
        if vector is None:
            from newsradar.errors import InputError

            raise InputError(f"the {kind} index has no column {column!r} (it has {', '.join(_COLUMNS[kind])})")
        # The row's index finds the candidates; a query with NOT may match a column and not the row.
        match = f"{vector} @@ q" if negates(node) else f"(head || body) @@ q AND {vector} @@ q"
    else:
        vector, match = "(head || body)", "(head || body) @@ q"
    score = f"ts_rank({vector}, q)" if ranked else "0.0"
    sql = f"SELECT {key} AS key, {score} AS score FROM {table}, (SELECT {expr} AS q) AS query WHERE {match}"
    if between is not None:
        sql += f" AND {key} BETWEEN %s AND %s"
        params += [between[0], between[1]]
    if within is not None:
        sql += f" AND {key} = ANY(%s::BIGINT[])"
        params.append(within)
    # ties newest first, as the FTS5 index orders them (textindex.search)
    sql += " ORDER BY score DESC, key DESC" if ranked else f" ORDER BY {key}"
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    return sql, params


def count_sql(q: str, kind: str) -> tuple[str, list[Any]] | None:
    """The statement that counts the matches of ``q`` (one row, ``n``), or None without words."""
    node = parse(q)
    if node is None:
        return None
    expr, params = tsquery(node)
    table, _ = _TABLES[kind]
    return f"SELECT count(*) AS n FROM {table}, (SELECT {expr} AS q) AS query WHERE (head || body) @@ q", params
