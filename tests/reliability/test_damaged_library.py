"""A damaged library is moved aside, never lost; a newer one is refused, never touched.

Damage is made the ways it happens: a truncated copy (a full disk, an interrupted sync),
a page of garbage inside (a bad sector, a copy taken without its -wal). Each time the old
file keeps its exact bytes under a new, timestamped name beside it, the user is told
where and that nothing of it was recovered, and a new library starts, seeded with the
bundled session as on first use. A file that was never a database (notes.txt, a calendar
given as --db) is no damaged library: it is refused and left where it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from planner import cli
from planner.formats import load
from planner.shipped import bundled_session
from planner.store import Library, StoreError
from planner.store.open import open_library
from planner.store.schema import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
STAMP = re.compile(r"^library\.damaged-\d{8}T\d{6}Z(-\d+)?\.sqlite3$")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _library_with_stars(db: Path) -> str:
    """A seeded library with a star and a note, folded into the main file; returns an id."""
    with open_library(db) as lib:
        event_id = lib.events()[0].id
        lib.star([event_id])
        lib.set_note(event_id, "bring questions")
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return event_id


def _garbage_page(db: Path) -> None:
    data = bytearray(db.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = bytes(range(256)) * (page // 256)
    db.write_bytes(bytes(data))


DAMAGE: dict[str, Callable[[Path], None]] = {
    "truncated to half": lambda db: db.write_bytes(db.read_bytes()[: db.stat().st_size // 2]),
    "truncated to one page": lambda db: db.write_bytes(db.read_bytes()[:4096]),
    "truncated inside the header": lambda db: db.write_bytes(db.read_bytes()[:10]),
    "header only": lambda db: db.write_bytes(db.read_bytes()[:100]),
    "garbage page inside": _garbage_page,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_damaged_library_is_moved_aside_and_a_fresh_one_starts(tmp_path: Path, damage: str) -> None:
    db = tmp_path / "planner" / "library.sqlite3"
    _library_with_stars(db)
    DAMAGE[damage](db)
    damaged = _digest(db)

    with open_library(db) as lib:
        moved = lib.recovered_from
        assert moved is not None and moved.parent == db.parent and STAMP.match(moved.name), moved
        assert _digest(moved) == damaged  # the old bytes, all of them, for a rescue attempt
        notice = lib.recovery_notice
        assert notice and str(db) in notice and str(moved) in notice and "new library" in notice
        # A fresh library, seeded as on first use.
        assert lib.integrity_ok() and lib.starred_ids() == set() and lib.notes() == {}
        assert [s.key for s in lib.schedules()] == [load(bundled_session()).key]
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    with open_library(db) as lib:  # told once: the next start is an ordinary one
        assert lib.recovered_from is None and lib.recovery_notice is None


@pytest.mark.parametrize("content", [b"<html><body>404 Not Found</body></html>\n" * 40, b"my notes\n", b"x"])
def test_a_file_that_was_never_a_database_is_refused_and_left_in_place(tmp_path: Path, content: bytes) -> None:
    """Not damage: a notes file or a calendar given as the library. Moving it aside renamed
    the user's own file and started a library under its name; the window and the command
    line both refuse it now (StoreError, the window's error box)."""
    db = tmp_path / "notes.txt"
    db.write_bytes(content)
    for attempt in (lambda: Library(db), lambda: Library(db, recover=True), lambda: open_library(db)):
        with pytest.raises(StoreError, match="is not a Planner library \\(it is not an SQLite database\\)"):
            attempt()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {"notes.txt": content}


def test_the_wal_and_shm_move_with_the_damaged_file(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    event_id = _library_with_stars(db)
    # A writer that dies without closing leaves its last commits in the -wal only.
    subprocess.run(
        [sys.executable, "-c", "import os, sys; from planner.store import Library; "
         "Library(sys.argv[1]).set_note(sys.argv[2], 'only in the wal'); os._exit(0)", str(db), event_id],
        check=True, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert Path(f"{db}-wal").stat().st_size > 0
    DAMAGE["truncated to half"](db)  # pages the -wal does not hold a newer copy of
    before = {suffix: _digest(Path(f"{db}{suffix}")) for suffix in ("", "-wal")}
    with open_library(db) as lib:
        moved = lib.recovered_from
    assert moved is not None
    assert _digest(moved) == before[""] and _digest(Path(f"{moved}-wal")) == before["-wal"]
    assert Path(f"{moved}-shm").exists()
    assert sorted(p.name for p in db.parent.iterdir() if "damaged" in p.name) == sorted(
        [moved.name, f"{moved.name}-wal", f"{moved.name}-shm"]
    )
    # The pair still holds the last note for a rescue (sqlite3 .recover), and the old
    # -wal was not replayed into the new library.
    rescue = sqlite3.connect(f"file:{moved}?mode=ro", uri=True)
    assert rescue.execute("SELECT text FROM notes WHERE event_id = ?", (event_id,)).fetchone() == ("only in the wal",)
    rescue.close()
    with open_library(db) as lib:
        assert lib.notes() == {} and lib.integrity_ok()


def test_a_second_damage_never_overwrites_the_first(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    moved = []
    for _ in range(3):  # within one second: the same timestamp, so a counter is added
        _library_with_stars(db)
        _garbage_page(db)
        content = db.read_bytes()
        with open_library(db) as lib:
            assert lib.recovered_from is not None
            moved.append((lib.recovered_from, content))
    assert len({path for path, _ in moved}) == 3
    for path, content in moved:
        assert path.read_bytes() == content


def test_without_recover_a_damaged_file_is_refused_and_untouched(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    _library_with_stars(db)
    _garbage_page(db)
    content = db.read_bytes()
    with pytest.raises(StoreError, match="not a usable Planner library") as info:
        Library(db)
    assert str(db) in str(info.value)
    assert db.read_bytes() == content
    # Only SQLite's scratch files may appear beside it: the shared-memory index and an
    # empty -wal, which reading a WAL-mode file through SQLite creates.
    assert {p.name for p in tmp_path.iterdir()} <= {"library.sqlite3", "library.sqlite3-wal", "library.sqlite3-shm"}
    wal = tmp_path / "library.sqlite3-wal"
    assert not wal.exists() or wal.stat().st_size == 0


def test_cli_says_once_where_the_damaged_library_went(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "library.sqlite3"
    _library_with_stars(db)
    DAMAGE["truncated to half"](db)
    assert cli.main(["--db", str(db), "schedules"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("planner: the library ") and "moved to" in err[0], err
    assert "none of its stars, notes or schedules were recovered" in err[0]
    assert cli.main(["--db", str(db), "schedules"]) == 0
    assert capsys.readouterr().err == ""


def test_opening_a_locked_library_never_moves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """"Locked" is not "damaged": opening waits, then reports; the file stays put."""
    db = tmp_path / "library.sqlite3"
    _library_with_stars(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")  # locks out readers too, even in WAL
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO meta VALUES ('held', 'yes')")
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "timeout": 0.2}))
    try:
        with pytest.raises(StoreError, match="locked"):
            open_library(db)
    finally:
        monkeypatch.undo()
        holder.execute("ROLLBACK")
        holder.close()
    assert not any("damaged" in p.name for p in tmp_path.iterdir())
    with open_library(db) as lib:
        assert lib.recovered_from is None and len(lib.starred_ids()) == 1


# -- a newer Planner's library ---------------------------------------------------------


def _newer(db: Path, *, keep_wal: bool) -> sqlite3.Connection | None:
    _library_with_stars(db)
    conn = sqlite3.connect(db, isolation_level=None)
    if keep_wal:
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.execute("CREATE TABLE from_the_future (x)")
    if keep_wal:
        return conn  # stays open: the change lives only in the -wal
    conn.close()
    return None


def _files(folder: Path) -> dict[str, str]:
    return {p.name: _digest(p) for p in sorted(folder.iterdir()) if not p.name.endswith("-shm")}


@pytest.mark.parametrize("keep_wal", [False, True], ids=["checkpointed", "change in the wal"])
def test_a_newer_library_is_refused_and_left_byte_for_byte(tmp_path: Path, keep_wal: bool,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "library.sqlite3"
    keeper = _newer(db, keep_wal=keep_wal)
    try:
        before, mtime = _files(tmp_path), db.stat().st_mtime_ns
        for attempt in (lambda: Library(db), lambda: open_library(db), lambda: Library(db, recover=True)):
            with pytest.raises(StoreError, match="newer version of Planner"):
                attempt()
        assert cli.main(["--db", str(db), "list"]) == 1
        err = capsys.readouterr().err.splitlines()
        assert len(err) == 1 and "newer version of Planner" in err[0] and "left untouched" in err[0]
        assert _files(tmp_path) == before and db.stat().st_mtime_ns == mtime
        if not keep_wal:  # no scratch files either: refused from the header alone
            assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite3"]
    finally:
        if keeper is not None:
            keeper.close()


def test_an_unreadable_file_is_an_error_not_damage(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    db = tmp_path / "library.sqlite3"
    _library_with_stars(db)
    db.chmod(0)
    try:
        with pytest.raises(StoreError):
            open_library(db)
    finally:
        db.chmod(0o600)
    assert not any("damaged" in p.name for p in tmp_path.iterdir())


def test_a_big_library_still_checks_the_tables_holding_stars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Above FULL_CHECK_BYTES only the attendee's own tables are checked at open: a damaged
    stars page must still be found (and the file moved aside, not used)."""
    import sqlite3

    import planner.store.recovery as recovery_module

    db = tmp_path / "library.sqlite3"
    with open_library(db) as lib:
        lib.star([lib.events()[0].id])
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'stars'").fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(b"\x0d" + b"\xff" * (page_size - 1))  # a leaf page header with nonsense
    monkeypatch.setattr(recovery_module, "FULL_CHECK_BYTES", 0)
    with open_library(db) as lib:
        assert lib.recovered_from is not None
        assert lib.starred_ids() == set()


_DIE_IN_A_TRANSACTION = r"""
import os, signal, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("CREATE TABLE first (x)")  # the file has its header
conn.execute("PRAGMA cache_size = 1")  # spill to the file, so the journal is hot
conn.execute("BEGIN")
conn.execute("CREATE TABLE half_made (x)")
conn.executemany("INSERT INTO half_made VALUES (?)", [("x" * 500,) for _ in range(2000)])
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_library_whose_creator_died_mid_transaction_opens_as_before_it(db_path: Path) -> None:
    """Killed while creating the file (before WAL), a writer leaves a hot rollback journal.

    A read-only connection may not play it back ("attempt to write a readonly database"),
    which once made the next start fail. SQLite's own recovery must run instead: the
    file is as it was before the transaction, and it becomes a working library.
    """
    subprocess.run([sys.executable, "-c", _DIE_IN_A_TRANSACTION, str(db_path)], check=False)
    journal = Path(str(db_path) + "-journal")
    assert journal.exists() and journal.stat().st_size > 0  # the situation under test
    with Library(db_path) as library:
        assert library.recovery_notice is None
        assert library.schedules() == []
        tables = {r[0] for r in library._conn.execute("SELECT name FROM sqlite_master")}
        assert "half_made" not in tables and "stars" in tables
    assert not journal.exists()
