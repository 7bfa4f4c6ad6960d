"""Stories and near-duplicates, assigned online: in arrival order, each article joins a story or
starts one.

An article is a sparse TF-IDF vector in three groups of features (see ``story_features``): its words,
the names the entity stage found, and the figures and years it states. Each group is normalised on
its own, so a long text cannot drown its names. IDF comes from the document frequencies in the
index's own window, so it follows the news it sees; it is squared, since a story is told by its
rare words far more than by its common ones.

A story keeps the sum of its articles' vectors, and the heaviest features of its latest
``MEMBER_VECTORS`` articles. An article's score against a story is its mean similarity to the
story's articles (average link: the sum's dot product over the story's size) blended with its
similarity to the nearest of those latest articles (``NEAREST_WEIGHT``), the groups weighted by
``GROUP_WEIGHTS``, less four penalties for signs of a different event of the same kind: the share
of the article's names (by mentions and salience) that the story never named (another storm hits
other towns, another arrest has another suspect), the share of its figures that the story never
stated (another quake has its own magnitude and toll, another fight its own round; a story's reports
repeat theirs), the share of the story's dated articles written in another year than the article,
and how far the people the article is about are not those the story's articles are about
(``PEOPLE_PENALTY``, see ``story_state``): the same boxer's next fight has another opponent, the same
team's next injury another player, whom the first story may well have named once in passing, so a
name merely known to the story does not make the article about it. People are keyed by surname, as
reports name them after the first mention.
The article joins the best story whose score reaches ``story_threshold`` and whose publication
dates are within ``story_max_gap_days`` of its own; otherwise it starts a story whose id is its own.
Average link (not the centroid's cosine) keeps a big story from swallowing a similar second event:
the article must resemble the story's articles one by one, not just their blend. The nearest
article's share lets a story's later reports, which often retell its latest turn rather than its
first, join it when they are unlike its early ones.
The year penalty is a share, not a yes or no, because the year of an undated article is the latest
year its text names, which is often a past one (an earlier record, a previous season).

The threshold alone cannot tell a second event of the same kind (the same boxer's next title fight,
the same navy's next anti-piracy operation) from a story's own reporting, since how alike a story's
articles are varies from story to story. So the score must also reach ``COHESION`` times the
story's cohesion, the mean similarity of its articles to those before them (copies left out), capped
at ``COHESION_CAP``: a story whose first reports are near-copies the sketches missed looks tighter
than its reporting will be, and its next report should not be held to that.
An article that passes the threshold but not that is reported under the story it passed, yet begins
a story of its own in the index, with its id: if it is a second event, its later reports resemble
it more than the first event's story and join the new one; if not, the new story stays alone and
the article cost nothing. Such a story gives way to the one it split from whenever a later article
scores on that one at least ``PARENT_MARGIN`` of its best score, so a story's own atypical reporting
does not go on splitting it. A record is never changed afterwards, so a story's id is that of the
article that began it, which may itself be reported under an earlier story.
Stories begun apart may be one: an article that passes on several stories, each scoring at least
``MERGE_MARGIN`` of its best, folds them into the biggest, which it joins; later articles then meet
one story (the records already written keep the ids they were given). Of the stories folded, at most
one may have ``FOLD_SIZE`` articles or more: what folding mends is a story split early (a report
about the spokesman rather than the suspect), while two stories that have each gathered their own
reports are more often two events, and the article that passes on both a report of one that recalls
the other (another arrest, "arrested last month as well").

Near-duplicates (wire copy re-published, a page fetched under two URLs) are found from bottom-k
sketches of word 5-grams, and join the story of the original they copy; ``duplicate_of`` names the
first article of the copies. Only the ``DUPLICATE_CANDIDATES`` articles sharing the most sketch
hashes are compared in full, and a hash held by more than ``COMMON_HASH`` remembered articles (a
site template's) is not counted, so pages of one template cost no more than others.

The window is bounded: beyond ``story_window_articles`` articles the oldest are forgotten (their
document frequencies and sketches), and a story no article joined within that many articles, or for
``story_window_hours`` of arrival time, is closed. Replaying :meth:`StoryIndex.assign` over the stored
articles in arrival order rebuilds the index exactly; :meth:`StoryIndex.rebuild` from records that
carry their story ids puts each article in the story its record names (so an article that began a
story on a loose match is, after a restart, held in the story it was reported under).

What was tried on ECB+ and not kept is in docs/stories.md.
"""

from __future__ import annotations

import math
import sys
from collections import OrderedDict, deque
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from newsradar.enrich.story_features import StoryFeatures, features, resemblance
from newsradar.enrich.story_state import (
    Story,
    bounded,
    fold_stories,
    novel_figures,
    novel_names,
    other_people,
    other_years,
)
from newsradar.extract.dates import naive_utc
from newsradar.record import Article
from newsradar.settings import Settings

# Tuned on the odd ECB+ topics and checked on the even ones (bench/nlp_stories.py reports both).
#: weight of each feature group in the score (``y:`` years count with the figures)
GROUP_WEIGHTS = {"w": 1.0, "n": 0.5, "#": 0.3}
GROUP_OF = {"w": "w", "n": "n", "#": "#", "y": "#"}
IDF_POWER = 2.0
COHESION = 0.32  # share of a story's own mean similarity between its articles an article must reach
PRIOR_COHESION = 0.5  # that mean for a story of one article (typical of a story's articles)
COHESION_CAP = 0.65  # the most of that mean an article is asked to match (near-copies inflate it)
PARENT_MARGIN = 0.5  # share of its best score at which an article prefers the story its best one split from
PEOPLE_PENALTY = 0.15  # times the share of the article's people the story's articles do not name as much (above:)
MERGE_MARGIN = 0.8  # share of its best score at which another passing story is folded into the best one
# Two stories this big are not folded together: each has shown its own reporting, and an article that
# passes on both is more often a report of one event recalling the other than a sign they are one
FOLD_SIZE = 3
NOVEL_PENALTY = 0.15  # times the share of the article's name prominence the story never mentioned
FIGURE_PENALTY = 0.05  # times the share of the article's figures the story never stated
YEAR_PENALTY = 0.1  # times the share of the story's dated articles written in another year
CANDIDATE_TERMS = 48  # an article's heaviest features used to find candidate stories
CANDIDATE_STORIES = 8  # candidate stories scored in full
CENTROID_TERMS = 300  # features a story's centroid keeps (bounds memory per story)
INDEXED_HASHES = 16  # an article's smallest sketch hashes kept in the look-up index (copies share most)
DUPLICATE_MATCHES = 4  # of those, shared hashes that make an earlier article a duplicate candidate
DUPLICATE_CANDIDATES = 16  # candidates scored in full, those sharing the most hashes (earliest first)
# A hash this many remembered articles share is a template's (a site's boilerplate page), not a copy's:
# counted, it made every earlier templated page a candidate, and ingest quadratic
COMMON_HASH = 200
NEAREST_WEIGHT = 0.25  # share of the score taken from the similarity to the story's nearest article
MEMBER_TERMS = 48  # each one's heaviest features kept (bounds memory and time per story)

@dataclass(slots=True)
class _Member:
    id: str
    story: str  # the story the index holds it in
    reported: str  # the story its record names (another when it began its own story on a loose match)
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
        self.window_articles = max(1, s.story_window_articles)
        self.window_hours = s.story_window_hours
        self.max_gap_days = s.story_max_gap_days
        self._members: deque[_Member] = deque()
        self._by_id: dict[str, _Member] = {}
        self._df: dict[str, int] = {}
        self._stories: OrderedDict[str, Story] = OrderedDict()  # least recently joined first
        self._postings: dict[str, set[str]] = {}  # feature → stories whose centroid holds it
        self._sketches: dict[int, list[str]] = {}  # shingle hash → member ids
        self._count = 0
        self._clock: datetime | None = None

    @classmethod
    def rebuild(cls, articles: Iterable[Article], settings: Settings | None = None) -> StoryIndex:
        """An index that has seen ``articles`` (the recent stored ones, in arrival order), as after
        :meth:`assign` over them. An article that already carries a ``story_id`` keeps it (and its
        ``duplicate_of``), so that stories begun before the replayed stretch keep their ids; one that
        carries none is assigned. The articles themselves are left unchanged."""
        index = cls(settings)
        index.follow(articles)
        return index

    def follow(self, articles: Iterable[Article]) -> None:
        """Remember ``articles`` that were stored without this index (in arrival order), as
        :meth:`rebuild` does: another process writing the same shared store assigned them, and an
        article of this process's that belongs to their story must join it, not begin another."""
        for article in articles:
            copy = Article(id=article.id, source=article.source, title=article.title, text=article.text,
                           entities=article.entities, published=article.published, fetched_at=article.fetched_at,
                           story_id=article.story_id, duplicate_of=article.duplicate_of)
            if copy.story_id:
                self._restore(copy)
            else:
                self.assign(copy)

    def _restore(self, article: Article) -> None:
        """Remember ``article`` in the story its record names, as :meth:`assign` did."""
        assert article.story_id is not None
        feats = features(article)
        self._count += 1
        self._advance(article, feats)
        if article.id in self._by_id:
            return
        self._place(article.id, feats, article.story_id, article.duplicate_of or article.id)

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
            article.story_id = known.reported
            article.duplicate_of = known.root if known.root != known.id else None
            return article
        original = self._duplicate(feats)
        if original is not None:
            story_id, root = original.reported, original.root
            self._place(article.id, feats, original.story, root, story_id)
        else:
            story_id = self._place(article.id, feats, None, article.id)
        article.story_id = story_id
        article.duplicate_of = root if original is not None else None
        return article

    def _place(self, article_id: str, feats: StoryFeatures, story_id: str | None, root: str,
               reported: str | None = None) -> str:
        """Count the article's features, put it in ``story_id`` (None: the best story, else a new
        one with its own id) and remember it; returns the id of the story its record names
        (``reported`` when given: the story a copy's original was reported under)."""
        for key in feats.terms:
            term = sys.intern(key)  # one copy of each key, shared by the window's articles
            self._df[term] = self._df.get(term, 0) + 1
        vector = self._vector(feats)
        if story_id is None:
            best, near, alike = self._best_story(vector, feats)
            if best is not None and alike:
                best = self._merge([best, *alike])
            story_id = best or article_id
            reported = best or near or article_id
        self._join(story_id, vector, feats, root == article_id)
        if story_id == article_id and reported != article_id:
            self._stories[story_id].parent = reported
        # the member keeps what forgetting it and matching copies need, not its whole vector
        self._remember(_Member(article_id, story_id, reported or story_id, root,
                               tuple(sys.intern(t) for t in feats.terms), replace(feats, terms={}, names={})))
        return reported or story_id

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

    def _idle(self, story: Story) -> bool:
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
        for h in member.feats.sketch[:INDEXED_HASHES]:
            ids = self._sketches.get(h)
            if ids is not None:
                if member.id in ids:
                    ids.remove(member.id)
                if not ids:
                    del self._sketches[h]

    def _drop_story(self, story: Story) -> None:
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
        for h in member.feats.sketch[:INDEXED_HASHES]:
            self._sketches.setdefault(h, []).append(member.id)

    # -- matching ----------------------------------------------------------------------------

    def _duplicate(self, feats: StoryFeatures) -> _Member | None:
        counts: dict[str, int] = {}
        for h in feats.sketch[:INDEXED_HASHES]:
            holders = self._sketches.get(h, ())
            if len(holders) > COMMON_HASH:
                continue
            for mid in holders:
                counts[mid] = counts.get(mid, 0) + 1
        need = min(DUPLICATE_MATCHES, max(1, len(feats.sketch[:INDEXED_HASHES]) // 2))
        best, best_score = None, self.duplicate_threshold
        # sorted() keeps ties in the order first counted; any copy of an original names it as its root
        likely = sorted(((mid, n) for mid, n in counts.items() if n >= need), key=lambda c: -c[1])
        for mid, _ in likely[:DUPLICATE_CANDIDATES]:
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
            vec[term] = w = (1.0 + math.log(max(tf, 1.0))) * idf**IDF_POWER
            g = GROUP_OF[term[0]]
            norms[g] = norms.get(g, 0.0) + w * w
        return {t: v / math.sqrt(norms[GROUP_OF[t[0]]]) for t, v in vec.items()}

    def _best_story(self, vector: dict[str, float], feats: StoryFeatures
                    ) -> tuple[str | None, str | None, list[str]]:
        # Candidates share one of the article's heaviest features; the dot product over those alone
        # ranks them, and only the best few are scored in full.
        heavy = sorted(vector, key=lambda t: (-vector[t], t))[:CANDIDATE_TERMS]
        partial: dict[str, float] = {}
        for term in heavy:
            w = vector[term] * GROUP_WEIGHTS[GROUP_OF[term[0]]]
            for sid in self._postings.get(term, ()):
                partial[sid] = partial.get(sid, 0.0) + w * self._stories[sid].centroid[term] / self._stories[sid].size
        ranked = sorted(partial, key=lambda sid: (-partial[sid], sid))[:CANDIDATE_STORIES]
        best, best_score = None, self.threshold
        near, near_score = None, self.threshold
        passing: dict[str, float] = {}
        for sid in ranked:
            story = self._stories[sid]
            if self._too_far(story, feats.published):
                continue
            score = self._penalised(vector, feats, story)
            if score < COHESION * _cohesion(story):
                if score > near_score or (score == near_score and near is None):
                    near, near_score = sid, score
                continue
            passing[sid] = score
            if score > best_score or (score == best_score and best is None):
                best, best_score = sid, score
        # A story begun on a loose match gives way to the story it was reported under when that one
        # scores nearly as well: the article is then more of the first event than of a second.
        parent = self._stories[best].parent if best is not None else None
        if parent is not None and passing.get(parent, -math.inf) >= PARENT_MARGIN * best_score:
            best = parent
        return best, near, self._foldable(best, best_score, passing)

    def _foldable(self, best: str | None, best_score: float, passing: dict[str, float]) -> list[str]:
        """The passing stories the article folds into ``best``: those scoring ``MERGE_MARGIN`` of its
        score, of which at most one (``best`` if it is) may have ``FOLD_SIZE`` articles or more."""
        if best is None:
            return []
        big = self._stories[best].size >= FOLD_SIZE
        alike = []
        for sid, score in sorted(passing.items(), key=lambda kv: (-kv[1], kv[0])):
            if sid == best or score < MERGE_MARGIN * best_score:
                continue
            if self._stories[sid].size >= FOLD_SIZE:
                if big:
                    continue
                big = True
            alike.append(sid)
        return sorted(alike)

    def _penalised(self, vector: dict[str, float], feats: StoryFeatures, story: Story) -> float:
        """The article's score against a story: its similarity, less the penalties for the names and
        figures the story never had and for a story written in other years."""
        novel = novel_names(feats.names, story.names)
        years = other_years(feats.year, story.years) if feats.year is not None and story.years else 0.0
        figures = novel_figures(feats.figures, story.figures)
        people = other_people(feats.people, story)
        return (self._link(vector, story) - NOVEL_PENALTY * novel - FIGURE_PENALTY * figures - YEAR_PENALTY * years
                - PEOPLE_PENALTY * people)

    @staticmethod
    def _score(vector: dict[str, float], story: Story) -> float:
        """Mean weighted similarity to the story's articles: the sum of their vectors holds them all."""
        c = story.centroid
        dot = sum(w * GROUP_WEIGHTS[GROUP_OF[t[0]]] * c[t] for t, w in vector.items() if t in c)
        return dot / story.size

    def _link(self, vector: dict[str, float], story: Story) -> float:
        """The article's score against ``story`` before penalties: its mean similarity to the
        story's articles blended with that to the nearest of its latest ones."""
        mean = self._score(vector, story)
        if not story.recent:
            return mean
        nearest = max(sum(w * vector.get(t, 0.0) for t, w in m.items()) for m in story.recent)
        return (1.0 - NEAREST_WEIGHT) * mean + NEAREST_WEIGHT * nearest

    def _too_far(self, story: Story, when: datetime | None) -> bool:
        if when is None or story.first is None or story.last is None:
            return False
        gap = max((story.first - when).total_seconds(), (when - story.last).total_seconds(), 0.0)
        return gap > self.max_gap_days * 86400

    def _join(self, story_id: str, vector: dict[str, float], feats: StoryFeatures, distinct: bool = True) -> None:
        story = self._stories.get(story_id)
        if story is None:
            story = self._stories[story_id] = Story(story_id)
        else:
            self._stories.move_to_end(story_id)
            if distinct:
                story.pairs += self._score(vector, story) * story.size
                story.links += story.size
        c = story.centroid
        for term, w in vector.items():
            if term not in c:
                self._postings.setdefault(term, set()).add(story_id)
            c[term] = c.get(term, 0.0) + w
        if len(c) > 2 * CENTROID_TERMS:
            self._trim(story)
        story.size += 1
        heavy = sorted(vector, key=lambda t: (-vector[t], t))[:MEMBER_TERMS]
        story.recent.append({t: vector[t] * GROUP_WEIGHTS[GROUP_OF[t[0]]] for t in heavy})
        story.seen = self._count
        story.seen_at = self._clock
        if feats.year is not None:
            story.years[feats.year] = story.years.get(feats.year, 0) + 1
        for name in feats.names:
            story.names[name] = story.names.get(name, 0) + 1
        for key in feats.figures:
            story.figures[key] = story.figures.get(key, 0) + 1
        people = sum(feats.people.values())
        if people:
            story.people_size += 1
            for name, w in feats.people.items():
                story.people[name] = story.people.get(name, 0.0) + w / people
            story.people = bounded(story.people)
        story.names = bounded(story.names)
        story.figures = bounded(story.figures)
        if feats.published is not None:
            story.first = min(story.first or feats.published, feats.published)
            story.last = max(story.last or feats.published, feats.published)

    def _merge(self, ids: list[str]) -> str:
        """Fold the stories ``ids`` into the biggest of them (the first named on a tie) and return
        its id: an article that passes on several stories about as well shows them one story."""
        into = self._stories[max(ids, key=lambda sid: (self._stories[sid].size, -ids.index(sid)))]
        gone = set()
        for sid in ids:
            if sid == into.id:
                continue
            other = self._stories[sid]
            self._drop_story(other)
            gone.add(sid)
            for term, w in other.centroid.items():
                if term not in into.centroid:
                    self._postings.setdefault(term, set()).add(into.id)
                into.centroid[term] = into.centroid.get(term, 0.0) + w
            if len(into.centroid) > 2 * CENTROID_TERMS:
                self._trim(into)
            fold_stories(into, other)
        for member in self._members:
            if member.story in gone:
                member.story = into.id
        for story in self._stories.values():
            if story.parent in gone:
                story.parent = into.id
        return into.id

    def _trim(self, story: Story) -> None:
        keep = sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_TERMS]
        for term, _ in sorted(story.centroid.items(), key=lambda kv: (-kv[1], kv[0]))[CENTROID_TERMS:]:
            ids = self._postings.get(term)
            if ids is not None:
                ids.discard(story.id)
                if not ids:
                    del self._postings[term]
        story.centroid = dict(keep)


def _cohesion(story: Story) -> float:
    """The mean similarity of the story's articles to those that came before them, copies left out
    (a copy would make a story look tighter than its reporting is)."""
    return min(story.pairs / story.links, COHESION_CAP) if story.links else PRIOR_COHESION


def _arrival(article: Article) -> datetime | None:
    if not article.fetched_at:
        return None
    try:
        return naive_utc(datetime.fromisoformat(article.fetched_at))
    except ValueError:
        return None
