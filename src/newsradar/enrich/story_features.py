"""What the story index compares: a pure function of the enriched record, cheap enough for the
store's writer and computable inside the NLP workers.

Three kinds of feature, each a key with a count: words (``w:``, the headline counted twice, stop
words out, plurals folded), names (``n:``, the people, organisations, places, events and works the
entity stage resolved, counted by mentions) and figures (``#:``, numbers written in digits with the
word that follows them, and years). The people among the names are also kept apart, by surname and
prominence, for the story index's question of whom an article is about. A bottom-k sketch of the
text's word 5-grams finds
near-duplicates; the publication date, when the page states one with some confidence, keeps apart
articles published far apart.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache

from newsradar.extract.dates import naive_utc
from newsradar.record import Article

#: entity types whose names identify an event's participants, place or subject
NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"})
SHINGLE = 5  # words per shingle: long enough that unrelated articles share almost none
SKETCH = 64  # shingle hashes kept per article (a bottom-k sketch)
MIN_DATE_CONFIDENCE = 0.5
LEAD_WORDS = 40
LEAD_WEIGHT = 1.0

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*")
_FIGURE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent)|\s+([a-z]{3,}))?")
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_SHINGLE_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class StoryFeatures:
    """An article as the story index sees it."""

    terms: dict[str, float]  # feature key → count
    sketch: tuple[int, ...]  # the smallest shingle hashes, ascending
    shingles: int  # how many distinct shingles the text has
    published: datetime | None
    year: int | None  # the publication year, else the latest past year the text names
    names: dict[str, float]  # name key → prominence (mentions × salience)
    figures: dict[str, float]  # the figures among ``terms`` (``#:`` keys; years are the ``year``'s business)
    people: dict[str, float] = field(default_factory=dict)  # the people among ``names`` by surname, by prominence


@cache
def _stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS) | {"said", "say", "says", "told", "also", "would", "could", "one", "two",
                                    "new", "year", "years", "day", "days", "time", "week", "percent"}


@lru_cache(maxsize=1 << 16)  # bounded: the writer runs for months
def fold(word: str) -> str:
    """A word with case, possessive and plural folded (Harman's S-stemmer): storms → storm,
    cities → city, but not bus, crisis, press."""
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies") and not w.endswith(("eies", "aies")):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("es") and not w.endswith(("aes", "ees", "oes", "ses", "xes", "ches", "shes")):
        return w[:-1]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("us", "ss", "is", "'s")):
        return w[:-1]
    return w


def _words(text: str, weight: float, into: defaultdict[str, float], stop: frozenset[str]) -> None:
    for w in _WORD.findall(text.lower()):
        if len(w) > 2 and w not in stop:
            into["w:" + fold(w)] += weight


def _figures(text: str, into: defaultdict[str, float], stop: frozenset[str]) -> None:
    for m in _FIGURE.finditer(text):
        number, percent, word = m.groups()
        if _YEAR.match(number):
            into["y:" + number] += 1
            continue
        value = number.replace(",", "")
        if float(value) < 2 and not percent:
            continue  # "1 of the", "0.5": too common to identify anything
        unit = "%" if percent else (fold(word) if word and word not in stop else "")
        into[f"#:{value} {unit}".rstrip()] += 1


def _lead(text: str, words: int) -> str:
    """The article's first ``words`` words, whole sentences: where news names its event."""
    taken = 0
    out = []
    for para in text.split("\n\n"):
        out.append(para)
        taken += len(para.split())
        if taken >= words:
            break
    return "\n\n".join(out)


def _name(name: str) -> str:
    name = re.sub(r"^the\s+", "", name.strip().lower())
    return " ".join(fold(w) for w in _WORD.findall(name))


def features(article: Article) -> StoryFeatures:
    """The story features of ``article``: a pure function of its record."""
    stop = _stop_words()
    terms: defaultdict[str, float] = defaultdict(float)
    if article.title:
        _words(article.title, 2.0, terms, stop)
        _figures(article.title, terms, stop)
    _words(article.text, 1.0, terms, stop)
    lead = _lead(article.text, LEAD_WORDS)
    _words(lead, LEAD_WEIGHT, terms, stop)
    _figures(article.text, terms, stop)
    names: dict[str, float] = {}
    people: dict[str, float] = {}
    for ent in article.entities:
        if ent.type in NAME_TYPES:
            key = _name(ent.name)
            if key:
                terms["n:" + key] += max(1, len(ent.mentions))
                weight = max(1, len(ent.mentions)) * max(ent.salience, 0.01)
                names[key] = names.get(key, 0.0) + weight
                if ent.type == "PERSON":  # by surname: a report names "Tara Reid" once, then "Reid"
                    surname = key.rsplit(" ", 1)[-1]
                    people[surname] = people.get(surname, 0.0) + weight
    sketch, count = _sketch(article.text)
    published = _published(article)
    return StoryFeatures(dict(terms), sketch, count, published, _year(published, terms, article.fetched_at), names,
                         figures_of(terms), people)


def figures_of(terms: dict[str, float]) -> dict[str, float]:
    """The figures among an article's features (``#:``; years are weighed by the year penalty)."""
    return {key: n for key, n in terms.items() if key.startswith("#:")}


def _year(published: datetime | None, terms: dict[str, float], fetched_at: str | None) -> int | None:
    """When the article was written, to the year: its publication date, else the latest year it
    names that is not after it was fetched (a story names past years, rarely future ones)."""
    if published is not None:
        return published.year
    now = int(fetched_at[:4]) if fetched_at and fetched_at[:4].isdigit() else 9999
    years = [int(k[2:]) for k in terms if k.startswith("y:") and int(k[2:]) <= now]
    return max(years) if years else None


def _sketch(text: str) -> tuple[tuple[int, ...], int]:
    words = [w.lower() for w in _SHINGLE_WORD.findall(text)]
    if len(words) < SHINGLE:
        hashes = {zlib.crc32(" ".join(words).encode("utf-8"))} if words else set()
    else:
        hashes = {zlib.crc32(" ".join(words[i:i + SHINGLE]).encode("utf-8")) for i in range(len(words) - SHINGLE + 1)}
    return tuple(sorted(hashes)[:SKETCH]), len(hashes)


def _published(article: Article) -> datetime | None:
    info = article.published
    if info is None or info.confidence < MIN_DATE_CONFIDENCE:
        return None
    try:
        when = datetime.fromisoformat(info.value)
    except ValueError:
        return None
    return naive_utc(when)


def resemblance(a: StoryFeatures, b: StoryFeatures) -> float:
    """Estimated Jaccard resemblance of two texts' shingle sets, from their bottom-k sketches."""
    if not a.sketch or not b.sketch:
        return 0.0
    k = min(SKETCH, a.shingles, b.shingles, len(set(a.sketch) | set(b.sketch)))
    union_bottom = sorted(set(a.sketch) | set(b.sketch))[:k]
    both = set(a.sketch) & set(b.sketch)
    return sum(1 for h in union_bottom if h in both) / k if k else 0.0
