"""planner.services.refreshing: add by URL, refresh, and nothing changes on failure.

Here beside the network tests rather than in tests/services, for their local HTTP server
(tests/net/conftest.py).

The server plays a conference site whose schedule changes between requests and that
answers 304 when asked with the validators it handed out.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from planner.domain.errors import ScheduleError
from planner.formats import load
from planner.net import fetch
from planner.net.fetch import FetchCancelled, FetchError
from planner.services import adding, refreshing
from planner.store import Library, StoreError
from planner.store.library import Origin
from tests.conftest import SEED
from tests.net.conftest import MINI, SEED_BYTES, Server, seed_variant

SEED_KEY = "session-page:orals & spotlights track 34: deep learning"
TITLE = "Orals & Spotlights Track 34: Deep Learning"
STAMP = "Wed, 21 Oct 2015 07:28:00 GMT"


@pytest.fixture
def library(db_path: Path) -> Iterator[Library]:
    lib = Library(db_path)
    yield lib
    lib.close()


def _ids_by_number() -> dict[int, str]:
    return {e.number: e.id for e in load(SEED).events if e.number is not None}


def _state(library: Library) -> tuple[object, ...]:
    """Everything a failed refresh must leave alone."""
    return (
        library.schedules(), library.events(), library.statuses(), library.starred_ids(),
        library.notes(), [library.origin(i.key) for i in library.schedules()],
    )


def _add(server: Server, library: Library) -> str:
    url = server.serve("/track34.txt", SEED_BYTES, etag='"v1"', last_modified=STAMP)
    summary = adding.add(library, [url])[0].summary
    assert summary.created and str(summary) == f"added {TITLE}: 15 events"
    return url


def test_import_url_remembers_the_url_and_validators(server: Server, library: Library) -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    url = _add(server, library)
    origin = library.origin(SEED_KEY)
    assert origin is not None
    assert (origin.url, origin.etag, origin.last_modified) == (url, '"v1"', STAMP)
    assert datetime.fromisoformat(origin.refreshed_at) >= before
    (info,) = library.schedules()
    assert (info.url, info.source) == (url, url)
    assert library.events() == list(load(SEED).events)


def test_a_file_schedule_has_no_origin(library: Library) -> None:
    library.import_schedule(load(SEED))
    assert library.origin(SEED_KEY) is None
    with pytest.raises(StoreError, match="not added from a URL"):
        refreshing.refresh(library, SEED_KEY)
    with pytest.raises(StoreError, match="no schedule 'nope'"):
        library.origin("nope")
    with pytest.raises(StoreError, match="no schedule 'nope'"):
        library.set_origin("nope", "http://127.0.0.1/x")


def test_set_origin_round_trips(library: Library) -> None:
    library.import_schedule(load(SEED))
    library.set_origin(SEED_KEY, "https://example.org/s.txt", '"e"', STAMP, "2024-01-02T03:04:05+00:00")
    assert library.origin(SEED_KEY) == Origin("https://example.org/s.txt", '"e"', STAMP, "2024-01-02T03:04:05+00:00")
    assert refreshing.refreshable(library) == [SEED_KEY]


def test_unchanged_refresh_is_one_304_and_changes_nothing(server: Server, library: Library) -> None:
    _add(server, library)
    library.star([_ids_by_number()[1]])
    library.set_note(_ids_by_number()[1], "sit near the front")
    first = library.origin(SEED_KEY)
    assert first is not None
    before = _state(library)

    result = refreshing.refresh(library, SEED_KEY)
    assert result.unchanged and str(result) == f"{TITLE}: unchanged (304)"
    again = refreshing.refresh(library, SEED_KEY)
    assert again.unchanged

    requests = server.seen("/track34.txt")
    assert len(requests) == 3
    for seen in requests[1:]:  # both refreshes asked conditionally
        assert seen.headers["If-None-Match"] == '"v1"'
        assert seen.headers["If-Modified-Since"] == STAMP
    assert "If-None-Match" not in requests[0].headers  # the first import did not
    assert server.sent["/track34.txt"] == len(SEED_BYTES)  # the body went over the wire once
    after = _state(library)
    assert after[:-1] == before[:-1]  # events, stars, notes, statuses untouched
    origin = library.origin(SEED_KEY)
    assert origin is not None and (origin.url, origin.etag) == (first.url, first.etag)
    assert origin.refreshed_at >= first.refreshed_at  # only the refresh time moves


def test_a_changed_schedule_goes_through_the_update_path(server: Server, library: Library) -> None:
    url = _add(server, library)
    ids = _ids_by_number()
    library.star([ids[1], ids[13]])
    server.serve("/track34.txt", seed_variant(), etag='"v2"', last_modified="Thu, 22 Oct 2015 07:28:00 GMT")

    result = refreshing.refresh(library, SEED_KEY)
    assert not result.unchanged and result.summary is not None
    # Spotlight 13 renumbered as 14 is the same talk, and keeps its id and star.
    assert str(result) == f"updated {TITLE}: 4 changed, 0 new, 0 removed, 1 renumbered"
    assert server.seen("/track34.txt")[-1].headers["If-None-Match"] == '"v1"'
    assert library.starred_ids() == {ids[1], ids[13]}
    statuses = library.statuses()
    assert statuses[ids[1]][0] == "changed" and "title was" in statuses[ids[1]][1]
    assert statuses[ids[13]] == ("changed", "number was 13")
    assert library.event(ids[13]).number == 14
    origin = library.origin(SEED_KEY)
    assert origin is not None and (origin.url, origin.etag) == (url, '"v2"')

    # Asked again with the new validators: unchanged, and the flags stay for the attendee.
    assert refreshing.refresh(library, SEED_KEY).unchanged
    assert server.seen("/track34.txt")[-1].headers["If-None-Match"] == '"v2"'
    assert library.statuses() == statuses


def test_a_server_without_validators_is_downloaded_each_time(server: Server, library: Library) -> None:
    url = server.serve("/plain.txt", SEED_BYTES)
    adding.add(library, [url])
    result = refreshing.refresh(library, SEED_KEY)
    assert str(result) == f"updated {TITLE}: 0 changed, 0 new, 0 removed"
    headers = server.seen("/plain.txt")[-1].headers
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


def test_a_retitled_schedule_refreshes_in_place(server: Server, library: Library) -> None:
    """A new title gives a session page a new key; the refresh still updates this schedule."""
    _add(server, library)
    starred = _ids_by_number()[2]
    library.star([starred])
    renamed = SEED_BYTES.replace(b"## Orals & Spotlights Track 34: Deep Learning", b"## Track 34: Deep Learning", 1)
    server.serve("/track34.txt", renamed, etag='"v2"')
    result = refreshing.refresh(library, SEED_KEY)
    assert result.key == SEED_KEY and result.title == "Track 34: Deep Learning"
    assert [i.key for i in library.schedules()] == [SEED_KEY]
    assert library.starred_ids() == {starred}
    assert all(e.schedule == SEED_KEY for e in library.events())


@pytest.mark.parametrize(("reply", "error"), [
    ({"status": 500}, "HTTP 500 Internal Server Error"),
    ({"status": 404}, "HTTP 404 Not Found"),
    ({"body": b"<html><body>We moved!</body></html>"}, "not a .*schedule"),
    ({"body": SEED_BYTES, "stall_after": 500}, "timed out"),
    ({"length": 100 * 1024 * 1024, "stall_after": 0}, "the answer is 100 MB"),
    ({"body": b"## Broken\n### Schedule\nnot a time\n"}, "track34.txt: line 3:"),
])
def test_a_failed_refresh_leaves_the_library_as_it_was(
    server: Server, library: Library, reply: dict[str, Any], error: str
) -> None:
    _add(server, library)
    library.star([_ids_by_number()[3]])
    before = _state(library)
    server.serve("/track34.txt", **reply)
    with pytest.raises((FetchError, ScheduleError), match=error):
        refreshing.refresh(library, SEED_KEY, timeout=0.5)
    assert _state(library) == before  # refreshed_at included: a failure is not a refresh


def test_a_cancelled_refresh_leaves_the_library_as_it_was(server: Server, library: Library) -> None:
    _add(server, library)
    before = _state(library)
    server.serve("/track34.txt", seed_variant(), etag='"v2"', pace=(1024, 0.0))
    reads = 0

    def cancel_after_two_chunks() -> bool:
        nonlocal reads
        reads += 1
        return reads > 3

    with pytest.raises(FetchCancelled):
        refreshing.refresh(library, SEED_KEY, cancel=cancel_after_two_chunks)
    assert _state(library) == before


def test_the_window_split_fetch_on_a_worker_then_store(server: Server, library: Library) -> None:
    """What "Add from URL..." does: fetch() off the GUI thread, store() on it."""
    import threading

    url = server.serve("/mini.txt", MINI, etag='"m1"')
    got: list[fetch.Fetched] = []
    worker = threading.Thread(target=lambda: got.append(fetch.fetch(url)))
    worker.start()
    worker.join(5)
    result = refreshing.store(library, got[0])
    assert str(result) == "added Mini session: 1 event"
    origin = library.origin(result.key)
    assert origin is not None
    got2 = fetch.fetch(origin.url, etag=origin.etag, last_modified=origin.last_modified)
    assert got2.not_modified
    assert refreshing.store(library, got2, key=result.key).unchanged


def test_a_304_without_a_key_is_refused(library: Library) -> None:
    with pytest.raises(StoreError, match="not modified"):
        refreshing.store(library, fetch.Fetched("http://x/", "http://x/", True, None))


def test_due_for_refresh(server: Server, library: Library) -> None:
    _add(server, library)
    library.import_schedule(fetch.fetch(server.serve("/mini.txt", MINI)).schedule)  # type: ignore[arg-type]
    now = datetime.now(timezone.utc)
    assert refreshing.due_for_refresh(library, timedelta(hours=1), now=now) == []
    assert refreshing.due_for_refresh(library, timedelta(hours=1), now=now + timedelta(hours=2)) == [SEED_KEY]
    library.set_origin(SEED_KEY, server.url("/track34.txt"), refreshed_at="")
    assert refreshing.due_for_refresh(library, timedelta(days=365), now=now) == [SEED_KEY]


def test_offline_everything_stored_still_works(server: Server, library: Library) -> None:
    url = _add(server, library)
    library.star([_ids_by_number()[1]])
    server.close()
    assert len(library.events()) == 15
    assert len(library.events(starred=True)) == 1
    assert library.events(search="normalization")
    with pytest.raises(FetchError, match="connection refused"):
        refreshing.refresh(library, SEED_KEY, timeout=0.5)
    origin = library.origin(SEED_KEY)
    assert origin is not None and origin.url == url


GOOGLE_ICS = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n{events}END:VCALENDAR\r\n"
)


def _google(*events: tuple[str, str, str]) -> bytes:
    """A Google Calendar export of 2020 without a name: every such file gets one key."""
    return GOOGLE_ICS.format(events="".join(
        f"BEGIN:VEVENT\r\nUID:{uid}@google.com\r\nDTSTAMP:20200101T000000Z\r\nDTSTART:{start}\r\n"
        f"DURATION:PT1H\r\nSUMMARY:{title}\r\nEND:VEVENT\r\n" for uid, start, title in events)).encode()


def test_a_download_stored_under_another_key_remembers_its_url_on_its_own_schedule(
        server: Server, library: Library, tmp_path: Path) -> None:
    """The key the library stores a download under is not always the file's: a calendar
    sharing the key of another, but no talk, becomes a schedule of its own (under a key
    made free); its link must be remembered there, never on the other schedule."""
    iclr = tmp_path / "iclr.ics"
    iclr.write_bytes(_google(("i1", "20200427T230000Z", "ICLR Town"), ("i2", "20200428T160000Z", "Opening")))
    adding.add(library, [str(iclr)])
    url = server.serve("/team.ics", _google(("t1", "20200106T090000Z", "Weekly sync")), etag='"t1"')

    (added,) = adding.add(library, [url])

    assert added.summary.created and "shares no talk with iclr" in str(added)
    iclr_info, team_info = library.schedules()
    assert iclr_info.title == "iclr" and iclr_info.url == ""
    assert team_info.key == added.summary.key != iclr_info.key and team_info.url == url
    assert refreshing.refreshable(library) == [team_info.key]
    server.serve("/team.ics", _google(("t1", "20200106T090000Z", "Weekly sync"),
                                      ("t2", "20200113T090000Z", "Weekly sync")), etag='"t2"')
    result = refreshing.refresh(library, team_info.key)
    assert result.key == team_info.key and str(result).startswith("updated team: 0 changed, 1 new, 0 removed")
    assert [(i.title, i.event_count) for i in library.schedules()] == [("iclr", 2), ("team", 2)]


def _frab_xml(acronym: str) -> bytes:
    return (f'<?xml version="1.0"?><schedule><conference><acronym>{acronym}</acronym><title>DebConf 23</title>'
            '<time_zone_name>Asia/Kolkata</time_zone_name></conference><day date="2023-09-10"><room name="Kuthiran">'
            '<event guid="d1d1d1d1-0000-4000-8000-000000000001"><date>2023-09-10T11:30:00+05:30</date>'
            "<start>11:30</start><duration>00:45</duration><room>Kuthiran</room><title>Why Debian</title>"
            "<type>Talk</type></event></room></day></schedule>").encode()


def test_a_download_that_updates_a_schedule_under_its_old_name_remembers_its_url_there(
        server: Server, library: Library, tmp_path: Path) -> None:
    """debconf23 added from a file, then its download whose acronym is now dc23: the
    download updates it, and its link is remembered on it (the file's new key names no
    schedule)."""
    old = tmp_path / "debconf23.xml"
    old.write_bytes(_frab_xml("debconf23"))
    adding.add(library, [str(old)])
    url = server.serve("/schedule.xml", _frab_xml("dc23"))
    (added,) = adding.add(library, [url])
    assert not added.summary.created and added.summary.key == "pentabarf:debconf23"
    (info,) = [i for i in library.schedules() if i.title == "DebConf 23"]
    assert (info.key, info.url) == ("pentabarf:debconf23", url)
