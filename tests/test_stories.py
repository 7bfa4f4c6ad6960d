"""The story index: stories and near-duplicates assigned online, in arrival order.

The articles are written for these tests; their entities are given as the entity stage would find
them, so that no test here needs the spaCy model.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsradar.cli import app
from newsradar.enrich import stories
from newsradar.enrich.stories import StoryIndex
from newsradar.enrich.story_features import features, figures_of, fold, resemblance
from newsradar.record import Article, DateInfo, Entity, article_id
from newsradar.settings import Settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

WIRE = """TROMSVIK — Storm Hilde tore through the coastal town of Tromsvik on Tuesday night, ripping roofs \
from 40 houses and cutting power to 12,000 homes, the municipality said.

Winds of 41 metres per second were measured at the lighthouse on Skarvoy before the gauge failed. \
Mayor Eirik Lunde said two fishing boats sank in the harbour and the ferry to Skarvoy would not run \
before Thursday.

"We have not seen a night like this since 1992," Lunde told reporters at the town hall. The \
Norwegian Meteorological Institute had issued a red warning for the district on Monday.

Police closed the coast road after a landslide near the school. Nobody was hurt, police said."""

REPUBLISHED = WIRE.replace("the municipality said.", "the municipality said on Wednesday.") + (
    "\n\nThis story was first published by North Coast Wire and is republished with permission.")

FOLLOW_UP = """TROMSVIK — Repair crews from three counties arrived in Tromsvik on Thursday to restore \
power after Storm Hilde, which ripped roofs from 40 houses in the town on Tuesday night.

About 3,000 homes were still without electricity, the grid operator said. The ferry to Skarvoy \
sailed again in the morning, and Mayor Eirik Lunde said the two fishing boats that sank in the \
harbour would be raised next week.

Lunde said the municipality would ask the government for emergency funds. "The storm cost us more \
than the town spends in a year," he said."""

OTHER_STORM = """TROMSVIK — Storm Arne flooded the harbour front of Tromsvik on Saturday as a record \
tide and south-westerly gales pushed the sea over the quay, the fire service said.

Water stood half a metre deep in the fish market and 25 cars were swept into the marina. \
Fire chief Ragnhild Moe said 60 people were taken from flooded basements by boat.

The tide gauge at Bryggen showed 3.1 metres above normal, the highest reading since it was \
installed. The Norwegian Meteorological Institute had warned of a storm surge on Friday."""

UNRELATED = """GENEVA — Negotiators from eleven countries agreed on Friday to cut tariffs on solar \
panels and wind turbine parts by half over five years, trade officials said.

The agreement, reached after nine days of talks, still needs the approval of national parliaments. \
Chief negotiator Amara Diallo called it "a trade deal for the climate."

Exporters of steel towers and inverters are expected to gain most, according to a study by the \
Geneva Trade Institute."""

OTHER_STORM_FOLLOW = """TROMSVIK — The clean-up after Storm Arne began on Sunday, a day after the record tide \
flooded the harbour front and the fish market, the fire service said.

Divers lifted 25 cars from the marina. Fire chief Ragnhild Moe said the 60 people taken from flooded \
basements by boat could go home, and the tide gauge at Bryggen showed a normal reading again."""


def _entities(text: str, names: list[tuple[str, str]]) -> list[Entity]:
    out = []
    for i, (name, kind) in enumerate(names, 1):
        mentions = [(m.start(), m.end()) for m in re.finditer(re.escape(name.split()[-1]), text)]
        out.append(Entity(id=f"e{i}", name=name, type=kind, mentions=mentions))
    return out


def article(text: str, names: list[tuple[str, str]], published: str, title: str | None = None,
            url: str | None = None) -> Article:
    return Article(id=article_id(url, text), source=url or "test", url=url, title=title, text=text,
                   entities=_entities(text, names), published=DateInfo(published, "meta", 0.9),
                   fetched_at=published)


HILDE_NAMES = [("Storm Hilde", "EVENT"), ("Tromsvik", "GPE"), ("Skarvoy", "GPE"), ("Eirik Lunde", "PERSON"),
               ("Norwegian Meteorological Institute", "ORG")]


def wire() -> Article:
    return article(WIRE, HILDE_NAMES, "2025-01-14T23:10:00", "Storm Hilde rips roofs off 40 houses in Tromsvik",
                   "https://northcoastwire.example/storm-hilde")


def republished() -> Article:
    return article(REPUBLISHED, HILDE_NAMES, "2025-01-15T06:30:00", "Storm tears roofs off houses in Tromsvik",
                   "https://fjordtimes.example/news/2025/storm-tromsvik")


def follow_up() -> Article:
    return article(FOLLOW_UP, HILDE_NAMES, "2025-01-16T12:00:00", "Repair crews reach storm-hit Tromsvik",
                   "https://fjordtimes.example/news/2025/tromsvik-repairs")


def other_storm() -> Article:
    return article(OTHER_STORM, [("Storm Arne", "EVENT"), ("Tromsvik", "GPE"), ("Bryggen", "GPE"),
                                 ("Ragnhild Moe", "PERSON"), ("Norwegian Meteorological Institute", "ORG")],
                   "2025-10-04T18:00:00", "Storm Arne floods Tromsvik harbour",
                   "https://northcoastwire.example/storm-arne")


def unrelated() -> Article:
    return article(UNRELATED, [("Geneva", "GPE"), ("Amara Diallo", "PERSON"), ("Geneva Trade Institute", "ORG")],
                   "2025-01-15T10:00:00", "Trade deal halves tariffs on solar panels",
                   "https://northcoastwire.example/solar-tariffs")


def assign_all(articles: list[Article], settings: Settings | None = None) -> list[Article]:
    index = StoryIndex(settings)
    return [index.assign(a) for a in articles]


def test_first_article_starts_its_own_story() -> None:
    [a] = assign_all([wire()])
    assert a.story_id == a.id
    assert a.duplicate_of is None


def test_republished_wire_copy_is_a_duplicate_in_the_same_story() -> None:
    original, copy = assign_all([wire(), republished()])
    assert copy.duplicate_of == original.id
    assert copy.story_id == original.story_id == original.id
    assert original.duplicate_of is None


def test_follow_up_joins_the_story_without_being_a_duplicate() -> None:
    original, later = assign_all([wire(), follow_up()])
    assert later.story_id == original.id
    assert later.duplicate_of is None


def test_two_storms_in_one_town_are_two_stories() -> None:
    hilde, follow, arne = assign_all([wire(), follow_up(), other_storm()])
    assert follow.story_id == hilde.id
    assert arne.story_id == arne.id != hilde.story_id


def test_two_storms_stay_apart_without_dates() -> None:
    """The names, not only the publication dates, tell the two storms apart."""
    undated = [wire(), follow_up(), other_storm()]
    for a in undated:
        a.published = None
        a.fetched_at = None
    hilde, follow, arne = assign_all(undated)
    assert follow.story_id == hilde.id
    assert arne.story_id != hilde.story_id


def test_a_loose_match_begins_a_story_that_its_own_follow_ups_join(monkeypatch: pytest.MonkeyPatch) -> None:
    """An article that passes the threshold but resembles the story far less than its articles
    resemble each other is reported under that story, yet begins one of its own in the index: the
    next report of the second event joins that one, not the first event's story."""
    monkeypatch.setattr(stories, "COHESION", 1.0)
    monkeypatch.setattr(stories, "PRIOR_COHESION", 0.0)  # so that the follow-up joins the wire story
    monkeypatch.setattr(stories, "NOVEL_PENALTY", 0.0)  # the scores are then similarities, each ≥ 0
    monkeypatch.setattr(stories, "PEOPLE_PENALTY", 0.0)
    arne_names = [("Storm Arne", "EVENT"), ("Tromsvik", "GPE"), ("Bryggen", "GPE"), ("Ragnhild Moe", "PERSON")]
    arne_follow = article(OTHER_STORM_FOLLOW, arne_names, "2025-01-19T09:00:00", "Tromsvik cleans up after Storm Arne")
    storm = other_storm()
    storm.published = DateInfo("2025-01-18T18:00:00", "meta", 0.9)
    storm.fetched_at = "2025-01-18T18:00:00"
    copy = replace(storm, id="copy-of-arne", url=None, story_id=None)
    hilde, follow, arne, arne_again, arne_copy = assign_all([wire(), follow_up(), storm, arne_follow, copy],
                                                            replace(Settings(), story_threshold=0.0))
    assert follow.story_id == hilde.id
    assert arne.story_id == hilde.id  # the loose match is reported under the story it passed
    assert arne_again.story_id == arne.id  # ... and its event's next report joins the story it began
    assert (arne_copy.duplicate_of, arne_copy.story_id) == (arne.id, hilde.id)  # a copy goes where its original went


def test_unrelated_article_starts_a_story_and_copies_still_find_their_original() -> None:
    results = assign_all([wire(), unrelated(), other_storm(), republished()])
    assert [r.story_id == r.id for r in results] == [True, True, True, False]
    assert results[3].duplicate_of == results[0].id


def test_a_copy_of_a_copy_names_the_first_article() -> None:
    third = republished()
    third.id, third.url = "thirdcopy", "https://elsewhere.example/storm"
    first, _, last = assign_all([wire(), republished(), third])
    assert last.duplicate_of == first.id


def test_the_same_article_twice_keeps_its_answer_and_is_not_its_own_duplicate() -> None:
    index = StoryIndex()
    first = index.assign(wire())
    again = index.assign(wire())
    assert (again.story_id, again.duplicate_of) == (first.story_id, None)
    assert len(index) == 1


def test_rebuild_replays_the_same_assignments() -> None:
    stream = [wire(), unrelated(), follow_up(), other_storm(), republished()]
    live = StoryIndex()
    expected = [(a.story_id, a.duplicate_of) for a in (live.assign(x) for x in stream)]
    rebuilt = StoryIndex.rebuild(stream)
    assert [(a.story_id, a.duplicate_of) for a in stream] == expected  # rebuild leaves the records alone
    newcomer_live = live.assign(article(FOLLOW_UP + "\n\nMore repairs are planned.", HILDE_NAMES,
                                        "2025-01-17T09:00:00", url="https://x.example/more"))
    newcomer_rebuilt = rebuilt.assign(article(FOLLOW_UP + "\n\nMore repairs are planned.", HILDE_NAMES,
                                              "2025-01-17T09:00:00", url="https://x.example/more"))
    assert (newcomer_live.story_id, newcomer_live.duplicate_of) == (newcomer_rebuilt.story_id,
                                                                    newcomer_rebuilt.duplicate_of)


def test_rebuild_without_stored_ids_assigns_as_assign_does() -> None:
    live = [a.story_id for a in assign_all([wire(), unrelated(), follow_up(), other_storm(), republished()])]
    fresh = [wire(), unrelated(), follow_up(), other_storm(), republished()]
    index = StoryIndex.rebuild(fresh)
    assert len(index) == 5
    assert all(a.story_id is None for a in fresh)  # left unchanged
    assert [index.assign(a).story_id for a in fresh] == live  # the same articles again: the same answers


def test_rebuild_from_recent_articles_keeps_the_stories_they_belong_to() -> None:
    """After a restart only the recent stretch is replayed: a story begun before it keeps its id."""
    stream = assign_all([wire(), unrelated(), follow_up()])
    index = StoryIndex.rebuild(stream[2:])  # the wire story's first article is not replayed
    later = index.assign(article(FOLLOW_UP.replace("Thursday", "Friday") + "\n\nThe ferry was full.",
                                 HILDE_NAMES, "2025-01-17T09:00:00", url="https://x.example/friday"))
    assert later.story_id == stream[0].id


def test_the_window_is_bounded_by_count() -> None:
    index = StoryIndex(Settings(story_window_articles=2))
    for a in [wire(), unrelated(), other_storm()]:
        index.assign(a)
    assert len(index) == 2
    # the wire story left the window: its copy can no longer be matched and starts a story
    copy = index.assign(republished())
    assert copy.duplicate_of is None
    assert copy.story_id == copy.id


def test_a_story_idle_for_longer_than_the_window_is_closed() -> None:
    index = StoryIndex(Settings(story_window_hours=24))
    index.assign(wire())
    late = follow_up()
    late.published = DateInfo("2025-01-20T12:00:00", "meta", 0.9)
    late.fetched_at = "2025-01-20T12:00:00"
    assert index.assign(late).story_id == late.id
    assert index.stories == 1


def test_publication_dates_far_apart_never_share_a_story() -> None:
    later = follow_up()
    later.published = DateInfo("2025-06-16T12:00:00", "meta", 0.9)
    original, late = assign_all([wire(), later], Settings(story_window_hours=1e6))
    assert late.story_id != original.story_id


def test_publication_dates_weeks_apart_may_share_a_story() -> None:
    """A report weeks after the event (an inquiry, a court date) still joins its story while the
    story is open: only dates more than ``story_max_gap_days`` apart keep articles apart."""
    later = follow_up()
    later.published = DateInfo("2025-02-20T12:00:00", "meta", 0.9)
    original, late = assign_all([wire(), later], Settings(story_window_hours=1e6))
    assert late.story_id == original.story_id


def test_the_year_penalty_is_the_share_of_the_storys_dated_articles_from_another_year() -> None:
    """A year one report names in passing costs an article of the story's own year little."""
    assert stories.other_years(2012, {2012: 3, 2005: 1}) == pytest.approx(0.25)
    assert stories.other_years(2013, {2012: 3, 2005: 1}) == pytest.approx(1.0)
    assert stories.other_years(2012, {2012: 2}) == pytest.approx(0.0)


def test_the_score_blends_in_the_nearest_of_the_storys_articles() -> None:
    """An article much like one of a story's articles scores above its mean similarity to them all."""
    index = StoryIndex()
    hilde, _ = assign_all_in(index, [wire(), follow_up()])
    copy = republished()
    vector = index._vector(features(copy))
    story = index._stories[hilde.story_id or ""]
    mean = index._score(vector, story)
    assert index._link(vector, story) > mean
    nearest = max(sum(w * vector.get(t, 0.0) for t, w in m.items()) for m in story.recent)
    assert index._link(vector, story) == pytest.approx(
        (1 - stories.NEAREST_WEIGHT) * mean + stories.NEAREST_WEIGHT * nearest)


def assign_all_in(index: StoryIndex, articles: list[Article]) -> list[Article]:
    return [index.assign(a) for a in articles]


def test_features_are_a_pure_function_of_the_record() -> None:
    a = wire()
    f1, f2 = features(a), features(Article.from_dict(a.to_dict()))
    assert f1 == f2
    assert "n:storm hilde" in f1.terms
    assert "#:40 house" in f1.terms
    assert "y:1992" in f1.terms
    assert f1.year == 2025


def test_resemblance_separates_copies_from_follow_ups() -> None:
    assert resemblance(features(wire()), features(republished())) > 0.8
    assert resemblance(features(wire()), features(follow_up())) < 0.2


def test_fold_plurals_but_not_look_alikes() -> None:
    assert [fold(w) for w in ("Storms", "cities", "crisis", "bus", "press", "Lunde's")] == [
        "storm", "city", "crisis", "bus", "press", "lunde"]


def test_analyze_gives_several_inputs_stories_across_them_in_input_order() -> None:
    result = CliRunner().invoke(app, ["analyze", "--no-nlp", "--format", "jsonl",
                                      str(EXAMPLES / "harbour-strike.html"), str(EXAMPLES / "harbour-strike-wire.html"),
                                      str(EXAMPLES / "nile-talks.txt")])
    assert result.exit_code == 0, result.stderr
    import json

    first, copy, other = (json.loads(line) for line in result.stdout.splitlines())
    assert first["story_id"] == first["id"] and first["duplicate_of"] is None
    assert copy["duplicate_of"] == first["id"] and copy["story_id"] == first["id"]
    assert other["story_id"] == other["id"]


def test_a_story_remembers_the_figures_its_articles_state() -> None:
    index = StoryIndex()
    hilde, _ = assign_all_in(index, [wire(), follow_up()])
    figures = index._stories[hilde.story_id or ""].figures
    assert figures["#:40 house"] == 2  # both reports state it
    assert figures["#:12000 home"] == 1
    assert not any(key.startswith("y:") for key in figures)  # years are weighed by the year penalty


def test_the_figure_penalty_is_the_share_of_the_articles_figures_the_story_never_stated() -> None:
    """Another storm in the same town has its own counts: its figures are new to the first storm's
    story, while a follow-up repeats some of the story's."""
    known = {"#:40 house": 2, "#:12000 home": 1, "#:41 metre": 1}
    assert figures_of({"#:40 house": 1, "#:3000 home": 1, "w:storm": 4, "y:2025": 1}) == {
        "#:40 house": 1, "#:3000 home": 1}
    assert stories.novel_figures({"#:40 house": 1, "#:3000 home": 1}, known) == pytest.approx(0.5)
    assert stories.novel_figures({"#:25 car": 2, "#:60 people": 1}, known) == pytest.approx(1.0)
    assert stories.novel_figures({"#:25 car": 1}, {}) == 0.0  # a story that stated none: no sign either way
    assert stories.novel_figures({}, known) == 0.0  # nor an article that states none
    hilde = StoryIndex()
    story_id = hilde.assign(wire()).story_id or ""
    story = hilde._stories[story_id]
    follow, other = (features(a).figures for a in (follow_up(), other_storm()))
    assert stories.novel_figures(follow, story.figures) < stories.novel_figures(other, story.figures)


def test_cohesion_asked_of_a_newcomer_is_capped() -> None:
    """Two near-copies the sketch missed make a story look tighter than its reporting is; a new
    report is not asked to match that."""
    tight = stories.Story("s", size=2, pairs=1.4, links=1)
    loose = stories.Story("t", size=3, pairs=0.6, links=3)
    assert stories._cohesion(tight) == stories.COHESION_CAP
    assert stories._cohesion(loose) == pytest.approx(0.2)
    assert stories._cohesion(stories.Story("u", size=1)) == stories.PRIOR_COHESION


def test_pages_of_one_template_cost_a_bounded_number_of_duplicate_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    # a site's templated pages share most shingles: each one made every earlier one a candidate
    checks = []
    real = stories.resemblance

    def counted(a: object, b: object) -> float:
        checks.append(1)
        return real(a, b)  # type: ignore[arg-type]

    monkeypatch.setattr(stories, "resemblance", counted)
    template = ("Departure board for platform {n}. The train to Tromsvik leaves at {h}:{m:02d} and stops at "
                "Skarvoy, Bryggen and the harbour. Tickets cost {p} kroner; the journey takes {d} minutes.")
    pages = [article(template.format(n=n % 9, h=n % 24, m=n % 60, p=100 + n, d=30 + n % 50), [],
                     "2025-01-15T10:00:00", f"Platform {n}") for n in range(400)]
    assign_all(pages)
    assert len(checks) <= len(pages) * stories.DUPLICATE_CANDIDATES
    copy = assign_all([pages[0], replace(pages[0], id="copy", url="https://other.example/copy")])[1]
    assert copy.duplicate_of == pages[0].id  # copies are still found


THIRD_REPORT = """TROMSVIK — Storm Hilde, which ripped roofs from 40 houses in Tromsvik on Tuesday night, left \
3,000 homes without power on Thursday as repair crews worked along the coast road, the municipality said.

Mayor Eirik Lunde said the two fishing boats that sank in the harbour would be raised next week and \
that the ferry to Skarvoy sailed again. The Norwegian Meteorological Institute lifted its red warning."""


def test_a_report_that_matches_two_stories_as_well_folds_them_into_one() -> None:
    """Two stories begun apart for one storm become one when a report passes on both about as well:
    the next report joins it, and a copy of an article of the folded story finds its original."""
    index = StoryIndex()
    index.threshold = 1.0  # the wire and its follow-up each begin a story
    hilde, follow = assign_all_in(index, [wire(), follow_up()])
    assert follow.story_id == follow.id != hilde.story_id
    index.threshold = Settings().story_threshold
    third = article(THIRD_REPORT, HILDE_NAMES, "2025-01-16T15:00:00", "Tromsvik still without power after storm")
    index.assign(third)
    # the stories are as big: the one the report scores best on takes the other in
    assert third.story_id == follow.id
    assert list(index._stories) == [follow.id]
    assert index._stories[follow.id].size == 3
    copy = republished()  # of the wire, whose story was folded
    index.assign(copy)
    # its record names the story its original's record named; the index holds it in the one story
    assert (copy.duplicate_of, copy.story_id) == (hilde.id, hilde.id)
    assert list(index._stories) == [follow.id] and index._stories[follow.id].size == 4


def test_people_are_keyed_by_surname() -> None:
    a = article(WIRE + "\n\nLunde thanked the crews.", [("Eirik Lunde", "PERSON"), ("Tromsvik", "GPE")],
                "2025-01-14T23:10:00")
    assert set(features(a).people) == {"lunde"}


@pytest.mark.parametrize(("fold_size", "folded"), [(3, True), (2, False)])
def test_two_stories_that_have_each_gathered_reports_are_not_folded(
        monkeypatch: pytest.MonkeyPatch, fold_size: int, folded: bool) -> None:
    """A report that passes on two stories about as well folds them only when one of them is small
    (a story split early); two that have each gathered ``FOLD_SIZE`` articles stay apart, and the
    report joins the one it scores best on."""
    monkeypatch.setattr(stories, "FOLD_SIZE", fold_size)
    monkeypatch.setattr(stories, "MERGE_MARGIN", 0.7)  # the report passes on the two stories within 0.7-0.8
    hilde, again = wire(), republished()
    follow, follow_again = follow_up(), replace(follow_up(), id="follow-up-elsewhere", url=None)
    for a, story, root in ((hilde, hilde.id, None), (again, hilde.id, hilde.id), (follow, follow.id, None),
                           (follow_again, follow.id, follow.id)):
        a.story_id, a.duplicate_of = story, root
    index = StoryIndex.rebuild([hilde, again, follow, follow_again])
    assert sorted(s.size for s in index._stories.values()) == [2, 2]
    third = index.assign(article(THIRD_REPORT, HILDE_NAMES, "2025-01-16T15:00:00",
                                 "Tromsvik still without power after storm"))
    assert third.story_id in {hilde.id, follow.id}
    assert len(index._stories) == (1 if folded else 2)
