"""Scraped page text: what the page shows twice is kept once.

A pull quote is a sentence of the article set once more for display; a page may also hold its whole
article twice (a print or mobile copy, a hidden duplicate), which a scraper keeps as it keeps
everything else. :mod:`newsradar.extract.text` calls :func:`without_repeats` on the paragraphs it kept.
"""

from __future__ import annotations

import re

from newsradar.extract.keep import QUOTE_MARKS, QUOTE_MAX, REPEAT_MIN, repeat_key
from newsradar.extract.result import Extraction
from newsradar.extract.textlines import TERMINAL, Line

PULL_QUOTE_WORDS = 6  # a pull quote is a sentence, not a phrase
PULL_QUOTE_NEAR = 6  # paragraphs between a pull quote and the one it quotes, at most
# A page that holds its article twice (a print or mobile copy, a hidden duplicate) repeats a run of
# paragraphs in the same order; an article that quotes a document and then gives it whole repeats its
# paragraphs one at a time, between others of its own.
COPY_PARAGRAPHS = 2
COPY_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”»)\]]*(?:\s|$)")


def without_repeats(lines: list[Line], out: Extraction, used: set[int]) -> set[int]:
    """``out.paragraphs`` without pull quotes and second copies, and ``used`` without their lines. A
    pull quote is a sentence of the flow set once more for display, often cut short or put in
    quotation marks, a few paragraphs from where it stands: a paragraph shaped as one
    (:func:`_quotable`, up to ``QUOTE_MAX`` characters of words) whose words all stand, in order,
    inside a longer paragraph at most ``PULL_QUOTE_NEAR`` paragraphs away. The copy in the flow
    stays, before or after the display copy. As in the HTML path, a paragraph shown twice in full
    stays twice, unless the two stand side by side; so does a passage found again far away (a summary
    above the article, an excerpt of it). A second copy of the article, or of a run of its paragraphs
    (:func:`second_copies`), goes too."""
    keys = [repeat_key(p) for p in out.paragraphs]
    drop = second_copies(out.paragraphs)
    for i, key in enumerate(keys):
        if not (REPEAT_MIN <= len(key) <= QUOTE_MAX and _quotable(out.paragraphs[i], key)):
            continue
        near = keys[max(0, i - PULL_QUOTE_NEAR):i] + keys[i + 1:i + 1 + PULL_QUOTE_NEAR]
        if (i and keys[i - 1] == key) or any(len(other) > len(key) and key in other for other in near):
            drop.add(i)
    if not drop:
        return used
    # The paragraphs are the used lines' texts in page order; the headline and other metadata lines
    # between them do not match the paragraph sought next.
    gone: set[int] = set()
    at = 0
    for ln in lines:
        if at < len(keys) and ln.index in used and ln.text == out.paragraphs[at]:
            if at in drop:
                gone.add(ln.index)
            at += 1
    out.paragraphs = [p for i, p in enumerate(out.paragraphs) if i not in drop]
    return used - gone


def second_copies(paragraphs: list[str]) -> set[int]:
    """Positions of the paragraphs that repeat, in the same order, a run of ``COPY_PARAGRAPHS`` or more
    paragraphs above them (``COPY_CHARS`` characters at least): the page's second copy of its text."""
    first: dict[str, int] = {}
    for n, p in enumerate(paragraphs):
        first.setdefault(p, n)
    drop: set[int] = set()
    i = 0
    while i < len(paragraphs):
        j, k = first[paragraphs[i]], 0
        while i + k < len(paragraphs) and j + k < i and paragraphs[i + k] == paragraphs[j + k]:
            k += 1
        if k >= COPY_PARAGRAPHS and sum(len(p) for p in paragraphs[i:i + k]) >= COPY_CHARS:
            drop.update(range(i, i + k))
            i += k
        else:
            i += 1
    return drop


def _quotable(text: str, key: str) -> bool:
    """Whether ``text`` (its :func:`repeat_key` ``key``) is shaped as a pull quote: a sentence or two, or
    words in quotation marks; not a heading or a list item, whose words a paragraph under it may well
    repeat, nor a paragraph of its own."""
    t = text.strip()
    return (len(key.split()) >= PULL_QUOTE_WORDS and len(_SENTENCE_END.findall(t)) <= 2
            and (TERMINAL.search(t) is not None or t[0] in QUOTE_MARKS or t[-1] in QUOTE_MARKS))
