"""Reported speech and stance without quotation marks: who is said to say, think, want or judge what.

A cue is a verb from ``data/cues.tsv``; its kind says which frames it takes and the content is read
from the parse, in this order:

- clause: a complement clause with its own subject, "that" included ("He said that the U.S. was not
  fast enough", "The U.S. was not fast enough, he said"); every kind;
- raising: "X seemed to …", "X is expected to …": the content is X and the infinitive, and no one
  in the text is its source (kind ``raising``);
- infinitive: "vowed to veto the bill", "urged Congress to act" (kinds ``intent``, ``speech``,
  ``thought``, ``stance``);
- object: "endorsed Cruz", "called the show a disgrace", "accused the ministry of lying" (kind
  ``stance``);
- preposition: "talked about the economy", "called for a ban" (a cue verb with one of the
  prepositions in ``_PREPS``): the cue is verb and preposition, the content what follows.

The source is the cue's subject (the agent of a passive), resolved like any speaker. An attribution
inside another one's content is left out: the outer one carries it, as annotators of attribution
corpora do.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.coref import Resolver, np_chars
from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.nlp import doc_text, sentence
from newsradar.record import Quote

_CLAUSE_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_WORD = re.compile(r"\w+")
# Subjects that cannot be the source of speech ("as it had been feeling that ...")
_NOT_SPEAKERS = {"it", "this", "that", "which", "there", "what", "something", "nothing", "who"}
_PREPS = {"about", "for", "against", "on", "of", "to"}
_NOUN_PREPS = {"about", "of", "on", "over", "against", "for"}
# "spoke to reporters" names the listener; "referred to the deal" names the content
_TO_CUES = {"refer", "point", "object", "allude", "respond", "react"}
# speech verbs whose direct object is not what was said ("said nothing", "told reporters")
_BARE_SPEECH = {"say", "tell", "add", "write", "ask", "answer", "post", "reply", "respond", "continue", "tweet",
                "inform", "brief", "sing", "pray", "point", "repeat", "note"}
_OBJECT_TAIL = {"oprd", "prep", "xcomp", "advcl", "ccomp", "dative"}
# "accused X of Y", "described X as Y", "blamed X for Y": prepositions that continue the object
_OBJECT_PREPS = {"of", "as", "for", "to", "with", "over", "about", "from", "in"}


@dataclass(frozen=True, slots=True)
class Found:
    start: int  # content, token bounds [start, end)
    end: int
    cue_start: int
    cue_end: int
    frame: str


def _bounds(tokens: list[Any]) -> tuple[int, int]:
    idx = [t.i for t in tokens]
    return min(idx), max(idx) + 1


def _subtree(tok: Any) -> tuple[int, int]:
    return _bounds(list(tok.subtree))


def cue_start(verb: Any, first: Any, content: tuple[int, int]) -> Any:
    """The first word of a cue: the auxiliaries, negation and adverbs right before its verb belong to
    it ("has said", "also said", "did not say"), unless they are part of the content."""
    doc = verb.doc
    while first.i > 0:
        prev = doc[first.i - 1]
        if prev.head.i != verb.i or prev.dep_ not in ("aux", "auxpass", "neg", "advmod") \
                or content[0] <= prev.i < content[1]:
            break
        first = prev
    return first


class AttributionFinder:
    def __init__(self, doc: Any, resolver: Resolver, lex: Lexicons, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.resolver = resolver
        self.lex = lex
        self.quoted = quoted
        ordered = sorted(quoted)
        self._starts = [a for a, _ in ordered]
        self._ends = [b for _, b in ordered]

    def _in_quote(self, char: int) -> bool:
        # the last quotation starting at or before ``char`` (its marks included) is the only candidate
        n = bisect.bisect_right(self._starts, char + 1) - 1
        return n >= 0 and char < self._ends[n] + 1

    def kind(self, tok: Any) -> str | None:
        if tok.pos_ not in ("VERB", "AUX"):
            return None
        return self.lex.cues.get(tok.lemma_.lower())

    def frame(self, tok: Any, kind: str) -> Found | None:
        kids = list(tok.children)
        for c in kids:
            if c.dep_ == "ccomp" and any(g.dep_ in _CLAUSE_SUBJECTS and g.i < c.i for g in c.subtree):
                s, e = _subtree(c)
                if s <= tok.i < e:
                    continue
                return Found(s, e, tok.i, tok.i + 1, "clause")
        xcomp = next((c for c in kids if c.dep_ == "xcomp" and c.i > tok.i), None)
        if xcomp is not None and self._passive(tok):
            kind = "raising"  # "X is expected to ...", "X is said to ..."
        if kind == "raising":
            subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
            if xcomp is not None and subj is not None and subj.lower_ not in _NOT_SPEAKERS:
                s, _ = _subtree(subj)
                _, e = _subtree(xcomp)
                return Found(s, e, tok.i, tok.i + 1, "raising")
            return None
        if xcomp is not None and kind in ("intent", "speech", "thought", "stance") and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in xcomp.children):
            obj = next((c for c in kids if c.dep_ in ("dobj", "dative") and tok.i < c.i < xcomp.i), None)
            s, e = _subtree(xcomp)
            if obj is not None:
                s = _subtree(obj)[0]
            return Found(s, e, tok.i, tok.i + 1, "infinitive")
        gerund = next((c for c in kids if c.dep_ in ("xcomp", "ccomp") and c.tag_ == "VBG" and c.i > tok.i), None)
        if gerund is not None and kind in ("intent", "speech", "stance"):
            s, e = _subtree(gerund)  # "suggested rallying the allies", "support reducing sentences"
            return Found(s, e, tok.i, tok.i + 1, "gerund")
        obj = next((c for c in kids if c.dep_ == "dobj" and c.i > tok.i), None)
        if obj is not None and (kind in ("stance", "intent", "source")
                                or (kind == "speech" and tok.lemma_ not in _BARE_SPEECH)):
            s, e = _subtree(obj)
            for c in kids:
                if c.i > obj.i and c.dep_ in _OBJECT_TAIL and not (c.dep_ == "prep" and (
                        c.lower_ not in _OBJECT_PREPS or any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree))):
                    e = max(e, _subtree(c)[1])
            return Found(s, e, tok.i, tok.i + 1, "object")
        prep = next((c for c in kids if c.dep_ == "prep" and c.lower_ in _PREPS and c.i == tok.i + 1
                     and (c.lower_ != "to" or tok.lemma_ in _TO_CUES)), None)
        if prep is not None and obj is None:
            pobj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                s, e = _subtree(pobj)
                return Found(s, e, tok.i, prep.i + 1, "preposition")
        if kind in ("speech", "thought", "source"):
            return self._parenthetical(tok)
        return None

    def _parenthetical(self, tok: Any) -> Found | None:
        """ "The goal, he said, is a cease-fire" and "The goal is a cease-fire, he said": a cue clause with
        nothing of its own but a subject, set off by commas; the rest of the sentence is the content."""
        doc = self.doc
        own = [t for t in tok.subtree if t.i != tok.i and not t.is_punct]
        if any(t.dep_ not in ("nsubj", "punct", "advmod", "npadvmod", "compound", "det", "amod", "poss",
                              "prep", "pobj", "case", "nmod", "aux", "neg", "appos", "prt")
               and t.head.i == tok.i for t in own):
            return None
        if not any(t.dep_ == "nsubj" for t in tok.children):
            return None
        cs, ce = _bounds([*own, tok])
        if ce - cs != len(own) + 1:
            return None
        sent = sentence(tok)
        before = doc[cs - 1] if cs > sent.start else None
        after = doc[ce] if ce < sent.end else None
        if before is None or before.text not in (",", "—", "–"):
            return None
        if after is not None and after.text not in (",", ".", "—", "–", "!", "?", "\n", ":", ";") \
                and not after.is_space:
            return None
        s, e = sent.start, sent.end
        if ce < sent.end and doc[ce].text in (",", "—", "–") and any(not t.is_punct for t in doc[ce + 1:sent.end]):
            return Found(s, e, tok.i, tok.i + 1, "parenthetical")
        return Found(s, cs - 1, tok.i, tok.i + 1, "parenthetical")

    def find(self) -> list[Quote]:
        out: list[tuple[Found, Quote]] = []
        doc = self.doc
        for tok in doc:
            if self._in_quote(tok.idx):
                continue
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                q = self._according(tok)
                if q:
                    out.append(q)
                continue
            if tok.pos_ == "NOUN":
                noun = self._noun(tok)
                if noun is not None:
                    out.append(noun)
                continue
            kind = self.kind(tok)
            if kind is None:
                continue
            found = self.frame(tok, kind)
            if found is None:
                continue
            q2 = self._quote(tok, kind, found)
            if q2 is not None:
                out.append((found, q2))
        return self._outermost(out)

    def _quote(self, tok: Any, kind: str, found: Found) -> Quote | None:
        doc = self.doc
        s, e = found.start, found.end
        while s < e and (doc[s].is_punct or doc[s].is_space) and doc[s].text not in ("“", '"', "‘"):
            s += 1
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space) and doc[e - 1].text not in ("”", '"', "’"):
            e -= 1
        e = self._trailing_cut(s, e)
        if e <= s:
            return None
        cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        if not self._words_outside_quotes(cs, ce):
            return None  # the quotation marks already made it a direct quote
        if len(_WORD.findall(self.text[cs:ce])) < (3 if found.frame == "clause" else 1):
            return None
        speaker_name = speaker_entity = None
        speaker_span = None
        if found.frame != "raising":
            subj = self.speaker_of(tok)
            relative = subj is not None and subj.lower_ in ("who", "that") and subj.head.dep_ == "relcl"
            if subj is not None and subj.lower_ in _NOT_SPEAKERS and kind != "source" and not relative:
                return None
            if subj is None and not (found.frame == "clause" and self._passive(tok)):
                return None
            if subj is not None:
                speaker_span = np_chars(subj)
                if subj.lower_ in ("who", "that") and subj.head.dep_ == "relcl":
                    subj = subj.head.head  # "Weber, who lauded the choice": the noun the clause describes
                ref = self.resolver.refer(subj)
                speaker_name = ref.name
                speaker_entity = ref.entity.id if ref.entity else None
        first = cue_start(tok, doc[found.cue_start], (s, e))
        cue_last = doc[found.cue_end - 1]
        cue_span = (first.idx, cue_last.idx + len(cue_last.text))
        return Quote(text=self.text[cs:ce], kind="indirect", speaker=speaker_name, speaker_entity=speaker_entity,
                     cue=self.text[cue_span[0]:cue_span[1]].lower(), span=(cs, ce), cue_span=cue_span,
                     speaker_span=speaker_span)

    def _noun(self, tok: Any) -> tuple[Found, Quote] | None:
        """ "his claim that the vote was rigged", "her decision to run", "criticism of the deal": a noun of
        saying or thinking with its complement; the possessor, when there is one, is the source."""
        kind = self.lex.cues.get(tok.lemma_.lower())
        if kind is None or kind == "raising":
            return None
        doc = self.doc
        found = None
        for c in tok.children:
            if c.i <= tok.i:
                continue
            if c.dep_ in ("acl", "ccomp") and (any(g.dep_ in _CLAUSE_SUBJECTS for g in c.children)
                                               or any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)):
                s, e = _subtree(c)
                found = Found(s, e, tok.i, tok.i + 1, "noun")
                break
            if c.dep_ == "prep" and c.lower_ in _NOUN_PREPS and c.i == tok.i + 1:
                pobj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
                if pobj is not None:
                    s, e = _subtree(pobj)
                    found = Found(s, e, tok.i, c.i + 1, "noun")
                    break
        if found is None:
            return None
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None:
            by = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                       for g in c.children if g.dep_ == "pobj"), None)
            # "Trump repeated the claim that ...": the one who voices it is the verb's subject
            owner = by or (self.speaker_of(tok.head) if tok.dep_ == "dobj" else None)
            if owner is not None and owner.lower_ in _NOT_SPEAKERS:
                owner = None
        s, e = found.start, found.end
        e = self._trailing_cut(s, e)
        while e > s and (doc[e - 1].is_punct or doc[e - 1].is_space):
            e -= 1
        if e <= s or self._in_quote(doc[s].idx):
            return None
        cs, ce = doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text)
        if len(_WORD.findall(self.text[cs:ce])) < 2:
            return None
        ref = self.resolver.refer(owner) if owner is not None else None
        cue_last = doc[found.cue_end - 1]
        cue_span = (tok.idx, cue_last.idx + len(cue_last.text))
        q = Quote(text=self.text[cs:ce], kind="indirect", speaker=ref.name if ref else None,
                  speaker_entity=ref.entity.id if ref and ref.entity else None,
                  cue=self.text[cue_span[0]:cue_span[1]].lower(), span=(cs, ce), cue_span=cue_span,
                  speaker_span=np_chars(owner) if owner is not None else None)
        return found, q

    def _words_outside_quotes(self, start: int, end: int) -> bool:
        """Whether [start, end) has a word outside quotation marks ('that "we will win"' has one)."""
        return any(not any(a <= m.start() + start < b for a, b in self.quoted)
                   for m in _WORD.finditer(self.text[start:end]))

    def _trailing_cut(self, s: int, e: int) -> int:
        """Where the content ends before a trailing aside that is not part of what was said: a
        non-restrictive relative clause (", which …", ", who …"), an "as" clause, or a participle that
        opens another attribution (", saying …", ", telling …")."""
        doc = self.doc
        for k in range(s + 2, e):
            if doc[k - 1].text != ",":
                continue
            t = doc[k]
            if t.lower_ in ("which", "who", "whom", "whose", "where") or (t.lower_ == "as" and t.dep_ == "mark"):
                head = t.head
            elif t.tag_ == "VBG" and self.kind(t) is not None:
                head = t
            else:
                continue
            if max(x.i for x in head.subtree) >= e - 2:
                end = k
                while end - 1 > s and doc[end - 1].is_punct:
                    end -= 1
                return end
        return e

    @staticmethod
    def _passive(tok: Any) -> bool:
        return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children)

    @staticmethod
    def speaker_of(cue: Any) -> Any | None:
        """The subject of a cue verb, following xcomp/conj/advcl chains up to a verb that has one."""
        verb = cue
        for _ in range(4):
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subj:
                if subj[0].dep_ == "nsubjpass":
                    agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
                    return agent[0] if agent else None
                return subj[0]
            if verb.dep_ in ("xcomp", "conj", "advcl") and verb.head.i != verb.i:
                verb = verb.head
            else:
                return None
        return None

    def _according(self, tok: Any) -> tuple[Found, Quote] | None:
        to = next(c for c in tok.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        sent = sentence(tok)
        skip = {t.i for t in tok.subtree}
        toks = [t for t in sent if t.i not in skip and not t.is_space]
        while toks and toks[0].is_punct:
            toks = toks[1:]
        while toks and toks[-1].is_punct:
            toks = toks[:-1]
        if len(toks) < 4:
            return None
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
        speaker = self.resolver.refer(pobj)
        q = Quote(text=self.text[s:e], kind="indirect", speaker=speaker.name,
                  speaker_entity=speaker.entity.id if speaker.entity else None, cue="according to", span=(s, e),
                  cue_span=(tok.idx, to.idx + len(to.text)), speaker_span=np_chars(pobj))
        return Found(toks[0].i, toks[-1].i + 1, tok.i, to.i + 1, "according"), q

    @staticmethod
    def _outermost(found: list[tuple[Found, Quote]]) -> list[Quote]:
        out: list[Quote] = []
        spans = [q.span for _, q in found]
        for _f, q in found:
            s, e = q.span
            if any((a <= s and e <= b) and (a, b) != (s, e) for a, b in spans):
                continue
            if any(o.span == q.span for o in out):
                continue
            out.append(q)
        return out


def find_attributions(doc: Any, resolver: Resolver, lex: Lexicons, quoted: list[tuple[int, int]]) -> list[Quote]:
    return AttributionFinder(doc, resolver, lex, quoted).find()
