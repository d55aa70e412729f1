"""A schedule update from end to end: import, star, import a newer version, check stars,
flags and the summary (Pentabarf XML, through the command line like a user would)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from planner.store import Library

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "formats" / "data" / "minicon-2025.xml"
NEW_EVENT = """
      <event guid="0b9e7c8e-1111-4c5e-9a55-0000000000ff" id="199">
        <date>2025-03-29T17:00:00+01:00</date>
        <start>17:00</start>
        <duration>00:30</duration>
        <room>Janson</room>
        <title>Added at the last minute</title>
        <type>lecture</type>
      </event>"""


def planner(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", "--db", str(db), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=60, check=False)


def newer_version(text: str) -> str:
    """Keynote moved by 15 minutes into another room, the workshop dropped, a talk added."""
    keynote = re.search(r'<event guid="0B9E7C8E-1111-4C5E-9A55-000000000001".*?</event>', text, re.S)
    assert keynote
    moved = (keynote.group(0)
             .replace("2025-03-29T10:00:00+01:00", "2025-03-29T10:15:00+01:00")
             .replace("<start>10:00</start>", "<start>10:15</start>")
             .replace("<room>Janson</room>", "<room>Room C</room>"))
    text = text.replace(keynote.group(0), moved)
    workshop = re.search(r'<event id="102">.*?</event>', text, re.S)
    assert workshop
    text = text.replace(workshop.group(0), NEW_EVENT)
    return text


def test_update_keeps_stars_flags_changes_and_says_what_happened(tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    first = planner(db, "import", str(GOLDEN))
    assert first.returncode == 0, first.stderr
    events = json.loads(planner(db, "list", "--json", "--schedule", "MiniCon").stdout)["events"]
    by_title = {e["title"]: e["id"] for e in events}
    keynote, workshop = by_title["Opening keynote"], by_title["Hands-on packaging"]
    assert planner(db, "star", keynote, workshop).returncode == 0

    v2 = tmp_path / "minicon-v2.xml"
    v2.write_text(newer_version(GOLDEN.read_text(encoding="utf-8")), encoding="utf-8")
    second = planner(db, "import", str(v2))
    assert second.returncode == 0, second.stderr
    assert re.search(r"updated .*: 1 changed, 1 new, 1 removed \(1 starred\)", second.stdout), second.stdout

    starred = json.loads(planner(db, "list", "--starred", "--json").stdout)["events"]
    assert {e["id"] for e in starred} == {keynote, workshop}  # the dropped talk is not lost
    with Library(db) as library:
        statuses = library.statuses()
        new_id = next(e.id for e in library.events() if e.title == "Added at the last minute")
    assert statuses[keynote][0] == "changed"
    assert "moved from 10:00" in statuses[keynote][1] and "room was Janson" in statuses[keynote][1]
    assert statuses[workshop][0] == "removed"
    assert statuses[new_id][0] == "new"

    third = planner(db, "import", str(v2))  # the same version again: nothing changed
    assert "0 changed, 0 new, 0 removed" in third.stdout
