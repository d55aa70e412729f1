"""The window opens on the bundled session and paints every card."""

from planner.ui.main_window import MainWindow


def test_window_opens_on_the_bundled_session(window: MainWindow) -> None:
    assert "Orals & Spotlights Track 34" in window.windowTitle()
    assert window.model.rowCount() == 15
    image = window.grab()  # forces painting: a delegate that raises fails here
    assert not image.isNull()
    assert window.timeline.visible_rows(), "some cards must be on screen"
