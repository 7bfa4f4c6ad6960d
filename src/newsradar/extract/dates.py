"""Dates as pages print them: ISO stamps, numeric dates, month names in many languages, CJK dates.

Kept deliberately strict: a string is a date only if it has a plausible year, month and day, so that
prices, scores and phone numbers are not read as dates. Dates after ``now`` (plus 14 hours, the
largest lead of a time zone over UTC) are refused: a page cannot have been published in the future.
Times are kept as the page wrote them, so the day is the day the page shows; a time-zone offset
written right after a time (``+02:00``, ``-0500``, ``Z``, ``UTC``, ``GMT+1``, a few unambiguous names
such as ``EST``) is found beside it and kept, so that the instant is known too.

Month names live in ``data/months.tsv``. Nothing here raises on arbitrary text.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from functools import cache
from typing import Any, NamedTuple

from newsradar.extract.lexicon import data_lines

EARLIEST_YEAR = 1990
# A date written without its time zone may run ahead of UTC by up to 14 hours (UTC+14) and still be
# in the past: that is the slack allowed before a date counts as "in the future".
TZ_SLACK = timedelta(hours=14)
# A publishing system's clock and ours may disagree by a few minutes.
CLOCK_SLACK = timedelta(minutes=15)


@cache
def months() -> dict[str, int]:
    """Month name or abbreviation (case-folded) → month number."""
    out: dict[str, int] = {}
    for line in data_lines("newsradar.extract", "data/months.tsv"):
        num, _, names = line.partition("\t")
        for name in names.split():
            out.setdefault(name.casefold(), int(num))
    return out


_TIME = (r"(?:(?:[T\s,]|\s+(?:at|um|à|a\s+las|alle|om|kl\.?|-|–|\|)\s+)\s*"
         r"(?P<hh>[01]?\d|2[0-3])[:.h](?P<mm>[0-5]\d)(?![\d.,]\d)(?::(?P<ss>[0-5]\d))?(?:[.,]\d+)?\s*"
         r"(?P<ap>[ap]\.?\s?m\.?(?![a-z]))?)?")


def _month_pattern(names: list[str]) -> str:
    """The month names as one alternative, laid out as a trie ("ma(?:i(?:o)?|j|r(?:ch|s)?)…"). Names
    flat, longest first, Python's regular expressions try a few hundred branches at every word of a
    text (case-insensitively, with no fast test of a branch's first letter), most of the cost of
    reading dates from paragraphs; the trie tries one branch per letter. It matches the same: the names
    that match where a date is tried are prefixes of one another, and the trie tries them longest first
    too (its optional endings are greedy). Where two letters branching from one node are one letter to
    re.I (Turkish "ı" and "i"), the names below that node stay a flat list, longest first."""
    trie: dict[str, Any] = {}
    for name in names:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        node[""] = {}

    def endings(node: dict[str, Any]) -> list[str]:
        return [ch + rest for ch, sub in node.items() if ch for rest in endings(sub)] + ([""] if "" in node else [])

    def layout(node: dict[str, Any]) -> str:
        letters = sorted(ch for ch in node if ch)
        if any(re.fullmatch(re.escape(a), b, re.I) for i, a in enumerate(letters) for b in letters[i + 1:]):
            return "(?:" + "|".join(sorted((re.escape(e) for e in endings(node)), key=len, reverse=True)) + ")"
        branches = [re.escape(ch) + layout(node[ch]) for ch in letters]
        if not branches:
            return ""
        inner = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{inner})?" if "" in node else inner

    return layout(trie)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    month = _month_pattern(list(months()))
    day = r"(?P<d>[0-3]?\d)"
    return (
        ("ymd", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})-(?P<m>[01]?\d)-" + day + r"(?!\d)" + _TIME, re.I)),
        ("ymd", re.compile(r"(?<![\d/.-])(?P<y>(?:19|20)\d{2})[/.](?P<m>[01]?\d)[/.]" + day + r"(?![\d/])" + _TIME,
                           re.I)),
        ("num", re.compile(r"(?<![\d/.-])(?P<a>[0-3]?\d)(?P<sep>[/.\-])\s?(?P<b>[0-3]?\d)(?P=sep)\s?"
                           r"(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/]|\.\d)" + _TIME, re.I)),
        ("mdy", re.compile(rf"(?<![\w.])(?P<mon>{month})\.?\s*(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?!\d),?\s+"
                           r"(?P<y>(?:19|20)\d{2})(?!\d)" + _TIME, re.I)),
        ("dmy", re.compile(rf"(?<![\w.])(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|\.|º|°)?[\s\-/]*(?:de\s+)?"
                           rf"(?P<mon>{month})(?![^\W\d_])\.?,?[\s\-/]*(?:de\s+|del\s+)?(?P<y>(?:19|20)\d{{2}})(?!\d)"
                           + _TIME, re.I)),
        ("cjk", re.compile(r"(?P<y>(?:19|20)\d{2})\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日일]"
                           r"(?:\s*(?P<hh>[01]?\d|2[0-3])[:時시]\s*(?P<mm>[0-5]\d))?")),
    )


# A zone right after a time. A bare numeric offset needs hours and minutes ("+0100", "-05:00") and a
# time written with seconds or ISO's "T", so that a time range ("10:30-11:30") is not read as one;
# after UTC or GMT an hour will do ("GMT+1"). Names
# are only those that mean one offset wherever they are printed: CST (US central or China) and IST
# (India, Ireland or Israel) do not.
_ZONE = re.compile(r"\s?(?:(?P<z>Z)(?![A-Za-z])"
                   r"|(?P<name>(?i:UTC|GMT))?\s?(?P<sign>[+\-\u2212])(?P<oh>[01]?\d)(?::?(?P<om>[0-5]\d))?(?![\d:])"
                   r"|(?P<word>(?i:UTC|GMT)|EST|EDT|PST|PDT|CET|CEST|BST)(?![A-Za-z]))")
_ZONE_NAMES = {"UTC": 0, "GMT": 0, "EST": -5, "EDT": -4, "PST": -8, "PDT": -7, "CET": 1, "CEST": 2, "BST": 1}


class Found(NamedTuple):
    """A date in a text: its wall-clock time as written, its character span (the zone included) and
    the zone's offset from UTC when one is written after the time."""

    when: datetime
    start: int
    end: int
    offset: timedelta | None = None


def _zone(text: str, end: int, *, bare: bool) -> tuple[timedelta, int] | None:
    """The offset written at ``end`` (just after a time) and where it ends; ``bare``: whether a
    numeric offset without UTC or GMT before it counts."""
    m = _ZONE.match(text, end)
    if m is None:
        return None
    if m["z"]:
        return timedelta(0), m.end()
    if m["word"]:
        return timedelta(hours=_ZONE_NAMES[m["word"].upper()]), m.end()
    if not m["name"] and (not bare or len(m["oh"]) != 2 or m["om"] is None):
        return None
    minutes = int(m["oh"]) * 60 + int(m["om"] or 0)
    if minutes > 14 * 60 or minutes % 15:
        return None
    return timedelta(minutes=-minutes if m["sign"] != "+" else minutes), m.end()


def naive_utc(moment: datetime) -> datetime:
    """``moment`` as naive UTC, the one time zone stored: an aware time is converted, a naive one is
    taken to be UTC already."""
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _make(y: int, mo: int, d: int, hh: str | None = None, mm: str | None = None, ss: str | None = None,
          ampm: str | None = None) -> datetime | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    h = int(hh) if hh else 0
    if ampm:
        p = ampm.lower().replace(".", "").replace(" ", "")
        if p == "pm" and h < 12:
            h += 12
        elif p == "am" and h == 12:
            h = 0
    try:
        return datetime(y, mo, d, h, int(mm or 0), int(ss or 0))
    except ValueError:
        return None


def _month_of(written: str) -> int | None:
    """The month of a name as the patterns matched it when case-folding does not give the name back:
    re.I takes "İ" and "ı" for "i" ("5 EKİM 2020" folds to "eki̇m"), and those pages raised KeyError."""
    return next((n for name, n in months().items() if re.fullmatch(re.escape(name), written, re.I)), None)


def find_dates(text: str, *, dayfirst: bool | None = None) -> list[Found]:
    """Every date in ``text`` with its character span and written offset, in order of appearance.

    Numeric dates with slashes or dashes are month-first unless ``dayfirst`` says otherwise or the first
    number cannot be a month; dotted numeric dates (``19.02.2020``) are always day-first."""
    out: list[Found] = []
    names = months()
    for kind, pat in _patterns():
        for m in pat.finditer(text):
            g = m.groupdict()
            time = (g.get("hh"), g.get("mm"), g.get("ss"), g.get("ap"))
            if kind in ("ymd", "cjk"):
                dt = _make(int(g["y"]), int(g["m"]), int(g["d"]), *time)
            elif kind == "num":
                a, b, sep, ys = int(g["a"]), int(g["b"]), g["sep"], g["y"]
                if len(ys) == 2 and sep != ".":
                    continue  # 02/03/04 is anybody's guess; only dotted short years are common enough
                first_is_day = a > 12 or (sep == "." or (dayfirst if dayfirst is not None else False))
                if b > 12:
                    first_is_day = False
                mo, d = (b, a) if first_is_day else (a, b)
                dt = _make(int(ys), mo, d, *time)
            else:
                month = names.get(g["mon"].casefold()) or _month_of(g["mon"])
                if month is None:
                    continue
                dt = _make(int(g["y"]), month, int(g["d"]), *time)
            if dt:
                bare = bool(g.get("ss")) or "T" in m[0]
                zone = _zone(text, m.end(), bare=bare) if g.get("hh") else None
                out.append(Found(dt, m.start(), zone[1], zone[0]) if zone else Found(dt, m.start(), m.end()))
    out.sort(key=lambda x: (x.start, x.start - x.end))
    # Drop matches nested in an earlier, longer one (an ISO date inside a datetime, say).
    kept: list[Found] = []
    for item in out:
        if kept and item.start < kept[-1].end:
            continue
        kept.append(item)
    return kept


def plausible(dt: datetime, *, now: datetime | None = None, earliest: int = EARLIEST_YEAR,
              offset: timedelta | None = None) -> bool:
    """Not before ``earliest`` and not after ``now`` (UTC): with the time-zone slack for a wall-clock
    time, with only the clocks' disagreement when ``offset`` says which instant ``dt`` is."""
    if dt.year < earliest:
        return False
    if offset is not None:
        return dt - offset <= (now or now_utc()) + CLOCK_SLACK
    return dt <= (now or now_utc()) + TZ_SLACK


def parse_date(text: str, *, dayfirst: bool | None = None, now: datetime | None = None,
               earliest: int = EARLIEST_YEAR) -> datetime | None:
    """The first plausible date in ``text`` or ``None``; numeric dates are month-first unless
    ``dayfirst`` (or a first number above 12, or a dotted European date) says otherwise."""
    found = parse_stamp(text, dayfirst=dayfirst, now=now, earliest=earliest)
    return found.when if found else None


def parse_stamp(text: str, *, dayfirst: bool | None = None, now: datetime | None = None,
                earliest: int = EARLIEST_YEAR) -> Found | None:
    """As ``parse_date``, with the offset written after the time, if any."""
    if not isinstance(text, str) or not text:
        return None
    for found in find_dates(text[:2000], dayfirst=dayfirst):
        if plausible(found.when, now=now, earliest=earliest, offset=found.offset):
            return found
    return None


_URL_DATE = (re.compile(r"(?<!\d)((?:19|20)\d{2})[/_.-]([01]?\d)[/_.-]([0-3]?\d)(?:[/_.-]|$|(?=[a-z]))", re.I),
             re.compile(r"[/_-]((?:19|20)\d{2})([01]\d)([0-3]\d)(?:[/_.-]|$)"))


_URL_DMY = re.compile(r"[/_-]([0-3]\d)[-_.]([01]\d)[-_.]((?:19|20)\d{2})(?:[/_.-]|$)")


def date_in_url(url: str, *, now: datetime | None = None) -> datetime | None:
    """A publication date encoded in a URL path (``/2015/01/22/``, ``/2015-01-22-``, ``/20150122/``,
    ``/22-01-2015``)."""
    if not isinstance(url, str):
        return None
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.I)
    for pat in _URL_DATE:
        for m in pat.finditer(path):
            dt = _make(int(m[1]), int(m[2]), int(m[3]))
            if dt and plausible(dt, now=now):
                return dt
    # Day first ("/29-10-2021"), only where it cannot be month first.
    for m in _URL_DMY.finditer(path):
        if int(m[1]) > 12:
            dt = _make(int(m[3]), int(m[2]), int(m[1]))
            if dt and plausible(dt, now=now):
                return dt
    return None


def not_after(value: str | None, limit: str | datetime | None) -> bool:
    """Whether the ISO date ``value`` is not later than ``limit`` (an ISO UTC time such as a page's
    fetch time, allowing the time-zone slack); unreadable values are let through as they are."""
    if not value or limit is None:
        return True
    try:
        when = datetime.fromisoformat(value)
        bound = limit if isinstance(limit, datetime) else datetime.fromisoformat(limit.replace("Z", "+00:00"))
    except ValueError:
        return True
    bound = naive_utc(bound)
    if when.tzinfo is not None:  # the instant is known: only the clocks' disagreement is allowed
        return naive_utc(when) <= bound + CLOCK_SLACK
    return when <= bound + TZ_SLACK


def iso(dt: datetime, offset: timedelta | None = None) -> str:
    """ISO 8601 without microseconds; midnight dates keep their time so the format is uniform. With
    ``offset``, the wall-clock time ``dt`` is followed by it (``2026-03-29T00:30:00+01:00``)."""
    if offset is not None:
        dt = dt.replace(tzinfo=timezone(offset))
    return dt.replace(microsecond=0).isoformat()


_STAMP_NOISE = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b[a-z]{2,4}t\b|\butc\b|\bgmt\b|[+-]\d{2}:?\d{2}"
                          r"|\b(updated|published|posted|last updated|on|at|am|pm)\b|[\W_]")


def stamp_only(line: str) -> datetime | None:
    """The date when ``line`` is nothing but a date/time stamp (maybe with a weekday or time zone)."""
    found = find_dates(line)
    if len(found) != 1:
        return None
    dt, s, e, _ = found[0]
    rest = _STAMP_NOISE.sub(" ", (line[:s] + " " + line[e:]).lower())
    return dt if not rest.strip() else None
