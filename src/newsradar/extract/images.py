"""Images of an HTML article: the lead image and figures in the body, with captions and credits."""

from __future__ import annotations

import re
from typing import Any

from newsradar.extract.lexicon import parse_caption
from newsradar.extract.metadata import meta_tags
from newsradar.record import Image

_SPACE = re.compile(r"\s+")


def _text(el: Any) -> str:
    return _SPACE.sub(" ", "".join(el.itertext())).strip()


def find_images(root: Any, body: Any) -> list[Image]:
    """Figures inside ``body`` (the article container), with the page's lead image first."""
    return _images(root, body, meta_tags(root))


def _images(root: Any, body: Any, meta: dict[str, str]) -> list[Image]:
    out: list[Image] = []
    for fig in body.iter("figure"):
        img = next(fig.iter("img"), None)
        cap_el = next(fig.iter("figcaption"), None)
        caption = _text(cap_el) if cap_el is not None else None
        credit = None
        if cap_el is not None:
            for el in cap_el.iter():
                if re.search(r"credit|byline|copyright|source", f"{el.get('class', '')}", re.I):
                    credit = _text(el) or None
                    if caption and credit:
                        caption = caption.replace(credit, "").strip() or None
        if caption and not credit:
            parsed = parse_caption(caption)
            if parsed:
                caption, credit = parsed[0] or caption, parsed[1]
        out.append(Image(url=img.get("src") if img is not None else None,
                         alt=(img.get("alt") or None) if img is not None else None, caption=caption, credit=credit))
    lead = meta.get("og:image") or meta.get("twitter:image")
    if lead and not any(i.url == lead for i in out):
        out.insert(0, Image(url=lead, alt=meta.get("og:image:alt")))
    return out
