"""Stars and notes follow the talk across updates, never its position (issue 16).

Each case is an update shaped like ones conferences publish: a paper inserted as #2 of a
session page, an iCalendar file without a name whose update adds an event, a multi-session
page that gains a new first session, a cancelled talk.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.domain.identity import follow_talks
from planner.domain.marks import Tier
from planner.domain.model import Event, Kind, Markup, Schedule
from planner.formats import ical, pentabarf, sessionpage
from planner.store import Library
from planner.store.schema import SCHEMA_VERSION
from tests.store.schema_history import undo_schema_11

PST = timezone(timedelta(hours=-8))


def _page(papers: list[tuple[str, str]], sessions: tuple[str, ...] = ("Track 1: Learning",)) -> bytes:
    """A session page: each session holds the papers, 15 minutes each from 18:00."""
    out: list[str] = []
    day = 10
    for session in sessions:
        start = datetime(2020, 12, day, 18, 0, tzinfo=PST)
        end = start + timedelta(minutes=15 * len(papers))
        out += [f"## {session}", "", "### Time", "", f"{start.isoformat()} - {end.isoformat()}", "",
                "### Schedule", ""]
        for number, (title, authors) in enumerate(papers, 1):
            s = start + timedelta(minutes=15 * (number - 1))
            out += [f"{s.isoformat()} - {(s + timedelta(minutes=15)).isoformat()}", "",
                    f"##### {number} - Oral: {title}", "", authors, "",
                    f"We study {title.lower()} in depth and report what we found.", ""]
        day += 1
    return "\n".join(out).encode("utf-8")


PAPERS = [
    ("Deep nets are shallow", "Ana Lima, Bo Chen"),
    ("Attention is costly", "Chris Doe"),
    ("Gradient noise helps", "Dee Ek, Fay Gu"),
    ("Sparse mixtures of experts", "Gil Ho"),
]


def _by_title(library: Library) -> dict[str, str]:
    return {e.title: e.id for e in library.events() if e.kind is not Kind.BREAK}


def test_a_paper_inserted_as_number_two_leaves_every_star_and_note_on_its_talk(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(sessionpage.parse(_page(PAPERS), "track.txt"))
        ids = _by_title(lib)
        starred = [ids["Attention is costly"], ids["Gradient noise helps"]]
        lib.star(starred)
        lib.set_note(ids["Sparse mixtures of experts"], "ask about routing")

        inserted = [PAPERS[0], ("A brand new paper", "New Person"), *PAPERS[1:]]
        summary = lib.import_schedule(sessionpage.parse(_page(inserted), "track (1).txt"))

        after = {e.id: e for e in lib.events()}
        assert {after[i].title for i in lib.starred_ids()} == {"Attention is costly", "Gradient noise helps"}
        assert lib.notes() == {ids["Sparse mixtures of experts"]: "ask about routing"}
        assert after[ids["Sparse mixtures of experts"]].number == 5
        # The new paper took no one's id, and the update says what moved.
        new_id = _by_title(lib)["A brand new paper"]
        assert new_id not in ids.values() and summary.new == [new_id]
        assert len(summary.renumbered) == 3 and "3 renumbered" in str(summary)
        assert "number was 2" in lib.statuses()[ids["Attention is costly"]][1]


def test_importing_the_same_update_twice_changes_nothing_more(db_path: Path) -> None:
    inserted = [PAPERS[0], ("A brand new paper", "New Person"), *PAPERS[1:]]
    with Library(db_path) as lib:
        lib.import_schedule(sessionpage.parse(_page(PAPERS), "track.txt"))
        lib.import_schedule(sessionpage.parse(_page(inserted), "track.txt"))
        first = _by_title(lib)
        summary = lib.import_schedule(sessionpage.parse(_page(inserted), "track.txt"))
        assert _by_title(lib) == first
        assert (summary.new, summary.changed, summary.removed) == ([], [], [])


def test_a_multi_session_page_that_gains_a_first_session_updates_in_place(db_path: Path) -> None:
    sessions = ("Track 1: Learning", "Track 2: Vision")
    with Library(db_path) as lib:
        lib.import_schedule(sessionpage.parse(_page(PAPERS, sessions), "day.txt"))
        before = {(e.session, e.title): e.id for e in lib.events()}
        talk = before[("Track 2: Vision", "Attention is costly")]
        lib.star([talk])
        summary = lib.import_schedule(
            sessionpage.parse(_page(PAPERS, ("Track 0: Opening", *sessions)), "day.txt"))
        assert len(lib.schedules()) == 1 and not summary.created
        assert lib.starred_ids() == {talk}
        assert lib.event(talk).title == "Attention is costly"
        assert len(summary.new) == len(PAPERS)


ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Conference//EN
{events}END:VCALENDAR
"""
VEVENT = """BEGIN:VEVENT
UID:{uid}
DTSTAMP:20250101T000000Z
DTSTART:2025-03-29T{hour}0000Z
DURATION:PT30M
SUMMARY:{title}
{extra}END:VEVENT
"""


def _ics(*events: tuple[str, str, str], extra: dict[str, str] | None = None) -> bytes:
    body = "".join(
        VEVENT.format(uid=uid, hour=hour, title=title, extra=(extra or {}).get(uid, "")).replace("2025-03-29", "20250329")
        for uid, hour, title in events)
    return ICS.format(events=body).replace("\n", "\r\n").encode("utf-8")


EVENTS = [("m-200@example.org", "10", "Opening"), ("m-300@example.org", "11", "Closing")]


def test_an_unnamed_calendar_whose_update_adds_a_first_uid_stays_one_schedule(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(ical.parse(_ics(*EVENTS), "schedule.ics"))
        opening = _by_title(lib)["Opening"]
        lib.star([opening])
        # A downloaded update is often "schedule(1).ics"; its new event sorts first.
        summary = lib.import_schedule(ical.parse(_ics(("a-100@example.org", "09", "Breakfast talk"), *EVENTS),
                                                 "schedule(1).ics"))
        assert len(lib.schedules()) == 1 and not summary.created
        assert lib.starred_ids() == {opening} and len(summary.new) == 1


def test_a_calendar_sharing_no_events_is_a_schedule_of_its_own(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(ical.parse(_ics(*EVENTS), "a.ics"))
        other = [("x-1@elsewhere.org", "10", "Other opening"), ("x-2@elsewhere.org", "12", "Other closing")]
        assert lib.import_schedule(ical.parse(_ics(*other), "b.ics")).created
        assert len(lib.schedules()) == 2


def test_an_update_that_cancels_a_starred_talk_counts_it_and_keeps_the_star(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(ical.parse(_ics(*EVENTS), "conf.ics"))
        closing = _by_title(lib)["Closing"]
        lib.star([closing])
        summary = lib.import_schedule(
            ical.parse(_ics(*EVENTS, extra={"m-300@example.org": "STATUS:CANCELLED\n"}), "conf.ics"))
        assert summary.cancelled == [closing] and summary.changed == [closing]
        assert "1 changed" in str(summary) and "1 cancelled" in str(summary)
        assert lib.event(closing).cancelled and lib.starred_ids() == {closing}
        assert lib.statuses()[closing] == ("changed", "cancelled")


def test_what_the_readers_know_survives_the_library(db_path: Path) -> None:
    start = datetime(2025, 3, 29, tzinfo=timezone.utc)
    event = Event(id="x-1", kind=Kind.TALK, number=None, title="{fmt}", authors=(), abstract="",
                  start=start, end=start + timedelta(days=1), session="", markup=Markup.LATEX,
                  all_day=True, floating=True, cancelled=True)
    with Library(db_path) as lib:
        lib.import_schedule(Schedule(key="k", title="K", events=(event,)))
        stored = lib.event("x-1")
    assert (stored.markup, stored.all_day, stored.floating, stored.cancelled) == (Markup.LATEX, True, True, True)


def test_a_schema_7_library_marks_session_pages_latex_and_zoneless_times_floating(db_path: Path, seed_path: Path) -> None:
    import sqlite3

    from planner.formats import load

    zoneless = Schedule(key="z", title="Z", format="pentabarf", notes=("3 event(s) have no time zone in the file",),
                        events=(Event(id="z-1", kind=Kind.TALK, number=None, title="t", authors=(), abstract="",
                                      start=datetime(2025, 1, 1, 10, tzinfo=timezone.utc),
                                      end=datetime(2025, 1, 1, 11, tzinfo=timezone.utc), session=""),))
    with Library(db_path) as lib:
        lib.import_schedule(load(seed_path))
        lib.import_schedule(zoneless)
    conn = sqlite3.connect(db_path)
    undo_schema_11(conn)
    for column in ("markup", "all_day", "floating", "cancelled", "links", "placed"):  # added by 8 to 10
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("ALTER TABLE schedules DROP COLUMN user_zone")  # schema 10's
    conn.execute("PRAGMA user_version = 7")
    conn.commit()
    conn.close()
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION == 16
        events = lib.events()
        assert {e.markup for e in events if e.schedule != "z"} == {Markup.LATEX}
        # A Pentabarf schedule's text is frab's Markdown since schema 9.
        assert lib.event("z-1").floating and lib.event("z-1").markup is Markup.MARKDOWN
        assert not any(e.floating for e in events if e.schedule != "z")


# -- the matching itself ---------------------------------------------------------------


def _talk(id_: str, title: str, authors: tuple[str, ...] = (), minute: int = 0, number: int | None = None) -> Event:
    start = datetime(2025, 3, 29, 10, minute, tzinfo=timezone.utc)
    return Event(id=id_, kind=Kind.TALK, number=number, title=title, authors=authors, abstract="",
                 start=start, end=start + timedelta(minutes=10), session="s")


def test_a_title_corrected_in_place_keeps_its_id() -> None:
    old = [_talk("a", "Teh talk", ("Ann",)), _talk("b", "Other", ("Bob",))]
    new = [_talk("a", "The talk", ("Ann",)), _talk("b", "Other", ("Bob",))]
    events, renamed = follow_talks(old, new)
    assert [e.id for e in events] == ["a", "b"] and renamed == {}


def test_two_talks_that_swap_positions_swap_ids_back() -> None:
    old = [_talk("p1", "First", ("Ann",), 0, 1), _talk("p2", "Second", ("Bob",), 10, 2)]
    new = [_talk("p1", "Second", ("Bob",), 0, 1), _talk("p2", "First", ("Ann",), 10, 2)]
    events, renamed = follow_talks(old, new)
    assert {e.title: e.id for e in events} == {"First": "p1", "Second": "p2"}
    assert renamed == {"p1": "p2", "p2": "p1"}


@pytest.mark.parametrize("change", ["speakers", "title"])
def test_a_talk_that_changed_one_trait_and_moved_is_still_followed(change: str) -> None:
    old = [_talk("p1", "Alpha", ("Ann",), 0), _talk("p2", "Beta", ("Bob",), 10)]
    moved = _talk("p1", "Beta", ("Bea",), 0) if change == "speakers" else _talk("p1", "Beta!", ("Bob",), 10)
    if change == "title":  # Beta renamed and its slot taken by a new talk
        new = [_talk("p1", "Alpha", ("Ann",), 0), _talk("p2", "Gamma", ("Gus",), 20), dataclasses.replace(moved, id="p3")]
        events, _ = follow_talks(old, new)
        assert {e.title: e.id for e in events}["Beta!"] == "p2"
    else:
        new = [moved, _talk("p2", "Alpha", ("Ann",), 10)]
        events, _ = follow_talks(old, new)
        assert {e.title: e.id for e in events} == {"Alpha": "p1", "Beta": "p2"}


def test_repeated_breaks_pair_by_time_and_new_ids_never_collide() -> None:
    old = [_talk("b1", "Coffee", (), 0), _talk("b2", "Coffee", (), 30)]
    new = [_talk("b2", "Coffee", (), 0), _talk("b1", "Coffee", (), 30), _talk("b1", "Lunch", (), 50)]
    events, _ = follow_talks(old, new)
    ids = [e.id for e in events]
    assert len(set(ids)) == 3 and {"b1", "b2"} <= set(ids)


def test_a_calendar_imported_under_an_older_key_keeps_its_stars(db_path: Path) -> None:
    """Planner's iCalendar key (and with it every id) for a file without a name changed
    once; the library sees the same talks at the same times and updates in place."""
    current = ical.parse(_ics(*EVENTS), "schedule.ics")
    assert not current.named
    old_ids = {e.id: "ic-old" + e.id[3:] for e in current.events}
    older = dataclasses.replace(current, key="ical:older key",
                                events=tuple(dataclasses.replace(e, id=old_ids[e.id]) for e in current.events))
    with Library(db_path) as lib:
        lib.import_schedule(older)
        closing = next(e.id for e in older.events if e.title == "Closing")
        lib.star([closing])
        summary = lib.import_schedule(current)
        assert not summary.created and [s.key for s in lib.schedules()] == ["ical:older key"]
        assert lib.starred_ids() == {closing} and lib.event(closing).title == "Closing"
        # A named calendar with the same talks is another schedule: its name says so.
        named = ical.parse(_ics(*EVENTS).replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-CALNAME:Other"), "o.ics")
        assert named.named and lib.import_schedule(named).created


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Coffee", "Talk A", "Talk B", ""]), st.integers(0, 50),
                          st.sampled_from([(), ("Ann",), ("Bob",)])), max_size=20),
       st.randoms(use_true_random=False))
def test_any_update_keeps_ids_unique_and_gives_each_old_talk_at_most_one_successor(specs, rng) -> None:  # type: ignore[no-untyped-def]
    old = [_talk(f"p{i}", title, authors, minute) for i, (title, minute, authors) in enumerate(specs)]
    assert follow_talks(old, old) == (old, {})
    shuffled = [dataclasses.replace(e, id=f"p{i}") for i, e in enumerate(rng.sample(old, len(old)))]
    events, renamed = follow_talks(old, shuffled)
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    # Same talks in another order: each comes back under an id of a talk just like it.
    by_id = {e.id: e for e in old}
    for event in events:
        twin = by_id[event.id]
        assert (twin.title, twin.authors) == (event.title, event.authors)


# -- which talk is which: an id of its own, a position, a title ------------------------


def _pentabarf(*events: tuple[str, str, str, str, str, tuple[str, ...]]) -> bytes:
    """A Pentabarf file: each event is (guid's last digits, date, start, room, title, speakers)."""
    body = "".join(
        f'<event guid="288dae4d-d72d-05bc-5b23-a35da3b2{guid:0>4}" id="{guid}"><date>{date}T{start}:00+05:30</date>'
        f"<start>{start}</start><duration>00:45</duration><room>{room}</room><title>{title}</title>"
        f"<type>talk</type><persons>{''.join(f'<person>{name}</person>' for name in speakers)}</persons></event>"
        for guid, date, start, room, title, speakers in events)
    return ("<?xml version='1.0' encoding='UTF-8'?><schedule><conference><title>DebConf 23</title>"
            "<acronym>dc23</acronym><time_zone_name>Asia/Kolkata</time_zone_name></conference>"
            f'<day index="1" date="2023-09-10"><room name="Kuthiran">{body}</room></day></schedule>').encode()


def _id_at(lib: Library, title: str, start: str) -> str:
    return next(e.id for e in lib.events() if e.title == title and e.start.isoformat().startswith(start))


@pytest.mark.parametrize("moved", [False, True], ids=["in place", "moved too"])
def test_a_tba_given_its_title_keeps_its_star_when_another_talk_becomes_tba(db_path: Path, moved: bool) -> None:
    """DebConf 23: "Why Debian" was listed as "TBA"; the update gives it its title and
    retitles another talk, in another room and without speakers, "TBA". Matched by title
    first, the star and note went to the other slot and Jose's talk came back as new."""
    bof = ("50", "2023-09-10", "14:00", "Ponmudi", "Debian Treasurer BoF", ("Héctor Orón",))
    other = ("60", "2023-09-10", "16:00", "Kuthiran", "Closing", ("Ann",))
    with Library(db_path) as lib:
        lib.import_schedule(pentabarf.parse(_pentabarf(
            ("41", "2023-09-10", "11:30", "Kuthiran", "TBA", ("Jose M Calhariz",)), bof, other), "dc23.xml"))
        jose = _id_at(lib, "TBA", "2023-09-10T11:30")
        lib.star([jose])
        lib.set_note(jose, "ask about the keyring")
        summary = lib.import_schedule(pentabarf.parse(_pentabarf(
            ("41", "2023-09-10", "12:30" if moved else "11:30", "Kuthiran", "Why Debian", ("Jose M Calhariz",)),
            ("50", "2023-09-10", "14:00", "Ponmudi", "TBA", ()), other), "dc23.xml"))
        assert lib.starred_ids() == {jose} and lib.notes() == {jose: "ask about the keyring"}
        assert lib.event(jose).title == "Why Debian" and lib.event(jose).authors == ("Jose M Calhariz",)
        assert summary.new == [] and summary.removed == [] and summary.followed == {}
        assert lib.event(_id_at(lib, "TBA", "2023-09-10T14:00")).room == "Ponmudi"


def test_a_workshop_that_gains_an_earlier_run_keeps_each_star_on_its_own_day(db_path: Path) -> None:
    """A workshop held Monday and Tuesday; the update adds a Sunday run and a co-speaker to
    each. Walked first, the Sunday run took the nearest run's id, and the star on Tuesday's
    run went to Monday's."""
    workshop = "Live packaging workshop"
    one, two = ("Andreas Tille",), ("Andreas Tille", "Helper")
    mon = ("262", "2023-09-11", "10:30", "Ponmudi", workshop)
    tue = ("9001", "2023-09-12", "10:30", "Ponmudi", workshop)
    with Library(db_path) as lib:
        lib.import_schedule(pentabarf.parse(_pentabarf((*mon, one), (*tue, one)), "dc23.xml"))
        ids = {day: _id_at(lib, workshop, day) for day in ("2023-09-11", "2023-09-12")}
        lib.star([ids["2023-09-12"]])
        lib.set_note(ids["2023-09-12"], "the Tuesday run")
        summary = lib.import_schedule(pentabarf.parse(_pentabarf(
            ("9000", "2023-09-10", "13:30", "Ponmudi", workshop, two), (*mon, two), (*tue, two)), "dc23.xml"))
        for day, event_id in ids.items():
            assert lib.event(event_id).start.isoformat().startswith(day)
        assert lib.starred_ids() == {ids["2023-09-12"]} and lib.notes() == {ids["2023-09-12"]: "the Tuesday run"}
        sunday = _id_at(lib, workshop, "2023-09-10")
        assert summary.new == [sunday] and sunday not in ids.values()
        assert sorted(summary.changed) == sorted(ids.values()) and summary.followed == {}


def _runs(uid: str, *days: int) -> bytes:
    """A calendar: three runs of a workshop (one UID for all, or none), and a talk."""
    uid_line = f"UID:{uid}\n" if uid else ""
    body = "".join(
        f"BEGIN:VEVENT\n{uid_line}DTSTAMP:20240912T140000Z\nDTSTART:202409{day}T150000Z\n"
        f"DTEND:202409{day}T160000Z\nSUMMARY:Stampa e Modellazione 3D\nLOCATION:MOKids\nEND:VEVENT\n"
        for day in days)
    body += ("BEGIN:VEVENT\nUID:talk-1@moca\nDTSTAMP:20240912T140000Z\nDTSTART:20240913T100000Z\n"
             "DTEND:20240913T110000Z\nSUMMARY:Opening\nLOCATION:Main\nEND:VEVENT\n")
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//moca//camp//IT\nX-WR-CALNAME:MOCA 2024\n{body}END:VCALENDAR\n"
    return text.replace("\n", "\r\n").encode()


@pytest.mark.parametrize("uid", ["46983", ""], ids=["one UID", "no UID"])
def test_dropping_a_workshops_first_run_leaves_its_star_on_it_removed(db_path: Path, uid: str) -> None:
    """MOCA 2024: three runs of a workshop share one UID, so their ids are numbers in start
    order. The update drops the first run: its star and note went silently to the second
    run ("moved"), and the third run, still in the file, showed as removed."""
    with Library(db_path) as lib:
        lib.import_schedule(ical.parse(_runs(uid, 13, 14, 15), "moca.ics"))
        first, second, third = (e.id for e in lib.events() if e.title == "Stampa e Modellazione 3D")
        lib.star([first])
        lib.set_note(first, "first run")
        lib.star([third], tier=Tier.MAYBE)
        summary = lib.import_schedule(ical.parse(_runs(uid, 14, 15), "moca.ics"))
        assert (summary.removed, summary.removed_starred, summary.changed, summary.new) == ([first], [first], [], [])
        assert lib.statuses() == {first: ("removed", "no longer in the schedule")}
        assert lib.event(first).start.day == 13 and lib.notes() == {first: "first run"}
        assert (lib.event(second).start.day, lib.event(third).start.day) == (14, 15)
        assert lib.starred_ids() == {first, third}
        again = lib.import_schedule(ical.parse(_runs(uid, 14, 15), "moca.ics"))
        assert (again.new, again.changed, again.removed) == ([], [], [])
        assert lib.starred_ids() == {first, third} and lib.event(third).start.day == 15
