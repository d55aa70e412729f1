"""Every command of the window in one table.

The menus, their shortcuts and the F1 list are all made from COMMANDS, so a shortcut
cannot sit in a menu and be missing from F1, or the other way round. The window names
its handlers here by attribute ("open_files", or a dotted path: "timeline.zoom_in");
each action looks its handler up on the window when it is triggered, as some parts are made
after the first paint (tests/ui/test_first_paint.py checks that every handler is there).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from planner.domain.zones import CONFERENCE, LOCAL

K = QKeySequence.StandardKey
MENUS = ("File", "Edit", "View", "Go", "Help")


@dataclass(frozen=True)
class Command:
    """One row: a menu entry with its shortcuts; with no menu, a key a widget handles
    itself, listed only in F1."""

    menu: str  # "File", a submenu as "View/Time &Zone", or "" for an F1 line only
    text: str = ""
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    handler: str = ""  # an attribute of the window, dotted for its parts: "timeline.zoom_in"
    args: tuple[object, ...] = ()  # passed to the handler
    name: str = ""  # the window keeps the action as ``{name}_action``
    tip: str = ""  # the status-bar tip
    checkable: bool = False
    group: str = ""  # actions of one group exclude each other (the time zones)
    separator: bool = False  # a line above it in its menu
    help: str = ""  # its line in the F1 list
    help_at: int = 0  # that line's place in the F1 list


COMMANDS: tuple[Command, ...] = (
    Command("File", "&Open Schedule…", (K.Open,), "files.open_files", name="open", tip="Add a schedule file to your library",
            help="Ctrl+O — open a schedule file", help_at=6),
    Command("File", "&Export My Agenda…", ("Ctrl+E",), "export_agenda", name="export",
            tip="Save the starred events as a calendar (.ics), Markdown or PDF file",
            help="Ctrl+E — export My agenda", help_at=5),
    Command("File", "S&ync to Calendar Server…", ("Ctrl+Shift+E",), "calendar_sync.open_dialog", name="calendar_sync",
            tip="Copy My agenda to your own CalDAV calendar (Nextcloud, Radicale, iCloud…), "
                "by hand or after each change"),
    Command("File", "Frie&nds' Agendas…", ("Ctrl+Shift+G",), "friends.open_dialog", name="friends",
            tip="Show a colleague's exported agenda beside yours: their picks get a name chip on the cards"),
    Command("File", "&Print My Agenda…", (K.Print,), "print_agenda", name="print",
            tip="Print the starred events, grouped by day", help="Ctrl+P — print My agenda", help_at=12),
    Command("File", "&Watch Later…", ("Ctrl+Shift+W",), "my_agenda.after.show_watch_later", name="watch_later",
            tip="Must-see talks you missed that have a recording; export the list to Markdown",
            help="Ctrl+Shift+W — Watch later: the must-see talks you missed that have a recording", help_at=24),
    Command("File", "Add from &URL…", ("Ctrl+Shift+O",), "web.add_from_url", name="url",
            tip="Add a schedule from a link (schedule.xml, .json, .ics or a session page)",
            help="Ctrl+Shift+O — add a schedule from a link, F5 — refresh it", help_at=13),
    Command("File", "Re&fresh Schedule", (K.Refresh,), "web.refresh_schedule", name="refresh",
            tip="Download the shown schedule again from its link"),
    Command("File", "Refresh on &Start…", ("Ctrl+Shift+F5",), "web.choose_refresh_age", name="auto_refresh",
            tip="Refresh schedules from links when Planner starts, if older than a set age"),
    Command("File", "&Remove Schedule…", ("Ctrl+Shift+Del",), "remove_schedule", name="remove",
            tip="Remove the shown schedule from your library"),
    Command("File", "&Quit", ("Ctrl+Q",), "close", name="quit", separator=True, help="Ctrl+Q — quit", help_at=15),
    Command("Edit", "&Undo", (K.Undo,), "stars.undo", name="undo", tip="Undo the last star or unstar",
            help="Ctrl+Z — undo the last star or unstar", help_at=18),
    Command("Edit", "&Find…", (K.Find,), "focus_search", name="find",
            help="Ctrl+F — search every day (Up / Down — through the matches, Enter — go to one), "
                 "Esc — clear the search", help_at=4),
    # Esc works from anywhere in the window, not only in the search box.
    Command("Edit", "&Clear Search", ("Esc",), "filter_bar.clear_search", name="clear_search"),
    # Shift+S too: a shortcut of "S" does not match the key pressed with Shift held.
    Command("Edit", "&Star / Unstar", ("S", "Shift+S"), "selection.star_current", name="star",
            tip="Star the selected event as must-see; again: maybe; again: unstar it",
            help="S — star the selected event: must-see, again for maybe, again to unstar", help_at=3),
    Command("Edit", "Mark &Attended", ("Ctrl+Shift+A",), "my_agenda.after.mark_attended", name="attended",
            separator=True, tip="You were at the selected talk (once it has ended); again: take the mark away",
            help="Ctrl+Shift+A / Ctrl+Shift+M — a talk that has ended: attended / missed", help_at=23),
    Command("Edit", "Mark &Missed", ("Ctrl+Shift+M",), "my_agenda.after.mark_missed", name="missed",
            tip="You missed the selected talk (once it has ended): a must-see with a recording goes to Watch later"),
    Command("View", "Zoom &In", ("Ctrl++", "Ctrl+="), "timeline.zoom_in", name="zoom_in",
            help="Ctrl+plus / Ctrl+minus — zoom", help_at=7),
    Command("View", "Zoom &Out", ("Ctrl+-",), "timeline.zoom_out", name="zoom_out"),
    Command("View", "&Actual Size", ("Ctrl+0",), "timeline.reset_zoom", name="zoom_reset"),
    Command("View", "Starred &Only", ("Ctrl+Shift+S",), "narrowing.apply", name="starred_only", checkable=True,
            separator=True),
    Command("View", "&Friends' Picks Only", ("Ctrl+Shift+F",), "narrowing.apply", name="friends_only", checkable=True,
            tip="Show only the talks a friend picked (File › Friends' Agendas… adds one)"),
    Command("View/Time &Zone", "&Conference Time", ("Ctrl+Shift+C",), "set_display_zone", (CONFERENCE,),
            name="conference_zone", checkable=True, group="zone",
            help="Ctrl+Shift+C / L / Z — times in conference / your / another zone", help_at=14),
    Command("View/Time &Zone", "&This Computer's Time", ("Ctrl+Shift+L",), "set_display_zone", (LOCAL,),
            name="local_zone", checkable=True, group="zone"),
    Command("View/Time &Zone", "&Other Zone…", ("Ctrl+Shift+Z",), "zones.choose", name="other_zone", checkable=True,
            group="zone"),
    Command("View/Time &Zone", "&Schedule's Own Zone…", (), "shown.choose_zone", name="schedule_zone",
            separator=True, tip="Say which time zone the times of a schedule that gives none are in"),
    Command("View", "&List View", ("L",), "panes.toggle_list", name="list_view", checkable=True, separator=True,
            tip="The day as a list (time, room, title, star) instead of the timeline",
            help="L — the day as a list, or as the timeline", help_at=17),
    Command("View", "&Details Pane", ("D",), "panes.toggle_details", name="details", checkable=True,
            tip="Show or hide the talk's details beside the timeline",
            help="D — show or hide the details pane (the timeline takes its width)", help_at=16),
    Command("View", "&Reminders…", ("Ctrl+Shift+R",), "alerts.choose_lead", name="reminder",
            tip="How many minutes before a starred event to remind you"),
    Command("View", "&Previous Day", ("Ctrl+PgUp", "["), "step_day", (-1,), name="prev_day",
            help="[ / ] — previous / next day", help_at=8),
    Command("View", "&Next Day", ("Ctrl+PgDown", "]"), "step_day", (1,), name="next_day"),
    Command("Go", "&Next Event", ("J",), "selection.step", (1,), name="next",
            help="J / K or ↓ / ↑ — next / previous event", help_at=1),
    Command("Go", "&Previous Event", ("K",), "selection.step", (-1,), name="prev"),
    Command("Go", "&Now", ("N",), "go_now", name="now", tip="Scroll to the current time", help="N — now", help_at=9),
    Command("Go", "&Plan My Day", ("Shift+P",), "my_agenda.plan.plan_day", name="plan_day", separator=True,
            tip="The starred talks of the shown day you can all attend, walking time included, in My agenda",
            help="Shift+P — plan my day: the starred talks of the shown day you can all attend", help_at=21),
    Command("Go", "Plan &B: Swap In", ("B",), "my_agenda.plan.swap_in", name="plan_b",
            tip="Plan the day around the chosen Plan B (or the selected talk) instead",
            help="B — Plan B: plan the day around the talk chosen under Plan B, or the selected talk", help_at=22),
    # The view on screen, whichever it is: the timeline, the list (L), an opened poster session
    # or the Not scheduled page; in My agenda, the day's plan while it is shown.
    Command("Go", "&Timeline", ("Alt+1",), "panes.focus_day", name="timeline", separator=True,
            help="Alt+1 / 2 / 3 — timeline / agenda / details", help_at=10),
    Command("Go", "My &Agenda", ("Alt+2",), "agenda.focus_shown", name="agenda"),
    Command("Go", "&Details", ("Alt+3",), "panes.focus_details", name="detail"),
    Command("Help", "&Keyboard Shortcuts", ("F1",), "show_shortcuts"),
    Command("Help", "&About Planner", (), "show_about"),
    # Keys the timeline and My agenda handle themselves: in F1, in no menu.
    Command("", help="← / → — event in the neighbouring column", help_at=2),
    Command("", help="Delete (in My agenda) — unstar", help_at=11),
    Command("", help="M (in My agenda) — make a must-see a maybe, or a maybe a must-see", help_at=20),
    Command("", help="Enter (on a poster session) — its posters by board, Esc — back to the timeline", help_at=19),
)


def help_lines() -> list[str]:
    """The F1 list: one line per command that has one, in their places."""
    return [c.help for c in sorted((c for c in COMMANDS if c.help), key=attrgetter("help_at"))]


def _slot(window: QMainWindow, handler: str, args: tuple[object, ...]) -> Callable[[], object]:
    """The command's handler, looked up when triggered: the window makes some of its parts
    (Plan my day, calendar sync) when first wanted, not before its first paint."""
    find = attrgetter(handler)

    def trigger() -> object:  # triggered(bool)'s checked state is not passed on
        method: Callable[..., object] = find(window)
        return method(*args)
    return trigger


def install(window: QMainWindow) -> tuple[dict[str, QMenu], dict[str, QAction]]:
    """Build the menu bar from COMMANDS; every shortcut works in the whole window.

    Returns the top-level menus by name and the named actions by name.
    """
    bar = window.menuBar()
    menus = {name: bar.addMenu(f"&{name}") for name in MENUS}
    submenus: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}
    actions: dict[str, QAction] = {}
    for command in COMMANDS:
        if not command.menu:
            continue
        if "/" in command.menu:
            if command.menu not in submenus:
                parent, _, title = command.menu.partition("/")
                submenus[command.menu] = menus[parent].addMenu(title)
            menu = submenus[command.menu]
        else:
            menu = menus[command.menu]
        if command.separator:
            menu.addSeparator()
        action = QAction(command.text, window)
        action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(command.checkable)
        if command.tip:
            action.setStatusTip(command.tip)
        action.triggered.connect(_slot(window, command.handler, command.args))
        if command.group:
            groups.setdefault(command.group, QActionGroup(window)).addAction(action)
        menu.addAction(action)
        window.addAction(action)
        if command.name:
            actions[command.name] = action
    return menus, actions
