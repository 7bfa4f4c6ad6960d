"""Images of an HTML article: the lead image and the figures in the body, with alt text, captions and
credits.

The lead image is the one the page declares for sharing (``og:image``, ``twitter:image``, the JSON-LD
``image``), else the first figure of the article. Figures come from ``<figure>`` (with its
``<figcaption>``) and from pictures standing in the article's text (``<img>``, AMP's ``<amp-img>``).
They are looked for in the whole ``<article>`` around the text, not in the text's container alone: the
lead picture stands in the article's header and a gallery beside its text; without an ``<article>``,
the figures between the headline and the text count too. A credit is read from an element
whose class names it ("credit", "copyright", "photographer"…), else from the caption's own wording
("(Photo: Reuters)", "Foto: dpa", "© AFP"), and is then cut from the caption. Addresses are made
absolute against the page's URL (or its ``<base>``/canonical address); lazy-loading placeholders give
way to the real address (``data-src``, ``srcset``); tracking pixels, icons, logos and avatars are left
out. The patterns are data: ``data/image_words.tsv``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from newsradar.extract import jsonld
from newsradar.extract.lexicon import data_lines, parse_caption
from newsradar.record import Image

_SPACE = re.compile(r"\s+")
_LAZY_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-full-src",
               "data-hi-res-src", "data-srcset", "srcset", "src")
MAX_IMAGES = 20


@cache
def _words() -> dict[str, re.Pattern[str]]:
    parts: dict[str, list[str]] = {}
    for line in data_lines("newsradar.extract", "data/image_words.tsv"):
        kind, _, pattern = line.partition("\t")
        parts.setdefault(kind.strip(), []).append(pattern.strip())
    return {k: re.compile("|".join(f"(?:{p})" for p in v), re.I) for k, v in parts.items()}


@cache
def _not_a_picture_lower() -> re.Pattern[str] | None:
    """The not-a-picture patterns for a lower-cased ASCII address, class or id, without re.I (which
    makes Python's regular expressions try each letter both ways: three times the cost on an address):
    a pattern with no upper-case letter (escapes included) answers alike on such a text, the characters
    re.I adds being upper case or not ASCII. ``None`` when the patterns have one (re.I stays)."""
    pattern = _words()["not-a-picture"].pattern
    return None if re.search("[A-Z]", pattern) else re.compile(pattern)


def _not_a_picture(text: str) -> bool:
    """Whether an image's address, or its class and id, say it is no picture of the article."""
    lower = _not_a_picture_lower()
    if lower is not None and text.isascii():
        return lower.search(text.lower()) is not None
    return _words()["not-a-picture"].search(text) is not None


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def find_images(root: Any, body: Any, url: str | None = None) -> list[Image]:
    """Figures inside ``body`` (the article container), the page's lead image first; ``url`` is the
    page's address, against which relative image addresses are resolved."""
    if url is None:
        url = _document_url(root)
    head = _head(root)
    base = _base_url(head, url)
    out: list[Image] = []
    seen: set[str] = set()
    for el in _pictures(body):
        image = _figure(el, base) if el.tag == "figure" else _standalone(el, base)
        if image is None or (image.url is None and not image.caption):
            continue
        key = _same_image_key(image.url) if image.url else f"caption:{image.caption}"
        if key in seen:
            continue
        seen.add(key)
        out.append(image)
        if len(out) >= MAX_IMAGES:
            break
    lead = _declared_lead(root, head.metas, base)
    if lead is not None and lead.url is not None:
        key = _same_image_key(lead.url)
        match = next((i for i, im in enumerate(out) if im.url and _same_image_key(im.url) == key), None)
        if match is not None:
            first = out.pop(match)
            first.alt = first.alt or lead.alt
            out.insert(0, first)
        else:
            out.insert(0, lead)
    return out


_IMG_TAGS = ("img", "amp-img")


def _pictures(body: Any) -> list[Any]:
    """Figures and the pictures standing alone in the text, in document order: those of the article
    around ``body`` (see :func:`_scope`)."""
    scope, before = _scope(body)
    out = [el for el in before if el.tag == "figure"]
    own = set(out)
    for el in scope.iter("figure", *_IMG_TAGS):
        if el in own:
            continue
        if el.tag != "figure" and any(a.tag in ("figure", "amp-img") for a in el.iterancestors()):
            continue  # a figure's own picture, or the fallback <img> inside an <amp-img>
        if scope is not body and not _inside(el, body) and (_in_other_article(el, scope) or _linked(el)):
            continue
        out.append(el)
    return out


_IMAGE_FILE = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.I)


def _inside(el: Any, container: Any) -> bool:
    return any(a is container for a in el.iterancestors())


def _linked(el: Any) -> bool:
    """A picture that links to another page: beyond the article's text, that is a teaser of another
    story or a share button, not the story's own picture (which links, if anywhere, to its file)."""
    picture = el if el.tag != "figure" else next(el.iter(*_IMG_TAGS), el)
    for anc in picture.iterancestors():
        if anc.tag == "a":
            href = (anc.get("href") or "").strip()
            return bool(href) and not _IMAGE_FILE.search(href)
        if anc is el:
            continue
        if anc.tag in ("article", "body"):
            break
    return False


def _scope(body: Any) -> tuple[Any, list[Any]]:
    """Where the article's pictures are: the ``<article>`` (or schema.org Article) that holds the text
    container ``body``, whose header has the lead picture and whose gallery may stand beside the
    text; else ``body`` itself, with the figures that stand between the last headline before it and
    its start (a lead picture above the text of a page without ``<article>``)."""
    for anc in body.iterancestors():
        if anc.tag in ("body", "html"):
            break
        if anc.tag == "article" or "Article" in (anc.get("itemtype") or ""):
            return anc, []
    if body.tag in ("body", "html"):
        return body, []
    # Every element before the container, in document order: the figures since the last <h1>.
    figures: list[Any] = []
    seen_headline = False
    for el in body.getroottree().getroot().iter():
        if el is body:
            break
        if el.tag == "h1":
            seen_headline, figures = True, []
        elif el.tag == "figure" and seen_headline and not any(a.tag == "figure" for a in el.iterancestors()):
            figures.append(el)
    holders = set(body.iterancestors())
    return body, [f for f in figures if f not in holders]


def _in_other_article(el: Any, scope: Any) -> bool:
    """Inside an ``<article>`` nested in ``scope``: a teaser of another story."""
    for anc in el.iterancestors():
        if anc is scope:
            return False
        if anc.tag == "article":
            return True
    return False


def _figure(fig: Any, base: str | None) -> Image | None:
    img = next(fig.iter(*_IMG_TAGS), None)
    src = _source(img, base) if img is not None else None
    if img is not None and src is None and _is_decoration(img):
        return None
    cap_el = next(fig.iter("figcaption"), None)
    caption = _text(cap_el) if cap_el is not None else None
    caption, credit = _split_credit(*_credit_element(fig, caption))
    alt = _clean(img.get("alt")) if img is not None else None
    if src is None and not caption:
        return None
    return Image(url=src, alt=alt, caption=_clean(caption), credit=credit)


def _standalone(img: Any, base: str | None) -> Image | None:
    src = _source(img, base)
    if src is None or _is_decoration(img):
        return None
    alt = _clean(img.get("alt"))
    caption, credit = None, None
    cap_el = _caption_after(img)
    if cap_el is not None:
        caption, credit = _credit_element(cap_el, _text(cap_el) or None)
    caption, credit = _split_credit(caption, credit)
    return Image(url=src, alt=alt, caption=_clean(caption), credit=credit)


_CAPTION_INLINE = ("em", "i", "small", "span", "cite")


def _caption_after(img: Any) -> Any | None:
    """The element that captions a picture standing alone: one right after it (or after its wrapper)
    whose class says it is a caption; or, when the picture, a line break and one emphasised phrase
    are all a paragraph holds (``<p><img><br><em>The route.</em></p>``), that phrase."""
    sibling = img.getnext()
    parent = img.getparent()
    if sibling is None and parent is not None:
        sibling = parent.getnext()
    if sibling is not None and isinstance(sibling.tag, str) and _words()["caption-class"].search(
            f"{sibling.get('class', '')} {sibling.get('id', '')}"):
        return sibling
    if parent is None or parent.tag not in ("p", "div", "a") or (parent.text or "").strip():
        return None
    kids = [k for k in parent if isinstance(k.tag, str)]
    if len(kids) == 3 and kids[0] is img and kids[1].tag == "br" and kids[2].tag in _CAPTION_INLINE \
            and not any((k.tail or "").strip() for k in kids):
        return kids[2]
    return None


def _credit_element(el: Any, caption: str | None) -> tuple[str | None, str | None]:
    """The credit held by an element inside ``el`` whose class names it, and ``caption`` without it."""
    for inner in el.iter():
        if inner is el or not isinstance(inner.tag, str):
            continue
        if _words()["credit-class"].search(f"{inner.get('class', '')} {inner.get('id', '')}"):
            credit = _clean_credit(_text(inner))
            if credit:
                if caption:
                    caption = caption.replace(_text(inner), " ").strip() or None
                return caption, credit
    return caption, None


def _split_credit(caption: str | None, credit: str | None) -> tuple[str | None, str | None]:
    """Cut a credit printed inside the caption ("(Photo: AP) Crowds…", "Crowds… Foto: dpa")."""
    if not caption:
        return caption, credit
    parsed = parse_caption(caption)
    if parsed and parsed[1]:
        found_caption, found_credit = parsed
        return found_caption, credit or _clean_credit(found_credit)
    m = _words()["copyright"].search(caption)
    if m:
        rest = (caption[:m.start()] + caption[m.end():]).strip(" |-–—,;")
        return rest or None, credit or _clean_credit(m.group("credit"))
    return caption, credit


def _clean_credit(text: str | None) -> str | None:
    if not text:
        return None
    text = _words()["credit-lead"].sub("", text.strip()).strip(" ()[]|,;:.-–—")
    return text[:160] or None


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    return _SPACE.sub(" ", text).strip() or None


def _source(img: Any, base: str | None) -> str | None:
    """The picture's real address, absolute; ``None`` for a placeholder, a pixel or an icon."""
    for attr in _LAZY_ATTRS:
        value = (img.get(attr) or "").strip()
        if not value:
            continue
        if "srcset" in attr:
            value = _largest(value)
        if not value or value.startswith("data:"):
            continue
        absolute = _absolute(value, base)
        if absolute is None or _not_a_picture(absolute):
            return None
        return absolute
    return None


def _largest(srcset: str) -> str:
    best, best_w = "", -1.0
    for part in srcset.split(","):
        bits = part.strip().split()
        if not bits:
            continue
        width = 0.0
        if len(bits) > 1:
            m = re.match(r"(\d+(?:\.\d+)?)[wx]", bits[1])
            width = float(m.group(1)) if m else 0.0
        if width > best_w:
            best, best_w = bits[0], width
    return best


def _is_decoration(img: Any) -> bool:
    """A tracking pixel, a spacer, an icon: tiny declared size or a role that says so."""
    for attr in ("width", "height"):
        m = re.match(r"\s*(\d+)", img.get(attr) or "")
        if m and int(m.group(1)) < 40:
            return True
    if (img.get("role") or "") == "presentation" or (img.get("aria-hidden") or "") == "true":
        return True
    return _not_a_picture(f"{img.get('class', '')} {img.get('id', '')}")


def _absolute(value: str, base: str | None) -> str | None:
    value = value.strip()
    if value.startswith("//"):
        scheme = urlsplit(base).scheme if base else ""
        return f"{scheme or 'https'}:{value}"
    if re.match(r"^[a-z][a-z0-9+.-]*:", value, re.I):
        return value if value.lower().startswith(("http:", "https:")) else None
    return urljoin(base, value) if base else None


def _document_url(root: Any) -> str | None:
    """The page address the metadata reader recorded on the tree (lxml's ``docinfo.URL``)."""
    try:
        value = root.getroottree().docinfo.URL
    except AttributeError:
        return None
    return value if isinstance(value, str) and value.startswith(("http://", "https://")) else None


class _Head(NamedTuple):
    base: str  # the first <base href>, stripped ("" for none)
    canonical: str | None  # the first <link rel="canonical">'s address
    metas: dict[str, str]  # each meta tag's first non-empty content by lower-cased property or name


def _head(root: Any) -> _Head:
    """What the page declares about its address and its lead picture, read in one walk of the tree
    where each of the three was a walk of its own. The root itself is no ``<base>`` nor ``<link>``
    (those were looked for below it)."""
    base: str | None = None
    canonical: str | None = None
    metas: dict[str, str] = {}
    for el in root.iter("meta", "base", "link"):
        tag = el.tag
        if tag == "meta":
            key = (el.get("property") or el.get("name") or "").strip().lower()
            if key and key not in metas and (el.get("content") or "").strip():
                metas[key] = el.get("content").strip()
        elif tag == "base":
            if base is None and el is not root and el.get("href") is not None:
                base = el.get("href").strip()
        elif (canonical is None and el is not root and "canonical" in (el.get("rel") or "").lower().split()
              and el.get("href")):
            canonical = el.get("href")
    return _Head(base or "", canonical, metas)


def _base_url(head: _Head, url: str | None) -> str | None:
    href = head.base
    page = url or head.canonical or url  # a canonical address only where none was given
    if href:
        return urljoin(page, href) if page else (href if href.startswith("http") else None)
    return page


def _same_image_key(src: str) -> str:
    """Two addresses of one picture (other size or query string) share the file name's stem."""
    path = urlsplit(src).path.rsplit("/", 1)[-1].lower()
    stem = re.sub(r"(?:[-_](?:\d{2,4}x\d{2,4}|scaled|large|medium|small|thumb\w*))+(?=\.\w+$)", "", path)
    return stem or src


def _declared_lead(root: Any, metas: dict[str, str], base: str | None) -> Image | None:
    raw = metas.get("og:image") or metas.get("og:image:url") or metas.get("og:image:secure_url") \
        or metas.get("twitter:image") or metas.get("twitter:image:src")
    if not raw:
        ld = jsonld.read_jsonld(root)
        article = ld.article()
        value = article.get("image") if article is not None else None
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("url") or value.get("contentUrl")
        raw = value if isinstance(value, str) else None
    if not raw:
        return None
    src = _absolute(raw, base)
    if src is None or _not_a_picture(src):
        return None
    return Image(url=src, alt=_clean(metas.get("og:image:alt") or metas.get("twitter:image:alt")))
