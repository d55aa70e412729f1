"""The scroll areas' own viewports (planner/ui/viewports.py): set up as Qt's, and cheap.

Opening the window must not make PySide6 build the Python types of every widget class
in QtWidgets; that happens the first time Python reads a viewport Qt made in C++, and
cost 30-60 ms of every start. The check runs in a fresh interpreter, since this test
process has long since built every type it uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QListView

from planner.ui.viewports import give_own_viewport

ROOT = Path(__file__).resolve().parents[2]


def test_the_own_viewport_is_set_up_like_the_one_qt_makes(qapp: object) -> None:
    stock, own = QListView(), QListView()
    made = give_own_viewport(own)
    assert own.viewport() is made
    for view in (stock, own):
        view.resize(200, 100)
    ours, theirs = own.viewport(), stock.viewport()
    assert ours.objectName() == theirs.objectName() == "qt_scrollarea_viewport"
    assert ours.backgroundRole() == theirs.backgroundRole() == QPalette.ColorRole.Base
    assert ours.autoFillBackground() and theirs.autoFillBackground()
    assert ours.parent() is own
    assert ours.focusProxy() is own and theirs.focusProxy() is stock  # focus goes to the view
    assert ours.size() == theirs.size()


def test_timeline_and_agenda_use_their_own_viewports(window) -> None:  # type: ignore[no-untyped-def]
    for view in (window.timeline, window.agenda.tree):
        viewport = view.viewport()
        assert viewport.objectName() == "qt_scrollarea_viewport"
        assert viewport.autoFillBackground()
        assert viewport.hasMouseTracking() == view.hasMouseTracking()


# In a fresh interpreter: record each enum type PySide6 creates (it creates a class's
# enums with its Python type), then open the window on a new library and paint it.
_OPEN_WINDOW = textwrap.dedent("""
    import enum, json, sys
    made = []
    create = enum.EnumType.__call__
    def record(cls, value, names=None, *args, **kwargs):
        if names is not None:
            made.append(value)
        return create(cls, value, names, *args, **kwargs)
    enum.EnumType.__call__ = record

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    from planner.bootstrap import open_library
    from planner.ui.main_window import MainWindow

    app = QApplication([])
    library = open_library(sys.argv[1])
    window = MainWindow(library, settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.timeline.viewport().repaint()
    print(json.dumps(made))
    library.close()
""")


def test_opening_the_window_does_not_build_every_widget_type(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_WINDOW, str(tmp_path / "library.sqlite3"), str(tmp_path / "settings.ini")],
        env=env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    made = json.loads(done.stdout.strip().splitlines()[-1])
    assert "ItemDataRole" in made  # the recording works: the window does use Qt's enums
    # Enums of widget classes the window never uses: QWizard, QMdiArea, QGraphicsView.
    unused = {"WizardButton", "WizardStyle", "WindowOrder", "ViewportAnchor", "DragMode"}
    assert not unused & set(made), sorted(unused & set(made))
