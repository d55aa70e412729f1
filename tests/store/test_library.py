"""The SQLite library: schema migrations, stars, notes, imports and first-use seeding.

Every test gets its own database file in tmp_path (the db_path fixture).
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import stat
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from planner.domain.model import Kind, Schedule
from planner.formats import load, sessionpage
from planner.store import Library, StoreError
from planner.store.open import open_library
from planner.store.rows import fts_query
from planner.store.schema import SCHEMA_VERSION, STATUS_CHANGED, STATUS_REMOVED
from tests.store.samples import MINI

SEED_KEY = "session-page:orals & spotlights track 34: deep learning"


@pytest.fixture
def seed(seed_path: Path) -> Schedule:
    return load(seed_path)


@pytest.fixture
def library(db_path: Path, seed: Schedule):  # type: ignore[no-untyped-def]
    lib = Library(db_path)
    lib.import_schedule(seed)
    yield lib
    lib.close()


def _by_number(schedule: Schedule) -> dict[int | None, str]:
    return {e.number: e.id for e in schedule.events if e.number is not None}


def _seed_variant(seed_path: Path, old: str, new: str) -> Schedule:
    text = seed_path.read_text(encoding="utf-8")
    assert old in text
    return sessionpage.parse(text.replace(old, new).encode("utf-8"), "variant.txt")


def mini() -> Schedule:
    return sessionpage.parse(MINI.encode("utf-8"), "mini.txt")


# -- opening and migrations ------------------------------------------------------------


def test_migrates_a_new_file_to_the_current_schema(db_path: Path) -> None:
    assert not db_path.exists()
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION >= 1
        assert lib.integrity_ok()
        assert lib.schedules() == [] and lib.events() == []
    conn = sqlite3.connect(db_path)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert {"schedules", "sessions", "events", "stars", "notes"} <= tables


def test_migrates_an_existing_empty_file(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with Library(db_path) as lib:
        assert lib.user_version() == SCHEMA_VERSION
        lib.import_schedule(mini())
    with Library(db_path) as lib:  # reopening does not migrate again or lose data
        assert lib.user_version() == SCHEMA_VERSION
        assert len(lib.events()) == 2


def test_a_file_that_is_not_a_library_is_an_error(db_path: Path) -> None:
    db_path.write_bytes(b"this is not sqlite at all, just some text " * 100)
    before = db_path.read_bytes()
    with pytest.raises(StoreError) as info:
        Library(db_path)
    assert str(db_path) in str(info.value)
    assert db_path.read_bytes() == before


def test_newer_schema_is_refused_and_the_file_left_untouched(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(mini())
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA journal_mode = DELETE")  # fold the WAL into the main file
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    siblings_before = sorted(p.name for p in db_path.parent.iterdir())
    content, mtime = db_path.read_bytes(), db_path.stat().st_mtime_ns
    with pytest.raises(StoreError) as info:
        Library(db_path)
    assert "newer" in str(info.value) and str(db_path) in str(info.value)
    assert db_path.read_bytes() == content
    assert db_path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in db_path.parent.iterdir()) == siblings_before


def test_new_database_is_private(tmp_path: Path) -> None:
    old_umask = os.umask(0)  # even a permissive umask must not make stars world-readable
    try:
        db = tmp_path / "fresh-dir" / "library.sqlite3"
        with Library(db) as lib:
            lib.import_schedule(mini())
            lib.star([mini().events[0].id])
            extras = list(db.parent.glob("library.sqlite3-*"))  # WAL and shared memory
            assert extras
            for extra in extras:
                assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra.name
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.parent.stat().st_mode) == 0o700


def test_existing_directory_permissions_are_not_changed(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    Library(folder / "lib.sqlite3").close()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755


# -- import ----------------------------------------------------------------------------


def test_import_round_trips_events_and_sessions(db_path: Path, seed: Schedule) -> None:
    with Library(db_path) as lib:
        summary = lib.import_schedule(seed)
        assert summary.created and summary.total == 15
        assert "15 events" in str(summary)
    with Library(db_path) as lib:
        assert lib.events() == list(seed.events)
        assert lib.sessions() == list(seed.sessions)
        assert lib.sessions()[0].chairs == ("Tuo Zhao", "Jimmy Ba")
        (info,) = lib.schedules()
        assert (info.key, info.event_count, info.format) == (SEED_KEY, 15, "session-page")
        # Offsets are kept as published, not flattened to UTC.
        assert lib.events()[0].start.utcoffset() == timedelta(hours=-8)


def test_events_are_sorted_by_instant_across_schedules(library: Library) -> None:
    library.import_schedule(mini())  # June 2021, after December 2020
    starts = [e.start for e in library.events()]
    assert starts == sorted(starts)
    assert len(starts) == 17


def test_reimporting_the_same_file_changes_nothing(library: Library, seed: Schedule) -> None:
    summary = library.import_schedule(seed)
    assert not summary.created
    assert (summary.new, summary.changed, summary.removed) == ([], [], [])
    assert len(library.events()) == 15 and library.statuses() == {}


def test_update_in_place_keeps_stars_when_the_session_moves(library: Library, seed_path: Path) -> None:
    seed = load(seed_path)
    starred = [seed.events[0].id, seed.events[5].id]
    library.star(starred)
    stamp = library.starred_at(starred[0])
    shifted = _seed_variant(seed_path, "2020-12-10T", "2020-12-11T")
    summary = library.import_schedule(shifted)
    assert not summary.created
    assert len(summary.changed) == 15 and summary.new == [] and summary.removed == []
    assert library.starred_ids() == set(starred)
    assert library.starred_at(starred[0]) == stamp
    moved = library.event(starred[0])
    assert moved.start == seed.events[0].start + timedelta(days=1)
    assert library.statuses()[starred[0]][0] == STATUS_CHANGED
    assert "moved from" in library.statuses()[starred[0]][1]
    assert len(library.events()) == 15
    assert [e.id for e in library.events(starred=True)] == starred


def test_removed_starred_event_is_kept_and_flagged(library: Library, seed_path: Path, seed: Schedule) -> None:
    talk13, talk12 = _by_number(seed)[13], _by_number(seed)[12]
    library.star([talk13])
    text = seed_path.read_text(encoding="utf-8")
    start = text.index("2020-12-10T20:10:00-08:00 - 2020-12-10T20:20:00-08:00")
    end = text.index("2020-12-10T20:30:00-08:00 - 2020-12-10T20:40:00-08:00")
    without = sessionpage.parse((text[:start] + text[end:]).encode(), "seed.txt")
    assert len(without.events) == 13  # talks 12 and 13 are gone

    summary = library.import_schedule(without)
    assert sorted(summary.removed) == sorted([talk12, talk13])
    assert summary.removed_starred == [talk13]
    assert "(1 starred)" in str(summary)
    ids = {e.id for e in library.events()}
    assert talk13 in ids and talk12 not in ids  # the unstarred one is simply gone
    assert library.statuses()[talk13][0] == STATUS_REMOVED
    assert library.starred_ids() == {talk13}
    assert library.event(talk13).number == 13

    again = library.import_schedule(without)  # not reported twice
    assert again.removed == [] and again.removed_starred == []
    assert talk13 in {e.id for e in library.events()}
    library.unstar([talk13])  # unstarring it is still possible
    assert library.starred_ids() == set()

    back = library.import_schedule(seed)  # the talk returns: one event, no longer removed
    assert [e.id for e in library.events()].count(talk13) == 1
    assert library.statuses()[talk13] == (STATUS_CHANGED, "back in the schedule")
    assert back.returned == [talk13] and talk13 in back.changed and back.new == [talk12]


def _library_state(lib: Library) -> tuple[object, ...]:
    return (lib.schedules(), lib.sessions(), lib.events(), lib.starred_ids(), lib.notes(), lib.statuses())


def test_import_with_clashing_ids_is_refused_and_changes_nothing(library: Library, seed: Schedule) -> None:
    library.star([seed.events[0].id])
    before = _library_state(library)
    # Another schedule (different key, another format) claiming the seed's event ids.
    intruder = dataclasses.replace(seed, key="other", title="Intruder", format="ical")
    with pytest.raises(StoreError) as info:
        library.import_schedule(intruder)
    assert "Intruder" in str(info.value) or "already in the library" in str(info.value)
    assert _library_state(library) == before


def test_failed_update_rolls_back_completely(library: Library, seed: Schedule) -> None:
    library.import_schedule(mini())
    library.star([seed.events[2].id, mini().events[0].id])
    library.set_note(seed.events[2].id, "sit near the front")
    before = _library_state(library)
    # An update of the seed whose events break the table halfway through the insert
    # (a number SQLite cannot hold), after the old rows were already deleted in the transaction.
    broken_events = seed.events[:5] + (dataclasses.replace(seed.events[5], number=2**70),)
    broken = dataclasses.replace(seed, title="Broken update", events=broken_events)
    with pytest.raises(Exception):  # noqa: B017 - whatever the database says, nothing may change
        library.import_schedule(broken)
    assert _library_state(library) == before
    assert library.integrity_ok()


def test_import_survives_reopening_with_a_second_handle(db_path: Path, seed: Schedule) -> None:
    first = Library(db_path)
    second = Library(db_path)
    try:
        first.import_schedule(seed)
        second.star([seed.events[0].id])  # the second handle sees the first one's commit
        assert first.starred_ids() == {seed.events[0].id}
    finally:
        first.close()
        second.close()


# -- stars -----------------------------------------------------------------------------


def test_stars_survive_close_and_reopen(db_path: Path, seed: Schedule) -> None:
    ids = [seed.events[0].id, seed.events[7].id, seed.events[14].id]
    with Library(db_path) as lib:
        lib.import_schedule(seed)
        lib.star(ids)
    with Library(db_path) as lib:
        assert lib.starred_ids() == set(ids)
        assert [e.id for e in lib.events(starred=True)] == ids  # by start time
        lib.unstar([ids[1]])
    with Library(db_path) as lib:
        assert lib.starred_ids() == {ids[0], ids[2]}


def test_star_is_committed_at_once(db_path: Path, seed: Schedule) -> None:
    lib = Library(db_path)
    try:
        lib.import_schedule(seed)
        lib.star([seed.events[3].id])
        # A separate connection (another process, a crash-restart) sees it immediately.
        conn = sqlite3.connect(db_path)
        rows = conn.execute("SELECT event_id FROM stars").fetchall()
        conn.close()
        assert rows == [(seed.events[3].id,)]
    finally:
        lib.close()


def test_starred_at_is_recorded(library: Library, seed: Schedule) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    library.star([seed.events[1].id])
    after = datetime.now(timezone.utc)
    stamp = library.starred_at(seed.events[1].id)
    assert stamp is not None
    when = datetime.fromisoformat(stamp)
    assert when.tzinfo is not None
    assert before <= when <= after
    assert library.starred_at(seed.events[2].id) is None


def test_starring_twice_keeps_the_first_time(library: Library, seed: Schedule) -> None:
    event_id = seed.events[1].id
    library.star([event_id])
    first = library.starred_at(event_id)
    library.star([event_id, event_id])
    assert library.starred_at(event_id) == first
    assert library.starred_ids() == {event_id}


def test_star_unknown_id_is_an_error_and_stars_nothing(library: Library, seed: Schedule) -> None:
    with pytest.raises(StoreError) as info:
        library.star([seed.events[0].id, "sp-doesnotexist", seed.events[1].id])
    assert "sp-doesnotexist" in str(info.value)
    assert library.starred_ids() == set()


def test_unstar_unknown_id_is_an_error(library: Library, seed: Schedule) -> None:
    library.star([seed.events[0].id])
    with pytest.raises(StoreError):
        library.unstar([seed.events[0].id, "nope"])
    assert library.starred_ids() == {seed.events[0].id}


def test_set_starred(library: Library, seed: Schedule) -> None:
    library.set_starred(seed.events[0].id, True)
    assert library.starred_ids() == {seed.events[0].id}
    library.set_starred(seed.events[0].id, False)
    assert library.starred_ids() == set()


def test_stars_outlive_removing_the_schedule_unless_dropped(library: Library, seed: Schedule) -> None:
    library.star([seed.events[0].id])
    assert library.remove_schedule(SEED_KEY) == 15
    assert library.events() == [] and library.schedules() == []
    assert library.starred_ids() == {seed.events[0].id}
    library.import_schedule(seed)
    assert [e.id for e in library.events(starred=True)] == [seed.events[0].id]
    library.remove_schedule(SEED_KEY, drop_stars=True)
    assert library.starred_ids() == set()
    with pytest.raises(StoreError):
        library.remove_schedule(SEED_KEY)


# -- search ----------------------------------------------------------------------------


def _titles(lib: Library, query: str) -> list[str]:
    return [e.title for e in lib.events(search=query)]


@pytest.mark.parametrize("query", ["muller", "MULLER", "müller", "Mül", "elodie", "ÉLODIE müll"])
def test_search_ignores_accents_and_case_and_matches_prefixes(db_path: Path, query: str) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(mini())
        assert _titles(lib, query) == ["Über Gradienten"]


def test_search_fields_and_words(library: Library) -> None:
    assert len(_titles(library, "normaliz")) == 1  # prefix of a title word
    assert _titles(library, "Bhiksha") == ["Is normalization indispensable for training deep neural network?"]
    assert _titles(library, "kinetics") == ["Is normalization indispensable for training deep neural network?"]
    assert _titles(library, "adabelief cifar10") == [
        "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients"
    ]
    assert _titles(library, "adabelief normalization") == []  # every word must match
    assert len(library.events(search="orals spotlights")) == 15  # the session title
    assert len(library.events(search="")) == 15
    assert len(library.events(search="   ")) == 15


def test_search_with_starred(library: Library, seed: Schedule) -> None:
    library.star([seed.events[0].id, seed.events[1].id])
    assert [e.id for e in library.events(starred=True, search="fisher")] == [seed.events[1].id]


@pytest.mark.parametrize("query", ['"', 'a"b', "a\x00b", "\x00", "AND", "OR NOT", "*", "-x", "NEAR(a b)", "col:val",
                                   "(", "^", "?!"])
def test_search_syntax_characters_are_safe(library: Library, query: str) -> None:
    assert isinstance(library.events(search=query), list)
    assert isinstance(library.search_ids(query), set)


def test_search_ids(library: Library, seed: Schedule) -> None:
    assert library.search_ids("") is None
    assert library.search_ids("collegial") == {seed.events[7].id}
    assert library.search_ids("!!!") == set()


def test_fts_query_quotes_words() -> None:
    assert fts_query('norm "x') == '"norm"* AND """x"*'
    assert fts_query("  ") is None


def test_search_after_update_finds_new_text_only(library: Library, seed_path: Path) -> None:
    assert _titles(library, "golan") == ["Collegial Ensembles"]
    updated = _seed_variant(seed_path, "Oren Golan", "Oren Goldberg")
    library.import_schedule(updated)
    assert _titles(library, "golan") == []
    assert _titles(library, "goldberg") == ["Collegial Ensembles"]
    assert len(library.events()) == 15


# -- notes -----------------------------------------------------------------------------


def test_notes(db_path: Path, seed: Schedule) -> None:
    event_id = seed.events[2].id
    with Library(db_path) as lib:
        lib.import_schedule(seed)
        assert lib.note(event_id) == ""
        lib.set_note(event_id, "Ask about the Marčenko–Pastur map")
    with Library(db_path) as lib:
        assert lib.note(event_id) == "Ask about the Marčenko–Pastur map"
        assert lib.notes() == {event_id: "Ask about the Marčenko–Pastur map"}
        assert [e.id for e in lib.events(search="pastur map")] == [event_id]
        assert lib.search_ids("Marčenko–Pastur") == {event_id}
        lib.set_note(event_id, "changed")
        assert lib.note(event_id) == "changed"
        lib.set_note(event_id, "   ")  # empty text deletes
        assert lib.note(event_id) == "" and lib.notes() == {}


def test_note_on_unknown_event_is_an_error(library: Library) -> None:
    with pytest.raises(StoreError):
        library.set_note("sp-unknown", "hello")
    assert library.notes() == {}


def test_meta(library: Library) -> None:
    assert library.get_meta("x") is None
    library.set_meta("x", "1")
    library.set_meta("x", "2")
    assert library.get_meta("x") == "2"


def test_event_lookup(library: Library, seed: Schedule) -> None:
    assert library.event(seed.events[3].id) == seed.events[3]
    assert library.event(seed.events[3].id).kind is Kind.BREAK
    with pytest.raises(StoreError):
        library.event("nope")


# -- first use -------------------------------------------------------------------------


def test_first_use_seeds_the_bundled_session_once(db_path: Path, seed: Schedule) -> None:
    with open_library(db_path) as lib:
        assert [s.key for s in lib.schedules()] == [SEED_KEY]
        assert [e.id for e in lib.events()] == [e.id for e in seed.events]
    with open_library(db_path) as lib:  # not added twice
        assert len(lib.schedules()) == 1 and len(lib.events()) == 15


def test_not_seeded_again_after_the_user_removes_it(db_path: Path) -> None:
    with open_library(db_path) as lib:
        lib.remove_schedule(SEED_KEY)
        assert lib.schedules() == []
    with open_library(db_path) as lib:
        assert lib.schedules() == [] and lib.events() == []


def test_existing_library_is_not_seeded(db_path: Path) -> None:
    with Library(db_path) as lib:
        lib.import_schedule(mini())
    with open_library(db_path) as lib:
        assert [s.title for s in lib.schedules()] == ["Mini session"]


def test_open_library_without_seeding(db_path: Path) -> None:
    with open_library(db_path, seed=False) as lib:
        assert lib.schedules() == []
    with open_library(db_path) as lib:  # a later normal open still seeds the empty library
        assert len(lib.events()) == 15


def test_open_library_uses_planner_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "from-env" / "lib.sqlite3"
    monkeypatch.setenv("PLANNER_DB", str(target))
    with open_library() as lib:
        assert lib.path == target
        assert len(lib.events()) == 15
    assert target.is_file()


def test_default_path_is_in_the_xdg_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.store import default_db_path

    monkeypatch.delenv("PLANNER_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_db_path() == tmp_path / "xdg" / "planner" / "library.sqlite3"


# -- the whole pipeline never fails with anything but a user-facing error ---------------


def test_any_parsed_page_can_be_stored_listed_and_exported(tmp_path: Path) -> None:
    from hypothesis import given, settings
    from icalendar import Calendar

    from planner.domain.errors import ScheduleError
    from planner.export.ics import to_ics
    from tests.formats.test_sessionpage import _plausible_pages

    lib = Library(tmp_path / "fuzz.sqlite3")
    lib._conn.execute("PRAGMA synchronous = OFF")  # speed: durability is not under test here

    # One library for all examples, so updates in place are exercised too.
    @settings(max_examples=40, deadline=None)
    @given(_plausible_pages())
    def check(text: str) -> None:
        try:
            schedule = sessionpage.parse(text, "fuzz.txt")
        except ScheduleError:
            return
        try:
            summary = lib.import_schedule(schedule)
        except StoreError as exc:
            # Another example's page already holds a session of the same title under a
            # different first session: refused with a message, library unchanged.
            assert "already in the library" in str(exc)
            return
        # An update may continue another schedule, its talks keeping their earlier ids.
        stored = lib.events(schedule_key=summary.key)
        kept = [summary.followed.get(e.id, e.id) for e in schedule.events]
        assert set(kept) <= {e.id for e in stored}
        lib.star([kept[0]])
        lib.events(search=schedule.events[0].title)
        starred = lib.events(schedule_key=summary.key, starred=True)
        calendar = Calendar.from_ical(to_ics(starred, alarm_minutes=5))
        assert len(calendar.walk("VEVENT")) == len(starred) >= 1
        lib.unstar([e.id for e in starred])

    try:
        check()
        assert lib.integrity_ok()
    finally:
        lib.close()
