"""Quotes: who is quoted saying what.

- direct: words in quotation marks, attributed by a cue verb in the same sentence ("…," said X;
  X said: "…"), or continuing the previous quote's speaker when the paragraph goes on quoting;
- partial: a quoted fragment inside reported speech (Kerry said the goal was reached "as fast as
  possible.");
- indirect: a speech verb from ``data/cues.tsv`` with a complement clause that has its own subject
  (He also said the U.S. was not fast enough), or "according to X".
Speakers resolve to entities through names, pronouns and role descriptions; unnamed speakers keep
their description ("One general").
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.attrfeatures import cue_features
from newsradar.enrich.attributions import cue_end, cue_start, find_attributions
from newsradar.enrich.attrmodel import load_model
from newsradar.enrich.coref import Referent, Resolver, name_chars
from newsradar.enrich.docview import DocView
from newsradar.enrich.lexicons import Lexicons
from newsradar.enrich.nlp import doc_text, sentence, token_strings
from newsradar.record import Quote

_OPEN = {"“": "”", "«": "»", "„": "“", "‘": "’", "「": "」", "『": "』"}
# the marks that may close a double quotation: copy edited from several sources, news text often opens
# with a curly mark and closes with a straight one, or the other way round
_DOUBLE = ('"', "”")
# where a quotation may open: quoted_spans jumps from one to the next instead of testing every character
_MARKS = re.compile("''|``|[\"" + "".join(_OPEN) + "]")
_CLAUSE_SUBJECTS = {"nsubj", "nsubjpass", "expl", "csubj"}
_WORD = re.compile(r"\w+")
# Subjects that cannot be a source of speech ("as it had been feeling that ...")
_NOT_SPEAKERS = {"it", "this", "that", "which", "there", "what", "something", "nothing"}
# words a title leaves in lower case ("Face the Nation", "Women in Power")
_TITLE_SMALL = {"a", "an", "the", "and", "but", "or", "nor", "for", "of", "in", "on", "at", "to", "by", "with",
                "from", "as", "vs", "via", "into", "onto", "per", "up", "out", "off", "over"}


def is_title(body: str) -> bool:
    """Whether quoted words are the title of a show, book, song or event ("Face the Nation", "A Change
    Is Gonna Come") rather than speech: short, every word but the small ones capitalised, and no
    sentence punctuation."""
    words = body.split()
    if not words or len(words) > 12 or body.rstrip()[-1:] in (".", "!", "?", ",") or "," in body:
        return False
    capital = 0
    for n, w in enumerate(words):
        core = w.strip("\"'“”‘’:;()-–—")
        if not core:
            continue
        if core[0].isupper() or core[0].isdigit():
            capital += 1
        elif n == 0 or core.lower() not in _TITLE_SMALL:
            return False
    return capital > 0


@dataclass(slots=True)
class Marked:
    start: int  # inner span, characters
    end: int
    paragraph: int
    closed: bool


def quoted_spans(text: str) -> list[Marked]:
    """Spans between quotation marks, paragraph by paragraph. An opening mark left unclosed at the end
    of a paragraph quotes to its end (news style for quotes running over several paragraphs)."""
    out: list[Marked] = []
    pos = 0
    for n, para in enumerate(text.split("\n\n")):
        i = 0
        while (mark := _MARKS.search(para, i)) is not None:
            i = mark.start()
            ch = para[i]
            if para.startswith("''", i) or para.startswith("``", i):
                # typewriter quotes ('' or ``…''), as some newspapers' archives print them
                j = para.find("''", i + 2)
                if j == -1:
                    if len(para) - i > 20:
                        out.append(Marked(pos + i + 2, pos + len(para), n, False))
                    break
                out.append(Marked(pos + i + 2, pos + j, n, True))
                i = j + 2
                continue
            close = '"' if ch == '"' else _OPEN.get(ch)
            if close is None or (ch == "‘" and i > 0 and para[i - 1].isalnum()):
                i += 1
                continue
            if close in _DOUBLE:
                j = min((k for k in (para.find(c, i + 1) for c in _DOUBLE) if k != -1), default=-1)
            else:
                j = para.find(close, i + 1)
            if ch == "‘":
                # a closing single quote must end a word, not be an apostrophe inside one
                while j != -1 and j + 1 < len(para) and para[j + 1].isalnum():
                    j = para.find(close, j + 1)
            if j == -1:
                if len(para) - i > 20:
                    out.append(Marked(pos + i + 1, pos + len(para), n, False))
                break
            out.append(Marked(pos + i + 1, pos + j, n, True))
            i = j + 1
        pos += len(para) + 2
    return out


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t\n,:;":
        start += 1
    while end > start and text[end - 1] in " \t\n,:;":
        end -= 1
    return start, end


# the attribution model's cue score (log-odds) at which a verb the lexicon lacks is taken as a quotation's
# cue: chosen on PolNeAR train's held-out tenth (0 keeps more cues and more scare quotes with them)
_LEARNT_CUE = 1.0


class Beside:
    """Whether a character offset stands inside a quotation or on a character next to one, asked of
    every word around every quotation: by bisection, not by a look at each of the document's
    quotations (a page of many quotations took time in the square of their number)."""

    def __init__(self, inside: list[tuple[int, int]]) -> None:
        spans = sorted(inside)
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []  # the furthest end of the spans up to each, in order of start
        for _, b in spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def __call__(self, at: int) -> bool:
        """Whether some span [a, b) has a - 1 <= at < b + 1."""
        k = bisect.bisect_right(self._starts, at + 1) - 1
        return k >= 0 and at < self._reach[k] + 1

    def inside(self, at: int) -> bool:
        """Whether some span [a, b) has a <= at < b."""
        k = bisect.bisect_right(self._starts, at) - 1
        return k >= 0 and at < self._reach[k]


def _nearest(sents: Iterable[Any], s: int, e: int, beside: Beside, accept: Callable[[Any], bool]) -> Any | None:
    """The token of ``sents`` nearest the quotation at characters [s, e), outside every quotation and
    not next to one (``beside``), that ``accept`` takes (asked only of tokens nearer than the best so
    far: it may be costly); the first of equally near ones."""
    best, found = None, None
    for sent in sents:
        doc = sent.doc
        starts = token_strings(doc).starts
        for i in range(sent.start, sent.end):
            at = starts[i]
            if beside(at):
                continue
            dist = min(abs(at - (e + 1)), abs(at - (s - 1)))
            if (best is None or dist < best) and accept(doc[i]):
                best, found = dist, doc[i]
    return found


class QuoteFinder:
    def __init__(self, doc: Any, resolver: Resolver, lex: Lexicons) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.resolver = resolver
        self.lex = lex
        self._view: DocView | None = None
        self._beside = Beside([])

    def is_cue(self, tok: Any, kinds: tuple[str, ...] = ("speech",)) -> bool:
        return tok.pos_ in ("VERB", "AUX") and self.lex.cues.get(tok.lemma_.lower()) in kinds

    def speaker_of(self, cue: Any, quote_speaker: Referent | None = None) -> Any | None:
        """The subject of a cue verb, following xcomp/conj chains up to a verb that has one."""
        verb = cue
        for _ in range(4):
            subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
            # '"Anybody who crosses her …," said Maria Olsen': a subject in the quotation is no speaker
            outside = [c for c in subj if not self._beside.inside(c.idx)]
            subj = outside + [c for c in subj if c not in outside]
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

    def find(self) -> list[Quote]:
        marked = quoted_spans(self.text)
        inside = [(m.start, m.end) for m in marked]
        self._beside = Beside(inside)
        quotes: list[tuple[Quote, int]] = []
        last_speaker: dict[int, Quote] = {}
        number = 0
        for m in marked:
            q = self._direct(m, inside)
            if q is None:
                continue
            number += 1
            q.attribution = number
            before = quotes[-1][0] if quotes else None
            if before is not None and q.cue_span is not None and before.cue_span == q.cue_span:
                q.attribution = before.attribution  # '"A," he said, "B."': one cue for both pieces
                q.kind = before.kind  # "and nobody goes in" continues a sentence, it is no fragment
            if q.speaker is None:
                prev = last_speaker.get(m.paragraph)
                if prev is not None and q.cue is None:
                    q.attribution = prev.attribution  # '"…," he said. "…"': the quotation goes on
                else:
                    prev = last_speaker.get(m.paragraph - 1) if m.start == self._para_start(m.start) + 1 else None
                if prev is not None:
                    q.speaker, q.speaker_entity = prev.speaker, prev.speaker_entity
            if q.speaker is None and len(_WORD.findall(q.text)) < 8:
                continue  # a short unattributed phrase in quotation marks is a title or scare quote
            quotes.append((q, m.paragraph))
            if q.speaker is not None:
                last_speaker[m.paragraph] = q
        out = [q for q, _ in quotes]
        reported = find_attributions(self.doc, self.resolver, self.lex, inside, self._view)
        for r in reported:
            r.attribution = number + (r.attribution or 0)  # the pieces of one report keep one number
        for q in out:
            # a partial quote inside reported speech belongs to that report
            around = next((r for r in reported if r.span[0] <= q.span[0] < r.span[1]), None)
            if around is not None and q.cue_span is not None and around.cue_span == q.cue_span:
                q.attribution = around.attribution  # 'He said that "we will win"': one report, quoted
            elif around is not None and (q.kind == "partial" or q.cue is None):
                q.attribution = around.attribution
                q.kind = "partial"
                if q.speaker is None:
                    q.speaker, q.speaker_entity = around.speaker, around.speaker_entity
                    q.speaker_span, q.cue, q.cue_span = around.speaker_span, around.cue, around.cue_span
        out += reported
        out.sort(key=lambda q: q.span)
        return out

    def _para_start(self, char: int) -> int:
        cut = self.text.rfind("\n\n", 0, char)
        return 0 if cut < 0 else cut + 2

    def _tokens_between(self, start: int, end: int) -> list[Any]:
        span = self.doc.char_span(start, end, alignment_mode="expand")
        return list(span) if span is not None else []

    def _direct(self, m: Marked, inside: list[tuple[int, int]]) -> Quote | None:
        s, e = _strip(self.text, m.start, m.end)
        body = self.text[s:e]
        words = len(_WORD.findall(body))
        if words == 0 or is_title(body):
            return None
        first = self.doc.char_span(s, e, alignment_mode="expand")
        if first is None:
            return None
        sents = {sentence(first[0]).start: sentence(first[0]), sentence(first[-1]).start: sentence(first[-1])}
        cue = _nearest(sents.values(), s, e, self._beside, lambda tok: self.is_cue(tok, ("speech", "thought")))
        if cue is None:
            cue = self._learnt_cue(sents.values(), s, e, inside)
        kind = "direct"
        speaker: Referent | None = None
        speaker_span = None
        if cue is not None:
            subj = self.speaker_of(cue)
            if subj is not None and not (s <= subj.idx < e):
                speaker = self.resolver.refer(subj)
                speaker_span = name_chars(subj)
            if body[:1].islower() or (cue.idx < s and words < 8 and sentence(cue).start <= first[0].i
                                      and self._inside_clause(cue, first)):
                kind = "partial"
        elif words < 3:
            return None
        cue_span = None
        if cue is not None:
            start = cue_start(cue, cue, (first.start, first.end)).i
            last = self.doc[cue_end(cue, start, cue.i + 1, set(range(first.start, first.end))) - 1]
            cue_span = (self.doc[start].idx, last.idx + len(last.text))
        return Quote(text=body, kind=kind, speaker=speaker.name if speaker else None,
                     speaker_entity=speaker.entity.id if speaker and speaker.entity else None,
                     cue=cue.text.lower() if cue is not None else None, span=(s, e), cue_span=cue_span,
                     speaker_span=speaker_span)

    def _learnt_cue(self, sents: Iterable[Any], s: int, e: int, inside: list[tuple[int, int]]) -> Any | None:
        """The verb nearest the quotation that the attribution model takes for a cue, for the cues the
        lexicon lacks ("confessed", "shot back", "reads")."""
        if self._view is None:
            self._view = DocView(self.doc, inside, self.lex.cues)
        view, model = self._view, load_model()
        return _nearest(sents, s, e, self._beside, lambda tok: tok.pos_ == "VERB" and not view.in_quote[tok.i]
                        and model.cue.score(cue_features(view, tok)) >= _LEARNT_CUE)

    @staticmethod
    def _inside_clause(cue: Any, span: Any) -> bool:
        """Whether the quoted words hang in the cue's complement clause rather than being its object."""
        head = span.root
        while head.i not in (head.head.i, cue.i):
            if head.head.i == cue.i:
                return head.dep_ == "ccomp" and head.i not in range(span.start, span.end)
            head = head.head
        return False


def find_quotes(doc: Any, resolver: Resolver, lex: Lexicons) -> list[Quote]:
    return QuoteFinder(doc, resolver, lex).find()
