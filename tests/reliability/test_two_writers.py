"""Two windows, or a window and ``planner star``, writing one library at once.

Every write is one short IMMEDIATE transaction and every connection waits up to 10 s
for the lock (busy timeout), so writers queue instead of failing: no "database is
locked", and no star or note one of them made goes missing. A window notices writes
made elsewhere through Library.data_version().
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from planner.store import Library
from planner.store.open import open_library
from tests.reliability import concurrent_writer as writer

ROOT = Path(__file__).resolve().parents[2]
ENV = dict(os.environ, PYTHONPATH=str(ROOT))


def _start(db: Path, role: str, go: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, writer.__file__, str(db), role, str(go)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV,
    )


@pytest.mark.slow
def test_two_processes_and_an_import_write_one_new_library_at_once(tmp_path: Path) -> None:
    db = tmp_path / "new" / "library.sqlite3"  # does not exist yet: they race to create it
    go = tmp_path / "go"
    procs = {role: _start(db, role, go) for role in ("a", "b", "importer")}
    time.sleep(0.3)  # let all three reach the starting line
    go.touch()
    for role, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and "locked" not in err, f"{role}: {err}"
        assert out.strip() == f"done {role}"
    stars_a, notes_a = writer.expected("a")
    stars_b, notes_b = writer.expected("b")
    with Library(db) as lib:
        assert lib.starred_ids() == stars_a | stars_b  # nothing lost, nothing extra
        assert lib.notes() == notes_a | notes_b
        assert {s.key: s.event_count for s in lib.schedules()} == {writer.KEY: 150, "writers:big": 2000}
        assert lib.integrity_ok()


def test_window_and_planner_star_at_once(tmp_path: Path) -> None:
    """The window's Library keeps writing while `planner star` runs in other processes."""
    db = tmp_path / "library.sqlite3"
    window = open_library(db)
    ids = [e.id for e in window.events()]
    cli_ids, window_ids = ids[:4], ids[4:24]
    version = window.data_version()
    procs = [
        subprocess.Popen([sys.executable, "-m", "planner", "--db", str(db), "star", event_id],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
        for event_id in cli_ids
    ]
    # Meanwhile the "window" stars, unstars and writes notes, one transaction each, a few
    # hundred a second. Not back to back: SQLite's lock is not a fair queue, and a writer
    # that takes it again within microseconds of each commit can keep a waiting one out
    # past its busy timeout (it did, about one run in ten). A window writes at the pace of
    # the person using it.
    deadline = time.monotonic() + 60
    while any(p.poll() is None for p in procs) and time.monotonic() < deadline:
        for event_id in window_ids:
            window.star([event_id])
            window.set_note(event_id, "from the window")
            window.unstar([event_id])
            time.sleep(0.002)
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and err == "", err
    window.star(window_ids[:3])
    assert window.data_version() != version  # how the window learns to reload
    assert window.starred_ids() == set(cli_ids) | set(window_ids[:3])
    assert set(window.notes()) == set(window_ids)
    window.close()


def test_data_version_changes_only_for_writes_made_elsewhere(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    with open_library(db) as window, Library(db) as other:
        event_id = window.events()[0].id
        seen = window.data_version()
        window.star([event_id])  # its own write: nothing to reload
        assert window.data_version() == seen
        other.set_note(event_id, "written elsewhere")
        changed = window.data_version()
        assert changed != seen
        assert window.note(event_id) == "written elsewhere"
        assert window.data_version() == changed  # stable until the next outside write
        other.unstar([event_id])
        assert window.data_version() != changed and window.starred_ids() == set()


@pytest.mark.slow
@pytest.mark.parametrize("attempt", range(3))
def test_several_processes_creating_the_same_library_at_once(tmp_path: Path, attempt: int) -> None:
    """First start of two windows at once: creation and migration race, and both win."""
    db = tmp_path / "library.sqlite3"
    go = tmp_path / "go"
    code = (
        "import os, sys, time\n"
        "from planner.store.open import open_library\n"
        "while not os.path.exists(sys.argv[2]): time.sleep(0.001)\n"
        "lib = open_library(sys.argv[1])\n"
        "lib.star([lib.events()[int(sys.argv[3])].id])\n"
        "print(len(lib.schedules()))\n"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db), str(go), str(n)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
        for n in range(3)
    ]
    time.sleep(0.4)
    go.touch()
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0 and err == "", err
        assert out.strip() == "1"  # the bundled session, seeded once
    with Library(db) as lib:
        assert len(lib.starred_ids()) == 3 and lib.integrity_ok()


def _planner(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", "--db", str(db), *args],
                          capture_output=True, text=True, cwd=ROOT, env=ENV, check=True)


def test_a_second_library_in_the_window_process_keeps_the_windows_locks(tmp_path: Path) -> None:
    """The window's workers open a Library of their own and close it. Reading the file's
    header with open() and closing it dropped every POSIX lock the process held, the
    window's too: the next `planner` command to close deleted the WAL under the window,
    and a star the window made afterwards was lost once it closed."""
    db = tmp_path / "library.sqlite3"
    window = open_library(db)
    ids = [e.id for e in window.events()][:4]
    window.star([ids[0]])
    worker = Library(db)  # what planner.ui.plan_view, similar, file_imports ... do
    worker.close()
    _planner(db, "star", ids[1])  # another process: it closes while the window is open
    assert db.with_name(db.name + "-wal").exists()  # the window still has it open
    window.star([ids[2]])
    _planner(db, "star", ids[3])
    window.close()
    with Library(db) as after:
        assert after.starred_ids() == set(ids)
