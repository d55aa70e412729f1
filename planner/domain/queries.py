"""Pure queries over events: search folding, conflicts, now and next."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from planner.domain.days import moment_for, runs_for_days
from planner.domain.model import Event, Kind


def fold(text: str) -> str:
    """Lower-case and strip accents so "Muller" finds "Müller" and "ÉCOLE" finds "école"."""
    if text.isascii():
        return text.lower()  # the common case, and 50x cheaper
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two starred events that share time."""

    a: Event
    b: Event

    @property
    def overlap_minutes(self) -> int:
        start = max(self.a.start, self.b.start)
        end = min(self.a.end, self.b.end)
        return max(0, int((end - start).total_seconds() // 60))


def conflicts(events: Iterable[Event]) -> list[Conflict]:
    """Every overlapping pair, in start order; a sweep so it stays fast for big agendas.

    A cancelled talk clashes with nothing: it will not take place. Nor does a whole-day
    event or one of a day or more (planner.domain.days.runs_for_days): a starred sprint
    from Monday to Friday runs beside the week's talks, and calling each of them a clash
    would bury the clashes between talks the attendee has to choose from. Two events of one
    paper (its poster and its oral, Event.paper) do not clash either: seeing one is
    seeing the paper. Nor do two posters of one poster session (same schedule, session
    and time): the hall is walked from board to board, and My agenda plans that walk
    (planner.domain.route).
    """
    ordered: Sequence[Event] = sorted((e for e in events if not e.cancelled and not runs_for_days(e)),
                                      key=lambda e: (e.start, e.end, e.id))
    found: list[Conflict] = []
    active: list[Event] = []
    for event in ordered:
        active = [a for a in active if a.end > event.start]
        found.extend(Conflict(a, event) for a in active if not _together(a, event))
        active.append(event)
    return found


def clashes_by_event(events: Iterable[Event]) -> dict[str, list[Event]]:
    """Each event's clashes (conflicts()) by its id, both ways, in start order: what My
    agenda marks under a talk, and its Markdown and PDF print. Pass only the talks still
    in their schedule: one that left it clashes with nothing."""
    found: dict[str, list[Event]] = {}
    for clash in conflicts(events):
        found.setdefault(clash.a.id, []).append(clash.b)
        found.setdefault(clash.b.id, []).append(clash.a)
    return found


def _together(a: Event, b: Event) -> bool:
    """Overlapping, yet no clash: one paper twice, or two posters of one session."""
    if a.paper and a.paper == b.paper:
        return True
    return (a.kind is Kind.POSTER and b.kind is Kind.POSTER and a.schedule == b.schedule
            and a.session == b.session and a.start == b.start and a.end == b.end)


def now_and_next(events: Iterable[Event], starred: set[str], moment: datetime,
                 limit: int = 3) -> tuple[list[Event], list[Event]]:
    """What is on at ``moment`` and what starts next; starred events first in each.

    A floating event (no zone) is on by this computer's clock (planner.domain.days.moment_for)."""
    on_now: list[Event] = []
    upcoming: list[Event] = []
    for event in events:
        at = moment_for(event, moment)
        if event.start <= at < event.end:
            on_now.append(event)
        elif event.start > at:
            upcoming.append(event)
    on_now.sort(key=lambda e: (e.id not in starred, e.start, e.id))
    upcoming.sort(key=lambda e: (e.start, e.id))
    if upcoming:
        # The next starred event, however far ahead, matters more than any unstarred one.
        first_starred = next((e for e in upcoming if e.id in starred), None)
        soonest = upcoming[: limit]
        if first_starred is not None and first_starred not in soonest:
            soonest = [first_starred, *soonest[: limit - 1]]
        upcoming = sorted(soonest, key=lambda e: (e.id not in starred, e.start, e.id))
    return on_now[:limit], upcoming
