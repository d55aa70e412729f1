"""Error dialogs quote schedule text: it must show as written, never as markup."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QMessageBox

from planner.ui.dialogs import as_plain
from planner.ui.main_window import MainWindow


def _shown(text: str) -> str:
    """What a QMessageBox with automatic text format displays."""
    from PySide6 import QtGui

    if not QtGui.Qt.mightBeRichText(text):
        return text
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def test_markup_in_an_error_shows_as_written(qtbot, window: MainWindow, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text, *a: shown.append(text))
    bad = tmp_path / "bad.txt"
    bad.write_text("## Session\n### Schedule\n<b>not a time</b> <img src=x>\n", encoding="utf-8")
    assert window.import_files([str(bad)]) is False
    assert len(shown) == 1
    assert "<b>not a time</b> <img src=x>" in _shown(shown[0])
    assert "line 3" in _shown(shown[0])


def test_plain_text_is_left_alone() -> None:
    assert as_plain("line 3: expected a time range") == "line 3: expected a time range"
