"""Scraped page text line by line: what kind of line each is.

Each non-blank line of a scraped page (see :mod:`newsradar.extract.text`) is classified by its own
shape and words: site chrome, a breaker that ends the article ("Related stories", a comments header),
a stamp, a dated line, a caption, a byline, prose, a short sentence ("weak"), a short line, or one of
a linked box's headlines ("boxed"). :mod:`newsradar.extract.text` weighs these kinds to find the
article; the line model reads them as features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from newsradar.extract.consent import ANYWHERE, EDGE, dialog_like, is_button, notice_strength
from newsradar.extract.dates import find_dates, parse_date, stamp_only
from newsradar.extract.lexicon import chrome_category, parse_caption

_WORD = re.compile(r"[^\W_][\w'’.-]*", re.U)
TERMINAL = re.compile(r"[.!?…。！？]['\"’”»)\]]*\s*$")
BYLINE = re.compile(r"^(?:by|von|par|por|di|door|written by|reporting by)\s+(?P<names>[^\W\d_][\w.'’-]*"
                    r"(?:\s+(?:and\s+|&\s+|,\s*)?[^\W\d_][\w.'’-]*){0,7})\s*(?:[|,•·—–-]\s*(?P<rest>.*))?$",
                    re.I | re.U)
DATED = re.compile(r"^(published|posted|updated|last updated|first published|date|aktualisiert|"
                   r"veröffentlicht|publié|mis à jour|publicado|actualizado)\b\s*:?\s*(?P<rest>.+)$", re.I)
# The comment word, and the verb a prompt to comment uses where it is not the noun ("Jetzt kommentieren",
# "Kommentieren Sie hier", "Commenter", "Comentar", "Skomentuj").
# Factored by prefix: the engine tries fewer branches at each position of every line.
COMMENTS_CUE = re.compile(r"\b(comment(?:s|er|aires?|are|i)?|k(?:ommentare?|ommentieren|omentarze?|omentuj)|"
                          r"skomentuj|comentar(?:ios?)?|reacties|leave a reply|responses?)\b", re.I)
# What leads into a comment section's header: a count ("12 comments", "Comments (3)") or a prompt. A
# number with a full stop numbers a step ("Step 3. Comment on the blog's posts"): no count.
_COUNT_BEFORE = re.compile(r"\d[\s)\]:-]*$")
_COUNT_AFTER = re.compile(r"^\W*\(?\d")
_PROMPT = re.compile(r"^\W*(leave|post|add|write|view|show|read|see|submit|join|jump|skip|subscribe|login|log in|"
                     r"sign|no|one|all|reader|user|your|hinterlasse|schreibe|laisser|deja|lascia)\b", re.I)
# A count of comments that names the post they answer: "27 comments to Rebuilding the river bridge",
# "14 Responses to “Will the bridge reopen?”", "8 thoughtful comments on …". The post's title may be
# long and end with a question mark. In other languages the count may be a word and the answers
# "Antworten", "réponses", "respuestas" ("Eine Antwort zu „…“", "11 Antworten zu “…”"), with the title
# in quotation marks: "Fünf Antworten auf die Krise" is a headline. The line is a header whether or not
# it holds the comment word.
_NAMED_THREAD = re.compile(r"^\W*(?:\d+|one|no)\s+(?:[^\W\d_]+\s+)?(?:comments?|responses?|repl(?:y|ies)|"
                           r"kommentare?|commentaires?|comentarios?|commenti|reacties)\s+"
                           r"(?:to|on|for|zu|à|a|sur|en|su|op)\s+\S|"
                           r"^\W*(?:\d+|eine?|une?|una|uno)\s+(?:antworten|antwort|réponses?|respuestas?|risposte|"
                           r"odpowiedzi|kommentare?|commentaires?|comentarios?|commenti)\s+(?:zu|auf|à|a|sur|para|su|do)\s+"
                           r"[\"“„«‘‚]", re.I)
# A sentence that begins with a count of comments ("300 comments on the draft arrived ...") ends with a
# full stop; a header ends with the post's title, which may be a question.
_NAMED_WORDS = 30
# A short line that counts the comments is their header even when it is a sentence ("There are 12
# comments. Add yours."); in an article such a count has more to say around it.
_COUNTED_WORDS = 6
# Links to the neighbouring posts: below an article, above its comments.
NEIGHBOURS_CUE = re.compile(r"\b(previous|next|older|newer|vorheriger|nächster|précédent|suivant|anterior|"
                            r"siguiente)\b", re.I)
# Markup or code shown as text (a template in a <noscript>, a snippet a widget prints): not prose,
# however long.
_MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(?:\s[^<>]{0,200})?/?>|[{};]\s*$|=\s*[\"'{]")
# A tag cloud or names run together (see _word_cloud): a line of that many words without these marks
# whose words are mostly cased, and under this share of them short lower-case words. Over the training
# pages' prose lines of 25+ words, those below 0.2 were in the HTML path's body 8 times in 204.
_SENTENCE_MARK = re.compile(r"[.,;:!?…]")
_TOKEN = re.compile(r"[^\W\d_][\w'’-]*", re.U)
_CASED_SHARE = 0.8
_CLOUD_SMALL = 0.15
_CJK_PUNCT = re.compile(r"[，。！？；：、]")
_DIGIT = re.compile(r"\d")
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
    notice: bool = False  # part of a cookie or consent notice: never the article's, whatever the line model says


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


def _word_cloud(text: str) -> bool:
    """A tag cloud or a list of names run together on one line: many words, no punctuation at all,
    and few of the short lower-case words (articles, prepositions) that every sentence in a cased
    script has. Scripts without case (Arabic, Bengali) are not judged."""
    if _SENTENCE_MARK.search(text):
        return False
    tokens = _TOKEN.findall(text)
    cased = [t for t in tokens if t[0].isupper() or t[0].islower()]
    if len(cased) < _CASED_SHARE * len(tokens):
        return False
    return sum(1 for t in cased if len(t) <= 3 and t.islower()) < _CLOUD_SMALL * len(cased)


def _is_code(text: str) -> bool:
    marks = _MARKUP.findall(text)
    return len(marks) >= 3 and sum(len(m) for m in marks) > 0.2 * len(text)


def _comment_header(line: Line) -> bool:
    """"340 comments", "Post a comment", "Kommentare (12)", "One response to “…”": reader comments
    follow. A headline that mentions comments ("Stocks surge on Fed comments") is not one: the word
    must be (nearly) the whole line, or come after a count or a prompt."""
    t = line.text
    if _NAMED_THREAD.match(t) and line.words <= _NAMED_WORDS and not t.endswith("."):
        return True
    m = COMMENTS_CUE.search(t)
    if m is None:
        return False
    before = t[:m.start()]
    if line.words <= _COUNTED_WORDS and _COUNT_BEFORE.search(before):
        return True
    if line.words > 10 or TERMINAL.search(t):
        return False
    return (line.words <= 4 or len(_WORD.findall(before)) <= 1 or bool(_COUNT_BEFORE.search(before))
            or bool(_COUNT_AFTER.match(t[m.end():])) or bool(_PROMPT.match(t)))


# A comment form's fixed lines, which blog software writes in the blog's language ("Your email address
# will not be published. Required fields are marked *", "Save my name, email, and website in this
# browser for the next time I comment.", "Notify me of follow-up comments by email."): reader comments
# stand here, above or below the form, as after a comments header. Sentences long enough to count as
# prose, they had the form's lines, and the comments under them, read as the article. The notes around a
# form are of the same place: the reCAPTCHA notice Google asks a form to show ("This site is protected by
# reCAPTCHA and the Google Privacy Policy and Terms of Service apply.") and the site's welcome or rules
# for comments ("We welcome reader comments on the top stories of the day.", "Bitte beachten Sie unsere
# Netiquette.").
_COMMENT_FORM = re.compile(
    r"(?:your|deine|ihre) e-?mail[- ]?ad(?:d)?ress(?:e)? (?:will not|wird nicht) (?:be )?(?:published|veröffentlicht)|"
    r"votre adresse (?:e-?mail|de messagerie) ne sera pas publiée|"
    r"tu dirección de correo electrónico no será publicada|"
    r"required fields are marked|(?:erforderliche|pflicht)felder sind (?:mit \S+ )?markiert|"
    r"les champs obligatoires sont indiqués|los campos obligatorios están marcados|"
    r"save my name,? e-?mail,? and website|"
    r"(?:meinen|meine daten) name(?:n)?,? (?:e-?mail|e-mail-adresse)(?:,? und website)? in diesem browser speichern|"
    r"enregistrer mon nom,? mon e-?mail|guarda mi nombre,? correo electrónico|"
    r"notify me of (?:follow-?up comments|new (?:posts|comments))|"
    r"benachrichtige mich über (?:nachfolgende kommentare|neue beiträge)|"
    r"prévenez-moi de tous les nouveaux (?:commentaires|articles)|"
    r"(?:this site|diese website|diese seite|ce site) (?:uses|verwendet|nutzt|utilise) akismet", re.I)
_FORM_NOTES = re.compile(
    r"protected by recaptcha|durch recaptcha geschützt|protégé par recaptcha|protegido por recaptcha|"
    r"we welcome (?:\w+ ){0,2}comments|(?:achten|beachten) sie (?:\w+ ){0,4}netiquette", re.I)
_FORM_WORDS = 40  # a form's line, not a paragraph that quotes one
# A newsletter's appeal, set in the article's flow or under it ("Never miss the latest news by signing up
# to our newsletter today!", "Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse
# eingeben."): a sentence, read as prose. The newsletter named with the ask to sign up for it or how it
# comes (by email, to the inbox), said to the reader ("our newsletter", "your inbox": a story about a
# company's newsletter speaks of it in the third person), or the site's promise to keep the reader informed.
_NEWSLETTER = re.compile(r"\bnewsletter", re.I)
_NEWSLETTER_ASK = re.compile(r"\b(?:sign(?:ing)? up|subscri\w*|abonn\w*|anmeld\w*|melde dich|inbox|posteingang|"
                             r"e-?mail)\b", re.I)
_TO_READER = re.compile(r"\b(?:you|your|our|my|du|dich|dein\w*|sie|ihr\w*|unser\w*|mein\w*|vous|votre|notre|nos|tu|"
                        r"nuestro)\b|^\W*(?:sign up|subscribe|join|get|receive|abonniere|jetzt|hier|inscri)|"
                        r"\b(?:sign up (?:for|to)|subscribe to)\b|per e-?mail abonnieren", re.I)
_MAILING = re.compile(r"(?:straight|direct(?:ly)?) to your inbox|in (?:deinen|ihren) posteingang|"
                      r"per e-?mail (?:zu )?erhalten|per e-?mail über|send me (?:an )?e-?mail|enter your e-?mail|"
                      r"wir informieren sie (?:täglich|regelmäßig|wöchentlich)", re.I)
# An affiliate disclosure ("When you buy through links on our site, we may earn an affiliate commission.",
# "Für Links auf dieser Seite erhält CHIP ggf. eine Provision vom Händler"): the site's note on its links,
# a sentence that read as prose. Both the links and the commission earned on them are named; a story about
# a broker's commission names no link.
_LINKS = re.compile(r"\blinks?\b|affiliate|partnerlink", re.I)
_COMMISSION = re.compile(r"\b(?:earn|receive|get|erhält|erhalten|bekomm\w*|verdien\w*)\b.{0,60}?"
                         r"\b(?:provision|commission)", re.I)
_DISCLOSURE_WORDS = 60
# A link back to where the reader came from ("Zurück zur Übersicht", "Back to top", "Retour à l'accueil"):
# navigation, which a scraper keeps wherever the page put it, amid the article's last paragraphs as often
# as not. The places are named, so that a subheading such as "Zurück zur Normalität" stays.
_BACK_TO = re.compile(
    r"^\W*(?:(?:zurück|back) (?:zu[rm]?|to(?: the)?) (?:übersicht|startseite|inhaltsverzeichnis|seitenanfang|anfang|"
    r"hauptmenü|menü|\w*navigation\w*|liste|lexikon|suche|den suchergebnissen|vorherigen seite|blog|news|home|"
    r"overview|top|list|index|homepage|all \w+)|zurück nach oben|"
    r"retour (?:à l'accueil|au sommaire|en haut|à la liste)|volver (?:al inicio|arriba|a la portada)|"
    r"torna (?:su|alla home|all'inizio))\b", re.I)
_NAV_WORDS = 6
# The heading of a box of other articles, recommended or most read ("Die meistgelesenen Artikel",
# "Empfehlungen aus der Redaktion", "Lo más leído", "Les plus lus", "You may also like"): what follows
# is not the article. Set inside the article, with its prose above and below a list of up to
# _MORE_BOX_INLINE headlines, it is an inline box (:func:`_inline_breakers`).
# Anchored at the line's start, which a heading is (a search through every short line cost a twentieth
# of the scan).
_MORE_BOX = re.compile(
    r"\W*(?:(?:die|unsere|the|les|lo|las|los|i|os|as)\s+)?(?:meist ?gelesen\w*|meistgeklickt\w*|meistdiskutiert\w*|"
    r"empfehlungen (?:aus der|der) redaktion|"
    r"(?:weitere|mehr) (?:beiträge|artikel|nachrichten|news) (?:zu|zum|aus|von|über)\b|"
    r"top[- ]themen|das könnte (?:sie|dich) auch interessieren|más leído|más noticias|te puede interesar|"
    r"noticias relacionadas|contexto de la noticia|plus lus|articles? similaires|più letti|najczęściej czytane|"
    r"mais lidas|you may also like|recommended for you|more (?:stories|articles) from|most (?:read|popular|viewed))",
    re.I)
_MORE_BOX_WORDS = 8
# A teaser set in the article's flow under a label ("MIRA: Madre se acerca …", "Zobacz także: …", "Lire
# aussi : …", "SEE ALSO: …"): another article's headline, a link, which read as the article's prose.
_TEASER = re.compile(
    r"\W*(?:mira|puedes ver|lee también|lea también|ver también|te puede interesar|zobacz (?:też|także)|"
    r"czytaj (?:też|także|również)|leia (?:também|mais)|veja (?:também|mais)|leggi anche|à lire aussi|"
    r"lire aussi|voir aussi|read also|also read|see also|lesen sie auch|auch interessant)\s*:\s*\S", re.I)
_TEASER_WORDS = 25
_MORE_BOX_INLINE = 8
_APPEAL_WORDS = (5, 80)  # a sentence or two; not a label, not an article about newsletters


def _classify(line: Line, chrome_file: Path | None) -> str:
    t = line.text
    if _is_code(t):
        return "chrome"
    if line.words <= _FORM_WORDS and _COMMENT_FORM.search(t):
        return "breaker"  # a comment form: reader comments stand around it
    low = t.lower()
    # Each note names one of these words: a substring test spares most lines the regex.
    if (line.words <= _FORM_WORDS and ("captcha" in low or "welcome" in low or "netiquette" in low)
            and _FORM_NOTES.search(t)):
        return "breaker"  # the notes by a comment form
    if _APPEAL_WORDS[0] <= line.words <= _APPEAL_WORDS[1] and (
            (_NEWSLETTER.search(t) and _NEWSLETTER_ASK.search(t) and _TO_READER.search(t)) or _MAILING.search(t)):
        return "chrome"  # a newsletter's appeal
    if (line.words <= _DISCLOSURE_WORDS and ("ommission" in low or "rovision" in low) and _LINKS.search(t)
            and _COMMISSION.search(t)):
        return "chrome"  # an affiliate disclosure
    if line.words <= _NAV_WORDS and _BACK_TO.match(t) and not TERMINAL.search(t):
        return "chrome"  # a link back: navigation
    if line.words <= _TEASER_WORDS and _TEASER.match(t):
        return "chrome"  # a teaser in the article's flow
    if line.words <= _MORE_BOX_WORDS and _MORE_BOX.match(t):
        return "breaker"  # a box of other articles
    if _comment_header(line):
        return "breaker"  # "340 comments", "Post a comment", "Kommentare (12)": reader comments follow
    if line.words <= 14:
        cat = chrome_category(t, chrome_file)
        if cat is not None:
            return "breaker" if cat == "breaker" else "chrome"
    elif chrome_category(t, chrome_file) in ("legal", "promo"):
        return "chrome"
    if line.words <= 12 and stamp_only(t):
        return "stamp"
    if line.words <= 16 and DATED.match(t) and parse_date(t):
        return "dated"
    if line.words <= 80 and parse_caption(t):
        return "caption"
    if line.words <= 12 and BYLINE.match(t) and not TERMINAL.search(t):
        return "byline"
    terminal = bool(TERMINAL.search(t))
    if _unpunctuated_cjk(t, line.cjk):
        return "short"
    if (line.words >= 8 and terminal) or (line.words >= 25 and not _word_cloud(t)) or (
            line.words >= UNMARKED_PROSE and 2 * len(_UNMARKED.findall(t)) >= len(t)):
        return "prose"
    if terminal and line.words >= 3:
        return "weak"
    return "short"


_INLINE_BOX = 4
_BOX_HEADLINE = 8  # words: a linked headline in a box, a question ("Is the plant poisonous?") as often as not


# A wrapped paragraph's lines (see _unwrapped): each but the last this long, and this many of them.
_WRAP_CHARS = 40
_WRAP_WORDS = 6
_WRAP_LINES = 3
_LOWER_START = re.compile(r"^[a-zà-ÿ]")
# What begins a line of its own, lower case or not: a web address, a label ("next post: …").
_NEW_ITEM = re.compile(r"(?:https?:|www\.)|[^\s:]+(?:\s[^\s:]+)?:\s")
_LOWER_END = re.compile(r"(?:^|\s)[a-zà-ÿ][\w'’-]*,?$")


def _unwrapped(texts: list[str]) -> list[str]:
    """Paragraphs a hard wrap or <br>s broke into lines, joined again: ``_WRAP_LINES`` lines or more,
    each but the last of some length and ending on a lower-case word without a sentence mark, each
    after the first beginning in lower case and as long or ending the sentence. One break alone is
    as often a label and its item as a sentence cut in two."""
    groups: list[list[str]] = []
    last = ""
    for t in texts:
        if (groups and _LOWER_START.match(t) and not _NEW_ITEM.match(t) and _wrapped(last)
                and (len(t) >= _WRAP_CHARS or TERMINAL.search(t))):
            groups[-1].append(t)
        else:
            groups.append([t])
        last = t
    return [part for g in groups for part in ([" ".join(g)] if len(g) >= _WRAP_LINES else g)]


def _wrapped(line: str) -> bool:
    return (len(line) >= _WRAP_CHARS and len(_WORD.findall(line)) >= _WRAP_WORDS
            and _LOWER_END.search(line) is not None)


def scan_lines(text: str, chrome_file: Path | None = None) -> list[Line]:
    """The page's non-blank lines, each classified (``Line.kind``); a paragraph that a hard wrap or
    <br>s broke into lines mid-sentence is joined again into one (:func:`_unwrapped`)."""
    stripped = _unwrapped([t for raw in text.splitlines() if (t := raw.strip())])
    lines = []
    for i, t in enumerate(stripped):
        cjk = len(_CJK_CHAR.findall(t))
        lines.append(Line(i, t, count_words(t, cjk), cjk=cjk))
    for ln in lines:
        ln.kind = _classify(ln, chrome_file)
        ln.dateish = ln.kind in ("stamp", "dated") or (ln.kind in ("short", "byline") and ln.words <= 14
                                                         and _DIGIT.search(ln.text) is not None
                                                         and bool(find_dates(ln.text)))
    _consent_notices(lines)
    _inline_breakers(lines)
    return lines


def _inline_breakers(lines: list[Line]) -> None:
    """A "Related" box set inside an article (its heading and a few linked headlines, prose above it and
    below) does not end the article: its heading is chrome, not a breaker; a box of recommended or most
    read articles may hold more headlines. A comments header always ends it."""
    for i, ln in enumerate(lines):
        if ln.kind != "breaker" or COMMENTS_CUE.search(ln.text):
            continue
        above = any(x.kind == "prose" for x in lines[max(0, i - 2):i])
        more = ln.words <= _MORE_BOX_WORDS and _MORE_BOX.match(ln.text) is not None
        box = lines[i + 1:i + 2 + _MORE_BOX_INLINE] if more else lines[i + 1:i + 1 + _INLINE_BOX]
        # Its linked headlines are short lines; teasers with a summary each are read as the list they are.
        headlines = next((n for n, x in enumerate(box) if x.kind not in ("short", "chrome")
                          and not (x.kind == "weak" and x.words <= _BOX_HEADLINE)), len(box))
        if above and 0 < headlines < len(box) and box[headlines].kind == "prose":
            ln.kind = "chrome"
            for x in box[:headlines]:
                x.kind = "boxed"  # the box's headlines: not the article, but no menu to end it either


_NOTICE_MAX = 150  # words: an article set on one line about cookies is longer than any notice
_BUTTON_WORDS = 8
_NOTICE_AMID = 3  # lines: a story's prose within this many lines on both sides puts a line amid the story


def _consent_notices(lines: list[Line]) -> None:
    """Cookie and consent notices (:mod:`newsradar.extract.consent`) are chrome, however long, and
    marked ``notice``. A line that reads as a notice only by its topic and its buttons is one at the
    page's edges, not amid a story's prose: a story about a cookie fine has those words too. A consent
    dialog's other paragraphs (what each kind of cookie does) speak to the reader of cookies as well,
    and make no story around it."""
    strength = [notice_strength(ln.text) if 6 <= ln.words <= _NOTICE_MAX else 0 for ln in lines]
    for i, ln in enumerate(lines):
        if strength[i] == EDGE:
            above = lines[max(0, i - _NOTICE_AMID):i]
            below = lines[i + 1:i + 1 + _NOTICE_AMID]
            if all(any(_story(x, strength[x.index]) for x in side) for side in (above, below)):
                continue
        elif strength[i] != ANYWHERE:
            # A dialog's buttons keep their kind, which the line model reads around them; they are
            # never let in all the same.
            ln.notice = ln.words <= _BUTTON_WORDS and is_button(ln.text)
            continue
        ln.kind, ln.notice, ln.dateish = "chrome", True, False


def _story(line: Line, strength: int) -> bool:
    """A line of a story: prose that neither reads as a notice nor speaks to the reader of cookies and
    consent as a dialog does."""
    return line.kind == "prose" and not strength and not dialog_like(line.text)
