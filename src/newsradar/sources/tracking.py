"""When to remember that an item was seen: only once the consumer has taken it.

Every yielded item carries *marks*, the state entries to write once it has been handled (``seen``
keys, HTTP validators). Containers (a feed, a sitemap, a changed file) have marks of their own, such
as the feed's ETag, that may only be written once every item inside has been handled: otherwise a
crash half-way through a feed followed by a 304 on the next poll would lose the rest of its
entries for good. An item that failed in a way worth retrying (a timeout, a 503) writes nothing and
keeps its containers' marks from being written, so the next poll tries again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from newsradar.record import Failure
from newsradar.sources.raw import RawPage
from newsradar.sources.state import SourceState

Mark = tuple[str, str, str]  # (namespace, key, value)


@dataclass(slots=True, eq=False)
class Group:
    marks: list[Mark]
    parent: Group | None
    outstanding: int = 0
    closed: bool = False
    tainted: bool = False
    settled: bool = False


@dataclass(slots=True, eq=False)
class Ticket:
    """One yielded item and what handling it settles."""

    item: RawPage | Failure
    marks: list[Mark] = field(default_factory=list)
    group: Group | None = None
    transient: bool = False
    done: bool = False


class Tracker:
    """Writes marks into a :class:`SourceState` (or nowhere, without one) as items are acknowledged."""

    def __init__(self, state: SourceState | None) -> None:
        self.state = state

    def group(self, marks: list[Mark], parent: Group | None) -> Group:
        g = Group(marks, parent)
        if parent is not None:
            parent.outstanding += 1
        return g

    def ticket(self, item: RawPage | Failure, marks: list[Mark], group: Group | None,
               transient: bool = False) -> Ticket:
        if group is not None:
            group.outstanding += 1
        return Ticket(item, marks, group, transient)

    def ack(self, ticket: Ticket) -> None:
        if ticket.done:
            return
        ticket.done = True
        self._finish(ticket.marks, ticket.transient, ticket.group)

    def close(self, group: Group) -> None:
        """The container has yielded all its items."""
        group.closed = True
        self._settle(group)

    def _settle(self, group: Group) -> None:
        if not group.closed or group.outstanding > 0 or group.settled:
            return
        group.settled = True
        self._finish(group.marks, group.tainted, group.parent)

    def _finish(self, marks: list[Mark], tainted: bool, parent: Group | None) -> None:
        """An item or a whole container is done: its marks are written unless something in it failed
        transiently (then its container is tainted and will be read again), and its container may
        now be done too."""
        if tainted:
            if parent is not None:
                parent.tainted = True
        else:
            self.write(marks)
        if parent is not None:
            parent.outstanding -= 1
            self._settle(parent)

    def write(self, marks: list[Mark]) -> None:
        if self.state is None:
            return
        for namespace, key, value in marks:
            self.state.set(namespace, key, value)
