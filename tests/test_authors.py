"""Authors read from bylines, meta tags, microdata and JSON-LD (extract/authors.py)."""

from __future__ import annotations

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
