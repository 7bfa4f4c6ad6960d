"""Authors read from bylines, meta tags, microdata and JSON-LD (extract/authors.py)."""

from __future__ import annotations

import json

from newsradar.extract.html import parse
from newsradar.extract.metadata import read_metadata

BODY = ("<p>The harbour authority said on Tuesday that the cranes would stay idle until the dispute "
        "over night-shift pay was settled, and that ships were being sent to other ports.</p>"
        "<p>Union leaders said the strike would continue through the weekend unless the talks resumed "
        "with a new offer on the table from the port operators.</p>")


def authors(head: str = "", body: str = "", *, lang: str = "en") -> list[str]:
    html = f"<html lang='{lang}'><head>{head}</head><body>{body}</body></html>"
    return read_metadata(parse(html), "https://news.example.org/port/strike").authors


def article(byline: str) -> str:
    return f"<article><h1>Dockers vote to strike</h1>{byline}<div class='article-body'>{BODY}</div></article>"


def test_author_prefixed_classes_are_bylines_not_wordpress_taxonomy() -> None:
    for cls in ("author-name", "author-link", "author-byline"):
        assert authors(body=article(f"<div class='meta'><span class='{cls}'>Mara Quell</span></div>")) == [
            "Mara Quell"], cls
    role = "<div class='author-info'><span class='author-name'>By Mara Quell</span>, Senior Correspondent</div>"
    assert authors(body=article(role)) == ["Mara Quell"]


def test_a_date_label_left_behind_by_its_date_is_no_part_of_the_name() -> None:
    info = "<div class='author-info'>Jana Ostrowski Stand: 05. Februar 2020</div>"
    assert authors(body=article(info), lang="de") == ["Jana Ostrowski"]
    assert authors(body=article("<div class='author-ch'>Jana Ostrowski Chefredakteurin</div>"), lang="de") == [
        "Jana Ostrowski"]


def test_a_wire_credit_after_a_writer_is_no_second_writer() -> None:
    for agency in ("Reuters", "AP", "Associated Press", "BBC News"):
        assert authors(body=article(f"<div class='byline'>By Mara Quell, {agency}</div>")) == ["Mara Quell"], agency
    # alone, the agency is the credit
    assert authors(body=article("<div class='byline'>By Reuters</div>")) == ["Reuters"]
    # a list of people keeps every one
    assert authors(body=article("<div class='byline'>By Mara Quell, Tomas Brink and Ines Varga</div>")) == [
        "Mara Quell", "Tomas Brink", "Ines Varga"]


def test_places_handles_capitals_and_photo_credits_in_bylines() -> None:
    cases = {
        "By Mara Quell in Lisbon and Tomas Brink in Madrid": ["Mara Quell", "Tomas Brink"],
        "BY MARA QUELL AND TOMAS BRINK": ["Mara Quell", "Tomas Brink"],
        "By Mara Quell @maraquell": ["Mara Quell"],
        "Story by Mara Quell. Photos by Tomas Brink.": ["Mara Quell"],
        "By Mara Quell For Mailonline": ["Mara Quell"],
        "As told to Mara Quell": ["Mara Quell"],
    }
    for byline, expected in cases.items():
        assert authors(body=article(f"<div class='byline'>{byline}</div>")) == expected, byline


def test_every_writer_of_a_byline_with_several_links_or_tags() -> None:
    links = ("<div class='meta'>Words by <a rel='author' href='/p/mq'>Mara Quell</a> and "
             "<a rel='author' href='/p/tb'>Tomas Brink</a></div>")
    assert authors(body=article(links)) == ["Mara Quell", "Tomas Brink"]
    # a writer's link in a box further down is not a second writer of this story
    box = "<div class='bio'><a rel='author' href='/p/iv'>Ines Varga</a></div>"
    assert authors(body=article("<p class='x'>By <a rel='author' href='/p/mq'>Mara Quell</a></p>") + box) == [
        "Mara Quell"]
    for key in ("author", "parsely-author"):
        tags = f"<meta name='{key}' content='Mara Quell'><meta name='{key}' content='Tomas Brink'>"
        assert authors(tags) == ["Mara Quell", "Tomas Brink"], key


def test_structured_names_in_parts_or_surname_first() -> None:
    person = {"@type": "NewsArticle", "author": {"@type": "Person", "givenName": "Ana", "familyName": "Ferreira"}}
    assert authors(f"<script type='application/ld+json'>{json.dumps(person)}</script>") == ["Ana Ferreira"]
    assert authors("<meta name='dc.creator' content='Ferreira, Ana'>") == ["Ana Ferreira"]
    assert authors("<meta name='citation_author' content='Jong, Michiel de'>") == ["Michiel de Jong"]
    # two writers, or two agencies, are not one name turned round
    assert authors("<meta name='author' content='Ana Ferreira, Joao Silva'>") == ["Ana Ferreira", "Joao Silva"]
    assert authors("<meta name='author' content='Reuters, AP'>") == ["Reuters", "AP"]
