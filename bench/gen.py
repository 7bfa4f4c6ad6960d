"""Generated records for the store benchmark: realistic shapes, made fast, never real news.

Each article has ~150 words of text drawn from a Zipf-distributed vocabulary of invented words,
``mentions`` entities drawn Zipf-like from a pool (so a few are everywhere and most are rare), a few
quotes, claims and events, and a time that advances with its arrival number, as a live feed does.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import datetime, timedelta

from newsradar.record import Actor, Article, Claim, DateInfo, Entity, Event, Location, Quote, Tone

_SYLLABLES = ["ka", "lo", "mi", "ra", "te", "su", "no", "vi", "da", "pe", "zu", "ri", "ho", "ba", "ne", "to",
              "gu", "ma", "si", "ol", "an", "er", "in", "ur", "el"]
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP")
CAMEO = ("010", "020", "036", "042", "046", "051", "057", "061", "071", "084", "111", "112", "120", "130", "141",
         "160", "173", "180", "190", "193")
UNITS = ("people killed", "workers", "vehicles", "million dollars", "tonnes", "refugees", "soldiers", "percent")
START = datetime(2024, 1, 1)


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


class Generator:
    """Deterministic records: ``article(n)`` is the same for the same seed and n."""

    def __init__(self, *, seed: int = 7, vocabulary: int = 20_000, entities: int = 50_000, sites: int = 300,
                 per_day: int = 3000, mentions: int = 20, start: datetime = START) -> None:
        rng = random.Random(seed)
        self.words = list(dict.fromkeys(_word(rng) for _ in range(vocabulary * 2)))[:vocabulary]
        self.word_cum = list(itertools.accumulate(1 / (i + 1) for i in range(len(self.words))))
        self.entities = [(" ".join(_word(rng).capitalize() for _ in range(rng.randint(1, 3))),
                          ENTITY_TYPES[i % len(ENTITY_TYPES)]) for i in range(entities)]
        self.entity_cum = list(itertools.accumulate(1 / (i + 1) ** 0.8 for i in range(entities)))
        self.sites = [f"{_word(rng).capitalize()} {rng.choice(['Times', 'Post', 'Herald', 'Wire', 'News'])}"
                      for _ in range(sites)]
        self.step = timedelta(days=1) / per_day
        self.start = start  # the time of article 0
        self.mentions = mentions
        self.seed = seed

    def article(self, n: int) -> Article:
        rng = random.Random(self.seed * 1_000_003 + n)
        words = rng.choices(self.words, cum_weights=self.word_cum, k=150)
        people = rng.choices(range(len(self.entities)), cum_weights=self.entity_cum, k=self.mentions * 2)
        chosen = list(dict.fromkeys(people))[: self.mentions]
        names = [self.entities[i] for i in chosen]
        lead = " ".join(name for name, _ in names[:5])
        text = lead + ". " + " ".join(words[:75]) + ".\n\n" + " ".join(words[75:]) + "."
        ents = [Entity(id=f"e{i + 1}", name=name, type=kind, mentions=[(0, len(name))] * rng.randint(1, 4),
                       salience=round(rng.random(), 3)) for i, (name, kind) in enumerate(names)]
        quotes = [Quote(text=" ".join(rng.choices(self.words, cum_weights=self.word_cum, k=12)), kind="direct",
                        speaker=ents[i].name, speaker_entity=ents[i].id, cue="said", span=(10, 80))
                  for i in range(rng.randint(0, 3)) if ents[i].type == "PERSON"]
        claims = [Claim(value=float(rng.choice((10, 12, 20, 40, 100, 250, 1000))), unit=rng.choice(UNITS),
                        text="n units", span=(5, 12)) for _ in range(rng.randint(0, 2))]
        events = []
        for _ in range(rng.randint(0, 3)):
            a, b = rng.sample(range(min(8, len(ents))), 2)
            cameo = rng.choice(CAMEO)
            events.append(Event(source=Actor(ents[a].name, ents[a].id, "USAGOV"),
                                target=Actor(ents[b].name, ents[b].id, "IRQMIL"), cameo=cameo,
                                quad_class=1 + int(cameo[:2]) // 6 % 4, goldstein=round(rng.uniform(-10, 10), 1),
                                location=Location("Place", "IRQ", 33.0, 44.0), span=(0, 40)))
        when = self.start + self.step * n
        site = self.sites[int(rng.paretovariate(1.2)) % len(self.sites)]
        tone = rng.gauss(-1.5, 3.0)
        return Article(id=f"gen{self.seed}-{n}", source="bench", url=f"https://site{hash(site) % 997}.example/{n}",
                       site_name=site, title=" ".join(words[:8]).capitalize(), language="en",
                       published=DateInfo(when.isoformat(), "meta", 0.9), text=text, paragraphs=text.split("\n\n"),
                       entities=ents, quotes=quotes, claims=claims, events=events,
                       tone=Tone(round(tone, 3), round(max(tone, 0) + 2, 3), round(max(-tone, 0) + 2, 3)),
                       story_id=f"story{n // 7}" if rng.random() < 0.6 else None)

    def articles(self, start: int, count: int) -> Iterator[Article]:
        for n in range(start, start + count):
            yield self.article(n)
