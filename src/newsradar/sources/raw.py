"""RawPage: what every source yields and the extract stage takes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PageKind = Literal["html", "text", "article"]


@dataclass(slots=True)
class RawPage:
    """One page as it arrived, before anything is extracted from it.

    ``content`` is the page's bytes (any encoding) or already-decoded text. ``kind`` is ``"html"``,
    ``"text"`` (scraped page text, one block per line), ``"article"`` (already-extracted fields in
    ``fields``, e.g. from JSON Lines) or ``None`` to sniff. ``source`` names where it came from: a
    path, a URL, a WARC record id. ``feed_date`` is the date a feed or sitemap gave the page
    (ISO 8601, UTC): a low-priority publication date, used when the page itself says nothing better.
    """

    content: bytes | str
    source: str
    url: str | None = None
    kind: PageKind | None = None
    fetched_at: str | None = None
    encoding: str | None = None
    fields: dict[str, object] = field(default_factory=dict)
    feed_date: str | None = None
