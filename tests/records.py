"""Records the API and dashboard tests are built on: invented people, places and sentences, with spans
that index into the text exactly as the real pipeline's do."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

Json = dict[str, Any]
PEOPLE = [("Ilse Marwick", "SWE", "Minister"), ("Dario Fenn", "ITA", "Mayor"),
          ("Kofi Adjei", "GHA", "Senator"), ("Rana Haddad", "LBN", "Spokeswoman")]
ORGS = ["Port Workers Guild", "Coastal Freight Board", "Northern Rail"]
PLACES = [("Valmora", "ITA", 41.9, 12.5), ("Kessling", "SWE", 59.3, 18.1), ("Accra", "GHA", 5.6, -0.2)]
SITES = ["Evening Ledger", "Harbour Courier", "Tidewater News"]
CAMEO = [("042", "CONSULT", 1, 1.0), ("112", "ACCUSE", 3, -2.0), ("141", "PROTEST", 3, -6.5),
         ("051", "COOPERATE", 1, 3.5)]


def _find(text: str, part: str, start: int = 0) -> list[int]:
    i = text.index(part, start)
    return [i, i + len(part)]


def make_record(i: int, now: datetime, *, story: str | None = None, duplicate_of: str | None = None,
                title: str | None = None) -> Json:
    """Article ``i``: two people, an organisation and a place, a quote, a claim and an event."""
    a, b = PEOPLE[i % len(PEOPLE)], PEOPLE[(i + 1) % len(PEOPLE)]
    org, place, site = ORGS[i % len(ORGS)], PLACES[i % len(PLACES)], SITES[i % len(SITES)]
    cameo, plover, quad, gold = CAMEO[i % len(CAMEO)]
    n = 40 + 7 * i
    p1 = f"{a[0]} met {b[0]} in {place[0]} as the {org} strike entered its third day."
    quote = f"We cannot move {n} containers a day with half the crews"
    p2 = f'"{quote}," {a[0]} said. Around {n * 10} dock workers walked out, according to the {org}.'
    text = f"{p1}\n\n{p2}"
    p2_at = len(p1) + 2
    ents = [
        {"id": "e1", "name": a[0], "type": "PERSON", "aliases": [a[0].split()[-1]], "role": a[2], "country": a[1],
         "mentions": [_find(text, a[0]), _find(text, a[0], p2_at)], "salience": 0.4},
        {"id": "e2", "name": b[0], "type": "PERSON", "aliases": [], "role": b[2], "country": b[1],
         "mentions": [_find(text, b[0])], "salience": 0.2},
        {"id": "e3", "name": org, "type": "ORG", "aliases": [], "role": None, "country": None,
         "mentions": [_find(text, org), _find(text, org, p2_at)], "salience": 0.3},
        {"id": "e4", "name": place[0], "type": "GPE", "aliases": [], "role": None, "country": place[1],
         "mentions": [_find(text, place[0])], "salience": 0.1},
    ]
    claim_text = f"{n * 10} dock workers"
    when = now - timedelta(minutes=37 * i)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%S")
    url = f"https://{site.lower().replace(' ', '')}.example/2026/strike-{i}"
    return {
        "id": hashlib.sha1(url.encode()).hexdigest()[:16], "source": url, "url": url, "site_name": site,
        "title": title or f"{org} strike: {a[0]} meets {b[0]} ({i})", "authors": ["Desk Reporter"], "language": "en",
        "section": "World", "tags": ["Strike"],
        "published": {"value": stamp, "source": "json-ld" if i % 2 else "meta", "confidence": 0.9 if i % 2 else 0.7},
        "updated": None, "fetched_at": stamp + "Z", "text": text, "paragraphs": [p1, p2], "images": [],
        "boilerplate": ["Share this story"], "entities": ents,
        "quotes": [{"text": quote, "kind": "direct", "speaker": a[0], "speaker_entity": "e1", "cue": "said",
                    "span": _find(text, quote)}],
        "claims": [{"value": n * 10, "upper": None, "unit": "dock workers", "qualifier": "around", "text": claim_text,
                    "source": None, "source_entity": "e3", "span": _find(text, claim_text), "measure": "walk"}],
        "events": [{"source": {"name": a[0], "entity": "e1", "code": a[1] + "GOV"},
                    "target": {"name": b[0], "entity": "e2", "code": b[1] + "GOV"}, "cameo": cameo, "plover": plover,
                    "quad_class": quad, "goldstein": gold,
                    "location": {"name": place[0], "country": place[1], "lat": place[2], "lon": place[3],
                                 "mentions": 1},
                    "text": p1, "span": [0, len(p1)]}],
        "locations": [{"name": place[0], "country": place[1], "lat": place[2], "lon": place[3], "mentions": 1}],
        "tone": {"score": round(-3.0 + (i % 7), 2), "positive": 1.5, "negative": 2.5},
        "story_id": story or f"story-{i % 5}", "duplicate_of": duplicate_of,
    }


def make_records(n: int, now: datetime | None = None) -> list[Json]:
    now = now or datetime.now(UTC)
    recs = [make_record(i, now) for i in range(n)]
    # One copy of an article, published later in the same story, as the story page must fold it.
    if n > 6:
        copy = make_record(n, now - timedelta(minutes=1), story=recs[5]["story_id"], duplicate_of=recs[5]["id"],
                           title=recs[5]["title"])
        copy["published"]["value"] = recs[5]["published"]["value"]
        copy["fetched_at"] = recs[5]["fetched_at"].replace("Z", "") + ".5Z"
        recs.append(copy)
    return recs
