"""Times published without a zone are the venue's clock in every output (issue 16).

A Pentabarf file without time_zone_name, like FOSDEM's older ones, was listed with --tz,
exported to .ics and written to Markdown as if its wall clock were UTC. Here it goes in
through the command line and comes out of each output unconverted, saying so.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from planner.cli import main
from tests.cli.libraries import imported

ZONELESS = """<?xml version="1.0" encoding="UTF-8"?>
<schedule>
  <conference><title>Zoneless Con</title><start>2025-03-29</start><end>2025-03-29</end></conference>
  <day index="1" date="2025-03-29">
    <room name="H.2215">
      <event guid="c0ffee00-0000-4000-8000-000000000001" id="1">
        <date>2025-03-29</date><start>10:00</start><duration>00:30</duration><room>H.2215</room>
        <title>Observability intro</title><type>devroom</type>
      </event>
    </room>
  </day>
</schedule>
"""


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return imported(tmp_path, "zoneless.xml", ZONELESS)


def _ids(db: Path, capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--schedule", "Zoneless", "--json"]) == 0
    return json.loads(capsys.readouterr().out)["events"]


def test_list_in_another_zone_shows_the_venue_clock_and_says_so(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    assert main(["--db", str(library), "list", "--schedule", "Zoneless", "--tz", "America/New_York"]) == 0
    out = capsys.readouterr().out
    assert "Sat 29 Mar 10:00-10:30 (local time, no zone)" in out
    assert "06:00" not in out and "05:00" not in out


def test_json_gives_the_wall_clock_without_an_invented_offset(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (event,) = _ids(library, capsys)
    assert (event["start"], event["end"], event["floating"], event["all_day"]) == (
        "2025-03-29T10:00:00", "2025-03-29T10:30:00", True, False)


@pytest.mark.parametrize("suffix", ["ics", "md"])
def test_exports_keep_the_venue_clock(library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    (event,) = _ids(library, capsys)
    assert main(["--db", str(library), "star", str(event["id"])]) == 0
    target = tmp_path / f"agenda.{suffix}"
    assert main(["--db", str(library), "export", "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    if suffix == "ics":
        assert "DTSTART:20250329T100000\r\n" in text.replace("\n", "\r\n").replace("\r\r", "\r")
        assert "T100000Z" not in text and "TZID" not in text
    else:
        assert "10:00–10:30 (local time, no zone)" in text and "UTC" not in text


def test_planner_zone_places_the_times_and_exports_follow(library: Path, capsys: pytest.CaptureFixture[str],
                                                          tmp_path: Path) -> None:
    import icalendar

    capsys.readouterr()
    assert main(["--db", str(library), "zone", "Zoneless", "Europe/Brussels"]) == 0
    assert "1 time now read in Europe/Brussels" in capsys.readouterr().out
    (event,) = _ids(library, capsys)
    assert (event["start"], event["floating"]) == ("2025-03-29T10:00:00+01:00", False)
    out = tmp_path / "agenda.ics"
    assert main(["--db", str(library), "export", "--all", "--schedule", "Zoneless", "-o", str(out)]) == 0
    vevent = icalendar.Calendar.from_ical(out.read_bytes()).walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == datetime(2025, 3, 29, 9, 0, tzinfo=timezone.utc)  # 10:00 in Brussels
    # A wrong name is said, and changes nothing.
    assert main(["--db", str(library), "zone", "Zoneless", "Mars/Olympus"]) != 0
    assert "unknown time zone 'Mars/Olympus'" in capsys.readouterr().err


def test_list_json_carries_the_links_with_their_titles(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "linked.xml"
    source.write_text(ZONELESS.replace(
        "<title>Observability intro</title>",
        '<title>Observability intro</title><links><link href="https://video.example.org/1.webm">Video</link>'
        '</links><attachments><attachment href="https://example.org/slides.pdf">Slides</attachment></attachments>'),
        encoding="utf-8")
    db = tmp_path / "library.sqlite3"
    assert main(["--db", str(db), "import", str(source)]) == 0
    (event,) = _ids(db, capsys)
    # In the file's order: links, then attachments, each with its title.
    assert event["links"] == [
        {"url": "https://video.example.org/1.webm", "title": "Video", "kind": "link"},
        {"url": "https://example.org/slides.pdf", "title": "Slides", "kind": "attachment"},
    ]


def test_sessions_keep_the_venue_clock_and_follow_a_zone_placed(library: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """A zoneless schedule's session read "10:00:00+00:00" beside its events' "10:00:00",
    and kept UTC+0 after `planner zone` placed the events in Brussels: an hour off them."""
    def first_session() -> dict[str, object]:
        capsys.readouterr()
        assert main(["--db", str(library), "list", "--schedule", "Zoneless", "--json"]) == 0
        return json.loads(capsys.readouterr().out)["sessions"][0]

    assert (first_session()["start"], first_session()["end"]) == ("2025-03-29T10:00:00", "2025-03-29T10:30:00")
    assert main(["--db", str(library), "zone", "Zoneless", "Europe/Brussels"]) == 0
    assert (first_session()["start"], first_session()["end"]) == ("2025-03-29T10:00:00+01:00",
                                                                  "2025-03-29T10:30:00+01:00")
    assert _ids(library, capsys)[0]["start"] == "2025-03-29T10:00:00+01:00"


SPRING_NIGHT = ZONELESS.replace("2025-03-29", "2025-03-30").replace("<start>10:00</start>", "<start>02:30</start>")


def test_a_zone_placed_on_the_night_clocks_go_forward_reads_as_the_clocks_show(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """02:30 on 30 March 2025 never shows on a Brussels clock: placed there, the talk is
    03:30-04:00 (the instant RFC 5545 reads), not a 02:30+01:00 no clock shows."""
    db = imported(tmp_path, "spring.xml", SPRING_NIGHT)
    assert main(["--db", str(db), "zone", "Zoneless", "Europe/Brussels"]) == 0
    (event,) = _ids(db, capsys)
    assert (event["start"], event["end"]) == ("2025-03-30T03:30:00+02:00", "2025-03-30T04:00:00+02:00")
