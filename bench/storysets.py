"""The story gold sets, B-cubed scoring and the TF-IDF agglomerative baseline, shared by
``bench.nlp_stories`` and the gold gates in ``tests/test_stories_gold.py``.

ECB+ (``stories/ecbplus``): topics 1–35 as shipped (33 of them; 772 documents). Each topic holds two
similar but distinct real-world events, the ``*ecb.xml`` and the ``*ecbplus.xml`` files; the story
label is the topic number plus that suffix. A document's text is its ``<token>`` elements, one
sentence per line, with the tokenizer's spaces taken out again where English writes none.

WikiRef220 (``stories/wikiref``): 220 articles whose file name carries their topic; the labels are
coarser than stories (a topic such as "Premier League" spans many stories), so it is a second check,
not a target.

B-cubed (Bagga & Baldwin 1998): for each item, precision is the share of its predicted cluster that
carries its gold label and recall the share of its gold class that landed in its predicted cluster;
the set's figures are the means over items, F1 their harmonic mean.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from newsradar.sources.raw import RawPage

_FILE = re.compile(r"^(\d+)_(\d+)(ecb|ecbplus)\.xml$")
_WIKIREF_TOPIC = re.compile(r"^(.*?)(?:\s*\(\d+\)|\.\d+)?\.txt$")


@dataclass(frozen=True, slots=True)
class GoldDoc:
    key: str  # file name, unique in its set
    topic: str  # ECB+ topic number, WikiRef topic name
    label: str  # the story: topic + ecb/ecbplus; WikiRef: the topic
    text: str

    def page(self) -> RawPage:
        return RawPage(content=self.text, source=self.key, kind="text")


def detokenize(tokens: Sequence[str]) -> str:
    """Tokens joined as English writes them: no space before closing punctuation and clitics, none
    after opening brackets, hyphenated words closed up."""
    text = " ".join(tokens)
    text = re.sub(r"``\s*|\s*''", '"', text)
    text = re.sub(r"\s+([,.;:!?%)\]}]|n't|'s|'re|'ve|'ll|'d|'m|’s)(?=\s|$)", r"\1", text)
    text = re.sub(r"([(\[{$])\s+", r"\1", text)
    text = re.sub(r"(?<=\w) - (?=\w)", "-", text)
    return text


def ecbplus(root: Path, topics: range | None = range(1, 36)) -> list[GoldDoc]:
    """ECB+ documents of ``topics`` (default 1–35), sorted by topic, then document number, then
    suffix (the corpus order)."""
    found: list[tuple[int, int, str, Path]] = []
    for path in root.glob("*/*.xml"):
        m = _FILE.match(path.name)
        if m and (topics is None or int(m.group(1)) in topics):
            found.append((int(m.group(1)), int(m.group(2)), m.group(3), path))
    docs = []
    for topic, _, suffix, path in sorted(found, key=lambda f: (f[0], f[2], f[1])):
        sentences: dict[int, list[str]] = {}
        for tok in etree.parse(str(path)).iter("token"):
            sentences.setdefault(int(tok.get("sentence", "0")), []).append(tok.text or "")
        text = "\n".join(detokenize(sentences[k]) for k in sorted(sentences))
        docs.append(GoldDoc(path.name, str(topic), f"{topic}{suffix}", text))
    return docs


def wikiref(root: Path) -> list[GoldDoc]:
    """WikiRef220 articles, in file-name order, labelled with their topic."""
    docs = []
    for path in sorted((root / "WikiRef220").glob("*.txt")):
        m = _WIKIREF_TOPIC.match(path.name)
        topic = (m.group(1) if m else path.stem).strip().lower()
        text = path.read_bytes().decode("utf-8", errors="replace")
        docs.append(GoldDoc(path.name, topic, topic, text))
    return docs


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float


def bcubed(gold: Sequence[Hashable], predicted: Sequence[Hashable]) -> Scores:
    """B-cubed precision, recall and F1 of ``predicted`` cluster ids against ``gold`` labels."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    if not gold:
        return Scores(0.0, 0.0, 0.0)
    pair = Counter(zip(gold, predicted, strict=True))
    by_gold = Counter(gold)
    by_pred = Counter(predicted)
    p = sum(pair[(g, c)] / by_pred[c] for g, c in zip(gold, predicted, strict=True)) / len(gold)
    r = sum(pair[(g, c)] / by_gold[g] for g, c in zip(gold, predicted, strict=True)) / len(gold)
    return Scores(p, r, 2 * p * r / (p + r) if p + r else 0.0)


def events_apart(docs: Sequence[GoldDoc], predicted: Sequence[Hashable]) -> tuple[int, int]:
    """How many topics keep their two events apart, of how many: a topic does when the story that
    holds most of one event's documents is not the one that holds most of the other's."""
    main: dict[str, Counter[Hashable]] = {}
    for doc, story in zip(docs, predicted, strict=True):
        main.setdefault(doc.label, Counter())[story] += 1
    by_topic: dict[str, list[Hashable]] = {}
    for doc in docs:
        if doc.label in main:
            by_topic.setdefault(doc.topic, []).append(main.pop(doc.label).most_common(1)[0][0])
    pairs = [stories for stories in by_topic.values() if len(stories) == 2]
    return sum(a != b for a, b in pairs), len(pairs)
