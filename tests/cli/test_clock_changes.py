"""Times the command line prints where clocks differ: the hour a night repeats, and two
conferences' clocks side by side (found by an audit of the command line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.cli import main
from tests.cli.libraries import imported


def _calendar(name: str, *events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event}\r\nEND:VEVENT\r\n" for event in events)
    return (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nX-WR-CALNAME:{name}\r\n{body}"
            "END:VCALENDAR\r\n")


# Berlin's clocks went back at 03:00 on 27 October 2024: 02:00 to 03:00 came twice.
NIGHT = _calendar("Night", "UID:a\r\nSUMMARY:First pass\r\nDTSTART:20241027T000000Z\r\nDURATION:PT30M",
                  "UID:b\r\nSUMMARY:Second pass\r\nDTSTART:20241027T010000Z\r\nDURATION:PT30M")


def test_the_hour_the_clocks_repeat_says_which_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Both talks printed as "Sun 27 Oct 02:00-02:30", an hour apart."""
    db = imported(tmp_path, "night.ics", NIGHT)
    capsys.readouterr()
    assert main(["--db", str(db), "list", "--tz", "Europe/Berlin"]) == 0
    out = capsys.readouterr().out
    assert "Sun 27 Oct 02:00 UTC+2-02:30  " in out and "Sun 27 Oct 02:00 UTC+1-02:30  " in out, out


def test_a_clash_between_two_conferences_says_each_clock(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A Berlin talk and an online one on New York's clock, at the same instant, printed
    "10:00-11:00 clashes with 04:00-05:00" without saying whose clocks."""
    berlin = _calendar("Alpha", "UID:x\r\nSUMMARY:Alpha talk\r\nDTSTART;TZID=Europe/Berlin:20241026T100000\r\n"
                                "DURATION:PT1H")
    york = _calendar("Beta", "UID:y\r\nSUMMARY:Beta talk\r\nDTSTART;TZID=America/New_York:20241026T041500\r\n"
                             "DURATION:PT1H")
    db = imported(tmp_path, "alpha.ics", berlin)
    (tmp_path / "beta.ics").write_text(york, encoding="utf-8")
    assert main(["--db", str(db), "import", str(tmp_path / "beta.ics")]) == 0
    assert main(["--db", str(db), "star", *[line.split()[0] for line in _ids(db, capsys)]]) == 0
    capsys.readouterr()
    assert main(["--db", str(db), "conflicts"]) == 0
    out = capsys.readouterr().out
    assert "10:00-11:00 UTC+02:00" in out and "04:15-05:15 UTC-04:00" in out, out
    capsys.readouterr()
    assert main(["--db", str(db), "now", "--at", "2024-10-26T07:00:00+00:00"]) == 0
    out = capsys.readouterr().out
    assert "UTC+02:00" in out and "UTC-04:00" in out, out


def _ids(db: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["--db", str(db), "list"]) == 0
    return [line for line in capsys.readouterr().out.splitlines() if line.strip() and not line.startswith(" ")]
