"""Warnings: when "warn" is a threat and when it is a statement.

CAMEO codes a warning as a statement, a pessimistic comment (012: "warned that prices would rise",
"warned farmers of a storm"), and as a threat (13) only when what is warned of is something the
source itself would do to the target: "Iran warned it would retaliate", "warned Japan of serious
consequences if …", "the security chief warned that police will no longer tolerate rallies". What
another actor might do ("Pakistan warned that India would attack") or what may happen stays a
comment: the warner threatens nobody.

``verbs.tsv`` lists ``warn`` as 012; the coder asks :func:`threat` whether the warning threatens.
"""

from __future__ import annotations

from typing import Any

from newsradar.enrich.eventactors import ActorFinder, other
from newsradar.record import Actor

VERBS = {"warn"}
# Acts of one's own against another that a warning announces ("warned it would retaliate / respond /
# take action / use force / impose sanctions").
RESPONSES = {"retaliate", "respond", "react", "act", "punish", "strike", "hit", "attack", "intervene", "crush",
             "eliminate", "destroy", "shoot", "fire", "bomb", "invade", "sanction", "expel", "arrest"}
# what is done to another ("take action", "use force", "impose sanctions", "adopt countermeasures")
FORCE_NOUNS = {"action", "measure", "step", "countermeasure", "force", "sanction", "tariff", "retaliation",
               "reprisal", "punishment", "strike", "response", "weapon"}
# what one no longer puts up with ("will no longer tolerate rallies", "will not allow")
TOLERATE = {"tolerate", "allow", "accept", "permit", "condone", "stand"}
# "warned of serious consequences if …", "warned Y of retaliation"
CONSEQUENCES = {"consequence", "repercussion", "retaliation", "reprisal", "response", "countermeasure",
                "action", "measure", "sanction", "punishment", "force"}
CONDITIONS = {"if", "unless", "should"}
# root codes of coercive acts, as the lexicon codes the complement's verb (protest to force)
HOSTILE_ROOTS = ("14", "15", "16", "17", "18", "19", "20")


def threat(finder: ActorFinder, verb: Any, source: Actor | None, codes: list[list[str]]
           ) -> tuple[bool, Actor | None]:
    """Whether the warning ``verb`` threatens, and whom the act it announces is aimed at ("warned
    that it would retaliate against Israel" → Israel), if its complement says. ``codes``: the
    lexicon's codes for each complement verb, in the order of ``complements(verb)``."""
    if source is None:
        return False, None
    for comp, comp_codes in zip(complements(verb), codes, strict=True):
        if own_side(finder, comp, verb, source) and _hostile(comp, comp_codes):
            return True, _acted_on(finder, comp, source)
    has_target = warned(verb)
    conditional = any(t.dep_ == "mark" and t.lower_ in CONDITIONS for t in verb.subtree)
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("of", "about", "with")):
        if any(g.dep_ == "pobj" and g.lemma_.lower() in CONSEQUENCES for g in prep.children):
            return has_target or conditional, None
    return False, None


def warned(verb: Any) -> bool:
    """Whether the warning names whom it is addressed to ("warned Japan")."""
    return any(c.dep_ in ("dobj", "dative") for c in verb.children)


def complements(verb: Any) -> list[Any]:
    """The clauses that say what is warned of ("warned [that it would retaliate]")."""
    return [c for c in verb.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]


def own_side(finder: ActorFinder, comp: Any, verb: Any, source: Actor) -> bool:
    """Whether the complement's subject is the warner or its side: itself ("it", "we"), the same
    actor or country, or the state's forces when a state official warns ("police will …")."""
    subj = finder.subject(comp)
    if subj is None or subj.i == verb.i:
        # "warned Y to leave": Y is to act (a demand); "warned to retaliate": the warner
        return comp.dep_ == "xcomp" and not warned(verb)
    if subj.lower_ in ("i", "we", "us"):
        return True
    actor = finder.actor(subj)
    if actor is None:
        return bool(subj.pos_ == "PRON")  # "it would retaliate": the warner, unless it resolves to another
    return finder.same_side(actor, source)


def _hostile(comp: Any, codes: list[str]) -> bool:
    lemma = comp.lemma_.lower()
    negated = any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("longer", "never"))
                  for c in comp.children)
    if negated:
        return lemma in TOLERATE
    if lemma in RESPONSES or any(code[:2] in HOSTILE_ROOTS for code in codes):
        return True
    return any(c.dep_ in ("dobj", "attr") and c.lemma_.lower() in FORCE_NOUNS for c in comp.children)


def _acted_on(finder: ActorFinder, comp: Any, source: Actor) -> Actor | None:
    """Whom the complement's act is aimed at: the first actor in its object, or in the object of
    against/on/at/to ("will no longer tolerate rallies by the Kifaya group" → the group)."""
    for c in comp.children:
        if c.dep_ in ("dobj", "dative"):
            heads = [c]
        elif c.dep_ == "prep" and c.lower_ in ("against", "on", "at", "to"):
            heads = [g for g in c.children if g.dep_ == "pobj"]
        else:
            continue
        for t in (t for h in heads for t in sorted(h.subtree, key=lambda x: x.i)):
            found = finder.actor(t) if t.pos_ in ("NOUN", "PROPN", "PRON") else None
            if found is not None and other(found, source):
                return found
    return None
