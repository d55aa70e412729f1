"""Schedules from the web in the library: store a download, refresh from the link, find the stale.

planner.net.fetch downloads and parses, touching no library, so the window runs it on a
worker thread. What is here runs on the thread that owns the Library:

- ``store()`` imports a parsed download through the same update path as a file re-import
  (stars kept, changes flagged) and remembers the URL and validators, or, after a 304,
  only stamps the refresh time.
- ``refresh()`` chains the two for the command line (``planner refresh``): download a
  schedule again from its link, conditionally, and store any change. The window splits
  them to keep its GUI thread free: ``fetch.fetch()`` on a worker, ``store()`` after.
- ``refreshable()`` and ``due_for_refresh()`` say which schedules have a link, and which
  were not refreshed lately (for refresh on start).

planner.services.adding uses ``store()`` to add a link. Nothing in the library changes
unless the download and the parse both succeeded.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from planner.net import fetch
from planner.services import friends
from planner.store import StoreError

if TYPE_CHECKING:
    from planner.store import ImportSummary, Library


@dataclass(frozen=True, slots=True)
class RefreshResult:
    """What storing a download did: ``summary`` is None when the server said "unchanged"."""

    key: str
    title: str
    url: str
    summary: ImportSummary | None

    @property
    def unchanged(self) -> bool:
        return self.summary is None

    def __str__(self) -> str:
        if self.summary is None:
            return f"{self.title}: unchanged (304)"
        return str(self.summary)


def store(library: Library, fetched: fetch.Fetched, *, key: str | None = None) -> RefreshResult:
    """Import what ``fetch.fetch`` got and remember its URL; after a 304 only stamp the time.

    ``key`` is the schedule being refreshed. The refreshed schedule keeps that key even
    if the server now names it differently (a retitled session page gets a new key):
    the attendee asked to refresh this schedule, and its stars and notes must follow.
    """
    if fetched.not_modified:
        if key is None:
            raise StoreError(f"{fetched.url}: the server answered 'not modified' to a first download")
        library.set_origin(key, fetched.url, fetched.etag, fetched.last_modified)
        title = next((i.title for i in library.schedules() if i.key == key), key)
        return RefreshResult(key=key, title=title, url=fetched.url, summary=None)
    schedule = fetched.schedule
    if schedule is None:
        raise ValueError("a Fetched without a schedule must be not_modified")
    if key is not None and schedule.key != key:
        schedule = dataclasses.replace(
            schedule, key=key, events=tuple(dataclasses.replace(e, schedule=key) for e in schedule.events)
        )
    summary = library.import_schedule(schedule)
    # A second, tiny transaction: if it were lost the schedule is stored but refreshes
    # fall back to a full download, which is harmless. On the schedule the library
    # stored it as (summary.key), which is not always the file's key: an update of a
    # schedule it holds under another (the file renamed it) keeps the schedule's, and a
    # calendar with another's key but none of its talks is stored under a key of its own.
    library.set_origin(summary.key, fetched.url, fetched.etag, fetched.last_modified)
    friends.resolve_pending(library)  # a friend's picks of talks this update brings
    return RefreshResult(key=summary.key, title=schedule.title, url=fetched.url, summary=summary)


def refresh(
    library: Library,
    key: str,
    *,
    timeout: float = fetch.DEFAULT_TIMEOUT,
    cancel: fetch.Cancel | None = None,
    progress: fetch.Progress | None = None,
) -> RefreshResult:
    """Download schedule ``key`` again from its URL, conditionally, and store any change.

    Raises StoreError (the schedule has no link), fetch.FetchError (FetchCancelled if
    cancelled) or ScheduleError; on any of them the library is as it was.
    """
    origin = library.origin(key)
    if origin is None:
        raise StoreError(f"{key}: this schedule was not added from a URL, so it cannot be refreshed")
    fetched = fetch.fetch(
        origin.url, etag=origin.etag, last_modified=origin.last_modified,
        timeout=timeout, cancel=cancel, progress=progress,
    )
    return store(library, fetched, key=key)


def refreshable(library: Library) -> list[str]:
    """Keys of the schedules that came from a URL, in library order."""
    return [info.key for info in library.schedules() if info.url]


def due_for_refresh(library: Library, older_than: timedelta, *, now: datetime | None = None) -> list[str]:
    """Keys of URL schedules not refreshed within ``older_than`` (for refresh on start)."""
    now = now or datetime.now(timezone.utc)
    due: list[str] = []
    for key in refreshable(library):
        origin = library.origin(key)
        stamp = _parse_stamp(origin.refreshed_at if origin else "")
        if stamp is None or now - stamp >= older_than:
            due.append(key)
    return due


def _parse_stamp(text: str) -> datetime | None:
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
