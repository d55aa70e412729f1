"""Updates of a conference feed whose papers move between a time and none (the Not
scheduled page): stars and notes follow the paper, one id never names both an event and
an entry, and the summary counts a move as a change, never as a removal and a new talk.

Each test writes two small versions of a virtual-site feed and imports them for real.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from planner.formats import load
from planner.store import ImportSummary, Library
from tests.store.test_search_index import assert_index_is_exact

NAME = "neurips-2031-orals-posters.json"
START, END = "2031-12-09T11:00:00-08:00", "2031-12-09T14:00:00-08:00"


def _paper(feed_id: int, title: str, authors: list[str], board: str | None = None,
           start: str | None = START, end: str | None = END) -> dict[str, Any]:
    return {
        "id": feed_id, "name": title, "authors": [{"fullname": a, "institution": "MIT"} for a in authors],
        "decision": "Accept (poster)", "session": "Poster Session 1" if start else "", "eventtype": "Poster",
        "room_name": "Exhibit Hall C,D,E", "virtualsite_url": f"https://neurips.cc/virtual/2031/poster/{feed_id}",
        "starttime": start, "endtime": end, "poster_position": board,
        "paper_url": f"https://openreview.net/forum?id=p{feed_id}", "related_events_ids": [],
        "topic": "Theory->Learning Theory", "abstract": f"Abstract of {title}.",
    }


def _untimed(feed_id: int, title: str, authors: list[str]) -> dict[str, Any]:
    return _paper(feed_id, title, authors, start=None, end=None)


def _fillers() -> list[dict[str, Any]]:
    """Papers both versions hold as they are, so the second is an update of the first."""
    return [_paper(100 + k, f"Filler paper {k}", [f"F{k} Author"], f"#{k}") for k in range(1, 7)]


def _import(lib: Library, folder: Path, results: list[dict[str, Any]]) -> ImportSummary:
    folder.mkdir()
    path = folder / NAME
    path.write_text(json.dumps({"count": len(results), "next": None, "results": results}), "utf-8")
    return lib.import_schedule(load(path))


def _id_of(lib: Library, title: str, *, timed: bool) -> str:
    found = [e.id for e in lib.events() if e.title == title] if timed else \
        [u.id for u in lib.unscheduled() if u.title == title]
    assert len(found) == 1, (title, found)
    return found[0]


def _ids_in_both_tables(db_path: Path) -> set[str]:
    conn = sqlite3.connect(db_path)
    try:
        return {r[0] for r in conn.execute("SELECT id FROM events INTERSECT SELECT id FROM unscheduled")}
    finally:
        conn.close()


def test_papers_gaining_or_losing_a_time_are_changes_not_new_or_removed(db_path: Path, tmp_path: Path) -> None:
    old = [*_fillers(), _paper(5, "Withdrawn paper", ["Wi Author"], "#50"),
           _paper(6, "Paper losing its time", ["Lo Author"], "#60"), _untimed(7, "Paper given a time", ["Gi Author"])]
    new = [*_fillers(), _untimed(6, "Paper losing its time", ["Lo Author"]),
           _paper(7, "Paper given a time", ["Gi Author"], "#70"), _paper(8, "Brand new paper", ["Nu Author"], "#80")]
    with Library(db_path) as lib:
        _import(lib, tmp_path / "v1", old)
        withdrawn = _id_of(lib, "Withdrawn paper", timed=True)
        losing = _id_of(lib, "Paper losing its time", timed=True)
        gaining = _id_of(lib, "Paper given a time", timed=False)
        lib.star([withdrawn, losing, gaining])
        lib.set_note(gaining, "read first")
        summary = _import(lib, tmp_path / "v2", new)
        added = _id_of(lib, "Brand new paper", timed=True)

        assert (sorted(summary.changed), summary.new, summary.removed, summary.removed_starred) == (
            sorted([losing, gaining]), [added], [withdrawn], [withdrawn])
        assert (summary.timed, summary.untimed) == ([gaining], [losing])
        assert str(summary) == ("updated NeurIPS 2031: 2 changed, 1 new, 1 removed (1 starred), "
                                "1 given a time, 1 now without a time")
        statuses = lib.statuses()
        assert statuses[gaining] == ("changed", "given a time")  # not "new"
        assert statuses[withdrawn][0] == "removed" and statuses[added][0] == "new"
        assert losing not in statuses  # not kept as a removed event: it is an entry now
        # Stars and the note went with the papers, to where they are now.
        assert lib.starred_ids() == {withdrawn, losing, gaining} and lib.note(gaining) == "read first"
        assert lib.event(gaining).poster_position == "#70"
        assert [u.id for u in lib.unscheduled()] == [losing] and lib.unscheduled_removed() == set()
    assert _ids_in_both_tables(db_path) == set()
    assert_index_is_exact(db_path)


def test_entries_without_a_time_withdrawn_or_added_are_counted(db_path: Path, tmp_path: Path) -> None:
    old = [*_fillers(), _untimed(7, "Reading-list paper", ["Re Author"])]
    new = [*_fillers(), _untimed(8, "Another reading-list paper", ["An Other"])]
    with Library(db_path) as lib:
        _import(lib, tmp_path / "v1", old)
        gone = _id_of(lib, "Reading-list paper", timed=False)
        lib.star([gone])
        summary = _import(lib, tmp_path / "v2", new)
        added = _id_of(lib, "Another reading-list paper", timed=False)
        assert (summary.changed, summary.new, summary.removed, summary.removed_starred) == ([], [added], [gone], [gone])
        assert str(summary) == "updated NeurIPS 2031: 0 changed, 1 new, 1 removed (1 starred)"
        assert lib.unscheduled_removed() == {gone}  # kept for its star
        # The same file again: nothing new, and the removal is not reported twice.
        again = _import(lib, tmp_path / "v3", new)
        assert (again.changed, again.new, again.removed) == ([], [], [])


def test_a_starred_entry_relisted_with_a_time_under_a_new_id_keeps_its_star(db_path: Path, tmp_path: Path) -> None:
    old = [*_fillers(), _untimed(90, "Awaited paper", ["Wa Author"])]
    new = [*_fillers(), _paper(91, "Awaited paper", ["Wa Author"], "#9")]  # the feed gave it a new id
    with Library(db_path) as lib:
        _import(lib, tmp_path / "v1", old)
        awaited = _id_of(lib, "Awaited paper", timed=False)
        lib.star([awaited])
        lib.set_note(awaited, "ask about the proof")
        summary = _import(lib, tmp_path / "v2", new)
        # The timed poster continues the entry: its id, star and note; no ghost left behind.
        assert [e.id for e in lib.events() if e.title == "Awaited paper"] == [awaited]
        assert lib.starred_ids() == {awaited} and lib.note(awaited) == "ask about the proof"
        assert lib.unscheduled() == [] and lib.unscheduled_removed() == set()
        assert (summary.changed, summary.new, summary.removed) == ([awaited], [], [])
        assert list(summary.followed.values()) == [awaited]
        assert lib.statuses() == {awaited: ("changed", "given a time")}
    assert_index_is_exact(db_path)


def test_a_new_event_never_takes_the_id_of_a_poster_that_lost_its_time(db_path: Path, tmp_path: Path) -> None:
    old = [*_fillers(), _paper(1, "Dup paper", ["Du Author"], "#1")]
    # The poster loses its time, and another of the feed's entries, same title and
    # authors, gets one: the feed's own id says which is the starred one.
    new = [*_fillers(), _untimed(1, "Dup paper", ["Du Author"]),
           _paper(2, "Dup paper", ["Du Author"], "#50", start="2031-12-10T11:00:00-08:00",
                  end="2031-12-10T14:00:00-08:00")]
    with Library(db_path) as lib:
        _import(lib, tmp_path / "v1", old)
        starred = _id_of(lib, "Dup paper", timed=True)
        lib.star([starred])
        summary = _import(lib, tmp_path / "v2", new)
        other = _id_of(lib, "Dup paper", timed=True)
        assert other != starred
        assert [u.id for u in lib.unscheduled()] == [starred] and lib.starred_ids() == {starred}
        assert (summary.changed, summary.new, summary.removed) == ([starred], [other], [])
    assert _ids_in_both_tables(db_path) == set()
