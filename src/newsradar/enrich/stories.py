"""Stories and near-duplicates, assigned online: in arrival order, each article joins a story or
starts one.

An article is a sparse TF-IDF vector over three kinds of feature: its words (headline counted twice),
the names of the people, organisations and places the NLP stage found in it, and the numbers and
years it states. Names and numbers tell apart two similar events (two storms in one town, two
earthquakes, two arrests), so they weigh more than words. IDF comes from the document frequencies in
the index's own window, so it follows the news it sees.

A story is the centroid of its articles. A new article joins the most similar live story when the
cosine reaches the threshold and no date says the two are far apart in time; otherwise it starts a
story whose id is its own. Near-duplicates (wire copy re-published, a page fetched under two URLs)
are found from sampled word shingles and join the story of the article they copy.

The index keeps a bounded window (stories idle for longer than ``story_window_hours``, and beyond
``story_window_articles`` articles the oldest go), so memory is bounded over a long run; replaying
:meth:`StoryIndex.assign` over stored articles in arrival order rebuilds it exactly.
"""

from __future__ import annotations

import math
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from newsradar.enrich.story_features import StoryFeatures, features, resemblance
from newsradar.record import Article
from newsradar.settings import Settings

#: weight of each feature kind against words: names and figures tell similar events apart
GROUP_WEIGHTS = {"w": 1.0, "n": 0.5, "#": 0.3}
GROUP_OF = {"w": "w", "n": "n", "#": "#", "y": "#"}
LINK = "average"
CANDIDATE_TERMS = 48  # an article's heaviest features used to find candidate stories
CENTROID_TERMS = 300  # features a story's centroid keeps (bounds memory per story)
DUPLICATE_MATCHES = 8  # shared sketch hashes that make an article a duplicate candidate


@dataclass(slots=True)
class _Story:
    id: str
    centroid: dict[str, float] = field(default_factory=dict)
    norm2: dict[str, float] = field(default_factory=dict)  # per feature group
    size: int = 0
    first: datetime | None = None  # earliest and latest publication dates of its articles
    last: datetime | None = None
    seen: int = 0  # arrival number of its latest article
    seen_at: datetime | None = None  # the arrival clock then


@dataclass(slots=True)
class _Member:
    id: str
    story: str
    root: str  # the original this article copies, else its own id
    terms: tuple[str, ...]
    feats: StoryFeatures


class StoryIndex:
    """Assigns ``story_id`` and ``duplicate_of`` to articles in arrival order (see the module doc).

    Deterministic: the same articles in the same order get the same assignments, so
    :meth:`rebuild` over the stored articles restores the index after a restart.
    """

    def __init__(self, settings: Settings | None = None) -> None:
        s = settings or Settings()
        self.threshold = s.story_threshold
        self.duplicate_threshold = s.duplicate_threshold
        self.window_articles = s.story_window_articles
        self.window_hours = s.story_window_hours
        self.max_gap_days = s.story_max_gap_days
        self._members: deque[_Member] = deque()
        self._by_id: dict[str, _Member] = {}
        self._df: dict[str, int] = {}
        self._stories: OrderedDict[str, _Story] = OrderedDict()  # least recently joined first
        self._postings: dict[str, set[str]] = {}  # feature → stories whose centroid holds it
        self._sketches: dict[int, list[str]] = {}  # shingle hash → member ids
        self._count = 0
        self._clock: datetime | None = None

    @classmethod
    def rebuild(cls, articles: Iterable[Article], settings: Settings | None = None) -> StoryIndex:
        """An index that has seen ``articles`` (the recent stored ones, in arrival order). Their
        assignments are recomputed as :meth:`assign` made them; the articles are left unchanged."""
        index = cls(settings)
        for article in articles:
            index.assign(Article(id=article.id, source=article.source, title=article.title, text=article.text,
                                 entities=article.entities, published=article.published,
                                 fetched_at=article.fetched_at))
        return index

    def __len__(self) -> int:
        return len(self._members)

    @property
    def stories(self) -> int:
        return len(self._stories)

    def assign(self, article: Article, feats: StoryFeatures | None = None) -> Article:
        """Set ``article.story_id`` and ``article.duplicate_of`` and remember the article.

        ``feats`` are the article's :func:`~newsradar.enrich.story_features.features` when they were
        computed elsewhere (in an NLP worker); they are computed here otherwise.
        """
        feats = feats or features(article)
        self._count += 1
        self._advance(article, feats)
        if article.id in self._by_id:  # the same article again: same answer, no double counting
            known = self._by_id[article.id]
            article.story_id = known.story
            article.duplicate_of = known.root if known.root != known.id else None
            return article
        original = self._duplicate(feats)
        for term in feats.terms:
            self._df[term] = self._df.get(term, 0) + 1
        vector = self._vector(feats)
        if original is not None:
            story_id, root = original.story, original.root
        else:
            story_id, root = self._best_story(vector, feats) or article.id, article.id
        self._join(story_id, vector, feats)
        member = _Member(article.id, story_id, root, tuple(feats.terms), feats)
        self._remember(member)
        article.story_id = story_id
        article.duplicate_of = root if original is not None else None
        return article

    # -- the window --------------------------------------------------------------------------

    def _advance(self, article: Article, feats: StoryFeatures) -> None:
        now = _arrival(article) or feats.published
        if now is not None and (self._clock is None or now > self._clock):
            self._clock = now
        while len(self._members) >= self.window_articles:
            self._forget(self._members.popleft())
        while self._stories:
            story = next(iter(self._stories.values()))
            idle_articles = self._count - story.seen > self.window_articles
            if not (idle_articles or self._idle(story)):
                break
            self._drop_story(story)

    def _idle(self, story: _Story) -> bool:
        if self._clock is None or story.seen_at is None:
            return False
        return (self._clock - story.seen_at).total_seconds() > self.window_hours * 3600

    def _forget(self, member: _Member) -> None:
        del self._by_id[member.id]
        for term in member.terms:
            left = self._df[term] - 1
            if left:
                self._df[term] = left
            else:
                del self._df[term]
        for h in member.feats.sketch:
            ids = self._sketches.get(h)
            if ids is not None:
                if member.id in ids:
                    ids.remove(member.id)
                if not ids:
                    del self._sketches[h]

    def _drop_story(self, story: _Story) -> None:
        del self._stories[story.id]
        for term in story.centroid:
            ids = self._postings.get(term)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._postings[term]

    def _remember(self, member: _Member) -> None:
        self._members.append(member)
        self._by_id[member.id] = member
        for h in member.feats.sketch:
            self._sketches.setdefault(h, []).append(member.id)

    # -- matching ----------------------------------------------------------------------------

    def _duplicate(self, feats: StoryFeatures) -> _Member | None:
        counts: dict[str, int] = {}
        for h in feats.sketch:
            for mid in self._sketches.get(h, ()):
                counts[mid] = counts.get(mid, 0) + 1
        need = min(DUPLICATE_MATCHES, max(1, len(feats.sketch) // 2))
        best, best_score = None, self.duplicate_threshold
        for mid, n in counts.items():
            if n < need:
                continue
            member = self._by_id[mid]
            score = resemblance(feats, member.feats)
            if score >= best_score:
                best, best_score = member, score
        return best

    def _vector(self, feats: StoryFeatures) -> dict[str, float]:
        n = len(self._members) + 1
        vec = {}
        norms: dict[str, float] = {}
        for term, tf in feats.terms.items():
            idf = math.log((n + 1) / (self._df.get(term, 0) + 1)) + 1.0
            vec[term] = w = (1.0 + math.log(max(tf, 1.0))) * idf
            g = GROUP_OF[term[0]]
            norms[g] = norms.get(g, 0.0) + w * w
        return {t: v / math.sqrt(norms[GROUP_OF[t[0]]]) for t, v in vec.items()}

    def _best_story(self, vector: dict[str, float], feats: StoryFeatures) -> str | None:
        heavy = sorted(vector, key=lambda t: (-vector[t], t))[:CANDIDATE_TERMS]
        candidates: set[str] = set()
        for term in heavy:
            candidates.update(self._postings.get(term, ()))
        best, best_score = None, self.threshold
        for sid in sorted(candidates):
            story = self._stories[sid]
            if self._too_far(story, feats.published):
                continue
            score = self._score(vector, story)
            if score >= best_score:
                best, best_score = sid, score
        return best

    @staticmethod
    def _score(vector: dict[str, float], story: _Story) -> float:
        dots: dict[str, float] = {}
        c = story.centroid
        for t, w in vector.items():
            if t in c:
                g = GROUP_OF[t[0]]
                dots[g] = dots.get(g, 0.0) + w * c[t]
        if LINK == "average":
            return sum(GROUP_WEIGHTS[g] * d for g, d in dots.items()) / story.size
        if LINK == "mixed":
            return sum(GROUP_WEIGHTS[g] * d / (story.norm2[g] * story.size) ** 0.5 for g, d in dots.items())
        return sum(GROUP_WEIGHTS[g] * d / math.sqrt(story.norm2[g]) for g, d in dots.items())

    def _too_far(self, story: _Story, when: datetime | None) -> bool:
        if when is None or story.first is None or story.last is None:
            return False
        gap = max((story.first - when).total_seconds(), (when - story.last).total_seconds(), 0.0)
        return gap > self.max_gap_days * 86400

    def _join(self, story_id: str, vector: dict[str, float], feats: StoryFeatures) -> None:
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = _Story(story_id)
        else:
            self._stories.move_to_end(story_id)
        c = story.centroid
        for t, w in vector.items():
            g = GROUP_OF[t[0]]
            story.norm2[g] = story.norm2.get(g, 0.0) + 2 * c.get(t, 0.0) * w + w * w
        for term, w in vector.items():
            if term not in c:
                self._postings.setdefault(term, set()).add(story_id)
            c[term] = c.get(term, 0.0) + w
        if len(c) > 2 * CENTROID_TERMS:
            self._trim(story)
        story.size += 1
        story.seen = self._count
        story.seen_at = self._clock
        if feats.published is not None:
            story.first = min(story.first or feats.published, feats.published)
            story.last = max(story.last or feats.published, feats.published)

    def _trim(self, story: _Story) -> None:
        keep = sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_TERMS]
        for term, _ in sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[CENTROID_TERMS:]:
            ids = self._postings.get(term)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._postings[term]
        story.centroid = dict(keep)
        story.norm2 = {}
        for t, v in story.centroid.items():
            g = GROUP_OF[t[0]]
            story.norm2[g] = story.norm2.get(g, 0.0) + v * v


def _arrival(article: Article) -> datetime | None:
    if not article.fetched_at:
        return None
    try:
        return datetime.fromisoformat(article.fetched_at).replace(tzinfo=None)
    except ValueError:
        return None
