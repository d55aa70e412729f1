"""Damage the check at open does not look for is found later, reported once, and set
aside at the next open (planner.store.recovery: request_full_check, find_damage).

The window opens its library checking only the attendee's own tables and checks every
page in the background (MainWindow.check_library); a big library is opened that way by
every command. Damage elsewhere (a schedule's pages, the search index) is then found by
that background check or by the read that meets it: the attendee is told in one message,
the library is marked, and its next open checks every page and, finding the damage,
moves the file aside like any damaged library, keeping it byte for byte.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from planner import cli
from planner.store import Library, find_damage, request_full_check
from planner.store.open import open_library
from planner.store.recovery import check_marker
from tests.reliability.damage import garble_root_page, library_with_a_star


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_damage_outside_the_attendees_tables_is_found_and_set_aside_at_the_next_open(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    starred = library_with_a_star(db)
    garble_root_page(db, "events")
    with Library(db, full_check=False) as lib:  # as the window opens it: the star is readable
        assert lib.starred_ids() == {starred}
    problem = find_damage(db)
    assert problem and "ok" != problem
    before = digest(db)
    request_full_check(db)
    assert check_marker(db).exists()
    with open_library(db, full_check=False) as lib:  # the marker wins over full_check=False
        assert lib.recovered_from is not None and digest(lib.recovered_from) == before
        assert lib.events() and lib.starred_ids() == set()  # a new library, seeded
    assert not check_marker(db).exists()


def test_a_sound_library_is_found_sound_and_loses_its_marker(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    starred = library_with_a_star(db)
    assert find_damage(db) == ""
    request_full_check(db)
    with open_library(db) as lib:
        assert lib.recovered_from is None and lib.starred_ids() == {starred}
    assert not check_marker(db).exists()


def test_find_damage_does_not_call_a_busy_library_damaged(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    library_with_a_star(db)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # in WAL mode readers still read: the check says sound
    try:
        assert find_damage(db) == ""
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_the_cli_reports_damage_met_while_reading_and_the_next_command_sets_it_aside(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import planner.store.recovery as recovery_module

    monkeypatch.setattr(recovery_module, "FULL_CHECK_BYTES", 0)  # a "big" library: tables only at open
    db = tmp_path / "library.sqlite3"
    library_with_a_star(db)
    garble_root_page(db, "events")
    assert cli.main(["--db", str(db), "list"]) == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert err.startswith(f"planner: the library {db} is damaged (") and "sets it aside" in err
    assert "Traceback" not in err and check_marker(db).exists()
    # Set aside; its star is not in the new library, so a list of it is not given as one.
    assert cli.main(["--db", str(db), "list"]) == cli.EXIT_DATA
    out, err = capsys.readouterr()
    assert "moved to" in err and "none of its stars" in err and "was not run" in err and out == ""
    assert cli.main(["--db", str(db), "list"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and "Spotlight" in out  # the new library has the bundled session
    assert len(list(tmp_path.glob("library.damaged-*.sqlite3"))) == 1
