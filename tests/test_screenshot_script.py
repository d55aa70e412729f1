"""scripts/screenshot.py: the options that choose what is rendered, and --db's promise
that the library given is only read.

The script runs as it is run by hand: in a subprocess, offscreen.
"""

from __future__ import annotations

import hashlib
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from planner.formats import load
from planner.store.open import open_library
from tests.conftest import ROOT
from tests.ui.helpers import TINY_SESSION, TINY_TITLE

SCRIPT = ROOT / "scripts" / "screenshot.py"


def _shoot(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("QT_SCALE_FACTOR", None)
    return subprocess.run([sys.executable, str(SCRIPT), *options], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header (its IHDR chunk comes first)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR"
    width, height = struct.unpack(">II", head[16:24])
    return width, height


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    """A user's library: the bundled session, a two-day workshop, a star and a note."""
    folder = tmp_path / "mine"
    folder.mkdir()
    source = tmp_path / "tiny.txt"
    source.write_text(TINY_SESSION, encoding="utf-8")
    with open_library(folder / "library.sqlite3") as library:
        library.import_schedule(load(source))
        first = library.events()[0]
        library.star([first.id])
        library.set_note(first.id, "sit near the front")
    return folder / "library.sqlite3"


def test_size_day_and_search_of_the_throwaway_library(tmp_path: Path) -> None:
    done = _shoot(tmp_path, "out.png", "--size", "800x600", "--day", "1", "--search", "learning")
    assert done.returncode == 0, done.stderr
    assert _png_size(tmp_path / "out.png") == (800, 600)
    assert "2020-12-10" in done.stdout  # the bundled session's one day


def test_db_renders_that_library_and_leaves_it_byte_identical(tmp_path: Path, mine: Path) -> None:
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in mine.parent.iterdir()}
    done = _shoot(tmp_path, "out.png", "--db", str(mine), "--schedule", "tiny workshop", "--zone", "Europe/Berlin",
                  "--day", "2", "--width", "1000", "--height", "700")
    assert done.returncode == 0, done.stderr
    assert _png_size(tmp_path / "out.png") == (1000, 700)
    assert f"{TINY_TITLE}, 2024-06-04, Europe/Berlin time" in done.stdout  # its second day
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in mine.parent.iterdir()}
    assert after == before  # not a byte changed, no file added (no -wal, no -shm)


def test_select_takes_an_id_else_title_text(tmp_path: Path, mine: Path) -> None:
    with open_library(mine, seed=False) as library:
        day_two = next(e for e in library.events() if "Day two opens" in e.title)
        parallel = next(e for e in library.events() if "parallel talk" in e.title)
    for option, value, talk in (("--select", day_two.id, day_two), ("--select", "PARALLEL talk", parallel),
                                ("--select-title", "parallel talk", parallel)):
        done = _shoot(tmp_path, "out.png", "--db", str(mine), "--schedule", "tiny", option, value)
        assert done.returncode == 0, done.stderr
        assert done.stdout.rstrip().endswith(f"“{talk.title}” selected"), (option, value, done.stdout)


def test_day_wins_over_a_selected_talk_of_another_day(tmp_path: Path, mine: Path) -> None:
    """--day 2 with a talk of day one selected: day two is shown, the talk in the detail
    pane (as when an attendee selects it and then goes to another day)."""
    with open_library(mine, seed=False) as library:
        day_one = next(e for e in library.events() if "parallel talk" in e.title)
    done = _shoot(tmp_path, "out.png", "--db", str(mine), "--schedule", "tiny", "--day", "2", "--select", day_one.id)
    assert done.returncode == 0, done.stderr
    assert f"{TINY_TITLE}, 2024-06-04, “{day_one.title}” in the detail pane" in done.stdout, done.stdout


def test_day_wins_over_the_throwaway_librarys_own_choice(tmp_path: Path) -> None:
    """The throwaway library selects a talk to show: one of the day asked for."""
    source = tmp_path / "tiny.txt"
    source.write_text(TINY_SESSION, encoding="utf-8")
    done = _shoot(tmp_path, "out.png", "--file", str(source), "--schedule", "tiny", "--day", "2")
    assert done.returncode == 0, done.stderr
    assert f"{TINY_TITLE}, 2024-06-04, “Day two opens” selected" in done.stdout, done.stdout


@pytest.mark.parametrize(("options", "says"), [
    (("--schedule", "no such conference"), "no schedule's title contains 'no such conference'"),
    (("--day", "9"), "--day 9: the schedule has 1 day"),
    (("--select", "no such talk"), "no talk has the id or title 'no such talk'"),
    (("--size", "wide"), "is not a size like 1280x800"),
])
def test_a_wrong_option_says_what_is_there_and_writes_nothing(tmp_path: Path, options: tuple[str, ...],
                                                               says: str) -> None:
    done = _shoot(tmp_path, "out.png", *options)
    assert done.returncode == 2 and says in done.stderr
    assert not (tmp_path / "out.png").exists()
