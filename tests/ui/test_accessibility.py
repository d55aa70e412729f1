"""Accessibility (names for every control, cards as accessible list items) and display
safety (schedule text is shown as text; nothing is fetched from the network)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtNetwork import QHostAddress, QTcpServer
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLineEdit, QWidget

from planner.ui.main_window import MainWindow

from .helpers import event, session_page, write_tiny


def controls(window: MainWindow) -> list[QWidget]:
    found: list[QWidget] = []
    for kind in (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView):
        found += [w for w in window.findChildren(kind) if w.isVisibleTo(window)]
    return found


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {widget.objectName()!r} parent={type(widget.parent()).__name__}"


def nameless(found: list[QWidget]) -> list[str]:
    missing = []
    for widget in found:
        name = widget.accessibleName().strip()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "").strip()
        if not name:
            missing.append(describe(widget))
    return missing


def test_the_views_made_on_demand_name_their_controls_too(qtbot, window: MainWindow, tmp_path: Path) -> None:
    """The list view (L), the search's matches and the Rooms popup are made when first
    wanted: the check above, on a fresh window, never sees them."""
    assert window.import_files([str(write_tiny(tmp_path))])
    window.list_view_action.trigger()
    window.focus_search()
    with qtbot.waitSignal(window.finder.found, timeout=2000):
        qtbot.keyClicks(window.search, "oral")
    window.filter_bar.room_button.open_popup()
    popup = window.filter_bar.room_button.popup
    found = controls(window) + ([w for kind in (QAbstractButton, QLineEdit, QAbstractItemView)
                                 for w in popup.findChildren(kind) if w.isVisibleTo(popup)] if popup else [])
    assert window.event_list in found and window.results in found
    assert nameless(found) == []


@pytest.mark.parametrize("with_agenda", [False, True])
def test_every_visible_control_has_an_accessible_name(
    qtbot, window: MainWindow, tmp_path: Path, with_agenda: bool
) -> None:
    if with_agenda:  # a second schedule shows the schedule box; stars show the agenda list
        assert window.import_files([str(write_tiny(tmp_path))])
        window.set_star(event(window, "Oral 1").id, True)
        window.select_event(event(window, "Oral 1").id)
        qtbot.waitUntil(lambda: window.schedule_box.isVisibleTo(window))  # the toolbar lays out later
    found = controls(window)
    assert window.search in found and window.timeline in found
    if with_agenda:
        assert window.agenda.tree in found and window.schedule_box in found
    nameless = []
    for widget in found:
        name = widget.accessibleName().strip()
        if not name and isinstance(widget, QAbstractButton):
            name = widget.text().replace("&", "").strip()
        if not name:
            nameless.append(describe(widget))
    assert nameless == []


def test_the_timeline_exposes_one_accessible_item_per_card(window: MainWindow) -> None:
    interface = QAccessible.queryAccessibleInterface(window.timeline)
    assert interface is not None and interface.isValid()
    assert interface.text(QAccessible.Text.Name) == "Timeline"
    assert interface.childCount() == 15
    names = [interface.child(i).text(QAccessible.Text.Name) for i in range(interface.childCount())]
    for name, e in zip(names, window.model.events(), strict=True):
        assert (e.heading if e.title or e.number else "Untitled slot") in name
    assert "Oral 1" in names[0] and "Is normalization indispensable" in names[0]
    assert "18:00 to 18:15" in names[0] and "Jie Shao" in names[0]
    assert "Break" in names[3]


def test_accessible_items_report_stars_and_their_place_on_screen(window: MainWindow) -> None:
    oral2 = event(window, "Oral 2")
    window.set_star(oral2.id, True)
    interface = QAccessible.queryAccessibleInterface(window.timeline)
    child = interface.child(window.model.row_of(oral2.id))
    assert "starred" in child.text(QAccessible.Text.Name)
    assert "starred" not in interface.child(0).text(QAccessible.Text.Name)
    index = window.model.index_of(oral2.id)
    window.timeline.scrollTo(index)
    visual = window.timeline.visualRect(index)
    top_left = window.timeline.viewport().mapToGlobal(visual.topLeft())
    assert child.rect() == QRect(top_left, visual.size())


def test_the_agenda_header_describes_its_count(window: MainWindow) -> None:
    window.set_star(event(window, "Oral 1").id, True)
    assert "1 starred" in window.agenda.header.accessibleDescription()


# -- display safety ----------------------------------------------------------------------


@pytest.fixture
def server(qtbot) -> QTcpServer:  # type: ignore[no-untyped-def]
    tcp = QTcpServer()
    assert tcp.listen(QHostAddress.SpecialAddress.LocalHost, 0)
    yield tcp
    tcp.close()


def hostile_schedule(tmp_path: Path, port: int) -> Path:
    img = f'<img src="http://127.0.0.1:{port}/x">'
    text = session_page("Hostile Session", [
        ("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00",
         f"1 - Oral: {img} <script>alert(1)</script> <a href='http://127.0.0.1:{port}/a'>link</a>",
         "Mallory <b>Bold</b>, Eve",
         f"Read this {img} and <script>fetch('http://127.0.0.1:{port}/s')</script> "
         f"<style>body{{background:url(http://127.0.0.1:{port}/bg)}}</style> with {{\\it LaTeX}} too."),
    ])
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_markup_in_schedule_text_is_shown_as_text_and_never_fetched(
    qtbot, window: MainWindow, tmp_path: Path, server: QTcpServer
) -> None:
    port = server.serverPort()
    img = f'<img src="http://127.0.0.1:{port}/x">'
    assert window.import_files([str(hostile_schedule(tmp_path, port))])
    hostile = event(window, "Oral 1")
    with qtbot.assertNotEmitted(server.newConnection, wait=300):
        window.select_event(hostile.id)
        browser = window.detail.browser
        text = browser.toPlainText()
        window.grab()  # paint the cards, the detail pane, the agenda: anything that could load
        window.set_star(hostile.id, True)
        window.agenda.grab()
        QApplication.processEvents()
    assert not server.hasPendingConnections()
    assert img in text
    assert "<script>alert(1)</script>" in text
    assert "<script>fetch(" in text and "<style>" in text
    assert "Mallory <b>Bold</b>" in text
    assert "LaTeX" in text and "\\it" not in text
    # Nothing became an element: no image, and no anchor but the pane's own, which link
    # a web address shown in the text to exactly that address (planner.text.links).
    html = browser.toHtml()
    assert "<img" not in html
    anchors = re.findall(r'<a href="([^"]*)">(.*?)</a>', html)
    assert anchors and len(anchors) == html.count("<a ")
    for address, shown in anchors:
        assert address.startswith(f"http://127.0.0.1:{port}/") and re.sub(r"<[^>]*>", "", shown) == address
    for fmt in browser.document().allFormats():
        assert not fmt.isImageFormat()


def shown_as(tip: str) -> str:
    """The text QToolTip shows for ``tip``: it renders anything that looks like HTML."""
    if not GuiQt.mightBeRichText(tip):
        return tip
    document = QTextDocument()
    document.setHtml(tip)
    return document.toPlainText()


def test_tooltips_show_schedule_markup_as_text(qtbot, window: MainWindow, tmp_path: Path) -> None:
    assert window.import_files([str(hostile_schedule(tmp_path, 9))])
    hostile = event(window, "Oral 1")
    window.set_star(hostile.id, True)
    card_tip = window.model.index_of(hostile.id).data(Qt.ItemDataRole.ToolTipRole)
    agenda_tip = window.agenda.model.index_of(hostile.id).data(Qt.ItemDataRole.ToolTipRole)
    for tip in (card_tip, agenda_tip):
        shown = shown_as(tip)
        assert '<img src="http://127.0.0.1:9/x">' in shown
        assert "<script>alert(1)</script>" in shown
        assert "Mallory <b>Bold</b>, Eve" in shown
        assert "09:00–09:30" in shown
    # An ordinary tooltip still reads normally, one line each for title, time and authors.
    window.reload(window.library.schedules()[0].key)
    plain = shown_as(window.model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole))
    lines = [line.strip() for line in plain.replace("\u2028", "\n").splitlines() if line.strip()]
    assert lines[0] == "Oral 1: Is normalization indispensable for training deep neural network?"
    assert lines[2] == "Jie Shao, Kai Hu, Changhu Wang, Xiangyang Xue, Bhiksha Raj"


def test_the_browser_refuses_every_resource(window: MainWindow) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    browser = window.detail.browser
    for url in ("http://127.0.0.1:1/x.png", "file:///etc/passwd", "qrc:/icon.png", "data:text/plain,hi"):
        assert browser.loadResource(int(QTextDocument.ResourceType.ImageResource), QUrl(url)) is None
    assert not browser.openLinks() and not browser.openExternalLinks()
