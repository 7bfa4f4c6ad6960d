"""PETRARCH actor, agent and discard dictionaries.

Actors (``Phoenix.Countries.actors.txt`` and the like)::

    GOLLUM                         a primary phrase, optionally with its default [code]
    +SMEAGOL                       synonyms
        [HOB < 950601]             date restrictions, first match wins: before, after, between
        [HOBGOV 19950601 - 19990815]
        [HOBREB > 990816]

Codes may list several actors (``[ELR/GAL]``); ``[---]`` is the null code. Dates are YYYYMMDD or
YYMMDD (YY below 30 is 20YY).

Agents (``Phoenix.agents.txt``): ``PHRASE {PLURALS} [~CODE]``, where ``~CODE`` is added after the
actor's code and ``CODE~`` before it; ``{}`` means no plural, an absent ``{…}`` the regular one;
``!NAME! = A, B`` defines words substituted for ``!NAME!`` in later phrases.

Discards: one phrase a line; a sentence holding it is not coded, and with a leading ``+`` the whole
story is not. A phrase ending in ``_`` must end a word; otherwise it also matches as a stem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsradar.enrich.petrtext import Phrase, bracket, content_lines, fail, phrase, read_text, with_plural

_DATE = re.compile(r"^\d{6}(\d{2})?$")
_RESTRICTION = re.compile(r"^(?P<code>\S+?)\s*(?:(?P<op>[<>])\s*(?P<d1>\d+)|(?P<a>\d+)\s*-\s*(?P<b>\d+))?$")
_SUBST = re.compile(r"!([A-Z0-9_]+)!", re.I)


@dataclass(frozen=True, slots=True)
class Restriction:
    codes: tuple[str, ...]
    start: int = 0  # YYYYMMDD, inclusive
    end: int = 99999999


@dataclass(slots=True)
class Actor:
    name: str
    line: int
    default: tuple[str, ...] | None = None
    restrictions: list[Restriction] = field(default_factory=list)

    def codes(self, date: int | None) -> tuple[str, ...]:
        """The actor's codes on ``date`` (YYYYMMDD), or its default codes when no date is known."""
        if date is not None:
            for r in self.restrictions:
                if r.start <= date <= r.end:
                    return r.codes
        unbounded = [r for r in self.restrictions if r.start == 0 and r.end == 99999999]
        if self.default is not None:
            return self.default
        return unbounded[0].codes if unbounded else ()


@dataclass(frozen=True, slots=True)
class Agent:
    code: str
    prefix: bool  # ``NGO~``: the code goes before the actor's
    line: int


@dataclass(slots=True)
class ActorDictionary:
    phrases: dict[Phrase, Actor] = field(default_factory=dict)


@dataclass(slots=True)
class AgentDictionary:
    phrases: dict[Phrase, Agent] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Discard:
    text: str  # upper case, blanks for underscores
    whole_word: bool
    story: bool


def parse_date(text: str, where: str, line: int) -> int:
    if not _DATE.match(text):
        raise fail(where, line, f"a date is YYYYMMDD or YYMMDD, got {text!r}")
    if len(text) == 6:
        yy = int(text[:2])
        text = ("20" if yy < 30 else "19") + text
    value = int(text)
    month, day = value // 100 % 100, value % 100
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise fail(where, line, f"not a date: {text!r}")
    return value


def parse_codes(text: str, where: str, line: int) -> tuple[str, ...]:
    codes = tuple(c.strip().upper() for c in text.split("/"))
    if not all(codes) or any(any(ch.isspace() for ch in c) for c in codes):
        raise fail(where, line, f"an actor code is letters without blanks (several joined by '/'), got {text!r}")
    return () if codes == ("---",) else codes


def _restriction(inside: str, where: str, line: int) -> Restriction:
    m = _RESTRICTION.match(inside)
    if not m:
        raise fail(where, line, f"a date restriction is [CODE], [CODE <DATE], [CODE >DATE] or [CODE DATE-DATE], "
                                f"got [{inside}]")
    codes = parse_codes(m["code"], where, line)
    if m["op"] == "<":
        return Restriction(codes, 0, parse_date(m["d1"], where, line))
    if m["op"] == ">":
        return Restriction(codes, parse_date(m["d1"], where, line), 99999999)
    if m["a"]:
        a, b = parse_date(m["a"], where, line), parse_date(m["b"], where, line)
        if a > b:
            raise fail(where, line, f"a date range runs forwards, got [{inside}]")
        return Restriction(codes, a, b)
    return Restriction(codes)


def _name(text: str, where: str, line: int) -> Phrase:
    p = phrase(text)
    if not p:
        raise fail(where, line, f"expected a phrase, got {text.strip()!r}")
    return p


def read_actors(path: Path, into: ActorDictionary | None = None) -> ActorDictionary:
    return parse_actors(read_text(path), str(path), into)


def parse_actors(text: str, where: str = "<actors>", into: ActorDictionary | None = None) -> ActorDictionary:
    """The actors in ``text``, added to ``into`` when given (several files make one dictionary)."""
    ad = into if into is not None else ActorDictionary()
    current: Actor | None = None
    for n, line in content_lines(text, where):
        s = line.strip()
        if not s:
            continue
        if s.startswith("["):
            if current is None:
                raise fail(where, n, "a date restriction before any actor")
            _, inside = bracket(s, where, n)
            current.restrictions.append(_restriction(inside, where, n))
        elif s.startswith("+"):
            if current is None:
                raise fail(where, n, "a synonym ('+') before any actor")
            head, inside = bracket(s[1:], where, n)
            ad.phrases[_name(head, where, n)] = current
            if inside:
                current.restrictions.append(_restriction(inside, where, n))
        else:
            head, inside = bracket(s, where, n)
            current = Actor(head.strip(), n)
            ad.phrases[_name(head, where, n)] = current
            rest = s[s.find("]") + 1:].strip() if inside else ""
            if inside:
                current.default = parse_codes(inside, where, n)
            for extra in re.findall(r"\[([^\]]*)\]", rest):
                current.restrictions.append(_restriction(extra.strip(), where, n))
    return ad


def read_agents(path: Path, into: AgentDictionary | None = None) -> AgentDictionary:
    return parse_agents(read_text(path), str(path), into)


def parse_agents(text: str, where: str = "<agents>", into: AgentDictionary | None = None) -> AgentDictionary:
    ag = into if into is not None else AgentDictionary()
    subst: dict[str, list[str]] = {}
    for n, line in content_lines(text, where):
        s = line.strip()
        if not s:
            continue
        if s.startswith("!") and "=" in s:
            marker, _, values = s.partition("=")
            name = marker.strip().strip("!").upper()
            if not name or not _SUBST.fullmatch(marker.strip()):
                raise fail(where, n, f"a substitution is !NAME! = A, B, …, got {s!r}")
            subst[name] = [v.strip() for v in values.split(",") if v.strip()]
            continue
        head, inside = bracket(s, where, n)
        if not inside:
            raise fail(where, n, f"an agent needs its [~CODE] or [CODE~], got {s!r}")
        code = inside.replace(" ", "")
        if code.count("~") != 1 or code.strip("~") == "" or "~" not in (code[0], code[-1]):
            raise fail(where, n, f"an agent code has one '~', first (added after the actor) or last (before), "
                                 f"got [{inside}]")
        agent = Agent(code.strip("~").upper(), code.endswith("~"), n)
        word, brace, rest = head.partition("{")
        plurals: list[str] | None = None
        if brace:
            inside_b, close, _ = rest.partition("}")
            if not close:
                raise fail(where, n, "a '{' without its '}'")
            plurals = inside_b.split()
        for form in _substituted(word.strip(), subst, where, n):
            p = _name(form, where, n)
            ag.phrases[p] = agent
            has_marker = _SUBST.search(word) is not None
            if plurals is None and not has_marker:
                ag.phrases[with_plural(p)] = agent
        for form in plurals or []:
            for f in _substituted(form, subst, where, n):
                ag.phrases[_name(f, where, n)] = agent
    return ag


def _substituted(text: str, subst: dict[str, list[str]], where: str, line: int, depth: int = 0) -> list[str]:
    m = _SUBST.search(text)
    if m is None:
        return [text]
    if depth > 4:
        raise fail(where, line, f"substitutions nested too deeply in {text!r}")
    values = subst.get(m.group(1).upper())
    if values is None:
        raise fail(where, line, f"!{m.group(1)}! is used before it is defined (!{m.group(1)}! = A, B, …)")
    out = []
    for v in values:
        out += _substituted(text[:m.start()] + v + text[m.end():], subst, where, line, depth + 1)
    return out


def read_discards(path: Path) -> list[Discard]:
    return parse_discards(read_text(path), str(path))


def parse_discards(text: str, where: str = "<discards>") -> list[Discard]:
    out = []
    for n, line in content_lines(text, where):
        s = line.strip()
        if not s:
            continue
        story = s.startswith("+")
        body = s[1:].strip() if story else s
        if not body:
            raise fail(where, n, "a discard line needs a phrase")
        out.append(Discard(" ".join(body.replace("_", " ").upper().split()), body.endswith("_"), story))
    return out
