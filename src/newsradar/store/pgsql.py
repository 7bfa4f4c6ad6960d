"""The analytics SQL, written for DuckDB, as PostgreSQL reads it.

The queries of :mod:`newsradar.analytics` are standard SQL but for a few DuckDB habits. Most are
met in the database itself: the functions and aggregates of :data:`COMPAT` are created when the
schema is migrated (``any_value`` before PostgreSQL 16, ``arg_max``/``arg_min``, ``date_diff``,
``contains``). What no function can change is rewritten here, once per distinct statement:

- ``?`` placeholders become psycopg's ``%s`` (a literal ``%`` is doubled); ``?::BIGINT[]`` list
  parameters are then plain arrays, which psycopg sends as such;
- ``list(…)`` is ``array_agg(…)``, and a list literal ``[a, b]`` is ``ARRAY[a, b]``;
- a subquery in FROM without a name gets one (PostgreSQL before 16 requires it).

String literals, quoted names and comments are copied (their ``%`` doubled, as psycopg wants it),
so a ``?`` or ``[`` in them is never read as a placeholder or a list.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"""
    (?P<string>'(?:[^']|'')*')
  | (?P<quoted>"(?:[^"]|"")*")
  | (?P<comment>--[^\n]*)
  | (?P<space>\s+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_$]*)
  | (?P<number>\d+(?:\.\d*)?)
  | (?P<cast>::)
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)

# After one of these, "[" opens a list literal (after a name or "]" it is a subscript or a type's "[]").
_LIST_BEFORE = {"(", ",", "DISTINCT", "BY", "SELECT", "THEN", "ELSE", "WHEN", "AND", "OR", "IN", "=", "<>"}
# What may follow an unnamed subquery in FROM: it then needs a name.
_AFTER_UNNAMED = {"", ")", ",", ";", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "JOIN", "LEFT", "RIGHT",
                  "INNER", "FULL", "CROSS", "ON", "UNION", "EXCEPT", "INTERSECT", "WINDOW", "QUALIFY", "NATURAL"}


@lru_cache(maxsize=1024)
def translate(sql: str) -> str:
    """``sql`` (DuckDB's dialect, ``?`` placeholders) as PostgreSQL with psycopg placeholders."""
    tokens = [(m.lastgroup or "other", m.group()) for m in _TOKEN.finditer(sql)]
    # psycopg reads %-placeholders everywhere, string literals too: every statement is sent with its
    # parameters (an empty list at least), so every literal % is doubled
    out = [text.replace("%", "%%") if kind in ("string", "quoted", "comment") else text
           for kind, text in tokens]
    significant = [i for i, (kind, _) in enumerate(tokens) if kind not in ("space", "comment")]
    upper = {i: tokens[i][1].upper() for i in significant}
    opened: list[tuple[int, bool]] = []  # "(" by position: whether it opens an unnamed-able FROM subquery
    aliases = 0
    for n, i in enumerate(significant):
        kind, text = tokens[i]
        before = upper[significant[n - 1]] if n else ""
        after = upper[significant[n + 1]] if n + 1 < len(significant) else ""
        if text == "?":
            out[i] = "%s"
        elif text == "%":
            out[i] = "%%"
        elif kind == "word" and upper[i] == "LIST" and after == "(" and before != ".":
            out[i] = "array_agg"
        elif text == "[" and before in _LIST_BEFORE:
            out[i] = "ARRAY["
        elif text == "(":
            opened.append((i, before in ("FROM", "JOIN") and after == "SELECT"))
        elif text == ")" and opened:
            _, subquery = opened.pop()
            if subquery and after in _AFTER_UNNAMED:
                aliases += 1
                out[i] = f") AS _sub{aliases}"
    return "".join(out)


def _arg_aggregates() -> list[str]:
    """``arg_max(value, key)`` and ``arg_min`` as DuckDB has them: the value on the row with the
    largest (smallest) key, skipping rows whose value or key is NULL; for text values and the key
    types the store's SQL uses."""
    statements: list[str] = []
    for suffix, key in (("int", "bigint"), ("float", "double precision"), ("ts", "timestamp")):
        state = f"nr_arg_{suffix}"
        statements += [f"DO $$ BEGIN CREATE TYPE {state} AS (v text, k {key}); "
                       "EXCEPTION WHEN duplicate_object THEN NULL; END $$",
                       f"CREATE OR REPLACE FUNCTION nr_arg_value_{suffix}(s {state}) RETURNS text LANGUAGE sql "
                       "IMMUTABLE PARALLEL SAFE AS $$ SELECT (s).v $$"]
        for name, op in (("max", ">"), ("min", "<")):
            step = f"nr_arg_{name}_{suffix}"
            statements += [
                f"CREATE OR REPLACE FUNCTION {step}(s {state}, v text, k {key}) RETURNS {state} "
                "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE WHEN v IS NULL OR k IS NULL THEN s "
                f"WHEN s IS NULL OR k {op} (s).k THEN ROW(v, k)::{state} ELSE s END $$",
                f"CREATE OR REPLACE AGGREGATE arg_{name}(text, {key}) (SFUNC = {step}, STYPE = {state}, "
                f"FINALFUNC = nr_arg_value_{suffix})"]
    return statements


# Created by the schema's migrations (store/pgschema.py), in the store's schema.
COMPAT: tuple[str, ...] = (
    # any_value: the first value that is not NULL (built in from PostgreSQL 16, which takes precedence)
    "CREATE OR REPLACE FUNCTION nr_first(anyelement, anyelement) RETURNS anyelement LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE AS $$ SELECT coalesce($1, $2) $$",
    "CREATE OR REPLACE AGGREGATE any_value(anyelement) (SFUNC = nr_first, STYPE = anyelement)",
    *_arg_aggregates(),
    "CREATE OR REPLACE FUNCTION contains(text, text) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    "AS $$ SELECT strpos($1, $2) > 0 $$",
    # DuckDB's date_diff counts the boundaries of ``part`` crossed between the two instants
    "CREATE OR REPLACE FUNCTION date_diff(part text, a timestamp, b timestamp) RETURNS bigint LANGUAGE sql "
    "IMMUTABLE PARALLEL SAFE AS $$ SELECT ((extract(epoch FROM date_trunc(part, b)) - extract(epoch FROM "
    "date_trunc(part, a))) / CASE lower(part) WHEN 'second' THEN 1 WHEN 'minute' THEN 60 WHEN 'hour' THEN 3600 "
    "WHEN 'day' THEN 86400 END)::bigint $$",
)
