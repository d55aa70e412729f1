"""A colleague's agenda beside the attendee's own, with no account anywhere (issue 21).

A friend is a name and the talks their exported calendar holds (their picks). Planner's own
.ics export names each talk by a UID made from the event id, which follows a talk through
schedule updates, so such a pick finds its talk for good; any other calendar's entries are
found by title and start. A pick is resolved to an event id once, when the file is added
(or, when its talk is not in the library yet, after a later import), so it follows its
talk from then on like a star does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.queries import fold

# Long enough for "Ana María García-López", short enough for a chip on a card.
MAX_NAME = 40
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class FriendNameError(ValueError):
    """A name that cannot label a friend (empty, too long, control characters)."""


@dataclass(frozen=True, slots=True)
class Pick:
    """One entry of a friend's calendar: its UID, its title as the file wrote it, and its
    start in the library's own terms (UTC seconds; a floating time as its wall clock)."""

    uid: str
    title: str
    start_utc: int


@dataclass(frozen=True, slots=True)
class Friend:
    """A friend as the library keeps them: ``picks`` entries read from ``source``, of which
    ``found`` are talks in the library."""

    name: str
    source: str
    added_at: str
    picks: int
    found: int


def friend_name(text: str) -> str:
    """``text`` as a friend's name: spaces collapsed; refused when empty, too long or with
    control characters (it is shown on cards and typed back to remove them)."""
    if _CONTROL.search(text.replace("\t", " ").replace("\n", " ")):
        raise FriendNameError("a friend's name cannot hold control characters")
    name = _SPACE.sub(" ", text).strip()
    if not name:
        raise FriendNameError("a friend needs a name")
    if len(name) > MAX_NAME:
        raise FriendNameError(f"a friend's name is at most {MAX_NAME} characters ({len(name)} given)")
    return name


def title_key(text: str) -> str:
    """What two titles of one talk have in common: case, accents and spacing aside."""
    return " ".join(fold(text).split())


def titles_of(names: Iterable[str]) -> frozenset[str]:
    return frozenset(title_key(n) for n in names if n.strip())
