"""What the attribution model sees: which words may be the cue of an attribution, which spans may be
its content, and the features of each, read from the spaCy parse.

An attribution (reported speech, a thought, an intention, a stance, a source such as "according to")
has a cue, usually a verb or a noun ("said", "vowed", "his claim"), its content and often a source.
Every verb, noun, adjective and a few function words (":" of a headline, "according") is a cue
candidate; its content is one of the spans the parse offers around it: the subtree of one of its
dependents (a complement clause, an object, an infinitive, a prepositional object), everything to its
right, its sentence, the sentence or clause around it less its own words ("The goal, he said, is
peace"), the text after a colon, or a quotation beside it. :mod:`newsradar.enrich.attrmodel` scores
both with weights learnt from annotated news (``tools/train_attributions.py``).

Features are short strings ("l=say", "k=ccomp"), so that the weights file is readable and the same
code extracts them for training and at run time.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Any

from newsradar.enrich.nlp import doc_text, sentence

CUE_POS = {"VERB", "AUX", "NOUN", "ADJ"}
CUE_WORDS = {"according", ":", "―", "—", "--"}
# dependents that never hold what is said: grammar words and punctuation
_NOT_CONTENT = {"aux", "auxpass", "neg", "punct", "cc", "det", "case", "prt", "predet", "expl", "mark", "dep"}
_QUOTE_CHARS = set("\"“”‘’«»'`")
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "who", "that", "which", "this"}
_LEMMA_DEPS = {"acomp", "attr", "dobj", "oprd", "xcomp", "ccomp", "dative"}
# what sets off a trailing aside that a content may be cut before (:func:`_cuts`)
_CUT_MARKS = {",", ";", "—", "–", "--", "(", ":"}
_START_WORDS = {"that", "to", "whether", "if", "how", "what", "why", "when", "who", "as", "for", "about", "of"}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible content of the cue: where it came from and its token ranges [start, end)."""

    name: str
    frags: tuple[tuple[int, int], ...]

    @property
    def start(self) -> int:
        return self.frags[0][0]

    @property
    def end(self) -> int:
        return self.frags[-1][1]


class DocView:
    """One document's parse with what the features need computed once: which tokens stand inside
    quotation marks, and the cue lexicon."""

    def __init__(self, doc: Any, quoted: list[tuple[int, int]], cues: dict[str, str]) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.cues = cues
        starts = [a for a, _ in quoted]
        ends = [b for _, b in quoted]
        self.quoted = sorted(quoted)
        self.in_quote = [False] * len(doc)
        # per token, once: the features read them for every candidate span, and spaCy's Token objects
        # are costly to make
        self.heads: list[int] = []
        self.word: list[bool] = []
        self.clause_verb: list[bool] = []
        # where a trailing aside may be cut off (:func:`_cuts`): after a comma, semicolon, dash or
        # bracket, or before a verb that a conjunction joins; _cuts looks only there, not at every word
        # of every candidate
        self.cut_points: list[int] = []
        prev = None
        for tok in doc:
            n = bisect.bisect_right(starts, tok.idx) - 1
            self.in_quote[tok.i] = n >= 0 and tok.idx < ends[n]
            self.heads.append(tok.head.i)
            self.word.append(not (tok.is_punct or tok.is_space))
            self.clause_verb.append(tok.pos_ in ("VERB", "AUX")
                                    and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children))
            if prev is not None and (prev.text in _CUT_MARKS or (prev.dep_ == "cc" and tok.pos_ in ("VERB", "AUX"))):
                self.cut_points.append(tok.i)
            prev = tok

    def is_candidate(self, tok: Any) -> bool:
        if self.in_quote[tok.i]:
            return False
        return (tok.pos_ in CUE_POS and not tok.is_punct) or tok.lower_ in CUE_WORDS

    def candidates(self) -> list[Any]:
        return [t for t in self.doc if self.is_candidate(t)]

    def quoted_share(self, s: int, e: int) -> float:
        words = [i for i in range(s, e) if self.word[i]]
        if not words:
            return 0.0
        return sum(self.in_quote[i] for i in words) / len(words)


def subtree(tok: Any) -> tuple[int, int]:
    """Token bounds of ``tok``'s subtree (spaCy keeps subtrees contiguous for projective parses)."""
    return tok.left_edge.i, tok.right_edge.i + 1


def subject_of(tok: Any) -> Any | None:
    """The subject of a verb, following xcomp/conj/advcl chains up to a verb that has one; the agent
    of a passive ("was endorsed by X"); the subject of "be" for its complement ("they are afraid")."""
    verb = tok
    for _ in range(4):
        for c in verb.children:
            if c.dep_ == "nsubj":
                return c
            if c.dep_ == "nsubjpass":
                agent = next((g for a in verb.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"),
                             None)
                return agent
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp", "attr") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def copula(tok: Any) -> Any | None:
    """The "be" that ``tok`` completes ("are afraid that", "is a critic of"), which belongs to the cue."""
    head = tok.head
    if tok.dep_ in ("acomp", "attr") and head.i < tok.i and head.lemma_ == "be":
        return head
    return None


def _kind(tok: Any) -> str:
    """A short description of a noun phrase for features: its entity type, pronoun or part of speech."""
    if tok.ent_type_:
        return str(tok.ent_type_)
    if tok.lower_ in _PRONOUNS:
        return str(tok.lower_)
    return str(tok.pos_)


def _near_quote(view: DocView, tok: Any) -> str:
    """Whether a quotation ends just before the token or starts just after it (within 3 tokens)."""
    doc = view.doc
    lo, hi = max(0, tok.i - 4), min(len(doc), tok.i + 5)
    before = any(view.in_quote[i] for i in range(lo, tok.i))
    after = any(view.in_quote[i] for i in range(tok.i + 1, hi))
    return f"nq={int(before)}{int(after)}"


def cue_features(view: DocView, tok: Any) -> list[str]:
    """Features of ``tok`` as the head of a cue."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_
    dep = tok.dep_
    head = tok.head
    f = [f"l={lemma}", f"p={pos}", f"t={tok.tag_}", f"d={dep}", f"l|d={lemma}|{dep}", f"l|t={lemma}|{tok.tag_}",
         f"p|d={pos}|{dep}", _near_quote(view, tok), f"hp|d={head.pos_}|{dep}"]
    kind = view.cues.get(lemma)
    f.append(f"lex={kind}")
    if head.i != tok.i:
        f.append(f"hl={head.lemma_.lower()}")
        f.append(f"hl|d={head.lemma_.lower()}|{dep}")
    deps = set()
    for c in tok.children:
        cd = c.dep_
        if cd in ("punct",):
            if c.text == ":" and c.i > tok.i:
                deps.add("colon")
            continue
        deps.add(cd)
        if cd in ("prep", "agent", "prt", "mark", "advmod", "aux", "neg"):
            f.append(f"k={cd}:{c.lower_}")
            f.append(f"l|k={lemma}|{cd}:{c.lower_}")
        if cd in ("ccomp", "xcomp") and c.i > tok.i:
            mark = next((g.lower_ for g in c.children if g.dep_ in ("mark", "aux") and g.i < c.i), "-")
            f.append(f"k={cd}:{mark}")
            f.append(f"l|k={lemma}|{cd}:{mark}")
            if c.tag_ == "VBG":
                f.append(f"k={cd}:VBG")
        if cd in _LEMMA_DEPS:
            f.append(f"kl={cd}:{c.lemma_.lower()}")
            f.append(f"l|kl={lemma}|{cd}:{c.lemma_.lower()}")
    for d in sorted(deps):
        f.append(f"k={d}")
        f.append(f"l|k={lemma}|{d}")
        f.append(f"p|k={pos}|{d}")
    if kind is not None:
        f.extend(f"lex|k={kind}|{d}" for d in sorted(deps))
    subj = subject_of(tok) if pos in ("VERB", "AUX") else next(
        (c for c in tok.children if c.dep_ == "poss"), None)
    sk = _kind(subj) if subj is not None else "none"
    f.append(f"s={sk}")
    f.append(f"l|s={lemma}|{sk}")
    if kind is not None:
        f.append(f"lex|s={kind}|{sk}")
    if subj is not None and subj.pos_ == "NOUN":
        f.append(f"sl={subj.lemma_.lower()}")
    f.extend(_ancestor(view, tok))
    sent = sentence(tok)
    f.append(f"first={int(tok.i == sent.start)}")
    if tok.i > sent.start:
        prev = view.doc[tok.i - 1]
        f.append(f"prev={prev.lower_ if prev.is_punct or prev.pos_ in ('AUX', 'PART', 'ADP') else prev.pos_}")
    if tok.i + 1 < sent.end:
        nxt = view.doc[tok.i + 1]
        f.append(f"next={nxt.lower_ if nxt.is_punct or nxt.pos_ in ('ADP', 'PART', 'SCONJ') else nxt.pos_}")
    f.append(f"tense={tok.morph.get('Tense')[:1]}|{tok.tag_}")
    return f


def _ancestor(view: DocView, tok: Any) -> list[str]:
    """The nearest ancestor that the lexicon knows as a cue, and how ``tok`` hangs under it: a verb in
    the complement of "said" is what was said, seldom an attribution of its own."""
    child, node = tok, tok.head
    for depth in range(1, 6):
        if node.i == child.i:
            break
        kind = view.cues.get(node.lemma_.lower())
        if kind is not None and node.pos_ in CUE_POS:
            return [f"anc={kind}|{child.dep_}", f"anc-l={node.lemma_.lower()}|{child.dep_}", f"anc-depth={depth}"]
        child, node = node, node.head
    return ["anc=none"]


def content_candidates(view: DocView, tok: Any) -> list[Candidate]:
    """The spans the parse offers as the content of the cue headed by ``tok``."""
    doc = view.doc
    sent = sentence(tok)
    out: list[Candidate] = []
    own = subtree(tok)
    # the dependents after the cue that may end its content ("endorsed X | in July", "said X | and left")
    ends = [c for c in tok.children if c.i > tok.i and c.dep_ not in ("punct", "cc")]
    for c in tok.children:
        if c.dep_ in _NOT_CONTENT:
            if c.text == ":" and c.i > tok.i:
                out.append(Candidate("after-colon", ((c.i + 1, sent.end),)))
            continue
        s, e = subtree(c)
        out.append(Candidate(f"child:{c.dep_}", ((s, e),)))
        if c.i > tok.i and e < own[1]:
            out.append(Candidate(f"right-from:{c.dep_}", ((s, own[1]),)))
            out += [Candidate(f"right-to:{c.dep_}", ((s, x.right_edge.i + 1),)) for x in ends
                    if x.i > c.i and x.right_edge.i + 1 < own[1]]
        if c.dep_ in ("prep", "agent"):
            for g in c.children:
                if g.dep_ in ("pobj", "pcomp"):
                    out.append(Candidate(f"pobj:{c.dep_}", (subtree(g),)))
        if c.dep_ in _INNER and c.i > tok.i:
            out += _inner(c, f"{c.dep_}-child")
    out.append(Candidate("sentence", ((sent.start, sent.end),)))
    rest = tuple(f for f in ((sent.start, own[0]), (own[1], sent.end)) if f[1] > f[0])
    if rest:
        out.append(Candidate("sent-minus-own", rest))
    if tok.i + 1 < sent.end:
        out.append(Candidate("after-cue", ((tok.i + 1, sent.end),)))
    if tok.head.i != tok.i:
        hs, he = subtree(tok.head)
        around = tuple(f for f in ((hs, own[0]), (own[1], he)) if f[1] > f[0])
        if around and (hs, he) != (sent.start, sent.end):
            out.append(Candidate("head-minus-own", around))
    for a, b in view.quoted:
        if sent.start_char - 2 <= a <= sent.end_char + 3 or (a < sent.start_char < b):
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None and len(span):
                out.append(Candidate("quote", ((span.start, span.end),)))
    out += [cut for c in out for cut in _cuts(view, c)]
    return _dedupe(out)


# a verb or object between the cue and its content that belongs to the cue: "tried to block | the bill",
# "voiced concerns about | the plan", "issued a statement saying | ...": what hangs after it may be the
# content; the dependents of each that may hold it
_INNER = {"xcomp": ("dobj", "ccomp", "xcomp", "prep"), "dobj": ("acl", "relcl", "ccomp", "prep")}


def _inner(mid: Any, name: str) -> list[Candidate]:
    out = []
    for g in mid.children:
        if g.i < mid.i or g.dep_ not in _INNER[mid.dep_]:
            continue
        if g.dep_ == "prep":
            out += [Candidate(f"{name}:pobj", (subtree(x),)) for x in g.children if x.dep_ in ("pobj", "pcomp")]
        else:
            out.append(Candidate(f"{name}:{g.dep_}", (subtree(g),)))
    return out


def inner_head(tok: Any, cand: Candidate) -> Any | None:
    """The object or infinitive of ``tok`` whose dependent ``cand`` is (an ``_inner`` candidate)."""
    group = cand.name.split(":")[0]
    if not group.endswith("-child"):
        return None
    dep = group[:-len("-child")]
    return next((c for c in tok.children if c.dep_ == dep and c.left_edge.i <= cand.start <= c.right_edge.i),
                None)


def _cuts(view: DocView, cand: Candidate) -> list[Candidate]:
    """The candidate without a trailing aside that hangs from a word before it, set off by a comma,
    semicolon, dash or bracket, or a verb joined by a conjunction: a non-restrictive relative clause
    (", which ..."), a participle (", citing ..."), a further clause ("; they only learned ...", "and
    left the hall"). The earliest such cut and the latest."""
    s, e = cand.frags[-1]
    doc, points = view.doc, view.cut_points
    cuts = []
    for k in points[bisect.bisect_left(points, s + 2):bisect.bisect_left(points, e - 1)]:
        node = doc[k]
        while node.head.i != node.i and k <= node.head.i < e:
            node = node.head
        if node.left_edge.i == k and node.right_edge.i >= e - 2 and node.head.i < k:
            cuts.append((k - 1, f"{node.dep_}|{node.lower_ if node.pos_ in ('PRON', 'SCONJ', 'CCONJ') else node.tag_}"))
    chosen = cuts[:1] + cuts[-1:] if len(cuts) > 1 else cuts
    return [Candidate(f"{cand.name}+cut:{how}", (*cand.frags[:-1], (s, k))) for k, how in chosen]


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    seen: set[tuple[tuple[int, int], ...]] = set()
    out = []
    for c in cands:
        if all(e > s for s, e in c.frags) and c.frags not in seen:
            seen.add(c.frags)
            out.append(c)
    return out


def content_features(view: DocView, tok: Any, cand: Candidate) -> list[str]:
    """Features of ``cand`` as the content of the cue headed by ``tok``."""
    doc = view.doc
    lemma = tok.lemma_.lower()
    name, _, cut = cand.name.partition("+cut:")
    group = name.split(":")[0]
    s, e = cand.start, cand.end
    n = sum(b - a for a, b in cand.frags)
    first, last = doc[s], doc[e - 1]
    kind = view.cues.get(lemma)
    f = [f"g={name}", f"gg={group}", f"g|l={name}|{lemma}", f"g|p={name}|{tok.pos_}", f"g|lex={name}|{kind}",
         f"g|d={name}|{tok.dep_}"]
    size = min(6, int(math.log2(n + 1)))
    f += [f"len={size}", f"g|len={group}|{size}"]
    f.append(f"first={first.lower_ if first.lower_ in _START_WORDS or first.text in _QUOTE_CHARS else first.pos_}")
    f.append(f"g|first={group}|{first.lower_ if first.lower_ in _START_WORDS else first.pos_}")
    f.append(f"last={last.text if last.is_punct else last.pos_}")
    share = view.quoted_share(s, e)
    q = "none" if share == 0 else ("all" if share > 0.9 else "some")
    f.append(f"q={q}")
    f.append(f"g|q={group}|{q}")
    where = "before" if e <= tok.i else ("after" if s > tok.i else "around")
    f.append(f"where={where}")
    f.append(f"l|where={lemma}|{where}")
    sent = sentence(tok)
    f.append(f"sents={int(s < sent.start) + int(e > sent.end)}")
    f.append(f"to-end={int(e >= sent.end - 1)}")
    f.append(f"from-start={int(s <= sent.start + 1)}")
    subj = subject_of(tok) if tok.pos_ in ("VERB", "AUX") else None
    if subj is not None:
        f.append(f"has-subj={int(s <= subj.i < e)}")
    clause = any(view.clause_verb[i] for a, b in cand.frags for i in range(a, b))
    f.append(f"clause={int(clause)}")
    f.append(f"g|clause={group}|{int(clause)}")
    heads = view.heads
    roots = [i for a, b in cand.frags for i in range(a, b) if not (s <= heads[i] < e) or heads[i] == i]
    if roots:
        root = doc[roots[0]]
        f.append(f"root={root.dep_}|{root.pos_}")
    f.append(f"g|roots={group}|{min(3, len(roots))}")
    f += _edges(doc, sent, s, e, group)
    mid = inner_head(tok, cand)
    if mid is not None:
        f.append(f"g|ml={name}|{mid.lemma_.lower()}")  # "voiced concerns about": the object says it
    if len(cand.frags) > 1:
        f.append("split")
    if cut:
        f.append(f"cut={cut}")
        f.append(f"g|cut={group}|{cut.split('|')[0]}")
        f.append(f"l|cut={lemma}|{cut.split('|')[0]}")
    else:
        f.append("uncut")
    gap = tok.i - e if e <= tok.i else (s - tok.i - 1 if s > tok.i else 0)
    between = doc[e:tok.i] if e <= tok.i else doc[tok.i + 1:s]
    words = [t for t in between if not (t.is_punct or t.is_space)]
    f.append(f"gap={_bucket(gap)}")
    f.append(f"g|gap={group}|{_bucket(gap)}|{_bucket(len(words))}")
    if group == "quote":
        subj = subject_of(tok)
        only = all(t.is_punct or t.is_space or (subj is not None and subj.left_edge.i <= t.i <= subj.right_edge.i)
                   for t in between)
        f.append(f"q-adjacent={int(only)}|{where}")
    frame = ",".join(sorted({c.dep_ for c in tok.children if c.dep_ not in _NOT_CONTENT}))
    f.append(f"g|fr={name}|{frame}")
    if group in ("right-from", "right-to"):
        own_end = tok.right_edge.i + 1
        first_child = next(c for c in tok.children if c.left_edge.i == s)
        stop = "none"
        for c in tok.children:
            if c.i > first_child.i and c.dep_ not in ("punct",):
                tail = c.lower_ if c.dep_ in ("prep", "mark", "advmod", "cc") else c.pos_
                ents = {t.ent_type_ for t in c.subtree if t.ent_type_ in ("DATE", "TIME")}
                what = f"{c.dep_}|{tail}|{'date' if ents else ''}"
                if c.left_edge.i < e:
                    f.append(f"tail={what}")
                    f.append(f"l|tail={lemma}|{c.dep_}")
                elif stop == "none":
                    stop = what  # the first dependent left out: where the content stops
                    f.append(f"l|stop={lemma}|{c.dep_}")
        f.append(f"stop={stop}")
        f.append(f"tail-end={int(own_end >= sent.end - 1)}")
    return f


_EDGE_WORDS = {"which", "who", "whom", "whose", "and", "but", "or", "as", "because", "while", "when", "after",
               "before", "since", "though", "although", "if", "that", "in", "on", "at", "for", "with", "to", "of",
               "by", "from", "during", "saying", "adding", "citing", "according"}


def _edge(tok: Any) -> str:
    return str(tok.text) if tok.is_punct else (str(tok.lower_) if tok.lower_ in _EDGE_WORDS else str(tok.tag_))


def _edges(doc: Any, sent: Any, s: int, e: int, group: str) -> list[str]:
    """The words just outside the candidate and whether it cuts a phrase: content seldom stops before
    a word that hangs from inside it, and often stops before ", which" or "in"."""
    f = []
    if e < sent.end:
        after = doc[e]
        nxt = _edge(doc[e + 1]) if e + 1 < sent.end and after.is_punct else ""
        inside = int(s <= after.head.i < e)
        f += [f"after={_edge(after)}|{nxt}", f"g|after={group}|{_edge(after)}", f"after-in={inside}|{after.dep_}"]
    else:
        f.append("after=END")
    if s > sent.start:
        before = doc[s - 1]
        f += [f"before={_edge(before)}", f"g|before={group}|{_edge(before)}",
              f"before-in={int(s <= before.head.i < e)}|{before.dep_}"]
    else:
        f.append("before=START")
    return f


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else "6+")


def decision_features(tok: Any, cand: Candidate, content: list[str], cue_score: float,
                      margin: float) -> tuple[list[str], dict[str, float]]:
    """Features of a cue with the content the ranker chose for it, for the final yes or no: how sure
    the cue scorer was, how clearly that content won, and what it is ("said" with a clause is reported
    speech; "make" with its whole sentence is seldom an attribution)."""
    lemma = tok.lemma_.lower()
    name = cand.name.partition("+cut:")[0]
    group = name.split(":")[0]
    f = [f"c:{x}" for x in content]
    f += [f"l|g={lemma}|{name}", f"p|g={tok.pos_}|{name}", f"d|g={tok.dep_}|{group}",
          f"s1={max(-4, min(4, math.floor(cue_score)))}", f"m={min(4, math.floor(margin))}",
          f"s1|g={max(-4, min(4, math.floor(cue_score)))}|{group}"]
    return f, {"cue": cue_score, "margin": min(margin, 5.0)}
