"""Dates as pages print them: ISO stamps, numeric dates, month names in several languages, clocks.

Kept deliberately strict: a string is a date only if it has a plausible year, month and day, so that
prices, scores and phone numbers are not read as dates. Dates after ``now`` (plus a day of time-zone
slack) are refused: a page cannot have been published in the future.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    (
        "january jan janvier janv enero ene januar jänner jaenner gennaio gen januari janeiro",
        "february feb febr février fevrier févr fevr febrero februar febbraio februari fevereiro fev",
        "march mar mars marzo märz maerz mrz marzo maart março marco",
        "april apr avril avr abril aprile",
        "may mai mayo maggio mei maio",
        "june jun juin junio juni giugno junho",
        "july jul juillet juil julio juli luglio julho",
        "august aug août aout agosto augustus ago",
        "september sep sept septembre septiembre settembre setembro set",
        "october oct octobre octubre oktober ottobre okt outubro out",
        "november nov novembre noviembre novembro",
        "december dec décembre decembre dic diciembre dezember dicembre dez dezembro",
    ),
    start=1,
):
    for _n in _names.split():
        MONTHS.setdefault(_n, _num)

_MONTH_RE = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
_TIME = r"(?:[T\s,]+(?:at\s+)?(\d{1,2})[:.h](\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([ap]\.?m\.?)?)?"

_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})" + _TIME, re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})\b" + _TIME, re.I)
_YMD_SLASH = re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b" + _TIME, re.I)
_MDY_NAME = re.compile(
    rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})" + _TIME, re.I)
_DMY_NAME = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|\.|º)?\s+(?:de\s+)?({_MONTH_RE})\.?,?\s+(?:de\s+)?(\d{{4}})" + _TIME, re.I)
_CJK = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COMPACT = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(\d{2})(\d{2})(?!\d)")


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _make(y: int, mo: int, d: int, hh: str | None = None, mm: str | None = None, ss: str | None = None,
          ampm: str | None = None) -> datetime | None:
    if y < 100:
        y += 2000 if y < 70 else 1900
    h = int(hh) if hh else 0
    if ampm:
        p = ampm.lower().replace(".", "")
        if p == "pm" and h < 12:
            h += 12
        elif p == "am" and h == 12:
            h = 0
    try:
        return datetime(y, mo, d, h, int(mm or 0), int(ss or 0))
    except ValueError:
        return None


def parse_date(text: str, *, dayfirst: bool | None = None, now: datetime | None = None,
               earliest: int = 1990) -> datetime | None:
    """The first plausible date in ``text`` or ``None``; numeric dates are month-first unless
    ``dayfirst`` (or a first number above 12, or a dotted European date) says otherwise."""
    found = find_dates(text, dayfirst=dayfirst)
    limit = (now or now_utc()) + timedelta(days=1)
    for dt, _, _ in found:
        if earliest <= dt.year and dt <= limit:
            return dt
    return None


def find_dates(text: str, *, dayfirst: bool | None = None) -> list[tuple[datetime, int, int]]:
    """Every date in ``text`` with its character span, in order of appearance."""
    out: list[tuple[datetime, int, int]] = []
    for m in _ISO.finditer(text):
        dt = _make(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6], m[7])
        if dt:
            out.append((dt, m.start(), m.end()))
    for m in _YMD_SLASH.finditer(text):
        dt = _make(int(m[1]), int(m[2]), int(m[3]), m[4], m[5], m[6], m[7])
        if dt:
            out.append((dt, m.start(), m.end()))
    for m in _NUMERIC.finditer(text):
        a, sep, b, y = int(m[1]), m[2], int(m[3]), int(m[4])
        first_is_day = a > 12 or (dayfirst if dayfirst is not None else sep == ".")
        mo, d = (b, a) if first_is_day else (a, b)
        dt = _make(y, mo, d, m[5], m[6], m[7], m[8])
        if dt:
            out.append((dt, m.start(), m.end()))
    for m in _MDY_NAME.finditer(text):
        dt = _make(int(m[3]), MONTHS[m[1].lower()], int(m[2]), m[4], m[5], m[6], m[7])
        if dt:
            out.append((dt, m.start(), m.end()))
    for m in _DMY_NAME.finditer(text):
        dt = _make(int(m[3]), MONTHS[m[2].lower()], int(m[1]), m[4], m[5], m[6], m[7])
        if dt:
            out.append((dt, m.start(), m.end()))
    for m in _CJK.finditer(text):
        dt = _make(int(m[1]), int(m[2]), int(m[3]))
        if dt:
            out.append((dt, m.start(), m.end()))
    out.sort(key=lambda x: (x[1], -(x[2] - x[1])))
    # Drop matches nested in an earlier, longer one (an ISO date inside a datetime, say).
    kept: list[tuple[datetime, int, int]] = []
    for item in out:
        if kept and item[1] < kept[-1][2]:
            continue
        kept.append(item)
    return kept


def date_in_url(url: str, *, now: datetime | None = None) -> datetime | None:
    """A publication date encoded in a URL path (``/2015/01/22/``, ``/2015-01-22-``, ``/20150122/``)."""
    limit = (now or now_utc()) + timedelta(days=1)
    patterns = (r"/((?:19|20)\d{2})[/_-](\d{1,2})[/_-](\d{1,2})(?:[/_.-]|$)",
                r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})[/_.-]")
    for pat in patterns:
        m = re.search(pat, url)
        if m:
            dt = _make(int(m[1]), int(m[2]), int(m[3]))
            if dt and dt <= limit:
                return dt
    return None


def iso(dt: datetime) -> str:
    """ISO 8601 without microseconds; midnight dates keep their time so the format is uniform."""
    return dt.replace(microsecond=0).isoformat()


def stamp_only(line: str) -> datetime | None:
    """The date when ``line`` is nothing but a date/time stamp (maybe with a weekday or time zone)."""
    found = find_dates(line)
    if len(found) != 1:
        return None
    dt, s, e = found[0]
    rest = (line[:s] + " " + line[e:]).lower()
    rest = re.sub(r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|\b[a-z]{2,4}t\b|\butc\b|\bgmt\b|[+-]\d{2}:?\d{2}"
                  r"|\b(updated|published|posted|last updated|on|at|am|pm)\b|[\W_]", " ", rest)
    return dt if not rest.strip() else None
