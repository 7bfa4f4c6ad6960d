"""An analyst's PETRARCH dictionaries, loaded from one folder.

The folder (setting ``event_dictionaries``) holds PETRARCH files, recognised by name as PETRARCH's
own files are named: ``*verbs*`` (exactly one: the verb dictionary), ``*actors*`` (any number, read
in name order into one actor dictionary, as PETRARCH reads its list of actor files), ``*agents*`` and
``*discards*`` (at most one each); hidden files and backups (``*.bak``, ``*~``, …) are not read.
``docs/events.md`` describes the formats.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TypeVar

from newsradar.enrich.petractors import (
    Actor,
    ActorDictionary,
    Agent,
    AgentDictionary,
    Discard,
    read_actors,
    read_agents,
    read_discards,
)
from newsradar.enrich.petrtext import Phrase
from newsradar.enrich.petrverbs import VerbDictionary, read_verbs
from newsradar.errors import ConfigError


@dataclass(slots=True)
class Dictionaries:
    verbs: VerbDictionary
    actors: ActorDictionary = field(default_factory=ActorDictionary)
    agents: AgentDictionary = field(default_factory=AgentDictionary)
    discards: list[Discard] = field(default_factory=list)
    # phrases by first word, longest first: the matcher's index
    actor_index: dict[str, list[tuple[Phrase, Actor]]] = field(default_factory=dict)
    agent_index: dict[str, list[tuple[Phrase, Agent]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.actor_index = _index(self.actors.phrases)
        self.agent_index = _index(self.agents.phrases)


V = TypeVar("V")

log = logging.getLogger(__name__)
#: how many of a verb dictionary's notes are logged one by one before the rest are counted
SHOWN_NOTES = 5


def _index(phrases: Mapping[Phrase, V]) -> dict[str, list[tuple[Phrase, V]]]:
    out: dict[str, list[tuple[Phrase, V]]] = defaultdict(list)
    for p, value in phrases.items():
        out[p[0].text].append((p, value))
    for entries in out.values():
        entries.sort(key=lambda e: -len(e[0]))
    return dict(out)


# Editors' and tools' leftovers beside the dictionaries: a swap or backup of the verbs file made
# "exactly one verb dictionary" fail, and an old copy of an actors file was read as a second one.
_LEFTOVER = (".bak", ".orig", ".old", ".swp", ".swo", ".tmp", "~", "#")


def _pick(folder: Path, word: str) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and word in p.name.lower()
                  and not p.name.startswith(".") and not p.name.lower().endswith(_LEFTOVER))


def from_files(verbs: Path, actors: list[Path], agents: Path | None = None,
               discards: Path | None = None) -> Dictionaries:
    vd = read_verbs(verbs)
    ad = ActorDictionary()
    for path in actors:
        read_actors(path, ad)
    ag = read_agents(agents) if agents else AgentDictionary()
    dc = read_discards(discards) if discards else []
    return Dictionaries(vd, ad, ag, dc)


@cache
def load_dictionaries(folder: Path) -> Dictionaries:
    """The dictionaries in ``folder``; :class:`ConfigError` says what is missing or malformed."""
    if not folder.is_dir():
        raise ConfigError(f"event_dictionaries: {folder} is not a folder of PETRARCH dictionaries")
    verbs = _pick(folder, "verb")
    if len(verbs) != 1:
        found = ", ".join(p.name for p in verbs) or "none"
        raise ConfigError(f"event_dictionaries: {folder} must hold exactly one verb dictionary (a file named "
                          f"*verbs*), found {found}")
    actors = _pick(folder, "actor")
    agents, discards = _pick(folder, "agent"), _pick(folder, "discard")
    for kind, files in (("agent", agents), ("discard", discards)):
        if len(files) > 1:
            raise ConfigError(f"event_dictionaries: {folder} holds several {kind} dictionaries: "
                              f"{', '.join(p.name for p in files)}")
    loaded = from_files(verbs[0], actors, agents[0] if agents else None, discards[0] if discards else None)
    notes = loaded.verbs.skipped + loaded.verbs.notes
    for note in notes[:SHOWN_NOTES]:
        log.warning("%s", note)
    if len(notes) > SHOWN_NOTES:
        log.warning("%s: and %d more such lines", verbs[0], len(notes) - SHOWN_NOTES)
    return loaded
