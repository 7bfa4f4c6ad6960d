"""robots.txt read as RFC 9309 says: groups by product token, longest match, wildcards."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.sources.robots import Robots, _matches

ROBOTS = """
# a comment
User-agent: *
Disallow: /private
Allow: /private/press
Crawl-delay: 3

User-agent: OtherBot
User-agent: NEWSRADAR/0.1
Disallow: /*.pdf$
Disallow: /drafts/
Allow: /drafts/public*
Crawl-delay: 2

User-agent: newsradar
Disallow: /search?
"""


def test_the_group_naming_newsradar_wins_and_same_agent_groups_merge() -> None:
    r = Robots.parse(ROBOTS)
    assert r.allows("https://n.test/private/x")  # the * group does not apply
    assert not r.allows("https://n.test/drafts/x")
    assert not r.allows("https://n.test/search?q=1")  # from the second newsradar group
    assert r.crawl_delay == 2


def test_longest_match_wins_and_allow_wins_a_tie() -> None:
    r = Robots.parse("User-agent: *\nDisallow: /a\nAllow: /a/b\nDisallow: /a/b/c\nAllow: /x\nDisallow: /x\n")
    assert not r.allows("https://n.test/a/z")
    assert r.allows("https://n.test/a/b/z")
    assert not r.allows("https://n.test/a/b/c/d")
    assert r.allows("https://n.test/x")
    assert Robots.parse(ROBOTS, agent="somebot").allows("https://n.test/private/press/release")
    assert not Robots.parse(ROBOTS, agent="somebot").allows("https://n.test/private/x")


def test_wildcards_end_anchors_and_percent_encoding() -> None:
    r = Robots.parse(ROBOTS)
    assert not r.allows("https://n.test/files/report.pdf")
    assert r.allows("https://n.test/files/report.pdf?download=1")  # $ anchors at the end
    assert r.allows("https://n.test/drafts/public-notes")
    cafe = Robots.parse("User-agent: *\nDisallow: /caf%C3%A9\n")
    assert not cafe.allows("https://n.test/café/menu")
    assert Robots.parse("User-agent: *\nDisallow:\n").allows("https://n.test/anything")
    assert Robots.parse("").allows("https://n.test/")


def _reference(pattern: str, path: str) -> bool:
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    rx = "".join(".*" if c == "*" else re.escape(c) for c in body) + ("$" if anchored else "")
    return re.match(rx, path, re.S) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab*/$", max_size=8), st.text(alphabet="ab/", max_size=12))
def test_the_matcher_agrees_with_a_regular_expression(pattern: str, path: str) -> None:
    if "$" in pattern[:-1]:
        pattern = pattern.replace("$", "")
    assert _matches(pattern, path) == _reference(pattern, path)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400), st.text(max_size=40))
def test_any_text_parses_and_any_url_gets_an_answer(text: str, path: str) -> None:
    r = Robots.parse(text)
    assert isinstance(r.allows("https://n.test/" + path), bool)


def test_a_hostile_pattern_is_matched_quickly() -> None:
    r = Robots.parse("User-agent: *\nDisallow: /" + "*a" * 40 + "b\n")
    assert r.allows("https://n.test/" + "a" * 3000)
