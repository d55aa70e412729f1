"""What the attendee marks on a talk besides its star and note: how much they want it,
whether it is in their planned day, and, afterwards, whether they went.

Stars come in two tiers (issue 20): must-see and maybe. Attendees star far more than they
can attend; the tier says what to keep when two talks clash, and Plan My Day
(planner.domain.planning) weighs a must-see three times a maybe.
"""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    """How much a starred talk matters: S stars as must-see, S again makes it a maybe."""

    MUST = "must"
    MAYBE = "maybe"

    @property
    def weight(self) -> int:
        """Its weight in Plan My Day: a must-see outweighs two maybes, not three."""
        return 3 if self is Tier.MUST else 1

    @property
    def label(self) -> str:
        return "Must-see" if self is Tier.MUST else "Maybe"


class Attendance(StrEnum):
    """After a talk: the attendee was there, or missed it (a recording may still be watched)."""

    ATTENDED = "attended"
    MISSED = "missed"
