"""One document's parse as the attribution features read it: plain per-document lists.

The attribution stage (:mod:`newsradar.enrich.attrfeatures`) looks at every cue candidate's words,
heads, children and subtrees, and at the spans around them, many times a page. Through spaCy each
look makes a ``Token`` and looks its strings up in the StringStore; a :class:`DocView` reads every
column once with ``Doc.to_array`` and names each distinct id once, so the features index lists.
"""

from __future__ import annotations

import bisect
from itertools import accumulate
from typing import Any

import numpy

from newsradar.enrich.nlp import named, sentences, token_strings

CUE_POS = {"VERB", "AUX", "NOUN", "ADJ"}
CUE_WORDS = {"according", ":", "―", "—", "--"}
# what sets off a trailing aside that a content may be cut before (attrfeatures._cuts)
_CUT_MARKS = {",", ";", "—", "–", "--", "(", ":"}
# the links a verb's subject is looked for across (:meth:`DocView.subject`)
_CHAIN_DEPS = ("xcomp", "conj", "advcl", "acomp", "attr")


class DocView:
    """One document's parse with what the features need computed once: each token's strings, head
    and children as plain lists (the features read them for every candidate word and span, and each
    spaCy ``Token`` made and each of its strings looked up costs far more), which tokens stand inside
    quotation marks, and the cue lexicon."""

    def __init__(self, doc: Any, quoted: list[tuple[int, int]], cues: dict[str, str]) -> None:
        from spacy.attrs import DEP, ENT_TYPE, HEAD, IS_PUNCT, IS_SPACE, LOWER, MORPH, TAG
        from spacy.tokens import MorphAnalysis

        toks = token_strings(doc)  # shared with the entity stage, which reads the same doc first
        self.doc = doc
        self.text = toks.text
        self.cues = cues
        n = len(doc)
        strings = doc.vocab.strings
        tag, dep, lower, ent, punct, space, morph = (
            doc.to_array([TAG, DEP, LOWER, ENT_TYPE, IS_PUNCT, IS_SPACE, MORPH]).T.tolist() if n else [[]] * 7)
        idx = toks.starts
        self.pos: list[str] = toks.pos
        self.tag: list[str] = named(tag, strings.__getitem__)
        self.dep: list[str] = named(dep, strings.__getitem__)
        self.lemma: list[str] = named(toks.lemmas, str.lower)  # lower-cased
        self.lower: list[str] = named(lower, strings.__getitem__)
        self.orth: list[str] = toks.words
        self.ent: list[str] = named(ent, strings.__getitem__)
        self.punct: list[bool] = [bool(x) for x in punct]
        # the cue feature "tense": what Token.morph.get("Tense")[:1] prints, named once per analysis
        self.tense: list[str] = named(morph, lambda h: str(MorphAnalysis.from_id(doc.vocab, h).get("Tense", None)[:1]))
        # HEAD is the offset to the head, unsigned (-1 comes back as 2**64 - 1): read as signed, it wraps
        self.heads: list[int] = (doc.to_array(HEAD).astype("int64") + numpy.arange(n)).tolist() if n else []
        self.children: list[list[int]] = [[] for _ in range(n)]  # in order, as Token.children
        for i, h in enumerate(self.heads):
            if h != i:
                self.children[h].append(i)
        self.word: list[bool] = [not (p or sp) for p, sp in zip(punct, space, strict=True)]
        self.clause_verb: list[bool] = [
            p in ("VERB", "AUX") and any(self.dep[c] in ("nsubj", "nsubjpass") for c in kids)
            for p, kids in zip(self.pos, self.children, strict=True)]
        spans, index = sentences(doc)
        self._sent_spans = spans
        self._sent_of = index
        self._sent_bounds = [(sp.start, sp.end) for sp in spans]
        self._edges: dict[int, tuple[int, int]] = {}
        starts = [a for a, _ in quoted]
        ends = [b for _, b in quoted]
        self.quoted = sorted(quoted)
        self._quoted_starts = [a for a, _ in self.quoted]
        self._quoted_reach = list(accumulate((b for _, b in self.quoted), max))  # furthest end up to each
        self.in_quote = [False] * n
        for i, at in enumerate(idx):
            k = bisect.bisect_right(starts, at) - 1
            self.in_quote[i] = k >= 0 and at < ends[k]
        # running counts, so that the features count the words, quoted tokens and clause verbs of a span
        # by two look-ups instead of a walk over it (spans run to whole sentences, for every candidate)
        self._words_to = [0, *accumulate(self.word)]
        self._quoted_words_to = [0, *accumulate(w and q for w, q in zip(self.word, self.in_quote, strict=True))]
        self._quoted_to = [0, *accumulate(self.in_quote)]
        self._clauses_to = [0, *accumulate(self.clause_verb)]
        # where a trailing aside may be cut off (:func:`_cuts`): after a comma, semicolon, dash or
        # bracket, or before a verb that a conjunction joins; _cuts looks only there, not at every word
        # of every candidate
        self.cut_points: list[int] = [i for i in range(1, n) if self.orth[i - 1] in _CUT_MARKS or (
            self.dep[i - 1] == "cc" and self.pos[i] in ("VERB", "AUX"))]

    def is_candidate(self, tok: Any) -> bool:
        return self._is_candidate(tok.i)

    def _is_candidate(self, i: int) -> bool:
        if self.in_quote[i]:
            return False
        return (self.pos[i] in CUE_POS and not self.punct[i]) or self.lower[i] in CUE_WORDS

    def candidates(self) -> list[Any]:
        doc = self.doc
        return [doc[i] for i in range(len(doc)) if self._is_candidate(i)]

    def quoted_share(self, s: int, e: int) -> float:
        """The share of the words in tokens [s, e) that stand inside quotation marks."""
        words = self.words_in(s, e)
        if not words:
            return 0.0
        return (self._quoted_words_to[e] - self._quoted_words_to[s]) / words

    def words_in(self, s: int, e: int) -> int:
        """How many of tokens [s, e) are words (neither punctuation nor space)."""
        return self._words_to[e] - self._words_to[s] if e > s else 0

    def quoted_in(self, s: int, e: int) -> int:
        """How many of tokens [s, e) stand inside quotation marks."""
        return self._quoted_to[e] - self._quoted_to[s] if e > s else 0

    def clause_in(self, s: int, e: int) -> bool:
        """Whether one of tokens [s, e) is a verb with a subject of its own."""
        return e > s and self._clauses_to[e] > self._clauses_to[s]

    def quotes_near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The quoted spans (in order) that open within characters [start - 2, end + 3] or run across
        ``start``: found by bisection, not by a look at every quotation of the page for each cue."""
        starts, reach = self._quoted_starts, self._quoted_reach
        near = set(range(bisect.bisect_left(starts, start - 2), bisect.bisect_right(starts, end + 3)))
        k = bisect.bisect_left(starts, start) - 1  # the spans opening before ``start``, last first
        while k >= 0 and reach[k] > start:  # some span up to k still runs past ``start``
            if self.quoted[k][1] > start:
                near.add(k)
            k -= 1
        return [self.quoted[k] for k in sorted(near)]

    def sentence(self, i: int) -> tuple[int, int]:
        """Token bounds [start, end) of the sentence token ``i`` stands in."""
        return self._sent_bounds[self._sent_of[i]]

    def sentence_span(self, i: int) -> Any:
        return self._sent_spans[self._sent_of[i]]

    def subtree(self, i: int) -> tuple[int, int]:
        """:func:`subtree` of token ``i``, asked of spaCy once (most tokens' are never needed)."""
        bounds = self._edges.get(i)
        if bounds is None:
            bounds = self._edges[i] = subtree(self.doc[i])
        return bounds

    def subject(self, i: int) -> int | None:
        """The subject of verb ``i``, following xcomp/conj/advcl chains up to a verb that has one; the
        agent of a passive ("was endorsed by X"); the subject of "be" for its complement ("they are
        afraid")."""
        verb = i
        for _ in range(4):
            for c in self.children[verb]:
                if self.dep[c] == "nsubj":
                    return self._outside_quote(verb, c)
                if self.dep[c] == "nsubjpass":
                    return next((g for a in self.children[verb] if self.dep[a] == "agent"
                                 for g in self.children[a] if self.dep[g] == "pobj"), None)
            if self.dep[verb] in _CHAIN_DEPS and self.heads[verb] != verb:
                verb = self.heads[verb]
            else:
                return None
        return None

    def _outside_quote(self, verb: int, subj: int) -> int:
        """``subj``, or another subject of ``verb`` when ``subj`` stands inside a quotation: in
        '"Anybody who crosses her pays for it," said Maria Olsen' the parser makes both "Anybody" and
        "Olsen" subjects of "said", and the one in quotation marks is what was said."""
        if not self.in_quote[subj]:
            return subj
        return next((c for c in self.children[verb] if self.dep[c] == "nsubj" and not self.in_quote[c]), subj)


def subtree(tok: Any) -> tuple[int, int]:
    """Token bounds of ``tok``'s subtree (spaCy keeps subtrees contiguous for projective parses)."""
    return tok.left_edge.i, tok.right_edge.i + 1
