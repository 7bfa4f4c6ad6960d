"""The enrich stage: a parsed article → its entities, places, quotes, claims, events and tone.

Each step is a function of the spaCy ``Doc`` of ``article.text`` and of what earlier steps found:
entities first (everything else refers to them), then quotes (claims and events inside a quote
belong to its speaker), then claims, events and tone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newsradar.enrich.claims import find_claims
from newsradar.enrich.coref import Resolver
from newsradar.enrich.entities import resolve
from newsradar.enrich.eventlex import load_events
from newsradar.enrich.events import code_events
from newsradar.enrich.lexcheck import SCHEMAS
from newsradar.enrich.lexicons import check_folder, load, rows
from newsradar.enrich.petrdict import load_dictionaries
from newsradar.enrich.places import aux_places, gazetteer
from newsradar.enrich.quotes import find_quotes
from newsradar.enrich.tone import document_tone, valences
from newsradar.extract.lexicon import chrome_category
from newsradar.record import Article
from newsradar.settings import Settings


def read_user_files(settings: Settings) -> None:
    """Read every lexicon, dictionary and chrome file the settings name, now, in this process: a
    malformed one then stops the command before its first page with a ConfigError naming the file.
    Read lazily by the first page instead, it failed or emptied every page, and what a watcher had
    refused or stored without its facts stayed so after the file was mended."""
    if settings.lexicon_dir is not None:
        check_folder(Path(settings.lexicon_dir))
    # every file, not only those a loader has read by now: the gazetteer's take seconds to build
    for name in SCHEMAS:
        rows(name, settings.lexicon_dir)
    load(settings.lexicon_dir)
    load_events(settings.lexicon_dir)  # codes and classes one file names and another defines
    valences(settings.lexicon_dir)
    if settings.event_dictionaries:
        load_dictionaries(settings.event_dictionaries)
    if settings.chrome_file is not None:
        chrome_category("", settings.chrome_file)


def enrich(article: Article, doc: Any, settings: Settings | None = None, aux: Any = None) -> Article:
    """Fill the article's facts from ``doc``, the spaCy parse of ``article.text``; ``aux`` (named
    entities of the headline and captions) adds the places named only there to ``locations``."""
    settings = settings or Settings()
    lex = load(settings.lexicon_dir)
    gaz = gazetteer(settings.lexicon_dir)
    index = resolve(doc, lex, gaz)
    article.entities = index.entities
    places = index.locations + (aux_places(aux, index.locations, gaz) if aux is not None else [])
    article.locations = sorted(places, key=lambda loc: -loc.mentions)
    resolver = Resolver(doc, index)
    article.quotes = find_quotes(doc, resolver, lex)
    article.claims = find_claims(doc, resolver, article.quotes, settings.lexicon_dir)
    dicts = load_dictionaries(settings.event_dictionaries) if settings.event_dictionaries else None
    article.events = code_events(doc, index, resolver, lex, load_events(settings.lexicon_dir), article.quotes,
                                 dicts, _date(article))
    article.tone = document_tone(doc, settings.lexicon_dir)
    return article


def _date(article: Article) -> int:
    """The article's date as YYYYMMDD, for actors whose codes change over time; today when unknown."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", article.published.value) if article.published else None
    return int("".join(m.groups())) if m else int(datetime.now(UTC).strftime("%Y%m%d"))
