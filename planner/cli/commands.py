"""One function per command and the one table that dispatches to them.

Each prints its result on stdout and returns the exit status; bad input or data is a
Failure (one line on stderr, status 1).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from planner.cli.contract import EXIT_DATA, EXIT_OK, EXIT_USAGE, PdfRenderer, Window
from planner.cli.output import (
    document,
    event_json,
    print_events,
    print_json,
    print_unscheduled,
    schedule_header,
    short,
    tagged,
    when_where,
    zones_differ,
)
from planner.cli.parser import Failure, check_names, parse_at, parse_tz
from planner.domain.errors import ScheduleError
from planner.domain.marks import Attendance, Tier
from planner.domain.model import Event
from planner.domain.status import EventStatus, event_status
from planner.store import StoreError
from planner.text.wording import counted


@dataclass(frozen=True)
class Handed:
    """What planner.entry handed to main(); None when run without it (tests, scripts)."""

    window: Window | None
    render_pdf: PdfRenderer | None


# A command: its arguments, the open library (None for those that use none), what entry handed in.
Command = Callable[[argparse.Namespace, Any, Handed], int]


def run(args: argparse.Namespace, window: Window | None, render_pdf: PdfRenderer | None) -> int:
    """Run the command ``args`` names, in the library it needs, and return the exit status."""
    check_names(args)
    command, uses_library = _DISPATCH[args.command]
    handed = Handed(window, render_pdf)
    if not uses_library:
        return command(args, None, handed)

    # Lazy: opening and recovering the library, about 8 ms that starting the window does not need.
    from planner.store.open import open_library

    with open_library(getattr(args, "db", None)) as library:
        if library.recovery_notice:
            if _reads_marks(args):
                # Its answer would be the new library's: no stars, no notes, which a script
                # takes for "nothing starred" (and an export or a sync would pass on).
                print(f"planner: {library.recovery_notice}; '{args.command}' was not run, as it reads "
                      "them: rescue them from the damaged copy, or star again and run it again", file=sys.stderr)
                return EXIT_DATA
            print(f"planner: {library.recovery_notice}", file=sys.stderr)
        return command(args, library, handed)


# The commands whose answer is made of the attendee's stars or notes (or what is planned
# or marked from them): after a recovery, which recovers none, they are not run.
_READS_MARKS = frozenset({"list", "export", "conflicts", "now", "suggest", "plan", "watch-later", "sync", "unstar"})


def _reads_marks(args: argparse.Namespace) -> bool:
    if args.command == "note":
        return getattr(args, "text", None) is None  # reading a note, not setting one
    return args.command in _READS_MARKS


def _open(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    if handed.window is None:
        raise Failure("the window is opened by the planner command (planner.entry)")
    return handed.window(getattr(args, "db", None), getattr(args, "files", []))


def _parse(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the readers, about 2 ms, only for the command that reads a file.
    from planner.formats import load

    schedule = load(args.file)
    if args.json:
        print_json(document(list(schedule.sessions), list(schedule.events), unscheduled=schedule.unscheduled))
    else:
        print_events(schedule.events, set(), header=schedule_header(schedule))
        print_unscheduled(schedule.unscheduled, set())
    return EXIT_OK


def _import(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the HTTP client and every reader, about 43 ms, only for the commands that download.
    from planner.net import fetch
    from planner.services import adding

    try:
        added = adding.add(library, args.files, timeout=args.timeout)
    except fetch.FetchError as exc:
        raise Failure(str(exc)) from None
    for item in added:
        print(item)
        for note in item.notes:  # what the file did not say, e.g. "times have no time zone"
            print(f"  note: {note}")
    return EXIT_OK


def _refresh(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the HTTP client, about 26 ms, only for the commands that download.
    from planner.net import fetch
    from planner.services import refreshing

    if args.name is not None:
        key = _schedule_key(library, args.name)
        assert key is not None
        if library.origin(key) is None:
            raise Failure(f"{args.name}: this schedule was not added from a URL, so it cannot be refreshed")
        keys = [key]
    else:
        keys = refreshing.refreshable(library)
        if not keys:
            print("no schedules from the web to refresh (add one with 'planner import URL')")
            return EXIT_OK
    titles = {info.key: info.title for info in library.schedules()}
    failed = 0
    for key in keys:  # one failure does not stop the others
        try:
            print(refreshing.refresh(library, key, timeout=args.timeout), flush=True)
        except (fetch.FetchError, ScheduleError, StoreError) as exc:
            failed += 1
            print(f"planner: {titles.get(key, key)}: {exc}", file=sys.stderr, flush=True)
    return EXIT_DATA if failed else EXIT_OK


def _list(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    key = _schedule_key(library, args.schedule)
    events = library.events(schedule_key=key, starred=args.starred, search=args.search)
    starred = library.starred_ids()
    zone = parse_tz(args.tz)
    statuses = _statuses(library, events)
    # Entries without a time (planner.domain.model.Unscheduled) follow the events.
    unscheduled = library.unscheduled(schedule_key=key, starred=args.starred, search=args.search)
    removed = library.unscheduled_removed() if unscheduled else set()
    if args.json:
        print_json(document(library.sessions(key), events, starred, statuses, unscheduled, removed,
                            tiers=library.tiers(), planned=library.planned_ids(), attendance=library.attendance(),
                            friends=library.friends_by_event()))
    else:
        tiers = library.tiers()
        print_events(events, starred, zone=zone, statuses=statuses, tiers=tiers)
        print_unscheduled(unscheduled, starred, removed, tiers=tiers)
    return EXIT_OK


def _star(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    tier = Tier.MAYBE if args.maybe else Tier.MUST
    library.star(args.ids, tier=tier)  # a starred one changes tier and keeps when it was starred
    print(f"starred {counted(len(set(args.ids)), 'event')} as {tier.label.lower()}")
    return EXIT_OK


def _unstar(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    library.unstar(args.ids)
    print(f"unstarred {len(set(args.ids))} event{'s' if len(set(args.ids)) != 1 else ''}")
    return EXIT_OK


def _export(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the exporters and the file writer, about 12 ms, only for this command.
    from planner.fileio import write_atomic
    from planner.services.exporting import export_agenda

    key = _schedule_key(library, args.schedule)
    fmt = args.format
    if fmt is None:
        suffix = os.path.splitext(args.output)[1].lower().lstrip(".")
        fmt = {"md": "md", "markdown": "md", "pdf": "pdf", "bib": "bib"}.get(suffix, "ics")
    if fmt == "pdf" and handed.render_pdf is None:
        raise Failure("PDF export needs Qt: run it as the planner command (planner.entry)")
    result = export_agenda(library, schedule_key=key, everything=args.all, alarm_minutes=args.alarm, fmt=fmt,
                           render_pdf=handed.render_pdf)
    if fmt == "bib" and not result.count:
        print("planner: no starred papers to export (star some with 'planner star ID')", file=sys.stderr)
    elif not result.count and not result.cancelled:
        print("planner: no starred events to export (star some with 'planner star ID')", file=sys.stderr)
    if args.output == "-":
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    else:
        try:
            write_atomic(args.output, result.data)
        except OSError as exc:
            raise Failure(f"cannot write {args.output}: {exc.strerror or exc}; nothing was changed") from None
        text = f"exported {counted(result.count, 'paper' if fmt == 'bib' else 'event')} to {args.output}"
        if result.skipped:  # BibTeX: a break or an invited talk is no paper
            from planner.export.bibtex import left_out  # loaded by the export already

            text += f" ({left_out(result.skipped)})"
        if result.cancelled:
            text += f" ({result.cancelled} cancelled since the last export)"
        print(text)
    result.remember(library)  # only now has the export reached its destination
    return EXIT_OK


def _similar(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the similarity index, about 1.5 ms, only for this command.
    from planner.domain.similar import SimilarityIndex

    event = library.event(args.id)
    events = library.events(schedule_key=event.schedule or None)
    by_id = {e.id: e for e in events}
    found = SimilarityIndex(events).similar(args.id)
    if args.json:
        print_json({"event": args.id, "similar": [{"id": i, "score": round(s, 4)} for i, s in found]})
        return EXIT_OK
    if not found:
        print("no similar events")
    for other_id, score in found:
        print(f"{other_id}  {score:.2f}  {short(by_id[other_id])}")
    return EXIT_OK


def _suggest(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the similarity index, only for this command.
    from planner.services.suggesting import suggestions

    key = _schedule_key(library, args.schedule)
    found = suggestions(library, schedule_key=key, limit=args.limit)
    if args.json:
        statuses = _statuses(library, [s.event for s in found])
        planned, attendance, friends = library.planned_ids(), library.attendance(), library.friends_by_event()
        print_json({"suggestions": [
            {**event_json(s.event, set(), statuses[s.event.id], planned=planned, attendance=attendance,
                          friends=friends),
             "score": round(s.score, 4), "like": s.like}
            for s in found
        ]})
        return EXIT_OK
    if not found:
        print("nothing to suggest: star some talks first ('planner star ID')" if not library.starred_ids()
              else "nothing to suggest: no unstarred talk is like the starred ones")
    for rank, s in enumerate(found, 1):
        print(f"{rank:>2}. {s.score:.2f}  {s.event.id}  {when_where(s.event)}  {short(s.event)}")
    return EXIT_OK


def _now(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    moment = parse_at(args.at) if args.at is not None else datetime.now(timezone.utc)
    zone = parse_tz(args.tz)  # checked with --json too, where it changes nothing
    events = library.events()
    starred = library.starred_ids()
    statuses = _statuses(library, events)
    # A removed or cancelled talk is never on now or next, starred or not.
    from planner.domain.queries import now_and_next  # with unicodedata, 1.7 ms other commands skip

    current, upcoming = now_and_next([e for e in events if statuses[e.id].is_on], starred, moment)
    if args.json:
        tiers = library.tiers()
        planned, attendance, friends = library.planned_ids(), library.attendance(), library.friends_by_event()
        print_json({
            "now": [event_json(e, starred, statuses[e.id], tiers, planned=planned, attendance=attendance,
                               friends=friends) for e in current],
            "next": [event_json(e, starred, statuses[e.id], tiers, planned=planned, attendance=attendance,
                                friends=friends) for e in upcoming],
        })
        return EXIT_OK
    offset = zones_differ([*current, *upcoming], zone)  # several conferences' clocks: say each one's
    print("Now:" if current else "Now: nothing")
    for e in current:
        print(f"  {'*' if e.id in starred else ' '} {when_where(e, zone, offset)}  {tagged(e, statuses[e.id])}")
    print("Next:" if upcoming else "Next: nothing later")
    for e in upcoming:
        print(f"  {'*' if e.id in starred else ' '} {when_where(e, zone, offset)}  {tagged(e, statuses[e.id])}")
    return EXIT_OK


def _note(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    if library.unscheduled_entry(args.id) is None:  # a paper without a time takes a note as well
        library.event(args.id)  # an unknown id is an error, not an empty note
    if args.text is None:
        note = library.note(args.id)
        if note:
            print(note)
    else:
        library.set_note(args.id, args.text)
    return EXIT_OK


def _conflicts(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    starred = library.events(starred=True)
    statuses = _statuses(library, starred)
    from planner.domain.queries import conflicts  # as in _now

    found = conflicts([e for e in starred if statuses[e.id].is_on])  # not a removed talk
    if args.json:
        print_json({"conflicts": [
            {"a": c.a.id, "b": c.b.id, "overlap_minutes": c.overlap_minutes} for c in found
        ]})
        return EXIT_OK
    if not found:
        print("no conflicts among starred events")
    for c in found:
        offset = zones_differ((c.a, c.b))  # two conferences' clocks: say each one's
        print(f"{c.a.id} {when_where(c.a, None, offset)}  {short(c.a)}\n  clashes with {c.b.id} "
              f"{when_where(c.b, None, offset)}  {short(c.b)} ({c.overlap_minutes} min)")
    return EXIT_OK


def _schedules(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    for info in library.schedules():
        print(f"{info.title}  ({counted(info.event_count, 'event')}, {info.format}, key {info.key})")
    return EXIT_OK


def _remove(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    key = _schedule_key(library, args.schedule)
    assert key is not None
    count = library.remove_schedule(key, drop_stars=args.drop_stars)
    kept = "" if args.drop_stars else " (its stars and notes are kept)"
    print(f"removed {args.schedule}: {counted(count, 'event')}{kept}")
    return EXIT_OK


def _zone(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    key = _schedule_key(library, args.schedule)
    assert key is not None
    count = library.set_schedule_zone(key, args.zone)
    # Lazy: the friends service, only for this command. A friend's picks from another
    # calendar (matched by start) may name the times just placed.
    from planner.services.friends import resolve_pending

    resolve_pending(library)
    print(f"{args.schedule}: {counted(count, 'time')} now read in {args.zone}")
    return EXIT_OK


def _plan(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: the planner and its output, only for this command.
    from planner.cli.plan_output import plan_json, print_plan
    from planner.services.planning import UnknownDay, accept, plan_days

    key = _schedule_key(library, args.schedule)
    try:
        results = plan_days(library, schedule_key=key, date=args.date, walk=args.walk,
                            with_friends=args.with_friends)
    except UnknownDay as exc:  # a day the user typed that is no day of the conference: a usage error
        print(f"planner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.accept:
        for result in results:
            accept(library, result)
    if args.json:
        print_json(plan_json(results))
        return EXIT_OK
    if not results:
        on_day = f" on {args.date.isoformat()}" if args.date is not None else ""
        print(f"nothing to plan: no starred talks{on_day} (star some with 'planner star ID')")
        return EXIT_OK
    print_plan(results)
    if args.accept:
        print(f"\naccepted the plan for {counted(len(results), 'day')}: the planned talks are marked planned")
    return EXIT_OK


def _mark_attendance(state: Attendance) -> Command:
    """``planner attended`` and ``planner missed``: mark talks (--clear: take the mark away)."""

    def command(args: argparse.Namespace, library: Any, handed: Handed) -> int:
        ids = list(dict.fromkeys(args.ids))
        # Every id checked before any is marked; a mark is cleared from a talk that left
        # the schedule too (as unstar takes its star away).
        known = {e.id for e in library.events_by_id(ids, abstract_chars=0)}
        if args.clear:
            known |= set(library.attendance())
        unknown = [i for i in ids if i not in known]
        if unknown:
            more = f" (and {len(unknown) - 1} more)" if len(unknown) > 1 else ""
            raise Failure(f"no event {unknown[0]!r} in the library{more}; nothing was {'cleared' if args.clear else 'marked'}")
        for event_id in ids:
            library.set_attendance(event_id, None if args.clear else state)
        if args.clear:
            print(f"cleared the attended or missed mark of {counted(len(ids), 'event')}")
        else:
            print(f"marked {counted(len(ids), 'event')} {state.value}")
        return EXIT_OK

    return command


def _watch_later(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    # Lazy: only for this command.
    from planner.cli.plan_output import print_watch_later
    from planner.export.watch_later import to_markdown
    from planner.fileio import write_atomic
    from planner.services.watching import watch_later

    items = watch_later(library, schedule_key=_schedule_key(library, args.schedule))
    if args.md is None:
        print_watch_later(items)
        return EXIT_OK
    data = to_markdown([(item.event, item.recording) for item in items])
    if args.md == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    try:
        write_atomic(args.md, data)
    except OSError as exc:
        raise Failure(f"cannot write {args.md}: {exc.strerror or exc}; nothing was changed") from None
    print(f"wrote {counted(len(items), 'talk')} to watch later to {args.md}")
    return EXIT_OK


def _sync(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    from planner.cli import sync_command  # lazy: caldav and its HTTP library load only when syncing

    return sync_command.run(args, library)


def _friends(args: argparse.Namespace, library: Any, handed: Handed) -> int:
    from planner.cli import friends_command  # lazy: the calendar reader loads only when adding

    return friends_command.run(args, library)


# Each command: the function that runs it, and whether it runs in the library (opened
# first, its recovery notice printed before anything the command says). None: no command.
_DISPATCH: dict[str | None, tuple[Command, bool]] = {
    None: (_open, False),
    "open": (_open, False),
    "parse": (_parse, False),
    "import": (_import, True),
    "refresh": (_refresh, True),
    "list": (_list, True),
    "star": (_star, True),
    "unstar": (_unstar, True),
    "export": (_export, True),
    "note": (_note, True),
    "conflicts": (_conflicts, True),
    "similar": (_similar, True),
    "suggest": (_suggest, True),
    "now": (_now, True),
    "remove": (_remove, True),
    "schedules": (_schedules, True),
    "zone": (_zone, True),
    "plan": (_plan, True),
    "attended": (_mark_attendance(Attendance.ATTENDED), True),
    "missed": (_mark_attendance(Attendance.MISSED), True),
    "watch-later": (_watch_later, True),
    "sync": (_sync, True),
    "friends": (_friends, True),
}


# -- what the library answers -------------------------------------------------------------


def _schedule_key(library: Any, name: str | None) -> str | None:
    """The key of the schedule ``name`` means: its key, else its whole title, else a part
    of the title only one schedule has.

    Two schedules may share a title (two versions of a conference's file whose acronym
    changed, two calendars with the same name): the name then tells neither, and a
    command that picked one (``remove``!) could act on the wrong one, so it is refused
    with each candidate's key, which says which.
    """
    if name is None:
        return None
    if not name.strip():  # "" is in every title: it picked the only schedule, even to remove
        raise Failure(f"no schedule named {name!r} (see 'planner schedules')")
    folded = name.casefold()
    schedules = library.schedules()
    for info in schedules:
        if folded == info.key.casefold():
            return str(info.key)
    matches = ([i for i in schedules if folded == i.title.casefold()]
               or [i for i in schedules if folded in i.title.casefold()])
    if len(matches) == 1:
        return str(matches[0].key)
    if matches:
        candidates = "; ".join(f"{' '.join(i.title.split())} (key {i.key})" for i in matches)
        raise Failure(f"{len(matches)} schedules match {name!r}: {candidates}; name one by its key")
    raise Failure(f"no schedule named {name!r} (see 'planner schedules')")


def _statuses(library: Any, events: Sequence[Event]) -> dict[str, EventStatus]:
    """Each event's status, from the event and the library's flag from the last update."""
    flags = library.statuses()
    return {e.id: event_status(e, flags.get(e.id, ("", ""))[0]) for e in events}
