"""Every analytics query on records built by hand, where the right answer is known."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from builders import T0, article
from newsradar import analytics as an
from newsradar.analytics import Filters
from newsradar.analytics.events import actor_country, country_codes
from newsradar.errors import InputError
from newsradar.store import Store


@pytest.fixture()
def news(fresh_db: Store) -> Store:
    """A day of harbour news: a steady regular, a newcomer who spikes in the last hour, quotes,
    a disputed count across three sites, events between actors, and a German article."""
    arts = []
    n = 0
    for hour in range(24):  # Ruben Hendriks: twice an hour all day; Ilse Jansen: once an hour
        for k in range(2):
            n += 1
            arts.append(article(n, at=T0 + timedelta(hours=hour, minutes=10 * k),
                                people=("Ruben Hendriks",) + (("Ilse Jansen",) if k == 0 else ()), tone=-1.0))
    for k in range(8):  # in the last hour Ilse Jansen is everywhere
        n += 1
        arts.append(article(n, at=T0 + timedelta(hours=24, minutes=5 * k), people=("Ilse Jansen",), tone=-4.0,
                            site=("Harbour Ledger", "North Sea Wire")[k % 2]))
    n += 1
    arts.append(article(n, at=T0 + timedelta(hours=24, minutes=1), site="Harbour Ledger", story="strike",
                        quotes=(("Pieter Bakker", "The terminals are silent tonight"),),
                        claims=((4000.0, "workers"),), events=(("Pieter Bakker", "112", "Maersk"),),
                        title="Dock strike shuts the port"))
    n += 1
    arts.append(article(n, at=T0 + timedelta(hours=24, minutes=20), site="North Sea Wire", story="strike",
                        quotes=(("Pieter Bakker", "We offered to keep talking"),),
                        claims=((3500.0, "workers"),), events=(("Pieter Bakker", "112", "Maersk"),
                                                               ("Maersk", "036", "Pieter Bakker"))))
    n += 1
    arts.append(article(n, at=T0 + timedelta(hours=24, minutes=30), site="Rhine Post", story="strike",
                        claims=((4000.0, "workers"),), title="Port strike enters second day"))
    n += 1
    arts.append(article(n, at=T0 + timedelta(hours=24, minutes=40), site="Tagesspiegel", language="de",
                        text="Der Hafen steht still, die Gewerkschaft streikt.", people=("Ilse Jansen",)))
    fresh_db.put(arts)
    return fresh_db


def test_trends_find_the_spike_not_the_regular(news: Store) -> None:
    result = an.trends(news, window="1h")
    assert result["now"] == (T0 + timedelta(hours=24, minutes=40)).isoformat()
    first = result["items"][0]
    assert first["id"] == "PERSON:ilse jansen" and first["current"] == 9 and first["baseline"] == 1.0
    scores = {i["id"]: i["score"] for i in result["items"]}
    assert "PERSON:ruben hendriks" not in scores or scores["PERSON:ruben hendriks"] < first["score"]
    english = an.trends(news, window="1h", filters=Filters(language="en"))
    assert english["items"][0]["current"] == 8
    events = an.trends(news, window="24h", kind="events", min_count=1)
    assert {i["id"] for i in events["items"]} == {"11", "03"}
    with pytest.raises(InputError):
        an.trends(news, window="2h")


def test_timeline_counts_and_tone_per_bucket(news: Store) -> None:
    result = an.timeline(news, entity="Ilse Jansen", interval="hour", filters=Filters(since=T0))
    by_bucket = {i["bucket"]: i for i in result["items"]}
    assert by_bucket[T0.isoformat()]["articles"] == 1
    last = by_bucket[(T0 + timedelta(hours=24)).isoformat()]
    assert last["articles"] == 9 and last["tone"] == pytest.approx(-4.0 * 8 / 9, abs=1e-3)
    everything = an.timeline(news, interval="day", filters=Filters(since=T0 - timedelta(days=1)))
    assert sum(i["articles"] for i in everything["items"]) == news.count()
    assert len(everything["items"]) == 3 and everything["items"][0]["articles"] == 0
    words = an.timeline(news, q="strike", interval="day", filters=Filters(since=T0))
    assert sum(i["articles"] for i in words["items"]) == 2  # titles and texts that say "strike"


def test_timeline_buckets_are_whole_and_the_interval_defaults_to_day(fresh_db: Store) -> None:
    fresh_db.put([article(1, at=T0.replace(hour=10))])
    assert an.timeline(fresh_db)["interval"] == "day"  # as GET /api/timeline
    part = an.timeline(fresh_db, interval="hour", filters=Filters(since=T0.replace(hour=10, minute=30),
                                                                  until=T0.replace(hour=13)))
    assert part["since"] == T0.replace(hour=10).isoformat()
    assert [i["articles"] for i in part["items"]] == [1, 0, 0]  # the 10:00 bucket holds its article
    later = an.timeline(fresh_db, interval="day", filters=Filters(since=T0 + timedelta(days=5)))
    assert [i["articles"] for i in later["items"]] == [0]  # after the newest: an empty bucket, not none


def test_an_entity_timeline_ends_by_default_at_the_entitys_newest_article(news: Store) -> None:
    news.put([article(900, at=T0 - timedelta(days=200), people=("Wim Okkerse",))])
    old = an.timeline(news, entity="Wim Okkerse", interval="day")
    assert sum(i["articles"] for i in old["items"]) == 1  # not 90 days of zeros ending at the store's newest
    midnight = T0.replace(hour=0)
    assert old["until"] == (midnight - timedelta(days=199)).isoformat()  # the end of that article's day
    newest = (midnight + timedelta(days=2)).isoformat()
    assert an.timeline(news, interval="day")["until"] == newest  # everything: the store's newest
    assert an.timeline(news, entity="Nobody Known", interval="day")["until"] == newest


def test_articles_landing_between_two_pages_neither_repeat_nor_hide_an_item(news: Store) -> None:
    first = an.list_articles(news, limit=5)
    news.put([article(n, at=T0 + timedelta(days=3, minutes=n)) for n in range(950, 953)])  # newer, as news lands
    rest: list[str] = []
    cursor = first.next
    while cursor is not None:
        page = an.list_articles(news, limit=5, cursor=cursor)
        rest += [a["id"] for a in page.items]
        cursor = page.next
    shown = [a["id"] for a in first.items] + rest
    assert len(shown) == len(set(shown)) == news.count() - 3  # each older article once, none twice
    with pytest.raises(InputError, match="bad cursor"):
        an.list_articles(news, q="strike", cursor=first.next)  # a newest-first cursor is no search's


def test_network_counts_events_by_cameo_root_between_actors(news: Store) -> None:
    net = an.network(news)
    edges = {(e["source"], e["target"], e["root"]): e for e in net["edges"]}
    assert edges[("PERSON:pieter bakker", "PERSON:maersk", "11")]["events"] == 2
    assert edges[("PERSON:maersk", "PERSON:pieter bakker", "03")]["root_name"]
    assert {n["id"] for n in net["nodes"]} == {"PERSON:pieter bakker", "PERSON:maersk"}
    assert len(an.network(news, cameo="03")["edges"]) == 1


def test_quotes_by_speaker_and_by_words(news: Store) -> None:
    assert an.list_quotes(news, speaker="Bakker").total == 2
    assert an.list_quotes(news, speaker="bakker pieter").total == 2
    found = an.list_quotes(news, q="terminals silent")
    assert found.total == 1 and found.items[0]["speaker"] == "Pieter Bakker" and "score" in found.items[0]
    assert an.list_quotes(news, speaker="Jansen").total == 0
    assert an.list_quotes(news, speaker="Bakker", filters=Filters(source="North Sea Wire")).total == 1


def test_a_speaker_is_found_by_whole_words_of_the_name_not_their_stems(fresh_db: Store) -> None:
    from newsradar.analytics import views

    fresh_db.put([article(1, quotes=(("Prince William", "We will rebuild"),)),
                  article(2, quotes=(("Serena Williams", "I will play on"),)),
                  article(3, quotes=(("Nils Berge", "The port stays shut"),))])
    assert [i["speaker"] for i in an.list_quotes(fresh_db, speaker="William").items] == ["Prince William"]
    assert an.list_quotes(fresh_db, speaker="berg").total == 0
    assert an.list_quotes(fresh_db, speaker="Williams OR Berge").total == 2
    assert an.list_quotes(fresh_db, speaker="will*").total == 2
    assert [i["speaker"] for i in views.quotes_page(fresh_db, Filters(), speaker="william").items] == ["Prince William"]


def test_a_speaker_query_groups_words_as_a_search_does(fresh_db: Store) -> None:
    fresh_db.put([article(1, quotes=(("Serena Williams", "I will play on"),)),
                  article(2, quotes=(("Venus Williams", "We train at dawn"),)),
                  article(3, quotes=(("Nils Berge", "The port stays shut"),))])

    def speakers(q: str) -> list[str]:
        return sorted(i["speaker"] for i in an.list_quotes(fresh_db, speaker=q).items)

    assert speakers("Williams (Venus OR Berge)") == ["Venus Williams"]  # was Berge too: (Williams Venus) OR Berge
    assert speakers("Williams NOT (Serena Venus)") == ["Serena Williams", "Venus Williams"]  # no name has both
    assert speakers("(Serena OR Nils) NOT Berge") == ["Serena Williams"]


def test_claims_ledger_shows_sources_disagreeing(news: Store) -> None:
    ledger = an.claims_ledger(news)
    assert ledger.total == 1
    entry = ledger.items[0]
    assert entry["story_id"] == "strike" and entry["unit"] == "workers" and entry["sites"] == 3
    assert entry["values"] == [3500.0, 4000.0] and entry["disputed"]
    assert [r["site"] for r in entry["reports"]] == ["Harbour Ledger", "North Sea Wire", "Rhine Post"]
    assert an.claims_ledger(news, unit="ships").total == 0


def test_a_count_the_sites_agree_on_is_in_the_ledger_but_not_disputed(fresh_db: Store) -> None:
    fresh_db.put([article(n, at=T0 + timedelta(minutes=n), site=site, story="ferry", claims=((12.0, "ferries"),))
                  for n, site in ((1, "Harbour Ledger"), (2, "North Sea Wire"))])
    (entry,) = an.claims_ledger(fresh_db).items
    assert (entry["sites"], entry["values"], entry["disputed"]) == (2, [12.0], False)
    assert an.claims_ledger(fresh_db, disputed=True).total == 0


def test_ranges_are_values_of_their_own_in_the_ledger(fresh_db: Store) -> None:
    arts = [article(n, site=site, story="bus", claims=((20.0, "people"),)) for n, site in
            ((1, "Charlie Times"), (2, "Delta Wire"))]
    arts[0].claims[0].upper, arts[1].claims[0].upper = 40.0, 25.0  # "between 20 and 40", "20 to 25"
    fresh_db.put(arts)
    (entry,) = an.claims_ledger(fresh_db).items
    assert entry["values"] == [[20.0, 25.0], [20.0, 40.0]] and entry["disputed"]
    assert an.claims_ledger(fresh_db, disputed=True).total == 1


def test_ledger_filters_choose_the_reports_and_the_source_chooses_entries(fresh_db: Store) -> None:
    fresh_db.put([article(n, at=T0 + timedelta(hours=n), site=site, story="fire", claims=((value, "people"),))
                  for n, site, value in ((1, "Alpha News", 12.0), (2, "Bravo Post", 15.0),
                                         (3, "Alpha News", 12.0), (4, "Charlie Times", 14.0))])
    later = an.claims_ledger(fresh_db, Filters(since=T0 + timedelta(hours=3))).items
    assert [(e["values"], e["sites"]) for e in later] == [([12.0, 14.0], 2)]
    assert [(r["site"], r["value"]) for r in later[0]["reports"]] == [("Alpha News", 12.0), ("Charlie Times", 14.0)]
    # One site alone never makes an entry: the source picks the entries it reports in.
    (alpha,) = an.claims_ledger(fresh_db, Filters(source="Alpha News")).items
    assert alpha["sites"] == 3 and len(alpha["reports"]) == 4
    assert an.claims_ledger(fresh_db, Filters(source="alphanews.example")).total == 1
    assert an.claims_ledger(fresh_db, Filters(source="Nobody Post")).total == 0
    assert an.claims_ledger(fresh_db, Filters(source="Bravo Post", since=T0 + timedelta(hours=3))).total == 0


def _reported(n: int, site: str, *claims: tuple[float, str | None, str | None]) -> Any:
    """Article ``n`` of the "blast" story with (value, unit, measure) claims."""
    art = article(n, site=site, story="blast", claims=tuple((v, u or "x") for v, u, _ in claims))
    for claim, (_, unit, measure) in zip(art.claims, claims, strict=True):
        claim.unit, claim.measure = unit, measure
    return art


def test_the_ledger_keeps_the_killed_and_the_injured_apart(fresh_db: Store) -> None:
    # "killed 5 people and injured 30 others", at two sites: two quantities, each agreed on
    fresh_db.put([_reported(n, site, (5.0, "people", "killed"), (30.0, "people", "injured"))
                  for n, site in ((1, "Alpha News"), (2, "Bravo Post"))])
    entries = an.claims_ledger(fresh_db).items
    assert sorted((e["unit"], e["measure"], e["values"], e["disputed"]) for e in entries) == [
        ("people", "injured", [30.0], False), ("people", "killed", [5.0], False)]
    assert an.claims_ledger(fresh_db, disputed=True).total == 0
    (injured,) = an.claims_ledger(fresh_db, unit="injured").items  # the unit filter reads measures too
    assert [r["value"] for r in injured["reports"]] == [30.0, 30.0]


def test_one_toll_in_different_words_is_one_disputed_entry(fresh_db: Store) -> None:
    # "killed 5 people" at one site, "7 people died" at another: both measure the killed
    fresh_db.put([_reported(1, "Alpha News", (5.0, "people", "killed")),
                  _reported(2, "Bravo Post", (7.0, "people", "killed"), (30.0, "people", "injured"))])
    (entry,) = an.claims_ledger(fresh_db).items
    assert (entry["unit"], entry["measure"], entry["values"], entry["disputed"]) == ("people", "killed", [5.0, 7.0],
                                                                                      True)
    assert [r["site"] for r in entry["reports"]] == ["Alpha News", "Bravo Post"]


def test_a_toll_without_a_counted_noun_has_an_entry_of_its_own(fresh_db: Store) -> None:
    # "the death toll rose to 12" and "the toll stood at 15": no unit, one measure
    fresh_db.put([_reported(1, "Alpha News", (12.0, None, "killed")),
                  _reported(2, "Bravo Post", (15.0, None, "killed")),
                  _reported(3, "Charlie Times", (15.0, None, None))])  # a bare number with no measure counts nothing
    (entry,) = an.claims_ledger(fresh_db).items
    assert (entry["unit"], entry["measure"], entry["values"], entry["sites"]) == (None, "killed", [12.0, 15.0], 2)
    assert len(entry["reports"]) == 2


def test_a_toll_and_the_people_it_counts_are_one_entry(fresh_db: Store) -> None:
    # "the death toll rose to 12" at one site, "15 people were killed" at another
    fresh_db.put([_reported(1, "Alpha News", (12.0, None, "killed")),
                  _reported(2, "Bravo Post", (15.0, "people", "killed"), (3.0, "soldiers", "killed"))])
    (entry,) = an.claims_ledger(fresh_db).items
    assert (entry["unit"], entry["measure"], entry["values"], entry["disputed"]) == ("people", "killed", [12.0, 15.0],
                                                                                      True)
    assert [r["unit"] for r in entry["reports"]] == [None, "people"]



def test_only_measures_analysts_compare_divide_a_unit(fresh_db: Store) -> None:
    # "sent 250 vehicles" and "delivered 300 vehicles": one quantity in two verbs, disputed; but
    # "52 percent of the vote" and "a 10 percent rise in sales" are shares of different things
    fresh_db.put([_reported(1, "Alpha News", (250.0, "vehicles", "send"), (52.0, "percent", "vote")),
                  _reported(2, "Bravo Post", (300.0, "vehicles", "deliver"), (10.0, "percent", "sale"))])
    entries = an.claims_ledger(fresh_db).items
    assert [(e["unit"], e["measure"], e["values"], e["disputed"]) for e in entries] == [
        ("vehicles", None, [250.0, 300.0], True)]
    assert [r["site"] for r in entries[0]["reports"]] == ["Alpha News", "Bravo Post"]

def test_trends_of_an_empty_store_are_empty(fresh_db: Store) -> None:
    assert an.trends(fresh_db, window="24h") == {"window": "24h", "kind": "entities", "now": None, "items": []}


def test_events_list_filters(news: Store) -> None:
    assert an.list_events(news).total == 3
    assert an.list_events(news, cameo="11").total == 2
    for bad in ("99", "21", "0099"):  # no CAMEO code begins so: say so rather than list nothing
        with pytest.raises(InputError, match="codes begin with a root from 01 to 20"):
            an.list_events(news, cameo=bad)
        with pytest.raises(InputError, match="codes begin with a root"):
            an.network(news, cameo=bad)
    assert an.list_events(news, cameo="ABC").total == 0  # an analyst's own code is asked for as written
    assert an.list_events(news, source="maersk").total == 1
    assert an.list_events(news, target="BELLAB").total == 3  # by CAMEO actor code prefix
    # by the key entity lists give, as GET /api/events takes it (probe 5, #14)
    assert an.list_events(news, source="PERSON:pieter bakker").total == 2
    assert an.list_events(news, target="PERSON:Maersk").total == 2


def test_stories_with_source_counts_and_first_report(news: Store) -> None:
    page = an.list_stories(news)
    assert page.total == 1
    story = page.items[0]
    assert story["id"] == "strike" and story["articles"] == 3 and story["sources"] == 3
    assert story["first_report"]["site"] == "Harbour Ledger" and story["title"] == "Dock strike shuts the port"
    full = an.get_story(news, "strike")
    assert full is not None and full["items"][0]["site"] == "Harbour Ledger"
    assert an.get_story(news, "nope") is None


def test_search_mixes_articles_and_quotes(news: Store) -> None:
    page = an.search(news, "strike")
    assert {i["kind"] for i in page.items} == {"article"} and page.total == 2
    first = an.search(news, "strike", limit=1)
    second = an.search(news, "strike", limit=1, cursor=first.next)
    assert first.total == second.total == 2 and second.next is None
    assert {first.items[0]["article_id"], second.items[0]["article_id"]} == {i["article_id"] for i in page.items}
    quoted = an.search(news, "terminals")  # the quote, and the article that carries it
    assert sorted(i["kind"] for i in quoted.items) == ["article", "quote"]
    assert an.search(news, "terminals", kinds=("quote",)).items[0]["speaker"] == "Pieter Bakker"
    assert an.search(news, "streikt", filters=Filters(language="de")).total == 1
    with pytest.raises(InputError):
        an.search(news, "  ")


def test_paging_a_search_whose_scores_tie_shows_every_hit_once(fresh_db: Store) -> None:
    # Wire copies with one word changed score alike; each page cut the tied hits at a different
    # place, so some came back twice and others never (probe 5, #1).
    fresh_db.put([article(n, text=f"The finance minister resigned over budget item {n}.",
                          quotes=(("Anna Berg", f"The finance minister leaves today {n}"),)) for n in range(1, 12)])
    whole = an.search(fresh_db, "finance minister", limit=100)
    assert whole.total == 22 and len({s["score"] for s in whole.items}) == 2
    walked: list[tuple[str, str]] = []
    cursor = None
    while True:
        page = an.search(fresh_db, "finance minister", limit=3, cursor=cursor)
        walked += [(i["kind"], i.get("speaker") or i["article_id"], i["snippet"]) for i in page.items]
        if (cursor := page.next) is None:
            break
    assert walked == [(i["kind"], i.get("speaker") or i["article_id"], i["snippet"]) for i in whole.items]


def test_entities_and_one_entity(news: Store) -> None:
    page = an.list_entities(news, limit=2)
    assert [i["id"] for i in page.items] == ["PERSON:ruben hendriks", "PERSON:ilse jansen"]
    assert page.items[1]["articles"] == 33 and page.next is not None
    second = an.list_entities(news, limit=2, cursor=page.next)
    assert second.items[0]["id"] not in {i["id"] for i in page.items}
    german = an.list_entities(news, Filters(language="de"))
    assert [i["id"] for i in german.items] == ["PERSON:ilse jansen"]
    assert an.list_entities(news, Filters(language=" DE ")).items == german.items  # codes in any case
    people = an.list_entities(news, type="person")
    assert people.total > 0 and {i["type"] for i in people.items} == {"PERSON"}
    one = an.get_entity(news, "ilse jansen")
    assert one is not None and one["articles"] == 33 and one["related"][0]["id"] == "PERSON:ruben hendriks"
    assert an.get_entity(news, "Nobody Here") is None


def test_an_article_naming_one_entity_in_two_spellings_counts_once(fresh_db: Store) -> None:
    from newsradar.analytics import views

    # "José Ramos" and "Jose Ramos" fold to one key: two mentions rows of one article (probe 5, #5)
    fresh_db.put([article(1, at=T0, people=("José Ramos", "Jose Ramos", "Anna Berg"), tone=12.0),
                  article(2, at=T0 + timedelta(hours=1), people=("Jose Ramos", "Anna Berg"), tone=0.0)])
    key, now = "PERSON:jose ramos", T0 + timedelta(hours=2)
    (trend,) = [i for i in an.trends(fresh_db, window="24h", now=now, min_count=1)["items"] if i["id"] == key]
    assert trend["current"] == 2
    assert sum(views.sparks(fresh_db, "entities", [key], "24h", now)[key]) == 2
    for f in (None, Filters(language="en")):
        assert {i["id"]: i["articles"] for i in an.list_entities(fresh_db, f).items}[key] == 2
    midnight = T0.replace(hour=0)
    day_only = Filters(since=midnight, until=midnight + timedelta(days=1))
    (day,) = an.timeline(fresh_db, entity=key, interval="day", filters=day_only)["items"]
    assert (day["articles"], day["tone"]) == (2, 6.0)
    anna = an.get_entity(fresh_db, "Anna Berg")
    assert anna is not None and {r["id"]: r["articles"] for r in anna["related"]}[key] == 2
    ramos = an.get_entity(fresh_db, key)
    assert ramos is not None and len(ramos["articles_recent"]) == 2
    profile = views.entity_profile(fresh_db, "Anna Berg")
    assert profile is not None and {e["key"]: e["together"] for e in profile["cooccurring"]}[key] == 2


def test_names_with_letters_of_their_own_are_found_in_ascii_and_as_written(fresh_db: Store) -> None:
    from newsradar.analytics import views

    # ø, ł, ß are no base letter plus an accent: the old fold kept them, so "Store" missed "Støre"
    fresh_db.put([article(1, people=("Jonas Gahr Støre", "Łódź Council"), quotes=(("Jonas Gahr Støre", "We stay"),),
                          events=(("Jonas Gahr Støre", "042", "Straße Verein"),)),
                  article(2, people=("Jonas Gahr Store",))])
    key = "PERSON:jonas gahr store"
    for q in ("Store", "Støre", "STØRE"):
        assert [i["id"] for i in an.list_entities(fresh_db, q=q).items] == [key]
        assert [i["id"] for i in an.list_entities(fresh_db, Filters(language="en"), q=q).items] == [key]
    assert {i["articles"] for i in an.list_entities(fresh_db, q="gahr").items} == {2}  # one entity, two spellings
    for name in ("Jonas Gahr Store", "Jonas Gahr Støre", "PERSON:Jonas Gahr Støre"):
        assert an.list_articles(fresh_db, Filters(entity=name)).total == 2
    assert [i["id"] for i in an.list_entities(fresh_db, q="Lodz").items] == ["PERSON:lodz council"]
    for source in ("Store", "Støre", key):
        assert an.list_events(fresh_db, source=source).total == 1
        assert views.events_page(fresh_db, source=source).total == 1
    assert an.list_events(fresh_db, target="strasse").total == 1
    for speaker in ("Jonas Gahr Støre", "Store", "gahr STORE"):
        assert an.list_quotes(fresh_db, speaker=speaker).total == 1
    assert an.search(fresh_db, "Lodz", kinds=("article",)).total == 1


def test_articles_filters_and_pagination(news: Store) -> None:
    total = news.count()
    seen: list[str] = []
    cursor = None
    while True:
        page = an.list_articles(news, limit=7, cursor=cursor)
        seen += [i["id"] for i in page.items]
        cursor = page.next
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == total
    assert an.list_articles(news, Filters(since=T0 + timedelta(hours=24))).total == 12
    assert an.list_articles(news, Filters(source="Rhine Post")).total == 1
    assert an.list_articles(news, Filters(source="northseawire.example")).total == 5
    # Site names and hosts match in any case, as the dashboard's live feed matches them.
    assert an.list_articles(news, Filters(source="RHINE POST")).total == 1
    assert an.list_articles(news, Filters(source="www.NorthSeaWire.example")).total == 5
    assert an.list_articles(news, Filters(entity="PERSON:ilse jansen")).total == 33
    assert an.list_articles(news, q="second day").items[0]["title"] == "Port strike enters second day"
    with pytest.raises(InputError):
        an.list_articles(news, cursor="garbage!")
    with pytest.raises(InputError):
        an.list_articles(news, limit=0)
    with pytest.raises(InputError):
        Filters.of(since="yesterday")


def test_alerts_fire_on_new_matches_only(news: Store) -> None:
    from newsradar.ingest import Ingestor

    alert = an.create_alert(news, "strikes", q="strike")
    by_entity = an.create_alert(news, "jansen", entity="Ilse Jansen", language="EN-gb")
    assert by_entity["language"] == "en"  # stored as articles carry it
    with pytest.raises(InputError, match="'english-please' is not a language code"):
        an.create_alert(news, "never", q="strike", language="english-please")
    assert alert["matches"] == 0  # what was stored before the alert does not fire it
    ingestor = Ingestor(news, nlp=False, stories=None)
    ingestor.commit([article(900, title="Strike spreads to Antwerp"), article(901, people=("Ilse Jansen",)),
                     article(902, people=("Ilse Jansen",), language="fr", text="La grève continue.")])
    listed = {a["name"]: a for a in an.list_alerts(news)}
    assert listed["strikes"]["matches"] == 1 and listed["strikes"]["recent"][0]["title"] == "Strike spreads to Antwerp"
    assert listed["jansen"]["matches"] == 1
    first = an.alert_matches(news, by_entity["id"]).items[0]["id"]
    assert an.alert_matches(news, by_entity["id"], after=first).total == 0
    assert an.delete_alert(news, alert["id"]) and not an.delete_alert(news, alert["id"])
    with pytest.raises(InputError):
        an.create_alert(news, "empty")


def test_an_alert_with_grouped_words_fires_on_what_a_search_finds(fresh_db: Store) -> None:
    from newsradar.ingest import Ingestor

    alert = an.create_alert(fresh_db, "crossings", q="(ferry OR hovercraft) NOT Calais")
    with pytest.raises(InputError, match="NOT has no words before it in the group '\\(NOT Calais\\)'"):
        an.create_alert(fresh_db, "never", q="ferry OR (NOT Calais)")
    arrived = [article(1, text="The ferry to Calais sailed late."), article(2, text="The ferry to Dover sailed late."),
               article(3, text="The hovercraft to Dover was cancelled."), article(4, text="Trains to Calais ran.")]
    Ingestor(fresh_db, nlp=False, stories=None).commit(arrived)
    page = an.alert_matches(fresh_db, alert["id"])
    assert page is not None and {i["id"] for i in page.items} == {arrived[1].id, arrived[2].id}


def test_an_index_failure_costs_an_alert_its_matches_not_the_ingest(fresh_db: Store,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from newsradar.errors import StoreError
    from newsradar.ingest import Ingestor

    an.create_alert(fresh_db, "ferries", q="ferry")

    def locked(*args: object, **kwargs: object) -> list[object]:
        raise StoreError("full-text search failed: database is locked")

    monkeypatch.setattr(fresh_db, "text_search", locked)
    outcomes = list(Ingestor(fresh_db, nlp=False, stories=None).commit([article(1, text="The ferry sailed late.")]))
    assert [o.status for o in outcomes] == ["stored"] and fresh_db.count() == 1


def test_alert_matches_page_without_repeats_or_gaps_while_matches_land(fresh_db: Store) -> None:
    from newsradar.ingest import Ingestor

    alert = an.create_alert(fresh_db, "ferries", q="ferry")
    ingestor = Ingestor(fresh_db, nlp=False, stories=None)
    ingestor.commit([article(n, text=f"The ferry to island {n} sailed late after a crew meeting.")
                     for n in range(1, 8)])
    ingestor.commit([article(50, text="Grain prices rose at the exchange.")])  # no match
    first = an.alert_matches(fresh_db, alert["id"], limit=3)
    assert first is not None and first.total == 7 and len(first.items) == 3 and first.next
    # two new matches between pages: an offset would show page one's last two items again
    ingestor.commit([article(n, text=f"A second ferry to island {n} was cancelled.") for n in (60, 61)])
    seen, cursor = [i["id"] for i in first.items], first.next
    while cursor:
        page = an.alert_matches(fresh_db, alert["id"], limit=3, cursor=cursor)
        assert page is not None
        seen += [i["id"] for i in page.items]
        cursor = page.next
    assert len(seen) == len(set(seen)) == 7
    assert set(seen) == {article(n, text=f"The ferry to island {n} sailed late after a crew meeting.").id
                         for n in range(1, 8)}
    assert seen == sorted(seen, key=lambda i: fresh_db.query("SELECT seq FROM articles WHERE id = ?", [i])[0]["seq"],
                          reverse=True)
    # a page of `after` pages on within what came after
    newest = an.alert_matches(fresh_db, alert["id"], after=seen[0], limit=1)
    assert newest is not None and newest.total == 2 and newest.next
    rest = an.alert_matches(fresh_db, alert["id"], after=seen[0], limit=1, cursor=newest.next)
    assert rest is not None and rest.next is None and rest.items[0]["id"] != newest.items[0]["id"]
    for bad in ("garbage!", base64.urlsafe_b64encode(b"s:-1").decode(), base64.urlsafe_b64encode(b"s:x").decode()):
        with pytest.raises(InputError, match="bad cursor"):
            an.alert_matches(fresh_db, alert["id"], cursor=bad)


def test_time_filters_find_what_arrived_out_of_order(fresh_db: Store) -> None:
    # A time filter bounds full-text search by arrival number (seq); an article that arrives late
    # for its time (an archive, a slow feed) must still be found, and nothing outside the window.
    arts = [article(n, at=T0 + timedelta(hours=n), text=f"Dredging update {n} on the canal.",
                    quotes=(("Ilse Jansen", f"Dredging goes on {n}"),)) for n in range(1, 9)]
    late = article(20, at=T0 + timedelta(hours=3, minutes=30), text="A late dredging report on the canal.",
                   quotes=(("Ilse Jansen", "Dredging was late"),))
    fresh_db.put(arts)
    fresh_db.put([late])
    window = Filters(since=T0 + timedelta(hours=3), until=T0 + timedelta(hours=5))
    ids = {a.id for a in (arts[2], arts[3], late)}
    assert {i["article_id"] for i in an.search(fresh_db, "dredging", window, kinds=("article",)).items} == ids
    assert {i["article_id"] for i in an.search(fresh_db, "dredging", window, kinds=("quote",)).items} == ids
    assert an.list_articles(fresh_db, window, q="dredging").total == 3
    assert an.list_quotes(fresh_db, window, speaker="Jansen").total == 3
    assert an.list_quotes(fresh_db, window, q="dredging").total == 3
    assert an.list_quotes(fresh_db, speaker="Jansen").total == 9
    hours = an.timeline(fresh_db, q="dredging", interval="hour", filters=window)["items"]
    assert sum(b["articles"] for b in hours) == 3
    newest = an.list_articles(fresh_db, limit=3).items
    assert [i["id"] for i in newest] == [arts[7].id, arts[6].id, arts[5].id]


@pytest.mark.parametrize("call", [
    lambda s: an.network(s, limit=-1),
    lambda s: an.network(s, limit=0),
    lambda s: an.network(s, limit=1001),
    lambda s: an.trends(s, limit=-1),
    lambda s: an.trends(s, kind="events", limit=1001),
])
def test_network_and_trend_limits_are_checked_before_the_store_sees_them(news: Store, call: Any) -> None:
    with pytest.raises(InputError, match="limit must be between 1 and 1000"):
        call(news)


def test_limits_at_the_ends_of_the_range_are_taken(news: Store) -> None:
    assert len(an.network(news, limit=1)["edges"]) == 1
    assert an.network(news, limit=1000)["edges"] and an.trends(news, window="1h", limit=1000)["items"]


def test_a_forged_cursor_is_refused_with_a_reason(news: Store) -> None:
    past_bigint = base64.urlsafe_b64encode(b"o:" + b"9" * 22).decode()  # DuckDB cannot cast it to an OFFSET
    for call in (lambda: an.list_articles(news, cursor=past_bigint), lambda: an.list_entities(news, cursor=past_bigint),
                 lambda: an.list_events(news, cursor=past_bigint), lambda: an.search(news, "strike", cursor="bzotMQ")):
        with pytest.raises(InputError, match="bad cursor"):
            call()


def test_a_time_out_of_range_in_utc_is_an_input_error() -> None:
    with pytest.raises(InputError, match="out of range once converted to UTC"):
        Filters.of(since="9999-12-31T23:00:00-05:00")
    with pytest.raises(InputError, match="until"):
        Filters.of(until="0001-01-01T00:00:00+05:00")


def test_windows_at_the_ends_of_time_are_cut_not_overflowed(news: Store) -> None:
    early = an.timeline(news, interval="day", filters=Filters(until=datetime(1, 1, 2)))
    assert [i["bucket"] for i in early["items"]] == ["0001-01-01T00:00:00"]
    late = an.timeline(news, interval="day", filters=Filters(since=datetime(9999, 12, 30),
                                                             until=datetime(9999, 12, 31, 12)))
    assert [i["bucket"] for i in late["items"]] == ["9999-12-30T00:00:00", "9999-12-31T00:00:00"]
    assert an.trends(news, window="24h", now=datetime(1, 1, 1))["items"] == []


@pytest.mark.parametrize("call", [
    lambda s: an.list_entities(s, q="%"),
    lambda s: an.list_entities(s, q="_"),
    lambda s: an.list_entities(s, Filters(language="en"), q="%"),  # the scan of mentions, not the totals
    lambda s: an.claims_ledger(s, unit="%"),
    lambda s: an.claims_ledger(s, unit="w_rkers"),
    lambda s: an.list_events(s, source="%"),
    lambda s: an.list_events(s, target="_"),
    lambda s: an.list_events(s, cameo="%"),
    lambda s: an.list_articles(s, Filters(entity="%")),
    lambda s: an.list_quotes(s, Filters(entity="%")),
])
def test_like_wildcards_in_user_text_match_only_themselves(news: Store, call: Any) -> None:
    assert call(news).total == 0


def test_names_with_like_characters_still_match_in_part(fresh_db: Store) -> None:
    fresh_db.put([article(1, people=("Ana 100%_Real",), claims=((12.0, "% of votes"),)),
                  article(2, site="Rhine Post", people=("Ana 100xReal",), claims=((14.0, "% of votes"),), story="s"),
                  article(3, people=("Ana 100%_Real",), claims=((13.0, "% of votes"),), story="s")])
    assert [e["id"] for e in an.list_entities(fresh_db, q="100%_").items] == ["PERSON:ana 100%_real"]
    assert an.list_entities(fresh_db, q="100").total == 2
    assert an.list_articles(fresh_db, Filters(entity="ana 100%_real")).total == 2
    assert an.claims_ledger(fresh_db, unit="% of").total == 1
    assert an.claims_ledger(fresh_db, unit="x of").total == 0


@pytest.mark.parametrize(("code", "country"), [("NLDLAB", "NLD"), ("EGY", "EGY"), ("usagov", "USA"), ("XKX", "XKX"),
                                               ("BUS", None), ("LAB", None), ("GOV", None), ("MIL", None),
                                               ("COP", None), ("JUD", None), ("MED", None), ("CVL", None),
                                               ("OPP", None), ("REB", None), ("EDU", None), ("IGOUNO", None),
                                               ("AFR", None), ("", None), (None, None)])
def test_an_actor_code_gives_a_country_only_when_it_begins_with_one(code: str | None, country: str | None) -> None:
    assert actor_country(code) == country


def test_the_country_codes_are_the_gazetteers() -> None:
    from newsradar.enrich.places import gazetteer

    assert country_codes() == frozenset(gazetteer().countries)


def test_time_filters_take_spans_back_from_now_as_the_api_does() -> None:
    before = datetime.now(UTC).replace(tzinfo=None, microsecond=0)
    since = Filters.of(since="7d").since
    assert since is not None and since.tzinfo is None
    assert timedelta(days=7) - timedelta(seconds=5) <= before - since <= timedelta(days=7) + timedelta(seconds=5)
    assert Filters.of(until="30m").until is not None
    with pytest.raises(InputError, match="reaches back before the year 1"):
        Filters.of(since="99999999d")
    with pytest.raises(InputError, match="nor a span back from now"):
        Filters.of(since="last week")


def test_entities_filtered_by_an_entity_are_those_of_its_articles(fresh_db: Store) -> None:
    # "Only articles mentioning this entity", as for every list: Anna Berg's articles name three people
    fresh_db.put([article(1, people=("Anna Berg", "Jose Ramos")), article(2, people=("Anna Berg", "Karl Lind")),
                  article(3, people=("Karl Lind", "Mia Holm"))])
    found = {i["id"]: i["articles"] for i in an.list_entities(fresh_db, Filters(entity="Anna Berg")).items}
    assert found == {"PERSON:anna berg": 2, "PERSON:jose ramos": 1, "PERSON:karl lind": 1}
    assert an.list_entities(fresh_db, Filters(entity="PERSON:mia holm"), q="lind").total == 1
