"""A ``planner sync`` killed with SIGKILL half-way, then run again, against a real Radicale.

The library's crash tests kill a writer at random moments; this kills the sync itself
while it is writing to the server, which leaves the two sides apart: the server holds
what the killed process sent (most often including the write it was waiting on, which
Radicale finishes even though nobody reads the answer), the library only what it
recorded before dying. The next sync must bring the server to exactly My agenda, each
starred talk once, and the one after it must send nothing.

The kills are not timed by sleeping: the test watches the server through its own client
(and Radicale's log) and kills once some, not all, of the writes have landed. The server
is read back over plain HTTP (one REPORT) and icalendar, never through Planner.
"""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import pytest
from icalendar import Calendar

from planner.domain.model import Schedule
from planner.formats import load
from planner.services import syncing
from planner.store.open import open_library
from tests.net.test_caldav_sync import (
    ROOT,
    USER,
    Server,
    _http,
    hrefs,
    planner,
    planner_env,
    radicale,  # noqa: F401  (the ``server`` fixture)
)

pytest.importorskip("radicale")

# Radicale takes 25-40 ms a write here, so a first sync of 120 talks runs for seconds:
# room to kill it after a few writes and still have most of them ahead.
TALKS = 120
AFTER = 12  # writes seen before the kill: well in, far from the end
FIRST = datetime(2021, 6, 1, 8, 0, tzinfo=timezone(timedelta(hours=2)))


def many_talks(tmp_path: Path, *, later: timedelta = timedelta(0)) -> Schedule:
    """A session page of TALKS half-hour talks, all ``later`` than at first (the same talks)."""
    parts = ["## Everything at once\n### Schedule\n"]
    for n in range(TALKS):
        start = FIRST + later + timedelta(minutes=30 * n)
        end = start + timedelta(minutes=30)
        parts.append(f"{start.isoformat()} - {end.isoformat()}\n##### {n + 1} - Oral: Talk number {n + 1}\n"
                     f"Ada Lovelace\n\nWhat talk {n + 1} is about.\n")
    path = tmp_path / "many.txt"
    path.write_text("".join(parts), encoding="utf-8")
    return load(path)


def kill_when(db: Path, ready: Callable[[], bool]) -> None:
    """Start ``planner sync`` and SIGKILL it as soon as ``ready()`` says it is half-way."""
    child = subprocess.Popen([sys.executable, "-m", "planner", "--db", str(db), "sync"], cwd=ROOT, env=planner_env(),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not ready():
            # Polled: the sync offers nothing to wait on from outside, and the moment is set by what
            # the server has received, not by a clock.
            assert child.poll() is None, f"the sync ended before it was killed: {child.communicate()}"
            assert time.monotonic() < deadline, "the sync never got half-way"
            time.sleep(0.02)
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()  # a no-op after the SIGKILL; ends it should an assertion have stopped the loop
        child.communicate()
    assert child.returncode == -signal.SIGKILL


def sync_json(db: Path) -> dict[str, object]:
    result = planner(db, "sync", "--json")
    assert result.returncode == 0, result.stderr
    answer: dict[str, object] = json.loads(result.stdout)
    return answer


@pytest.mark.slow
def test_a_sync_killed_half_way_is_repaired_by_the_next(server: Server, tmp_path: Path) -> None:
    db = tmp_path / "library.sqlite3"
    with open_library(db, seed=False) as library:
        library.import_schedule(many_talks(tmp_path))
        talks = {e.id for e in library.events()}
        library.star(talks)
    assert len(talks) == TALKS
    assert planner(db, "sync", "setup", server.url, "--user", USER, "--alarm", "10").returncode == 0
    with open_library(db, seed=False) as library:
        acct = syncing.account(library)
    assert acct is not None
    calendar = acct.calendar_url

    # 1. Killed while adding: some talks are on the server, most are not yet.
    kill_when(db, lambda: len(hrefs(calendar)) >= AFTER)
    halfway = held(calendar)  # held() fails on a duplicate UID
    assert AFTER <= len(halfway) < TALKS and set(halfway) <= talks

    resumed = sync_json(db)
    # What the killed sync recorded is not sent again; the one write it was waiting on when
    # it died may have reached the server unrecorded, and is then written once more.
    assert resumed["kept"] == [] and resumed["added"] in (TALKS - len(halfway), TALKS - len(halfway) + 1)
    events = held(calendar)
    assert set(events) == talks and len(hrefs(calendar)) == TALKS  # each once, nothing else
    assert all(len(vevent.walk("VALARM")) == 1 for _, vevent in events.values())  # type: ignore[attr-defined]
    nothing_to_send(db, server, TALKS)

    # 2. The conference moves every talk an hour later: a sync of updates, each conditional
    # on the ETag the library remembers. The one the killed sync was waiting on is on the
    # server but not remembered, so the next sync's write fails (412) on our own copy,
    # which must not be taken for an edit made on the phone.
    with open_library(db, seed=False) as library:
        library.import_schedule(many_talks(tmp_path, later=timedelta(hours=1)))
        assert {e.id for e in library.events()} == talks  # the same talks, moved
    start = server.writes()
    kill_when(db, lambda: server.writes() >= start + AFTER)
    halfway = held(calendar)
    assert set(halfway) == talks and AFTER - 1 <= len(moved(halfway)) < TALKS

    resumed = sync_json(db)
    assert resumed["kept"] == [] and resumed["updated"] in (TALKS - len(moved(halfway)),
                                                            TALKS - len(moved(halfway)) + 1)
    events = held(calendar)
    assert set(events) == talks and len(hrefs(calendar)) == TALKS and moved(events) == talks
    assert {int(vevent["SEQUENCE"]) for _, vevent in events.values()} == {1}  # type: ignore[index]
    nothing_to_send(db, server, TALKS)

    # 3. Half of the talks are unstarred: a sync of deletions, killed half-way.
    with open_library(db, seed=False) as library:
        library.unstar(set(sorted(talks)[::2]))
        starred = {e.id for e in library.events(starred=True)}
    assert len(starred) == TALKS // 2
    # Watched in the server's log, not by asking it: Radicale answers a PROPFIND with 500 when
    # an object it has listed is deleted before it reads it (FileNotFoundError in its log).
    start = server.writes()
    kill_when(db, lambda: server.writes() >= start + AFTER)
    halfway = held(calendar)
    assert starred < set(halfway) < talks

    resumed = sync_json(db)
    assert resumed["kept"] == [] and resumed["deleted"] in (len(halfway) - len(starred),
                                                            len(halfway) - len(starred) + 1)
    events = held(calendar)
    assert set(events) == starred and len(hrefs(calendar)) == len(starred) and moved(events) == starred
    nothing_to_send(db, server, len(starred))


def nothing_to_send(db: Path, server: Server, unchanged: int) -> None:
    """A sync after the repair finds nothing to do, and not one write reaches the server."""
    before = server.writes()
    assert sync_json(db) == {"added": 0, "updated": 0, "cancelled": 0, "deleted": 0, "unchanged": unchanged,
                             "kept": [], "left_off": [], "replaced": [], "restored": []}
    assert server.writes() == before


def held(calendar_url: str) -> dict[str, tuple[str, object]]:
    """Event id -> (href, VEVENT) of every object in the calendar: test_caldav_sync's held(),
    in one REPORT instead of a GET per object, since it reads hundreds here, many times."""
    query = (b'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
             b'<D:prop><C:calendar-data/></D:prop><C:filter><C:comp-filter name="VCALENDAR"/></C:filter>'
             b"</C:calendar-query>")
    status, _, body = _http(calendar_url, "REPORT", query, {"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207
    found: dict[str, tuple[str, object]] = {}
    for response in ElementTree.fromstring(body).iter("{DAV:}response"):
        href = response.findtext("{DAV:}href", "")
        data = response.findtext(".//{urn:ietf:params:xml:ns:caldav}calendar-data")
        assert href.endswith(".ics") and data
        vevents = Calendar.from_ical(data).walk("VEVENT")
        assert len(vevents) == 1
        uid = str(vevents[0]["UID"])
        assert uid.endswith("@planner.invalid")  # Planner's, not something else
        event_id = uid.removesuffix("@planner.invalid")
        assert event_id not in found, "a duplicate"
        found[event_id] = (href, vevents[0])
    assert len(found) == len(hrefs(calendar_url))  # nothing the query left out
    return found


def moved(events: dict[str, tuple[str, object]]) -> set[str]:
    """The ids of the events the server holds at their new time (the number in the title says which talk)."""
    found = set()
    for event_id, (_, vevent) in events.items():
        number = int(re.search(r"(\d+)$", str(vevent["SUMMARY"])).group(1))  # type: ignore[index, union-attr]
        if vevent["DTSTART"].dt == FIRST + timedelta(hours=1, minutes=30 * (number - 1)):  # type: ignore[index]
            found.add(event_id)
    return found
