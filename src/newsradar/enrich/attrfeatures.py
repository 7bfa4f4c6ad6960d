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

from newsradar.enrich.docview import CUE_POS, DocView

# dependents that never hold what is said: grammar words and punctuation
_NOT_CONTENT = {"aux", "auxpass", "neg", "punct", "cc", "det", "case", "prt", "predet", "expl", "mark", "dep"}
_QUOTE_CHARS = set("\"“”‘’«»'`")
_PRONOUNS = {"he", "she", "they", "i", "we", "you", "it", "who", "that", "which", "this"}
_LEMMA_DEPS = {"acomp", "attr", "dobj", "oprd", "xcomp", "ccomp", "dative"}
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


def copula(tok: Any) -> Any | None:
    """The "be" that ``tok`` completes ("are afraid that", "is a critic of"), which belongs to the cue."""
    head = tok.head
    if tok.dep_ in ("acomp", "attr") and head.i < tok.i and head.lemma_ == "be":
        return head
    return None


def _kind(view: DocView, i: int) -> str:
    """A short description of a noun phrase for features: its entity type, pronoun or part of speech."""
    if view.ent[i]:
        return view.ent[i]
    if view.lower[i] in _PRONOUNS:
        return view.lower[i]
    return view.pos[i]


def _near_quote(view: DocView, i: int) -> str:
    """Whether a quotation ends just before the token or starts just after it (within 3 tokens)."""
    lo, hi = max(0, i - 4), min(len(view.in_quote), i + 5)
    before = view.quoted_in(lo, i) > 0
    after = view.quoted_in(i + 1, hi) > 0
    return f"nq={int(before)}{int(after)}"


def cue_features(view: DocView, tok: Any) -> list[str]:
    """Features of ``tok`` as the head of a cue."""
    i = tok.i
    v_dep, v_lower, v_lemma, v_pos = view.dep, view.lower, view.lemma, view.pos
    lemma, pos, dep, tag = v_lemma[i], v_pos[i], v_dep[i], view.tag[i]
    head = view.heads[i]
    f = [f"l={lemma}", f"p={pos}", f"t={tag}", f"d={dep}", f"l|d={lemma}|{dep}", f"l|t={lemma}|{tag}",
         f"p|d={pos}|{dep}", _near_quote(view, i), f"hp|d={v_pos[head]}|{dep}"]
    kind = view.cues.get(lemma)
    f.append(f"lex={kind}")
    if head != i:
        f.append(f"hl={v_lemma[head]}")
        f.append(f"hl|d={v_lemma[head]}|{dep}")
    deps = set()
    for c in view.children[i]:
        cd = v_dep[c]
        if cd in ("punct",):
            if view.orth[c] == ":" and c > i:
                deps.add("colon")
            continue
        deps.add(cd)
        if cd in ("prep", "agent", "prt", "mark", "advmod", "aux", "neg"):
            f.append(f"k={cd}:{v_lower[c]}")
            f.append(f"l|k={lemma}|{cd}:{v_lower[c]}")
        if cd in ("ccomp", "xcomp") and c > i:
            mark = next((v_lower[g] for g in view.children[c] if v_dep[g] in ("mark", "aux") and g < c), "-")
            f.append(f"k={cd}:{mark}")
            f.append(f"l|k={lemma}|{cd}:{mark}")
            if view.tag[c] == "VBG":
                f.append(f"k={cd}:VBG")
        if cd in _LEMMA_DEPS:
            f.append(f"kl={cd}:{v_lemma[c]}")
            f.append(f"l|kl={lemma}|{cd}:{v_lemma[c]}")
    for d in sorted(deps):
        f.append(f"k={d}")
        f.append(f"l|k={lemma}|{d}")
        f.append(f"p|k={pos}|{d}")
    if kind is not None:
        f.extend(f"lex|k={kind}|{d}" for d in sorted(deps))
    subj = view.subject(i) if pos in ("VERB", "AUX") else next(
        (c for c in view.children[i] if v_dep[c] == "poss"), None)
    sk = _kind(view, subj) if subj is not None else "none"
    f.append(f"s={sk}")
    f.append(f"l|s={lemma}|{sk}")
    if kind is not None:
        f.append(f"lex|s={kind}|{sk}")
    if subj is not None and v_pos[subj] == "NOUN":
        f.append(f"sl={v_lemma[subj]}")
    f.extend(_ancestor(view, i))
    start, end = view.sentence(i)
    f.append(f"first={int(i == start)}")
    if i > start:
        p = i - 1
        f.append(f"prev={v_lower[p] if view.punct[p] or v_pos[p] in ('AUX', 'PART', 'ADP') else v_pos[p]}")
    if i + 1 < end:
        n = i + 1
        f.append(f"next={v_lower[n] if view.punct[n] or v_pos[n] in ('ADP', 'PART', 'SCONJ') else v_pos[n]}")
    f.append(f"tense={view.tense[i]}|{tag}")
    return f


def _ancestor(view: DocView, i: int) -> list[str]:
    """The nearest ancestor that the lexicon knows as a cue, and how token ``i`` hangs under it: a verb
    in the complement of "said" is what was said, seldom an attribution of its own."""
    child, node = i, view.heads[i]
    for depth in range(1, 6):
        if node == child:
            break
        kind = view.cues.get(view.lemma[node])
        if kind is not None and view.pos[node] in CUE_POS:
            return [f"anc={kind}|{view.dep[child]}", f"anc-l={view.lemma[node]}|{view.dep[child]}",
                    f"anc-depth={depth}"]
        child, node = node, view.heads[node]
    return ["anc=none"]


def content_candidates(view: DocView, tok: Any) -> list[Candidate]:
    """The spans the parse offers as the content of the cue headed by ``tok``."""
    doc = view.doc
    i = tok.i
    dep, kids = view.dep, view.children
    sent_start, sent_end = view.sentence(i)
    out: list[Candidate] = []
    own = view.subtree(i)
    # the dependents after the cue that may end its content ("endorsed X | in July", "said X | and left")
    ends = [c for c in kids[i] if c > i and dep[c] not in ("punct", "cc")]
    for c in kids[i]:
        if dep[c] in _NOT_CONTENT:
            if view.orth[c] == ":" and c > i:
                out.append(Candidate("after-colon", ((c + 1, sent_end),)))
            continue
        s, e = view.subtree(c)
        out.append(Candidate(f"child:{dep[c]}", ((s, e),)))
        if c > i and e < own[1]:
            out.append(Candidate(f"right-from:{dep[c]}", ((s, own[1]),)))
            out += [Candidate(f"right-to:{dep[c]}", ((s, right),)) for x in ends
                    if x > c and (right := view.subtree(x)[1]) < own[1]]
        if dep[c] in ("prep", "agent"):
            for g in kids[c]:
                if dep[g] in ("pobj", "pcomp"):
                    out.append(Candidate(f"pobj:{dep[c]}", (view.subtree(g),)))
        if dep[c] in _INNER and c > i:
            out += _inner(view, c, f"{dep[c]}-child")
    out.append(Candidate("sentence", ((sent_start, sent_end),)))
    rest = tuple(f for f in ((sent_start, own[0]), (own[1], sent_end)) if f[1] > f[0])
    if rest:
        out.append(Candidate("sent-minus-own", rest))
    if i + 1 < sent_end:
        out.append(Candidate("after-cue", ((i + 1, sent_end),)))
    head = view.heads[i]
    if head != i:
        hs, he = view.subtree(head)
        around = tuple(f for f in ((hs, own[0]), (own[1], he)) if f[1] > f[0])
        if around and (hs, he) != (sent_start, sent_end):
            out.append(Candidate("head-minus-own", around))
    sent = view.sentence_span(i)
    for a, b in view.quotes_near(sent.start_char, sent.end_char):
        span = doc.char_span(a, b, alignment_mode="expand")
        if span is not None and len(span):
            out.append(Candidate("quote", ((span.start, span.end),)))
    out += [cut for c in out for cut in _cuts(view, c)]
    return _dedupe(out)


# a verb or object between the cue and its content that belongs to the cue: "tried to block | the bill",
# "voiced concerns about | the plan", "issued a statement saying | ...": what hangs after it may be the
# content; the dependents of each that may hold it
_INNER = {"xcomp": ("dobj", "ccomp", "xcomp", "prep"), "dobj": ("acl", "relcl", "ccomp", "prep")}


def _inner(view: DocView, mid: int, name: str) -> list[Candidate]:
    dep = view.dep
    out = []
    for g in view.children[mid]:
        if g < mid or dep[g] not in _INNER[dep[mid]]:
            continue
        if dep[g] == "prep":
            out += [Candidate(f"{name}:pobj", (view.subtree(x),)) for x in view.children[g]
                    if dep[x] in ("pobj", "pcomp")]
        else:
            out.append(Candidate(f"{name}:{dep[g]}", (view.subtree(g),)))
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
    heads, points = view.heads, view.cut_points
    cuts = []
    for k in points[bisect.bisect_left(points, s + 2):bisect.bisect_left(points, e - 1)]:
        node = k
        while heads[node] != node and k <= heads[node] < e:
            node = heads[node]
        left, right = view.subtree(node)
        if left == k and right - 1 >= e - 2 and heads[node] < k:
            word = view.lower[node] if view.pos[node] in ("PRON", "SCONJ", "CCONJ") else view.tag[node]
            cuts.append((k - 1, f"{view.dep[node]}|{word}"))
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
    i = tok.i
    v_pos, v_dep, v_lower, v_orth, kids = view.pos, view.dep, view.lower, view.orth, view.children
    lemma = view.lemma[i]
    name, _, cut = cand.name.partition("+cut:")
    group = name.split(":")[0]
    s, e = cand.start, cand.end
    n = sum(b - a for a, b in cand.frags)
    first, last = s, e - 1
    kind = view.cues.get(lemma)
    f = [f"g={name}", f"gg={group}", f"g|l={name}|{lemma}", f"g|p={name}|{v_pos[i]}", f"g|lex={name}|{kind}",
         f"g|d={name}|{v_dep[i]}"]
    size = min(6, int(math.log2(n + 1)))
    f += [f"len={size}", f"g|len={group}|{size}"]
    first_lower = v_lower[first]
    f.append(f"first={first_lower if first_lower in _START_WORDS or v_orth[first] in _QUOTE_CHARS else v_pos[first]}")
    f.append(f"g|first={group}|{first_lower if first_lower in _START_WORDS else v_pos[first]}")
    f.append(f"last={v_orth[last] if view.punct[last] else v_pos[last]}")
    share = view.quoted_share(s, e)
    q = "none" if share == 0 else ("all" if share > 0.9 else "some")
    f.append(f"q={q}")
    f.append(f"g|q={group}|{q}")
    where = "before" if e <= i else ("after" if s > i else "around")
    f.append(f"where={where}")
    f.append(f"l|where={lemma}|{where}")
    sent_start, sent_end = view.sentence(i)
    f.append(f"sents={int(s < sent_start) + int(e > sent_end)}")
    f.append(f"to-end={int(e >= sent_end - 1)}")
    f.append(f"from-start={int(s <= sent_start + 1)}")
    verb = v_pos[i] in ("VERB", "AUX")
    subj = view.subject(i) if verb else None
    if subj is not None:
        f.append(f"has-subj={int(s <= subj < e)}")
    clause = any(view.clause_in(a, b) for a, b in cand.frags)
    f.append(f"clause={int(clause)}")
    f.append(f"g|clause={group}|{int(clause)}")
    heads = view.heads
    roots = [k for a, b in cand.frags for k in range(a, b) if not (s <= heads[k] < e) or heads[k] == k]
    if roots:
        f.append(f"root={v_dep[roots[0]]}|{v_pos[roots[0]]}")
    f.append(f"g|roots={group}|{min(3, len(roots))}")
    f += _edges(view, sent_start, sent_end, s, e, group)
    mid = inner_head(tok, cand)
    if mid is not None:
        f.append(f"g|ml={name}|{view.lemma[mid.i]}")  # "voiced concerns about": the object says it
    if len(cand.frags) > 1:
        f.append("split")
    if cut:
        f.append(f"cut={cut}")
        f.append(f"g|cut={group}|{cut.split('|')[0]}")
        f.append(f"l|cut={lemma}|{cut.split('|')[0]}")
    else:
        f.append("uncut")
    gap = i - e if e <= i else (s - i - 1 if s > i else 0)
    between = range(e, i) if e <= i else range(i + 1, s)
    words = view.words_in(between.start, between.stop)
    f.append(f"gap={_bucket(gap)}")
    f.append(f"g|gap={group}|{_bucket(gap)}|{_bucket(words)}")
    if group == "quote":
        subj = view.subject(i)
        lo, hi = view.subtree(subj) if subj is not None else (0, 0)
        only = all(not view.word[k] or lo <= k < hi for k in between)
        f.append(f"q-adjacent={int(only)}|{where}")
    frame = ",".join(sorted({v_dep[c] for c in kids[i] if v_dep[c] not in _NOT_CONTENT}))
    f.append(f"g|fr={name}|{frame}")
    if group in ("right-from", "right-to"):
        own_end = view.subtree(i)[1]
        first_child = next(c for c in kids[i] if view.subtree(c)[0] == s)
        stop = "none"
        for c in kids[i]:
            if c > first_child and v_dep[c] not in ("punct",):
                tail = v_lower[c] if v_dep[c] in ("prep", "mark", "advmod", "cc") else v_pos[c]
                dated = any(view.ent[t] in ("DATE", "TIME") for t in _descendants(view, c))
                what = f"{v_dep[c]}|{tail}|{'date' if dated else ''}"
                if view.subtree(c)[0] < e:
                    f.append(f"tail={what}")
                    f.append(f"l|tail={lemma}|{v_dep[c]}")
                elif stop == "none":
                    stop = what  # the first dependent left out: where the content stops
                    f.append(f"l|stop={lemma}|{v_dep[c]}")
        f.append(f"stop={stop}")
        f.append(f"tail-end={int(own_end >= sent_end - 1)}")
    return f


def _descendants(view: DocView, i: int) -> list[int]:
    """Token ``i`` and every token below it (``Token.subtree``, in no particular order)."""
    out, stack = [], [i]
    while stack:
        k = stack.pop()
        out.append(k)
        stack.extend(view.children[k])
    return out


_EDGE_WORDS = {"which", "who", "whom", "whose", "and", "but", "or", "as", "because", "while", "when", "after",
               "before", "since", "though", "although", "if", "that", "in", "on", "at", "for", "with", "to", "of",
               "by", "from", "during", "saying", "adding", "citing", "according"}


def _edge(view: DocView, i: int) -> str:
    if view.punct[i]:
        return view.orth[i]
    return view.lower[i] if view.lower[i] in _EDGE_WORDS else view.tag[i]


def _edges(view: DocView, sent_start: int, sent_end: int, s: int, e: int, group: str) -> list[str]:
    """The words just outside the candidate and whether it cuts a phrase: content seldom stops before
    a word that hangs from inside it, and often stops before ", which" or "in"."""
    f = []
    if e < sent_end:
        after = _edge(view, e)
        nxt = _edge(view, e + 1) if e + 1 < sent_end and view.punct[e] else ""
        inside = int(s <= view.heads[e] < e)
        f += [f"after={after}|{nxt}", f"g|after={group}|{after}", f"after-in={inside}|{view.dep[e]}"]
    else:
        f.append("after=END")
    if s > sent_start:
        b = s - 1
        before = _edge(view, b)
        inside = int(s <= view.heads[b] < e)
        f += [f"before={before}", f"g|before={group}|{before}", f"before-in={inside}|{view.dep[b]}"]
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
