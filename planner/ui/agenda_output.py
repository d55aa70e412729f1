"""My agenda out of the window: exported as a file (.ics, Markdown, PDF, its papers as
BibTeX) or printed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import cast

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QWidget

from planner.domain.model import Event
from planner.store import Library
from planner.text.wording import counted
from planner.ui import dialogs

# The export dialog's file types: the agenda's (planner.ui.dialogs), and its papers as BibTeX.
EXPORT_FILTERS = dialogs.EXPORT_FILTERS + ";;BibTeX, the starred papers (*.bib)"
_SUFFIXES = {"Markdown": "md", "PDF": "pdf", "BibTeX": "bib"}


def export_path(parent: QWidget, start_dir: str) -> tuple[str, str] | None:
    """Where to export, and as what: ("…/my-agenda.bib", "bib"); None when cancelled. A
    name without a known suffix gets the one of the chosen file type."""
    from PySide6.QtWidgets import QFileDialog  # built on first use, as planner.ui.dialogs does

    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export My Agenda", str(Path(start_dir) / "my-agenda.ics"), EXPORT_FILTERS)
    if not path:
        return None
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix not in ("ics", "md", "pdf", "bib"):
        suffix = next((s for name, s in _SUFFIXES.items() if name in chosen), "ics")
        path += "." + suffix
    return path, suffix


class AgendaOutput(QObject):
    """Export and print for one window.

    Signals:
        status(str, int): a status-bar message and how long it shows, in ms.
    """

    status = Signal(str, int)

    def __init__(self, library: Library, settings: QSettings, window: QWidget) -> None:
        super().__init__(window)
        self.library = library
        self.settings = settings
        self._window = window  # the dialogs' parent

    def export(self, events: Sequence[Event], *, schedule_key: str | None, title: str,
               alarm_minutes: int | None) -> None:
        """Save My agenda as .ics (updating earlier exports), Markdown or PDF, or its papers
        as BibTeX (with the papers starred that have no time yet)."""
        # Measured lazy imports: the exporters and Qt's PDF writer load when first used.
        from planner.fileio import write_atomic
        from planner.services.exporting import export_agenda
        from planner.ui.widgets.printing import html_to_pdf

        reading_list = self.library.unscheduled(schedule_key=schedule_key, starred=True)  # BibTeX takes them too
        if not events and not reading_list:
            dialogs.information(self._window, "Planner", "My agenda is empty: star some talks (S) first.")
            return
        chosen = export_path(self._window, cast(str, self.settings.value("exportDir", str(Path.home()), type=str)))
        if chosen is None:
            return
        path, suffix = chosen
        if not events and suffix != "bib":
            dialogs.information(self._window, "Planner", "The only starred papers have no time yet: they can be "
                                "exported as BibTeX, not in a calendar or an agenda.")
            return
        try:
            result = export_agenda(self.library, schedule_key=schedule_key, fmt=suffix, alarm_minutes=alarm_minutes,
                                   title=f"My agenda — {title}",  # exports ignore the display zone
                                   render_pdf=html_to_pdf)
            write_atomic(path, result.data)
        except OSError as exc:
            # Nothing is remembered: the next export still sends what this one would have.
            dialogs.critical(self._window, "Planner — export failed",
                             f"Could not write {path}: {exc.strerror or exc}\nNothing was changed.")
            return
        result.remember(self.library)
        self.settings.setValue("exportDir", str(Path(path).parent))
        text = f"Exported {counted(result.count, 'paper' if suffix == 'bib' else 'event')} to {path}"
        if result.skipped:  # BibTeX: a break or an invited talk is no paper
            from planner.export.bibtex import left_out  # loaded by the export already

            text += f" ({left_out(result.skipped)})"
        if result.cancelled:
            text += f" ({result.cancelled} cancelled since the last export)"
        self.status.emit(text, 10000)

    def print(self, events: Sequence[Event], *, title: str, zone: tzinfo | None, display: tzinfo | None,
              schedule_key: str | None = None) -> None:
        """Print My agenda: conference days, times as on screen, then the papers to read."""
        # Lazy: the HTML writer and QtPrintSupport, only when printing.
        from planner.export.markdown import to_html
        from planner.services.exporting import removed_ids
        from planner.ui.widgets.printing import print_html

        reading = self.library.unscheduled(schedule_key=schedule_key, starred=True) if schedule_key else []
        html = to_html(events, title=f"My agenda — {title}", zone=zone, display=display,
                       notes=self.library.notes(), reading=reading, tiers=self.library.tiers(),
                       removed=removed_ids(self.library, events))
        if print_html(html, self._window):
            self.status.emit(f"Printed {len(events)} event{'s' if len(events) != 1 else ''}", 5000)
