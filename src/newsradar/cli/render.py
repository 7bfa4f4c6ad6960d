"""``--format pretty``: a record laid out for people reading a terminal."""

from __future__ import annotations

import os
from typing import Any

from rich.console import Console
from rich.table import Table

# Rows of a table piped to a file or a pager: Rich, seeing no terminal, lays them out in 80 columns,
# folding every quote, title and URL over several lines; this keeps most rows on one.
PIPED_WIDTH = 200


def table_console() -> Console:
    """A console for tables: a terminal's own width, or :data:`PIPED_WIDTH` when the output goes to
    a file or a pager (unless ``COLUMNS`` says otherwise)."""
    out = Console()
    if not out.is_terminal and "COLUMNS" not in os.environ:
        out = Console(width=PIPED_WIDTH)
    return out


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False, expand=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    for r in rows:
        table.add_row(*["" if v is None else str(v) for v in r])
    return table


def _actor(actor: dict[str, Any] | None) -> str:
    """``name [CODE]``; an event without that participant (``Egypt agreed``) shows a dash."""
    actor = actor or {}
    name, code = actor.get("name"), actor.get("code")
    if not name and not code:
        return "-"
    return f"{name or code} [{code}]" if code else str(name)


def _number(value: Any) -> Any:
    """4800000000.0 as 4,800,000,000 and 2.5 as 2.5: whole numbers lose the float's tail."""
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, (int, float)):
        return f"{value:,}"
    return value


def render_pretty(record: dict[str, Any], console: Console | None = None) -> None:
    c = console or table_console()
    if "error" in record:
        c.print(f"[bold red]{record['source']}[/]: {record['error']}")
        return
    pub = record.get("published") or {}
    c.rule(f"[bold]{record.get('title') or '(no title)'}")
    c.print(f"[dim]source[/] {record['source']}   [dim]site[/] {record.get('site_name') or '-'}   "
            f"[dim]language[/] {record.get('language') or '-'}   [dim]id[/] {record['id']}")
    if pub:
        c.print(f"[dim]published[/] {pub['value']} ([dim]{pub['source']}, confidence {pub['confidence']}[/])")
    if record.get("authors"):
        c.print(f"[dim]authors[/] {', '.join(record['authors'])}")
    tone = record.get("tone")
    if tone:
        c.print(f"[dim]tone[/] {tone['score']:+.2f} (positive {tone['positive']:.2f}, "
                f"negative {tone['negative']:.2f})")
    c.print()
    for p in record.get("paragraphs", [])[:3]:
        c.print(p, soft_wrap=True)
        c.print()
    more = len(record.get("paragraphs", [])) - 3
    if more > 0:
        c.print(f"[dim]… {more} more paragraphs[/]")
    ents = record.get("entities") or []
    if ents:
        c.print(_table("Entities", ["name", "type", "role", "country", "mentions"],
                       [[e["name"], e["type"], e.get("role"), e.get("country"), len(e["mentions"])] for e in ents]))
    quotes = record.get("quotes") or []
    if quotes:
        c.print(_table("Quotes", ["speaker", "kind", "cue", "text"],
                       [[q.get("speaker"), q["kind"], q.get("cue"), q["text"]] for q in quotes]))
    claims = record.get("claims") or []
    if claims:
        c.print(_table("Claims", ["value", "unit", "measure", "qualifier", "claimed by", "text"],
                       [[_number(x.get("value")), x.get("unit"), x.get("measure"), x.get("qualifier"), x.get("source"),
                         x["text"]] for x in claims]))
    events = record.get("events") or []
    if events:
        c.print(_table("Events", ["source", "CAMEO", "PLOVER", "target", "Goldstein"],
                       [[_actor(e.get("source")), e["cameo"], e.get("plover"), _actor(e.get("target")),
                         e.get("goldstein")]
                        for e in events]))
