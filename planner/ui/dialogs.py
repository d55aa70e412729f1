"""The window's message boxes, file dialogs and pickers, each a function.

Dialogs are imported where they open: building their Python types (QMessageBox,
QFileDialog, QInputDialog, QProgressDialog: a dozen enums) cost 3-4 ms of every start,
before the first paint, for windows that may never show one. So this module imports
none of them at its top, and every function imports the one it shows.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from planner import __version__
from planner.domain.zones import CONFERENCE, LOCAL, zone_names

if TYPE_CHECKING:
    from PySide6.QtCore import QObject  # named only in annotations
    from PySide6.QtWidgets import QProgressDialog, QWidget

SCHEDULE_FILTER = "Schedules (*.txt *.xml *.json *.ics *.ical);;All files (*)"
EXPORT_FILTERS = "Calendar (*.ics);;Markdown (*.md);;PDF (*.pdf)"


def as_plain(text: str) -> str:
    """Message boxes guess whether text is HTML; error messages quote schedule lines, which
    may look like HTML. Text Qt would take for markup is escaped into markup that shows it
    as written."""
    from PySide6 import QtGui  # Qt.mightBeRichText lives in QtGui's Qt namespace

    if not QtGui.Qt.mightBeRichText(text):
        return text
    import html  # lazy: html.entities' 2,231 names are 9 M instructions of a start; nothing is escaped before the first paint

    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


# -- message boxes ---------------------------------------------------------------------

def information(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

    QMessageBox.information(parent, title, text)


def warning(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

    QMessageBox.warning(parent, title, text)


def critical(parent: QWidget, title: str, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

    QMessageBox.critical(parent, title, text)


def about(parent: QWidget) -> None:
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

    QMessageBox.about(parent, "About Planner", f"Planner {__version__}\nPlan the talks you want to see.")


def confirm_removal(parent: QWidget, title: str, starred: int) -> bool | None:
    """Ask before removing the schedule ``title``: None to keep it, else whether its
    ``starred`` stars (and notes) go too."""
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

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
    from PySide6.QtWidgets import QMessageBox  # built on first use: see the module docstring

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
    from PySide6.QtWidgets import QInputDialog  # built on first use: see the module docstring

    text, ok = QInputDialog.getText(parent, title, label)
    return text.strip() if ok and text.strip() else None


def ask_int(parent: QWidget, title: str, label: str, value: int, lowest: int, highest: int) -> int | None:
    """The number chosen; None when cancelled."""
    from PySide6.QtWidgets import QInputDialog  # built on first use: see the module docstring

    number, ok = QInputDialog.getInt(parent, title, label, value, lowest, highest)
    return number if ok else None


def pick_zone(parent: QWidget, current: str) -> str | None:
    """An IANA time zone (or "conference" / "local" typed out); None when cancelled."""
    picker = ZonePicker(parent, current)
    picker.dialog.exec()
    return picker.zone


def pick_schedule_zone(parent: QWidget, schedule: str, current: str) -> str | None:
    """The zone a schedule's zoneless times are in (its venue's); None when cancelled.

    Not the display zone's dialog: what is asked is where the conference happens, and its
    times are read in that zone, not converted to it. A look-alike "Show times in:" with the
    computer's zone filled in was accepted as it was, placing a Brussels conference in UTC.
    """
    picker = ZonePicker(parent, current, title="Schedule's Time Zone",
                        prompt=f"{schedule} gives its times without a time zone. In which zone are they?\n"
                               "Choose the zone of the place where it happens: its times are read in it.",
                        placeholder="The venue's city: Brussels, Berlin, Tokyo…")
    picker.dialog.exec()
    return picker.zone


def zones_matching(names: list[str], text: str) -> list[str]:
    """The zone names containing ``text`` anywhere, case and spaces aside ("new york" finds
    America/New_York): those where it starts a part of the name first, then the rest."""
    key = text.strip().replace(" ", "_").casefold()
    if not key:
        return []
    found = [n for n in names if key in n.casefold()]

    def starts_a_part(name: str) -> bool:
        folded = name.casefold()
        return any(folded[i:].startswith(key) for i in range(len(folded)) if i == 0 or folded[i - 1] in "/_-")

    return sorted(found, key=lambda n: not starts_a_part(n))  # stable: alphabetical within each


class ZonePicker:
    """The Time Zone dialog: a line that completes on any part of a zone's name, and, when
    what was typed is no zone, a message beside it while the dialog stays open with the text.

    A QInputDialog closed on any text, so a typo came back as a separate warning box and
    the text was lost. Not a QDialog subclass: its Qt types load when it first opens (see
    the module docstring), and validating in the OK button's slot needs no override.
    """

    def __init__(self, parent: QWidget | None, current: str, *, title: str = "Time Zone",
                 prompt: str = "Show times in:", placeholder: str = "Type part of a name: Berlin, New York, Tokyo…") -> None:
        # Built on first use, like every dialog here (see the module docstring).
        from PySide6.QtCore import QStringListModel, Qt
        from PySide6.QtWidgets import QCompleter, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout

        self.names = zone_names()
        self._folded = {n.casefold(): n for n in self.names}
        self.zone: str | None = None  # the name chosen, once accepted
        self.dialog = dialog = QDialog(parent)
        dialog.setWindowTitle(title)
        label = QLabel(prompt, dialog)
        label.setWordWrap(True)
        self.edit = edit = QLineEdit(current if current in self.names else "", dialog)
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.selectAll()  # typing replaces the zone shown now
        label.setBuddy(edit)
        # The completer shows every row of a list filtered here, as text is typed: matching
        # on any part, ignoring case and telling spaces from underscores is more than
        # QCompleter's MatchContains does ("new york" would find nothing).
        self._matches = QStringListModel(dialog)
        self.completer = completer = QCompleter(self._matches, dialog)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setMaxVisibleItems(12)
        edit.textEdited.connect(self._text_edited)  # runs before the line edit asks the completer
        edit.setCompleter(completer)
        # Enter in the open list is the dialog's OK, as it is in the line: Qt's completer
        # took it only to close its list (with a row highlighted, to fill it in), so typing
        # "Tokyo" and Enter took a second Enter. Kept by the dialog, which owns it.
        popup = completer.popup()
        assert popup is not None  # made by the completer when it is made
        self.popup = popup
        popup.installEventFilter(_enter_accepts(self, dialog))
        self.message = message = QLabel(dialog)
        message.setWordWrap(True)
        message.setTextFormat(Qt.TextFormat.PlainText)
        message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(self.accept)  # not dialog.accept: only a real zone closes it
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        for widget in (label, edit, message, buttons):
            layout.addWidget(widget)
        dialog.setMinimumWidth(420)  # room for America/Argentina/ComodRivadavia and the message
        edit.setFocus()

    def enter_in_list(self) -> None:
        """Enter in the open list: its highlighted zone, else the text as typed, and OK."""
        index = self.popup.currentIndex()
        if index.isValid():
            self.edit.setText(str(index.data()))
        self.popup.hide()
        self.accept()

    def _text_edited(self, text: str) -> None:
        self._matches.setStringList(zones_matching(self.names, text))
        self.message.hide()  # the text it spoke of is being changed
        self.message.setMinimumHeight(0)
        self.edit.setAccessibleDescription("")

    def chosen(self) -> str | None:
        """The zone the text names, else None with the message saying why: an exact name
        in any case, "conference", "local", or the one zone that contains the text."""
        text = self.edit.text().strip()
        key = text.replace(" ", "_").casefold()
        if key in (CONFERENCE, LOCAL):
            return key
        if key in self._folded:
            return self._folded[key]
        found = zones_matching(self.names, text)
        if len(found) == 1:
            return found[0]
        if not text:
            self._say("Type part of a time zone's name, such as Berlin, and pick one from the list.")
        elif found:
            examples = ", ".join(found[:3])
            self._say(f"“{text}” is part of {len(found)} time zones ({examples}, …): pick one from the list.")
        else:
            self._say(f"There is no time zone called “{text}”. Type part of a city's or region's name, "
                      "such as Berlin or New York, and pick one from the list.")
        return None

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        # A shown dialog does not grow by itself for a wrapped label: make room, or the
        # message's last lines are cut off.
        self.message.setMinimumHeight(self.message.heightForWidth(self.edit.width()))
        dialog = self.dialog
        dialog.resize(dialog.width(), max(dialog.height(), dialog.minimumSizeHint().height()))
        self.edit.setAccessibleDescription(text)  # read out by screen readers with the field
        self.edit.setFocus()

    def accept(self) -> None:
        zone = self.chosen()
        if zone is not None:
            self.zone = zone
            self.dialog.accept()


def _enter_accepts(picker: ZonePicker, owner: QWidget) -> QObject:
    """An event filter for the picker's completion list: Enter there calls enter_in_list."""
    # Built on first use, as the dialog itself (see the module docstring).
    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QKeyEvent

    class EnterAccepts(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                    event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                picker.enter_in_list()
                return True
            return False

    return EnterAccepts(owner)


# -- files -----------------------------------------------------------------------------

def open_schedule_files(parent: QWidget) -> list[str]:
    from PySide6.QtWidgets import QFileDialog  # built on first use: see the module docstring

    paths, _ = QFileDialog.getOpenFileNames(parent, "Open Schedule", str(Path.home()), SCHEDULE_FILTER)
    return list(paths)


def export_path(parent: QWidget, start_dir: str) -> tuple[str, str] | None:
    """Where to export My agenda, and as what: ("…/my-agenda.md", "md"); None when cancelled.
    A name without a known suffix gets the one of the chosen file type."""
    from PySide6.QtWidgets import QFileDialog  # built on first use: see the module docstring

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
    from PySide6.QtWidgets import QProgressDialog  # built on first use: see the module docstring

    dialog = QProgressDialog(f"Downloading {url}…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle("Planner")
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    # Qt starts the timer that shows the dialog when it is made, with its default 4 s, and
    # setMinimumDuration() restarts it only once a value is set: set one, so 0.3 s it is.
    dialog.setValue(0)
    return dialog


def show_download_progress(dialog: QProgressDialog, read: int, total: object) -> None:
    size = total if isinstance(total, int) else 0  # None when the server gives no length
    if size > 0:
        dialog.setMaximum(size)
        dialog.setValue(min(read, size))
    dialog.setLabelText(f"Downloading… {read / 1024:.0f} KB" + (f" of {size / 1024:.0f} KB" if size else ""))
