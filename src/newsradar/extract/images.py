"""Images of an HTML article: the lead image and the figures in the body, with alt text, captions and
credits.

The lead image is the one the page declares for sharing (``og:image``, ``twitter:image``, the JSON-LD
``image``), else the first figure of the article. Figures come from ``<figure>`` (with its
``<figcaption>``) and from pictures standing in the article's text. A credit is read from an element
whose class names it ("credit", "copyright", "photographer"…), else from the caption's own wording
("(Photo: Reuters)", "Foto: dpa", "© AFP"), and is then cut from the caption. Addresses are made
absolute against the page's URL (or its ``<base>``/canonical address); lazy-loading placeholders give
way to the real address (``data-src``, ``srcset``); tracking pixels, icons, logos and avatars are left
out. The patterns are data: ``data/image_words.tsv``.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
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


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def find_images(root: Any, body: Any, url: str | None = None) -> list[Image]:
    """Figures inside ``body`` (the article container), the page's lead image first; ``url`` is the
    page's address, against which relative image addresses are resolved."""
    if url is None:
        url = _document_url(root)
    base = _base_url(root, url)
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
    lead = _declared_lead(root, base)
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


def _pictures(body: Any) -> list[Any]:
    """Figures and the pictures standing alone in the text, in document order."""
    out = []
    for el in body.iter("figure", "img"):
        if el.tag == "img" and any(a.tag == "figure" for a in el.iterancestors()):
            continue
        out.append(el)
    return out


def _figure(fig: Any, base: str | None) -> Image | None:
    img = next(fig.iter("img"), None)
    src = _source(img, base) if img is not None else None
    if img is not None and src is None and _is_decoration(img):
        return None
    cap_el = next(fig.iter("figcaption"), None)
    caption = _text(cap_el) if cap_el is not None else None
    credit = None
    for el in fig.iter():
        if el is fig or not isinstance(el.tag, str):
            continue
        if _words()["credit-class"].search(f"{el.get('class', '')} {el.get('id', '')}"):
            credit = _clean_credit(_text(el))
            if credit and caption:
                caption = caption.replace(_text(el), " ").strip() or None
            if credit:
                break
    caption, credit = _split_credit(caption, credit)
    alt = _clean(img.get("alt")) if img is not None else None
    if src is None and not caption:
        return None
    return Image(url=src, alt=alt, caption=_clean(caption), credit=credit)


def _standalone(img: Any, base: str | None) -> Image | None:
    src = _source(img, base)
    if src is None or _is_decoration(img):
        return None
    alt = _clean(img.get("alt"))
    # A caption printed right after the picture, in an element that says it is one.
    caption, credit = None, None
    sibling = img.getnext()
    if sibling is None and img.getparent() is not None:
        sibling = img.getparent().getnext()
    if sibling is not None and isinstance(sibling.tag, str) and _words()["caption-class"].search(
            f"{sibling.get('class', '')} {sibling.get('id', '')}"):
        caption = _text(sibling) or None
    caption, credit = _split_credit(caption, None)
    return Image(url=src, alt=alt, caption=_clean(caption), credit=credit)


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
        if absolute is None or _words()["not-a-picture"].search(absolute):
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
    return bool(_words()["not-a-picture"].search(f"{img.get('class', '')} {img.get('id', '')}"))


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


def _base_url(root: Any, url: str | None) -> str | None:
    base_el = root.find(".//base[@href]")
    href = base_el.get("href").strip() if base_el is not None else ""
    page = url
    if not page:
        for link in root.iterfind(".//link[@rel]"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
                page = link.get("href")
                break
    if href:
        return urljoin(page, href) if page else (href if href.startswith("http") else None)
    return page


def _same_image_key(src: str) -> str:
    """Two addresses of one picture (other size or query string) share the file name's stem."""
    path = urlsplit(src).path.rsplit("/", 1)[-1].lower()
    stem = re.sub(r"(?:[-_](?:\d{2,4}x\d{2,4}|scaled|large|medium|small|thumb\w*))+(?=\.\w+$)", "", path)
    return stem or src


def _declared_lead(root: Any, base: str | None) -> Image | None:
    metas: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or "").strip().lower()
        if key and key not in metas and (m.get("content") or "").strip():
            metas[key] = m.get("content").strip()
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
    if src is None or _words()["not-a-picture"].search(src):
        return None
    return Image(url=src, alt=_clean(metas.get("og:image:alt") or metas.get("twitter:image:alt")))
