"""The article body of an HTML page.

Four steps, each a general rule about how pages are built rather than about any one site:

1. **Clean.** Drop what a reader never sees or never reads as the article: scripts, forms' controls,
   navigation, asides, footers, hidden elements, and elements whose class or id names say they are
   furniture (share bars, related links, comment threads, ads, bylines, tag lists), as listed in
   ``data/body_rules.tsv``. An element that wraps a named article body is never dropped.
2. **Segment.** Flatten the tree into text blocks (:mod:`newsradar.extract.blocks`).
3. **Choose the container.** Every block of prose scores the elements above it, as Readability does:
   more for long text and commas, less for text inside links; names such as ``article-body`` or
   ``itemprop="articleBody"`` weigh in. The best-scoring element is the article's container, widened
   to its siblings when they carry prose of their own.
4. **Keep the article's blocks.** Inside the container, blocks that are mostly links, site chrome
   ("Share this", "Read more") or a heading that opens related material are left out
   (:mod:`newsradar.extract.keep`).

When the container holds too little, the page's prose blocks are taken wherever they are, as jusText
does, so a page with odd markup still yields its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from newsradar.extract.blocks import Block, segment
from newsradar.extract.keep import keep
from newsradar.extract.rules import (
    CAPTION,
    CONTENT,
    DROP,
    HARD,
    KEEP,
    NEGATIVE,
    POSITIVE,
    name_flags,
    weight_flags,
)

# Elements never part of an article's text.
_INVISIBLE = ("script", "style", "noscript", "template", "svg", "iframe", "button", "select", "textarea",
              "input", "object", "embed", "video", "audio", "canvas", "map", "head", "label", "menu", "dialog", "math",
              "rt", "rp")  # rt, rp: the readings ruby sets over CJK text
# Inline elements whose class names are about looks (icons, fonts), not about what they hold:
# skipping them keeps the name matching cheap.
_INLINE = frozenset({"a", "b", "i", "em", "strong", "img", "picture", "source", "br", "hr", "wbr", "sup", "sub",
                     "abbr", "code", "small", "u", "s", "font", "meta", "link"})
_TEMPLATE_TYPES = frozenset({"text/template", "text/x-template", "text/html"})
# Furniture by its tag: dropped like furniture by its name, unless it holds the page's text.
_FURNITURE_TAGS = frozenset({"nav", "aside", "footer"})
_COUNT_DESCENDANTS = etree.XPath("count(.//*)")
_TEXT_LENGTH = etree.XPath("string-length(.)")  # counted by libxml2, no Python string made
_ANCHORED = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "p"})
_NEVER_DROP = frozenset({"html", "body", "article", "main"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_COMMAS = ",，、،"
# What a sentence ends with, before any white space. Checked on the text's last character: a regex
# anchored at the end ("[.!?…]\s*$") is tried from every position of the text.
_TERMINALS = frozenset(".!?…。！？:;\"”»)")
_PARA_LIKE = frozenset({"p", "li", "pre", "blockquote", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
                        "figcaption", "caption", "address", "summary", "legend"})
_TAG_BONUS = {"article": 1.25, "main": 1.1, "section": 1.0, "div": 1.0, "td": 0.9, "body": 0.8, "html": 0.7,
              "form": 0.7, "ul": 0.6, "ol": 0.6, "li": 0.6, "dl": 0.6, "table": 0.8, "tr": 0.8}

_MAX_DROP_SHARE = 0.4
_MAX_DROP_TEXT = 1500
_CONTENT_WEIGHT = 3.0
_LEAD_HEADING = 100
_LEAD_LEVELS = 2
_MAX_LEVELS = 3
_SIBLING_RATIO = 4.0
_SIBLING_LINKS = 0.2
_MIN_TITLE_KEY = 12  # characters of a headline for it to name one story among several
_WORD = re.compile(r"\w+")
_STORY_HEADLINE = etree.XPath("(self::article//h1 | .//article//h1)[1]")
_WALL = 100  # weighted characters of non-prose that stop the climb
MIN_BLOCK = 25  # weighted characters for a block to count as prose when scoring containers
MIN_BODY = 200  # weighted characters under which the container is not trusted


@dataclass(slots=True)
class Body:
    """The article's paragraphs, and the element holding them (for images and captions)."""

    paragraphs: list[str] = field(default_factory=list)
    container: Any = None


_LEAD_SCOPE = 4
_LEAD_LOOKBACK = 3
_LEAD_SIZE = 80


def clean(root: Any) -> set[Any]:
    """Drop furniture from the tree in place (step 1); return the elements holding photo captions
    and credits, which stay in the tree for the images but out of the text."""
    _unfold_templates(root)
    etree.strip_elements(root, *_INVISIBLE, with_tail=True)
    protected: set[Any] = set()
    captions: set[Any] = set()
    candidates: list[tuple[int, Any, bool]] = []
    known = name_flags.names  # the rules' cache, read here without a call per element
    # This loop visits every element of every page: each attribute is read only when the element's
    # list of attribute names (one cheap call) says it is there, and each tag is read once.
    for i, el in enumerate(root.iter(etree.Element)):
        tag = el.tag
        if tag in _INLINE:
            continue
        keys = el.keys()
        if tag in _FURNITURE_TAGS:
            candidates.append((i, el, _hidden(el, keys)))
            continue
        if ("hidden" in keys or "style" in keys) and _hidden(el, keys):  # no call for most elements
            if tag not in _NEVER_DROP:
                candidates.append((i, el, True))
            continue
        cls = el.get("class") if "class" in keys else None
        # A heading's or paragraph's id is an anchor made from its own words ("what-to-read-next"),
        # not a statement of what it holds: only its classes count.
        ident = el.get("id") if "id" in keys and tag not in _ANCHORED else None
        names = (f"{cls} {ident}" if ident else cls) if cls else (ident or "")
        if not names:
            if tag != "header" or _in_article(el):
                continue
            names = "header"
        flags = known.get(names)
        if flags is None:
            flags = name_flags(names)
        if flags & CAPTION:
            captions.add(el)
        if flags & CONTENT or ("itemprop" in keys and el.get("itemprop") == "articleBody"):
            protected.add(el)
            protected.update(el.iterancestors())
        elif flags & DROP and not flags & KEEP and tag not in _NEVER_DROP and not _in_sentence(el):
            candidates.append((i, el, bool(flags & HARD)))
    if not candidates:
        return captions
    total = int(_TEXT_LENGTH(root))
    # Elements inside a dropped one follow it in document order: skip up to there.
    skip_until = -1
    for i, el, hard in candidates:
        if i <= skip_until or el in protected:
            continue
        if not hard and _holds_text(el, total):
            continue
        skip_until = i + int(_COUNT_DESCENDANTS(el))
        drop_tree(el)
    return captions


def drop_tree(el: Any) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it (its tail) in place."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unfold_templates(root: Any) -> None:
    """Some blog platforms ship the post as markup inside ``<script type="text/template">`` and render
    it with JavaScript; a reader sees it, so it is put in the tree in the script's place."""
    for script in list(root.iter("script")):
        if (script.get("type") or "").lower() not in _TEMPLATE_TYPES:
            continue
        markup = script.text or ""
        if len(markup) < 200 or "<" not in markup:
            continue
        holder = etree.fromstring(f"<div>{markup}</div>", etree.HTMLParser(remove_comments=True))
        body = holder.find(".//body/div") if holder is not None else None
        if body is None:
            continue
        body.tail = script.tail
        script.getparent().replace(script, body)


def _hidden(el: Any, keys: list[str]) -> bool:
    """Hidden by its ``hidden`` attribute or its inline style (``keys``: the element's attribute names)."""
    return "hidden" in keys or ("style" in keys and _HIDDEN_STYLE.search(el.get("style")) is not None)


def _in_sentence(el: Any) -> bool:
    """A span inside a paragraph is part of its sentence, whatever it is called: the dateline that opens
    the lead ("<span class=dateline>KOBE –</span> A total of…"), a date or a name the text mentions."""
    if el.tag != "span":
        return False
    parent = el.getparent()
    return parent is not None and parent.tag == "p"


def _in_article(el: Any) -> bool:
    """Inside an ``<article>`` or ``<main>``, a ``<header>`` holds the headline and often the lead."""
    return any(a.tag in ("article", "main") for a in el.iterancestors())


def _holds_text(el: Any, total: int) -> bool:
    """A name is a hint, the text is a fact: an element holding a large share of the page, or a long
    run of text that is not links, is not furniture, whatever its wrapper is called
    ("share_wrapper", "l-outer--nav", "dialog-off-canvas-main-canvas")."""
    n = int(_TEXT_LENGTH(el))
    if n > _MAX_DROP_SHARE * total:
        return True
    if n < _MAX_DROP_TEXT:
        return False
    # Each link's text serialised in C: the same characters as "".join(a.itertext()), at a third of the cost.
    links = sum(len(etree.tostring(a, method="text", encoding=str, with_tail=False)) for a in el.iter("a"))
    return links < 0.3 * n


def _names(el: Any) -> str:
    cls, ident = el.get("class"), el.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""


def _class_weight(el: Any) -> float:
    names = _names(el)
    if el.get("itemprop") == "articleBody":
        return _CONTENT_WEIGHT
    if not names:
        return 1.0
    flags = weight_flags(names)
    weight = 1.0
    if flags & CONTENT:
        weight *= _CONTENT_WEIGHT
    elif flags & POSITIVE:
        weight *= 1.25
    if flags & NEGATIVE:
        weight *= 0.6
    return weight


def _block_score(b: Block) -> float:
    text = b.text
    return 1.0 + sum(text.count(c) for c in _COMMAS) + min(b.size / 100.0, 3.0)


def _is_prose(b: Block) -> bool:
    """A block that reads as running text: long enough, few links, ends like a sentence unless long.
    A heading as long as a paragraph is one: publishers set the lead in an ``h2``."""
    return ((not b.heading or b.size >= _LEAD_HEADING) and b.size >= 40 and b.link_density < 0.3
            and (b.size >= 150 or _ends_sentence(b.text)))


def _ends_sentence(text: str) -> bool:
    end = text.rstrip()  # str's white space is the regex \s: both are str.isspace
    return bool(end) and end[-1] in _TERMINALS


def _score_containers(blocks: list[Block]) -> tuple[dict[Any, float], dict[Any, list[int]]]:
    """Readability's content score for every element above a prose block, and each element's totals
    over all its blocks: [text, link text, prose, other] (characters; headings count in neither of
    the last two)."""
    scores: dict[Any, float] = {}
    totals: dict[Any, list[int]] = {}
    for b in blocks:
        owner = b.owner
        # A figure's links ("Download graphic", "Enlarge") lead to its image, not away from the article.
        n, links = len(b.text), (0 if b.in_figure else b.link_chars)
        prose = _is_prose(b)
        good = b.size if prose else 0
        # A heading is neutral unless it is a link: a list of linked headlines is a teaser list.
        bad = 0 if prose or (b.heading and b.link_density < 0.5) else b.size
        t = totals.get(owner)
        if t is None:
            totals[owner] = [n, links, good, bad]
        else:
            t[0] += n
            t[1] += links
            t[2] += good
            t[3] += bad
        if b.size < MIN_BLOCK or b.link_density > 0.5 or b.heading:
            continue
        s = _block_score(b)
        first = owner.getparent() if owner.tag in _PARA_LIKE else owner
        level = 0
        el = first
        while el is not None and level < 5:
            scores[el] = scores.get(el, 0.0) + s / (1 if level == 0 else 2 if level == 1 else level * 3)
            el = el.getparent()
            level += 1
    _add_up(totals)
    return scores, totals


def _add_up(totals: dict[Any, list[int]]) -> None:
    """Turn each block owner's own totals into its subtree's, and give every element above an owner
    its row: each element is visited once and adds its row to its parent's, children before parents
    (rather than each block adding itself to every one of its ancestors)."""
    parent_of: dict[Any, Any] = {}
    order: list[Any] = []  # every element after its parent
    for owner in list(totals):
        path = []
        el = owner
        while el is not None and el not in parent_of:
            parent = el.getparent()
            parent_of[el] = parent
            path.append(el)
            el = parent
        order.extend(reversed(path))
    for el in reversed(order):
        parent = parent_of[el]
        if parent is None:
            continue
        t = totals[el]
        up = totals.get(parent)
        if up is None:
            totals[parent] = t.copy()
        else:
            up[0] += t[0]
            up[1] += t[1]
            up[2] += t[2]
            up[3] += t[3]


def _best(scores: dict[Any, float], totals: dict[Any, list[int]]) -> tuple[Any, float] | None:
    best, best_score = None, 0.0
    for el, s in scores.items():
        n, links = totals[el][:2] if el in totals else (0, 0)
        density = links / n if n else 0.0
        final = s * _class_weight(el) * _TAG_BONUS.get(el.tag, 1.0) * (1.0 - density)
        scores[el] = final
        if final > best_score:
            best, best_score = el, final
    return (best, best_score) if best is not None else None


def _gather(top: Any, totals: dict[Any, list[int]], prose_owners: set[Any]) -> set[Any]:
    """The elements whose blocks make the article: the top container, and around it, level by level,
    sibling subtrees that are mostly prose (an article split into several text modules, with images
    or ads between them). Climbing stops at the first level that holds a sizeable sibling that is
    not prose (navigation, teasers, link lists), or after a few levels. Close above the container,
    the prose of a sibling that comes before it is taken even when the rest of that sibling is not:
    the lead paragraph in an article header beside the headline, date and byline."""
    members = set(top.iter())
    cur, levels = top, 0
    while levels < _MAX_LEVELS:
        parent = cur.getparent()
        if parent is None or parent.tag == "html":
            break
        others = [sib for sib in parent if sib is not cur and sib in totals]
        if others:
            levels += 1
            wall = False
            before = True
            story = _is_story(cur)
            for sib in parent:
                if sib is cur:
                    before = False
                    continue
                if sib not in totals:
                    continue
                n, links, good, bad = totals[sib]
                if story and good > 0 and _is_story(sib):
                    wall = True  # another story: the next one an endless page loads, or a teaser
                    continue
                if good > 0 and good >= _SIBLING_RATIO * bad and links <= _SIBLING_LINKS * n:
                    members.update(sib.iter())
                    continue
                if before and good > 0 and levels <= _LEAD_LEVELS and links <= _SIBLING_LINKS * n:
                    members.update(e for e in sib.iter() if e in prose_owners)
                if bad >= _WALL:
                    wall = True
            if wall:
                break
        members.add(parent)
        cur = parent
    return members


def _is_story(el: Any) -> bool:
    """An ``<article>`` with its own headline, or an element around one. Two of them side by side are
    two stories (an endless page appends the next one below its own), never one story's parts. Posts
    of a forum thread, which have no ``<h1>`` each, and a landing page's sections, which are not
    ``<article>`` elements, are not stories."""
    # What the XPath "boolean(self::article[.//h1] | .//article[.//h1])" answers, from the element's
    # few <h1>s up: the XPath gathered every node of the subtree (the page's, near the top) into a
    # node set, some 12 µs a call and a dozen calls a page.
    for h1 in el.iter("h1"):
        if h1 is el:
            continue
        for a in h1.iterancestors():
            if a.tag == "article":
                return True
            if a is el:
                break
    return False


def _headline_key(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _own_story(container: Any, totals: dict[Any, list[int]], scores: dict[Any, float], title: str | None) -> Any:
    """The container, moved into the story whose headline is the page's title when it was found in
    another story beside it: a page that loads the next story below its own (infinite scroll) is about
    the one its ``<title>`` names, even when the next one is longer."""
    key = _headline_key(title or "")
    if len(key) < _MIN_TITLE_KEY:
        return container
    el = container
    while (parent := el.getparent()) is not None:
        if _is_story(el):
            stories = [sib for sib in parent if sib in totals and totals[sib][2] > 0 and _is_story(sib)]
            if len(stories) > 1:
                for story in stories:
                    h1 = _headline_key("".join(_STORY_HEADLINE(story)[0].itertext()))
                    if len(h1) >= _MIN_TITLE_KEY and (h1 in key or key in h1):
                        if story is el:
                            return container
                        inside = [(s, e) for e, s in scores.items()
                                  if s > 0 and (e is story or any(a is story for a in e.iterancestors()))]
                        return max(inside, key=lambda x: x[0])[1] if inside else container
        el = parent
    return container


def extract_body(root: Any, title: str | None = None) -> Body:
    """Find the article's paragraphs in a parsed page (the tree is modified). ``title``, the page's
    headline when known, tells which story is the page's own when it holds several."""
    body_el = root.find("body")
    if body_el is None:
        body_el = root
    captions = clean(body_el)
    blocks = segment(body_el, captions)
    if not blocks:
        return Body()
    scores, totals = _score_containers(blocks)
    found = _best(scores, totals)
    if found is None:
        return Body(_prose_anywhere(blocks), body_el)
    container = _own_story(found[0], totals, scores, title)
    members = _gather(container, totals, {b.owner for b in blocks if _is_prose(b)})
    selected = _with_lead(blocks, [i for i, b in enumerate(blocks) if b.owner in members], container)
    paragraphs = keep(selected)
    if sum(len(p) for p in paragraphs) < MIN_BODY:
        anywhere = _prose_anywhere(blocks)
        if sum(len(p) for p in anywhere) > 2 * sum(len(p) for p in paragraphs):
            return Body(anywhere, body_el)
    return Body(paragraphs, container)


def _with_lead(blocks: list[Block], chosen: list[int], container: Any) -> list[Block]:
    """The chosen blocks, and before them the article's lead when it stands apart: a standfirst set in
    a heading or a paragraph of its own just above the text, often without a full stop, within a few
    levels of the container (the article's header)."""
    if not chosen:
        return []
    first = chosen[0]
    scope = container
    for _ in range(_LEAD_SCOPE):
        if scope.getparent() is None or scope.getparent().tag in ("body", "html"):
            break
        scope = scope.getparent()
    lead: list[Block] = []
    looked = 0
    for b in reversed(blocks[:first]):
        if b.owner.tag == "h1" or looked >= _LEAD_LOOKBACK:
            break  # the headline: above it is the page's furniture
        if b.in_figure:
            continue  # the lead photo or video between the standfirst and the text
        looked += 1
        inside = any(a is scope for a in b.owner.iterancestors())
        if inside and b.size >= _LEAD_SIZE and b.link_density < 0.1 and not b.in_list:
            lead.insert(0, b)
    return lead + [blocks[i] for i in chosen]


def _prose_anywhere(blocks: list[Block]) -> list[str]:
    """Blocks that read as sentences, wherever they are (the fallback)."""
    return [b.text for b in blocks
            if b.size >= 60 and b.link_density < 0.3 and not b.heading and _ends_sentence(b.text)]
