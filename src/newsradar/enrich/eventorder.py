"""Orders: when "X ordered Y to do Z" is X's own act and when it is a demand on Y.

CAMEO codes what an actor has done by those under its command as the actor's own act, as PETRARCH's
ORDER patterns code the act ordered ("ORDER * ATTACK", "ORDER * RELEASE HOSTAGES"): "the president
ordered troops to invade the neighbouring country" is an invasion (192) by the president, and "the
government ordered the newspaper to suspend publication" a restriction of the press (1721) by the
government, aimed at the newspaper. Who is ordered decides whether the order is obeyed as a matter
of course: the orderer's own side (its troops, its officials, "his men"), or anyone at home when a
state or one of its authorities gives the order (a newspaper, residents, a company). Another state,
a foreign actor or an international one can only be asked: the order is a demand (10) of the act,
by CAMEO's demand codes ("ordered Israel to withdraw" is 1056), and the act is not coded as done.

An order with nobody named to give it ("troops were ordered to attack") is coded for whoever carries
it out. The verbs are ``eventmods.COMMAND_HEADS``; urging (02: "urged Iran to invade") and threats
(13: "threatened to invade") keep their own codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsradar.enrich.eventactors import ActorFinder
from newsradar.record import Actor

_POSSESSIVE = {"his", "her", "its", "their", "our", "my"}
_INTERNATIONAL = {"IGO", "NGO", "IMG", "MNC"}


@dataclass(frozen=True, slots=True)
class Order:
    """How an ordered act is coded: for ``source`` (``None``: whoever carries it out), aimed at
    ``orderee`` when the act names no target of its own (``None``: the orderee is the source's side)."""
    source: Actor | None
    orderee: Actor | None


def order(finder: ActorFinder, command: Any) -> Order | None:
    """How the act the verb ``command`` orders is coded, or ``None`` when the order is only a demand
    on another (the order itself is then the event)."""
    passive = any(c.dep_ == "nsubjpass" for c in command.children)
    if passive:
        by = next((g for c in command.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
        ordered = next((c for c in command.children if c.dep_ == "nsubjpass"), None)
        giver = finder.actor(by) if by is not None else None
    else:
        ordered = next((c for c in command.children if c.dep_ in ("dobj", "dative")), None)
        giver = finder.actor(finder.subject(command))
    if giver is None:
        return Order(None, None)
    if ordered is None or any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE for c in ordered.children):
        return Order(giver, None)  # "ordered his men to open fire": the orderer's own
    actor = finder.actor(ordered)
    if actor is not None and finder.same_side(actor, giver):
        return Order(giver, None)
    if finder.state(giver) and _at_home(finder, actor, giver):
        return Order(giver, actor)
    return None


def _at_home(finder: ActorFinder, actor: Actor | None, state: Actor) -> bool:
    """Whether ``actor`` is under the authority of ``state``: of its country, or of none the text
    names (unresolved, or a sector alone: "the newspaper", "residents"), and not an international one."""
    if actor is None:
        return True
    code = actor.code or ""
    country = code[:3] if code[:3] in finder.index.gaz.countries else None
    if country is not None:
        return country == (state.code or "")[:3]
    return code[:3] not in _INTERNATIONAL
