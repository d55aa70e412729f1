"""QApplication set-up and the window's entry point."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QLabel

from planner import __version__, dataclass_code
from planner.shipped import resource_file
from planner.text import latex_pieces

if TYPE_CHECKING:
    from types import TracebackType

    from planner.store import Library
    from planner.ui.main_window import MainWindow


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings and the desktop find us."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Planner")
    QCoreApplication.setApplicationName("Planner")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("planner")
    paint_on_the_calling_thread()
    return QApplication(list(argv) if argv is not None else sys.argv[:1])


GUI_THREADPOOL_SWITCH = "QT_NO_GUI_THREADPOOL"


def paint_on_the_calling_thread() -> None:
    """Turn off Qt's GUI thread pool, unless the environment already decides.

    Qt's raster engine splits every fill or blit of more than ~96 scanlines into pieces
    for a pool of threads and blocks until they finish. A timeline repaint is a dozen
    such operations of well under a millisecond each, and the hand-offs cost more than
    the work: on a 2-core machine a scroll step's repaint took 4.5 ms (1 ms of it in the
    kernel, 66 context switches) and took 1.3-1.5 ms on the calling thread
    (benchmarks/RESULTS.md). Qt reads the variable once, when the pool is first
    wanted, so this runs before the QApplication exists. An environment that already
    has the variable keeps its value.
    """
    os.environ.setdefault(GUI_THREADPOOL_SWITCH, "1")


def keep_for_next_start() -> None:
    """Write what this start made that the next one can take instead of making it again.

    The compiled methods of the dataclasses (planner.dataclass_code) and the LaTeX pieces
    on the first cards (planner.text.latex_pieces), written once the first paint is on
    screen (all of a start's are made by then), not only at exit: a window that never
    closes normally keeps them too. A start that made nothing new writes nothing.
    """
    dataclass_code.save()
    latex_pieces.save()


def give_windows_our_icon() -> None:
    """Planner's icon on its windows (and in the tray), once the first paint is on screen.

    Reading the SVG, and loading Qt's SVG library to draw it, took 3.6 ms of a start
    (py-spy over 20 starts), for an icon in the title bar that appears a moment later.
    """
    QApplication.setWindowIcon(app_icon())


def app_icon() -> QIcon:
    path = resource_file("planner.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def open_library_telling_upgrades(db: str | None = None) -> Library:
    """open_library, showing "Updating your library…" while an older library is migrated."""
    from planner.store.open import open_library  # lazy: loaded once run() paused the collector

    notice: list[QLabel] = []

    def tell() -> None:
        label = QLabel("Updating your library for this version of Planner…\nYour stars and notes are kept.")
        label.setWindowTitle("Planner")
        label.setAccessibleName("Updating your library")
        label.setMargin(24)
        label.show()
        notice.append(label)
        for _ in range(3):  # mapped and painted before the migration holds the event loop
            QApplication.processEvents()

    try:
        # Only the attendee's own tables are checked before the window shows; the window
        # checks every page in the background once it is up (MainWindow.check_library).
        return open_library(db, before_upgrade=tell, full_check=False)
    finally:
        for label in notice:
            label.close()
            label.deleteLater()


def run(db: str | None = None, files: Sequence[str] = ()) -> int:
    """Open the window on the library, and add ``files`` to it once the window shows."""
    _pause_collector()
    try:
        return _run(db, files)
    finally:
        _resume_collector()


def _pause_collector() -> None:
    """No cyclic garbage collection until the window is up.

    A start makes some 30,000 objects the collector tracks (Qt's Python types and enums,
    our modules, the window, the first day) that nearly all live until exit; it makes next
    to no cyclic garbage. The collector scanned them again and again: 17-19 ms of a start,
    where a bare window spends 3 ms (gc.callbacks, bundled and 10,000-event libraries).
    Once the window is up they are frozen (gc.freeze), so later collections skip them
    too and a scroll or a search does not pay for them.
    """
    gc.disable()


def _resume_collector() -> None:
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _run(db: str | None, files: Sequence[str]) -> int:
    # Lazy, and the point of it: the window's modules (about 70, and the Qt types they
    # touch) load here, after run() paused the collector. Imported at the top of this
    # module, they loaded with it running, and a start took 25-30 ms longer
    # (benchmarks.startup.compare, bundled 1.90x -> 2.16x of a bare window).
    from planner.store import StoreError, is_damage, request_full_check
    from planner.ui.main_window import MainWindow

    app = application()
    try:
        library = open_library_telling_upgrades(db)
    except StoreError as exc:
        # Lazy: QMessageBox's Python type (and its enums) is built on first use, 1-2 ms.
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "Planner", str(exc))
        return 1
    if library.recovery_notice:
        from PySide6.QtWidgets import QMessageBox  # lazy, as above

        QMessageBox.warning(None, "Planner", library.recovery_notice)
    try:
        window = MainWindow(library)
    except Exception as exc:
        if not is_damage(exc):
            raise
        request_full_check(library.path)  # the next start moves it aside (see Library)
        from PySide6.QtWidgets import QMessageBox  # lazy, as above

        QMessageBox.critical(None, "Planner", f"the library {library.path} is damaged ({exc}); "
                             "start Planner again to set it aside and begin a new library")
        return 1
    window.show()
    if files:
        # After show: a big file takes seconds, and the window is there meanwhile.
        window.add_files(list(files))
    # What the first paint does not show, once it is on screen. (A zero timer queued here
    # fired before it: the window is exposed, and painted, only later in the event loop.)
    window.firstPainted.connect(give_windows_our_icon)  # first: the tray icon takes the window's
    window.firstPainted.connect(window.finish_start)
    window.firstPainted.connect(keep_for_next_start)
    # Once the event loop runs: the window is built and shown by then.
    QTimer.singleShot(0, _resume_collector)
    QTimer.singleShot(1000, window.check_library)
    _report_damage_to(window)
    # Schedules added from a link are refreshed in the background when over 6 hours old.
    QTimer.singleShot(1500, window.refresh_if_stale)
    try:
        return app.exec()
    finally:
        library.close()


def _report_damage_to(window: MainWindow) -> None:
    """A read that finds the library file damaged raises in whatever slot made it: the
    window tells the attendee (once) and has the next start set the file aside."""
    from planner.store import is_damage  # lazy, as in _run
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, trace: TracebackType | None) -> None:
        if is_damage(value):
            window.library_damaged(str(value))
        previous(kind, value, trace)

    sys.excepthook = hook
