"""``newsradar analyze``: one record per input, in input order."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from newsradar.cli.app import app, settings
from newsradar.cli.progress import progress_bar
from newsradar.cli.render import render_pretty
from newsradar.enrich.petrdict import load_dictionaries
from newsradar.enrich.stories import StoryIndex
from newsradar.errors import ConfigError
from newsradar.pipeline import Result, run
from newsradar.record import Article, Failure
from newsradar.sources.api import read_url
from newsradar.sources.fetch import Fetcher
from newsradar.sources.files import expand_paths, read_path
from newsradar.sources.raw import RawPage


class Format(StrEnum):
    json = "json"
    jsonl = "jsonl"
    pretty = "pretty"


class Kind(StrEnum):
    html = "html"
    text = "text"


@app.command()
def analyze(
    paths: list[str] = typer.Argument(..., help="Files or folders to analyse; '-' reads stdin."),
    fmt: Format = typer.Option(Format.json, "--format", "-f", help="json (one object, or an array for "
                               "several inputs), jsonl (one line per input) or pretty (for people)."),
    no_nlp: bool = typer.Option(False, "--no-nlp", help="Extract the article only: no entities, quotes, "
                                "claims, events or tone (much faster)."),
    kind: Kind | None = typer.Option(None, "--kind", help="Treat every input as html or text instead of "
                                     "sniffing each one."),
    url: str | None = typer.Option(None, "--url", help="The page's URL, when a single input is given "
                                   "(improves the id, dates and site name)."),
    workers: int | None = typer.Option(None, "--workers", "-w", help="NLP worker processes (default: one "
                                       "per core)."),
    max_bytes: int | None = typer.Option(None, "--max-bytes", help="Largest page accepted, in bytes."),
    allow_private: bool | None = typer.Option(None, "--allow-private", help="Fetch page URLs from private, "
                                              "loopback and link-local addresses too (refused by default)."),
    event_dictionaries: Path | None = typer.Option(None, "--event-dictionaries", help="A folder of PETRARCH "
                                                   "dictionaries (verbs, actors, agents, discards) to code "
                                                   "events with instead of the built-in lexicons."),
) -> None:
    """Turn raw news pages (HTML or scraped text, files or page URLs) into records."""
    conf = settings().with_overrides(workers=workers, max_bytes=max_bytes, allow_private=allow_private,
                                     event_dictionaries=event_dictionaries)
    if conf.event_dictionaries is not None and not no_nlp:
        try:
            load_dictionaries(conf.event_dictionaries)  # a bad dictionary stops the run before any page
        except ConfigError as exc:
            typer.echo(f"newsradar: {exc.reason}", err=True)
            raise typer.Exit(2) from exc
    inputs = expand_paths(paths)
    if url and len(inputs) != 1:
        raise typer.BadParameter("--url needs exactly one input", param_hint="--url")
    fetchers: list[Fetcher] = []  # one per run, made at the first URL: it keeps rate limits and robots.txt

    def read(path: str) -> RawPage | Failure:
        if "://" in path and not path.startswith(("http://", "https://")) and not Path(path).exists():
            return Failure(path, "only http and https URLs are fetched")  # as ingest says, not "no such file"
        if not path.startswith(("http://", "https://")):
            return read_path(path, kind=kind.value if kind else None, url=url, max_bytes=conf.max_bytes)
        if not fetchers:
            fetchers.append(Fetcher(conf))
        return read_url(path, conf, fetchers[0])

    pages = (read(p) for p in inputs)
    refused = 0
    results: Iterator[Result] = run(pages, conf, nlp=not no_nlp)
    stories = StoryIndex(conf)  # one per run: the inputs' stories and duplicates, in input order
    out = sys.stdout
    records: list[dict[str, Any]] = []
    with progress_bar(len(inputs), "analysing") as ticker:
        for result in results:
            ticker.advance()
            if isinstance(result, Article):
                stories.assign(result)
            if isinstance(result, Failure):
                refused += 1
                ticker.say(f"newsradar: {result.source}: {result.reason}")
            record = result.to_dict()
            if fmt is Format.jsonl:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                out.flush()
            elif fmt is Format.pretty:
                render_pretty(record)
            else:
                records.append(record)
    if fmt is Format.json:
        doc = records[0] if len(inputs) == 1 else records
        out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    for fetcher in fetchers:
        fetcher.close()
    raise typer.Exit(1 if refused else 0)
