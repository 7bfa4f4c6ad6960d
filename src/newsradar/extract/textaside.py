"""Scraped page text: what the page sets beside the article's prose and the line model takes for it.

The author's box below the article ("Jane Doe is a senior writer for the Gazette, covering the river
towns.") and a picture's caption amid it closed by its credit in brackets ("… starten im März.
(Quelle: Hume/Unsplash)") read as prose; the HTML path drops both by their markup.
"""

from __future__ import annotations

import re

from newsradar.extract.result import Extraction
from newsradar.extract.textlines import Line
from newsradar.record import Image

# The author's box under the article ("Jane Doe is a senior writer for the Gazette, covering the river
# towns.", "Max Muster ist Redakteur im Ressort Wirtschaft."): a name, what the author is or does, and a
# trade. Prose, it joined the article's run as its last paragraph.
_BIO = re.compile(r"^(?:über |about )?(?P<name>(?:[A-ZÄÖÜ][\w'’.-]+ ){1,3})(?:is|was|ist|war|leitet|arbeitet|"
                  r"schreibt|writes|covers|beschäftigt sich|lives|lebt|has been)\b", re.U)
_TRADE = re.compile(r"journalist|editor|writer|reporter|author|columnist|correspondent|professor|founder|expert|"
                    r"redakteur|autor|korrespondent|gründer|leiter|manager|head of|blogger|freelance|freie[rn]? ", re.I)
_NOT_A_NAME = frozenset({"this", "that", "it", "he", "she", "there", "the", "der", "die", "das", "es", "er", "sie",
                         "dies", "our", "we", "they", "what", "who", "here", "hier"})
BIO_WORDS = 80

# A caption amid the article closed by its credit in brackets ("… starten im März. (Quelle: Hume/Unsplash)",
# "… en Buenos Aires. (Fuente: Télam)"): the HTML path drops it by its markup, the line model reads a sentence
# amid the article's. The shared caption patterns (data/captions.tsv) leave a source's label in brackets
# alone, since the HTML path, which reads them too, lost on dragnet with it.
_CREDITED = re.compile(r"\(\s*(?:fotos?|bild|bildquelle|quelle|photos?|source|fuente|image|imagen|crédito|credit)\s*:"
                       r"\s*(?P<credit>[^()]{2,80})\)\.?\s*$", re.I)
CAPTION_WORDS = 40


def without_author_box(lines: list[Line], out: Extraction, used: set[int]) -> set[int]:
    """``out.paragraphs`` without the author's box as its last paragraph (:data:`_BIO`: a name, what
    the author is or does, a trade), and ``used`` without its line; an article of that one paragraph
    is kept."""
    if len(out.paragraphs) < 2 or not _author_box(out.paragraphs[-1]):
        return used
    last = out.paragraphs.pop()
    at = max((ln.index for ln in lines if ln.index in used and ln.text == last), default=-1)
    return used - {at}


def _author_box(text: str) -> bool:
    m = _BIO.match(text)
    return (m is not None and m.group("name").split()[0].lower() not in _NOT_A_NAME
            and len(text.split()) <= BIO_WORDS and _TRADE.search(text) is not None)


def credited_caption(ln: Line) -> Image | None:
    """The picture whose caption ``ln`` is, when a credit in brackets closes it (:data:`_CREDITED`)."""
    m = _CREDITED.search(ln.text) if ln.words <= CAPTION_WORDS else None
    if m is None:
        return None
    return Image(caption=ln.text[:m.start()].strip() or None, credit=m.group("credit").strip())
