"""When the library cannot be used as asked, and when the arguments cannot be read.

Each case runs the real command (`python -m planner` in a subprocess): what is checked
is the exit status, the one line on stderr and that the user's files, stars and notes are
as they were. None of these may end in a traceback, rename a file that was never a
library, or report an empty answer from a library whose stars were lost.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_cli import ORAL1, ORAL2, Planner, _one_line_error


@pytest.fixture
def cli(tmp_path: Path) -> Planner:
    return Planner(tmp_path)


def _with_a_star(cli: Planner) -> None:
    cli.ok("star", ORAL1)
    cli.ok("note", ORAL1, "bring questions")
    conn = sqlite3.connect(cli.db)  # everything in the main file, as a copied library is
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _folder(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}


# -- a file that is no library -------------------------------------------------------------


@pytest.mark.parametrize(("name", "content"), [
    ("notes.txt", b"my own notes\n"),
    ("my-agenda.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"),
    ("short.bin", b"abc"),
])
@pytest.mark.parametrize("command", [["star", "x"], ["list", "--starred"], ["schedules"]])
def test_a_file_that_is_not_a_library_is_refused_and_left_in_place(
        cli: Planner, name: str, content: bytes, command: list[str]) -> None:
    cli.db = cli.tmp / "mine" / name
    cli.db.parent.mkdir()
    cli.db.write_bytes(content)
    line = _one_line_error(cli(*command), str(cli.db), "is not a Planner library",
                           "not an SQLite database", "give another --db")
    assert "damaged" not in line
    assert _folder(cli.db.parent) == {name: content}  # not renamed, nothing beside it


def test_an_empty_file_is_a_new_library(cli: Planner) -> None:
    cli.db.parent.mkdir()
    cli.db.write_bytes(b"")
    assert "Spotlight" in cli.ok("schedules")


# -- a damaged library -----------------------------------------------------------------------


@pytest.fixture
def truncated(cli: Planner) -> Iterator[Planner]:
    _with_a_star(cli)
    data = cli.db.read_bytes()
    cli.db.write_bytes(data[: len(data) // 2])
    yield cli


@pytest.mark.parametrize("command", [["list", "--starred"], ["list", "--json"], ["export"], ["conflicts"],
                                     ["note", ORAL1], ["plan"]])
def test_a_damaged_library_is_set_aside_and_a_command_reading_stars_says_they_are_lost(
        truncated: Planner, command: list[str]) -> None:
    cli = truncated
    damaged = cli.db.read_bytes()
    result = cli(*command)
    line = _one_line_error(result, f"the library {cli.db} was damaged", "moved to",
                           "none of its stars, notes or schedules were recovered", "was not run")
    assert result.stdout == ""  # no "no events": that would say nothing was starred
    kept = [p for p in cli.db.parent.iterdir() if p.name.startswith("library.damaged-") and p.suffix == ".sqlite3"]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged and str(kept[0]) in line
    # The copy still holds the star, for a rescue.
    conn = sqlite3.connect(f"file:{kept[0]}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT event_id FROM stars").fetchall() == [(ORAL1,)]
    except sqlite3.DatabaseError:
        pass  # the half holding it is gone: the message said nothing was recovered
    finally:
        conn.close()
    assert cli("list", "--starred").returncode == 0  # told once; then it is the new library


def test_a_damaged_library_still_runs_a_command_that_reads_no_stars(truncated: Planner) -> None:
    result = truncated("schedules")
    assert result.returncode == 0 and "Spotlight" in result.stdout
    assert len(result.stderr.splitlines()) == 1 and "moved to" in result.stderr
    assert "none of its stars, notes or schedules were recovered" in result.stderr


# -- a library that cannot be written ---------------------------------------------------------


@pytest.fixture
def immutable(cli: Planner) -> Iterator[Planner]:
    """A library the system will not let anyone write (chmod does not stop root; chattr does)."""
    _with_a_star(cli)
    if os.geteuid() != 0 or shutil.which("chattr") is None:
        pytest.skip("needs root and chattr to make a file read-only for everyone")
    if subprocess.run(["chattr", "+i", str(cli.db)], capture_output=True).returncode != 0:
        pytest.skip("this file system has no immutable flag")
    try:
        yield cli
    finally:
        subprocess.run(["chattr", "-i", str(cli.db)], check=True)


@pytest.mark.parametrize("command", [["star", ORAL2], ["unstar", ORAL1], ["note", ORAL1, "new text"],
                                     ["attended", ORAL1]])
def test_a_read_only_library_is_one_line_and_nothing_changes(immutable: Planner, command: list[str]) -> None:
    cli = immutable
    _one_line_error(cli(*command), str(cli.db), "read-only", "nothing was changed")
    listed = json.loads(cli.ok("list", "--json"))
    assert {e["id"] for e in listed["events"] if e["starred"]} == {ORAL1}
    assert cli.ok("note", ORAL1).strip() == "bring questions"


_HOLD = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("held", flush=True)
sys.stdin.read()
"""


def test_a_library_another_writer_holds_is_one_line_and_nothing_changes(cli: Planner) -> None:
    _with_a_star(cli)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD, str(cli.db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        _one_line_error(cli("star", ORAL2), str(cli.db), "another program is writing it", "nothing was changed")
    finally:
        holder.communicate("")
    assert cli.starred() == {ORAL1}


# -- arguments that cannot be read -----------------------------------------------------------


@pytest.mark.parametrize(("args", "named"), [
    (["note", ORAL1, os.fsdecode(b"caf\xe9")], "TEXT 'caf\\xe9'"),
    (["star", os.fsdecode(b"x\xff")], "ID 'x\\xff'"),
    (["list", "--search", os.fsdecode(b"caf\xe9")], "--search 'caf\\xe9'"),
    (["remove", os.fsdecode(b"caf\xe9")], "NAME 'caf\\xe9'"),
])
def test_an_argument_that_is_not_utf8_is_refused_naming_it(cli: Planner, args: list[str], named: str) -> None:
    _with_a_star(cli)
    _one_line_error(cli(*args), named, "not valid UTF-8")
    assert cli.starred() == {ORAL1} and cli.ok("note", ORAL1).strip() == "bring questions"


def test_a_library_name_that_is_not_utf8_is_refused_and_not_created(cli: Planner) -> None:
    cli.db = cli.tmp / os.fsdecode(b"\xff.sqlite3")
    _one_line_error(cli("schedules"), "not UTF-8")
    assert not any(p.name.startswith(os.fsdecode(b"\xff")) for p in cli.tmp.iterdir())


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00",
                                    "0001-01-01T00:00:00+00:00"])
def test_now_at_the_ends_of_the_calendar_is_refused(cli: Planner, moment: str) -> None:
    _one_line_error(cli("now", "--at", moment), "--at", moment, "out of range")


# -- attended and missed ----------------------------------------------------------------------


def test_clearing_attendance_of_an_unknown_id_is_refused(cli: Planner) -> None:
    cli.ok("attended", ORAL1)
    _one_line_error(cli("attended", "--clear", ORAL1, "nonexist"), "'nonexist'", "nothing was cleared")
    assert json.loads(cli.ok("list", "--json"))["events"][0]["attendance"] == "attended"
    assert "cleared" in cli.ok("missed", "--clear", ORAL1)
