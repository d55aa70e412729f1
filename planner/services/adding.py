"""Adding schedules to the library: files and links, read in full before anything is stored.

The command line (``planner import``, ``planner open``) and the window (Open, drop,
"planner open FILE") both add schedules this way. Every source is downloaded and parsed
first, so one bad file or link leaves the library as it was; then each is stored in its
own transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

from planner import formats
from planner.domain.model import Schedule
from planner.formats import virtualsite
from planner.net import fetch
from planner.services import friends, refreshing

if TYPE_CHECKING:
    from planner.store import ImportSummary, Library


@dataclass(frozen=True, slots=True)
class Added:
    """One source stored: what the import did, and what the file did not say."""

    source: str
    summary: ImportSummary
    # e.g. "3 events have no time zone in the file": for the attendee to read
    notes: tuple[str, ...]

    def __str__(self) -> str:
        return str(self.summary)


def read_all(sources: Sequence[str], *, timeout: float = fetch.DEFAULT_TIMEOUT) -> list[Schedule | fetch.Fetched]:
    """Parse every file and download every link (``fetch.looks_like_url``); store nothing.

    A conference feed's abstracts file given with its feed ("planner import
    neurips-2025-orals-posters.json ~/Downloads/neurips-2025-abstracts.json") is read
    with it, wherever it lies. Raises ScheduleError (naming the file or link, and the
    line) or fetch.FetchError.
    """
    sidecars = _sidecars_given(sources)
    loaded: list[Schedule | fetch.Fetched] = []
    for source in sources:
        if source in sidecars.values():
            continue  # read with its feed
        if fetch.looks_like_url(source):
            loaded.append(fetch.fetch(source, timeout=timeout))
        elif source in sidecars:
            loaded.append(virtualsite.load(source, sidecars[source]))
        else:
            loaded.append(formats.load(source))
    return loaded


def _sidecars_given(sources: Sequence[str]) -> dict[str, str]:
    """Feed file -> the abstracts file given with it: by name ({conf}-{year}-abstracts.json
    for {conf}-{year}-orals-posters.json), else the one sidecar with the one feed."""
    feeds, sidecars = [], []
    for source in sources:
        if fetch.looks_like_url(source) or not source.lower().endswith(".json"):
            continue
        try:
            with open(source, "rb") as file:
                head = file.read(4096).decode("utf-8", "replace")
        except OSError:
            continue  # formats.load says what is wrong with it
        if virtualsite.looks_like(head):
            feeds.append(source)
        elif virtualsite.looks_like_abstracts(head):
            sidecars.append(source)
    paired: dict[str, str] = {}
    for sidecar in sidecars:
        name = PurePath(sidecar).name.replace("abstracts", "orals-posters", 1)
        feed = next((f for f in feeds if PurePath(f).name == name and f not in paired), None)
        if feed is None and len(feeds) == 1 and len(sidecars) == 1:
            feed = feeds[0]
        if feed is not None:
            paired[feed] = sidecar
    return paired


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
    if added:
        friends.resolve_pending(library)  # a friend's picks of talks this schedule brings
    return added


def add(library: Library, sources: Sequence[str], *, timeout: float = fetch.DEFAULT_TIMEOUT) -> list[Added]:
    """Read every source, then store each (see the module's docstring)."""
    return store_all(library, read_all(sources, timeout=timeout))
