"""Attributions without quotation marks: who is said to say, think, want or judge what.

News attributes far more than it quotes: reported speech ("He said the U.S. was not fast enough"),
beliefs and intentions ("vowed to veto the bill"), stances ("endorsed Cruz", "his criticism of the
deal"), documents and sources ("the report found ...", "according to officials"). The cue words are a
long tail, so a lexicon alone misses most of them; a linear model (:mod:`newsradar.enrich.attrmodel`,
trained on annotated political news) decides instead, word by word, whether a word heads a cue, and
which of the spans the parse offers around it (:mod:`newsradar.enrich.attrfeatures`) is its content.

Attributions do not nest: like the annotators of attribution corpora, the finder takes the likeliest
cue first, and a word inside an attribution already taken is no cue of its own. Content that is all
in quotation marks is left to the direct quotes of :mod:`newsradar.enrich.quotes`.

The source is the cue's subject (the agent of a passive, the possessor of a noun, the object of
"according to", the name before a headline's colon), resolved like any speaker.
"""

from __future__ import annotations

import re
from typing import Any

from newsradar.enrich.attrfeatures import (
    Candidate,
    content_candidates,
    content_features,
    copula,
    cue_features,
    decision_features,
    inner_head,
)
from newsradar.enrich.attrmodel import AttributionModel, load_model
from newsradar.enrich.coref import Resolver, name_chars, np_bounds
from newsradar.enrich.docview import DocView
from newsradar.enrich.lexicons import Lexicons
from newsradar.record import Quote

_WORD = re.compile(r"\w+")
_OPENING = ("“", '"', "‘", "'")
_CLOSING = ("”", '"', "’", "'")
_RELATIVE = {"who", "that", "which", "whom"}


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


_ADJUNCTS = ("advmod", "npadvmod", "prep")


def cue_end(verb: Any, start: int, end: int, content: set[int]) -> int:
    """The end of a cue (token bounds [start, end)) with an adverbial right after it that is no longer
    than the cue itself ("said Monday", "wrote recently", "said in part"): annotators put such a word in
    the cue about as often as not, and a short one keeps the span at least half the same whichever
    way they went. A longer one ("said | at a rally in Iowa") and any part of the content stay out."""
    doc = verb.doc
    child = next((c for c in verb.children if c.left_edge.i == end and c.i >= end), None)
    if child is None or child.dep_ not in _ADJUNCTS:
        return end
    tail = range(end, child.right_edge.i + 1)
    words = sum(1 for k in tail if _WORD.search(doc[k].text))
    own = sum(1 for k in range(start, end) if _WORD.search(doc[k].text))
    if not 0 < words <= own or any(k in content for k in tail):
        return end
    return tail.stop


def cue_bounds(tok: Any, cand: Candidate) -> tuple[int, int]:
    """Token bounds of the cue headed by ``tok``: its auxiliaries and adverbs before it, and the
    particle, preposition or infinitive that introduces the content ("call for", "point out",
    "according to", "refused to endorse"). A preposition that opens the content belongs to the cue,
    as annotators mostly have it ("called for | a full inquiry")."""
    inside = {k for a, b in cand.frags for k in range(a, b)}
    if tok.i in inside:
        inside = set()  # content around the cue ("The plan, officials said, would ..."): the cue is cut out
    verb = copula(tok) or tok
    start = cue_start(verb, verb, (cand.start, cand.end) if inside else (0, 0)).i
    end = tok.i + 1
    for c in sorted((c for c in tok.children if c.i > tok.i), key=lambda c: c.i):
        # a preposition belongs to the cue when it introduces the content, not a time or place
        # ("said on Monday that ...")
        opens = c.i + 1 == cand.start or (c.i == cand.start and c.i + 1 < cand.end)
        if c.i != end or (c.i in inside and not opens) or not (
                c.dep_ == "prt" or (c.dep_ in ("prep", "agent") and opens)
                or (tok.lower_ == "according" and c.lower_ == "to")):
            break
        end = c.i + 1
    end = cue_end(tok, start, end, inside)
    if inner_head(tok, cand) is not None and cand.start > end:
        # the words up to the content ("tried to block | the bill", "voiced concerns about | the plan")
        stop = cand.start
        while stop > end and (tok.doc[stop - 1].is_punct or tok.doc[stop - 1].is_space):
            stop -= 1
        end = max(end, stop)
    return start, end


class AttributionFinder:
    def __init__(self, doc: Any, resolver: Resolver, lex: Lexicons, quoted: list[tuple[int, int]],
                 model: AttributionModel | None = None, view: DocView | None = None) -> None:
        self.doc = doc
        self.view = view or DocView(doc, quoted, lex.cues)
        self.text = self.view.text
        self.resolver = resolver
        self.model = model or load_model()

    def find(self) -> list[Quote]:
        """The attributions of the document, each as one or more quotes (pieces of one content) that
        share an ``attribution`` number, numbered from 1 in reading order."""
        pending = [p for tok in self.view.candidates() if (p := self.judge(tok)) is not None]
        pending.sort(key=lambda p: (-p[0], p[1].i))
        taken = [False] * len(self.doc)
        out: list[Quote] = []
        number = 0
        for _, tok, ranked in pending:
            if taken[tok.i]:
                continue
            best = next((c for c in ranked if not any(taken[k] for a, b in c.frags for k in range(a, b))), None)
            if best is None:
                continue
            if best.name.partition("+")[0] == "child:nsubj" and best.start < tok.i:
                # the content read as the active verb's own subject, who acts: then the verb reports
                # nothing ("He showed the same patience he says …"); on PolNeAR train 10 of 53 such
                # finds were right (reactions: "the plan has drawn criticism"), 0 of 16 on its held-out tenth
                taken[tok.i] = True
                continue
            quotes = self._quotes(tok, best)
            for a, b in best.frags:
                for k in range(a, b):
                    taken[k] = True
            taken[tok.i] = True
            if not quotes:
                continue
            number += 1
            for q in quotes:
                q.attribution = number
            out += quotes
        # numbered in reading order, whatever order they were accepted in
        out.sort(key=lambda q: q.span)
        order: dict[int | None, int] = {}
        for q in out:
            q.attribution = order.setdefault(q.attribution, len(order) + 1)
        return out

    def judge(self, tok: Any) -> tuple[float, Any, list[Candidate]] | None:
        """The decision score of ``tok`` as a cue, with its content candidates best first; None when
        it is no cue."""
        view, model = self.view, self.model
        cue_score = model.cue.score(cue_features(view, tok))
        if cue_score < model.candidate_floor:
            return None
        scored = []
        for c in content_candidates(view, tok):
            feats = content_features(view, tok, c)
            scored.append((model.content.score(feats), c, feats))
        if not scored:
            return None
        scored.sort(key=lambda x: -x[0])
        if model.decision is None:
            return cue_score, tok, [c for _, c, _ in scored]
        margin = scored[0][0] - scored[1][0] if len(scored) > 1 else 5.0
        feats, numeric = decision_features(tok, scored[0][1], scored[0][2], cue_score, margin)
        score = model.decision.score(feats, numeric)
        if score < model.threshold:
            return None
        return score, tok, [c for _, c, _ in scored]

    def _quotes(self, tok: Any, cand: Candidate) -> list[Quote]:
        doc = self.doc
        cue = cue_bounds(tok, cand)
        source = self._source(tok, cand)
        inside: set[int] = set()
        for a, b in cand.frags:
            inside.update(range(a, b))
        if source is not None and source.left_edge.i <= cand.start and cand.end <= source.right_edge.i + 1:
            source = None  # the content is the subject itself ("The clip has faced ridicule")
        drop = set(range(cue[0], cue[1]))
        if source is not None:
            drop.update(range(*np_bounds(source)))
        pieces = self._pieces(sorted(inside - drop))
        if not pieces:
            return []
        words = [i for a, b in pieces for i in range(a, b) if _WORD.search(doc[i].text)]
        if not words or all(self.view.in_quote[i] for i in words):
            return []  # the quotation marks already made it a direct quote
        if self._no_content(words):
            return []
        speaker_name = speaker_entity = None
        speaker_span = None
        if source is not None:
            speaker_span = name_chars(source)
            if source.lower_ in _RELATIVE and source.head.dep_ == "relcl":
                source = source.head.head  # "Weber, who lauded the choice": the noun the clause describes
            ref = self.resolver.refer(source)
            speaker_name = ref.name
            speaker_entity = ref.entity.id if ref.entity else None
        first, last = doc[cue[0]], doc[cue[1] - 1]
        cue_span = (first.idx, last.idx + len(last.text))
        cue_text = self.text[cue_span[0]:cue_span[1]].lower()
        out = []
        for a, b in pieces:
            if all(self.view.in_quote[i] for i in range(a, b) if _WORD.search(doc[i].text)):
                continue  # a piece in quotation marks is already a direct quote
            s, e = doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)
            if speaker_name is not None and self.text[s:e] == speaker_name:
                continue  # the speaker's name set off from a title by a dash ("said the minister – Maria Lopez")
            out.append(Quote(text=self.text[s:e], kind="indirect", speaker=speaker_name,
                             speaker_entity=speaker_entity, cue=cue_text, span=(s, e), cue_span=cue_span,
                             speaker_span=speaker_span))
        return out

    def _no_content(self, words: list[int]) -> bool:
        """Whether the words left for the content cannot be what was said: only a date or time, which
        tells when ("reported | on Tuesday", "noted | this week"), or one preposition, conjunction or
        particle the parse left behind ("chimed | in", "announced | that"). On PolNeAR train such
        finds were right once in 23, 0 times in 9 on its held-out tenth."""
        view = self.view
        when = [i for i in words if view.pos[i] != "ADP"]
        if when and all(view.ent[i] in ("DATE", "TIME") for i in when):
            return True
        # a lone wh-word stays: "did not say | when" is an attribution
        return len(words) == 1 and view.pos[words[0]] in ("ADP", "SCONJ", "PART") \
            and view.tag[words[0]] not in ("WRB", "WP", "WDT")

    def _pieces(self, idx: list[int]) -> list[tuple[int, int]]:
        """Contiguous runs of the token indices ``idx``, without punctuation at their edges (quotation
        marks stay when they open or close the run)."""
        doc = self.doc
        runs: list[tuple[int, int]] = []
        for i in idx:
            if runs and runs[-1][1] == i:
                runs[-1] = (runs[-1][0], i + 1)
            else:
                runs.append((i, i + 1))
        out = []
        for first, last in runs:
            s, e = first, last
            while s < e and (doc[s].is_space or (doc[s].is_punct and doc[s].text not in _OPENING)):
                s += 1
            while e > s and (doc[e - 1].is_space or (doc[e - 1].is_punct and doc[e - 1].text not in _CLOSING)):
                e -= 1
            if e > s and any(_WORD.search(t.text) for t in doc[s:e]):
                out.append((s, e))
        return out

    def _subject(self, tok: Any) -> Any | None:
        i = self.view.subject(tok.i)
        return None if i is None else self.doc[i]

    def _source(self, tok: Any, cand: Candidate) -> Any | None:
        doc = self.doc
        if tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        if tok.is_punct:
            if tok.text == ":" and tok.i > 0:
                prev = doc[tok.i - 1]  # "Warren: ..." in a headline
                return prev if prev.pos_ in ("PROPN", "NOUN", "PRON") else None
            after = next((t for t in doc[tok.i + 1:tok.i + 3] if t.pos_ in ("PROPN", "NOUN")), None)
            return after
        if tok.pos_ in ("VERB", "AUX") or copula(tok) is not None:
            return self._subject(tok)
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None:
            owner = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("by", "from")
                          for g in c.children if g.dep_ == "pobj"), None)
        if owner is None and tok.dep_ in ("dobj", "attr") and tok.head.pos_ in ("VERB", "AUX"):
            owner = self._subject(tok.head)  # "Trump repeated the claim that ...": the one who voices it
        if owner is None and tok.dep_ == "pobj" and tok.head.head.pos_ in ("VERB", "AUX"):
            owner = self._subject(tok.head.head)  # "she said in a statement"
        return owner


def find_attributions(doc: Any, resolver: Resolver, lex: Lexicons, quoted: list[tuple[int, int]],
                      view: DocView | None = None) -> list[Quote]:
    """The attributions of ``doc``; ``view`` is its DocView over the same ``quoted`` spans, when the
    caller has one already."""
    return AttributionFinder(doc, resolver, lex, quoted, view=view).find()
