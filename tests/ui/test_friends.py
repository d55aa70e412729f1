"""A colleague's agenda beside mine in the window (issue 21; planner.ui.friends): the name
chips on the cards, the Friends' picks filter and View › Friends' Picks Only, "Picked by" in
the detail pane, Plan My Day's "Prefer talks friends picked", and File › Friends' Agendas….

Friend files are made for real: the friend's own library (the bundled session, and the
tiny workshop where a plan needs two clashing talks) stars talks and exports them with
Planner's .ics exporter, as `planner export -o` does; the window then adds that file.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterable
from itertools import product
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QFileDialog, QInputDialog, QStyleOptionViewItem

from planner.domain.marks import Tier
from planner.services import adding
from planner.store import Library
from planner.store.open import open_library
from planner.ui import dialogs
from planner.ui.main_window import MainWindow
from planner.ui.widgets.delegates import CardDelegate
from planner.ui.widgets.friends_dialog import FriendsDialog
from planner.ui.widgets.models import EventListModel, Roles
from planner.ui.widgets.plan_list import Row
from tests.cli.test_cli import ORAL1, ORAL2, SEED, SPOT12
from tests.services.test_friends import SPOT8, _swap_first_two_orals, export

from .helpers import TINY_TITLE, write_tiny
from .test_accessibility import controls, nameless
from .test_contrast import EVENTS as CONTRAST_EVENTS
from .test_contrast import PALETTES, paint_card
from .test_contrast import ZONE as CONTRAST_ZONE

ACCESSIBLE = Qt.ItemDataRole.AccessibleTextRole
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
ORAL3 = "sp-a3da5a9c0e"  # the bundled session's ids never change (tests/cli/test_cli.py)
ANAS = {ORAL1, ORAL3, SPOT8, SPOT12}  # the talks Ana stars on her laptop

MakeFile = Callable[..., Path]


@pytest.fixture
def friend_file(tmp_path: Path) -> MakeFile:
    """``friend_file("ana", ids)``: the .ics a friend exports after starring ``ids`` in a
    library of their own (the bundled session, plus ``schedules`` imported first)."""

    def make(who: str, ids: Iterable[str], *, schedules: Iterable[Path] = ()) -> Path:
        folder = tmp_path / who
        folder.mkdir(exist_ok=True)
        with open_library(folder / "library.sqlite3") as theirs:
            for schedule in schedules:
                adding.add(theirs, [str(schedule)])
            theirs.star(list(ids))
            return export(theirs, folder / f"{who}.ics")

    return make


@pytest.fixture
def ana(window: MainWindow, friend_file: MakeFile) -> Path:
    """Ana's export of the bundled session's ANAS, added in the window."""
    path = friend_file("ana", ANAS)
    assert window.friends.add("Ana", str(path))
    return path


def chips(window: MainWindow) -> dict[str, tuple[str, ...]]:
    """The friends on each card of the shown day that has any, by event id."""
    model = window.model
    shown = (model.index(row, 0) for row in range(model.rowCount()))
    return {i.data(Roles.EVENT_ID): i.data(Roles.FRIENDS) for i in shown if i.data(Roles.FRIENDS)}


def matching(window: MainWindow) -> set[str]:
    model = window.model
    return {model.index(r, 0).data(Roles.EVENT_ID) for r in range(model.rowCount())
            if model.index(r, 0).data(Roles.MATCHES)}


def all_ids(window: MainWindow) -> set[str]:
    return {window.model.index(r, 0).data(Roles.EVENT_ID) for r in range(window.model.rowCount())}


def card_image(window: MainWindow, event_id: str) -> QImage:
    """The card of ``event_id`` as the timeline's delegate paints it, 260x120."""
    delegate = CardDelegate()
    delegate.zone = window.display_zone
    image = QImage(260, 120, QImage.Format.Format_ARGB32)
    image.fill(window.timeline.palette().base().color())
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 260, 120)
    option.palette = window.timeline.palette()
    option.font = window.timeline.font()
    painter = QPainter(image)
    try:
        delegate.paint_card(painter, option, window.model.index_of(event_id))
    finally:
        painter.end()
    return image


# -- the chips ----------------------------------------------------------------------------------


def test_a_friends_export_puts_their_name_on_exactly_the_talks_they_starred(window: MainWindow,
                                                                            friend_file: MakeFile) -> None:
    window.friends  # noqa: B018 - made after the first paint in the app: made here, with no friends yet
    assert chips(window) == {}
    before = {i: window.model.card_key(window.model.row_of(i) or 0) for i in all_ids(window)}
    plain, other = card_image(window, ORAL1), card_image(window, ORAL2)
    assert window.friends.add("Ana", str(friend_file("ana", ANAS)))
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    oral1, oral2 = window.model.index_of(ORAL1), window.model.index_of(ORAL2)
    assert oral1.data(ACCESSIBLE).endswith(", picked by Ana")
    assert oral1.data(Qt.ItemDataRole.DisplayRole) == oral1.data(ACCESSIBLE)
    assert "Picked by Ana" in oral1.data(Qt.ItemDataRole.ToolTipRole)
    assert "picked by" not in oral2.data(ACCESSIBLE) and "Picked by" not in oral2.data(Qt.ItemDataRole.ToolTipRole)
    # The timeline caches card images by card_key: the picked cards' keys change, no other.
    after = {i: window.model.card_key(window.model.row_of(i) or 0) for i in all_ids(window)}
    assert {i for i in before if before[i] != after[i]} == ANAS
    assert card_image(window, ORAL1) != plain  # the chip is painted
    assert card_image(window, ORAL2) == other  # and only where a friend picked the talk
    assert window.statusBar().currentMessage() == "Added Ana: 4 talks, all in your library"
    window.timeline.grab()  # the timeline paints its chips without raising
    window.list_view_action.trigger()
    window.event_list.grab()  # and the list view (L)


def test_two_friends_on_one_talk_are_both_named(window: MainWindow, ana: Path, friend_file: MakeFile) -> None:
    one, none = card_image(window, ORAL1), card_image(window, ORAL2)
    assert window.friends.add("Li", str(friend_file("li", [ORAL1, ORAL2])))
    assert chips(window) == {**dict.fromkeys(ANAS, ("Ana",)), ORAL1: ("Ana", "Li"), ORAL2: ("Li",)}
    assert window.model.index_of(ORAL1).data(ACCESSIBLE).endswith(", picked by Ana and Li")
    assert card_image(window, ORAL1) != one  # "Ana +1"
    assert card_image(window, ORAL2) != none  # "Li": a name shorter than most is painted too
    window.friends.remove("Li")
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert card_image(window, ORAL1) == one


def test_a_friend_already_in_the_library_shows_when_the_window_makes_its_friends(
        open_window, library: Library, settings, fixed_now, friend_file: MakeFile) -> None:  # type: ignore[no-untyped-def]
    from planner.services.friends import add_friend

    add_friend(library, "Ana", friend_file("ana", ANAS))  # `planner friends add` before the window opened
    window = open_window(library, settings, fixed_now)
    window.finish_start()  # what the app does after the first paint
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert window.filter_bar.friends_only_action.isVisible() and window.named_actions["friends_only"].isEnabled()


@pytest.mark.parametrize("palette_name", sorted(PALETTES))
def test_the_chip_reads_on_every_card_it_is_painted_on(qapp, palette_name: str) -> None:  # type: ignore[no-untyped-def]
    """The name in the chip at WCAG AA on the card's fill (tinted, starred, selected), in the
    palettes of tests/ui/test_contrast.py."""
    palette = PALETTES[palette_name]()
    model = EventListModel()
    model.set_events(CONTRAST_EVENTS, CONTRAST_ZONE)
    ids = [e.id for e in CONTRAST_EVENTS]
    model.set_friends(dict.fromkeys(ids, ("Anastasia Papadopoulou", "Li")))  # elided in the chip
    delegate = CardDelegate()
    delegate.zone = CONTRAST_ZONE
    faint: list[str] = []
    drawn: set[str] = set()
    for tier in (None, Tier.MUST, Tier.MAYBE):
        model.set_starred(set(ids) if tier is not None else set())
        model.set_tiers(dict.fromkeys(ids, tier) if tier is not None else {})
        for size, selected in product(((260, 120), (150, 64)), (False, True)):
            for row in range(model.rowCount()):
                painter = paint_card(delegate, model.index(row, 0), palette, size, selected)
                faint += painter.too_faint()
                drawn.update(text for text, _, _ in painter.texts)
    assert any(t.startswith("Ana") and t.endswith("… +1") for t in drawn)
    assert sorted(set(faint)) == []


# -- the filter ---------------------------------------------------------------------------------


def test_the_friends_filter_is_offered_only_while_there_are_friends(qtbot, window: MainWindow,
                                                                    friend_file: MakeFile) -> None:
    action = window.named_actions["friends_only"]
    window.friends  # noqa: B018 - made, as after the first paint
    assert not action.isEnabled() and not window.filter_bar.friends_only_action.isVisible()
    everything = all_ids(window)
    assert window.friends.add("Ana", str(friend_file("ana", ANAS)))
    assert action.isEnabled() and window.filter_bar.friends_only_action.isVisible()
    qtbot.waitUntil(lambda: window.filter_bar.friends_only.isVisibleTo(window))  # the toolbar lays out later
    assert nameless(controls(window)) == []  # the box shown has a name a screen reader reads

    action.trigger()  # View › Friends' Picks Only
    assert window.filter_bar.friends_only.isChecked()
    assert matching(window) == ANAS
    action.trigger()
    assert matching(window) == everything and not window.filter_bar.friends_only.isChecked()

    window.timeline.setFocus()
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, CTRL_SHIFT)
    assert action.isChecked() and matching(window) == ANAS
    qtbot.keyClick(window.timeline, Qt.Key.Key_F, CTRL_SHIFT)
    assert not action.isChecked() and matching(window) == everything

    qtbot.mouseClick(window.filter_bar.friends_only, Qt.MouseButton.LeftButton)  # the box is the same toggle
    assert action.isChecked() and matching(window) == ANAS
    window.timeline.grab()  # dimmed cards and chipped ones painted

    window.friends.remove("Ana")  # the last friend: a filter left on would hide every card
    assert not action.isChecked() and not action.isEnabled()
    assert not window.filter_bar.friends_only.isChecked()
    assert not window.filter_bar.friends_only_action.isVisible()
    assert matching(window) == everything and chips(window) == {}


def test_the_friends_filter_combines_with_starred_only(window: MainWindow, ana: Path) -> None:
    window.set_star(ORAL1, True)
    window.set_star(ORAL2, True)
    window.named_actions["starred_only"].trigger()
    window.named_actions["friends_only"].trigger()
    assert matching(window) == {ORAL1}


def test_picks_only_before_the_friends_are_made_hides_nothing(window: MainWindow) -> None:
    """Ctrl+Shift+F in the moment before the window has made its friends (planner.ui.later),
    with none in the library: no filter that hides every card."""
    everything = all_ids(window)
    action = window.named_actions["friends_only"]
    action.trigger()
    assert matching(window) == everything
    window.finish_start()  # the friends are made, after the first paint
    assert not action.isChecked() and not action.isEnabled()
    window.narrowing.apply()  # a star, a search: the filters are applied again
    assert matching(window) == everything


# -- the chips stay true ------------------------------------------------------------------------


def test_chips_stay_after_a_zone_change_and_another_schedule(window: MainWindow, ana: Path,
                                                             tmp_path: Path) -> None:
    window.set_display_zone("Asia/Tokyo")  # 11:00 the next day there: the days regroup
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert ", 12:30 to 12:40, " in window.model.index_of(SPOT8).data(ACCESSIBLE)
    assert window.import_files([str(write_tiny(tmp_path))])
    assert TINY_TITLE in window.windowTitle() and chips(window) == {}
    window.schedule_box.chosen.emit(next(s.key for s in window.library.schedules() if s.title != TINY_TITLE))
    assert ORAL1 in all_ids(window)
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))


def test_chips_follow_a_talk_an_update_moved(window: MainWindow, ana: Path, tmp_path: Path) -> None:
    moved = tmp_path / "track34.txt"
    moved.write_text(_swap_first_two_orals(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    at_six = window.model.index(0, 0)
    assert at_six.data(Roles.EVENT_ID) == ORAL1 and at_six.data(Roles.FRIENDS) == ("Ana",)
    assert window.import_files([str(moved)])
    # Oral 1 is the second talk now; the first card, 18:00, is the other oral, not Ana's.
    assert window.model.index(0, 0).data(Roles.EVENT_ID) == ORAL2
    assert window.model.index(0, 0).data(Roles.FRIENDS) == ()
    assert window.model.index(1, 0).data(Roles.EVENT_ID) == ORAL1
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert "18:15 to 18:30" in window.model.index_of(ORAL1).data(ACCESSIBLE)


def test_a_friend_added_from_the_command_line_shows_on_pick_up(window: MainWindow, db_path: Path,
                                                               friend_file: MakeFile) -> None:
    window.friends  # noqa: B018 - made, as after the first paint
    path = friend_file("ana", ANAS)
    subprocess.run([sys.executable, "-m", "planner", "--db", str(db_path), "friends", "add", "Ana", str(path)],
                   check=True, capture_output=True)
    assert window.pick_up_changes()
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert window.named_actions["friends_only"].isEnabled()
    other = Library(db_path)  # another window's connection removes her again
    try:
        assert other.remove_friend("Ana") == "Ana"
    finally:
        other.close()
    assert window.pick_up_changes()
    assert chips(window) == {} and not window.filter_bar.friends_only_action.isVisible()


# -- the detail pane ----------------------------------------------------------------------------


def test_the_detail_pane_says_who_picked_the_talk(window: MainWindow, ana: Path, friend_file: MakeFile) -> None:
    window.select_event(ORAL1)
    assert "Picked by Ana" in window.detail.browser.toPlainText()
    assert window.friends.add("Li", str(friend_file("li", [ORAL1])))
    assert "Picked by Ana and Li" in window.detail.browser.toPlainText()  # the shown talk is shown anew
    window.select_event(ORAL2)
    assert "Picked by" not in window.detail.browser.toPlainText()


# -- Plan My Day --------------------------------------------------------------------------------


def test_plan_my_day_prefers_the_clashing_talk_a_friend_picked_when_asked(
        qtbot, window: MainWindow, tmp_path: Path, friend_file: MakeFile) -> None:
    tiny = write_tiny(tmp_path)
    assert window.import_files([str(tiny)])
    ids = {e.heading: e.id for e in window.days.all()}
    oral, spotlight = ids["Oral 1"], ids["Spotlight 2"]  # 09:00-09:30 and 09:00-09:20, both must-see
    for talk in (oral, spotlight):
        window.stars.set_tier(talk, Tier.MUST, window.days)
    plan = window.my_agenda.plan

    def path() -> list[str]:
        return [r.event_id for r in plan.panel.model.rows() if r.kind is Row.TALK]

    plan.plan_day()
    # Equal worth, one talk each: the one over earlier wins (planner.domain.planning).
    assert path() == [spotlight]
    assert not plan.panel.friends_box.isVisibleTo(plan.panel)  # no friends: nothing to prefer

    assert window.friends.add("Ana", str(friend_file("ana", [oral], schedules=[tiny])))
    plan.plan_day()
    box = plan.panel.friends_box
    assert box.isVisibleTo(plan.panel) and not box.isChecked()
    assert box.accessibleName()
    assert path() == [spotlight]  # not asked to prefer friends yet
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and window.settings.value("planWithFriends") == "true"
    assert path() == [oral]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert path() == [spotlight]

    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    window.friends.remove("Ana")
    plan.plan_day()
    assert not plan.panel.friends_box.isVisibleTo(plan.panel)
    assert path() == [spotlight]  # the preference is kept, with no friend to weigh


# -- File › Friends' Agendas… -------------------------------------------------------------------


def open_dialog(window: MainWindow) -> FriendsDialog:
    window.named_actions["friends"].trigger()
    (dialog,) = [d for d in window.findChildren(FriendsDialog) if d.isVisible()]
    return dialog


def lines(dialog: FriendsDialog) -> list[str]:
    return [dialog.list.item(row).text() for row in range(dialog.list.count())]


def test_the_dialog_lists_the_friends_and_removes_the_selected_one(qtbot, window: MainWindow, ana: Path,
                                                                    friend_file: MakeFile) -> None:
    assert window.friends.add("Li", str(friend_file("li", [ORAL2])))
    dialog = open_dialog(window)
    assert lines(dialog) == ["Ana — 4 talks, all in your library", "Li — 1 talk, all in your library"]
    assert dialog.list.item(0).toolTip().startswith(f"From {ana.resolve()}")
    found = [w for kind in (QAbstractButton, QAbstractItemView) for w in dialog.findChildren(kind)
             if w.isVisibleTo(dialog)]
    assert dialog.list in found and dialog.add_button in found and dialog.remove_button in found
    assert nameless(found) == []
    dialog.list.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert [f.name for f in window.library.friends()] == ["Ana"]
    assert lines(dialog) == ["Ana — 4 talks, all in your library"]
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))
    assert dialog.remove_button.isEnabled()  # Ana is selected now
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert window.library.friends() == [] and chips(window) == {}
    assert lines(dialog) == [] and dialog.empty.isVisible() and not dialog.remove_button.isEnabled()


def test_add_in_the_dialog_reads_the_chosen_file_under_the_name_given(
        qtbot, window: MainWindow, friend_file: MakeFile, monkeypatch: pytest.MonkeyPatch) -> None:
    path = friend_file("my-agenda", ANAS)  # as the export names it: no name to guess from
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    asked: list[str] = []

    def get_text(parent, title, label, *args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs.get("text", ""))
        return "Ana", True

    monkeypatch.setattr(QInputDialog, "getText", get_text)
    dialog = open_dialog(window)
    assert lines(dialog) == [] and dialog.empty.isVisible()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert asked == [""]
    assert lines(dialog) == ["Ana — 4 talks, all in your library"]
    assert dialog.list.currentRow() == 0 and not dialog.empty.isVisible()
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))


def test_a_file_that_is_no_agenda_is_refused_with_a_warning(window: MainWindow, ana: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    warned: list[str] = []
    monkeypatch.setattr(dialogs, "warning", lambda parent, title, text: warned.append(text))
    dialog = open_dialog(window)
    bad = tmp_path / "notes.ics"
    bad.write_text("these are my notes, not a calendar\n", encoding="utf-8")
    dialog.addRequested.emit("Ana", str(bad))  # her name: a refused file must not replace hers
    dialog.addRequested.emit("Bo", str(tmp_path / "missing.ics"))
    assert len(warned) == 2
    assert all(text.startswith("The agenda could not be added.") for text in warned)
    assert str(bad) in warned[0] and "missing.ics" in warned[1]
    assert [(f.name, f.picks) for f in window.library.friends()] == [("Ana", 4)]
    assert lines(dialog) == ["Ana — 4 talks, all in your library"]
    assert chips(window) == dict.fromkeys(ANAS, ("Ana",))


def test_a_friend_added_or_removed_while_the_plan_is_shown_plans_again(
        window: MainWindow, tmp_path: Path, friend_file: MakeFile) -> None:
    tiny = write_tiny(tmp_path)
    assert window.import_files([str(tiny)])
    ids = {e.heading: e.id for e in window.days.all()}
    oral, spotlight = ids["Oral 1"], ids["Spotlight 2"]
    for talk in (oral, spotlight):
        window.stars.set_tier(talk, Tier.MUST, window.days)
    window.settings.setValue("planWithFriends", "true")  # asked for on an earlier day
    plan = window.my_agenda.plan
    plan.plan_day()
    assert not plan.panel.friends_box.isVisibleTo(plan.panel)
    assert window.friends.add("Ana", str(friend_file("ana", [oral], schedules=[tiny])))
    assert plan.panel.friends_box.isVisibleTo(plan.panel) and plan.panel.friends_box.isChecked()
    assert [r.event_id for r in plan.panel.model.rows() if r.kind is Row.TALK] == [oral]
    window.friends.remove("Ana")
    assert not plan.panel.friends_box.isVisibleTo(plan.panel)
    assert [r.event_id for r in plan.panel.model.rows() if r.kind is Row.TALK] == [spotlight]


def test_a_friend_whose_talks_are_not_here_yet_shows_once_their_schedule_is_opened(
        window: MainWindow, tmp_path: Path, friend_file: MakeFile, monkeypatch: pytest.MonkeyPatch) -> None:
    told: list[str] = []
    monkeypatch.setattr(dialogs, "information", lambda parent, title, text: told.append(text))
    tiny = write_tiny(tmp_path)
    path = friend_file("ana", [ORAL1], schedules=[tiny])
    with open_library(tmp_path / "ana" / "library.sqlite3") as theirs:  # her tiny workshop talks, not mine yet
        theirs.unstar([ORAL1])
        theirs.star([e.id for e in theirs.events() if e.title.startswith("Accents")])
        export(theirs, path)
    assert window.friends.add("Ana", str(path))
    assert told == ["The talk in Ana's agenda is not in your library yet. Open its schedule and it will show."]
    assert chips(window) == {}
    assert window.import_files([str(tiny)])
    (accents,) = [e.id for e in window.days.all() if e.title.startswith("Accents")]
    assert chips(window) == {accents: ("Ana",)}


def test_the_list_view_names_the_friends_after_the_title(window: MainWindow, ana: Path) -> None:
    from planner.ui.widgets.event_list_columns import TITLE

    columns = window.event_list.model()
    rows = {columns.index(r, TITLE).data(Roles.EVENT_ID): columns.index(r, TITLE) for r in range(columns.rowCount())}
    assert ANAS < rows.keys()
    for event_id, cell in rows.items():
        picked = event_id in ANAS
        assert cell.data(Qt.ItemDataRole.DisplayRole).endswith("  · Ana") is picked
        assert cell.data(ACCESSIBLE).endswith(", picked by Ana") is picked
