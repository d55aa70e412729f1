"""Planner paints on the calling thread, without Qt's GUI thread pool.

Qt's raster engine hands big fills and blits to a pool of threads and waits for them;
for a timeline repaint the hand-offs cost more than the painting (see
planner.ui.app.paint_on_the_calling_thread). Qt reads its switch once per process, so
the checks that it takes effect run in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from planner.ui.app import GUI_THREADPOOL_SWITCH, paint_on_the_calling_thread

ROOT = Path(__file__).resolve().parents[2]

# Make the application as Planner does ("planner") or as a bare Qt program does ("qt"),
# fill a window-sized image with a translucent colour (Qt splits such a fill into
# pieces for its pool), then list the process's threads by name.
_FILL_AND_LIST_THREADS = textwrap.dedent("""
    import json, os, sys
    from PySide6.QtGui import QColor, QImage, QPainter
    if sys.argv[1] == "planner":
        from planner.ui.app import application
        app = application()
    else:
        from PySide6.QtWidgets import QApplication
        app = QApplication([])
    image = QImage(1280, 800, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    painter.fillRect(image.rect(), QColor(10, 20, 30, 128))
    painter.end()
    names = []
    for task in os.listdir("/proc/self/task"):
        with open(f"/proc/self/task/{task}/comm") as comm:
            names.append(comm.read().strip())
    print(json.dumps(names))
""")


def _threads_after_a_big_fill(how: str) -> list[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop(GUI_THREADPOOL_SWITCH, None)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    done = subprocess.run([sys.executable, "-c", _FILL_AND_LIST_THREADS, how], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="lists threads through Linux's /proc")
def test_a_big_fill_starts_no_pool_thread_in_planner_but_does_in_plain_qt() -> None:
    # Plain Qt first: shows the fill is one Qt hands to its pool, so the check on
    # Planner below means something.
    assert "Thread (pooled)" in _threads_after_a_big_fill("qt")
    assert "Thread (pooled)" not in _threads_after_a_big_fill("planner")


def test_the_switch_is_set_when_the_environment_has_none(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GUI_THREADPOOL_SWITCH, raising=False)
    paint_on_the_calling_thread()
    assert os.environ[GUI_THREADPOOL_SWITCH] == "1"


def test_a_value_from_the_environment_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(GUI_THREADPOOL_SWITCH, "")
    paint_on_the_calling_thread()
    assert os.environ[GUI_THREADPOOL_SWITCH] == ""
