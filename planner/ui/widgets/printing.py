"""PDF and printing of My agenda through Qt (QTextDocument, QPdfWriter, QPrinter)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

if TYPE_CHECKING:  # QtWidgets only for printing: the command line's PDFs need QtGui alone
    from PySide6.QtWidgets import QWidget

_APP: list[QGuiApplication] = []  # keeps the command line's application alive


def _ensure_gui_app() -> None:
    """The command line can make PDFs without a display: Qt's offscreen platform suffices."""
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP.append(QGuiApplication([]))


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    # Escaped HTML built by planner.export.markdown; no resource is ever loaded.
    document.setHtml(html)
    return document


def html_to_pdf(html: str) -> bytes:
    _ensure_gui_app()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    writer.setTitle("My agenda")
    writer.setCreator("Planner")
    document = QTextDocument()
    # Lay the text out at the writer's resolution (1200 dpi): with the default screen
    # layout, a page size in the writer's pixels shrank every font to a twelfth.
    document.documentLayout().setPaintDevice(writer)
    document.setHtml(html)  # escaped HTML from planner.export.markdown, as in _document
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


def print_html(html: str, parent: QWidget | None = None) -> bool:
    """Show the print dialog and print; False when the user cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # lazy: only when printing

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print My Agenda")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    _document(html).print_(printer)
    return True
