"""Stars and notes are private: folder 0700, library and its -wal/-shm 0600, any umask.

SQLite creates the -wal and -shm files with the mode of the database file, so creating
the database 0600 before SQLite touches it covers all three; these tests check that in
a real process with a permissive umask, while the files exist (during a session), after
a crash leaves them behind, and after a damaged library was moved aside.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.store.open import open_library

ROOT = Path(__file__).resolve().parents[2]

SESSION = """
import json, os, sys
from planner.store.open import open_library
from planner.store import default_db_path
lib = open_library()  # the default place: $XDG_DATA_HOME/planner/library.sqlite3
event = lib.events()[0].id
lib.star([event])
lib.set_note(event, "private")
path = default_db_path()
modes = {p.name: oct(p.stat().st_mode & 0o777) for p in [path.parent, *path.parent.iterdir()]}
print(json.dumps(modes), flush=True)
if sys.argv[1] == "crash":
    os.kill(os.getpid(), 9)
lib.close()
"""


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(path.stat().st_mode))


@pytest.mark.parametrize("ending", ["close", "crash"])
@pytest.mark.parametrize("umask", [0o000, 0o022])
def test_library_files_are_private_under_any_umask(tmp_path: Path, umask: int, ending: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("PLANNER_DB", None)
    run = subprocess.run([sys.executable, "-c", SESSION, ending], capture_output=True, text=True, cwd=ROOT,
                         env=env, umask=umask, timeout=60)
    assert run.returncode == (-signal.SIGKILL if ending == "crash" else 0), run.stderr
    during = json.loads(run.stdout)
    assert during == {"planner": "0o700", "library.sqlite3": "0o600", "library.sqlite3-wal": "0o600",
                      "library.sqlite3-shm": "0o600"}
    folder = tmp_path / "data" / "planner"
    after = {p.name: _mode(p) for p in folder.iterdir()}
    assert after and set(after.values()) == {"0o600"}, after  # a crash leaves -wal/-shm: still private
    assert _mode(folder) == "0o700"


def test_a_moved_aside_library_and_its_replacement_stay_private(tmp_path: Path) -> None:
    db = tmp_path / "planner" / "library.sqlite3"
    open_library(db).close()
    db.write_bytes(db.read_bytes()[: db.stat().st_size // 2])  # truncated: damaged, still SQLite
    db.chmod(0o600)
    old_umask = os.umask(0)
    try:
        with open_library(db) as lib:
            moved = lib.recovered_from
            assert moved is not None
            files = [p for p in db.parent.iterdir()]
            modes = {p.name: _mode(p) for p in files}
    finally:
        os.umask(old_umask)
    assert set(modes.values()) == {"0o600"}, modes
    assert _mode(db.parent) == "0o700"
