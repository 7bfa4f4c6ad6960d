"""What a store already holds, as workers are told it: the lookup keys of ids and texts."""

from __future__ import annotations

from newsradar.record import Article
from newsradar.store import Store
from newsradar.store.known import Known


def article(n: int, text: str | None = None) -> Article:
    return Article(id=f"tram-{n}", source=f"tram-{n}.html", text=text or f"Tram line {n} reopens on Monday "
                   "after the track repairs, the city's transport office said.")


def test_an_article_is_known_by_its_id_or_by_its_text(fresh_db: Store) -> None:
    fresh_db.put([article(1), article(2)])
    known = fresh_db.known()
    assert len(known) == 4
    assert known.holds(article(1)) and known.holds(article(2))
    assert known.holds(article(9, text=article(2).text))  # another URL, the same text
    assert not known.holds(article(3))


def test_an_empty_store_knows_nothing(fresh_db: Store) -> None:
    assert len(fresh_db.known()) == 0 and not fresh_db.known().holds(article(1))
    assert not Known([]).holds(article(1))


def test_the_keys_read_a_slice_at_a_time_are_all_of_them(fresh_db: Store) -> None:
    fresh_db.put([article(n) for n in range(1, 6)])
    sliced = fresh_db.known(step=2)
    assert len(sliced) == len(fresh_db.known()) == 10
    assert all(sliced.holds(article(n)) for n in range(1, 6)) and not sliced.holds(article(6))
