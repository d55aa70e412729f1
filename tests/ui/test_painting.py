"""Card painting under widget.grab(): every kind, every state, both palettes, several zoom
levels and widths. A delegate that raises or a painter that logs a warning fails here
(pytest-qt captures exceptions from Qt virtuals; qt_log_level_fail = WARNING)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QItemSelectionModel, QRect
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from planner.domain.model import Event, Kind
from planner.ui.main_window import MainWindow
from planner.ui.widgets.colours import is_dark
from planner.ui.widgets.delegates import CardDelegate, kind_colour, wrap_lines
from planner.ui.widgets.models import EventListModel, Roles
from planner.ui.widgets.timeline import TimelineView
from planner.ui.widgets.timeline_zoom import MAX_PPM, MIN_PPM

# Explicit here although pyproject sets it: a painter warning is a painting bug.
pytestmark = pytest.mark.qt_log_level_fail("WARNING")

ZONE = timezone(timedelta(hours=-8))
DAY = datetime(2020, 12, 10, 9, 0, tzinfo=ZONE)
LONG_TITLE = ("A very long title about {\\it deep} networks, $\\alpha$-divergences and 76.8\\% accuracy "
              "that has to wrap over several lines and then be elided " * 2).strip()
MANY_AUTHORS = tuple(f"Author Number{i} Müller" for i in range(9))


def make_events() -> list[Event]:
    """Every kind, with and without numbers, titles, authors and abstracts; some overlap."""
    events = []
    minute = 0
    for i, kind in enumerate(Kind):
        for variant in range(3):
            start = DAY + timedelta(minutes=minute)
            length = (5, 10, 45)[variant]
            events.append(Event(
                id=f"e{i}-{variant}",
                kind=kind,
                number=None if variant == 2 else i * 3 + variant + 1,
                title=("" if variant == 2 and kind in (Kind.OTHER, Kind.QA) else LONG_TITLE if variant else kind.label),
                authors=MANY_AUTHORS if variant == 1 else (("Solo Author",) if variant == 0 else ()),
                abstract="Abstract with {\\em emphasis} and <b>markup</b>. " * 20 if variant else "",
                start=start,
                end=start + timedelta(minutes=length),
                session="Painting session",
                room="Room A" if variant != 1 else "Room B with a very long name that will not fit",
            ))
            minute += 7  # overlaps the previous event: lanes and room columns
    return events


EVENTS = make_events()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base, "#18191b"),
                         (QPalette.ColorRole.Text, "#e8eaed"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Highlight, "#8ab4f8"), (QPalette.ColorRole.PlaceholderText, "#9aa0a6")):
        palette.setColor(role, QColor(colour))
    return palette


def light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#111111"))
    return palette


@pytest.fixture
def view(qtbot) -> TimelineView:  # type: ignore[no-untyped-def]
    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    ids = [e.id for e in EVENTS]
    model.set_starred(set(ids[::3]))
    model.set_matches(set(ids[::2]))  # every other card dimmed
    model.set_flags({ids[1]: ("new", ""), ids[4]: ("changed", "moved from 08:00"), ids[7]: ("removed", "")},
                    {ids[2]: [EVENTS[3]], ids[3]: [EVENTS[2]], ids[10]: [EVENTS[11]]})
    timeline = TimelineView()
    qtbot.addWidget(timeline)
    model.setParent(timeline)
    timeline.setModel(model)
    timeline.now = lambda: DAY + timedelta(minutes=30)
    timeline.resize(900, 600)
    timeline.show()
    qtbot.waitExposed(timeline)
    return timeline


def paint_whole_day(view: TimelineView) -> int:
    """Grab page by page until every card has been painted; returns cards painted."""
    painted: set[int] = set()
    original = view.delegate.paint_card

    def counting(painter, option, index, **state):  # type: ignore[no-untyped-def]
        painted.add(index.row())
        original(painter, option, index, **state)

    view.delegate.paint_card = counting  # type: ignore[method-assign]
    try:
        bar = view.verticalScrollBar()
        hbar = view.horizontalScrollBar()
        for x in sorted(set(range(0, hbar.maximum(), max(1, hbar.pageStep()))) | {hbar.maximum()}):
            hbar.setValue(x)
            bar.setValue(0)
            while True:
                image = view.grab()
                assert not image.isNull()
                if bar.value() >= bar.maximum():
                    break
                bar.setValue(bar.value() + bar.pageStep())
    finally:
        del view.delegate.paint_card
    return len(painted)


@pytest.mark.parametrize("palette", [light_palette, dark_palette], ids=["light", "dark"])
@pytest.mark.parametrize("ppm", [MIN_PPM, 6.0, MAX_PPM])
@pytest.mark.parametrize("width", [120, 700])
def test_every_card_paints_in_every_state(view: TimelineView, palette, ppm: float, width: int) -> None:  # type: ignore[no-untyped-def]
    view.setPalette(palette())
    view.set_zoom(ppm)
    view.resize(width, 500)
    index = view.model().index(4, 0)
    view.setCurrentIndex(index)
    view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    view.setFocus()
    assert paint_whole_day(view) == len(EVENTS)


def test_the_delegate_paints_into_any_rectangle(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Directly, at sizes the view never produces: 1 px, very narrow, very flat, huge."""
    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    model.set_starred({EVENTS[0].id, EVENTS[5].id})
    model.set_flags({EVENTS[1].id: ("changed", "room was A")}, {EVENTS[2].id: [EVENTS[3]]})
    delegate = CardDelegate()
    delegate.zone = ZONE
    image = QImage(800, 900, QImage.Format.Format_ARGB32)
    sizes = [(1, 1), (0, 0), (6, 40), (30, 16), (60, 12), (90, 200), (200, 16), (240, 64), (700, 880)]
    states = [QStyle.StateFlag.State_Enabled,
              QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Selected,
              QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_HasFocus]
    for palette in (light_palette(), dark_palette()):
        for row in range(model.rowCount()):
            for i, (w, h) in enumerate(sizes):
                painter = QPainter(image)
                try:
                    option = QStyleOptionViewItem()
                    option.rect = QRect(3, 3, w, h)
                    option.palette = palette
                    option.state = states[(row + i) % len(states)]
                    delegate.paint(painter, option, model.index(row, 0))
                finally:
                    painter.end()


def test_dimmed_cards_are_fainter_than_matching_ones(view: TimelineView) -> None:
    model = view.model()
    view.set_zoom(6.0)
    view.resize(500, 500)
    first = view.visualRect(model.index(0, 0))
    model.set_matches(None)
    bright = view.grab().toImage()
    model.set_matches(set())
    faint = view.grab().toImage()
    dpr = bright.devicePixelRatio()
    x, y = int((first.left() + 3) * dpr), int(first.center().y() * dpr)  # the kind stripe
    base = view.palette().color(QPalette.ColorRole.Base)

    def distance(image: QImage) -> int:
        c = image.pixelColor(x, y)
        return abs(c.red() - base.red()) + abs(c.green() - base.green()) + abs(c.blue() - base.blue())

    assert distance(faint) < distance(bright)


def test_oral_and_spotlight_colours_differ_in_both_palettes() -> None:
    for palette in (light_palette(), dark_palette()):
        colours = {kind: kind_colour(kind, palette).name() for kind in Kind}
        assert colours[Kind.ORAL] != colours[Kind.SPOTLIGHT]
        assert len({colours[k] for k in (Kind.ORAL, Kind.SPOTLIGHT, Kind.POSTER, Kind.TALK, Kind.WORKSHOP)}) == 5
    assert is_dark(dark_palette()) and not is_dark(light_palette())
    assert kind_colour(Kind.ORAL, light_palette()) != kind_colour(Kind.ORAL, dark_palette())


def test_wrap_lines_fits_the_width_and_elides_the_last_line(qapp) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QFont, QFontMetrics

    font = QFont()
    lines = wrap_lines(LONG_TITLE, font, 150, 3)
    assert len(lines) == 3
    assert all(QFontMetrics(font).horizontalAdvance(line) <= 151 for line in lines)
    assert lines[-1].endswith("…")
    assert wrap_lines(LONG_TITLE, font, 0, 3) == [] and wrap_lines(LONG_TITLE, font, 100, 0) == []
    assert wrap_lines("short", font, 300, 2) == ["short"]


def test_the_window_paints_at_a_very_narrow_size_and_in_a_dark_palette(qtbot, window: MainWindow) -> None:
    window.set_star(window.days.all()[0].id, True)
    window.select_event(window.days.all()[1].id)
    window.search.setText("kernel")
    window.resize(320, 240)
    assert not window.grab().isNull()
    window.setPalette(dark_palette())
    window.resize(1280, 800)
    assert not window.grab().isNull()
    assert window.timeline.visible_rows()


def test_only_visible_cards_are_painted(view: TimelineView) -> None:
    view.set_zoom(MAX_PPM)
    view.resize(600, 300)
    painted: list[int] = []
    original = view.delegate.paint_card
    view.delegate.paint_card = lambda p, o, i, **state: (painted.append(i.row()), original(p, o, i, **state))  # type: ignore[method-assign]
    try:
        view.grab()
    finally:
        del view.delegate.paint_card
    visible = set(view.visible_rows())
    assert painted and set(painted) <= visible
    assert len(visible) < len(EVENTS) // 2
    for row in set(range(len(EVENTS))) - visible:
        assert not view.visualRect(view.model().index(row, 0)).intersects(view.viewport().rect())


def test_star_states_are_drawn_differently(view: TimelineView) -> None:
    model = view.model()
    view.resize(700, 400)
    view.set_zoom(6.0)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Roles.EVENT).kind == Kind.ORAL)
    eid = model.index(row, 0).data(Roles.EVENT_ID)
    view.scrollTo(model.index(row, 0))
    rect = view.visualRect(model.index(row, 0))
    model.set_starred(set())
    off = view.grab(rect).toImage()
    model.set_starred({eid})
    on = view.grab(rect).toImage()
    assert off != on


def test_repainting_does_not_convert_latex_again(view: TimelineView, monkeypatch: pytest.MonkeyPatch) -> None:
    """Painting runs on every scroll step: LaTeX-to-text (~10 ms a string) must not."""
    import planner.text.readable

    view.set_zoom(MAX_PPM)  # tall cards: titles, authors and abstract excerpts
    view.grab()
    calls: list[int] = []
    real = planner.text.readable._converter

    def counting():  # type: ignore[no-untyped-def]
        calls.append(1)
        return real()

    monkeypatch.setattr(planner.text.readable, "_converter", counting)
    view.viewport().update()
    view.grab()
    assert calls == []


def test_qt_entry_point_paints_the_state_in_option_state(qtbot) -> None:  # type: ignore[no-untyped-def]
    """paint() (Qt's way in) reads the state from option.state; paint_card() is told it."""
    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    delegate = CardDelegate()
    delegate.zone = ZONE
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Roles.EVENT).kind == Kind.ORAL)

    def image(state=None, **told):  # type: ignore[no-untyped-def]
        canvas = QImage(260, 80, QImage.Format.Format_ARGB32)
        canvas.fill(0)
        painter = QPainter(canvas)
        try:
            option = QStyleOptionViewItem()
            option.rect = QRect(0, 0, 240, 64)
            option.palette = light_palette()
            if state is None:
                delegate.paint_card(painter, option, model.index(row, 0), **told)
            else:
                option.state = state
                delegate.paint(painter, option, model.index(row, 0))
        finally:
            painter.end()
        return canvas

    enabled = QStyle.StateFlag.State_Enabled
    plain, selected, focused = image(), image(selected=True), image(focused=True)
    assert plain != selected and plain != focused and selected != focused
    assert image(enabled) == plain
    assert image(enabled | QStyle.StateFlag.State_Selected) == selected
    assert image(enabled | QStyle.StateFlag.State_HasFocus) == focused


def test_a_view_gone_before_its_axis_strip_is_drawn_leaves_nothing_behind(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The paint queues the axis strip for after it (TimelineView._keep_axis); a view
    deleted before then must not be called (pytest-qt fails a test on any exception
    raised in a Qt callback)."""
    import shiboken6

    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    timeline = TimelineView()
    model.setParent(timeline)
    timeline.setModel(model)
    timeline.resize(900, 600)
    timeline.show()
    qtbot.waitExposed(timeline)
    timeline.grab()  # a paint, which queues the strip
    assert timeline._strip_queued
    shiboken6.delete(timeline)
    qtbot.wait(20)  # the queued call would run, and raise, here


class TextRecorder(QPainter):
    """Notes every text a delegate draws, with its rectangle (the delegate paints from Python)."""

    def __init__(self, image: QImage) -> None:
        super().__init__(image)
        self.texts: list[tuple[str, QRect]] = []

    def drawText(self, rect, *args) -> None:  # type: ignore[no-untyped-def,override]
        if isinstance(args[-1], str) and args[-1].strip():
            self.texts.append((args[-1], QRect(rect)))
        super().drawText(rect, *args)


@pytest.mark.parametrize("width", [160, 260])
def test_a_clash_never_hides_the_time_and_shrinks_to_an_icon_in_a_narrow_column(qapp, width: int) -> None:  # type: ignore[no-untyped-def]
    """Issue 18: "⚠ CLASH" took the room of the time, which read "…" in a 160 px column.
    The time is drawn whole (the start, at least); the flag is "⚠" where the word does not
    fit, and "⚠ CLASH" where it does."""
    from PySide6.QtGui import QFont, QFontMetrics

    from planner.domain.days import event_times
    from planner.ui.widgets.delegates import derived_font, star_rect

    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data(Roles.EVENT).kind == Kind.ORAL)
    event = model.index(row, 0).data(Roles.EVENT)
    model.set_flags({}, {event.id: [EVENTS[0]]})
    delegate = CardDelegate()
    delegate.zone = ZONE
    canvas = QImage(width, 70, QImage.Format.Format_ARGB32)
    canvas.fill(0)
    painter = TextRecorder(canvas)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, width, 64)
    option.palette = light_palette()
    option.font = QFont()
    try:
        delegate.paint_card(painter, option, model.index(row, 0))
    finally:
        painter.end()
    start, end = event_times(event, ZONE)
    drawn = dict(painter.texts)
    time = f"{start:%H:%M}–{end:%H:%M}" if width > 200 else f"{start:%H:%M}"
    assert time in drawn and event.heading.upper() in drawn, painter.texts  # the kind stays in words
    flag = next(text for text in drawn if "⚠" in text)
    assert flag == ("⚠" if width < 200 else "⚠ CLASH")
    # Side by side on the first line, clear of the star.
    small, small_bold = QFontMetrics(derived_font(option.font, 0.85)), QFontMetrics(derived_font(option.font, 0.85, bold=True))
    assert drawn[time].left() + small.horizontalAdvance(time) < drawn[flag].left()
    assert drawn[flag].left() + small_bold.horizontalAdvance(flag) <= star_rect(option.rect.adjusted(2, 1, -2, -1)).left()


def test_a_card_says_when_the_abstract_goes_on_past_what_it_holds() -> None:
    """A tall card showed the 600 characters it had of a longer abstract and stopped
    mid-word ("…the technical details of card10, th"), as if that were all of it."""
    from planner.ui.widgets.delegates import CARD_EXCERPT_CHARS, card_excerpt

    def talk(abstract: str) -> Event:
        start = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
        return Event(id="t", kind=Kind.ORAL, number=1, title="T", authors=(), abstract=abstract,
                     start=start, end=start + timedelta(hours=1), session="S")

    words = ("details of card10, the badge " * 40)[: CARD_EXCERPT_CHARS + 1]  # as the window reads it: 601
    cut = card_excerpt(talk(words))
    assert cut.endswith(" …") and len(cut) <= CARD_EXCERPT_CHARS + 2
    assert cut[:-2].split()[-1] in {"details", "of", "card10", "the", "badge"}  # a whole word, no comma left
    whole = "A hearty welcome me lasses and lads!"
    assert card_excerpt(talk(whole)) == whole  # all of it: no "…"
    exactly = ("word " * 200)[:CARD_EXCERPT_CHARS]
    assert not card_excerpt(talk(exactly)).endswith("…")  # 600 read, 600 there: the whole abstract


def test_the_window_reads_one_character_more_than_a_card_reads(window: MainWindow) -> None:
    from planner.ui.shown_schedule import CARD_ABSTRACT_CHARS
    from planner.ui.widgets.delegates import CARD_EXCERPT_CHARS, CARD_SOURCE_CHARS

    # A card reads more than it shows (markup takes room), then cuts what it read.
    assert CARD_ABSTRACT_CHARS == CARD_SOURCE_CHARS + 1 and CARD_SOURCE_CHARS >= 2 * CARD_EXCERPT_CHARS
    longest = max(window.days.all(), key=lambda e: len(e.abstract))
    assert len(longest.abstract) <= CARD_ABSTRACT_CHARS  # (the bundled session's are all shorter)
