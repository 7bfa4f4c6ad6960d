"""Scraped page text: tell the article from the site's chrome.

Scrapers and Common Crawl WET records keep a page's visible text one block per line: masthead,
clocks, navigation, headline, tags, captions, the article, share prompts and badges, all mixed. The
article is the largest run of prose lines; the few lines inside it that are chrome are taken out, and
a pull quote the page shows twice, or a second copy of the article, is kept once
(:mod:`newsradar.extract.textrepeat`); the lines before it yield the site name, headline, tags,
byline, stamp and captions. Every line that is neither article nor metadata is listed, in
order, in ``boilerplate``. What kind each line is
(prose, chrome, a breaker, a stamp, ...) is :mod:`newsradar.extract.textlines`'s to say; the headline
is scored in :mod:`newsradar.extract.texthead`.
"""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from newsradar.extract.blocks import INVISIBLE_CHARS
from newsradar.extract.dates import iso, parse_stamp
from newsradar.extract.lexicon import parse_caption
from newsradar.extract.linemodel import scores
from newsradar.extract.result import Extraction
from newsradar.extract.stretchmodel import COMMENTS, NEIGHBOURS, OTHER, Candidate, choose, stretches
from newsradar.extract.textaside import credited_caption, without_author_box
from newsradar.extract.texthead import is_address, site_name, slug_share, slug_words, title_score
from newsradar.extract.textlead import lead_across, standfirst
from newsradar.extract.textlines import BYLINE, COMMENTS_CUE, DATED, NEIGHBOURS_CUE, TERMINAL, Line, scan_lines
from newsradar.extract.textlists import announced_lists
from newsradar.extract.textrepeat import without_repeats
from newsradar.record import DateInfo, Image

_SPACES = re.compile(r"\s+")

# What each kind of line is worth to the body it sits in: prose counts for it by its words; site
# chrome, menus (runs of short lines) and other furniture count against it. The body is the run of
# lines with the highest total (the maximum-sum segment), so that a caption, an ad label or a
# subheading between two paragraphs does not split the article, while a menu or a block of links does.
WEIGHTS = {"prose": 1.0, "weak": 0.5, "short": -0.4, "chrome": -3.0, "stamp": -1.0, "dated": -1.0,
           "caption": -0.5, "byline": -1.0, "boxed": -0.4, "other": -1.0}
SHORT_BASE = -1.0  # on top of the weight, per short line: a menu item costs even when it is one word
WALL = -1e9  # a breaker ("Related stories", "Comments") ends the article
FIRST_SHARE = 0.25
_AMID_RUN = 15
ARTICLE_BEFORE_COMMENTS = 60.0  # words' worth of prose before the comments for it to be the article
# A line that carries a date costs as much as a short paragraph: in an article dates stand around it,
# while a comment thread or a list of posts puts one between every few lines of text.
DATE_COST = 10.0
# What ends the article below its prose, as a comments header does (see _closes). A site's copyright
# notice ("Copyright 2012 Example Media. All Rights Reserved", "© 2020 Example") is the page's footer:
# the reprint terms and the site's blurb under it joined the run. A photo credit ("© Jane Doe", "Image
# copyright Reuters") names no year and reserves no rights, and leaves the article whole.
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)\s*(?:©\s*)?(?:19|20)\d\d|all rights reserved|"
                        r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
                        r"tutti i diritti riservati", re.I)
COPYRIGHT_WORDS = 14  # a notice, not a paragraph that mentions copyright
# A disclaimer under its label ("Disclaimer: The responses below are not provided by …",
# "Haftungsausschluss: …") is the site's, after the article: it closes it as the footer does.
_DISCLAIMER = re.compile(r"^\W*(?:disclaimer|haftungsausschluss|avertissement|aviso legal|descargo de responsabilidad|"
                         r"esclusione di responsabilità)\s*[:(–-]\s*\S", re.I)
# The line a blog files its post under, set below the post and above its comments ("This entry was
# posted in News and tagged bridge. Bookmark the permalink.", "Filed under: News", "Labels: bridge"):
# a sentence long enough to count as prose, it carried the author's box and the comments under it
# into the article's run. Blog software writes it in the blog's language ("Dieser Beitrag wurde unter
# Allgemein veröffentlicht", "Abgelegt unter", "Cette entrée a été publiée dans"), and a post's tags
# line ("Tags: bridge, river", "Stichworte:", "Etiquetas:", "Mots-clés :", or the label alone on its line,
# the tags under it) stands in the same place.
_FILED = re.compile(r"^(?:this (?:entry|post) was (?:posted|written)|filed under\b|tagged(?: with)?:|labels:|tags?:|"
                    r"schlagw[öo]rter?:|(?:stichw[öo]rte?r?|etiquetas|[ée]tiquettes?|mots[- ]cl[ée]s?|tagi|"
                    r"parole chiave|palabras clave)\s?:|"
                    r"(?:tags|schlagw[öo]rte?r?|stichw[öo]rte?r?|etiquetas|mots[- ]cl[ée]s)\s*$|"
                    r"(?:dieser|der) (?:eintrag|beitrag|artikel) wurde\b.{0,80}?"
                    r"\b(?:veröffentlicht|abgelegt)\b|veröffentlicht (?:unter|in)\b|abgelegt unter\b|"
                    r"cette entrée a été publiée|publié dans\b|classé dans\b|esta entrada fue publicada|"
                    r"publicado en\b|questa voce è stata pubblicata|pubblicato in\b)", re.I)
THREAD_HEADS = 3  # dated lines in a row, each with a sentence under it, make a thread
THREAD_GAP = 10  # lines between one dated line of a thread and the next, at most
# An embedded post's attribution under it ("— Jane Doe (@jane) 2 May 2026"): the article quotes posts,
# each signed and dated, which is no thread of comments on it.
_ATTRIBUTION = re.compile(r"^\s*[—–-]|.*\(@\w+\)")
POST_WORDS = 8  # a line of a short post found above its comments header: a sentence, not a label
NOTICE_VALUE = -1.0  # a cookie or consent notice: as much as a one-word menu item


# The line model (:mod:`newsradar.extract.linemodel`) has the last word on each line: a line the rules
# keep goes only when the model is fairly sure it is not the article (log-odds below -1, p < 0.27); a
# line the rules leave out comes in when the model finds it more likely article than not.
MODEL_KEEP = 1.0
MODEL_ADD = 0.0
# Below the article's last line the model finds likely (log-odds 0), what the rules keep is what follows
# an article: the author's blurb, a feedback or newsletter appeal, a teaser, a disclaimer, prose enough
# to join the run but doubted by the model (log-odds between -1 and 0). An article of one or two lines,
# where the model is least sure, is left as kept.
MODEL_END = 0.0
END_LINES = 2


def _line_value(ln: Line) -> float:
    if ln.kind == "breaker":
        return WALL
    if ln.dateish:
        return -DATE_COST
    if ln.notice:
        # A consent notice is left out wherever it stands, but does not part the article it stands in
        # (a video's "accept YouTube cookies to play" between two paragraphs), however long it is.
        return NOTICE_VALUE
    value = WEIGHTS.get(ln.kind, -1.0) * ln.words
    if ln.kind in ("short", "chrome"):
        value += SHORT_BASE
    return value


Runs = tuple[list[tuple[float, int, int]], int]  # (value, first, last) of each run; the comments header


def _runs(lines: list[Line]) -> Runs:
    """In each stretch between breakers, the run of lines worth the most (Kadane's maximum-sum
    segment) as ``(value, first, last)``, in page order; and where the first reader-comment header
    stands (-1 when none does). A dated thread (:func:`_thread_heads`), a copyright notice or the
    post's filing line (:func:`_closes`) that stands after a run worth ``ARTICLE_BEFORE_COMMENTS`` ends
    the stretch as a comments header does."""
    found: list[tuple[float, int, int]] = []
    best, best_s, best_e = 0.0, -1, -1
    run, run_s = 0.0, 0
    comments_at = -1
    heads = _thread_heads(lines)
    for i, ln in enumerate(lines):
        value = _line_value(ln)
        if (i in heads or _closes(ln)) and best >= ARTICLE_BEFORE_COMMENTS:
            # A dated thread or the site's footer below the article's prose ends it as a comments
            # header would.
            value = WALL
        if value == WALL:
            if best_s >= 0:
                found.append((best, best_s, best_e))
            best, best_s, best_e, run, run_s = 0.0, -1, -1, 0.0, i + 1
            # A "Comments (12)" link beside the headline is not where the comments start: that is
            # the first such header after the article's prose.
            if (comments_at < 0 and (_ends_article(ln) or i in heads)
                    and max([best, *(f[0] for f in found)]) >= ARTICLE_BEFORE_COMMENTS):
                comments_at = i
            continue
        if run <= 0:
            run, run_s = 0.0, i
        run += value
        if run > best and ln.kind == "prose":
            best, best_s, best_e = run, run_s, i
    if best_s >= 0:
        found.append((best, best_s, best_e))
    return found, comments_at


def _closes(ln: Line) -> bool:
    """Whether the line closes the article above it: the site's copyright notice on a line of its own
    (a year after the copyright sign or word, or the rights reserved), the line the post is filed
    under, or a disclaimer."""
    if ln.kind in ("chrome", "short") and ln.words <= COPYRIGHT_WORDS and _COPYRIGHT.search(ln.text):
        return True
    return ln.kind != "breaker" and (_FILED.match(ln.text) is not None or _DISCLAIMER.match(ln.text) is not None)


def _thread_heads(lines: list[Line]) -> set[int]:
    """The dated lines that open a thread: each of the next ``THREAD_HEADS - 1`` dated lines follows
    the one before within ``THREAD_GAP`` lines, with a sentence between them. Reader comments are so
    laid out, a date over each; an article has its dates around it, and a live blog times its
    entries without a date."""
    dated = [ln.index for ln in lines if ln.dateish and ln.kind in ("short", "stamp", "byline")
             and not _ATTRIBUTION.match(ln.text)]
    said = [ln.kind in ("prose", "weak") for ln in lines]
    heads: set[int] = set()
    for k in range(len(dated) - THREAD_HEADS + 1):
        chain = dated[k:k + THREAD_HEADS]
        opens = k == 0 or chain[0] - dated[k - 1] > THREAD_GAP  # not amid a thread already
        if opens and all(b - a <= THREAD_GAP and any(said[a + 1:b]) for a, b in pairwise(chain)):
            heads.add(chain[0])
    return heads


def _ends_article(ln: Line) -> bool:
    """A comments header, or links to the previous and next post."""
    return bool(COMMENTS_CUE.search(ln.text) or NEIGHBOURS_CUE.search(ln.text))


def _rules_pick(found: list[tuple[float, int, int]], comments_at: int) -> int:
    """Which run the rules take: the first worth at least ``FIRST_SHARE`` of the best, since an
    article comes before the reader comments and teasers that follow it."""
    # A long comment thread does not outweigh the article above it: when a run of prose stands before
    # the comments, the article is sought there.
    pool = [k for k, f in enumerate(found) if comments_at < 0 or f[2] < comments_at]
    if not pool or max(found[k][0] for k in pool) < ARTICLE_BEFORE_COMMENTS:
        pool = list(range(len(found)))
    top = max(found[k][0] for k in pool)
    return next(k for k in pool if found[k][0] >= FIRST_SHARE * top)


def _body_range(lines: list[Line], runs: Runs, pick: int | None = None) -> tuple[int, int] | None:
    """Index range [start, end] of the article: the run of ``runs`` (the lines' :func:`_runs`) the
    rules pick (``pick``: that one instead). ``None`` when no line is prose."""
    found, comments_at = runs
    if not found:
        return None
    _, s, e = found[_rules_pick(found, comments_at) if pick is None else pick]
    # A run starts and ends on what counts for it; short sentences at its edges still belong to it.
    while s < e and lines[s].kind != "prose" and _line_value(lines[s]) <= 0:
        s += 1
    while s > 0 and lines[s - 1].kind == "weak":
        s -= 1
    while e + 1 < len(lines) and lines[e + 1].kind == "weak":
        e += 1
    return s, e


def _date_info(dt_text: str, source: str, confidence: float) -> DateInfo | None:
    stamp = parse_stamp(dt_text)
    return DateInfo(iso(stamp.when, stamp.offset), source, confidence) if stamp else None


def _stamp_confidence(text: str) -> float:
    # A clock with seconds is the time the page was rendered, not when the story was written.
    return 0.3 if re.search(r"\d{1,2}:\d{2}:\d{2}", text) else 0.5



def extract_scraped(text: str, *, url: str | None = None, chrome_file: Path | None = None,
                    use_model: bool = True) -> Extraction:
    """Split scraped page text into article paragraphs, metadata and boilerplate."""
    lines = scan_lines(text, chrome_file)
    runs = _runs(lines)  # once: the rules, the candidates and a second pick all read them
    out, body, used = _by_rules(lines, url, runs=runs)
    if body is not None and use_model:
        cands, rule, comments_at = candidates(lines, runs)
        scored = len(cands) > 1
        if scored:
            # The stretch chooser reads the line model's log-odds as the rules' run gives them; they
            # are read again only when it picks another run.
            _score(lines, body, out.paragraphs, used)
            pick = choose(lines, cands, rule, comments_at)
            if pick != rule:
                out, chosen, used = _by_rules(lines, url, pick, runs)
                body, scored = chosen or body, False
        used = _model_pass(lines, out, body, used, scored)
        if not out.paragraphs:
            post = _post_above_comments(lines)
            out.paragraphs = [ln.text for ln in post]
            used |= {ln.index for ln in post}
    elif use_model and (post := _post_above_comments(lines)):
        # No line reads as prose (the sidebar's blurb that would have been the one run is a newsletter's
        # appeal): the post above the comments header, when there is one, rather than every line.
        out.paragraphs = [ln.text for ln in post]
        used = {ln.index for ln in post}
    used = without_author_box(lines, out, used)
    used = without_repeats(lines, out, used)
    out.boilerplate = [ln.text for ln in lines if ln.index not in used]
    if not text.isascii():
        # soft hyphens and zero-width characters split words ("Bun\u00addes", "John\u200bSmith"): they
        # leave what is kept, as the HTML path drops them; the lines were judged as the scraper kept them
        out.paragraphs = [kept for p in out.paragraphs if (kept := INVISIBLE_CHARS.sub("", p))]
        if out.title:
            out.title = INVISIBLE_CHARS.sub("", out.title)
    # Runs of white space, non-breaking spaces among them, become one space, as in the HTML path: the
    # same article has the same text (and offsets) whichever path it came by.
    out.paragraphs = [_SPACES.sub(" ", p).strip() for p in out.paragraphs]
    if out.title:
        out.title = _SPACES.sub(" ", out.title).strip()
    return out


def _post_above_comments(lines: list[Line]) -> list[Line]:
    """A short post's text, sought when nothing else is found: the lines that hold a sentence's worth of
    words (``POST_WORDS``) between the first comments header and the chrome or breaker above it. A
    post of a line or two under its headline is worth less than a sidebar's blurb, yet its comments
    header ("Comments (0)") says where it ends."""
    at = next((ln.index for ln in lines if ln.kind == "breaker" and COMMENTS_CUE.search(ln.text)), -1)
    post: list[Line] = []
    for ln in reversed(lines[:max(at, 0)]):
        if ln.kind in ("chrome", "breaker") or ln.notice:
            break
        if ln.kind in ("prose", "weak", "short") and ln.words >= POST_WORDS and not ln.dateish:
            post.append(ln)
    return post[::-1]


def candidates(lines: list[Line], runs: Runs | None = None) -> tuple[list[Candidate], int, int]:
    """The runs the rules weigh as the article (one a stretch between breakers), which of them they
    pick, and where the first comments header after the article's prose stands (-1: none).
    ``runs``: the lines' :func:`_runs`, when already found."""
    found, comments_at = _runs(lines) if runs is None else runs
    if not found:
        return [], -1, comments_at
    walls = {ln.index: COMMENTS if COMMENTS_CUE.search(ln.text) else NEIGHBOURS if NEIGHBOURS_CUE.search(ln.text)
             else OTHER for ln in lines if ln.kind == "breaker"}
    return stretches(found, walls, len(lines)), _rules_pick(found, comments_at), comments_at


def _by_rules(lines: list[Line], url: str | None, pick: int | None = None,
              runs: Runs | None = None) -> tuple[Extraction, tuple[int, int] | None, set[int]]:
    """What the rules alone make of the lines: the extraction (without its boilerplate), the run of
    lines they chose as the body (``pick``: that of :func:`candidates` instead), and the indexes of
    the lines they used. ``runs``: the lines' :func:`_runs`, when already found."""
    out = Extraction()
    body = _body_range(lines, _runs(lines) if runs is None else runs, pick)
    if body is None:
        # No prose at all: keep every line that is not chrome, so nothing of the page is lost.
        out.paragraphs = [ln.text for ln in lines if ln.kind not in ("chrome", "breaker")]
        return out, None, {ln.index for ln in lines if ln.kind not in ("chrome", "breaker")}
    start, end = body
    head, inner, tail = lines[:start], lines[start:end + 1], lines[end + 1:]
    used: set[int] = set()
    _read_head(head, out, url, used)
    amid = _amid_prose(inner)
    # A short line the page prints again below the article ("Zurück zur Übersicht", a box's heading, a
    # call to act) is its navigation or a box's, not a subheading; a table of contents stands above.
    below = {ln.text for ln in tail}
    for i, ln in enumerate(inner):
        if ln.kind in ("prose", "weak"):
            out.paragraphs.append(ln.text)
            used.add(ln.index)
        elif ln.kind == "caption":
            _add_caption(ln, out, used)
        elif (ln.kind == "short" and ln.words >= 2 and i in amid and not (ln.dateish or ln.notice)
              and ln.text not in below):
            # A subheading, a list item, a line of a table: short lines between paragraphs
            out.paragraphs.append(ln.text)
            used.add(ln.index)
        elif ln.kind in ("stamp", "dated"):
            _read_date(ln, out)
    for ln in tail:
        if ln.kind == "caption":
            _add_caption(ln, out, used)
        elif ln.kind == "byline" and not out.authors:
            _read_byline(ln, out, used)
    return out, body, used


def _mark(lines: list[Line], body: tuple[int, int], paragraphs: list[str], used: set[int]) -> None:
    """Set ``ranged`` and ``kept``, the rules' choice as the line model reads it."""
    kept = set(paragraphs)
    for ln in lines:
        ln.ranged = body[0] <= ln.index <= body[1]
        ln.kept = ln.ranged and ln.index in used and ln.text in kept


def _score(lines: list[Line], body: tuple[int, int], paragraphs: list[str], used: set[int]) -> None:
    """Set each line's ``odds``, the line model's, with the rules' choice as ``body`` and ``used``."""
    _mark(lines, body, paragraphs, used)
    for ln, odds in zip(lines, scores(lines), strict=True):
        ln.odds = odds


def _model_pass(lines: list[Line], out: Extraction, body: tuple[int, int], used: set[int],
                scored: bool = False) -> set[int]:
    """The line model's say over the rules' choice: ``out.paragraphs`` become the lines it keeps, in
    page order; the lines read as metadata (headline, byline, captions) stay metadata. ``scored``: the
    lines' ``odds`` are already the model's for this choice."""
    if not scored:
        _score(lines, body, out.paragraphs, used)
    meta = used - {ln.index for ln in lines if ln.kept}
    # Lines come in only from the stretch between the breakers around the rules' run ("Related
    # stories", a comments header; below it, a line that closes the article too): the model reads a few
    # lines around each line, not that a breaker ended the article further up.
    lo = next((ln.index + 1 for ln in reversed(lines[:body[0]]) if ln.kind == "breaker"), 0)
    hi = next((ln.index - 1 for ln in lines[body[1] + 1:] if ln.kind == "breaker" or _closes(ln)),
              len(lines) - 1)
    # A consent notice is not let in: the model, which reads a line's shape, takes a long one for prose.
    # Above the rules' run, between the headline and the article's first paragraph, a line comes in on
    # the bar a kept line stays on: a standfirst or a lead set apart by a byline, a date or share buttons
    # is the article's, and the headline and byline are metadata already.
    chosen = [ln for ln in lines if ln.index not in meta and lo <= ln.index <= hi and not ln.notice
              and ln.odds > (-MODEL_KEEP if ln.kept or ln.index < body[0] else MODEL_ADD)]
    # The article's lead may stand above a box or heading that parts it from the rest (textlead).
    chosen = lead_across(lines, lo, meta, _closes) + chosen
    # So may its standfirst, right under the headline, set apart by a byline or a date (textlead).
    if (sf := standfirst(lines, out.title, meta, lo, body[0], _closes)) and sf.index not in {c.index for c in chosen}:
        chosen = sorted([*chosen, sf], key=lambda ln: ln.index)
    # A text of which every line is the article's or its metadata is the article alone (pasted, or an
    # archive's clean text), not a page: nothing follows it to cut.
    ids = {ln.index for ln in chosen}
    if any(ln.index not in meta and ln.index not in ids for ln in lines):
        chosen = _to_its_end(chosen)
    # A list the article announces with a colon keeps its items, which the model may read as a menu.
    chosen = sorted(chosen + announced_lists(lines, chosen, meta, hi), key=lambda ln: ln.index)
    # A caption the model took for the article's prose is a picture's when a credit in brackets closes it.
    captions = {ln.index: img for ln in chosen if (img := credited_caption(ln)) is not None}
    out.images += captions.values()
    chosen = [ln for ln in chosen if ln.index not in captions]
    out.paragraphs = [ln.text for ln in chosen]
    return meta | captions.keys() | {ln.index for ln in chosen}


def _to_its_end(chosen: list[Line]) -> list[Line]:
    """``chosen`` (the lines kept, in page order) down to the last that the line model finds at least
    as likely article as not (log-odds ``MODEL_END``), more than ``END_LINES`` lines kept."""
    end = len(chosen)
    while end > END_LINES and chosen[end - 1].odds < MODEL_END:
        end -= 1
    return chosen[:end]


def mark_rules(lines: list[Line]) -> None:
    """Set ``ranged`` and ``kept`` as the rules alone decide them (as ``extract_scraped`` gives them
    to the line model): its inputs, for training it (``tools/train_linemodel.py``)."""
    out, body, used = _by_rules(lines, None)
    if body is None:
        for ln in lines:
            ln.ranged = ln.kept = False
    else:
        _mark(lines, body, out.paragraphs, used)



def _amid_prose(inner: list[Line]) -> set[int]:
    """Positions of the short lines that stand between two prose lines, in runs of at most
    ``_AMID_RUN`` lines (a subheading, a short list): a longer run is a menu or a block of links."""
    found: set[int] = set()
    run: list[int] = []
    opened = False
    for i, ln in enumerate(inner):
        if ln.kind == "short":
            run.append(i)
            continue
        if ln.kind in ("prose", "weak"):
            if opened and run and len(run) <= _AMID_RUN:
                found.update(run)
            opened = True
        else:
            opened = False
        run = []
    return found


def _read_head(head: list[Line], out: Extraction, url: str | None, used: set[int]) -> None:
    slug = slug_words(url)
    candidates = [(i, ln) for i, ln in enumerate(head)
                  if ln.kind in ("short", "weak") and 3 <= ln.words <= 30 and not ln.text.endswith(".")
                  and not is_address(ln.text)]
    title_at = -1
    if candidates:
        title_at, best = max(candidates, key=lambda c: title_score(c[1].text, c[1].words, len(head) - c[0], slug))
        # A headline is followed by its standfirst, which is longer and scores higher: the shorter
        # candidate right above the winner is the headline, unless the address speaks for the winner.
        prev = head[title_at - 1] if title_at > 0 else None
        if (prev is not None and prev.kind in ("short", "weak") and 4 <= prev.words < best.words
                and not prev.text.endswith(".") and not is_address(prev.text)
                and slug_share(prev.text, slug) >= slug_share(best.text, slug)):
            title_at, best = title_at - 1, prev
        out.title = best.text
        used.add(best.index)
    if head and head[0].kind == "short" and head[0].index != (head[title_at].index if title_at >= 0 else -1):
        out.site_name = site_name(head[0].text, head[0].words, url)
    for i, ln in enumerate(head):
        if ln.kind == "caption":
            _add_caption(ln, out, used)
        elif ln.kind in ("stamp", "dated"):
            _read_date(ln, out)
        elif ln.kind == "byline":
            _read_byline(ln, out, used)
        elif (ln.kind == "short" and i > title_at >= 0 and ln.words <= 4
              and not TERMINAL.search(ln.text)):
            out.tags.append(ln.text)  # labels between headline and body: the story's tags or kicker
            used.add(ln.index)


def _read_date(ln: Line, out: Extraction) -> None:
    if ln.kind == "stamp":
        info = _date_info(ln.text, "page-stamp", _stamp_confidence(ln.text))
        if info and out.published is None:
            out.published = info
        return
    m = DATED.match(ln.text)
    if not m:
        return
    info = _date_info(m.group("rest"), "text", 0.7)
    if info is None:
        return
    if m.group(1).lower().startswith(("updated", "last", "aktualisiert", "mis à jour", "actualizado")):
        out.updated = out.updated or info
    elif out.published is None or out.published.source == "page-stamp":
        out.published = info


def _read_byline(ln: Line, out: Extraction, used: set[int]) -> None:
    m = BYLINE.match(ln.text)
    if not m:
        return
    names = re.split(r"\s*(?:,|&|\band\b)\s*", m.group("names"))
    out.authors.extend(n.strip() for n in names if n.strip())
    used.add(ln.index)
    rest = m.group("rest") or ""
    if rest and out.published is None:
        out.published = _date_info(rest, "text", 0.7)


def _add_caption(ln: Line, out: Extraction, used: set[int]) -> None:
    parsed = parse_caption(ln.text)
    if parsed is None:
        return
    caption, credit = parsed
    out.images.append(Image(caption=caption, credit=credit))
    used.add(ln.index)
