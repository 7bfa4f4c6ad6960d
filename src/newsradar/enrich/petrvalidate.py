"""PETRARCH validation files: sentences with the events a coder must find, run through newsradar.

A validation file (PETRARCH's ``PETR.UnitTest.records.xml`` format) names its dictionaries in
``<Environment>`` and holds ``<Sentence>`` records, each with ``<EventCoding sourcecode= targetcode=
eventcode=>`` lines (or ``noevents``, or an expected ``error``), between which ``<Config>`` lines
change coding options for the records that follow. Only the categories listed in ``<Include>`` are
run, as PETRARCH runs them, and records marked ``evaluate="false"`` are skipped. Each sentence goes
through newsradar's own path: the spaCy parse of its text and the dictionary coder; the parse stored
in the file is not used, so records that test the reading of malformed parses
(``error="bad_input_parse"``) do not apply and are left out.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from newsradar.enrich.petrcoder import Options, code_sentences
from newsradar.enrich.petrdict import Dictionaries, from_files
from newsradar.errors import ConfigError

Triple = tuple[str, str, str]  # source code, target code ("---" for none), event code
_OPTIONS = {"require_dyad": "require_dyad", "new_actor_length": "new_actor_length"}


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    category: str
    date: int | None
    text: str
    expected: tuple[Triple, ...]
    options: Options
    error: str | None = None


@dataclass(slots=True)
class Suite:
    dictionaries: Dictionaries
    records: list[Record]
    ignored_options: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Outcome:
    record: Record
    produced: tuple[Triple, ...]

    @property
    def matched(self) -> int:
        return sum((Counter(self.produced) & Counter(self.record.expected)).values())


@dataclass(slots=True)
class Score:
    outcomes: list[Outcome]

    @property
    def expected(self) -> int:
        return sum(len(o.record.expected) for o in self.outcomes)

    @property
    def produced(self) -> int:
        return sum(len(o.produced) for o in self.outcomes)

    @property
    def matched(self) -> int:
        return sum(o.matched for o in self.outcomes)

    @property
    def recall(self) -> float:
        """Share of the expected events coded with the exact event, source and target codes."""
        return self.matched / self.expected if self.expected else 0.0

    @property
    def extra(self) -> float:
        """Share of the coded events that no record expects."""
        return (self.produced - self.matched) / self.produced if self.produced else 0.0


def _bool(value: str) -> bool:
    return value.strip().lower() in ("true", "1", "yes")


_ELEMENT = re.compile(r"<Config\b[^>]*>|<Sentence\b[^>]*\bid\s*=[^>]*>.*?</Sentence>", re.S)


def _element(text: str, path: Path) -> Any:
    try:
        return ET.fromstring(text)
    except ET.ParseError as exc:
        raise ConfigError(f"{path}: cannot read {text[:60]!r}…: {exc}") from exc


def read_suite(path: Path) -> Suite:
    """The records and dictionaries of validation file ``path`` (dictionaries beside it).

    PETRARCH reads these files leniently (its own files nest comments, which XML forbids), so each
    ``<Environment>``, ``<Config>`` and ``<Sentence>`` element is read on its own."""
    try:
        raw = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ConfigError(f"cannot read validation file {path}: {exc.strerror or exc}") from exc
    text = re.sub(r"<!--.*?-->", "", raw, flags=re.S)
    text = re.sub(r"<PLEvent\b[^\n]*", "", text)  # UD-PETRARCH's PLOVER notes are not XML
    env_text = re.search(r"<Environment>.*?</Environment>", text, re.S)
    if env_text is None:
        raise ConfigError(f"{path}: no <Environment> naming the dictionaries")
    env = _element(env_text.group(0), path)

    def named(tag: str) -> list[Path]:
        node = env.find(tag)
        return [path.parent / n.strip() for n in (node.text or "").split(",") if n.strip()] if node is not None else []

    verbs, actors = named("Verbfile"), named("Actorfile")
    if len(verbs) != 1 or not actors:
        raise ConfigError(f"{path}: <Environment> must name one <Verbfile> and an <Actorfile>")
    agents, discards = named("Agentfile"), named("Discardfile")
    dicts = from_files(verbs[0], actors, agents[0] if agents else None, discards[0] if discards else None)
    include_node = env.find("Include")
    include = set((include_node.text or "").split()) if include_node is not None else None
    suite = Suite(dicts, [])
    options = Options()
    for m in _ELEMENT.finditer(text, env_text.end()):
        if m.group(0).startswith("<Config"):
            node = _element(m.group(0).rstrip(">").rstrip("/") + "/>", path)
            name, value = node.get("option", ""), node.get("value", "")
            if name == "require_dyad":
                options = replace(options, require_dyad=_bool(value))
            elif name == "new_actor_length":
                options = replace(options, new_actor_length=int(value) if value.strip().isdigit() else 0)
            else:
                suite.ignored_options.add(name)
            continue
        node = _element(m.group(0), path)
        if (include is not None and node.get("category", "") not in include) \
                or node.get("evaluate", "true").strip().lower() == "false":
            continue
        rec = _record(node, options)
        if rec is not None:
            suite.records.append(rec)
    return suite


def _record(node: Any, options: Options) -> Record | None:
    text = " ".join((node.findtext("Text") or "").split())
    expected: list[Triple] = []
    error = None
    for ev in node.findall("EventCoding"):
        if ev.get("error"):
            error = ev.get("error")
        elif ev.get("eventcode"):
            expected.append((ev.get("sourcecode", "---"), ev.get("targetcode", "---"), ev.get("eventcode", "")))
    if error == "bad_input_parse" or not text:
        return None
    date = node.get("date", "").strip()
    return Record(node.get("id", ""), node.get("category", ""), int(date) if date.isdigit() else None, text,
                  tuple(expected), options, error)


def run_suite(suite: Suite, nlp: Any, records: Iterable[Record] | None = None) -> Score:
    """Code every record's text with newsradar and compare with what the record expects."""
    recs = list(records if records is not None else suite.records)
    outcomes = []
    for rec, doc in zip(recs, nlp.pipe(r.text for r in recs), strict=True):
        coded = code_sentences(doc, suite.dictionaries, rec.date, rec.options)
        produced = tuple((c.source.code, c.target.code if c.target else "---", c.code) for c in coded)
        outcomes.append(Outcome(rec, produced))
    return Score(outcomes)
