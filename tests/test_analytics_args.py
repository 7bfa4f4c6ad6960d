"""Odd arguments to the Python analytics API: each is refused with InputError naming the argument
and what is allowed, never as a raw Python error, a store or index fault, or a silently empty answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from builders import T0, article
from newsradar import analytics as an
from newsradar.analytics import Filters
from newsradar.analytics.views import events_page
from newsradar.errors import InputError
from newsradar.store import Store


@pytest.fixture()
def news(fresh_db: Store) -> Store:
    """Two articles of one story, with quotes, claims and events of two CAMEO roots (11 and 03)."""
    fresh_db.put([
        article(1, at=T0, story="strike", people=("Ilse Jansen",), title="Dock strike shuts the port",
                quotes=(("Pieter Bakker", "The terminals are silent tonight"),), claims=((4000.0, "workers"),),
                events=(("Pieter Bakker", "112", "Maersk"),)),
        article(2, at=T0 + timedelta(hours=1), story="strike", site="North Sea Wire", people=("Ilse Jansen",),
                quotes=(("Pieter Bakker", "We offered to keep talking about the strike"),),
                claims=((3500.0, "workers"),),
                events=(("Pieter Bakker", "112", "Maersk"), ("Maersk", "036", "Pieter Bakker"))),
    ])
    return fresh_db


LISTS: dict[str, Callable[..., Any]] = {
    "list_articles": an.list_articles,
    "list_entities": an.list_entities,
    "list_quotes": an.list_quotes,
    "claims_ledger": an.claims_ledger,
    "list_events": an.list_events,
    "list_stories": an.list_stories,
    "search": lambda store, **kw: an.search(store, "strike", **kw),
    "events_page": events_page,
}


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("limit", [2.5, True, "5", None])
def test_a_limit_that_is_no_whole_number_is_refused_by_name(news: Store, name: str, limit: object) -> None:
    # 2.5 reached the text index as a LIMIT and was reported as a damaged index; "5" and None were TypeErrors
    with pytest.raises(InputError, match=r"limit must be a whole number between 1 and 1000, got"):
        LISTS[name](news, limit=limit)


@pytest.mark.parametrize("name", LISTS)
def test_a_cursor_that_is_no_string_is_refused(news: Store, name: str) -> None:
    with pytest.raises(InputError, match="bad cursor 12"):
        LISTS[name](news, cursor=12)


@pytest.mark.parametrize("name", LISTS)
def test_filters_that_are_no_filters_are_refused(news: Store, name: str) -> None:
    with pytest.raises(InputError, match="filters must be Filters"):
        LISTS[name](news, filters={"since": "7d"})


@pytest.mark.parametrize(("call", "reason"), [
    (lambda s: an.entity_profile(s, "Pieter Bakker", related=-1), "related must be between 0 and 1000, got -1"),
    (lambda s: an.entity_profile(s, "Pieter Bakker", related="x"), "related must be a whole number"),
    (lambda s: an.get_entity(s, "Pieter Bakker", related=None), "related must be a whole number"),
    (lambda s: an.trends(s, min_count=-1), "min_count must be 0 or more, got -1"),
    (lambda s: an.trends(s, min_count=None), "min_count must be a whole number 0 or more"),
    (lambda s: an.network(s, min_count=-1), "min_count must be 0 or more"),
    (lambda s: an.list_stories(s, min_articles=-1), "min_articles must be 0 or more"),
    (lambda s: an.list_stories(s, within="strike"), "within must be a list of story ids"),
    (lambda s: an.list_alerts(s, recent=-1), "recent must be between 0 and 1000"),
    (lambda s: an.list_alerts(s, recent=None), "recent must be a whole number"),
])
def test_counts_are_checked_before_the_store_sees_them(news: Store, call: Any, reason: str) -> None:
    with pytest.raises(InputError, match=reason):
        call(news)


@pytest.mark.parametrize(("call", "name"), [
    (lambda s: an.get_article(s, None), "article_id"),
    (lambda s: an.get_article(s, 5), "article_id"),
    (lambda s: an.get_story(s, 5), "story_id"),  # was a DuckDB conversion error, as a StoreError
    (lambda s: an.get_alert(s, 5), "alert_id"),
    (lambda s: an.delete_alert(s, None), "alert_id"),
    (lambda s: an.alert_matches(s, 5), "alert_id"),
    (lambda s: an.get_entity(s, None), "entity"),
    (lambda s: an.entity_profile(s, 5), "entity"),
    (lambda s: an.search(s, None), "q"),
    (lambda s: an.list_articles(s, q=5), "q"),
    (lambda s: an.list_quotes(s, speaker=["Bakker"]), "speaker"),
    (lambda s: an.list_events(s, cameo=11), "cameo"),
    (lambda s: an.timeline(s, entity=5), "entity"),
    (lambda s: an.create_alert(s, None, q="strike"), "name"),
    (lambda s: an.create_alert(s, "x", q=5), "q"),
])
def test_ids_and_words_must_be_strings(news: Store, call: Any, name: str) -> None:
    with pytest.raises(InputError, match=f"^{name} must be a string"):
        call(news)


def test_search_kinds_are_article_and_quote(news: Store) -> None:
    for kinds in (("quotes",), ("bogus",), (), None, ("article", 3)):
        with pytest.raises(InputError, match="kinds must name article or quote"):
            an.search(news, "strike", kinds=kinds)  # type: ignore[arg-type]
    alone = an.search(news, "strike", kinds="article")  # type: ignore[arg-type]
    assert alone.total == an.search(news, "strike", kinds=["article"]).total == 2  # type: ignore[arg-type]
    assert {i["kind"] for i in alone.items} == {"article"}


def test_cameo_takes_several_codes_separated_by_commas(news: Store) -> None:
    both = an.network(news, cameo="11,03")
    assert {e["root"] for e in both["edges"]} == {"11", "03"}
    assert len(both["edges"]) == len(an.network(news, cameo="11")["edges"]) + len(an.network(news, cameo="03")["edges"])
    assert an.list_events(news, cameo=" 11 , 036").total == 3
    assert events_page(news, cameo="11,03").total == 3
    for call in (lambda: an.network(news, cameo="11,99"), lambda: an.list_events(news, cameo="99"),
                 lambda: events_page(news, cameo="99")):
        with pytest.raises(InputError, match="unknown CAMEO code '99'"):
            call()
    with pytest.raises(InputError, match="names no code"):
        an.network(news, cameo=" , ")


def test_since_after_until_is_refused_not_answered_empty() -> None:
    with pytest.raises(InputError, match=r"since \(2026-03-15T00:00:00\) is after until \(2026-03-01T00:00:00\)"):
        Filters.of(since="2026-03-15", until="2026-03-01")
    with pytest.raises(InputError, match="is after until"):
        Filters(since=datetime(2026, 3, 15), until=datetime(2026, 3, 1))
    assert Filters.of(since="2026-03-01", until="2026-03-01").since == datetime(2026, 3, 1)


def test_filter_times_are_read_as_the_store_keeps_them() -> None:
    # strings and dates as Filters.of reads them, aware times as naive UTC (the store's only zone)
    assert Filters(since="2026-03-01T02:00+02:00").since == datetime(2026, 3, 1)  # type: ignore[arg-type]
    assert Filters(until=date(2026, 3, 1)).until == datetime(2026, 3, 1)
    assert Filters(since=datetime(2026, 3, 1, 1, tzinfo=UTC)).since == datetime(2026, 3, 1, 1)
    with pytest.raises(InputError, match="since must be a datetime or a string"):
        Filters(since=5)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="out of range once converted to UTC"):
        Filters(until=datetime(1, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    with pytest.raises(InputError, match="language must be a string"):
        Filters(language=5)  # type: ignore[arg-type]


def test_trends_now_takes_an_iso_string_as_the_cli_does(news: Store) -> None:
    at = T0 + timedelta(hours=1)
    assert an.trends(news, now=at.isoformat(), min_count=1) == an.trends(news, now=at, min_count=1)
    assert an.trends(news, now=at.replace(tzinfo=UTC))["now"] == at.isoformat()
    with pytest.raises(InputError, match="now: 'garbage' is neither"):
        an.trends(news, now="garbage")
    with pytest.raises(InputError, match="now must be a datetime or a string"):
        an.trends(news, now=5)  # type: ignore[arg-type]


def test_choices_are_named_with_what_is_allowed(news: Store) -> None:
    with pytest.raises(InputError, match=r"window must be one of 1h, 24h, got \['24h'\]"):
        an.trends(news, window=["24h"])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="kind must be one of entities, events, got 'quotes'"):
        an.trends(news, kind="quotes")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="interval must be one of hour, day, got None"):
        an.timeline(news, interval=None)  # type: ignore[arg-type]


def test_a_timeline_from_after_the_newest_article_is_empty_not_refused(news: Store) -> None:
    later = an.timeline(news, interval="day", filters=Filters(since=T0 + timedelta(days=3)))
    assert sum(i["articles"] for i in later["items"]) == 0


def test_matches_of_no_alert_are_none_as_for_get_alert(news: Store) -> None:
    assert an.alert_matches(news, "nope") is None and an.get_alert(news, "nope") is None
    alert = an.create_alert(news, "strikes", q="strike")
    page = an.alert_matches(news, alert["id"])
    assert page is not None and page.total == 0
    listed = an.list_alerts(news, recent=0)  # 0: the alerts without their newest matches
    assert [a["recent"] for a in listed] == [[]]
