"""Which schedule an import updates (planner.store.importing.prepare), at its edges.

The common cases run through `planner import` in tests/cli/test_which_schedule.py; these
are the rules behind them: a match of a key made up for a file that names no schedule is
an update only when the two share a talk (by id, or by title and start time, since older
libraries hold ids made otherwise), where a key the file names always is; a file
that names its schedule continues one under another name only when the title is the same
(a merged "all rooms" schedule holding the same talks is a schedule of its own); a third
calendar with a taken key gets the next free one; a feed of entries without a time is
compared by their ids.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from planner.formats import load
from planner.store import Library


def _xml(acronym: str, title: str, talks: list[tuple[str, str, str]]) -> bytes:
    """Pentabarf XML, one room on 10 March 2025: (guid, hh:mm, title) talks."""
    events = "".join(
        f'<event guid="{guid}"><date>2025-03-10T{hhmm}:00+01:00</date><start>{hhmm}</start>'
        f"<duration>00:30</duration><room>Main</room><title>{name}</title><type>Talk</type></event>"
        for guid, hhmm, name in talks)
    return (f'<?xml version="1.0"?><schedule><conference><acronym>{acronym}</acronym><title>{title}</title>'
            f'<time_zone_name>Europe/Brussels</time_zone_name></conference><day date="2025-03-10">'
            f'<room name="Main">{events}</room></day></schedule>').encode()


TALKS = [("a1a1a1a1-0000-4000-8000-000000000001", "10:00", "Opening"),
         ("a1a1a1a1-0000-4000-8000-000000000002", "11:00", "Packaging in depth")]


def _write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def test_a_key_match_whose_ids_were_made_otherwise_is_still_an_update(db_path: Path, tmp_path: Path) -> None:
    """A library from a Planner that made this format's ids another way: not one id is
    shared, but the same talks at the same times say it is the same schedule."""
    current = load(_write(tmp_path / "minicon.xml", _xml("minicon", "MiniCon", TALKS)))
    older = dataclasses.replace(current, events=tuple(
        dataclasses.replace(e, id="px-old" + e.id[3:]) for e in current.events))
    with Library(db_path) as lib:
        lib.import_schedule(older)
        opening = next(e.id for e in older.events if e.title == "Opening")
        lib.star([opening])
        summary = lib.import_schedule(current)
        assert not summary.created and (summary.new, summary.removed) == ([], [])
        assert [s.key for s in lib.schedules()] == ["pentabarf:minicon"]
        assert lib.starred_ids() == {opening} and lib.event(opening).title == "Opening"


def test_a_merged_schedule_with_a_title_of_its_own_is_another_schedule(db_path: Path, tmp_path: Path) -> None:
    """A conference's "all rooms" schedule repeats its talks (guids too) under another
    name and title: a schedule of its own beside it, as before."""
    extra = [("b2b2b2b2-0000-4000-8000-000000000001", "12:00", "Lightning talks")]
    with Library(db_path) as lib:
        lib.import_schedule(load(_write(tmp_path / "devroom.xml", _xml("minicon-dev", "MiniCon devroom", TALKS))))
        summary = lib.import_schedule(load(_write(tmp_path / "all.xml", _xml("minicon", "MiniCon", TALKS + extra))))
        assert summary.created and not summary.unlike
        assert [(s.title, s.event_count) for s in lib.schedules()] == [("MiniCon devroom", 2), ("MiniCon", 3)]


def test_a_renamed_schedule_with_other_talks_at_the_same_title_is_not_an_update(db_path: Path, tmp_path: Path) -> None:
    """A title alone says nothing: the talks must be the same too."""
    other = [("c3c3c3c3-0000-4000-8000-000000000001", "09:00", "Keysigning"),
             ("c3c3c3c3-0000-4000-8000-000000000002", "15:00", "Cheese and wine")]
    with Library(db_path) as lib:
        lib.import_schedule(load(_write(tmp_path / "a.xml", _xml("minicon24", "MiniCon", TALKS))))
        assert lib.import_schedule(load(_write(tmp_path / "b.xml", _xml("minicon25", "MiniCon", other)))).created
        assert [s.key for s in lib.schedules()] == ["pentabarf:minicon24", "pentabarf:minicon25"]


ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n{}END:VCALENDAR\r\n"


def _ics(uid: str, title: str, day: int) -> bytes:
    return ICS.format(f"BEGIN:VEVENT\r\nUID:{uid}@google.com\r\nDTSTAMP:20200101T000000Z\r\n"
                      f"DTSTART:202003{day:02}T090000Z\r\nDURATION:PT1H\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n").encode()


def test_each_calendar_that_shares_a_taken_key_gets_the_next_free_one(db_path: Path, tmp_path: Path) -> None:
    files = [load(_write(tmp_path / f"cal{n}.ics", _ics(f"u{n}", f"Meeting {n}", n))) for n in range(1, 4)]
    assert len({f.key for f in files}) == 1
    with Library(db_path) as lib:
        summaries = [lib.import_schedule(f) for f in files]
        key = files[0].key
        assert [s.key for s in summaries] == [key, f"{key} (2)", f"{key} (3)"]
        assert [s.unlike for s in summaries] == ["", "cal1", "cal1"]
        assert str(summaries[2]) == "added cal3: 1 event, a schedule of its own: it shares no talk with cal1"
        # Each again: an update of its own schedule, whichever key it has.
        again = [lib.import_schedule(f) for f in reversed(files)]
        assert [(s.key, s.created, s.total) for s in again] == [
            (f"{key} (3)", False, 1), (f"{key} (2)", False, 1), (key, False, 1)]
        assert [(i.title, i.event_count) for i in lib.schedules()] == [("cal1", 1), ("cal2", 1), ("cal3", 1)]


def _feed(names: list[str]) -> bytes:
    """A conference feed whose papers have no time yet."""
    return json.dumps({"count": len(names), "next": None, "previous": None, "results": [
        {"id": 500 + n, "name": name, "authors": [{"id": 9000 + n, "fullname": "Gil Sousa", "institution": "IST"}],
         "topic": "", "decision": "Accept (poster)", "session": None, "eventtype": "Poster", "room_name": "",
         "virtualsite_url": f"/virtual/2031/poster/{500 + n}", "starttime": None, "endtime": None,
         "paper_url": "", "related_events_ids": []}
        for n, name in enumerate(names)]}).encode()


def test_a_feed_of_papers_without_a_time_is_compared_by_their_ids(db_path: Path, tmp_path: Path) -> None:
    first = load(_write(tmp_path / "neurips-2031-orals-posters.json", _feed(["Paper A", "Paper B"])))
    assert not first.events and len(first.unscheduled) == 2
    with Library(db_path) as lib:
        lib.import_schedule(first)
        lib.star([first.unscheduled[0].id])
        summary = lib.import_schedule(load(_write(tmp_path / "neurips-2031-orals-posters.json",
                                                  _feed(["Paper A", "Paper B", "Paper C"]))))
        assert not summary.created and len(lib.schedules()) == 1
        assert [u.title for u in lib.unscheduled()] == ["Paper A", "Paper B", "Paper C"]


def test_a_named_schedule_replaced_by_a_programme_sharing_nothing_is_still_its_update(
        db_path: Path, tmp_path: Path) -> None:
    """A conference's acronym is its own name for the schedule: its placeholder programme
    ("TBA" slots) replaced by the real one, not one talk alike, updates it (the starred
    placeholder kept as removed), never a second "MiniCon" beside the stale one."""
    placeholder = load(_write(tmp_path / "v1.xml", _xml("minicon", "MiniCon", [
        ("b2b2b2b2-0000-4000-8000-000000000001", "09:00", "TBA")])))
    real = load(_write(tmp_path / "v2.xml", _xml("minicon", "MiniCon", TALKS)))
    with Library(db_path) as lib:
        lib.import_schedule(placeholder)
        tba = placeholder.events[0].id
        lib.star([tba])
        summary = lib.import_schedule(real)
        assert not summary.created and len(summary.new) == 2 and summary.removed == [tba]
        assert [s.key for s in lib.schedules()] == ["pentabarf:minicon"]
        assert lib.starred_ids() == {tba}  # kept, shown as removed
