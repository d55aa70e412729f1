"""The one table of commands: menus, shortcuts and the F1 list all come from it."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox

from planner.ui import actions
from planner.ui.main_window import MainWindow

# The F1 list as it was written by hand before the table (the search line has grown, and lines
# were added at the end since).
F1_BEFORE_THE_TABLE = [
    "J / K or ↓ / ↑ — next / previous event", "← / → — event in the neighbouring column",
    "S — star the selected event: must-see, again for maybe, again to unstar",
    ("Ctrl+F — search every day (Up / Down — through the matches, Enter — go to one), "
    "Esc — clear the search"),
    "Ctrl+E — export My agenda", "Ctrl+O — open a schedule file", "Ctrl+plus / Ctrl+minus — zoom",
    "[ / ] — previous / next day", "N — now", "Alt+1 / 2 / 3 — timeline / agenda / details",
    "Delete (in My agenda) — unstar", "Ctrl+P — print My agenda",
    "Ctrl+Shift+O — add a schedule from a link, F5 — refresh it",
    "Ctrl+Shift+C / L / Z — times in conference / your / another zone", "Ctrl+Q — quit",
    "D — show or hide the details pane (the timeline takes its width)",
    "L — the day as a list, or as the timeline",
    "Ctrl+Z — undo the last star or unstar",
    "Enter (on a poster session) — its posters by board, Esc — back to the timeline",
    "M (in My agenda) — make a must-see a maybe, or a maybe a must-see",
    "Shift+P — plan my day: the starred talks of the shown day you can all attend",
    "B — Plan B: plan the day around the talk chosen under Plan B, or the selected talk",
    "Ctrl+Shift+A / Ctrl+Shift+M — a talk that has ended: attended / missed",
    "Ctrl+Shift+W — Watch later: the must-see talks you missed that have a recording",
]


def test_f1_lists_the_shortcuts_from_the_table(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *a: shown.append((title, text)))
    f1 = next(a for a in window.menus["Help"].actions() if QKeySequence("F1") in a.shortcuts())
    f1.trigger()
    assert shown == [("Keyboard shortcuts", "\n".join(F1_BEFORE_THE_TABLE))]


def test_every_command_in_a_menu_is_an_action_of_the_window(window: MainWindow) -> None:
    in_menus = {(c.text, tuple(QKeySequence(s) for s in c.shortcuts)) for c in actions.COMMANDS if c.menu}
    made = {(a.text(), tuple(a.shortcuts())) for a in window.actions()}
    assert in_menus - made == set()
    assert len({c.help_at for c in actions.COMMANDS if c.help}) == len(actions.help_lines())
