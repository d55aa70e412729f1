"""A timed event of a day or more says when it ends, in every output.

An iCalendar sprint from Monday 10:00 to Friday 18:00 (Vienna) was shown as "10:00–18:00"
on its card, in the detail pane and by `planner list` ("+1 day"), which read as a Monday
afternoon and hid four days. Ranges under a day keep their short form: "22:00–01:00"
reads as the next morning.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.cli import main
from planner.domain.days import end_clock
from tests.cli.libraries import imported

SPRINT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//multiday//EN
X-WR-CALNAME:Sprint Week
BEGIN:VEVENT
UID:sprint-2012@example.org
DTSTAMP:20101010T091010Z
DTSTART;TZID=Europe/Vienna:20120213T100000
DTEND;TZID=Europe/Vienna:20120217T180000
SUMMARY:artsprint 2012
LOCATION:aka bild, wien
END:VEVENT
BEGIN:VEVENT
UID:late-2012@example.org
DTSTAMP:20101010T091010Z
DTSTART;TZID=Europe/Vienna:20120213T230000
DTEND;TZID=Europe/Vienna:20120214T010000
SUMMARY:Late session
END:VEVENT
END:VCALENDAR
"""


@pytest.mark.parametrize(("hours", "expected"), [(8, "18:00"), (15, "01:00"), (23.5, "09:30"),
                                                  (24, "Tue 14 Feb 10:00"), (4 * 24 + 8, "Fri 17 Feb 18:00")])
def test_the_end_names_its_day_once_the_range_lasts_a_day(hours: float, expected: str) -> None:
    start = datetime(2012, 2, 13, 10, tzinfo=timezone.utc)
    assert end_clock(start, start + timedelta(hours=hours)) == expected


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return imported(tmp_path, "sprint.ics", SPRINT)


def test_planner_list_gives_the_end_day_of_a_long_event(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(library), "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    [sprint] = [line for line in lines if "artsprint" in line]
    assert "Mon 13 Feb 10:00-Fri 17 Feb 18:00" in sprint and "+1 day" not in sprint
    [late] = [line for line in lines if "Late session" in line]
    assert "Mon 13 Feb 23:00-01:00 (+1 day)" in late  # past midnight, under a day: as before


def test_the_markdown_export_gives_the_end_day(library: Path, tmp_path: Path) -> None:
    out = tmp_path / "agenda.md"
    assert main(["--db", str(library), "export", "--all", "--format", "md", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "10:00–Fri 17 Feb 18:00 UTC+01:00" in text
    assert "23:00–01:00 UTC+01:00" in text



KEYNOTE = """BEGIN:VEVENT
UID:keynote-2012@example.org
DTSTAMP:20101010T091010Z
DTSTART;TZID=Europe/Vienna:20120214T110000
DTEND;TZID=Europe/Vienna:20120214T120000
SUMMARY:Tuesday keynote
END:VEVENT
BEGIN:VEVENT
UID:panel-2012@example.org
DTSTAMP:20101010T091010Z
DTSTART;TZID=Europe/Vienna:20120214T113000
DTEND;TZID=Europe/Vienna:20120214T123000
SUMMARY:Tuesday panel
END:VEVENT
"""


def test_a_starred_sprint_is_no_clash_and_plan_leaves_it_out_saying_why(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A five-day sprint overlaps every talk of its week: as busy time it made each of them a
    clash and swallowed every day's plan. It runs beside them (planner.domain.days.runs_for_days)."""
    db = imported(tmp_path, "sprint.ics", SPRINT.replace("END:VCALENDAR", KEYNOTE + "END:VCALENDAR"))
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--json"]) == 0
    ids = {e["title"]: e["id"] for e in json.loads(capsys.readouterr().out)["events"]}
    assert main(["--db", str(db), "star", ids["artsprint 2012"], ids["Tuesday keynote"], ids["Tuesday panel"]]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "conflicts", "--json"]) == 0
    pairs = json.loads(capsys.readouterr().out)["conflicts"]
    assert [{c["a"], c["b"]} for c in pairs] == [{ids["Tuesday keynote"], ids["Tuesday panel"]}]
    assert main(["--db", str(db), "plan", "--date", "2012-02-13"]) == 0
    out = capsys.readouterr().out
    assert "left out: artsprint 2012 — runs for a day or more" in out, out
    assert main(["--db", str(db), "plan", "--date", "2012-02-14", "--json"]) == 0
    [tuesday] = json.loads(capsys.readouterr().out)["days"]
    assert len(tuesday["plan"]) == 1 and tuesday["dropped"][0]["because"] == tuesday["plan"]
