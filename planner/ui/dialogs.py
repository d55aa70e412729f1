"""The window's message boxes, file dialogs and pickers, each a function.

Dialogs are imported where they open: building their Python types (QMessageBox,
QFileDialog, QInputDialog, QProgressDialog: a dozen enums) cost 3-4 ms of every start,
before the first paint, for windows that may never show one. So this module imports
none of them at its top, and every function imports the one it shows.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog, QWidget  # named only in annotations

SCHEDULE_FILTER = "Schedules (*.txt *.xml *.json *.ics *.ical);;All files (*)"
EXPORT_FILTERS = "Calendar (*.ics);;Markdown (*.md);;PDF (*.pdf)"


def as_plain(text: str) -> str:
    """Message boxes guess whether text is HTML; error messages quote schedule lines, which
    may look like HTML. Text Qt would take for markup is escaped into markup that shows it
    as written."""
    from PySide6 import QtGui  # Qt.mightBeRichText lives in QtGui's Qt namespace

    if not QtGui.Qt.mightBeRichText(text):
        return text
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


# -- message boxes ---------------------------------------------------------------------

def information(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def warning(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, text)


def critical(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(parent, title, text)


def about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox

    from planner import __version__

    QMessageBox.about(parent, "About Planner", f"Planner {__version__}\nPlan the talks you want to see.")


def confirm_removal(parent: QWidget, title: str, starred: int) -> bool | None:
    """Ask before removing the schedule ``title``: None to keep it, else whether its
    ``starred`` stars (and notes) go too."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "Remove schedule", f"Remove “{title}” from your library?", parent=parent)
    remove = box.addButton("Remove", QMessageBox.ButtonRole.AcceptRole)
    drop = None
    if starred:
        box.setInformativeText(
            f"You starred {starred} of its events. Your stars and notes are kept, so they come "
            "back if you add the schedule again, unless you choose to drop them too.")
        drop = box.addButton("Remove and Drop Stars", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked not in (remove, drop) or clicked is None:
        return None
    return clicked is drop


def tell_damage(parent: QWidget, path: Path, problem: str) -> None:
    """The library file is damaged: what happens next, and what SQLite found."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Warning, "Planner — the library file is damaged",
        f"Planner found damage in its library file {path}.\n\n"
        f"The next time Planner starts, it moves that file aside as "
        f"{path.stem}.damaged-<date and time>{path.suffix} (it is kept, never deleted) and "
        f"starts a new library. Until then some talks may be missing or not found by search.",
        QMessageBox.StandardButton.Ok, parent,
    )
    box.setDetailedText(f"What SQLite found in {path}:\n{problem}")  # for whoever looks into it
    box.exec()


# -- questions -------------------------------------------------------------------------

def ask_text(parent: QWidget, title: str, label: str) -> str | None:
    """The text typed, stripped; None when cancelled or blank."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok and text.strip() else None


def ask_int(parent: QWidget, title: str, label: str, value: int, lowest: int, highest: int) -> int | None:
    """The number chosen; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    number, ok = QInputDialog.getInt(parent, title, label, value, lowest, highest)
    return number if ok else None


def pick_zone(parent: QWidget, current: str) -> str | None:
    """An IANA time zone from the full list, ``current`` (else UTC) preselected; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog

    from planner.domain.zones import zone_names

    names = zone_names()
    current = current if current in names else "UTC"
    name, ok = QInputDialog.getItem(parent, "Time Zone", "Show times in:", names, names.index(current), True)
    return name if ok and name else None


# -- files -----------------------------------------------------------------------------

def open_schedule_files(parent: QWidget) -> list[str]:
    from PySide6.QtWidgets import QFileDialog

    paths, _ = QFileDialog.getOpenFileNames(parent, "Open Schedule", str(Path.home()), SCHEDULE_FILTER)
    return list(paths)


def export_path(parent: QWidget, start_dir: str) -> tuple[str, str] | None:
    """Where to export My agenda, and as what: ("…/my-agenda.md", "md"); None when cancelled.
    A name without a known suffix gets the one of the chosen file type."""
    from PySide6.QtWidgets import QFileDialog

    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export My Agenda", str(Path(start_dir) / "my-agenda.ics"), EXPORT_FILTERS)
    if not path:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("ics", "md", "pdf"):
        suffix = "md" if "Markdown" in chosen else "pdf" if "PDF" in chosen else "ics"
        path += "." + suffix
    return path, suffix


# -- progress --------------------------------------------------------------------------

def download_progress(parent: QWidget, url: str) -> QProgressDialog:
    """A busy dialog with Cancel, shown only if the download takes over 0.3 s."""
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(f"Downloading {url}…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Planner")
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def show_download_progress(dialog: QProgressDialog, read: int, total: object) -> None:
    if isinstance(total, int) and total > 0:
        dialog.setMaximum(total)
        dialog.setValue(min(read, total))
    dialog.setLabelText(f"Downloading… {read / 1024:.0f} KB" + (f" of {total / 1024:.0f} KB" if total else ""))
