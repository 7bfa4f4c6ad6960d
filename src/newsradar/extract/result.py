"""Extraction: what the text and HTML paths find in a page, before it becomes an Article."""

from __future__ import annotations

from dataclasses import dataclass, field

from newsradar.record import DateInfo, Image


@dataclass(slots=True)
class Extraction:
    """The article and metadata one extractor found. ``language`` is what the page declares
    (``<html lang>``, meta); the extract stage detects it from the text when this is ``None``."""

    paragraphs: list[str] = field(default_factory=list)
    title: str | None = None
    site_name: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section: str | None = None
    images: list[Image] = field(default_factory=list)
    published: DateInfo | None = None
    updated: DateInfo | None = None
    boilerplate: list[str] = field(default_factory=list)
    language: str | None = None
    url: str | None = None
