"""The argparse parser, built lazily: only the sub-parser of the command given."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence
from datetime import date, datetime, timezone
from typing import Any

from planner import __version__

# What the numbers the user types may be. Past these a reminder or a wait means nothing,
# and far past them the calendar writer and the socket overflowed (tracebacks).
MAX_ALARM_MINUTES = 4 * 7 * 24 * 60  # 4 weeks
MAX_TIMEOUT_SECONDS = 3600.0  # an hour of silence
MAX_WALK_MINUTES = 240  # between two rooms; longer is another trip, not a walk


class Failure(Exception):
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


def _star_args(p: argparse.ArgumentParser) -> None:
    _ids_args(p)
    p.add_argument("--maybe", action="store_true",
                   help="star as a maybe, not a must-see (a starred event changes tier, either way)")


def _export_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="file to write, or - for stdout (default)")
    p.add_argument("--all", action="store_true", help="every event, not only starred ones")
    p.add_argument("--alarm", type=int, metavar="MINUTES",
                   help=f"add a reminder MINUTES before each event (0 to {MAX_ALARM_MINUTES}, 4 weeks)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")
    p.add_argument("--format", choices=("ics", "md", "pdf", "bib"),
                   help="calendar (.ics), Markdown, PDF or the starred papers as BibTeX "
                        "(default: from the file name, else ics)")


def _similar_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    _json(p)


def _suggest_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--limit", type=int, default=10, metavar="N", help="how many to suggest (default 10)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")
    _json(p)


def _now_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--tz", metavar="ZONE", help="show times in ZONE: conference, local or an IANA name")
    p.add_argument("--at", metavar="TIME", help="pretend it is TIME (ISO 8601 with offset)")
    _json(p)


def _note_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID")
    p.add_argument("text", nargs="?", metavar="TEXT", help="new note text ('' deletes the note)")


def _day(text: str) -> date:
    """--date: a conference day as YYYY-MM-DD."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: use YYYY-MM-DD, e.g. 2024-12-27") from None


def _plan_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", type=_day, metavar="YYYY-MM-DD", help="only this conference day (default: every day)")
    p.add_argument("--walk", type=int, default=5, metavar="MINUTES",
                   help="minutes between two rooms, twice that between buildings (default 5)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")
    p.add_argument("--accept", action="store_true", help="store each day's plan as planned (stars are kept)")
    p.add_argument("--with-friends", action="store_true",
                   help="a starred talk a friend picked is worth one more (see 'planner friends')")
    _json(p)


def _attendance_args(p: argparse.ArgumentParser) -> None:
    _ids_args(p)
    p.add_argument("--clear", action="store_true", help="take the attended or missed mark away")


def _watch_later_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--md", metavar="FILE", help="write the list as Markdown to FILE (- for stdout)")
    p.add_argument("--schedule", metavar="NAME", help="only this schedule (title or key)")


def _zone_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("schedule", metavar="NAME", help="schedule title or key")
    p.add_argument("zone", metavar="ZONE", help="where its times are, as an IANA name (Europe/Brussels)")


def _sync_args(p: argparse.ArgumentParser) -> None:
    _json(p)
    actions = p.add_subparsers(dest="sync_action", metavar="setup")
    setup = actions.add_parser("setup", help="remember a calendar server account (the password goes to the keyring)")
    setup.add_argument("url", metavar="URL", help="the server's CalDAV address (https; http only to this machine)")
    setup.add_argument("--user", metavar="NAME", help="user name on the server (default: your login name)")
    setup.add_argument("--calendar", default="Planner", metavar="NAME",
                       help="the calendar to sync to, created if missing (default: Planner)")
    reminder = setup.add_mutually_exclusive_group()
    reminder.add_argument("--alarm", type=int, metavar="MINUTES",
                          help=f"add a reminder MINUTES before each event (0 to {MAX_ALARM_MINUTES}, 4 weeks); "
                               "without it, a reminder set before is kept")
    reminder.add_argument("--no-alarm", action="store_true", help="send the events without a reminder")
    setup.add_argument("--insecure-http", action="store_true",
                       help="allow plain http to another machine (the password is sent unencrypted)")


def _friends_args(p: argparse.ArgumentParser) -> None:
    _json(p)
    actions = p.add_subparsers(dest="friends_action", metavar="add|remove")
    add = actions.add_parser("add", help="add (or replace) a friend's agenda from their exported .ics")
    add.add_argument("name", metavar="NAME", help="the name their chip shows on your cards")
    add.add_argument("file", metavar="FILE", help="their calendar: Planner's .ics export, or any calendar file")
    # --json after the action too ("friends add Ana f.ics --json"); SUPPRESS keeps one given before it.
    add.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the result as JSON")
    remove = actions.add_parser("remove", help="forget a friend and their agenda")
    remove.add_argument("name", metavar="NAME", help="the friend's name")
    remove.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="print the result as JSON")


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
    "star": ("star events as must-see (--maybe: as maybe)", _star_args),
    "unstar": ("unstar events", _ids_args),
    "export": ("write starred events as a calendar (.ics), Markdown or PDF, or their papers as BibTeX", _export_args),
    "similar": ("the five events most like this one", _similar_args),
    "suggest": ("unstarred talks most like everything starred", _suggest_args),
    "now": ("what is on now and next (starred first)", _now_args),
    "note": ("read or set the note on an event", _note_args),
    "conflicts": ("starred events that overlap in time", _json),
    "plan": ("plan each day: the starred talks you can all attend, must-sees first", _plan_args),
    "attended": ("mark talks as attended", _attendance_args),
    "missed": ("mark talks as missed", _attendance_args),
    "watch-later": ("missed must-see talks that have a recording", _watch_later_args),
    "schedules": ("list the schedules in the library", _no_args),
    "remove": ("remove a schedule (stars and notes are kept)", _remove_args),
    "zone": ("say which time zone a schedule's times are in, when its file does not", _zone_args),
    "sync": ("push My agenda to your calendar server (CalDAV); 'sync setup URL' first", _sync_args),
    "friends": ("list friends whose agendas show beside yours; 'friends add NAME FILE', 'friends remove NAME'",
                _friends_args),
}


def _files_open(argv: Sequence[str]) -> list[str]:
    """``planner [--db PATH] FILE...`` as ``planner [--db PATH] open FILE...``: a schedule file
    given alone is one to open (as a file manager or a shell user gives it). Only a file that
    exists, and is no command's name, so a typo of a command is still argparse's error."""
    argv = list(argv)
    i = 0
    while i < len(argv) and (argv[i] == "--db" or argv[i].startswith("--db=")):
        i += 2 if argv[i] == "--db" else 1
    if i < len(argv) and argv[i] not in _COMMANDS and not argv[i].startswith("-") and os.path.isfile(argv[i]):
        argv.insert(i, "open")
    return argv


def _command_in(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names, None when it names none (the window), "" when unsure.

    Building all the sub-parsers (fourteen then) took 7-9 ms, a cost every start of the window paid
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


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """``argv`` parsed and its numbers checked; a usage error exits with status 2, as argparse does."""
    argv = _files_open(argv)
    parser = _parser(_command_in(argv))
    args = parser.parse_args(argv)
    if getattr(args, "alarm", None) is not None and not 0 <= args.alarm <= MAX_ALARM_MINUTES:
        parser.error(f"--alarm must be from 0 to {MAX_ALARM_MINUTES} minutes (4 weeks)")
    if getattr(args, "timeout", None) is not None and not 0 < args.timeout <= MAX_TIMEOUT_SECONDS:
        # "not 0 < t <= max" also refuses nan; inf and 1e300 overflowed the socket's time_t.
        parser.error(f"--timeout must be more than zero seconds and at most {MAX_TIMEOUT_SECONDS:.0f}")
    if getattr(args, "limit", None) is not None and args.limit < 1:
        parser.error("--limit must be 1 or more")
    if getattr(args, "walk", None) is not None and not 0 <= args.walk <= MAX_WALK_MINUTES:
        parser.error(f"--walk must be from 0 to {MAX_WALK_MINUTES} minutes")
    return args


# -- what the arguments' values mean, checked when a command uses them ---------------------


def check_names(args: argparse.Namespace) -> None:
    """An empty file name is refused before anything is opened: Path("") is ".", the
    current folder, which no message about it makes clear."""
    names = [getattr(args, "db", None), getattr(args, "file", None), getattr(args, "output", None), getattr(args, "md", None),
             *(getattr(args, "files", None) or [])]
    if "" in names:
        raise Failure("'' is not a file name")
    _check_text(args)


# The arguments that name files: bytes that are not UTF-8 are a valid name on Linux, and
# Python holds them as surrogates that os and open() turn back into the same bytes.
_FILE_ARGUMENTS = frozenset({"db", "file", "files", "output", "md"})
# Positional arguments, named as --help shows them; any other is an option (--search).
_POSITIONAL = {"ids": "ID", "id": "ID", "text": "TEXT", "name": "NAME", "zone": "ZONE", "url": "URL"}


def _check_text(args: argparse.Namespace) -> None:
    """Text that is not UTF-8 (a Latin-1 terminal's "caf\xe9") is refused, naming the argument:
    it cannot be stored, searched or printed (UnicodeEncodeError, a traceback)."""
    for key, value in vars(args).items():
        if key in _FILE_ARGUMENTS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str):
                continue
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                shown = os.fsencode(text).decode("utf-8", "backslashreplace")
                what = _POSITIONAL.get(key) or "--" + key.replace("_", "-")
                if key == "schedule" and args.command in ("zone", "remove"):
                    what = "NAME"
                raise Failure(f"{what} '{shown}' is not valid UTF-8 text: type it again in a UTF-8 "
                              "terminal, or give its words in ASCII") from None


def parse_at(text: str) -> datetime:
    """--at: an ISO 8601 time with a UTC offset."""
    example = "e.g. 2020-12-10T19:25:00-08:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # not ISO 8601, a day or month that does not exist, an offset of a day or more
        raise Failure(f"--at {text!r} is not a time: use ISO 8601 with a UTC offset, {example}") from None
    if moment.tzinfo is None:
        raise Failure(f"--at {text!r} needs a UTC offset, {example}")
    # A day away from the ends of the calendar: year 1 at +05:00 is before year 1 in UTC, and
    # turning it into any clock's reading overflowed (a traceback).
    if not _FIRST_AT <= moment <= _LAST_AT:
        raise Failure(f"--at {text!r} is out of range: give a time from the year 2 to 9998, {example}")
    return moment


_FIRST_AT = datetime(2, 1, 1, tzinfo=timezone.utc)
_LAST_AT = datetime(9998, 12, 31, tzinfo=timezone.utc)


def parse_tz(name: str | None) -> Any:
    """--tz: None (not given) is the conference's clock; an empty or unknown name is an error."""
    # Lazy: the zone resolver, half a millisecond that starting the window does not need.
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
        raise Failure(f"unknown time zone {name!r}: use 'conference', 'local' or an IANA name "
                      "like Europe/Berlin") from None
