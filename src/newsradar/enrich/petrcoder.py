"""The event coder driven by an analyst's PETRARCH dictionaries, on spaCy's parse.

For every verb of a sentence whose form the verb dictionary lists, the verb's patterns are tried,
most specific first; the first that matches gives the code (else the verb's own code, else its
block's). Words before ``*`` are looked for before the verb and words after it after the verb, in
order, consecutive where ``_`` joins them; ``$`` and ``+`` take the next noun phrase that names an
actor as source and target, ``^`` skips a noun phrase and ``%`` takes a coordination whose members
act on each other. Without ``$`` the source is the verb's subject (inherited through control,
coordination and relative clauses; a passive's ``by`` phrase when it has one); without ``+`` the
target is the first actor after the verb in the verb's clause. A code ``[a:b]`` also codes the
event back from target to source, and a coordinated subject acting on nobody acts on its own
members ("Gondor and Osgiliath renewed ties"). Sentences holding a discard phrase are not coded;
a story-level discard leaves the whole article uncoded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.petrdict import Dictionaries
from newsradar.enrich.petrnp import Member, NounPhrases, Words, find_mentions
from newsradar.enrich.petrverbs import Element, Pattern, VerbForm

_CLIMB = {"xcomp", "acomp", "conj", "advcl", "pcomp", "ccomp"}
_RELATIVE = {"who", "which", "that", "whom"}
_PRONOUNS = {"it", "they", "he", "she", "its", "their", "them", "him", "her"}
_SKIP_DEPS = {"amod", "compound"}
_MAX_TRIES = 4


@dataclass(frozen=True, slots=True)
class Options:
    """PETRARCH's coding options: events need a target (``require_dyad``); noun phrases of at most
    ``new_actor_length`` words that no dictionary names are coded by their text (0: never)."""

    require_dyad: bool = True
    new_actor_length: int = 0


@dataclass(frozen=True, slots=True)
class Coded:
    source: Member
    target: Member | None
    code: str
    anchor: Any  # the verb token


@dataclass(slots=True)
class _Slots:
    source: Any = None
    target: Any = None
    compound: Any = None
    compound_before: bool = False


def discarded(text: str, dicts: Dictionaries, story: bool) -> bool:
    """Whether ``text`` holds a discard phrase (story-level ones when ``story``)."""
    up = " " + " ".join(text.upper().split())
    for d in dicts.discards:
        if d.story != story:
            continue
        at = up.find(" " + d.text)
        while at >= 0:
            end = at + 1 + len(d.text)
            if not d.whole_word or end >= len(up) or not up[end].isalnum():
                return True
            at = up.find(" " + d.text, at + 1)
    return False


class SentenceCoder:
    def __init__(self, sent: Any, dicts: Dictionaries, date: int | None, options: Options) -> None:
        self.sent = sent
        self.dicts = dicts
        self.options = options
        self.words = Words(sent)
        self.nps = NounPhrases(self.words, find_mentions(self.words, dicts, date), options.new_actor_length)
        self.chunks = self._chunks()

    def _chunks(self) -> list[tuple[int, int, Any, Any]]:
        """Base noun phrases as word ranges, in order: what ``+``, ``$``, ``%`` and ``^`` take."""
        out = []
        doc = self.sent.doc
        for ch in doc.noun_chunks if doc.has_annotation("DEP") else ():
            if ch.start >= self.sent.start and ch.end <= self.sent.end and ch.start in self.words.first:
                last = ch.end - 1
                while last > ch.start and last not in self.words.first:
                    last -= 1
                end = self.words.first[last] + sum(1 for t in self.words.tokens if t.i == last)
                out.append((self.words.first[ch.start], end, ch.root, ch))
        return out

    # --- verbs ---------------------------------------------------------------------------
    def verb_forms(self, w: int) -> tuple[int, int, list[VerbForm]] | None:
        """The dictionary forms of the verb at word ``w``: (first word, end word, forms)."""
        words = self.words.words
        best: tuple[int, int, list[VerbForm]] | None = None
        for f in self.dicts.verbs.forms.get(words[w], ()):
            s, e = w - len(f.before), w + 1 + len(f.after)
            if s < 0 or e > len(words) or tuple(words[s:w]) != f.before or tuple(words[w + 1:e]) != f.after:
                continue
            if best is None or e - s > best[1] - best[0]:
                best = (s, e, [f])
            elif e - s == best[1] - best[0]:
                best[2].append(f)
        return best

    # --- pattern matching ------------------------------------------------------------------
    def _phrases(self, e: Element) -> list[tuple[str, ...]]:
        if e.kind == "word":
            return [(e.text,)]
        return sorted(self.dicts.verbs.synsets.get(e.text, []), key=lambda p: -len(p))

    def _fwd_candidates(self, e: Element, p: int, exact: bool) -> Iterator[tuple[int, Any]]:
        words = self.words.words
        if e.kind in ("word", "synset"):
            phrases = self._phrases(e)
            for q in range(p, p + 1 if exact else len(words)):
                for ph in phrases:
                    if tuple(words[q:q + len(ph)]) == ph:
                        yield q + len(ph), None
                        break
            return
        for s, end, root, _ in self.chunks:
            if end <= p or (exact and s != p):
                continue
            head = self.nps.coordination(root)
            if e.kind == "skip" or self.nps.codes(head):
                yield end, head
                if e.kind != "skip":
                    return
            if exact:
                return

    def _bwd_candidates(self, e: Element, p: int, exact: bool) -> Iterator[tuple[int, Any]]:
        words = self.words.words
        if e.kind in ("word", "synset"):
            phrases = self._phrases(e)
            for q in range(p, p - 1 if exact else 0, -1):
                for ph in phrases:
                    if q - len(ph) >= 0 and tuple(words[q - len(ph):q]) == ph:
                        yield q - len(ph), None
                        break
            return
        for s, end, root, _ in reversed(self.chunks):
            if s >= p or (exact and end != p):
                continue
            head = self.nps.coordination(root)
            if e.kind == "skip" or self.nps.codes(head):
                yield s, head
                if e.kind != "skip":
                    return
            if exact:
                return

    def _fwd(self, elems: tuple[Element, ...], k: int, p: int, slots: _Slots) -> _Slots | None:
        if k == len(elems):
            return slots
        e = elems[k]
        for n, (end, value) in enumerate(self._fwd_candidates(e, p, e.joined)):
            if n >= _MAX_TRIES:
                break
            found = self._fwd(elems, k + 1, end, _assign(slots, e, value, before=False))
            if found is not None:
                return found
        return None

    def _bwd(self, elems: tuple[Element, ...], k: int, p: int, exact: bool, slots: _Slots) -> _Slots | None:
        if k < 0:
            return slots
        e = elems[k]
        for n, (start, value) in enumerate(self._bwd_candidates(e, p, exact)):
            if n >= _MAX_TRIES:
                break
            found = self._bwd(elems, k - 1, start, e.joined, _assign(slots, e, value, before=True))
            if found is not None:
                return found
        return None

    def match(self, pattern: Pattern, vs: int, ve: int) -> _Slots | None:
        slots = self._bwd(pattern.before, len(pattern.before) - 1, vs, pattern.verb_joined, _Slots())
        if slots is None:
            return None
        return self._fwd(pattern.after, 0, ve, slots)

    # --- actors ------------------------------------------------------------------------------
    def _subjects(self, tok: Any) -> list[Any]:
        """``tok``'s subjects, also those the parser hung on its auxiliary ("X was criticized")."""
        own = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if own:
            return own
        return [g for c in tok.children if c.dep_ in ("aux", "auxpass")
                for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]

    def subject(self, verb: Any) -> Any | None:
        """The subject of ``verb``: its own (the one naming an actor when the parse gives several),
        else inherited through control (the object of "urged Bree to help" helps), coordination and
        relative clauses ("the woman who shot" → the woman); a pronoun subject of a complement
        clause is the subject of the clause above it ("Ethiopia indicated it would act")."""
        tok = verb
        if _passive(verb) and not self._subjects(verb) and verb.dep_ == "xcomp":
            return None  # "… to be allowed to leave": whoever is allowed is not said
        for _ in range(6):
            subjects = self._subjects(tok)
            if subjects:
                subj = next((x for x in subjects if self.nps.codes(x)), subjects[0])
                if subj.lower_ in _RELATIVE and tok.dep_ == "relcl":
                    return tok.head
                if subj.lower_ in _PRONOUNS and tok.dep_ in _CLIMB and tok.head.i != tok.i:
                    tok = tok.head
                    continue
                return subj
            if tok.dep_ not in _CLIMB or tok.dep_ == "ccomp" or tok.head.i == tok.i:
                return None
            head = tok.head
            if tok.dep_ == "xcomp":
                obj = next((c for c in head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None:
                    return obj  # object control
                if _passive(head) and not any(c.dep_ == "nsubjpass" for c in head.children):
                    return None
            tok = head
        return None

    def _after_actor(self, verb: Any, after_tok: int, skip: set[int]) -> Any | None:
        """The head of the first noun phrase after the verb, in its clause, that names an actor."""
        inside = {t.i for t in verb.subtree}
        for _s, _e, root, chunk in self.chunks:
            if root.i < after_tok or root.i not in inside or root.i in skip:
                continue
            if not any(t.i in self.nps.mentions for t in chunk) and not self.nps.new_actor_length:
                continue
            head = self.nps.coordination(self.nps.head_of(root))
            if head.i not in skip and self.nps.codes(head):
                return head
        return None

    def code_verb(self, w: int) -> list[Coded]:
        found = self.verb_forms(w)
        if found is None:
            return []
        vs, ve, forms = found
        verb = self.words.tokens[w]
        slots, code, back = _Slots(), forms[0].code, forms[0].back_code
        for pattern in self.dicts.verbs.patterns_for(forms):
            matched = self.match(pattern, vs, ve)
            if matched is not None:
                slots, code, back = matched, pattern.code, pattern.back_code
                break
        if code is None and back is None:
            return []
        end_tok = self.words.tokens[ve - 1].i + 1
        passive = _passive(verb)
        by = next((g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        subj = self.subject(verb)
        if slots.compound is not None:
            members = self.nps.codes(slots.compound)
            if slots.compound_before:
                return self._pairs(members, code, verb)
            sources = self.nps.codes(slots.source if slots.source is not None else subj)
            return self._events(sources, members, code, back, verb)
        src_tok, tgt_tok = slots.source, slots.target
        if src_tok is None:
            if passive and by is not None:
                src_tok = by
                if tgt_tok is None:
                    tgt_tok = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
            elif subj is not None and (tgt_tok is None or subj.i != tgt_tok.i):
                src_tok = subj
            elif tgt_tok is not None and tgt_tok.i == getattr(subj, "i", -1):
                src_tok = self.subject(verb.head) if verb.head.i != verb.i else None
        sources = self.nps.codes(src_tok)
        if tgt_tok is None and not (passive and by is not None):
            skip = {t.i for t in src_tok.subtree} if src_tok is not None else set()
            tgt_tok = self._after_actor(verb, end_tok, skip)
        targets = self.nps.codes(tgt_tok)
        if not targets and len(sources) > 1 and slots.target is None and back is not None:
            return self._pairs(sources, code, verb)  # "Gondor and Osgiliath renewed ties": with each other
        return self._events(sources, targets, code, back, verb)

    def _pairs(self, members: list[Member], code: str | None, verb: Any) -> list[Coded]:
        if code is None:
            return []
        return [Coded(a, b, code, verb) for a in members for b in members if a.code != b.code]

    def _events(self, sources: list[Member], targets: list[Member], code: str | None, back: str | None,
                verb: Any) -> list[Coded]:
        out: list[Coded] = []
        for s in sources:
            for t in targets or [None]:  # type: ignore[list-item]
                if t is not None and t.code == s.code:
                    continue
                if code is not None and (t is not None or not self.options.require_dyad):
                    out.append(Coded(s, t, code, verb))
                if back is not None and t is not None:
                    out.append(Coded(t, s, back, verb))
        return out

    def code(self) -> list[Coded]:
        if discarded(self.sent.text, self.dicts, story=False):
            return []
        out: list[Coded] = []
        seen: set[tuple[str, str | None, str]] = set()
        for w, tok in enumerate(self.words.tokens):
            if self.words.first.get(tok.i) is None or not _verbish(tok):
                continue
            if w + 1 < len(self.words.tokens) and self.words.tokens[w + 1] is tok:
                continue  # a hyphenated token: its verb is its last piece
            for ev in self.code_verb(w):
                key = (ev.source.code, ev.target.code if ev.target else None, ev.code)
                if key not in seen:
                    seen.add(key)
                    out.append(ev)
        return out


def _passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children)


def _verbish(tok: Any) -> bool:
    return bool(tok.tag_.startswith("VB") and tok.dep_ not in _SKIP_DEPS)


def _assign(slots: _Slots, e: Element, value: Any, before: bool) -> _Slots:
    if e.kind not in ("source", "target", "compound"):
        return slots
    out = _Slots(slots.source, slots.target, slots.compound, slots.compound_before)
    if e.kind == "source":
        out.source = value
    elif e.kind == "target":
        out.target = value
    else:
        out.compound, out.compound_before = value, before
    return out


def code_sentences(doc: Any, dicts: Dictionaries, date: int | None, options: Options | None = None) -> list[Coded]:
    """Every event the dictionaries code in ``doc`` (nothing when a story-level discard matches)."""
    if discarded(doc.text, dicts, story=True):
        return []
    opts = options or Options()
    out: list[Coded] = []
    for sent in doc.sents:
        out += SentenceCoder(sent, dicts, date, opts).code()
    return out
