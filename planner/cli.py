"""The command line: the contract users and later features script against.

Only the window sub-commands import Qt (and only then); everything else runs without a
display. Exit status: 0 success, 1 bad input or data (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from planner import __version__
from planner.domain.days import all_day_span, event_times
from planner.domain.errors import ScheduleError
from planner.domain.model import Event, Schedule, Session
from planner.domain.status import EventStatus, event_status
from planner.store import StoreError, default_db_path, is_damage, request_full_check
from planner.text.wording import counted

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2

# What the numbers the user types may be. Past these a reminder or a wait means nothing,
# and far past them the calendar writer and the socket overflowed (tracebacks).
MAX_ALARM_MINUTES = 4 * 7 * 24 * 60  # 4 weeks
MAX_TIMEOUT_SECONDS = 3600.0  # an hour of silence


class _Failure(Exception):
    """A message for stderr and exit status 1."""


def _timeout(p: argparse.ArgumentParser) -> None:
    p.add_argument("--timeout", type=float, default=30.0, metavar="SECONDS",
                   help=f"give up on a server silent this long (default 30, at most {MAX_TIMEOUT_SECONDS:.0f})")


def _json(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON")


def _open_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE")


def _import_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE|URL")
    _timeout(p)


def _refresh_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", nargs="?", metavar="NAME", help="only this schedule (title or key); default all")
    _timeout(p)


def _parse_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE")
    _json(p)


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--starred", action="store_true", help="only starred events")
    p.add_argument("--search", metavar="TEXT", help="only events matching TEXT (title, authors, abstract, notes)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")
    p.add_argument("--tz", metavar="ZONE", help="show times in ZONE: conference (default), local or an IANA name")
    _json(p)


def _ids_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="+", metavar="ID")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="file to write, or - for stdout (default)")
    p.add_argument("--all", action="store_true", help="every event, not only starred ones")
    p.add_argument("--alarm", type=int, metavar="MINUTES",
                   help=f"add a reminder MINUTES before each event (0 to {MAX_ALARM_MINUTES}, 4 weeks)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")
    p.add_argument("--format", choices=("ics", "md", "pdf"),
                   help="calendar (.ics), Markdown or PDF (default: from the file name, else ics)")


def _similar_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    _json(p)


def _now_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tz", metavar="ZONE", help="show times in ZONE: conference, local or an IANA name")
    p.add_argument("--at", metavar="TIME", help="pretend it is TIME (ISO 8601 with offset)")
    _json(p)


def _note_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT", help="new note text ('' deletes the note)")


def _no_args(p: argparse.ArgumentParser) -> None:
    pass


def _remove_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("schedule", metavar="NAME", help="schedule title or key")
    p.add_argument("--drop-stars", action="store_true", help="also forget its stars and notes")


# Each command: its help line and what adds its arguments, in the order --help lists them.
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None]]] = {
    "open": ("open the window with these schedules added", _open_args),
    "import": ("add or update schedules (files or http(s) URLs)", _import_args),
    "refresh": ("download schedules added from a URL again", _refresh_args),
    "parse": ("parse a schedule file; the library is untouched", _parse_args),
    "list": ("list events in the library", _list_args),
    "star": ("star events", _ids_args),
    "unstar": ("unstar events", _ids_args),
    "export": ("write starred events as a calendar (.ics), Markdown or PDF", _export_args),
    "similar": ("the five events most like this one", _similar_args),
    "now": ("what is on now and next (starred first)", _now_args),
    "note": ("read or set the note on an event", _note_args),
    "conflicts": ("starred events that overlap in time", _json),
    "schedules": ("list the schedules in the library", _no_args),
    "remove": ("remove a schedule (stars and notes are kept)", _remove_args),
}


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, None when it names none (the window), "" when unsure.

    Building all fourteen sub-parsers took 7-9 ms, a cost every start of the window paid
    before anything else; only the one used is built. Anything but ``[--db PATH]
    [COMMAND ...]`` (help, --version, an unknown word, a typo) gets the whole parser,
    so its help and its error messages are argparse's own.
    """
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg == "--db":
            i += 2
        elif arg.startswith("--db="):
            i += 1
        elif arg in _COMMANDS:
            return arg
        else:
            return ""
    return None


def _parser(only: str | None = "") -> argparse.ArgumentParser:
    """The command line; ``only`` a command: just its sub-parser, None: none, "": all."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db", metavar="PATH", default=argparse.SUPPRESS,
        help="library file (default: $PLANNER_DB, else the user's data directory)",
    )
    parser = argparse.ArgumentParser(
        prog="planner",
        description="Plan the talks you want to see at a conference.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (help_text, add_arguments) in _COMMANDS.items():
        if only == "" or name == only:
            add_arguments(sub.add_parser(name, parents=[common], help=help_text))
    return parser


# What only Qt can do, handed in by planner.entry so that this module never imports Qt
# or planner.ui: open the window (library path, files to add), render HTML as a PDF.
Window = Callable[[str | None, list[str]], int]
PdfRenderer = Callable[[str], bytes]


def main(argv: Sequence[str] | None = None, *, window: Window | None = None,
         render_pdf: PdfRenderer | None = None) -> int:
    """Run one command; ``window`` and ``render_pdf`` are what planner.entry passes."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_command_in(arguments))
    args = parser.parse_args(arguments)
    if getattr(args, "alarm", None) is not None and not 0 <= args.alarm <= MAX_ALARM_MINUTES:
        parser.error(f"--alarm must be from 0 to {MAX_ALARM_MINUTES} minutes (4 weeks)")
    if getattr(args, "timeout", None) is not None and not 0 < args.timeout <= MAX_TIMEOUT_SECONDS:
        # "not 0 < t <= max" also refuses nan; inf and 1e300 overflowed the socket's time_t.
        parser.error(f"--timeout must be more than zero seconds and at most {MAX_TIMEOUT_SECONDS:.0f}")
    try:
        _check_names(args)
        return _run(args, window, render_pdf)
    except (ScheduleError, StoreError, _Failure) as exc:
        print(f"planner: {exc}", file=sys.stderr)
        return EXIT_DATA
    except sqlite3.DatabaseError as exc:
        if not is_damage(exc):
            raise
        # Found while reading, in pages the check at open does not read in a big library.
        path = Path(args.db) if getattr(args, "db", None) else default_db_path()
        request_full_check(path)
        print(f"planner: the library {path} is damaged ({exc}); the next command checks it "
              "and sets it aside (kept, never deleted), starting a new library", file=sys.stderr)
        return EXIT_DATA
    except BrokenPipeError:  # `planner list | head`: stop quietly, like other tools
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"planner: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_DATA


def _check_names(args: argparse.Namespace) -> None:
    """An empty file name is refused before anything is opened: Path("") is ".", the
    current folder, which no message about it makes clear."""
    names = [getattr(args, "db", None), getattr(args, "file", None), getattr(args, "output", None),
             *(getattr(args, "files", None) or [])]
    if "" in names:
        raise _Failure("'' is not a file name")


def _run(args: argparse.Namespace, window: Window | None, render_pdf: PdfRenderer | None) -> int:
    command = args.command
    db = getattr(args, "db", None)
    if command in (None, "open"):
        if window is None:
            raise _Failure("the window is opened by the planner command (planner.entry)")
        return window(db, getattr(args, "files", []))
    if command == "parse":
        from planner.formats import load

        schedule = load(args.file)
        if args.json:
            _print_json(_document(list(schedule.sessions), list(schedule.events)))
        else:
            _print_events(schedule.events, set(), header=_schedule_header(schedule))
        return EXIT_OK

    from planner.store.open import open_library

    with open_library(db) as library:
        if library.recovery_notice:
            print(f"planner: {library.recovery_notice}", file=sys.stderr)
        if command == "import":
            _import(library, args.files, args.timeout)
        elif command == "refresh":
            return _refresh(library, args.name, args.timeout)
        elif command == "list":
            key = _schedule_key(library, args.schedule)
            events = library.events(schedule_key=key, starred=args.starred, search=args.search)
            starred = library.starred_ids()
            zone = _zone(args.tz)
            statuses = _statuses(library, events)
            if args.json:
                _print_json(_document(library.sessions(key), events, starred, statuses))
            else:
                _print_events(events, starred, zone=zone, statuses=statuses)
        elif command == "star":
            library.star(args.ids)
            print(f"starred {len(set(args.ids))} event{'s' if len(set(args.ids)) != 1 else ''}")
        elif command == "unstar":
            library.unstar(args.ids)
            print(f"unstarred {len(set(args.ids))} event{'s' if len(set(args.ids)) != 1 else ''}")
        elif command == "export":
            return _export(library, args, render_pdf)
        elif command == "note":
            library.event(args.id)  # an unknown id is an error, not an empty note
            if args.text is None:
                note = library.note(args.id)
                if note:
                    print(note)
            else:
                library.set_note(args.id, args.text)
        elif command == "conflicts":
            _conflicts(library, args.json)
        elif command == "similar":
            _similar(library, args.id, args.json)
        elif command == "now":
            _now(library, args.tz, args.json, args.at)
        elif command == "remove":
            key = _schedule_key(library, args.schedule)
            assert key is not None
            count = library.remove_schedule(key, drop_stars=args.drop_stars)
            kept = "" if args.drop_stars else " (its stars and notes are kept)"
            print(f"removed {args.schedule}: {counted(count, 'event')}{kept}")
        elif command == "schedules":
            for info in library.schedules():
                print(f"{info.title}  ({counted(info.event_count, 'event')}, {info.format}, key {info.key})")
    return EXIT_OK


def _schedule_key(library: Any, name: str | None) -> str | None:
    if name is None:
        return None
    if not name.strip():  # "" is in every title: it picked the only schedule, even to remove
        raise _Failure(f"no schedule named {name!r} (see 'planner schedules')")
    folded = name.casefold()
    for info in library.schedules():
        if folded in (info.key.casefold(), info.title.casefold()):
            return str(info.key)
    matches = [i for i in library.schedules() if folded in i.title.casefold()]
    if len(matches) == 1:
        return str(matches[0].key)
    raise _Failure(f"no schedule named {name!r} (see 'planner schedules')")


def _import(library: Any, sources: list[str], timeout: float) -> None:
    from planner.net import fetch
    from planner.services import adding

    try:
        added = adding.add(library, sources, timeout=timeout)
    except fetch.FetchError as exc:
        raise _Failure(str(exc)) from None
    for item in added:
        print(item)
        for note in item.notes:  # what the file did not say, e.g. "times have no time zone"
            print(f"  note: {note}")


def _refresh(library: Any, name: str | None, timeout: float) -> int:
    from planner.net import fetch

    if name is not None:
        key = _schedule_key(library, name)
        assert key is not None
        if library.origin(key) is None:
            raise _Failure(f"{name}: this schedule was not added from a URL, so it cannot be refreshed")
        keys = [key]
    else:
        keys = fetch.refreshable(library)
        if not keys:
            print("no schedules from the web to refresh (add one with 'planner import URL')")
            return EXIT_OK
    titles = {info.key: info.title for info in library.schedules()}
    failed = 0
    for key in keys:  # one failure does not stop the others
        try:
            print(fetch.refresh(library, key, timeout=timeout), flush=True)
        except (fetch.FetchError, ScheduleError, StoreError) as exc:
            failed += 1
            print(f"planner: {titles.get(key, key)}: {exc}", file=sys.stderr, flush=True)
    return EXIT_DATA if failed else EXIT_OK


def _export(library: Any, args: argparse.Namespace, render_pdf: PdfRenderer | None) -> int:
    from planner.fileio import write_atomic
    from planner.services.exporting import export_agenda

    key = _schedule_key(library, args.schedule)
    fmt = args.format
    if fmt is None:
        suffix = os.path.splitext(args.output)[1].lower().lstrip(".")
        fmt = {"md": "md", "markdown": "md", "pdf": "pdf"}.get(suffix, "ics")
    if fmt == "pdf" and render_pdf is None:
        raise _Failure("PDF export needs Qt: run it as the planner command (planner.entry)")
    result = export_agenda(library, schedule_key=key, everything=args.all, alarm_minutes=args.alarm, fmt=fmt,
                           render_pdf=render_pdf)
    if not result.count and not result.cancelled:
        print("planner: no starred events to export (star some with 'planner star ID')", file=sys.stderr)
    if args.output == "-":
        sys.stdout.buffer.write(result.data)
        sys.stdout.flush()
    else:
        try:
            write_atomic(args.output, result.data)
        except OSError as exc:
            raise _Failure(f"cannot write {args.output}: {exc.strerror or exc}; nothing was changed") from None
        text = f"exported {result.count} event{'s' if result.count != 1 else ''} to {args.output}"
        if result.cancelled:
            text += f" ({result.cancelled} cancelled since the last export)"
        print(text)
    result.remember(library)  # only now has the export reached its destination
    return EXIT_OK


def _similar(library: Any, event_id: str, as_json: bool) -> None:
    from planner.domain.similar import SimilarityIndex

    event = library.event(event_id)
    events = library.events(schedule_key=event.schedule or None)
    by_id = {e.id: e for e in events}
    found = SimilarityIndex(events).similar(event_id)
    if as_json:
        _print_json({"event": event_id, "similar": [{"id": i, "score": round(s, 4)} for i, s in found]})
        return
    if not found:
        print("no similar events")
    for other_id, score in found:
        print(f"{other_id}  {score:.2f}  {_short(by_id[other_id])}")


def _now(library: Any, zone_name: str | None, as_json: bool, at: str | None) -> None:
    from datetime import timezone

    from planner.domain.queries import now_and_next

    moment = _moment(at) if at is not None else datetime.now(timezone.utc)
    zone = _zone(zone_name)  # checked with --json too, where it changes nothing
    events = library.events()
    starred = library.starred_ids()
    statuses = _statuses(library, events)
    # A removed or cancelled talk is never on now or next, starred or not.
    current, upcoming = now_and_next([e for e in events if statuses[e.id].is_on], starred, moment)
    if as_json:
        _print_json({
            "now": [_event_json(e, starred, statuses[e.id]) for e in current],
            "next": [_event_json(e, starred, statuses[e.id]) for e in upcoming],
        })
        return
    print("Now:" if current else "Now: nothing")
    for e in current:
        print(f"  {'*' if e.id in starred else ' '} {_when(e, zone)}  {_tagged(e, statuses[e.id])}")
    print("Next:" if upcoming else "Next: nothing later")
    for e in upcoming:
        print(f"  {'*' if e.id in starred else ' '} {_when(e, zone)}  {_tagged(e, statuses[e.id])}")


def _moment(text: str) -> datetime:
    """--at: an ISO 8601 time with a UTC offset."""
    example = "e.g. 2020-12-10T19:25:00-08:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # not ISO 8601, a day or month that does not exist, an offset of a day or more
        raise _Failure(f"--at {text!r} is not a time: use ISO 8601 with a UTC offset, {example}") from None
    if moment.tzinfo is None:
        raise _Failure(f"--at {text!r} needs a UTC offset, {example}")
    return moment


def _zone(name: str | None) -> Any:
    """--tz: None (not given) is the conference's clock; an empty or unknown name is an error."""
    from planner.domain.zones import ZoneError, resolve

    if name is None:
        # "conference" is None: each event as published, which is its own conference's
        # clock; one zone for all (the first event's) moved other conferences' talks.
        return None
    try:
        if not name.strip():  # resolve() takes "" for the conference: a typed "" is a mistake
            raise ZoneError(f"unknown time zone {name!r}")
        return resolve(name, None)
    except (ZoneError, OSError):  # OSError: a folder of the zone database, a name too long for a path
        raise _Failure(f"unknown time zone {name!r}: use 'conference', 'local' or an IANA name "
                       "like Europe/Berlin") from None


def _statuses(library: Any, events: Sequence[Event]) -> dict[str, EventStatus]:
    """Each event's status, from the event and the library's flag from the last update."""
    flags = library.statuses()
    return {e.id: event_status(e, flags.get(e.id, ("", ""))[0]) for e in events}


def _conflicts(library: Any, as_json: bool) -> None:
    from planner.domain.queries import conflicts

    starred = library.events(starred=True)
    statuses = _statuses(library, starred)
    found = conflicts([e for e in starred if statuses[e.id].is_on])  # not a removed talk
    if as_json:
        _print_json({"conflicts": [
            {"a": c.a.id, "b": c.b.id, "overlap_minutes": c.overlap_minutes} for c in found
        ]})
        return
    if not found:
        print("no conflicts among starred events")
    for c in found:
        print(f"{c.a.id} {_when(c.a)} {_short(c.a)}\n  clashes with {c.b.id} {_when(c.b)} "
              f"{_short(c.b)} ({c.overlap_minutes} min)")


# -- output ------------------------------------------------------------------------------


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _event_json(event: Event, starred: set[str] | None, status: EventStatus | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": event.id,
        "kind": event.kind.value,
        "number": event.number,
        "title": event.title,
        "authors": list(event.authors),
        "abstract": event.abstract,
        "start": _iso(event.start),
        "end": _iso(event.end),
        "session": event.session,
        "all_day": event.all_day,
        "floating": event.floating,
    }
    if event.all_day:  # a date is not an instant: no clock, no offset
        first, last = all_day_span(event)
        data["start"], data["end"] = first.isoformat(), (last + timedelta(days=1)).isoformat()
    elif event.floating:  # the venue's wall clock, which no offset describes
        data["start"] = event.start.replace(tzinfo=None).isoformat()
        data["end"] = event.end.replace(tzinfo=None).isoformat()
    if event.room:
        data["room"] = event.room
    if event.track:
        data["track"] = event.track
    if starred is not None:
        data["starred"] = event.id in starred
    if status is not None:
        data["status"] = status.value
    return data


def _document(sessions: list[Session], events: list[Event], starred: set[str] | None = None,
              statuses: dict[str, EventStatus] | None = None) -> dict[str, Any]:
    return {
        "sessions": [
            {"title": s.title, "chairs": list(s.chairs), "start": _iso(s.start), "end": _iso(s.end)}
            for s in sessions
        ],
        "events": [
            _event_json(e, starred, statuses[e.id] if statuses is not None else None)
            for e in sorted(events, key=lambda e: (e.start, e.end, e.id))
        ],
    }


def _print_json(data: object) -> None:
    """Indented for a person at a terminal; compact for pipes and scripts, where the
    indenting encoder (pure Python) would cost a third of a second at 50,000 events."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent))
    sys.stdout.write("\n")


def _when(event: Event, zone: Any = None) -> str:
    """Day and time range in ``zone`` (default: as published), "+1 day" past midnight.

    Whole-day events show their dates, and times without a zone are shown as published
    and say so, whatever ``zone`` asks (planner.domain.days.event_times).
    """
    if event.all_day:
        first, last = all_day_span(event)
        return f"{first:%a %d %b}, all day" if first == last else f"{first:%a %d %b}-{last:%a %d %b}, all day"
    start, end = event_times(event, zone)
    text = f"{start:%a %d %b %H:%M}-{end:%H:%M}"
    if end.date() != start.date():
        text += " (+1 day)"
    if event.floating:
        text += " (local time, no zone)"
    return text


def _short(event: Event, width: int = 70) -> str:
    from planner.text.readable import event_summary

    text = event_summary(event)
    return text if len(text) <= width else text[: width - 1] + "…"


def _schedule_header(schedule: Schedule) -> str:
    return f"{schedule.title}: {counted(len(schedule.events), 'event')} ({schedule.format})"


def _tagged(event: Event, status: EventStatus | None) -> str:
    """The event's summary, after "[removed]", "[cancelled]", "[changed]" or "[new]"."""
    if status is None or status is EventStatus.SCHEDULED:
        return _short(event)
    return f"[{status.value}] {_short(event)}"


def _print_events(events: Sequence[Event], starred: set[str], header: str = "", zone: Any = None,
                  statuses: dict[str, EventStatus] | None = None) -> None:
    if header:
        print(header)
    if not events:
        print("no events")
        return
    for event in events:
        mark = "*" if event.id in starred else " "
        status = statuses[event.id] if statuses is not None else None
        print(f"{event.id}  {mark} {_when(event, zone)}  {_tagged(event, status)}")
