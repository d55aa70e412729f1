"""A conference feed in the library: the paper fields, entries without a time, schema 11."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from planner.domain.model import Event, Kind, Schedule, Unscheduled
from planner.formats import load
from planner.store import Library, StoreError
from planner.store.schema import SCHEMA_VERSION
from tests.store.schema_history import downgrade, undo_schema_11
from tests.store.test_search_index import assert_index_is_exact

FEED = Path(__file__).parents[1] / "formats" / "data" / "virtualsite" / "neurips-2031-orals-posters.json"


@pytest.fixture
def feed() -> Schedule:
    return load(FEED)


def _fts_rows(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("SELECT count(*) FROM unscheduled_fts").fetchone()[0])
    finally:
        conn.close()


def test_a_reread_library_gives_back_equal_events_and_entries(db_path: Path, feed: Schedule) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(feed)
    with Library(db_path) as lib:
        assert lib.events() == list(feed.events)  # every new field included
        assert lib.unscheduled() == list(feed.unscheduled)
        assert lib.unscheduled(schedule_key="other") == []
        poster = next(e for e in lib.events() if e.poster_position == "#2504")
        assert (poster.affiliations, poster.topic) == (("MIT", None, None), "Theory->Learning Theory")
        assert lib.event(poster.id) == poster


def test_search_covers_institutions_topics_and_type_names(db_path: Path, feed: Schedule) -> None:
    titles = {e.id: e.title for e in feed.events}
    with Library(db_path) as lib:
        lib.import_schedule(feed)
        assert {titles[i] for i in lib.search_ids("MIT") or ()} == {"Sparse & Robust Attention for Long Documents"}
        assert len(lib.search_ids("MIT") or ()) == 2  # its poster and its oral
        assert {titles[i] for i in lib.search_ids("montreal") or ()} == {"Calibrated Forecasts under Drift"}
        assert [e.title for e in lib.events(search="learning theory")] == [
            "Sparse & Robust Attention for Long Documents", "Tiny Models, Large Claims",
            "Sparse & Robust Attention for Long Documents"]
        assert [e.title for e in lib.events(search="invited")] == ["Keynote: Scaling <Laws> Revisited"]
        # Entries without a time are searched alike, and never turn up among the events.
        assert lib.unscheduled(search="tecnico") == list(feed.unscheduled)
        assert lib.unscheduled(search="health") == list(feed.unscheduled)
        assert lib.events(search="tecnico") == [] and lib.unscheduled(search="MIT") == []
    assert_index_is_exact(db_path)


def test_entries_without_a_time_take_stars_and_notes(db_path: Path, feed: Schedule) -> None:
    entry = feed.unscheduled[0]
    with Library(db_path) as lib:
        lib.import_schedule(feed)
        lib.star([entry.id])
        lib.set_note(entry.id, "read on the plane")
        assert lib.unscheduled(starred=True) == [entry]
        assert lib.unscheduled(search="plane") == [entry]
        assert lib.events(starred=True) == []  # My agenda, conflicts and exports see none of them
        with pytest.raises(StoreError, match="no event 'vs-nope'"):
            lib.star(["vs-nope"])


def test_an_update_moves_entries_between_timed_and_not(db_path: Path, feed: Schedule) -> None:
    placed, dropped = feed.unscheduled
    oral = next(e for e in feed.events if e.kind is Kind.ORAL)
    moment = datetime(2031, 12, 12, 9, tzinfo=timezone.utc)
    # The next version places the first entry, drops the second and takes the oral's time away.
    update = replace(
        feed,
        events=(*[e for e in feed.events if e.id != oral.id],
                Event(start=moment, end=moment, **_shared(placed))),
        unscheduled=(Unscheduled(**_shared(oral)),),
    )
    with Library(db_path) as lib:
        lib.import_schedule(feed)
        lib.star([placed.id, dropped.id, oral.id])
        lib.import_schedule(update)
        assert lib.event(placed.id).start == moment and lib.starred_ids() == {placed.id, dropped.id, oral.id}
        assert [u.id for u in lib.unscheduled()] == [oral.id, dropped.id]  # the removed one last
        assert lib.unscheduled_removed() == {dropped.id}  # kept, as it is starred
        assert oral.id not in {e.id for e in lib.events()}  # not also kept with its old time
        assert lib.unscheduled(search="reading") == []  # a removed entry is not searched
        lib.import_schedule(feed)  # and back
        assert lib.unscheduled() == list(feed.unscheduled) and lib.unscheduled_removed() == set()
        assert lib.events() == list(feed.events)
    assert_index_is_exact(db_path)


def _shared(item: Event | Unscheduled) -> dict[str, object]:
    """The fields an Event and an Unscheduled entry have in common."""
    names = set(Event.__dataclass_fields__) & set(Unscheduled.__dataclass_fields__)
    return {name: getattr(item, name) for name in names}


def test_removing_the_schedule_takes_its_entries_and_their_index(db_path: Path, feed: Schedule,
                                                                  seed_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(feed)
        assert _fts_rows(db_path) == 2
        lib.remove_schedule(feed.key)
        assert lib.unscheduled() == [] and lib.unscheduled(search="health") == []
        lib.import_schedule(load(seed_path))
        # The next import clears what the removal left in the entries' index.
        assert _fts_rows(db_path) == 0


def test_a_schema_10_library_is_migrated_and_reads_as_before(db_path: Path, feed: Schedule, seed_path: Path) -> None:
    seed = load(seed_path)
    with Library(db_path) as lib:
        lib.import_schedule(seed)
        lib.star([seed.events[0].id])
    downgrade(db_path, undo_schema_11, 10)
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION
        assert lib.events() == list(seed.events) and lib.starred_ids() == {seed.events[0].id}
        assert lib.unscheduled() == []
        lib.import_schedule(feed)
        assert lib.unscheduled(search="health") == list(feed.unscheduled)
        assert len(lib.search_ids("MIT") or ()) == 2
    # Schema 11 needed no rebuild of the index: the events indexed by schema 10 hold the
    # terms the new body gives them.
    assert_index_is_exact(db_path)


def test_a_poster_moved_to_another_board_is_flagged_with_its_old_board(db_path: Path, feed: Schedule) -> None:
    poster = next(e for e in feed.events if e.poster_position == "#2504")
    moved = replace(feed, events=tuple(replace(e, poster_position="#17") if e.id == poster.id else e
                                       for e in feed.events))
    with Library(db_path) as lib:
        lib.import_schedule(feed)
        lib.import_schedule(moved)
        assert lib.statuses() == {poster.id: ("changed", "board was #2504")}
        assert lib.event(poster.id).poster_position == "#17"


def test_an_entry_with_a_note_that_leaves_the_feed_is_kept_with_its_note(tmp_path: Path, feed: Schedule) -> None:
    """As a timed talk: without its entry, a note on it would be out of every view's reach."""
    data = json.loads(FEED.read_text(encoding="utf-8"))
    source = tmp_path / "neurips-2031.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    kept, dropped = feed.unscheduled
    with Library(tmp_path / "library.sqlite3") as lib:
        lib.import_schedule(load(source))
        lib.set_note(dropped.id, "read on the plane")
        assert data["results"][-1]["starttime"] is None
        del data["results"][-1]  # the second entry without a time
        source.write_text(json.dumps(data), encoding="utf-8")
        update = load(source)
        assert [u.id for u in update.unscheduled] == [kept.id]
        lib.import_schedule(update)
        assert [u.id for u in lib.unscheduled()] == [kept.id, dropped.id]
        assert lib.unscheduled_removed() == {dropped.id} and lib.note(dropped.id) == "read on the plane"
        lib.set_note(dropped.id, "")  # without its note, the next update lets it go
        lib.import_schedule(update)
        assert [u.id for u in lib.unscheduled()] == [kept.id] and lib.unscheduled_removed() == set()
