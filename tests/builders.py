"""Records written for the store and analytics tests: small, hand-made, with every kind of fact."""

from __future__ import annotations

from datetime import datetime, timedelta

from newsradar.record import Actor, Article, Claim, DateInfo, Entity, Event, Location, Quote, Tone, article_id

T0 = datetime(2025, 3, 10, 12, 0, 0)


def article(n: int, *, text: str | None = None, site: str = "Harbour Ledger", url: str | None = "auto",
            at: datetime | None = None, language: str = "en", people: tuple[str, ...] = (),
            quotes: tuple[tuple[str, str], ...] = (), claims: tuple[tuple[float, str], ...] = (),
            events: tuple[tuple[str, str, str], ...] = (), story: str | None = None, tone: float = 0.0,
            title: str | None = None) -> Article:
    """Article number ``n``: people mentioned, (speaker, quote) pairs, (value, unit) claims and
    (source, CAMEO, target) events, all with real spans into the text."""
    body = text or f"Report number {n} from the harbour. " + " ".join(
        f"{p} spoke to reporters." for p in people)
    parts = [body]
    for speaker, words in quotes:
        parts.append(f'"{words}," {speaker} said.')
    for value, unit in claims:
        parts.append(f"Officials counted {value:g} {unit}.")
    for src, _, tgt in events:
        parts.append(f"{src} acted towards {tgt}.")
    full = " ".join(parts)
    link = f"https://{site.lower().replace(' ', '')}.example/news/{n}" if url == "auto" else url
    ents = [Entity(id=f"e{i + 1}", name=p, type="PERSON", mentions=[(full.find(p), full.find(p) + len(p))],
                   salience=0.5) for i, p in enumerate(dict.fromkeys(people + tuple(s for s, _ in quotes)
                                                                     + tuple(x for e in events for x in (e[0], e[2]))))]
    eid = {e.name: e.id for e in ents}
    qs = [Quote(text=w, kind="direct", speaker=s, speaker_entity=eid.get(s), cue="said",
                span=(full.find(w), full.find(w) + len(w))) for s, w in quotes]
    cs = [Claim(value=v, unit=u, text=f"{v:g} {u}", span=(full.find(f"{v:g} {u}"), full.find(f"{v:g} {u}") + 5))
          for v, u in claims]
    evs = [Event(source=Actor(s, eid.get(s), "NLDGOV"), target=Actor(t, eid.get(t), "BELLAB"), cameo=c,
                 plover="ACCUSE" if c.startswith("11") else None, quad_class=3, goldstein=-2.0,
                 location=Location("Rotterdam", "NLD", 51.9, 4.5), span=(0, 10)) for s, c, t in events]
    when = at or T0 + timedelta(minutes=n)
    return Article(id=article_id(link, full), source=f"test:{n}", url=link, site_name=site,
                   title=title or f"Harbour report {n}", language=language,
                   published=DateInfo(when.isoformat(), "meta", 0.9), text=full, paragraphs=[full],
                   entities=ents, quotes=qs, claims=cs, events=evs, tone=Tone(tone, max(tone, 0), max(-tone, 0)),
                   story_id=story)
