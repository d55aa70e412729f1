"""What the window's first paint does not show is made after it, and nothing is missed for it
(issue 22, planner.ui.later).

Suggested for you, calendar sync, Plan my day and the marks after a talk are made once the
first paint is on screen (MainWindow.finish_start, which planner.ui.app calls then), or
sooner when something wants one: a command, a shortcut, a talk shown, a test. The window
fixture never calls finish_start, so these tests meet every part before it is made.
"""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
import textwrap
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt

from planner.store import Library
from planner.ui import actions
from planner.ui.main_window import MainWindow
from planner.ui.my_agenda import MyAgenda

from .plan_fest import STARS, write_fest
from .test_start_cost import run_fresh

ORAL1, ORAL2 = "sp-496136e5b5", "sp-78b3ba9738"  # the bundled session's; alike, as more like this says

# Modules of the parts made after the first paint.
LATER_MODULES = {"planner.ui.suggestions", "planner.ui.calendar_sync", "planner.ui.plan_view",
                 "planner.ui.after_event", "planner.domain.planning", "planner.domain.similar"}

# In a fresh interpreter: planner.ui.app.run as `planner` calls it, noting the modules loaded
# when the timeline is first painted and when finish_start runs, then leaving.
_RUN_WINDOW = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    import planner.ui.app as app_module
    from planner.ui import main_window
    from planner.ui.widgets import timeline

    seen = {}
    paint = timeline.TimelineView.paintEvent
    def painted(self, event):
        paint(self, event)
        seen.setdefault("modules at the first paint", sorted(sys.modules))
        seen.setdefault("no icon at the first paint", self.window().windowIcon().isNull())
    timeline.TimelineView.paintEvent = painted

    finish = main_window.MainWindow.finish_start
    def finish_start(self):
        seen["painted before finish_start"] = "modules at the first paint" in seen
        finish(self)
        seen["modules after finish_start"] = sorted(sys.modules)
        seen["icon once painted"] = [not w.windowIcon().isNull() for w in (QApplication.instance(), self)]
        seen["tray icon"] = self.tray is None or not self.tray.icon().isNull()
        seen["parts made"] = [main_window.MainWindow.suggestions.made(self),
                              main_window.MainWindow.calendar_sync.made(self)]
        QTimer.singleShot(0, QApplication.quit)
    main_window.MainWindow.finish_start = finish_start
    QTimer.singleShot(30_000, QApplication.quit)  # never wait for ever

    status = app_module.run(db=sys.argv[1])
    print(json.dumps(seen))
    sys.stdout.flush()
    os._exit(status)  # not waiting for the window's later timers
""")


def test_the_first_paint_comes_before_the_parts_it_does_not_show(tmp_path: Path) -> None:
    seen = run_fresh(_RUN_WINDOW, tmp_path)
    assert seen["painted before finish_start"]
    assert not LATER_MODULES & set(seen["modules at the first paint"])
    assert {"planner.ui.suggestions", "planner.ui.calendar_sync", "planner.ui.plan_view",
            "planner.ui.after_event"} <= set(seen["modules after finish_start"])
    assert seen["parts made"] == [True, True]
    # Planner's icon too (3.6 ms of reading SVG), for the windows and the tray.
    assert seen["no icon at the first paint"] and seen["icon once painted"] == [True, True]
    assert seen["tray icon"]


# In a fresh interpreter: planner.entry.main as `planner` runs it, up to where it hands over
# to the window.
_ENTRY = textwrap.dedent("""
    import gc, json, sys
    import planner.entry as entry

    def window(db, files):
        print(json.dumps({"frozen": gc.get_freeze_count(), "enabled": gc.isenabled()}))
        return 0
    entry.open_window = window
    sys.exit(entry.main(["--db", sys.argv[1]]))
""")


def test_the_command_lines_modules_are_frozen_once_loaded(tmp_path: Path) -> None:
    """Loaded with the collector paused and left unfrozen, they were all scanned by the first
    collection after it (0.8 ms of a start on the bundled session, timed with gc.callbacks)."""
    seen = run_fresh(_ENTRY, tmp_path)
    assert seen["enabled"] and seen["frozen"] > 5000


def test_the_window_says_once_when_its_first_paint_is_on_screen(
        qtbot, library: Library, settings: QSettings) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(library, settings=settings)
    qtbot.addWidget(window)
    paints: list[int] = []

    class Painted(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                paints.append(1)
            return False

    counter = Painted(window)
    window.timeline.viewport().installEventFilter(counter)
    with qtbot.waitSignal(window.firstPainted, timeout=5000):
        window.show()
    assert paints  # the day was painted before the signal
    with qtbot.assertNotEmitted(window.firstPainted, wait=100):
        window.repaint()
    assert not MainWindow.suggestions.made(window)
    window.finish_start()  # as planner.ui.app does on firstPainted
    assert MainWindow.suggestions.made(window) and MainWindow.calendar_sync.made(window)
    assert MyAgenda.plan.made(window.my_agenda) and MyAgenda.after.made(window.my_agenda)


def test_every_command_finds_its_handler_on_the_window(window: MainWindow) -> None:
    """Actions look their handler up when triggered (some parts are made late): a name
    that is not there must fail here, not when someone presses the key."""
    for command in actions.COMMANDS:
        if command.handler:
            assert callable(attrgetter(command.handler)(window)), command.handler


def test_a_shortcut_pressed_at_once_plans_the_day(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert not MyAgenda.plan.made(window.my_agenda)
    window.set_star(ORAL1, True)
    window.set_star(ORAL2, True)
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_P, Qt.KeyboardModifier.ShiftModifier)
    plan = window.my_agenda.plan
    assert plan.result is not None and {ORAL1, ORAL2} <= set(plan.result.events)
    assert window.agenda.stack.currentWidget() is plan.panel


def test_the_plan_my_day_button_works_before_the_plan_is_made(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_star(ORAL1, True)
    assert not MyAgenda.plan.made(window.my_agenda)
    qtbot.mouseClick(window.agenda.plan_button, Qt.MouseButton.LeftButton)
    assert window.my_agenda.plan.result is not None
    assert window.agenda.stack.currentWidget() is window.my_agenda.plan.panel


def test_a_window_just_opened_shows_plan_b_of_an_accepted_plans_talk(
        qtbot, open_window, library: Library, settings: QSettings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first = open_window(library, settings, None)
    assert first.import_files([str(write_fest(tmp_path))])
    ids = {e.title: e.id for e in first.days.all()}
    for title, tier in STARS.items():
        first.stars.set_tier(ids[title], tier, first.days)
    first.show_day(first.day_list[0])
    first.my_agenda.plan.plan_day()
    first.my_agenda.plan.accept()
    first.close()

    second = open_window(library, settings, None)
    assert not MyAgenda.plan.made(second.my_agenda)
    second.select_event(ids["Delta"])  # a talk of the accepted plan: its Plan B shows
    plan_b = second.my_agenda.plan.plan_b
    assert plan_b.isVisible() and plan_b.ids() == [ids["India"], ids["Golf"], ids["Hotel"]]


def test_suggestions_made_late_are_for_the_stars_made_before(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.set_star(ORAL1, True)
    assert not MainWindow.suggestions.made(window)
    with qtbot.waitSignal(window.suggestions.updated, timeout=5000):
        pass
    panel = window.suggestions.panel
    assert panel.isVisible()
    assert panel.model.event_ids()[0] == ORAL2 and ORAL1 not in panel.model.event_ids()


def test_closing_a_window_makes_none_of_its_later_parts(window: MainWindow) -> None:
    window.close()
    assert not MainWindow.suggestions.made(window) and not MainWindow.calendar_sync.made(window)


# A session page whose one talk has LaTeX in its title, for the test below.
_LATEX_SESSION = """## Orals: Theory

### Time

2020-12-10T18:00:00-08:00 - 2020-12-10T19:00:00-08:00

### Schedule

2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00

##### 1 - Oral: Sparse $\\ell_1$ recovery at 76.8\\% of the cost

Ada Lovelace

An abstract.
"""

# In a fresh interpreter: `planner --db LIBRARY` as run from the command line, leaving
# without its exit handlers once the window has finished its start.
_START_AND_LEAVE = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from planner import entry
    from planner.ui import main_window

    finish = main_window.MainWindow.finish_start
    def finish_start(self):
        finish(self)
        QTimer.singleShot(0, QApplication.quit)
    main_window.MainWindow.finish_start = finish_start
    QTimer.singleShot(30_000, QApplication.quit)  # never wait for ever
    entry.main(["--db", sys.argv[1]])
    print(json.dumps(sorted(os.listdir(os.path.join(os.environ["XDG_CACHE_HOME"], "planner")))))
    sys.stdout.flush()
    os._exit(0)  # no exit handlers: what is there was written by the window
""")


def test_a_start_keeps_what_the_next_one_can_reuse_once_its_first_paint_is_up(tmp_path: Path,
                                                                                monkeypatch) -> None:  # type: ignore[no-untyped-def]
    session = tmp_path / "theory.txt"
    session.write_text(_LATEX_SESSION, encoding="utf-8")
    library = tmp_path / "library.sqlite3"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for command in (["import", str(session)], ["remove", "Orals & Spotlights Track 34: Deep Learning"]):
        # The new schedule only (the library begins with the bundled one, whose first cards hold no LaTeX).
        subprocess.run([sys.executable, "-m", "planner", "--db", str(library), *command], check=True, env=env,
                       capture_output=True, timeout=120)
    shutil.rmtree(tmp_path / "cache")  # what the command line kept at its exit: not this test's
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    kept = run_fresh(_START_AND_LEAVE, tmp_path)
    assert kept == ["dataclass-code.marshal", "latex-pieces.marshal"]
    _, pieces = marshal.loads((tmp_path / "cache" / "planner" / "latex-pieces.marshal").read_bytes())
    assert pieces.get("$\\ell_1$") == "ℓ_1"  # converted for the first card, and kept
