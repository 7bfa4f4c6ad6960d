"""What the story index remembers of a story, and the shares its penalties are measured in.

A story keeps the sum of its articles' vectors (its centroid), the heaviest features of its latest
``MEMBER_VECTORS`` articles, and counts of what its articles state: the years they were written in,
the names and figures they give, and the people they are about (surnames, each article's people
weighed to one). An article's score against it (``stories.StoryIndex._penalised``) subtracts from
its similarity the shares computed here; two stories that turn out to be one are folded together.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

STORY_NAMES = 200  # names (and figures, people) a story remembers (the most often named)
MEMBER_VECTORS = 32  # the latest articles of a story whose vectors it keeps
PEOPLE_FLOOR = 0.3  # the share of people mismatch that costs nothing (a report also names witnesses, officials)
PEOPLE_PRIOR = 1.0  # the people mismatch is weighed by n / (n + this), n the story's articles that name people

_Count = TypeVar("_Count", int, float)


@dataclass(slots=True)
class Story:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    first: datetime | None = None  # earliest and latest publication dates of its articles
    last: datetime | None = None
    seen: int = 0  # arrival number of its latest article
    seen_at: datetime | None = None  # the arrival clock then
    years: dict[int, int] = field(default_factory=dict)  # year → its articles written then
    names: dict[str, int] = field(default_factory=dict)  # name key → articles naming it
    people: dict[str, float] = field(default_factory=dict)  # surname → sum of its shares of its articles' people
    people_size: int = 0  # its articles that name people
    figures: dict[str, int] = field(default_factory=dict)  # figure key (``#:``) → articles stating it
    pairs: float = 0.0  # the sum of the similarities of its articles to those before them (copies left out)
    links: int = 0  # how many such pairs
    parent: str | None = None  # the story its first article was reported under, if another
    recent: deque[dict[str, float]] = field(default_factory=lambda: deque(maxlen=MEMBER_VECTORS))


def other_years(year: int, years: dict[int, int]) -> float:
    """The share of the story's dated articles written in another year than ``year``: a year a
    story's text names in passing (an earlier record, a past season) then costs little, while an
    article a year apart from all its reports pays in full."""
    return 1.0 - years.get(year, 0) / sum(years.values())


def novel_names(names: dict[str, float], known: dict[str, int]) -> float:
    """The share of the article's name prominence on names the story never mentioned: a second
    event like the story's (another storm, another arrest) has its own people and places."""
    total = sum(names.values())
    return sum(w for n, w in names.items() if n not in known) / total if total else 0.0


def novel_figures(figures: dict[str, float], known: dict[str, int]) -> float:
    """The share of the article's ``figures`` (by mentions) that the story never stated, when it
    has stated some: another event of the same kind has its own toll, score, sum or magnitude,
    while a story's reports repeat theirs."""
    total = sum(figures.values())
    if not known or not total:
        return 0.0
    return sum(n for key, n in figures.items() if key not in known) / total


def other_people(people: dict[str, float], story: Story) -> float:
    """How far the people the article is about are not those the story's articles are about: one
    less the overlap of the article's shares of its people (by prominence) with their mean shares in
    the story's articles, past ``PEOPLE_FLOOR``, weighed by how many of the story's articles name
    people at all (one article is a thin account of whom a story is about)."""
    total = sum(people.values())
    if not total or not story.people_size:
        return 0.0
    overlap = sum(min(w / total, story.people.get(n, 0.0) / story.people_size) for n, w in people.items())
    other = max(0.0, 1.0 - overlap - PEOPLE_FLOOR) / (1.0 - PEOPLE_FLOOR)
    return other * story.people_size / (story.people_size + PEOPLE_PRIOR)


def _add(counts: dict[str, _Count], more: dict[str, _Count]) -> None:
    for key, n in more.items():
        counts[key] = counts.get(key, 0) + n


def bounded(counts: dict[str, _Count]) -> dict[str, _Count]:
    """``counts`` cut back to its ``STORY_NAMES`` most frequent keys once it holds twice that."""
    if len(counts) <= 2 * STORY_NAMES:
        return counts
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_NAMES])


def fold_stories(into: Story, other: Story) -> None:
    """Add ``other``'s counts, dates and latest articles to ``into`` (its centroid is the caller's,
    which also keeps the look-up of stories by feature)."""
    into.size += other.size
    into.pairs += other.pairs
    into.links += other.links
    into.people_size += other.people_size
    for year, n in other.years.items():
        into.years[year] = into.years.get(year, 0) + n
    _add(into.names, other.names)
    _add(into.figures, other.figures)
    _add(into.people, other.people)
    into.names, into.figures, into.people = bounded(into.names), bounded(into.figures), bounded(into.people)
    into.recent.extend(other.recent)
    if other.first is not None:
        into.first = min(into.first or other.first, other.first)
    if other.last is not None:
        into.last = max(into.last or other.last, other.last)
