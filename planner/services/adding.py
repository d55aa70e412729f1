"""Adding schedules to the library: files and links, read in full before anything is stored.

The command line (``planner import``, ``planner open``) and the window (Open, drop,
"planner open FILE") both add schedules this way. Every source is downloaded and parsed
first, so one bad file or link leaves the library as it was; then each is stored in its
own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner import formats
from planner.domain.model import Schedule
from planner.net import fetch
from planner.services import refreshing

if TYPE_CHECKING:
    from planner.store import ImportSummary, Library


@dataclass(frozen=True, slots=True)
class Added:
    """One source stored: what the import did, and what the file did not say."""

    source: str
    summary: ImportSummary
    # e.g. "3 event(s) have no time zone in the file": for the attendee to read
    notes: tuple[str, ...]

    def __str__(self) -> str:
        return str(self.summary)


def read_all(sources: Sequence[str], *, timeout: float = fetch.DEFAULT_TIMEOUT) -> list[Schedule | fetch.Fetched]:
    """Parse every file and download every link (``fetch.looks_like_url``); store nothing.

    Raises ScheduleError (naming the file or link, and the line) or fetch.FetchError.
    """
    return [fetch.fetch(source, timeout=timeout) if fetch.looks_like_url(source) else formats.load(source)
            for source in sources]


def store_all(library: Library, loaded: Sequence[Schedule | fetch.Fetched]) -> list[Added]:
    """Store what read_all() returned, in order; a link is remembered for refreshing."""
    added: list[Added] = []
    for item in loaded:
        if isinstance(item, fetch.Fetched):
            result = refreshing.store(library, item)
            assert result.summary is not None  # store() refuses a first download answered 304
            notes = item.schedule.notes if item.schedule is not None else ()
            added.append(Added(item.url, result.summary, tuple(notes)))
        else:
            added.append(Added(item.source, library.import_schedule(item), tuple(item.notes)))
    return added


def add(library: Library, sources: Sequence[str], *, timeout: float = fetch.DEFAULT_TIMEOUT) -> list[Added]:
    """Read every source, then store each (see the module's docstring)."""
    return store_all(library, read_all(sources, timeout=timeout))
