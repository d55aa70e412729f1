"""The detail pane: the selected event's heading, time, authors and readable abstract."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from planner.ui.main_window import MainWindow

from .helpers import event


def show(window: MainWindow, heading: str) -> str:
    window.select_event(event(window, heading).id)
    assert window.detail.current.id == event(window, heading).id
    return window.detail.browser.toPlainText()


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\u2028", "\n").splitlines()]


@pytest.fixture
def local_zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """Set this process's local zone for one test (the pane shows local time beside it)."""

    def set_zone(name: str) -> None:
        monkeypatch.setenv("TZ", name)
        time.tzset()

    yield set_zone
    monkeypatch.undo()
    time.tzset()


def test_the_pane_shows_title_heading_session_and_authors_one_per_line(window: MainWindow) -> None:
    text = show(window, "Oral 1")
    assert "Is normalization indispensable for training deep neural network?" in text
    assert "Oral 1 · Orals & Spotlights Track 34: Deep Learning" in text
    body = lines(text)
    authors = ["Jie Shao", "Kai Hu", "Changhu Wang", "Xiangyang Xue", "Bhiksha Raj"]
    start = body.index(authors[0])
    assert body[start : start + len(authors)] == authors
    assert window.detail.badge.text().count("ORAL 1") == 1


def test_the_pane_shows_the_conference_time_and_the_local_time_when_it_differs(window: MainWindow, local_zone) -> None:  # type: ignore[no-untyped-def]
    local_zone("Europe/Berlin")
    text = show(window, "Oral 2")
    assert "Thu 10 Dec 2020, 18:15–18:30 UTC-08:00" in text
    assert "Fri 11 Dec, 03:15–03:30 UTC+01:00 (your time)" in text
    local_zone("America/Los_Angeles")
    text = show(window, "Oral 3")
    assert "18:30–18:45 UTC-08:00" in text
    assert "your time" not in text


def test_latex_switches_in_the_abstract_render_as_italics_without_backslashes(window: MainWindow) -> None:
    text = show(window, "Spotlight 5")
    assert "beyond kernel methods" in text
    assert "infinite dimensional Langevin dynamics" in text
    assert "\\it" not in text and "{" not in text and "}" not in text
    document = window.detail.browser.document()
    cursor = document.find("beyond kernel methods")
    assert not cursor.isNull()
    assert cursor.charFormat().fontItalic()
    plain = document.find("To realize more natural analysis")
    assert not plain.isNull() and not plain.charFormat().fontItalic()


def test_escaped_percent_and_math_are_readable(window: MainWindow) -> None:
    text = show(window, "Spotlight 6")
    assert "76.8% top-1 accuracy" in text
    assert "0.6% higher" in text
    assert "\\%" not in text and "$" not in text
    assert "ℓ" in text  # $\ell_1$-norm


def test_no_event_of_the_bundled_session_shows_a_raw_latex_command(window: MainWindow) -> None:
    for e in window.days.all():
        window.select_event(e.id)
        assert window.detail.current.id == e.id
        assert "\\" not in window.detail.browser.toPlainText(), e.heading


def test_the_pane_text_is_selectable(window: MainWindow) -> None:
    show(window, "Oral 1")
    flags = window.detail.browser.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    cursor = window.detail.browser.textCursor()
    cursor.select(QTextCursor.SelectionType.Document)
    window.detail.browser.setTextCursor(cursor)
    assert "Jie Shao" in window.detail.browser.textCursor().selectedText()


def test_breaks_and_untitled_slots_get_a_plain_pane(window: MainWindow) -> None:
    text = show(window, "Break")
    assert "Break" in text and "Authors" not in text
    untitled = next(e for e in window.days.all() if e.heading == "Other")
    window.select_event(untitled.id)
    assert "Untitled slot" in window.detail.browser.toPlainText()


def test_clearing_the_selection_empties_the_pane(window: MainWindow) -> None:
    show(window, "Oral 1")
    window.timeline.setCurrentIndex(window.model.index(-1, 0))
    assert window.detail.current is None
    assert "Select a talk" in window.detail.browser.toPlainText()
    assert not window.detail.star_button.isEnabled()


def test_a_note_typed_in_the_pane_is_saved_to_the_library(qtbot, window: MainWindow) -> None:
    oral1 = event(window, "Oral 1")
    show(window, "Oral 1")
    with qtbot.waitSignal(window.detail.noteEdited, timeout=3000) as blocker:
        window.detail.note.setPlainText("Ask about batch size")
    assert blocker.args == [oral1.id, "Ask about batch size"]
    assert window.library.note(oral1.id) == "Ask about batch size"
    show(window, "Oral 2")
    assert window.detail.note.toPlainText() == ""
    show(window, "Oral 1")
    assert window.detail.note.toPlainText() == "Ask about batch size"


def test_a_pending_note_is_saved_when_the_selection_moves(qtbot, window: MainWindow) -> None:
    oral1 = event(window, "Oral 1")
    show(window, "Oral 1")
    window.detail.note.setPlainText("half-typed")
    show(window, "Oral 2")  # before the debounce timer fires
    assert window.library.note(oral1.id) == "half-typed"


def test_greek_letters_symbols_tildes_and_unknown_macros_are_readable(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from .helpers import session_page

    abstract = (r"We bound the $\alpha$-divergence by $\mathcal{O}(\sqrt{n})$ with~probability $1-\delta$, "
                r"\emph{without} the \textbf{usual} assumptions; see Fig.~2 and \unknownmacro{this} and $5 and $10.")
    path = tmp_path / "latex.txt"
    path.write_text(session_page("LaTeX Session", [
        ("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00", r"1 - Oral: The $\beta$-VAE revisited",
         r"Paul Erd\H{o}s, Kurt G\"odel", abstract),
    ]), encoding="utf-8")
    assert window.import_files([str(path)])
    text = show(window, "Oral 1")
    assert "The β-VAE revisited" in text
    assert "Paul Erdős" in text and "Kurt Gödel" in text
    assert "α-divergence" in text and "δ" in text
    assert "with probability" in text and "Fig. 2" in text
    assert "$5 and $10" in text  # money, not math
    assert "\\" not in text and "~" not in text
    document = window.detail.browser.document()
    assert document.find("without").charFormat().fontItalic()
    assert document.find("usual").charFormat().fontWeight() > 400


def test_the_pane_shows_the_whole_abstract_though_cards_hold_only_its_start(window: MainWindow) -> None:
    full = max(window.library.events(), key=lambda e: len(e.abstract))
    assert len(full.abstract) > 1000
    card = window.days.event(full.id)
    assert len(card.abstract) < len(full.abstract)  # the timeline loads an excerpt
    window.select_event(full.id)
    assert full.abstract[-60:] in window.detail.browser.toPlainText().replace("\n", " ")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the pane hands to the attendee's browser or mail program (nothing really opens)."""
    from PySide6.QtGui import QDesktopServices

    handed: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: handed.append(url.toString()) or True)
    return handed


def test_an_address_in_the_abstract_is_a_link_that_opens_in_the_browser_by_keyboard(
    qtbot, window: MainWindow, tmp_path, opened: list[str]  # type: ignore[no-untyped-def]
) -> None:
    from .helpers import session_page

    path = tmp_path / "links.txt"
    path.write_text(session_page("Links Session", [
        ("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00", "1 - Oral: Code and data",
         "Ana Example", "Our code is at https://example.org/code, and questions go to ana@example.org."),
    ]), encoding="utf-8")
    assert window.import_files([str(path)])
    text = show(window, "Oral 1")
    assert "Our code is at https://example.org/code, and" in text  # the address is its text
    page = window.detail.browser.toHtml()
    assert 'href="https://example.org/code"' in page and 'href="mailto:ana@example.org"' in page

    browser = window.detail.browser
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # Tab goes from link to link inside the pane
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert opened == ["https://example.org/code"]
    assert browser.hasFocus()


def test_the_pane_opens_no_other_kind_of_address(window: MainWindow, opened: list[str]) -> None:
    from PySide6.QtCore import QUrl

    browser = window.detail.browser
    for address in ("javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"):
        browser.anchorClicked.emit(QUrl(address))
    assert opened == []
    browser.anchorClicked.emit(QUrl("https://example.org/slides"))
    assert opened == ["https://example.org/slides"]


def _write_links(tmp_path) -> str:  # type: ignore[no-untyped-def]
    from .helpers import session_page

    path = tmp_path / "links.txt"
    path.write_text(session_page("Links Session", [
        ("2024-06-03T09:00:00+02:00", "2024-06-03T09:30:00+02:00", "1 - Oral: Code and data",
         "Ana Example", "Our code is at https://example.org/code, and questions go to ana@example.org."),
    ]), encoding="utf-8")
    return str(path)


def test_contrast_runs_from_one_to_twenty_one() -> None:
    from PySide6.QtGui import QColor

    from planner.ui.widgets.colours import contrast

    assert contrast(QColor("black"), QColor("white")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#777777")) == pytest.approx(1.0)
    assert contrast(QColor("#0000ff"), QColor("#17181a")) < 4.5  # Qt's default link blue on a dark base


@pytest.mark.parametrize("base", ["#17181a", "#ffffff"])
def test_links_read_on_the_pane_background_in_a_dark_or_light_palette(window: MainWindow, tmp_path, base: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPalette

    from planner.ui.widgets.colours import contrast

    palette = QPalette(window.palette())
    palette.setColor(QPalette.ColorRole.Base, QColor(base))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e8eaed" if base != "#ffffff" else "#000000"))
    palette.setColor(QPalette.ColorRole.Link, QColor("#0000ff"))  # left at Qt's default
    window.setPalette(palette)
    assert window.import_files([_write_links(tmp_path)])
    show(window, "Oral 1")
    browser = window.detail.browser
    shown = browser.document().find("example.org/code").charFormat().foreground().color()
    assert contrast(shown, browser.palette().color(QPalette.ColorRole.Base)) >= 4.5


def test_text_that_is_not_latex_shows_exactly_as_written(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 16: a Pentabarf schedule (FOSDEM's format) is not LaTeX: braces, tildes,
    backslashes, percent signs and dashes mean themselves; only clear math is converted."""
    from xml.sax.saxutils import escape

    title = "{fmt} is Addictive! -- ~/.cache"
    abstract = r"Escaping \n and \t in C:\Users, 50% off & more, ``quoted'' #1, and $\alpha$-stable laws; $5 and $10."
    path = tmp_path / "pentabarf.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<schedule><conference><title>Not LaTeX</title></conference>'
        '<day date="2024-06-03"><room name="R"><event id="1"><date>2024-06-03T09:00:00+02:00</date>'
        f"<start>09:00</start><duration>00:30</duration><type>Talk</type><title>{escape(title)}</title>"
        f"<abstract>{escape(abstract)}</abstract>"
        '<persons><person id="1">Ada ~ Love{lace}</person></persons></event></room></day></schedule>\n',
        encoding="utf-8",
    )
    assert window.import_files([str(path)])
    shown = window.days.all()[0]
    window.select_event(shown.id)
    body = lines(window.detail.browser.toPlainText())
    assert title in body
    assert "Ada ~ Love{lace}" in body
    assert (r"Escaping \n and \t in C:\Users, 50% off & more, ``quoted'' #1, and α-stable laws; $5 and $10."
            in body)
    assert window.detail.browser.document().find("α").charFormat().fontItalic()
    tip = window.model.index_of(shown.id).data(Qt.ItemDataRole.ToolTipRole)
    assert "{fmt} is Addictive! -- ~/.cache" in tip and "Ada ~ Love{lace}" in tip


# -- a talk's links and attachments, and Markdown abstracts (issue 18) -----------------------

LINKED_TALK = """<?xml version="1.0"?>
<schedule><conference><title>Linked</title><base_url>https://example.org/2025/</base_url></conference>
<day date="2024-06-03"><room name="R"><event id="1"><date>2024-06-03T09:00:00+02:00</date>
<start>09:00</start><duration>00:30</duration><type>Talk</type><title>Linked talk</title>
<abstract>A *typed* word and `code`, as pretalx writes them.</abstract>
<attachments><attachment type="slides" href="/slides.pdf">Slides of the talk</attachment></attachments>
<links>
  <link href="https://video.example.org/talk.webm">Video recording (WebM/VP9)</link>
  <link href="mailto:ana@example.org">Write to Ana</link>
  <link href="javascript:alert(1)">Click me</link>
  <link href="file:///etc/passwd">Local notes</link>
</links>
<feedback_url>https://example.org/2025/talk/1/feedback/</feedback_url>
</event></room></day></schedule>
"""


def test_the_pane_shows_each_link_and_attachment_by_its_title(
    qtbot, window: MainWindow, tmp_path, opened: list[str]  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "linked.xml"
    path.write_text(LINKED_TALK, encoding="utf-8")
    assert window.import_files([str(path)])
    body = lines(show(window, "Talk"))
    attachments = body.index("Attachment")
    assert body[attachments + 1] == "Slides of the talk · example.org"
    links = body.index("Links")
    assert body[links + 1 : links + 6] == [
        "Video recording (WebM/VP9) · video.example.org",
        "Write to Ana · ana@example.org",
        "Click me (javascript:alert(1))",
        "Local notes (file:///etc/passwd)",
        "Feedback · example.org",
    ]
    # The event's page is its first link (no <url>): said once, by its title.
    assert "https://video.example.org/talk.webm" not in body
    anchors = re.findall(r'<a href="([^"]*)"', window.detail.browser.toHtml())
    assert anchors == ["https://example.org/slides.pdf", "https://video.example.org/talk.webm",
                       "mailto:ana@example.org", "https://example.org/2025/talk/1/feedback/"]

    browser = window.detail.browser
    browser.setFocus()
    qtbot.waitUntil(browser.hasFocus)
    qtbot.keyClick(browser, Qt.Key.Key_Tab)  # the first link: the slides
    qtbot.keyClick(browser, Qt.Key.Key_Return)
    assert opened == ["https://example.org/slides.pdf"]


def test_a_link_that_is_not_web_or_mail_is_plain_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime, timedelta, timezone

    from planner.domain.model import Event, Kind, Link, LinkKind
    from planner.ui.widgets.detail import DetailPane

    start = datetime(2024, 6, 3, 9, tzinfo=timezone.utc)
    talk = Event(id="t", kind=Kind.TALK, number=None, title="T", authors=(), abstract="", start=start,
                 end=start + timedelta(minutes=30), session="",
                 links=(Link("javascript:alert(1)", "Run"), Link("file:///etc/passwd", "", LinkKind.ATTACHMENT),
                        Link("data:text/html,x", "Data")))
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show_event(talk, zone=timezone.utc)
    assert "<a " not in pane.browser.toHtml()
    body = lines(pane.browser.toPlainText())
    assert body[body.index("Attachment") + 1] == "file:///etc/passwd"
    assert "Run (javascript:alert(1))" in body and "Data (data:text/html,x)" in body
    pane.grab()


def test_a_markdown_abstract_is_shown_rendered(window: MainWindow, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "linked.xml"
    path.write_text(LINKED_TALK, encoding="utf-8")
    assert window.import_files([str(path)])
    text = show(window, "Talk")
    assert "A typed word and code, as pretalx writes them." in lines(text)
    assert "*" not in text and "`" not in text
    document = window.detail.browser.document()
    assert document.find("typed").charFormat().fontItalic()
    assert not document.find("word").charFormat().fontItalic()


def test_a_listed_talk_says_when_in_the_display_zone_and_a_wall_clock_is_never_moved() -> None:
    from datetime import date, datetime, timezone
    from zoneinfo import ZoneInfo

    from planner.domain.model import Event, Kind
    from planner.ui.widgets.detail import listed_when

    def talk(start: datetime, end: datetime, **kwargs: bool) -> Event:
        return Event(id="t", kind=Kind.ORAL, number=1, title="T", authors=(), abstract="", start=start, end=end,
                     session="S", **kwargs)

    utc = timezone.utc
    zoned = talk(datetime(2024, 6, 3, 23, 30, tzinfo=utc), datetime(2024, 6, 4, 0, 0, tzinfo=utc))
    tokyo = ZoneInfo("Asia/Tokyo")
    assert listed_when(zoned, utc) == "Mon 03 Jun 23:30"
    assert listed_when(zoned, tokyo) == "Tue 04 Jun 08:30"  # the next morning there
    wall_clock = talk(datetime(2024, 6, 3, 23, 30, tzinfo=utc), datetime(2024, 6, 4, 0, 0, tzinfo=utc), floating=True)
    assert listed_when(wall_clock, tokyo) == "Mon 03 Jun 23:30"  # the venue's clock, as published
    whole_day = talk(datetime(2024, 6, 3, tzinfo=utc), datetime(2024, 6, 5, tzinfo=utc), all_day=True)
    assert listed_when(whole_day, tokyo) == "Mon 03 Jun"  # a date, never a clock time
    # On the shown talk's own day (in the display zone) the day goes without saying.
    assert listed_when(zoned, tokyo, date(2024, 6, 4)) == "08:30"
    assert listed_when(zoned, utc, date(2024, 6, 4)) == "Mon 03 Jun 23:30"  # the day before, in UTC
    assert listed_when(whole_day, tokyo, date(2024, 6, 3)) == "All day"
