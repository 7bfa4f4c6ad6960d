"""The event coder's lexicons: CAMEO codes, verb and noun patterns, light verbs, aid classes.

All are tab-separated data files in ``enrich/data`` (see the header of each), extended or overridden
by files of the same name in the user's lexicon folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from newsradar.enrich.lexicons import rows
from newsradar.errors import ConfigError


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    plover: str | None
    goldstein: float
    description: str

    @property
    def quad_class(self) -> int:
        root = int(self.code[:2])
        return 1 if root <= 5 else 2 if root <= 9 else 3 if root <= 14 else 4


@dataclass(frozen=True, slots=True)
class VerbPattern:
    verb: str
    objects: frozenset[str] | None
    targets: tuple[str, ...]
    reverse: bool
    code: str
    required: bool = False  # no target, no event ("met its objective" meets nobody)


@dataclass(frozen=True, slots=True)
class NounPattern:
    noun: str
    targets: tuple[str, ...]
    code: str
    sectors: frozenset[str] | None = None  # the row applies only to sources of these sectors
    required: bool = False  # no target, no event ("a visit to a field office" visits nobody)


@dataclass(slots=True)
class EventLexicon:
    cameo: dict[str, CameoCode] = field(default_factory=dict)
    verbs: dict[str, list[VerbPattern]] = field(default_factory=dict)
    nouns: dict[str, list[NounPattern]] = field(default_factory=dict)
    light_verbs: set[str] = field(default_factory=set)
    aid: dict[str, str] = field(default_factory=dict)
    refine: dict[tuple[str, str], str] = field(default_factory=dict)
    # made from ``verbs`` and ``nouns`` on first use (the lexicons are not changed once loaded)
    _verb_leads: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _noun_tails: frozenset[str] | None = field(default=None, repr=False, compare=False)

    def code(self, code: str) -> CameoCode | None:
        """The table entry for ``code``, else for its three-digit parent."""
        return self.cameo.get(code) or self.cameo.get(code[:3])

    def verb_leads(self) -> frozenset[str]:
        """What a verb pattern of several words begins with, up to each space ("call" of "call off"):
        a verb whose lemma is neither a pattern nor one of these matches none."""
        if self._verb_leads is None:
            self._verb_leads = frozenset(k[:at] for k in self.verbs for at, ch in enumerate(k) if ch == " ")
        return self._verb_leads

    def noun_tails(self) -> frozenset[str]:
        """What an event noun of several words ends with, after each space ("strike" of "hunger
        strike"): a noun whose lemma is neither an event noun nor one of these heads none."""
        if self._noun_tails is None:
            self._noun_tails = frozenset(k[at + 1:] for k in self.nouns for at, ch in enumerate(k) if ch == " ")
        return self._noun_tails


# what "@aid" in verbs.tsv accepts besides the words of aid.tsv, which name its kinds
_AID_NOUNS = frozenset({"aid", "help", "assistance", "support", "supply", "relief", "intelligence", "material",
                        "materiel", "grant", "donation", "loan", "shipment"})


def _check_code(code: str, where: str, known: dict[str, CameoCode]) -> str:
    base = code.rstrip("*")
    if base not in known and base[:3] not in known:
        raise ConfigError(f"{where}: the CAMEO code {code!r} is not in the code table (cameo.tsv)")
    return code


@cache
def load_events(user_dir: Path | None = None) -> EventLexicon:
    lex = EventLexicon()
    for cols in rows("cameo.tsv", user_dir):
        code = cols[0]
        lex.cameo[code] = CameoCode(code, cols[1].upper() or None, float(cols[2]), cols[3] if len(cols) > 3 else "")
    lex.aid = {cols[0].lower(): cols[1].lower() for cols in rows("aid.tsv", user_dir)}
    for cols in rows("verbs.tsv", user_dir):
        verb, objects, target, code = cols[:4]
        required = target.startswith("!")
        target = target.lstrip("!")
        reverse = target.startswith("<")
        pattern = VerbPattern(
            verb=verb.lower(),
            objects=None if objects == "-" else frozenset(lex.aid) | _AID_NOUNS if objects == "@aid"
            else frozenset(o.strip().lower() for o in objects.split("|")),
            targets=() if target in ("-", "") else tuple(t.strip() for t in target.lstrip("<").split("|")),
            reverse=reverse,
            code=_check_code(code, cols.where, lex.cameo),
            required=required,
        )
        lex.verbs.setdefault(pattern.verb, []).append(pattern)
    for cols in rows("nouns.tsv", user_dir):
        noun, target, code = cols[:3]
        sectors = frozenset(x.strip().upper() for x in cols[3].split("|")) if len(cols) > 3 and cols[3] else None
        lex.nouns.setdefault(noun.lower(), []).append(
            NounPattern(noun.lower(), tuple(t for t in target.lstrip("!").split("|") if t not in ("-", "")),
                        _check_code(code, cols.where, lex.cameo), sectors, target.startswith("!")))
    lex.light_verbs = {cols[0].lower() for cols in rows("light_verbs.tsv", user_dir)}
    classes = set(lex.aid.values())
    for cols in rows("refine.tsv", user_dir):
        code, cls, refined = cols[0], cols[1].lower(), _check_code(cols[2], cols.where, lex.cameo)
        if cls not in classes:
            # a class no aid.tsv word gives would never refine anything
            raise ConfigError(f"{cols.where}: the class {cls!r} is not one aid.tsv gives "
                              f"({', '.join(sorted(classes))})")
        lex.refine[(_check_code(code, cols.where, lex.cameo), cls)] = refined
    return lex
