"""QApplication set-up and the window's entry point."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from planner import __version__
from planner.shipped import resource_file


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication, named so QSettings and the desktop find us."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QCoreApplication.setOrganizationName("Planner")
    QCoreApplication.setApplicationName("Planner")
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("planner")
    app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    path = resource_file("planner.svg")
    return QIcon(str(path)) if path.is_file() else QIcon()


def run(db: str | None = None, files: Sequence[str] = ()) -> int:
    """Open the window on the library (and add ``files`` to it first)."""
    from planner.bootstrap import open_library
    from planner.store import StoreError
    from planner.ui.main_window import MainWindow

    app = application()
    try:
        library = open_library(db)
    except StoreError as exc:
        QMessageBox.critical(None, "Planner", str(exc))
        return 1
    if library.recovery_notice:
        QMessageBox.warning(None, "Planner", library.recovery_notice)
    window = MainWindow(library)
    window.setWindowIcon(app_icon())
    if files:
        window.import_files(list(files))
    window.show()
    QTimer.singleShot(0, window.restore_selection)
    # Schedules added from a link are refreshed in the background when over 6 hours old.
    QTimer.singleShot(1500, window.refresh_if_stale)
    try:
        return app.exec()
    finally:
        library.close()


def main() -> int:
    """Entry point for the ``planner-gui`` launcher."""
    from planner.cli import main as cli_main

    return cli_main([])
