"""PLOVER gold-standard records, run through newsradar's event coder and scored.

A record (the PLOVER project's ``PLOVER_GSR_*.json`` format) is one sentence (``text``), the words
that state its event (``eventText``), the event's PLOVER type (``event``) and its ``source`` and
``target`` actors with their country codes. Older records name types PLOVER has since renamed;
they are read under the names of the 2021 PLOVER manual that ``cameo.tsv`` follows (DEMAND is now
REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is ASSAULT).

Scoring, per record: newsradar codes the sentence (parse, entities, quotes, events, exactly as for an
article) and its event for the record is the first one whose trigger word is among the words of
``eventText``, else the first one it coded. **Type accuracy** is the share of records whose event
has the gold PLOVER type. **Actor country accuracy** is the share of gold actor slots (the source of
every record, the target of those that name one) where that event's actor on the same side has
the country (first three letters of its code: ``IRQ`` of IRQGOV, ``IGO`` of IGOUNO) of one of the
gold actors. A record where newsradar codes no event counts as wrong on every figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsradar.enrich.coref import Resolver
from newsradar.enrich.entities import resolve
from newsradar.enrich.eventlex import load_events
from newsradar.enrich.events import anchored_events
from newsradar.enrich.lexicons import load
from newsradar.enrich.places import gazetteer
from newsradar.enrich.quotes import find_quotes
from newsradar.errors import ConfigError
from newsradar.record import Event
from newsradar.settings import Settings

RENAMED = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


@dataclass(frozen=True, slots=True)
class PloverRecord:
    id: str
    text: str
    event: str
    event_words: frozenset[str]
    sources: frozenset[str]  # country parts of the gold source codes
    targets: frozenset[str]


@dataclass(slots=True)
class PloverOutcome:
    record: PloverRecord
    event: Event | None

    @property
    def type_ok(self) -> bool:
        return self.event is not None and self.event.plover == self.record.event

    def side_ok(self, side: str) -> bool:
        if self.event is None:
            return False
        actor = self.event.source if side == "source" else self.event.target
        gold = self.record.sources if side == "source" else self.record.targets
        return bool(actor.code) and (actor.code or "")[:3].upper() in gold


@dataclass(slots=True)
class PloverScore:
    outcomes: list[PloverOutcome]

    @property
    def type_accuracy(self) -> float:
        return sum(o.type_ok for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def _slots(self, sides: tuple[str, ...]) -> tuple[int, int]:
        ok = total = 0
        for o in self.outcomes:
            for side in sides:
                if side == "target" and not o.record.targets:
                    continue
                total += 1
                ok += o.side_ok(side)
        return ok, total

    @property
    def country_accuracy(self) -> float:
        ok, total = self._slots(("source", "target"))
        return ok / total if total else 0.0

    @property
    def source_accuracy(self) -> float:
        ok, total = self._slots(("source",))
        return ok / total if total else 0.0

    @property
    def target_accuracy(self) -> float:
        ok, total = self._slots(("target",))
        return ok / total if total else 0.0

    @property
    def no_event(self) -> int:
        return sum(o.event is None for o in self.outcomes)


def _countries(actors: Any) -> frozenset[str]:
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(str(a.get("code") or "")[:3].upper() for a in actors if isinstance(a, dict) and a.get("code"))


def read_plover(path: Path) -> list[PloverRecord]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read PLOVER records {path}: {exc}") from exc
    out = []
    for r in data if isinstance(data, list) else []:
        event = str(r.get("event") or "").upper()
        words = frozenset(w.lower() for w in re.findall(r"[A-Za-z]+", str(r.get("eventText") or "")))
        out.append(PloverRecord(str(r.get("id")), str(r.get("text") or "").strip(), RENAMED.get(event, event),
                                words, _countries(r.get("source")), _countries(r.get("target"))))
    return out


def record_events(doc: Any, settings: Settings) -> list[tuple[Event, Any]]:
    """The events newsradar codes in ``doc``, each with its trigger token, as ``enrich`` codes them."""
    lex = load(settings.lexicon_dir)
    index = resolve(doc, lex, gazetteer(settings.lexicon_dir))
    resolver = Resolver(doc, index)
    quotes = find_quotes(doc, resolver, lex)
    return anchored_events(doc, index, resolver, lex, load_events(settings.lexicon_dir), quotes)


def pick(events: list[tuple[Event, Any]], words: frozenset[str]) -> Event | None:
    """The record's event: the first whose trigger is one of ``words``, else the first."""
    for ev, anchor in events:
        if anchor.lower_ in words or anchor.lemma_.lower() in words:
            return ev
    return events[0][0] if events else None


def run_plover(records: list[PloverRecord], nlp: Any, settings: Settings | None = None) -> PloverScore:
    settings = settings or Settings()
    outcomes = []
    for rec, doc in zip(records, nlp.pipe(r.text for r in records), strict=True):
        outcomes.append(PloverOutcome(rec, pick(record_events(doc, settings), rec.event_words)))
    return PloverScore(outcomes)
