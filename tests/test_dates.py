"""The date parser: formats pages print, strictness, no future dates; property tests with hypothesis."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsradar.extract.dates import (
    TZ_SLACK,
    date_in_url,
    find_dates,
    iso,
    naive_utc,
    not_after,
    parse_date,
    parse_stamp,
    stamp_only,
)

NOW = datetime(2024, 6, 1, 12, 0, 0)


@pytest.mark.parametrize(("text", "expected"), [
    ("2019-01-03T07:00:02.000Z", datetime(2019, 1, 3, 7, 0, 2)),
    ("Published February 19, 2020 at 6:01 pm", datetime(2020, 2, 19, 18, 1)),
    ("Feb. 19th 2020", datetime(2020, 2, 19)),
    ("19. Februar 2020, 14:30 Uhr", datetime(2020, 2, 19, 14, 30)),
    ("Veröffentlicht am 05.11.2019 um 12:15", datetime(2019, 11, 5, 12, 15)),
    ("le 19 février 2020", datetime(2020, 2, 19)),
    ("19 de febrero de 2020", datetime(2020, 2, 19)),
    ("15 августа 2016, 13:43", datetime(2016, 8, 15, 13, 43)),
    ("2020年2月19日 10:30", datetime(2020, 2, 19, 10, 30)),
    ("Mon, 19 Feb 2020 10:00:00 GMT", datetime(2020, 2, 19, 10, 0)),
    ("2020/02/19", datetime(2020, 2, 19)),
    ("8.5.12", datetime(2012, 5, 8)),
    ("13/04/2020", datetime(2020, 4, 13)),
    ("01/22/2023 06:36:43 am", datetime(2023, 1, 22, 6, 36, 43)),
    ("Jan. 5, 2021 12:30 a.m.", datetime(2021, 1, 5, 0, 30)),
    ("Jan. 5, 2021 12:30 pm", datetime(2021, 1, 5, 12, 30)),
])
def test_formats_pages_print(text: str, expected: datetime) -> None:
    assert parse_date(text, now=NOW) == expected


def test_numeric_dates_are_month_first_unless_told_or_forced() -> None:
    assert parse_date("03/04/2020", now=NOW) == datetime(2020, 3, 4)
    assert parse_date("03/04/2020", dayfirst=True, now=NOW) == datetime(2020, 4, 3)
    assert parse_date("03.04.2020", now=NOW) == datetime(2020, 4, 3)  # dotted: always day first


@pytest.mark.parametrize("text", ["price 12.50 on 3.4.", "call 030-12-2020", "4/5/20",
                                  "31/02/2020", "no date here", ""])
def test_not_dates(text: str) -> None:
    assert parse_date(text, now=NOW) is None


def test_future_and_ancient_dates_are_refused() -> None:
    assert parse_date("2024-06-03", now=NOW) is None
    assert parse_date("June 1, 2024 8:00 pm", now=NOW) == datetime(2024, 6, 1, 20, 0)  # within the time-zone slack
    assert parse_date("1970-01-01", now=NOW) is None


def test_url_dates() -> None:
    assert date_in_url("https://x.example/2020/02/19/story") == datetime(2020, 2, 19)
    assert date_in_url("https://x.example/news/story-20200219.html") == datetime(2020, 2, 19)
    assert date_in_url("https://x.example/politics/2020-02-19/story") == datetime(2020, 2, 19)
    assert date_in_url("https://x.example/news/29-10-2021") == datetime(2021, 10, 29)
    assert date_in_url("https://x.example/news/03-10-2021") is None  # day or month first?
    assert date_in_url("https://x.example/news/12-10-2021") is None  # 12 may still be the month
    assert date_in_url("https://x.example/news/13-10-2021") == datetime(2021, 10, 13)
    assert date_in_url("https://x.example/news/31-10-2021", now=datetime(2021, 10, 1)) is None  # not yet
    assert date_in_url("https://x.example/2020/02/story") is None  # no day
    assert date_in_url("https://2020-02-19.example/story") is None  # the host is not the path


H = timedelta(hours=1)


@pytest.mark.parametrize(("text", "offset"), [
    ("2026-03-29T00:30:00+01:00", H), ("2026-03-29T00:30+01:00", H), ("2026-03-29T00:30:00.250−05:00", -5 * H),
    ("Mon, 22 Jan 2024 10:30:00 -0500", -5 * H), ("2024-01-22T06:36:43Z", timedelta(0)),
    ("2024-01-22 10:30 UTC", timedelta(0)), ("2024-01-22 10:30 GMT+1", H), ("22 Jan 2024 10:30 GMT-3:30", -3.5 * H),
    ("22 January 2024, 3:45 pm EST", -5 * H), ("2024-01-22 10:30:00 +1345", 13.75 * H),
    ("2024年1月22日 10:30 UTC", timedelta(0)),
    # Not zones: a time range, an offset past 14 hours, a word that begins like one, no time at all.
    ("22 Jan 2024 10:30-11:30", None), ("2024-01-22 10:30:00 +1500", None), ("2024-01-22 10:30 ESTONIA", None),
    ("2024-01-22 Zagreb", None), ("2024-01-22 CET", None),
])
def test_the_zone_written_after_a_time(text: str, offset: timedelta | None) -> None:
    [found] = find_dates(text)
    assert found.offset == offset
    if offset is not None:
        assert found.end == len(text)  # the zone is part of the date's span


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 2), max_value=NOW - timedelta(days=1)),
       st.integers(min_value=-48, max_value=56))
def test_iso_with_an_offset_round_trips_to_the_same_instant(dt: datetime, quarters: int) -> None:
    dt, offset = dt.replace(microsecond=0), timedelta(minutes=15 * quarters)
    found = parse_stamp(iso(dt, offset), now=NOW)
    assert found is not None and (found.when, found.offset) == (dt, offset)
    assert naive_utc(datetime.fromisoformat(iso(dt, offset))) == dt - offset


def test_a_time_with_its_offset_is_in_the_future_by_its_instant() -> None:
    # NOW + 8 h written at UTC+14 is the same instant as NOW - 6 h in UTC: past, so kept; NOW + 2 h
    # in UTC is ahead of the clock whatever zone slack a wall-clock time gets.
    past, ahead = NOW - timedelta(hours=6), NOW + timedelta(hours=2)
    assert parse_date(iso(past + timedelta(hours=14), timedelta(hours=14)), now=NOW) == past + timedelta(hours=14)
    assert parse_date(iso(ahead, timedelta(0)), now=NOW) is None
    assert parse_date(iso(ahead), now=NOW) == ahead  # no zone: it may be a wall clock east of UTC


def test_stamp_only_and_not_after() -> None:
    assert stamp_only("Tuesday, 22 January 2025 06:36 GMT") == datetime(2025, 1, 22, 6, 36)
    assert stamp_only("Talks resumed on 22 January 2025 in Cairo") is None
    assert not_after("2025-01-22T06:36:00", "2025-01-22T07:00:00Z")
    assert not not_after("2025-01-24T06:36:00", "2025-01-22T07:00:00Z")
    # With its offset the instant is known: only the clocks' disagreement is allowed.
    assert not_after("2025-01-22T16:05:00+09:00", "2025-01-22T07:00:00Z")
    assert not not_after("2025-01-22T16:36:00+09:00", "2025-01-22T07:00:00Z")
    assert not_after(None, "2025-01-22T07:00:00Z")
    assert not_after("sometime in May", "2025-01-22T07:00:00Z")  # unreadable: let through as it is


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_never_returns_a_future_date(text: str) -> None:
    found = parse_date(text, now=NOW)
    assert found is None or found <= NOW + TZ_SLACK
    for dt, start, end, offset in find_dates(text):
        assert 0 <= start < end <= len(text)
        assert isinstance(dt, datetime)
        assert offset is None or abs(offset) <= timedelta(hours=14)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(1990, 1, 1), max_value=NOW))
def test_iso_round_trips(dt: datetime) -> None:
    dt = dt.replace(microsecond=0)
    assert parse_date(iso(dt), now=NOW) == dt


@settings(max_examples=100, deadline=None)
@given(st.datetimes(min_value=NOW + timedelta(days=1), max_value=datetime(2099, 12, 31)))
def test_iso_future_is_refused(dt: datetime) -> None:
    assert parse_date(iso(dt), now=NOW) is None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="0123456789./-+ :TZUGMC年月日", max_size=40))
def test_digit_soup_never_raises(text: str) -> None:
    found = parse_date(text, now=NOW)
    assert found is None or datetime(1990, 1, 1) <= found <= NOW + TZ_SLACK


def test_month_names_laid_out_as_a_trie_match_as_the_flat_list_longest_first() -> None:
    import re

    from newsradar.extract.dates import _month_pattern

    names = ["mar", "march", "mars", "marzo", "may", "mayo", "mayıs", "mayis", "sep", "sept", "september"]
    trie = re.compile(rf"(?<!\w)(?:{_month_pattern(names)})\.?\s*\d", re.I)
    flat = re.compile(r"(?<!\w)(?:" + "|".join(sorted(names, key=len, reverse=True)) + r")\.?\s*\d", re.I)
    assert trie.pattern.count("|") < flat.pattern.count("|")
    # "ı" and "i" are one letter to re.I: the names below "may" stay a flat list, longest first.
    assert "(?:ıs|is|o|)" in trie.pattern
    texts = ["March 3", "mars 4", "Mar. 5", "marzo 6", "Mayıs 7", "MAYIS 8", "mayo 9", "May 10", "Sept. 11",
             "September 12", "sep 13", "Marchx 3", "Sept 2 and May 5, in march 4", "maY 1"]
    for text in texts:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)], text


def test_a_month_name_written_with_a_turkish_i_is_read_not_raised() -> None:
    # re.I matches "İ" and "ı" to "i", which case-folding does not: the month is the name matched.
    assert [f.when for f in find_dates("Yayın: 5 EKİM 2020, 14:30")] == [datetime(2020, 10, 5, 14, 30)]
    assert [f.when for f in find_dates("Dıc 5, 2020")] == [datetime(2020, 12, 5)]
    assert parse_date("Güncelleme 12 KASIM 2019", now=NOW) == datetime(2019, 11, 12)
