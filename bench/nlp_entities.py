"""Entity F1 of newsradar's record against spaCy ``en_core_web_sm`` on CoNLL-2003 ``eng.testa``.

Each CoNLL document (between ``-DOCSTART-`` lines) becomes one article: its tokens joined by single
spaces, one sentence per paragraph. newsradar parses and enriches it exactly as the pipeline does
(``parse`` then ``enrich``) and the figure is read from the record it produces: every mention span of
every ``Article.entities`` item, typed by its entity's ``type``. The peer is the raw ``doc.ents`` of
the stock ``en_core_web_sm`` pipeline on the same texts in the same run. Both go through the same label
map (PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC, NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC; every
other label is ignored) and are scored as conlleval scores: a predicted entity counts only when its
token span and its type both equal a gold entity's (micro-averaged precision, recall, F1).

    python -m bench.nlp_entities

Needs ../shared/data/nlp/conll2003.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from bench.report import SHARED, machine, table, write_section

LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC",
          "EVENT": "MISC", "PRODUCT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC"}
TESTA = SHARED / "data" / "nlp" / "conll2003" / "eng.testa"

Entity = tuple[int, int, int, str]  # document, first token, token after the last, type


@dataclass(slots=True)
class ConllDoc:
    text: str
    starts: dict[int, int]  # character offset of a token's start -> token index
    ends: dict[int, int]  # character offset just after a token -> token index + 1
    gold: set[tuple[int, int, str]]


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents of an IOB1 CoNLL-2003 file (``token POS chunk NER`` per line)."""
    docs: list[list[list[tuple[str, str]]]] = [[]]
    sent: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            if sent:
                docs[-1].append(sent)
                sent = []
            continue
        if parts[0] == "-DOCSTART-":
            if sent:
                docs[-1].append(sent)
                sent = []
            if docs[-1]:
                docs.append([])
            continue
        sent.append((parts[0], parts[-1]))
    if sent:
        docs[-1].append(sent)
    return [_build(d) for d in docs if d]


def _build(sents: list[list[tuple[str, str]]]) -> ConllDoc:
    pieces: list[str] = []
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    gold: set[tuple[int, int, str]] = set()
    pos = 0
    i = 0
    for n, sent in enumerate(sents):
        if n:
            pieces.append("\n\n")
            pos += 2
        open_at: int | None = None
        open_type = ""
        prev = "O"
        for k, (tok, tag) in enumerate(sent):
            if k:
                pieces.append(" ")
                pos += 1
            starts[pos] = i
            pieces.append(tok)
            pos += len(tok)
            ends[pos] = i + 1
            kind = tag[2:] if tag != "O" else ""
            begins = tag.startswith("B-") or (kind and (prev == "O" or prev[2:] != kind))
            if open_at is not None and (not kind or begins):
                gold.add((open_at, i, open_type))
                open_at = None
            if kind and open_at is None:
                open_at, open_type = i, kind
            prev = tag
            i += 1
        if open_at is not None:
            gold.add((open_at, i, open_type))
    return ConllDoc("".join(pieces), starts, ends, gold)


def to_tokens(doc: ConllDoc, spans: Iterable[tuple[int, int, str]]) -> set[tuple[int, int, str]]:
    """Character spans → CoNLL token spans; a span that does not fall on token edges keeps a position
    no gold entity has, so it counts as a wrong prediction."""
    out = set()
    for s, e, label in spans:
        a, b = doc.starts.get(s), doc.ends.get(e)
        out.add((a, b, label) if a is not None and b is not None else (-s - 1, -e - 1, label))
    return out


def prf(gold: set[Entity], pred: set[Entity]) -> tuple[float, float, float]:
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def newsradar_entities(docs: list[ConllDoc]) -> set[Entity]:
    """Every entity mention of the records newsradar produces for ``docs``."""
    from newsradar.enrich import enrich
    from newsradar.enrich.nlp import parse
    from newsradar.record import Article
    from newsradar.settings import Settings

    settings = Settings()
    out: set[Entity] = set()
    texts = [d.text for d in docs]
    for n, (d, parsed) in enumerate(zip(docs, parse(texts, settings.model, settings.batch_size), strict=True)):
        article = enrich(Article(id=str(n), source="conll", text=d.text, language="en"), parsed, settings)
        spans = [(s, e, LABELS[ent.type]) for ent in article.entities if ent.type in LABELS
                 for s, e in ent.mentions]
        out |= {(n, a, b, t) for a, b, t in to_tokens(d, spans)}
    return out


def spacy_entities(docs: list[ConllDoc], model: str) -> set[Entity]:
    """The stock pipeline's own ``doc.ents`` (no newsradar component added)."""
    import spacy

    nlp = spacy.load(model)
    out: set[Entity] = set()
    for n, (d, parsed) in enumerate(zip(docs, nlp.pipe([d.text for d in docs], batch_size=16), strict=True)):
        spans = [(e.start_char, e.end_char, LABELS[e.label_]) for e in parsed.ents if e.label_ in LABELS]
        out |= {(n, a, b, t) for a, b, t in to_tokens(d, spans)}
    return out


def gold_entities(docs: list[ConllDoc]) -> set[Entity]:
    return {(n, a, b, t) for n, d in enumerate(docs) for a, b, t in d.gold}


def by_type(gold: set[Entity], pred: set[Entity]) -> dict[str, tuple[float, float, float]]:
    return {t: prf({g for g in gold if g[3] == t}, {p for p in pred if p[3] == t})
            for t in ("PER", "ORG", "LOC", "MISC")}


def newsradar_f1(path: Path = TESTA) -> float:
    """newsradar's entity F1 on ``path`` (what the quality gate asserts)."""
    docs = read_conll(path)
    return prf(gold_entities(docs), newsradar_entities(docs))[2]


def main(argv: list[str] | None = None) -> None:
    del argv  # no options: the set and the peer are fixed
    if not TESTA.is_file():
        sys.exit(f"bench.nlp_entities: {TESTA} not found: this benchmark needs ../shared beside the checkout")
    from newsradar.settings import Settings

    model = Settings().model
    docs = read_conll(TESTA)
    gold = gold_entities(docs)
    t0 = time.perf_counter()
    ours = newsradar_entities(docs)
    t1 = time.perf_counter()
    peer = spacy_entities(docs, model)
    t2 = time.perf_counter()
    rows = []
    for name, pred in (("spaCy en_core_web_sm `doc.ents` (peer)", peer), ("newsradar record", ours)):
        p, r, f = prf(gold, pred)
        per = by_type(gold, pred)
        rows.append([name, round(p, 3), round(r, 3), round(f, 3),
                     *(round(per[t][2], 3) for t in ("PER", "ORG", "LOC", "MISC"))])
        print(f"{name}: P {p:.3f} R {r:.3f} F1 {f:.3f}", {t: round(v[2], 3) for t, v in per.items()}, flush=True)
    gain = prf(gold, ours)[2] - prf(gold, peer)[2]
    counts = Counter(g[3] for g in gold)
    per_type = ", ".join(f"{t} {counts[t]}" for t in ("PER", "ORG", "LOC", "MISC"))
    md = f"""## Entities: CoNLL-2003 `eng.testa`, newsradar record vs spaCy `en_core_web_sm`

{len(docs)} documents, {len(gold)} gold entities ({per_type}).
Each document is one article (tokens joined by spaces, one sentence per paragraph). newsradar: every
mention of every entity in the record `enrich` produces; peer: raw `doc.ents` of stock `en_core_web_sm`,
same texts, same run. Labels mapped PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC,
NORP/EVENT/PRODUCT/WORK_OF_ART/LAW/LANGUAGE→MISC; conlleval scoring (exact token span and type,
micro-averaged). Time: newsradar {t1 - t0:.1f} s, spaCy {t2 - t1:.1f} s. {machine()}.

{table(["system", "P", "R", "F1", "PER F1", "ORG F1", "LOC F1", "MISC F1"], rows)}

newsradar − spaCy: {gain:+.3f} F1. Target (issue 4): at least spaCy's F1 + 0.05.
"""
    write_section("nlp-entities", md)


if __name__ == "__main__":
    main()
