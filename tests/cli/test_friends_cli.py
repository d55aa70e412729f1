"""`planner friends`, `friends add NAME FILE`, `friends remove NAME` and list --json's "friends".

Two libraries, as two colleagues have them: the friend's (``theirs``) stars and exports, the
attendee's (``mine``) adds that file. The main flow runs in real processes; the rest in this
process through planner.cli.main (the `fast` way of tests/cli/test_cli.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import ORAL1, ORAL2, SEED, SPOT12, Planner, _one_line_error, _write
from tests.services.test_friends import ORAL1_TITLE, ORAL2_TITLE, _swap_first_two_orals, calendar, entry

FOSDEM = Path("schedule-xml") / "fosdem-2021-schedule.xml"


def _two(tmp_path: Path, *, in_process: bool = True) -> tuple[Planner, Planner]:
    """(theirs, mine): two libraries, each in a folder of its own."""
    made = []
    for who in ("theirs", "mine"):
        (tmp_path / who).mkdir()
        made.append(Planner(tmp_path / who, in_process=in_process))
    return made[0], made[1]


def _friends_by_event(planner: Planner) -> dict[str, list[str]]:
    """Every event's "friends", by id, as list --json gives them."""
    return {e["id"]: e["friends"] for e in planner.json("list")["events"]}


def _picked(planner: Planner) -> dict[str, list[str]]:
    return {i: names for i, names in _friends_by_event(planner).items() if names}


def _friends(planner: Planner) -> list[dict[str, Any]]:
    return json.loads(planner.ok("friends", "--json"))["friends"]


def _counts(planner: Planner) -> list[tuple[str, int, int]]:
    return [(f["name"], f["picks"], f["found"]) for f in _friends(planner)]


def _fosdem_ids(planner: Planner, titles: list[str]) -> list[str]:
    by_title = {e["title"]: e["id"] for e in planner.json("list")["events"]}
    return [by_title[t] for t in titles]


# -- the main flow ------------------------------------------------------------------------------


def test_a_friends_export_shows_on_exactly_their_talks_in_real_processes(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path, in_process=False)
    theirs.ok("star", ORAL1, SPOT12)
    agenda = theirs.tmp / "friend.ics"
    theirs.ok("export", "-o", str(agenda))
    mine.ok("star", ORAL2)
    assert all(names == [] for names in _friends_by_event(mine).values())  # the key is there before any friend
    assert mine.ok("friends", "add", "Ana", str(agenda)).strip() == "added Ana: 2 talks, all in your library"
    by_event = _friends_by_event(mine)
    assert len(by_event) == 15
    assert {i: n for i, n in by_event.items() if n} == {ORAL1: ["Ana"], SPOT12: ["Ana"]}
    (ana,) = _friends(mine)
    assert set(ana) == {"name", "source", "added_at", "picks", "found"}
    assert (ana["name"], ana["source"], ana["picks"], ana["found"]) == ("Ana", str(agenda.resolve()), 2, 2)
    assert mine.ok("friends").strip() == f"Ana: 2 talks, 2 in your library  ({agenda.resolve()})"
    assert [e["id"] for e in mine.json("list", "--starred")["events"]] == [ORAL2]  # a friend's pick is no star


def test_a_round_trip_through_fosdem_and_the_bundled_session(tmp_path: Path, corpus: Path) -> None:
    theirs, mine = _two(tmp_path)
    for planner in (theirs, mine):
        planner.ok("import", str(corpus / FOSDEM))
    talks = _fosdem_ids(theirs, ["Welcome to FOSDEM 2021", "The Virtual FOSDEM Infodesk (Saturday)"])
    theirs.ok("star", ORAL1, *talks)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    added = json.loads(mine.ok("friends", "--json", "add", "Ana", str(theirs.tmp / "friend.ics")))
    assert (added["picks"], added["found"], added["replaced"], added["not_found"]) == (3, 3, False, [])
    by_event = _friends_by_event(mine)
    assert len(by_event) == 15 + 773
    assert {i: n for i, n in by_event.items() if n} == {ORAL1: ["Ana"], talks[0]: ["Ana"], talks[1]: ["Ana"]}
    assert _counts(mine) == [("Ana", 3, 3)]


def test_a_talk_unstarred_before_the_next_export_is_no_pick(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    agenda = str(theirs.tmp / "friend.ics")
    theirs.ok("star", ORAL1, ORAL2, SPOT12)
    theirs.ok("export", "-o", agenda)
    theirs.ok("unstar", ORAL2)
    assert "1 cancelled" in theirs.ok("export", "-o", agenda)
    assert mine.ok("friends", "add", "Ana", agenda).startswith("added Ana: 2 talks, all in your library")
    assert _picked(mine) == {ORAL1: ["Ana"], SPOT12: ["Ana"]}
    assert _counts(mine) == [("Ana", 2, 2)]


def test_listing_friends_does_not_load_the_calendar_reader(tmp_path: Path) -> None:
    # icalendar and the reader cost about 90 ms; `planner friends` needs the library alone.
    (tmp_path / "mine").mkdir()
    mine = Planner(tmp_path / "mine")
    argv = [sys.executable, "-X", "importtime", "-m", "planner", "--db", str(mine.db), "friends", "--json"]
    result = subprocess.run(argv, cwd=mine.tmp, env=mine.env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and json.loads(result.stdout) == {"friends": []}
    assert "planner.cli.friends_command" in result.stderr  # the import log is really there
    assert "icalendar" not in result.stderr and "planner.formats.ical" not in result.stderr


# -- names ---------------------------------------------------------------------------------------


def test_a_newer_file_from_the_same_friend_replaces_theirs_whatever_the_case(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1, ORAL2)
    theirs.ok("export", "-o", str(theirs.tmp / "monday.ics"))
    mine.ok("friends", "add", "Ana", str(theirs.tmp / "monday.ics"))
    mine.ok("friends", "add", "Bo", str(theirs.tmp / "monday.ics"))
    theirs.ok("unstar", ORAL1)
    theirs.ok("star", SPOT12)
    theirs.ok("export", "-o", str(theirs.tmp / "tuesday.ics"))
    out = mine.ok("friends", "add", "ANA", str(theirs.tmp / "tuesday.ics"))
    assert out.strip() == "replaced Ana's agenda with 2 talks, all in your library"
    assert _counts(mine) == [("ANA", 2, 2), ("Bo", 2, 2)]
    assert _friends(mine)[0]["source"].endswith("tuesday.ics")
    assert _picked(mine) == {ORAL1: ["Bo"], ORAL2: ["ANA", "Bo"], SPOT12: ["ANA"]}
    again = json.loads(mine.ok("friends", "--json", "add", "Ana María", str(theirs.tmp / "monday.ics")))
    assert again["replaced"] is False
    again = json.loads(mine.ok("friends", "--json", "add", "ANA MARÍA", str(theirs.tmp / "tuesday.ics")))
    assert again["replaced"] is True and again["name"] == "ANA MARÍA"
    assert [f["name"] for f in _friends(mine)] == ["ANA", "ANA MARÍA", "Bo"]


def test_removing_a_friend_by_any_case(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    for name in ("Ana", "Bo", "Élodie"):
        mine.ok("friends", "add", name, str(theirs.tmp / "friend.ics"))
    assert mine.ok("friends", "remove", "aNA").strip() == "removed Ana"
    assert mine.ok("friends", "remove", "ÉLODIE").strip() == "removed Élodie"
    assert _picked(mine) == {ORAL1: ["Bo"]}
    line = _one_line_error(mine("friends", "remove", "Zed"), "no friend named 'Zed'", "(friends: Bo)")
    assert line.startswith("planner: ")
    assert _counts(mine) == [("Bo", 1, 1)]
    mine.ok("friends", "remove", "Bo")
    _one_line_error(mine("friends", "remove", "Bo"), "(friends: none yet)")
    assert mine.ok("friends").startswith("no friends yet: 'planner friends add NAME FILE'")
    assert _friends(mine) == []


@pytest.mark.parametrize("where", ["before", "after"])
def test_removing_a_friend_prints_json_when_asked_before_or_after_the_action(tmp_path: Path, where: str) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    mine.ok("friends", "add", "Ana", str(theirs.tmp / "friend.ics"))
    args = ["friends", "--json", "remove", "ana"] if where == "before" else ["friends", "remove", "ana", "--json"]
    assert json.loads(mine.ok(*args)) == {"removed": "Ana"}
    assert _friends(mine) == []


# -- other calendars ---------------------------------------------------------------------------------


def test_another_calendar_matches_by_title_and_start(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    mine = Planner(tmp_path / "mine", in_process=True)
    path = _write(tmp_path / "google.ics", calendar(
        entry("1@google.com", f"Oral 1: {ORAL1_TITLE}", ";TZID=Europe/Brussels:20201211T030000"),
        entry("2@google.com", ORAL2_TITLE.lower(), ":20201211T021500Z"),
        entry("3@google.com", ORAL2_TITLE, ":20201211T031500Z"),  # the same title an hour later
    ))
    out = mine.ok("friends", "add", "Bo", str(path)).splitlines()
    assert out == ["added Bo: 3 talks, 2 in your library (1 not found yet)", f"  not in your library: {ORAL2_TITLE}"]
    assert _picked(mine) == {ORAL1: ["Bo"], ORAL2: ["Bo"]}


def test_at_most_five_titles_not_found_are_named(tmp_path: Path) -> None:
    (tmp_path / "mine").mkdir()
    mine = Planner(tmp_path / "mine", in_process=True)
    path = _write(tmp_path / "google.ics", calendar(
        *(entry(f"{n}@google.com", f"Lunch {n}", f":2020121{n}T120000Z") for n in range(7))))
    lines = mine.ok("friends", "add", "Bo", str(path)).splitlines()
    assert lines[0] == "added Bo: 7 talks, 0 in your library (7 not found yet)"
    assert lines[1:] == [*(f"  not in your library: Lunch {n}" for n in range(5)), "  and 2 more"]


def test_fosdem_in_another_calendar_after_its_zone_is_set(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "mine").mkdir()
    mine = Planner(tmp_path / "mine", in_process=True)
    mine.ok("import", str(corpus / FOSDEM))
    mine.ok("zone", "FOSDEM 2021", "Europe/Brussels")
    path = _write(tmp_path / "google.ics", calendar(
        entry("w@google.com", "WELCOME TO FOSDEM 2021", ";TZID=Europe/Brussels:20210206T090000"),
        entry("i@google.com", "The Virtual FOSDEM Infodesk (Saturday)", ":20210206T080000Z"),  # 09:00 in Brussels
    ))
    assert mine.ok("friends", "add", "Bo", str(path)).strip() == "added Bo: 2 talks, all in your library"
    talks = _fosdem_ids(mine, ["Welcome to FOSDEM 2021", "The Virtual FOSDEM Infodesk (Saturday)"])
    assert _picked(mine) == {talks[0]: ["Bo"], talks[1]: ["Bo"]}


def test_setting_a_schedules_zone_finds_the_picks_waiting_for_it(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "mine").mkdir()
    mine = Planner(tmp_path / "mine", in_process=True)
    mine.ok("import", str(corpus / FOSDEM))
    path = _write(tmp_path / "google.ics", calendar(
        entry("w@google.com", "Welcome to FOSDEM 2021", ";TZID=Europe/Brussels:20210206T090000")))
    # FOSDEM 2021's file has wall-clock times only: 09:00 Brussels is no instant of it yet.
    assert "0 in your library" in mine.ok("friends", "add", "Bo", str(path))
    mine.ok("zone", "FOSDEM 2021", "Europe/Brussels")
    assert _counts(mine) == [("Bo", 1, 1)]


# -- before the schedule, and through an update ---------------------------------------------------------


def test_a_friend_added_before_the_schedule_shows_once_it_is_imported(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1, SPOT12)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    mine.ok("remove", "Orals & Spotlights Track 34: Deep Learning")
    assert mine.json("list")["events"] == []
    lines = mine.ok("friends", "add", "Ana", str(theirs.tmp / "friend.ics")).splitlines()
    assert lines[0] == "added Ana: 2 talks, 0 in your library (2 not found yet)"
    assert lines[1].startswith("  not in your library: Oral 1: Is normalization indispensable")
    assert _counts(mine) == [("Ana", 2, 0)]
    mine.ok("import", str(SEED))
    assert _counts(mine) == [("Ana", 2, 2)]
    assert _picked(mine) == {ORAL1: ["Ana"], SPOT12: ["Ana"]}


def test_a_pick_follows_its_talk_to_its_new_time(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    mine.ok("friends", "add", "Ana", str(theirs.tmp / "friend.ics"))
    moved = _write(tmp_path / "track34.txt", _swap_first_two_orals(SEED.read_text(encoding="utf-8")))
    assert "2 changed" in mine.ok("import", str(moved))
    events = {e["id"]: e for e in mine.json("list")["events"]}
    assert events[ORAL1]["start"] == "2020-12-10T18:15:00-08:00" and events[ORAL1]["title"] == ORAL1_TITLE
    assert {i: e["friends"] for i, e in events.items() if e["friends"]} == {ORAL1: ["Ana"]}


# -- bad input ------------------------------------------------------------------------------------------------


def _state(planner: Planner) -> tuple[object, ...]:
    """What a failed `friends add` must leave as it was: friends, their picks, stars."""
    listed = planner.json("list")["events"]
    return (_friends(planner), [(e["id"], e["friends"], e["starred"], e["tier"]) for e in listed])


def _bad_utf8(folder: Path) -> tuple[Path, str]:
    data = (folder.parent / "theirs" / "friend.ics").read_bytes()
    at = data.index(b"SUMMARY:")
    line = data[:at].count(b"\n") + 1
    return _write(folder / "latin1.ics", data[:at] + b"SUMMARY:Caf\xe9 " + data[at + 8:]), f"line {line}:"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda f: (_write(f / "notes.ics", "packing list: charger, badge\n"), ""), "not a valid iCalendar file"),
        (lambda f: (f / "nowhere.ics", ""), "cannot read the file"),
        (lambda f: (SEED, ""), "not a valid iCalendar file"),
        (lambda f: (_write(f / "empty.ics", b""), ""), "empty"),
        (_bad_utf8, "not UTF-8"),
    ],
    ids=["not-a-calendar", "missing", "a-schedule", "empty", "bad-utf8"],
)
def test_a_bad_file_is_one_line_naming_it_and_changes_nothing(tmp_path: Path, make: Any, expected: str) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    mine.ok("friends", "add", "Ana", str(theirs.tmp / "friend.ics"))
    mine.ok("star", SPOT12)
    before = _state(mine)
    path, line = make(mine.tmp)
    for name in ("Ana", "Bo"):  # neither replaces Ana's agenda nor adds a friend
        result = mine("friends", "add", name, str(path))
        message = _one_line_error(result, f"planner: {path}: ", expected, line)
        assert result.stdout == "", message
    assert _state(mine) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "a friend needs a name"), ("  ", "a friend needs a name"),
     ("Ana María García-López de la Cruz y Olmos", "a friend's name is at most 40 characters (41 given)")],
    ids=["empty", "blank", "41-characters"],
)
def test_a_bad_name_is_one_line_and_changes_nothing(tmp_path: Path, name: str, expected: str) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    theirs.ok("export", "-o", str(theirs.tmp / "friend.ics"))
    mine.ok("star", SPOT12)
    before = _state(mine)
    _one_line_error(mine("friends", "add", name, str(theirs.tmp / "friend.ics")), f"planner: {expected}")
    assert _state(mine) == before


@pytest.mark.parametrize("args", [("friends", "add", "Ana"), ("friends", "add"), ("friends", "remove"),
                                  ("friends", "invite", "Ana")])
def test_friends_usage_errors_exit_2(tmp_path: Path, args: tuple[str, ...]) -> None:
    (tmp_path / "mine").mkdir()
    result = Planner(tmp_path / "mine", in_process=True)(*args)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_json_may_follow_the_action(tmp_path: Path) -> None:
    theirs, mine = _two(tmp_path)
    theirs.ok("star", ORAL1)
    agenda = theirs.tmp / "friend.ics"
    theirs.ok("export", "-o", str(agenda))
    after = json.loads(mine.ok("friends", "add", "Ana", str(agenda), "--json"))
    before = json.loads(mine.ok("friends", "--json", "add", "Ana", str(agenda)))
    assert (after["name"], after["picks"], after["found"], after["replaced"]) == ("Ana", 1, 1, False)
    assert (before["name"], before["picks"], before["replaced"]) == ("Ana", 1, True)


def test_plan_with_friends_prefers_the_talk_a_friend_picked(tmp_path: Path) -> None:
    from tests.ui.helpers import write_tiny

    theirs, mine = _two(tmp_path)
    tiny = write_tiny(tmp_path)
    for planner in (theirs, mine):
        planner.ok("import", str(tiny))
    ids = {e["title"]: e["id"] for e in mine.json("list")["events"]}
    oral, spotlight = ids["Accents and diacritics in schedule search"], ids["A parallel talk in the other room"]
    mine.ok("star", oral, spotlight)  # both must-see, both at 09:00: one of them fits
    theirs.ok("star", oral)
    agenda = theirs.tmp / "friend.ics"
    theirs.ok("export", "-o", str(agenda))
    mine.ok("friends", "add", "Ana", str(agenda))
    (alone,) = mine.json("plan", "--date", "2024-06-03")["days"]
    (together,) = mine.json("plan", "--date", "2024-06-03", "--with-friends")["days"]
    assert (alone["plan"], alone["weight"], alone["friends"]) == ([spotlight], 3, [])  # over earlier
    assert (together["plan"], together["weight"], together["friends"]) == ([oral], 4, [oral])
    text = mine.ok("plan", "--date", "2024-06-03", "--with-friends")
    assert "must-see +friend" in text and "Accents and diacritics" in text
