"""Which schedule an import updates, and which one a name on the command line means.

A newer version of a schedule updates it, stars and notes staying on their talks, even
when the file renamed the schedule (a frab acronym that went from debconf23 to dc23); a
different calendar never replaces another, even when the reader cannot tell their keys
apart (every Google Calendar export of a year without a name); and where two schedules
share a title, `planner remove TITLE` refuses rather than pick one. Each case goes
through `planner import` with small files written here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_cli import Planner

# (title, day in September 2023, hh:mm, speaker) of a small DebConf-like schedule.
Talk = tuple[str, str, str, str]
TALKS: list[Talk] = [
    ("Why Debian", "10", "11:30", "Ana Lima"),
    ("Reproducible builds", "10", "14:00", "Bo Chen"),
    ("Python team BoF", "11", "10:00", "Chris Doe"),
    ("Closing", "11", "17:00", "Dee Ek"),
]


@pytest.fixture
def fast(tmp_path: Path) -> Planner:
    return Planner(tmp_path, in_process=True)


def _guid(title: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://debconf.example.org/{title}"))


def _xml(acronym: str, talks: list[Talk] = TALKS, title: str = "DebConf 23") -> str:
    """A Pentabarf/frab XML schedule named ``acronym``; each talk keeps its guid across versions."""
    days = []
    for day in sorted({t[1] for t in talks}):
        events = "".join(
            f'<event guid="{_guid(name)}" id="{100 + i}">'
            f"<date>2023-09-{day}T{hhmm}:00+05:30</date><start>{hhmm}</start><duration>00:45</duration>"
            f"<room>Kuthiran</room><title>{name}</title><type>Talk</type>"
            f'<persons><person id="1">{speaker}</person></persons></event>'
            for i, (name, d, hhmm, speaker) in enumerate(talks) if d == day
        )
        days.append(f'<day date="2023-09-{day}"><room name="Kuthiran">{events}</room></day>')
    return (f'<?xml version="1.0" encoding="UTF-8"?><schedule><conference><acronym>{acronym}</acronym>'
            f"<title>{title}</title><time_zone_name>Asia/Kolkata</time_zone_name></conference>"
            f"{''.join(days)}</schedule>")


def _json(acronym: str, talks: list[Talk] = TALKS) -> str:
    """The same schedule as frab JSON."""
    days = []
    for day in sorted({t[1] for t in talks}):
        events = [{"guid": _guid(name), "id": 100 + i, "date": f"2023-09-{day}T{hhmm}:00+05:30", "start": hhmm,
                   "duration": "00:45", "room": "Kuthiran", "title": name, "type": "Talk",
                   "persons": [{"public_name": speaker}]}
                  for i, (name, d, hhmm, speaker) in enumerate(talks) if d == day]
        days.append({"date": f"2023-09-{day}", "rooms": {"Kuthiran": events}})
    conference = {"acronym": acronym, "title": "DebConf 23", "time_zone_name": "Asia/Kolkata", "days": days}
    return json.dumps({"schedule": {"version": "1", "conference": conference}})


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


def _ids(planner: Planner, *args: str) -> dict[str, str]:
    return {e["title"]: e["id"] for e in planner.json("list", *args)["events"]}


def _schedules(planner: Planner) -> list[str]:
    return planner.ok("schedules").splitlines()


@pytest.mark.parametrize(("suffix", "make"), [("xml", _xml), ("json", _json)])
def test_a_schedule_whose_acronym_changed_updates_the_one_imported_before(
        fast: Planner, suffix: str, make: Callable[..., str]) -> None:
    fast.ok("import", _write(fast.tmp / f"debconf23.{suffix}", make("debconf23")))
    why = _ids(fast, "--schedule", "DebConf 23")["Why Debian"]
    fast.ok("star", why)
    fast.ok("note", why, "ask about the installer")

    moved = [(t, d, "12:00" if t == "Why Debian" else hhmm, s) for t, d, hhmm, s in TALKS]
    out = fast.ok("import", _write(fast.tmp / f"dc23.{suffix}", make("dc23", moved)))

    assert out.startswith("updated DebConf 23: 1 changed, 0 new, 0 removed"), out
    assert len([line for line in _schedules(fast) if line.startswith("DebConf 23 ")]) == 1
    starred = fast.json("list", "--starred")["events"]
    assert [(e["id"], e["title"], e["start"], e["status"]) for e in starred] == [
        (why, "Why Debian", "2023-09-10T12:00:00+05:30", "changed")]
    assert fast.ok("note", why).strip() == "ask about the installer"
    # Imported again, the renamed file changes nothing more and is still the one schedule.
    out = fast.ok("import", str(fast.tmp / f"dc23.{suffix}"))
    assert out.startswith("updated DebConf 23: 0 changed, 0 new, 0 removed"), out
    # So removing it by its title removes the schedule holding the star, and keeps the star.
    fast.ok("remove", "DebConf 23")
    assert fast.starred() == {why}
    assert not any(line.startswith("DebConf 23 ") for line in _schedules(fast))


def test_a_name_two_schedules_share_is_refused_with_their_keys(fast: Planner) -> None:
    """Two conferences that both call themselves DebConf 23, with no talk in common, are
    two schedules; `remove DebConf 23` must not guess which (it removed the first)."""
    fast.ok("import", _write(fast.tmp / "a.xml", _xml("debconf23")))
    other = [("Keysigning party", "12", "18:00", "Fay Gu"), ("Cheese and wine", "12", "20:00", "Gil Ho")]
    fast.ok("import", _write(fast.tmp / "b.xml", _xml("dc23", other)))
    assert len([line for line in _schedules(fast) if line.startswith("DebConf 23 ")]) == 2
    before = fast.state()

    for args in (("remove", "DebConf 23"), ("remove", "debconf"), ("list", "--schedule", "DebConf 23")):
        result = fast(*args)
        assert result.returncode == 1, (args, result.stdout)
        line, = result.stderr.splitlines()
        assert "2 schedules match" in line and "DebConf 23 (key pentabarf:debconf23)" in line, line
        assert "DebConf 23 (key pentabarf:dc23)" in line and "by its key" in line
    assert fast.state() == before

    # The key says which.
    fast.ok("remove", "pentabarf:dc23")
    assert _ids(fast, "--schedule", "DebConf 23").keys() == {t[0] for t in TALKS}


# -- iCalendar files without a name ------------------------------------------------------

GOOGLE = "-//Google Inc//Google Calendar 70.9054//EN"


def _ics(events: list[tuple[str, str, str]]) -> str:
    """A Google Calendar export without X-WR-CALNAME: (uid, start, title) events in 2020."""
    body = "".join(
        f"BEGIN:VEVENT\r\nUID:{uid}@google.com\r\nDTSTAMP:20200101T000000Z\r\nDTSTART:{start}\r\n"
        f"DURATION:PT1H\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n"
        for uid, start, title in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:{GOOGLE}\r\n{body}END:VCALENDAR\r\n"


ICLR = [("iclr1", "20200427T230000Z", "ICLR Town"), ("iclr2", "20200428T160000Z", "Opening remarks"),
        ("iclr3", "20200429T170000Z", "Mentoring social")]
TEAM = [("team1", "20200106T090000Z", "Weekly sync"), ("team2", "20200113T090000Z", "Weekly sync"),
        ("team3", "20200120T100000Z", "Planning")]


def test_another_calendar_from_the_same_generator_and_year_is_a_schedule_of_its_own(fast: Planner) -> None:
    fast.ok("import", _write(fast.tmp / "iclr-noname.ics", _ics(ICLR)))
    town = _ids(fast)["ICLR Town"]
    fast.ok("star", town)
    fast.ok("note", town, "meet Ana")

    out = fast.ok("import", _write(fast.tmp / "team-2020.ics", _ics(TEAM)))

    # It says what it did: added, as a schedule of its own, not an update of ICLR's.
    assert out.startswith("added team-2020: 3 events"), out
    assert "iclr-noname" in out and "no talk" in out, out
    titles = [line.split("  ")[0] for line in _schedules(fast)]
    assert titles[-2:] == ["iclr-noname", "team-2020"]
    iclr = fast.json("list", "--schedule", "iclr-noname")["events"]
    assert [(e["title"], e["status"]) for e in iclr] == [
        ("ICLR Town", "scheduled"), ("Opening remarks", "scheduled"), ("Mentoring social", "scheduled")]
    assert fast.starred() == {town} and fast.ok("note", town).strip() == "meet Ana"

    # Later versions of each still update their own schedule (the key they share with
    # the other is no obstacle), and say so.
    out = fast.ok("import", _write(fast.tmp / "team-2020 (1).ics", _ics([*TEAM, ("team4", "20200127T090000Z",
                                                                                 "Retro")])))
    assert out.startswith("updated team-2020 (1): 0 changed, 1 new, 0 removed"), out
    out = fast.ok("import", _write(fast.tmp / "iclr (1).ics", _ics(ICLR[:2] + [("iclr3", "20200429T180000Z",
                                                                                 "Mentoring social")])))
    assert out.startswith("updated iclr (1): 1 changed, 0 new, 0 removed"), out
    assert len(_schedules(fast)) == 3
    assert fast.starred() == {town} and _ids(fast, "--schedule", "iclr (1)")["ICLR Town"] == town
