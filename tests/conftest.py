"""Test-wide set-up: no display, no real user files.

QT_QPA_PLATFORM must be set before anything imports Qt, and the user's real library and
settings must never be touched, so both happen here at import time.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = Path(tempfile.mkdtemp(prefix="planner-tests-"))
os.environ["XDG_DATA_HOME"] = str(_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_HOME / "config")
os.environ["XDG_RUNTIME_DIR"] = str(_HOME / "runtime")
os.environ["XDG_CACHE_HOME"] = str(_HOME / "cache")
(_HOME / "runtime").mkdir(mode=0o700)
os.environ.pop("PLANNER_DB", None)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "neurips2020-orals-spotlights-track34.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def computer_in_kolkata() -> Iterator[None]:
    """This computer's zone, as the C library reads it from TZ (+05:30, no DST)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Kolkata"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


def pytest_unconfigure(config: pytest.Config) -> None:
    """The stand-in home goes with the run (it held the tests' default library)."""
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A fresh library file per test."""
    return tmp_path / "library.sqlite3"


@pytest.fixture
def corpus() -> Path:
    """../shared/corpus, or skip when this checkout has none beside it."""
    if not CORPUS.is_dir():
        pytest.skip("the shared corpus folder is not present beside the project")
    return CORPUS
