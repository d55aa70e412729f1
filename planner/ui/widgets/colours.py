"""The text colours Planner chooses itself, and the rule that picks one for a background.

Each role is a pair: a shade for light backgrounds and one for dark ones, both reading at
WCAG AA (4.5:1) on the backgrounds Planner draws them on: the pane's base, a card tinted
with its kind or starred, a selected card. tests/ui/test_contrast.py measures every pair
in a light palette, the dark one scripts/screenshot.py uses and Fusion's dark one.
A hard-coded light-palette red (#b91c1c) read at 2:1 on a dark window.

Greys are not listed: secondary text is the palette's text faded towards its background
(``muted``), never further than AA allows.
"""

from __future__ import annotations

import functools

from PySide6.QtGui import QColor, QPalette

from planner.domain.model import Kind

AA = 4.5  # WCAG AA for body text

Shades = tuple[str, str]  # (on a light background, on a dark one)

WARN: Shades = ("#b91c1c", "#fca5a5")
CONFLICT: Shades = WARN  # "⚠ CLASH", "⚠ Clashes with ...", "N in conflict"
CANCELLED: Shades = WARN
CHANGED: Shades = WARN  # the "changed" and "removed" notes
STAR: Shades = ("#92400e", "#fbbf24")  # the filled star
STAR_TINT: Shades = ("#d97706", "#fbbf24")  # what a starred card is faintly filled with
LINK: Shades = ("#1a4fd6", "#a8c7fa")
FRIEND: Shades = ("#9d174d", "#f9a8d4")  # a friend's name chip on a card (pink-800 / pink-300)

# Kind accents, used for the badge text as well as the stripe and tint: -800/-700 shades
# on light backgrounds (the -700 teal, green and fuchsia read under 4.5:1 on a starred
# card), -300 on dark ones.
KIND: dict[Kind, Shades] = {
    Kind.ORAL: ("#1d4ed8", "#9ec1ff"),
    Kind.SPOTLIGHT: ("#6d28d9", "#c4b5fd"),
    Kind.TALK: ("#115e59", "#5eead4"),
    Kind.POSTER: ("#166534", "#86efac"),
    Kind.WORKSHOP: ("#86198f", "#f0abfc"),
}


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two opaque colours, from 1 (the same) to 21 (black on white)."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def mix(a: QColor, b: QColor, amount: float) -> QColor:
    """``amount`` of ``b`` over ``a``."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


def is_dark(palette: QPalette) -> bool:
    """Whether the palette draws panes and cards dark (by its base colour)."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def box_fill(palette: QPalette) -> QColor | None:
    """What an empty check box is filled with in ``palette``, if not its Base colour.

    Fusion fills the box with Base and outlines it a shade darker than the window: on a
    dark window both all but vanish (1.1:1 against the window, where the light palette's
    box stands out at 1.65:1). A quarter of the way from Base to Text makes it 1.9:1.
    None in a light palette: the box is drawn as the style draws it.
    """
    if not is_dark(palette):
        return None
    return mix(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text), 0.25)


def shade(pair: Shades, background: QColor) -> QColor:
    """The one of ``pair`` that reads better on ``background``."""
    return QColor(_shade(pair, background.rgba()))


# Cards ask the same questions of the same few colours for every card they paint: the
# answers are kept (by RGBA value: QColor is not hashable).
@functools.lru_cache(maxsize=512)
def _shade(pair: Shades, background: int) -> str:
    light, dark, on = QColor(pair[0]), QColor(pair[1]), QColor.fromRgba(background)
    return pair[0] if contrast(light, on) >= contrast(dark, on) else pair[1]


def text_colour(pair: Shades, palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """``pair``'s shade for text on the palette's ``on`` colour (a pane's base, a window)."""
    return shade(pair, palette.color(on))


def link_colour(palette: QPalette, on: QPalette.ColorRole = QPalette.ColorRole.Base) -> QColor:
    """The palette's link colour where it reads at AA on the palette's ``on`` colour, else LINK's.

    Qt colours a link in rich text with the application palette's link colour, whatever
    the widget's: a dark palette that leaves it at Qt's default blue (#0000ff) drew links
    blue on near black. So a link is always given its colour explicitly, from this.
    """
    link = palette.color(QPalette.ColorRole.Link)
    return link if contrast(link, palette.color(on)) >= AA else text_colour(LINK, palette, on)


def muted(text: QColor, background: QColor, amount: float) -> QColor:
    """``text`` faded ``amount`` of the way to ``background``, but no further than AA allows.

    A fixed fade (30% for a card's time, 50% for an abstract) fell to 3:1 on a tinted card.
    """
    return QColor.fromRgba(_muted(text.rgba(), background.rgba(), amount))


@functools.lru_cache(maxsize=512)
def _muted(text_rgba: int, background_rgba: int, amount: float) -> int:
    text, background = QColor.fromRgba(text_rgba), QColor.fromRgba(background_rgba)
    if contrast(mix(text, background, amount), background) >= AA:
        return mix(text, background, amount).rgba()
    low, high = 0.0, amount  # the most fade that still reads: a few halvings are exact enough
    for _ in range(8):
        middle = (low + high) / 2
        if contrast(mix(text, background, middle), background) >= AA:
            low = middle
        else:
            high = middle
    return mix(text, background, low).rgba()


def pane_css(palette: QPalette) -> str:
    """The classes rich text in a pane colours its notes with, for this palette."""
    base = palette.color(QPalette.ColorRole.Base)
    rules = {"conflict": CONFLICT, "cancelled": CANCELLED, "changed": CHANGED}
    css = "".join(f".{name} {{ color: {shade(pair, base).name()}; }}" for name, pair in rules.items())
    faded = muted(palette.color(QPalette.ColorRole.Text), base, 0.45).name()
    return css + f".muted {{ color: {faded}; }}"
