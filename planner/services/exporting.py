"""What "Export My agenda" means, shared by the command line and the window.

The calendar export consults the library's export records, so exporting again updates
calendars (same UID, higher SEQUENCE, cancellations) instead of duplicating entries.
The caller remembers the new records only after the file is written: an export that
failed to reach the disk never told any calendar anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

from planner.domain.days import conference_zone
from planner.domain.exports import ExportRecord
from planner.domain.model import Event, Unscheduled
from planner.domain.queries import clashes_by_event
from planner.domain.status import UpdateFlag
from planner.export import revisions
from planner.store import Library

if TYPE_CHECKING:
    from planner.export.markdown import Standing

FORMATS = ("ics", "md", "pdf", "bib")


@dataclass(frozen=True, slots=True)
class AgendaExport:
    data: bytes
    count: int  # events exported (cancellations not counted)
    cancelled: int
    records: tuple[ExportRecord, ...] = ()  # to remember once the data is written
    skipped: int = 0  # BibTeX: starred items that are no paper (a break, an invited talk), left out

    def remember(self, library: Library) -> None:
        """Call after the data reached its destination."""
        if self.records:
            library.save_export_records(self.records)


def _own_zones(library: Library) -> Callable[[Event], tzinfo | None]:
    """Each event's conference clock: its schedule's named zone (the file's, or the one the
    attendee set), else the offset its own time was published with. Not the first event's
    offset for all: an agenda of two conferences showed the second on the first one's
    clock, and a conference that crosses a change to or from summer time showed the talks
    after it an hour off the room's clock (labelled, but read as the time to be there)."""
    named = {info.key: conference_zone((), info.user_zone or info.timezone) for info in library.schedules()
             if info.user_zone or info.timezone}
    return lambda event: named.get(event.schedule)


def removed_ids(library: Library, events: Iterable[Event]) -> set[str]:
    """The ids of ``events`` that left their schedule in an update (kept because starred)."""
    statuses = library.statuses()
    return {e.id for e in events if statuses.get(e.id, ("", ""))[0] == UpdateFlag.REMOVED}


def _standing(library: Library, events: Sequence[Event]) -> Standing:
    """What My agenda's window marks under each talk, for Markdown and PDF to print: the
    library's statuses (cancelled, left the schedule, what changed) and the clashes. A
    talk that left its schedule clashes with nothing, as in the window (planner.ui.stars)."""
    from planner.export.markdown import Standing  # lazy, as the exporters below

    statuses = library.statuses()
    for entry_id in library.unscheduled_removed():
        statuses.setdefault(entry_id, (UpdateFlag.REMOVED, ""))
    on = [e for e in events if statuses.get(e.id, ("", ""))[0] != UpdateFlag.REMOVED]
    return Standing(statuses, clashes_by_event(on))


def export_agenda(
    library: Library,
    *,
    schedule_key: str | None = None,
    everything: bool = False,
    alarm_minutes: int | None = None,
    fmt: str = "ics",
    title: str = "My agenda",
    zone: tzinfo | None = None,
    now: datetime | None = None,
    render_pdf: Callable[[str], bytes] | None = None,
) -> AgendaExport:
    """Build the export; for starred .ics exports, also the records to remember.

    ``render_pdf`` turns printable HTML into a PDF (Qt's writer, which the caller owns:
    this module stays free of Qt, so the command line loads it only for a PDF).
    """
    if fmt == "bib":
        return export_papers(library, schedule_key=schedule_key, everything=everything)
    events = library.events(schedule_key=schedule_key, starred=not everything)
    notes = library.notes()
    tiers = library.tiers()  # a maybe-talk is marked in every format (planner.domain.marks)
    # Lazy: only the exporter asked for (5-7 ms each after the command line's start).
    if fmt in ("md", "pdf"):
        # Papers without a time yet are listed after the days as a reading list; a
        # calendar (.ics) has no place for them.
        reading = library.unscheduled(schedule_key=schedule_key, starred=not everything)
        zones = None if zone is not None else _own_zones(library)
        count = len(events) + len(reading)
        gone = removed_ids(library, events)  # no stop of a poster route (planner.domain.route)
    if fmt == "md":
        from planner.export.markdown import to_markdown  # lazy, as said above

        return AgendaExport(to_markdown(events, title=title, zone=zone, notes=notes, reading=reading, tiers=tiers,
                                        zones=zones, removed=gone, standing=_standing(library, events)), count, 0)
    if fmt == "pdf":
        from planner.export.markdown import to_html  # lazy, as above

        if render_pdf is None:
            raise ValueError("a PDF export needs a PDF renderer")
        html = to_html(events, title=title, zone=zone, notes=notes, reading=reading, tiers=tiers, zones=zones,
                       removed=gone, standing=_standing(library, events))
        return AgendaExport(render_pdf(html), count, 0)
    if fmt != "ics":
        raise ValueError(f"unknown format {fmt!r}")
    from planner.export.ics import to_ics  # lazy, as above

    # Calendars get each poster at its session's own time, never a route's slot
    # (planner.domain.route): a slot is a suggestion for walking the hall, and a calendar
    # entry at 12:00–13:00 would claim the conference said so. Markdown and PDF print the route.
    moment = now or datetime.now(timezone.utc)
    if everything:
        return AgendaExport(to_ics(events, name=title, alarm_minutes=alarm_minutes, notes=notes, now=moment,
                                   tiers=tiers), len(events), 0)
    statuses = library.statuses()
    removed = {e.id for e in events if statuses.get(e.id, ("", ""))[0] == UpdateFlag.REMOVED}
    scope = None
    if schedule_key is not None:
        scope = {e.id for e in library.events(schedule_key=schedule_key)}
    entries = revisions.plan(events, library.export_records(), removed=removed, in_scope=scope,
                             now=moment.isoformat(timespec="seconds"), tiers=tiers)
    by_id = {entry.record.event_id: entry.record for entry in entries}
    exported = [e for e in events if e.id in by_id]
    orphans = [entry.record for entry in entries if entry.event is None]
    # An unstarred talk is still in the library, and so is a starred one that left its
    # schedule: its cancellation is written in the shape its entry was (dates, a floating time).
    still_known = {e.id: e for e in library.events_by_id((r.event_id for r in orphans), abstract_chars=0)}
    data = to_ics(exported, name=title, alarm_minutes=alarm_minutes, notes=notes, now=moment,
                  revisions=by_id, orphans=orphans, tiers=tiers, orphan_events=still_known)
    cancelled = sum(1 for r in by_id.values() if r.cancelled)
    count = len(exported) - sum(1 for e in exported if by_id[e.id].cancelled)
    return AgendaExport(data, count, cancelled, tuple(by_id.values()))


def export_papers(library: Library, *, schedule_key: str | None = None, everything: bool = False) -> AgendaExport:
    """The starred papers as BibTeX (``count`` papers, ``skipped`` items that are none),
    entries without a time included: a paper on the reading list is cited all the same.
    An event or entry that left its schedule in an update (kept because starred) is not
    cited: the conference no longer presents it, and its paper's other event, still in
    the schedule, would otherwise be cited a second time."""
    from planner.export.bibtex import to_bibtex  # lazy, as for the other exporters

    starred = not everything
    events = library.events(schedule_key=schedule_key, starred=starred, abstract_chars=0)
    gone = removed_ids(library, events) | library.unscheduled_removed()
    items: list[Event | Unscheduled] = [e for e in events if e.id not in gone]
    items += [e for e in library.unscheduled(schedule_key=schedule_key, starred=starred) if e.id not in gone]
    # Keys are made among every paper of the library, starred or not (and of every
    # schedule), so that a key never changes with what else is starred or exported.
    known: list[Event | Unscheduled] = [*library.events(abstract_chars=0), *library.unscheduled()]
    found = to_bibtex(items, {info.key: info.title for info in library.schedules()}, known=known)
    return AgendaExport(found.data, found.entries, 0, skipped=found.skipped)
