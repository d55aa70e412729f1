"""The models keep Qt's contract (qtmodeltester) and the project's: data() checks the
index, roles are named constants, the domain event is reachable, tooltips use ToolTipRole,
small changes emit dataChanged for the rows that changed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from planner.domain.model import Event
from planner.formats import load
from planner.ui.main_window import MainWindow
from planner.ui.widgets.agenda_model import AgendaModel
from planner.ui.widgets.models import EventListModel, Roles

from .helpers import event, visible_card, write_tiny

ALL_ROLES = [
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.FontRole,
    Roles.EVENT, Roles.EVENT_ID, Roles.STARRED, Roles.MATCHES, Roles.STATUS, Roles.CONFLICT,
]


@pytest.fixture
def seed_events(seed_path: Path) -> list[Event]:
    return list(load(seed_path).events)


@pytest.fixture
def tiny_events(tmp_path: Path) -> list[Event]:
    return list(load(write_tiny(tmp_path)).events)


def event_model(events: list[Event]) -> EventListModel:
    model = EventListModel()
    model.set_events(events, events[0].start.tzinfo if events else None)
    return model


def test_event_list_model_passes_qtmodeltester(qtmodeltester, seed_events: list[Event]) -> None:
    model = event_model(seed_events)
    model.set_starred({seed_events[0].id, seed_events[5].id})
    model.set_matches({seed_events[1].id})
    model.set_flags({seed_events[2].id: ("changed", "moved from 17:00")}, {seed_events[0].id: [seed_events[1]]})
    qtmodeltester.check(model)


def test_an_empty_event_list_model_passes_qtmodeltester(qtmodeltester) -> None:
    qtmodeltester.check(event_model([]))


def test_agenda_model_with_days_and_children_passes_qtmodeltester(qtmodeltester, tiny_events: list[Event]) -> None:
    model = AgendaModel()
    model.set_agenda(tiny_events, tiny_events[0].start.tzinfo,
                     statuses={tiny_events[0].id: ("removed", "")},
                     conflicts={tiny_events[0].id: [tiny_events[1]], tiny_events[1].id: [tiny_events[0]]},
                     notes={tiny_events[3].id: "bring questions\nsecond line"})
    assert model.rowCount() == 2
    assert [model.rowCount(model.index(d, 0)) for d in range(2)] == [3, 2]
    qtmodeltester.check(model)


def test_an_empty_agenda_model_passes_qtmodeltester(qtmodeltester) -> None:
    model = AgendaModel()
    model.set_agenda([], None)
    qtmodeltester.check(model)


def test_the_windows_models_pass_qtmodeltester_after_use(qtmodeltester, window: MainWindow) -> None:
    for heading in ("Oral 1", "Spotlight 6", "Spotlight 12"):
        window.set_star(event(window, heading).id, True)
    window.search.setText("kernel")
    qtmodeltester.check(window.model)
    qtmodeltester.check(window.agenda.model)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_data_of_an_invalid_index_is_none(seed_events: list[Event], tiny_events: list[Event], role: int) -> None:
    model = event_model(seed_events)
    agenda = AgendaModel()
    agenda.set_agenda(tiny_events, None)
    assert model.data(QModelIndex(), role) is None
    assert agenda.data(QModelIndex(), role) is None
    # An index of another model is not ours either.
    other = event_model(tiny_events)
    assert model.data(other.index(0, 0), role) is None
    assert agenda.data(other.index(0, 0), role) is None


def test_child_indexes_of_the_flat_model_do_not_exist(seed_events: list[Event]) -> None:
    model = event_model(seed_events)
    parent = model.index(0, 0)
    assert model.rowCount(parent) == 0
    assert not model.index(0, 0, parent).isValid()
    assert not model.index(len(seed_events), 0).isValid()
    assert model.flags(QModelIndex()) == Qt.ItemFlag.NoItemFlags


def test_roles_expose_the_domain_event_and_its_state(seed_events: list[Event]) -> None:
    model = event_model(seed_events)
    index = model.index(1, 0)
    assert index.data(Roles.EVENT) is seed_events[1]
    assert index.data(Roles.EVENT_ID) == seed_events[1].id
    assert index.data(Roles.STARRED) is False
    assert index.data(Roles.MATCHES) is True
    assert index.data(Roles.STATUS) is None
    assert index.data(Roles.CONFLICT) == []
    assert len({Roles.EVENT, Roles.STARRED, Roles.MATCHES, Roles.STATUS, Roles.CONFLICT, Roles.EVENT_ID}) == 6
    assert min(Roles.EVENT, Roles.STARRED, Roles.MATCHES) > Qt.ItemDataRole.UserRole


def test_tooltips_use_the_tooltip_role_with_the_full_title(seed_events: list[Event], tiny_events: list[Event]) -> None:
    model = event_model(seed_events)
    long_title = next(e for e in seed_events if e.heading == "Spotlight 5")
    tip = model.index(seed_events.index(long_title), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(tip, str)
    assert "Transportation map estimation by infinite dimensional Langevin dynamics" in tip
    assert "Taiji Suzuki" in tip
    agenda = AgendaModel()
    agenda.set_agenda(tiny_events, None)
    child = agenda.index(0, 0, agenda.index(0, 0))
    agenda_tip = child.data(Qt.ItemDataRole.ToolTipRole)
    assert isinstance(agenda_tip, str) and child.data(Roles.EVENT).authors[0] in agenda_tip
    # Day rows have no tooltip of their own: an explicit None, not some other role's text.
    assert agenda.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) is None


def test_hovering_a_card_shows_its_tooltip(qtbot, window: MainWindow) -> None:
    index = window.model.index_of(event(window, "Spotlight 5").id)
    rect = visible_card(window.timeline, index)
    viewport = window.timeline.viewport()
    help_event = QHelpEvent(QHelpEvent.Type.ToolTip, rect.center(), viewport.mapToGlobal(rect.center()))
    QApplication.sendEvent(viewport, help_event)
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Langevin dynamics" in QToolTip.text()
    QToolTip.hideText()
    # Off the cards (the time axis): no card tooltip.
    blank = QPoint(5, 5)
    assert not window.timeline.indexAt(blank).isValid()


def test_starring_emits_data_changed_only_for_the_rows_that_changed(qtbot, seed_events: list[Event]) -> None:
    model = event_model(seed_events)
    model.set_starred({seed_events[0].id})
    changed: list[tuple[int, int, list[int]]] = []
    model.dataChanged.connect(lambda a, b, roles: changed.append((a.row(), b.row(), list(roles))))
    model.set_starred({seed_events[0].id, seed_events[3].id})
    assert [(a, b) for a, b, _ in changed] == [(3, 3)]
    assert Roles.STARRED in changed[0][2]
    with qtbot.assertNotEmitted(model.dataChanged):
        model.set_starred({seed_events[0].id, seed_events[3].id})
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_starred(set())


def test_set_events_resets_and_matches_are_counted(qtbot, seed_events: list[Event]) -> None:
    model = EventListModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_events(seed_events, None)
    assert model.rowCount() == 15 and model.matching_count() == 15
    with qtbot.waitSignal(model.dataChanged):
        model.set_matches({seed_events[0].id, seed_events[1].id})
    assert model.matching_count() == 2
    assert [model.is_match(r) for r in range(3)] == [True, True, False]
    assert model.row_of(seed_events[2].id) == 2 and model.row_of("nope") is None


def test_agenda_rows_show_warnings_and_the_first_line_of_a_note(tiny_events: list[Event]) -> None:
    oral1 = next(e for e in tiny_events if e.heading == "Oral 1")
    spot2 = next(e for e in tiny_events if e.heading == "Spotlight 2")
    moved = oral1.start - timedelta(hours=1)
    agenda = AgendaModel()
    agenda.set_agenda(tiny_events, oral1.start.tzinfo,
                      statuses={spot2.id: ("changed", f"moved from {moved:%H:%M}")},
                      conflicts={oral1.id: [spot2]}, notes={oral1.id: "bring questions\nsecond line"})
    text = agenda.index_of(oral1.id).data()
    assert "clashes with 09:00 Spotlight 2" in text
    assert "bring questions" in text and "second line" not in text
    assert "moved from 08:00" in agenda.index_of(spot2.id).data()
    assert agenda.event_for(agenda.index(0, 0)) is None
    assert agenda.event_for(agenda.index_of(oral1.id)) == oral1
