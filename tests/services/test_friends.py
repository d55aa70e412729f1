"""planner.services.friends: a colleague's exported agenda found on the right talks.

Real files throughout: the friend's file is Planner's own .ics export of another library
(matched by UID) or a calendar written as Google Calendar writes one (matched by title and
start); the schedules are the bundled session, small session pages and Pentabarf files
written here, and FOSDEM 2021 from the shared corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner.domain.marks import Tier
from planner.formats import load
from planner.net import fetch
from planner.services import adding, exporting, refreshing
from planner.services.friends import FriendError, add_friend, find_talks, remove_friend, resolve_pending
from planner.store import Library
from planner.store.open import open_library
from tests.cli.test_cli import ORAL1, ORAL2, SEED, SEED_KEY, SPOT12

SPOT8 = "sp-9175ef52bd"  # "Collegial Ensembles", 19:30-19:40 -08:00
ORAL1_TITLE = "Is normalization indispensable for training deep neural network?"
ORAL2_TITLE = ("Understanding Approximate Fisher Information for Fast Convergence of Natural Gradient "
               "Descent in Wide Neural Networks")

# What Google Calendar writes before its events: the zone, by rule.
BRUSSELS = """BEGIN:VTIMEZONE
TZID:Europe/Brussels
BEGIN:STANDARD
DTSTART:19701025T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
END:VTIMEZONE"""


def entry(uid: str, summary: str, dtstart: str, *, status: str = "") -> str:
    """One VEVENT; ``dtstart`` is the whole property after the name (";TZID=...:..." or ":...Z")."""
    lines = ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20201201T120000Z", f"DTSTART{dtstart}", "DURATION:PT15M",
             f"SUMMARY:{summary}"]
    if status:
        lines.append(f"STATUS:{status}")
    return "\n".join([*lines, "END:VEVENT"])


def calendar(*entries: str) -> str:
    """Another calendar program's file: its own UIDs, Europe/Brussels times."""
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
                        *BRUSSELS.splitlines(), *"\n".join(entries).splitlines(), "END:VCALENDAR", ""])


def write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def export(library: Library, path: Path) -> Path:
    """``planner export -o path`` of ``library``: the starred talks, the records remembered."""
    done = exporting.export_agenda(library)
    path.write_bytes(done.data)
    done.remember(library)
    return path


def picks_of(library: Library) -> dict[str, tuple[str, ...]]:
    """Friends by talk, for the talks in the library (what list --json shows)."""
    return library.friends_by_event([e.id for e in library.events()])


def counts(library: Library) -> list[tuple[str, int, int]]:
    return [(f.name, f.picks, f.found) for f in library.friends()]


@pytest.fixture
def mine(tmp_path: Path) -> Iterator[Library]:
    """The attendee's library, holding the bundled session."""
    with open_library(tmp_path / "mine.sqlite3") as lib:
        yield lib


@pytest.fixture
def theirs(tmp_path: Path) -> Iterator[Library]:
    """The friend's library on their own laptop, holding the bundled session too."""
    with open_library(tmp_path / "theirs.sqlite3") as lib:
        yield lib


# -- Planner's own export --------------------------------------------------------------


def test_a_friends_export_marks_exactly_their_starred_talks(tmp_path: Path, mine: Library,
                                                            theirs: Library) -> None:
    theirs.star([ORAL1, SPOT12])
    theirs.star([SPOT8], tier=Tier.MAYBE)  # a maybe is in their export too
    mine.star([ORAL2])  # the attendee's own stars play no part
    added = add_friend(mine, "Ana", export(theirs, tmp_path / "friend.ics"))
    assert (added.friend.name, added.friend.picks, added.friend.found) == ("Ana", 3, 3)
    assert added.replaced is None and added.missing == ()
    assert added.summary() == "added Ana: 3 talks, all in your library"
    assert added.friend.source == str((tmp_path / "friend.ics").resolve())
    assert picks_of(mine) == {ORAL1: ("Ana",), SPOT12: ("Ana",), SPOT8: ("Ana",)}
    assert mine.starred_ids() == {ORAL2}


def test_talks_unstarred_since_an_earlier_export_are_not_picks(tmp_path: Path, mine: Library,
                                                               theirs: Library) -> None:
    theirs.star([ORAL1, ORAL2, SPOT12])
    export(theirs, tmp_path / "friend.ics")
    theirs.unstar([ORAL2])
    data = export(theirs, tmp_path / "friend.ics").read_text(encoding="utf-8")
    # The export keeps its records: ORAL2 is still in the file, cancelled.
    assert f"UID:{ORAL2}@planner.invalid" in data and "STATUS:CANCELLED" in data
    added = add_friend(mine, "Ana", tmp_path / "friend.ics")
    assert (added.friend.picks, added.friend.found) == (2, 2)
    assert picks_of(mine) == {ORAL1: ("Ana",), SPOT12: ("Ana",)}


def test_an_export_made_before_a_talk_moved_still_finds_it_by_uid(tmp_path: Path, mine: Library,
                                                                  theirs: Library) -> None:
    # The friend exported on Monday; the attendee has Tuesday's update, where Oral 1 moved:
    # the time in the file is the old one, the UID says which talk it is.
    theirs.star([ORAL1])
    path = export(theirs, tmp_path / "friend.ics")
    adding.add(mine, [str(write(tmp_path / "track34.txt", _swap_first_two_orals(SEED.read_text(encoding="utf-8"))))])
    assert mine.event(ORAL1).start.isoformat() == "2020-12-10T18:15:00-08:00"
    assert add_friend(mine, "Ana", path).friend.found == 1
    assert picks_of(mine) == {ORAL1: ("Ana",)}


def test_a_planner_uid_of_a_talk_not_here_falls_back_to_title_and_start(mine: Library) -> None:
    from planner.domain.friends import Pick

    oral1 = mine.event(ORAL1)
    start = int(oral1.start.timestamp())
    picks = [Pick(f"{ORAL1}@planner.invalid", "anything", start),
             Pick("sp-0000000000@planner.invalid", f"Oral 1: {ORAL1_TITLE}", start),  # another version's id
             Pick("sp-0000000001@planner.invalid", "Nobody's talk", start),
             Pick(f"{ORAL1}@elsewhere.example", "not ours", start)]  # a UID that only looks like ours
    assert find_talks(mine, picks) == [ORAL1, ORAL1, "", ""]


# -- other calendar programs -------------------------------------------------------------


def test_another_calendars_entries_match_by_title_and_start(tmp_path: Path, mine: Library) -> None:
    # 18:00 in Vancouver (-08:00) is 03:00 the next day in Brussels and 02:00 UTC.
    path = write(tmp_path / "google.ics", calendar(
        entry("0a1b2c@google.com", f"Oral 1: {ORAL1_TITLE}", ";TZID=Europe/Brussels:20201211T030000"),
        entry("0a1b2d@google.com", ORAL2_TITLE.upper(), ":20201211T021500Z"),
        entry("0a1b2e@google.com", "collegial ensembles", ";TZID=Europe/Brussels:20201211T040000"),  # an hour off
        entry("0a1b2f@google.com", "Dinner with the lab", ":20201211T050000Z"),
    ))
    added = add_friend(mine, "Bo", path)
    assert picks_of(mine) == {ORAL1: ("Bo",), ORAL2: ("Bo",)}
    assert (added.friend.picks, added.friend.found) == (4, 2)
    assert added.missing == ("collegial ensembles", "Dinner with the lab")
    assert added.summary() == "added Bo: 4 talks, 2 in your library (2 not found yet)"


def test_a_cancelled_entry_of_another_calendar_is_no_pick(tmp_path: Path, mine: Library) -> None:
    path = write(tmp_path / "google.ics", calendar(
        entry("x1@google.com", ORAL1_TITLE, ":20201211T020000Z", status="CANCELLED"),
        entry("x2@google.com", ORAL2_TITLE, ":20201211T021500Z"),
    ))
    assert add_friend(mine, "Bo", path).friend.picks == 1
    assert picks_of(mine) == {ORAL2: ("Bo",)}


MINI = """## Mini session
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Über Gradienten
Élodie Müller

2021-06-01T09:30:00+02:00 - 2021-06-01T10:00:00+02:00
##### 2 - Oral: Na\\"ive Bayes at $O(n^2)$
Bo Chen
"""


def test_titles_match_without_accents_and_as_planner_shows_them(tmp_path: Path, mine: Library) -> None:
    adding.add(mine, [str(write(tmp_path / "mini.txt", MINI))])
    ids = {e.title: e.id for e in mine.events(schedule_key="session-page:mini session")}
    path = write(tmp_path / "google.ics", calendar(
        entry("m1@google.com", "UBER GRADIENTEN", ":20210601T070000Z"),
        # As the window shows it (the LaTeX read), with the accent typed differently again.
        entry("m2@google.com", "naive bayes at O(n^2)", ";TZID=Europe/Brussels:20210601T093000"),
    ))
    assert add_friend(mine, "Bo", path).friend.found == 2
    assert picks_of(mine) == {ids["Über Gradienten"]: ("Bo",), ids['Na\\"ive Bayes at $O(n^2)$']: ("Bo",)}


def test_fosdem_talks_in_another_calendar_are_found_once_the_schedule_has_its_zone(tmp_path: Path,
                                                                                  corpus: Path) -> None:
    with Library(tmp_path / "mine.sqlite3") as mine:
        adding.add(mine, [str(corpus / "schedule-xml" / "fosdem-2021-schedule.xml")])
        (key,) = [s.key for s in mine.schedules()]
        # The file gives wall-clock times only; the attendee says they are Brussels'.
        mine.set_schedule_zone(key, "Europe/Brussels")
        welcome = next(e for e in mine.events() if e.title == "Welcome to FOSDEM 2021")
        path = write(tmp_path / "google.ics", calendar(
            entry("w1@google.com", "welcome to fosdem 2021", ";TZID=Europe/Brussels:20210206T090000"),
            entry("w2@google.com", "Welcome to FOSDEM 2021", ";TZID=Europe/Brussels:20210207T090000"),  # Sunday: none then
        ))
        added = add_friend(mine, "Bo", path)
        assert (added.friend.picks, added.friend.found) == (2, 1)
        assert picks_of(mine) == {welcome.id: ("Bo",)}


# -- before the schedule, and through its updates ---------------------------------------------


def test_a_friend_added_before_the_schedule_is_found_when_it_is_imported(tmp_path: Path,
                                                                         theirs: Library) -> None:
    theirs.star([ORAL1, SPOT12])
    path = export(theirs, tmp_path / "friend.ics")
    with Library(tmp_path / "mine.sqlite3") as mine:
        assert mine.schedules() == []
        added = add_friend(mine, "Ana", path)
        assert (added.friend.picks, added.friend.found) == (2, 0)
        assert added.summary() == "added Ana: 2 talks, 0 in your library (2 not found yet)"
        assert added.missing[0].startswith("Oral 1: Is normalization")
        adding.add(mine, [str(SEED)])
        assert counts(mine) == [("Ana", 2, 2)]
        assert picks_of(mine) == {ORAL1: ("Ana",), SPOT12: ("Ana",)}
        assert resolve_pending(mine) == 0  # nothing is left waiting


def test_a_schedule_refreshed_from_its_link_finds_waiting_picks(tmp_path: Path) -> None:
    path = write(tmp_path / "google.ics", calendar(entry("g@google.com", ORAL1_TITLE, ":20201211T020000Z")))
    with Library(tmp_path / "mine.sqlite3") as mine:
        assert add_friend(mine, "Bo", path).friend.found == 0
        fetched = fetch.Fetched(url="https://example.org/track34.txt", final_url="https://example.org/track34.txt",
                                not_modified=False, schedule=load(SEED))
        refreshing.store(mine, fetched)
        assert picks_of(mine) == {ORAL1: ("Bo",)}


def test_resolve_pending_says_how_many_it_found(tmp_path: Path) -> None:
    path = write(tmp_path / "google.ics", calendar(
        entry("a@google.com", ORAL1_TITLE, ":20201211T020000Z"),
        entry("b@google.com", "Not a talk of any schedule", ":20201211T020000Z"),
    ))
    with Library(tmp_path / "mine.sqlite3") as mine:
        add_friend(mine, "Bo", path)
        assert resolve_pending(mine) == 0
        mine.import_schedule(load(SEED))  # the store alone: the service has not looked yet
        assert counts(mine) == [("Bo", 2, 0)]
        assert resolve_pending(mine) == 1
        assert counts(mine) == [("Bo", 2, 1)]


def _swap_first_two_orals(text: str) -> str:
    """The bundled session with Oral 2 moved to 18:00 and Oral 1 to 18:15, in that order."""
    one = text.index("2020-12-10T18:00:00-08:00 - 2020-12-10T18:15:00-08:00")
    two = text.index("2020-12-10T18:15:00-08:00 - 2020-12-10T18:30:00-08:00")
    three = text.index("2020-12-10T18:30:00-08:00 - 2020-12-10T18:45:00-08:00")
    first, second = text[one:two], text[two:three]
    first = first.replace("T18:15:00", "T18:30:00").replace("T18:00:00", "T18:15:00")
    second = second.replace("T18:15:00", "T18:00:00").replace("T18:30:00", "T18:15:00")
    first = first.replace("##### 1 - Oral", "##### 2 - Oral")
    second = second.replace("##### 2 - Oral", "##### 1 - Oral")
    return text[:one] + second + first + text[three:]


def test_picks_follow_their_talk_when_an_update_moves_it(tmp_path: Path, mine: Library, theirs: Library) -> None:
    theirs.star([ORAL1])
    add_friend(mine, "Ana", export(theirs, tmp_path / "friend.ics"))
    moved = write(tmp_path / "track34.txt", _swap_first_two_orals(SEED.read_text(encoding="utf-8")))
    (summary,) = adding.add(mine, [str(moved)])
    assert "2 changed" in str(summary)
    talk = mine.event(ORAL1)
    assert talk.title == ORAL1_TITLE and talk.start.isoformat() == "2020-12-10T18:15:00-08:00"
    assert picks_of(mine) == {ORAL1: ("Ana",)}
    assert counts(mine) == [("Ana", 1, 1)]


PENTA = """<?xml version="1.0" encoding="UTF-8"?>
<schedule><conference><title>Minicon</title><time_zone_name>Europe/Brussels</time_zone_name></conference>
  <day index="1" date="2025-02-01"><room name="H.1308">
    <event guid="c0ffee00-0000-4000-8000-0000000000a1" id="1"><date>2025-02-01T{first}:00+01:00</date>
      <start>{first}</start><duration>00:30</duration><room>H.1308</room><title>Rust in the kernel</title>
      <type>talk</type><persons><person id="1">Ana Lima</person></persons></event>
    <event guid="c0ffee00-0000-4000-8000-0000000000a2" id="2"><date>2025-02-01T11:00:00+01:00</date>
      <start>11:00</start><duration>00:30</duration><room>H.1308</room><title>Packaging Python</title>
      <type>talk</type><persons><person id="2">Bo Chen</person></persons></event>
  </room></day>
</schedule>
"""


def test_a_pick_found_by_title_and_start_stays_on_its_talk_when_it_moves(tmp_path: Path) -> None:
    schedule = write(tmp_path / "minicon.xml", PENTA.format(first="10:00"))
    path = write(tmp_path / "google.ics", calendar(
        entry("r@google.com", "Rust in the Kernel", ";TZID=Europe/Brussels:20250201T100000")))
    with Library(tmp_path / "mine.sqlite3") as mine:
        adding.add(mine, [str(schedule)])
        rust = next(e.id for e in mine.events() if e.title == "Rust in the kernel")
        assert add_friend(mine, "Bo", path).friend.found == 1
        write(schedule, PENTA.format(first="14:00"))  # the talk moved to the afternoon
        adding.add(mine, [str(schedule)])
        assert mine.event(rust).start.hour == 14
        assert picks_of(mine) == {rust: ("Bo",)}
        assert counts(mine) == [("Bo", 1, 1)]


def test_a_pick_of_a_talk_that_left_the_schedule_comes_back_with_it(tmp_path: Path, mine: Library,
                                                                     theirs: Library) -> None:
    theirs.star([ORAL1, SPOT12])
    add_friend(mine, "Ana", export(theirs, tmp_path / "friend.ics"))
    mine.remove_schedule(SEED_KEY)
    assert counts(mine) == [("Ana", 2, 0)] and picks_of(mine) == {}
    adding.add(mine, [str(SEED)])
    assert counts(mine) == [("Ana", 2, 2)]
    assert picks_of(mine) == {ORAL1: ("Ana",), SPOT12: ("Ana",)}


# -- names and replacing ---------------------------------------------------------------------------


def test_a_newer_file_from_the_same_friend_replaces_theirs(tmp_path: Path, mine: Library, theirs: Library) -> None:
    theirs.star([ORAL1, ORAL2])
    add_friend(mine, "Ana", export(theirs, tmp_path / "monday.ics"))
    theirs.unstar([ORAL1])
    theirs.star([SPOT12])
    again = add_friend(mine, "  ANA  ", export(theirs, tmp_path / "tuesday.ics"))
    assert again.replaced is not None and again.replaced.name == "Ana" and again.replaced.picks == 2
    assert again.summary() == "replaced Ana's agenda with 2 talks, all in your library"
    assert counts(mine) == [("ANA", 2, 2)]
    assert mine.friends()[0].source.endswith("tuesday.ics")
    assert picks_of(mine) == {ORAL2: ("ANA",), SPOT12: ("ANA",)}


def test_removing_a_friend_by_any_case_and_an_unknown_name(tmp_path: Path, mine: Library, theirs: Library) -> None:
    theirs.star([ORAL1])
    path = export(theirs, tmp_path / "friend.ics")
    add_friend(mine, "Ana", path)
    add_friend(mine, "Bo", path)
    with pytest.raises(FriendError, match=r"no friend named 'Cy' \(friends: Ana, Bo\)"):
        remove_friend(mine, "Cy")
    assert remove_friend(mine, " ana ") == "Ana"
    assert picks_of(mine) == {ORAL1: ("Bo",)}
    assert remove_friend(mine, "BO") == "Bo"
    with pytest.raises(FriendError, match=r"\(friends: none yet\)"):
        remove_friend(mine, "Bo")


# -- bad input ----------------------------------------------------------------------------------------


def _bad_utf8(tmp_path: Path) -> tuple[Path, str]:
    text = calendar(entry("u@google.com", ORAL1_TITLE, ":20201211T020000Z")).encode("utf-8")
    line = text[:text.index(b"normalization")].count(b"\n") + 1  # the SUMMARY's
    return write(tmp_path / "latin1.ics", text.replace(b"normalization", b"normalizaci\xf3n")), f"line {line}:"


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda t: (write(t / "notes.ics", "my notes for the conference\n"), ""), "not a valid iCalendar"),
        (lambda t: (t / "nowhere.ics", ""), "cannot read the file (No such file"),
        (lambda t: (t, ""), "cannot read the file"),  # a folder
        (lambda t: (SEED, ""), "not a valid iCalendar"),  # a schedule, not a calendar
        (_bad_utf8, "not UTF-8"),
    ],
    ids=["not-a-calendar", "missing", "folder", "session-page", "bad-utf8"],
)
def test_a_file_that_is_no_agenda_names_itself_and_changes_nothing(
        tmp_path: Path, mine: Library, theirs: Library, make: Callable[[Path], tuple[Path, str]],
        expected: str) -> None:
    theirs.star([ORAL1])
    add_friend(mine, "Ana", export(theirs, tmp_path / "friend.ics"))
    mine.star([SPOT12])
    before = (counts(mine), picks_of(mine), mine.tiers())
    path, line = make(tmp_path)
    with pytest.raises(FriendError) as caught:
        add_friend(mine, "Ana", path)  # a bad newer file keeps the older one
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and expected in message and "\n" not in message
    if line:
        assert line in message
    assert (counts(mine), picks_of(mine), mine.tiers()) == before


@pytest.mark.parametrize(
    ("name", "expected"),
    [("", "needs a name"), ("   ", "needs a name"), ("x" * 41, "at most 40 characters (41 given)"),
     ("Ana\x1b[31m", "control characters")],
    ids=["empty", "blank", "41-characters", "escape-sequence"],
)
def test_a_name_that_cannot_label_a_friend_is_refused(tmp_path: Path, mine: Library, theirs: Library,
                                                      name: str, expected: str) -> None:
    theirs.star([ORAL1])
    path = export(theirs, tmp_path / "friend.ics")
    with pytest.raises(FriendError, match=re.escape(expected)):
        add_friend(mine, name, path)
    assert mine.friends() == []
    assert add_friend(mine, "x" * 40, path).friend.name == "x" * 40  # the longest allowed


def test_spaces_in_a_name_are_collapsed(tmp_path: Path, mine: Library, theirs: Library) -> None:
    theirs.star([ORAL1])
    added = add_friend(mine, "  Ana \t María ", export(theirs, tmp_path / "friend.ics"))
    assert (added.friend.name, added.friend.found) == ("Ana María", 1)
