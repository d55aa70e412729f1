"""My agenda: the starred events by day, with their warnings and notes, and after the days the
reading list: starred entries the conference has not given a time yet. Each row shows its
star's tier; M, or the row's context menu, makes a must-see a maybe and a maybe a must-see."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.marks import Tier
from planner.domain.model import Event, Unscheduled
from planner.ui.widgets import colours, tab_order
from planner.ui.widgets.agenda_model import AgendaModel
from planner.ui.widgets.focus_outline import outline_focus
from planner.ui.widgets.models import Roles, tier_of
from planner.ui.widgets.viewports import give_own_viewport

if TYPE_CHECKING:  # types named only in annotations: PySide6 builds each Qt type on first use
    from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QPainter, QResizeEvent
    from PySide6.QtWidgets import QMenu


class WrappingDelegate(QStyledItemDelegate):
    """Row heights for wrapped text: QTreeView asks for a size hint without a width."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        view = self.parent()
        assert isinstance(view, QTreeView)  # made by AgendaPanel for its tree
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)  # the row's own font: a route row is bold
        depth, parent = 0, index.parent()
        while parent.isValid():  # events sit under their day, a route's posters under the route too
            depth, parent = depth + 1, parent.parent()
        width = max(60, view.viewport().width() - view.indentation() * depth - 12)
        rect = QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(width, rect.height() + 8)


class AgendaTree(QTreeView):
    """The agenda list; Delete unstars the selected event (not merely the current one:
    Ctrl+click leaves a row current but unselected, and then nothing is to be unstarred),
    M makes it a maybe or a must-see, and its context menu offers all three.

    Signals:
        unstarRequested(str)
        tierRequested(str, object): the event id and the Tier asked for (None: unstar).
    """

    unstarRequested = Signal(str)
    tierRequested = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        give_own_viewport(self)  # see planner/ui/widgets/viewports.py
        outline_focus(self)  # its selected row's text stays HighlightedText

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width

    def drawBranches(self, painter: QPainter, rect: QRect, index: QModelIndex | QPersistentModelIndex) -> None:
        """Nothing: every row is always expanded, so a route row's ▾ would offer a collapse
        that does nothing."""

    def selected_id(self) -> str:
        """The selected event's id; "" when nothing or a day row is selected."""
        rows = self.selectionModel().selectedRows()
        return str(rows[0].data(Roles.EVENT_ID) or "") if rows else ""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            event_id = self.selected_id()
            if event_id:
                self.unstarRequested.emit(event_id)
            return  # these keys mean unstar here, and nothing else when no row is selected
        if event.key() == Qt.Key.Key_M and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            rows = self.selectionModel().selectedRows()
            if rows and rows[0].data(Roles.EVENT_ID):
                tier = tier_of(rows[0])
                self.tierRequested.emit(rows[0].data(Roles.EVENT_ID), Tier.MUST if tier is Tier.MAYBE else Tier.MAYBE)
            return
        super().keyPressEvent(event)

    def tier_menu(self, index: QModelIndex) -> QMenu | None:
        """The context menu of an event's row: Must-see, Maybe (the row's checked), Unstar;
        None for a day or route heading."""
        event_id = index.data(Roles.EVENT_ID) if index.isValid() else None
        if not event_id:
            return None
        from PySide6.QtWidgets import QMenu  # only when a menu is asked for

        menu = QMenu(self)
        menu.setAccessibleName("Star as")
        shown = tier_of(index)
        for tier, text in ((Tier.MUST, "★ &Must-see"), (Tier.MAYBE, "☆ M&aybe")):
            action = menu.addAction(text)
            action.setCheckable(True)
            action.setChecked(tier is shown)
            action.triggered.connect(lambda _=False, chosen=tier: self.tierRequested.emit(event_id, chosen))
        menu.addSeparator()
        menu.addAction("&Unstar").triggered.connect(lambda: self.unstarRequested.emit(event_id))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        from PySide6.QtGui import QContextMenuEvent as Reason  # the enum, only when a menu is asked for

        at_mouse = event.reason() == Reason.Reason.Mouse
        index = self.indexAt(event.pos()) if at_mouse else self.currentIndex()
        menu = self.tier_menu(index)
        if menu is None:
            return
        if at_mouse:
            self.setCurrentIndex(index)  # the row the menu is about is the selected one
        where = event.globalPos() if at_mouse else self.viewport().mapToGlobal(self.visualRect(index).bottomLeft())
        menu.exec(where)
        menu.deleteLater()


class AgendaPanel(QWidget):
    """Header with the count, the list (or an empty-state hint), Unstar and Export buttons.

    Unstar is enabled exactly while an event row is selected, and acts on that row; after
    it (or Delete) the next row is selected, or the one before, so the button still
    has a row to act on and Delete can be pressed again.

    Signals:
        eventSelected(str): an agenda row was selected (event id).
        unstarRequested(str)
        tierRequested(str, object): M or the context menu asked for a tier (event id, Tier).
        exportRequested()
        planRequested(): Plan my day was pressed.
    """

    eventSelected = Signal(str)
    unstarRequested = Signal(str)
    tierRequested = Signal(str, object)
    exportRequested = Signal()
    planRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agenda")
        self.model = AgendaModel(self)
        self.header = QLabel(self)
        self.header.setObjectName("agendaHeader")
        self.header.setAccessibleName("My agenda")
        self.tree = AgendaTree(self)
        self.tree.setModel(self.model)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setItemsExpandable(False)
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setItemDelegate(WrappingDelegate(self.tree))
        # A stretched column has a known width, so rows wrap long titles instead of eliding.
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAccessibleName("My agenda: starred events by day")
        self.tree.setIndentation(8)
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.tree.selectionModel().selectionChanged.connect(self._sync_unstar_button)
        self.tree.unstarRequested.connect(self._unstar)
        self.tree.tierRequested.connect(self.tierRequested)
        # While an unstar asked for here is carried out: (its event, the row to select next).
        self._unstarring: tuple[str, str] | None = None
        self.empty = QLabel("No starred talks yet.\n\nPress S on a talk, or click its ☆, to add it to your agenda.", self)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.empty.setMargin(6)
        # Not disabled to look grey: Fusion's disabled text read at 1.6:1, and this says what to do.
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        self.unstar_button = QPushButton("Unstar", self)
        self.unstar_button.setAccessibleName("Unstar the selected agenda event")
        self.unstar_button.setToolTip("Remove the selected event from My agenda (Delete)")
        self.unstar_button.clicked.connect(self._unstar_clicked)
        self.export_button = QPushButton("Export…", self)
        self.export_button.setAccessibleName("Export My agenda to a calendar file")
        self.export_button.setToolTip("Save My agenda as an .ics calendar file (Ctrl+E)")
        self.export_button.clicked.connect(self.exportRequested)
        self.plan_button = QPushButton("Plan my day", self)
        self.plan_button.setAccessibleName("Plan my day: the starred talks of the shown day you can attend")
        self.plan_button.setToolTip("The starred talks of the shown day that you can all attend, "
                                    "walking time included (Shift+P)")
        self.plan_button.clicked.connect(self.planRequested)
        self.page: QWidget | None = None  # shown instead of the list (show_page): a day's plan
        self._focus_before_page: QWidget | None = None  # the widget the page took the focus from
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 4, 8)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.plan_button)
        layout.addWidget(self.unstar_button)
        layout.addWidget(self.export_button)
        self.set_agenda([], None)

    def set_agenda(self, events: list[Event], zone: tzinfo | None, statuses: dict[str, tuple[str, str]] | None = None,
                   conflicts: dict[str, list[Event]] | None = None, notes: dict[str, str] | None = None,
                   display_zone: tzinfo | None = None, *, reading: Sequence[Unscheduled] = (),
                   removed: Collection[str] = (), tiers: Mapping[str, Tier] | None = None) -> None:
        """``zone`` groups events into conference days; times show in ``display_zone``;
        ``reading``: the starred entries without a time (``removed``: those that left the schedule);
        ``tiers``: each star's tier (must-see where not given)."""
        self.model.set_agenda(events, zone, statuses, conflicts, notes, display_zone, reading=reading, removed=removed,
                              tiers=tiers)
        self.tree.expandAll()
        count = self.model.event_count()
        clashes = self.model.clash_count()  # the posters of a route share their session: no clash
        maybe = self.model.maybe_count()
        text = f"<b>MY AGENDA</b> ({count}{f', {maybe} maybe' if maybe else ''})"
        if reading:
            text += f" · {len(reading)} to read"
        if clashes:
            red = colours.text_colour(colours.CONFLICT, self.header.palette(), QPalette.ColorRole.Window).name()
            text += f" · <span style='color:{red}'>{clashes} in conflict</span>"
        self.header.setText(text)
        self.header.setAccessibleDescription(f"{count} starred events{f' ({maybe} maybe)' if maybe else ''}, "
                                             f"{clashes} in conflict"
                                             + (f", {len(reading)} on the reading list" if reading else ""))
        self.stack.setCurrentWidget(self.page or (self.tree if count or reading else self.empty))
        self.export_button.setEnabled(count > 0 or bool(reading))  # a reading list exports as BibTeX
        self._sync_unstar_button()  # a reset drops the selection without a signal
        if self._unstarring is not None:
            gone, neighbour = self._unstarring
            if neighbour and not self.model.index_of(gone).isValid():
                # Selected as a click would: the timeline and detail pane follow it.
                self.tree.setCurrentIndex(self.model.index_of(neighbour))

    def show_page(self, page: QWidget | None) -> None:
        """Show ``page`` (a day's plan) in place of the list and its buttons; None: the list again.

        The focus stays in My agenda: a focused button or list that the page hides gives it to
        the page, and the page closing gives it back to where it was taken from. Focus elsewhere
        (the timeline's Shift+P) stays where it is.
        """
        focused = QApplication.focusWidget()
        if page is not None and self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.page = page
        self.stack.setCurrentWidget(page or (self.tree if self.model.event_count() or self.model.rowCount() else
                                             self.empty))
        for button in (self.plan_button, self.unstar_button, self.export_button):
            button.setVisible(page is None)
        if focused is None or focused.isVisible() or not self.isAncestorOf(focused):
            return  # the focus was not on what the switch hid
        if page is not None:
            self._focus_before_page = focused
            (tab_order.first_in(page) or page).setFocus(Qt.FocusReason.OtherFocusReason)
            return
        back, self._focus_before_page = self._focus_before_page, None
        if back is None or not back.isVisible():
            back = self.tree if self.stack.currentWidget() is self.tree else self.plan_button
        back.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_shown(self) -> None:
        """Alt+2: into what My agenda shows: the day's plan while it is open, else the list
        (with no starred talk, the Plan my day button under its hint)."""
        if self.page is not None:
            shown = tab_order.first_in(self.page) or self.page  # the plan: its rows
        else:
            shown = self.tree if self.stack.currentWidget() is self.tree else self.plan_button
        shown.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def select(self, event_id: str) -> None:
        index = self.model.index_of(event_id)
        blocked = self.tree.selectionModel().blockSignals(True)
        try:
            if index.isValid():
                self.tree.setCurrentIndex(index)
                self.tree.scrollTo(index)
            else:
                self.tree.clearSelection()
                self.tree.setCurrentIndex(QModelIndex())
        finally:
            self.tree.selectionModel().blockSignals(blocked)
        self._sync_unstar_button()

    def _sync_unstar_button(self) -> None:
        self.unstar_button.setEnabled(bool(self.tree.selected_id()))

    def _current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        event_id = current.data(Roles.EVENT_ID)
        if event_id:
            self.eventSelected.emit(event_id)

    def _unstar_clicked(self) -> None:
        event_id = self.tree.selected_id()
        if event_id:
            self._unstar(event_id)

    def _unstar(self, event_id: str) -> None:
        """Ask for the unstar; the list comes back through set_agenda while the signal
        is handled, and then the neighbour is selected."""
        self._unstarring = (event_id, self._neighbour(event_id))
        try:
            self.unstarRequested.emit(event_id)
        finally:
            self._unstarring = None

    def _neighbour(self, event_id: str) -> str:
        """The event after ``event_id`` in the list (across days), else the one before."""
        ids = self.model.event_ids()
        if event_id not in ids:
            return ""
        at = ids.index(event_id)
        rest = ids[at + 1:] + ids[:at][::-1]
        return str(rest[0]) if rest else ""
