"""What a store already holds, as workers are told it: the lookup keys of ids and texts."""

from __future__ import annotations

from pathlib import Path

from newsradar.record import Article
from newsradar.store import DuckDBStore, Store, open_store
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


def test_keys_added_later_are_held_before_and_after_they_join_the_array() -> None:
    from newsradar.store import known as known_module
    from newsradar.store.rows import lookup_key, text_hash

    keys = Known([])
    keys.add([lookup_key(article(1).id)])
    assert keys.holds(article(1)) and not keys.holds(article(2)) and len(keys) == 1
    many = range(100, 100 + known_module._MERGE_AT)
    keys.add(k for n in many for k in (lookup_key(article(n).id), lookup_key(text_hash(article(n).text))))
    assert not keys._extra  # merged into the sorted array
    assert keys.holds(article(1)) and all(keys.holds(article(n)) for n in many) and not keys.holds(article(2))
    assert not keys.holds_any([]) and keys.holds_any([0, lookup_key(article(1).id)])


def test_the_writer_key_set_follows_puts_bulk_loads_and_statements_on_articles(tmp_path: Path) -> None:
    from newsradar.store.rows import lookup_key

    store = open_store(tmp_path / "keys.duckdb")
    assert isinstance(store, DuckDBStore)
    try:
        assert store.stored([article(1)]) == [None]  # reads the (empty) key set
        store.put([article(1)])
        assert store.stored([article(1), article(9, text=article(1).text), article(2)]) == ["tram-1", "tram-1", None]
        store.bulk_load([article(2)])
        assert store.stored([article(2)]) == ["tram-2"]
        # a statement may give a stored article another id: the keys are read again
        store.execute("UPDATE articles SET id = ?, id_key = ? WHERE id = ?",
                      ["tram-7", lookup_key("tram-7"), "tram-2"])
        assert store.stored([article(7, text="Another text about the trams.")]) == ["tram-7"]
        assert [r.status for r in store.put([article(7, text="Yet another text.")])] == ["duplicate"]
        keys = store._key_set()
        # a statement that only reads the articles (an alert's match) keeps them: no scan at each
        store.execute("UPDATE alert_state SET evaluated = (SELECT max(seq) FROM articles)")
        assert store._key_set() is keys
    finally:
        store.close()
