"""A library step killed half-way, as a crash or a closed laptop lid would leave it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_SCRIPT = r"""
import json, os, signal, sys
import planner.store.importing as importing
from planner.store import Library
from tests.store.test_import_staging import schedule

db, pause, action, sizes = sys.argv[1], int(sys.argv[2]), sys.argv[3], json.loads(sys.argv[4])
for name, size in sizes.items():
    setattr(importing, name, size)
pauses = []

def pause_after(held):
    # Between two of the step's short write transactions.
    pauses.append(held)
    if len(pauses) == pause:
        os.kill(os.getpid(), signal.SIGKILL)
    return 0.0

importing._pause_after = pause_after
library = Library(db)
exec(action)
"""


def killed_at_pause(db: Path, pause: int, action: str, **sizes: int) -> None:
    """Run ``action`` (Python; ``library`` is Library(db), ``schedule`` the staging tests'
    maker) in a process killed at its ``pause``-th pause between write transactions, with
    planner.store.importing's chunk sizes set from ``sizes`` (INDEX_CHUNK=7, ...)."""
    run = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(db), str(pause), action, json.dumps(sizes)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, check=False,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr
