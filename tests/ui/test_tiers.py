"""Must-see and maybe in the window (issue 20): S cycles a star through must-see, maybe and
none, Ctrl+Z puts back the tier a talk had, the cards, the list, the detail pane and My
agenda show the tier and the detail pane and My agenda change it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QStyleOptionViewItem

from planner.domain.marks import Tier
from planner.domain.model import Event, Kind
from planner.store import Library
from planner.text.readable import event_summary
from planner.ui.main_window import MainWindow
from planner.ui.widgets import colours
from planner.ui.widgets.delegates import CardDelegate
from planner.ui.widgets.models import EventListModel, PosterCounts, Roles, tier_of

from .helpers import event, index_of, star_point
from .test_contrast import RecordingPainter, light

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, key, modifier)


def message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


# -- S and undo ---------------------------------------------------------------------------


def test_s_cycles_must_see_maybe_none_and_says_which_by_title(qtbot, window: MainWindow, library: Library) -> None:
    oral2 = event(window, "Oral 2")
    name = event_summary(oral2)
    window.select_event(oral2.id)
    press(qtbot, window, Qt.Key.Key_S)
    assert library.tiers() == {oral2.id: Tier.MUST} and message(window) == f"Starred {name}"
    starred_at = library.starred_at(oral2.id)
    press(qtbot, window, Qt.Key.Key_S)
    assert library.tiers() == {oral2.id: Tier.MAYBE} and message(window) == f"Maybe: {name}"
    assert library.starred_at(oral2.id) == starred_at  # the same star, another tier
    assert window.stars.tiers == {oral2.id: Tier.MAYBE}
    assert tier_of(window.model.index_of(oral2.id)) is Tier.MAYBE
    assert window.model.index_of(oral2.id).data(Roles.STARRED) is True
    assert oral2.id not in message(window)
    press(qtbot, window, Qt.Key.Key_S, Qt.KeyboardModifier.ShiftModifier)  # Shift+S is S
    assert library.tiers() == {} and message(window) == f"Unstarred {name}"
    assert tier_of(window.model.index_of(oral2.id)) is None


def test_ctrl_z_puts_back_the_tier_the_talk_had(qtbot, window: MainWindow, library: Library) -> None:
    oral2 = event(window, "Oral 2")
    name = event_summary(oral2)
    window.select_event(oral2.id)
    for _ in range(3):  # must-see, maybe, none
        press(qtbot, window, Qt.Key.Key_S)
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.tiers() == {oral2.id: Tier.MAYBE}
    assert message(window) == f"Undone: {name} is starred again, as a maybe"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.tiers() == {oral2.id: Tier.MUST} and message(window) == f"Undone: {name} is must-see again"
    assert window.detail.star_button.text() == "★ Must-see"
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert library.tiers() == {} and message(window) == f"Undone: {name} is no longer starred"


def test_the_status_bar_and_my_agenda_count_the_maybes(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2, spot5 = (event(window, h) for h in ("Oral 1", "Oral 2", "Spotlight 5"))
    for talk in (oral1, oral2, spot5):
        window.set_star(talk.id, True)
    window.my_agenda.set_tier(oral2.id, Tier.MAYBE)
    window.my_agenda.set_tier(spot5.id, Tier.MAYBE)
    assert window.count_label.text().startswith("3 starred (2 maybe) · ")
    assert "(3, 2 maybe)" in window.agenda.header.text()
    assert "3 starred events (2 maybe)" in window.agenda.header.accessibleDescription()


# -- cards and the list -------------------------------------------------------------------


ZONE = timezone(timedelta(hours=1))


def _card_events() -> list[Event]:
    start = datetime(2024, 12, 27, 10, 0, tzinfo=ZONE)
    return [Event(id=f"t{i}", kind=Kind.ORAL, number=i, title=f"Talk {i}", authors=("Ada Example",), abstract="",
                  start=start, end=start + timedelta(minutes=45), session="S", room="Saal 1") for i in range(3)]


def _paint(model: EventListModel, row: int, size: tuple[int, int] = (260, 120)) -> RecordingPainter:
    palette = light()
    image = QImage(*size, QImage.Format.Format_ARGB32)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = RecordingPainter(image, palette.color(QPalette.ColorRole.Base))
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, *size)
    option.palette = palette
    delegate = CardDelegate()
    delegate.zone = ZONE
    try:
        delegate.paint_card(painter, option, model.index(row, 0))
    finally:
        painter.end()
    return painter


@pytest.mark.parametrize("size", [(260, 120), (50, 60)], ids=["card", "narrow"])
def test_a_card_draws_a_filled_star_for_must_see_and_an_outlined_one_in_the_star_colour_for_maybe(
        qapp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    model = EventListModel()
    model.set_events(_card_events(), ZONE)
    model.set_starred({"t1", "t2"})
    model.set_tiers({"t1": Tier.MUST, "t2": Tier.MAYBE})
    star = QColor(colours.STAR[0])
    stars = {row: [(text, pen) for text, pen, _ in _paint(model, row, size).texts if text in "★☆"] for row in range(3)}
    assert [text for text, _ in stars[1]] == ["★"] and stars[1][0][1] == star
    assert [text for text, _ in stars[2]] == ["☆"] and stars[2][0][1] == star  # outlined, in the star's colour
    if size[0] > 64:  # a narrow card shows no star for an unstarred talk
        assert [text for text, _ in stars[0]] == ["☆"] and stars[0][0][1] != star  # muted


def test_the_tier_is_spoken_and_changes_the_card_image(qapp) -> None:  # type: ignore[no-untyped-def]
    model = EventListModel()
    model.set_events(_card_events(), ZONE)
    model.set_starred({"t1", "t2"})
    model.set_tiers({"t1": Tier.MUST, "t2": Tier.MAYBE})
    spoken = [model.index(row, 0).data(Qt.ItemDataRole.AccessibleTextRole) for row in range(3)]
    assert spoken[1].endswith("starred, must-see") and spoken[2].endswith("starred, maybe")
    assert "starred" not in spoken[0]
    must_key = model.card_key(1)
    changed: list[int] = []
    model.dataChanged.connect(lambda top, bottom, roles: changed.append(top.row()))
    model.set_tiers({"t1": Tier.MAYBE, "t2": Tier.MAYBE})
    assert changed == [1] and model.card_key(1) != must_key  # the timeline's cached image is drawn again


def test_a_poster_session_block_counts_its_maybes() -> None:
    assert PosterCounts(12, 3, None, 1).words() == "12 posters · 3 starred (1 maybe)"
    assert PosterCounts(12, 3, None).words() == "12 posters · 3 starred"


def test_the_list_view_shows_and_says_the_tier(qtbot, window: MainWindow) -> None:
    from planner.ui.widgets.event_list_columns import STAR

    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    window.my_agenda.set_tier(oral1.id, Tier.MAYBE)
    window.named_actions["list_view"].trigger()
    view = window.event_list
    cell = view.model().index(window.model.row_of(oral1.id), STAR)
    assert cell.data() == "☆" and cell.data(Qt.ItemDataRole.AccessibleTextRole) == "starred, maybe"
    assert not view.grab().isNull()


# -- the detail pane ----------------------------------------------------------------------


def test_the_detail_pane_shows_the_tier_and_its_menu_changes_it(qtbot, window: MainWindow, library: Library) -> None:
    oral1 = event(window, "Oral 1")
    window.select_event(oral1.id)
    pane = window.detail
    button = pane.star_button
    assert button.text() == "☆ Star" and button.accessibleName() == "Star this event as must-see"
    pane.tier_actions[Tier.MAYBE].trigger()
    assert library.tiers() == {oral1.id: Tier.MAYBE}
    assert button.text() == "☆ Maybe" and button.isChecked() and pane.tier_actions[Tier.MAYBE].isChecked()
    assert "unstar" in button.accessibleName()
    assert message(window) == f"Maybe: {event_summary(oral1)}"
    pane.tier_actions[Tier.MUST].trigger()
    assert library.tiers() == {oral1.id: Tier.MUST} and button.text() == "★ Must-see"
    pane.tier_actions[None].trigger()
    assert library.tiers() == {} and button.text() == "☆ Star" and not button.isChecked()


def test_the_detail_star_menu_opens_from_the_keyboard(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    window.select_event(event(window, "Oral 1").id)
    button = window.detail.star_button
    opened: list[bool] = []
    monkeypatch.setattr(button, "showMenu", lambda: opened.append(True))  # exec() would wait for a choice
    button.setFocus()
    qtbot.waitUntil(button.hasFocus)
    qtbot.keyClick(button, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert opened == [True]
    assert button.menu() is window.detail.tier_menu and len(window.detail.tier_menu.actions()) == 3


# -- My agenda ----------------------------------------------------------------------------


def test_m_in_my_agenda_makes_a_must_see_a_maybe_and_back(qtbot, window: MainWindow, library: Library) -> None:
    oral1, oral2 = event(window, "Oral 1"), event(window, "Oral 2")
    window.set_star(oral1.id, True)
    window.set_star(oral2.id, True)
    window.select_event(oral2.id)
    tree = window.agenda.tree
    tree.setFocus()
    qtbot.waitUntil(tree.hasFocus)
    qtbot.keyClick(tree, Qt.Key.Key_M)
    assert library.tiers() == {oral1.id: Tier.MUST, oral2.id: Tier.MAYBE}
    row = window.agenda.model.index_of(oral2.id)
    assert "☆ maybe · " in row.data() and row.data(Qt.ItemDataRole.AccessibleTextRole).split(", ")[1] == "maybe"
    assert "maybe" not in window.agenda.model.index_of(oral1.id).data()
    assert window.agenda.model.index_of(oral1.id).data(Qt.ItemDataRole.AccessibleTextRole).split(", ")[1] == "must-see"
    assert window.agenda.tree.selected_id() == oral2.id  # the row stays selected for another M
    qtbot.keyClick(tree, Qt.Key.Key_M)
    assert library.tiers() == {oral1.id: Tier.MUST, oral2.id: Tier.MUST}
    qtbot.keyClick(tree, Qt.Key.Key_Z, CTRL)
    assert library.tiers()[oral2.id] is Tier.MAYBE


def test_my_agenda_context_menu_sets_the_tier_or_unstars(qtbot, window: MainWindow, library: Library) -> None:
    oral1 = event(window, "Oral 1")
    window.set_star(oral1.id, True)
    tree = window.agenda.tree
    index = window.agenda.model.index_of(oral1.id)
    menu = tree.tier_menu(index)
    assert menu is not None
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["★ &Must-see", "☆ M&aybe", "&Unstar"] and menu.actions()[0].isChecked()
    menu.actions()[1].trigger()
    assert library.tiers() == {oral1.id: Tier.MAYBE}
    next(a for a in tree.tier_menu(window.agenda.model.index_of(oral1.id)).actions() if a.text() == "&Unstar").trigger()
    assert library.tiers() == {}
    assert tree.tier_menu(window.agenda.model.index(0, 0)) is None  # no menu on a heading


def test_a_click_on_a_card_star_cycles_like_s(qtbot, window: MainWindow, library: Library) -> None:  # type: ignore[no-untyped-def]
    """The card's star and S are one control: not starred -> must-see -> maybe -> not starred."""
    oral1 = event(window, "Oral 1")
    view = window.timeline
    for expected in ({oral1.id: Tier.MUST}, {oral1.id: Tier.MAYBE}, {}):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=star_point(view, index_of(window, "Oral 1")))
        assert library.tiers() == expected
