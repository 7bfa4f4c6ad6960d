"""UD-PETRARCH's gold parses as spaCy Docs, to tell the parser's errors from the coder's.

The UD-PETRARCH validation records carry a hand-checked Universal Dependencies parse (CoNLL-U, UD v1
labels) of each sentence. newsradar's coder reads spaCy's English labels (ClearNLP style), so each
parse is converted: a preposition that UD hangs on its noun (``case``) becomes the ``prep`` of the
word the noun attaches to, with the noun as its ``pobj``; ``nmod:poss`` is ``poss``, ``name`` and
``flat`` are ``compound``, ``compound:prt`` is ``prt``, ``acl:relcl`` is ``relcl``, passives get
``nsubjpass``/``auxpass``. Coding the suite once on spaCy's parse and once on these shows how much
of what is missed the parse costs.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

_LABELS = {"root": "ROOT", "obj": "dobj", "iobj": "dative", "nsubj:pass": "nsubjpass", "aux:pass": "auxpass",
           "nmod:poss": "poss", "name": "compound", "flat": "compound", "compound:prt": "prt", "acl:relcl": "relcl",
           "nmod:tmod": "npadvmod", "nmod:npmod": "npadvmod", "obl:tmod": "npadvmod", "det:predet": "predet",
           "mwe": "prep", "cop": "cop"}
_NO_SPACE_BEFORE = {",", ".", "'s", "’s", "n't", ";", ":", "?", "!", ")", "'", "%"}


def gold_parses(path: Path) -> dict[str, list[list[str]]]:
    """Record id → the CoNLL-U rows of its parse."""
    text = re.sub(r"<!--.*?-->", "", path.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    out = {}
    for m in re.finditer(r"<Sentence\b[^>]*\bid\s*=\s*\"([^\"]+)\"[^>]*>.*?<Parse>(.*?)</Parse>", text, re.S):
        rows = [ln.split("\t") for ln in m.group(2).strip().splitlines() if ln.count("\t") >= 7]
        if rows:
            out[m.group(1)] = rows
    return out


def to_doc(rows: list[list[str]], vocab: Any) -> Any:
    """A spaCy Doc with the parse in ``rows``, relabelled as spaCy's English parser labels."""
    from spacy.tokens import Doc

    n = len(rows)
    words = [r[1] for r in rows]
    heads = [int(r[6]) - 1 if r[6] != "0" else i for i, r in enumerate(rows)]
    deps = [r[7] for r in rows]
    for i, r in enumerate(rows):  # "case" prepositions become heads of their nouns
        if deps[i] == "case" and r[3] == "ADP":
            noun = heads[i]
            if noun != i and deps[noun].split(":")[0] in ("nmod", "obl", "advcl", "acl"):
                heads[i], deps[i] = heads[noun], "prep"
                heads[noun], deps[noun] = i, "pobj"
    deps = [_LABELS.get(d, d.split(":")[0]) for d in deps]
    spaces = [i + 1 < n and words[i + 1] not in _NO_SPACE_BEFORE for i in range(n)]
    return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=[r[3] for r in rows],
               tags=[r[4] for r in rows], lemmas=[r[2] for r in rows], sent_starts=[i == 0 for i in range(n)])
