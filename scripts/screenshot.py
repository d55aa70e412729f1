r"""Render the main window offscreen to a PNG: ``python scripts/screenshot.py out.png``.

Uses a throwaway library in a temporary folder (the bundled session), selects and stars
a few talks so the picture shows a realistic state. ``--db`` renders a library of yours
instead, from a copy: the file given is only read, so its stars and notes are never touched.
The other options choose what is shown, so any state of the window can be looked at:

    python scripts/screenshot.py 38c3.png --db ~/.local/share/planner/library.sqlite3 \
        --schedule 38C3 --zone America/New_York --day 2 --search "house of tea" --size 800x600

A conference's poster session, opened (a feed from ``python -m benchmarks.posters --write``):

    python scripts/screenshot.py posters.png --file neurips-2031-orals-posters.json \
        --open-session "Poster Session 2" --session-filter mit

Plan my day, for the day shown (in the throwaway library, with some of its talks starred):

    python scripts/screenshot.py plan.png --file fosdem.xml --day 1 --plan

The "Not scheduled" page of a feed with entries that have no time, one of them selected
(and, in the throwaway library, starred):

    python scripts/screenshot.py unscheduled.png \
        --file tests/formats/data/virtualsite/neurips-2031-orals-posters.json --not-scheduled "reading-list"
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if TYPE_CHECKING:
    from planner.domain.model import Event
    from planner.ui.main_window import MainWindow


def size(text: str) -> tuple[int, int]:
    """"1280x800" -> (1280, 800)."""
    width, sep, height = text.lower().partition("x")
    try:
        if sep and int(width) > 0 and int(height) > 0:
            return int(width), int(height)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x800")


def copy_library(db: Path, folder: Path) -> Path:
    """A copy of the library ``db`` in ``folder``, with its write-ahead log if it has one
    (changes not yet written back into the file live there). Opening a library may migrate,
    repair or seed it; all of that happens to the copy."""
    if not db.is_file():
        raise SystemExit(f"screenshot.py: no library file at {db}")
    copy = folder / db.name
    shutil.copyfile(db, copy)
    wal = db.with_name(db.name + "-wal")
    if wal.is_file():
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
    return copy


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("output", help="PNG file to write")
    parser.add_argument("--size", type=size, help="window size, e.g. 800x600 (overrides --width/--height)")
    parser.add_argument("--width", type=int, default=1360)
    parser.add_argument("--height", type=int, default=860)
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--scale", default="1", help="device pixel ratio (QT_SCALE_FACTOR)")
    parser.add_argument("--db", type=Path, help="render this library (a copy of it: the file is never changed)")
    parser.add_argument("--file", action="append", default=[], help="extra schedule file to import")
    parser.add_argument("--schedule", default="", help="show the schedule whose title (or key) contains this text")
    parser.add_argument("--zone", default="", help="display zone: conference, local or an IANA name")
    parser.add_argument("--day", type=int, help="show this day of the schedule (1 = the first)")
    parser.add_argument("--search", default="", help="type this into the search box")
    parser.add_argument("--select", default="",
                        help="select the talk with this id, else the first whose title has this text")
    parser.add_argument("--select-title", default="",
                        help="select (and, in the throwaway library, star) the first talk whose title has this text")
    parser.add_argument("--open-session", default="",
                        help="open the poster session whose name has this text (in the throwaway library, "
                             "with a few of its posters starred); with --select, that poster selected")
    parser.add_argument("--session-filter", default="", help="type this into the opened session's filter")
    parser.add_argument("--select-session", default="",
                        help="select (not open) the poster session whose name has this text")
    parser.add_argument("--plan", action="store_true",
                        help="plan the shown day (Plan my day) and show it in My agenda, its first talk selected "
                             "(in the throwaway library, with some of the day's talks starred if none are)")
    parser.add_argument("--not-scheduled", nargs="?", const="", default=None, metavar="TEXT",
                        help="open the page of entries without a time; with TEXT, select (and in the throwaway "
                             "library star) the first entry whose title has it")
    args = parser.parse_args()
    width, height = args.size or (args.width, args.height)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale

    from PySide6.QtWidgets import QApplication

    tmp = Path(tempfile.mkdtemp(prefix="planner-shot-"))
    try:
        return render(args, width, height, tmp)
    finally:
        QApplication.processEvents()
        shutil.rmtree(tmp, ignore_errors=True)  # the throw-away (or copied) library and settings


def render(args: argparse.Namespace, width: int, height: int, tmp: Path) -> int:
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor, QPalette

    from planner.store.open import open_library
    from planner.ui.app import application
    from planner.ui.main_window import MainWindow

    app = application()
    app.setStyle("Fusion")
    if args.dark:
        palette = QPalette()
        for role, colour in (
            (QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
            (QPalette.ColorRole.Base, "#17181a"), (QPalette.ColorRole.AlternateBase, "#26282b"),
            (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.Button, "#2b2d31"),
            (QPalette.ColorRole.ButtonText, "#e8eaed"), (QPalette.ColorRole.Highlight, "#8ab4f8"),
            (QPalette.ColorRole.HighlightedText, "#202124"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
        ):
            palette.setColor(role, QColor(colour))
        # setColor(role, ...) sets every group: without these, a disabled button read as an
        # enabled one in dark screenshots, where a desktop's dark theme greys it out.
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
            palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
        app.setPalette(palette)
    throwaway = args.db is None
    if throwaway:
        library = open_library(tmp / "library.sqlite3")
        library.star([e.id for e in library.events() if e.number in (1, 5, 12)])
    else:
        library = open_library(copy_library(args.db.expanduser(), tmp), seed=False)
    try:
        events = library.events()
        settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
        # A fixed "now" 85 minutes into the first day shown, so the now line shows.
        clock = [events[0].start + timedelta(minutes=85) if events else datetime.now(timezone.utc)]
        window = MainWindow(library, settings=settings, now=lambda: clock[0])
        for path in args.file:
            window.import_files([path])
        if args.schedule:
            wanted = args.schedule.casefold()
            schedules = library.schedules()
            found = [s for s in schedules if wanted in s.title.casefold() or wanted == s.key.casefold()]
            if not found:
                titles = "\n  ".join(s.title for s in schedules) or "(none)"
                print(f"screenshot.py: no schedule's title contains {args.schedule!r}; there are:\n  {titles}",
                      file=sys.stderr)
                return 2
            window.reload(found[0].key)
        if args.zone:
            window.set_display_zone(args.zone)
        day = None  # --day's: the day shown, whatever is selected
        if args.day is not None:
            if not 1 <= args.day <= len(window.day_list):
                days = len(window.day_list)
                print(f"screenshot.py: --day {args.day}: the schedule has {days} day{'s' if days != 1 else ''}",
                      file=sys.stderr)
                return 2
            day = window.day_list[args.day - 1]
            window.show_day(day)
        shown = window.days.get(window.current_day, []) if window.current_day is not None else []
        # The day's own first event: not one running on from an earlier day (a sprint begun Monday).
        own = [e for e in shown if window.days.day_of(e) == window.current_day] or list(shown)
        if own:
            clock[0] = own[0].start + timedelta(minutes=85)
        window.resize(width, height)
        window.show()
        app.processEvents()
        from planner.ui.later import make_all

        make_all(window)  # the parts made after the first paint, as planner.ui.app has them made
        app.processEvents()
        if (window.width(), window.height()) != (width, height):
            # Qt keeps a window at least its minimum size: say so rather than pretend.
            print(f"screenshot.py: the window cannot be {width}x{height}; it is "
                  f"{window.width()}x{window.height()} (its minimum is "
                  f"{window.minimumSizeHint().width()}x{window.minimumSizeHint().height()})", file=sys.stderr)
        if args.search:
            window.search.setText(args.search)
            window.finder.settle()  # every day's matches, as once typing pauses
            app.processEvents()
        talk = chosen_talk(window, args, throwaway)
        if talk is None and (args.select or args.select_title):
            print(f"screenshot.py: no talk has the id or title {args.select or args.select_title!r}",
                  file=sys.stderr)
            return 2
        if talk is not None:  # on the --day asked for when it lists the talk (a sprint's third day), else its own
            window.select_event(talk.id, here=args.day is not None)
            if day is not None and window.current_day != day:
                # A talk of another day: selected, and the day asked for shown again, as when an
                # attendee selects a talk and then goes to another day (the detail pane keeps it).
                window.show_day(day)
        for wanted, opened in ((args.select_session, False), (args.open_session, True)):
            if wanted and not show_session(window, wanted, opened=opened, star=throwaway,
                                           poster=talk.id if talk is not None else "", typed=args.session_filter,
                                           only_shown_day=day is not None):
                on = f" on day {args.day}" if day is not None else ""
                print(f"screenshot.py: no poster session's name has {wanted!r}{on}", file=sys.stderr)
                return 2
        if args.not_scheduled is not None and not show_not_scheduled(window, args.not_scheduled, star=throwaway):
            print("screenshot.py: the schedule has no entries without a time"
                  + (f" whose title has {args.not_scheduled!r}" if args.not_scheduled else ""), file=sys.stderr)
            return 2
        if args.plan and not show_plan(window, star=throwaway):
            print("screenshot.py: nothing on the shown day is starred: no plan to show", file=sys.stderr)
            return 2
        app.processEvents()
        if not window.grab().save(args.output):
            print(f"screenshot.py: could not write {args.output}", file=sys.stderr)
            return 1
        # What the picture shows, so a wrong option is noticed without opening it.
        schedule = next((s.title for s in library.schedules() if s.key == window.schedule_key), "no schedule")
        print(f"wrote {args.output} ({window.width()}x{window.height()}): {schedule}, {window.current_day or 'no day'}"
              + (f", {window.zones.name} time" if args.zone else "") + selected_words(window))
        return 0
    finally:
        library.close()


def selected_words(window: MainWindow) -> str:
    """What the picture shows selected: the "Not scheduled" page's entry while the page is
    open, else the day's selected card, or the talk the detail pane keeps from another day."""
    unplaced = window.selection.not_scheduled
    if unplaced.is_open:
        entry = unplaced.current()
        return f", “{entry.title}” selected" if entry is not None else ""
    card = window.current_event()
    if card is not None:
        return f", “{card.title}” selected"
    kept = window.selection.kept()
    return f", “{kept.title}” in the detail pane (its day is not shown)" if kept is not None else ""


def chosen_talk(window: MainWindow, args: argparse.Namespace, throwaway: bool) -> Event | None:
    """The talk to select: --select's id (else title text), --select-title's title text,
    or for the throwaway library a starred talk of the day shown, so the detail pane has
    something to show."""
    talks = window.days.all()
    if args.select:
        exact = window.days.event(args.select)
        if exact is not None:
            return exact
    text = (args.select or args.select_title).casefold()
    if text:
        talk = next((e for e in talks if text in e.title.casefold()), None)
        if talk is not None and args.select_title and throwaway:
            window.set_star(talk.id, True)  # the demo's "realistic state"; never a user's library
        return talk
    if throwaway and not args.search and not (args.open_session or args.select_session):
        shown = window.days.get(window.current_day, []) if window.current_day is not None else []
        # The day shown (--day's) first, and its own talks, not one running on from an earlier
        # day (a sprint begun Monday): a talk of another day would not show.
        own = [e for e in shown if window.days.day_of(e) == window.current_day]
        pool = own or list(shown) or talks
        return next((e for e in pool if e.number == 12), pool[0] if pool else None)
    return None


def show_session(window: MainWindow, wanted: str, *, opened: bool, star: bool, poster: str, typed: str,
                 only_shown_day: bool = False) -> bool:
    """Select or open the poster session whose name has ``wanted``, on whichever day it is
    (``only_shown_day``: on the day shown, as --day asked); ``star``: star a few of its
    posters first (the throwaway library only)."""
    text = wanted.casefold()
    for day in [window.current_day] if only_shown_day else [window.current_day, *window.day_list]:
        if day != window.current_day:
            window.show_day(day)
        block = next((b for b in window.model.blocks() if text in b.title.casefold()), None)
        if block is None:
            continue
        if star:
            for poster_id in block.members[7::len(block.members) // 5 or 1][:5]:
                window.set_star(poster_id, True)
        if not opened:
            window.select_event(block.id)
            return True
        window.selection.posters.open(block.id, poster if poster in block.members else "")
        if typed:
            window.selection.posters.page.filter.setText(typed)
        return True
    return False


def show_plan(window: MainWindow, *, star: bool) -> bool:
    """Plan the shown day and select its first talk (so Plan B shows); ``star``: when
    nothing of the day is starred, star every third talk first, must-see and maybe in turn
    (the throwaway library only)."""
    from planner.domain.marks import Tier

    day = window.days.get(window.current_day, []) if window.current_day is not None else []
    if star and not any(e.id in window.starred for e in day):
        talks = [e for e in day if e.kind.is_talk]
        for n, talk in enumerate(talks[::3]):
            window.stars.set_tier(talk.id, Tier.MUST if n % 2 == 0 else Tier.MAYBE, window.days)
    plan = window.my_agenda.plan
    plan.plan_day()
    if plan.result is None:
        return False
    planned = list(plan.result.plan.plan)
    for talk_id in planned:  # the first planned talk that has a Plan B, else the first
        window.select_event(talk_id)
        if plan.plan_b.ids():
            break
    else:
        if planned:
            window.select_event(planned[0])
    return True


def show_not_scheduled(window: MainWindow, wanted: str, *, star: bool) -> bool:
    """Open the "Not scheduled" page, with the first entry whose title has ``wanted``
    selected; ``star``: starred first (the throwaway library only)."""
    unplaced = window.selection.not_scheduled
    entry = next((e for e in unplaced.entries if wanted.casefold() in e.title.casefold()), None) if wanted else None
    if wanted and entry is None:
        return False
    if entry is not None and star:
        window.set_star(entry.id, True)
    return unplaced.open(entry.id if entry is not None else "")


if __name__ == "__main__":
    sys.exit(main())
