"""A colleague's exported agenda beside the attendee's own (issue 21; planner.domain.friends).

``planner friends add NAME FILE`` and the window read the friend's calendar file, find each
entry's talk in the library and keep both: Planner's own export names a talk by a UID made
from its event id, found exactly; another calendar's entry is the talk that starts at the
same instant with the same title (as the file wrote it, as Planner shows it, or as
Planner's export summarises it: "Oral 3: Title"). Entries whose talk is not in the library
wait: each import looks for them again (resolve_pending), so adding a friend before the
schedule works too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.errors import ScheduleError
from planner.domain.friends import Friend, Pick, friend_name, title_key
from planner.domain.model import Event
from planner.export.ics import UID_DOMAIN
from planner.text.readable import event_summary, readable

if TYPE_CHECKING:
    from planner.store import Library

_PLANNER_UID = "@" + UID_DOMAIN
# A friend's agenda is a few hundred entries; a file far larger is not one.
MAX_BYTES = 64 * 1024 * 1024


class FriendError(Exception):
    """Why a friend's file could not be added, in one line naming the file."""


@dataclass(frozen=True)
class AddedFriend:
    friend: Friend
    replaced: Friend | None
    missing: tuple[str, ...]  # titles of the entries whose talk is not in the library

    def summary(self) -> str:
        f = self.friend
        what = f"{f.picks} talk{'s' if f.picks != 1 else ''}"
        head = (f"replaced {self.replaced.name}'s agenda with {what}" if self.replaced is not None
                else f"added {f.name}: {what}")
        if f.found == f.picks:
            return f"{head}, all in your library"
        return f"{head}, {f.found} in your library ({f.picks - f.found} not found yet)"


def add_friend(library: Library, name: str, path: str | Path) -> AddedFriend:
    """Read ``path`` (a calendar file, best Planner's .ics export) as ``name``'s agenda."""
    try:
        name = friend_name(name)
    except ValueError as exc:
        raise FriendError(str(exc)) from None
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise FriendError(f"{source}: cannot read the file ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise FriendError(f"{source}: over {MAX_BYTES // (1024 * 1024)} MB, not an exported agenda")
    try:
        # Lazy: the calendar reader and icalendar (about 55 ms) only to add a friend; every
        # import and refresh loads this module for resolve_pending, which needs neither.
        from planner.formats import ical

        picks = ical.agenda_picks(data, source)
    except ScheduleError as exc:
        raise FriendError(str(exc)) from None
    found = find_talks(library, picks)
    replaced = library.set_friend(name, str(Path(path).resolve()), list(zip(picks, found, strict=True)))
    friend = next(f for f in library.friends() if f.name.casefold() == name.casefold())
    missing = tuple(dict.fromkeys(p.title for p, i in zip(picks, found, strict=True) if not i))
    return AddedFriend(friend, replaced, missing)


def remove_friend(library: Library, name: str) -> str:
    """Forget a friend; returns their name as kept. FriendError when there is none of that name."""
    kept = library.remove_friend(" ".join(name.split()))
    if kept is None:
        known = ", ".join(f.name for f in library.friends()) or "none yet"
        raise FriendError(f"no friend named {name!r} (friends: {known})")
    return kept


def resolve_pending(library: Library) -> int:
    """Look again for the talks of picks not found so far (after an import); returns how many were found."""
    pending = library.pending_picks()
    if not pending:
        return 0
    found = find_talks(library, [p for _, p in pending])
    resolved = {row: event_id for (row, _), event_id in zip(pending, found, strict=True) if event_id}
    library.resolve_picks(resolved)
    return len(resolved)


def find_talks(library: Library, picks: Sequence[Pick]) -> list[str]:
    """The event id of each pick's talk, '' where the library has none."""
    # Planner's export names a talk "<event id>@planner.invalid" (planner.export.ics.uid_for).
    named = [p.uid.removesuffix(_PLANNER_UID) if p.uid.endswith(_PLANNER_UID) else "" for p in picks]
    known = library.known_ids(i for i in named if i)
    found = [event_id if event_id in known else "" for event_id in named]
    rest = [i for i, event_id in enumerate(found) if not event_id]
    if rest:
        at = _by_title_and_start(library.events_starting(picks[i].start_utc for i in rest))
        for i in rest:
            found[i] = at.get((picks[i].start_utc, title_key(picks[i].title)), "")
    return found


def _by_title_and_start(events: Iterable[Event]) -> dict[tuple[int, str], str]:
    """(start, title key) -> event id, for each way a calendar may have written its title."""
    at: dict[tuple[int, str], str] = {}
    for event in events:
        start = int(event.start.timestamp())
        for title in (event.title, readable(event.title, event.markup), event_summary(event)):
            # setdefault: where two talks share a title and start (one schedule imported
            # twice), the first by start and id, the same on every run.
            at.setdefault((start, title_key(title)), event.id)
    return at
