"""The library file's schema: every table, index and search-index expression, and the
forward migrations that bring a file from any older schema to SCHEMA_VERSION.

As Vorta's store/migrations.py: the schema is versioned with PRAGMA user_version and only
ever migrated forward, one transaction per version, so a file is at one version or the
next and never in between. A file from a newer Planner is refused (planner.store.recovery).
"""

from __future__ import annotations

import sqlite3

from planner.domain.status import UpdateFlag

SCHEMA_VERSION = 16
# For new libraries. An import writes ~1.5 KB per event into events and as much again
# into the search index: with 16 KB pages it takes a fifth less time than with 4 KB.
PAGE_SIZE = 16 * 1024

# The text the search index holds for one event (alias ``e``), built by SQLite from the
# event's row. The index is contentless: it keeps no copy of the text (an own copy was
# as big as the events table), so taking an event out of it means handing it the very
# text it was given. The same expression therefore serves to add and to remove, and
# changing it (or a kind's label) needs a migration that rebuilds events_fts, as 4 and 6 do.
# Such a migration must first index any rows a big import left for later (meta
# "search-pending", planner.store.importing.finish_index) with the old text: every open
# finishes them, but only after the migrations have run.
# The authors go in as stored, a JSON list ('["Ana Müller", "Li Wei"]', non-ASCII kept as
# is): the tokenizer splits at the quotes, brackets and commas just as at the ", " of the
# names joined from the list that schemas 4 and 5 indexed (FTS_BODY_5), so the terms are
# the same, and unpacking the JSON was a tenth of an import. Only a control character in
# a name differs: JSON writes a tab as backslash-t, whose "t" joins the next word.
FTS_BODY_10 = (
    "e.title || char(10) || e.subtitle || char(10) || e.authors || char(10) || "
    "e.abstract || char(10) || e.room || char(10) || e.track || char(10) || e.session || char(10) || "
    "CASE e.kind WHEN 'oral' THEN 'Oral' WHEN 'spotlight' THEN 'Spotlight' WHEN 'poster' THEN 'Poster' "
    "WHEN 'talk' THEN 'Talk' WHEN 'workshop' THEN 'Workshop' WHEN 'break' THEN 'Break' WHEN 'qa' THEN 'Q&A' "
    "ELSE 'Other' END"
)
# Schema 11 adds each author's institution (stored as a JSON list, '' where unknown: see
# planner.store.rows.affiliations_json), the topic and the type name of "other" events,
# so "MIT" and "Learning Theory" find papers. Where they are empty ('[]', '', '') they add
# no term, so every event indexed before holds the very terms FTS_BODY gives it: schema 11
# needed no rebuild of the index.
FTS_BODY = FTS_BODY_10 + " || char(10) || e.affiliations || char(10) || e.topic || char(10) || e.type_name"
# The meta key under which an import leaves rows for the search index (see
# planner.store.importing); here so that every open can look for it without loading imports.
SEARCH_PENDING = "search-pending"
# The ``staging`` of a schedule being removed (planner.store.importing.finish_removals):
# here so that every open can look for one without loading imports.
REMOVING = "\x00removing"
# What schemas 4 and 5 indexed (migration 6 takes it out again where it differs).
FTS_BODY_5 = FTS_BODY_10.replace(
    "e.authors", "coalesce((SELECT group_concat(a.value, ', ') FROM json_each(e.authors) a), '')", 1)
# Every event of a schedule is in the index except those kept only because they are
# starred or have a note after leaving the schedule (status 'removed'): search never found those.
# In rowid order, as FTS5 writes out its pending terms whenever a rowid goes backwards;
# the IN list yields them in that order, where ORDER BY alone would sort every body.
FTS_ADD = f"INSERT INTO events_fts (rowid, body) SELECT e.rowid, {FTS_BODY} FROM events e"
FTS_REMOVE = f"INSERT INTO events_fts (events_fts, rowid, body) SELECT 'delete', e.rowid, {FTS_BODY} FROM events e"
FTS_INDEXED = (
    " WHERE e.rowid IN (SELECT rowid FROM events WHERE schedule_id = ?) AND e.status != 'removed' ORDER BY e.rowid"
)

# A schedule's overview, kept in its row by every import: its distinct start times with
# how many events start then (the day list) and its (kind, room, track) combinations (the
# filters). Reading it is one row; working it out scans an index entry per event, 20 ms
# at 50,000 events, which each start of the window paid before its first paint.
OVERVIEW = (
    "UPDATE schedules SET overview = json_object("
    "'starts', (SELECT json_group_array(json_array(start, start_utc, n)) FROM ("
    "SELECT e.start, e.start_utc, count(*) AS n FROM events e WHERE e.schedule_id = schedules.id "
    "GROUP BY e.start_utc, e.start)), "
    "'places', (SELECT json_group_array(json_array(kind, room, track)) FROM ("
    "SELECT DISTINCT e.kind, e.room, e.track FROM events e WHERE e.schedule_id = schedules.id)"
)
# What schema 7 kept (migration 7 runs before schema 8 has the all_day column).
OVERVIEW_7 = OVERVIEW + "))"
OVERVIEW += (
    "), "
    # Whole-day events start at midnight, which day_of() counts to the evening before:
    # the day list needs to know which starts are dates (start as stored, how many).
    "'all_day', (SELECT json_group_array(json_array(start, n)) FROM ("
    "SELECT e.start, count(*) AS n FROM events e WHERE e.schedule_id = schedules.id AND e.all_day "
    "GROUP BY e.start)))"
)
# What schemas 8-10 kept (migration 8 runs before schema 11 has topics and affiliations).
OVERVIEW_8 = OVERVIEW
# The feeds' topics and institutions with their counts, for the filter boxes: reading them
# from the events took 28 ms of every start with a 7,000-paper feed (json_each over every
# author), here they are worked out once per import.
OVERVIEW = OVERVIEW_8[:-1] + (
    ", 'topics', (SELECT json_group_array(json_array(topic, n)) FROM ("
    "SELECT e.topic, count(*) AS n FROM events e WHERE e.schedule_id = schedules.id AND e.topic != '' "
    "AND e.status != 'removed' GROUP BY e.topic)), "
    "'institutions', (SELECT json_group_array(json_array(value, n)) FROM ("
    "SELECT j.value, count(DISTINCT e.id) AS n FROM events e, json_each(e.affiliations) j "
    "WHERE e.schedule_id = schedules.id AND e.affiliations != '[]' AND j.value != '' "
    "AND e.status != 'removed' GROUP BY j.value)))"
)


def overview_of(rows: str) -> str:
    """A SELECT of the overview OVERVIEW stores, worked out over the table ``rows`` (alias
    e, the events' columns) instead of a schedule's events: an import's staged rows."""
    value = OVERVIEW.removeprefix("UPDATE schedules SET overview = ")
    for source in ("FROM events e WHERE e.schedule_id = schedules.id",
                   "FROM events e, json_each(e.affiliations) j WHERE e.schedule_id = schedules.id"):
        value = value.replace(source, source.replace("events e", f"{rows} e").replace("e.schedule_id = schedules.id", "1"))
    if "schedules.id" in value:  # OVERVIEW took a form this does not know
        raise AssertionError("overview_of cannot rewrite OVERVIEW")
    return "SELECT " + value


MIGRATIONS: dict[int, str] = {
    1: """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE schedules (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        format TEXT NOT NULL DEFAULT '',
        timezone TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    );
    CREATE TABLE sessions (
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        chairs TEXT NOT NULL,
        start TEXT,
        "end" TEXT,
        description TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (schedule_id, position)
    );
    CREATE TABLE events (
        id TEXT PRIMARY KEY,
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        number INTEGER,
        title TEXT NOT NULL,
        subtitle TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL,
        abstract TEXT NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        start_utc INTEGER NOT NULL,
        end_utc INTEGER NOT NULL,
        session TEXT NOT NULL,
        room TEXT NOT NULL DEFAULT '',
        track TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        changes TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX events_by_start ON events (start_utc, end_utc);
    CREATE INDEX events_by_schedule ON events (schedule_id, start_utc);
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        id UNINDEXED, body, tokenize = 'unicode61 remove_diacritics 2'
    );
    CREATE TABLE stars (event_id TEXT PRIMARY KEY, starred_at TEXT NOT NULL);
    CREATE TABLE notes (event_id TEXT PRIMARY KEY, text TEXT NOT NULL, updated_at TEXT NOT NULL);
    """,
    # 2: schedules fetched from the web remember how to ask for a newer version, and the
    # library remembers what each calendar export said, so the next export updates it.
    2: """
    ALTER TABLE schedules ADD COLUMN etag TEXT NOT NULL DEFAULT '';
    ALTER TABLE schedules ADD COLUMN last_modified TEXT NOT NULL DEFAULT '';
    ALTER TABLE schedules ADD COLUMN refreshed_at TEXT NOT NULL DEFAULT '';
    CREATE TABLE exports (
        event_id TEXT PRIMARY KEY,
        sequence INTEGER NOT NULL,
        start TEXT NOT NULL,
        "end" TEXT NOT NULL,
        summary TEXT NOT NULL,
        cancelled INTEGER NOT NULL DEFAULT 0,
        exported_at TEXT NOT NULL
    );
    """,
    # 3: what the parser had to tell the user about a schedule ("times have no zone"),
    # kept so the window can still say it when the schedule is opened later.
    3: """
    ALTER TABLE schedules ADD COLUMN notes TEXT NOT NULL DEFAULT '[]';
    """,
    # 4: the search index keeps no second copy of every title and abstract (it was half
    # the file, and half the work of an import). It is keyed by events.rowid, which
    # VACUUM keeps (SQLite copies the rowids of a table with indexes); columnsize=0 as
    # nothing ranks by length. 'hashsize' lets an import of 10,000 events gather its
    # terms in memory before writing them out (a fifth less work than the 1 MB default).
    # prefix='1': the window searches as the attendee types, and a first letter ("n*")
    # made FTS5 merge the lists of every term starting with it (35 ms for one day at
    # 50,000 events, a few ms with this index; an import of 10,000 events takes ~70 ms
    # longer to write it).
    4: f"""
    DROP TABLE events_fts;
    CREATE VIRTUAL TABLE events_fts USING fts5 (
        body, content = '', columnsize = 0, prefix = '1', tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO events_fts (events_fts, rank) VALUES ('hashsize', {16 * 1024 * 1024});
    INSERT INTO events_fts (rowid, body) SELECT e.rowid, {FTS_BODY_5} FROM events e
        WHERE e.status != 'removed' ORDER BY e.rowid;
    """,
    # 5: the window reads a schedule a day at a time (planner.store.schedule_days). Its
    # start times, rooms, tracks and kinds come from these indexes alone instead of a
    # scan of every row (each holds an abstract: 175 MB at 50,000 events), and the few
    # events an update flagged are found without reading the others.
    5: """
    DROP INDEX events_by_schedule;
    CREATE INDEX events_by_schedule ON events (schedule_id, start_utc, start);
    CREATE INDEX events_places ON events (schedule_id, kind, room, track);
    CREATE INDEX events_flagged ON events (status) WHERE status != '';
    """,
    # 6: the index takes the authors' JSON as stored (see FTS_BODY). That gives the terms
    # schema 5 indexed except where JSON escaped a character with a backslash, so only
    # those events are taken out with their old text and put back with the new: a
    # contentless index forgets an event only when handed the terms it was given.
    6: f"""
    INSERT INTO events_fts (events_fts, rowid, body) SELECT 'delete', e.rowid, {FTS_BODY_5} FROM events e
        WHERE instr(e.authors, '\\') AND e.status != 'removed' ORDER BY e.rowid;
    INSERT INTO events_fts (rowid, body) SELECT e.rowid, {FTS_BODY_10} FROM events e
        WHERE instr(e.authors, '\\') AND e.status != 'removed' ORDER BY e.rowid;
    """,
    # 7: each schedule keeps its overview (see OVERVIEW).
    7: f"""
    ALTER TABLE schedules ADD COLUMN overview TEXT NOT NULL DEFAULT '';
    {OVERVIEW_7};
    """,
    # 8: what the readers know about each event and no later layer may guess: the markup
    # its text is written in (LaTeX only for session pages, which were all LaTeX before),
    # whole-day dates, times without a zone (those of schedules whose notes said so), and
    # cancellations.
    8: f"""
    ALTER TABLE events ADD COLUMN markup TEXT NOT NULL DEFAULT 'text';
    ALTER TABLE events ADD COLUMN all_day INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN floating INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE events ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
    UPDATE events SET markup = 'latex'
        WHERE schedule_id IN (SELECT id FROM schedules WHERE format = 'session-page');
    UPDATE events SET floating = 1 WHERE schedule_id IN (
        SELECT id FROM schedules WHERE timezone = '' AND notes LIKE '%have no time zone%');
    {OVERVIEW_8};
    """,
    # 9: each event's links and attachments with their titles (planner.store.rows.links_json),
    # and frab's and pretalx's abstracts marked as the Markdown they are written in (their
    # readers tag them so now); an update of the schedule brings its links.
    9: """
    ALTER TABLE events ADD COLUMN links TEXT NOT NULL DEFAULT '[]';
    UPDATE events SET markup = 'markdown' WHERE markup = 'text'
        AND schedule_id IN (SELECT id FROM schedules WHERE format IN ('pentabarf', 'frab-json'));
    """,
    # 10: the zone an attendee set for a schedule whose file gives none (Library.set_schedule_zone),
    # applied again to every update of it; placed marks the events whose times it placed.
    10: """
    ALTER TABLE schedules ADD COLUMN user_zone TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN placed INTEGER NOT NULL DEFAULT 0;
    """,
    # 11: what the academic conferences' feeds tell an attendee (planner.formats.virtualsite):
    # a poster's board, each author's institution, the topic, the paper an event presents
    # (its poster and its oral share it), the type of an "other" event. And the entries
    # they list without a time (planner.domain.model.Unscheduled), in a table of their
    # own so that no read of events can give one a time: the same columns as events but
    # the times, in the file's order (position); n is never reused (AUTOINCREMENT), so
    # their search index never finds a deleted entry's words under a new entry.
    11: f"""
    ALTER TABLE events ADD COLUMN poster_position TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN affiliations TEXT NOT NULL DEFAULT '[]';
    ALTER TABLE events ADD COLUMN topic TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN paper TEXT NOT NULL DEFAULT '';
    ALTER TABLE events ADD COLUMN type_name TEXT NOT NULL DEFAULT '';
    CREATE INDEX events_by_paper ON events (paper) WHERE paper != '';
    CREATE TABLE unscheduled (
        n INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        schedule_id INTEGER NOT NULL REFERENCES schedules(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        kind TEXT NOT NULL,
        number INTEGER,
        title TEXT NOT NULL,
        subtitle TEXT NOT NULL DEFAULT '',
        authors TEXT NOT NULL,
        abstract TEXT NOT NULL,
        session TEXT NOT NULL,
        room TEXT NOT NULL DEFAULT '',
        track TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT '',
        markup TEXT NOT NULL DEFAULT 'text',
        cancelled INTEGER NOT NULL DEFAULT 0,
        links TEXT NOT NULL DEFAULT '[]',
        poster_position TEXT NOT NULL DEFAULT '',
        affiliations TEXT NOT NULL DEFAULT '[]',
        topic TEXT NOT NULL DEFAULT '',
        paper TEXT NOT NULL DEFAULT '',
        type_name TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX unscheduled_by_schedule ON unscheduled (schedule_id, position);
    {OVERVIEW};
    CREATE VIRTUAL TABLE unscheduled_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2');
    """,
    # 12: the attendee's marks beyond a star (planner.domain.marks): each star's tier, every
    # star so far a must-see; the talks of a day's accepted plan; and, after a talk, whether
    # they went. Keyed by event id like stars and notes, so they follow a talk through updates.
    12: """
    ALTER TABLE stars ADD COLUMN tier TEXT NOT NULL DEFAULT 'must';
    CREATE TABLE planned (event_id TEXT PRIMARY KEY, planned_at TEXT NOT NULL);
    CREATE TABLE attendance (event_id TEXT PRIMARY KEY, state TEXT NOT NULL, marked_at TEXT NOT NULL);
    """,
    # 13: friends and the talks their exported agendas hold (planner.domain.friends). A pick
    # keeps what its file said (UID, title, start) and, once found, its talk's event id,
    # which follows the talk through updates as a star does; '' until its talk is found.
    13: """
    CREATE TABLE friends (name TEXT PRIMARY KEY COLLATE NOCASE, source TEXT NOT NULL, added_at TEXT NOT NULL);
    CREATE TABLE friend_picks (
        friend TEXT NOT NULL COLLATE NOCASE REFERENCES friends(name) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        title TEXT NOT NULL,
        start_utc INTEGER NOT NULL,
        event_id TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX friend_picks_by_friend ON friend_picks (friend);
    CREATE INDEX friend_picks_by_event ON friend_picks (event_id);
    """,
    # 14: a big new schedule is written in short transactions under a row no reader sees
    # (planner.store.importing.stage_new): while it is, ``staging`` holds the key it will
    # have and its key is a placeholder; '' for every schedule the attendee has.
    14: """
    ALTER TABLE schedules ADD COLUMN staging TEXT NOT NULL DEFAULT '';
    """,
    # 15: the rooms in the order the file lists them (Schedule.rooms, as JSON; '[]' where it
    # lists none, and for every schedule imported before): the timeline's columns.
    15: """
    ALTER TABLE schedules ADD COLUMN rooms TEXT NOT NULL DEFAULT '[]';
    """,
    # 16: where each calendar export said an event is (ExportRecord.location), so a talk
    # moved to another room is a change the next export numbers (SEQUENCE) and calendars
    # take; NULL for the records written before, which are not compared.
    16: """
    ALTER TABLE exports ADD COLUMN location TEXT;
    """,
}

# Event statuses after an update (planner.domain.status.UpdateFlag), as stored in events.status.
STATUS_NEW = UpdateFlag.NEW.value
STATUS_CHANGED = UpdateFlag.CHANGED.value
STATUS_REMOVED = UpdateFlag.REMOVED.value


def migrate(conn: sqlite3.Connection, version: int) -> None:
    """Bring ``conn`` from schema ``version`` to SCHEMA_VERSION, one transaction per step."""
    for target in range(version + 1, SCHEMA_VERSION + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= target:
                conn.execute("COMMIT")
                continue
            for statement in MIGRATIONS[target].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
