"""GDELT-style tables from records: the Events table (2.0, 61 columns) and the GKG (2.1, 27 columns).

Columns follow the GDELT 2.0 Event and GKG 2.1 codebooks. Where the record has no data for a
column it is left empty rather than guessed. Deliberate differences, since newsradar codes places
with ISO 3166 rather than FIPS 10-4: every ``*CountryCode`` of a place holds its ISO alpha-3 code,
and ADM1/ADM2 and GeoNames feature ids are empty. Each event row counts one mention in one article
(NumMentions = NumSources = NumArticles = 1): aggregate them to compare with GDELT's daily totals.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import datetime
from html import escape
from typing import Any

from newsradar.enrich.lexcheck import SECTORS
from newsradar.enrich.places import country_codes, country_name_codes, key
from newsradar.store.rows import parse_time

EVENT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{n}{c}" for n in (1, 2) for c in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{g}_{c}" for g in ("Actor1Geo", "Actor2Geo", "ActionGeo") for c in (
        "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
GKG_COLUMNS = (
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME", "V2DOCUMENTIDENTIFIER",
    "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES", "V1LOCATIONS", "V2ENHANCEDLOCATIONS",
    "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS", "V2ENHANCEDORGANIZATIONS", "V1.5TONE",
    "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE", "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS",
    "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS", "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO",
    "V2EXTRASXML",
)
_ROLE_TYPES = frozenset(SECTORS)  # the lexicons' sectors are CAMEO's actor types, IMG and MNC included
_WEB = 1  # GDELT's source collection identifier for web pages
_ORGS = {"ORG"}  # GDELT's organisations; nationalities ("Dutch", NORP) are none
_PLACES = {"GPE", "LOC", "FAC"}


def _when(record: dict[str, Any]) -> datetime:
    for value in ((record.get("published") or {}).get("value"), record.get("fetched_at")):
        moment = parse_time(value)
        if moment is not None:
            return moment
    return datetime(1970, 1, 1)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def _clean(value: object) -> str:
    """A cell: no tabs or newlines (they separate cells and rows), None as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return " ".join(str(value).split())


def _name(value: object) -> str:
    """A name inside a GKG list cell, where "," and ";" separate fields and entries ("Acme, Inc.")."""
    return _clean(value).replace(",", " ").replace(";", " ").replace("#", " ")


def _geo_type(loc: dict[str, Any]) -> int:
    """GDELT's place type: 1 a country, 4 a place within one (a city), 0 what is neither (a sea)."""
    country = loc.get("country")
    if country and country_name_codes().get(key(loc.get("name") or "")) == country:
        return 1
    return 4 if country else 0


def _actor(actor: dict[str, Any]) -> list[object]:
    code = actor.get("code") or ""
    # a country code only: IMG (a militarised group), MNC, IGO… begin codes too, and are no country
    country = code[:3] if len(code) >= 3 and code[:3] in country_codes() else ""
    rest = code[len(country):]
    types = [rest[i:i + 3] for i in range(0, len(rest), 3) if rest[i:i + 3] in _ROLE_TYPES][:3]
    types += [""] * (3 - len(types))
    return [code, (actor.get("name") or "").upper(), country, "", "", "", "", *types]


def _geo(loc: dict[str, Any] | None) -> list[object]:
    if not loc:
        return [0, "", "", "", "", "", "", ""]
    return [_geo_type(loc), loc.get("name"), loc.get("country"), "", "", loc.get("lat"), loc.get("lon"), ""]


def event_rows(record: dict[str, Any], seq: int, added: datetime | None = None) -> Iterator[list[str]]:
    """One Events row per event in the record."""
    when = _when(record)
    tone = (record.get("tone") or {}).get("score")
    lead = len((record.get("paragraphs") or [""])[0])
    days = 366 if calendar.isleap(when.year) else 365
    fraction = when.year + (when.timetuple().tm_yday - 1) / days  # .0000 to .9973, never the next year
    for i, ev in enumerate(record.get("events") or []):
        cameo = ev.get("cameo") or ""
        span = ev.get("span") or [0, 0]
        row: list[object] = [
            seq * 1000 + i, when.strftime("%Y%m%d"), when.strftime("%Y%m"), when.year, f"{fraction:.4f}",
            *_actor(ev.get("source") or {}), *_actor(ev.get("target") or {}),
            1 if span[0] < lead else 0, cameo, cameo[:3], cameo[:2], ev.get("quad_class"), ev.get("goldstein"),
            1, 1, 1, tone, *_geo(None), *_geo(None), *_geo(ev.get("location")),
            _stamp(added or when), record.get("url") or record.get("source")]
        yield [_clean(v) for v in row]


def gkg_row(record: dict[str, Any], seq: int) -> list[str]:
    """The record's GKG row."""
    when = _when(record)
    ents = record.get("entities") or []

    def names(types: set[str], enhanced: bool) -> str:
        out = []
        for e in ents:
            if e.get("type") in types:
                offset = e["mentions"][0][0] if e.get("mentions") else 0
                out.append(f"{_name(e['name'])},{offset}" if enhanced else _name(e["name"]))
        return ";".join(out)

    locs_v1, locs_v2 = [], []
    for loc in record.get("locations") or []:
        kind = _geo_type(loc)
        lat, lon = _clean(loc.get("lat")), _clean(loc.get("lon"))
        name, cc = _name(loc.get("name")), _clean(loc.get("country"))
        locs_v1.append(f"{kind}#{name}#{cc}##{lat}#{lon}#")
        locs_v2.append(f"{kind}#{name}#{cc}###{lat}#{lon}##{_first_offset(record, loc.get('name'))}")
    tone = record.get("tone") or {}
    words = len((record.get("text") or "").split())
    tone_cell = ""
    if tone:
        pos, neg = tone.get("positive") or 0.0, tone.get("negative") or 0.0
        tone_cell = ",".join(_clean(v) for v in (tone.get("score"), pos, neg, pos + neg, None, None, words))
    quotes = "#".join(f"{q['span'][0]}|{q['span'][1] - q['span'][0]}|{_clean(q.get('cue'))}|"
                      f"{_clean(q['text']).replace('#', ' ').replace('|', ' ')}"
                      for q in record.get("quotes") or [])
    amounts = ";".join(f"{_clean(c['value'])},{_clean(c.get('unit')).replace(',', ' ')},{c['span'][0]}"
                       for c in record.get("claims") or [] if c.get("value") is not None)
    images = [img["url"] for img in record.get("images") or [] if img.get("url")]
    extras = ""
    if record.get("title"):
        extras += f"<PAGE_TITLE>{escape(_clean(record['title']), quote=False)}</PAGE_TITLE>"
    if record.get("authors"):
        extras += f"<PAGE_AUTHORS>{escape(_clean(';'.join(record['authors'])), quote=False)}</PAGE_AUTHORS>"
    row: list[object] = [
        f"{_stamp(when)}-{seq}", _stamp(when), _WEB, record.get("site_name"), record.get("url") or record.get("source"),
        "", "", "", "", ";".join(locs_v1), ";".join(locs_v2),
        names({"PERSON"}, False), names({"PERSON"}, True), names(_ORGS, False), names(_ORGS, True), tone_cell,
        "", "", images[0] if images else "", ";".join(images[1:]), "", "", quotes,
        names({"PERSON"} | _ORGS | _PLACES | {"EVENT", "WORK_OF_ART", "LAW", "PRODUCT"}, True), amounts, "",
        extras]
    return [_clean(v) if not isinstance(v, str) else v.replace("\t", " ").replace("\n", " ") for v in row]


def _first_offset(record: dict[str, Any], name: str | None) -> int | str:
    if not name:
        return ""
    at = (record.get("text") or "").find(name)
    return at if at >= 0 else 0  # named in the headline or a caption only: the text's start
