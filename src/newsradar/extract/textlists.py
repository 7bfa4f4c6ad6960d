"""Scraped text: the list a sentence of the article announces.

An article often ends a sentence with a colon and gives what it announces as a list, one short line an
item ("You will need:", "Dazu benötigen Sie:", "Was an der Umstellung am aufwändigsten war:"). Short
lines weigh against the run they sit in (:mod:`newsradar.extract.text`), and the rules keep them only
between two paragraphs; a list that ends the article, or that the line model reads as a menu, was
lost. :func:`announced_lists` gives its items back.
"""

from __future__ import annotations

from newsradar.extract.textlines import Line

# A sentence that announces what follows ("Dazu benötigen Sie nur wenige Dinge:"), not the heading of
# a box of links ("Popular Projects:", "Read more:", "Enter your email address:").
INTRO_WORDS = 6
# Items, at most: a longer run of short lines is a menu or a block of links.
LIST_ITEMS = 15


def announced_lists(lines: list[Line], kept: list[Line], taken: set[int], last: int) -> list[Line]:
    """The items of each list that a kept line announces: a line of ``INTRO_WORDS`` words or more of
    ``kept`` (the article's lines, in page order) ending with a colon, then up to ``LIST_ITEMS`` short
    lines, no date among them, down to the next line of another kind, not below ``last``. Lines in
    ``taken`` (read as metadata) and those already kept are left out."""
    have = {ln.index for ln in kept} | taken
    found: list[Line] = []
    for ln in kept:
        if ln.words < INTRO_WORDS or not ln.text.rstrip().endswith(":"):
            continue
        items: list[Line] = []
        for nxt in lines[ln.index + 1:last + 1]:
            if nxt.kind != "short" or nxt.dateish or nxt.notice or nxt.index in taken:
                break
            items.append(nxt)
        if len(items) <= LIST_ITEMS:
            new = [x for x in items if x.index not in have]
            found.extend(new)
            have.update(x.index for x in new)
    return found
