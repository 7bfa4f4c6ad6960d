"""PETRARCH verb dictionaries: synonym sets, verb blocks and their patterns.

Both dialects read the same way: PETRARCH-1 / TABARI validation files (``- SAID * TO ATTEND [082]``)
and PETRARCH-2's CAMEO dictionary (``- * (TO {BANNED PARTIES}) $ [1722]``, whose ``{…}`` and ``(…)``
groups are read as plain word sequences). A file is

* synonym sets: ``&NAME`` followed by ``+phrase`` lines (a phrase may name another set);
* verb blocks: a header ``--- NAME [code] ---``, verb lines (``GIVE {GAVE GIVEN} [070]``; a
  multi-word verb marks its verb word with ``+``: ``WIRE_+TAP``, ``+CORDON_OFF``) and pattern lines
  ``- words * words [code]``, where ``*`` stands for the verb, ``+`` for the target, ``$`` for the
  source, ``%`` for a compound actor (its members act on each other), ``^`` skips a noun phrase,
  ``&NAME`` is any phrase of a synonym set and ``_`` joins words that must be consecutive.

A code ``[a:b]`` codes ``a`` from source to target and ``b`` back from target to source; ``---`` is
the null code (no event). Problems a reader can recover from (a pattern naming a synonym set that
is never defined, a pattern with no ``*``) are skipped and listed in ``VerbDictionary.skipped``, as
PETRARCH does; a line that cannot be understood raises :class:`ConfigError` with its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsradar.enrich.petrtext import bracket, content_lines, fail, plural, read_text, split_word
from newsradar.errors import ConfigError

SLOTS = {"$": "source", "+": "target", "%": "compound", "^": "skip"}
_GROUPING = str.maketrans("", "", "{}()")
_MAX_SYNSET_DEPTH = 8
# a CAMEO code: a root 01-20 and up to two more digits; PETRARCH's own test files use others ("174L")
_CAMEO = re.compile(r"(0[1-9]|1\d|20)\d{0,2}")


@dataclass(frozen=True, slots=True)
class Element:
    """One element of a pattern: a word, a synonym set, or a slot (source, target, compound, skip)."""

    kind: str
    text: str = ""
    joined: bool = False  # must follow the element before it (or the verb) immediately


@dataclass(frozen=True, slots=True)
class Pattern:
    before: tuple[Element, ...]  # in text order; the last one is nearest the verb
    after: tuple[Element, ...]
    code: str | None
    back_code: str | None
    verb_joined: bool  # the verb follows the last ``before`` element immediately
    line: int

    @property
    def weight(self) -> int:
        """How specific the pattern is: its number of elements."""
        return len(self.before) + len(self.after)


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A surface form of a verb, with the words a multi-word verb needs right before and after it."""

    verb: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str | None
    back_code: str | None
    block: int


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str | None
    back_code: str | None
    line: int
    patterns: list[Pattern] = field(default_factory=list)


@dataclass(slots=True)
class VerbDictionary:
    synsets: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    forms: dict[str, list[VerbForm]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    # kept, but worth telling: codes that are not CAMEO codes (a typo in a hand-kept file)
    notes: list[str] = field(default_factory=list)

    def note_codes(self, codes: tuple[str | None, str | None], where: str, line: int) -> None:
        for code in codes:
            if code is not None and not _CAMEO.fullmatch(code):
                self.notes.append(f"{where}:{line}: [{code}] is not a CAMEO code; its events carry no PLOVER "
                                  "type, QuadClass or Goldstein weight")

    def patterns_for(self, forms: list[VerbForm]) -> list[Pattern]:
        """The patterns of the blocks of ``forms``, most specific first, then in file order."""
        seen: set[int] = set()
        out: list[Pattern] = []
        for f in forms:
            if f.block not in seen:
                seen.add(f.block)
                out += self.blocks[f.block].patterns
        return sorted(out, key=lambda p: (-p.weight, p.line))


def parse_code(text: str, where: str, line: int) -> tuple[str | None, str | None]:
    """``"042:043"`` → ``("042", "043")``; the null code ``---`` → ``None``."""
    if not text:
        raise fail(where, line, "empty code '[]'")
    if any(c.isspace() for c in text):
        raise fail(where, line, f"a code has no blanks, got [{text}]")
    main, _, back = text.partition(":")

    def one(c: str) -> str | None:
        return None if c in ("", "---") else c

    return one(main), one(back)


def _regular_forms(verb: str) -> list[str]:
    """The forms PETRARCH generates for a regular English verb."""
    if verb.endswith(("S", "SH", "CH", "X", "Z", "O")):
        third = verb + "ES"
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in "AEIOU":
        third = verb[:-1] + "IES"
    else:
        third = verb + "S"
    if verb.endswith("E"):
        past, ing = verb + "D", (verb[:-1] if not verb.endswith(("EE", "YE", "OE")) else verb) + "ING"
    elif verb.endswith("Y") and len(verb) > 1 and verb[-2] not in "AEIOU":
        past, ing = verb[:-1] + "IED", verb + "ING"
    else:
        past, ing = verb + "ED", verb + "ING"
    return [verb, third, past, ing]


def _form_words(text: str, where: str, line: int) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """``"WIRE_+TAP"`` → ``(("WIRE",), "TAP", ())``: the words before the verb word, it, and after."""
    pieces = [p for chunk in text.split() for p in chunk.split("_") if p]
    marked = [i for i, p in enumerate(pieces) if p.startswith("+")]
    at = marked[0] if marked else 0
    words: list[list[str]] = [split_word(p.lstrip("+")) for p in pieces]
    if not words or not words[at]:
        raise fail(where, line, f"a verb line needs a verb, got {text.strip()!r}")
    before = [w for ws in words[:at] for w in ws] + words[at][:-1]
    after = [w for ws in words[at + 1:] for w in ws]
    return tuple(before), words[at][-1], tuple(after)


def _verb_line(vd: VerbDictionary, text: str, block: int, where: str, line: int) -> None:
    head, brace, rest = text.partition("{")
    irregular: list[str] = []
    if brace:
        inside, close, rest = rest.partition("}")
        if not close:
            raise fail(where, line, "a '{' without its '}'")
        irregular = inside.split()
    if "[" in head:
        head, code_text = bracket(head, where, line)
    else:
        _, code_text = bracket(rest, where, line)
    own = parse_code(code_text, where, line) if code_text else None
    if own is not None:
        vd.note_codes(own, where, line)
    b = vd.blocks[block]
    code, back = own if own is not None else (b.code, b.back_code)
    before, verb, after = _form_words(head, where, line)
    phrases = [(before, verb, after)]
    if irregular:
        phrases += [_form_words(f, where, line) for f in irregular]
    else:
        phrases += [(before, form, after) for form in _regular_forms(verb)[1:]]
    for pre, word, post in phrases:
        vd.forms.setdefault(word, []).append(VerbForm(word, pre, post, code, back, block))


def _elements(body: str, where: str, line: int, names: set[str]) -> tuple[list[Element], int, bool]:
    """The elements of a pattern body, the index of the verb among them and whether it is joined.
    A synonym set's name may hold underscores (``&FIGHT_OF_WORDS``); the longest defined name wins,
    the rest joins words (``&NEGATVAUXVRB_EVER`` is the set then "EVER")."""
    out: list[Element] = []
    verb_at, verb_joined = -1, False
    carry = False  # the chunk before ended with "_"
    for chunk in body.translate(_GROUPING).split():
        pieces = chunk.split("_")
        i = 0
        while i < len(pieces):
            piece = pieces[i]
            joined = carry or i > 0
            if not piece:
                i += 1
                continue
            carry = False
            if piece.startswith("&"):
                end = next((j for j in range(len(pieces), i, -1)
                            if "_".join(pieces[i:j])[1:].upper() in names), i + 1)
                out.append(Element("synset", "_".join(pieces[i:end])[1:].rstrip("_").upper(), joined))
                i = end
                continue
            if piece in ("*", "**"):
                if verb_at >= 0:
                    raise fail(where, line, "a pattern has one '*' (the verb)")
                verb_at, verb_joined = len(out), joined
            elif piece in SLOTS:
                out.append(Element(SLOTS[piece], joined=joined))
            else:
                for j, w in enumerate(split_word(piece)):
                    out.append(Element("word", w, joined or j > 0))
            i += 1
        carry = chunk.endswith("_")
    return out, verb_at, verb_joined


def _pattern(vd: VerbDictionary, text: str, where: str, line: int, names: set[str]) -> Pattern | None:
    body = text.lstrip()[1:]
    start = body.rfind("[")
    if start < 0 or "]" not in body[start:]:
        raise fail(where, line, f"a pattern ends with its code in brackets, got {text.strip()!r}")
    code_text = body[start + 1:body.index("]", start)].strip()
    code, back = parse_code(code_text, where, line)
    if not any(c.isalnum() for c in code_text) and code_text != "---":
        vd.skipped.append(f"{where}:{line}: TABARI control code [{code_text}] is not an event code; pattern skipped")
        return None
    elements, verb_at, verb_joined = _elements(body[:start], where, line, names)
    if verb_at < 0:
        vd.skipped.append(f"{where}:{line}: pattern without '*' skipped")
        return None
    vd.note_codes((code, back), where, line)
    return Pattern(tuple(elements[:verb_at]), tuple(elements[verb_at:]), code, back, verb_joined, line)


def _expand(vd: VerbDictionary, raw: dict[str, list[tuple[str, int]]], name: str, where: str,
            depth: int = 0) -> list[tuple[str, ...]]:
    """The phrases of synset ``name``, nested synsets expanded, regular plurals added."""
    if depth > _MAX_SYNSET_DEPTH:
        raise fail(where, raw[name][0][1] if raw.get(name) else 0, f"synonym set &{name} contains itself")
    out: list[tuple[str, ...]] = []
    for member, line in raw.get(name, []):
        text = member.translate(_GROUPING).strip()
        if text.startswith("&"):
            inner = text[1:].rstrip("_").upper()
            if inner not in raw:
                vd.skipped.append(f"{where}:{line}: unknown synonym set &{inner} in &{name}")
                continue
            out += _expand(vd, raw, inner, where, depth + 1)
            continue
        words = tuple(w for part in text.replace("_", " ").split() for w in split_word(part))
        if not words:
            continue
        out.append(words)
        if not text.endswith("_"):
            out.append((*words[:-1], plural(words[-1])))
    return out


def read_verbs(path: Path) -> VerbDictionary:
    """The verb dictionary in ``path``."""
    return parse_verbs(read_text(path), str(path))


def parse_verbs(text: str, where: str = "<verbs>") -> VerbDictionary:
    vd = VerbDictionary()
    raw_sets: dict[str, list[tuple[str, int]]] = {}
    no_plural: set[str] = set()
    synset: str | None = None
    block: int | None = None
    lines = list(content_lines(text, where))
    names = {ln.strip().split()[0][1:].rstrip("_").upper() for _, ln in lines if ln.strip().startswith("&")}
    for n, line in lines:
        s = line.strip()
        if not s:
            synset = None
            continue
        if s.startswith("---"):
            inner = s.strip("-").strip()
            name, code_text = bracket(inner, where, n)
            code, back = parse_code(code_text, where, n) if "[" in inner else (None, None)
            vd.note_codes((code, back), where, n)
            vd.blocks.append(VerbBlock(name.strip() or f"block {len(vd.blocks) + 1}", code, back, n))
            block, synset = len(vd.blocks) - 1, None
        elif s.startswith("&"):
            label = s.split()[0][1:]
            if not label.rstrip("_"):
                raise fail(where, n, "a synonym set needs a name after '&'")
            synset = label.rstrip("_").upper()
            if label.endswith("_"):
                no_plural.add(synset)
            raw_sets.setdefault(synset, [])
            block = None
        elif s.startswith("+") and synset is not None:
            member = s[1:].strip()
            if member:
                raw_sets[synset].append((member + ("_" if synset in no_plural else ""), n))
        elif s.startswith("-"):
            if block is None:
                raise fail(where, n, "a pattern line ('-') outside a verb block (start one with '--- NAME [code] ---')")
            pattern = _pattern(vd, s, where, n, names)
            if pattern is not None:
                vd.blocks[block].patterns.append(pattern)
        else:
            if block is None:
                raise fail(where, n, f"a verb outside a verb block (start one with '--- NAME [code] ---'): {s!r}")
            _verb_line(vd, s, block, where, n)
    for name in raw_sets:
        vd.synsets[name] = _expand(vd, raw_sets, name, where)
    for b in vd.blocks:
        kept = []
        for p in b.patterns:
            missing = [e.text for e in p.before + p.after if e.kind == "synset" and e.text not in vd.synsets]
            if missing:
                vd.skipped.append(f"{where}:{p.line}: pattern names undefined synonym set &{missing[0]}; skipped")
            else:
                kept.append(p)
        b.patterns = kept
    if not vd.forms:
        raise ConfigError(f"{where}: no verbs found: is this a PETRARCH verb dictionary?")
    return vd
