"""analytics.views: the API's shapes taken from the stored records of the page's articles only."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import timedelta

import pytest

from builders import T0, article
from newsradar import analytics as an
from newsradar.analytics import Filters, views
from newsradar.record import Actor, Article, Entity, Location
from newsradar.store import Store
from newsradar.store.rows import summary_of


@pytest.fixture()
def spread(fresh_db: Store) -> Store:
    """6,000 articles, so that the ones a page asks for lie in different vectors of the store."""
    fresh_db.bulk_load(article(n, people=(("Ada Quist",) if n % 1000 == 7 else ("Bo Lind",)),
                               quotes=((("Ada Quist", f"Line {n} holds")),) if n % 1000 == 7 else (),
                               events=(("Ada Quist", "112", "Bo Lind"),) if n % 1000 == 7 else ())
                       for n in range(6000))
    return fresh_db


def test_records_are_read_for_scattered_and_nearby_arrival_numbers(spread: Store) -> None:
    wanted = [5999, 0, 7, 3, 2048, 2049, 4100, 5999]  # unsorted, repeated, across and within runs
    got = views.records(spread, wanted)
    assert sorted(got) == sorted(set(wanted))
    for seq, rec in got.items():
        assert rec["title"] == f"Harbour report {seq}" and "text" not in rec
    assert views.records(spread, []) == {}
    assert views.records(spread, [99_999]) == {}


def test_summaries_name_the_top_entities_by_salience_with_their_keys(fresh_db: Store) -> None:
    base = article(1, people=("Ada Quist",))
    names = [f"Person {c}" for c in "ABCDEFG"]
    ents = [Entity(id=f"e{i}", name=n, type="PERSON", mentions=[(0, 1)], salience=i / 10)
            for i, n in enumerate(names)]
    fresh_db.put([Article.from_dict({**base.to_dict(), "entities": [asdict(e) for e in ents]})])
    summary = views.summaries(fresh_db, [base.id, "unknown"])
    assert list(summary) == [base.id]
    assert [e["key"] for e in summary[base.id]["entities"]] == [f"PERSON:person {c}" for c in "gfedc"]
    assert summary[base.id]["published"] == {"value": T0.replace(minute=1).isoformat(), "source": "meta",
                                             "confidence": 0.9}


def test_summaries_by_key_are_the_records_summary_also_when_the_sidecar_lacks_them(spread: Store) -> None:
    wanted = [0, 7, 2049, 5999]
    from_records = {seq: summary_of(rec) for seq, rec in views.records(spread, wanted).items()}
    assert spread.summaries(wanted) == from_records
    spread._index._con.execute("DELETE FROM kept_summary WHERE key IN (7, 5999)")  # type: ignore[attr-defined]
    assert spread.summaries(wanted) == from_records
    assert spread.summaries([]) == {} and spread.summaries([99_999]) == {}


def test_quotes_by_key_are_the_records_own_also_when_the_sidecar_lacks_them(spread: Store) -> None:
    qids = [7 << 12, 5007 << 12]
    expected = {k: views.records(spread, [k >> 12])[k >> 12]["quotes"][0] for k in qids}
    assert spread.quotes(qids) == expected and expected[7 << 12]["text"] == "Line 7 holds"
    spread._index._con.execute("DELETE FROM kept_quote")  # type: ignore[attr-defined]
    assert spread.quotes([*qids, (7 << 12) + 1, 8 << 12]) == expected  # no such quotes: left out


def test_quotes_and_events_are_the_records_own_with_keys_and_articles(spread: Store) -> None:
    quotes = views.quotes_page(spread, speaker="PERSON:ada quist", limit=3)
    assert quotes.total == 6 and len(quotes.items) == 3 and quotes.next
    assert [q["text"] for q in quotes.items] == ["Line 5007 holds", "Line 4007 holds", "Line 3007 holds"]
    assert all(q["speaker_key"] == "PERSON:ada quist" and q["article"]["title"].endswith(q["text"].split()[1])
               for q in quotes.items)
    by_name = views.quotes_page(spread, speaker="Quist", limit=10)
    assert by_name.total == 6
    events = views.events_page(spread, target="PERSON:bo lind", cameo="11", limit=10)
    assert events.total == 6 and events.items[0]["source"]["key"] == "PERSON:ada quist"
    assert events.items[0]["target"] == {"name": "Bo Lind", "entity": "e2", "code": "BELLAB", "key": "PERSON:bo lind"}
    assert views.events_page(spread, source="NLDGOV", limit=1).total == 6  # an actor code prefix


def test_entity_profile_counts_who_appears_with_it_and_where(spread: Store) -> None:
    profile = views.entity_profile(spread, "PERSON:ada quist")
    assert profile is not None
    assert profile["entity"]["articles"] == 6 and profile["entity"]["key"] == "PERSON:ada quist"
    assert [(c["key"], c["together"], c["articles"]) for c in profile["cooccurring"]] == [("PERSON:bo lind", 6, 6000)]
    assert profile["places"] == []  # its articles name no places
    assert views.entity_profile(spread, "PERSON:nobody") is None
    other = views.entity_profile(spread, "Bo Lind")  # a name finds the entity too
    assert other is not None and other["entity"]["articles"] == 6000
    # counted over its newest RECENT_MENTIONS articles only, where Ada Quist (every 1,000th) is absent
    assert views.RECENT_MENTIONS < 1000 and other["cooccurring"] == []


def test_sparks_put_each_count_in_its_window(fresh_db: Store) -> None:
    fresh_db.bulk_load(article(n, people=("Ada Quist",), at=T0 - timedelta(hours=h))
                       for n, h in enumerate([0, 0, 1.5, 30]))
    spark = views.sparks(fresh_db, "entities", ["PERSON:ada quist"], "1h", T0)
    assert len(spark["PERSON:ada quist"]) == 25
    assert spark["PERSON:ada quist"][-1] == 2 and spark["PERSON:ada quist"][-2] == 1  # 30 h ago is outside
    assert sum(spark["PERSON:ada quist"]) == 3


@pytest.mark.parametrize(("value", "key"), [("PERSON:jane doe", True), ("ORG:x", True), ("Jane Doe", False),
                                            ("USAGOV", False), ("person:jane", False), ("A1:b", False)])
def test_entity_keys_are_told_from_names_and_codes(value: str, key: bool) -> None:
    assert views.is_key(value) is key


def _strike(n: int, *, code: str = "BUS") -> Article:
    """Article ``n``: Pieter Bakker (an entity) accuses "the operators" (no entity) and a quote by
    him; "The Operators" is spelt with capitals in the even articles."""
    base = article(n, people=("Pieter Bakker",), quotes=(("Pieter Bakker", f"They stall, round {n}"),),
                   events=(("Pieter Bakker", "112", "Maersk"),))
    ev = base.events[0]
    operators = Actor(name="The Operators" if n % 2 == 0 else "the operators", entity=None, code=code)
    return replace(base, events=[replace(ev, target=operators), replace(ev, source=Actor(), target=operators)],
                   locations=[Location("Rotterdam", "NLD", 51.9, 4.5, 2)])


def test_full_records_carry_the_keys_the_store_files_their_quotes_and_events_under(fresh_db: Store) -> None:
    fresh_db.put([_strike(1)])
    rec = views.with_keys(fresh_db.get(_strike(1).id) or {})
    stored = fresh_db.query("SELECT speaker_key FROM quotes")
    assert [q["speaker_key"] for q in rec["quotes"]] == [r["speaker_key"] for r in stored] == ["PERSON:pieter bakker"]
    rows = fresh_db.query("SELECT source_key, target_key FROM events ORDER BY idx")
    assert [(e["source"]["key"], e["target"]["key"]) for e in rec["events"]] == \
           [(r["source_key"], r["target_key"]) for r in rows] == \
           [("PERSON:pieter bakker", "ACTOR:the operators"), (None, "ACTOR:the operators")]
    assert [e["key"] for e in rec["entities"]] == ["PERSON:pieter bakker", "PERSON:maersk"]


def test_an_actor_that_is_no_entity_has_a_profile_from_its_events(fresh_db: Store) -> None:
    fresh_db.put([_strike(1), _strike(2), _strike(3, code="NLDBUS"), article(4, people=("Ilse Jansen",))])
    profile = views.entity_profile(fresh_db, "ACTOR:The Operators")
    assert profile is not None
    actor = profile["entity"]
    assert (actor["key"], actor["type"], actor["articles"], actor["mentions"]) == ("ACTOR:the operators", "ACTOR", 3, 6)
    assert actor["name"] == "the operators" and actor["aliases"] == ["The Operators"]
    assert actor["roles"] == ["BUS", "NLDBUS"] and actor["country"] == "NLD"  # the first code that names one
    assert actor["first_seen"] == (T0 + timedelta(minutes=1)).isoformat()
    assert [(c["key"], c["together"]) for c in profile["cooccurring"]] == [("PERSON:maersk", 3),
                                                                          ("PERSON:pieter bakker", 3)]
    assert profile["places"] == [{"name": "Rotterdam", "country": "NLD", "lat": 51.9, "lon": 4.5, "mentions": 6}]
    assert views.entity_profile(fresh_db, "ACTOR:nobody") is None
    assert an.list_articles(fresh_db, Filters(entity="ACTOR:the operators")).total == 3
    # entities only (the actor is none of them): those of the articles whose events name it
    assert {i["id"] for i in an.list_entities(fresh_db, Filters(entity="ACTOR:the operators")).items} == {
        "PERSON:pieter bakker", "PERSON:maersk"}
    assert views.events_page(fresh_db, target="ACTOR:the operators").total == 6
