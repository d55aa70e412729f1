"""Every text colour Planner chooses itself reads at WCAG AA (4.5:1) on what it is drawn on.

Issue 18: the conflict red (#b91c1c) was written for light palettes and read at 2:1 on a
dark window. Measured here in a light palette, the dark one scripts/screenshot.py --dark
uses, Fusion's dark one (window #323232) and a dark palette whose panes are that grey.
Cards and the hour ruler are painted through a painter that records each text with its
pen and the fill under it, so the contrast is the one on screen, tints included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPalette, QPen, QTextDocument
from PySide6.QtWidgets import QStyleOptionViewItem

from planner.domain.marks import Tier
from planner.domain.model import Event, Kind
from planner.ui.widgets import colours
from planner.ui.widgets.colours import contrast, mix
from planner.ui.widgets.delegates import CardDelegate
from planner.ui.widgets.models import EventListModel

AA = 4.5
ZONE = timezone(timedelta(hours=1))
DAY = datetime(2024, 12, 27, 10, 0, tzinfo=ZONE)


def _palette(window: str, base: str, text: str, placeholder: QColor | None = None, highlight: str = "#8ab4f8") -> QPalette:
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, window), (QPalette.ColorRole.Base, base),
                         (QPalette.ColorRole.AlternateBase, base), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.WindowText, text), (QPalette.ColorRole.ButtonText, text),
                         (QPalette.ColorRole.Button, window), (QPalette.ColorRole.Highlight, highlight)):
        palette.setColor(role, QColor(colour))
    palette.setColor(QPalette.ColorRole.PlaceholderText, placeholder or mix(QColor(text), QColor(base), 0.4))
    return palette


def light() -> QPalette:
    """Fusion's light palette (window #efefef, base white, black text), what offscreen Qt uses."""
    palette = _palette("#efefef", "#ffffff", "#000000", highlight="#308cc6")
    half = QColor("#000000")
    half.setAlpha(128)  # Fusion's placeholder: the text at half opacity
    palette.setColor(QPalette.ColorRole.PlaceholderText, half)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#bebebe"))
    return palette


def screenshot_dark() -> QPalette:
    """The palette of scripts/screenshot.py --dark."""
    return _palette("#202124", "#17181a", "#e8eaed", QColor("#9aa0a6"))


def fusion_dark() -> QPalette:
    """Qt's Fusion palette in a dark colour scheme: window #323232, base 40% darker."""
    half = QColor("#f0f0f0")
    half.setAlpha(128)
    palette = _palette("#323232", QColor("#323232").darker(140).name(), "#f0f0f0", half, "#308cc6")
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#828282"))
    return palette


def grey_dark() -> QPalette:
    """A dark theme that draws its panes in the window's grey (#323232)."""
    return _palette("#323232", "#323232", "#eeeeee")


PALETTES: dict[str, Callable[[], QPalette]] = {
    "light": light, "screenshot-dark": screenshot_dark, "fusion-dark": fusion_dark, "grey-dark": grey_dark,
}
palettes = pytest.mark.parametrize("make_palette", PALETTES.values(), ids=PALETTES.keys())


def _event(key: int, kind: Kind, minutes: int, **more: object) -> Event:
    start = DAY + timedelta(minutes=minutes)
    fields: dict[str, object] = {
        "id": f"c{key}", "kind": kind, "number": key, "title": f"{kind.label} about contrast {key}",
        "authors": ("Ada Example", "Bo Sample"), "abstract": "Why colours need to read on their backgrounds. " * 6,
        "start": start, "end": start + timedelta(minutes=45), "session": "Colours", "room": "Saal 1",
    }
    fields.update(more)
    return Event(**fields)  # type: ignore[arg-type]


EVENTS = [_event(i + 1, kind, 20 * i) for i, kind in enumerate(Kind)]
EVENTS += [
    _event(20, Kind.TALK, 5, cancelled=True),
    _event(21, Kind.POSTER, 15, all_day=True),
    _event(22, Kind.QA, 25, number=None, title=""),
]


class RecordingPainter(QPainter):
    """A QPainter that notes each text it draws with its pen and the fill under it.

    The delegate and the ruler call the painter from Python, so these overrides see every
    call; a fill is a rectangle drawn with a solid brush, the latest one under the text's
    centre is its background.
    """

    def __init__(self, image: QImage, background: QColor) -> None:
        super().__init__(image)
        self.pen_colour: QColor | None = QColor("black")
        self.brush_colour: QColor | None = None
        self._saved: list[tuple[QColor | None, QColor | None]] = []
        self.fills: list[tuple[QRectF, QColor]] = [(QRectF(image.rect()), background)]
        self.texts: list[tuple[str, QColor, QColor]] = []  # (text, pen, fill under it)

    def save(self) -> None:
        self._saved.append((self.pen_colour, self.brush_colour))
        super().save()

    def restore(self) -> None:
        self.pen_colour, self.brush_colour = self._saved.pop()
        super().restore()

    def setPen(self, pen) -> None:  # type: ignore[no-untyped-def,override]
        if isinstance(pen, QPen):
            self.pen_colour = None if pen.style() == Qt.PenStyle.NoPen else QColor(pen.color())
        elif isinstance(pen, QColor):
            self.pen_colour = QColor(pen)
        else:
            self.pen_colour = None if pen == Qt.PenStyle.NoPen else QColor(pen)
        super().setPen(pen)

    def setBrush(self, brush) -> None:  # type: ignore[no-untyped-def,override]
        if isinstance(brush, QBrush):
            self.brush_colour = None if brush.style() == Qt.BrushStyle.NoBrush else QColor(brush.color())
        elif isinstance(brush, QColor):
            self.brush_colour = QColor(brush)
        else:
            self.brush_colour = None if brush == Qt.BrushStyle.NoBrush else QColor(brush)
        super().setBrush(brush)

    def _filled(self, rect) -> None:  # type: ignore[no-untyped-def]
        if self.brush_colour is not None and self.brush_colour.alpha() == 255:
            self.fills.append((QRectF(rect), self.brush_colour))

    def drawRect(self, rect) -> None:  # type: ignore[no-untyped-def,override]
        self._filled(rect)
        super().drawRect(rect)

    def drawRoundedRect(self, rect, *args) -> None:  # type: ignore[no-untyped-def,override]
        self._filled(rect)
        super().drawRoundedRect(rect, *args)

    def drawText(self, where, *args) -> None:  # type: ignore[no-untyped-def,override]
        text = args[-1]
        if isinstance(text, str) and text.strip() and self.pen_colour is not None:
            centre = QPointF(where) if isinstance(where, (QPoint, QPointF)) else QRectF(where).center()
            under = next((colour for rect, colour in reversed(self.fills) if rect.contains(centre)), None)
            if under is not None:  # None: off the canvas, not seen
                self.texts.append((text, self.pen_colour, under))
        super().drawText(where, *args)

    def too_faint(self) -> list[str]:
        """Each text under AA, described for the failure message."""
        faint = []
        for text, pen, under in self.texts:
            seen = mix(under, pen, pen.alphaF()) if pen.alpha() < 255 else pen
            ratio = contrast(seen, under)
            if ratio < AA:
                faint.append(f"{text[:30]!r} {pen.name(QColor.NameFormat.HexArgb)} on {under.name()}: {ratio:.2f}")
        return faint


def test_every_shade_reads_on_panes_and_tinted_cards() -> None:
    """The table itself: each role's chosen shade on the pane, the window and every card
    fill it can stand on (tinted by any kind, starred), in every palette."""
    roles = {"warn": colours.WARN, "conflict": colours.CONFLICT, "cancelled": colours.CANCELLED,
             "changed": colours.CHANGED, "star": colours.STAR, "link": colours.LINK,
             "friend": colours.FRIEND,
             **{kind.name: pair for kind, pair in colours.KIND.items()}}
    faint = []
    for name, make in PALETTES.items():
        palette = make()
        base, window = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window)
        tints = [colours.text_colour(pair, palette) for pair in (*colours.KIND.values(), colours.STAR_TINT)]
        backgrounds = [base, window] + [mix(base, tint, amount) for tint in tints for amount in (0.08, 0.10, 0.16)]
        for role, pair in roles.items():
            for background in backgrounds:
                colour = colours.shade(pair, base if background != window else window)
                if contrast(colour, background) < AA:
                    faint.append(f"{name} {role} {colour.name()} on {background.name()}: "
                                 f"{contrast(colour, background):.2f}")
    assert faint == []


def paint_card(delegate: CardDelegate, index: QModelIndex, palette: QPalette, size: tuple[int, int],
               selected: bool) -> RecordingPainter:
    """One card painted ``size`` big on the palette's base, through a RecordingPainter."""
    image = QImage(*size, QImage.Format.Format_ARGB32)
    base = palette.color(QPalette.ColorRole.Base)
    image.fill(base)
    painter = RecordingPainter(image, base)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, *size)
    option.palette = palette
    try:
        delegate.paint_card(painter, option, index, selected=selected, focused=selected)
    finally:
        painter.end()
    return painter


@palettes
@pytest.mark.parametrize("size", [(260, 120), (150, 64), (120, 40), (50, 60)], ids=["wide", "column", "flat", "narrow"])
def test_card_text_reads_on_the_card_it_is_painted_on(qapp, make_palette, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Badges, times, flags, titles, authors, abstracts, stars and dimmed cards, plain,
    starred must-see or maybe, selected and filtered out."""
    palette = make_palette()
    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    ids = [e.id for e in EVENTS]
    model.set_flags({ids[0]: ("changed", "moved from 09:00"), ids[1]: ("new", ""), ids[2]: ("removed", "")},
                    {ids[3]: [EVENTS[4]], ids[4]: [EVENTS[3]], ids[-1]: [EVENTS[0]]})
    delegate = CardDelegate()
    delegate.zone = ZONE
    faint: list[str] = []
    for tier in (None, Tier.MUST, Tier.MAYBE):  # a maybe: an outlined star on a fainter tint
        model.set_starred(set(ids) if tier is not None else set())
        model.set_tiers(dict.fromkeys(ids, tier) if tier is not None else {})
        for matches in (None, set()):
            model.set_matches(matches)
            for selected in (False, True):
                for row in range(model.rowCount()):
                    faint += paint_card(delegate, model.index(row, 0), palette, size, selected).too_faint()
    assert sorted(set(faint)) == []


@palettes
def test_detail_pane_notes_and_links_read_on_the_pane(qtbot, make_palette) -> None:  # type: ignore[no-untyped-def]
    """"Cancelled", "Changed", "Clashes with" and the empty pane's hint, in the pane's base."""
    from planner.ui.widgets.detail import DetailPane

    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.setPalette(make_palette())
    cancelled = _event(30, Kind.TALK, 0, cancelled=True, url="https://example.org/talk")
    faint: list[str] = []
    for event, status in ((None, None), (cancelled, ("changed", "moved from 09:00")), (EVENTS[0], ("removed", ""))):
        pane.show_event(event, zone=ZONE, status=status, clashes=[EVENTS[1]])
        browser = pane.browser
        base = browser.palette().color(QPalette.ColorRole.Base)
        faint += _faint_fragments(browser.document(), browser.palette().color(QPalette.ColorRole.Text), base)
    assert faint == []


@palettes
def test_agenda_conflict_count_reads_on_the_panel(qtbot, make_palette) -> None:  # type: ignore[no-untyped-def]
    """The header's "N in conflict" is drawn on the panel's window colour."""
    from planner.ui.widgets.agenda import AgendaPanel

    panel = AgendaPanel()
    qtbot.addWidget(panel)
    palette = make_palette()
    panel.setPalette(palette)
    panel.set_agenda(EVENTS[:2], ZONE, conflicts={EVENTS[0].id: [EVENTS[1]], EVENTS[1].id: [EVENTS[0]]})
    document = QTextDocument()
    document.setHtml(panel.header.text())
    assert "2 in conflict" in document.toPlainText()
    faint = _faint_fragments(document, palette.color(QPalette.ColorRole.WindowText),
                             palette.color(QPalette.ColorRole.Window))
    assert faint == []


@palettes
def test_agenda_empty_hint_reads_on_the_panel(qtbot, make_palette) -> None:  # type: ignore[no-untyped-def]
    """"No starred talks yet ... press S" says what to do: not greyed out as disabled."""
    from planner.ui.widgets.agenda import AgendaPanel

    panel = AgendaPanel()
    qtbot.addWidget(panel)
    palette = make_palette()
    panel.setPalette(palette)
    panel.set_agenda([], ZONE)
    hint = panel.empty
    group = QPalette.ColorGroup.Active if hint.isEnabled() else QPalette.ColorGroup.Disabled
    colour = hint.palette().color(group, hint.foregroundRole())
    assert contrast(colour, palette.color(QPalette.ColorRole.Window)) >= AA


@palettes
def test_the_undo_link_reads_on_the_status_bar(qtbot, make_palette) -> None:  # type: ignore[no-untyped-def]
    """The status bar's "Undo" after a star message, before and after a palette change."""
    from PySide6.QtWidgets import QStatusBar

    from planner.ui.stars import UndoLink

    bar = QStatusBar()
    qtbot.addWidget(bar)
    link = UndoLink(bar)
    for palette in (make_palette(), PALETTES["light"](), make_palette()):  # a switch, then back
        bar.setPalette(palette)
        document = QTextDocument()
        document.setHtml(link.text())
        assert document.toPlainText() == "· Undo"
        background = link.palette().color(QPalette.ColorRole.Window)
        assert background == palette.color(QPalette.ColorRole.Window)
        assert _faint_fragments(document, palette.color(QPalette.ColorRole.WindowText), background) == []


@palettes
def test_hour_ruler_labels_read_on_the_gutter(qtbot, make_palette) -> None:  # type: ignore[no-untyped-def]
    """Hours, quarters and the all-day row's label, on the gutter's own fill."""
    from planner.ui.widgets.timeline import TimelineView

    model = EventListModel()
    model.set_events(EVENTS, ZONE)
    view = TimelineView()
    qtbot.addWidget(view)
    model.setParent(view)
    view.setModel(model)
    view.setPalette(make_palette())
    view.set_zoom(3.0)  # quarter labels show from 1 px a minute
    view.resize(600, 500)
    view.show()
    qtbot.waitExposed(view)
    view.grab()  # laid out
    palette = view.palette()
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    height = view.viewport().height()
    image = QImage(200, height, QImage.Format.Format_ARGB32)
    image.fill(base)
    painter = RecordingPainter(image, base)
    try:
        view._draw_axis(painter, height, 0, view._axis_hours(), base, text)
    finally:
        painter.end()
    drawn = [t for t, _, _ in painter.texts]
    assert any(t.startswith(":") for t in drawn) and "All day" in drawn
    assert painter.too_faint() == []


def _faint_fragments(document: QTextDocument, default: QColor, background: QColor) -> list[str]:
    """Each run of text in ``document`` whose colour reads under AA on ``background``."""
    faint = []
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if fragment.isValid() and fragment.text().strip():
                brush = fragment.charFormat().foreground()
                colour = brush.color() if brush.style() != Qt.BrushStyle.NoBrush else default
                if contrast(colour, background) < AA:
                    faint.append(f"{fragment.text()[:30]!r} {colour.name()} on {background.name()}: "
                                 f"{contrast(colour, background):.2f}")
            iterator += 1
        block = block.next()
    return faint
