"""Scraped page text: tell the article from the site's chrome.

Scrapers and Common Crawl WET records keep a page's visible text one block per line: masthead,
clocks, navigation, headline, tags, captions, the article, share prompts and badges, all mixed. The
article is the largest run of prose lines; the few lines inside it that are chrome are taken out;
the lines before it yield the site name, headline, tags, byline, stamp and captions. Every line that
is neither article nor metadata is listed, in order, in ``boilerplate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsradar.extract.blocks import INVISIBLE_CHARS
from newsradar.extract.dates import find_dates, iso, parse_date, parse_stamp, stamp_only
from newsradar.extract.lexicon import chrome_category, parse_caption
from newsradar.extract.linemodel import scores
from newsradar.extract.result import Extraction
from newsradar.extract.stretchmodel import COMMENTS, NEIGHBOURS, OTHER, Candidate, choose, stretches
from newsradar.extract.texthead import is_address, site_name, slug_share, slug_words, title_score
from newsradar.record import DateInfo, Image

_WORD = re.compile(r"[^\W_][\w'’.-]*", re.U)
_TERMINAL = re.compile(r"[.!?…。！？]['\"’”»)\]]*\s*$")
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|written by|reporting by)\s+(?P<names>[^\W\d_][\w.'’-]*"
                     r"(?:\s+(?:and\s+|&\s+|,\s*)?[^\W\d_][\w.'’-]*){0,7})\s*(?:[|,•·—–-]\s*(?P<rest>.*))?$",
                     re.I | re.U)
_DATED = re.compile(r"^(published|posted|updated|last updated|first published|date|aktualisiert|"
                    r"veröffentlicht|publié|mis à jour|publicado|actualizado)\b\s*:?\s*(?P<rest>.+)$", re.I)
_COMMENTS = re.compile(r"\b(comments?|kommentare?|commentaires?|comentarios?|commenti|komentarze?|reacties|"
                       r"leave a reply|responses?)\b", re.I)
# What leads into a comment section's header: a count ("12 comments", "Comments (3)") or a prompt.
_COUNT_BEFORE = re.compile(r"\d[\s)\]:.-]*$")
_COUNT_AFTER = re.compile(r"^\W*\(?\d")
_PROMPT = re.compile(r"^\W*(leave|post|add|write|view|show|read|see|submit|join|jump|skip|subscribe|login|log in|"
                     r"sign|no|one|all|reader|user|your|hinterlasse|schreibe|laisser|deja|lascia)\b", re.I)
# A cookie or tracking consent notice: a banner the scraper kept, however long its paragraph.
_CONSENT = re.compile(r"\b(cookies?|tracking technolog\w*)\b.{0,300}\b(consent|accept|agree|einverstanden|zustimm\w*|"
                      r"einwillig\w*|akzeptier\w*|accepte[rz]?|consentement|acepta\w*|consentimiento|acconsent\w*|"
                      r"zgod\w*)\b|\b(consent|einwilligung|zustimmung)\b.{0,200}\bcookies?\b", re.I)
# Links to the neighbouring posts: below an article, above its comments.
_NEIGHBOURS = re.compile(r"\b(previous|next|older|newer|vorheriger|nächster|précédent|suivant|anterior|siguiente)\b",
                         re.I)
# Markup or code shown as text (a template in a <noscript>, a snippet a widget prints): not prose,
# however long.
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,200})?/?>|[{};]\s*$|=\s*[\"'{]")
_CJK_PUNCT = re.compile(r"[，。！？；：、]")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
# Chinese and Japanese: no spaces between words, punctuation of their own. Korean is left out: it
# spaces its words and ends sentences with ".", as Latin scripts do, and counted by its syllables its
# paragraphs had twice their words while their full stops went unseen, so it was judged a menu.
_CJK_CHAR = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
# Thai and Lao end no sentence with a mark: their prose is told by length alone, and a space there
# parts phrases, not words, so fewer of them make a paragraph.
_UNMARKED = re.compile(r"[\u0e00-\u0eff]")
UNMARKED_PROSE = 15


@dataclass(slots=True)
class Line:
    index: int
    text: str
    words: int
    kind: str = "other"  # chrome, breaker, stamp, dated, caption, byline, prose, weak, short, boxed
    cjk: int = 0  # Chinese, Japanese and Korean characters
    dateish: bool = False  # a stamp, a dated line, or a short line holding a date ("Jane, 2 May 2012")
    odds: float = 0.0  # the line model's log-odds that the line is the article's
    ranged: bool = False  # inside the run the rules chose
    kept: bool = False  # kept by the rules as a paragraph of the article


def count_words(text: str, cjk: int | None = None) -> int:
    """Words in ``text``; ``cjk``: its count of CJK characters, when the caller has it already."""
    if cjk is None:
        cjk = len(_CJK_CHAR.findall(text))
    # CJK text has no spaces: count about two characters a word so that thresholds still apply.
    return len(_WORD.findall(text)) + cjk // 2


def _unpunctuated_cjk(text: str, cjk: int) -> bool:
    """Chinese or Japanese text without a comma or a full stop: a menu ("时政 地方 法治 …") or headlines
    run together, however long; prose in these scripts is always punctuated."""
    return cjk >= 8 and 2 * cjk >= len(text.replace(" ", "")) and _CJK_PUNCT.search(text) is None


def _is_code(text: str) -> bool:
    marks = _MARKUP.findall(text)
    return len(marks) >= 3 and sum(len(m) for m in marks) > 0.2 * len(text)


def _comment_header(line: Line) -> bool:
    """"340 comments", "Post a comment", "Kommentare (12)", "One response to “…”": reader comments
    follow. A headline that mentions comments ("Stocks surge on Fed comments") is not one: the word
    must be (nearly) the whole line, or come after a count or a prompt."""
    t = line.text
    m = _COMMENTS.search(t)
    if m is None or line.words > 10 or _TERMINAL.search(t):
        return False
    before = t[:m.start()]
    return (line.words <= 4 or len(_WORD.findall(before)) <= 1 or bool(_COUNT_BEFORE.search(before))
            or bool(_COUNT_AFTER.match(t[m.end():])) or bool(_PROMPT.match(t)))


def _classify(line: Line, chrome_file: Path | None) -> str:
    t = line.text
    if _is_code(t):
        return "chrome"
    if _comment_header(line):
        return "breaker"  # "340 comments", "Post a comment", "Kommentare (12)": reader comments follow
    if line.words <= 14:
        cat = chrome_category(t, chrome_file)
        if cat is not None:
            return "breaker" if cat == "breaker" else "chrome"
    elif chrome_category(t, chrome_file) == "legal" or (line.words <= 150 and _CONSENT.search(t)):
        return "chrome"
    if line.words <= 12 and stamp_only(t):
        return "stamp"
    if line.words <= 16 and _DATED.match(t) and parse_date(t):
        return "dated"
    if line.words <= 80 and parse_caption(t):
        return "caption"
    if line.words <= 12 and _BYLINE.match(t) and not _TERMINAL.search(t):
        return "byline"
    terminal = bool(_TERMINAL.search(t))
    if _unpunctuated_cjk(t, line.cjk):
        return "short"
    if (line.words >= 8 and terminal) or line.words >= 25 or (
            line.words >= UNMARKED_PROSE and 2 * len(_UNMARKED.findall(t)) >= len(t)):
        return "prose"
    if terminal and line.words >= 3:
        return "weak"
    return "short"


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
_INLINE_BOX = 4
_BOX_HEADLINE = 8  # words: a linked headline in a box, a question ("Is the plant poisonous?") as often as not
ARTICLE_BEFORE_COMMENTS = 60.0  # words' worth of prose before the comments for it to be the article
# A line that carries a date costs as much as a short paragraph: in an article dates stand around it,
# while a comment thread or a list of posts puts one between every few lines of text.
DATE_COST = 10.0


# The line model (:mod:`newsradar.extract.linemodel`) has the last word on each line: a line the rules
# keep goes only when the model is fairly sure it is not the article (log-odds below -1, p < 0.27); a
# line the rules leave out comes in when the model finds it more likely article than not.
MODEL_KEEP = 1.0
MODEL_ADD = 0.0


def _line_value(ln: Line) -> float:
    if ln.kind == "breaker":
        return WALL
    if ln.dateish:
        return -DATE_COST
    value = WEIGHTS.get(ln.kind, -1.0) * ln.words
    if ln.kind in ("short", "chrome"):
        value += SHORT_BASE
    return value


Runs = tuple[list[tuple[float, int, int]], int]  # (value, first, last) of each run; the comments header


def _runs(lines: list[Line]) -> Runs:
    """In each stretch between breakers, the run of lines worth the most (Kadane's maximum-sum
    segment) as ``(value, first, last)``, in page order; and where the first reader-comment header
    stands (-1 when none does)."""
    found: list[tuple[float, int, int]] = []
    best, best_s, best_e = 0.0, -1, -1
    run, run_s = 0.0, 0
    comments_at = -1
    for i, ln in enumerate(lines):
        value = _line_value(ln)
        if value == WALL:
            if best_s >= 0:
                found.append((best, best_s, best_e))
            best, best_s, best_e, run, run_s = 0.0, -1, -1, 0.0, i + 1
            # A "Comments (12)" link beside the headline is not where the comments start: that is
            # the first such header after the article's prose.
            if (comments_at < 0 and _ends_article(ln)
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


def _ends_article(ln: Line) -> bool:
    """A comments header, or links to the previous and next post."""
    return bool(_COMMENTS.search(ln.text) or _NEIGHBOURS.search(ln.text))


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


def scan_lines(text: str, chrome_file: Path | None = None) -> list[Line]:
    """The page's non-blank lines, each classified (``Line.kind``)."""
    stripped = [raw.strip() for raw in text.splitlines()]
    lines = []
    for i, t in enumerate(t for t in stripped if t):
        cjk = len(_CJK_CHAR.findall(t))
        lines.append(Line(i, t, count_words(t, cjk), cjk=cjk))
    for ln in lines:
        ln.kind = _classify(ln, chrome_file)
        ln.dateish = ln.kind in ("stamp", "dated") or (ln.kind in ("short", "byline") and ln.words <= 14
                                                         and _DIGIT.search(ln.text) is not None
                                                         and bool(find_dates(ln.text)))
    _inline_breakers(lines)
    return lines


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


def candidates(lines: list[Line], runs: Runs | None = None) -> tuple[list[Candidate], int, int]:
    """The runs the rules weigh as the article (one a stretch between breakers), which of them they
    pick, and where the first comments header after the article's prose stands (-1: none).
    ``runs``: the lines' :func:`_runs`, when already found."""
    found, comments_at = _runs(lines) if runs is None else runs
    if not found:
        return [], -1, comments_at
    walls = {ln.index: COMMENTS if _COMMENTS.search(ln.text) else NEIGHBOURS if _NEIGHBOURS.search(ln.text)
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
    for i, ln in enumerate(inner):
        if ln.kind in ("prose", "weak"):
            out.paragraphs.append(ln.text)
            used.add(ln.index)
        elif ln.kind == "caption":
            _add_caption(ln, out, used)
        elif ln.kind == "short" and ln.words >= 2 and i in amid and not ln.dateish:
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
    # stories", a comments header): the model reads a few lines around each line, not that a breaker
    # ended the article further up.
    lo = next((ln.index + 1 for ln in reversed(lines[:body[0]]) if ln.kind == "breaker"), 0)
    hi = next((ln.index - 1 for ln in lines[body[1] + 1:] if ln.kind == "breaker"), len(lines) - 1)
    chosen = [ln for ln in lines if ln.index not in meta and lo <= ln.index <= hi
              and ln.odds > (-MODEL_KEEP if ln.kept else MODEL_ADD)]
    out.paragraphs = [ln.text for ln in chosen]
    return meta | {ln.index for ln in chosen}


def mark_rules(lines: list[Line]) -> None:
    """Set ``ranged`` and ``kept`` as the rules alone decide them (as ``extract_scraped`` gives them
    to the line model): its inputs, for training it (``tools/train_linemodel.py``)."""
    out, body, used = _by_rules(lines, None)
    if body is None:
        for ln in lines:
            ln.ranged = ln.kept = False
    else:
        _mark(lines, body, out.paragraphs, used)


def _inline_breakers(lines: list[Line]) -> None:
    """A "Related" box set inside an article (its heading and a few linked headlines, prose above it and
    below) does not end the article: its heading is chrome, not a breaker. A comments header always
    ends it."""
    for i, ln in enumerate(lines):
        if ln.kind != "breaker" or _COMMENTS.search(ln.text):
            continue
        above = any(x.kind == "prose" for x in lines[max(0, i - 2):i])
        box = lines[i + 1:i + 1 + _INLINE_BOX]
        # Its linked headlines are short lines; teasers with a summary each are read as the list they are.
        headlines = next((n for n, x in enumerate(box) if x.kind not in ("short", "chrome")
                          and not (x.kind == "weak" and x.words <= _BOX_HEADLINE)), len(box))
        if above and 0 < headlines < len(box) and box[headlines].kind == "prose":
            ln.kind = "chrome"
            for x in box[:headlines]:
                x.kind = "boxed"  # the box's headlines: not the article, but no menu to end it either


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
              and not _TERMINAL.search(ln.text)):
            out.tags.append(ln.text)  # labels between headline and body: the story's tags or kicker
            used.add(ln.index)


def _read_date(ln: Line, out: Extraction) -> None:
    if ln.kind == "stamp":
        info = _date_info(ln.text, "page-stamp", _stamp_confidence(ln.text))
        if info and out.published is None:
            out.published = info
        return
    m = _DATED.match(ln.text)
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
    m = _BYLINE.match(ln.text)
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
