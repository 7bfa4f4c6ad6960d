"""Which of the chosen blocks are the article's paragraphs (step 4 of :mod:`newsradar.extract.body`).

Runs of links, headings and list items that are links, site chrome lines (``data/chrome.tsv``),
captions and credits, the ``h1`` headline and promotion boxes are left out; a breaker heading after the
middle ends the article; what the page shows twice is kept once.
"""

from __future__ import annotations

import re
from collections import Counter

from newsradar.extract.blocks import Block
from newsradar.extract.lexicon import chrome_category, parse_caption

# Words every caption pattern needs: most paragraphs have none, and skip the caption patterns.
# Looked for as substrings of the lower-cased text, several times faster than a regex with re.I.
# re.I also matches "İ" and "ı" to "i" and "ſ" to "s", which lower() does not (or turns into two
# characters): those are folded first, so the answer is the one re.I gives.
_CAPTION_CUES = ("(", "©", "foto", "photo", "bild", "image", "pic", "credit", "source", "quelle", "fuente", "abb",
                 "grafik", "fig", "illustr")
_CUE_FOLD = str.maketrans({"İ": "i", "ı": "i", "ſ": "s"})
REPEAT_MIN = 30  # characters of a paragraph's words for a repeat of it to be a duplicate, not a refrain
QUOTE_MAX = 300  # characters of a pull quote at most
QUOTE_MARKS = frozenset("\"“”„«»‘’‚'「『")
_PROMO_SIZE = 320
# Words every promotion pattern in chrome.tsv needs one of (lower case).
_PROMO_CUES = ("subscri", "sign up", "regist", "newsletter", "member", "journalis", "support", "abonn")
_WORD = re.compile(r"\w+")


def _caption_cue(text: str) -> bool:
    if not text.isascii():
        text = text.translate(_CUE_FOLD)
    text = text.lower()
    return any(cue in text for cue in _CAPTION_CUES)


def _linky(b: Block) -> bool:
    return b.link_density > 0.6 and b.size < 400


def keep(blocks: list[Block]) -> list[str]:
    """The article's paragraphs among the chosen blocks (step 4 of :mod:`newsradar.extract.body`)."""
    out: list[Block] = []
    last = len(blocks) - 1
    for i, b in enumerate(blocks):
        t = b.text
        if b.in_figure or (b.heading and b.owner.tag == "h1"):
            continue  # the headline is the record's title, not a paragraph of its text
        # Links in a list, a heading, or next to other links are navigation; a link standing alone
        # in the article's run of text is part of it (a source, a petition, a further read).
        if _linky(b) and (b.in_list or b.heading or b.owner.tag != "p"
                          or (i and _linky(blocks[i - 1])) or (i < last and _linky(blocks[i + 1]))):
            continue
        if b.size <= 300 and _caption_cue(t) and parse_caption(t) is not None:
            continue
        category = chrome_category(t) if b.size <= 80 else _promo(t) if b.size <= _PROMO_SIZE else None
        if category is not None:
            if category == "breaker" and (b.heading or b.size < 40) and i > len(blocks) // 2:
                break
            continue
        out.append(b)
    return _without_repeats(out)


def repeat_key(text: str) -> str:
    """The words of ``text``, case-folded, between single spaces and padded with one each side: a key
    found inside another key is a run of that paragraph's words (the scraped-text path reads it too)."""
    return f" {' '.join(_WORD.findall(text.casefold()))} "


def _without_repeats(kept: list[Block]) -> list[str]:
    """The kept blocks' text without what the page shows twice: a summary set once for phones and once
    for desktops (``visible-xs``/``hidden-xs``) side by side, and a pull quote (a quote block, or a
    line in quotation marks) repeating words of a paragraph. Other repeats stay: an article may quote a
    list and print it again in full, or sum up a long paragraph in a bullet point."""
    keys = [repeat_key(b.text) for b in kept]
    counts = Counter(keys)
    # Keys are padded with a space each side: joined, two spaces stand between them, which no key
    # holds, so a key found twice in the whole is found inside another paragraph.
    joined = "".join(keys)
    out: list[str] = []
    last = ""
    for b, key in zip(kept, keys, strict=True):
        n = len(key)
        if n >= REPEAT_MIN and (key == last or (
                n <= QUOTE_MAX and (b.in_quote or b.text[0] in QUOTE_MARKS) and counts[key] == 1
                and joined.count(key) > 1)):
            continue
        last = key
        out.append(b.text)
    return out


def _promo(text: str) -> str | None:
    """``"promo"`` for a promotion box's lines (a newsletter sign-up, a membership appeal, a paywall
    notice), which run longer than other chrome; none of the other chrome patterns is matched on
    lines this long. The cues spare most paragraphs the chrome patterns."""
    low = text.lower()
    if not any(cue in low for cue in _PROMO_CUES):
        return None
    return "promo" if chrome_category(text) == "promo" else None
