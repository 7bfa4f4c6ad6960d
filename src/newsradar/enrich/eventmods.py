"""How the grammar around an event word changes what was done: negation, intent, demands.

CAMEO codes what an actor did, and news often reports what an actor will do, offers to do, refuses
to do or says another must do. The built-in coder first finds the action a verb names (``verbs.tsv``)
and then reads its grammatical setting:

* **negation** ("did not meet", "refused to allow"): a cooperative act not done is a rejection
  (meet → 125 reject a meeting, aid → 122, yield → 124); a conflictual act not done is no event;
* **intent** (will, would, may; agreed, offered, plans, is ready or willing to …): cooperation
  becomes an expressed intent (03: meet → 036, aid → 033, withdraw → 0356) and force or sanctions
  become a threat (13: sanctions → 1312, attack → 138, curfew → 1323);
* **demand** ("Russia said Sudan must return the helicopter"): a clause with *must* or *should* under
  a speech verb is a demand (10) by the speaker on the clause's subject, of what the clause names;
* **command** ("the president ordered troops to invade …", "ordered the arrest of …"): an act one
  orders, commands, instructs, directs or authorises is done through those under one's command, and
  is coded as one's own act; an order to another state is a demand (``eventorder`` tells them apart);
* **denial** ("Turkey denied that its troops had attacked …", "rejected claims that …"): the act is
  not asserted; denying a hostile act is denying responsibility (016), denying any other is no event;
* **condition** ("If Serbia attacks Kosovo, …"): an act that is only supposed is no event;
* **speculation** ("Israel could strike Iran, analysts warned"): what may happen, in another's
  words, is neither the actor's act nor its threat (the coder compares the speaker with the actor);
* **sport** ("Spain defeated France in the final", "beat Real Madrid 3-1"): a match won is no attack.

The tables below are CAMEO's own correspondences between its cooperation, intent, demand, rejection
and threat codes.
"""

from __future__ import annotations

from typing import Any

from newsradar.record import Event

INTENT_HEADS = {"agree", "offer", "promise", "pledge", "vow", "plan", "intend", "prepare", "propose",
                "volunteer", "commit", "undertake", "aim", "seek", "expect", "want", "hope", "threaten"}
INTENT_ADJECTIVES = {"ready", "willing", "prepared", "determined", "eager", "set", "poised", "likely"}
FUTURE = {"will", "would", "'ll", "shall", "may", "might", "could", "wo"}
MUST = {"must"}  # "should" advises more often than it demands
SPEECH = {"say", "declare", "reiterate", "insist", "stress", "announce", "tell", "remind", "add", "state",
          "warn", "emphasize", "emphasise", "repeat", "argue", "assert", "maintain", "note", "write"}
REFUSAL_HEADS = {"refuse", "decline", "fail", "reject", "deny", "oppose", "resist", "stop", "cease", "halt"}
APPEAL_HEADS = {"urge", "ask", "call", "appeal", "press", "request", "demand", "beg", "implore", "invite",
                "encourage", "push", "want", "tell"}
# verbs by which one has an act done by those one commands: PETRARCH's ORDER patterns code the act
# ordered ("ORDER * ATTACK", "ORDER * RELEASE HOSTAGES"), not a demand
COMMAND_HEADS = {"order", "command", "instruct", "direct", "authorize", "authorise"}
ALLEGATION_HEADS = {"accuse", "suspect", "charge", "convict", "blame", "indict", "allege", "arrest", "try"}
DENIAL_HEADS = {"deny", "dispute", "refute", "rebut", "dismiss", "reject", "contest"}
# what one denies having happened: "rejected claims that …", "dismissed reports that …"
CLAIM_NOUNS = {"claim", "report", "allegation", "accusation", "charge", "suggestion", "rumour", "rumor",
               "assertion", "story", "speculation"}
CONDITIONS = {"if", "unless"}
POSSIBLE = {"could", "might", "may"}
# speech and belief of others about what may happen: "analysts warned", "officials fear"
SPECULATION = SPEECH | {"fear", "believe", "think", "predict", "expect", "speculate", "suggest", "suspect",
                        "worry", "caution", "estimate"}
# words that place a win in a game, not a war (GDELT's classic "Spain defeated France")
SPORT_NOUNS = {"match", "game", "final", "semifinal", "semi-final", "quarterfinal", "quarter-final", "cup",
               "championship", "tournament", "derby", "playoff", "play-off", "olympics", "qualifier", "fixture",
               "goal", "striker", "midfielder", "goalkeeper", "champion", "medal", "trophy", "stadium", "innings",
               "wicket", "scoreline", "rugby", "football", "soccer", "cricket", "basketball", "hockey", "tennis"}
TEMPORAL = {"after", "before", "since", "following", "ahead", "until", "during"}
APPEAL_NOUNS = {"demand", "call", "appeal", "request", "plea", "ultimatum", "order", "reminder", "warning"}

_INTENT = {"04": "036", "045": "039", "05": "032", "057": "030", "06": "031", "061": "0311", "062": "0312",
           "063": "0313", "064": "0314", "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
           "08": "035", "081": "0351", "082": "0352", "083": "034", "084": "0353", "085": "0354", "086": "0355",
           "087": "0356"}
_THREAT = {"14": "133", "15": "138", "16": "131", "161": "1313", "162": "1311", "163": "1312", "164": "134",
           "165": "135", "166": "136", "17": "137", "172": "132", "1722": "1322", "1723": "1323", "1724": "1324",
           "176": "130", "18": "1383", "19": "1384", "191": "1381", "192": "1382", "20": "138", "204": "1385"}
_DEMAND = {"04": "106", "045": "108", "05": "102", "06": "101", "061": "1011", "062": "1012", "063": "1013",
           "064": "1014", "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034", "08": "105",
           "081": "1051", "082": "1052", "083": "104", "084": "1053", "085": "1054", "086": "1055", "087": "1056"}
_REFUSE = {"03": "120", "04": "125", "045": "126", "05": "120", "057": "127", "06": "121", "07": "122",
           "08": "124", "084": "1243", "085": "1244", "086": "1245", "087": "1246", "081": "1241"}


def _lookup(table: dict[str, str], code: str) -> str | None:
    """The table's entry for the longest prefix of ``code`` (four, three, then two digits)."""
    for n in (4, 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def negated(verb: Any) -> bool:
    """Whether the act is said not to happen: "did not meet", "refused to allow", "never attacked"."""
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    head = verb.head
    return bool(verb.dep_ == "xcomp" and head.i != verb.i and
                (head.lemma_.lower() in REFUSAL_HEADS or any(c.dep_ == "neg" for c in head.children)))


def intended(verb: Any) -> bool:
    """Whether the act is announced rather than done: a future or possible tense, or the complement
    of a verb or adjective of intent ("agreed to lift", "is willing to send")."""
    tok = verb
    for _ in range(3):
        if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in FUTURE for c in tok.children):
            return True
        head = tok.head
        if tok.dep_ != "xcomp" or head.i == tok.i:
            return False
        if head.lemma_.lower() in INTENT_HEADS or (head.pos_ == "ADJ" and head.lemma_.lower() in INTENT_ADJECTIVES):
            return True
        tok = head
    return False


def demanded(verb: Any) -> Any | None:
    """The speech verb under which ``verb``'s clause says what another must do, or ``None``."""
    if not any(c.dep_ == "aux" and c.lower_ in MUST for c in verb.children):
        return None
    tok = verb
    for _ in range(3):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ in ("ccomp", "acl", "conj") and head.lemma_.lower() in SPEECH | {"reminder", "warning", "demand"}:
            return head
        if tok.dep_ not in ("ccomp", "acl", "conj", "advcl"):
            return None
        tok = head
    return None


def requested(verb: Any) -> bool:
    """Whether the act is only asked for ("urged X to …", "called on X to …", "its demand that X …") or
    only alleged ("accused of killing …"): the appeal or the accusation is the event."""
    head = verb.head
    if head.i == verb.i:
        return False
    if verb.dep_ == "pcomp" and head.lower_ in ("of", "for") and head.head.lemma_.lower() in ALLEGATION_HEADS:
        return True
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in APPEAL_HEADS and head.pos_ == "VERB":
        return True
    return bool(verb.dep_ in ("acl", "ccomp", "relcl") and head.pos_ == "NOUN" and head.lemma_.lower() in APPEAL_NOUNS
                and not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "that") for c in verb.children))


def commander(verb: Any) -> Any | None:
    """The verb that orders ``verb``'s act ("ordered troops to invade", "ordered troops to enter the
    town and arrest the mayor"), or ``None``."""
    tok = verb
    for _ in range(3):
        head = tok.head
        if head.i == tok.i:
            return None
        if _infinitive(tok) and head.pos_ == "VERB" and head.lemma_.lower() in COMMAND_HEADS:
            return head
        if tok.dep_ != "conj":
            return None
        tok = head
    return None


def _infinitive(tok: Any) -> bool:
    """Whether ``tok`` is its head's infinitive complement; the parser often takes the one after an
    object for a clause of purpose ("ordered troops [to invade]" as advcl)."""
    return tok.dep_ == "xcomp" or (tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to"
                                                                for c in tok.children))


def denied(verb: Any) -> Any | None:
    """The verb that denies ``verb``'s clause ("Turkey denied that its troops had attacked …",
    "rejected claims that it had attacked …"), or ``None``."""
    tok = verb
    for _ in range(3):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ == "ccomp" and head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in DENIAL_HEADS:
            return head
        if tok.dep_ == "xcomp" and head.lemma_.lower() == "deny":
            return head  # "denied shelling the villages"
        if tok.dep_ in ("acl", "ccomp") and head.lemma_.lower() in CLAIM_NOUNS and head.dep_ in ("dobj", "nsubjpass") \
                and head.head.lemma_.lower() in DENIAL_HEADS:
            return head.head
        if tok.dep_ != "conj":
            return None
        tok = head  # "denied that its troops had entered Syria and attacked Kurds"
    return None


def frame(tok: Any) -> Any | None:
    """The verb that only frames ``tok``'s act as intended, refused, denied or ordered ("threatened
    to attack", "refused to meet", "denied that … attacked", "ordered troops to invade"), or
    ``None``: the act's own code says it all, and coding the frame too would count one act twice."""
    if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("dobj", "nsubjpass"):
        if tok.head.lemma_.lower() in COMMAND_HEADS:
            return tok.head  # "ordered the arrest of X": the order is the arrest
        tok = tok.head  # an event noun and its light verb: "refused to hold talks"
    if tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    head = tok.head
    if head.i == tok.i:
        return None
    if tok.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in INTENT_HEADS | REFUSAL_HEADS | DENIAL_HEADS:
        return head
    if _infinitive(tok) and head.lemma_.lower() in COMMAND_HEADS:
        return head
    if tok.dep_ in ("acl", "ccomp") and head.lemma_.lower() in CLAIM_NOUNS and head.head.i != head.i \
            and head.head.lemma_.lower() in DENIAL_HEADS:
        return head.head
    return None


def conditional(verb: Any) -> bool:
    """Whether the act is only supposed: "If Serbia attacks Kosovo, NATO will respond"."""
    tok = verb
    for _ in range(3):
        if tok.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITIONS for c in tok.children):
            return True
        if tok.dep_ != "conj" or tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def speculated(verb: Any) -> Any | None:
    """The verb of speech or belief under which ``verb``'s clause says what may happen ("Israel could
    strike Iran, analysts warned"), or ``None``; whether it is speculation depends on who speaks."""
    if not any(c.dep_ == "aux" and c.lower_ in POSSIBLE for c in verb.children):
        return None
    head = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and head.i != verb.i and head.lemma_.lower() in SPECULATION:
        return head
    return None


def sporting(verb: Any) -> bool:
    """Whether the clause tells a sports result: a score ("beat Real Madrid 3-1") or a word of sport
    ("defeated France in the final") in the verb's phrase."""
    # not in a clause of its own: "jailed members for playing in a football tournament"
    # nor in a time phrase: "police attacked fans after the match" is no game
    nested = {t.i for c in verb.subtree if c.i != verb.i and (
              (c.pos_ in ("VERB", "AUX") and c.dep_ in ("pcomp", "advcl", "relcl", "acl", "ccomp", "xcomp", "conj"))
              or (c.dep_ == "prep" and c.lower_ in TEMPORAL)) for t in c.subtree}
    toks = [t for t in verb.subtree if t.i not in nested]
    for a, b, c in zip(toks, toks[1:], toks[2:], strict=False):
        if a.like_num and b.text in ("-", "–") and c.like_num and len(a.text) <= 2 and len(c.text) <= 2:
            return True
    for t in toks:
        if t.text.count("-") + t.text.count("–") == 1 and all(p.isdigit() and len(p) <= 2
                                                             for p in t.text.replace("–", "-").split("-")):
            return True
        if t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in SPORT_NOUNS \
                and not any(c.lower_ == "war" for c in t.children):  # "war games"
            return True
    return False


def adjust(verb: Any, code: str) -> str | None:
    """``code`` as the grammar around ``verb`` qualifies it; ``None`` when nothing was done."""
    root = code[:2]
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("without", "against", "from"):
        # "filling the reservoir without consulting": no consultation; "warned Putin against
        # invading Ukraine", "barred troops from entering the town": no invasion, no entry
        return None
    if conditional(verb):
        return None
    if negated(verb):
        return _lookup(_REFUSE, code) if "03" <= root <= "08" else None
    if intended(verb):
        if "04" <= root <= "08":
            return _lookup(_INTENT, code) or code
        if root >= "14" and verb.lemma_.lower() != "threaten":
            return _lookup(_THREAT, code) or "130"
    return code


def demand_code(inner: str | None) -> str:
    """The demand (10) for what a must-clause names, by CAMEO's demand codes."""
    return (_lookup(_DEMAND, inner) if inner else None) or "100"


def unframed(events: list[tuple[Event, Any]]) -> list[tuple[Event, Any]]:
    """The events less those of verbs that only frame another's act ("threatened to attack": the
    threat of an attack, 1384, is the act, not also a threat, 130); the act takes the frame's target
    when it names none ("threatened to resume attacks in Israel"), but for an order's: whom one
    orders carries the act out ("ordered troops to invade"), the act is not aimed at them."""
    frames = {(f.i, ev.source.code) for ev, t in events if (f := frame(t)) is not None}
    framing = {(t.i, ev.source.code): ev for ev, t in events if (t.i, ev.source.code) in frames}
    out = []
    for ev, t in events:
        if (t.i, ev.source.code) in framing:
            continue
        f = frame(t)
        outer = framing.get((f.i, ev.source.code)) if f is not None else None
        ordered = f is not None and t.pos_ in ("VERB", "AUX") and f.lemma_.lower() in COMMAND_HEADS
        if outer is not None and ev.target.code is None and ev.target.name is None and not ordered:
            ev.target = outer.target
        out.append((ev, t))
    return out
