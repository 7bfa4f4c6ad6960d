"""Scraped page text: the article's lead set apart from it by a box.

A page may set a "Related" box, a "More on this" list or a section heading between an article's lead
(its first paragraphs, under the headline) and the rest of it. The box's heading is a breaker, which
ends the stretch the article is sought in (:mod:`newsradar.extract.text`), so the rules and the line
model see only what stands below it, and the lead, a shorter run of prose above the box, is lost.

Its standfirst, the line right under the headline that sums the story up, has no full stop and is
set apart from the first paragraph by a byline, a date or share buttons: the line model, which reads
a line's shape and neighbours, doubts it (log-odds -1.5 to -3.5 where it was lost).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsradar.extract.dates import find_dates
from newsradar.extract.texthead import is_address
from newsradar.extract.textlines import COMMENTS_CUE, NEIGHBOURS_CUE, Line

# The line model's log-odds a prose line above the box needs: it reads the lines around each line and
# whether the rules' run holds it, and a lead cut off from that run by a box and share buttons scores
# low (-1.5 to -2.5 on the pages where it was lost), while a teaser's summary or a sidebar's blurb
# scores lower still.
LEAD_ACROSS = -2.5


def lead_across(lines: list[Line], top: int, meta: set[int], closes: Callable[[Line], bool]) -> list[Line]:
    """The prose lines of the stretch right above the one the article was sought in (``top``: its first
    line) that the line model finds likely enough (:data:`LEAD_ACROSS`), when the breaker between
    the two is neither a comments header nor links to the neighbouring posts: reader comments and
    another post stand above those. Lines read as metadata (``meta``), consent notices and a line that
    closes an article (``closes``: a filing line, a copyright notice) are not a lead."""
    if top <= 0 or COMMENTS_CUE.search(lines[top - 1].text) or NEIGHBOURS_CUE.search(lines[top - 1].text):
        return []
    start = next((ln.index + 1 for ln in reversed(lines[:top - 1]) if ln.kind == "breaker"), 0)
    return [ln for ln in lines[start:top - 1] if ln.kind == "prose" and ln.odds > LEAD_ACROSS
            and ln.index not in meta and not ln.notice and not closes(ln)]


# The line model's log-odds a standfirst needs: a menu item or a site's tagline scores lower still.
STANDFIRST_ODDS = -4.0
STANDFIRST_WORDS = 8  # a sentence's worth: a kicker or a section's name is shorter
# Separators and arrows of a navigation or a filing line ("« Previous | Blog Home | Next »", "Share ·
# Tweet"), or a one-word label ("Recommended: …", "Update: …"): not a standfirst.
_NOT_STANDFIRST = re.compile(r"[|·«»•]|^\W*\w+:\s")


def standfirst(lines: list[Line], title: str | None, meta: set[int], lo: int, top: int,
               closes: Callable[[Line], bool]) -> Line | None:
    """The line right under the headline (``title``, a line read as metadata between ``lo``, the first
    line of the stretch, and ``top``, the first of the article's run), past a date, a byline or share
    buttons under it, when it reads as the story's standfirst: a line of prose or an unpunctuated one
    of :data:`STANDFIRST_WORDS` words or more, not metadata, a date line, a consent notice or a closing
    line, that the line model does not rule out (:data:`STANDFIRST_ODDS`)."""
    if not title:
        return None
    at = next((ln.index for ln in lines[lo:top] if ln.index in meta and ln.text == title), -1)
    if at < 0 or at + 1 >= top:
        return None
    # A date, a byline or share buttons may stand between the headline and its standfirst.
    at += 1
    while at < top - 1 and (lines[at].dateish or lines[at].kind in ("byline", "chrome")):
        at += 1
    ln = lines[at]
    if (ln.index in meta or ln.notice or ln.dateish or ln.kind not in ("prose", "short", "weak")
            or ln.words < STANDFIRST_WORDS or ln.odds <= STANDFIRST_ODDS or closes(ln)
            or is_address(ln.text) or _NOT_STANDFIRST.search(ln.text)):
        return None
    # A dateline longer than a date line ("Published on 19 June 2016 by the editors")
    if any(ch.isdigit() for ch in ln.text) and find_dates(ln.text):
        return None
    return ln
