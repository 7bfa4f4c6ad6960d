"""JSON-LD (schema.org) blocks of an HTML page: parsed leniently, flattened, and the article found.

Publishers' JSON-LD is often not quite JSON: raw line breaks inside strings, trailing commas, HTML
comments or CDATA wrappers, several objects one after another. Each block is read as JSON first,
then once more after those defects are repaired; a block that still fails is skipped, never fatal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

Node = dict[str, Any]

_WRAPPER = re.compile(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|//\s*\]\]>|\]\]>)\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting", "Review", "Posting", "Recipe")
_PAGE_TYPES = ("WebPage", "ItemPage", "AboutPage", "ProfilePage", "QAPage", "CollectionPage")


@dataclass(slots=True)
class JsonLd:
    """Every node of a page's JSON-LD, in document order, with ``@id`` references resolvable."""

    nodes: list[Node] = field(default_factory=list)
    by_id: dict[str, Node] = field(default_factory=dict)

    def resolve(self, value: Any) -> Any:
        """``value`` with a bare ``{"@id": …}`` reference replaced by the node it names."""
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and isinstance(value.get("@id"), str):
            return self.by_id.get(value["@id"], value)
        return value

    def article(self) -> Node | None:
        """The node describing the page's article: the first of an article type, else the first page
        node whose ``mainEntity`` is not something else, else ``None``."""
        for node in self.nodes:
            if has_type(node, _ARTICLE_TYPES):
                return node
        for node in self.nodes:
            if has_type(node, _PAGE_TYPES):
                return node
        return None

    def of_type(self, *kinds: str) -> Iterator[Node]:
        return (n for n in self.nodes if has_type(n, kinds))


def type_names(node: Node) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]


def has_type(node: Node, kinds: tuple[str, ...]) -> bool:
    return any(any(k == w or k.endswith(w) for w in kinds) for k in type_names(node))


def _loads(text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = _TRAILING_COMMA.sub(r"\1", _WRAPPER.sub("", text.strip()))
    repaired = repaired.replace("\r", " ").replace("\n", " ").replace("\t", " ")
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        pass
    # Several top-level objects in one block: read them one after another.
    decoder, out, pos = json.JSONDecoder(strict=False), [], 0
    while pos < len(repaired):
        while pos < len(repaired) and repaired[pos] in " ,;\n":
            pos += 1
        if pos >= len(repaired):
            break
        try:
            obj, pos = decoder.raw_decode(repaired, pos)
        except ValueError:
            break
        out.append(obj)
    return out or None


def read_jsonld(root: Any) -> JsonLd:
    """Every JSON-LD node of the page (nested ones too: ``@graph``, ``mainEntity``, lists)."""
    out = JsonLd()
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if not text.strip() or len(text) > 2_000_000:
            continue
        data = _loads(text)
        if data is None:
            continue
        stack: list[Any] = [data]
        order: list[Node] = []
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack[:0] = item
            elif isinstance(item, dict):
                order.append(item)
                node_id = item.get("@id")
                if isinstance(node_id, str) and node_id not in out.by_id and len(item) > 2:
                    out.by_id[node_id] = item
                for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                    child = item.get(key)
                    if isinstance(child, dict | list):
                        stack.append(child)
        out.nodes.extend(order)
    return out


def names(value: Any, ld: JsonLd | None = None, *, limit: int = 12) -> list[str]:
    """The ``name`` of each person/organisation in a JSON-LD value (a string, a node or a list)."""
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for raw in items[:limit]:
        it = ld.resolve(raw) if ld is not None else raw
        name = it.get("name") if isinstance(it, dict) else it
        if isinstance(it, dict) and not name:
            # A Person given only in parts: {"givenName": "Ana", "familyName": "Ferreira"}
            parts = [text(it.get(k)) for k in ("givenName", "additionalName", "familyName")]
            name = " ".join(p for p in parts if p) or None
        if isinstance(name, list):
            name = next((n for n in name if isinstance(n, str)), None)
        if isinstance(name, dict):
            name = name.get("@value")
        if isinstance(name, str) and name.strip():
            out.append(name.strip())
    return out


def text(value: Any) -> str | None:
    """A JSON-LD literal as a string (``@value`` objects and one-element lists unwrapped)."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
    if isinstance(value, dict):
        value = value.get("@value")
    return value.strip() if isinstance(value, str) and value.strip() else None
