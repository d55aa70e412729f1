"""An event's status on the command line: a talk that left the schedule never looks on.

A schedule is imported, every talk starred, and an update removes one, moves one and
adds one. ``list`` marks them, ``list --json`` says ``status``, and ``now`` never offers
a removed or cancelled talk as on now or next.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import Planner, _write

BEFORE = """## Status session
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Kept talk
Ada Lovelace

2021-06-01T09:30:00+02:00 - 2021-06-01T10:00:00+02:00
##### 2 - Oral: Dropped talk
Grace Hopper

2021-06-01T10:00:00+02:00 - 2021-06-01T10:30:00+02:00
##### 3 - Oral: Moved talk
Alan Turing
"""

AFTER = """## Status session
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Kept talk
Ada Lovelace

2021-06-01T10:05:00+02:00 - 2021-06-01T10:35:00+02:00
##### 3 - Oral: Moved talk
Alan Turing

2021-06-01T11:00:00+02:00 - 2021-06-01T11:30:00+02:00
##### 4 - Oral: Added talk
Barbara Liskov
"""

DURING_DROPPED = "2021-06-01T09:45:00+02:00"  # the dropped talk's old slot


@pytest.fixture
def fast(tmp_path: Path) -> Planner:
    return Planner(tmp_path, in_process=True)


@pytest.fixture
def updated(fast: Planner) -> dict[str, str]:
    """Title -> id after the update; every talk of the first version is starred."""
    fast.ok("import", str(_write(fast.tmp / "status.txt", BEFORE)))
    ids = {e["title"]: e["id"] for e in fast.json("list", "--schedule", "Status session")["events"]}
    fast.ok("star", *ids.values())
    assert fast.ok("import", str(_write(fast.tmp / "status.txt", AFTER))).startswith(
        "updated Status session: 1 changed, 1 new, 1 removed (1 starred)")
    return {e["title"]: e["id"] for e in fast.json("list", "--schedule", "Status session")["events"]}


def test_list_json_says_each_events_status(fast: Planner, updated: dict[str, str]) -> None:
    listed = {e["title"]: e for e in fast.json("list", "--schedule", "Status session")["events"]}
    assert {title: e["status"] for title, e in listed.items()} == {
        "Kept talk": "scheduled", "Dropped talk": "removed", "Moved talk": "changed", "Added talk": "new",
    }
    assert listed["Dropped talk"]["starred"] is True  # still starred: the attendee decides
    # The bundled session was never updated: all scheduled.
    assert {e["status"] for e in fast.json("list", "--schedule", "Orals")["events"]} == {"scheduled"}


def test_list_marks_what_is_not_simply_scheduled(fast: Planner, updated: dict[str, str]) -> None:
    lines = {line.split()[0]: line for line in fast.ok("list", "--schedule", "Status session").splitlines()}
    assert "[removed] Oral 2: Dropped talk" in lines[updated["Dropped talk"]]
    assert "[changed] Oral 3: Moved talk" in lines[updated["Moved talk"]]
    assert "[new] Oral 4: Added talk" in lines[updated["Added talk"]]
    assert "[" not in lines[updated["Kept talk"]]
    starred = fast.ok("list", "--starred", "--schedule", "Status session")
    assert "[removed] Oral 2: Dropped talk" in starred


def test_now_never_offers_a_removed_talk(fast: Planner, updated: dict[str, str]) -> None:
    found = fast.json("now", "--at", DURING_DROPPED)
    assert found["now"] == []
    assert [e["id"] for e in found["next"]][:1] == [updated["Moved talk"]]
    assert all(e["status"] in ("scheduled", "new", "changed") for e in found["next"])
    text = fast.ok("now", "--at", DURING_DROPPED)
    assert "Dropped talk" not in text and text.startswith("Now: nothing")
    assert "[changed] Oral 3: Moved talk" in text
    # Before the dropped talk's slot, it is not offered as next either.
    early = fast.json("now", "--at", "2021-06-01T09:10:00+02:00")
    assert updated["Dropped talk"] not in [e["id"] for e in early["now"] + early["next"]]


CALENDAR = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Test//Status//EN\r
X-WR-CALNAME:Status calendar\r
BEGIN:VEVENT\r
UID:kept@status.example\r
DTSTAMP:20210101T000000Z\r
DTSTART:20210601T070000Z\r
DTEND:20210601T073000Z\r
SUMMARY:Kept talk\r
{kept}END:VEVENT\r
BEGIN:VEVENT\r
UID:next@status.example\r
DTSTAMP:20210101T000000Z\r
DTSTART:20210601T080000Z\r
DTEND:20210601T083000Z\r
SUMMARY:Next talk\r
END:VEVENT\r
END:VCALENDAR\r
"""


def test_a_cancelled_talk_is_marked_counted_and_never_on(fast: Planner) -> None:
    path = fast.tmp / "status.ics"
    path.write_bytes(CALENDAR.format(kept="").encode())
    fast.ok("import", str(path))
    ids = {e["title"]: e["id"] for e in fast.json("list", "--schedule", "Status calendar")["events"]}
    fast.ok("star", *ids.values())
    path.write_bytes(CALENDAR.format(kept="STATUS:CANCELLED\r\n").encode())
    assert fast.ok("import", str(path)).startswith("updated Status calendar: 1 changed, 0 new, 0 removed, 1 cancelled")
    statuses = {e["id"]: e["status"] for e in fast.json("list", "--schedule", "Status calendar")["events"]}
    assert statuses == {ids["Kept talk"]: "cancelled", ids["Next talk"]: "scheduled"}
    assert "[cancelled] Talk: Kept talk" in fast.ok("list", "--schedule", "Status calendar")
    during = fast.json("now", "--at", "2021-06-01T07:10:00+00:00")
    assert during["now"] == [] and [e["id"] for e in during["next"]] == [ids["Next talk"]]
    assert "Kept talk" not in fast.ok("now", "--at", "2021-06-01T07:10:00+00:00")


def test_the_json_contract_in_the_readme_names_every_status() -> None:
    from planner.domain.status import EventStatus

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    contract = readme.split("JSON contract", 1)[1].split("\n## ", 1)[0]
    assert "`status`" in contract
    for status in EventStatus:
        assert f'"{status.value}"' in contract, status
