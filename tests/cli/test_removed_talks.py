"""A talk an update removes, and one that comes back, through `planner import`.

What the attendee wrote about a talk stays theirs when the schedule drops it: a talk with
a star or a note is kept, flagged removed, its note still readable and exported. A talk
that comes back (under a new guid, as frab exports give it) says so, and the summary
counts it: it was shown as removed, so "scheduled" and "0 new" would hide the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.store import Library
from tests.cli.test_cli import Planner, _write

TITLE = "Removal Con"
TALKS = {
    "Kept talk": ("0001", "10:00", "Ada Lovelace"),
    "Noted talk": ("0002", "11:00", "Grace Hopper"),
    "Starred talk": ("0003", "12:00", "Alan Turing"),
}


def _schedule(*titles: str, guids: dict[str, str] | None = None, starts: dict[str, str] | None = None) -> str:
    """A one-day Pentabarf schedule holding the TALKS named, each with its own guid
    (``guids``: another one for some) and start (``starts``: another one for some)."""
    events = []
    for title in titles:
        code, start, speaker = TALKS[title]
        guid = (guids or {}).get(title, f"6f1c2f5e-0000-4000-8000-00000000{code}")
        start = (starts or {}).get(title, start)
        events.append(
            f'<event guid="{guid}" id="{int(code)}"><date>2025-01-10T{start}:00+01:00</date><start>{start}</start>'
            f"<duration>00:45</duration><room>Main</room><title>{title}</title><type>lecture</type>"
            f"<persons><person>{speaker}</person></persons></event>"
        )
    return (
        f'<?xml version="1.0"?>\n<schedule>\n<conference><acronym>removalcon</acronym><title>{TITLE}</title>'
        f"<time_zone_name>Europe/Brussels</time_zone_name></conference>\n"
        f'<day date="2025-01-10" index="1"><room name="Main">\n' + "\n".join(events) + "\n</room></day>\n</schedule>\n"
    )


@pytest.fixture
def fast(tmp_path: Path) -> Planner:
    return Planner(tmp_path, in_process=True)


def _import(fast: Planner, text: str) -> str:
    return fast.ok("import", str(_write(fast.tmp / "removalcon.xml", text))).strip()


def _listed(fast: Planner) -> dict[str, dict[str, object]]:
    return {e["title"]: e for e in fast.json("list", "--schedule", TITLE)["events"]}


def _flags(fast: Planner) -> dict[str, tuple[str, str]]:
    """Title -> (the store's update flag, what changed), as the window's views read them."""
    with Library(fast.db) as library:
        statuses = library.statuses()
        return {e.title: statuses.get(e.id, ("", "")) for e in library.events(schedule_key="pentabarf:removalcon")}


def test_a_removed_talk_with_a_note_but_no_star_keeps_its_note(fast: Planner) -> None:
    assert _import(fast, _schedule(*TALKS)) == f"added {TITLE}: 3 events"
    noted = _listed(fast)["Noted talk"]["id"]
    fast.ok("note", str(noted), "ask about the keyring slides")

    assert _import(fast, _schedule("Kept talk", "Starred talk")) == (
        f"updated {TITLE}: 0 changed, 0 new, 1 removed (1 with a note)")
    assert fast.ok("note", str(noted)).strip() == "ask about the keyring slides"
    listed = _listed(fast)["Noted talk"]
    assert (listed["id"], listed["status"], listed["starred"]) == (noted, "removed", False)
    assert "[removed]" in fast.ok("list", "--schedule", TITLE)
    agenda = fast.tmp / "everything.md"
    fast.ok("export", "--all", "--format", "md", "-o", str(agenda))
    assert "ask about the keyring slides" in agenda.read_text(encoding="utf-8")

    # Not reported twice; once the note is gone, so is the talk (nothing of it is kept).
    assert _import(fast, _schedule("Kept talk", "Starred talk")) == f"updated {TITLE}: 0 changed, 0 new, 0 removed"
    fast.ok("note", str(noted), "")
    _import(fast, _schedule("Kept talk", "Starred talk"))
    assert "Noted talk" not in _listed(fast)


def test_the_summary_counts_starred_and_noted_removals_apart(fast: Planner) -> None:
    _import(fast, _schedule(*TALKS))
    ids = {title: str(e["id"]) for title, e in _listed(fast).items()}
    fast.ok("star", ids["Starred talk"])
    fast.ok("note", ids["Starred talk"], "starred and noted")
    fast.ok("note", ids["Noted talk"], "noted only")
    assert _import(fast, _schedule("Kept talk")) == (
        f"updated {TITLE}: 0 changed, 0 new, 2 removed (1 starred, 1 with a note)")
    assert {title: e["status"] for title, e in _listed(fast).items()} == {
        "Kept talk": "scheduled", "Noted talk": "removed", "Starred talk": "removed"}


def test_a_removed_talk_that_comes_back_under_a_new_guid_is_flagged_and_counted(fast: Planner) -> None:
    _import(fast, _schedule(*TALKS))
    starred = str(_listed(fast)["Starred talk"]["id"])
    fast.ok("star", starred)
    fast.ok("note", starred, "front row")
    assert _import(fast, _schedule("Kept talk", "Noted talk")) == (
        f"updated {TITLE}: 0 changed, 0 new, 1 removed (1 starred)")

    back = _schedule(*TALKS, guids={"Starred talk": "11111111-2222-3333-4444-555555555555"})
    assert _import(fast, back) == f"updated {TITLE}: 1 changed, 0 new, 0 removed, 1 back in the schedule"
    listed = _listed(fast)["Starred talk"]
    assert (listed["id"], listed["status"], listed["starred"]) == (starred, "changed", True)
    assert fast.ok("note", starred).strip() == "front row"
    assert "[changed]" in fast.ok("list", "--starred", "--schedule", TITLE)
    assert _flags(fast)["Starred talk"] == ("changed", "back in the schedule")
    assert starred in fast.ok("list", "--search", "Starred talk")  # in the search index again
    # Imported again unchanged, it is simply scheduled: the flag says what the last update did.
    assert _import(fast, back) == f"updated {TITLE}: 0 changed, 0 new, 0 removed"
    assert _listed(fast)["Starred talk"]["status"] == "scheduled"


def test_a_talk_that_comes_back_at_another_time_says_both(fast: Planner) -> None:
    _import(fast, _schedule(*TALKS))
    noted = str(_listed(fast)["Noted talk"]["id"])
    fast.ok("note", noted, "bring questions")
    _import(fast, _schedule("Kept talk", "Starred talk"))
    assert _import(fast, _schedule(*TALKS, starts={"Noted talk": "15:00"})) == (
        f"updated {TITLE}: 1 changed, 0 new, 0 removed, 1 back in the schedule")
    flag, changes = _flags(fast)["Noted talk"]
    assert flag == "changed" and changes.startswith("back in the schedule, moved from ")
    assert fast.ok("note", noted).strip() == "bring questions"
