"""A schedule published without any time zone is shown as printed, never converted."""

from __future__ import annotations

from pathlib import Path

from planner.ui.main_window import MainWindow

ZONELESS = b"""<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Zoneless Fest</title><acronym>zf</acronym></conference>
  <day index="1" date="2010-02-06">
    <room name="Main">
      <event id="1"><start>10:00</start><duration>00:45</duration><room>Main</room>
        <title>Keynote without a zone</title><type>lecture</type></event>
    </room>
  </day>
</schedule>
"""


def test_wall_clock_times_are_shown_as_printed(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "zoneless.xml"
    path.write_bytes(ZONELESS)
    window.set_display_zone("Asia/Tokyo")  # a zone the times must not be converted to
    assert window.import_files([str(path)])
    assert window.zoneless
    event = window.days.all()[0]
    window.select_event(event.id)
    text = window.detail.browser.toPlainText()
    assert "10:00–10:45 (local time at the venue" in text
    assert "your time" not in text and "Asia/Tokyo" not in text
    assert "no time zone" in window.banner.text()
    assert "no time zone" in window.zone_label.text()
