"""docs/cli.md documents every command and every option, as datasette's test_docs does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from newsradar.cli import app

DOC = (Path(__file__).resolve().parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")


def _commands(group: Any, prefix: str) -> Iterator[tuple[str, Any]]:
    for name, cmd in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if hasattr(cmd, "commands"):  # a group (typer ships its own click, so no isinstance)
            yield from _commands(cmd, path)
        else:
            yield path, cmd


COMMANDS = list(_commands(typer.main.get_command(app), "newsradar"))


def _section(title: str) -> str:
    match = re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#+ newsradar |\Z)", DOC, re.M | re.S)
    assert match, f"docs/cli.md has no section '{title}'"
    return match.group(1)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_command_and_option_is_documented(path: str, command: Any) -> None:
    text = _section(path)
    shared = _section("newsradar query") if path.startswith("newsradar query ") else ""
    for param in command.params:
        if param.param_type_name == "option":
            longest = max(param.opts, key=len)
            assert f"`{longest}`" in text or f"`{longest}`" in shared, f"{path}: {longest} is not documented"


def test_commands_and_options_were_found() -> None:
    assert sum(1 for _, c in COMMANDS for p in c.params if p.param_type_name == "option") > 50

def test_command_groups_were_walked() -> None:
    assert {"newsradar ingest", "newsradar watch", "newsradar export", "newsradar query trends"} <= {
        p for p, _ in COMMANDS}
