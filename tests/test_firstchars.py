"""The characters a pattern's match can begin with, and the chrome lookup that picks patterns by them."""

from __future__ import annotations

import re

from newsradar.extract.firstchars import first_chars, pick
from newsradar.extract.lexicon import _chrome_by_first, _chrome_matcher, chrome_category


def chars(pattern: str, flags: int = 0) -> str | None:
    found = first_chars(pattern, flags)
    return None if found is None else "".join(sorted(found))


def test_first_characters_of_literals_classes_and_optional_parts() -> None:
    assert chars("share (this|on)", re.I) == "Ss"
    assert chars("share") == "s"
    assert chars(r"(\d+ )?(min|hour) read", re.I) == "0123456789HMhm"
    found = chars(r"\bnext|[«<]*\s*prev", re.I) or ""
    assert {c for c in found if not c.isspace()} == set("<NPnp") and set(" \t\n") <= set(found)
    assert chars(r"(?<!\w)x?y", re.I) == "XYxy"
    assert chars("(?:a|)b") == "ab"
    # Anything may begin ".": every ASCII character but a new line.
    assert len(chars(".{0,40}all rights") or "") == 127
    # Unknown: flags switched inside, a back reference first.
    assert chars("(?-i:Ab)c", re.I) is None and chars(r"(a)?\1") is None


def test_pick_keeps_the_patterns_order() -> None:
    picked = pick(["apple", "banana", r".*a", "avocado", "(?-i:x)"])
    assert picked["a"] == (0, 2, 3, 4) and picked["b"] == (1, 2, 4) and picked["\n"] == (4,)


def test_chrome_lines_are_matched_as_by_all_the_patterns_at_once() -> None:
    regex, categories = _chrome_matcher(None)
    lines = ["Share this", "Share this article:", "Read more »", "12 comments", "© 2024 The Riverton Post",
             "All rights reserved.", "Advertisement", "Related stories", "« Previous post", "5 min read",
             "The council met on Tuesday to discuss the bridge.", "Riverton", "Leave a reply", "x", "1",
             "Home | News | Sport", "Kommentare (3)", "Teilen", "Weiterlesen", "Publicité", "  Menu  "]
    for line in lines:
        text = line.strip()
        whole = regex.fullmatch(re.sub(r"[\s:|»›>•·.!?…]+$", "", text)) or regex.fullmatch(text)
        expected = categories[int(whole.lastgroup[1:])] if whole is not None and whole.lastgroup else None
        if expected is None and " | " in text:
            continue  # a row of items: read item by item
        assert chrome_category(line) == expected, line
    # A line beginning with "T" is not tried against patterns that cannot begin with a "T".
    assert len(_chrome_by_first(None, "T").pattern) < len(regex.pattern) / 2
