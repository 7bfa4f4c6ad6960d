"""The article's title and the site's name.

The title is the headline the page declares (JSON-LD ``headline``, Open Graph and other title meta
tags, else the ``<title>``), with the site's name cut off where the page appends or prepends it
("Headline | Site", "Site - Headline"); the page's main ``<h1>`` decides between the parts when the
declared title is ambiguous, and stands in when the page declares nothing useful. The site name comes
from ``og:site_name``, the JSON-LD ``WebSite`` or publisher, or the part of the title shared with the
host name.
"""

from __future__ import annotations

import re
import unicodedata
from html import unescape
from typing import Any
from urllib.parse import urlsplit

from newsradar.extract import jsonld
from newsradar.extract.scan import Scan, text_of

_SPACE = re.compile(r"\s+")
_SEPARATORS = re.compile(r"\s+(?:[|–—•·»›~/\\:]|::|-{1,2})\s+|\s*\|\s*|\s*_(?=\S)")
_TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title", "parsely-title",
               "sailthru.title", "headline", "title")
_SITE_META = ("og:site_name", "application-name", "apple-mobile-web-app-title", "al:android:app_name",
              "al:ios:app_name", "twitter:app:name:iphone", "publisher", "dc.publisher")


def clean(value: str | None, limit: int = 400) -> str | None:
    if not value:
        return None
    text = _SPACE.sub(" ", unescape(unescape(value))).strip()
    return text[:limit].strip() or None


def _key(text: str) -> str:
    """Letters and digits only, case-folded: how two spellings of one name are compared."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def host_key(url: str | None) -> str:
    if not url:
        return ""
    host = (urlsplit(url).hostname or "").lower()
    for prefix in ("www.", "m.", "amp.", "mobile."):
        host = host.removeprefix(prefix)
    return host


def _like_host(part: str, host: str) -> bool:
    if not host:
        return False
    k = _key(part)
    name = _key(host.split(".", 1)[0])
    full = _key(host)
    return bool(k) and (k in (full, name) or (len(k) >= 4 and (k in full or (len(name) >= 4 and name in k))))


def site_name(sc: Scan, ld: jsonld.JsonLd, url: str | None) -> str | None:
    """The site's name as the page declares it, else as its title and host name agree on it."""
    for key in _SITE_META[:1]:
        value = clean(sc.meta(key), 120)
        if value:
            return value
    for node in ld.of_type("WebSite"):
        name = jsonld.text(node.get("name"))
        if name:
            return clean(name, 120)
    article = ld.article()
    if article is not None:
        pub = jsonld.names(article.get("publisher"), ld)
        if pub:
            return clean(pub[0], 120)
    for node in ld.of_type("NewsMediaOrganization", "Organization"):
        name = jsonld.text(node.get("name"))
        if name:
            return clean(name, 120)
    for key in _SITE_META[1:]:
        value = clean(sc.meta(key), 120)
        if value and not value.startswith("http"):
            return value
    host = host_key(url or sc.canonical())
    title = clean(sc.title)
    if title and host:
        prefix = _PREFIX.fullmatch(title)
        # "Site: Headline" first: the whole title, which holds the site's name, would pass for it.
        named = [prefix[1]] if prefix and _names_site(prefix[1], None, host, strict=True) else []
        for part in [*named, *_SEPARATORS.split(title)]:
            if part and _like_host(part, host) and len(part) <= 60:
                return part.strip()
    return None


def main_h1(sc: Scan) -> list[str]:
    out = []
    for el in sc.h1:
        if sc.in_comments(el) or sc.in_aside(el):
            continue
        t = clean(text_of(el, 500))
        if t and 2 <= len(t) <= 300:
            out.append(t)
    return out


_PREFIX = re.compile(r"([^:|]{2,60}):\s+(\S.*)")


def _names_site(part: str, site: str | None, host: str, *, strict: bool = False) -> bool:
    """Whether ``part`` of a title is the site's name. ``strict``: the name itself, give or take a few
    letters ("DVGW e.V." for dvgw.de), not a phrase holding it ("Best of Houzz 2022" for houzz.de)."""
    site_k = _key(site or "")
    k = _key(part)
    if site_k and (k == site_k or (len(site_k) > 3 and site_k in k and len(k) <= len(site_k) + 4)):
        return True
    if not strict:
        return _like_host(part, host)
    name = _key(host.split(".", 1)[0])
    return bool(k) and len(name) >= 4 and name in k and len(k) <= len(name) + 4


def strip_site(title: str, site: str | None, host: str) -> str:
    """``title`` without the parts that name the site ("Headline | Site" → "Headline")."""
    # "Site: Headline": a colon is a separator only after the site's name; elsewhere it is the headline's
    # own ("Rail plan: Portugal says yes").
    m = _PREFIX.fullmatch(title)
    if m and _names_site(m[1], site, host, strict=True):
        return m[2].strip()
    parts = [p.strip() for p in _SEPARATORS.split(title) if p and p.strip()]
    if len(parts) < 2:
        return title
    keep = [p for p in parts if not _names_site(p, site, host)]
    if not keep or len(keep) == len(parts):
        return title
    # Rejoin what is left with the separators the title used between those parts.
    first, last = keep[0], keep[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if 0 <= start < end else " ".join(keep)


def title(sc: Scan, ld: jsonld.JsonLd, url: str | None, site: str | None) -> str | None:
    host = host_key(url or sc.canonical())
    h1s = main_h1(sc)
    article = ld.article()
    declared = None
    if article is not None:
        declared = clean(jsonld.text(article.get("headline")) or (
            jsonld.text(article.get("name")) if jsonld.has_type(article, ("Article", "BlogPosting")) else None))
    if not declared:
        declared = next((clean(sc.meta(k)) for k in _TITLE_META if clean(sc.meta(k))), None)
    tag = clean(sc.title)
    for candidate in (declared, tag):
        if not candidate:
            continue
        # The h1 the page shows, when the declared title is that h1 plus the site's name.
        for h in h1s:
            if _key(h) and _key(h) != _key(candidate) and _key(h) in _key(candidate):
                parts = [p.strip() for p in _SEPARATORS.split(candidate) if p and p.strip()]
                if any(_key(p) == _key(h) for p in parts):
                    return h
        stripped = strip_site(candidate, site, host)
        if _key(stripped) and _key(stripped) != _key(site or ""):
            return stripped
    # A logo's <h1> (the site's name) may come before the headline's.
    headlines = [h for h in h1s if not (site and _key(h) == _key(site))] or h1s
    return headlines[0] if headlines else (tag or None)


def h1_of(root: Any) -> str | None:
    el = root.find(".//h1")
    return clean(text_of(el, 500)) if el is not None else None
