"""The search index (schema 4): contentless FTS5 keyed by events.rowid, and the migration to it.

``data/library-v3.sqlite3`` was written by Planner's schema-3 code (commit 00de1f6, own
content FTS table): the bundled session, the mini session below and the MiniCon XML
imported, three stars, two notes and an export record, then an update of the bundled
session that drops talks 12 and 13 (13 is starred, so it is kept, flagged removed) and
renames an author. ``data/library-v3.json`` holds what that code answered: the stars,
notes and exports, and the ids every query in it found with ``search_ids`` and
``events(search=...)``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from planner.domain.model import Event, Kind, Schedule
from planner.formats import load, sessionpage
from planner.store import Library, StoreError
from planner.store.rows import fts_query
from planner.store.schema import FTS_ADD, FTS_BODY, FTS_BODY_5, PAGE_SIZE, SCHEMA_VERSION
from tests.store.samples import MINI
from tests.store.schema_history import undo_schema_11

DATA = Path(__file__).parent / "data"
XML = Path(__file__).parents[1] / "formats" / "data" / "minicon-2025.xml"

def _v3_copy(tmp_path: Path) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    db = tmp_path / "library.sqlite3"
    shutil.copyfile(DATA / "library-v3.sqlite3", db)
    return db


def _index(conn: sqlite3.Connection) -> list[tuple[object, ...]]:
    """Every (term, rowid, column, offset) in events_fts: the whole index, exactly."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_terms USING fts5vocab(main, events_fts, instance)")
    return conn.execute("SELECT term, doc, col, offset FROM temp.fts_terms ORDER BY 1, 2, 3, 4").fetchall()


def assert_index_is_exact(db: Path) -> None:
    """The index holds what a rebuild from the events table gives: nothing stale, nothing missing.

    A contentless index forgets an event only when handed the text it was given, so an
    update or removal that got that wrong would leave terms behind for a rowid.
    """
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        kept = _index(conn)
        conn.execute("BEGIN")
        conn.execute("INSERT INTO events_fts (events_fts) VALUES ('delete-all')")
        conn.execute(FTS_ADD + " WHERE e.status != 'removed' ORDER BY e.rowid")
        rebuilt = _index(conn)
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert kept == rebuilt
    assert kept  # not trivially: the library has events


# -- migration 3 -> 4 ------------------------------------------------------------------


def test_a_v3_library_is_migrated_and_keeps_what_the_attendee_made(tmp_path: Path) -> None:
    db = _v3_copy(tmp_path)
    expected = json.loads((DATA / "library-v3.json").read_text(encoding="utf-8"))
    with Library(db) as lib:
        assert lib.user_version() == SCHEMA_VERSION >= 4
        assert lib.integrity_ok()
        # Contentless, with the one-letter prefix index search-as-you-type relies on.
        (fts,) = lib._conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()
        assert "content = ''" in fts and "prefix = '1'" in fts
        assert [s.key for s in lib.schedules()] == expected["schedules"]
        assert len(lib.events()) == expected["event_count"]
        assert sorted(lib.starred_ids()) == expected["stars"]
        assert {i: lib.starred_at(i) for i in lib.starred_ids()} == expected["starred_at"]
        assert lib.notes() == expected["notes"]
        assert {k: [r.sequence, r.start, r.end, r.summary, r.cancelled, r.modified_at]
                for k, r in lib.export_records().items()} == expected["exports"]
        assert {k: list(v) for k, v in lib.statuses().items()} == expected["statuses"]
    assert_index_is_exact(db)
    conn = sqlite3.connect(db)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()[0]
    conn.close()
    assert "content = ''" in sql


def test_a_migrated_v3_library_finds_what_it_found_before(tmp_path: Path) -> None:
    db = _v3_copy(tmp_path)
    searches = json.loads((DATA / "library-v3.json").read_text(encoding="utf-8"))["searches"]
    assert len(searches) > 50
    with Library(db) as lib:
        for query, found in searches.items():
            assert sorted(lib.search_ids(query) or []) == found["search_ids"], query
            assert [e.id for e in lib.events(search=query)] == found["events"], query
        # The removed (starred) talk 13 was never in the index, and still is not.
        (removed,) = [i for i, (status, _) in lib.statuses().items() if status == "removed"]
        assert removed in lib.starred_ids()
        assert removed not in (lib.search_ids("Part-dependent") or set())


def test_a_migrated_library_updates_and_removes_cleanly(tmp_path: Path, seed_path: Path) -> None:
    db = _v3_copy(tmp_path)
    with Library(db) as lib:
        lib.import_schedule(load(seed_path))  # talks 12 and 13 come back
        assert lib.search_ids("Part-dependent") == {e.id for e in load(seed_path).events if e.number == 13}
        assert lib.search_ids("golan") and not lib.search_ids("goldberg")
        lib.remove_schedule("pentabarf:minicon25")
        assert lib.search_ids("Janson") == set()
    assert_index_is_exact(db)


def test_the_migration_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.store import schema

    db = _v3_copy(tmp_path)
    broken = schema.MIGRATIONS[4].replace("ORDER BY e.rowid", "ORDER BY no_such_column")
    monkeypatch.setitem(schema.MIGRATIONS, 4, broken)
    with pytest.raises(StoreError, match="no_such_column"):
        Library(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 3
    assert conn.execute("SELECT count(*) FROM events_fts").fetchone()[0] == 25  # the old table, whole
    conn.close()
    monkeypatch.undo()
    with Library(db) as lib:
        assert lib.user_version() == SCHEMA_VERSION and lib.search_ids("collegial")


# -- keeping the index exact -----------------------------------------------------------


def test_index_stays_exact_through_updates_removals_and_reimports(db_path: Path, seed_path: Path) -> None:
    seed = load(seed_path)
    mini = sessionpage.parse(MINI.encode("utf-8"), "mini.txt")
    with Library(db_path) as lib:
        lib.import_schedule(seed)
        lib.import_schedule(mini)
        lib.import_schedule(load(XML))
        lib.star([seed.events[12].id, seed.events[1].id])
        fewer = dataclasses.replace(seed, events=tuple(e for e in seed.events if e.number not in (12, 13)))
        renamed = dataclasses.replace(fewer, events=tuple(
            dataclasses.replace(e, title=e.title + " (renamed)", authors=(*e.authors, "Qwzx Author"))
            for e in fewer.events))
        for version in (fewer, renamed, renamed, seed, fewer):
            lib.import_schedule(version)
            assert_index_is_exact(db_path)
            if version is renamed:
                assert lib.search_ids("qwzx") == {e.id for e in renamed.events}
        assert lib.search_ids("renamed") == set()
        assert lib.search_ids("qwzx") == set()
        lib.remove_schedule("session-page:mini session")
        assert_index_is_exact(db_path)
        assert lib.search_ids("gradienten") == set()
        lib.remove_schedule(seed.key, drop_stars=True)
        assert_index_is_exact(db_path)
        lib.import_schedule(mini)
        assert lib.search_ids("gradienten") == {mini.events[0].id}
    assert_index_is_exact(db_path)


def test_vacuum_keeps_the_rowids_the_index_is_keyed_by(db_path: Path, seed_path: Path) -> None:
    seed = load(seed_path)
    with Library(db_path) as lib:
        lib.import_schedule(sessionpage.parse(MINI.encode("utf-8"), "mini.txt"))
        lib.import_schedule(seed)
        lib.remove_schedule("session-page:mini session")  # a gap below the seed's rowids
        before = {q: lib.search_ids(q) for q in ("collegial", "normaliz", "oral", "golan")}
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("VACUUM")
    conn.close()
    assert_index_is_exact(db_path)
    with Library(db_path) as lib:
        assert {q: lib.search_ids(q) for q in before} == before


def test_new_libraries_use_big_pages_and_old_ones_keep_theirs(db_path: Path, tmp_path: Path) -> None:
    with Library(db_path) as lib:
        assert lib._conn.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE
    old = _v3_copy(tmp_path / "old")
    with Library(old) as lib:
        assert lib._conn.execute("PRAGMA page_size").fetchone()[0] == 1024
        assert lib.search_ids("collegial")


def test_a_failed_import_leaves_the_index_unchanged(db_path: Path, seed_path: Path) -> None:
    seed = load(seed_path)
    with Library(db_path) as lib:
        lib.import_schedule(seed)
        before = {q: lib.search_ids(q) for q in ("collegial", "normaliz", "oral", "golan")}
        # A number SQLite cannot hold breaks the insert after the old rows are gone.
        broken = dataclasses.replace(
            seed, events=seed.events[:5] + (dataclasses.replace(seed.events[5], number=2**70),))
        with pytest.raises(OverflowError):
            lib.import_schedule(broken)
        assert {q: lib.search_ids(q) for q in before} == before
    assert_index_is_exact(db_path)


def test_search_ids_follow_another_handles_import(db_path: Path, seed_path: Path) -> None:
    seed = load(seed_path)
    with Library(db_path) as first, Library(db_path) as second:
        assert first.search_ids("collegial") == set()  # builds the rowid -> id map
        second.import_schedule(seed)
        assert first.search_ids("collegial") == {seed.events[7].id}
        second.remove_schedule(seed.key)
        second.import_schedule(sessionpage.parse(MINI.encode("utf-8"), "mini.txt"))
        assert first.search_ids("collegial") == set()
        assert len(first.search_ids("gradienten") or ()) == 1


# -- what is indexed -------------------------------------------------------------------


def _python_body(event: Event) -> str:
    """What schema 3 indexed for an event (its _fts_body): the words FTS_BODY must give."""
    return "\n".join((event.title, event.subtitle, ", ".join(event.authors), event.abstract,
                      event.room, event.track, event.session, event.kind.label))


def _terms(conn: sqlite3.Connection, text: str) -> list[str]:
    """The terms, in order, that the index's tokenizer makes of ``text``."""
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'events_fts'").fetchone()
    tokenize = sql[sql.index("tokenize"):].rstrip(" \n)")
    conn.execute("DROP TABLE IF EXISTS temp.words")
    conn.execute(f"CREATE VIRTUAL TABLE temp.words USING fts5 (body, {tokenize})")
    conn.execute("INSERT INTO temp.words (body) VALUES (?)", (text,))
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.word_list USING fts5vocab(temp, words, instance)")
    return [t for (t,) in conn.execute("SELECT term FROM temp.word_list ORDER BY offset")]


def _event(kind: Kind, authors: tuple[str, ...]) -> Event:
    return Event(
        id="x-1", kind=kind, number=1, title="Title", authors=authors, abstract="Abstract\n\nmore",
        start=load(XML).events[0].start, end=load(XML).events[0].end, session="Session",
        room="Room", track="Track", subtitle="Sub",
    )


@pytest.mark.parametrize("kind", list(Kind))
@pytest.mark.parametrize("authors", [
    (), ("Ada Lovelace",), ("Élodie Müller", "Søren Ørsted"), ('Q "Quote" Doe', "back\\slash", "O'Brien"),
    ("line\u2028sep", "emoji 🎉", "", "[bracketed], name"),
])
def test_the_sql_body_gives_the_words_schema_3_indexed(db_path: Path, kind: Kind, authors: tuple[str, ...]) -> None:
    """The same terms for every kind label and any author name without control characters."""
    event = _event(kind, authors)
    with Library(db_path) as lib:
        lib.import_schedule(Schedule(key="k", title="t", events=(event,)))
        conn = lib._conn
        (body,) = conn.execute(f"SELECT {FTS_BODY} FROM events e").fetchone()
        assert _terms(conn, body) == _terms(conn, _python_body(event))
        assert len(_terms(conn, body)) >= 8  # not trivially: title, sub, abstract, ... are there


def test_a_control_character_in_a_name_only_joins_its_escape_to_the_next_word(db_path: Path) -> None:
    """JSON writes a tab as backslash-t: "tab\there" is found by "tab" and "there", not "here".

    Every format's parser but the session page's already turns such characters into spaces.
    """
    with Library(db_path) as lib:
        event = _event(Kind.ORAL, ("tab\there", "Ada Lovelace"))
        lib.import_schedule(Schedule(key="k", title="t", events=(event,)))
        (body,) = lib._conn.execute(f"SELECT {FTS_BODY} FROM events e").fetchone()
        terms = _terms(lib._conn, body)
        assert "there" in terms and "here" not in terms
        assert lib.search_ids("lovelace") == lib.search_ids("tab") == {"x-1"}


# -- migration 5 -> 6 ------------------------------------------------------------------

def _found(conn: sqlite3.Connection, query: str) -> set[str]:
    match = fts_query(query)
    return {i for (i,) in conn.execute(
        "SELECT id FROM events WHERE rowid IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)", (match,))}


def test_a_v5_library_is_reindexed_and_finds_what_it_found_before(tmp_path: Path, seed_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    queries = ["golan", "collegial", "oral", "normaliz", "Müller", "qwzx", "ørsted", "lovelace", "spotlight"]
    with Library(db) as lib:
        seed = load(seed_path)
        lib.import_schedule(seed)
        lib.import_schedule(Schedule(key="k", title="t", events=(
            _event(Kind.TALK, ("Élodie Müller", "Søren Ørsted", 'Ada "Qwzx" Lovelace', "tab\there")),)))
        lib.star([seed.events[3].id])
        lib.import_schedule(dataclasses.replace(seed, events=seed.events[:3]))  # 3 kept as removed
    # Turn it into what schema 5 wrote: its index built from the unpacked names.
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("INSERT INTO events_fts (events_fts) VALUES ('delete-all')")
    conn.execute(f"INSERT INTO events_fts (rowid, body) SELECT e.rowid, {FTS_BODY_5} FROM events e "
                 "WHERE e.status != 'removed' ORDER BY e.rowid")
    undo_schema_11(conn)
    conn.execute("ALTER TABLE schedules DROP COLUMN overview")  # schema 7's
    for column in ("markup", "all_day", "floating", "cancelled", "links", "placed"):  # schema 8 to 10 added these
        conn.execute(f"ALTER TABLE events DROP COLUMN {column}")
    conn.execute("ALTER TABLE schedules DROP COLUMN user_zone")  # schema 10's
    conn.execute("PRAGMA user_version = 5")
    before = {q: _found(conn, q) for q in queries}  # what the schema-5 index answers
    before_tab = _found(conn, "here")
    conn.close()
    assert before["qwzx"] and before["Müller"] and before["oral"]
    with Library(db) as lib:
        assert lib.user_version() == SCHEMA_VERSION >= 6
        assert {q: lib.search_ids(q) or set() for q in queries} == before
        # The one name JSON escapes was indexed again: its "t" now joins the next word.
        assert before_tab == {"x-1"} and lib.search_ids("there") == {"x-1"} and not lib.search_ids("here")
    assert_index_is_exact(db)
    with Library(db) as lib:
        lib.import_schedule(seed)  # updates remove and re-add with the new text
    assert_index_is_exact(db)


def test_an_upgrade_is_known_from_the_header_before_opening(tmp_path: Path) -> None:
    from planner.store.open import open_library
    from planner.store.recovery import upgrade_pending

    old = _v3_copy(tmp_path / "old")
    assert upgrade_pending(old)
    assert not upgrade_pending(tmp_path / "missing.sqlite3")
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 10)
    assert not upgrade_pending(junk)
    told: list[str] = []
    with open_library(old, before_upgrade=lambda: told.append("upgrading")) as lib:
        assert lib.user_version() == SCHEMA_VERSION
    assert told == ["upgrading"] and not upgrade_pending(old)
    with open_library(old, before_upgrade=lambda: told.append("again")):
        pass
    with open_library(tmp_path / "new.sqlite3", before_upgrade=lambda: told.append("new")):
        pass
    assert told == ["upgrading"]  # a current or a new library is opened without a word
