"""planner.services.adding: every source is read before anything is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.domain.errors import ScheduleError
from planner.services import adding
from planner.store import Library
from tests.ui.helpers import MALFORMED_LINE, write_malformed, write_tiny

ZONELESS = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><conference><title>Zoneless</title></conference>
  <day index="1" date="2025-03-29"><room name="A">
    <event guid="c0ffee00-0000-4000-8000-0000000000a1" id="1"><date>2025-03-29</date><start>10:00</start>
      <duration>00:30</duration><room>A</room><title>Talk</title><type>talk</type></event>
  </room></day>
</schedule>
"""


def test_a_bad_file_among_good_ones_adds_nothing(tmp_path: Path) -> None:
    with Library(tmp_path / "library.sqlite3") as library:
        with pytest.raises(ScheduleError, match=f"line {MALFORMED_LINE}"):
            adding.add(library, [str(write_tiny(tmp_path)), str(write_malformed(tmp_path))])
        assert library.schedules() == []


def test_each_source_says_what_it_did_and_what_its_file_left_out(tmp_path: Path) -> None:
    zoneless = tmp_path / "zoneless.xml"
    zoneless.write_text(ZONELESS, encoding="utf-8")
    with Library(tmp_path / "library.sqlite3") as library:
        added = adding.add(library, [str(write_tiny(tmp_path)), str(zoneless)])
        assert [str(a) for a in added] == ["added Tiny Workshop on Testing: 5 events", "added Zoneless: 1 event"]
        assert added[0].notes == () and any("no time zone" in note for note in added[1].notes)
        again = adding.add(library, [str(zoneless)])
        assert str(again[0]) == "updated Zoneless: 0 changed, 0 new, 0 removed"
