"""The extraction gold sets and how each is scored, shared by ``bench.extraction`` and the gold gates.

``trafilatura_eval`` is scored as trafilatura's own evaluation does (``tests/eval_common.py`` there):
after white space is collapsed, each ``with`` snippet found in the output is a true positive and each
one missed a false negative; each ``without`` snippet found is a false positive, absent a true
negative; precision, recall and F1 come from the counts summed over the pages.

``dragnet`` is scored token by token: the output's and the gold's lower-cased word tokens are bags,
their overlap gives the page's precision and recall, and the set's figures are the means over its
pages (F1 is the mean of the pages' F1). Reader comments, after the gold's ``COMMENTS`` marker, are
not part of the gold.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

# The line that ends an article and begins its reader comments in dragnet's corrected files. Its
# README gives "!@#$%^&*()  COMMENTS", but the annotators typed it about ten ways (one space or three,
# a tab, a symbol missing or doubled: 20 of the 416 marker lines), and an exact split left the
# comments of 20 pages, 6 of them in the test split, in their gold.
COMMENTS_MARK = re.compile(r"^[!@#$%^&*() \t]{6,}COMMENTS[ \t\r]*$", re.M)
_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+", re.U)


@dataclass(slots=True)
class Page:
    """One gold page: its raw bytes and what the body must (and must not) hold."""

    key: str
    html: bytes
    gold: str = ""  # dragnet: the body text
    with_: list[str] = field(default_factory=list)  # trafilatura_eval: snippets the body must hold
    without: list[str] = field(default_factory=list)  # trafilatura_eval: snippets it must not
    language: str = "?"
    scoring: str = "snippets"  # or "tokens"


def norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def trafilatura_eval(shared: Path) -> list[Page]:
    root = shared / "data" / "extraction" / "trafilatura_eval"
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url, item in data.items():
        path = root / "html" / (item["file"] + ".gz")
        pages.append(Page(url, gzip.decompress(path.read_bytes()), with_=list(item["with"]),
                          without=list(item["without"])))
    _set_languages(pages)
    return pages


def dragnet(shared: Path, split: str = "test") -> list[Page]:
    root = shared / "data" / "extraction" / "dragnet"
    names = [n.strip() for n in (root / f"{split}.txt").read_text().split() if n.strip()]
    pages = []
    for name in names:
        html_path, gold_path = root / "HTML" / f"{name}.html.gz", root / "Corrected" / f"{name}.html.corrected.txt"
        if not (html_path.is_file() and gold_path.is_file()):
            continue
        gold = COMMENTS_MARK.split(gold_path.read_text(encoding="utf-8", errors="replace"), maxsplit=1)[0]
        pages.append(Page(name, gzip.decompress(html_path.read_bytes()), gold=gold, scoring="tokens"))
    _set_languages(pages)
    return pages


def _set_languages(pages: list[Page]) -> None:
    """Each page's language, told from its gold text (never from any extractor's output)."""
    from newsradar.extract.language import detect

    for p in pages:
        sample = p.gold or " ".join(p.with_)
        p.language = detect(sample) or "?"


@dataclass(slots=True)
class SnippetScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, page: Page, output: str | None) -> None:
        out = norm(output or "")
        tp = sum(1 for w in page.with_ if output and norm(w) in out)
        fp = sum(1 for w in page.without if output and norm(w) in out)
        self.tp, self.fn = self.tp + tp, self.fn + len(page.with_) - tp
        self.fp, self.tn = self.fp + fp, self.tn + len(page.without) - fp

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        d = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / d if d else 0.0


def tokens(text: str) -> Counter[str]:
    return Counter(t.lower() for t in _TOKEN.findall(text))


@dataclass(slots=True)
class TokenScore:
    precision_sum: float = 0.0
    recall_sum: float = 0.0
    f1_sum: float = 0.0
    pages: int = 0

    def add(self, page: Page, output: str | None) -> None:
        p, r, f = token_prf(tokens(page.gold), tokens(output or ""))
        self.precision_sum += p
        self.recall_sum += r
        self.f1_sum += f
        self.pages += 1

    @property
    def precision(self) -> float:
        return self.precision_sum / self.pages if self.pages else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.pages if self.pages else 0.0

    @property
    def f1(self) -> float:
        return self.f1_sum / self.pages if self.pages else 0.0


def token_prf(gold: Counter[str], got: Counter[str]) -> tuple[float, float, float]:
    common = sum((gold & got).values())
    if not common:
        return 0.0, 0.0, 0.0
    p, r = common / sum(got.values()), common / sum(gold.values())
    return p, r, 2 * p * r / (p + r)


def score(pages: Iterable[Page], outputs: Iterable[str | None]) -> SnippetScore | TokenScore:
    """The set's score for these outputs (one per page, in order)."""
    pages = list(pages)
    s: SnippetScore | TokenScore = TokenScore() if pages and pages[0].scoring == "tokens" else SnippetScore()
    for page, out in zip(pages, outputs, strict=True):
        s.add(page, out)
    return s
