"""Scraped page text: the article's lead set apart from it by a box.

A page may set a "Related" box, a "More on this" list or a section heading between an article's lead
(its first paragraphs, under the headline) and the rest of it. The box's heading is a breaker, which
ends the stretch the article is sought in (:mod:`newsradar.extract.text`), so the rules and the line
model see only what stands below it, and the lead, a shorter run of prose above the box, is lost.
"""

from __future__ import annotations

from collections.abc import Callable

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
