r"""Does a change leave the window looking exactly the same? ``python scripts/same_screens.py REVISION``

A restructuring must not change what the attendee sees. This renders the same states of
the window (scripts/screenshot.py: the bundled session, a selected talk under a search,
38C3 on another day in another zone in a dark palette, the list view, a narrow window)
with REVISION, checked out in a temporary git worktree, and with the working tree, each
with its own code, and compares the pictures pixel by pixel. It prints one line per state
and exits 1 if any differs, leaving both pictures and a difference mask in --keep.

States that need ../shared/corpus are left out when it is absent.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
XML_38C3 = CORPUS / "schedule-xml" / "38c3-schedule.xml"

# name -> screenshot.py options; the 38C3 states are skipped without the corpus.
STATES: dict[str, list[str]] = {
    "bundled": [],
    "selected-under-search": ["--select-title", "Collegial Ensembles", "--search", "neural"],
    "narrow": ["--size", "900x700", "--search", "kernel"],
    "38c3-tokyo-dark": ["--file", str(XML_38C3), "--zone", "Asia/Tokyo", "--day", "2", "--dark"],
    "38c3-search": ["--file", str(XML_38C3), "--search", "tea", "--select-title", "House of Tea"],
}


def render(checkout: Path, state: list[str], out: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, str(checkout / "scripts" / "screenshot.py"), str(out), *state]
    result = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True, timeout=120)
    if result.returncode != 0 or not out.is_file():
        raise SystemExit(f"same_screens.py: {checkout.name}: screenshot.py {' '.join(state)} failed:\n"
                         f"{result.stderr[-2000:]}")


def differing_pixels(a: Path, b: Path, mask: Path) -> int:
    """How many pixels differ; the differing ones are drawn red on ``mask``."""
    # Lazy: Qt only when there are pictures to compare.
    from PySide6.QtGui import QColor, QImage

    first, second = QImage(str(a)), QImage(str(b))
    if first.size() != second.size():
        return max(first.width() * first.height(), second.width() * second.height())
    first = first.convertToFormat(QImage.Format.Format_RGB32)
    second = second.convertToFormat(QImage.Format.Format_RGB32)
    if first == second:
        return 0
    marked = first.copy()
    count = 0
    red = QColor("red").rgb()
    for y in range(first.height()):
        for x in range(first.width()):
            if first.pixel(x, y) != second.pixel(x, y):
                count += 1
                marked.setPixel(x, y, red)
    marked.save(str(mask))
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("revision", help="the git revision to compare the working tree with, e.g. HEAD~1")
    parser.add_argument("--keep", type=Path, help="folder to keep the pictures in (default: a temporary one)")
    args = parser.parse_args()
    states = {name: options for name, options in STATES.items()
              if XML_38C3.is_file() or str(XML_38C3) not in options}
    with tempfile.TemporaryDirectory(prefix="planner-screens-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        worktree = Path(temp) / "revision"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(worktree), args.revision],
                       cwd=ROOT, check=True)
        try:
            different = 0
            for name, options in states.items():
                before, after = folder / f"{name}-before.png", folder / f"{name}-after.png"
                render(worktree, options, before)
                render(ROOT, options, after)
                count = differing_pixels(before, after, folder / f"{name}-difference.png")
                different += count > 0
                print(f"{name:24} {'same' if count == 0 else f'{count} pixels differ'}")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, check=False)
    if different:
        print(f"{different} of {len(states)} states look different; pictures in {folder}")
    return 1 if different else 0


if __name__ == "__main__":
    raise SystemExit(main())
