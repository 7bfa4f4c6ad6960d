"""What a claim's number measures: the predicate that governs it, as a lemma-like key.

"killed 5 people" and "injured 30 people" count the same noun, but not the same quantity; "12
people died" and "the death toll rose to 12" count the same one in different words. A claim's
``measure`` tells them apart and brings them together: the word that governs the number, read from
the parse, and folded through :data:`FAMILIES` (the common news measures: "killed"/"died"/"dead"/
"death toll" are ``killed``). Where no family knows the word, the measure is its lemma ("crossed"
is ``cross``, "percent of the vote" is ``vote``); where nothing governs the number, it is None.

The governing word is looked for in this order:

- the counted word itself ("12 deaths", "200 injured");
- what describes the counted noun ("5 people killed", "people who died", "30 wounded soldiers");
- for a percentage, the noun it is a share of ("52 percent of the vote");
- the verb or noun the number hangs on ("killed 5 people", "a $2m fine", "a toll of 12"). A verb of
  change or of being ("rose to", "stood at", "was") measures its subject ("the death toll rose to 12",
  "inflation rose to 3.2 percent", "turnout was 62 percent"), or what it acts on ("cut rates to 3
  percent"); a generic noun ("number", "rate", "total") measures what it qualifies ("the number of
  dead", "the unemployment rate").

A family word found anywhere along the way wins over a lemma found earlier: "52 percent of the
vote" is ``vote``, but "10 percent of the residents were evacuated" is ``displaced``.

The measures of :data:`PEOPLE` count people: a number with no counted noun ("killed 7", "the death
toll rose to 12") counts people, and so does a number with the state of those it counts ("12 dead",
"left 3 injured", "40 wounded", "5 missing": :func:`casualty`).
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.money import WORDS as CURRENCY_WORDS

# Each measure and the words (surface forms and lemmas) that name it. Keep it to the measures
# analysts compare across sources; everything else falls back to its lemma.
_WORDS: dict[str, tuple[str, ...]] = {
    "killed": ("kill", "killed", "die", "died", "dead", "death", "deaths", "toll", "fatality", "fatalities",
               "perish", "slay", "slain"),
    "injured": ("injure", "injured", "injury", "injuries", "wound", "wounded", "hurt"),
    "arrested": ("arrest", "arrested", "arrests", "detain", "detained", "detention", "detainee", "detainees"),
    "displaced": ("displace", "displaced", "evacuate", "evacuated", "evacuation", "evacuee", "evacuees",
                  "homeless"),
    "missing": ("missing", "unaccounted"),
    "cost": ("cost", "costs"),
    "fined": ("fine", "fined", "fines", "penalty", "penalties"),
    "raised": ("raised", "fundraising"),
    "paid": ("paid", "payment", "payments"),
    "unemployment": ("unemployment", "jobless", "joblessness"),
    "inflation": ("inflation",),
    "turnout": ("turnout",),
}
FAMILIES: dict[str, str] = {word: key for key, words in _WORDS.items() for word in words}
KNOWN = frozenset(_WORDS)
PEOPLE = frozenset({"killed", "injured", "arrested", "displaced", "missing"})
# lemmas that name a measure only as verbs: "a pay rise" and "a raise" are wages, not money paid or raised
_VERB_LEMMAS = {"pay": "paid", "raise": "raised"}

# Verbs that state where a level stands: their object is a level ("inflation hit 5 percent").
_STATES = frozenset({"reach", "stand", "hit", "total", "top", "exceed", "near", "hover", "be", "become", "remain",
                     "stay"})
# Verbs that move or state a level: the number they take is the level of their subject (or of
# their object: "cut rates to 3 percent"), not something they do. An acting verb's counted object,
# though, is what it acted on ("the company cut 300 jobs" measures the cutting, not the company).
_LEVELS = _STATES | frozenset({
    "rise", "fall", "increase", "decrease", "climb", "drop", "grow", "shrink", "jump", "surge", "soar", "plunge",
    "slide", "slip", "dip", "tumble", "sink", "cut", "raise", "lift", "lower", "reduce", "boost", "hike", "ease",
    "rebound", "recover", "widen", "narrow", "expand", "contract", "decline", "double", "triple", "halve", "slash",
    "trim", "revise", "swell"})
# verbs of being: they measure nothing of their own
_COPULAS = frozenset({"be", "become", "remain", "stay", "seem"})
# nouns of change: "a 5 percent rise in unemployment" measures unemployment
_CHANGE_NOUNS = frozenset({"rise", "increase", "fall", "drop", "decline", "jump", "cut", "reduction", "growth",
                           "gain", "loss", "hike", "surge"})
# nouns that only say a number is one: "the number of dead", "the unemployment rate"
_GENERIC = frozenset({"number", "total", "figure", "count", "tally", "amount", "sum", "level", "rate", "share",
                      "percentage", "proportion", "index"})
_NOUNS = frozenset({"NOUN", "PROPN", "NUM", "PRON", "ADJ"})
_VERBS = frozenset({"VERB", "AUX"})
_OBJECTS = frozenset({"dobj", "attr", "oprd", "dative", "npadvmod", "acomp", "advmod", "appos"})
_MODIFIERS = frozenset({"compound", "nummod", "amod", "quantmod", "nmod"})


def family(tok: Any) -> str | None:
    """The measure a word names by itself, if it is in a family: "died" and "deaths" are ``killed``."""
    lemma: str = tok.lemma_.lower()
    key = FAMILIES.get(tok.lower_) or FAMILIES.get(lemma)
    if key is None and tok.pos_ in _VERBS:
        key = _VERB_LEMMAS.get(lemma)
    return key


def casualty(tok: Any) -> str | None:
    """The measure of people a word of state names ("dead", "injured", "wounded", "missing",
    "detained", "homeless"), if it is one: an adjective or a participle, not a noun of the events
    ("deaths", "injuries") that counts them itself."""
    key = family(tok)
    return key if key in PEOPLE and tok.pos_ in ("ADJ", "VERB") else None


def measure(span: Any, unit: str | None = None) -> str | None:
    """What the number of the claim ``span`` (a parsed span holding it) measures, as a key; ``unit``
    is the claim's unit (a percentage looks at what it is a share of)."""
    root = span.root
    if root.pos_ in ("ADP", "ADV", "DET"):
        # "Between 300 and 400 soldiers": the parse may hang the phrase on its first word
        inner = [c for c in root.children if c.dep_ == "pobj" and span.start <= c.i < span.end]
        root = inner[0] if inner else root
    if key := family(root):
        return key
    found = [_described(root)]
    if unit == "percent":
        of = next((c for c in root.children if c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        found.append(_noun(pobj) if pobj is not None else None)
    found.append(_governor(root))
    return next((k for k in found if k in KNOWN), None) or next((k for k in found if k), None)


def _described(noun: Any) -> str | None:
    """What describes a counted noun: a clause ("killed in the blast", "who died") or a family
    adjective ("wounded")."""
    for c in noun.children:
        if c.dep_ in ("acl", "relcl") and c.pos_ in _VERBS:
            return _verb(c, "subject", noun)
        if c.dep_ == "amod" and (key := family(c)):
            return key
    return None


def _governor(tok: Any) -> str | None:
    """The measure of the word the number hangs on."""
    while tok.dep_ == "conj" and tok.head.pos_ in _NOUNS:
        tok = tok.head  # "5 soldiers and 3 civilians were killed": the conjuncts share the verb
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ == "pobj":
        owner = head.head
        if owner.i == head.i:
            return None
        if owner.pos_ in _VERBS:
            return _verb(owner, "prep", tok)
        if owner.pos_ in _NOUNS:  # "a toll of 12", "unemployment at 5 percent", "a pay rise of 7.5 percent"
            return _change(owner, head) if owner.lemma_.lower() in _CHANGE_NOUNS else _noun(owner)
        return None
    if head.pos_ in _VERBS or (head.pos_ == "ADJ" and tok.dep_ in ("nsubj", "nsubjpass")):
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return _verb(head, "subject", tok)
        if tok.dep_ in _OBJECTS:
            return _verb(head, "object", tok)
        return None
    if tok.dep_ in _MODIFIERS and head.pos_ in _NOUNS:
        if head.lemma_.lower() in _CHANGE_NOUNS:  # "a 5 percent rise in unemployment"
            return _change(head, tok)
        return _noun(head)  # "a $2m fine"
    return None


def _verb(verb: Any, role: str, tok: Any) -> str | None:
    """The measure of ``verb``, which takes the number (``tok``'s phrase) as its subject, object or
    through a preposition (``role``)."""
    lemma: str = verb.lemma_.lower()
    key = family(verb)
    level = lemma in _LEVELS
    if key and not (level and role == "prep"):  # "raised rates to 5 percent" measures rates
        return key
    if role != "prep":  # "12 people are missing", "left 12 people dead": the state they are in
        for c in verb.children:
            if c.dep_ in ("acomp", "attr", "oprd") and (found := family(c)):
                return found
    if level and role == "object" and lemma not in _STATES and _counted(tok):
        return lemma
    if level and role != "subject":
        np = None
        if role == "prep":
            np = next((c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i), None)
        np = np or next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if np is not None and (found := _noun(np)):
            return found
    return None if lemma in _COPULAS else lemma


def _counted(tok: Any) -> bool:
    """Whether the number's phrase counts things ("300 jobs", "40 stores") rather than giving a level
    (a percentage, an amount of money, a bare number)."""
    lemma = tok.lemma_.lower()
    return (tok.pos_ == "NOUN" and lemma not in _LEVEL_UNITS and lemma not in CURRENCY_WORDS
            and tok.lower_ not in CURRENCY_WORDS and tok.ent_type_ != "MONEY"
            and not any(c.tag_ == "$" or c.ent_type_ == "MONEY" for c in tok.subtree))


# units that give a level, not a count of things (currencies: money.WORDS)
_LEVEL_UNITS = frozenset({"percent", "per", "cent", "%", "point", "percentage", "basis"})


def _noun(noun: Any) -> str | None:
    """The measure a noun phrase names: "the death toll", "the number of dead", "inflation"."""
    if noun.pos_ in ("PRON", "PROPN", "NUM"):
        return None  # "it rose", "Apple rose": the thing, not a quantity of it
    if key := family(noun):
        return key
    for c in noun.children:
        if c.dep_ in ("compound", "amod") and (key := family(c)):
            return key  # "death toll", "jobless rate"
    if key := _described(noun):
        return key
    lemma: str = noun.lemma_.lower()
    if lemma in _GENERIC:
        for c in noun.children:
            if c.dep_ == "compound" and c.pos_ == "NOUN":  # "the unemployment rate", "the interest rate"
                return family(c) or f"{c.lemma_.lower()} {lemma}"
        return _changed(noun)  # "the number of dead"
    return lemma


def _change(noun: Any, tok: Any) -> str | None:
    """The measure of what the change ``noun`` changes ("a pay rise", "a rise in unemployment"), where
    ``tok`` (the number's phrase) is not it; else the change itself."""
    for c in noun.children:
        if c.dep_ == "compound" and c.i != tok.i and c.pos_ == "NOUN":
            return family(c) or c.lemma_.lower()
    return _changed(noun, tok.i) or noun.lemma_.lower()


def _changed(noun: Any, skip: int = -1) -> str | None:
    """The measure of what ``noun`` is of or in ("the number of dead", "a rise in unemployment"),
    but for the preposition at token ``skip`` ("a rise of 5 percent")."""
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in") and prep.i != skip:
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return _noun(pobj)
    return None
