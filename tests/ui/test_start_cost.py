"""What opening the window costs in Python types: only those of the classes it uses.

PySide6 builds a Qt class's Python type, and every enum in it, the first time Python
touches the class; a class like QStyle (eleven enums, hundreds of values) costs about
10 ms, and reading a widget Qt made in C++ (a scroll area's own viewport) makes PySide6
build every QWidget subclass it has not built yet to find the right type: 30-60 ms.
Both were paid by every start. The checks run in a fresh interpreter, since this test
process has long since built every type it uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


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
    from planner.store.open import open_library
    from planner.ui.main_window import MainWindow

    app = QApplication([])
    library = open_library(sys.argv[1])
    window = MainWindow(library, settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
    window.resize(1280, 800)
    window.show()
    for _ in range(5):
        app.processEvents()
    window.timeline.viewport().repaint()
    print(json.dumps(sorted(sys.modules)))
    print(json.dumps(made))
    library.close()
""")


def _open_the_window(tmp_path: Path) -> tuple[set[str], set[str]]:
    """(enum types PySide6 built, modules imported) opening the window on a new library."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run(
        [sys.executable, "-c", _OPEN_WINDOW, str(tmp_path / "library.sqlite3"), str(tmp_path / "settings.ini")],
        env=env, capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    modules_line, made_line = done.stdout.strip().splitlines()[-2:]
    made = set(json.loads(made_line))
    assert "ItemDataRole" in made  # the recording works: the window does use Qt's enums
    return made, set(json.loads(modules_line))


def _types_built_by_opening_the_window(tmp_path: Path) -> set[str]:
    return _open_the_window(tmp_path)[0]


def test_opening_the_window_loads_no_html_or_markdown_reader(tmp_path: Path) -> None:
    """The bundled session's abstracts are neither: those readers load when one is shown."""
    made, modules = _open_the_window(tmp_path)
    assert "planner.text.readable" in modules and "planner.ui.widgets.delegates" in modules  # cards were painted
    assert not {"html.parser", "planner.text.html", "markdown_it"} & modules


def test_opening_the_window_loads_no_child_process_machinery(tmp_path: Path) -> None:
    """subprocess (and the five modules it loads) comes with the first child job, not the window."""
    _, modules = _open_the_window(tmp_path)
    assert "planner.ui.workers" in modules  # the window's workers are loaded: they just need no child yet
    assert not {"subprocess", "planner.services.child_jobs"} & modules


def test_opening_the_window_builds_neither_every_widget_type_nor_qstyle(tmp_path: Path) -> None:
    made = _types_built_by_opening_the_window(tmp_path)
    # Enums of widget classes the window never uses: QWizard, QMdiArea, QGraphicsView.
    unused = {"WizardButton", "WizardStyle", "WindowOrder", "ViewportAnchor", "DragMode"}
    assert not unused & made, sorted(unused & made)
    # QStyle's: the timeline tells its card delegate the card's state (CardDelegate.paint_card).
    assert not {"PixelMetric", "StateFlag", "StandardPixmap"} & made


def test_painting_the_window_does_not_build_qgradient(tmp_path: Path) -> None:
    """QPainter.fillRect with a colour would: its overloads take a QGradient.Preset (fill_rect)."""
    made = _types_built_by_opening_the_window(tmp_path)
    assert "Weight" in made  # QFont's: the cards were painted
    assert not {"Preset", "Spread", "CoordinateMode"} & made


def test_opening_the_window_builds_no_dialog_types(tmp_path: Path) -> None:
    """Dialogs are imported where they open; a start that shows none builds none."""
    made = _types_built_by_opening_the_window(tmp_path)
    # QDialog's, QMessageBox's, QFileDialog's and QInputDialog's enums.
    dialog_enums = {"DialogCode", "ButtonRole", "StandardButton", "FileMode", "AcceptMode", "InputMode"}
    assert not dialog_enums & made, sorted(dialog_enums & made)


# In a fresh interpreter: planner.ui.app.run as `planner` calls it, with an event loop
# that runs the zero timers queued after show() and reports instead of waiting for a user.
_RUN_WINDOW = textwrap.dedent("""
    import gc, json, os, sys
    from PySide6.QtWidgets import QApplication
    import planner.ui.app as app_module
    from planner.ui import main_window

    seen = {"before": gc.isenabled()}
    build = main_window.MainWindow.__init__
    def init(self, *args, **kwargs):
        seen["while building the window"] = gc.isenabled()
        build(self, *args, **kwargs)
    main_window.MainWindow.__init__ = init

    def event_loop(app):
        app.processEvents()
        seen["in the event loop"] = gc.isenabled()
        seen["objects frozen"] = gc.get_freeze_count()
        return 0
    QApplication.exec = event_loop

    status = app_module.run(db=sys.argv[1])
    seen["after"] = gc.isenabled()
    print(json.dumps(seen))
    sys.stdout.flush()
    os._exit(status)  # not waiting for the window's later timers
""")


def run_fresh(script: str, tmp_path: Path) -> dict[str, Any]:
    """``script`` in a fresh interpreter, on a new library and settings in ``tmp_path``
    (argv[1]: the library's path); what it printed last, as JSON."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "library.sqlite3")],
                          env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_the_collector_pauses_while_the_window_is_built_and_resumes_once_it_is_up(tmp_path: Path) -> None:
    seen = run_fresh(_RUN_WINDOW, tmp_path)
    assert seen["before"] and not seen["while building the window"]
    # Running again once the window is up, with the start's objects out of its way.
    assert seen["in the event loop"] and seen["after"]
    assert seen["objects frozen"] > 10_000  # about 30,000 at a start on the bundled session


def test_the_collector_resumes_when_the_library_cannot_be_opened(qapp, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import gc

    from PySide6.QtWidgets import QMessageBox

    import planner.ui.app as app_module
    from planner.store import StoreError

    def refuse(db: str | None = None) -> None:
        assert not gc.isenabled()  # paused from the start of run()
        raise StoreError(f"{db}: not a Planner library")

    told: list[str] = []
    monkeypatch.setattr(app_module, "open_library_telling_upgrades", refuse)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: told.append(text))
    assert app_module.run(db=str(tmp_path / "library.sqlite3")) == 1
    assert told == [f"{tmp_path / 'library.sqlite3'}: not a Planner library"]
    assert gc.isenabled()
